//! Connecting accounts to the sandbox bank and syncing them into a real store, with the real
//! keychain (`scripts/with-keyring.sh`): incremental, de-duplicated, atomic, within each
//! provider's daily limit, and with every secret in the keychain and nowhere else.

use std::path::Path;
use std::time::Duration;

use chrono::{Duration as Days, NaiveDate};
use kouza_guard::bank::sync::{self, SyncError};
use kouza_guard::bank::{
    secrets, simplefin, BankError, BankProfile, Connection, Credentials, Http, RetryPolicy,
};
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::review::Review;
use kouza_guard::store::{keychain, Protection, Store};
use sandbox_bank::{credentials, faults, Options, Sandbox};
use zeroize::Zeroizing;

mod common;
use common::keychain::available as keychain_available;

const LABEL: &str = "サンドボックス銀行";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn http() -> Http {
    Http::new(RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
    })
    .unwrap()
}

fn bank() -> Sandbox {
    Sandbox::start(Options {
        today: today(),
        psd2_frequency_per_day: 100,
        ..Options::default()
    })
    .unwrap()
}

fn psd2(bank: &Sandbox, frequency_per_day: u32) -> Credentials {
    Credentials::Psd2 {
        base_url: bank.psd2_url(),
        token: Zeroizing::new(credentials::PSD2_TOKEN.into()),
        consent_id: Zeroizing::new(credentials::PSD2_CONSENT_ID.into()),
        frequency_per_day,
    }
}

fn japan(bank: &Sandbox) -> Credentials {
    Credentials::Japan {
        profile: Box::new(
            BankProfile::builtin("sandbox")
                .unwrap()
                .at(&bank.japan_url())
                .unwrap(),
        ),
        token: Zeroizing::new(credentials::JAPAN_TOKEN.into()),
    }
}

/// Lists the credentials' accounts, connects the only one under [`LABEL`].
fn connect(store: &mut Store, credentials: Credentials) {
    let remote = credentials
        .connector(http())
        .unwrap()
        .accounts()
        .unwrap()
        .remove(0);
    let connection = Connection {
        remote_account: remote.id.clone(),
        credentials,
    };
    sync::connect(store, LABEL, &connection, &remote).unwrap();
}

fn new_store(dir: &Path) -> Store {
    Store::create(dir, Protection::Keychain).unwrap().0
}

#[test]
fn a_first_sync_brings_the_history_and_the_next_only_what_is_new() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let bank = bank();
    connect(&mut store, psd2(&bank, 4));
    let accounts = store.accounts().unwrap();
    let account = accounts[0]
        .account
        .as_ref()
        .expect("the masked number is kept");
    assert_eq!(account.number_masked, "******4321");

    let mut pages = 0;
    let first = sync::sync(&mut store, LABEL, today(), &http(), &mut |p| {
        pages = p.pages
    })
    .unwrap();
    assert_eq!(first.from, today() - Days::days(sync::FIRST_SYNC_DAYS));
    assert_eq!(first.import.added, bank.entries().len());
    assert!(pages > 1);
    assert_eq!(
        store.transaction_count(LABEL).unwrap(),
        bank.entries().len()
    );
    let state = store.sync_state(LABEL).unwrap().unwrap();
    assert_eq!(state.provider, "psd2");
    assert_eq!(state.last_booked, bank.entries().last().map(|e| e.booked));
    assert!(state.last_synced_at.is_some());

    // The fraudster tops up again today; the next sync asks from a week before the last row.
    bank.book_withdrawal(30_000, "ﾄﾞｺﾓｺｳｻﾞ");
    let second = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
    assert_eq!(
        second.from,
        state.last_booked.unwrap() - Days::days(sync::OVERLAP_DAYS)
    );
    assert_eq!(second.import.added, 1, "only the new row");
    assert!(
        second.import.known > 0,
        "the overlap was pulled again and recognised"
    );
    assert_eq!(
        store.transaction_count(LABEL).unwrap(),
        bank.entries().len()
    );
    assert_eq!(
        store.sync_state(LABEL).unwrap().unwrap().last_booked,
        Some(today())
    );

    // The synced history is judged like any statement: the burst and today's top-up are flagged.
    let review = Review::of(
        store.statement(LABEL).unwrap(),
        &Catalog::builtin(),
        &Holder::default(),
    );
    let flagged: Vec<i64> = review
        .findings
        .iter()
        .filter(|finding| finding.flagged)
        .map(|finding| review.statement.transactions[finding.row].amount)
        .collect();
    assert_eq!(flagged.len(), 5, "{flagged:?}");
    assert!(flagged.contains(&-30_000));
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

#[test]
fn a_sync_that_fails_halfway_changes_nothing_and_can_be_run_again() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let bank = bank();
    connect(&mut store, japan(&bank));
    // The first page comes, then the bank fails on the second, however often it is asked.
    bank.set_faults(&faults::parse("ok:1,500:10").unwrap());
    let error = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap_err();
    assert!(
        matches!(error, SyncError::Bank(BankError::ServerError { .. })),
        "{error}"
    );
    assert_eq!(
        store.transaction_count(LABEL).unwrap(),
        0,
        "no half history"
    );
    assert_eq!(store.sync_state(LABEL).unwrap().unwrap().last_booked, None);

    bank.set_faults(&[]);
    let retried = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
    assert_eq!(retried.import.added, bank.entries().len());
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

#[test]
fn a_sync_cancelled_after_its_first_page_keeps_nothing_and_can_be_run_again() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let bank = bank();
    connect(&mut store, psd2(&bank, 4));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopping = http().with_stop(stop.clone());
    // The person presses Cancel as the first page arrives.
    let mut pages_seen = 0;
    let error = sync::sync(&mut store, LABEL, today(), &stopping, &mut |p| {
        pages_seen = p.pages;
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    })
    .unwrap_err();
    assert!(
        matches!(error, SyncError::Bank(BankError::Cancelled)),
        "{error}"
    );
    assert_eq!(pages_seen, 1, "no request after the Cancel");
    assert_eq!(store.transaction_count(LABEL).unwrap(), 0, "nothing kept");
    assert_eq!(store.sync_state(LABEL).unwrap().unwrap().last_booked, None);

    let retried = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
    assert_eq!(retried.import.added, bank.entries().len());
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

#[test]
fn the_daily_limit_is_kept_without_asking_the_bank() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let bank = bank();
    connect(&mut store, psd2(&bank, 2));
    for _ in 0..2 {
        sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
    }
    let asked = bank.received().len();
    let error = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap_err();
    assert!(
        matches!(
            error,
            SyncError::Bank(BankError::DailyLimit { limit: 2, .. })
        ),
        "{error}"
    );
    assert_eq!(bank.received().len(), asked, "the bank was not asked");
    let tomorrow = today() + Days::days(1);
    sync::sync(&mut store, LABEL, tomorrow, &http(), &mut |_| {}).expect("a new day, a new count");
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}

/// Every text value in every table of the store, read with its key from the keychain.
fn every_stored_text(dir: &Path, store_id: &str) -> String {
    let key = keychain::load_secret(&format!("store-key/{store_id}")).unwrap();
    let conn = rusqlite::Connection::open(dir.join("store.db")).unwrap();
    conn.pragma_update(None, "key", format!("x'{}'", key.as_str()))
        .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut all = String::new();
    for table in tables {
        let mut select = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = select.column_count();
        let mut rows = select.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for column in 0..columns {
                if let Ok(text) = row.get::<_, String>(column) {
                    all.push_str(&text);
                    all.push('\n');
                }
            }
        }
    }
    assert!(all.contains("ﾄﾞｺﾓｺｳｻﾞ"), "the dump reads the real tables");
    all
}

#[test]
fn secrets_live_in_the_keychain_only_and_leave_with_disconnect_and_delete_everything() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let bank = bank();
    let access = simplefin::claim(&http(), &bank.simplefin_setup_token()).unwrap();
    connect(
        &mut store,
        Credentials::SimpleFin {
            access_url: access.clone(),
        },
    );
    sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
    let store_id = store.keychain_id().to_owned();
    let account_id = store.account_id(LABEL).unwrap();
    let kept = secrets::load(&store_id, account_id)
        .unwrap()
        .expect("the connection is in the keychain");
    assert!(
        matches!(&kept.credentials, Credentials::SimpleFin { access_url } if *access_url == access)
    );
    assert!(
        !format!("{kept:?}").contains("sfin-secret"),
        "Debug hides the secret"
    );

    let password = "sfin-secret-6f0a";
    let stored = every_stored_text(dir.path(), &store_id);
    for secret in [access.as_str(), password, credentials::SIMPLEFIN_ACCOUNT] {
        assert!(!stored.contains(secret), "{secret:?} is in the database");
    }
    for entry in common::files_under(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(password),
            "{}",
            entry.display()
        );
    }

    sync::disconnect(&mut store, LABEL).unwrap();
    assert!(secrets::load(&store_id, account_id).unwrap().is_none());
    assert!(store.sync_state(LABEL).unwrap().is_none());
    assert!(
        store.transaction_count(LABEL).unwrap() > 0,
        "the history stays"
    );

    connect(&mut store, psd2(&bank, 4));
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
    assert!(matches!(
        keychain::load_secret(&format!("bank-connections/{store_id}")),
        Err(keychain::KeychainError::NoKey)
    ));
}

#[test]
fn a_store_without_the_keychain_cannot_keep_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(
        dir.path(),
        Protection::Passphrase(Zeroizing::new("correct horse battery".into())),
    )
    .unwrap()
    .0;
    let bank = bank();
    let credentials = japan(&bank);
    let remote = credentials
        .connector(http())
        .unwrap()
        .accounts()
        .unwrap()
        .remove(0);
    let connection = Connection {
        remote_account: remote.id.clone(),
        credentials,
    };
    let error = sync::connect(&mut store, LABEL, &connection, &remote).unwrap_err();
    assert!(matches!(error, SyncError::NeedsKeychain), "{error}");
    assert!(store.accounts().unwrap().is_empty());
}

/// Connects `credentials` in a fresh keychain store under [`LABEL`].
fn connected_store(dir: &Path, credentials: Credentials) -> Store {
    let mut store = new_store(dir);
    connect(&mut store, credentials);
    store
}

/// Syncs with `fault` in the way and checks that the whole reply was refused, naming the
/// account, and that nothing of it was kept. Returns the message.
fn refused_whole(store: &mut Store, bank: &Sandbox, fault: &str) -> String {
    bank.set_faults(&faults::parse(fault).unwrap());
    let error = match sync::sync(store, LABEL, today(), &http(), &mut |_| {}) {
        Ok(outcome) => panic!("{fault}: the reply was taken: {outcome:?}"),
        Err(error) => error,
    };
    let message = error.to_string();
    assert!(
        matches!(error, SyncError::Bank(BankError::Implausible { .. })),
        "{fault}: {message}"
    );
    assert!(
        message.contains(LABEL),
        "{fault}: the account is named: {message}"
    );
    assert_eq!(
        store.transaction_count(LABEL).unwrap(),
        0,
        "{fault}: nothing kept"
    );
    assert_eq!(
        store.sync_state(LABEL).unwrap().unwrap().last_booked,
        None,
        "{fault}"
    );
    message
}

#[test]
fn a_reply_with_a_date_no_real_account_has_is_refused_whole_for_every_provider() {
    if !keychain_available() {
        return;
    }
    let first_from = today() - Days::days(sync::FIRST_SYNC_DAYS);
    let dates = [
        "+262000-01-01".to_owned(),
        "-262000-01-01".to_owned(),
        "1989-12-31".to_owned(),
        (today() + Days::days(2)).to_string(),
        (first_from - Days::days(8)).to_string(),
    ];
    let bank = bank();
    let access = simplefin::claim(&http(), &bank.simplefin_setup_token()).unwrap();
    let providers = [
        psd2(&bank, 100),
        japan(&bank),
        Credentials::SimpleFin { access_url: access },
    ];
    for credentials in providers {
        let provider = credentials.provider();
        let dir = tempfile::tempdir().unwrap();
        let mut store = connected_store(dir.path(), credentials);
        for date in &dates {
            let message = refused_whole(&mut store, &bank, &format!("date={date}"));
            assert!(message.contains("booked"), "{provider:?} {date}: {message}");
        }
        // Tomorrow (a bank a few hours ahead) and a week either side of the window are taken.
        bank.set_faults(&faults::parse(&format!("date={}", today() + Days::days(1))).unwrap());
        sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {})
            .unwrap_or_else(|error| panic!("{provider:?}: tomorrow is refused: {error}"));
        drop(store);
        Store::delete_everything(dir.path()).unwrap();
    }
}

#[test]
fn an_amount_or_balance_of_a_quadrillion_yen_or_more_is_refused_whole() {
    if !keychain_available() {
        return;
    }
    let bank = bank();
    for (credentials, faults) in [
        (
            psd2(&bank, 100),
            &[
                "amount=9223372036854775807",
                "amount=-1000000000000000",
                "balance=1000000000000000",
                "balance=-9223372036854775807",
            ][..],
        ),
        (
            japan(&bank),
            &["amount=-9223372036854775807", "balance=1000000000000000"][..],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = connected_store(dir.path(), credentials);
        for fault in faults {
            let message = refused_whole(&mut store, &bank, fault);
            assert!(message.contains("10^15"), "{fault}: {message}");
        }
        // Just under the limit is an amount like any other.
        bank.set_faults(&faults::parse("amount=-999999999999999").unwrap());
        let outcome = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
        assert_eq!(outcome.import.added, bank.entries().len());
        drop(store);
        Store::delete_everything(dir.path()).unwrap();
    }
}

#[test]
fn a_last_booked_date_far_out_of_range_in_an_old_store_does_not_stop_later_syncs() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bank = bank();
    let mut store = connected_store(dir.path(), psd2(&bank, 100));
    // What an earlier version kept from a hostile reply: every later sync overflowed on it.
    for stored in [NaiveDate::MIN, NaiveDate::MAX] {
        let mut state = store.sync_state(LABEL).unwrap().unwrap();
        state.last_booked = Some(stored);
        store.set_sync_state(LABEL, &state).unwrap();
        let outcome = sync::sync(&mut store, LABEL, today(), &http(), &mut |_| {}).unwrap();
        assert_eq!(
            outcome.from,
            today() - Days::days(sync::FIRST_SYNC_DAYS),
            "taken as a first sync"
        );
        assert_eq!(
            store.sync_state(LABEL).unwrap().unwrap().last_booked,
            bank.entries().last().map(|entry| entry.booked),
            "the impossible date is not kept"
        );
    }
    drop(store);
    Store::delete_everything(dir.path()).unwrap();
}
