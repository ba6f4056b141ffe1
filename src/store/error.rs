//! What can go wrong with the store, in words a person can act on.

use std::path::PathBuf;

use thiserror::Error;

use super::keychain::KeychainError;
use crate::data_dir::DataDirError;

/// The store could not do what was asked. Nothing was changed, except where a variant says so.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The person cancelled the import; nothing of it was stored.
    #[error("the import was cancelled; nothing from it was kept")]
    Cancelled,
    /// A file changed between its first reading and the storing of its rows; nothing of the
    /// import was stored.
    #[error("{0} changed while it was imported; nothing from it was kept: import it again")]
    Changed(String),
    /// The folder for the store could not be made ready.
    #[error(transparent)]
    DataDir(#[from] DataDirError),
    /// A store already exists there.
    #[error("a store already exists in {0}")]
    AlreadyExists(PathBuf),
    /// No store has been set up there yet.
    #[error("no store has been set up in {0} yet")]
    NotCreated(PathBuf),
    /// `store.json` is gone but the database is there.
    #[error("{0} is missing, so it is not known how the store beside it is locked")]
    MetaMissing(PathBuf),
    /// `store.json` cannot be read.
    #[error("{path} is damaged: {problem}")]
    MetaDamaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The database file is gone but `store.json` is there.
    #[error("the store's database {0} is missing")]
    DatabaseMissing(PathBuf),
    /// A file could not be read, written, moved or removed.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be opened.
    #[error("cannot open the store {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The key or passphrase does not open the database.
    #[error("the key or passphrase does not open this store")]
    WrongKey,
    /// The keychain holds no key for the store and none was given.
    #[error(
        "the key to this store is no longer in the keychain. If you saved a recovery phrase, enter it \
         to open the store again. Without it the store cannot be read by anyone, you included: you \
         can set it aside and start a new one"
    )]
    KeyLost,
    /// The store is protected by a passphrase that was not given.
    #[error("this store is protected by a passphrase: enter it to open the store")]
    NeedsPassphrase,
    /// An empty passphrase would protect nothing.
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    /// The keychain could not be used.
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    /// The operating system gave no random bytes for a key.
    #[error("no random numbers for a key: {0}")]
    Random(String),
    /// A newer version of the app wrote this store.
    #[error(
        "this store was written by a newer Kouza Guard (schema {found}; this one reads up to {supported}): \
         update the app"
    )]
    NewerSchema {
        /// The file's schema version.
        found: u32,
        /// The newest this build knows.
        supported: u32,
    },
    /// A migration failed; the store stays at the version before it.
    #[error("the store could not be upgraded to schema {version} ({table}): {source}")]
    Migration {
        /// The version that failed.
        version: u32,
        /// The table module it belongs to.
        table: &'static str,
        /// Why.
        source: rusqlite::Error,
    },
    /// The file names another account number than the account it is imported into.
    #[error(
        "this file is for account {file}, but \"{label}\" is account {stored}: choose another account name"
    )]
    AccountMismatch {
        /// The account's label.
        label: String,
        /// The masked number stored for it.
        stored: String,
        /// The masked number the file gives.
        file: String,
    },
    /// No account has this label.
    #[error("there is no account called \"{0}\" in the store")]
    NoSuchAccount(String),
    /// The answer names a transaction the account does not have.
    #[error("the account has no such transaction")]
    NoSuchTransaction,
    /// A backup is opened with its recovery phrase or passphrase, not with a keychain entry.
    #[error("to restore a backup, enter its recovery phrase or passphrase")]
    RestoreNeedsKey,
    /// The demo belongs to nobody and is never stored.
    #[error("the demo data is not stored: it is not a real account")]
    DemoNotStored,
    /// A consultation's store is never written anywhere, a backup included.
    #[error("a consultation keeps nothing: there is nothing to back up")]
    InMemory,
    /// A backup did not pass its check of every page; nothing of it was restored.
    #[error("the backup {path} is damaged, so nothing was restored from it: {problem}")]
    BackupDamaged {
        /// The backup.
        path: PathBuf,
        /// What the check found.
        problem: String,
    },
    /// Delete-everything removed the store's files, but `store.json` was damaged past reading
    /// its id, so its keychain entries could not be found. The files are gone.
    #[error(
        "the store's files in {0} were deleted, but its store.json was damaged, so its key and \
         any bank connections could not be found in the keychain and may still be there: remove \
         the entries named \"store-key/…\" and \"bank-connections/…\" of Kouza Guard in the \
         system's keychain (on Linux, Passwords and Keys)"
    )]
    KeychainEntriesLeft(PathBuf),
    /// SQLite's integrity check found damage.
    #[error("the store is damaged: {0}")]
    Damaged(String),
    /// SQLite reported an error.
    #[error("the store reported an error: {0}")]
    Database(#[from] rusqlite::Error),
}
