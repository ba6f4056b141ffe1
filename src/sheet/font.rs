//! The Japanese font for the PDF, found on the system rather than shipped in the binary: Noto
//! Sans CJK on Debian and Ubuntu, Hiragino on macOS, Yu Gothic or Meiryo on Windows. The PDF
//! embeds only the glyphs it uses.

use thiserror::Error;

/// Families tried in order: the first one installed is used.
const FAMILIES: &[&str] = &[
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
];

/// A font file's bytes and the face in it (a `.ttc` holds several).
#[derive(Clone)]
pub struct JapaneseFont {
    /// The family found.
    pub family: String,
    /// The file's bytes.
    pub data: std::sync::Arc<Vec<u8>>,
    /// The face's index in the file.
    pub index: u32,
}

impl std::fmt::Debug for JapaneseFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JapaneseFont")
            .field("family", &self.family)
            .field("bytes", &self.data.len())
            .field("index", &self.index)
            .finish()
    }
}

/// No Japanese font is installed.
#[derive(Debug, Error)]
#[error(
    "no Japanese font was found on this computer (looked for {}). On Debian or Ubuntu, install one with: sudo apt-get install fonts-noto-cjk",
    FAMILIES.join(", ")
)]
pub struct FontError;

/// Finds the first installed family of `FAMILIES`, regular weight.
pub fn find_japanese_font() -> Result<JapaneseFont, FontError> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    for family in FAMILIES {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight: fontdb::Weight::NORMAL,
            ..fontdb::Query::default()
        };
        let Some(id) = db.query(&query) else { continue };
        if let Some((data, index)) = db.with_face_data(id, |data, index| (data.to_vec(), index)) {
            return Ok(JapaneseFont {
                family: (*family).to_owned(),
                data: std::sync::Arc::new(data),
                index,
            });
        }
    }
    Err(FontError)
}
