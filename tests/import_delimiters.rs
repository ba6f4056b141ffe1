//! Exports whose cells are split by tabs or semicolons rather than commas: detected from the
//! file's start, and read row by row like their comma twins, by the whole-file and streaming
//! readers alike.

use std::path::PathBuf;

use kouza_guard::import::{self, NextRow, Request};
use kouza_guard::Statement;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

fn read(name: &str) -> Statement {
    import::read(&fixture(name), &import::Request::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `date | amount | balance | description` of every row.
fn rows(statement: &Statement) -> Vec<String> {
    (statement.transactions.iter())
        .map(|t| {
            format!(
                "{} | {} | {:?} | {}",
                t.booked, t.amount, t.balance, t.description
            )
        })
        .collect()
}

/// The same, as the streaming reader gives them.
fn streamed(name: &str) -> Vec<String> {
    let mut stream = import::open(&fixture(name), &Request::default()).unwrap();
    let mut rows = Vec::new();
    while let NextRow::Row(row) = stream.next_row().unwrap() {
        rows.push(format!(
            "{} | {} | {:?} | {}",
            row.booked,
            row.amount(),
            row.balance(),
            row.description()
        ));
    }
    rows
}

#[test]
fn a_tab_separated_utf16_export_reads_like_its_comma_twin() {
    let tabbed = read("mufg-utf16le-tab.csv");
    assert_eq!(tabbed.layout, "mufg");
    assert_eq!(rows(&tabbed), rows(&read("mufg.csv")));
    assert_eq!(streamed("mufg-utf16le-tab.csv"), rows(&tabbed));
}

#[test]
fn a_semicolon_separated_export_is_read_by_its_header_names() {
    let statement = read("generic-semicolon.csv");
    assert_eq!(statement.layout, "generic");
    assert_eq!(
        rows(&statement),
        [
            "2020-09-01 | 189750 | Some(289750) | PENSION",
            "2020-09-04 | -50000 | Some(239750) | DOCOMO KOZA",
            "2020-09-04 | -30000 | Some(209750) | DOCOMO KOZA",
        ]
    );
    assert_eq!(streamed("generic-semicolon.csv"), rows(&statement));
}
