//! The flags raised on an account, remembered so that a later check can tell what is new: the
//! periodic check notifies only about withdrawals flagged for the first time.

use rusqlite::{params, Connection};

use super::migrate::Migration;
use super::transactions::source_columns;
use super::StoreError;
use crate::SourceId;

pub(crate) const CREATE: Migration = Migration {
    table: "findings",
    sql: "CREATE TABLE findings (
        account_id      INTEGER NOT NULL REFERENCES accounts(id),
        source_kind     TEXT NOT NULL,
        source_id       TEXT NOT NULL,
        service         TEXT NOT NULL,
        score           REAL NOT NULL,
        catalog_version TEXT NOT NULL,
        first_flagged   TEXT NOT NULL,
        PRIMARY KEY (account_id, source_kind, source_id)
    );",
};

/// One flag to remember.
pub(crate) struct Flag<'a> {
    pub source: &'a SourceId,
    pub service: &'a str,
    pub score: f64,
}

/// Remembers the flags; returns the positions in `flags` of those never flagged before.
pub(crate) fn remember(
    conn: &Connection,
    account_id: i64,
    flags: &[Flag<'_>],
    catalog_version: &str,
    now: &str,
) -> Result<Vec<usize>, StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO findings (account_id, source_kind, source_id, service, score, catalog_version, first_flagged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account_id, source_kind, source_id)
         DO UPDATE SET score = excluded.score, catalog_version = excluded.catalog_version",
    )?;
    let mut exists = conn.prepare_cached(
        "SELECT count(*) FROM findings WHERE account_id = ?1 AND source_kind = ?2 AND source_id = ?3",
    )?;
    let mut new = Vec::new();
    for (position, flag) in flags.iter().enumerate() {
        let (kind, id) = source_columns(flag.source);
        let seen: i64 = exists.query_row(params![account_id, kind, id], |row| row.get(0))?;
        if seen == 0 {
            new.push(position);
        }
        insert.execute(params![
            account_id,
            kind,
            id,
            flag.service,
            flag.score,
            catalog_version,
            now
        ])?;
    }
    Ok(new)
}
