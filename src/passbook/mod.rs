//! The passbook check: for a person who holds only a paper passbook, with no file to import.
//!
//! They say which period's pages they looked at ([`Period`]), then type each line they found that
//! reads like a service's passbook form (the catalog's `passbook` field): its date ([`date`]), its
//! amount ([`amount`]) and its text, chosen from the forms or typed (matched by the same catalog;
//! an unknown text is kept, and shows as no service). [`statement`] turns that into a
//! [`Statement`] of layout [`LAYOUT`], withdrawals negative, which detection reads as found lines
//! only ([`crate::detect::Known::FoundLines`]): its reasons never say "first" or "new" of lines
//! whose surroundings the app has not seen. Pure: `today` is passed in.

pub mod amount;
pub mod date;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::import::fingerprint::Fingerprints;
use crate::lang::Lang;
use crate::sheet::handout::HandoutService;
use crate::{ImportNote, SourceId, Statement, Transaction};

pub use amount::AmountProblem;
pub use date::DateProblem;

/// The layout name of a statement made from passbook lines.
pub const LAYOUT: &str = "passbook";

/// At most this many lines in one check: more than any passbook holds between two visits.
pub const MAX_LINES: usize = 500;

/// At most this many characters in a line's text (a passbook's column is far narrower).
pub const MAX_TEXT_CHARS: usize = 200;

/// The pages a person looked at: the first and last day printed on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// The first day looked at.
    pub from: NaiveDate,
    /// The last day looked at.
    pub to: NaiveDate,
}

/// One line as the person typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FoundLine {
    /// The date, in any form [`date::parse`] reads.
    pub date: String,
    /// The amount withdrawn, in any form [`amount::parse`] reads.
    pub amount: String,
    /// The text printed beside it, chosen from the forms or typed.
    pub text: String,
}

/// Which part of the check is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PassbookField {
    /// The period looked at.
    Period,
    /// A line's date.
    Date,
    /// A line's amount.
    Amount,
    /// A line's text.
    Text,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PassbookProblem {
    /// The period ends before it starts.
    PeriodBackwards,
    /// The period ends after today.
    PeriodAfterToday,
    /// The date cannot be read.
    Date {
        /// Why.
        problem: DateProblem,
    },
    /// The date lies outside the period looked at.
    OutsidePeriod,
    /// The amount cannot be read.
    Amount {
        /// Why.
        problem: AmountProblem,
    },
    /// No text was typed or chosen.
    TextEmpty,
    /// The text is far longer than a passbook prints.
    TextTooLong,
    /// More lines than one check takes.
    TooManyLines,
}

/// A check that cannot be used, naming the line (from 1) and the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[error("{}", self.text(Lang::En))]
pub struct PassbookError {
    /// The line, from 1; none for the period.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub line: Option<usize>,
    /// The field.
    pub field: PassbookField,
    /// What is wrong.
    pub problem: PassbookProblem,
    /// What was typed.
    pub typed: String,
}

impl PassbookError {
    /// The error as a sentence in `lang`: the line, the field, what was typed and what is wanted.
    pub fn text(&self, lang: Lang) -> String {
        let place = match (lang, self.line) {
            (Lang::Ja, Some(line)) => format!("{line}行目の"),
            (Lang::En, Some(line)) => format!("Line {line}: "),
            (Lang::Ja, None) | (Lang::En, None) => String::new(),
        };
        let field = match (lang, self.field) {
            (Lang::Ja, PassbookField::Period) => "見た期間",
            (Lang::Ja, PassbookField::Date) => "日付",
            (Lang::Ja, PassbookField::Amount) => "金額",
            (Lang::Ja, PassbookField::Text) => "通帳の文字",
            (Lang::En, PassbookField::Period) => "the period looked at",
            (Lang::En, PassbookField::Date) => "the date",
            (Lang::En, PassbookField::Amount) => "the amount",
            (Lang::En, PassbookField::Text) => "the passbook text",
        };
        let typed = &self.typed;
        let what = match (&self.problem, lang) {
            (PassbookProblem::PeriodBackwards, Lang::Ja) => "終わりの日が始めの日より前です".to_owned(),
            (PassbookProblem::PeriodBackwards, Lang::En) => "it ends before it starts".to_owned(),
            (PassbookProblem::PeriodAfterToday, Lang::Ja) => "終わりの日が今日より後です".to_owned(),
            (PassbookProblem::PeriodAfterToday, Lang::En) => "it ends after today".to_owned(),
            (PassbookProblem::Date { problem }, Lang::Ja) => match problem {
                DateProblem::Empty => "日付が入っていません".to_owned(),
                DateProblem::Unreadable => format!("「{typed}」は日付として読めません。2020/9/4、令和2年9月4日、R2.9.4、02-09-04 のように入れてください"),
                DateProblem::NoSuchDay => format!("「{typed}」という日はありません"),
                DateProblem::AfterToday => format!("「{typed}」は今日より後の日です"),
            },
            (PassbookProblem::Date { problem }, Lang::En) => match problem {
                DateProblem::Empty => "no date was entered".to_owned(),
                DateProblem::Unreadable => format!("\"{typed}\" is not a date; write it as 2020/9/4, 令和2年9月4日, R2.9.4 or 02-09-04"),
                DateProblem::NoSuchDay => format!("there is no day \"{typed}\""),
                DateProblem::AfterToday => format!("\"{typed}\" is after today"),
            },
            (PassbookProblem::OutsidePeriod, Lang::Ja) => format!("「{typed}」は見た期間の外です。期間を直すか、日付を確かめてください"),
            (PassbookProblem::OutsidePeriod, Lang::En) => format!("\"{typed}\" is outside the period you looked at; change the period or check the date"),
            (PassbookProblem::Amount { problem }, Lang::Ja) => match problem {
                AmountProblem::Empty => "金額が入っていません".to_owned(),
                AmountProblem::NotANumber => format!("「{typed}」は金額として読めません。100,000 のように数字で入れてください"),
                AmountProblem::Zero => "0円です。出金の金額を入れてください".to_owned(),
                AmountProblem::TooLarge => format!("「{typed}」は大きすぎます"),
            },
            (PassbookProblem::Amount { problem }, Lang::En) => match problem {
                AmountProblem::Empty => "no amount was entered".to_owned(),
                AmountProblem::NotANumber => format!("\"{typed}\" is not an amount; write it in digits, like 100,000"),
                AmountProblem::Zero => "it is zero yen; enter the amount withdrawn".to_owned(),
                AmountProblem::TooLarge => format!("\"{typed}\" is far too large"),
            },
            (PassbookProblem::TextEmpty, Lang::Ja) => "通帳の文字を選ぶか入れてください".to_owned(),
            (PassbookProblem::TextEmpty, Lang::En) => "choose or type the passbook text".to_owned(),
            (PassbookProblem::TextTooLong, Lang::Ja) => format!("{MAX_TEXT_CHARS}文字までにしてください"),
            (PassbookProblem::TextTooLong, Lang::En) => format!("keep it within {MAX_TEXT_CHARS} characters"),
            (PassbookProblem::TooManyLines, Lang::Ja) => format!("一度に{MAX_LINES}行までです"),
            (PassbookProblem::TooManyLines, Lang::En) => format!("at most {MAX_LINES} lines at a time"),
        };
        match lang {
            Lang::Ja => format!("{place}{field}: {what}"),
            Lang::En => format!("{place}{field}: {what}"),
        }
    }
}

/// The services to look for, each with its passbook forms and operator, in catalog order.
pub fn forms(catalog: &Catalog) -> Vec<HandoutService> {
    catalog
        .services()
        .iter()
        .map(HandoutService::from)
        .collect()
}

/// What a passbook check looked at and looked for. The review of found lines speaks of this
/// only: where a statement's review would say nothing unfamiliar was found, a passbook's lists
/// the periods and the forms instead, because other pages and other texts were never seen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PassbookScope {
    /// Each period of pages looked at, earliest first.
    pub periods: Vec<Period>,
    /// The services looked for, each with its printed forms, in catalog order.
    pub forms: Vec<HandoutService>,
}

impl PassbookScope {
    /// The scope of a statement of found lines (one with a passbook note), else `None`.
    pub fn of(statement: &Statement, catalog: &Catalog) -> Option<PassbookScope> {
        let periods = periods_of(statement);
        (!periods.is_empty()).then(|| PassbookScope {
            periods,
            forms: forms(catalog),
        })
    }
}

/// Checks the period as of `today`.
pub fn check_period(period: Period, today: NaiveDate) -> Result<(), PassbookError> {
    let error = |problem| PassbookError {
        line: None,
        field: PassbookField::Period,
        problem,
        typed: format!("{} – {}", period.from, period.to),
    };
    if period.to < period.from {
        return Err(error(PassbookProblem::PeriodBackwards));
    }
    if period.to > today {
        return Err(error(PassbookProblem::PeriodAfterToday));
    }
    Ok(())
}

/// Reads the period as a person typed it — the first and the last day on the pages looked at, in
/// any form [`date::parse`] reads (2020/9/1, 令和2年9月1日, R2.9.1, 02-09-01) — and checks it as
/// of `today`. A day that cannot be read is named with what was typed.
pub fn read_period(from: &str, to: &str, today: NaiveDate) -> Result<Period, PassbookError> {
    let day = |typed: &str| {
        date::parse(typed, today).map_err(|problem| PassbookError {
            line: None,
            field: PassbookField::Period,
            problem: PassbookProblem::Date { problem },
            typed: typed.to_owned(),
        })
    };
    let period = Period {
        from: day(from)?,
        to: day(to)?,
    };
    check_period(period, today)?;
    Ok(period)
}

/// The found lines as a statement of layout [`LAYOUT`], in date order (lines of one day in the
/// order typed), withdrawals negative, each text kept exactly as typed. All or nothing: the
/// first wrong line is named, with its field.
pub fn statement(
    period: Period,
    lines: &[FoundLine],
    today: NaiveDate,
) -> Result<Statement, PassbookError> {
    check_period(period, today)?;
    if lines.len() > MAX_LINES {
        return Err(PassbookError {
            line: None,
            field: PassbookField::Text,
            problem: PassbookProblem::TooManyLines,
            typed: lines.len().to_string(),
        });
    }
    let mut fingerprints = Fingerprints::default();
    let mut transactions = Vec::with_capacity(lines.len());
    for (index, found) in lines.iter().enumerate() {
        let error = |field, problem, typed: &str| PassbookError {
            line: Some(index + 1),
            field,
            problem,
            typed: typed.to_owned(),
        };
        let booked = date::parse(&found.date, today).map_err(|problem| {
            error(
                PassbookField::Date,
                PassbookProblem::Date { problem },
                &found.date,
            )
        })?;
        if booked < period.from || booked > period.to {
            return Err(error(
                PassbookField::Date,
                PassbookProblem::OutsidePeriod,
                &found.date,
            ));
        }
        let yen = amount::parse(&found.amount).map_err(|problem| {
            error(
                PassbookField::Amount,
                PassbookProblem::Amount { problem },
                &found.amount,
            )
        })?;
        let text = found.text.trim();
        if text.is_empty() {
            return Err(error(PassbookField::Text, PassbookProblem::TextEmpty, text));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(error(PassbookField::Text, PassbookProblem::TextTooLong, ""));
        }
        let id = fingerprints.next(booked, -yen, None, text);
        transactions.push(Transaction::read(
            booked,
            -yen,
            text.to_owned(),
            SourceId::Fingerprint(id),
            Some(index as u64 + 1),
        ));
    }
    transactions.sort_by_key(|t| t.booked);
    Ok(Statement {
        source: format!("通帳 passbook {} – {}", period.from, period.to),
        layout: LAYOUT.to_owned(),
        account: None,
        is_demo: false,
        notes: vec![ImportNote::PassbookLines {
            from: period.from,
            to: period.to,
        }],
        transactions,
    })
}

/// Each period of pages a passbook statement says was looked at, in the order noted.
pub fn periods_of(statement: &Statement) -> Vec<Period> {
    statement
        .notes
        .iter()
        .filter_map(|note| match note {
            ImportNote::PassbookLines { from, to } => Some(Period {
                from: *from,
                to: *to,
            }),
            _ => None,
        })
        .collect()
}

/// From the first to the last day of the pages a passbook statement says were looked at (one
/// period, or the span of several checks), or `None` for a statement of another kind.
pub fn period_of(statement: &Statement) -> Option<Period> {
    let periods = periods_of(statement);
    Some(Period {
        from: periods.iter().map(|p| p.from).min()?,
        to: periods.iter().map(|p| p.to).max()?,
    })
}

#[cfg(test)]
mod tests {
    use super::{statement, FoundLine, PassbookField, PassbookProblem, Period, LAYOUT};
    use crate::passbook::{AmountProblem, DateProblem};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn line(date: &str, amount: &str, text: &str) -> FoundLine {
        FoundLine {
            date: date.into(),
            amount: amount.into(),
            text: text.into(),
        }
    }

    const SEPTEMBER: Period = Period {
        from: match NaiveDate::from_ymd_opt(2020, 9, 1) {
            Some(d) => d,
            None => unreachable!(),
        },
        to: match NaiveDate::from_ymd_opt(2020, 9, 30) {
            Some(d) => d,
            None => unreachable!(),
        },
    };

    #[test]
    fn lines_become_withdrawals_in_date_order_with_the_text_kept_as_typed() {
        let lines = [
            line("R2.9.4", "90,000", "ﾄﾞｺﾓｺｳｻﾞ"),
            line("2020/9/3", "¥100,000", " ﾄﾞｺﾓｺｳｻﾞ"),
            line("02-09-05", "5000円", "ﾅｿﾉﾓｼﾞ"),
        ];
        let statement = statement(SEPTEMBER, &lines, day(2020, 10, 1)).unwrap();
        assert_eq!(statement.layout, LAYOUT);
        let rows: Vec<(NaiveDate, i64, &str)> = statement
            .transactions
            .iter()
            .map(|t| (t.booked, t.amount, t.description.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (day(2020, 9, 3), -100_000, "ﾄﾞｺﾓｺｳｻﾞ"),
                (day(2020, 9, 4), -90_000, "ﾄﾞｺﾓｺｳｻﾞ"),
                (day(2020, 9, 5), -5_000, "ﾅｿﾉﾓｼﾞ"),
            ]
        );
        assert_eq!(super::period_of(&statement), Some(SEPTEMBER));
        let ids: std::collections::HashSet<_> = statement
            .transactions
            .iter()
            .map(|t| &t.source_id)
            .collect();
        assert_eq!(ids.len(), 3);
    }

    #[test]
    fn a_wrong_line_is_named_with_its_field_and_nothing_is_kept() {
        let today = day(2020, 10, 1);
        let refuse = |lines: &[FoundLine]| statement(SEPTEMBER, lines, today).unwrap_err();
        let error = refuse(&[line("2020/9/4", "1000", "ﾍﾟｲﾍﾟｲ"), line("9/4", "1000", "x")]);
        assert_eq!(error.line, Some(2));
        assert_eq!(error.field, PassbookField::Date);
        assert_eq!(
            error.problem,
            PassbookProblem::Date {
                problem: DateProblem::Unreadable
            }
        );
        assert!(error
            .text(crate::lang::Lang::Ja)
            .starts_with("2行目の日付: 「9/4」は日付として読めません"));
        assert!(error
            .to_string()
            .starts_with("Line 2: the date: \"9/4\" is not a date"));
        let error = refuse(&[line("2020/8/31", "1000", "ﾍﾟｲﾍﾟｲ")]);
        assert_eq!(error.problem, PassbookProblem::OutsidePeriod);
        let error = refuse(&[line("2020/9/4", "0", "ﾍﾟｲﾍﾟｲ")]);
        assert_eq!(
            (error.field, error.problem),
            (
                PassbookField::Amount,
                PassbookProblem::Amount {
                    problem: AmountProblem::Zero
                }
            )
        );
        let error = refuse(&[line("2020/9/4", "1000", "  ")]);
        assert_eq!(error.problem, PassbookProblem::TextEmpty);
        let error = statement(
            Period {
                from: day(2020, 9, 1),
                to: day(2020, 11, 1),
            },
            &[],
            today,
        )
        .unwrap_err();
        assert_eq!(
            (error.line, error.problem),
            (None, PassbookProblem::PeriodAfterToday)
        );
    }
}
