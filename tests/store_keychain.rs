//! The store keyed from the real OS keychain: on Linux the Secret Service of GNOME Keyring, which
//! `scripts/with-keyring.sh` starts in a private D-Bus session (the test script runs every Rust
//! test that way). Outside such a session these tests say so and stop; inside it, a keychain that
//! does not answer is a failure.

use std::fs;

use kouza_guard::store::keychain::{self, KeychainError};
use kouza_guard::store::{Protection, Store, StoreError, StoreKey, Unlock};

mod common;
use common::keychain::{available as keychain_available, store_id};

fn one_statement() -> kouza_guard::Statement {
    let text = "日付,摘要,出金,入金,残高\n2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,30000,,70000\n";
    kouza_guard::import::read_bytes(
        "one.csv",
        text.as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap()
}

#[test]
fn a_keychain_store_opens_again_with_its_key_from_the_keychain() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut store, phrase) = Store::create(dir.path(), Protection::Keychain).unwrap();
    assert!(store.uses_keychain());
    let phrase = phrase.expect("a keychain store offers a recovery phrase");
    store.import(&one_statement(), Some("口座")).unwrap();
    drop(store);

    // The key is in the keychain, and nowhere in the folder: not as hex, not as the phrase.
    let key = keychain::load(&store_id(dir.path())).unwrap();
    assert_eq!(
        StoreKey::from_recovery_phrase(phrase.as_str()).unwrap(),
        key
    );
    let hex_key = format!("{key:?}");
    assert!(!hex_key.contains(char::is_numeric), "Debug shows no key");
    for entry in fs::read_dir(dir.path()).unwrap() {
        let bytes = fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(phrase.as_str()));
        assert!(!text.contains(&phrase.as_str().replace('-', "")));
    }

    let store = Store::open(dir.path(), Unlock::Keychain).unwrap();
    assert_eq!(store.transaction_count("口座").unwrap(), 1);
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

#[test]
fn a_lost_key_is_explained_and_the_recovery_phrase_brings_it_back() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut store, phrase) = Store::create(dir.path(), Protection::Keychain).unwrap();
    store.import(&one_statement(), Some("口座")).unwrap();
    drop(store);
    let id = store_id(dir.path());

    // A new computer, a reset keychain: the entry is gone.
    keychain::delete(&id).unwrap();
    let error = Store::open(dir.path(), Unlock::Keychain).unwrap_err();
    assert!(matches!(error, StoreError::KeyLost), "{error}");
    assert!(error.to_string().contains("recovery phrase"), "{error}");

    // A wrong phrase (another store's) does not open it, and changes nothing.
    let other = StoreKey::generate().unwrap();
    assert!(matches!(
        Store::open(dir.path(), Unlock::Recovery(other)),
        Err(StoreError::WrongKey)
    ));
    assert!(matches!(keychain::load(&id), Err(KeychainError::NoKey)));

    // The written-down phrase opens it and puts the key back in the keychain.
    let key = StoreKey::from_recovery_phrase(phrase.unwrap().as_str()).unwrap();
    let store = Store::open(dir.path(), Unlock::Recovery(key)).unwrap();
    assert_eq!(store.transaction_count("口座").unwrap(), 1);
    drop(store);
    let store = Store::open(dir.path(), Unlock::Keychain).unwrap();
    assert_eq!(store.transaction_count("口座").unwrap(), 1);
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

#[test]
fn without_key_or_phrase_the_old_store_is_set_aside_and_a_new_one_started() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _phrase_not_kept) = Store::create(dir.path(), Protection::Keychain).unwrap();
    store.import(&one_statement(), Some("口座")).unwrap();
    drop(store);
    keychain::delete(&store_id(dir.path())).unwrap();

    let aside = Store::set_aside(dir.path()).unwrap();
    assert!(aside.join("store.db").is_file(), "the old file is kept");
    assert!(!Store::exists(dir.path()));
    let (store, _) = Store::create(dir.path(), Protection::Keychain).unwrap();
    assert!(store.accounts().unwrap().is_empty());
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

#[test]
fn delete_everything_also_removes_the_key_from_the_keychain() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::create(dir.path(), Protection::Keychain).unwrap();
    drop(store);
    let id = store_id(dir.path());
    assert!(keychain::load(&id).is_ok());
    Store::delete_everything(dir.path()).unwrap();
    assert!(matches!(keychain::load(&id), Err(KeychainError::NoKey)));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_backup_of_a_keychain_store_restores_with_the_recovery_phrase() {
    if !keychain_available() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let (mut store, phrase) = Store::create(&root.path().join("a"), Protection::Keychain).unwrap();
    store.import(&one_statement(), Some("口座")).unwrap();
    let backup = root.path().join("backup.kouza-guard");
    store.backup_to(&backup).unwrap();
    drop(store);
    Store::delete_everything(&root.path().join("a")).unwrap();

    let key = StoreKey::from_recovery_phrase(phrase.unwrap().as_str()).unwrap();
    let restored = Store::restore(&backup, &root.path().join("b"), Unlock::Recovery(key)).unwrap();
    assert_eq!(
        restored.history("口座").unwrap(),
        one_statement().transactions
    );
    assert!(restored.uses_keychain());
    drop(restored);
    // The restored store keeps its key in the keychain like any other.
    let reopened = Store::open(&root.path().join("b"), Unlock::Keychain).unwrap();
    assert_eq!(reopened.transaction_count("口座").unwrap(), 1);
    drop(reopened);
    Store::delete_everything(&root.path().join("b")).unwrap();
}
