//! One booked line of an account's history, as the bank wrote it and as the app reads it.

use chrono::NaiveDate;
use serde::Serialize;

/// One booked transaction.
///
/// `description` keeps the bank's text exactly as decoded, so a person can find the same line in
/// their passbook; `normalized` is the folded form that matching works on (see [`crate::normalize`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// The day the bank booked it.
    pub booked: NaiveDate,
    /// Yen; withdrawals are negative, deposits positive.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    /// The statement text exactly as decoded from the file.
    pub description: String,
    /// `description` normalised for matching.
    pub normalized: String,
    /// The balance after this transaction, when the file gives it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub balance: Option<i64>,
    /// What kind of transaction the file says it is, when it says.
    pub kind: Option<TransactionKind>,
    /// What identifies this transaction across re-imports.
    pub source_id: SourceId,
    /// The 1-based line of the file it came from, so an error or a flag can point at it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub line: Option<u64>,
}

impl Transaction {
    /// A transaction as a reader makes it: the normalised text is derived here, so no reader can
    /// forget it or compute it differently. Balance and kind start empty; set them when known.
    pub fn read(
        booked: NaiveDate,
        amount: i64,
        description: String,
        source_id: SourceId,
        line: Option<u64>,
    ) -> Self {
        let normalized = crate::normalize::normalize(&description);
        Self::read_normalized(booked, amount, description, normalized, source_id, line)
    }

    /// [`Transaction::read`] with the text already normalised by [`crate::normalize::normalize`]:
    /// a scan normalises each distinct text once, on the core that read it.
    pub(crate) fn read_normalized(
        booked: NaiveDate,
        amount: i64,
        description: String,
        normalized: String,
        source_id: SourceId,
        line: Option<u64>,
    ) -> Self {
        debug_assert_eq!(normalized, crate::normalize::normalize(&description));
        Transaction {
            booked,
            amount,
            normalized,
            description,
            balance: None,
            kind: None,
            source_id,
            line,
        }
    }

    /// Whether money left the account.
    pub fn is_withdrawal(&self) -> bool {
        self.amount < 0
    }
}

/// Joins the parts a file splits one description over (ゆうちょ's 詳細１ and 詳細２, OFX's NAME
/// and MEMO): each trimmed, empty ones left out, one space between.
///
/// ```
/// use kouza_guard::transaction::join_description;
/// assert_eq!(join_description(["振替 ", "", " PAYPAY"]), "振替 PAYPAY");
/// assert_eq!(join_description(["", " "]), "");
/// ```
pub fn join_description<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut joined = String::new();
    for part in parts
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(part);
    }
    joined
}

/// The kind of a transaction, when the file states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TransactionKind {
    /// An account debit (口座振替 / 即時振替 / 自動払込): the way e-money wallets were topped up.
    AccountDebit,
    /// A debit-card payment (デビット).
    Card,
    /// Cash at an ATM.
    Atm,
    /// A transfer to or from another account (振込).
    Transfer,
    /// A deposit such as salary or a pension.
    Deposit,
}

/// What identifies a transaction across re-imports of overlapping files.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
pub enum SourceId {
    /// An id the bank gave the row (FITID, 照会番号, 入出金明細ID).
    Bank(String),
    /// A fingerprint of the row's own fields, for files that give no id.
    Fingerprint(String),
}

/// A source id as a person or a script writes it: `bank:<id>` or `fp:<fingerprint>`. This is how
/// `scan` names a row and `answer` is told which row is meant.
impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceId::Bank(id) => write!(f, "bank:{id}"),
            SourceId::Fingerprint(id) => write!(f, "fp:{id}"),
        }
    }
}

/// A text that is not a written [`SourceId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a row id: expected bank:<id> or fp:<fingerprint>, as `scan` prints them")]
pub struct NotARowId(pub String);

impl std::str::FromStr for SourceId {
    type Err = NotARowId;

    /// ```
    /// use kouza_guard::SourceId;
    /// let id: SourceId = "fp:0a1b2c".parse().unwrap();
    /// assert_eq!(id, SourceId::Fingerprint("0a1b2c".into()));
    /// assert_eq!(id.to_string().parse::<SourceId>().unwrap(), id);
    /// assert!("0a1b2c".parse::<SourceId>().is_err());
    /// assert!("bank:".parse::<SourceId>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        match text.split_once(':') {
            Some(("bank", id)) if !id.is_empty() => Ok(SourceId::Bank(id.to_owned())),
            Some(("fp", id)) if !id.is_empty() => Ok(SourceId::Fingerprint(id.to_owned())),
            _ => Err(NotARowId(text.to_owned())),
        }
    }
}

/// A day as chrono writes it (2020-09-04), without its formatting machinery: a scan's report
/// and its row ids write tens of thousands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IsoDay([u8; 10]);

impl IsoDay {
    /// `None` outside the years 0 to 9999, which chrono writes otherwise (with a sign, or more
    /// digits).
    pub(crate) fn of(day: NaiveDate) -> Option<IsoDay> {
        use chrono::Datelike;
        let year = u32::try_from(day.year())
            .ok()
            .filter(|year| *year <= 9999)?;
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (month, date) = (day.month(), day.day());
        Some(IsoDay([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(date / 10),
            digit(date),
        ]))
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("digits and dashes are ASCII")
    }
}

/// Serialises a day as chrono does, through [`IsoDay`] when it can (`serialize_with`).
pub(crate) fn serialize_day<S: serde::Serializer>(
    day: &NaiveDate,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match IsoDay::of(*day) {
        Some(text) => serializer.serialize_str(text.as_str()),
        None => day.serialize(serializer),
    }
}

#[cfg(test)]
mod tests {
    use super::IsoDay;
    use chrono::NaiveDate;

    /// Written as chrono writes it, on every day chrono has in the years written by hand, and
    /// left to chrono outside them.
    #[test]
    fn an_iso_day_is_what_chrono_writes() {
        let mut day = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        loop {
            assert_eq!(IsoDay::of(day).unwrap().as_str(), day.to_string());
            if day == last {
                break;
            }
            day = day.succ_opt().unwrap();
        }
        for outside in [
            NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
        ] {
            assert!(IsoDay::of(outside).is_none(), "{outside}");
        }
    }
}
