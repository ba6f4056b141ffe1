//! The store: imports that are all-or-nothing and idempotent, answers that persist and change
//! judgements, encryption at rest, backup, and deleting everything. These tests protect the store
//! with a passphrase; `store_keychain.rs` covers the keychain.

use std::fs;
use std::path::Path;

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{detect, Answer};
use kouza_guard::import;
use kouza_guard::store::{Protection, Store, StoreError, Unlock};
use kouza_guard::Statement;
use zeroize::Zeroizing;

const PASSPHRASE: &str = "correct horse battery staple";

fn passphrase() -> Zeroizing<String> {
    Zeroizing::new(PASSPHRASE.to_owned())
}

fn new_store(dir: &Path) -> Store {
    Store::create(dir, Protection::Passphrase(passphrase()))
        .unwrap()
        .0
}

/// A 三井住友-style export (the layout the bank's CSV uses), UTF-8 for readability.
fn smbc(name: &str, rows: &[(&str, i64, &str, i64)]) -> Statement {
    let mut text = String::from("年月日,お引出し,お預入れ,お取り扱い内容,残高,メモ,ラベル\n");
    for (date, amount, description, balance) in rows {
        let (out, into) = if *amount < 0 {
            ((-amount).to_string(), String::new())
        } else {
            (String::new(), amount.to_string())
        };
        text.push_str(&format!("{date},{out},{into},{description},{balance},,\n"));
    }
    import::read_bytes(
        name,
        text.as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap()
}

fn september() -> Statement {
    smbc(
        "september.csv",
        &[
            ("2020/9/1", 200_000, "ﾈﾝｷﾝ", 500_000),
            ("2020/9/3", -5_000, "ﾃﾞﾝｷﾀﾞｲ", 495_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 465_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 435_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 405_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 375_000),
        ],
    )
}

/// Overlaps September from the 4th: the four top-ups again, then new rows.
fn september_to_october() -> Statement {
    smbc(
        "september-october.csv",
        &[
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 465_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 435_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 405_000),
            ("2020/9/4", -30_000, "ﾄﾞｺﾓｺｳｻﾞ", 375_000),
            ("2020/9/25", -8_000, "ｽｲﾄﾞｳﾀﾞｲ", 367_000),
            ("2020/10/1", 200_000, "ﾈﾝｷﾝ", 567_000),
        ],
    )
}

#[test]
fn the_same_file_twice_or_overlapping_files_add_each_transaction_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());

    let first = store.import(&september(), Some("年金口座")).unwrap();
    assert_eq!((first.rows, first.added, first.known), (6, 6, 0));
    let again = store.import(&september(), Some("年金口座")).unwrap();
    assert_eq!((again.rows, again.added, again.known), (6, 0, 6));
    let overlap = store
        .import(&september_to_october(), Some("年金口座"))
        .unwrap();
    assert_eq!((overlap.rows, overlap.added, overlap.known), (6, 2, 4));

    let history = store.history("年金口座").unwrap();
    assert_eq!(history.len(), 8);
    let descriptions: Vec<&str> = history.iter().map(|t| t.description.as_str()).collect();
    assert_eq!(
        descriptions,
        [
            "ﾈﾝｷﾝ",
            "ﾃﾞﾝｷﾀﾞｲ",
            "ﾄﾞｺﾓｺｳｻﾞ",
            "ﾄﾞｺﾓｺｳｻﾞ",
            "ﾄﾞｺﾓｺｳｻﾞ",
            "ﾄﾞｺﾓｺｳｻﾞ",
            "ｽｲﾄﾞｳﾀﾞｲ",
            "ﾈﾝｷﾝ"
        ]
    );
    // What comes back is what went in, field by field.
    assert_eq!(history[..6], september().transactions[..]);
}

#[test]
fn two_genuine_identical_rows_stay_two_across_reimports() {
    // No balance column, so nothing but their order tells the two top-ups apart.
    let text = "日付,摘要,出金,入金\n2020/09/04,ﾍﾟｲﾍﾟｲ,\"5,000\",\n2020/09/04,ﾍﾟｲﾍﾟｲ,\"5,000\",\n";
    let statement = import::read_bytes(
        "same-day.csv",
        text.as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    assert_eq!(store.import(&statement, None).unwrap().added, 2);
    assert_eq!(store.import(&statement, None).unwrap().added, 0);
    assert_eq!(
        store
            .transaction_count(kouza_guard::store::DEFAULT_LABEL)
            .unwrap(),
        2
    );
}

#[test]
fn a_file_for_another_account_number_is_refused_and_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let mut mine = september();
    mine.account = Some(kouza_guard::Account {
        bank: "三井住友銀行".into(),
        branch: None,
        number_masked: "***1234".into(),
    });
    store.import(&mine, Some("家計")).unwrap();
    let mut someone_elses = september_to_october();
    someone_elses.account = Some(kouza_guard::Account {
        bank: "三井住友銀行".into(),
        branch: None,
        number_masked: "***9876".into(),
    });
    let error = store.import(&someone_elses, Some("家計")).unwrap_err();
    assert!(
        matches!(error, StoreError::AccountMismatch { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("***9876"), "{error}");
    assert_eq!(store.transaction_count("家計").unwrap(), 6);
    // Without a label, the file's own account is used.
    let outcome = store.import(&someone_elses, None).unwrap();
    assert_eq!(outcome.account, "三井住友銀行 ***9876");
    assert_eq!(store.accounts().unwrap().len(), 2);
}

#[test]
fn the_demo_is_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let demo = kouza_guard::demo::statement().unwrap();
    assert!(matches!(
        store.import(&demo, None),
        Err(StoreError::DemoNotStored)
    ));
    assert!(store.accounts().unwrap().is_empty());
}

#[test]
fn answers_and_declared_services_persist_and_change_later_judgements() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::builtin();
    {
        let mut store = new_store(dir.path());
        store.import(&september(), Some("口座")).unwrap();
        let history = store.history("口座").unwrap();
        let found = detect(&catalog, &history, &store.holder("口座").unwrap());
        assert_eq!(found.iter().filter(|f| f.is_flagged()).count(), 4);
        for finding in &found {
            store
                .answer("口座", &finding.transaction.source_id, Answer::Mine)
                .unwrap();
        }
        store.declare("口座", "paypay", Some(true)).unwrap();
        store.declare("口座", "kyash", Some(false)).unwrap();
    }
    let store = Store::open(dir.path(), Unlock::Passphrase(passphrase())).unwrap();
    let holder = store.holder("口座").unwrap();
    assert_eq!(holder.answers.len(), 4);
    assert!(holder.answers.values().all(|a| *a == Answer::Mine));
    assert!(holder.known.contains("paypay") && holder.never.contains("kyash"));
    let history = store.history("口座").unwrap();
    let found = detect(&catalog, &history, &holder);
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|f| !f.is_flagged()));
}

#[test]
fn an_answer_about_a_transaction_the_account_lacks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    store.import(&september(), Some("口座")).unwrap();
    let stranger = kouza_guard::SourceId::Bank("no-such-row".into());
    assert!(matches!(
        store.answer("口座", &stranger, Answer::NotMine),
        Err(StoreError::NoSuchTransaction)
    ));
    assert!(matches!(
        store.answer("ほかの口座", &stranger, Answer::NotMine),
        Err(StoreError::NoSuchAccount(_))
    ));
}

#[test]
fn flags_are_new_only_the_first_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    store.import(&september(), Some("口座")).unwrap();
    let history = store.history("口座").unwrap();
    let first: Vec<_> = history[2..4]
        .iter()
        .map(|t| (&t.source_id, "docomo-koza", 0.9))
        .collect();
    assert_eq!(store.remember_flags("口座", &first, "v1").unwrap(), [0, 1]);
    let later: Vec<_> = history[2..6]
        .iter()
        .map(|t| (&t.source_id, "docomo-koza", 0.9))
        .collect();
    assert_eq!(store.remember_flags("口座", &later, "v1").unwrap(), [2, 3]);
}

/// Every file the store has written, as bytes.
fn store_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| (path.display().to_string(), fs::read(&path).unwrap()))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn without_the_key_the_files_reveal_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let mut statement = september();
    statement.transactions[1].description = "ﾃﾞﾝｷﾀﾞｲ ｼﾞﾖｳﾅﾝﾁﾖｳ 1-2-3".into();
    statement.transactions[1].normalized = "デンキダイ ジョウナンチョウ 1-2-3".into();
    store.import(&statement, Some("年金口座")).unwrap();
    // Read while the store is open, so the write-ahead log is on disk too.
    let files = store_bytes(dir.path());
    assert!(files.iter().any(|(name, _)| name.ends_with("store.db-wal")));
    for (name, bytes) in &files {
        for needle in [
            "ｼﾞﾖｳﾅﾝﾁﾖｳ",
            "ジョウナンチョウ",
            "年金口座",
            "SQLite format 3",
            "CREATE TABLE",
            PASSPHRASE,
        ] {
            assert!(
                !contains(bytes, needle.as_bytes()),
                "{name} holds {needle:?} in clear"
            );
        }
    }
    drop(store);
    assert!(matches!(
        Store::open(
            dir.path(),
            Unlock::Passphrase(Zeroizing::new("wrong".into()))
        ),
        Err(StoreError::WrongKey)
    ));
    assert!(matches!(
        Store::open(dir.path(), Unlock::Keychain),
        Err(StoreError::NeedsPassphrase)
    ));
}

#[test]
fn an_empty_passphrase_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    assert!(matches!(
        Store::create(
            &store_dir,
            Protection::Passphrase(Zeroizing::new("  ".into()))
        ),
        Err(StoreError::EmptyPassphrase)
    ));
    assert!(!Store::exists(&store_dir));
}

#[test]
fn a_backup_is_encrypted_and_restores_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir.path().join("store"));
    store.import(&september(), Some("口座")).unwrap();
    drop(store);
    // Backed up from a store opened later, not only from one just created.
    let store = Store::open(&dir.path().join("store"), Unlock::Passphrase(passphrase())).unwrap();
    let backup = dir.path().join("backup.kouza-guard");
    store.backup_to(&backup).unwrap();
    assert!(!dir.path().join("backup.partial").exists());
    let bytes = fs::read(&backup).unwrap();
    assert!(!contains(&bytes, "ﾄﾞｺﾓｺｳｻﾞ".as_bytes()));
    assert!(!contains(&bytes, b"SQLite format 3"));

    let restored_dir = dir.path().join("restored");
    let restored =
        Store::restore(&backup, &restored_dir, Unlock::Passphrase(passphrase())).unwrap();
    assert_eq!(
        restored.history("口座").unwrap(),
        store.history("口座").unwrap()
    );
    let wrong = Store::restore(
        &backup,
        &dir.path().join("wrong"),
        Unlock::Passphrase(Zeroizing::new("wrong".into())),
    );
    assert!(matches!(wrong, Err(StoreError::WrongKey)));
    assert!(!Store::exists(&dir.path().join("wrong")));
}

#[test]
fn delete_everything_leaves_no_store_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    store.import(&september(), Some("口座")).unwrap();
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    assert!(matches!(
        Store::open(dir.path(), Unlock::Passphrase(passphrase())),
        Err(StoreError::NotCreated(_))
    ));
    // And again: nothing left to delete is not an error.
    Store::delete_everything(dir.path()).unwrap();
}
