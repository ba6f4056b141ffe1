//! Hostile and broken statement files (issue 19): each is refused with an error naming the file
//! and the line, by every command that reads files, or judged exactly like its well-formed twin —
//! never a quiet "nothing unfamiliar", never a crash.

use std::path::Path;
use std::process::{Command, Output};

use kouza_guard::import::{self, Location, Problem};

const TODAY: &str = "2026-11-25";
const SMBC_HEADER: &str = "年月日,お引出し,お預入れ,お取り扱い内容,残高\n";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .expect("run kouza-guard")
}

/// `scan` (the streaming reader) and `show` (the whole-file reader) both refuse `path` with
/// exit code 2, and their error contains `expected`.
fn refused_by_every_reader(path: &Path, expected: &str) {
    let path = path.to_str().unwrap();
    for args in [
        vec!["scan", "--today", TODAY, path],
        vec!["scan", "--today", TODAY, "--format", "json", path],
        vec!["show", path],
    ] {
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing half-read");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Three ドコモ口座 top-ups on one day, then a salary: a theft in any statement.
fn theft_rows() -> String {
    [
        "2020/9/4,100000,,ﾄﾞｺﾓｺｳｻﾞ,400000",
        "2020/9/4,90000,,ﾄﾞｺﾓｺｳｻﾞ,310000",
        "2020/9/4,90000,,ﾄﾞｺﾓｺｳｻﾞ,220000",
        "2020/9/25,,200000,ｷﾕｳﾖ,420000",
    ]
    .join("\n")
}

#[test]
fn a_stray_quote_in_the_last_column_is_refused_not_a_row_swallowed() {
    let dir = tempfile::tempdir().unwrap();
    // The stray quote opens the last cell of line 2 and would swallow lines 3 to 5.
    let text = format!(
        "{SMBC_HEADER}2020/9/1,1000,,\"ATM,500000\n{}\n",
        theft_rows()
    );
    let path = write(dir.path(), "stray.csv", &text);
    refused_by_every_reader(&path, "stray.csv: line 2: a quote");
    let error = import::read(&path, &import::Request::default()).unwrap_err();
    assert_eq!(error.location, Location::Line(2));
    assert_eq!(error.problem, Problem::UnclosedQuote);
}

#[test]
fn text_after_a_closing_quote_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{SMBC_HEADER}2020/9/1,1000,,\"ATM\"x,500000\n{}\n",
        theft_rows()
    );
    let path = write(dir.path(), "after.csv", &text);
    refused_by_every_reader(&path, "after.csv: line 2: a quote");
    assert_eq!(
        import::read(&path, &import::Request::default())
            .unwrap_err()
            .problem,
        Problem::TextAfterQuote
    );
}

#[test]
fn a_well_quoted_statement_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{SMBC_HEADER}\"2020/9/1\",\"1,000\",,\"ATM \"\"ｴｷﾏｴ\"\"\",\"500,000\"\n{}\n",
        theft_rows()
    );
    let path = write(dir.path(), "quoted.csv", &text);
    let statement = import::read(&path, &import::Request::default()).unwrap();
    assert_eq!(statement.transactions.len(), 5);
    assert_eq!(statement.transactions[0].description, "ATM \"ｴｷﾏｴ\"");
    let output = run(&["scan", "--today", TODAY, path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "the theft is flagged");
}

#[test]
fn an_amount_of_a_thousand_trillion_yen_or_more_is_refused_naming_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    for (name, cell_out, cell_balance) in [
        ("huge-out.csv", "9223372036854775807", "400000"),
        ("huge-balance.csv", "1000", "\"-9,223,372,036,854,775,807\""),
        ("limit.csv", "\"1,000,000,000,000,000\"", "400000"),
    ] {
        let text = format!(
            "{SMBC_HEADER}{}\n2020/9/4,{cell_out},,ﾄﾞｺﾓｺｳｻﾞ,{cell_balance}\n",
            theft_rows()
        );
        let path = write(dir.path(), name, &text);
        let field = if name == "huge-balance.csv" {
            "残高"
        } else {
            "お引出し"
        };
        refused_by_every_reader(&path, &format!("{name}: line 6, field {field}: the amount"));
        assert!(matches!(
            import::read(&path, &import::Request::default())
                .unwrap_err()
                .problem,
            Problem::AmountTooLarge { .. }
        ));
    }
}

#[test]
fn a_huge_bad_cell_is_quoted_as_a_short_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let cell = "x".repeat(100_000);
    let text = format!("{SMBC_HEADER}2020/9/4,{cell},,ﾄﾞｺﾓｺｳｻﾞ,400000\n");
    let path = write(dir.path(), "long.csv", &text);
    for args in [vec!["show"], vec!["scan", "--today", TODAY]] {
        let output = run(&[args.as_slice(), &[path.to_str().unwrap()]].concat());
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stderr.len() < 1_000, "{} bytes", output.stderr.len());
        assert!(String::from_utf8_lossy(&output.stderr).contains("xxxx…"));
    }
}

#[test]
fn a_line_of_millions_of_cells_is_refused_at_its_line_without_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{SMBC_HEADER}{}\n{}\n", theft_rows(), ",".repeat(20 << 20));
    let path = write(dir.path(), "commas.csv", &text);
    refused_by_every_reader(&path, "commas.csv: line 6: the line is longer than 1024 KB");
}

#[test]
fn an_over_size_file_is_refused_before_it_is_read_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    std::fs::write(&path, format!("{SMBC_HEADER}{}\n", theft_rows())).unwrap();
    // Sparse: 300 MB on paper, nothing on disk.
    file.set_len(300 * 1024 * 1024).unwrap();
    refused_by_every_reader(
        &path,
        "huge.csv: the file is 300 MB; a statement is at most 200 MB",
    );
}

#[cfg(unix)]
#[test]
fn a_device_a_folder_or_a_pipe_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for path in [Path::new("/dev/zero"), dir.path(), &fifo] {
        let started = std::time::Instant::now();
        refused_by_every_reader(path, "this is not a file that can be read as a statement");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

/// A camt.053 document with one booked ドコモ口座 entry, `inside` placed in the entry's
/// remittance information.
fn camt(inside: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Acct><Id><Othr><Id>1234567</Id></Othr></Id></Acct>
<Ntry><Amt Ccy="JPY">100000</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2020-09-04</Dt></BookgDt>
<NtryDtls><TxDtls><RmtInf><Ustrd>ﾄﾞｺﾓｺｳｻﾞ</Ustrd>{inside}</RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
"#
    )
}

#[test]
fn deeply_nested_camt_is_refused_quickly_and_a_crowded_entry_too() {
    let dir = tempfile::tempdir().unwrap();
    // 160 KB of nesting took 13 s and 1.5 GB when every text re-joined the path.
    let depth = 20_000;
    let nested = format!("{}x{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let path = write(dir.path(), "deep.xml", &camt(&nested));
    let started = std::time::Instant::now();
    refused_by_every_reader(
        &path,
        "deep.xml: line 6: XML nested more than 64 elements deep",
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    let crowded = "<b>y</b>".repeat(5_000);
    let path = write(dir.path(), "crowded.xml", &camt(&crowded));
    refused_by_every_reader(&path, "crowded.xml: line 4: an entry (Ntry) of more than");

    let path = write(dir.path(), "fine.xml", &camt("<b>nested <c>deeper</c></b>"));
    assert_eq!(
        import::read(&path, &import::Request::default())
            .unwrap()
            .transactions
            .len(),
        1
    );
}

#[test]
fn an_ofx_file_cut_short_after_a_transaction_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ofx");
    for fixture in ["statement-v1.ofx", "statement-v2.qfx"] {
        let bytes = std::fs::read(fixtures.join(fixture)).unwrap();
        let whole = import::read(&fixtures.join(fixture), &import::Request::default()).unwrap();
        // Cut right after the closing tag of the next-to-last transaction: every tag balanced
        // so far, but the last transaction and the end of the list never came.
        let close = b"</STMTTRN>";
        let ends: Vec<usize> = (bytes.windows(close.len()).enumerate())
            .filter(|(_, window)| window == close)
            .map(|(at, _)| at + close.len())
            .collect();
        let path = dir.path().join(fixture);
        std::fs::write(&path, &bytes[..ends[ends.len() - 2]]).unwrap();
        refused_by_every_reader(&path, "</BANKTRANLIST> ending this list of transactions");
        assert!(whole.transactions.len() >= 2);
    }
}

#[test]
fn a_camt_file_cut_short_after_an_entry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let whole = camt("");
    let cut = whole.find("</Ntry>").unwrap() + "</Ntry>".len();
    let path = write(dir.path(), "cut.xml", &whole[..cut]);
    refused_by_every_reader(&path, "cut.xml: line 2: the end of the document");
    let path = write(dir.path(), "whole.xml", &whole);
    assert_eq!(
        import::read(&path, &import::Request::default())
            .unwrap()
            .transactions
            .len(),
        1
    );
}

#[test]
fn an_ofx_transaction_of_millions_of_fields_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let fields = "<MEMO>x".repeat(2_000);
    let text = format!(
        "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>JPY\n<BANKTRANLIST>\n<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20200904<TRNAMT>-50000<FITID>1<NAME>ﾄﾞｺﾓｺｳｻﾞ\n{fields}</STMTTRN>\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    );
    let path = write(dir.path(), "fields.ofx", &text);
    refused_by_every_reader(
        &path,
        "fields.ofx: line 6: a transaction (STMTTRN) of more than 1000 fields",
    );
}

#[test]
fn a_debit_without_date_or_text_is_refused_not_taken_for_a_closing_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{SMBC_HEADER}{}\n,100000,,,300000\n", theft_rows());
    let path = write(dir.path(), "nodate.csv", &text);
    refused_by_every_reader(&path, "nodate.csv: line 6, field 年月日");
}
