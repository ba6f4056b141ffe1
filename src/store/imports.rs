//! A record of every import: which file, which layout, the period, and how many rows were new.
//! It is what the app shows as "last checked" and what `kouza-guard import` reports. For lines a
//! person typed in from a paper passbook it also keeps the pages they looked at, which the lines'
//! own dates cannot tell: the review speaks of those pages only.

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

/// The first and last day of the passbook pages a person looked at, for an import of lines found
/// in a paper passbook (`ImportNote::PassbookLines`); empty for a file or a bank.
pub(crate) const PAGES: Migration = Migration {
    table: "imports",
    sql: "ALTER TABLE imports ADD COLUMN pages_from TEXT;
        ALTER TABLE imports ADD COLUMN pages_to TEXT;",
};

/// What one import is recorded with.
pub(crate) struct ImportRecord<'a> {
    pub account_id: i64,
    pub source: &'a str,
    pub layout: &'a str,
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// The passbook pages looked at, for lines found in a passbook.
    pub pages: Option<(NaiveDate, NaiveDate)>,
    pub rows: usize,
    pub now: &'a str,
}

/// Starts the record; the count of added rows is filled in by [`finish`].
pub(crate) fn begin(conn: &Connection, record: &ImportRecord<'_>) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO imports (account_id, source, layout, first_booked, last_booked, rows, added, imported_at, pages_from, pages_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9)",
        params![
            record.account_id,
            record.source,
            record.layout,
            record.period.map(|(from, _)| from),
            record.period.map(|(_, to)| to),
            record.rows as i64,
            record.now,
            record.pages.map(|(from, _)| from),
            record.pages.map(|(_, to)| to),
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

/// The passbook pages looked at in the account's imports, each period once, earliest first.
pub(crate) fn pages(
    conn: &Connection,
    account_id: i64,
) -> Result<Vec<(NaiveDate, NaiveDate)>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT DISTINCT pages_from, pages_to FROM imports
         WHERE account_id = ?1 AND pages_from IS NOT NULL AND pages_to IS NOT NULL
         ORDER BY pages_from, pages_to",
    )?;
    let rows = statement.query_map([account_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
