//! Judging stays linear in the rows: a history of 200,000 top-ups, spread over years or crowded
//! onto one day (where a per-row look over its run or its day would be quadratic), is judged in
//! well under the time a quadratic pass would take even in a debug build.

use std::time::{Duration as Elapsed, Instant};

use chrono::{Duration, NaiveDate};
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{detect, Holder};
use kouza_guard::normalize::normalize;
use kouza_guard::{SourceId, Transaction};

const ROWS: usize = 200_000;

fn top_ups(day_of: impl Fn(usize) -> i64) -> Vec<Transaction> {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let normalized = normalize("振替 PAYPAY");
    (0..ROWS)
        .map(|i| Transaction {
            booked: start + Duration::days(day_of(i)),
            amount: -1_000 - (i as i64 % 7) * 1_000,
            description: "振替 PAYPAY".to_owned(),
            normalized: normalized.clone(),
            balance: None,
            kind: None,
            source_id: SourceId::Bank(format!("row-{i}")),
            line: Some(i as u64 + 2),
        })
        .collect()
}

fn judged_within(history: &[Transaction], limit: Elapsed) -> usize {
    let catalog = Catalog::builtin();
    let started = Instant::now();
    let found = detect(&catalog, history, &Holder::default());
    let took = started.elapsed();
    println!("{} top-ups judged in {took:?}", found.len());
    assert!(took < limit, "{took:?}");
    found.len()
}

#[test]
fn a_long_history_of_top_ups_is_judged_in_linear_time() {
    // Several a day for years: many runs, each against the habit so far.
    let spread = top_ups(|i| (i / 3) as i64);
    assert_eq!(judged_within(&spread, Elapsed::from_secs(20)), ROWS);
}

#[test]
fn a_day_crowded_with_top_ups_is_judged_in_linear_time() {
    // Every one on the same day, after a year of habit: one run, one day.
    let crowded = top_ups(|i| if i < 50 { i as i64 * 7 } else { 400 });
    let catalog = Catalog::builtin();
    let found = detect(&catalog, &crowded, &Holder::default());
    assert!(found[ROWS - 1].is_flagged(), "the crowded day is flagged");
    assert_eq!(judged_within(&crowded, Elapsed::from_secs(20)), ROWS);
}
