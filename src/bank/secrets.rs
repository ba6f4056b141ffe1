//! The bank connections' secrets in the OS keychain, and nowhere else: tokens, consent ids and
//! SimpleFIN access URLs never touch the database, a config file or a log.
//!
//! All of one store's connections are one keychain entry, `bank-connections/<store id>`, a JSON
//! map from the store's account id to its [`Connection`]. One entry means that deleting
//! everything removes every secret without having to open the database to find them.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use super::Connection;
use crate::store::keychain::{self, KeychainError};

fn entry_name(store_id: &str) -> String {
    keychain::bank_connections_entry(store_id)
}

/// Every connection of the store, by account id.
pub fn load_all(store_id: &str) -> Result<BTreeMap<i64, Connection>, KeychainError> {
    match keychain::load_secret(&entry_name(store_id)) {
        Ok(text) => serde_json::from_str(&text).map_err(|_| KeychainError::Damaged),
        Err(KeychainError::NoKey) => Ok(BTreeMap::new()),
        Err(error) => Err(error),
    }
}

/// The account's connection.
pub fn load(store_id: &str, account_id: i64) -> Result<Option<Connection>, KeychainError> {
    Ok(load_all(store_id)?.remove(&account_id))
}

fn save_all(store_id: &str, all: &BTreeMap<i64, Connection>) -> Result<(), KeychainError> {
    if all.is_empty() {
        return keychain::delete_secret(&entry_name(store_id));
    }
    let text = Zeroizing::new(serde_json::to_string(all).map_err(|_| KeychainError::Damaged)?);
    keychain::save_secret(&entry_name(store_id), &text)
}

/// Saves the account's connection, replacing an earlier one.
pub fn save(store_id: &str, account_id: i64, connection: &Connection) -> Result<(), KeychainError> {
    let mut all = load_all(store_id)?;
    all.insert(account_id, connection.clone());
    save_all(store_id, &all)
}

/// Forgets the account's connection.
pub fn remove(store_id: &str, account_id: i64) -> Result<(), KeychainError> {
    let mut all = load_all(store_id)?;
    if all.remove(&account_id).is_some() {
        save_all(store_id, &all)?;
    }
    Ok(())
}

/// Forgets every connection of the store.
pub fn remove_all(store_id: &str) -> Result<(), KeychainError> {
    keychain::delete_secret(&entry_name(store_id))
}
