//! Bad input: each error names the file, the line and the field, and nothing from the file is
//! returned.

use kouza_guard::import::{self, Location, Problem, Request};

const SMBC_HEADER: &str = "年月日,お引出し,お預入れ,お取り扱い内容,残高\r\n";

fn read(name: &str, bytes: &[u8]) -> import::ImportError {
    import::read_bytes(name, bytes, &kouza_guard::import::Request::default())
        .expect_err("the file must be refused")
}

#[test]
fn a_cp932_file_with_a_broken_byte_names_its_line() {
    let mut bytes = encoding_rs::SHIFT_JIS.encode(SMBC_HEADER).0.into_owned();
    bytes.extend_from_slice(b"2020/9/2,100,,\x83\x68,900\r\n"); // ド: fine
    bytes.extend_from_slice(b"2020/9/3,100,,\x83\x68\x83,900\r\n"); // a lead byte cut off by the comma
    let error = read("smbc.csv", &bytes);
    assert_eq!(error.location, Location::Line(3));
    assert_eq!(
        error.problem,
        Problem::Encoding {
            encoding: "Shift_JIS (CP932)"
        }
    );
}

#[test]
fn utf8_forced_on_a_cp932_file_is_refused_at_the_first_bad_line() {
    let bytes = encoding_rs::SHIFT_JIS
        .encode(&format!("{SMBC_HEADER}2020/9/2,100,,ﾄﾞｺﾓｺｳｻﾞ,900\r\n"))
        .0
        .into_owned();
    let options = Request {
        encoding: Some(encoding_rs::UTF_8),
        ..Request::default()
    };
    let error = import::read_bytes("smbc.csv", &bytes, &options).unwrap_err();
    assert_eq!(error.location, Location::Line(1));
    assert_eq!(error.to_string(), "smbc.csv: line 1: the text is not valid UTF-8; choose the file's encoding by hand if it is another");
}

#[test]
fn a_truncated_file_stops_at_the_cut_row() {
    let text = format!("{SMBC_HEADER}2020/9/2,100,,ﾄﾞｺﾓｺｳｻﾞ,900\r\n2020/9/3,\"5,0");
    let error = read("cut.csv", text.as_bytes());
    assert_eq!(error.location, Location::Line(3));
    assert_eq!(
        error.problem,
        Problem::MissingColumns {
            expected: 5,
            found: 2
        }
    );
}

#[test]
fn a_non_number_amount_names_its_field() {
    let text = format!("{SMBC_HEADER}2020/9/2,１００円,,ﾄﾞｺﾓｺｳｻﾞ,900\r\n");
    let error = read("smbc.csv", text.as_bytes());
    assert_eq!(
        error.location,
        Location::Field {
            line: 2,
            field: "お引出し".into()
        }
    );
    assert_eq!(
        error.problem,
        Problem::Amount {
            found: "１００円".into()
        }
    );
}

#[test]
fn a_bad_date_names_its_field_and_the_forms_expected() {
    let text = format!("{SMBC_HEADER}2020/9/2,100,,A,900\r\n9/31/2020,100,,B,800\r\n");
    let error = read("smbc.csv", text.as_bytes());
    assert_eq!(
        error.location,
        Location::Field {
            line: 3,
            field: "年月日".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "smbc.csv: line 3, field 年月日: expected a date like 20200904, 2020/9/4, 2020.09.04, 2020年9月4日 or R02.09.04, found \"9/31/2020\""
    );
}

#[test]
fn a_row_with_money_both_out_and_in_is_refused() {
    let text = format!("{SMBC_HEADER}2020/9/2,100,200,A,900\r\n");
    let error = read("smbc.csv", text.as_bytes());
    assert_eq!(
        error.location,
        Location::Field {
            line: 2,
            field: "お預入れ".into()
        }
    );
    assert_eq!(
        error.problem,
        Problem::BothAmounts {
            withdrawal: 100,
            deposit: 200
        }
    );
}

#[test]
fn a_date_outside_the_stated_period_is_refused() {
    let text = "期間,2020年12月01日～2021年01月31日\r\n\"番号\",\"明細区分\",\"取扱日付\",\"起算日\",\"お支払金額\",\"お預り金額\",\"取引区分\",\"残高\",\"摘要\"\r\n\
                \"1\",\"1\",\"6月1日\",\"6月1日\",\"100\",\"\",\"\",\"900\",\"X\"\r\n";
    let error = read("ja.csv", text.as_bytes());
    assert_eq!(error.location, Location::Line(3));
    assert!(
        matches!(
            error.problem,
            Problem::OutsidePeriod {
                month: 6,
                day: 1,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn an_unknown_layout_is_refused_as_a_whole() {
    let error = read("notes.csv", "date;text;amount\n2020-09-04;x;1\n".as_bytes());
    assert_eq!(error.location, Location::File);
    assert!(matches!(error.problem, Problem::UnknownLayout { .. }));
}

#[test]
fn an_empty_file_is_an_unknown_layout_not_an_empty_statement() {
    let error = read("empty.csv", b"");
    assert!(matches!(error.problem, Problem::UnknownLayout { .. }));
}

#[test]
fn a_file_over_200_mb_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("disk.img");
    // A sparse file: 201 MB long without using the disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(201 * 1024 * 1024).unwrap();
    let error = import::read(&path, &import::Request::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "disk.img: the file is 201 MB; a statement is at most 200 MB. Is this the right file?"
    );
}

#[test]
fn a_row_in_another_currency_is_refused_naming_the_currency() {
    let text = "Date,Description,Amount,Currency,Balance\n2020-09-04,DOCOMO KOZA,-50000,JPY,100000\n2020-09-05,COFFEE,-3.5,USD,99996\n";
    let error = read("multi.csv", text.as_bytes());
    assert_eq!(
        error.location,
        Location::Field {
            line: 3,
            field: "Currency".into()
        }
    );
    assert!(error.to_string().contains("currency USD"), "{error}");
    let yen_only = "Date,Description,Amount,Currency\n2020-09-04,DOCOMO KOZA,-50000,JPY\n";
    assert_eq!(
        import::read_bytes(
            "yen.csv",
            yen_only.as_bytes(),
            &kouza_guard::import::Request::default()
        )
        .unwrap()
        .transactions
        .len(),
        1
    );
}
