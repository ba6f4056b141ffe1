//! The app's session without a window: from no store to an open one, importing, answering, a
//! restart, a lost key, deleting everything. What the window shows is what these return.

use std::path::{Path, PathBuf};

use kouza_guard::detect::Answer;
use kouza_guard::session::{Session, SessionError, StoreState};
use kouza_guard::store::keychain;
use kouza_guard::store::StoreError;
use zeroize::Zeroizing;

mod common;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/yucho-demo.csv")
}

fn secret(text: &str) -> Zeroizing<String> {
    Zeroizing::new(text.to_owned())
}

fn accounts(state: StoreState) -> Vec<kouza_guard::session::AccountSummary> {
    match state {
        StoreState::Open { accounts } => accounts,
        other => panic!("the store is not open: {other:?}"),
    }
}

#[test]
fn a_passphrase_store_from_first_start_to_answers_that_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("data");
    let mut session = Session::start(Ok(store_dir.clone()), vec![demo_file()]);
    assert!(matches!(session.state(), StoreState::NotCreated { .. }));
    assert!(matches!(
        session.import(&[demo_file()], None, today()),
        Err(SessionError::NotOpen)
    ));

    assert!(matches!(
        session.import_waiting(today()),
        Err(SessionError::NotOpen)
    ));
    assert_eq!(session.waiting_count(), 1, "still waiting for the store");

    assert_eq!(session.create(Some(secret("umi to yama"))).unwrap(), None);
    assert_eq!(accounts(session.state()), []);
    let waiting = session.take_waiting();
    assert_eq!(waiting, [demo_file()]);
    assert_eq!(session.waiting_count(), 0, "handed out once");

    let outcome = session.import(&waiting, Some("年金口座"), today()).unwrap();
    assert_eq!((outcome[0].rows, outcome[0].added), (19, 19));
    let home = accounts(session.state());
    assert_eq!(home.len(), 1);
    assert_eq!(
        (home[0].label.as_str(), home[0].rows, home[0].flagged),
        ("年金口座", 19, 4)
    );
    assert!(home[0].last_import.is_some());

    let review = session.review("年金口座").unwrap();
    let first = review.findings.iter().find(|f| f.flagged).unwrap();
    assert_eq!(first.answer, None);
    let row = review.statement.transactions[first.row].source_id.clone();
    let after = session.answer("年金口座", &row, Answer::NotMine).unwrap();
    let answered = after.findings.iter().find(|f| f.row == first.row).unwrap();
    assert_eq!(answered.answer, Some(Answer::NotMine));
    assert!(answered.flagged, "'not mine' keeps it flagged");
    drop(session);

    // A restart: the passphrase is asked for, a wrong one refused, the answer kept.
    let mut session = Session::start(Ok(store_dir), vec![]);
    assert_eq!(session.state(), StoreState::NeedsPassphrase);
    assert!(matches!(
        session.unlock(secret("umi")),
        Err(SessionError::Store(StoreError::WrongKey))
    ));
    assert_eq!(session.state(), StoreState::NeedsPassphrase);
    session.unlock(secret("umi to yama")).unwrap();
    assert_eq!(accounts(session.state())[0].flagged, 4);
    let review = session.review("年金口座").unwrap();
    let kept = review.findings.iter().find(|f| f.row == first.row).unwrap();
    assert_eq!(kept.answer, Some(Answer::NotMine));
}

#[test]
fn a_bad_file_among_good_ones_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, "日付,摘要,出金,入金\n2020/09/04,ﾍﾟｲﾍﾟｲ,5OOO,\n").unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), vec![]);
    session.create(Some(secret("pass"))).unwrap();
    let error = session
        .import(&[demo_file(), broken], None, today())
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("broken.csv: line 2, field 出金"),
        "{error}"
    );
    assert_eq!(accounts(session.state()), []);
}

#[test]
fn files_given_at_launch_are_imported_once_the_store_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), vec![demo_file()]);
    session.create(Some(secret("pass"))).unwrap();
    let outcome = session.import_waiting(today()).unwrap();
    assert_eq!(outcome.len(), 1);
    assert_eq!(outcome[0].account, "ゆうちょ銀行 *********5671");
    assert_eq!(session.import_waiting(today()).unwrap(), []);
    assert_eq!(accounts(session.state())[0].rows, 19);
}

#[test]
fn delete_everything_starts_over_with_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), vec![]);
    session.create(Some(secret("pass"))).unwrap();
    session.import(&[demo_file()], None, today()).unwrap();
    session.delete_everything().unwrap();
    assert!(matches!(session.state(), StoreState::NotCreated { .. }));
    assert_eq!(
        std::fs::read_dir(dir.path().join("data")).unwrap().count(),
        0
    );
}

#[test]
fn an_unusable_data_folder_is_explained_and_nothing_is_attempted() {
    let mut session = Session::start(Err("cannot write in /readonly".into()), vec![]);
    assert_eq!(
        session.state(),
        StoreState::Unavailable {
            message: "cannot write in /readonly".into()
        }
    );
    assert!(matches!(
        session.create(Some(secret("pass"))),
        Err(SessionError::NoDataFolder(_))
    ));
}

#[test]
fn with_the_keychain_a_restart_opens_at_once_and_a_lost_key_comes_back_with_the_phrase() {
    if !common::keychain::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("data");
    let mut session = Session::start(Ok(store_dir.clone()), vec![]);
    assert_eq!(session.state(), StoreState::NotCreated { keychain: true });
    let phrase = session.create(None).unwrap().expect("a recovery phrase");
    session.import(&[demo_file()], None, today()).unwrap();
    drop(session);

    let mut session = Session::start(Ok(store_dir.clone()), vec![]);
    assert_eq!(
        accounts(session.state()).len(),
        1,
        "opened from the keychain"
    );
    drop(session);

    let store_id = common::keychain::store_id(&store_dir);
    keychain::delete(&store_id).unwrap();
    let mut session = Session::start(Ok(store_dir.clone()), vec![]);
    assert_eq!(session.state(), StoreState::KeyLost);
    assert!(matches!(
        session.recover("AAAA-BBBB"),
        Err(SessionError::Phrase(_))
    ));
    session.recover(&phrase).unwrap();
    assert_eq!(accounts(session.state())[0].rows, 19);

    // Lost again, with no phrase this time: set aside, and a new store can be made.
    keychain::delete(&store_id).unwrap();
    let mut session = Session::start(Ok(store_dir.clone()), vec![]);
    assert_eq!(session.state(), StoreState::KeyLost);
    let aside = session.set_aside().unwrap();
    assert!(aside.join("store.db").is_file());
    assert_eq!(session.state(), StoreState::NotCreated { keychain: true });
    session.create(None).unwrap();
    assert_eq!(accounts(session.state()), []);
    session.delete_everything().unwrap();
    assert!(!aside.exists(), "everything includes what was set aside");
}

#[test]
fn the_sheet_of_a_stored_account_leaves_out_what_the_holder_said_was_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), vec![]);
    session.create(Some(secret("pass"))).unwrap();
    session
        .import(&[demo_file()], Some("年金口座"), today())
        .unwrap();
    let guidance = kouza_guard::guidance::GuidanceData::builtin();
    let sheet = session.sheet("年金口座", &guidance, today()).unwrap();
    assert_eq!((sheet.withdrawals.len(), sheet.total), (4, 300_000));
    let review = session.review("年金口座").unwrap();
    let first = review.findings.iter().find(|f| f.flagged).unwrap();
    let row = review.statement.transactions[first.row].source_id.clone();
    session.answer("年金口座", &row, Answer::Mine).unwrap();
    let sheet = session.sheet("年金口座", &guidance, today()).unwrap();
    assert!(sheet.withdrawals.len() < 4);
    assert!(sheet.total < 300_000);
}

#[test]
fn a_consultation_keeps_everything_in_memory_and_forgets_it_at_the_end() {
    let mut session = Session::consultation(vec![demo_file()]).unwrap();
    assert!(session.is_consultation());
    assert_eq!(accounts(session.state()), [], "open at once, empty");
    assert_eq!(session.import_waiting(today()).unwrap()[0].added, 19);
    let account = accounts(session.state()).remove(0);
    assert_eq!(account.flagged, 4);
    let review = session.review(&account.label).unwrap();
    let first = review.findings.iter().find(|f| f.flagged).unwrap();
    let row = review.statement.transactions[first.row].source_id.clone();
    session
        .answer(&account.label, &row, Answer::NotMine)
        .unwrap();
    assert!(matches!(
        session.create(Some(secret("x"))),
        Err(SessionError::Consultation)
    ));
    let nowhere = tempfile::tempdir().unwrap();
    assert!(matches!(
        session.backup_to(&nowhere.path().join("backup")),
        Err(SessionError::Consultation)
    ));
    assert_eq!(
        std::fs::read_dir(nowhere.path()).unwrap().count(),
        0,
        "nothing written"
    );

    session.end_consultation().unwrap();
    assert_eq!(
        accounts(session.state()),
        [],
        "the next customer starts empty"
    );
    assert!(matches!(
        session.review(&account.label),
        Err(SessionError::Store(StoreError::NoSuchAccount(_)))
    ));

    let mut kept = Session::start(Err("no folder".into()), vec![]);
    assert!(matches!(
        kept.end_consultation(),
        Err(SessionError::NotConsultation)
    ));
}

#[test]
fn services_i_use_are_listed_from_the_catalog_and_what_is_said_changes_the_judgement() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), vec![]);
    session.create(Some(secret("pass"))).unwrap();
    session
        .import(&[demo_file()], Some("年金口座"), today())
        .unwrap();
    let declared = session.declared("年金口座").unwrap();
    let catalog = kouza_guard::catalog::Catalog::builtin();
    assert_eq!(declared.len(), catalog.services().len());
    assert!(
        declared.iter().all(|d| d.uses.is_none()),
        "nothing said yet"
    );
    let flagged = |session: &Session| {
        session
            .review("年金口座")
            .unwrap()
            .findings
            .iter()
            .filter(|f| f.flagged)
            .map(|f| f.service.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(flagged(&session), ["docomo-koza"; 4]);

    // The holder never uses PayPay: its three top-ups now need a look too.
    let declared = session.declare("年金口座", "paypay", Some(false)).unwrap();
    let paypay = declared.iter().find(|d| d.service.id == "paypay").unwrap();
    assert_eq!(paypay.uses, Some(false));
    assert_eq!(
        flagged(&session)
            .iter()
            .filter(|id| *id == "paypay")
            .count(),
        3
    );

    // Taken back: as before.
    session.declare("年金口座", "paypay", None).unwrap();
    assert_eq!(flagged(&session), ["docomo-koza"; 4]);

    assert!(matches!(
        session.declare("年金口座", "no-such-pay", Some(true)),
        Err(SessionError::UnknownService(id)) if id == "no-such-pay"
    ));
}

#[test]
fn an_import_tells_how_it_goes_and_a_cancel_keeps_nothing() {
    use kouza_guard::session::ImportProgress;
    let dir = tempfile::tempdir().unwrap();
    // A long file, so that saving is reported more than once.
    let long = dir.path().join("long.csv");
    let mut text = String::from("年月日,お引出し,お預入れ,お取り扱い内容,残高\n");
    let mut balance = 100_000_000;
    for i in 0..5_000u32 {
        balance -= 100;
        let day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
            + chrono::Days::new(u64::from(i / 4));
        text.push_str(&format!(
            "{},100,,ﾃﾞﾝｷﾀﾞｲ,{balance}\n",
            day.format("%Y/%m/%d")
        ));
    }
    std::fs::write(&long, &text).unwrap();
    let mut session = Session::start(Ok(dir.path().join("data")), vec![]);
    session.create(Some(secret("pass"))).unwrap();

    // Stopped while reading the long file: it never gets to saving, and nothing is kept.
    let mut seen = Vec::new();
    let stopped =
        session.import_with_progress(&[demo_file(), long.clone()], None, today(), &mut |p| {
            seen.push(p.clone());
            !matches!(p, ImportProgress::Reading { read, .. } if *read > 0)
        });
    assert!(
        matches!(stopped, Err(SessionError::Cancelled)),
        "{stopped:?}"
    );
    assert!(matches!(
        seen.last(),
        Some(ImportProgress::Reading { file: 2, read, total, .. })
            if *read > 0 && *read < *total && *total == text.len() as u64
    ));
    assert!(!seen
        .iter()
        .any(|p| matches!(p, ImportProgress::Saving { .. })));
    assert_eq!(accounts(session.state()), [], "nothing kept");

    // Stopped while saving: nothing of either file is kept, not even the account.
    let mut seen = Vec::new();
    let stopped =
        session.import_with_progress(&[demo_file(), long.clone()], None, today(), &mut |p| {
            seen.push(p.clone());
            !matches!(p, ImportProgress::Saving { saved, .. } if *saved >= 2_000)
        });
    assert!(
        matches!(stopped, Err(SessionError::Cancelled)),
        "{stopped:?}"
    );
    let begun = |file, name: &str| ImportProgress::Reading {
        file,
        files: 2,
        name: name.into(),
        read: 0,
        total: 0,
    };
    assert_eq!(
        seen[..2],
        [begun(1, "yucho-demo.csv"), begun(2, "long.csv")]
    );
    // The long file's reading is told as it goes (every 4,096 rows), then saving begins.
    assert!(matches!(
        seen[2],
        ImportProgress::Reading { file: 2, read, total, .. } if read > 0 && read < total
    ));
    assert_eq!(
        seen[3],
        ImportProgress::Saving {
            saved: 0,
            rows: 5_019
        }
    );
    assert_eq!(accounts(session.state()), [], "nothing kept");

    // Let run: every stage told, the last one the whole.
    let mut last = None;
    let outcomes = session
        .import_with_progress(&[demo_file(), long], None, today(), &mut |p| {
            last = Some(p.clone());
            true
        })
        .unwrap();
    assert_eq!(outcomes.iter().map(|o| o.added).sum::<usize>(), 5_019);
    assert_eq!(
        last,
        Some(ImportProgress::Saving {
            saved: 5_019,
            rows: 5_019
        })
    );

    // Stopped before reading anything.
    let again = session.import_with_progress(&[demo_file()], None, today(), &mut |_| false);
    assert!(matches!(again, Err(SessionError::Cancelled)));
}

/// The app's "save the sheet" and "back up": never over a statement read or waiting in this run
/// (issue 19, item 4), and the sheet readable by its owner only (item 17).
#[test]
fn a_saved_sheet_never_takes_a_statements_place_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let statement = dir.path().join("meisai.csv");
    std::fs::copy(demo_file(), &statement).unwrap();
    let before = std::fs::read(&statement).unwrap();
    let waiting = dir.path().join("waiting.csv");
    std::fs::copy(demo_file(), &waiting).unwrap();
    let mut session = Session::consultation(vec![waiting.clone()]).unwrap();
    session
        .import(std::slice::from_ref(&statement), None, today())
        .unwrap();

    for path in [&statement, &waiting] {
        let refused = session.save_file(path, b"%PDF-").unwrap_err();
        assert!(matches!(refused, SessionError::Output(_)), "{refused}");
        assert!(
            refused.to_string().contains("read in this run"),
            "{refused}"
        );
    }
    assert!(
        std::fs::read(&statement).unwrap() == before,
        "the statement is untouched"
    );

    let sheet = dir.path().join("相談票.pdf");
    session.save_file(&sheet, b"%PDF-").unwrap();
    assert_eq!(std::fs::read(&sheet).unwrap(), b"%PDF-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sheet).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // A store on disk: its backup is refused over a statement just the same.
    let mut stored = Session::start(Ok(dir.path().join("data")), vec![]);
    stored.create(Some(secret("umi to yama"))).unwrap();
    stored
        .import(std::slice::from_ref(&statement), None, today())
        .unwrap();
    let refused = stored.backup_to(&statement).unwrap_err();
    assert!(matches!(refused, SessionError::Output(_)), "{refused}");
    assert!(std::fs::read(&statement).unwrap() == before);
}
