//! Delete-everything with a damaged `store.json` (issue 19, item 11), against the real keychain
//! (`scripts/with-keyring.sh`): the store's key and its bank connections leave the keychain all
//! the same, and when no trace of the store's id is left, the person is told that they may
//! remain instead of being told that everything is gone.

use std::fs;
use std::path::Path;
use std::process::Command;

use kouza_guard::store::keychain::{self, KeychainError};
use kouza_guard::store::{Deleted, Protection, Store, StoreError};

mod common;
use common::keychain::{available as keychain_available, store_id};

/// A keychain store with a bank connection's entry beside its key. Returns its id.
fn store_with_a_bank_connection(dir: &Path) -> String {
    let (store, _) = Store::create(dir, Protection::Keychain).unwrap();
    drop(store);
    let id = store_id(dir);
    keychain::save_secret(&format!("bank-connections/{id}"), "{}").unwrap();
    id
}

fn assert_gone_from_the_keychain(id: &str) {
    assert!(
        matches!(keychain::load(id), Err(KeychainError::NoKey)),
        "the store key is still in the keychain"
    );
    assert!(
        matches!(
            keychain::load_secret(&format!("bank-connections/{id}")),
            Err(KeychainError::NoKey)
        ),
        "the bank connections are still in the keychain"
    );
}

#[test]
fn a_garbled_store_json_still_lets_the_key_and_bank_tokens_go() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let id = store_with_a_bank_connection(dir.path());
    fs::write(dir.path().join("store.json"), b"\0\0\xff garbage").unwrap();
    assert_eq!(
        Store::delete_everything(dir.path()).unwrap(),
        Deleted::WithKey
    );
    assert_gone_from_the_keychain(&id);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_cut_short_store_json_and_copy_still_name_the_entries() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let id = store_with_a_bank_connection(dir.path());
    // Both cut off after the id, as a crash mid-write of the old code left it.
    let text = fs::read_to_string(dir.path().join("store.json")).unwrap();
    let cut = &text[..text.find(&id).unwrap() + id.len() + 2];
    fs::write(dir.path().join("store.json"), cut).unwrap();
    fs::remove_file(dir.path().join("store.json.copy")).unwrap();
    assert_eq!(
        Store::delete_everything(dir.path()).unwrap(),
        Deleted::WithKey
    );
    assert_gone_from_the_keychain(&id);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn with_no_trace_of_the_id_left_the_person_is_told_the_entries_may_remain() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let id = store_with_a_bank_connection(dir.path());
    fs::write(dir.path().join("store.json"), "{}").unwrap();
    fs::write(dir.path().join("store.json.copy"), "").unwrap();
    let error = Store::delete_everything(dir.path()).unwrap_err();
    assert!(
        matches!(error, StoreError::KeychainEntriesLeft(_)),
        "{error}"
    );
    assert!(error.to_string().contains("may still be there"), "{error}");
    // The files went all the same; a second run finds nothing and says so.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    assert_eq!(
        Store::delete_everything(dir.path()).unwrap(),
        Deleted::Nothing
    );
    keychain::delete(&id).unwrap();
    keychain::delete_secret(&format!("bank-connections/{id}")).unwrap();
}

#[test]
fn the_cli_never_says_it_deleted_a_key_it_could_not_find() {
    if !keychain_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("store");
    let id = store_with_a_bank_connection(&dir);
    let delete = || {
        Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
            .args(["store", "delete-everything", "--yes", "--store"])
            .arg(&dir)
            .env("HOME", home.path())
            .output()
            .unwrap()
    };

    // Damaged, but the copy names the entries: they go, and it says so.
    fs::write(dir.join("store.json"), "not json").unwrap();
    let output = delete();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(stdout.contains("and its key"), "{stdout}");
    assert_gone_from_the_keychain(&id);

    // No trace of the id: an error that says what may remain, never "and its key".
    let id = store_with_a_bank_connection(&dir);
    fs::write(dir.join("store.json"), "not json").unwrap();
    fs::write(dir.join("store.json.copy"), "not json either").unwrap();
    let output = delete();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stdout}");
    assert!(!stdout.contains("and its key"), "{stdout}");
    assert!(stderr.contains("may still be there"), "{stderr}");
    keychain::delete(&id).unwrap();
    keychain::delete_secret(&format!("bank-connections/{id}")).unwrap();
}
