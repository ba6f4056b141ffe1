//! The store key in the operating system's keychain: the Secret Service on Linux (GNOME Keyring,
//! KWallet), the Keychain on macOS, the Credential Manager on Windows.
//!
//! Only the key goes there, under the app's identifier and the store's random id, so two stores on
//! one machine (a test, a second user folder) never share or overwrite a key.

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

/// The keychain entry of the store with this id.
fn entry(store_id: &str) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(APP_IDENTIFIER, &format!("store-key/{store_id}")).map_err(classify)
}

/// Saves the key, replacing any earlier one for this store.
pub fn save(store_id: &str, key: &StoreKey) -> Result<(), KeychainError> {
    tracing::debug!(store = store_id, "saving the store key in the keychain");
    entry(store_id)?
        .set_password(&key.to_secret_text())
        .map_err(classify)
}

/// The key saved for this store.
pub fn load(store_id: &str) -> Result<StoreKey, KeychainError> {
    let text = zeroize::Zeroizing::new(entry(store_id)?.get_password().map_err(classify)?);
    StoreKey::from_secret_text(&text).ok_or(KeychainError::Damaged)
}

/// Removes the key; a key that is already gone is not an error.
pub fn delete(store_id: &str) -> Result<(), KeychainError> {
    match entry(store_id)?.delete_credential().map_err(classify) {
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
