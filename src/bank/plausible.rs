//! What no real bank reply holds, refused before anything of it is kept.
//!
//! A bank's API is trusted with the rows, not with the range of their values: a booking date in
//! the year 262000 or −262000, or an amount near `i64::MAX`, is a broken or hostile server, and
//! taken in it would overflow date and amount arithmetic later (every later sync's window, a
//! burst's total). So a pull is checked whole, once, between the connector and the store: a row
//! booked before 1990, after tomorrow, or more than [`SLACK_DAYS`] outside the days asked for, or
//! an amount or balance beyond [`crate::import::MAX_YEN`] either way, refuses the whole reply. Nothing is
//! skipped: a row silently left out could be the fraudulent one.
//!
//! ```
//! use chrono::NaiveDate;
//! use kouza_guard::bank::plausible::{booking_days, yen_in_range};
//! let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let today = day(2026, 11, 25);
//! assert_eq!(
//!     booking_days(day(2026, 11, 1), today, today),
//!     (day(2026, 10, 25), day(2026, 11, 26)),
//! );
//! // However early the window, nothing before 1990.
//! assert_eq!(booking_days(day(1, 1, 1), today, today).0, day(1990, 1, 1));
//! assert!(yen_in_range(-999_999_999_999_999));
//! assert!(!yen_in_range(1_000_000_000_000_000));
//! assert!(!yen_in_range(i64::MIN));
//! ```

use chrono::{Days, NaiveDate};

use crate::{SourceId, Transaction};

/// The earliest booking date taken: online banking's history reaches no further back.
pub fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).expect("1990-01-01 is a day")
}

/// Days a row may fall outside the window asked for: banks book late and correct, but not by
/// more than a week.
pub const SLACK_DAYS: u64 = 7;

/// Whether `yen` is an amount or balance a real account can have: the same rule as file import,
/// |yen| at most [`crate::import::MAX_YEN`] (under ¥10^15).
pub fn yen_in_range(yen: i64) -> bool {
    crate::import::within_limit(yen)
}

/// The first and last booking day a row of a pull for `from`–`to` may carry, made `today`:
/// [`SLACK_DAYS`] either side of the window, but never before 1990 nor after tomorrow.
pub fn booking_days(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = from
        .checked_sub_days(Days::new(SLACK_DAYS))
        .unwrap_or(NaiveDate::MIN)
        .max(earliest());
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let last = to
        .checked_add_days(Days::new(SLACK_DAYS))
        .unwrap_or(NaiveDate::MAX)
        .min(tomorrow);
    (first, last)
}

/// Whether `day` can be a stored last booked date on `today`: from 1990 to tomorrow.
pub fn is_bookable(day: NaiveDate, today: NaiveDate) -> bool {
    day >= earliest() && Some(day) <= today.checked_add_days(Days::new(1))
}

/// The longest part of a bank's row id quoted in an error: a hostile server's id can be huge.
const MAX_QUOTED_CHARS: usize = 40;

/// A row as an error names it: the bank's id (cut short), or its date and amount.
fn row_name(row: &Transaction) -> String {
    match &row.source_id {
        SourceId::Bank(id) if id.chars().count() > MAX_QUOTED_CHARS => {
            format!(
                "row {}…",
                id.chars().take(MAX_QUOTED_CHARS).collect::<String>()
            )
        }
        SourceId::Bank(id) => format!("row {id}"),
        SourceId::Fingerprint(_) => "a row without an id".to_owned(),
    }
}

/// Checks every row of a pull for `from`–`to` made `today`; the first that no real account has
/// is described, so the whole pull can be refused.
///
/// ```
/// use chrono::NaiveDate;
/// use kouza_guard::bank::plausible::check;
/// use kouza_guard::{SourceId, Transaction};
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let today = day(2026, 11, 25);
/// let row = |booked, amount| {
///     Transaction::read(booked, amount, "ATM".into(), SourceId::Bank("t-1".into()), None)
/// };
/// assert!(check(&[row(today, -20_000)], day(2026, 11, 1), today, today).is_ok());
/// let far = check(&[row(day(2999, 1, 1), -20_000)], day(2026, 11, 1), today, today);
/// assert!(far.unwrap_err().contains("row t-1 is booked 2999-01-01"));
/// let huge = check(&[row(today, i64::MAX)], day(2026, 11, 1), today, today);
/// assert!(huge.unwrap_err().contains("10^15"));
/// ```
pub fn check(
    rows: &[Transaction],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<(), String> {
    let (first, last) = booking_days(from, to, today);
    for row in rows {
        if row.booked < first || row.booked > last {
            return Err(format!(
                "{} is booked {}, but only {first} to {last} can be: the days asked for \
                 ({from} to {to}) and a week either side, from 1990 and at the latest tomorrow",
                row_name(row),
                row.booked
            ));
        }
        if !yen_in_range(row.amount) {
            return Err(format!(
                "{} moves {} yen, and no real amount reaches ¥10^15",
                row_name(row),
                row.amount
            ));
        }
        if let Some(balance) = row.balance.filter(|balance| !yen_in_range(*balance)) {
            return Err(format!(
                "{} leaves a balance of {balance} yen, and no real balance reaches ¥10^15",
                row_name(row)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{booking_days, check, is_bookable, yen_in_range};
    use crate::import::MAX_YEN;
    use crate::{SourceId, Transaction};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(booked: NaiveDate, amount: i64, balance: Option<i64>) -> Transaction {
        let mut row = Transaction::read(
            booked,
            amount,
            "ﾄﾞｺﾓｺｳｻﾞ".into(),
            SourceId::Bank("x".repeat(500)),
            None,
        );
        row.balance = balance;
        row
    }

    #[test]
    fn the_edges_of_the_range_are_taken_and_one_past_them_refused() {
        let today = day(2026, 11, 25);
        let from = day(2026, 10, 1);
        let to = day(2026, 11, 10);
        let (first, last) = booking_days(from, to, today);
        assert_eq!((first, last), (day(2026, 9, 24), day(2026, 11, 17)));
        assert!(check(&[row(first, -1, Some(0))], from, to, today).is_ok());
        assert!(check(&[row(last, -1, None)], from, to, today).is_ok());
        assert!(check(&[row(first.pred_opt().unwrap(), -1, None)], from, to, today).is_err());
        assert!(check(&[row(last.succ_opt().unwrap(), -1, None)], from, to, today).is_err());
        // A window to today ends tomorrow, not a week later.
        assert_eq!(booking_days(from, today, today).1, day(2026, 11, 26));
    }

    #[test]
    fn the_extremes_chrono_can_hold_are_refused_without_overflow() {
        for (from, to, today) in [
            (NaiveDate::MIN, NaiveDate::MIN, NaiveDate::MIN),
            (NaiveDate::MAX, NaiveDate::MAX, NaiveDate::MAX),
            (NaiveDate::MIN, NaiveDate::MAX, day(2026, 11, 25)),
        ] {
            let (first, last) = booking_days(from, to, today);
            assert!(first >= super::earliest());
            for booked in [NaiveDate::MIN, NaiveDate::MAX] {
                if booked < first || booked > last {
                    assert!(check(&[row(booked, 0, None)], from, to, today).is_err());
                }
            }
        }
        assert!(!is_bookable(NaiveDate::MIN, day(2026, 11, 25)));
        assert!(!is_bookable(NaiveDate::MAX, NaiveDate::MAX));
        assert!(is_bookable(day(2026, 11, 26), day(2026, 11, 25)));
    }

    #[test]
    fn amounts_and_balances_of_a_quadrillion_or_more_either_way_are_refused() {
        let today = day(2026, 11, 25);
        for yen in [MAX_YEN + 1, -MAX_YEN - 1, i64::MAX, i64::MIN] {
            assert!(!yen_in_range(yen), "{yen}");
            let amount = check(&[row(today, yen, None)], today, today, today).unwrap_err();
            assert!(amount.contains("moves"), "{amount}");
            let balance = check(&[row(today, 1, Some(yen))], today, today, today).unwrap_err();
            assert!(balance.contains("balance"), "{balance}");
        }
        assert!(check(&[row(today, MAX_YEN, Some(-MAX_YEN))], today, today, today).is_ok());
    }

    #[test]
    fn a_huge_row_id_is_quoted_short() {
        let today = day(2026, 11, 25);
        let message = check(&[row(today, i64::MAX, None)], today, today, today).unwrap_err();
        assert!(message.len() < 200, "{message}");
    }
}
