//! The consultation sheet through `kouza-guard report`: a real A4 PDF whose Japanese is real,
//! extractable text in a subset of the system's font, the CSV beside it, a branch's batch, and
//! contacts that must name their source. Read back with poppler's pdftotext and pdffonts.

use std::path::Path;
use std::process::{Command, Output};

fn kouza_guard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .expect("run kouza-guard")
}

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs a poppler tool (installed by `scripts/setup.sh test`).
fn poppler(tool: &str, pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(if tool == "pdftotext" {
            vec!["-layout"]
        } else {
            vec![]
        })
        .arg(pdf)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is missing ({e}); run scripts/setup.sh test"));
    assert!(
        output.status.success(),
        "{tool} failed on {}",
        pdf.display()
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_sheet_for_a_burst_is_a_pdf_with_real_japanese_text_and_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("sheet.pdf");
    let csv = dir.path().join("sheet.csv");
    let output = kouza_guard(&[
        "report",
        "--today",
        "2020-09-12",
        "--out",
        pdf.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
        &fixture("app/smbc-burst.csv"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("(3 to report)"));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        bytes.len() < 400_000,
        "the font is subset, not embedded whole: {} bytes",
        bytes.len()
    );

    let text = poppler("pdftotext", &pdf);
    for expected in [
        "相談票 Consultation sheet",
        "作成日 Prepared: 2020年9月12日",
        "ﾃﾞｲｰﾊﾞﾗｲ",
        "50,000円",
        "150,000円",
        "株式会社NTTドコモ",
        // 三井住友 has no deadline on record: as soon as possible.
        "できるだけ早く銀行に連絡してください",
        "ドコモ口座（d払い）の運営会社（株式会社NTTドコモ）に連絡する",
        "#9110",
        "0570-016811",
        "188",
        "二次被害に注意する",
        "警察の受理番号 Police receipt number",
        "担当者（支店） Staff member (branch)",
    ] {
        assert!(
            text.contains(expected),
            "the PDF's text lacks {expected:?}:\n{text}"
        );
    }
    assert!(
        !text.contains("ﾍﾟｲﾍﾟｲ"),
        "the holder's usual PayPay top-ups are not on the sheet"
    );
    let fonts = poppler("pdffonts", &pdf);
    let font_line = fonts.lines().nth(2).expect("one font");
    assert!(font_line.contains("+"), "a subset font has a tag: {fonts}");
    assert!(
        font_line
            .split_whitespace()
            .rev()
            .take(5)
            .collect::<Vec<_>>()[..3]
            == ["0", "yes", "yes"]
            || font_line.contains("yes yes yes"),
        "embedded, subset, with a Unicode map: {fonts}"
    );

    let csv = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<csv_row::Row> = csv_row::read(&csv);
    assert_eq!(rows.len(), 4, "three withdrawals and the total");
    assert_eq!(rows[0].0[..3], ["2020-09-05", "50000", "ﾃﾞｲｰﾊﾞﾗｲ"]);
    assert_eq!(rows[3].0[..2], ["合計 Total", "150000"]);
}

/// A small CSV reader for the test, on the csv crate.
mod csv_row {
    pub struct Row(pub Vec<String>);

    pub fn read(text: &str) -> Vec<Row> {
        let text = text
            .strip_prefix('\u{feff}')
            .expect("a byte-order mark for Excel");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| Row(r.unwrap().iter().map(str::to_owned).collect()))
            .collect()
    }
}

#[test]
fn a_japan_post_sheet_shows_the_30_day_deadline_from_the_first_loss() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("yucho.pdf");
    let demo = format!("{}/data/demo/yucho-demo.csv", env!("CARGO_MANIFEST_DIR"));
    let output = kouza_guard(&[
        "report",
        "--today",
        "2020-09-14",
        "--out",
        pdf.to_str().unwrap(),
        &demo,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = poppler("pdftotext", &pdf);
    assert!(
        text.contains("ゆうちょ銀行への届け出: 2020年10月4日まで（あと20日 20 days left）"),
        "{text}"
    );
    assert!(text.contains("jp-bank.japanpost.jp/crime/crm_sokujifurikae.html"));
    assert!(
        !text.contains("12345671"),
        "the full account number never shows"
    );
}

#[test]
fn a_branch_batch_writes_one_sheet_per_file_and_a_bad_file_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sheets");
    let good = [fixture("app/smbc-burst.csv"), fixture("csv/yucho.csv")];
    let output = kouza_guard(&[
        "report",
        "--each",
        "--today",
        "2026-11-25",
        "--out",
        out.to_str().unwrap(),
        &good[0],
        &good[1],
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["smbc-burst.pdf", "smbc-burst.csv", "yucho.pdf", "yucho.csv"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let calm = poppler("pdftotext", &out.join("yucho.pdf"));
    assert!(
        calm.contains("確認が必要な出金は見つかりませんでした。"),
        "{calm}"
    );

    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, "日付,摘要,出金,入金\n2020/09/04,ﾍﾟｲﾍﾟｲ,5OOO,\n").unwrap();
    let fresh = dir.path().join("fresh");
    let refused = kouza_guard(&[
        "report",
        "--each",
        "--out",
        fresh.to_str().unwrap(),
        &good[0],
        broken.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("broken.csv: line 2, field 出金"));
    assert!(!fresh.exists(), "nothing written when a file is bad");
}

#[test]
fn a_branch_contact_needs_a_source_and_then_shows_with_the_bank_step() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("branch.toml");
    std::fs::write(
        &contacts,
        "[[contact]]\nid = \"branch\"\nname_ja = \"中央支店\"\nname_en = \"Central branch\"\nphone = \"03-0000-0000\"\n",
    )
    .unwrap();
    let pdf = dir.path().join("sheet.pdf");
    let args = |contacts: &Path| {
        vec![
            "report".to_owned(),
            "--out".into(),
            pdf.display().to_string(),
            "--contacts".into(),
            contacts.display().to_string(),
            fixture("app/smbc-burst.csv"),
        ]
    };
    let refused = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args(&contacts))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("branch.toml: contact branch: a source is required"),
        "{message}"
    );
    assert!(!pdf.exists());

    let mut text = std::fs::read_to_string(&contacts).unwrap();
    text.push_str("source = \"支店の案内 2026-11 (branch notice)\"\n");
    std::fs::write(&contacts, text).unwrap();
    let made = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args(&contacts))
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let sheet = poppler("pdftotext", &pdf);
    let bank_step =
        &sheet[sheet.find("銀行に電話する").unwrap()..sheet.find("の運営会社（").unwrap()];
    assert!(bank_step.contains("中央支店 03-0000-0000"), "{bank_step}");
    assert!(bank_step.contains("支店の案内 2026-11"), "{bank_step}");
}
