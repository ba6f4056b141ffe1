//! The consultation sheet made from hostile statement text and amounts (issue 19): formulas
//! hidden from the CSV's defence behind full-width signs or invisible characters, a line of
//! zero-width marks for the PDF's wrapping, and amounts whose total does not fit in 64 bits.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kouza_guard::guidance::GuidanceData;
use kouza_guard::sheet::{self, ConsultationSheet};

fn demo_sheet() -> ConsultationSheet {
    let review = kouza_guard::demo::review(&kouza_guard::catalog::Catalog::builtin()).unwrap();
    ConsultationSheet::of(
        &review,
        &GuidanceData::builtin(),
        NaiveDate::from_ymd_opt(2020, 9, 14).unwrap(),
    )
}

/// The CSV's records after the header, as text.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    ::csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn a_formula_behind_a_wide_sign_or_an_invisible_character_stays_text() {
    let hostile = [
        "＝HYPERLINK(\"http://evil.example\",\"ok\")",
        "\u{feff}=1+1",
        "\u{200b}=cmd|' /C calc'!A0",
        "\u{200b}\u{200d}\u{2060}=1+1",
        "\u{200e}\u{202e}@SUM(A1)",
        "\u{00ad}-2+3",
        "＋1+1",
        "－1+1",
        "−1+1",
        "＠SUM(A1:A9)",
        "﹦1+1",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        " =1+1",
        "\u{3000}=1+1",
        "\u{0000}=1+1",
        "\u{fe0f}=1+1",
        "\u{e0020}=1+1",
    ];
    let mut sheet = demo_sheet();
    let template = sheet.withdrawals[0].clone();
    sheet.withdrawals = hostile
        .iter()
        .map(|text| {
            let mut w = template.clone();
            w.description = (*text).to_owned();
            w
        })
        .collect();
    let records = csv_records(&sheet::csv::to_csv(&sheet));
    for (text, record) in hostile.iter().zip(&records) {
        assert_eq!(
            record[2],
            format!("'{text}"),
            "{text:?} must be written as text"
        );
    }
}

#[test]
fn ordinary_statement_text_is_written_as_the_bank_wrote_it() {
    let ordinary = [
        "振替 ﾄﾞｺﾓｺｳｻﾞ",
        "ｰﾄﾞｺﾓ",
        "ー決済",
        "（振替）PAYPAY",
        "VISA 1234",
        "a=b",
    ];
    let mut sheet = demo_sheet();
    let template = sheet.withdrawals[0].clone();
    sheet.withdrawals = ordinary
        .iter()
        .map(|text| {
            let mut w = template.clone();
            w.description = (*text).to_owned();
            w
        })
        .collect();
    let records = csv_records(&sheet::csv::to_csv(&sheet));
    for (text, record) in ordinary.iter().zip(&records) {
        assert_eq!(record[2], *text);
    }
}

#[test]
fn a_total_beyond_64_bits_is_written_exactly_never_wrapped() {
    let mut review = kouza_guard::demo::review(&kouza_guard::catalog::Catalog::builtin()).unwrap();
    let flagged: Vec<usize> = review
        .findings
        .iter()
        .filter(|f| f.flagged)
        .map(|f| f.row)
        .collect();
    assert_eq!(flagged.len(), 4);
    for &row in &flagged {
        review.statement.transactions[row].amount = i64::MIN;
    }
    let sheet = ConsultationSheet::of(
        &review,
        &GuidanceData::builtin(),
        NaiveDate::from_ymd_opt(2020, 9, 14).unwrap(),
    );
    // Compared as text: the exact digits are what the bank and the police read.
    for w in &sheet.withdrawals {
        assert_eq!(w.amount.to_string(), "9223372036854775808");
    }
    assert_eq!(sheet.total.to_string(), "36893488147419103232");
    let records = csv_records(&sheet::csv::to_csv(&sheet));
    let total = records.last().unwrap();
    assert_eq!(total[0], "合計 Total");
    assert_eq!(total[1], "36893488147419103232");
}

#[test]
fn wrapping_zero_width_marks_takes_linear_time() {
    let font =
        sheet::find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
    let measure = sheet::pdf::Measure::new(&font).unwrap();
    let text = format!("ﾄﾞｺﾓ{}", "\u{0301}".repeat(20_000));
    let started = Instant::now();
    let lines = measure.wrap(&text, 10.0, 120.0);
    let took = started.elapsed();
    assert_eq!(lines.concat(), text, "nothing is lost");
    // About 0.2 s in a debug build on a busy machine; it took 50 s when it was quadratic.
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // Ten times the text takes about ten times as long, not a hundred times.
    let long = format!("ﾄﾞｺﾓ{}", "\u{0301}".repeat(200_000));
    let started = Instant::now();
    measure.wrap(&long, 10.0, 120.0);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_sheet_with_a_row_of_combining_marks_is_still_made() {
    let font =
        sheet::find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
    let mut sheet = demo_sheet();
    sheet.withdrawals[0].description = format!("振替 ﾄﾞｺﾓｺｳｻﾞ{}", "\u{0301}".repeat(20_000));
    let started = Instant::now();
    let pdf = sheet::pdf::to_pdf(&sheet, &font).unwrap();
    let took = started.elapsed();
    assert!(pdf.starts_with(b"%PDF-"));
    // Drawing the marks (krilla's shaping) is linear but slow without optimisation: about 8 s
    // in a debug build, most of it for the font. The bound catches a return to quadratic time.
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn statement_text_of_any_kind_never_stops_the_pdf() {
    let font =
        sheet::find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
    let mut sheet = demo_sheet();
    let template = sheet.withdrawals[0].clone();
    let hostile = [
        String::new(),
        " ".repeat(500),
        "\0\u{1b}[31m\u{7f}\u{85}".to_owned(),
        "\u{202e}\u{2066}ﾄﾞｺﾓ\u{feff}\u{fffe}\u{ffff}".to_owned(),
        "x".repeat(1_000),
        "a ".repeat(400),
        "\u{0301}".repeat(1_000),
        "𠮷".repeat(100),
        "\r\n\t=1+1\n\n".to_owned(),
    ];
    sheet.withdrawals = hostile
        .iter()
        .map(|text| {
            let mut w = template.clone();
            w.description = text.clone();
            w
        })
        .collect();
    let pdf = sheet::pdf::to_pdf(&sheet, &font).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
