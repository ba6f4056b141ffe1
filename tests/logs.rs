//! The diagnostic log at its most talkative holds no secret and no customer data: no passphrase,
//! no key or recovery phrase, no full account number, no line of a statement.

use std::io::Write;
use std::process::{Command, Stdio};

mod common;

const PASSPHRASE: &str = "secret-passphrase-4921";

fn run(args: &[&str], stdin: &str, no_keychain: bool) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kouza-guard"));
    command
        .args(args)
        .env("KOUZA_GUARD_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if no_keychain {
        command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    }
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code() != Some(2),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The log's own lines (the CLI also writes messages meant for the person on stderr).
fn log_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            [" TRACE ", " DEBUG ", " INFO ", " WARN ", " ERROR "]
                .iter()
                .any(|level| line.contains(level))
        })
        .collect()
}

#[test]
fn a_trace_log_of_import_scan_and_answer_holds_no_secret_and_no_statement_text() {
    let dir = tempfile::tempdir().unwrap();
    // Named as some banks name exports: with the account number.
    let file = dir.path().join("10170-12345671.csv");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo/yucho-demo.csv"),
        &file,
    )
    .unwrap();
    let store = dir.path().join("store");
    let (store, file) = (store.to_str().unwrap(), file.to_str().unwrap());
    let stdin = format!("{PASSPHRASE}\n");
    let mut log = String::new();
    for args in [
        vec!["import", "--store", store, "--passphrase-stdin", file],
        vec!["scan", &format!("--store={store}"), "--passphrase-stdin"],
        vec![
            "answer",
            "bank:2020070013",
            "not-mine",
            "--store",
            store,
            "--passphrase-stdin",
        ],
        vec!["import", "--store", store, "--passphrase-stdin", file],
    ] {
        let (ok, stderr) = run(&args, &stdin, true);
        assert!(ok, "{args:?}: {stderr}");
        log.push_str(&stderr);
    }
    let lines = log_lines(&log);
    assert!(lines.iter().any(|l| l.contains("read statement")), "{log}");
    assert!(
        lines.iter().any(|l| l.contains("imported into the store")),
        "{log}"
    );
    assert!(
        lines.iter().any(|l| l.contains("10170-****5671.csv")),
        "{log}"
    );
    for line in lines {
        for secret in [
            PASSPHRASE,
            "12345671",
            "ﾄﾞｺﾓｺｳｻﾞ",
            "ﾈﾝｷﾝ",
            "ｺｳｻﾞ ﾀﾛｳ",
            "2020070013",
        ] {
            assert!(!line.contains(secret), "the log holds {secret:?}: {line}");
        }
    }
}

#[test]
fn a_trace_log_with_the_keychain_holds_neither_the_key_nor_the_recovery_phrase() {
    if !common::keychain::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo/yucho-demo.csv");
    let (ok, stderr) = run(&["import", "--store", store, demo], "", false);
    assert!(ok, "{stderr}");
    let phrase = common::keychain::phrase_in(&stderr);
    // The phrase is the key and a checksum in base32: the key's hex is what SQLCipher is given.
    let payload = data_encoding::BASE32_NOPAD
        .decode(phrase.replace('-', "").as_bytes())
        .unwrap();
    let key_hex: String = payload[..32].iter().map(|b| format!("{b:02x}")).collect();
    let (_, shown) = run(&["store", "recovery-phrase", "--store", store], "", false);
    let lines = log_lines(&stderr)
        .into_iter()
        .chain(log_lines(&shown))
        .collect::<Vec<_>>();
    assert!(
        lines.iter().any(|l| l.contains("saving the store key")),
        "{stderr}"
    );
    for line in &lines {
        assert!(
            !line.contains(&phrase) && !line.contains(&phrase.replace('-', "")),
            "{line}"
        );
        assert!(!line.to_lowercase().contains(&key_hex[..16]), "{line}");
    }
    kouza_guard::store::Store::delete_everything(std::path::Path::new(store)).unwrap();
}
