//! The store key in the operating system's keychain: the Secret Service on Linux (GNOME Keyring,
//! KWallet), the Keychain on macOS, the Credential Manager on Windows.
//!
//! The store's key goes there, and the secrets of its bank connections (one entry, named by
//! [`bank_connections_entry`], that the bank connectors fill), each under the app's identifier
//! and the store's random id, so two stores on one machine (a test, a second user folder) never
//! share or overwrite an entry. The store names every entry it owns, so deleting a store never
//! needs to know about banks.

use thiserror::Error;

use super::key::StoreKey;
use crate::data_dir::APP_IDENTIFIER;

/// Why the keychain could not be used.
#[derive(Debug, Error)]
pub enum KeychainError {
    /// There is no keychain service to talk to (no desktop session, no Secret Service running).
    #[error("no keychain is available on this computer ({0})")]
    Unavailable(String),
    /// The keychain is there but holds no key for this store.
    #[error("the keychain holds no key for this store")]
    NoKey,
    /// The keychain holds something for this store that is not a key this app wrote.
    #[error("the keychain entry for this store is damaged")]
    Damaged,
    /// The keychain answered with an error.
    #[error("the keychain refused: {0}")]
    Refused(String),
}

/// The keychain entry with this name, under the app's identifier.
fn entry(name: &str) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(APP_IDENTIFIER, name).map_err(classify)
}

fn key_entry_name(store_id: &str) -> String {
    format!("store-key/{store_id}")
}

/// The name of the one entry holding every bank connection's secrets of the store.
pub fn bank_connections_entry(store_id: &str) -> String {
    format!("bank-connections/{store_id}")
}

/// Saves the key, replacing any earlier one for this store.
pub fn save(store_id: &str, key: &StoreKey) -> Result<(), KeychainError> {
    tracing::debug!(store = store_id, "saving the store key in the keychain");
    save_secret(&key_entry_name(store_id), &key.to_secret_text())
}

/// The key saved for this store.
pub fn load(store_id: &str) -> Result<StoreKey, KeychainError> {
    let text = load_secret(&key_entry_name(store_id))?;
    StoreKey::from_secret_text(&text).ok_or(KeychainError::Damaged)
}

/// Removes the key; a key that is already gone is not an error.
pub fn delete(store_id: &str) -> Result<(), KeychainError> {
    delete_secret(&key_entry_name(store_id))
}

/// Saves a secret text under `name`, replacing any earlier one.
pub fn save_secret(name: &str, secret: &str) -> Result<(), KeychainError> {
    entry(name)?.set_password(secret).map_err(classify)
}

/// The secret text saved under `name`.
pub fn load_secret(name: &str) -> Result<zeroize::Zeroizing<String>, KeychainError> {
    Ok(zeroize::Zeroizing::new(
        entry(name)?.get_password().map_err(classify)?,
    ))
}

/// Removes the secret saved under `name`; one already gone is not an error.
pub fn delete_secret(name: &str) -> Result<(), KeychainError> {
    match entry(name)?.delete_credential().map_err(classify) {
        Ok(()) | Err(KeychainError::NoKey) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Whether a keychain answers at all: writes, reads back and removes a throwaway entry, named
/// afresh each time so that two probes at once never remove each other's.
pub fn probe() -> Result<(), KeychainError> {
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|error| KeychainError::Refused(error.to_string()))?;
    let name = format!("probe/{}", u64::from_le_bytes(nonce));
    let probe = keyring::Entry::new(APP_IDENTIFIER, &name).map_err(classify)?;
    probe.set_password("probe").map_err(classify)?;
    let read = probe.get_password().map_err(classify)?;
    probe.delete_credential().map_err(classify)?;
    if read == "probe" {
        Ok(())
    } else {
        Err(KeychainError::Refused(
            "it gave back something else than was saved".into(),
        ))
    }
}

/// Sorts keyring's errors into what a person can act on. The messages name the platform's
/// failure, never the secret: keyring's errors do not carry the password.
fn classify(error: keyring::Error) -> KeychainError {
    match error {
        keyring::Error::NoEntry => KeychainError::NoKey,
        keyring::Error::BadEncoding(_) | keyring::Error::Ambiguous(_) => KeychainError::Damaged,
        keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) => {
            KeychainError::Unavailable(inner.to_string())
        }
        other => KeychainError::Refused(other.to_string()),
    }
}
