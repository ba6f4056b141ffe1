//! The sandbox account's history: about thirteen months of an ordinary pensioner's account with a
//! monthly PayPay habit, and, nine and eight days before "today", a ドコモ口座-style burst of
//! top-ups the holder never made. Dates follow the day the sandbox starts, so a sync always has
//! recent rows and an incremental sync has something to find.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One booked row, as the bank keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The bank's id for the row, unique in the ledger.
    pub id: u32,
    /// The booking date.
    pub booked: NaiveDate,
    /// Yen; negative for money out.
    pub amount: i64,
    /// The statement text, in the half-width katakana a passbook prints.
    pub text: String,
    /// The balance after the row.
    pub balance: i64,
}

/// The account's rows, oldest first.
#[derive(Debug, Clone)]
pub struct Ledger {
    entries: Vec<Entry>,
    balance: i64,
}

/// How far back the history goes.
pub const HISTORY_DAYS: i64 = 400;

impl Ledger {
    /// The synthetic history ending the day before `today`.
    pub fn synthetic(today: NaiveDate) -> Ledger {
        let mut ledger = Ledger {
            entries: Vec::new(),
            balance: 1_200_000,
        };
        let burst_first = today - Duration::days(9);
        let burst_second = today - Duration::days(8);
        let mut day = today - Duration::days(HISTORY_DAYS);
        while day < today {
            if day.day() == 15 && day.month() % 2 == 0 {
                ledger.push(day, 212_000, "ﾈﾝｷﾝ ｺｳｾｲ");
            }
            if day.day() == 5 {
                ledger.push(day, -2_170, "NHK ｼﾞﾕｼﾝﾘﾖｳ");
            }
            if day.day() == 10 {
                ledger.push(day, -3_000, "PAYPAY");
            }
            if day.day() == 27 {
                let electricity = 6_000 + i64::from(day.month()) * 310;
                ledger.push(day, -electricity, "ﾃﾞﾝｷﾀﾞｲ ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ");
            }
            if day.weekday() == Weekday::Mon {
                ledger.push(day, -20_000, "ATM ｼﾊﾗｲ");
            }
            if day == burst_first {
                for amount in [50_000, 50_000, 30_000] {
                    ledger.push(day, -amount, "ﾄﾞｺﾓｺｳｻﾞ");
                }
            }
            if day == burst_second {
                ledger.push(day, -40_000, "ﾄﾞｺﾓｺｳｻﾞ");
            }
            day += Duration::days(1);
        }
        ledger
    }

    /// Adds a row at the end, with the next id and the running balance.
    pub fn push(&mut self, booked: NaiveDate, amount: i64, text: &str) {
        self.balance += amount;
        self.entries.push(Entry {
            id: 100_000 + self.entries.len() as u32,
            booked,
            amount,
            text: text.to_owned(),
            balance: self.balance,
        });
    }

    /// The rows booked from `from` to `to`, both included, oldest first.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|entry| entry.booked >= from && entry.booked <= to)
            .collect()
    }

    /// Every row, oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The balance after the last row.
    pub fn balance(&self) -> i64 {
        self.balance
    }
}

#[cfg(test)]
mod tests {
    use super::Ledger;
    use chrono::NaiveDate;

    #[test]
    fn the_burst_sits_nine_and_eight_days_back_and_balances_add_up() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let ledger = Ledger::synthetic(today);
        let burst: Vec<_> = ledger
            .entries()
            .iter()
            .filter(|entry| entry.text == "ﾄﾞｺﾓｺｳｻﾞ")
            .map(|entry| (entry.booked, entry.amount))
            .collect();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(
            burst,
            [
                (day(16), -50_000),
                (day(16), -50_000),
                (day(16), -30_000),
                (day(17), -40_000)
            ]
        );
        for pair in ledger.entries().windows(2) {
            assert_eq!(pair[0].balance + pair[1].amount, pair[1].balance);
            assert!(pair[0].booked <= pair[1].booked);
        }
        assert!(ledger.entries().len() > 100, "enough rows to page through");
    }
}
