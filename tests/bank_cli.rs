//! `connect`, `sync` and `disconnect` through the binary against the sandbox bank over real HTTP,
//! with the real keychain: what a person sees, the exit codes, and that no token, access URL,
//! consent id or full account number is left in the data folder, the database or the log.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sandbox_bank::{credentials, Options, Sandbox};

mod common;
use common::files_under;
use common::keychain::{available as keychain_available, store_id};

fn run(home: &Path, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kouza-guard"));
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LANG", "en_US.UTF-8")
        .env("KOUZA_GUARD_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
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
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn connect_sync_and_disconnect_leave_secrets_only_in_the_keychain() {
    if !keychain_available() {
        return;
    }
    let bank = Sandbox::start(Options::default()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store_arg = store.to_str().unwrap();
    let mut log = String::new();

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
            store_arg,
        ],
        &format!("{}\n", credentials::JAPAN_TOKEN),
    );
    log.push_str(&text(&connect.stderr));
    assert!(connect.status.success(), "{}", text(&connect.stderr));
    let said = text(&connect.stdout);
    assert!(said.contains("***4321"), "{said}");
    let label = "サンドボックス銀行（デモ用） Sandbox Bank (demo) 本店 ***4321";
    assert!(said.contains(label), "{said}");

    // The first sync brings the history; the burst is newly flagged: exit 1.
    let first = run(home.path(), &["sync", "--store", store_arg], "");
    log.push_str(&text(&first.stderr));
    let out = text(&first.stdout);
    assert_eq!(first.status.code(), Some(1), "{out}{}", text(&first.stderr));
    assert!(
        out.contains(&format!("{} new", bank.entries().len())),
        "{out}"
    );
    assert_eq!(out.matches("NEW ").count(), 4, "{out}");

    // Nothing new at the bank: nothing newly flagged, exit 0.
    let again = run(home.path(), &["sync", "--store", store_arg], "");
    log.push_str(&text(&again.stderr));
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stdout));
    assert!(text(&again.stdout).contains(", 0 new"));

    // The fraudster comes back: one new row, one new flag.
    bank.book_withdrawal(30_000, "ﾄﾞｺﾓｺｳｻﾞ");
    let third = run(
        home.path(),
        &["sync", "--account", label, "--store", store_arg],
        "",
    );
    log.push_str(&text(&third.stderr));
    assert_eq!(third.status.code(), Some(1));
    assert_eq!(
        text(&third.stdout).matches("NEW ").count(),
        1,
        "{}",
        text(&third.stdout)
    );

    // No secret and no full account number anywhere in the folder, nor in the log.
    let forbidden = [
        credentials::JAPAN_TOKEN,
        credentials::JAPAN_ACCOUNT,
        "1234321",
    ];
    for file in files_under(home.path()) {
        let bytes = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for secret in forbidden {
            assert!(!bytes.contains(secret), "{secret} in {}", file.display());
        }
    }
    assert!(log.contains(" INFO "), "the log was on: {log}");
    for secret in forbidden.iter().chain(&[bank.japan_url().as_str()]) {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }

    let id = store_id(&store);
    let disconnect = run(
        home.path(),
        &["disconnect", "--account", label, "--store", store_arg],
        "",
    );
    assert!(disconnect.status.success(), "{}", text(&disconnect.stderr));
    assert!(kouza_guard::bank::secrets::load_all(&id)
        .unwrap()
        .is_empty());
    let after = run(home.path(), &["sync", "--store", store_arg], "");
    assert_eq!(after.status.code(), Some(2));
    assert!(text(&after.stderr).contains("no account is connected"));

    let delete = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store_arg],
        "",
    );
    assert!(delete.status.success());
}

#[test]
fn psd2_and_simplefin_read_their_secrets_from_standard_input() {
    if !keychain_available() {
        return;
    }
    let bank = Sandbox::start(Options::default()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store_arg = store.to_str().unwrap();

    let psd2 = run(
        home.path(),
        &[
            "connect",
            "psd2",
            "--base-url",
            &bank.psd2_url(),
            "--account",
            "PSD2",
            "--store",
            store_arg,
        ],
        &format!(
            "{}\n{}\n",
            credentials::PSD2_TOKEN,
            credentials::PSD2_CONSENT_ID
        ),
    );
    assert!(psd2.status.success(), "{}", text(&psd2.stderr));
    let simplefin = run(
        home.path(),
        &[
            "connect",
            "simplefin",
            "--account",
            "SimpleFIN",
            "--store",
            store_arg,
        ],
        &format!("{}\n", bank.simplefin_setup_token()),
    );
    assert!(simplefin.status.success(), "{}", text(&simplefin.stderr));
    // The setup token can be claimed only once: a second connect says someone may have it.
    let twice = run(
        home.path(),
        &[
            "connect",
            "simplefin",
            "--account",
            "Again",
            "--store",
            store_arg,
        ],
        &format!("{}\n", bank.simplefin_setup_token()),
    );
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        text(&twice.stderr).contains("already been used"),
        "{}",
        text(&twice.stderr)
    );

    let sync = run(home.path(), &["sync", "--store", store_arg], "");
    let out = text(&sync.stdout);
    assert_eq!(sync.status.code(), Some(1), "{out}{}", text(&sync.stderr));
    assert!(out.contains("PSD2: PSD2 (Berlin Group)"), "{out}");
    assert!(out.contains("SimpleFIN: SimpleFIN"), "{out}");
    assert_eq!(
        out.matches("NEW ").count(),
        8,
        "four in each account: {out}"
    );

    // An expired PSD2 token is one account's failure; it is named and the other account syncs.
    let wrong = run(
        home.path(),
        &[
            "connect",
            "psd2",
            "--base-url",
            &bank.psd2_url(),
            "--account",
            "Wrong",
            "--store",
            store_arg,
        ],
        "revoked-token\nconsent\n",
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        text(&wrong.stderr).contains("did not accept the token"),
        "{}",
        text(&wrong.stderr)
    );
    assert!(!text(&wrong.stderr).contains("revoked-token"));

    let delete = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store_arg],
        "",
    );
    assert!(delete.status.success());
}

#[test]
fn a_psd2_consent_id_is_never_shown_or_logged_even_when_the_bank_echoes_it() {
    if !keychain_available() {
        return;
    }
    let bank = Sandbox::start(Options {
        psd2_frequency_per_day: 100,
        ..Options::default()
    })
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store_arg = store.to_str().unwrap();
    let secrets = format!(
        "{}\n{}\n",
        credentials::PSD2_TOKEN,
        credentials::PSD2_CONSENT_ID
    );
    let connect = |account: &str| {
        run(
            home.path(),
            &[
                "connect",
                "psd2",
                "--base-url",
                &bank.psd2_url(),
                "--account",
                account,
                "--store",
                store_arg,
            ],
            &secrets,
        )
    };
    let mut shown = String::new();

    // The consent's status comes back broken: the error names the endpoint, masked.
    bank.set_faults(&sandbox_bank::faults::parse("badjson").unwrap());
    let broken = connect("PSD2");
    assert_eq!(broken.status.code(), Some(2));
    let said = text(&broken.stderr);
    assert!(said.contains("/consents/"), "{said}");
    shown.push_str(&said);

    // Connected, the bank then answers a sync with the whole request echoed in its error.
    let connected = connect("PSD2");
    assert!(connected.status.success(), "{}", text(&connected.stderr));
    bank.set_faults(&sandbox_bank::faults::parse("echo:10").unwrap());
    let sync = run(home.path(), &["sync", "--store", store_arg], "");
    let said = format!("{}{}", text(&sync.stdout), text(&sync.stderr));
    assert!(said.contains("cannot serve"), "{said}");
    assert!(said.contains(" WARN "), "the failure was logged: {said}");
    shown.push_str(&said);

    for secret in [
        credentials::PSD2_CONSENT_ID,
        credentials::PSD2_TOKEN,
        credentials::PSD2_ACCOUNT,
    ] {
        assert!(!shown.contains(secret), "{secret} was shown:\n{shown}");
    }
    let delete = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store_arg],
        "",
    );
    assert!(delete.status.success());
}

#[test]
fn a_sync_whose_reply_holds_a_date_no_account_has_is_refused_and_the_next_one_works() {
    if !keychain_available() {
        return;
    }
    let bank = Sandbox::start(Options::default()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store_arg = store.to_str().unwrap();
    let connect = run(
        home.path(),
        &[
            "connect",
            "japan",
            "--profile",
            "sandbox",
            "--base-url",
            &bank.japan_url(),
            "--account",
            "年金",
            "--store",
            store_arg,
        ],
        &format!("{}\n", credentials::JAPAN_TOKEN),
    );
    assert!(connect.status.success(), "{}", text(&connect.stderr));

    // Far in the past: taken in, it made every later sync overflow its date arithmetic.
    bank.set_faults(&sandbox_bank::faults::parse("date=-262000-01-01").unwrap());
    let refused = run(home.path(), &["sync", "--store", store_arg], "");
    let said = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the bank's reply for 年金 was refused and nothing of it was kept"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");

    let next = run(home.path(), &["sync", "--store", store_arg], "");
    assert_eq!(next.status.code(), Some(1), "{}", text(&next.stderr));
    assert!(
        text(&next.stdout).contains(&format!("{} new", bank.entries().len())),
        "{}",
        text(&next.stdout)
    );
    let delete = run(
        home.path(),
        &["store", "delete-everything", "--yes", "--store", store_arg],
        "",
    );
    assert!(delete.status.success());
}
