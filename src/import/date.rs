//! Reading the date forms bank exports use.

use chrono::NaiveDate;

/// How a layout writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// `20200904`
    Compact,
    /// `2020/9/4` or `2020/09/04`
    Slashed,
}

impl DateForm {
    /// An example of the form, for error messages.
    pub fn example(self) -> &'static str {
        match self {
            DateForm::Compact => "20200904",
            DateForm::Slashed => "2020/9/4",
        }
    }

    /// Reads `text` in this form, or `None` when it is not a real date in this form.
    pub fn parse(self, text: &str) -> Option<NaiveDate> {
        let text = text.trim();
        match self {
            DateForm::Compact if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) => {
                NaiveDate::parse_from_str(text, "%Y%m%d").ok()
            }
            DateForm::Compact => None,
            DateForm::Slashed => NaiveDate::parse_from_str(text, "%Y/%m/%d").ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DateForm;
    use chrono::NaiveDate;

    #[test]
    fn compact_and_slashed() {
        let day = NaiveDate::from_ymd_opt(2020, 9, 4);
        assert_eq!(DateForm::Compact.parse("20200904"), day);
        assert_eq!(DateForm::Slashed.parse("2020/9/4"), day);
        assert_eq!(DateForm::Slashed.parse("2020/09/04"), day);
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        assert_eq!(DateForm::Compact.parse("20200230"), None);
        assert_eq!(DateForm::Compact.parse("2020094"), None);
        assert_eq!(DateForm::Compact.parse("+2020094"), None);
        assert_eq!(DateForm::Slashed.parse("2020-09-04"), None);
        assert_eq!(DateForm::Compact.parse(""), None);
    }
}
