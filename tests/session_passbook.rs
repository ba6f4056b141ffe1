//! The passbook check in a session: kept as the `passbook` account in the encrypted store, or, in
//! a consultation, held in memory and forgotten when it ends; reviewed as found lines either way.

use chrono::NaiveDate;
use kouza_guard::detect::Answer;
use kouza_guard::passbook::{FoundLine, Period};
use kouza_guard::session::passbook::PASSBOOK_ACCOUNT;
use kouza_guard::session::{Session, SessionError, StoreState};
use zeroize::Zeroizing;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn september() -> Period {
    Period {
        from: day(2020, 9, 1),
        to: day(2020, 9, 30),
    }
}

fn docomo() -> Vec<FoundLine> {
    ["100,000", "90,000", "90,000", "20,000"]
        .iter()
        .map(|amount| FoundLine {
            date: "R2.9.4".into(),
            amount: (*amount).into(),
            text: "ﾄﾞｺﾓｺｳｻﾞ".into(),
        })
        .collect()
}

fn no_first(review: &kouza_guard::review::Review) -> bool {
    review.findings.iter().all(|f| {
        f.reasons
            .iter()
            .all(|r| !r.en.contains("irst") && !r.ja.contains("初めて"))
    })
}

#[test]
fn in_a_consultation_the_lines_are_reviewed_answered_and_forgotten() {
    let mut session = Session::consultation(vec![]).unwrap();
    assert!(matches!(session.state(), StoreState::Open { .. }));
    let outcome = session
        .passbook_check(september(), &docomo(), day(2020, 10, 1))
        .unwrap();
    assert!(!outcome.kept);
    assert_eq!(outcome.label, PASSBOOK_ACCOUNT);
    assert_eq!(
        outcome.review.findings.iter().filter(|f| f.flagged).count(),
        4
    );
    // The account's review, as the review screen asks for it, reads the lines as found lines.
    let review = session.review(PASSBOOK_ACCOUNT).unwrap();
    assert_eq!(review.findings.iter().filter(|f| f.flagged).count(), 4);
    assert!(no_first(&review), "{:?}", review.findings[0].reasons);
    let row = review.statement.transactions[0].source_id.clone();
    let answered = session
        .answer(PASSBOOK_ACCOUNT, &row, Answer::NotMine)
        .unwrap();
    assert_eq!(answered.findings[0].answer, Some(Answer::NotMine));
    let sheet = session
        .sheet(
            PASSBOOK_ACCOUNT,
            &kouza_guard::guidance::GuidanceData::builtin(),
            day(2020, 10, 1),
        )
        .unwrap();
    assert_eq!(sheet.withdrawals.len(), 4, "one entry per withdrawal");
    // Where the rows came from, as the sheet says it: a passbook, never the store's own name.
    assert!(sheet.source.contains("通帳"), "{}", sheet.source);
    assert!(!sheet.source.contains("store"), "{}", sheet.source);
    assert_eq!(sheet.total, 300_000);
    // The sheet names the pages looked at, not the one day the lines were found on.
    assert_eq!(
        (sheet.checked_from, sheet.checked_to),
        (Some(day(2020, 9, 1)), Some(day(2020, 9, 30)))
    );
    session.end_consultation().unwrap();
    assert!(session.review(PASSBOOK_ACCOUNT).is_err(), "nothing is kept");
}

#[test]
fn outside_a_consultation_the_lines_are_kept_as_the_passbook_account() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("data");
    let mut session = Session::start(Ok(store_dir.clone()), vec![]);
    session
        .create(Some(Zeroizing::new("umi to yama".to_owned())))
        .unwrap();
    let outcome = session
        .passbook_check(september(), &docomo(), day(2020, 10, 1))
        .unwrap();
    assert!(outcome.kept);
    drop(session);
    let mut again = Session::start(Ok(store_dir), vec![]);
    let _ = again.state();
    again
        .unlock(Zeroizing::new("umi to yama".to_owned()))
        .unwrap();
    let review = again.review(PASSBOOK_ACCOUNT).unwrap();
    assert_eq!(review.statement.transactions.len(), 4);
    assert!(no_first(&review));
    assert!(review.findings.iter().all(|f| f.flagged));
}

#[test]
fn a_wrong_line_keeps_nothing_and_names_the_line() {
    let mut session = Session::consultation(vec![]).unwrap();
    let mut lines = docomo();
    lines[2].amount = "九万".into();
    let error = session
        .passbook_check(september(), &lines, day(2020, 10, 1))
        .unwrap_err();
    match error {
        SessionError::Passbook(error) => assert_eq!(error.line, Some(3)),
        other => panic!("{other:?}"),
    }
    assert!(session.review(PASSBOOK_ACCOUNT).is_err());
}

#[test]
fn the_stored_passbook_account_keeps_the_period_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("data");
    let mut session = Session::start(Ok(store_dir.clone()), vec![]);
    session
        .create(Some(Zeroizing::new("umi to yama".to_owned())))
        .unwrap();
    session
        .passbook_check(september(), &docomo(), day(2020, 10, 1))
        .unwrap();
    drop(session);
    let mut again = Session::start(Ok(store_dir), vec![]);
    let _ = again.state();
    again
        .unlock(Zeroizing::new("umi to yama".to_owned()))
        .unwrap();
    let StoreState::Open { accounts } = again.state() else {
        panic!("the store is open")
    };
    let home = accounts
        .iter()
        .find(|a| a.label == PASSBOOK_ACCOUNT)
        .unwrap();
    assert_eq!(
        home.pages,
        [september()],
        "home's glance speaks of the pages"
    );
    let review = again.review(PASSBOOK_ACCOUNT).unwrap();
    // The pages looked at, not the one day the lines were found on.
    assert_eq!(
        kouza_guard::passbook::period_of(&review.statement),
        Some(september())
    );
    assert_eq!(review.history.unwrap().days, 30);
    let scope = review
        .passbook
        .expect("a passbook account says what was looked at");
    assert_eq!(scope.periods, [september()]);
    assert!(scope
        .forms
        .iter()
        .any(|s| s.id == "docomo-koza" && s.forms.iter().any(|f| f == "ﾄﾞｺﾓｺｳｻﾞ")));
}

#[test]
fn every_line_answered_mine_still_speaks_of_the_period_looked_at() {
    let mut session = Session::consultation(vec![]).unwrap();
    session
        .passbook_check(september(), &docomo(), day(2020, 10, 1))
        .unwrap();
    let rows: Vec<_> = session
        .review(PASSBOOK_ACCOUNT)
        .unwrap()
        .statement
        .transactions
        .iter()
        .map(|t| t.source_id.clone())
        .collect();
    let mut review = None;
    for row in &rows {
        review = Some(session.answer(PASSBOOK_ACCOUNT, row, Answer::Mine).unwrap());
    }
    let review = review.unwrap();
    assert_eq!(review.findings.iter().filter(|f| f.flagged).count(), 0);
    assert_eq!(
        kouza_guard::passbook::period_of(&review.statement),
        Some(september())
    );
    assert_eq!(review.passbook.unwrap().periods, [september()]);
}

#[test]
fn two_checks_of_different_pages_keep_both_periods() {
    let mut session = Session::consultation(vec![]).unwrap();
    session
        .passbook_check(september(), &docomo(), day(2020, 12, 1))
        .unwrap();
    let november = Period {
        from: day(2020, 11, 1),
        to: day(2020, 11, 30),
    };
    let line = FoundLine {
        date: "2020/11/2".into(),
        amount: "3,000".into(),
        text: "ﾍﾟｲﾍﾟｲ".into(),
    };
    session
        .passbook_check(november, &[line], day(2020, 12, 1))
        .unwrap();
    let review = session.review(PASSBOOK_ACCOUNT).unwrap();
    // October's pages were not looked at: two periods, not one from September to November.
    assert_eq!(review.passbook.unwrap().periods, [september(), november]);
    assert_eq!(review.statement.transactions.len(), 5);
}

#[test]
fn finding_none_of_the_forms_is_an_answer_not_an_error() {
    let mut session = Session::consultation(vec![]).unwrap();
    let outcome = session
        .passbook_check(september(), &[], day(2020, 10, 1))
        .unwrap();
    assert!(outcome.review.findings.is_empty());
    // Still the pages looked at and the forms looked for, never a bare all-clear.
    let scope = outcome.review.passbook.unwrap();
    assert_eq!(scope.periods, [september()]);
    assert!(!scope.forms.is_empty());
    assert!(
        session.review(PASSBOOK_ACCOUNT).is_err(),
        "nothing found, nothing kept"
    );
}

/// `kouza-guard scan --store` reads the stored passbook account as the app does: found lines, so
/// no reason claims a first use, and every found top-up is still flagged or asked about.
#[test]
fn the_cli_scans_the_stored_passbook_account_as_found_lines() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut session = Session::start(Ok(store.clone()), Vec::new());
    session
        .create(Some(Zeroizing::new("umi to yama".into())))
        .unwrap();
    session
        .passbook_check(september(), &docomo(), day(2020, 10, 1))
        .unwrap();
    let review = session.review(PASSBOOK_ACCOUNT).unwrap();
    let app_reasons: Vec<Vec<String>> = (review.findings.iter())
        .filter(|f| f.flagged)
        .map(|f| f.reasons.iter().map(|r| r.en.clone()).collect())
        .collect();
    drop(session);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(["scan", "--passphrase-stdin", "--account", PASSBOOK_ACCOUNT])
        .args(["--format", "json", "--lang", "en", "--today", "2020-10-01"])
        .arg(format!("--store={}", store.display()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child.stdin.take().unwrap())
        .write_all(b"umi to yama\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let flagged = report["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 4, "{report}");
    let cli_reasons: Vec<Vec<String>> = (flagged.iter())
        .map(|w| {
            (w["reasons"].as_array().unwrap().iter())
                .map(|r| r.as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(cli_reasons, app_reasons);
    for reason in cli_reasons.iter().flatten() {
        assert!(
            !reason.contains("irst") && !reason.contains("history"),
            "{reason}"
        );
    }
}
