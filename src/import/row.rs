//! One row as any format reads it, before it is a [`Transaction`]: the same shape for a CSV line,
//! a Zengin data record, an OFX `STMTTRN` and a camt.053 `Ntry`, so that a file can be read whole
//! or row by row through one parser per format.

use chrono::NaiveDate;

use super::date::DateCell;
use super::fingerprint::Fingerprints;
use crate::{SourceId, Transaction, TransactionKind};

/// Where a row is wrong, and how.
pub(crate) type RowError = (super::Location, super::Problem);

/// A row's fields, read but with the date's year perhaps still unknown (only some CSV exports
/// leave it out).
#[derive(Debug)]
pub(crate) struct ReadRow {
    /// The row's line in the file, or its record number in a Zengin file without line breaks.
    pub(crate) line: u64,
    pub(crate) date: DateCell,
    pub(crate) amount: i64,
    pub(crate) balance: Option<i64>,
    pub(crate) description: String,
    /// The bank's own id for the row (照会番号, FITID, AcctSvcrRef), when the file gives one.
    pub(crate) bank_id: Option<String>,
    pub(crate) kind: Option<TransactionKind>,
}

impl ReadRow {
    pub(crate) fn bank_id(&self) -> Option<&str> {
        self.bank_id.as_deref()
    }

    /// The row as a transaction on `booked`; `fingerprints` must see the file's rows in order.
    pub(crate) fn into_transaction(
        self,
        booked: NaiveDate,
        fingerprints: &mut Fingerprints,
    ) -> Transaction {
        let normalized = crate::normalize::normalize(&self.description);
        self.into_normalized_transaction(booked, fingerprints, normalized)
    }

    /// [`ReadRow::into_transaction`] with the description already normalised.
    pub(crate) fn into_normalized_transaction(
        self,
        booked: NaiveDate,
        fingerprints: &mut Fingerprints,
        normalized: String,
    ) -> Transaction {
        let source_id = match self.bank_id {
            Some(id) => SourceId::Bank(id),
            None => SourceId::Fingerprint(fingerprints.next(
                booked,
                self.amount,
                self.balance,
                &self.description,
            )),
        };
        Transaction {
            balance: self.balance,
            kind: self.kind,
            ..Transaction::read_normalized(
                booked,
                self.amount,
                self.description,
                normalized,
                source_id,
                Some(self.line),
            )
        }
    }
}
