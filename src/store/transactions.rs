//! The transactions of every account, each once: a row is known by its account and source id (the
//! bank's id, else the importer's fingerprint), so a file imported twice, or two files whose
//! periods overlap, add each transaction once.

use rusqlite::{params, Connection, Row};

use super::migrate::Migration;
use super::StoreError;
use crate::{SourceId, Transaction, TransactionKind};

pub(crate) const CREATE: Migration = Migration {
    table: "transactions",
    sql: "CREATE TABLE transactions (
        id          INTEGER PRIMARY KEY,
        account_id  INTEGER NOT NULL REFERENCES accounts(id),
        source_kind TEXT NOT NULL CHECK (source_kind IN ('bank', 'fingerprint')),
        source_id   TEXT NOT NULL,
        booked      TEXT NOT NULL,
        amount      INTEGER NOT NULL,
        description TEXT NOT NULL,
        normalized  TEXT NOT NULL,
        balance     INTEGER,
        kind        TEXT,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        line        INTEGER,
        UNIQUE (account_id, source_kind, source_id)
    );
    CREATE INDEX transactions_by_date ON transactions (account_id, booked, id);",
};

/// The two columns a [`SourceId`] is stored in.
pub(crate) fn source_columns(source: &SourceId) -> (&'static str, &str) {
    match source {
        SourceId::Bank(id) => ("bank", id),
        SourceId::Fingerprint(id) => ("fingerprint", id),
    }
}

/// The [`SourceId`] stored in two columns.
pub(crate) fn source_from_columns(kind: &str, id: String) -> SourceId {
    match kind {
        "bank" => SourceId::Bank(id),
        _ => SourceId::Fingerprint(id),
    }
}

fn kind_to_text(kind: TransactionKind) -> &'static str {
    match kind {
        TransactionKind::AccountDebit => "accountDebit",
        TransactionKind::Card => "card",
        TransactionKind::Atm => "atm",
        TransactionKind::Transfer => "transfer",
        TransactionKind::Deposit => "deposit",
    }
}

fn kind_from_text(text: &str) -> Option<TransactionKind> {
    Some(match text {
        "accountDebit" => TransactionKind::AccountDebit,
        "card" => TransactionKind::Card,
        "atm" => TransactionKind::Atm,
        "transfer" => TransactionKind::Transfer,
        "deposit" => TransactionKind::Deposit,
        _ => return None,
    })
}

/// Stores `row` under `id` in the account, unless the account has it already: whether it was
/// added.
pub(crate) fn insert_at(
    conn: &Connection,
    id: i64,
    account_id: i64,
    import_id: i64,
    row: &Transaction,
) -> Result<bool, StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO transactions
            (id, account_id, source_kind, source_id, booked, amount, description, normalized,
             balance, kind, import_id, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (account_id, source_kind, source_id) DO NOTHING",
    )?;
    let (source_kind, source_id) = source_columns(&row.source_id);
    let added = insert.execute(params![
        id,
        account_id,
        source_kind,
        source_id,
        row.booked,
        row.amount,
        row.description,
        row.normalized,
        row.balance,
        row.kind.map(kind_to_text),
        import_id,
        row.line.map(|line| line as i64),
    ])?;
    Ok(added > 0)
}

/// The account's whole history, oldest first, in the order the rows were imported within a day.
pub(crate) fn history(conn: &Connection, account_id: i64) -> Result<Vec<Transaction>, StoreError> {
    let mut select = conn.prepare_cached(
        "SELECT booked, amount, description, normalized, balance, kind, source_kind, source_id, line
         FROM transactions WHERE account_id = ?1 ORDER BY booked, id",
    )?;
    let rows = select.query_map([account_id], from_row)?;
    let mut history: Vec<Transaction> = rows.collect::<Result<_, _>>()?;
    // A bank repeats the same few texts: each distinct one is normalised once. Normalised here,
    // not taken from the store, so that a row imported by an older version is matched as well
    // as a new one (a NUL inside a name hid it before 2026-11-30).
    let mut normalized = crate::normalize::TextMemo::default();
    for transaction in &mut history {
        transaction.normalized =
            normalized.get(&transaction.description, crate::normalize::normalize);
    }
    Ok(history)
}

/// How many transactions the account has.
pub(crate) fn count(conn: &Connection, account_id: i64) -> Result<usize, StoreError> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM transactions WHERE account_id = ?1",
        [account_id],
        |row| row.get(0),
    )?;
    Ok(count as usize)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Transaction> {
    let kind: Option<String> = row.get(5)?;
    let source_kind: String = row.get(6)?;
    let description: String = row.get(2)?;
    Ok(Transaction {
        booked: row.get(0)?,
        amount: row.get(1)?,
        // Normalised again once read (see `history`): the stored form is of the version that
        // imported the row, and a later version may normalise better.
        normalized: String::new(),
        description,
        balance: row.get(4)?,
        kind: kind.as_deref().and_then(kind_from_text),
        source_id: source_from_columns(&source_kind, row.get(7)?),
        line: row.get::<_, Option<i64>>(8)?.map(|line| line as u64),
    })
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::history;

    #[test]
    fn a_row_stored_by_an_older_version_is_normalised_again_when_read() {
        let conn = Connection::open_in_memory().unwrap();
        // The tables the foreign keys name, bare: only `transactions` is read.
        conn.execute_batch(
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY); CREATE TABLE imports (id INTEGER PRIMARY KEY);
             INSERT INTO accounts VALUES (1); INSERT INTO imports VALUES (1);",
        )
        .unwrap();
        conn.execute_batch(super::CREATE.sql).unwrap();
        // Before 2026-11-30 a NUL stayed in the normalised text and hid the service's name.
        conn.execute(
            "INSERT INTO transactions (account_id, source_kind, source_id, booked, amount,
             description, normalized, import_id) VALUES (1, 'bank', 'a', '2020-09-04', -100000,
             ?1, ?2, 1)",
            ["ﾄﾞｺﾓ\u{0}ｺｳｻﾞ", "ドコモ\u{0}コウザ"],
        )
        .unwrap();
        let rows = history(&conn, 1).unwrap();
        assert_eq!(rows[0].normalized, crate::normalize::normalize("ﾄﾞｺﾓｺｳｻﾞ"));
    }
}
