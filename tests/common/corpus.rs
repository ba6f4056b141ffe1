//! A labelled corpus of synthetic accounts: ordinary lives with bills, card repayments and phone
//! bills (the near misses), e-money habits small and large, and the attacks of 2020, each
//! e-money row labelled with the truth. Every account is written as a real export file in one of
//! the importer's bank layouts and encodings, so the corpus is read by the real importer.
//!
//! The later archetypes (issue 20) take their amounts, counts and timing from the reported 2020
//! cases, not from the rules: [`CASES`] holds Japan Post Bank's damage table by service, and
//! the 77 Bank victim's four debits; ordinary top-ups are drawn around the average charge a
//! survey found (¥3,857), campaign top-ups at what a campaign asked for (¥10,000, or
//! マイナポイント's ¥20,000 from September 2020).
//!
//! Deterministic: the same seed writes the same files.

use chrono::{Duration, NaiveDate};
use fastrand::Rng;

use super::written::{detached_marks, full_width, half_width};

/// What an e-money row really was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Truth {
    /// Unauthorised, on a service new to the account.
    FraudNewService,
    /// Unauthorised, on a service the holder uses.
    FraudEstablishedService,
    /// The holder's own, on a service in regular use.
    LegitEstablished,
    /// The holder's own, on a service they declared.
    LegitDeclared,
    /// The holder's own first top-up of a service they start using.
    LegitNewFirst,
    /// The holder's own later top-ups of a service they started using.
    LegitNewLater,
}

/// One generated row.
#[derive(Debug, Clone)]
pub struct Row {
    pub day: NaiveDate,
    pub amount: i64,
    pub text: String,
    /// The kind word a bank prints beside it (振替, ＡＴＭ …).
    pub kind: &'static str,
    /// None for rows that are not e-money top-ups.
    pub truth: Option<Truth>,
}

/// A generated account.
pub struct Account {
    pub name: String,
    pub archetype: &'static str,
    pub layout: &'static str,
    pub known: Vec<String>,
    pub rows: Vec<Row>,
}

/// The archetypes, each generated this many times.
pub const ARCHETYPES: &[&str] = &[
    "clean",
    "small-habit",
    "large-habit",
    "new-service-burst",
    "multi-service-attack",
    "single-large-top-up",
    "test-then-theft",
    "burst-on-used-service-by-amount",
    "burst-on-used-service-by-rhythm",
    "starts-using-a-service",
    "declared-services",
    "near-misses-only",
    "one-month-printout-attack",
    "one-month-printout-own",
    "drip-on-a-new-service",
    "drip-on-a-used-service",
    "test-top-ups-days-before",
    "mixed-habits",
    "campaign-one-offs",
    "genuine-first-uses",
    "returns-after-a-flagged-start",
];

/// The 2020 cases by service: (catalog id, cases, yen lost), from Japan Post Bank's table of
/// 2020-09-16 (xtech.nikkei.com) and, for 支払秘書 (Wellnet), its update of 2020-09-18
/// (onebe.co.jp). A case's loss is drawn around its service's average, services as often as
/// they had cases.
const CASES: &[(&str, i64, i64)] = &[
    ("docomo-koza", 82, 15_460_000),
    ("paypay", 17, 1_415_141),
    ("merpay", 3, 498_113),
    ("line-pay", 2, 498_000),
    ("kyash", 3, 230_000),
    ("paypal", 2, 10_000),
    ("wellnet", 31, 3_450_000),
];

/// The four debits that emptied a 77 Bank account on 2020-09-01, within two minutes (the
/// victim's passbook, nanigoto.net 2020-09-09).
const DEBITS_77_BANK: [i64; 4] = [100_000, 90_000, 90_000, 20_000];

pub const LAYOUTS: &[&str] = &[
    "yucho",
    "mufg",
    "smbc",
    "mizuho",
    "rakuten",
    "sbi-sumishin",
    "paypay-bank",
    "sbi-shinsei-ja",
    "sbi-shinsei-en",
    "ja-bank",
];

/// Services and how a statement may write their top-ups.
const SERVICES: &[(&str, &[&str])] = &[
    (
        "docomo-koza",
        &["ドコモコウザ", "デイーバライ", "ドコモ口座"],
    ),
    ("paypay", &["ペイペイ", "PAYPAY"]),
    ("kyash", &["カ)キヤツシユ", "KYASH"]),
    ("line-pay", &["ラインペイ", "LINE PAY"]),
    ("merpay", &["メルペイ"]),
    ("paypal", &["ペイパル", "PAYPAL"]),
    ("wellnet", &["ウエルネツト", "シハライヒシヨ"]),
    ("rakuten-edy", &["ラクテンエデイ"]),
    ("billing-system", &["ビリングシステム", "PAYB"]),
    ("au-pay", &["AUPAY", "エーユーペイ"]),
    ("fami-pay", &["フアミペイ"]),
    ("pring", &["プリング"]),
    ("yumeca", &["ユメカ"]),
    ("rakuten-pay", &["ラクテンペイ"]),
];

/// Bills and look-alikes that are not top-ups.
const NEAR_MISSES: &[&str] = &[
    "NTTドコモ リヨウキン",
    "ラクテンカ-ドサ-ビス",
    "PAYPAYカ-ド",
    "ソフトバンク",
    "ミツイスミトモカ-ド (カ",
    "カ)ビユ-カ-ド",
    "ヤフ-ケツサイ",
    "ラクテンモバイル",
];

pub fn generate(seed: u64, per_archetype: usize) -> Vec<Account> {
    let mut rng = Rng::with_seed(seed);
    let mut accounts = Vec::new();
    for (a, &archetype) in ARCHETYPES.iter().enumerate() {
        for i in 0..per_archetype {
            let layout = LAYOUTS[(a * 7 + i) % LAYOUTS.len()];
            accounts.push(account(
                &mut rng,
                archetype,
                layout,
                format!("{archetype}-{i:02}"),
            ));
        }
    }
    accounts
}

fn account(rng: &mut Rng, archetype: &'static str, layout: &'static str, name: String) -> Account {
    let one_month = archetype.starts_with("one-month");
    let start = if one_month {
        // A printout starts on any day: the last entry the passbook already had.
        NaiveDate::from_ymd_opt(2020, 1 + rng.u32(0..12), 1 + rng.u32(0..28)).unwrap()
    } else {
        NaiveDate::from_ymd_opt(2019, 1 + rng.u32(0..12), 1).unwrap()
    };
    let days = if one_month {
        28 + rng.i64(0..4)
    } else {
        365 + rng.i64(0..365)
    };
    let mut rows = ordinary_life(rng, start, days, archetype == "near-misses-only");
    let mut known = Vec::new();
    let mut services: Vec<&str> = SERVICES.iter().map(|(id, _)| *id).collect();
    rng.shuffle(&mut services);
    let mut next_service = || services.pop().unwrap();
    // The attack lands somewhere after the first 60 days.
    let attack = if one_month {
        start + Duration::days(rng.i64(0..days))
    } else {
        start + Duration::days(60 + rng.i64(0..days - 70))
    };

    match archetype {
        "clean" | "near-misses-only" => {}
        "small-habit" => habit(rng, &mut rows, next_service(), start, days, 1_000..5_001),
        "large-habit" => habit(rng, &mut rows, next_service(), start, days, 20_000..50_001),
        "new-service-burst" => {
            let s = next_service();
            habit(rng, &mut rows, next_service(), start, days, 1_000..5_001);
            let count = rng.usize(2..6);
            let spread = rng.i64(0..3);
            for _ in 0..count {
                let day = attack + Duration::days(rng.i64(0..=spread));
                let amount = round(rng, 10_000..100_001);
                rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
            }
        }
        "multi-service-attack" => {
            for _ in 0..rng.usize(2..4) {
                let s = next_service();
                for _ in 0..rng.usize(1..4) {
                    let day = attack + Duration::days(rng.i64(0..5));
                    let amount = round(rng, 10_000..80_001);
                    rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
                }
            }
        }
        "single-large-top-up" => {
            let s = next_service();
            let amount = round(rng, 50_000..300_001);
            rows.push(topup(rng, s, attack, amount, Truth::FraudNewService));
        }
        "test-then-theft" => {
            let s = next_service();
            for k in 0..rng.i64(1..3) {
                let amount = rng.i64(1..11) * 100;
                rows.push(topup(
                    rng,
                    s,
                    attack + Duration::days(k),
                    amount,
                    Truth::FraudNewService,
                ));
            }
            for _ in 0..rng.usize(2..4) {
                let day = attack + Duration::days(rng.i64(2..5));
                let amount = round(rng, 30_000..50_001);
                rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
            }
        }
        "burst-on-used-service-by-amount" => {
            let s = next_service();
            habit(rng, &mut rows, s, start, days, 1_000..5_001);
            for _ in 0..rng.usize(1..5) {
                let amount = round(rng, 30_000..100_001);
                rows.push(topup(
                    rng,
                    s,
                    attack,
                    amount,
                    Truth::FraudEstablishedService,
                ));
            }
        }
        "burst-on-used-service-by-rhythm" => {
            let s = next_service();
            habit(rng, &mut rows, s, start, days, 2_000..5_001);
            let amount = rng.i64(2..6) * 1_000;
            for _ in 0..rng.usize(4..7) {
                rows.push(topup(
                    rng,
                    s,
                    attack,
                    amount,
                    Truth::FraudEstablishedService,
                ));
            }
        }
        "starts-using-a-service" => {
            let s = next_service();
            let first = attack;
            let mut day = first;
            let mut truth = Truth::LegitNewFirst;
            while day < start + Duration::days(days) {
                let amount = rng.i64(1..6) * 1_000;
                rows.push(topup(rng, s, day, amount, truth));
                truth = Truth::LegitNewLater;
                day += Duration::days(28 + rng.i64(0..5));
            }
        }
        "declared-services" => {
            let (a, b) = (next_service(), next_service());
            known = vec![a.to_owned(), b.to_owned()];
            habit_labelled(
                rng,
                &mut rows,
                a,
                start,
                days,
                1_000..10_001,
                Truth::LegitDeclared,
            );
            // A declared service whose first top-up comes mid-history.
            let mut day = attack;
            while day < start + Duration::days(days) {
                let amount = rng.i64(1..11) * 1_000;
                rows.push(topup(rng, b, day, amount, Truth::LegitDeclared));
                day += Duration::days(25 + rng.i64(0..10));
            }
        }
        "one-month-printout-attack" => {
            // The holder's own small top-ups, perhaps, and a 2020 case.
            if rng.bool() {
                let s = next_service();
                let mut day = start + Duration::days(rng.i64(0..10));
                while day < start + Duration::days(days) {
                    let amount = ordinary_amount(rng);
                    rows.push(topup(rng, s, day, amount, Truth::LegitEstablished));
                    day += Duration::days(7 + rng.i64(0..24));
                }
            }
            let (s, debits) = reported_case(rng);
            let s = if rows.iter().any(|r| r.truth.is_some() && r.text_is(s)) {
                next_service()
            } else {
                s
            };
            for amount in debits {
                let day = attack + Duration::days(rng.i64(0..2));
                rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
            }
        }
        "one-month-printout-own" => {
            // One or two services the holder uses, seen once or a few times in the month: at
            // ordinary amounts, now and then a campaign's ¥10,000; one holder in four a large
            // habit, as the large-habit archetype's (¥20,000 to ¥50,000).
            let large = rng.u32(0..4) == 0;
            for _ in 0..rng.usize(1..3) {
                let s = next_service();
                let mut day = start + Duration::days(rng.i64(0..days));
                let every = [7, 14, 30][rng.usize(0..3)];
                let usual = rng.i64(20..51) * 1_000;
                while day < start + Duration::days(days) {
                    let amount = if large {
                        (usual * rng.i64(70..131) / 100) / 100 * 100
                    } else if rng.u32(0..10) == 0 {
                        campaign(day)
                    } else {
                        ordinary_amount(rng)
                    };
                    rows.push(topup(rng, s, day, amount, Truth::LegitEstablished));
                    day += Duration::days(every + rng.i64(-2..3));
                }
            }
        }
        "drip-on-a-new-service" => {
            // A debit a day (now and then a day skipped) for five to ten days, each about the
            // ¥20,000 docomo口座 let a wallet pay out at once from 2019-09.
            habit(rng, &mut rows, next_service(), start, days, 1_000..5_001);
            let s = next_service();
            let mut day = attack;
            for _ in 0..rng.usize(5..11) {
                let amount = rng.i64(10..21) * 1_000;
                rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
                day += Duration::days(1 + i64::from(rng.u32(0..4) == 0));
            }
        }
        "drip-on-a-used-service" => {
            let s = next_service();
            habit(rng, &mut rows, s, start, days, 1_000..5_001);
            let mut day = attack;
            for _ in 0..rng.usize(5..11) {
                let amount = rng.i64(10..21) * 1_000;
                rows.push(topup(rng, s, day, amount, Truth::FraudEstablishedService));
                day += Duration::days(1 + i64::from(rng.u32(0..4) == 0));
            }
        }
        "test-top-ups-days-before" => {
            habit(rng, &mut rows, next_service(), start, days, 1_000..5_001);
            let (s, debits) = reported_case(rng);
            let s = if rows.iter().any(|r| r.truth.is_some() && r.text_is(s)) {
                next_service()
            } else {
                s
            };
            // One to three small tests, two to six days before the theft.
            let lead = rng.i64(2..7);
            for k in 0..rng.i64(1..4) {
                let day = attack - Duration::days(lead) + Duration::days(k.min(lead - 1));
                let amount = rng.i64(1..11) * 100;
                rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
            }
            for amount in debits {
                rows.push(topup(rng, s, attack, amount, Truth::FraudNewService));
            }
        }
        "mixed-habits" => {
            // A heavy user of one service: a small amount weekly, a larger one monthly, and
            // auto-charges that come two or three at a time on busy days.
            let s = next_service();
            let small = rng.i64(1..4) * 1_000;
            let large = rng.i64(5..11) * 1_000;
            let mut day = start + Duration::days(rng.i64(0..7));
            let end = start + Duration::days(days);
            let mut week = 0;
            while day < end {
                rows.push(topup(rng, s, day, small, Truth::LegitEstablished));
                if week % 4 == 2 {
                    rows.push(topup(
                        rng,
                        s,
                        day + Duration::days(2),
                        large,
                        Truth::LegitEstablished,
                    ));
                }
                if rng.u32(0..6) == 0 {
                    let busy = day + Duration::days(rng.i64(1..6));
                    for _ in 0..rng.usize(2..4) {
                        rows.push(topup(rng, s, busy, small, Truth::LegitEstablished));
                    }
                }
                day += Duration::days(7 + rng.i64(-1..2));
                week += 1;
            }
        }
        "campaign-one-offs" => {
            // What a campaign asked for, on a service in use and on one tried for it.
            let s = next_service();
            habit(rng, &mut rows, s, start, days, 1_000..5_001);
            for _ in 0..rng.usize(1..3) {
                let day = start + Duration::days(40 + rng.i64(0..days - 50));
                rows.push(topup(rng, s, day, campaign(day), Truth::LegitEstablished));
            }
            let tried = next_service();
            rows.push(topup(
                rng,
                tried,
                attack,
                campaign(attack),
                Truth::LegitNewFirst,
            ));
            if rng.bool() {
                let mut day = attack + Duration::days(20 + rng.i64(0..20));
                while day < start + Duration::days(days) {
                    let amount = ordinary_amount(rng);
                    rows.push(topup(rng, tried, day, amount, Truth::LegitNewLater));
                    day += Duration::days(20 + rng.i64(0..40));
                }
            }
        }
        "genuine-first-uses" => {
            // One or two services started for real, months apart, weekly or monthly, at
            // ordinary amounts; sometimes a second top-up within the first week.
            for k in 0..rng.i64(1..3) {
                let s = next_service();
                let first = attack + Duration::days(k * 90);
                let every = if rng.bool() { 7 } else { 30 };
                let mut day = first;
                let mut truth = Truth::LegitNewFirst;
                while day < start + Duration::days(days) {
                    let amount = ordinary_amount(rng);
                    rows.push(topup(rng, s, day, amount, truth));
                    truth = Truth::LegitNewLater;
                    if day == first && rng.bool() {
                        let again = day + Duration::days(rng.i64(1..6));
                        let amount = ordinary_amount(rng);
                        rows.push(topup(rng, s, again, amount, truth));
                    }
                    day += Duration::days(every + rng.i64(-2..3));
                }
            }
        }
        "returns-after-a-flagged-start" => {
            habit(rng, &mut rows, next_service(), start, days, 1_000..5_001);
            let (s, debits) = reported_case(rng);
            let s = if rows.iter().any(|r| r.truth.is_some() && r.text_is(s)) {
                next_service()
            } else {
                s
            };
            let largest = debits.iter().copied().max().unwrap_or(10_000);
            for amount in debits {
                rows.push(topup(rng, s, attack, amount, Truth::FraudNewService));
            }
            // Back to the same wallet ten to forty days later, once or twice.
            let mut day = attack;
            for _ in 0..rng.usize(1..3) {
                day += Duration::days(10 + rng.i64(0..31));
                let amount = (largest / 10_000).max(1) * 10_000;
                rows.push(topup(rng, s, day, amount, Truth::FraudNewService));
            }
        }
        other => unreachable!("unknown archetype {other}"),
    }
    rows.retain(|r| r.day < start + Duration::days(days));
    rows.sort_by_key(|r| r.day);
    Account {
        name,
        archetype,
        layout,
        known,
        rows,
    }
}

fn ordinary_life(rng: &mut Rng, start: NaiveDate, days: i64, extra_near_misses: bool) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut month = 0;
    while month * 30 < days {
        let base = start + Duration::days(month * 30);
        let pension = rng.i64(150_000..260_000);
        rows.push(row(base + Duration::days(14), pension, "ネンキン", "入金"));
        let power = rng.i64(5_000..12_000);
        rows.push(row(
            base + Duration::days(5),
            -power,
            "デンキリヨウキン",
            "自払",
        ));
        let phone = rng.i64(3_000..9_000);
        rows.push(row(
            base + Duration::days(9),
            -phone,
            NEAR_MISSES[0],
            "自払",
        ));
        let (card, bill) = (rng.i64(2_000..40_000), NEAR_MISSES[1 + rng.usize(0..5)]);
        rows.push(row(base + Duration::days(26), -card, bill, "自払"));
        for _ in 0..rng.usize(1..4) {
            let (day, cash) = (rng.i64(0..30), rng.i64(1..6) * 10_000);
            rows.push(row(base + Duration::days(day), -cash, "ATM", "ＡＴＭ"));
        }
        if extra_near_misses {
            for text in NEAR_MISSES {
                let (day, amount) = (rng.i64(0..30), rng.i64(1_000..30_000));
                rows.push(row(base + Duration::days(day), -amount, text, "自払"));
            }
        }
        month += 1;
    }
    rows
}

/// An ordinary top-up: around the average smartphone-payment charge of ¥3,857 (Japan Net Bank
/// survey, 2019), in whole thousands from ¥1,000 to ¥10,000.
fn ordinary_amount(rng: &mut Rng) -> i64 {
    let weights = [
        1_000, 2_000, 2_000, 3_000, 3_000, 3_000, 5_000, 5_000, 5_000, 10_000,
    ];
    weights[rng.usize(0..weights.len())]
}

/// The top-up a campaign running on `day` asked for: マイナポイント's ¥20,000 (25 % back on up to
/// ¥20,000 of charges, 2020-09-01 to 2021-03-31; appllio.com, bg-mania.jp), otherwise the
/// ¥10,000 of docomo's cash-back for a charge of ¥10,000 or more (usedoor.jp, 2017).
fn campaign(day: NaiveDate) -> i64 {
    let from = NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
    if (from..=to).contains(&day) {
        20_000
    } else {
        10_000
    }
}

/// One reported case: its service, and its debits. Either the 77 Bank victim's four, or a loss
/// drawn around its service's average per case, taken in one to four debits of whole ten
/// thousands (whole thousands below that), as the 77 Bank debits were.
fn reported_case(rng: &mut Rng) -> (&'static str, Vec<i64>) {
    let all: i64 = CASES.iter().map(|c| c.1).sum();
    let mut pick = rng.i64(0..all);
    let &(service, cases, lost) = CASES
        .iter()
        .find(|c| {
            pick -= c.1;
            pick < 0
        })
        .unwrap();
    if service == "docomo-koza" && rng.u32(0..4) == 0 {
        return (service, DEBITS_77_BANK.to_vec());
    }
    let average = lost / cases;
    let loss = average * rng.i64(50..151) / 100;
    if loss < 10_000 {
        return (service, vec![(loss / 1_000).max(1) * 1_000]);
    }
    let pieces = rng.i64(1..5).min(loss / 10_000);
    let each = (loss / pieces / 10_000).max(1) * 10_000;
    (service, vec![each; pieces as usize])
}

fn habit(
    rng: &mut Rng,
    rows: &mut Vec<Row>,
    service: &str,
    start: NaiveDate,
    days: i64,
    amounts: std::ops::Range<i64>,
) {
    habit_labelled(
        rng,
        rows,
        service,
        start,
        days,
        amounts,
        Truth::LegitEstablished,
    );
}

/// A habit from the start of the history: weekly or monthly, amounts around one usual sum.
fn habit_labelled(
    rng: &mut Rng,
    rows: &mut Vec<Row>,
    service: &str,
    start: NaiveDate,
    days: i64,
    amounts: std::ops::Range<i64>,
    truth: Truth,
) {
    let usual = rng.i64(amounts) / 1_000 * 1_000;
    let every = if rng.bool() { 7 } else { 30 };
    let mut day = start + Duration::days(rng.i64(0..10));
    while day < start + Duration::days(days) {
        let amount = (usual * rng.i64(70..131) / 100).max(500) / 100 * 100;
        rows.push(topup(rng, service, day, amount, truth));
        day += Duration::days(every + rng.i64(-2..3));
    }
}

fn topup(rng: &mut Rng, service: &str, day: NaiveDate, amount: i64, truth: Truth) -> Row {
    let texts = SERVICES.iter().find(|(id, _)| *id == service).unwrap().1;
    let mut text = texts[rng.usize(0..texts.len())].to_owned();
    if rng.bool() {
        text = format!("フリカエ {text}");
    }
    Row {
        day,
        amount: -amount,
        text,
        kind: "振替",
        truth: Some(truth),
    }
}

impl Row {
    /// Whether this row tops up `service`.
    fn text_is(&self, service: &str) -> bool {
        let texts = SERVICES.iter().find(|(id, _)| *id == service).unwrap().1;
        texts.iter().any(|t| self.text.ends_with(t))
    }
}

fn row(day: NaiveDate, amount: i64, text: &str, kind: &'static str) -> Row {
    Row {
        day,
        amount,
        text: text.to_owned(),
        kind,
        truth: None,
    }
}

fn round(rng: &mut Rng, range: std::ops::Range<i64>) -> i64 {
    rng.i64(range) / 10_000 * 10_000
}

/// The account as its bank's export: the file's bytes, and the truth for each file line.
pub fn write(account: &Account) -> (Vec<u8>, Vec<(u64, Option<Truth>)>) {
    let rows = &account.rows;
    let mut balance = 5_000_000;
    let balances: Vec<i64> = rows
        .iter()
        .map(|r| {
            balance += r.amount;
            balance
        })
        .collect();
    let yen = |v: i64| {
        if v == 0 {
            String::new()
        } else {
            v.abs().to_string()
        }
    };
    let out = |r: &Row| {
        (
            if r.amount < 0 {
                yen(r.amount)
            } else {
                String::new()
            },
            if r.amount > 0 {
                yen(r.amount)
            } else {
                String::new()
            },
        )
    };
    let half = |t: &str| half_width(t);
    let mut lines: Vec<String> = Vec::new();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let preamble: usize;
    match account.layout {
        "yucho" => {
            lines.extend([
                "お客さま口座情報,".into(),
                "記号番号,10100-11112222".into(),
                String::new(),
                "取引日,入出金明細ＩＤ,受入金額（円）,払出金額（円）,詳細１,詳細２,現在（貸付）高,"
                    .into(),
            ]);
            preamble = lines.len();
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                lines.push(format!(
                    "{},{:010},{n},{o},{},{},{},",
                    r.day.format("%Y%m%d"),
                    i + 1,
                    r.kind,
                    half(&r.text),
                    balances[i]
                ));
            }
        }
        "mufg" => {
            lines.push(
                "日付,摘要,摘要内容,支払い金額,預かり金額,差引残高,メモ,未資金化区分,入払区分"
                    .into(),
            );
            preamble = lines.len();
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                let kind = if r.kind == "振替" {
                    "口座振替"
                } else {
                    r.kind
                };
                lines.push(format!(
                    "{},{kind},{},{o},{n},{},,,",
                    r.day.format("%Y/%-m/%-d"),
                    full_width(&r.text).replace(' ', "　"),
                    balances[i]
                ));
            }
        }
        "smbc" | "mizuho" => {
            if account.layout == "mizuho" {
                lines.extend([
                    "お取引明細".into(),
                    "口座番号,1234567".into(),
                    String::new(),
                    "日付,お引出金額,お預入金額,お取引内容,残高".into(),
                ]);
            } else {
                lines.push("年月日,お引出し,お預入れ,お取り扱い内容,残高".into());
            }
            preamble = lines.len();
            let date = if account.layout == "mizuho" {
                "%Y.%m.%d"
            } else {
                "%Y/%-m/%-d"
            };
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                lines.push(format!(
                    "{},\"{o}\",\"{n}\",{},{}",
                    r.day.format(date),
                    half(&r.text),
                    balances[i]
                ));
            }
        }
        "rakuten" => {
            lines.push("取引日,入出金(円),取引後残高(円),入出金内容".into());
            preamble = lines.len();
            for &i in &order {
                let r = &rows[i];
                lines.push(format!(
                    "{},{},{},{}",
                    r.day.format("%Y%m%d"),
                    r.amount,
                    balances[i],
                    detached_marks(&r.text)
                ));
            }
        }
        "sbi-sumishin" => {
            lines.push(
                "\"日付\",\"内容\",\"出金金額(円)\",\"入金金額(円)\",\"残高(円)\",\"メモ\"".into(),
            );
            preamble = lines.len();
            order.reverse();
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                lines.push(format!(
                    "\"{}\",\"{}\",\"{o}\",\"{n}\",\"{}\",\"\"",
                    r.day.format("%Y/%m/%d"),
                    full_width(&r.text),
                    balances[i]
                ));
            }
        }
        "paypay-bank" => {
            lines.push("\"操作日(年)\",\"操作日(月)\",\"操作日(日)\",\"操作時刻(時)\",\"操作時刻(分)\",\"操作時刻(秒)\",\"取引順番号\",\"摘要\",\"お支払金額\",\"お預り金額\",\"残高\",\"メモ\"".into());
            preamble = lines.len();
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                lines.push(format!("\"{}\",\"{}\",\"{}\",\"10\",\"00\",\"00\",\"{}\",\"{}\",\"{o}\",\"{n}\",\"{}\",\"\"", r.day.format("%Y"), r.day.format("%-m"), r.day.format("%-d"), i + 1, half(&r.text), balances[i]));
            }
        }
        "sbi-shinsei-ja" | "sbi-shinsei-en" => {
            lines.push(
                if account.layout == "sbi-shinsei-ja" {
                    "\"取引日\",\"摘要\",\"出金金額\",\"入金金額\",\"残高\""
                } else {
                    "\"Value Date\",\"Description\",\"Debit\",\"Credit\",\"Balance\""
                }
                .into(),
            );
            preamble = lines.len();
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                lines.push(format!(
                    "\"{}\",\"{}\",\"{o}\",\"{n}\",\"{}\"",
                    r.day.format("%Y/%m/%d"),
                    half(&r.text),
                    balances[i]
                ));
            }
        }
        "ja-bank" => {
            let (first, last) = (rows.first().unwrap().day, rows.last().unwrap().day);
            lines.push(format!(
                "期間,{}～{}",
                first.format("%Y年%m月%d日"),
                last.format("%Y年%m月%d日")
            ));
            lines.push("\"番号\",\"明細区分\",\"取扱日付\",\"起算日\",\"お支払金額\",\"お預り金額\",\"取引区分\",\"残高\",\"摘要\"".into());
            preamble = lines.len();
            for &i in &order {
                let (r, (o, n)) = (&rows[i], out(&rows[i]));
                let money = |v: &str| {
                    if v.is_empty() {
                        String::new()
                    } else {
                        format!("\\{v}")
                    }
                };
                let date = r.day.format("%-m月%-d日");
                lines.push(format!(
                    "\"{}\",\"1\",\"{date}\",\"{date}\",\"{}\",\"{}\",\"{}\",\"\\{}\",\"{}\"",
                    i + 1,
                    money(&o),
                    money(&n),
                    r.kind,
                    balances[i],
                    half(&r.text)
                ));
            }
        }
        other => unreachable!("unknown layout {other}"),
    }
    let truth = order
        .iter()
        .enumerate()
        .map(|(k, &i)| ((preamble + k + 1) as u64, rows[i].truth))
        .collect();
    let text = lines.join("\r\n") + "\r\n";
    let bytes = if account.layout == "sbi-shinsei-en" {
        text.into_bytes()
    } else {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(
            !unmappable,
            "{}: text the bank's encoding cannot hold",
            account.name
        );
        bytes.into_owned()
    };
    (bytes, truth)
}
