//! The benchmark statement: ten years of a busy account as a 三井住友 (SMBC) CSV export in CP932,
//! with about 2% e-money top-ups among ordinary rows and a ドコモ口座 burst near the end.
//! Deterministic: the same number of rows always gives the same bytes. Shared by
//! `examples/bench_data.rs` (the file `scripts/bench.sh` scans) and the criterion benches.

use std::io::Write;

use chrono::{Duration, NaiveDate};

/// Ordinary withdrawals: (statement text, typical yen).
const ORDINARY: &[(&str, i64)] = &[
    ("ｾﾌﾞﾝｲﾚﾌﾞﾝ", 864),
    ("ﾛｰｿﾝ", 598),
    ("ATM ｼﾊﾗｲ", 20_000),
    ("ﾃﾞﾝｷﾀﾞｲ ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ", 8_421),
    ("NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ", 6_380),
    ("ﾗｸﾃﾝｶ-ﾄﾞｻ-ﾋﾞｽ", 12_400),
    ("ｽｲﾄﾞｳﾘﾖｳｷﾝ", 4_210),
    ("ｼﾞﾄﾞｳｷ ｲﾄｳｴﾝ", 130),
];

/// E-money top-ups the holder makes: (text, yen).
const EMONEY: &[(&str, i64)] = &[("PAYPAY", 3_000), ("ﾗｸﾃﾝｴﾃﾞｨ", 5_000), ("ﾒﾙﾍﾟｲ", 2_000)];

/// Writes the statement with `rows` rows.
pub fn write(out: &mut impl Write, rows: u64) {
    write_line(
        out,
        "年月日,お引出し,お預入れ,お取り扱い内容,残高,メモ,ラベル",
    );

    // A small linear congruential generator: deterministic without a dependency.
    let mut state: u64 = 0x2020_0904;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    let days = 3_650u64;
    let start = NaiveDate::from_ymd_opt(2016, 1, 4).expect("a date");
    let per_day = rows.div_ceil(days).max(1);
    let burst_day = days - 20;
    let mut balance: i64 = 3_000_000;
    let mut written = 0u64;
    for day in 0..days {
        let date = start + Duration::days(day as i64);
        let date = date.format("%Y/%m/%d").to_string();
        let mut today = per_day.min(rows - written);
        if day == burst_day && today >= 4 {
            for amount in [100_000, 90_000, 90_000, 20_000] {
                balance -= amount;
                write_row(out, &date, -amount, "ﾄﾞｺﾓｺｳｻﾞ", balance);
            }
            written += 4;
            today -= 4;
        }
        for _ in 0..today {
            // About one row in fifty is an e-money top-up.
            // Takings come in when the balance runs low, so it stays in the millions.
            let (text, amount) = if balance < 1_000_000 {
                ("ﾌﾘｺﾐ ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", 2_500_000 + next(1_000) as i64)
            } else if next(50) == 0 {
                let (text, yen) = EMONEY[next(EMONEY.len() as u64) as usize];
                (text, -yen)
            } else {
                let (text, yen) = ORDINARY[next(ORDINARY.len() as u64) as usize];
                (text, -(yen + next(100) as i64))
            };
            balance += amount;
            write_row(out, &date, amount, text, balance);
        }
        written += today;
        if written >= rows {
            break;
        }
    }
}

fn write_row(out: &mut impl Write, date: &str, amount: i64, text: &str, balance: i64) {
    let (withdrawal, deposit) = if amount < 0 {
        (cell(-amount), String::new())
    } else {
        (String::new(), cell(amount))
    };
    write_line(
        out,
        &format!("{date},{withdrawal},{deposit},{text},{},,", cell(balance)),
    );
}

/// A yen amount as the export writes it: grouped in thousands, quoted when it holds a comma.
fn cell(yen: i64) -> String {
    let grouped = grouped(yen);
    if grouped.contains(',') {
        format!("\"{grouped}\"")
    } else {
        grouped
    }
}

fn write_line(out: &mut impl Write, line: &str) {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(line);
    assert!(!unmappable, "{line} is not CP932");
    out.write_all(&bytes).expect("write a row");
    out.write_all(b"\r\n").expect("write a row");
}

/// Yen grouped in thousands as exports write it (`2,987,514`); nothing for zero.
pub fn grouped(yen: i64) -> String {
    if yen == 0 {
        return String::new();
    }
    let digits = yen.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
