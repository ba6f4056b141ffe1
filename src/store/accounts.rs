//! The accounts the store holds: one per bank account a person checks.
//!
//! An account is named by a label the person chose, or by the bank and the masked number the
//! statement gives. Only the last four digits of a number are ever stored.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::migrate::Migration;
use super::StoreError;
use crate::Account;

pub(crate) const CREATE: Migration = Migration {
    table: "accounts",
    sql: "CREATE TABLE accounts (
        id            INTEGER PRIMARY KEY,
        label         TEXT NOT NULL UNIQUE,
        bank          TEXT,
        branch        TEXT,
        number_masked TEXT,
        created_at    TEXT NOT NULL
    );",
};

/// The label used when neither the person nor the file names the account.
pub const DEFAULT_LABEL: &str = "口座 (Account)";

/// An account in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StoredAccount {
    /// The store's id for it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The name the person knows it by.
    pub label: String,
    /// The bank and branch and masked number, when a statement gave them.
    pub account: Option<Account>,
}

/// The label for a statement's rows: the one given, else the bank and masked number the file
/// states, else [`DEFAULT_LABEL`].
pub fn label_for(given: Option<&str>, account: Option<&Account>) -> String {
    match (
        given.map(str::trim).filter(|label| !label.is_empty()),
        account,
    ) {
        (Some(label), _) => label.to_owned(),
        (None, Some(account)) => account.name(),
        (None, None) => DEFAULT_LABEL.to_owned(),
    }
}

/// The account with this label, created if new. A file that names a different account number
/// than the one stored under the label is refused: its rows belong to someone else's history.
pub(crate) fn find_or_create(
    conn: &Connection,
    label: &str,
    account: Option<&Account>,
    now: &str,
) -> Result<i64, StoreError> {
    let existing = conn
        .query_row(
            "SELECT id, number_masked FROM accounts WHERE label = ?1",
            [label],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?)),
        )
        .optional()?;
    match (existing, account) {
        (Some((_, Some(stored))), Some(given)) if stored != given.number_masked => {
            Err(StoreError::AccountMismatch {
                label: label.to_owned(),
                stored,
                file: given.number_masked.clone(),
            })
        }
        (Some((id, None)), Some(given)) => {
            conn.execute(
                "UPDATE accounts SET bank = ?2, branch = ?3, number_masked = ?4 WHERE id = ?1",
                params![id, given.bank, given.branch, given.number_masked],
            )?;
            Ok(id)
        }
        (Some((id, _)), _) => Ok(id),
        (None, given) => {
            conn.execute(
                "INSERT INTO accounts (label, bank, branch, number_masked, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    label,
                    given.map(|a| &a.bank),
                    given.and_then(|a| a.branch.as_ref()),
                    given.map(|a| &a.number_masked),
                    now
                ],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// The id of the account with this label.
pub(crate) fn id_of(conn: &Connection, label: &str) -> Result<i64, StoreError> {
    conn.query_row("SELECT id FROM accounts WHERE label = ?1", [label], |row| {
        row.get(0)
    })
    .optional()?
    .ok_or_else(|| StoreError::NoSuchAccount(label.to_owned()))
}

/// Every account, by label.
pub(crate) fn list(conn: &Connection) -> Result<Vec<StoredAccount>, StoreError> {
    let mut statement =
        conn.prepare("SELECT id, label, bank, branch, number_masked FROM accounts ORDER BY label")?;
    let rows = statement.query_map([], |row| {
        let bank: Option<String> = row.get(2)?;
        let number_masked: Option<String> = row.get(4)?;
        Ok(StoredAccount {
            id: row.get(0)?,
            label: row.get(1)?,
            account: bank
                .zip(number_masked)
                .map(|(bank, number_masked)| Account {
                    bank,
                    branch: row.get(3).ok().flatten(),
                    number_masked,
                }),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
