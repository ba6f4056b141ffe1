//! A record of every import: which file, which layout, the period, and how many rows were new.
//! It is what the app shows as "last checked" and what `kouza-guard import` reports.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::migrate::Migration;
use super::StoreError;

pub(crate) const CREATE: Migration = Migration {
    table: "imports",
    sql: "CREATE TABLE imports (
        id           INTEGER PRIMARY KEY,
        account_id   INTEGER NOT NULL REFERENCES accounts(id),
        source       TEXT NOT NULL,
        layout       TEXT NOT NULL,
        first_booked TEXT,
        last_booked  TEXT,
        rows         INTEGER NOT NULL,
        added        INTEGER NOT NULL,
        imported_at  TEXT NOT NULL
    );",
};

/// What one import is recorded with.
pub(crate) struct ImportRecord<'a> {
    pub account_id: i64,
    pub source: &'a str,
    pub layout: &'a str,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub rows: usize,
    pub now: &'a str,
}

/// Starts the record; the count of added rows is filled in by [`finish`].
pub(crate) fn begin(conn: &Connection, record: &ImportRecord<'_>) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO imports (account_id, source, layout, first_booked, last_booked, rows, added, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
        params![
            record.account_id,
            record.source,
            record.layout,
            record.period.map(|(from, _)| from),
            record.period.map(|(_, to)| to),
            record.rows as i64,
            record.now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes how many rows the import added.
pub(crate) fn finish(conn: &Connection, import_id: i64, added: usize) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE imports SET added = ?2 WHERE id = ?1",
        params![import_id, added as i64],
    )?;
    Ok(())
}

/// When the account was last imported into, as stored (RFC 3339).
pub(crate) fn last_import(
    conn: &Connection,
    account_id: i64,
) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row(
        "SELECT max(imported_at) FROM imports WHERE account_id = ?1",
        [account_id],
        |row| row.get(0),
    )?)
}
