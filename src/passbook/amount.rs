//! An amount as a person types it from a passbook's withdrawals column: `100,000`, `¥100,000`,
//! `100000円`, full-width digits. The yen withdrawn, positive; zero and amounts no statement can
//! hold ([`MAX_YEN`]) are refused.

use crate::import::{within_limit, MAX_YEN};

/// Why an amount cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum AmountProblem {
    /// Nothing was typed.
    Empty,
    /// Not a whole number of yen.
    NotANumber,
    /// Zero yen: nothing left the account.
    Zero,
    /// More than any account can hold.
    TooLarge,
}

/// Reads an amount of yen withdrawn.
pub fn parse(text: &str) -> Result<i64, AmountProblem> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '¥' | '￥' | '\\' | '円'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if digits.is_empty() {
        return Err(AmountProblem::Empty);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountProblem::NotANumber);
    }
    let value: i64 = digits.parse().map_err(|_| AmountProblem::TooLarge)?;
    if value == 0 {
        return Err(AmountProblem::Zero);
    }
    if !within_limit(value) || value > MAX_YEN {
        return Err(AmountProblem::TooLarge);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::{parse, AmountProblem};

    #[test]
    fn commas_yen_signs_and_full_width_digits_are_read() {
        for text in [
            "100000",
            "100,000",
            "¥100,000",
            "￥１００，０００",
            "100,000円",
            " 100 000 ",
        ] {
            assert_eq!(parse(text), Ok(100_000), "{text:?}");
        }
    }

    #[test]
    fn empty_zero_words_and_absurd_amounts_are_refused() {
        assert_eq!(parse(""), Err(AmountProblem::Empty));
        assert_eq!(parse("円"), Err(AmountProblem::Empty));
        assert_eq!(parse("0"), Err(AmountProblem::Zero));
        assert_eq!(parse("¥0"), Err(AmountProblem::Zero));
        assert_eq!(parse("-5000"), Err(AmountProblem::NotANumber));
        assert_eq!(parse("10.5"), Err(AmountProblem::NotANumber));
        assert_eq!(parse("十万"), Err(AmountProblem::NotANumber));
        assert_eq!(parse("9999999999999999"), Err(AmountProblem::TooLarge));
        assert_eq!(
            parse("99999999999999999999999"),
            Err(AmountProblem::TooLarge)
        );
    }
}
