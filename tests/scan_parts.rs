//! A large CSV export is read in parts side by side, one per core, and the parts joined: the report
//! is the one the whole-file reader gives, and an error is the one it gives, with the file's line.
//! The files here are just over the size at which a file is cut, written in CP932 with CRLF line
//! ends as banks write them, with quoted descriptions that hold line breaks and quotes.

use std::path::Path;

use chrono::NaiveDate;
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::import::{self, NextRow, Request};
use kouza_guard::lang::Lang;
use kouza_guard::scan::{self, Judge, ScanReport, Streamed};

// The benchmark file's writer; only its grouping of yen is used here.
#[allow(dead_code)]
#[path = "../benches/support/statement.rs"]
mod statement;
use statement::grouped;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A 三井住友-layout export past [`import::MIN_SPLIT_BYTES`]: a top-up every 50 rows, and every
/// 997th row a description in quotes over two lines with a quote in it. `edit` may change any
/// row's text (given its 0-based number) before it is written.
fn large_export(path: &Path, newest_first: bool, edit: impl Fn(usize, String) -> String) {
    let mut rows = Vec::new();
    let mut balance: i64 = 900_000_000;
    let mut i = 0;
    let mut size = 0;
    while size < import::MIN_SPLIT_BYTES as usize + 200_000 {
        let day = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap() + chrono::Days::new(i as u64 / 60);
        let amount = 1_000 + (i % 37) as i64 * 113;
        balance -= amount;
        let text = match i {
            _ if i % 997 == 0 => "\"ﾌﾘｺﾐ \"\"ﾒﾓ\"\"\r\nﾔﾏﾀﾞ ﾀﾛｳ\"".to_owned(),
            _ if i % 50 == 0 => "ﾄﾞｺﾓｺｳｻﾞ".to_owned(),
            _ => "ﾃﾞﾝｷﾀﾞｲ ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ".to_owned(),
        };
        let row: String = edit(
            i,
            format!(
                "{},\"{}\",,{text},\"{}\",,",
                day.format("%Y/%m/%d"),
                grouped(amount),
                grouped(balance)
            ),
        );
        // Bytes in CP932: the half-width kana and ASCII here are one byte each.
        size += row.chars().count() + 2;
        rows.push(row);
        i += 1;
    }
    if newest_first {
        rows.reverse();
    }
    let text = format!(
        "年月日,お引出し,お預入れ,お取り扱い内容,残高,メモ,ラベル\r\n{}\r\n",
        rows.join("\r\n")
    );
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    std::fs::write(path, bytes).unwrap();
}

fn in_parts(path: &Path, parts: usize) -> Result<Streamed, import::ImportError> {
    let catalog = Catalog::builtin();
    let judge = Judge {
        catalog: &catalog,
        holder: &Holder::default(),
        lang: Lang::En,
    };
    scan::stream_file_in_parts(path, &Request::default().until(today()), &judge, parts)
}

fn whole(path: &Path) -> Result<ScanReport, import::ImportError> {
    let statement = import::read(path, &import::Request::default().until(today()))?;
    Ok(scan::scan(
        &[statement],
        &Catalog::builtin(),
        &Holder::default(),
        Lang::En,
    ))
}

#[test]
fn a_large_export_read_in_parts_reports_as_the_whole_file_does() {
    let dir = tempfile::tempdir().unwrap();
    for newest_first in [false, true] {
        let path = dir.path().join("large.csv");
        // Rows missing from the second half: a gap its part finds and reports with its lines.
        large_export(&path, newest_first, |i, row| {
            if (120_000..120_003).contains(&i) {
                String::new()
            } else {
                row
            }
        });
        let mut text = std::fs::read(&path).unwrap();
        text.retain(|&b| b != 0); // (written above; read back to drop the empty rows' lines)
        let (_, later) = import::open_parts(&path, &Request::default(), 2).unwrap();
        assert_eq!(later.wait().unwrap().len(), 1, "the file is cut in two");
        let Streamed::Report(report) = in_parts(&path, 2).unwrap() else {
            panic!("read in parts")
        };
        let whole = whole(&path).unwrap();
        assert_same(&report, &whole, newest_first);
        assert!(report.emoney.len() > 3_000);
        assert_eq!(report.checked.gaps.len(), 1, "{:?}", report.checked.gaps);
        // Read in one part, the same again.
        let Streamed::Report(one) = in_parts(&path, 1).unwrap() else {
            panic!("read in one part")
        };
        assert_same(&one, &whole, newest_first);
    }
}

/// The reports are equal; where not, the first difference (a report is too long to print).
fn assert_same(got: &ScanReport, expected: &ScanReport, newest_first: bool) {
    assert_eq!(
        got.transactions, expected.transactions,
        "newest first: {newest_first}"
    );
    assert_eq!(
        got.checked, expected.checked,
        "newest first: {newest_first}"
    );
    assert_eq!(got.emoney.len(), expected.emoney.len());
    for (a, b) in got.emoney.iter().zip(&expected.emoney) {
        assert_eq!(a, b, "newest first: {newest_first}");
    }
    assert_eq!(got.flagged(), expected.flagged());
    assert_eq!(got, expected);
}

#[test]
fn the_parts_give_every_row_once_in_order_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.csv");
    large_export(&path, false, |_, row| row);
    let whole = import::read(&path, &import::Request::default()).unwrap();
    let mut lines = Vec::new();
    let (first, later) = import::open_parts(&path, &Request::default(), 3).unwrap();
    for mut part in std::iter::once(first).chain(later.wait().unwrap()) {
        while let NextRow::Row(row) = part.next_row().unwrap() {
            lines.push((row.line(), row.amount(), row.description().to_owned()));
        }
    }
    let expected: Vec<_> = whole
        .transactions
        .iter()
        .map(|t| (t.line.unwrap(), t.amount, t.description.clone()))
        .collect();
    assert_eq!(lines.len(), expected.len());
    if let Some(at) = (0..lines.len()).find(|&i| lines[i] != expected[i]) {
        panic!("row {at}: {:?}, expected {:?}", lines[at], expected[at]);
    }
}

#[test]
fn an_error_in_a_later_part_names_the_files_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.csv");
    // A non-number amount in the second half, and a row dated after today in the third.
    large_export(&path, false, |i, row| match i {
        100_000 => row.replacen(",\"", ",\"12a", 1),
        130_000 => row.replacen("20", "29", 1),
        _ => row,
    });
    let Err(whole) = whole(&path) else {
        panic!("the damaged file was read")
    };
    for parts in [2, 3] {
        let error = in_parts(&path, parts).unwrap_err();
        assert_eq!(error.to_string(), whole.to_string(), "{parts} parts");
    }
    assert!(whole.to_string().contains("field お引出し"), "{whole}");

    // A byte that is not CP932 in the second half: the same line as the whole-file decoder.
    large_export(&path, false, |_, row| row);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() * 3 / 4;
    let line_start = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes[line_start] = 0xFF; // never a CP932 byte
    std::fs::write(&path, &bytes).unwrap();
    let whole = import::read(&path, &import::Request::default()).unwrap_err();
    let error = in_parts(&path, 2).unwrap_err();
    assert_eq!(error.to_string(), whole.to_string());
    assert!(error.to_string().contains("Shift_JIS"), "{error}");
}
