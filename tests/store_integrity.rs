//! The store's files against damage and against their neighbours (issue 19, items 11 and 13): a
//! backup with a byte flipped anywhere is refused whole before anything is restored, a backup
//! touches no file it did not make and is readable by its owner only, and `store.json` is
//! replaced whole. These tests use a passphrase; `store_keychain_damage.rs` covers the keychain.

use std::fs;
use std::path::Path;
#[cfg(unix)]
use std::process::Command;

use kouza_guard::store::{Protection, Store, StoreError, Unlock};
use zeroize::Zeroizing;

fn passphrase() -> Zeroizing<String> {
    Zeroizing::new("correct horse battery staple".to_owned())
}

/// A store with enough rows that its backup spans many pages.
fn store_with_rows(dir: &Path) -> Store {
    let (mut store, _) = Store::create(dir, Protection::Passphrase(passphrase())).unwrap();
    let mut text = String::from("日付,摘要,出金,入金,残高\n");
    let mut balance = 10_000_000;
    for day in 0..400 {
        balance -= 1_000;
        text.push_str(&format!(
            "2020/{:02}/{:02},ﾃﾞﾝｷﾀﾞｲ {day},1000,,{balance}\n",
            day / 28 % 12 + 1,
            day % 28 + 1
        ));
    }
    let statement = kouza_guard::import::read_bytes(
        "many.csv",
        text.as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap();
    store.import(&statement, Some("口座")).unwrap();
    store
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_byte_flipped_anywhere_in_a_backup_is_refused_and_nothing_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_rows(&dir.path().join("store"));
    let backup = dir.path().join("backup.kouza-guard");
    store.backup_to(&backup).unwrap();
    drop(store);
    let whole = fs::read(&backup).unwrap();
    assert!(whole.len() >= 8 * 4096, "{} bytes", whole.len());

    // The middle of the second page, of a page halfway, and of the last page: the key check
    // reads the first page only, so each of these restored "successfully" before.
    let pages = whole.len() / 4096;
    for page in [1, pages / 2, pages - 1] {
        let mut damaged = whole.clone();
        damaged[page * 4096 + 2000] ^= 0x01;
        let copy = dir.path().join(format!("damaged-{page}.kouza-guard"));
        fs::write(&copy, &damaged).unwrap();
        let target = dir.path().join(format!("restored-{page}"));
        let error = Store::restore(&copy, &target, Unlock::Passphrase(passphrase()))
            .expect_err(&format!("a flipped byte on page {page} must be refused"));
        assert!(
            matches!(&error, StoreError::BackupDamaged { path, .. } if *path == copy),
            "page {page}: {error}"
        );
        assert!(
            error.to_string().contains("nothing was restored"),
            "{error}"
        );
        assert!(!Store::exists(&target), "page {page}: a store was made");
        let left: Vec<_> = fs::read_dir(&target)
            .map(|entries| entries.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "page {page}: left {left:?}");
        assert_eq!(fs::read(&copy).unwrap(), damaged, "the backup is only read");
    }

    // Cut short by a page: refused too.
    let short = dir.path().join("short.kouza-guard");
    fs::write(&short, &whole[..whole.len() - 4096]).unwrap();
    let error = Store::restore(
        &short,
        &dir.path().join("restored-short"),
        Unlock::Passphrase(passphrase()),
    )
    .unwrap_err();
    assert!(matches!(error, StoreError::BackupDamaged { .. }), "{error}");

    // The whole backup still restores.
    let restored = Store::restore(
        &backup,
        &dir.path().join("restored"),
        Unlock::Passphrase(passphrase()),
    )
    .unwrap();
    assert_eq!(restored.transaction_count("口座").unwrap(), 400);
    #[cfg(unix)]
    assert_eq!(mode(&dir.path().join("restored").join("store.db")), 0o600);
}

#[test]
fn a_backup_touches_no_file_it_did_not_make_and_is_the_owners_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_rows(&dir.path().join("store"));
    let backup = dir.path().join("backup.kouza-guard");
    // Files that happen to sit beside the backup, named as the old temporary file was.
    let unrelated = [
        dir.path().join("backup.partial"),
        dir.path().join("backup.kouza-guard.partial"),
    ];
    for file in &unrelated {
        fs::write(file, "someone else's").unwrap();
    }
    store.backup_to(&backup).unwrap();
    for file in &unrelated {
        assert_eq!(fs::read_to_string(file).unwrap(), "someone else's");
    }
    #[cfg(unix)]
    assert_eq!(mode(&backup), 0o600);
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "backup.kouza-guard",
            "backup.kouza-guard.partial",
            "backup.partial",
            "store"
        ],
        "no temporary file is left"
    );

    // Never over one of the store's own files, however the path is written.
    for own in ["store.db", "store.json", "store.db-wal"] {
        let over = dir.path().join("store").join("..").join("store").join(own);
        let before = fs::read(dir.path().join("store").join(own)).ok();
        let error = store.backup_to(&over).unwrap_err();
        assert!(error.to_string().contains("store's own files"), "{error}");
        assert_eq!(fs::read(dir.path().join("store").join(own)).ok(), before);
    }

    // A backup over an earlier one replaces it whole.
    store.backup_to(&backup).unwrap();
    drop(store);
    let restored = Store::restore(
        &backup,
        &dir.path().join("restored"),
        Unlock::Passphrase(passphrase()),
    )
    .unwrap();
    assert_eq!(restored.transaction_count("口座").unwrap(), 400);
}

#[test]
fn store_json_is_replaced_whole_and_is_the_owners_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_rows(dir.path());
    drop(store);
    let meta = dir.path().join("store.json");
    let text = fs::read_to_string(&meta).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    #[cfg(unix)]
    assert_eq!(mode(&meta), 0o600);
    for entry in fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".partial"), "left behind: {name}");
    }
}

#[test]
fn an_empty_file_a_device_or_a_pipe_is_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.kouza-guard");
    fs::write(&empty, "").unwrap();
    let mut not_backups = vec![empty, dir.path().to_owned()];
    #[cfg(unix)]
    {
        not_backups.push("/dev/zero".into());
        let fifo = dir.path().join("fifo.kouza-guard");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        not_backups.push(fifo);
    }
    for (n, file) in not_backups.iter().enumerate() {
        let target = dir.path().join(format!("restored-{n}"));
        let error = Store::restore(file, &target, Unlock::Passphrase(passphrase()))
            .expect_err(&format!("{} is no backup", file.display()));
        assert!(
            matches!(&error, StoreError::BackupDamaged { path, .. } if path == file),
            "{}: {error}",
            file.display()
        );
        assert!(!target.exists(), "{}", file.display());
    }
}

#[test]
fn a_damaged_or_lost_store_json_is_written_again_from_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_rows(dir.path()));
    let meta = dir.path().join("store.json");
    let whole = fs::read_to_string(&meta).unwrap();
    for damage in [Some("{\"id\": \"12"), Some(""), None] {
        match damage {
            Some(text) => fs::write(&meta, text).unwrap(),
            None => fs::remove_file(&meta).unwrap(),
        }
        let store = Store::open(dir.path(), Unlock::Passphrase(passphrase()))
            .unwrap_or_else(|error| panic!("{damage:?}: {error}"));
        assert_eq!(store.transaction_count("口座").unwrap(), 400);
        assert_eq!(fs::read_to_string(&meta).unwrap(), whole, "{damage:?}");
    }
    // Both damaged: the store is not guessed at.
    fs::write(&meta, "{").unwrap();
    fs::write(dir.path().join("store.json.copy"), "{").unwrap();
    assert!(matches!(
        Store::open(dir.path(), Unlock::Passphrase(passphrase())),
        Err(StoreError::MetaDamaged { .. })
    ));
}
