//! Missing rows, found from the balances: where a file gives a balance on every row, each balance
//! must follow from the one before. A break means rows are missing (a page not exported, a gap
//! between files), and nothing may be said of rows the app did not see.

use chrono::NaiveDate;
use serde::Serialize;

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

/// Rows of the first day held before the file's order is known; beyond this, read it whole.
const MAX_UNORDERED_PAIRS: usize = 100_000;

/// What the balance check needs of a row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub(crate) day: NaiveDate,
    pub(crate) amount: i64,
    pub(crate) balance: Option<i64>,
    pub(crate) line: Option<u64>,
    /// Which of several files the row came from, for naming the file of a break.
    pub(crate) origin: usize,
}

/// The balance check, the one the app and every command use: on rows as they come, in
/// whichever order they are listed (oldest or newest first). The order is known at the first
/// change of day; pairs before it wait. Two checks of consecutive runs of rows join into one
/// ([`BalanceChain::then`]), so a file read in parts is checked as if read at once.
#[derive(Debug, Default)]
pub(crate) struct BalanceChain {
    first: Option<Step>,
    previous: Option<Step>,
    newest_first: Option<bool>,
    waiting: Vec<(Step, Step)>,
    /// Each break, with the origin of the row after it.
    gaps: Vec<(BalanceGap, usize)>,
    /// Some row gave a balance: only then does the order matter.
    balances: bool,
}

impl BalanceChain {
    /// Takes the next row; false when too many rows came before the order was known.
    pub(crate) fn step(&mut self, current: Step) -> bool {
        self.balances |= current.balance.is_some();
        let first = *self.first.get_or_insert(current);
        if self.newest_first.is_none() && current.day != first.day {
            let newest_first = current.day < first.day;
            self.newest_first = Some(newest_first);
            for (earlier, later) in std::mem::take(&mut self.waiting) {
                self.check(earlier, later, newest_first);
            }
        }
        if let Some(previous) = self.previous.replace(current) {
            match self.newest_first {
                Some(newest_first) => self.check(previous, current, newest_first),
                None if self.waiting.len() >= MAX_UNORDERED_PAIRS => return false,
                None => self.waiting.push((previous, current)),
            }
        }
        true
    }

    /// These rows followed by `later`'s, as if one chain had seen them all; `None` when the
    /// later rows were checked in another order than these (the rows' order changes), or too
    /// many rows came before the order was known.
    pub(crate) fn then(mut self, later: BalanceChain) -> Option<BalanceChain> {
        let (Some(first), Some(last)) = (self.first, self.previous) else {
            return Some(later);
        };
        let Some(later_first) = later.first else {
            return Some(self);
        };
        // The order shows at the first change of day: in these rows, else at the later rows'
        // first row, else at their own first change (their first row is on this day).
        let order = self
            .newest_first
            .or_else(|| (later_first.day != first.day).then(|| later_first.day < first.day))
            .or(later.newest_first);
        let balances = self.balances || later.balances;
        if later.newest_first.is_some() && later.newest_first != order && balances {
            return None;
        }
        self.balances = balances;
        self.newest_first = order;
        let mut waiting = std::mem::take(&mut self.waiting);
        waiting.push((last, later_first));
        waiting.extend(later.waiting);
        match order {
            Some(newest_first) => {
                for (earlier, next) in waiting {
                    self.check(earlier, next, newest_first);
                }
            }
            None if waiting.len() > MAX_UNORDERED_PAIRS => return None,
            None => self.waiting = waiting,
        }
        self.gaps.extend(later.gaps);
        self.previous = later.previous;
        Some(self)
    }

    /// The pair as listed, checked in date order.
    fn check(&mut self, listed_first: Step, listed_next: Step, newest_first: bool) {
        let (before, after) = if newest_first {
            (listed_next, listed_first)
        } else {
            (listed_first, listed_next)
        };
        let (Some(before_balance), Some(after_balance)) = (before.balance, after.balance) else {
            return;
        };
        // Saturating: amounts are bounded at import, but a gap must never wrap to "none".
        let unexplained = after_balance
            .saturating_sub(before_balance)
            .saturating_sub(after.amount);
        if unexplained != 0 {
            let gap = BalanceGap {
                after_date: before.day,
                after_line: before.line,
                before_date: after.day,
                before_line: after.line,
                unexplained,
            };
            self.gaps.push((gap, after.origin));
        }
    }

    /// The breaks in date order, each with the origin of the row after it, for rows listed
    /// `newest_first` (or not); `None` when they were not listed in the order their first change
    /// of day showed (rows in no steady order).
    pub(crate) fn finish(mut self, newest_first: bool) -> Option<Vec<(BalanceGap, usize)>> {
        match self.newest_first {
            // Without balances there is nothing to check, and the rows are sorted anyway.
            Some(order) if order != newest_first && !self.balances => return Some(Vec::new()),
            Some(order) if order != newest_first => return None,
            Some(_) => {}
            // One day only: the order is taken as it stands.
            None => {
                for (earlier, later) in std::mem::take(&mut self.waiting) {
                    self.check(earlier, later, newest_first);
                }
            }
        }
        if newest_first {
            self.gaps.reverse();
        }
        Some(self.gaps)
    }
}

#[cfg(test)]
mod tests {
    use super::{BalanceChain, BalanceGap, Step};
    use crate::{SourceId, Transaction};

    /// Every break in the balance chain of `transactions`, oldest first, as the fold finds them.
    fn balance_gaps(transactions: &[Transaction]) -> Vec<BalanceGap> {
        let mut chain = BalanceChain::default();
        for t in transactions {
            chain.step(Step {
                day: t.booked,
                amount: t.amount,
                balance: t.balance,
                line: t.line,
                origin: 0,
            });
        }
        (chain.finish(false).unwrap_or_default())
            .into_iter()
            .map(|(gap, _)| gap)
            .collect()
    }

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
