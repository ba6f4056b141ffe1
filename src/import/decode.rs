//! Turns a file's bytes into text: a byte-order mark wins, then UTF-8, then CP932.
//!
//! Japanese bank exports are almost always Shift_JIS (read as Microsoft's CP932, which every bank's
//! Shift_JIS export fits); spreadsheets re-save them as UTF-8 with a BOM; some tools write UTF-16.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};

/// The encoding a file declares at its start, where its format has a place for one: an OFX 1.x
/// header's `ENCODING` and `CHARSET`, or an XML prolog's `encoding` (OFX 2.x, camt.053). `None`
/// when it declares none, or one that leaves the bytes to be recognised (OFX's `CSUNICODE`).
pub fn declared(prefix: &[u8]) -> Option<&'static Encoding> {
    let head = &prefix[..prefix.len().min(1024)];
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start();
    if head.starts_with("OFXHEADER") {
        let value = |key: &str| {
            head.lines()
                .take_while(|line| !line.trim_start().starts_with('<'))
                .find_map(|line| line.trim().strip_prefix(key)?.strip_prefix(':'))
                .map(|value| value.trim().to_ascii_uppercase())
        };
        return match (value("ENCODING").as_deref(), value("CHARSET").as_deref()) {
            (Some("UTF-8" | "UTF8"), _) => Some(UTF_8),
            (_, Some("1252" | "ISO-8859-1" | "8859-1")) => latin_unless_japanese(prefix),
            (_, Some("932" | "SHIFT_JIS" | "SHIFT-JIS" | "SJIS" | "CP932")) => Some(SHIFT_JIS),
            _ => None,
        };
    }
    let prolog = head.strip_prefix("<?xml")?;
    let prolog = &prolog[..prolog.find("?>")?];
    let label = prolog.split("encoding=").nth(1)?;
    let quote = label.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = label[1..].split(quote).next()?;
    // A prolog readable as ASCII cannot be UTF-16: such a label is left to the byte-order mark.
    match Encoding::for_label(label.trim().as_bytes()).filter(|e| e.is_ascii_compatible())? {
        latin if latin == encoding_rs::WINDOWS_1252 => latin_unless_japanese(prefix),
        declared => Some(declared),
    }
}

/// Windows-1252 for a file that declares it (or Latin-1), unless its bytes read as UTF-8 or CP932.
///
/// Japanese exports often keep a header written for Western software (`CHARSET:1252`) above text
/// in CP932: half-width kana are single bytes that 1252 would read as accented Latin letters, and
/// `ﾄﾞｺﾓｺｳｻﾞ` would become `ÄÞºÓº³»Þ`, a top-up no one could recognise. So the declaration is
/// believed only when the bytes are neither.
fn latin_unless_japanese(prefix: &[u8]) -> Option<&'static Encoding> {
    // Up to the last line end, so a character cut off at the end of the prefix does not count.
    let whole = memchr::memrchr(b'\n', prefix).map_or(prefix, |end| &prefix[..=end]);
    let japanese = std::str::from_utf8(whole).is_ok()
        || SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(whole)
            .is_some();
    (!japanese).then_some(encoding_rs::WINDOWS_1252)
}

/// A note when CP932 decoding left private-use placeholders: the bytes 0xF040–0xF9FC, which are
/// user-defined in CP932 but JIS X 0213 kanji in Shift_JIS-2004 (MUFG's label for its export).
///
/// The other differences between the two are harmless here: 0x815F ＼, 0x8160 ～, 0x8161 ∥,
/// 0x817C －, 0x8191 ￠, 0x8192 ￡ and 0x81CA ￢ decode to look-alikes of the Shift_JIS-2004
/// characters (〜 ‖ − ¢ £ ¬), which normalisation folds where it matters (the long vowel of
/// `カ−ド`). 0xFA40–0xFC4B decode to IBM extension kanji instead of JIS X 0213 ones, which cannot
/// be detected; bank text on passbooks is katakana and Latin, never those kanji.
pub(crate) fn placeholders(text: &str) -> usize {
    // U+E000–U+F8FF are EE 80 80 – EF A3 BF in UTF-8: a lead byte EE, or EF before at most A3.
    // Half-width katakana, on nearly every row, are EF BD xx and EF BE xx: so only lead bytes
    // are looked at, never the characters of every text.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xEE, 0xEF, bytes)
        .filter(|&at| bytes[at] == 0xEE || bytes.get(at + 1).is_some_and(|&next| next <= 0xA3))
        .count()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::super::stream::{read_failed, sniff, DecodingReader};
    use super::super::ImportError;

    /// The text of `bytes` as the importer decodes a file, without the line end it adds to a
    /// last line that has none.
    fn decode(
        file: &str,
        bytes: &[u8],
        chosen: Option<&'static encoding_rs::Encoding>,
    ) -> Result<String, ImportError> {
        let (encoding, bom) = sniff(bytes, chosen);
        let mut text = String::new();
        DecodingReader::new(&bytes[bom..], encoding)
            .read_to_string(&mut text)
            .map_err(|error| read_failed(file, &error))?;
        if !bytes.ends_with(b"\n") {
            text.pop();
        }
        Ok(text)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("a.csv", "取引日".as_bytes(), None).unwrap(),
            "取引日"
        );
        assert_eq!(decode("a.csv", b"\xEF\xBB\xBFabc", None).unwrap(), "abc");
    }

    #[test]
    fn cp932_when_not_utf8() {
        // 取引日 in Shift_JIS.
        assert_eq!(
            decode("a.csv", b"\x8E\xE6\x88\xF8\x93\xFA", None).unwrap(),
            "取引日"
        );
    }

    #[test]
    fn utf16_with_bom() {
        assert_eq!(decode("a.csv", b"\xFF\xFEa\x00b\x00", None).unwrap(), "ab");
        assert_eq!(decode("a.csv", b"\xFE\xFF\x00a\x00b", None).unwrap(), "ab");
    }

    #[test]
    fn a_chosen_encoding_wins_over_detection() {
        // ｱ in Shift_JIS is 0xB1; as UTF-8 detection would refuse it, as Shift_JIS it reads.
        assert_eq!(
            decode("a.csv", b"\xB1", Some(encoding_rs::SHIFT_JIS)).unwrap(),
            "ｱ"
        );
        // Valid UTF-8 read as the chosen Shift_JIS gives Shift_JIS's reading, not UTF-8's.
        assert_ne!(
            decode("a.csv", "取引日".as_bytes(), Some(encoding_rs::SHIFT_JIS))
                .ok()
                .as_deref(),
            Some("取引日")
        );
    }

    #[test]
    fn shift_jis_2004_symbols_read_as_their_cp932_look_alikes_and_fold_together() {
        use crate::normalize::normalize;
        // MUFG's カ−ド: 0x817C is − (U+2212) in Shift_JIS-2004 and － (U+FF0D) in CP932.
        let card = decode("m.csv", b"\x83\x4a\x81\x7c\x83\x68", None).unwrap();
        assert_eq!(card, "カ－ド");
        assert_eq!(normalize(&card), normalize("カ−ド"));
        assert_eq!(normalize(&card), "カード");
        // 0x8160 is 〜 (U+301C) in Shift_JIS-2004 and ～ (U+FF5E) in CP932: both fold to ー.
        assert_eq!(decode("m.csv", b"\x81\x60", None).unwrap(), "～");
        assert_eq!(normalize("～"), normalize("〜"));
        for (bytes, cp932) in [
            (b"\x81\x5f", "＼"),
            (b"\x81\x61", "∥"),
            (b"\x81\x91", "￠"),
            (b"\x81\x92", "￡"),
            (b"\x81\xca", "￢"),
        ] {
            assert_eq!(decode("m.csv", bytes, None).unwrap(), cp932);
        }
    }

    #[test]
    fn jis_x_0213_kanji_show_as_placeholders_and_are_counted() {
        use super::placeholders;
        let text = decode("m.csv", b"ok\nok\n\xf0\x40\xf0\x41", None).unwrap();
        assert_eq!(text, "ok\nok\n\u{E000}\u{E001}");
        assert_eq!(placeholders(&text), 2);
        assert_eq!(placeholders("ﾄﾞｺﾓｺｳｻﾞ"), 0);
        // The edges of the private-use area, and the compatibility kanji just past it.
        assert_eq!(placeholders("\u{D7FF}\u{E000}ｱ\u{F8FF}\u{F900}\u{FFFD}"), 2);
    }

    #[test]
    fn bad_bytes_name_their_line() {
        // Line 2 ends in a lone Shift_JIS lead byte.
        let err = decode("bad.csv", b"ok\nbad\x81", None).unwrap_err();
        assert_eq!(err.to_string(), "bad.csv: line 2: the text is not valid Shift_JIS (CP932); choose the file's encoding by hand if it is another");
    }
}

#[cfg(test)]
mod declared_tests {
    use super::declared;

    #[test]
    fn ofx_headers_and_xml_prologs_say_their_encoding() {
        let ofx = |encoding: &str, charset: &str| {
            let header = format!(
                "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nENCODING:{encoding}\r\nCHARSET:{charset}\r\n\r\n<OFX>"
            );
            declared(header.as_bytes()).map(|e| e.name())
        };
        assert_eq!(ofx("UTF-8", "CSUNICODE"), Some("UTF-8"));
        // An ASCII file reads the same either way; a kana byte makes it CP932 whatever it says.
        assert_eq!(ofx("USASCII", "1252"), None);
        let latin = b"OFXHEADER:100\r\nENCODING:USASCII\r\nCHARSET:1252\r\n<OFX><NAME>CAF\xE9\r\n";
        assert_eq!(declared(latin).map(|e| e.name()), Some("windows-1252"));
        let kana =
            b"OFXHEADER:100\r\nENCODING:USASCII\r\nCHARSET:1252\r\n<OFX><MEMO>\xC4\xDE\xBA\xD3\r\n";
        assert_eq!(declared(kana), None);
        assert_eq!(ofx("USASCII", "932"), Some("Shift_JIS"));
        assert_eq!(ofx("USASCII", "NONE"), None);
        let xml = |label: &str| {
            declared(format!("<?xml version=\"1.0\" encoding={label}?><Document/>").as_bytes())
                .map(|e| e.name())
        };
        assert_eq!(xml("\"Shift_JIS\""), Some("Shift_JIS"));
        assert_eq!(xml("'utf-8'"), Some("UTF-8"));
        assert_eq!(xml("\"UTF-16\""), None);
        assert_eq!(declared(b"date,amount\n"), None);
    }
}
