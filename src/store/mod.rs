//! The local store: accounts, their transactions, the holder's answers and declared services, the
//! flags raised and the sync state, in one SQLite file encrypted with SQLCipher.
//!
//! The key is 32 random bytes kept in the OS keychain ([`keychain`]), or, where there is no
//! keychain, derived by SQLCipher from a passphrase the person types: never written in clear. A
//! small `store.json` beside the database says which, and holds the store's random id; it holds no
//! secret. It is written whole or not at all (see `files.rs`), with a copy that opens the store and
//! lets delete-everything find its keychain entries should it ever be damaged. Every write (an
//! import, an answer) is one transaction, and the database runs in WAL mode with full syncs, so a
//! crash or a killed process leaves it as it was before the write.
//!
//! ```no_run
//! use kouza_guard::store::{Protection, Store, Unlock};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = std::path::Path::new("/tmp/kouza-guard-example");
//! let (mut store, phrase) = Store::create(dir, Protection::Keychain)?;
//! println!("Write this down: {}", phrase.unwrap().as_str());
//! let request = kouza_guard::import::Request::default();
//! let statement = kouza_guard::import::read("statement.csv".as_ref(), &request)?;
//! let outcome = store.import(&statement, None)?;
//! println!("{} new of {}", outcome.added, outcome.rows);
//! # Ok(()) }
//! ```

mod accounts;
mod answers;
mod declared;
mod delete;
mod error;
mod files;
mod findings;
mod importing;
mod imports;
pub mod key;
pub mod keychain;
mod mappings;
mod migrate;
mod sync_state;
mod transactions;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use accounts::{label_for, StoredAccount, DEFAULT_LABEL};
pub use delete::Deleted;
pub use error::StoreError;
pub use importing::{FileFacts, FileRows, Importing};
pub use key::{RecoveryPhrase, StoreKey};
pub use migrate::latest as latest_schema;
pub use sync_state::SyncState;

use crate::detect::{Answer, Holder};
use crate::{ImportNote, SourceId, Statement, Transaction};

/// The database file in the store's folder.
pub const DATABASE_FILE: &str = "store.db";
/// The file that says how the database is keyed (no secret in it).
pub const META_FILE: &str = "store.json";
/// A copy of [`META_FILE`], written with it, read only by delete-everything when `store.json`
/// is damaged: it names the store's keychain entries.
pub const META_COPY_FILE: &str = "store.json.copy";
/// How the folders of stores set aside begin (the date follows).
const SET_ASIDE: &str = "set-aside-";

/// How a new store is protected.
pub enum Protection {
    /// A random key kept in the OS keychain.
    Keychain,
    /// A key SQLCipher derives from this passphrase; for computers without a keychain.
    Passphrase(Zeroizing<String>),
}

/// How an existing store is opened.
pub enum Unlock {
    /// With its key from the keychain, or its passphrase when it has one.
    Keychain,
    /// With the passphrase the person typed.
    Passphrase(Zeroizing<String>),
    /// With the key from a recovery phrase; the key is saved to the keychain again.
    Recovery(StoreKey),
}

/// What `store.json` says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
struct Meta {
    /// Random, names the keychain entry.
    id: String,
    /// `keychain` or `passphrase`.
    key: KeyKind,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
enum KeyKind {
    Keychain,
    Passphrase,
    /// Held in memory only, for a consultation: never written, so never keyed.
    Memory,
}

/// What one import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The account the rows went to.
    pub account: String,
    /// The file, as the statement names it.
    pub source: String,
    /// The layout recognised.
    pub layout: String,
    /// Rows in the file.
    pub rows: usize,
    /// The first and last booked dates in the file.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Rows the store did not have.
    pub added: usize,
    /// Rows it already had.
    pub known: usize,
    /// What the reader had to work out and the person should know (years taken from a period,
    /// a file listing the newest row first …).
    pub notes: Vec<crate::ImportNote>,
}

/// An open store.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    meta: Meta,
    /// The key as SQLCipher takes it, kept for backups; wiped when the store is dropped.
    secret: Zeroizing<String>,
}

impl Store {
    /// Whether `dir` holds a store.
    pub fn exists(dir: &Path) -> bool {
        dir.join(DATABASE_FILE).exists() || dir.join(META_FILE).exists()
    }

    /// Creates a store in `dir` (made if missing). With [`Protection::Keychain`] it returns the
    /// recovery phrase to show the person once.
    pub fn create(
        dir: &Path,
        protection: Protection,
    ) -> Result<(Store, Option<RecoveryPhrase>), StoreError> {
        if Store::exists(dir) {
            return Err(StoreError::AlreadyExists(dir.to_owned()));
        }
        crate::data_dir::prepare(dir)?;
        let id = random_id()?;
        let (meta, secret, phrase) = match protection {
            Protection::Keychain => {
                let key = StoreKey::generate().map_err(|e| StoreError::Random(e.to_string()))?;
                keychain::save(&id, &key)?;
                let meta = Meta {
                    id,
                    key: KeyKind::Keychain,
                };
                (meta, key.sqlcipher_literal(), Some(key.recovery_phrase()))
            }
            Protection::Passphrase(passphrase) => {
                if passphrase.trim().is_empty() {
                    return Err(StoreError::EmptyPassphrase);
                }
                let meta = Meta {
                    id,
                    key: KeyKind::Passphrase,
                };
                (meta, passphrase_literal(&passphrase), None)
            }
        };
        let conn = open_keyed(&dir.join(DATABASE_FILE), &secret, true)?;
        write_meta(dir, &meta)?;
        tracing::info!(dir = %dir.display(), key = ?meta.key, "created the store");
        Ok((Store::ready(conn, dir, meta, secret)?, phrase))
    }

    /// A store held in memory only, for a consultation at a branch: nothing of it ever reaches the
    /// disk (SQLite in memory, its temporary tables in memory too), and it is gone when dropped.
    pub fn in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store {
            conn,
            dir: PathBuf::new(),
            meta: Meta {
                id: "memory".into(),
                key: KeyKind::Memory,
            },
            secret: Zeroizing::new(String::new()),
        };
        migrate::upgrade_to(&mut store.conn, migrate::latest())?;
        store.conn.pragma_update(None, "foreign_keys", true)?;
        Ok(store)
    }

    /// Whether the store is held in memory only.
    pub fn is_in_memory(&self) -> bool {
        self.meta.key == KeyKind::Memory
    }

    /// Opens the store in `dir`.
    pub fn open(dir: &Path, unlock: Unlock) -> Result<Store, StoreError> {
        let meta = match read_meta(dir) {
            Ok(meta) => meta,
            // Its copy says the same; once the store opens with it, store.json is written again.
            Err(error @ (StoreError::MetaDamaged { .. } | StoreError::MetaMissing(_))) => {
                match read_meta_file(&dir.join(META_COPY_FILE)) {
                    Ok(meta) => {
                        tracing::warn!(%error, "store.json is unreadable; using its copy");
                        meta
                    }
                    Err(_) => return Err(error),
                }
            }
            Err(error) => return Err(error),
        };
        let database = dir.join(DATABASE_FILE);
        if !database.exists() {
            return Err(StoreError::DatabaseMissing(database));
        }
        let secret = match (&meta.key, unlock) {
            (_, Unlock::Recovery(key)) => {
                let secret = key.sqlcipher_literal();
                let conn = open_keyed(&database, &secret, false)?;
                if meta.key == KeyKind::Keychain {
                    keychain::save(&meta.id, &key)?;
                }
                return Store::ready(conn, dir, meta, secret);
            }
            (KeyKind::Keychain, _) => match keychain::load(&meta.id) {
                Ok(key) => key.sqlcipher_literal(),
                Err(keychain::KeychainError::NoKey) => return Err(StoreError::KeyLost),
                Err(error) => return Err(error.into()),
            },
            (KeyKind::Passphrase, Unlock::Passphrase(passphrase)) => {
                passphrase_literal(&passphrase)
            }
            (KeyKind::Passphrase, Unlock::Keychain) => return Err(StoreError::NeedsPassphrase),
            // A memory store never writes store.json: one that says so was not written by us.
            (KeyKind::Memory, _) => {
                return Err(StoreError::MetaDamaged {
                    path: dir.join(META_FILE),
                    problem: "it names a store held in memory".into(),
                })
            }
        };
        let conn = open_keyed(&database, &secret, false)?;
        Store::ready(conn, dir, meta, secret)
    }

    fn ready(
        conn: Connection,
        dir: &Path,
        meta: Meta,
        secret: Zeroizing<String>,
    ) -> Result<Store, StoreError> {
        let mut store = Store {
            conn,
            dir: dir.to_owned(),
            meta,
            secret,
        };
        store.prepare()?;
        keep_meta_files(&store.dir, &store.meta);
        tracing::info!(dir = %store.dir.display(), key = ?store.meta.key, "opened the store");
        Ok(store)
    }

    /// Settings for durability, then the schema brought up to date.
    fn prepare(&mut self) -> Result<(), StoreError> {
        // WAL: a reader never sees half a write and a crash rolls back to the last commit.
        // FULL: a committed import survives a power cut too, not only a crash of the app.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // Sorting and temporary tables stay in memory rather than in files beside the store.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // 32 MB of decrypted pages (the default is 2 MB): ten years of history stays in the cache
        // through an import, instead of pages being decrypted and encrypted again and again.
        self.conn.pragma_update(None, "cache_size", -32_768)?;
        migrate::upgrade_to(&mut self.conn, migrate::latest())
    }

    /// Asks SQLite to check every page and index of the database; an error names what is wrong.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let problems: Vec<String> = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        match problems.as_slice() {
            [ok] if ok == "ok" => Ok(()),
            _ => Err(StoreError::Damaged(problems.join("; "))),
        }
    }

    /// The folder the store is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the key is in the keychain (else a passphrase protects it).
    pub fn uses_keychain(&self) -> bool {
        self.meta.key == KeyKind::Keychain
    }

    /// A new recovery phrase for a keychain store (the same key, so an earlier phrase still works).
    pub fn recovery_phrase(&self) -> Result<Option<RecoveryPhrase>, StoreError> {
        match self.meta.key {
            KeyKind::Keychain => Ok(Some(keychain::load(&self.meta.id)?.recovery_phrase())),
            KeyKind::Passphrase | KeyKind::Memory => Ok(None),
        }
    }

    /// Imports a statement's rows into the account named `label` (see [`label_for`]): all of them
    /// or, on any error, none. Rows the account already has are counted, not added again.
    pub fn import(
        &mut self,
        statement: &Statement,
        label: Option<&str>,
    ) -> Result<ImportOutcome, StoreError> {
        let mut outcomes = self.import_all(std::slice::from_ref(statement), label)?;
        Ok(outcomes.remove(0))
    }

    /// Imports several statements in one transaction: every file goes in, or, on any error,
    /// none does. Each goes to the account named `label`, else to the one its file names.
    pub fn import_all(
        &mut self,
        statements: &[Statement],
        label: Option<&str>,
    ) -> Result<Vec<ImportOutcome>, StoreError> {
        self.import_in_one_transaction(statements, label)
    }

    fn import_in_one_transaction(
        &mut self,
        statements: &[Statement],
        label: Option<&str>,
    ) -> Result<Vec<ImportOutcome>, StoreError> {
        if statements.iter().any(|statement| statement.is_demo) {
            return Err(StoreError::DemoNotStored);
        }
        let mut importing = self.begin_import()?;
        for statement in statements {
            importing.statement(statement, label)?;
        }
        importing.commit(None)
    }

    /// The mappings saved for the banks whose exports no known layout reads.
    pub fn mappings(&self) -> Result<Vec<crate::import::mapping::Mapping>, StoreError> {
        mappings::all(&self.conn)
    }

    /// The account's stored history as one statement (source `store`), for `scan` and the app
    /// to judge like a file: the bank and masked number when known, every row oldest first, and
    /// a note of each period of passbook pages its found lines came from.
    pub fn statement(&self, label: &str) -> Result<Statement, StoreError> {
        let account = accounts::list(&self.conn)?
            .into_iter()
            .find(|account| account.label == label)
            .ok_or_else(|| StoreError::NoSuchAccount(label.to_owned()))?;
        let notes = imports::pages(&self.conn, account.id)?
            .into_iter()
            .map(|(from, to)| ImportNote::PassbookLines { from, to })
            .collect();
        Ok(Statement {
            source: format!("store: {label}"),
            layout: "store".into(),
            account: account.account,
            is_demo: false,
            notes,
            transactions: transactions::history(&self.conn, account.id)?,
        })
    }

    /// Every account.
    pub fn accounts(&self) -> Result<Vec<StoredAccount>, StoreError> {
        accounts::list(&self.conn)
    }

    /// The account's whole history, oldest first.
    pub fn history(&self, label: &str) -> Result<Vec<Transaction>, StoreError> {
        transactions::history(&self.conn, accounts::id_of(&self.conn, label)?)
    }

    /// How many transactions the account has.
    pub fn transaction_count(&self, label: &str) -> Result<usize, StoreError> {
        transactions::count(&self.conn, accounts::id_of(&self.conn, label)?)
    }

    /// When the account was last imported into (RFC 3339), if ever.
    pub fn last_import(&self, label: &str) -> Result<Option<String>, StoreError> {
        imports::last_import(&self.conn, accounts::id_of(&self.conn, label)?)
    }

    /// What the holder has told the app about the account: declared services and answers.
    pub fn holder(&self, label: &str) -> Result<Holder, StoreError> {
        let id = accounts::id_of(&self.conn, label)?;
        let (known, never) = declared::all(&self.conn, id)?;
        Ok(Holder {
            known,
            never,
            answers: answers::all(&self.conn, id)?,
        })
    }

    /// Records the holder's answer about one of the account's withdrawals.
    pub fn answer(
        &mut self,
        label: &str,
        source: &SourceId,
        answer: Answer,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::id_of(&tx, label)?;
        answers::set(&tx, id, source, answer, &now())?;
        Ok(tx.commit()?)
    }

    /// Records that the holder uses (`Some(true)`), never uses (`Some(false)`) or has said nothing
    /// about (`None`) a service.
    pub fn declare(
        &mut self,
        label: &str,
        service: &str,
        uses: Option<bool>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::id_of(&tx, label)?;
        match uses {
            Some(uses) => declared::set(&tx, id, service, uses)?,
            None => declared::clear(&tx, id, service)?,
        }
        Ok(tx.commit()?)
    }

    /// Remembers the flags raised on the account; returns the positions of the ones that are new.
    pub fn remember_flags(
        &mut self,
        label: &str,
        flags: &[(&SourceId, &str, f64)],
        catalog_version: &str,
    ) -> Result<Vec<usize>, StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::id_of(&tx, label)?;
        let flags: Vec<findings::Flag<'_>> = flags
            .iter()
            .map(|&(source, service, score)| findings::Flag {
                source,
                service,
                score,
            })
            .collect();
        let new = findings::remember(&tx, id, &flags, catalog_version, &now())?;
        tx.commit()?;
        Ok(new)
    }

    /// The account's sync state, if it was ever synced.
    pub fn sync_state(&self, label: &str) -> Result<Option<SyncState>, StoreError> {
        sync_state::get(&self.conn, accounts::id_of(&self.conn, label)?)
    }

    /// Records the account's sync state.
    pub fn set_sync_state(&mut self, label: &str, state: &SyncState) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::id_of(&tx, label)?;
        sync_state::put(&tx, id, state)?;
        Ok(tx.commit()?)
    }

    /// Every account connected to a bank, by label, with its sync state.
    pub fn connected(&self) -> Result<Vec<(String, SyncState)>, StoreError> {
        let mut connected = Vec::new();
        for account in accounts::list(&self.conn)? {
            if let Some(state) = sync_state::get(&self.conn, account.id)? {
                connected.push((account.label, state));
            }
        }
        Ok(connected)
    }

    /// Forgets that the account is connected; its history stays.
    pub fn forget_sync_state(&mut self, label: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::id_of(&tx, label)?;
        sync_state::remove(&tx, id)?;
        Ok(tx.commit()?)
    }

    /// The account with this label, made if new, with what is known of it: a bank connection
    /// needs an account before its first rows arrive. Returns the account's id.
    pub fn ensure_account(
        &mut self,
        label: &str,
        account: Option<&crate::Account>,
    ) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::find_or_create(&tx, label, account, &now())?;
        tx.commit()?;
        Ok(id)
    }

    /// The store's id for the account with this label.
    pub fn account_id(&self, label: &str) -> Result<i64, StoreError> {
        accounts::id_of(&self.conn, label)
    }

    /// The store's random id, which names its entries in the keychain.
    pub fn keychain_id(&self) -> &str {
        &self.meta.id
    }

    /// Counts one sync of the account today against the provider's daily `limit`. Returns false,
    /// counting nothing, when today's are used up. The count is kept even if the sync then
    /// fails: the bank counted the request too.
    pub fn count_sync(
        &mut self,
        label: &str,
        today: NaiveDate,
        limit: Option<u32>,
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let id = accounts::id_of(&tx, label)?;
        let Some(mut state) = sync_state::get(&tx, id)? else {
            return Err(StoreError::NoSuchAccount(label.to_owned()));
        };
        if state.requests_day != Some(today) {
            state.requests_day = Some(today);
            state.requests_made = 0;
        }
        if limit.is_some_and(|limit| state.requests_made >= limit) {
            return Ok(false);
        }
        state.requests_made += 1;
        sync_state::put(&tx, id, &state)?;
        tx.commit()?;
        Ok(true)
    }

    /// Stores the rows a sync pulled and the account's new sync state in one transaction:
    /// both, or on any error neither, so a failed sync can simply be run again.
    pub fn import_synced(
        &mut self,
        statement: &Statement,
        label: &str,
        state: &SyncState,
    ) -> Result<ImportOutcome, StoreError> {
        let mut importing = self.begin_import()?;
        let id = accounts::id_of(importing.transaction(), label)?;
        importing.statement(statement, Some(label))?;
        sync_state::put(importing.transaction(), id, state)?;
        let outcome = importing.commit(None)?.remove(0);
        tracing::info!(
            rows = outcome.rows,
            added = outcome.added,
            provider = %state.provider,
            "synced into the store"
        );
        Ok(outcome)
    }

    /// A consistent, encrypted copy of the whole store at `path`, opened with the same key (the
    /// recovery phrase, or the passphrase). The copy is written to a temporary file of its own
    /// beside `path` (readable by its owner only), read back whole, and only then renamed into
    /// place: a failed backup never leaves half a file under the name, and never touches a file
    /// it did not make.
    pub fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if self.is_in_memory() {
            // Its whole point is that nothing is written.
            return Err(StoreError::InMemory);
        }
        let file_error = |source| StoreError::File {
            path: path.to_owned(),
            source,
        };
        if self.is_own_file(path) {
            return Err(file_error(std::io::Error::other(
                "this is one of the store's own files: choose another place for the backup",
            )));
        }
        // ATTACH opens files with the main connection's flags, and a store opened (not created)
        // may not create files: so the copy starts as an empty file, which SQLite takes as an
        // empty database.
        let partial = files::Partial::beside(path)?;
        // SQLCipher's own way to copy an encrypted database into another encrypted file.
        let target = partial
            .path()
            .to_str()
            .ok_or_else(|| file_error(std::io::Error::other("the path is not valid Unicode")))?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS backup KEY ?2",
            [target, self.secret.as_str()],
        )?;
        let exported = self
            .conn
            .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))
            .and_then(|()| {
                // sqlcipher_export copies tables, not the schema version.
                let version = migrate::version(&self.conn)
                    .map_err(|_| rusqlite::Error::InvalidParameterName("user_version".into()))?;
                self.conn
                    .pragma_update(Some("backup"), "user_version", version)
            });
        self.conn.execute("DETACH DATABASE backup", [])?;
        exported?;
        // Read back whole before it takes the name: a backup is only worth its last page.
        if let Err(problem) = verify_whole(partial.path(), &self.secret) {
            return Err(StoreError::Damaged(format!(
                "the backup written for {} did not read back whole ({problem}); nothing was \
                 written under that name",
                path.display()
            )));
        }
        partial.commit()
    }

    /// Whether `path` names one of the files the store is made of (which a backup must never
    /// be renamed over), however the path is written.
    fn is_own_file(&self, path: &Path) -> bool {
        let (Some(name), Ok(own_dir)) = (path.file_name(), self.dir.canonicalize()) else {
            return false;
        };
        let parent = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        parent.canonicalize().is_ok_and(|dir| dir == own_dir)
            && store_files().iter().any(|own| name == *own)
    }

    /// Makes a store in `dir` from a backup, opened with its recovery phrase or passphrase. The
    /// backup is copied beside the new store and proved whole there (SQLCipher's check of every
    /// page's authentication code, then SQLite's integrity check), before it takes the
    /// database's name; a recovered key goes back into the keychain. The backup itself is only
    /// read.
    pub fn restore(backup: &Path, dir: &Path, unlock: Unlock) -> Result<Store, StoreError> {
        if Store::exists(dir) {
            return Err(StoreError::AlreadyExists(dir.to_owned()));
        }
        let (kind, secret, key) = match unlock {
            Unlock::Passphrase(passphrase) => {
                (KeyKind::Passphrase, passphrase_literal(&passphrase), None)
            }
            Unlock::Recovery(key) => (KeyKind::Keychain, key.sqlcipher_literal(), Some(key)),
            Unlock::Keychain => return Err(StoreError::RestoreNeedsKey),
        };
        let damaged = |problem: String| StoreError::BackupDamaged {
            path: backup.to_owned(),
            problem,
        };
        // Only a file with something in it: SQLite takes an empty file (or /dev/zero, whose size
        // is 0) for an empty database, which would "restore" as a store with nothing in it, and a
        // pipe would be read for ever.
        let about = fs::metadata(backup).map_err(|source| StoreError::File {
            path: backup.to_owned(),
            source,
        })?;
        if !about.is_file() {
            return Err(damaged("it is not a file".into()));
        }
        if about.len() == 0 {
            return Err(damaged("it is empty".into()));
        }
        // A wrong key, or a file too damaged to read at all, is told before any folder is made.
        match open_read_only(backup, &secret).and_then(|conn| schema_entries(&conn)) {
            Ok(0) => return Err(damaged("it holds no store".into())),
            Ok(_) => {}
            Err(StoreError::Database(error)) => return Err(damaged(error.to_string())),
            Err(error) => return Err(error),
        }
        crate::data_dir::prepare(dir)?;
        let database = dir.join(DATABASE_FILE);
        let mut partial = files::Partial::beside(&database)?;
        fs::File::open(backup)
            .and_then(|mut from| std::io::copy(&mut from, partial.file()))
            .map_err(|source| StoreError::File {
                path: backup.to_owned(),
                source,
            })?;
        // The copy is checked, not the backup: these are the very bytes that become the store.
        verify_whole(partial.path(), &secret).map_err(damaged)?;
        partial.commit()?;
        let meta = Meta {
            id: random_id()?,
            key: kind,
        };
        if let Some(key) = &key {
            keychain::save(&meta.id, key)?;
        }
        write_meta(dir, &meta)?;
        let conn = open_keyed(&database, &secret, false)?;
        Store::ready(conn, dir, meta, secret)
    }

    /// Moves an unreadable store (its key lost, no recovery phrase) into a dated folder inside
    /// `dir`, so a new one can be started while the old file waits for a found phrase. Returns
    /// the folder.
    pub fn set_aside(dir: &Path) -> Result<PathBuf, StoreError> {
        let aside = dir.join(format!("set-aside-{}", Utc::now().format("%Y%m%d-%H%M%S")));
        fs::create_dir_all(&aside).map_err(|source| StoreError::File {
            path: aside.clone(),
            source,
        })?;
        for name in store_files() {
            let from = dir.join(name);
            if from.exists() {
                fs::rename(&from, aside.join(name)).map_err(|source| StoreError::File {
                    path: from.clone(),
                    source,
                })?;
            }
        }
        Ok(aside)
    }
}

// Debug output never shows a passphrase or key: these types end up in logs and panics.
impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .field("key", &self.meta.key)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Protection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Protection::Keychain => "Protection::Keychain",
            Protection::Passphrase(_) => "Protection::Passphrase(…)",
        })
    }
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unlock::Keychain => "Unlock::Keychain",
            Unlock::Passphrase(_) => "Unlock::Passphrase(…)",
            Unlock::Recovery(_) => "Unlock::Recovery(…)",
        })
    }
}

/// The files a store is made of, `store.json` and its copy included.
fn store_files() -> [&'static str; 5] {
    [
        DATABASE_FILE,
        "store.db-wal",
        "store.db-shm",
        META_FILE,
        META_COPY_FILE,
    ]
}

/// Opens the database with its key and proves the key right by reading the schema.
fn open_keyed(path: &Path, secret: &str, create: bool) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = open_with_key(path, flags, secret)?;
    schema_entries(&conn)?;
    restrict_to_owner(path);
    Ok(conn)
}

/// Opens a database read-only with its key; nothing of the file is changed, its permissions
/// included. The key is not proved yet: see [`schema_entries`].
fn open_read_only(path: &Path, secret: &str) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    open_with_key(path, flags, secret)
}

fn open_with_key(path: &Path, flags: OpenFlags, secret: &str) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
        path: path.to_owned(),
        source,
    })?;
    // A wrong key is reported as StoreError::WrongKey; SQLCipher need not print it on stderr too.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", secret)?;
    Ok(conn)
}

/// How many tables, indexes and triggers the database has: reading them proves the key (a wrong
/// one makes the first page unreadable, "not a database").
fn schema_entries(conn: &Connection) -> Result<i64, StoreError> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0)) {
        Ok(count) => Ok(count),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(StoreError::WrongKey)
        }
        Err(error) => Err(error.into()),
    }
}

/// Checks every page of an encrypted database file: SQLCipher's `cipher_integrity_check` proves
/// each page's HMAC (a flipped byte anywhere, not only on the first page the key check reads),
/// then SQLite's `integrity_check` the b-trees, indexes and page count. Returns what is wrong, in
/// a few words.
fn verify_whole(path: &Path, secret: &str) -> Result<(), String> {
    let conn = open_read_only(path, secret).map_err(|error| error.to_string())?;
    schema_entries(&conn).map_err(|error| error.to_string())?;
    let rows = |pragma: &str| -> Result<Vec<String>, rusqlite::Error> {
        let mut statement = conn.prepare(&format!("PRAGMA {pragma}"))?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>();
        rows
    };
    // No rows means no page failed its check.
    let mut problems = rows("cipher_integrity_check").map_err(|error| error.to_string())?;
    if problems.is_empty() {
        match rows("integrity_check") {
            Ok(rows) if rows == ["ok"] => {}
            Ok(rows) => problems = rows,
            Err(error) => problems.push(error.to_string()),
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 3;
    let more = problems.len().saturating_sub(SHOWN);
    let mut told = problems[..problems.len().min(SHOWN)].join("; ");
    if more > 0 {
        told.push_str(&format!("; and {more} more"));
    }
    Err(told)
}

/// The store is readable by its owner only (it is encrypted anyway; this keeps it from prying
/// eyes on a shared computer).
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// SQLCipher's passphrase form: a quoted string, quotes doubled.
fn passphrase_literal(passphrase: &str) -> Zeroizing<String> {
    Zeroizing::new(passphrase.replace('\'', "''"))
}

fn random_id() -> Result<String, StoreError> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn read_meta(dir: &Path) -> Result<Meta, StoreError> {
    let path = dir.join(META_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(if dir.join(DATABASE_FILE).exists() {
                StoreError::MetaMissing(path)
            } else {
                StoreError::NotCreated(dir.to_owned())
            });
        }
        Err(source) => return Err(StoreError::File { path, source }),
    };
    parse_meta(&text, path)
}

/// Reads a copy of `store.json` (no fallbacks, no guesses).
fn read_meta_file(path: &Path) -> Result<Meta, StoreError> {
    let text = fs::read_to_string(path).map_err(|source| StoreError::File {
        path: path.to_owned(),
        source,
    })?;
    parse_meta(&text, path.to_owned())
}

fn parse_meta(text: &str, path: PathBuf) -> Result<Meta, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::MetaDamaged {
        path,
        problem: error.to_string(),
    })
}

/// Writes `store.json` whole or not at all (see [`files`]): a crash while it is written leaves
/// the old one or the new one, never a damaged one that would hide which keychain entries are
/// the store's.
/// The copy is what lets delete-everything find the keychain entries if `store.json` is ever
/// damaged after all (a disk error, an edit).
fn write_meta(dir: &Path, meta: &Meta) -> Result<(), StoreError> {
    let text = serde_json::to_string_pretty(meta).expect("Meta always serialises");
    files::write_whole(&dir.join(META_FILE), text.as_bytes())?;
    files::write_whole(&dir.join(META_COPY_FILE), text.as_bytes())
}

/// Writes `store.json` again if it is damaged or gone (the store was opened with its copy), and
/// the copy for a store made before there was one. Best effort: the store opens all the same
/// (a folder may be read-only).
fn keep_meta_files(dir: &Path, meta: &Meta) {
    let text = serde_json::to_string_pretty(meta).expect("Meta always serialises");
    for name in [META_FILE, META_COPY_FILE] {
        let path = dir.join(name);
        if read_meta_file(&path).ok().as_ref() == Some(meta) {
            continue;
        }
        if let Err(error) = files::write_whole(&path, text.as_bytes()) {
            tracing::debug!(%error, "could not write {name} again");
        }
    }
}
