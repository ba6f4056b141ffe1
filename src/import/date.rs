//! Reading the date forms bank exports use.
//!
//! With a year: `20200904`, `2020/9/4`, `2020-09-04`, `2020.09.04`, `2020年9月4日`, and the Japanese
//! era: `R02.09.05`, `R2/9/5`, `令和2年9月5日`, `H31.04.30`, `平成31年4月30日` (元年 for year 1).
//! Without a year (JAバンク): `4月30日`, `04/30`; the reader supplies the year.

use chrono::NaiveDate;

/// The forms this module reads, for error messages.
pub const EXPECTED: &str = "20200904, 2020/9/4, 2020.09.04, 2020年9月4日 or R02.09.04";

/// A date cell as read: complete, or month and day waiting for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    /// A full date.
    Full(NaiveDate),
    /// Month and day only.
    MonthDay {
        /// 1–12.
        month: u32,
        /// 1–31.
        day: u32,
    },
}

/// Reads one date cell, or `None` when it is none of the known forms.
pub fn parse(text: &str) -> Option<DateCell> {
    // Most exports write `2020/09/04`: read that without building any string.
    if let Some(day) = plain_gregorian(text.trim()) {
        return Some(DateCell::Full(day));
    }
    let text: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let text = unicode_digits_to_ascii(&text);
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(&text, "%Y%m%d")
            .ok()
            .map(DateCell::Full);
    }
    let (era_offset, rest) = era(&text);
    let numbers: Vec<&str> = rest
        .split(['/', '-', '.', '年', '月', '日'])
        .filter(|part| !part.is_empty())
        .collect();
    if !rest.ends_with(|c: char| c.is_ascii_digit() || c == '日')
        || numbers.iter().any(|n| !is_number(n))
    {
        return None;
    }
    let number = |s: &str| {
        if s == "元" {
            Some(1)
        } else {
            s.parse::<u32>().ok()
        }
    };
    match (era_offset, numbers.as_slice()) {
        (Some(offset), [year, month, day]) => {
            let year = number(year)?;
            (year >= 1).then_some(())?;
            full(offset + year as i32, number(month)?, number(day)?)
        }
        (None, [year, month, day]) if year.len() == 4 => {
            full(year.parse().ok()?, number(month)?, number(day)?)
        }
        (None, [month, day]) if month.len() <= 2 && day.len() <= 2 => {
            let (month, day) = (number(month)?, number(day)?);
            // Check the pair against a leap year, so 2月29日 is accepted until the year is known.
            NaiveDate::from_ymd_opt(2000, month, day)?;
            Some(DateCell::MonthDay { month, day })
        }
        _ => None,
    }
}

/// `YYYY/M/D` or `YYYY-MM-DD` in ASCII digits, or `None` for any other form.
fn plain_gregorian(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let separator = *bytes.get(4)?;
    if !matches!(separator, b'/' | b'-') {
        return None;
    }
    // Read as bytes: this runs once a row.
    let mut parts = bytes.split(|&byte| byte == separator);
    let mut number = |lengths: std::ops::RangeInclusive<usize>| -> Option<u32> {
        let part = parts.next()?;
        if !lengths.contains(&part.len()) {
            return None;
        }
        part.iter().try_fold(0, |value, byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + u32::from(byte - b'0'))
        })
    };
    let (year, month, day) = (number(4..=4)?, number(1..=2)?, number(1..=2)?);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

fn full(year: i32, month: u32, day: u32) -> Option<DateCell> {
    NaiveDate::from_ymd_opt(year, month, day).map(DateCell::Full)
}

fn is_number(part: &str) -> bool {
    part == "元" || (part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The Gregorian year before year 1 of an era named at the start of `text`, and the rest.
fn era(text: &str) -> (Option<i32>, &str) {
    const ERAS: &[(&str, i32)] = &[
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("R", 2018),
        ("H", 1988),
        ("S", 1925),
        ("r", 2018),
        ("h", 1988),
        ("s", 1925),
    ];
    for &(name, offset) in ERAS {
        if let Some(rest) = text.strip_prefix(name) {
            return (Some(offset), rest);
        }
    }
    (None, text)
}

/// Full-width digits (as some exports write them) become ASCII.
fn unicode_digits_to_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '．' => '.',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{parse, DateCell};
    use chrono::NaiveDate;

    fn full(y: i32, m: u32, d: u32) -> Option<DateCell> {
        Some(DateCell::Full(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn gregorian_forms() {
        for text in [
            "20200904",
            "2020/9/4",
            "2020/09/04",
            "2020-09-04",
            "2020.09.04",
            "2020年9月4日",
            "２０２０/９/４",
        ] {
            assert_eq!(parse(text), full(2020, 9, 4), "{text}");
        }
    }

    #[test]
    fn era_forms() {
        for text in [
            "R02.09.05",
            "R2/9/5",
            "令和2年9月5日",
            "令和２年９月５日",
            "r02.09.05",
        ] {
            assert_eq!(parse(text), full(2020, 9, 5), "{text}");
        }
        assert_eq!(parse("H31.04.30"), full(2019, 4, 30));
        assert_eq!(parse("平成31年4月30日"), full(2019, 4, 30));
        assert_eq!(parse("令和元年5月1日"), full(2019, 5, 1));
    }

    #[test]
    fn month_and_day_without_a_year() {
        assert_eq!(
            parse("4月30日"),
            Some(DateCell::MonthDay { month: 4, day: 30 })
        );
        assert_eq!(
            parse("04/30"),
            Some(DateCell::MonthDay { month: 4, day: 30 })
        );
        assert_eq!(
            parse("2月29日"),
            Some(DateCell::MonthDay { month: 2, day: 29 })
        );
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for text in [
            "20200230",
            "2020094",
            "2020/13/1",
            "4月31日",
            "",
            "yesterday",
            "R00.01.01",
            "20/9/4",
            "2020/9/4/1",
            "2020/9/",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
