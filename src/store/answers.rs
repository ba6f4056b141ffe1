//! The holder's answers about single withdrawals: "this was me" or "this was not me". They change
//! later judgements, so they are kept with the account and read back into the [`Holder`].
//!
//! [`Holder`]: crate::detect::Holder

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::migrate::Migration;
use super::transactions::{source_columns, source_from_columns};
use super::StoreError;
use crate::detect::Answer;
use crate::SourceId;

pub(crate) const CREATE: Migration = Migration {
    table: "answers",
    sql: "CREATE TABLE answers (
        account_id  INTEGER NOT NULL REFERENCES accounts(id),
        source_kind TEXT NOT NULL,
        source_id   TEXT NOT NULL,
        answer      TEXT NOT NULL CHECK (answer IN ('mine', 'notMine')),
        answered_at TEXT NOT NULL,
        PRIMARY KEY (account_id, source_kind, source_id)
    );",
};

/// Records an answer, replacing an earlier one about the same withdrawal.
pub(crate) fn set(
    conn: &Connection,
    account_id: i64,
    source: &SourceId,
    answer: Answer,
    now: &str,
) -> Result<(), StoreError> {
    let (kind, id) = source_columns(source);
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM transactions WHERE account_id = ?1 AND source_kind = ?2 AND source_id = ?3",
        params![account_id, kind, id],
        |row| row.get(0),
    )?;
    if found == 0 {
        return Err(StoreError::NoSuchTransaction);
    }
    let answer = match answer {
        Answer::Mine => "mine",
        Answer::NotMine => "notMine",
    };
    conn.execute(
        "INSERT INTO answers (account_id, source_kind, source_id, answer, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (account_id, source_kind, source_id)
         DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
        params![account_id, kind, id, answer, now],
    )?;
    Ok(())
}

/// Every answer about the account's withdrawals.
pub(crate) fn all(
    conn: &Connection,
    account_id: i64,
) -> Result<HashMap<SourceId, Answer>, StoreError> {
    let mut select = conn.prepare_cached(
        "SELECT source_kind, source_id, answer FROM answers WHERE account_id = ?1",
    )?;
    let rows = select.query_map([account_id], |row| {
        let kind: String = row.get(0)?;
        let source = source_from_columns(&kind, row.get(1)?);
        let answer: String = row.get(2)?;
        let answer = if answer == "mine" {
            Answer::Mine
        } else {
            Answer::NotMine
        };
        Ok((source, answer))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
