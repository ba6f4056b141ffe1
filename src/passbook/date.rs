//! A date as a person types it from a passbook: 西暦 (`2020/9/4`, `2020年9月4日`), 和暦 with the era
//! named or abbreviated (`令和2年9月4日`, `R2.9.4`, `H31.4.30`, `S64.1.7`, `令和元年`), or a
//! two-digit year as passbooks print it (`02-09-04`): 令和 unless that would be after today, then
//! 平成. Full-width digits and separators are read as half-width. `today` is passed in.

use chrono::NaiveDate;

/// Why a date cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DateProblem {
    /// Nothing was typed.
    Empty,
    /// Not year, month and day in any form read here.
    Unreadable,
    /// No such day (`2020/2/30`), or a year outside its era (`平成32年`).
    NoSuchDay,
    /// After today: a passbook cannot hold it.
    AfterToday,
}

/// An era: its letter, its name, the first day of its year 1 … and its first and last days.
struct Era {
    letter: char,
    name: &'static str,
    first: (i32, u32, u32),
    last: Option<(i32, u32, u32)>,
}

const ERAS: [Era; 3] = [
    Era {
        letter: 'R',
        name: "令和",
        first: (2019, 5, 1),
        last: None,
    },
    Era {
        letter: 'H',
        name: "平成",
        first: (1989, 1, 8),
        last: Some((2019, 4, 30)),
    },
    Era {
        letter: 'S',
        name: "昭和",
        first: (1926, 12, 25),
        last: Some((1989, 1, 7)),
    },
];

impl Era {
    /// The day `year`/`month`/`day` of this era, if it lies within it.
    fn day(&self, year: u32, month: u32, day: u32) -> Option<NaiveDate> {
        let western = self.first.0.checked_add(i32::try_from(year).ok()?)? - 1;
        let date = NaiveDate::from_ymd_opt(western, month, day)?;
        let (y, m, d) = self.first;
        let first = NaiveDate::from_ymd_opt(y, m, d)?;
        let last = self
            .last
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        (year >= 1 && date >= first && last.map_or(true, |last| date <= last)).then_some(date)
    }
}

/// Full-width digits and separators as half-width, Latin letters upper-cased, spaces dropped.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
            'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'A' as u32).unwrap_or(c),
            '／' => '/',
            '－' | '−' | '‐' | 'ー' => '-',
            '．' | '。' => '.',
            _ => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Reads a passbook date typed by a person, as of `today`.
pub fn parse(text: &str, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    let folded = fold(text);
    if folded.is_empty() {
        return Err(DateProblem::Empty);
    }
    let date = read(&folded, today)?;
    if date > today {
        return Err(DateProblem::AfterToday);
    }
    Ok(date)
}

fn read(folded: &str, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    // The era, named or by its letter, before the numbers.
    let mut era = None;
    let mut rest = folded;
    for candidate in &ERAS {
        if let Some(after) = folded.strip_prefix(candidate.name) {
            era = Some(candidate);
            rest = after;
        } else if let Some(after) = folded.strip_prefix(candidate.letter) {
            era = Some(candidate);
            rest = after;
        }
        if era.is_some() {
            break;
        }
    }
    let rest = rest.replacen("元年", "1年", 1);
    let numbers = numbers(&rest).ok_or(DateProblem::Unreadable)?;
    let [year, month, day] = numbers.map(|(n, _)| n);
    let year_digits = numbers[0].1;
    if let Some(era) = era {
        return era.day(year, month, day).ok_or(DateProblem::NoSuchDay);
    }
    if year_digits == 4 {
        let year = i32::try_from(year).map_err(|_| DateProblem::NoSuchDay)?;
        return NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::NoSuchDay);
    }
    if year_digits > 2 {
        return Err(DateProblem::Unreadable);
    }
    // A two-digit year: 令和 unless that would be after today (or before 令和 began), then 平成.
    match ERAS[0].day(year, month, day) {
        Some(date) if date <= today => Ok(date),
        _ => ERAS[1].day(year, month, day).ok_or(DateProblem::NoSuchDay),
    }
}

/// Three numbers (with how many digits each had) separated by `/ - .` or written `年 月 日`.
fn numbers(text: &str) -> Option<[(u32, usize); 3]> {
    let text = text.strip_suffix('日').unwrap_or(text);
    let parts: Vec<&str> = text.split(['/', '-', '.', '年', '月']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |part: &str| -> Option<(u32, usize)> {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok().map(|n| (n, part.len())))
            .flatten()
    };
    Some([number(year)?, number(month)?, number(day)?])
}

#[cfg(test)]
mod tests {
    use super::{parse, DateProblem};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_written_form_of_the_same_day_reads_alike() {
        let today = day(2025, 1, 10);
        for text in [
            "2020/9/4",
            "2020-09-04",
            "2020.9.4",
            "2020年9月4日",
            "令和2年9月4日",
            "R2.9.4",
            "r02/09/04",
            "02-09-04",
            "２０２０／９／４",
            "令和２年９月４日",
            "Ｒ２．９．４",
            " 02.09.04 ",
        ] {
            assert_eq!(parse(text, today), Ok(day(2020, 9, 4)), "{text:?}");
        }
        assert_eq!(parse("令和元年5月1日", today), Ok(day(2019, 5, 1)));
        assert_eq!(parse("H31.4.30", today), Ok(day(2019, 4, 30)));
        assert_eq!(parse("平成31年4月30日", today), Ok(day(2019, 4, 30)));
        assert_eq!(parse("S64.1.7", today), Ok(day(1989, 1, 7)));
        assert_eq!(parse("昭和50年1月1日", today), Ok(day(1975, 1, 1)));
    }

    #[test]
    fn a_two_digit_year_is_reiwa_unless_that_is_after_today_then_heisei() {
        let today = day(2020, 9, 14);
        assert_eq!(parse("02-09-04", today), Ok(day(2020, 9, 4)));
        // 令和30 would be 2048, after today: 平成30.
        assert_eq!(parse("30-09-04", today), Ok(day(2018, 9, 4)));
        // 令和2年12月 is after today: 平成2年.
        assert_eq!(parse("02-12-01", today), Ok(day(1990, 12, 1)));
        // 令和1年3月 never was (令和 began on 1 May 2019): 平成1年.
        assert_eq!(parse("01-03-01", today), Ok(day(1989, 3, 1)));
    }

    #[test]
    fn impossible_days_and_future_days_are_refused_by_kind() {
        let today = day(2020, 9, 14);
        assert_eq!(parse("", today), Err(DateProblem::Empty));
        assert_eq!(parse("　", today), Err(DateProblem::Empty));
        assert_eq!(parse("9月4日", today), Err(DateProblem::Unreadable));
        assert_eq!(parse("きのう", today), Err(DateProblem::Unreadable));
        assert_eq!(parse("2020/2/30", today), Err(DateProblem::NoSuchDay));
        assert_eq!(parse("平成32年1月1日", today), Err(DateProblem::NoSuchDay));
        assert_eq!(parse("R1.4.1", today), Err(DateProblem::NoSuchDay));
        assert_eq!(parse("2020/9/15", today), Err(DateProblem::AfterToday));
        assert_eq!(parse("99999/1/1", today), Err(DateProblem::Unreadable));
        assert_eq!(
            parse("R4294967295.1.1", today),
            Err(DateProblem::Unreadable)
        );
    }
}
