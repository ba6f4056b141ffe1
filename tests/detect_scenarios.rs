//! Detection on small, named account histories: what a holder's own habits look like, and what
//! the 2020 attacks looked like.

use chrono::{Duration, NaiveDate};
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{detect, Answer, HistoryLength, Holder, Level, Reason};
use kouza_guard::normalize::normalize;
use kouza_guard::{SourceId, Transaction};

/// Builds a history: `(days after 2020-01-01, yen, passbook text)`, in order.
fn history(rows: &[(i64, i64, &str)]) -> Vec<Transaction> {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    rows.iter()
        .enumerate()
        .map(|(i, &(day, amount, text))| Transaction {
            booked: start + Duration::days(day),
            amount,
            description: text.to_owned(),
            normalized: normalize(text),
            balance: None,
            kind: None,
            source_id: SourceId::Bank(format!("row-{i}")),
            line: Some(i as u64 + 2),
        })
        .collect()
}

/// Ordinary life for a year: pension, bills, cash.
fn ordinary_year() -> Vec<(i64, i64, &'static str)> {
    let mut rows = Vec::new();
    for month in 0..12 {
        let day = month * 30;
        rows.push((day, 189_750, "ﾈﾝｷﾝ"));
        rows.push((day + 5, -8_400, "ﾃﾞﾝｷﾘﾖｳｷﾝ"));
        rows.push((day + 9, -6_380, "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ"));
        rows.push((day + 12, -30_000, "ATM"));
        rows.push((day + 20, -5_400, "ﾗｸﾃﾝｶ-ﾄﾞｻ-ﾋﾞｽ"));
    }
    rows
}

fn sorted(mut rows: Vec<(i64, i64, &'static str)>) -> Vec<(i64, i64, &'static str)> {
    rows.sort_by_key(|r| r.0);
    rows
}

/// (text, flagged) of every e-money withdrawal found.
fn judged(rows: &[(i64, i64, &str)], holder: &Holder) -> Vec<(String, i64, bool)> {
    let catalog = Catalog::builtin();
    let history = history(rows);
    detect(&catalog, &history, holder)
        .iter()
        .map(|w| {
            (
                w.transaction.description.clone(),
                w.transaction.amount,
                w.is_flagged(),
            )
        })
        .collect()
}

fn flagged_count(rows: &[(i64, i64, &str)], holder: &Holder) -> usize {
    judged(rows, holder)
        .iter()
        .filter(|(_, _, flagged)| *flagged)
        .count()
}

#[test]
fn an_ordinary_account_has_no_e_money_at_all() {
    assert_eq!(judged(&ordinary_year(), &Holder::default()), []);
}

#[test]
fn a_long_standing_small_habit_is_never_flagged() {
    let mut rows = ordinary_year();
    rows.extend((0..12).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    let judged = judged(&sorted(rows), &Holder::default());
    assert_eq!(judged.len(), 12);
    assert!(judged.iter().all(|(_, _, flagged)| !flagged), "{judged:?}");
}

#[test]
fn the_2020_burst_on_a_new_service_flags_every_debit() {
    let mut rows = ordinary_year();
    rows.extend([
        (250, -100_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (250, -90_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (250, -90_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (250, -20_000, "ﾄﾞｺﾓｺｳｻﾞ"),
    ]);
    let rows = sorted(rows);
    assert_eq!(flagged_count(&rows, &Holder::default()), 4);

    let catalog = Catalog::builtin();
    let history = history(&rows);
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(
        found[0].reasons[0],
        Reason::FirstEver {
            service: "docomo-koza".into(),
            later: 3,
            span_days: 0,
            total: 300_000
        }
    );
}

#[test]
fn a_single_large_top_up_to_a_new_service_is_flagged() {
    let mut rows = ordinary_year();
    rows.push((200, -150_000, "ﾒﾙﾍﾟｲ"));
    assert_eq!(flagged_count(&sorted(rows), &Holder::default()), 1);
}

#[test]
fn small_test_top_ups_before_the_theft_are_flagged_too() {
    let mut rows = ordinary_year();
    rows.extend([
        (200, -1_000, "ﾗｲﾝﾍﾟｲ"),
        (201, -1_000, "ﾗｲﾝﾍﾟｲ"),
        (203, -49_000, "ﾗｲﾝﾍﾟｲ"),
        (204, -49_000, "ﾗｲﾝﾍﾟｲ"),
    ]);
    assert_eq!(flagged_count(&sorted(rows), &Holder::default()), 4);
}

#[test]
fn several_new_services_at_once_say_so() {
    let mut rows = ordinary_year();
    rows.extend([
        (200, -50_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (201, -30_000, "ﾒﾙﾍﾟｲ"),
        (202, -20_000, "ｷﾔﾂｼﾕ"),
    ]);
    let rows = sorted(rows);
    let catalog = Catalog::builtin();
    let history = history(&rows);
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|w| w.is_flagged()));
    assert!(found[0].reasons.contains(&Reason::SeveralNewServices {
        others: vec!["kyash".into(), "merpay".into()]
    }));
}

#[test]
fn a_second_wallet_on_a_service_in_use_is_given_away_by_the_amount() {
    let mut rows = ordinary_year();
    rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    rows.extend([(250, -50_000, "振替 PAYPAY"), (250, -50_000, "振替 PAYPAY")]);
    let judged = judged(&sorted(rows), &Holder::default());
    let flagged: Vec<i64> = judged.iter().filter(|j| j.2).map(|j| j.1).collect();
    assert_eq!(flagged, [-50_000, -50_000]);
}

#[test]
fn a_burst_on_a_service_in_use_is_given_away_by_the_rhythm_alone() {
    let mut rows = ordinary_year();
    rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    rows.extend((0..5).map(|_| (250, -3_000, "振替 PAYPAY")));
    let rows = sorted(rows);
    assert_eq!(flagged_count(&rows, &Holder::default()), 5);
}

#[test]
fn a_service_the_holder_starts_using_asks_once_then_settles() {
    let mut rows = ordinary_year();
    rows.extend((6..12).map(|m| (m * 30 + 15, -3_000, "ﾌｱﾐﾍﾟｲ")));
    let judged = judged(&sorted(rows), &Holder::default());
    let flags: Vec<bool> = judged.iter().map(|j| j.2).collect();
    assert_eq!(
        flags,
        [true, false, false, false, false, false],
        "the first one asks, the rest are habit"
    );
}

#[test]
fn a_declared_service_is_not_flagged_for_being_new() {
    let mut rows = ordinary_year();
    rows.extend((6..12).map(|m| (m * 30 + 15, -3_000, "ﾌｱﾐﾍﾟｲ")));
    let holder = Holder {
        known: ["fami-pay".to_owned()].into(),
        ..Holder::default()
    };
    assert_eq!(flagged_count(&sorted(rows), &holder), 0);
}

#[test]
fn a_declared_service_is_still_flagged_when_anomalous() {
    let mut rows = ordinary_year();
    rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    rows.push((250, -80_000, "振替 PAYPAY"));
    let holder = Holder {
        known: ["paypay".to_owned()].into(),
        ..Holder::default()
    };
    assert_eq!(flagged_count(&sorted(rows), &holder), 1);
}

#[test]
fn a_service_in_use_when_the_history_begins_is_not_new() {
    let mut rows = ordinary_year();
    rows.extend((0..12).map(|m| (m * 30 + 3, -5_000, "ﾒﾙﾍﾟｲ")));
    assert_eq!(flagged_count(&sorted(rows), &Holder::default()), 0);
}

#[test]
fn a_burst_in_the_first_days_of_a_one_month_statement_is_still_flagged() {
    let rows = [
        (0, 189_750, "ﾈﾝｷﾝ"),
        (3, -100_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (3, -90_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (3, -90_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (9, -6_380, "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ"),
    ];
    assert_eq!(flagged_count(&rows, &Holder::default()), 3);
}

#[test]
fn the_fraudster_coming_back_after_the_burst_is_flagged_until_the_holder_owns_the_burst() {
    let mut rows = ordinary_year();
    rows.extend([
        (250, -50_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (250, -50_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        (250, -30_000, "ﾄﾞｺﾓｺｳｻﾞ"),
        // Nine days on, past the days a service counts as new: the same wallet again.
        (259, -30_000, "ﾄﾞｺﾓｺｳｻﾞ"),
    ]);
    let rows = sorted(rows);
    let catalog = Catalog::builtin();
    let history = history(&rows);
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|w| w.is_flagged()));
    assert!(matches!(
        &found[3].reasons[0],
        Reason::AfterNewBurst {
            count: 3,
            total: 130_000,
            ..
        }
    ));

    // The holder says the burst was theirs after all: the later top-up is theirs to judge too.
    let holder = Holder {
        answers: [(found[0].transaction.source_id.clone(), Answer::Mine)].into(),
        ..Holder::default()
    };
    let after = detect(&catalog, &history, &holder);
    assert!(!after[3].is_flagged(), "{:?}", after[3].reasons);

    // A service that arrived with one small payment is not a burst: later use is ordinary.
    let mut calm = ordinary_year();
    calm.extend([(250, -2_000, "ﾄﾞｺﾓｺｳｻﾞ"), (290, -2_000, "ﾄﾞｺﾓｺｳｻﾞ")]);
    assert_eq!(
        judged(&sorted(calm), &Holder::default())
            .iter()
            .map(|j| j.2)
            .collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn the_holders_answers_change_later_judgements() {
    let mut rows = ordinary_year();
    rows.extend([
        (200, -5_000, "ﾒﾙﾍﾟｲ"),
        (230, -5_000, "ﾒﾙﾍﾟｲ"),
        (231, -20_000, "ﾄﾞｺﾓｺｳｻﾞ"),
    ]);
    let rows = sorted(rows);
    let merpay_first = history(&rows)
        .iter()
        .find(|t| t.description == "ﾒﾙﾍﾟｲ")
        .unwrap()
        .source_id
        .clone();
    let docomo = history(&rows)
        .iter()
        .find(|t| t.description == "ﾄﾞｺﾓｺｳｻﾞ")
        .unwrap()
        .source_id
        .clone();

    let before = judged(&rows, &Holder::default());
    assert_eq!(
        before.iter().map(|j| j.2).collect::<Vec<_>>(),
        [true, false, true]
    );

    let holder = Holder {
        answers: [
            (merpay_first, Answer::Mine),
            (docomo.clone(), Answer::NotMine),
        ]
        .into(),
        ..Holder::default()
    };
    let catalog = Catalog::builtin();
    let history = history(&rows);
    let after = detect(&catalog, &history, &holder);
    assert!(!after[0].is_flagged(), "answered 'this was me'");
    assert_eq!(after[2].score, 1.0);
    assert_eq!(after[2].reasons, [Reason::HolderSaidNotMine]);
}

#[test]
fn deposits_from_a_service_and_look_alike_bills_are_not_e_money_withdrawals() {
    let rows = [
        (0, 3_000, "PAYPAY ﾍﾝｷﾝ"),
        (1, -9_800, "PAYPAYｶｰﾄﾞ"),
        (2, -6_380, "NTTﾄﾞｺﾓ"),
        (3, -5_400, "ﾗｸﾃﾝｶｰﾄﾞｻｰﾋﾞｽ"),
    ];
    assert_eq!(judged(&rows, &Holder::default()), []);
}

/// (amount, level) of every e-money withdrawal found.
fn levels(rows: &[(i64, i64, &str)], holder: &Holder) -> Vec<(i64, Level)> {
    let catalog = Catalog::builtin();
    let history = history(rows);
    detect(&catalog, &history, holder)
        .iter()
        .map(|w| (w.transaction.amount, w.level()))
        .collect()
}

#[test]
fn a_drip_of_a_debit_a_day_is_one_arrival_and_what_follows_stays_suspect() {
    // ¥5,000 a day for ten days: no day's debit is large, but the week's are.
    let mut rows = ordinary_year();
    rows.extend((200..210).map(|day| (day, -5_000, "ｷﾔﾂｼﾕ")));
    let catalog = Catalog::builtin();
    let history = history(&sorted(rows));
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(found.len(), 10);
    assert!(
        found.iter().all(|w| w.level() == Level::Flag),
        "{:?}",
        found.iter().map(|w| &w.reasons).collect::<Vec<_>>()
    );
    assert_eq!(
        found[0].reasons[0],
        Reason::FirstEver {
            service: "kyash".into(),
            later: 7,
            span_days: 7,
            total: 40_000
        }
    );
    assert!(matches!(
        found[9].reasons[0],
        Reason::AfterNewBurst {
            count: 8,
            total: 40_000,
            ..
        }
    ));
}

#[test]
fn a_drip_over_a_week_on_a_service_in_use_stays_one_run() {
    let mut rows = ordinary_year();
    rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    // ¥8,000 every other day for a week: no debit is far above the holder's ¥3,000, but
    // measured from the last debit it is one run of four, carrying ¥32,000.
    rows.extend([250, 252, 254, 256].map(|day| (day, -8_000, "振替 PAYPAY")));
    let judged = judged(&sorted(rows), &Holder::default());
    let flagged: Vec<bool> = judged.iter().map(|j| j.2).collect();
    assert_eq!(flagged[..8], [false; 8]);
    assert_eq!(flagged[8..], [true; 4]);
}

#[test]
fn test_top_ups_days_before_the_theft_join_it() {
    let mut rows = ordinary_year();
    rows.extend([
        (200, -500, "ﾒﾙﾍﾟｲ"),
        (201, -1_000, "ﾒﾙﾍﾟｲ"),
        // Four days on: the theft.
        (205, -40_000, "ﾒﾙﾍﾟｲ"),
        (205, -40_000, "ﾒﾙﾍﾟｲ"),
    ]);
    let catalog = Catalog::builtin();
    let history = history(&sorted(rows));
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(
        found[0].reasons[0],
        Reason::FirstEver {
            service: "merpay".into(),
            later: 3,
            span_days: 5,
            total: 81_500
        }
    );
    assert!(found.iter().all(|w| w.level() == Level::Flag));
}

#[test]
fn a_later_top_up_after_a_single_large_first_one_stays_suspect() {
    let mut rows = ordinary_year();
    rows.extend([(250, -100_000, "ﾄﾞｺﾓｺｳｻﾞ"), (270, -50_000, "ﾄﾞｺﾓｺｳｻﾞ")]);
    let rows = sorted(rows);
    assert_eq!(
        levels(&rows, &Holder::default()),
        [(-100_000, Level::Flag), (-50_000, Level::Flag)]
    );
    // Once the holder says the first was theirs, the second is judged by habit.
    let catalog = Catalog::builtin();
    let history = history(&rows);
    let first = detect(&catalog, &history, &Holder::default())[0]
        .transaction
        .source_id
        .clone();
    let holder = Holder {
        answers: [(first, Answer::Mine)].into(),
        ..Holder::default()
    };
    assert_eq!(
        levels(&rows, &holder),
        [(-100_000, Level::Ordinary), (-50_000, Level::Ordinary)]
    );
}

/// A one-month printout: pension, bills, and what the test adds.
fn one_month(extra: &[(i64, i64, &'static str)]) -> Vec<(i64, i64, &'static str)> {
    let mut rows = vec![
        (0, -8_400, "ﾃﾞﾝｷﾘﾖｳｷﾝ"),
        (9, -6_380, "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ"),
        (14, 189_750, "ﾈﾝｷﾝ"),
        (20, -5_400, "ﾗｸﾃﾝｶ-ﾄﾞｻ-ﾋﾞｽ"),
        (29, -30_000, "ATM"),
    ];
    rows.extend_from_slice(extra);
    sorted(rows)
}

#[test]
fn a_short_history_flags_an_attack_and_says_the_history_is_short() {
    // Two debits the same day, as PayPay's cases at Japan Post Bank averaged ¥83,000.
    let rows = one_month(&[(5, -50_000, "PAYPAY"), (5, -30_000, "PAYPAY")]);
    let catalog = Catalog::builtin();
    let history = history(&rows);
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|w| w.level() == Level::Flag));
    assert_eq!(
        found[0].reasons[0],
        Reason::ShortHistory {
            service: "paypay".into(),
            days_known: 5,
            count: 2,
            span_days: 0,
            total: 80_000
        }
    );
    let sentence = found[0].reasons[0].render(&catalog, kouza_guard::lang::Lang::En);
    assert!(sentence.contains("only 5 days of history"), "{sentence}");

    // A single large debit there is asked about; a later one after a flagged start stays suspect.
    assert_eq!(
        levels(&one_month(&[(10, -100_000, "ﾄﾞｺﾓｺｳｻﾞ")]), &Holder::default()),
        [(-100_000, Level::Question)]
    );
    assert_eq!(
        levels(
            &one_month(&[
                (3, -90_000, "ﾒﾙﾍﾟｲ"),
                (3, -90_000, "ﾒﾙﾍﾟｲ"),
                (24, -20_000, "ﾒﾙﾍﾟｲ")
            ]),
            &Holder::default()
        )
        .iter()
        .map(|l| l.1)
        .collect::<Vec<_>>(),
        [Level::Flag; 3]
    );
}

#[test]
fn a_short_history_does_not_flag_ordinary_small_top_ups() {
    let rows = one_month(&[
        (3, -3_000, "PAYPAY"),
        (17, -2_000, "PAYPAY"),
        (6, -5_000, "ﾒﾙﾍﾟｲ"),
        (6, -1_000, "ﾒﾙﾍﾟｲ"),
        (12, -10_000, "ﾗｸﾃﾝｴﾃﾞｲ"),
    ]);
    assert!(
        levels(&rows, &Holder::default())
            .iter()
            .all(|l| l.1 == Level::Ordinary),
        "{:?}",
        levels(&rows, &Holder::default())
    );
}

#[test]
fn what_was_checked_can_say_how_long_the_history_is() {
    let day = |d| NaiveDate::from_ymd_opt(2020, 9, d).unwrap();
    assert_eq!(
        HistoryLength::between(day(1), day(30)),
        HistoryLength {
            days: 30,
            short: true
        }
    );
    assert!(!HistoryLength::between(day(1), day(1) + Duration::days(30)).short);
}

#[test]
fn a_heavy_user_with_several_levels_and_auto_charge_clusters_is_not_flagged() {
    let mut rows = ordinary_year();
    // ¥2,000 a week; from day 100 also ¥10,000 a month; auto-charges three at a time on busy
    // days.
    rows.extend((0..52).map(|w| (w * 7 + 3, -2_000, "振替 PAYPAY")));
    rows.extend((0..9).map(|m| (100 + m * 30, -10_000, "振替 PAYPAY")));
    for day in [150, 240, 320] {
        rows.extend([(day, -2_000, "振替 PAYPAY"), (day, -2_000, "振替 PAYPAY")]);
    }
    let judged = judged(&sorted(rows), &Holder::default());
    let flagged: Vec<_> = judged.iter().filter(|j| j.2).collect();
    assert!(flagged.is_empty(), "{flagged:?}");
}

#[test]
fn a_first_use_is_a_kind_question_not_a_flag() {
    let mut rows = ordinary_year();
    rows.extend((6..12).map(|m| (m * 30 + 15, -3_000, "ﾌｱﾐﾍﾟｲ")));
    let catalog = Catalog::builtin();
    let history = history(&sorted(rows));
    let found = detect(&catalog, &history, &Holder::default());
    assert_eq!(found[0].level(), Level::Question);
    assert!(found[0].is_flagged(), "the holder is still asked");
    assert_eq!(
        found[0].reasons,
        [Reason::FirstUse {
            service: "fami-pay".into()
        }]
    );
    let ja = found[0].reasons[0].render(&catalog, kouza_guard::lang::Lang::Ja);
    assert!(ja.contains("ご自身で使い始めたもの"), "{ja}");
    assert!(found[1..].iter().all(|w| w.level() == Level::Ordinary));
}

#[test]
fn an_absurd_amount_inside_a_burst_neither_panics_nor_unflags_it() {
    for absurd in [-i64::MAX, i64::MIN] {
        let mut rows = ordinary_year();
        rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
        rows.extend([
            (250, -100_000, "ﾄﾞｺﾓｺｳｻﾞ"),
            (250, absurd, "ﾄﾞｺﾓｺｳｻﾞ"),
            (250, -90_000, "ﾄﾞｺﾓｺｳｻﾞ"),
            (250, -20_000, "ﾄﾞｺﾓｺｳｻﾞ"),
            // And inside a habit: later top-ups are still judged.
            (260, absurd, "振替 PAYPAY"),
            (290, -3_000, "振替 PAYPAY"),
        ]);
        let judged = judged(&sorted(rows), &Holder::default());
        let docomo: Vec<bool> = judged
            .iter()
            .filter(|j| j.0 == "ﾄﾞｺﾓｺｳｻﾞ")
            .map(|j| j.2)
            .collect();
        assert_eq!(docomo, [true; 4], "{absurd}");
        let paypay = judged.iter().filter(|j| j.0 == "振替 PAYPAY");
        assert_eq!(
            paypay.filter(|j| j.2).count(),
            1,
            "{absurd}: only the absurd one"
        );
    }
}

#[test]
fn after_the_holder_disowns_a_first_use_the_rest_of_that_wallet_is_suspect() {
    // A PayPal case of 2020 was about ¥5,000: small enough to pass for a first use.
    let mut rows = ordinary_year();
    rows.extend([
        (200, -900, "ﾍﾟｲﾊﾟﾙ"),
        (201, -500, "ﾍﾟｲﾊﾟﾙ"),
        (202, -5_000, "ﾍﾟｲﾊﾟﾙ"),
        (240, -3_000, "ﾍﾟｲﾊﾟﾙ"),
    ]);
    let rows = sorted(rows);
    assert_eq!(
        levels(&rows, &Holder::default())
            .iter()
            .map(|l| l.1)
            .collect::<Vec<_>>(),
        [
            Level::Question,
            Level::Ordinary,
            Level::Ordinary,
            Level::Ordinary
        ],
        "asked once"
    );
    let catalog = Catalog::builtin();
    let history = history(&rows);
    let first = detect(&catalog, &history, &Holder::default())[0]
        .transaction
        .source_id
        .clone();
    let holder = Holder {
        answers: [(first, Answer::NotMine)].into(),
        ..Holder::default()
    };
    let after = detect(&catalog, &history, &holder);
    assert!(after.iter().all(|w| w.level() == Level::Flag));
    assert!(matches!(after[1].reasons[0], Reason::AfterNotMine { .. }));
}

#[test]
fn a_drip_longer_than_a_run_stays_flagged_to_its_end() {
    let mut rows = ordinary_year();
    rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    // ¥10,000 a day for three weeks.
    rows.extend((250..271).map(|day| (day, -10_000, "振替 PAYPAY")));
    let judged = judged(&sorted(rows), &Holder::default());
    let flagged: Vec<bool> = judged.iter().map(|j| j.2).collect();
    assert_eq!(flagged[..8], [false; 8]);
    assert_eq!(flagged[8..], [true; 21]);
}

#[test]
fn two_top_ups_of_twenty_thousand_on_a_small_habit_are_flagged_though_one_is_not() {
    let mut rows = ordinary_year();
    rows.extend((0..8).map(|m| (m * 30 + 15, -3_000, "振替 PAYPAY")));
    // One ¥20,000 top-up, as マイナポイント rewarded in full, is the holder's own business, with
    // their usual ¥3,000 two days later …
    let mut one = rows.clone();
    one.extend([(250, -20_000, "振替 PAYPAY"), (252, -3_000, "振替 PAYPAY")]);
    assert_eq!(flagged_count(&sorted(one), &Holder::default()), 0);
    // … two the same day are a second wallet.
    rows.extend([(250, -20_000, "振替 PAYPAY"), (250, -20_000, "振替 PAYPAY")]);
    assert_eq!(flagged_count(&sorted(rows), &Holder::default()), 2);
}
