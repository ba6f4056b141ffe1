//! A statement: the transactions of one account read from one source, and what is known of it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::Transaction;

/// The transactions read from one file (or the demo), in booking order, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// Where the rows came from: a file name, or "demo".
    pub source: String,
    /// The layout that was recognised, e.g. `yucho`.
    pub layout: String,
    /// The account, when the file names it.
    pub account: Option<Account>,
    /// True for the built-in demo statement, which belongs to nobody and must say so wherever it shows.
    pub is_demo: bool,
    /// What the importer had to work out and the person should know.
    pub notes: Vec<ImportNote>,
    /// The rows, oldest first.
    pub transactions: Vec<Transaction>,
}

impl Statement {
    /// The first and last booked dates, or `None` for an empty statement.
    pub fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.transactions.first()?.booked;
        let last = self.transactions.last()?.booked;
        Some((first, last))
    }
}

/// Something the importer worked out rather than read, said to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ImportNote {
    /// Dates have no year; years were taken from the period the file states.
    YearFromPeriod {
        /// The period's first day.
        from: NaiveDate,
        /// The period's last day.
        to: NaiveDate,
    },
    /// Dates have no year; the person gave the first row's year and the rest follow the row order.
    #[serde(rename_all = "camelCase")]
    YearFromOrder {
        /// The year of the first row.
        first_year: i32,
    },
    /// The file lists the newest row first; the statement was put in date order.
    NewestFirst,
    /// Characters CP932 cannot name were shown as placeholders: the file may be Shift_JIS-2004
    /// (JIS X 0213), as MUFG labels its export. Amounts, dates and katakana are unaffected.
    #[serde(rename_all = "camelCase")]
    UnreadableCharacters {
        /// How many.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        count: usize,
        /// The first line with one.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        first_line: u64,
    },
    /// Only lines a person found in a paper passbook were entered, from the pages of these days:
    /// nothing is known of the other rows.
    PassbookLines {
        /// The first day looked at.
        from: NaiveDate,
        /// The last day looked at.
        to: NaiveDate,
    },
    /// Entries not yet booked (pending) were left out.
    PendingLeftOut {
        /// How many.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        count: usize,
    },
}

/// The account a statement belongs to. The number is only ever kept masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The bank's name, e.g. ゆうちょ銀行.
    pub bank: String,
    /// The branch, when known.
    pub branch: Option<String>,
    /// The account number with all but the last four digits hidden, e.g. `******4321`.
    pub number_masked: String,
}

impl Account {
    /// How the account is named where the person has not named it: the bank and the masked
    /// number, e.g. `ゆうちょ銀行 *********5671`. The store's default label and the sheet say
    /// this same name.
    pub fn name(&self) -> String {
        format!("{} {}", self.bank, self.number_masked)
    }

    /// Keeps only the last four digits of an account number; other characters are dropped.
    ///
    /// ```
    /// use kouza_guard::Account;
    /// assert_eq!(Account::mask_number("10170-12345671"), "*********5671");
    /// assert_eq!(Account::mask_number("123"), "***");
    /// ```
    pub fn mask_number(number: &str) -> String {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        // Four digits or fewer: showing them would show the whole number.
        let hidden = if digits.len() <= 4 {
            digits.len()
        } else {
            digits.len() - 4
        };
        format!("{}{}", "*".repeat(hidden), &digits[hidden..])
    }
}
