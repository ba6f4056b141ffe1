//! Versioned schema migrations. Each table module owns its migrations; this list puts them in the
//! order they shipped. The file's `user_version` says how many have run.
//!
//! A shipped migration is never edited: a change to a table is a new migration at the end.

use rusqlite::Connection;

use super::{
    accounts, answers, declared, findings, imports, mappings, sync_state, transactions, StoreError,
};

/// One step of the schema.
#[derive(Debug)]
pub(crate) struct Migration {
    /// The table module that owns the step.
    pub table: &'static str,
    /// The SQL that takes the schema one version up.
    pub sql: &'static str,
}

/// Every migration, in order: version N is reached by running the first N.
pub(crate) const MIGRATIONS: &[Migration] = &[
    accounts::CREATE,
    imports::CREATE,
    transactions::CREATE,
    answers::CREATE,
    declared::CREATE,
    findings::CREATE,
    sync_state::CREATE,
    mappings::CREATE,
    sync_state::RETRIES,
    imports::PAGES,
];

/// The schema version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.len() as u32
}

/// The file's schema version.
pub(crate) fn version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Runs the migrations the file has not had, up to `target`, each in its own transaction.
pub(crate) fn upgrade_to(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current > latest() {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: latest(),
        });
    }
    for (index, migration) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        let transaction = conn.transaction()?;
        transaction
            .execute_batch(migration.sql)
            .map_err(|source| StoreError::Migration {
                version: index as u32 + 1,
                table: migration.table,
                source,
            })?;
        transaction.pragma_update(None, "user_version", index as u32 + 1)?;
        transaction.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{latest, upgrade_to, version, MIGRATIONS};

    /// A row for the table each migration creates, written while the file is at that version.
    const SAMPLE_ROWS: &[&str] = &[
        "INSERT INTO accounts VALUES (1, '口座', 'ゆうちょ銀行', NULL, '****5671', '2020-09-01T00:00:00Z')",
        // Its columns named: a later migration adds more.
        "INSERT INTO imports (id, account_id, source, layout, first_booked, last_booked, rows, added, imported_at) VALUES (1, 1, 'a.csv', 'yucho', '2020-09-01', '2020-09-30', 1, 1, '2020-10-01T00:00:00Z')",
        "INSERT INTO transactions VALUES (1, 1, 'fingerprint', 'abc', '2020-09-04', -30000, 'ﾄﾞｺﾓｺｳｻﾞ', 'ドコモコウザ', 70000, NULL, 1, 2)",
        "INSERT INTO answers VALUES (1, 'fingerprint', 'abc', 'notMine', '2020-10-01T00:00:00Z')",
        "INSERT INTO declared_services VALUES (1, 'paypay', 1)",
        "INSERT INTO findings VALUES (1, 'fingerprint', 'abc', 'docomo-koza', 0.9, '1', '2020-10-01T00:00:00Z')",
        // Its columns named: a later migration adds more.
        "INSERT INTO sync_state (account_id, provider, last_booked, last_synced_at, requests_day, requests_made) VALUES (1, 'simplefin', '2020-09-30', NULL, NULL, 0)",
        "INSERT INTO mappings VALUES ('Example Bank', 'bank = \"Example Bank\"', '2020-10-01T00:00:00Z')",
        "UPDATE sync_state SET failures = 2, last_failed_at = '2020-10-01T00:00:00Z' WHERE account_id = 1",
        "UPDATE imports SET pages_from = '2020-09-01', pages_to = '2020-09-30' WHERE id = 1",
    ];

    fn schema(conn: &Connection) -> Vec<String> {
        let mut statement = conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        let rows = statement.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn every_migration_has_a_sample_row() {
        assert_eq!(SAMPLE_ROWS.len(), MIGRATIONS.len());
    }

    #[test]
    fn every_earlier_schema_upgrades_to_the_latest_keeping_its_rows() {
        let mut fresh = Connection::open_in_memory().unwrap();
        upgrade_to(&mut fresh, latest()).unwrap();
        for start in 0..=latest() {
            let mut conn = Connection::open_in_memory().unwrap();
            upgrade_to(&mut conn, start).unwrap();
            assert_eq!(version(&conn).unwrap(), start);
            for row in &SAMPLE_ROWS[..start as usize] {
                conn.execute(row, []).unwrap();
            }
            upgrade_to(&mut conn, latest()).unwrap();
            assert_eq!(version(&conn).unwrap(), latest(), "from {start}");
            assert_eq!(schema(&conn), schema(&fresh), "from {start}");
            for (index, migration) in MIGRATIONS.iter().enumerate().take(start as usize) {
                let count: i64 = conn
                    .query_row(
                        &format!("SELECT count(*) FROM {}", migration.table),
                        [],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(
                    count,
                    1,
                    "{} lost its row upgrading from {start}",
                    index + 1
                );
            }
        }
    }

    #[test]
    fn a_store_from_a_newer_app_is_refused_not_damaged() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() + 1)
            .unwrap();
        let error = upgrade_to(&mut conn, latest()).unwrap_err();
        assert!(error.to_string().contains("newer"), "{error}");
        assert_eq!(version(&conn).unwrap(), latest() + 1);
    }
}
