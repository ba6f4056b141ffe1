//! The review groups a flagged run (as detection judges runs) into one entry: the service, the
//! days, the count, the total and the reasons once, with the rows inside, each still its own
//! finding to answer. The findings themselves (and so the sheet and the scan) stay one per
//! withdrawal.

use chrono::NaiveDate;
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{Answer, Holder};
use kouza_guard::passbook::{self, FoundLine, Period};
use kouza_guard::review::Review;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn found(lines: &[(&str, &str)]) -> kouza_guard::Statement {
    let lines: Vec<FoundLine> = lines
        .iter()
        .map(|(date, amount)| FoundLine {
            date: (*date).into(),
            amount: (*amount).into(),
            text: "ﾄﾞｺﾓｺｳｻﾞ".into(),
        })
        .collect();
    let september = Period {
        from: day(2020, 9, 1),
        to: day(2020, 9, 30),
    };
    passbook::statement(september, &lines, day(2020, 10, 1)).unwrap()
}

#[test]
fn the_demo_burst_is_one_run_with_its_reason_once_and_four_findings_still() {
    let review = Review::of(
        kouza_guard::demo::statement().unwrap(),
        &Catalog::builtin(),
        &Holder::default(),
    );
    assert_eq!(review.runs.len(), 1, "{:?}", review.runs);
    let run = &review.runs[0];
    assert_eq!(run.service.id, "docomo-koza");
    assert_eq!((run.first, run.last), (day(2020, 9, 4), day(2020, 9, 4)));
    assert_eq!(run.count, 4);
    assert_eq!(run.total, 300_000);
    let rows: Vec<usize> = run.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [12, 13, 14, 15]);
    // Said once, of the whole run: not "payment 2 of 4", "payment 3 of 4", …
    assert_eq!(run.reasons.len(), 1, "{:?}", run.reasons);
    assert!(run.reasons[0].en.starts_with(
        "First payment ever to docomo Koza (d Barai), followed by 3 more the same day"
    ));
    assert!(run.reasons[0].ja.contains("初めての支払い"));
    // What is the row's own stays with the row.
    assert_eq!(run.rows[1].reasons.len(), 1);
    assert!(run.rows[1].reasons[0]
        .en
        .starts_with("A round amount: ¥90,000"));
    // One finding per withdrawal, each with all its reasons, as before.
    let flagged: Vec<_> = review.findings.iter().filter(|f| f.flagged).collect();
    assert_eq!(flagged.len(), 4);
    assert!(flagged[1].reasons[0].en.starts_with("Payment 2 of 4"));
}

#[test]
fn passbook_lines_on_two_days_are_one_run_with_days_count_and_total() {
    let review = Review::of(
        found(&[("2020/9/4", "300,000"), ("R2.9.5", "50,000")]),
        &Catalog::builtin(),
        &Holder::default(),
    );
    assert_eq!(review.runs.len(), 1);
    let run = &review.runs[0];
    assert_eq!((run.first, run.last), (day(2020, 9, 4), day(2020, 9, 5)));
    assert_eq!((run.count, run.total), (2, 350_000));
    assert_eq!(run.reasons.len(), 1);
    assert!(run.reasons[0].ja.contains("2件"), "{}", run.reasons[0].ja);
    assert!(!run.reasons[0].en.contains("irst"));
    // Each row keeps only what is its own: here, its round amount.
    let own: Vec<Vec<&str>> = run
        .rows
        .iter()
        .map(|r| r.reasons.iter().map(|b| b.en.as_str()).collect())
        .collect();
    assert_eq!(
        own,
        [["A round amount: ¥300,000"], ["A round amount: ¥50,000"]]
    );
}

#[test]
fn a_single_flagged_withdrawal_and_runs_apart_are_not_merged() {
    let catalog = Catalog::builtin();
    let single = Review::of(
        found(&[("2020/9/4", "300,000")]),
        &catalog,
        &Holder::default(),
    );
    assert_eq!(single.findings.iter().filter(|f| f.flagged).count(), 1);
    assert!(single.runs.is_empty(), "a single withdrawal is no run");
    let apart = Review::of(
        found(&[
            ("2020/9/4", "100,000"),
            ("2020/9/4", "100,000"),
            ("2020/9/25", "100,000"),
            ("2020/9/26", "100,000"),
        ]),
        &catalog,
        &Holder::default(),
    );
    let days: Vec<_> = apart.runs.iter().map(|r| (r.first, r.last)).collect();
    assert_eq!(
        days,
        [
            (day(2020, 9, 4), day(2020, 9, 4)),
            (day(2020, 9, 25), day(2020, 9, 26))
        ]
    );
}

#[test]
fn a_row_answered_this_was_me_stays_inside_its_run_to_be_taken_back() {
    let statement = found(&[
        ("2020/9/4", "300,000"),
        ("2020/9/5", "50,000"),
        ("2020/9/5", "50,000"),
    ]);
    let mut holder = Holder::default();
    holder
        .answers
        .insert(statement.transactions[0].source_id.clone(), Answer::Mine);
    let review = Review::of(statement, &Catalog::builtin(), &holder);
    assert_eq!(review.runs.len(), 1);
    let run = &review.runs[0];
    assert_eq!(run.count, 3);
    let rows: Vec<usize> = run.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [0, 1, 2]);
    let first = review.findings.iter().find(|f| f.row == 0).unwrap();
    assert_eq!((first.flagged, first.answer), (false, Some(Answer::Mine)));
}

#[test]
fn an_account_with_nothing_flagged_has_no_run() {
    let mut holder = Holder::default();
    holder.known.insert("docomo-koza".to_owned());
    let statement = found(&[("2020/9/4", "3,000"), ("2020/9/5", "3,000")]);
    let review = Review::of(statement, &Catalog::builtin(), &holder);
    assert!(review.findings.iter().all(|f| !f.flagged));
    assert!(review.runs.is_empty());
}
