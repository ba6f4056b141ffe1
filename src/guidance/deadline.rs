//! The deadline that matters: how soon the bank must hear of the loss for its compensation to
//! apply. Known per bank, with its source (Japan Post Bank: 30 days after the loss); for any other
//! bank the person is told "as soon as possible", and that the bank will say its own deadline.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::review::Bilingual;

/// When to tell the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Deadline {
    /// The bank's rule is on record.
    #[serde(rename_all = "camelCase")]
    Known {
        /// The bank.
        bank: Bilingual,
        /// The last day to tell it, counted from the first flagged withdrawal.
        due: NaiveDate,
        /// Days from today to `due`; negative when it has passed.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days_left: i64,
        /// The rule, as the bank states it.
        note: Bilingual,
        /// Where the rule is published.
        source: String,
    },
    /// No rule on record for this bank: tell it at once; it will say its own deadline.
    AsSoonAsPossible {
        /// The bank, when the statement names it.
        bank: Option<String>,
    },
    /// Nothing is flagged, so nothing is due.
    NothingDue,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Rule {
    bank: String,
    bank_en: String,
    layouts: Vec<String>,
    days_after_loss: u64,
    note_ja: String,
    note_en: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlinesFile {
    #[allow(dead_code, reason = "read for the file's shape")]
    version: String,
    deadline: Vec<Rule>,
}

pub(super) fn parse(text: &str) -> Result<Vec<Rule>, toml::de::Error> {
    Ok(toml::from_str::<DeadlinesFile>(text)?.deadline)
}

/// The deadline for an account at `bank` (or read with `layout`) whose first flagged withdrawal
/// was on `first_loss`.
pub(super) fn for_account(
    rules: &[Rule],
    bank: Option<&str>,
    layout: &str,
    first_loss: Option<NaiveDate>,
    today: NaiveDate,
) -> Deadline {
    let Some(first_loss) = first_loss else {
        return Deadline::NothingDue;
    };
    let rule = rules
        .iter()
        .find(|rule| Some(rule.bank.as_str()) == bank || rule.layouts.iter().any(|l| l == layout));
    match rule {
        Some(rule) => {
            let due = first_loss + Days::new(rule.days_after_loss);
            Deadline::Known {
                bank: Bilingual {
                    ja: rule.bank.clone(),
                    en: rule.bank_en.clone(),
                },
                due,
                days_left: (due - today).num_days(),
                note: Bilingual {
                    ja: rule.note_ja.clone(),
                    en: rule.note_en.clone(),
                },
                source: rule.source.clone(),
            }
        }
        None => Deadline::AsSoonAsPossible {
            bank: bank.map(str::to_owned),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rules() -> Vec<Rule> {
        parse(include_str!("../../data/guidance/deadlines.toml")).unwrap()
    }

    #[test]
    fn japan_post_counts_30_days_from_the_first_loss() {
        let deadline = for_account(
            &rules(),
            None,
            "yucho",
            Some(day(2020, 9, 4)),
            day(2020, 9, 14),
        );
        match deadline {
            Deadline::Known {
                due,
                days_left,
                source,
                ..
            } => {
                assert_eq!(due, day(2020, 10, 4));
                assert_eq!(days_left, 20);
                assert!(source.contains("jp-bank.japanpost.jp"));
            }
            other => panic!("{other:?}"),
        }
        // Found by the bank's name too, and a passed deadline is negative, not hidden.
        let late = for_account(
            &rules(),
            Some("ゆうちょ銀行"),
            "generic",
            Some(day(2020, 9, 4)),
            day(2020, 11, 1),
        );
        assert!(matches!(late, Deadline::Known { days_left: -28, .. }));
    }

    #[test]
    fn another_bank_is_told_as_soon_as_possible_and_nothing_flagged_is_nothing_due() {
        assert_eq!(
            for_account(
                &rules(),
                Some("三井住友銀行"),
                "smbc",
                Some(day(2020, 9, 4)),
                day(2020, 9, 5)
            ),
            Deadline::AsSoonAsPossible {
                bank: Some("三井住友銀行".into())
            }
        );
        assert_eq!(
            for_account(&rules(), None, "yucho", None, day(2020, 9, 5)),
            Deadline::NothingDue
        );
    }
}
