//! Text for a terminal: a statement's description, a file's name or an error message can carry
//! control characters, and a terminal obeys them. An escape sequence can rewrite what is on the
//! screen (hide the line of a theft, fake an "all clear"), set the window's title, or write to the
//! clipboard; a carriage return can print over a line; bidirectional overrides can reorder digits.
//!
//! Everything the CLI prints goes through one of these, so each such character is shown as a
//! Rust-style escape (`\u{1b}`, `\r`) instead: visible, and harmless.

use std::borrow::Cow;

/// Whether `c` changes how a terminal shows the text around it: every C0 and C1 control and
/// DEL (`char::is_control`), and the Unicode bidirectional marks, embeddings, overrides and
/// isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control character escaped, newlines and tabs too: for one field (a
/// description, a file name) that must stay on its own line.
///
/// ```
/// use kouza_guard::output::terminal::escape;
/// assert_eq!(escape("ﾄﾞｺﾓｺｳｻﾞ"), "ﾄﾞｺﾓｺｳｻﾞ");
/// assert_eq!(escape("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\nc");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_unless(text, |_| false)
}

/// `text` with every control character escaped except its own line breaks and tabs: for whole
/// lines of output (a report, an error message).
///
/// ```
/// use kouza_guard::output::terminal::escape_lines;
/// assert_eq!(escape_lines("one\ntwo\r\u{9b}31m"), "one\ntwo\\r\\u{9b}31m");
/// ```
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_unless(text, |c| c == '\n' || c == '\t')
}

/// JSON for a terminal: serde_json escapes C0 controls but writes C1 controls and bidirectional
/// marks as they are. Those are written as JSON's own `\uXXXX` escapes, so the JSON reads back to
/// exactly the same values. (Outside strings JSON has only ASCII, so only strings are touched.)
///
/// ```
/// use kouza_guard::output::terminal::json;
/// let text = serde_json::to_string("a\u{9b}b").unwrap();
/// assert_eq!(json(&text), r#""a\u009bb""#);
/// ```
pub fn json(text: &str) -> Cow<'_, str> {
    // Every such character is in the Basic Multilingual Plane: one \uXXXX each.
    escaped(
        text,
        |_| false,
        |c, out| out.push_str(&format!("\\u{:04x}", u32::from(c))),
    )
}

/// Writes `value` as one line of JSON to `out`, escaped as [`json`] escapes it, while it is
/// serialised: a scan's report runs to megabytes, and building it as one string first cost a
/// tenth of the scan's time in growing and copying it.
pub fn write_json(
    out: &mut impl std::io::Write,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut safe = TerminalSafe {
        out: &mut *out,
        held: Vec::new(),
    };
    {
        // serde_json writes a few bytes at a time: they are gathered, then looked at in blocks.
        // Looking at each string it wrote on its own was a third of the writing.
        let mut gathered = std::io::BufWriter::with_capacity(64 * 1024, &mut safe);
        serde_json::to_writer(&mut gathered, value).map_err(std::io::Error::other)?;
        gathered.flush()?;
    }
    safe.finish()?;
    out.write_all(b"\n")
}

/// Serialised JSON on its way out, escaped as [`json`] escapes it, whole characters at a time.
/// Outside its strings JSON has only ASCII, and inside them serde_json has escaped the C0
/// controls, so every character this escapes is inside a string, where `\uXXXX` stands for it.
struct TerminalSafe<W> {
    out: W,
    /// The first bytes of a character whose last ones the next write brings.
    held: Vec<u8>,
}

impl<W: std::io::Write> TerminalSafe<W> {
    /// Writes what is held: only a write cut short inside a character leaves anything.
    fn finish(&mut self) -> std::io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.out.write_all(&held)
    }
}

impl<W: std::io::Write> std::io::Write for TerminalSafe<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let joined;
        let all = match self.held.is_empty() {
            true => bytes,
            false => {
                joined = [std::mem::take(&mut self.held).as_slice(), bytes].concat();
                &joined
            }
        };
        let whole = whole_characters(all);
        self.held.extend_from_slice(&all[whole..]);
        let text = std::str::from_utf8(&all[..whole])
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        self.out.write_all(json(text).as_bytes())?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// How many of UTF-8 `bytes` are whole characters: all but the first bytes of a last character
/// that is cut short.
fn whole_characters(bytes: &[u8]) -> usize {
    let length = bytes.len();
    for back in 1..=length.min(4) {
        let lead = bytes[length - back];
        // Continuation bytes are 10xxxxxx; the first other byte back starts the last character.
        if lead & 0xC0 != 0x80 {
            let needs = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            return if needs > back { length - back } else { length };
        }
    }
    length
}

/// Whether UTF-8 `bytes` may hold a character [`is_unsafe`] finds: a byte below 0x20 or DEL, or
/// the start of a C1 control (C2 80–9F), of U+061C (D8 9C), or of a bidirectional mark (E2 80 8E,
/// 8F, AA–AE; E2 81 A6–A9). False means there is none; true, that the characters must be looked
/// at.
fn may_hold_unsafe(bytes: &[u8]) -> bool {
    // First every byte that may start one, in blocks, each looked at whole without a branch per
    // byte so that the compiler uses vector instructions: most text has none of them. Byte by
    // byte with an early exit, this check was half of writing a scan's report.
    let control = |b: u8| (b < 0x20) | (b == 0x7F);
    let suspect = |b: u8| control(b) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2);
    if !(bytes.chunks(32)).any(|block| block.iter().fold(false, |any, &b| any | suspect(b))) {
        return false;
    }
    let next = |at: usize, offset: usize| bytes.get(at + offset).copied().unwrap_or(0);
    bytes.iter().any(|&b| control(b))
        || memchr::memchr3_iter(0xC2, 0xD8, 0xE2, bytes).any(|at| match bytes[at] {
            0xC2 => (0x80..=0x9F).contains(&next(at, 1)),
            0xD8 => next(at, 1) == 0x9C,
            _ => match next(at, 1) {
                0x80 => matches!(next(at, 2), 0x8E | 0x8F | 0xAA..=0xAE),
                0x81 => (0xA6..=0xA9).contains(&next(at, 2)),
                _ => false,
            },
        })
}

fn escape_unless(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    escaped(text, keep, |c, out| out.extend(c.escape_default()))
}

/// `text` with each unsafe character not kept written by `escape`. A scan's JSON runs to
/// megabytes: the bytes are looked at first, and the text decoded only if they may hold one.
fn escaped(
    text: &str,
    keep: impl Fn(char) -> bool,
    escape: impl Fn(char, &mut String),
) -> Cow<'_, str> {
    let escapes = |c: char| is_unsafe(c) && !keep(c);
    if !may_hold_unsafe(text.as_bytes()) || !text.chars().any(escapes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escapes(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in ["振替 ﾄﾞｺﾓｺｳｻﾞ", "-¥100,000", "ＰａｙＰａｙ", "", "a\\b"]
        {
            assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
            assert!(matches!(escape_lines(text), Cow::Borrowed(t) if t == text));
            assert!(matches!(json(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn every_control_character_is_shown_not_obeyed() {
        let hostile = "\u{1b}]0;title\u{7}\u{1b}[2J\r\u{8}\u{7f}\u{9b}31m\u{85}\u{0}";
        let shown = escape(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert_eq!(
            shown,
            "\\u{1b}]0;title\\u{7}\\u{1b}[2J\\r\\u{8}\\u{7f}\\u{9b}31m\\u{85}\\u{0}"
        );
    }

    /// The byte check before decoding never lets an unsafe character through: every character
    /// that is unsafe is one the byte check stops at, and ordinary text passes it.
    #[test]
    fn the_byte_check_misses_no_unsafe_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("¥x{c}y");
            if is_unsafe(c) {
                assert!(may_hold_unsafe(text.as_bytes()), "U+{:04X}", u32::from(c));
                assert!(
                    matches!(json(&text), Cow::Owned(_)),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        assert!(!may_hold_unsafe(
            "-¥100,000 ﾄﾞｺﾓｺｳｻﾞ “PayPay” – 口座".as_bytes()
        ));
    }

    /// Written while serialised, the JSON is what escaping the whole serialised text gives.
    #[test]
    fn json_written_as_it_is_serialised_is_escaped_as_the_whole_text_is() {
        let value = serde_json::json!({
            "text": "a\u{9b}b\u{202e}c\n\"d\u{7f}\u{1b}[2J ﾄﾞｺﾓｺｳｻﾞ ¥100",
            "list": ["\u{2066}", "plain", "\u{85}"],
        });
        let mut written = Vec::new();
        write_json(&mut written, &value).unwrap();
        let whole = serde_json::to_string(&value).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            format!("{}\n", json(&whole))
        );
    }

    /// A character cut between two writes is escaped all the same, and nothing is lost.
    #[test]
    fn json_written_a_byte_at_a_time_is_escaped_as_the_whole_text_is() {
        use std::io::Write;
        let whole = serde_json::to_string(&serde_json::json!({
            "text": "\u{9b}a\u{202e}ﾄﾞｺﾓ\u{7f}\u{85}\u{1F600}\u{2069}",
        }))
        .unwrap();
        let mut written = Vec::new();
        let mut safe = TerminalSafe {
            out: &mut written,
            held: Vec::new(),
        };
        for byte in whole.as_bytes() {
            safe.write_all(std::slice::from_ref(byte)).unwrap();
        }
        safe.finish().unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), json(&whole));
    }

    /// A report larger than what is gathered before it is looked at, with unsafe characters
    /// everywhere, including across the boundaries.
    #[test]
    fn long_json_is_escaped_as_the_whole_text_is() {
        let texts: Vec<String> = (0..20_000)
            .map(|k| format!("{k}\u{9b}ｱ\u{202e}{}", "x".repeat(k % 7)))
            .collect();
        let mut written = Vec::new();
        write_json(&mut written, &texts).unwrap();
        let whole = serde_json::to_string(&texts).unwrap();
        assert!(whole.len() > 3 * 64 * 1024);
        assert_eq!(
            String::from_utf8(written).unwrap(),
            format!("{}\n", json(&whole))
        );
    }

    #[test]
    fn bidirectional_overrides_are_escaped() {
        assert_eq!(escape("¥1\u{202e}000"), "¥1\\u{202e}000");
        assert_eq!(escape_lines("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
    }

    #[test]
    fn a_field_keeps_to_one_line_and_a_block_keeps_its_lines() {
        assert_eq!(escape("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(escape_lines("a\nb\tc\r\n"), "a\nb\tc\\r\n");
    }

    #[test]
    fn json_escapes_read_back_to_the_same_value() {
        let value = serde_json::json!({ "description": "x\u{9b}31m\u{202e}\u{1b}y" });
        let text = serde_json::to_string(&value).unwrap();
        let safe = json(&text);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
