//! Reading a CSV export's records straight from the file's bytes, for CP932 and UTF-8 files,
//! instead of decoding all of the text first.
//!
//! In both encodings the bytes a CSV reader looks for (`"`, `,`, CR, LF) are ASCII and never part
//! of a longer character: a CP932 character's second byte is 0x40 or more, a UTF-8 one's 0x80 or
//! more. So a file splits into the same records and cells as its decoded text does. Each cell is
//! then decoded on its own: an ASCII cell (a date, an amount) is already text, and any other cell
//! is decoded strictly, once for each distinct text, because a history repeats the same few hundred
//! descriptions. A byte that is not text still stops the file, on its own line.

use std::collections::HashMap;

use csv::{ByteRecord, StringRecord};
use encoding_rs::{DecoderResult, Encoding, UTF_8};

/// Decodes the cells of records read as bytes.
#[derive(Debug)]
pub(crate) struct RawCells {
    encoding: &'static Encoding,
    /// Each non-ASCII cell of a CP932 file decoded, by its bytes. foldhash is seeded per map, so a
    /// file cannot be written to collide.
    /// With each, how many characters it holds that CP932 cannot name (see
    /// [`super::decode::placeholders`]), counted once per text.
    decoded: HashMap<Box<[u8]>, (Box<str>, usize), foldhash::fast::RandomState>,
    /// Those characters in the record last decoded.
    pub(crate) placeholders: usize,
    /// The record as read, before its cells are decoded.
    pub(crate) bytes: ByteRecord,
}

/// A cell whose bytes are not text in the file's encoding: `newlines_before` line ends of the
/// record come before its first bad byte.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadCell {
    pub(crate) newlines_before: usize,
}

impl RawCells {
    /// Texts remembered at most; past that the memory starts afresh, so a file of all-different
    /// texts costs no more than decoding each once.
    const MAX_TEXTS: usize = 4_096;

    /// Whether a file in `encoding` can be read this way: only where the CSV bytes are ASCII and
    /// never inside a character.
    pub(crate) fn reads(encoding: &'static Encoding) -> bool {
        encoding == UTF_8 || encoding == encoding_rs::SHIFT_JIS
    }

    /// Decodes cells of `encoding`, one of those [`RawCells::reads`].
    pub(crate) fn new(encoding: &'static Encoding) -> Self {
        RawCells {
            encoding,
            decoded: HashMap::default(),
            placeholders: 0,
            bytes: ByteRecord::new(),
        }
    }

    /// The file's encoding.
    pub(crate) fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// Writes the cells of [`RawCells::bytes`] into `record`, decoded.
    pub(crate) fn decode_into(&mut self, record: &mut StringRecord) -> Result<(), BadCell> {
        record.clear();
        record.set_position(self.bytes.position().cloned());
        self.placeholders = 0;
        for (index, cell) in self.bytes.iter().enumerate() {
            // Line ends are counted only for an error: most rows have none.
            let bad = |at: usize| {
                let before: usize = (self.bytes.iter().take(index))
                    .map(|cell| memchr::memchr_iter(b'\n', cell).count())
                    .sum();
                BadCell {
                    newlines_before: before + memchr::memchr_iter(b'\n', &cell[..at]).count(),
                }
            };
            if cell.is_ascii() || self.encoding == UTF_8 {
                match std::str::from_utf8(cell) {
                    Ok(text) => record.push_field(text),
                    Err(error) => return Err(bad(error.valid_up_to())),
                }
            } else if let Some((text, placeholders)) = self.decoded.get(cell) {
                record.push_field(text);
                self.placeholders += placeholders;
            } else {
                let text = decode_strictly(self.encoding, cell).map_err(bad)?;
                record.push_field(&text);
                let placeholders = super::decode::placeholders(&text);
                self.placeholders += placeholders;
                if self.decoded.len() >= Self::MAX_TEXTS {
                    self.decoded.clear();
                }
                self.decoded
                    .insert(cell.into(), (text.into_boxed_str(), placeholders));
            }
        }
        Ok(())
    }
}

/// `bytes` decoded, or the offset of the first byte that is not text.
fn decode_strictly(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    match decoder.decode_to_string_without_replacement(bytes, &mut text, true) {
        (DecoderResult::InputEmpty, _) => Ok(text),
        (DecoderResult::Malformed(bad, after), read) => {
            Err(read.saturating_sub(usize::from(bad) + after as usize))
        }
        // The text was sized for every byte; should it still be short, the cell is refused
        // rather than cut.
        (DecoderResult::OutputFull, read) => Err(read),
    }
}

#[cfg(test)]
mod tests {
    use super::{BadCell, RawCells};
    use csv::{ByteRecord, StringRecord};
    use encoding_rs::{SHIFT_JIS, UTF_8};

    fn decoded(
        encoding: &'static encoding_rs::Encoding,
        cells: &[&[u8]],
    ) -> Result<Vec<String>, BadCell> {
        let mut raw = RawCells::new(encoding);
        raw.bytes = ByteRecord::from(cells.to_vec());
        let mut record = StringRecord::new();
        raw.decode_into(&mut record)?;
        Ok(record.iter().map(str::to_owned).collect())
    }

    #[test]
    fn cp932_cells_are_decoded_and_ascii_cells_kept() {
        let (text, _, _) = SHIFT_JIS.encode("ﾄﾞｺﾓｺｳｻﾞ");
        let cells: &[&[u8]] = &[b"2020/09/04", b"10,000", &text, &text, b""];
        assert_eq!(
            decoded(SHIFT_JIS, cells).unwrap(),
            ["2020/09/04", "10,000", "ﾄﾞｺﾓｺｳｻﾞ", "ﾄﾞｺﾓｺｳｻﾞ", ""]
        );
        // 0x5C in CP932 is decoded as the whole-file decoder decodes it.
        let (yen, _, _) = SHIFT_JIS.encode("ソ\\1,000");
        assert_eq!(decoded(SHIFT_JIS, &[&yen]).unwrap(), ["ソ\\1,000"]);
    }

    #[test]
    fn bytes_that_are_not_text_name_the_line_end_before_them() {
        // Half a CP932 character after a line break inside a quoted cell.
        let cells: &[&[u8]] = &[b"a\nb", b"c\n\x82\xA0\n\x81"];
        assert_eq!(
            decoded(SHIFT_JIS, cells),
            Err(BadCell { newlines_before: 3 })
        );
        // A remembered text is still checked the first time it is seen.
        let mut raw = RawCells::new(SHIFT_JIS);
        raw.bytes = ByteRecord::from(vec![&b"\x82\xA0"[..]]);
        raw.decode_into(&mut StringRecord::new()).unwrap();
        raw.bytes = ByteRecord::from(vec![&b"\x82"[..]]);
        assert!(raw.decode_into(&mut StringRecord::new()).is_err());
    }

    #[test]
    fn utf8_cells_are_checked_and_never_read_as_cp932() {
        assert_eq!(decoded(UTF_8, &["摘要".as_bytes()]).unwrap(), ["摘要"]);
        assert_eq!(
            decoded(UTF_8, &[b"\n\xE3\x81"]),
            Err(BadCell { newlines_before: 1 })
        );
        // The UTF-8 bytes of ア are CP932 text too, but not ア.
        assert_eq!(decoded(SHIFT_JIS, &["ア".as_bytes()]).unwrap(), ["繧｢"]);
    }

    #[test]
    fn the_memory_of_texts_stays_bounded() {
        let mut raw = RawCells::new(SHIFT_JIS);
        let mut record = StringRecord::new();
        for n in 0..10_000u32 {
            let written = format!("ｱ{n}");
            let (text, _, _) = SHIFT_JIS.encode(&written);
            raw.bytes = ByteRecord::from(vec![text.to_vec()]);
            raw.decode_into(&mut record).unwrap();
            assert_eq!(&record[0], format!("ｱ{n}"));
        }
        assert!(raw.decoded.len() <= RawCells::MAX_TEXTS);
    }
}
