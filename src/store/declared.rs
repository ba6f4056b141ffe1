//! Services the holder declared they use, or never use. A declared service is not flagged for
//! being new, only for unusual amounts or rhythm; a never-used one is flagged at its first sight.

use std::collections::BTreeSet;

use rusqlite::{params, Connection};

use super::migrate::Migration;
use super::StoreError;

pub(crate) const CREATE: Migration = Migration {
    table: "declared_services",
    sql: "CREATE TABLE declared_services (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        service    TEXT NOT NULL,
        uses       INTEGER NOT NULL CHECK (uses IN (0, 1)),
        PRIMARY KEY (account_id, service)
    );",
};

/// Records that the holder uses (`true`) or never uses (`false`) the service.
pub(crate) fn set(
    conn: &Connection,
    account_id: i64,
    service: &str,
    uses: bool,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO declared_services (account_id, service, uses) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, service) DO UPDATE SET uses = excluded.uses",
        params![account_id, service, uses],
    )?;
    Ok(())
}

/// Forgets what the holder said about the service.
pub(crate) fn clear(conn: &Connection, account_id: i64, service: &str) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM declared_services WHERE account_id = ?1 AND service = ?2",
        params![account_id, service],
    )?;
    Ok(())
}

/// The services the holder uses, and those they never use.
pub(crate) fn all(
    conn: &Connection,
    account_id: i64,
) -> Result<(BTreeSet<String>, BTreeSet<String>), StoreError> {
    let mut select =
        conn.prepare_cached("SELECT service, uses FROM declared_services WHERE account_id = ?1")?;
    let mut known = BTreeSet::new();
    let mut never = BTreeSet::new();
    for row in select.query_map([account_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
    })? {
        let (service, uses) = row?;
        if uses {
            known.insert(service);
        } else {
            never.insert(service);
        }
    }
    Ok((known, never))
}
