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
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            // Every such character is in the Basic Multilingual Plane: one \uXXXX each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escape_unless(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && !keep(c) {
            out.extend(c.escape_default());
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
