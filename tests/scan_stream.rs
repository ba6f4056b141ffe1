//! The streaming scan (one row at a time, for very large files) gives exactly the report a scan of
//! the whole file gives: on every fixture and on every account of the labelled corpus, written in
//! each bank layout and encoding the corpus uses. And it refuses what the whole-file reader
//! refuses, naming the same file and line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::import::{self, ImportOptions};
use kouza_guard::lang::Lang;
use kouza_guard::scan::stream::{scan_file, Streamed};
use kouza_guard::scan::{self, ScanReport};

mod common;
use common::corpus;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn whole(path: &Path, holder: &Holder) -> ScanReport {
    let statement = import::read_file(path).unwrap();
    scan::scan(&[statement], &Catalog::builtin(), holder, Lang::En)
}

fn streamed(path: &Path, holder: &Holder) -> Streamed {
    scan_file(
        path,
        &ImportOptions::default(),
        &Catalog::builtin(),
        holder,
        Lang::En,
        today(),
    )
    .unwrap()
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_csv_fixture_scans_the_same_streamed_or_whole() {
    let mut streamed_count = 0;
    for path in fixtures() {
        if import::read_file(&path).is_err() {
            continue; // a fixture of a file the importer refuses: see the refusal test below
        }
        match streamed(&path, &Holder::default()) {
            Streamed::Report(report) => {
                assert_eq!(
                    report,
                    whole(&path, &Holder::default()),
                    "{}",
                    path.display()
                );
                streamed_count += 1;
            }
            Streamed::NeedsWholeFile => {
                // Only dates without a year send a CSV back to the whole-file reader.
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                assert!(name.starts_with("ja-bank"), "{name} was not streamed");
            }
        }
    }
    assert!(streamed_count >= 12, "{streamed_count} fixtures streamed");
}

#[test]
fn every_corpus_account_scans_the_same_streamed_or_whole() {
    let dir = tempfile::tempdir().unwrap();
    for account in corpus::generate(7, 3) {
        let (bytes, _) = corpus::write(&account);
        let path = dir.path().join(format!("{}.csv", account.name));
        std::fs::write(&path, bytes).unwrap();
        let holder = Holder {
            known: account.known.iter().cloned().collect(),
            ..Holder::default()
        };
        match streamed(&path, &holder) {
            Streamed::Report(report) => {
                assert_eq!(
                    report,
                    whole(&path, &holder),
                    "{} ({})",
                    account.name,
                    account.layout
                )
            }
            Streamed::NeedsWholeFile => assert_eq!(account.layout, "ja-bank", "{}", account.name),
        }
    }
}

#[test]
fn a_newest_first_file_with_a_balance_gap_reports_it_as_the_whole_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newest-first.csv");
    // Newest first, with one row missing between the 2nd and the 3rd (the balance jumps).
    let text = "年月日,お引出し,お預入れ,お取り扱い内容,残高\n\
                2020/9/5,,1000,ｷﾕｳﾖ,90000\n\
                2020/9/4,30000,,ﾄﾞｺﾓｺｳｻﾞ,89000\n\
                2020/9/4,30000,,ﾄﾞｺﾓｺｳｻﾞ,119000\n\
                2020/9/2,30000,,ﾄﾞｺﾓｺｳｻﾞ,200000\n\
                2020/9/1,,,ｺｳｻﾞﾌﾘｶｴ,230000\n";
    std::fs::write(&path, text).unwrap();
    let Streamed::Report(report) = streamed(&path, &Holder::default()) else {
        panic!("a dated CSV streams")
    };
    let whole = whole(&path, &Holder::default());
    assert_eq!(report, whole);
    assert_eq!(report.checked.gaps.len(), 1, "{:?}", report.checked.gaps);
    assert_eq!(report.flagged.len(), 3);
}

#[test]
fn refusals_name_the_same_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 3] = [
        ("bad-amount.csv", "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/1,30000,,ATM,1000\n2020/9/2,3万,,ATM,900\n".as_bytes()),
        ("no-header.csv", b"a,b,c\n1,2,3\n"),
        // CP932 with a lead byte cut off at the end of line 3.
        ("bad-bytes.csv", b"\x94N\x8c\x8e\x93\xfa,\x82\xa8\x88\xf8\x8fo\x82\xb5\n2020/9/1,1\n2020/9/2,\x82"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let whole = import::read_file(&path).unwrap_err();
        let streamed = scan_file(
            &path,
            &ImportOptions::default(),
            &Catalog::builtin(),
            &Holder::default(),
            Lang::En,
            today(),
        )
        .unwrap_err();
        assert_eq!(streamed.to_string(), whole.to_string(), "{name}");
    }
}

#[test]
fn a_row_after_today_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.csv");
    std::fs::write(
        &path,
        "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/1,1,,ATM,1\n2030/1/1,1,,ATM,0\n",
    )
    .unwrap();
    let error = scan_file(
        &path,
        &ImportOptions::default(),
        &Catalog::builtin(),
        &Holder::default(),
        Lang::En,
        today(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("line 3"), "{error}");
}
