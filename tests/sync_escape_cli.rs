//! `kouza-guard sync` prints what a bank sent, and a bank's text is as untrusted as a file's: a
//! description with terminal escape sequences is shown escaped, never obeyed (issue 19, item 12).
//! Against the sandbox bank over real HTTP, with the real keychain.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sandbox_bank::{credentials, Options, Sandbox};

mod common;
use common::keychain::available as keychain_available;

fn run(home: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kouza-guard");
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn obeyed(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

#[test]
fn sync_prints_a_banks_text_escaped() {
    if !keychain_available() {
        return;
    }
    let bank = Sandbox::start(Options::default()).unwrap();
    bank.book_withdrawal(30_000, "ﾄﾞｺﾓｺｳｻﾞ\u{1b}]0;pwned\u{7}\u{9b}2J");
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store = store.to_str().unwrap();
    let connect = run(
        home.path(),
        &[
            "connect",
            "japan",
            "--profile",
            "sandbox",
            "--base-url",
            &bank.japan_url(),
            "--store",
            store,
        ],
        &format!("{}\n", credentials::JAPAN_TOKEN),
    );
    assert!(
        connect.status.success(),
        "{}",
        String::from_utf8_lossy(&connect.stderr)
    );
    let sync = run(home.path(), &["sync", "--store", store], "");
    let out = String::from_utf8(sync.stdout).unwrap();
    let err = String::from_utf8(sync.stderr).unwrap();
    assert_eq!(sync.status.code(), Some(1), "{out}{err}");
    assert!(!obeyed(&out), "{out:?}");
    assert!(!obeyed(&err), "{err:?}");
    assert!(
        out.contains("ﾄﾞｺﾓｺｳｻﾞ\\u{1b}]0;pwned\\u{7}\\u{9b}2J"),
        "{out}"
    );
    let _ = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store],
        "",
    );
}
