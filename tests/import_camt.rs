//! ISO 20022 camt.053: booked entries only, both status and date forms, JPY only.

use std::path::PathBuf;

use kouza_guard::import::{self, Location, Problem};
use kouza_guard::{ImportNote, SourceId};

fn text() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/camt/statement.xml"),
    )
    .unwrap()
}

#[test]
fn booked_entries_in_date_order_and_pending_ones_counted() {
    let statement = import::read_bytes(
        "statement.xml",
        text().as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap();
    assert_eq!(statement.layout, "camt053");
    let rows: Vec<String> = statement
        .transactions
        .iter()
        .map(|t| {
            format!(
                "{} | {} | {:?} | {}",
                t.booked, t.amount, t.source_id, t.description
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "2020-09-01 | 250000 | Bank(\"N-0901\") | SALARY SEPTEMBER",
            "2020-09-04 | -300000 | Bank(\"REF-0904-01\") | ﾄﾞｺﾓｺｳｻﾞ CHARGE & TOPUP",
        ]
    );
    // The file lists its newest entry first: said as for every format (one ordering rule).
    assert_eq!(
        statement.notes,
        [
            ImportNote::NewestFirst,
            ImportNote::PendingLeftOut { count: 1 }
        ]
    );
    let account = statement.account.unwrap();
    assert_eq!(
        (account.bank.as_str(), account.number_masked.as_str()),
        ("Example Trust Bank Tokyo", "******4567")
    );
    assert_eq!(
        statement.transactions[1].source_id,
        SourceId::Bank("REF-0904-01".into())
    );
    assert_eq!(statement.transactions[1].line, Some(13));
}

fn refuse(from: &str, to: &str) -> import::ImportError {
    let text = text();
    assert!(text.contains(from));
    import::read_bytes(
        "bad.xml",
        text.replacen(from, to, 1).as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .expect_err("must be refused")
}

#[test]
fn bad_amounts_dates_and_currencies_name_their_entry() {
    let error = refuse(
        "<Amt Ccy=\"JPY\">300000</Amt>",
        "<Amt Ccy=\"JPY\">3OOOOO</Amt>",
    );
    assert_eq!(
        error.location,
        Location::Field {
            line: 13,
            field: "Amt".into()
        }
    );
    let error = refuse("<Dt>2020-09-04</Dt>", "<Dt>04/09/2020</Dt>");
    assert_eq!(
        error.location,
        Location::Field {
            line: 13,
            field: "BookgDt".into()
        }
    );
    let error = refuse(
        "<Amt Ccy=\"JPY\">300000</Amt>",
        "<Amt Ccy=\"EUR\">300000</Amt>",
    );
    assert_eq!(
        error.to_string(),
        "bad.xml: line 13, field Amt: currency EUR (amounts are read as yen) is not supported"
    );
}

#[test]
fn broken_xml_is_refused_with_its_line() {
    let error = refuse("</Ntry>\n      <Ntry>", "</Nrty>\n      <Ntry>");
    assert!(matches!(error.problem, Problem::Xml(_)), "{error}");
    assert!(matches!(error.location, Location::Line(20..=23)), "{error}");
}
