//! Reading yen amounts as banks write them: `1,234`, `"\1,234"`, `¥1,234`, `1234円`, or empty for none.

/// Reads a non-negative yen amount; an empty cell is zero. `None` when it is not a number.
pub fn parse_yen(text: &str) -> Option<i64> {
    // Most cells are digits and commas alone: those are read without trimming anything.
    if let Some(value) = digits_with_commas(text) {
        return Some(value);
    }
    let digits = text
        .trim()
        .trim_start_matches(['\\', '¥', '￥'])
        .trim_end_matches('円');
    digits_with_commas(digits)
}

/// Digits with thousands commas, read as they come (no string is built for a cell); `None` for
/// anything else, or a number too large.
fn digits_with_commas(text: &str) -> Option<i64> {
    let mut value: i64 = 0;
    for byte in text.bytes() {
        match byte {
            b',' => {}
            b'0'..=b'9' => {
                value = value.checked_mul(10)?.checked_add(i64::from(byte - b'0'))?;
            }
            _ => return None,
        }
    }
    Some(value)
}

/// Reads a yen amount that may be negative: `-3,000`, `−3,000`, `▲3,000` (a common accounting
/// mark), with the sign before or after a yen mark (`-\\3,000`, `\\-3,000`).
pub fn parse_signed_yen(text: &str) -> Option<i64> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_yen(text);
    }
    let text = text.trim().trim_start_matches(['\\', '¥', '￥']);
    match text.strip_prefix(['-', '−', '－', '▲', '△']) {
        Some(rest) if !rest.trim().is_empty() => parse_yen(rest).map(|amount| -amount),
        Some(_) => None,
        None => parse_yen(text),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_signed_yen, parse_yen};

    #[test]
    fn written_forms() {
        assert_eq!(parse_yen("1,234"), Some(1234));
        assert_eq!(parse_yen("\\7,000"), Some(7000));
        assert_eq!(parse_yen("¥100,000"), Some(100_000));
        assert_eq!(parse_yen("300円"), Some(300));
        assert_eq!(parse_yen(" "), Some(0));
    }

    #[test]
    fn non_numbers_are_refused() {
        assert_eq!(parse_yen("abc"), None);
        assert_eq!(parse_yen("1.5"), None);
        assert_eq!(parse_yen("-100"), None);
        assert_eq!(parse_yen("99999999999999999999999"), None);
    }

    #[test]
    fn signed_amounts() {
        assert_eq!(parse_signed_yen("-3,000"), Some(-3000));
        assert_eq!(parse_signed_yen("−3,000"), Some(-3000));
        assert_eq!(parse_signed_yen("▲300"), Some(-300));
        assert_eq!(parse_signed_yen("189,750"), Some(189_750));
        assert_eq!(parse_signed_yen("\\-36,409"), Some(-36_409));
        assert_eq!(parse_signed_yen("-\\36,409"), Some(-36_409));
        assert_eq!(parse_signed_yen("¥-1,000"), Some(-1_000));
        assert_eq!(parse_signed_yen("-"), None);
        assert_eq!(parse_signed_yen("--3"), None);
    }
}
