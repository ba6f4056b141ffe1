//! The passbook check from typed lines to the review: found lines are flagged or asked about,
//! never silently cleared, and no reason speaks of a "first" or "new" use the app cannot know.

use chrono::NaiveDate;
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{detect_known, Answer, Holder, Known, Level};
use kouza_guard::passbook::{statement, FoundLine, Period};
use kouza_guard::review::Review;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn line(date: &str, amount: &str, text: &str) -> FoundLine {
    FoundLine {
        date: date.into(),
        amount: amount.into(),
        text: text.into(),
    }
}

fn september() -> Period {
    Period {
        from: day(2020, 9, 1),
        to: day(2020, 9, 30),
    }
}

/// Words that claim knowledge of what came before the lines.
const CLAIMS: [&str; 8] = [
    "初めて",
    "first",
    "First",
    "never used",
    "新しい",
    "new to",
    "usual",
    "いつもの",
];

fn claims_history(text: &str) -> bool {
    CLAIMS.iter().any(|claim| text.contains(claim))
}

/// The 77 Bank passbook of 2020: four ドコモコウザ debits within two minutes.
fn docomo_lines() -> Vec<FoundLine> {
    vec![
        line("令和2年9月4日", "100,000", "ﾄﾞｺﾓｺｳｻﾞ"),
        line("R2.9.4", "90,000", "ﾄﾞｺﾓｺｳｻﾞ"),
        line("02-09-04", "¥90,000", "ﾄﾞｺﾓｺｳｻﾞ"),
        line("2020/9/4", "20,000円", "ﾄﾞｺﾓｺｳｻﾞ"),
    ]
}

#[test]
fn a_docomo_burst_in_a_passbook_is_flagged_without_claiming_a_first_use() {
    let catalog = Catalog::builtin();
    let statement = statement(september(), &docomo_lines(), day(2020, 10, 1)).unwrap();
    let review = Review::of(statement, &catalog, &Holder::default());
    assert_eq!(review.findings.len(), 4);
    for finding in &review.findings {
        assert!(finding.flagged, "{finding:?}");
        assert_eq!(finding.level, Level::Flag);
        assert_eq!(finding.service.id, "docomo-koza");
        for reason in &finding.reasons {
            assert!(!claims_history(&reason.ja), "{}", reason.ja);
            assert!(!claims_history(&reason.en), "{}", reason.en);
        }
        assert!(finding.reasons[0].ja.contains("通帳で見つかった"));
        assert!(
            finding.reasons[0].en.contains("¥300,000"),
            "{}",
            finding.reasons[0].en
        );
    }
    // The review speaks of the pages looked at, not of the day the lines fell on.
    assert_eq!(review.history.unwrap().days, 30);
}

#[test]
fn the_same_lines_read_as_a_whole_statement_would_claim_a_first_use() {
    // Why the passbook check needs its own kind of history: the statement reading says "first".
    let catalog = Catalog::builtin();
    let statement = statement(september(), &docomo_lines(), day(2020, 10, 1)).unwrap();
    let whole = detect_known(
        &catalog,
        &statement.transactions,
        &Holder::default(),
        Known::Whole,
    );
    let found = detect_known(
        &catalog,
        &statement.transactions,
        &Holder::default(),
        Known::FoundLines,
    );
    let render = |reasons: &[kouza_guard::detect::Reason]| {
        reasons
            .iter()
            .map(|r| r.render(&catalog, kouza_guard::lang::Lang::En))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(whole.iter().any(|w| claims_history(&render(&w.reasons))));
    assert!(found.iter().all(|w| !claims_history(&render(&w.reasons))));
    assert!(found.iter().all(|w| w.is_flagged()));
}

#[test]
fn a_single_small_found_line_is_still_asked_about_never_cleared() {
    let catalog = Catalog::builtin();
    for (text, service) in [("ﾍﾟｲﾍﾟｲ", "paypay"), ("ﾒﾙﾍﾟｲ", "merpay"), ("KYASH", "kyash")]
    {
        let lines = [line("2020/9/10", "3,000", text)];
        let statement = statement(september(), &lines, day(2020, 10, 1)).unwrap();
        let review = Review::of(statement, &catalog, &Holder::default());
        assert_eq!(review.findings.len(), 1, "{text}");
        let finding = &review.findings[0];
        assert_eq!(finding.service.id, service);
        assert!(finding.flagged, "a found line is never a silent all-clear");
        assert_eq!(finding.level, Level::Question);
        assert!(!claims_history(&finding.reasons[0].ja) && !claims_history(&finding.reasons[0].en));
    }
}

#[test]
fn every_services_passbook_form_typed_in_is_flagged_or_asked() {
    let catalog = Catalog::builtin();
    for service in catalog.services() {
        for form in &service.passbook {
            let lines = [line("R2.9.10", "10,000", &form.text)];
            let statement = statement(september(), &lines, day(2020, 10, 1)).unwrap();
            let review = Review::of(statement, &catalog, &Holder::default());
            assert_eq!(review.findings.len(), 1, "{}", form.text);
            assert!(review.findings[0].flagged, "{}", form.text);
            assert_eq!(review.findings[0].service.id, service.id);
        }
    }
}

#[test]
fn an_unknown_text_is_kept_as_a_row_and_is_no_service() {
    let catalog = Catalog::builtin();
    let lines = [
        line("2020/9/10", "3,000", "ｶ)ﾅｿﾉｼﾔ"),
        line("2020/9/11", "3,000", "ﾍﾟｲﾍﾟｲ"),
    ];
    let statement = statement(september(), &lines, day(2020, 10, 1)).unwrap();
    let review = Review::of(statement, &catalog, &Holder::default());
    assert_eq!(review.statement.transactions.len(), 2);
    assert_eq!(review.statement.transactions[0].description, "ｶ)ﾅｿﾉｼﾔ");
    assert_eq!(
        review.findings.iter().map(|f| f.row).collect::<Vec<_>>(),
        [1]
    );
}

#[test]
fn the_holders_answers_still_count_on_found_lines() {
    let catalog = Catalog::builtin();
    let statement = statement(september(), &docomo_lines(), day(2020, 10, 1)).unwrap();
    let mut holder = Holder::default();
    let first = statement.transactions[0].source_id.clone();
    let second = statement.transactions[1].source_id.clone();
    holder.answers.insert(first, Answer::Mine);
    holder.answers.insert(second, Answer::NotMine);
    let review = Review::of(statement, &catalog, &holder);
    assert!(!review.findings[0].flagged);
    assert!(review.findings[1].flagged);
    assert_eq!(review.findings[1].answer, Some(Answer::NotMine));
    assert!(review.findings[2].flagged && review.findings[3].flagged);
}

#[test]
fn the_period_is_typed_as_a_passbook_prints_dates_and_checked() {
    use kouza_guard::passbook::{read_period, DateProblem, PassbookField, PassbookProblem, Period};
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let today = day(2020, 10, 1);
    let september = Period {
        from: day(2020, 9, 1),
        to: day(2020, 9, 30),
    };
    assert_eq!(read_period("2020/9/1", "R2.9.30", today), Ok(september));
    assert_eq!(
        read_period("令和2年9月1日", "2020-09-30", today),
        Ok(september)
    );
    let unreadable = read_period("九月", "2020/9/30", today).unwrap_err();
    assert_eq!(
        (unreadable.line, unreadable.field, unreadable.typed.as_str()),
        (None, PassbookField::Period, "九月")
    );
    assert_eq!(
        unreadable.problem,
        PassbookProblem::Date {
            problem: DateProblem::Unreadable
        }
    );
    let backwards = read_period("2020/9/30", "2020/9/1", today).unwrap_err();
    assert_eq!(backwards.problem, PassbookProblem::PeriodBackwards);
    assert!(read_period("", "2020/9/1", today).is_err());
}
