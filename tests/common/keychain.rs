//! The real keychain in tests: `scripts/with-keyring.sh` starts GNOME Keyring's Secret Service in
//! a private D-Bus session and sets `KOUZA_GUARD_IN_KEYRING=1`. Outside it, keychain tests say so
//! and stop; inside it, a keychain that does not answer is a failure.

use std::path::Path;

/// Whether the keychain is there to test against.
pub fn available() -> bool {
    match kouza_guard::store::keychain::probe() {
        Ok(()) => true,
        Err(error) if std::env::var("KOUZA_GUARD_IN_KEYRING").as_deref() == Ok("1") => {
            panic!("scripts/with-keyring.sh started a keychain, but it does not answer: {error}")
        }
        Err(error) => {
            eprintln!("no keychain ({error}); run under scripts/with-keyring.sh to test it");
            false
        }
    }
}

/// The store's id, which names its keychain entry (store.json is documented and holds no secret).
pub fn store_id(dir: &Path) -> String {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("store.json")).unwrap()).unwrap();
    meta["id"].as_str().unwrap().to_owned()
}

/// The recovery phrase the CLI showed on stderr when it created a store.
pub fn phrase_in(stderr: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .find(|line| line.len() == 69 && line.matches('-').count() == 13)
        .unwrap_or_else(|| panic!("no recovery phrase in {stderr}"))
        .to_owned()
}
