//! Reading yen amounts as banks write them: `1,234`, `"\1,234"`, `¥1,234`, `1234円`, or empty for none.

use super::Problem;

/// The largest amount or balance a statement may hold, in yen: anything from ¥10^15 on (a
/// thousand trillion yen, more than any account holds) is a damaged or hostile file, refused at
/// import, so that no sum of amounts downstream can come near `i64`'s limits.
pub const MAX_YEN: i64 = 999_999_999_999_999;

/// Whether `value` is an amount a statement can hold (its absolute value at most [`MAX_YEN`]).
pub fn within_limit(value: i64) -> bool {
    value.checked_abs().is_some_and(|abs| abs <= MAX_YEN)
}

/// The problem with an amount cell `text` that could not be read: too large, or not a number.
pub fn amount_problem(text: &str) -> Problem {
    let whole = text.split('.').next().unwrap_or_default();
    let significant = whole
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&digit| digit == b'0')
        .count();
    if significant > MAX_YEN.to_string().len() {
        Problem::AmountTooLarge {
            found: text.to_owned(),
        }
    } else {
        Problem::Amount {
            found: text.to_owned(),
        }
    }
}

/// Reads a non-negative yen amount; an empty cell is zero. `None` when it is not a number, or
/// is more than [`MAX_YEN`].
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
    (value <= MAX_YEN).then_some(value)
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
    use super::*;

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
    fn amounts_from_a_thousand_trillion_yen_are_refused_as_too_large() {
        assert_eq!(parse_yen("999,999,999,999,999"), Some(MAX_YEN));
        assert_eq!(parse_yen("1,000,000,000,000,000"), None);
        assert_eq!(parse_signed_yen("-1000000000000000"), None);
        assert_eq!(parse_signed_yen("-9223372036854775807"), None);
        assert!(matches!(
            amount_problem("-9,223,372,036,854,775,807"),
            Problem::AmountTooLarge { .. }
        ));
        assert!(matches!(
            amount_problem("1000000000000000.00"),
            Problem::AmountTooLarge { .. }
        ));
        assert!(matches!(
            amount_problem("0001,234x"),
            Problem::Amount { .. }
        ));
        assert!(within_limit(-MAX_YEN) && !within_limit(i64::MIN) && !within_limit(MAX_YEN + 1));
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
