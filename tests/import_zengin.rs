//! Zengin 入出金取引明細 fixed-length files: with and without line breaks, and every way one can
//! be wrong — a record of the wrong length, a trailer that disagrees, a bad date or amount.

use std::path::PathBuf;

use kouza_guard::import::{self, Location, Problem};
use kouza_guard::{SourceId, TransactionKind};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/zengin")
            .join(name),
    )
    .unwrap()
}

fn rows(bytes: &[u8]) -> String {
    let statement = import::read_bytes("z.txt", bytes, &kouza_guard::import::Request::default())
        .unwrap_or_else(|e| panic!("{e}"));
    statement
        .transactions
        .iter()
        .map(|t| {
            format!(
                "{} | {} | {:?} | {}\n",
                t.booked, t.amount, t.kind, t.description
            )
        })
        .collect()
}

const EXPECTED: &str = "2020-09-01 | -3000 | Some(AccountDebit) | PAYPAY\n\
                        2020-09-04 | -100000 | Some(AccountDebit) | ﾄﾞｺﾓｺｳｻﾞ\n\
                        2020-09-04 | -90000 | Some(AccountDebit) | ﾄﾞｺﾓｺｳｻﾞ\n\
                        2020-09-15 | 189750 | Some(Transfer) | ﾈﾝｷﾝ ｷﾖｳｻｲ\n";

#[test]
fn with_line_breaks() {
    let bytes = fixture("yucho-zengin.txt");
    assert_eq!(rows(&bytes), EXPECTED);
    let statement =
        import::read_bytes("z.txt", &bytes, &kouza_guard::import::Request::default()).unwrap();
    assert_eq!(statement.layout, "zengin");
    let account = statement.account.unwrap();
    assert_eq!(
        (
            account.bank.as_str(),
            account.branch.as_deref(),
            account.number_masked.as_str()
        ),
        ("ﾕｳﾁﾖ", Some("ﾎﾝﾃﾝ"), "******4567")
    );
    assert_eq!(
        statement.transactions[1].source_id,
        SourceId::Bank("00000002".into()),
        "照会番号 is the row's id"
    );
    assert_eq!(
        statement.transactions[1].kind,
        Some(TransactionKind::AccountDebit)
    );
}

#[test]
fn without_line_breaks_reads_the_same() {
    assert_eq!(rows(&fixture("yucho-zengin-no-breaks.dat")), EXPECTED);
}

/// The fixture's records, for damaging one field.
fn records() -> Vec<Vec<u8>> {
    fixture("yucho-zengin-no-breaks.dat")
        .chunks(200)
        .map(<[u8]>::to_vec)
        .collect()
}

fn refuse(records: &[Vec<u8>]) -> import::ImportError {
    import::read_bytes(
        "z.dat",
        &records.concat(),
        &kouza_guard::import::Request::default(),
    )
    .expect_err("the file must be refused")
}

#[test]
fn a_record_of_the_wrong_length_is_named() {
    let mut bytes = fixture("yucho-zengin.txt");
    // Drop one byte from the third line.
    let third_line = 2 * 202 + 10;
    bytes.remove(third_line);
    let error =
        import::read_bytes("z.txt", &bytes, &kouza_guard::import::Request::default()).unwrap_err();
    assert_eq!(error.location, Location::Line(3));
    assert_eq!(
        error.problem,
        Problem::RecordLength {
            found: 199,
            expected: 200
        }
    );
    assert_eq!(
        error.to_string(),
        "z.txt: line 3: the record is 199 bytes long; expected 200"
    );

    let mut truncated = fixture("yucho-zengin-no-breaks.dat");
    truncated.truncate(1_000 - 7);
    let error = import::read_bytes(
        "z.dat",
        &truncated,
        &kouza_guard::import::Request::default(),
    )
    .unwrap_err();
    assert_eq!(error.location, Location::Record(5));
}

#[test]
fn a_trailer_whose_totals_disagree_is_refused() {
    let mut records = records();
    // 出金額合計 (bytes 26..39) says one yen more than the data.
    records[5][26..39].copy_from_slice(b"0000000193001");
    let error = refuse(&records);
    assert_eq!(
        error.location,
        Location::RecordField {
            record: 6,
            field: "出金額合計".into()
        }
    );
    assert_eq!(
        error.problem,
        Problem::TrailerMismatch {
            stated: 193_001,
            counted: 193_000
        }
    );
    assert_eq!(
        error.to_string(),
        "z.dat: record 6, field 出金額合計: the trailer states 193001, but the data records add up to 193000: rows are missing or the file is damaged"
    );
}

#[test]
fn a_missing_data_record_shows_in_the_trailer_counts() {
    let mut records = records();
    records.remove(3);
    let error = refuse(&records);
    assert_eq!(
        error.location,
        Location::RecordField {
            record: 5,
            field: "出金件数".into()
        }
    );
    assert_eq!(
        error.problem,
        Problem::TrailerMismatch {
            stated: 3,
            counted: 2
        }
    );
}

#[test]
fn a_closing_balance_that_does_not_follow_is_refused() {
    let mut records = records();
    records[5][40..54].copy_from_slice(b"00000000000001");
    let error = refuse(&records);
    assert_eq!(
        error.location,
        Location::RecordField {
            record: 6,
            field: "取引後残高".into()
        }
    );
}

#[test]
fn a_non_number_amount_and_a_bad_date_are_named() {
    let mut records = records();
    records[2][30..32].copy_from_slice(b"OO");
    assert_eq!(
        refuse(&records).location,
        Location::RecordField {
            record: 3,
            field: "取引金額".into()
        }
    );

    let mut records = self::records();
    records[2][9..15].copy_from_slice(b"021301");
    let error = refuse(&records);
    assert_eq!(
        error.location,
        Location::RecordField {
            record: 3,
            field: "勘定日".into()
        }
    );
}

#[test]
fn ebcdic_and_a_missing_trailer_are_refused_plainly() {
    let mut records = records();
    records[0][3] = b'1';
    let error = refuse(&records);
    assert_eq!(
        error.to_string(),
        "z.dat: record 1, field コード区分: EBCDIC (コード区分 1) is not supported"
    );

    let records = self::records();
    let error = refuse(&records[..5]);
    assert_eq!(
        error.problem,
        Problem::Missing {
            what: "the trailer record (データ区分 8)".into()
        }
    );
}

#[test]
fn era_dates_read_as_reiwa_and_heisei_31() {
    let mut records = records();
    records[1][9..15].copy_from_slice(b"310430");
    let statement = import::read_bytes(
        "z.dat",
        &records.concat(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap();
    assert_eq!(statement.transactions[0].booked.to_string(), "2019-04-30");
    records[1][9..15].copy_from_slice(b"010501");
    let statement = import::read_bytes(
        "z.dat",
        &records.concat(),
        &kouza_guard::import::Request::default(),
    )
    .unwrap();
    assert_eq!(statement.transactions[0].booked.to_string(), "2019-05-01");
    records[1][9..15].copy_from_slice(b"010430");
    assert!(
        import::read_bytes(
            "z.dat",
            &records.concat(),
            &kouza_guard::import::Request::default()
        )
        .is_err(),
        "令和元年4月30日 never existed"
    );
}
