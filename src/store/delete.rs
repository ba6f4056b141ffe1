//! Delete-everything: the store's files, the ones of stores set aside, and their entries in the
//! keychain (the key and the bank connections).
//!
//! The keychain entries are named by the store's random id, which `store.json` holds. When that
//! file is damaged, the id comes from its copy, or is picked out of what is left of either;
//! when no trace of it is left, the person is told that the entries may remain, never that
//! everything is gone.

use std::fs;
use std::path::Path;

use super::{
    keychain, read_meta, read_meta_file, store_files, KeyKind, Store, StoreError, DATABASE_FILE,
    META_COPY_FILE, META_FILE, SET_ASIDE,
};

impl Store {
    /// Deletes the store in `dir`: the database and its journal files, `store.json` and its
    /// copy, the key and the bank connections in the keychain, and any store set aside earlier.
    /// For a customer leaving a shared branch computer, or an uninstall.
    ///
    /// The keychain entries are named by the store's id in `store.json`; when that file is
    /// damaged, the id is taken from its copy, or picked out of what is left of either. When no
    /// id can be found at all, the files are still deleted and the answer is
    /// [`StoreError::KeychainEntriesLeft`]: the entries may remain, and the person is told so
    /// rather than that everything is gone.
    pub fn delete_everything(dir: &Path) -> Result<Deleted, StoreError> {
        let mut lost = false;
        let mut aside = Deleted::Nothing;
        if let Ok(entries) = fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() && entry.file_name().to_string_lossy().starts_with(SET_ASIDE) {
                    // A store set aside may still have bank connections in the keychain.
                    match remove_keychain_entries(&path)? {
                        Deleted::KeyNotFound => lost = true,
                        Deleted::WithKey => aside = Deleted::WithKey,
                        Deleted::NoKeyKept if aside == Deleted::Nothing => {
                            aside = Deleted::NoKeyKept
                        }
                        _ => {}
                    }
                    fs::remove_dir_all(&path)
                        .map_err(|source| StoreError::File { path, source })?;
                }
            }
        }
        let deleted = remove_keychain_entries(dir)?;
        tracing::info!(dir = %dir.display(), "deleting the store");
        for name in store_files() {
            let path = dir.join(name);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(StoreError::File { path, source }),
            }
        }
        if lost || deleted == Deleted::KeyNotFound {
            return Err(StoreError::KeychainEntriesLeft(dir.to_owned()));
        }
        // Only stores set aside: say what they were.
        Ok(if deleted == Deleted::Nothing {
            aside
        } else {
            deleted
        })
    }
}

/// What [`Store::delete_everything`] removed from the keychain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// There was no store in the folder.
    Nothing,
    /// The store, its key and its bank connections.
    WithKey,
    /// The store; it was locked with a passphrase, so the keychain held nothing of it.
    NoKeyKept,
    /// The store's files; which keychain entries were its own is not known.
    KeyNotFound,
}

/// Removes the keychain entries of the store in `dir` (the key and the bank connections), and
/// says which kind of store it was. Touches no file.
fn remove_keychain_entries(dir: &Path) -> Result<Deleted, StoreError> {
    let meta = read_meta(dir)
        .or_else(|error| read_meta_file(&dir.join(META_COPY_FILE)).map_err(|_| error));
    match meta {
        // Bank connections are only ever made for a store keyed from the keychain.
        Ok(meta) if meta.key == KeyKind::Keychain => {
            remove_entries_of(&meta.id)?;
            Ok(Deleted::WithKey)
        }
        Ok(_) => Ok(Deleted::NoKeyKept),
        Err(StoreError::NotCreated(_)) if !dir.join(META_COPY_FILE).exists() => {
            Ok(Deleted::Nothing)
        }
        Err(error) => {
            // Both damaged (or store.json gone): the id may still be legible in what is left.
            // It is random, 24 hex digits, so nothing else in the file looks like it.
            let ids = salvage_ids(dir);
            tracing::warn!(dir = %dir.display(), %error, found = ids.len(), "store.json is unreadable; looking for the store's id in what is left of it");
            if ids.is_empty() {
                return Ok(
                    if dir.join(DATABASE_FILE).exists()
                        || dir.join(META_FILE).exists()
                        || dir.join(META_COPY_FILE).exists()
                    {
                        Deleted::KeyNotFound
                    } else {
                        Deleted::Nothing
                    },
                );
            }
            // Which kind of store it was is unknown too: with no keychain to ask, a passphrase
            // store's files must still be deletable, so a refusal only means "not found".
            let mut removed = true;
            for id in &ids {
                if let Err(error) = remove_entries_of(id) {
                    tracing::warn!(%error, "could not remove the keychain entries of a damaged store");
                    removed = false;
                }
            }
            Ok(if removed {
                Deleted::WithKey
            } else {
                Deleted::KeyNotFound
            })
        }
    }
}

/// Removes the store key and the bank connections saved under `id`; ones already gone are no
/// error.
fn remove_entries_of(id: &str) -> Result<(), StoreError> {
    keychain::delete(id)?;
    keychain::delete_secret(&keychain::bank_connections_entry(id))?;
    Ok(())
}

/// Every run of exactly 24 lowercase hex digits in `store.json` and its copy, however damaged.
fn salvage_ids(dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for name in [META_FILE, META_COPY_FILE] {
        let Ok(bytes) = fs::read(dir.join(name)) else {
            continue;
        };
        for run in bytes.split(|b| !matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            if run.len() == 24 {
                let id = String::from_utf8_lossy(run).into_owned();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    ids
}
