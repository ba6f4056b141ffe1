//! The consultation sheet: a record of the flagged withdrawals and the steps to take, for the
//! person to take to the bank and the police, and for a branch to file. Made from values (the
//! review and the guidance), never from the store, so consultation mode needs no store.
//! It is printed from the app and exported as PDF ([`pdf`]) and CSV ([`csv`]).

pub mod csv;
mod font;
pub mod handout;
pub mod pdf;

use chrono::NaiveDate;
use serde::Serialize;

pub use font::{find_japanese_font, FontError, JapaneseFont};

use crate::data_update::DataVersion;
use crate::guidance::{Flagged, Guidance, GuidanceData};
use crate::review::{Review, ServiceLabel};
use crate::Account;

/// Everything the sheet shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConsultationSheet {
    /// The day the sheet was made.
    pub prepared: NaiveDate,
    /// True when made from the built-in demo: the sheet says so on every page.
    pub is_demo: bool,
    /// The account, masked, when the statement names it.
    pub account: Option<Account>,
    /// The statement file (or `store: …`) the rows came from.
    pub source: String,
    /// The first day checked (for lines found in a passbook, of the pages looked at).
    pub checked_from: Option<NaiveDate>,
    /// The last day checked.
    pub checked_to: Option<NaiveDate>,
    /// Rows checked.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows_checked: usize,
    /// Breaks in the balances: rows that were not seen.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub gaps: usize,
    /// The catalog version used.
    pub catalog: String,
    /// The data the judgement was made with: the app's own, or a signed update's.
    pub data_version: DataVersion,
    /// The withdrawals the holder should report, oldest first.
    pub withdrawals: Vec<SheetWithdrawal>,
    /// Their total, in yen (positive).
    // Wider than any amount, so the sum is exact for any number of rows (see `total_of`): a total
    // that wrapped around would tell the bank and the police a wrong sum, or none at all.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i128,
    /// What to do, with the deadline.
    pub guidance: Guidance,
}

/// One withdrawal on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SheetWithdrawal {
    /// The booked date.
    pub date: NaiveDate,
    /// Yen taken (positive).
    // Unsigned: the size of `i64::MIN` does not fit in an `i64`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: u64,
    /// The statement text exactly as the bank wrote it.
    pub description: String,
    /// The service and its operator.
    pub service: ServiceLabel,
}

impl ConsultationSheet {
    /// The sheet for a reviewed statement: its flagged withdrawals, and the guidance for them as
    /// of `today`.
    pub fn of(review: &Review, guidance: &GuidanceData, today: NaiveDate) -> ConsultationSheet {
        let statement = &review.statement;
        let withdrawals: Vec<SheetWithdrawal> = review
            .findings
            .iter()
            .filter(|finding| finding.flagged)
            .filter_map(|finding| {
                let row = statement.transactions.get(finding.row)?;
                Some(SheetWithdrawal {
                    date: row.booked,
                    amount: row.amount.unsigned_abs(),
                    description: row.description.clone(),
                    service: finding.service.clone(),
                })
            })
            .collect();
        let flagged: Vec<Flagged> = withdrawals
            .iter()
            .map(|w| Flagged {
                date: w.date,
                service: w.service.clone(),
            })
            .collect();
        let bank = statement.account.as_ref().map(|a| a.bank.as_str());
        let pages = crate::passbook::period_of(statement);
        ConsultationSheet {
            prepared: today,
            is_demo: statement.is_demo,
            account: statement.account.clone(),
            // Lines found in a passbook come from the person's paper passbook, whatever the store
            // calls the account that keeps them.
            source: match pages {
                Some(_) => "通帳で見つけた行 Lines found in a paper passbook".to_owned(),
                None => statement.source.clone(),
            },
            // Lines found in a passbook were checked over the pages looked at.
            checked_from: pages
                .map(|p| p.from)
                .or(statement.transactions.first().map(|t| t.booked)),
            checked_to: pages
                .map(|p| p.to)
                .or(statement.transactions.last().map(|t| t.booked)),
            rows_checked: statement.transactions.len(),
            gaps: review.gaps.len(),
            catalog: review.catalog.clone(),
            data_version: review.data_version.clone(),
            total: total_of(&withdrawals),
            guidance: guidance.for_flagged(bank, &statement.layout, &flagged, today),
            withdrawals,
        }
    }
}

/// The withdrawals' total, exact. Each amount is below 2^64 and a list holds fewer than 2^63
/// of them, so the sum stays below 2^127: it cannot overflow an `i128`, and `checked_add` only
/// proves so; were it ever to fail, the largest total is shown rather than one that wrapped.
fn total_of(withdrawals: &[SheetWithdrawal]) -> i128 {
    withdrawals
        .iter()
        .try_fold(0i128, |sum, w| sum.checked_add(i128::from(w.amount)))
        .unwrap_or(i128::MAX)
}

/// Yen as a passbook writes it: `100,000円`. Takes any amount the sheet holds, the largest
/// total included, and writes its size (no sign).
pub(crate) fn yen(amount: impl Into<i128>) -> String {
    let digits = amount.into().unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}円")
}

/// `2020-09-04` → `2020年9月4日`.
pub(crate) fn japanese_date(date: NaiveDate) -> String {
    date.format("%Y年%-m月%-d日").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::detect::Holder;
    use crate::guidance::Deadline;

    #[test]
    fn the_demo_sheet_lists_the_burst_its_total_and_japan_posts_deadline() {
        let review = Review::of(
            crate::demo::statement().unwrap(),
            &Catalog::builtin(),
            &Holder::default(),
        );
        let today = NaiveDate::from_ymd_opt(2020, 9, 14).unwrap();
        let sheet = ConsultationSheet::of(&review, &GuidanceData::builtin(), today);
        assert!(sheet.is_demo);
        assert_eq!(sheet.withdrawals.len(), 4);
        assert_eq!(sheet.total, 300_000);
        assert_eq!(sheet.withdrawals[0].description, "振替 ﾄﾞｺﾓｺｳｻﾞ");
        assert_eq!(
            sheet.withdrawals[0].service.operator_ja,
            "株式会社NTTドコモ"
        );
        assert_eq!(sheet.rows_checked, 19);
        match &sheet.guidance.deadline {
            Deadline::Known { due, days_left, .. } => {
                assert_eq!(*due, NaiveDate::from_ymd_opt(2020, 10, 4).unwrap());
                assert_eq!(*days_left, 20);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn yen_and_dates_read_as_on_a_passbook() {
        assert_eq!(yen(-1_234_567), "1,234,567円");
        assert_eq!(yen(500), "500円");
        assert_eq!(yen(u64::MAX), "18,446,744,073,709,551,615円");
        assert_eq!(
            yen(4 * i128::from(u64::MAX)),
            "73,786,976,294,838,206,460円"
        );
        assert_eq!(
            japanese_date(NaiveDate::from_ymd_opt(2020, 9, 4).unwrap()),
            "2020年9月4日"
        );
    }
}
