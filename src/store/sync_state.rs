//! Where each account's bank sync stands: the provider, the last booked date pulled, the
//! requests made today, so that a provider's daily limit is respected across restarts, and the
//! failures in a row since the last sync that worked, so that the periodic check's retries
//! (the bank module's schedule) wait as long after a restart as they would have without one.
//! Secrets (tokens, access URLs, consent ids) are never here: they live in the keychain.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::migrate::Migration;
use super::StoreError;

pub(crate) const CREATE: Migration = Migration {
    table: "sync_state",
    sql: "CREATE TABLE sync_state (
        account_id     INTEGER PRIMARY KEY REFERENCES accounts(id),
        provider       TEXT NOT NULL,
        last_booked    TEXT,
        last_synced_at TEXT,
        requests_day   TEXT,
        requests_made  INTEGER NOT NULL DEFAULT 0
    );",
};

/// The failures in a row and when the last one was, for the periodic check's backoff.
pub(crate) const RETRIES: Migration = Migration {
    table: "sync_state",
    sql: "ALTER TABLE sync_state ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sync_state ADD COLUMN last_failed_at TEXT;",
};

/// An account's sync state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The provider's id, e.g. `simplefin`.
    pub provider: String,
    /// The last booked date pulled: the next sync starts a little before it.
    pub last_booked: Option<NaiveDate>,
    /// When the last sync finished (RFC 3339).
    pub last_synced_at: Option<String>,
    /// The day the request count is for.
    pub requests_day: Option<NaiveDate>,
    /// Requests made that day.
    pub requests_made: u32,
    /// Syncs that failed in a row since the last one that worked.
    pub failures: u32,
    /// When the last of them failed (RFC 3339).
    pub last_failed_at: Option<String>,
}

pub(crate) fn get(conn: &Connection, account_id: i64) -> Result<Option<SyncState>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT provider, last_booked, last_synced_at, requests_day, requests_made,
                    failures, last_failed_at
             FROM sync_state WHERE account_id = ?1",
            [account_id],
            |row| {
                Ok(SyncState {
                    provider: row.get(0)?,
                    last_booked: row.get(1)?,
                    last_synced_at: row.get(2)?,
                    requests_day: row.get(3)?,
                    requests_made: row.get(4)?,
                    failures: row.get(5)?,
                    last_failed_at: row.get(6)?,
                })
            },
        )
        .optional()?)
}

pub(crate) fn put(conn: &Connection, account_id: i64, state: &SyncState) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sync_state (account_id, provider, last_booked, last_synced_at, requests_day,
                                 requests_made, failures, last_failed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (account_id) DO UPDATE SET provider = excluded.provider,
            last_booked = excluded.last_booked, last_synced_at = excluded.last_synced_at,
            requests_day = excluded.requests_day, requests_made = excluded.requests_made,
            failures = excluded.failures, last_failed_at = excluded.last_failed_at",
        params![
            account_id,
            state.provider,
            state.last_booked,
            state.last_synced_at,
            state.requests_day,
            state.requests_made,
            state.failures,
            state.last_failed_at
        ],
    )?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, account_id: i64) -> Result<(), StoreError> {
    conn.execute("DELETE FROM sync_state WHERE account_id = ?1", [account_id])?;
    Ok(())
}
