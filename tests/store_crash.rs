//! A store survives the app being killed in the middle of an import: SIGKILL while a large file
//! is being written leaves the earlier data intact, no part of the large file, and a database
//! that passes SQLite's integrity check.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kouza_guard::store::{Store, Unlock};
use zeroize::Zeroizing;

const PASSPHRASE: &str = "kill -9 test";

/// A 三井住友-layout export of `rows` small withdrawals, ten years of them.
fn large_export(path: &Path, rows: usize) {
    let mut text = String::from("年月日,お引出し,お預入れ,お取り扱い内容,残高,メモ,ラベル\n");
    let first = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
    let mut balance: i64 = 1_000_000_000;
    for i in 0..rows {
        let day = first + chrono::Days::new((i / 60) as u64);
        balance -= 1_000;
        text.push_str(&format!(
            "{},1000,,ﾃﾞﾝｷﾀﾞｲ {i:06},{balance},,\n",
            day.format("%Y/%-m/%-d")
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn import(store: &Path, file: &str) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args([
            "import",
            "--account",
            "年金口座",
            "--passphrase-stdin",
            "--store",
        ])
        .arg(store)
        .arg(file)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
    child
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

#[test]
fn a_kill_in_the_middle_of_a_large_import_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let demo = format!("{}/data/demo/yucho-demo.csv", env!("CARGO_MANIFEST_DIR"));
    let earlier = import(&store_dir, &demo).wait_with_output().unwrap();
    assert!(
        earlier.status.success(),
        "{}",
        String::from_utf8_lossy(&earlier.stderr)
    );

    let large = dir.path().join("ten-years.csv");
    large_export(&large, 200_000);
    let mut child = import(&store_dir, large.to_str().unwrap());
    // Wait until the import is writing its transaction (the write-ahead log grows past 1 MB),
    // then kill it without warning.
    let wal = store_dir.join("store.db-wal");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the import ended ({status}) before it could be killed mid-write; make the file larger");
        }
        if size(&wal) > 1 << 20 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, not finished");

    let store = Store::open(
        &store_dir,
        Unlock::Passphrase(Zeroizing::new(PASSPHRASE.into())),
    )
    .unwrap();
    store.check_integrity().unwrap();
    assert_eq!(store.accounts().unwrap().len(), 1);
    let history = store.history("年金口座").unwrap();
    assert_eq!(
        history.len(),
        19,
        "the earlier import is intact and nothing of the killed one is in"
    );
    assert!(history
        .iter()
        .all(|t| !t.description.starts_with("ﾃﾞﾝｷﾀﾞｲ 0")));
    drop(store);

    // The same import, tried again, goes through whole.
    let retried = import(&store_dir, large.to_str().unwrap())
        .wait_with_output()
        .unwrap();
    assert!(
        retried.status.success(),
        "{}",
        String::from_utf8_lossy(&retried.stderr)
    );
    let store = Store::open(
        &store_dir,
        Unlock::Passphrase(Zeroizing::new(PASSPHRASE.into())),
    )
    .unwrap();
    assert_eq!(store.transaction_count("年金口座").unwrap(), 200_019);
}
