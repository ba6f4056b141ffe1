//! OFX 1.x (SGML, unclosed leaf tags, CP932) and OFX 2.x / QFX (XML): rows, FITIDs, account, and
//! the ways a file can be wrong.

use std::path::PathBuf;

use kouza_guard::import::{self, Location, Problem};
use kouza_guard::{SourceId, Statement, TransactionKind};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ofx")
        .join(name)
}

fn rows(statement: &Statement) -> String {
    statement
        .transactions
        .iter()
        .map(|t| {
            format!(
                "{} | {} | {:?} | {:?} | {}\n",
                t.booked, t.amount, t.kind, t.source_id, t.description
            )
        })
        .collect()
}

#[test]
fn ofx_1_sgml_in_cp932() {
    let statement =
        import::read(&fixture("statement-v1.ofx"), &import::Request::default()).unwrap();
    assert_eq!(statement.layout, "ofx");
    assert_eq!(
        rows(&statement),
        "2020-09-04 | -50000 | Some(AccountDebit) | Bank(\"202009040001\") | DOCOMO KOZA ﾄﾞｺﾓｺｳｻﾞ\n\
         2020-09-15 | 189750 | Some(Deposit) | Bank(\"202009150001\") | ﾈﾝｷﾝ\n"
    );
    let account = statement.account.unwrap();
    assert_eq!(
        (account.bank.as_str(), account.number_masked.as_str()),
        ("bank 0005", "***4321")
    );
    assert_eq!(
        statement.transactions[0].line,
        Some(17),
        "the line where its STMTTRN starts"
    );
}

#[test]
fn ofx_2_xml_as_qfx_in_date_order() {
    let statement =
        import::read(&fixture("statement-v2.qfx"), &import::Request::default()).unwrap();
    assert_eq!(
        rows(&statement),
        "2020-09-02 | -10000 | Some(Atm) | Bank(\"202009020001\") | ATM ｾﾌﾞﾝｷﾞﾝｺｳ\n\
         2020-09-04 | -50000 | Some(AccountDebit) | Bank(\"202009040001\") | ペイペイ\n"
    );
    assert_eq!(
        statement.transactions[1].source_id,
        SourceId::Bank("202009040001".into())
    );
    assert_eq!(statement.transactions[0].kind, Some(TransactionKind::Atm));
}

fn v2_with(from: &str, to: &str) -> import::ImportError {
    let text = std::fs::read_to_string(fixture("statement-v2.qfx")).unwrap();
    assert!(text.contains(from));
    import::read_bytes(
        "bad.qfx",
        text.replacen(from, to, 1).as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .expect_err("must be refused")
}

#[test]
fn a_bad_amount_or_date_names_its_line_and_tag() {
    let error = v2_with("<TRNAMT>-50000.00", "<TRNAMT>-5O000");
    assert_eq!(
        error.location,
        Location::Field {
            line: 9,
            field: "TRNAMT".into()
        }
    );
    assert_eq!(
        error.problem,
        Problem::Amount {
            found: "-5O000".into()
        }
    );

    let error = v2_with("<DTPOSTED>20200904", "<DTPOSTED>2020-9-4");
    assert_eq!(
        error.location,
        Location::Field {
            line: 9,
            field: "DTPOSTED".into()
        }
    );
}

#[test]
fn fractions_of_a_yen_and_foreign_currencies_are_refused() {
    assert_eq!(
        v2_with("<TRNAMT>-50000.00", "<TRNAMT>-50000.50").problem,
        Problem::Amount {
            found: "-50000.50".into()
        }
    );
    assert_eq!(
        v2_with("<CURDEF>JPY", "<CURDEF>EUR").to_string(),
        "bad.qfx: currency EUR (amounts are read as yen) is not supported"
    );
}

#[test]
fn a_transaction_without_its_fitid_or_its_close_is_refused() {
    let error = v2_with("<FITID>202009040001</FITID>", "");
    assert_eq!(error.location, Location::Line(9));
    assert_eq!(
        error.problem,
        Problem::Missing {
            what: "FITID".into()
        }
    );

    let text = std::fs::read_to_string(fixture("statement-v2.qfx")).unwrap();
    let cut = &text[..text.find("<NAME>ペイペイ").unwrap()];
    let error = import::read_bytes(
        "cut.qfx",
        cut.as_bytes(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.problem,
        Problem::Missing {
            what: "</STMTTRN> closing this transaction".into()
        }
    );
}

#[test]
fn a_transaction_left_open_before_the_next_is_refused_not_dropped() {
    // The first </STMTTRN> missing: the reader must not let the next transaction replace it.
    let error = v2_with("</STMTTRN>", "");
    assert_eq!(error.location, Location::Line(9));
    assert_eq!(
        error.problem,
        Problem::Missing {
            what: "</STMTTRN> closing this transaction".into()
        }
    );
}
