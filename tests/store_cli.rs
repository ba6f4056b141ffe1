//! The store through the `kouza-guard` binary, as a person or a branch script uses it: `import`
//! (all-or-nothing, idempotent), `scan --store` with the holder's answers, the passphrase when
//! there is no keychain, the recovery phrase when there is, and deleting everything.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

const PASSPHRASE: &str = "hikari no michi 1964";

/// Runs the binary with `stdin` fed in, in a private HOME so the user's own store is never touched.
fn run(home: &Path, args: &[&str], stdin: &str, no_keychain: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kouza-guard"));
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if no_keychain {
        // A desktop without a Secret Service: the session bus is not there.
        command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    }
    let mut child = command.spawn().expect("run kouza-guard");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn demo_file() -> String {
    format!("{}/data/demo/yucho-demo.csv", env!("CARGO_MANIFEST_DIR"))
}

/// Every byte of every file under `dir`.
fn all_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    common::files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn without_a_keychain_nothing_is_written_until_a_passphrase_is_given() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store = store.to_str().unwrap();
    let demo = demo_file();
    let args = ["import", "--store", store, "--account", "年金口座", &demo];

    let refused = run(home.path(), &args, "", true);
    assert_eq!(refused.status.code(), Some(2));
    let message = text(&refused.stderr);
    assert!(message.contains("no keychain is available"), "{message}");
    assert!(message.contains("--passphrase-stdin"), "{message}");
    assert!(message.contains("Nothing was written"), "{message}");
    assert!(
        all_bytes(home.path()).is_empty(),
        "no file may be written in clear"
    );

    let mut with_passphrase = args.to_vec();
    with_passphrase.push("--passphrase-stdin");
    let created = run(
        home.path(),
        &with_passphrase,
        &format!("{PASSPHRASE}\n"),
        true,
    );
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    assert!(
        text(&created.stdout).contains("→ 年金口座: 19 rows, 2020-07-01 – 2020-09-14, 19 new"),
        "{}",
        text(&created.stdout)
    );
    assert!(!text(&created.stderr).contains("recovery phrase"));

    // Opening it again needs the passphrase; a script without one is told how to give it.
    let scan = ["scan", &format!("--store={store}"), "--lang", "en"];
    let locked = run(home.path(), &scan, "", true);
    assert_eq!(locked.status.code(), Some(2));
    assert!(text(&locked.stderr).contains("--passphrase-stdin"));
    let mut scan_with = scan.to_vec();
    scan_with.push("--passphrase-stdin");
    let wrong = run(home.path(), &scan_with, "not it\n", true);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("does not open this store"));
    let scanned = run(home.path(), &scan_with, &format!("{PASSPHRASE}\n"), true);
    assert_eq!(scanned.status.code(), Some(1), "{}", text(&scanned.stderr));
    assert!(text(&scanned.stdout).contains("4 withdrawals need your attention"));

    for (path, bytes) in all_bytes(home.path()) {
        for secret in [PASSPHRASE, "ﾄﾞｺﾓｺｳｻﾞ", "年金口座"] {
            assert!(
                !contains(&bytes, secret),
                "{} holds {secret:?}",
                path.display()
            );
        }
    }
}

#[test]
fn importing_again_adds_nothing_and_a_bad_file_adds_nothing_at_all() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store = store.to_str().unwrap();
    let (good, broken) = (fixture("yucho.csv"), home.path().join("broken.csv"));
    std::fs::write(
        &broken,
        "日付,摘要,出金,入金,残高\n2020/09/01,ﾃﾞﾝｷﾀﾞｲ,5000,,95000\n2020/09/02,ﾄﾞｺﾓｺｳｻﾞ,3OOOO,,65000\n",
    )
    .unwrap();
    let broken = broken.to_str().unwrap();

    let import = |files: &[&str]| {
        let mut args = vec!["import", "--store", store, "--passphrase-stdin"];
        args.extend_from_slice(files);
        run(home.path(), &args, &format!("{PASSPHRASE}\n"), true)
    };
    let refused = import(&[&good, broken]);
    assert_eq!(refused.status.code(), Some(2));
    let message = text(&refused.stderr);
    assert!(
        message.starts_with("kouza-guard: broken.csv: line 3, field 出金: "),
        "{message}"
    );
    assert!(
        !Path::new(store).join("store.db").exists(),
        "nothing, not even the good file, was stored"
    );

    let first = import(&[&good]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("3 rows, 2020-09-01 – 2020-09-15, 3 new, 0 already stored")
    );
    let again = import(&[&good]);
    assert!(
        text(&again.stdout).contains("3 rows, 2020-09-01 – 2020-09-15, 0 new, 3 already stored"),
        "{}",
        text(&again.stdout)
    );
    let refused_later = import(&[&good, broken]);
    assert_eq!(refused_later.status.code(), Some(2));
    let accounts = run(
        home.path(),
        &["accounts", "--store", store, "--passphrase-stdin"],
        &format!("{PASSPHRASE}\n"),
        true,
    );
    assert!(
        text(&accounts.stdout).contains("3 rows"),
        "{}",
        text(&accounts.stdout)
    );
}

#[test]
fn answers_given_through_the_cli_change_the_next_scan() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store = store.to_str().unwrap();
    let stdin = format!("{PASSPHRASE}\n");
    let with_store = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--store", store, "--passphrase-stdin"]);
        run(home.path(), &all, &stdin, true)
    };
    let demo = demo_file();
    assert!(with_store(&["import", &demo]).status.success());
    let scan = |format: &str| {
        run(
            home.path(),
            &[
                "scan",
                &format!("--store={store}"),
                "--passphrase-stdin",
                "--format",
                format,
                "--lang",
                "en",
            ],
            &stdin,
            true,
        )
    };
    let before: serde_json::Value = serde_json::from_slice(&scan("json").stdout).unwrap();
    let flagged = before["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 4);
    let text_report = text(&scan("text").stdout);
    for withdrawal in flagged {
        let id = withdrawal["id"].as_str().unwrap();
        assert!(text_report.contains(&format!("id: {id}")), "{text_report}");
    }

    // The holder recognises all four: the next scan flags none and exits 0.
    for withdrawal in flagged {
        let answered = with_store(&["answer", withdrawal["id"].as_str().unwrap(), "mine"]);
        assert!(answered.status.success(), "{}", text(&answered.stderr));
    }
    let after = scan("json");
    assert_eq!(after.status.code(), Some(0));
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert_eq!(after["flagged"].as_array().unwrap().len(), 0);
    assert_eq!(after["emoney"].as_array().unwrap().len(), 7);

    let unknown = with_store(&["answer", "fp:0000", "not-mine"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no such transaction"));
    let bad_service = with_store(&["declare", "paypey", "uses"]);
    assert_eq!(bad_service.status.code(), Some(2));
    assert!(text(&bad_service.stderr).contains("paypay"));
}

#[test]
fn delete_everything_asks_first_then_leaves_nothing() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store_arg = store.to_str().unwrap();
    let stdin = format!("{PASSPHRASE}\n");
    let demo = demo_file();
    let import = ["import", "--store", store_arg, "--passphrase-stdin", &demo];
    assert!(run(home.path(), &import, &stdin, true).status.success());
    let unconfirmed = run(
        home.path(),
        &["store", "delete-everything", "--store", store_arg],
        "",
        true,
    );
    assert_eq!(unconfirmed.status.code(), Some(2));
    assert!(text(&unconfirmed.stderr).contains("--yes"));
    assert!(store.join("store.db").exists());
    let deleted = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store_arg],
        "",
        true,
    );
    assert!(deleted.status.success(), "{}", text(&deleted.stderr));
    assert!(all_bytes(home.path()).is_empty());
}

/// With the real keychain (scripts/with-keyring.sh): the store is created without a question,
/// the recovery phrase is shown once on stderr, and it opens the store after the keychain lost
/// the key.
#[test]
fn with_a_keychain_the_recovery_phrase_is_shown_once_and_works() {
    if !common::keychain::available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store_arg = store.to_str().unwrap();
    let demo = demo_file();
    let created = run(
        home.path(),
        &["import", "--store", store_arg, &demo],
        "",
        false,
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    let stderr = text(&created.stderr);
    let phrase = common::keychain::phrase_in(&stderr);
    for (path, bytes) in all_bytes(home.path()) {
        assert!(
            !contains(&bytes, &phrase),
            "{} holds the phrase",
            path.display()
        );
    }
    let shown = run(
        home.path(),
        &["store", "recovery-phrase", "--store", store_arg],
        "",
        false,
    );
    assert_eq!(text(&shown.stdout).trim(), phrase);

    // The keychain loses the key: the store explains, and the phrase brings it back.
    let store_id = common::keychain::store_id(&store);
    kouza_guard::store::keychain::delete(&store_id).unwrap();
    let lost = run(home.path(), &["accounts", "--store", store_arg], "", false);
    assert_eq!(lost.status.code(), Some(2));
    assert!(text(&lost.stderr).contains("recovery phrase"));
    let wrong = run(
        home.path(),
        &["store", "recover", "--store", store_arg],
        &format!(
            "{}\n",
            phrase.replacen(|c: char| c.is_ascii_uppercase(), "7", 1)
        ),
        false,
    );
    assert_eq!(wrong.status.code(), Some(2));
    let recovered = run(
        home.path(),
        &["store", "recover", "--store", store_arg],
        &format!("{phrase}\n"),
        false,
    );
    assert!(recovered.status.success(), "{}", text(&recovered.stderr));
    let accounts = run(home.path(), &["accounts", "--store", store_arg], "", false);
    assert!(text(&accounts.stdout).contains("19 rows"));
    let deleted = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store_arg],
        "",
        false,
    );
    assert!(deleted.status.success());
}
