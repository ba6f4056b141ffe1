//! Missing rows, found from the balances: where a file gives a balance on every row, each balance
//! must follow from the one before. A break means rows are missing (a page not exported, a gap
//! between files), and nothing may be said of rows the app did not see.

use chrono::NaiveDate;
use serde::Serialize;

use crate::Transaction;

/// A break in the balance chain between two neighbouring rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BalanceGap {
    /// The last row before the break: its date and line.
    pub after_date: NaiveDate,
    /// Its line in the file, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub after_line: Option<u64>,
    /// The first row after the break.
    pub before_date: NaiveDate,
    /// Its line in the file, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub before_line: Option<u64>,
    /// Yen that moved in rows the app did not see: negative when money left the account.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unexplained: i64,
}

/// Every break in the balance chain of `transactions` (in statement order).
pub fn balance_gaps(transactions: &[Transaction]) -> Vec<BalanceGap> {
    transactions
        .windows(2)
        .filter_map(|pair| {
            let (before, after) = (&pair[0], &pair[1]);
            // Saturating: amounts are bounded at import, but a gap must never wrap to "none".
            let unexplained = (after.balance?)
                .saturating_sub(before.balance?)
                .saturating_sub(after.amount);
            (unexplained != 0).then_some(BalanceGap {
                after_date: before.booked,
                after_line: before.line,
                before_date: after.booked,
                before_line: after.line,
                unexplained,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::balance_gaps;
    use crate::{SourceId, Transaction};

    fn row(day: u32, amount: i64, balance: Option<i64>, line: u64) -> Transaction {
        Transaction {
            booked: chrono::NaiveDate::from_ymd_opt(2020, 9, day).unwrap(),
            amount,
            description: String::new(),
            normalized: String::new(),
            balance,
            kind: None,
            source_id: SourceId::Fingerprint(line.to_string()),
            line: Some(line),
        }
    }

    #[test]
    fn an_unbroken_chain_has_no_gap() {
        assert_eq!(
            balance_gaps(&[row(1, -100, Some(900), 2), row(2, 50, Some(950), 3)]),
            []
        );
    }

    #[test]
    fn missing_rows_show_as_a_gap_with_lines_dates_and_amount() {
        let gaps = balance_gaps(&[row(1, -100, Some(900), 2), row(9, -50, Some(550), 3)]);
        assert_eq!(gaps.len(), 1);
        assert_eq!(
            (gaps[0].after_line, gaps[0].before_line, gaps[0].unexplained),
            (Some(2), Some(3), -300)
        );
        assert_eq!(gaps[0].before_date.to_string(), "2020-09-09");
    }

    #[test]
    fn rows_without_a_balance_are_not_judged() {
        assert_eq!(
            balance_gaps(&[
                row(1, -100, Some(900), 2),
                row(2, -50, None, 3),
                row(3, -1, Some(1), 4)
            ]),
            []
        );
    }
}
