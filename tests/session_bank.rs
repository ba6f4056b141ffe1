//! The app's Connect screen and sync without a window, against the sandbox bank over real HTTP
//! with the real keychain: test the credentials, choose the account, sync, see it on the home
//! screen, be told what is newly flagged, and when the periodic check is due.

use std::time::Duration;

use chrono::Utc;
use kouza_guard::bank::sync::SyncError;
use kouza_guard::bank::{BankError, Provider, RetryPolicy};
use kouza_guard::session::{ConnectRequest, Session, SessionError, StoreState};
use sandbox_bank::{credentials, faults, Options, Sandbox};

mod common;
use common::keychain::available as keychain_available;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn quick(session: &mut Session) {
    session.use_retry_policy(RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(1),
        timeout: Duration::from_secs(5),
    });
}

fn japan_request(bank: &Sandbox, token: &str) -> ConnectRequest {
    ConnectRequest::Japan {
        profile: "sandbox".into(),
        base_url: Some(bank.japan_url()),
        token: token.into(),
    }
}

#[test]
fn connect_sync_and_the_periodic_check_from_the_sessions_side() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), Vec::new());
    quick(&mut session);
    session.state();
    session.create(None).unwrap();
    let bank = Sandbox::start(Options::default()).unwrap();
    assert!(session.bank_profiles().iter().any(|p| p.id == "gmo-aozora"));

    // A wrong token is told as such, and nothing is kept.
    let error = session
        .test_connection(japan_request(&bank, "wrong"))
        .unwrap_err();
    assert!(
        matches!(
            error,
            SessionError::Bank(SyncError::Bank(BankError::AuthoriseAgain { .. }))
        ),
        "{error}"
    );
    assert!(
        session.connect(0, None).is_err(),
        "nothing pending after a failed test"
    );

    let choices = session
        .test_connection(japan_request(&bank, credentials::JAPAN_TOKEN))
        .unwrap();
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].number_masked.as_deref(), Some("***4321"));
    assert!(session.connect(5, None).is_err(), "no fifth account");
    assert!(
        session.connect(0, Some("口".repeat(101))).is_err(),
        "a name of a page's length"
    );
    let label = session.connect(0, Some("年金の口座".into())).unwrap();
    assert_eq!(label, "年金の口座");
    assert!(
        session.check_due(Utc::now(), chrono::Duration::hours(24)),
        "never synced: due"
    );

    let mut steps = Vec::new();
    let report = session
        .check(None, today(), &mut |account, step| {
            steps.push((account.to_owned(), step))
        })
        .unwrap();
    assert_eq!(report.synced.len(), 1);
    assert!(report.failed.is_empty());
    assert_eq!(report.newly_flagged.len(), 4);
    assert!(report
        .newly_flagged
        .iter()
        .all(|flag| flag.description == "ﾄﾞｺﾓｺｳｻﾞ"));
    assert!(steps.len() >= 2 && steps.iter().all(|(account, _)| account == &label));
    assert!(
        !session.check_due(Utc::now(), chrono::Duration::hours(24)),
        "just synced"
    );
    assert!(session.check_due(
        Utc::now() + chrono::Duration::hours(25),
        chrono::Duration::hours(24)
    ));

    let StoreState::Open { accounts } = session.state() else {
        panic!("open")
    };
    let connection = accounts[0].connection.as_ref().expect("shown as connected");
    assert_eq!(connection.provider, Provider::Japan);
    assert!(connection.last_synced_at.is_some());
    assert_eq!(accounts[0].flagged, 4);

    bank.book_withdrawal(20_000, "ﾄﾞｺﾓｺｳｻﾞ");
    let again = session.check(None, today(), &mut |_, _| {}).unwrap();
    assert_eq!(again.newly_flagged.len(), 1, "only the new top-up is news");
    assert_eq!(again.newly_flagged[0].amount, -20_000);

    session.disconnect(&label).unwrap();
    let StoreState::Open { accounts } = session.state() else {
        panic!("open")
    };
    assert!(accounts[0].connection.is_none());
    assert_eq!(accounts[0].rows, bank.entries().len(), "the history stays");
    session.delete_everything().unwrap();
}

#[test]
fn a_consultation_never_connects_a_bank() {
    let mut session = Session::consultation(Vec::new()).unwrap();
    let bank = Sandbox::start(Options::default()).unwrap();
    let error = session
        .test_connection(japan_request(&bank, credentials::JAPAN_TOKEN))
        .unwrap_err();
    assert!(
        matches!(error, SessionError::Bank(SyncError::NeedsKeychain)),
        "{error}"
    );
    assert!(bank.received().is_empty(), "the bank was not even asked");
}

#[test]
fn after_a_failed_sync_the_check_waits_an_hour_doubling_and_remembers_it_across_restarts() {
    if !keychain_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let open = || {
        let mut session = Session::start(Ok(data.clone()), Vec::new());
        quick(&mut session);
        session
    };
    let mut session = open();
    session.state();
    session.create(None).unwrap();
    let bank = Sandbox::start(Options::default()).unwrap();
    session
        .test_connection(japan_request(&bank, credentials::JAPAN_TOKEN))
        .unwrap();
    let label = session.connect(0, None).unwrap();
    let day = chrono::Duration::hours(24);
    let minutes = chrono::Duration::minutes;

    // The bank is down: the check fails, and is not due again at once, nor for an hour.
    bank.set_faults(&faults::parse("500:100").unwrap());
    let started = Utc::now();
    let report = session.check(None, today(), &mut |_, _| {}).unwrap();
    assert_eq!(report.failed.len(), 1);
    assert!(!session.check_due(Utc::now(), day), "not again at once");
    assert!(!session.check_due(started + minutes(59), day));
    assert!(
        session.check_due(Utc::now() + minutes(61), day),
        "an hour later, not a day"
    );

    // Failing again doubles the wait.
    session.check(None, today(), &mut |_, _| {}).unwrap();
    assert!(!session.check_due(Utc::now() + minutes(61), day));
    assert!(session.check_due(Utc::now() + minutes(121), day));

    // A restart remembers both failures.
    drop(session);
    let mut session = open();
    assert!(matches!(session.state(), StoreState::Open { .. }));
    assert!(
        !session.check_due(Utc::now() + minutes(61), day),
        "remembered"
    );
    assert_eq!(
        session.due_accounts(Utc::now() + minutes(121), day),
        std::slice::from_ref(&label)
    );

    // The bank is back: a sync that works clears the count, and the next is a day later.
    bank.set_faults(&[]);
    let report = session.check(None, today(), &mut |_, _| {}).unwrap();
    assert_eq!(report.synced.len(), 1, "{:?}", report.failed);
    assert!(!session.check_due(Utc::now() + minutes(121), day));
    assert!(session.check_due(Utc::now() + day + minutes(1), day));
    session.delete_everything().unwrap();
}
