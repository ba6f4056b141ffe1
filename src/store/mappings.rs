//! A person's own CSV mappings, one per bank, so that the next file from that bank is read
//! without describing it again.

use rusqlite::{params, Connection};

use super::migrate::Migration;
use super::StoreError;
use crate::import::mapping::Mapping;

pub(crate) const CREATE: Migration = Migration {
    table: "mappings",
    sql: "CREATE TABLE mappings (
        bank     TEXT PRIMARY KEY,
        mapping  TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );",
};

/// Saves the mapping under its bank, replacing an earlier one.
pub(crate) fn save(conn: &Connection, mapping: &Mapping, now: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO mappings (bank, mapping, saved_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (bank) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at",
        params![mapping.bank, mapping.to_toml(), now],
    )?;
    Ok(())
}

/// Every saved mapping, by bank. One that no longer reads (written by a newer app) is skipped.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Mapping>, StoreError> {
    let mut select = conn.prepare_cached("SELECT bank, mapping FROM mappings ORDER BY bank")?;
    let rows = select.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut mappings = Vec::new();
    for row in rows {
        let (bank, text) = row?;
        match Mapping::from_toml(&bank, &text) {
            Ok(mapping) => mappings.push(mapping),
            Err(error) => tracing::warn!(%error, "a saved mapping no longer reads"),
        }
    }
    Ok(mappings)
}
