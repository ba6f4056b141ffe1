//! The streaming scan (one row at a time, for very large files) gives exactly the report a scan of
//! the whole file gives: on every fixture and on every account of the labelled corpus, written in
//! each bank layout and encoding the corpus uses. And it refuses what the whole-file reader
//! refuses, naming the same file and line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::import::{self, Request};
use kouza_guard::lang::Lang;
use kouza_guard::scan::{self, Judge, ScanReport, Streamed};

mod common;
use common::corpus;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn whole(path: &Path, holder: &Holder) -> ScanReport {
    let statement = import::read(path, &import::Request::default()).unwrap();
    scan::scan(&[statement], &Catalog::builtin(), holder, Lang::En)
}

/// The file folded as it is read, in as many parts as the cores (as `scan` reads it).
fn scan_streamed(path: &Path, holder: &Holder) -> Result<Streamed, import::ImportError> {
    let catalog = Catalog::builtin();
    let judge = Judge {
        catalog: &catalog,
        holder,
        lang: Lang::En,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    scan::stream_file_in_parts(path, &Request::default().until(today()), &judge, cores)
}

fn streamed(path: &Path, holder: &Holder) -> Streamed {
    scan_streamed(path, holder).unwrap()
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
        if import::read(&path, &import::Request::default()).is_err() {
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
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                panic!("{name} was not streamed");
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
            Streamed::NeedsWholeFile => {
                panic!("{} ({}) was not streamed", account.name, account.layout)
            }
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
    assert_eq!(report.flagged().len(), 3);
}

#[test]
fn refusals_name_the_same_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let (header, _, _) =
        encoding_rs::SHIFT_JIS.encode("年月日,お引出し,お預入れ,お取り扱い内容,残高,メモ\r\n");
    let cp932 = |rows: &[u8]| [&header[..], rows].concat();
    let cases: [(&str, Vec<u8>); 5] = [
        ("bad-amount.csv", "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/1,30000,,ATM,1000\n2020/9/2,3万,,ATM,900\n".into()),
        ("no-header.csv", b"a,b,c\n1,2,3\n".to_vec()),
        // CP932 with a lead byte cut off at the end of line 3.
        ("bad-bytes.csv", b"\x94N\x8c\x8e\x93\xfa,\x82\xa8\x88\xf8\x8fo\x82\xb5\n2020/9/1,1\n2020/9/2,\x82".to_vec()),
        // Half a character in a description quoted over two lines: on the record's second line.
        ("bad-bytes-in-quotes.csv", cp932(b"2020/9/1,1000,,ATM,900,\r\n2020/9/2,100,,\"\xb1\xc4\xd1\r\n\xb6\x82\",800,\r\n")),
        // In a column no row's reading uses.
        ("bad-bytes-in-memo.csv", cp932(b"2020/9/1,1000,,ATM,900,\r\n2020/9/2,100,,ATM,800,\x82\r\n")),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let whole = import::read(&path, &import::Request::default()).unwrap_err();
        let streamed = scan_streamed(&path, &Holder::default()).unwrap_err();
        assert_eq!(streamed.to_string(), whole.to_string(), "{name}");
        if name == "bad-bytes-in-quotes.csv" {
            assert!(streamed.to_string().contains("line 4"), "{streamed}");
        }
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
    let error = scan_streamed(&path, &Holder::default()).unwrap_err();
    assert!(error.to_string().contains("line 3"), "{error}");
}

fn fixture(format: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format)
        .join(name)
}

#[test]
fn zengin_ofx_and_camt_fixtures_stream_to_the_whole_file_report() {
    for path in [
        fixture("zengin", "yucho-zengin.txt"),
        fixture("zengin", "yucho-zengin-no-breaks.dat"),
        fixture("ofx", "statement-v1.ofx"),
        fixture("ofx", "statement-v2.qfx"),
        fixture("camt", "statement.xml"),
    ] {
        let Streamed::Report(report) = streamed(&path, &Holder::default()) else {
            panic!("{} was not streamed", path.display())
        };
        assert_eq!(
            report,
            whole(&path, &Holder::default()),
            "{}",
            path.display()
        );
        assert!(!report.emoney.is_empty(), "{}", path.display());
    }
}

/// A Zengin file of `count` data records made from the fixture's, with a trailer that agrees.
fn long_zengin(count: usize, line_breaks: bool) -> Vec<u8> {
    let original = std::fs::read(fixture("zengin", "yucho-zengin-no-breaks.dat")).unwrap();
    let records: Vec<&[u8]> = original.chunks(200).collect();
    let (header, data, trailer, end) = (
        records[0],
        &records[1..records.len() - 2],
        records[records.len() - 2],
        records[records.len() - 1],
    );
    let mut out: Vec<Vec<u8>> = vec![header.to_vec()];
    let (mut deposits, mut deposited, mut withdrawals, mut withdrawn) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..count {
        let mut record = data[i % data.len()].to_vec();
        record[1..9].copy_from_slice(format!("{:08}", i + 1).as_bytes());
        let amount: u64 = std::str::from_utf8(&record[24..36])
            .unwrap()
            .parse()
            .unwrap();
        if record[21] == b'1' {
            deposits += 1;
            deposited += amount;
        } else {
            withdrawals += 1;
            withdrawn += amount;
        }
        out.push(record);
    }
    let mut trailer = trailer.to_vec();
    trailer[1..7].copy_from_slice(format!("{deposits:06}").as_bytes());
    trailer[7..20].copy_from_slice(format!("{deposited:013}").as_bytes());
    trailer[20..26].copy_from_slice(format!("{withdrawals:06}").as_bytes());
    trailer[26..39].copy_from_slice(format!("{withdrawn:013}").as_bytes());
    // The closing balance is optional: left blank, since the opening one cannot cover this much.
    trailer[39..54].copy_from_slice(&[b' '; 15]);
    trailer[54..61].copy_from_slice(format!("{count:07}").as_bytes());
    out.push(trailer);
    out.push(end.to_vec());
    out.join(if line_breaks { &b"\r\n"[..] } else { &b""[..] })
}

/// An OFX 2 file of `count` transactions, newest first, every 50th a top-up.
fn long_ofx(count: usize) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>JPY</CURDEF>\n\
         <BANKACCTFROM><BANKID>0001</BANKID><ACCTID>1234567</ACCTID></BANKACCTFROM>\n<BANKTRANLIST>\n",
    );
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for i in (0..count).rev() {
        let day = start + chrono::Days::new(i as u64 / 8);
        let name = if i % 50 == 7 {
            "ﾄﾞｺﾓｺｳｻﾞ"
        } else {
            "ﾃﾞﾝｷﾀﾞｲ &amp; ｶﾞｽﾀﾞｲ"
        };
        text.push_str(&format!(
            "<STMTTRN>\n<TRNTYPE>DEBIT</TRNTYPE>\n<DTPOSTED>{}</DTPOSTED>\n<TRNAMT>-{}</TRNAMT>\n\
             <FITID>F{i}</FITID>\n<NAME>{name}</NAME>\n</STMTTRN>\n",
            day.format("%Y%m%d"),
            1000 + i % 7 * 1000,
        ));
    }
    text.push_str("</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n");
    text
}

/// A camt.053 document of `count` booked entries, oldest first, some without a reference.
fn long_camt(count: usize) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>\n\
         <Acct><Id><Othr><Id>1234567</Id></Othr></Id></Acct>\n",
    );
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    for i in 0..count {
        let day = start + chrono::Days::new(i as u64 / 4);
        let text_of = if i % 40 == 3 { "PAYPAY" } else { "SUPERMARKET" };
        let reference = if i % 2 == 0 {
            format!("<AcctSvcrRef>R{i}</AcctSvcrRef>")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "<Ntry>\n  <Amt Ccy=\"JPY\">{}</Amt>\n  <CdtDbtInd>DBIT</CdtDbtInd>\n  <Sts>BOOK</Sts>\n  \
             <BookgDt><Dt>{day}</Dt></BookgDt>\n  {reference}\n  <AddtlNtryInf>{text_of}</AddtlNtryInf>\n</Ntry>\n",
            3000 + i % 5 * 1000,
        ));
    }
    text.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    text
}

#[test]
fn long_files_in_every_format_stream_across_reads_to_the_whole_file_report() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, Vec<u8>); 4] = [
        ("long.txt", long_zengin(6_000, true)),
        ("long.dat", long_zengin(6_000, false)),
        // Past the decoder's 256 KB chunks several times over.
        ("long.qfx", long_ofx(20_000).into_bytes()),
        ("long.xml", long_camt(12_000).into_bytes()),
    ];
    for (name, bytes) in files {
        assert!(bytes.len() > 1_000_000, "{name} is {} bytes", bytes.len());
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let Streamed::Report(report) = streamed(&path, &Holder::default()) else {
            panic!("{name} was not streamed")
        };
        let whole = whole(&path, &Holder::default());
        assert_eq!(report, whole, "{name}");
        assert!(
            report.transactions >= 6_000,
            "{name}: {}",
            report.transactions
        );
        assert!(
            report.emoney.len() >= 100,
            "{name}: {}",
            report.emoney.len()
        );
    }
}

/// Reading a long file whole, watched as the app's import watches it: in every format the
/// reports move forward through the file's text, and a stop ends the reading with
/// `Problem::Stopped` before the end.
#[test]
fn long_files_in_every_format_tell_how_far_reading_has_got_and_stop_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("年月日,お引出し,お預入れ,お取り扱い内容,残高\n");
    for i in 0..20_000 {
        csv.push_str(&format!("2020/9/1,1,,ATM,{}\n", 1_000_000 - i));
    }
    let files: [(&str, Vec<u8>); 5] = [
        ("long.csv", csv.into_bytes()),
        ("long.txt", long_zengin(20_000, true)),
        ("long.dat", long_zengin(20_000, false)),
        ("long.qfx", long_ofx(20_000).into_bytes()),
        ("long.xml", long_camt(20_000).into_bytes()),
    ];
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let told = std::sync::Mutex::new(Vec::new());
        let progress = |p| {
            told.lock().unwrap().push(p);
            true
        };
        let watched = Request {
            progress: Some(&progress),
            ..Request::default()
        };
        let statement = import::read(&path, &watched).unwrap();
        let reports = told.into_inner().unwrap();
        assert_eq!(statement.transactions.len(), 20_000, "{name}");
        assert!(reports.len() >= 4, "{name}: {reports:?}");
        assert!(
            reports.windows(2).all(|w| w[0].read < w[1].read),
            "{name}: {reports:?}"
        );
        let last = reports.last().unwrap();
        assert!(
            last.read <= last.total && last.total > 0,
            "{name}: {last:?}"
        );

        let told = std::sync::atomic::AtomicU32::new(0);
        let progress = |_| told.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1 < 2;
        let watched = Request {
            progress: Some(&progress),
            ..Request::default()
        };
        let stopped = import::read(&path, &watched).unwrap_err();
        assert_eq!(stopped.problem, import::Problem::Stopped, "{name}");
        assert_eq!(stopped.file, name);
    }
}

#[test]
fn damaged_zengin_ofx_and_camt_files_are_refused_as_the_whole_file_reader_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let zengin = long_zengin(300, true);
    let mut short_record = zengin.clone();
    short_record.remove(202 * 40 + 10);
    let mut trailer_off = long_zengin(300, false);
    let trailer_at = 200 * 301;
    trailer_off[trailer_at + 25] = b'9'; // 出金件数 now disagrees
    let ofx = long_ofx(3_000);
    let camt = long_camt(3_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("short.txt", short_record),
        ("trailer.dat", trailer_off),
        (
            "no-trailer.dat",
            long_zengin(300, false)[..200 * 301].to_vec(),
        ),
        (
            "amount.qfx",
            ofx.replacen("<TRNAMT>-1000", "<TRNAMT>-1000.5", 1)
                .into_bytes(),
        ),
        (
            "unclosed.qfx",
            ofx.replacen("</STMTTRN>", "", 1).into_bytes(),
        ),
        (
            "dollars.qfx",
            ofx.replacen("<CURDEF>JPY", "<CURDEF>USD", 1).into_bytes(),
        ),
        (
            "currency.xml",
            camt.replacen("Ccy=\"JPY\">4000", "Ccy=\"EUR\">4000", 1)
                .into_bytes(),
        ),
        (
            "broken.xml",
            camt.replacen("</Amt>", "</Amount>", 1).into_bytes(),
        ),
        (
            "date.xml",
            camt.replacen("<Dt>2016-01-02", "<Dt>2016-13-02", 1)
                .into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let Err(whole) = import::read(&path, &import::Request::default()) else {
            panic!("{name} was read whole")
        };
        let Err(streamed) = scan_streamed(&path, &Holder::default()) else {
            panic!("{name} was streamed")
        };
        assert_eq!(streamed.to_string(), whole.to_string(), "{name}");
    }
}

#[test]
fn a_mapped_export_reads_row_by_row_as_it_reads_whole() {
    use kouza_guard::import::mapping::Mapping;
    use kouza_guard::import::NextRow;
    let mapping = Mapping::from_toml(
        "example.toml",
        "bank = \"Example Bank\"\ndate = \"Buchungstag\"\ndate_format = \"%d.%m.%Y\"\n\
         description = [\"Verwendungszweck\"]\namount = { signed = \"Betrag\", withdrawals = \"positive\" }\n\
         balance = \"Saldo\"\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    let mut text = String::from("Kontoauszug\nBuchungstag,Verwendungszweck,Betrag,Saldo\n");
    let mut balance = 10_000_000;
    for i in 0..30_000u32 {
        let amount = 100 + i64::from(i % 9) * 10;
        balance -= amount;
        let day =
            NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(u64::from(i / 10));
        let what = if i % 100 == 0 {
            "ﾄﾞｺﾓｺｳｻﾞ"
        } else {
            "ﾃﾞﾝｷﾀﾞｲ"
        };
        text.push_str(&format!(
            "{},{what},{amount},{balance}\n",
            day.format("%d.%m.%Y")
        ));
    }
    std::fs::write(&path, &text).unwrap();
    let mapped = Request::default().mapped(Some(&mapping));
    let whole = import::read(&path, &mapped).unwrap();
    let mut rows = import::open(&path, &mapped).unwrap();
    let mut fingerprints = import::fingerprint::Fingerprints::default();
    let mut streamed = Vec::new();
    loop {
        match rows.next_row().unwrap() {
            NextRow::Row(row) => streamed.push(row.into_transaction(&mut fingerprints)),
            NextRow::End => break,
            NextRow::YearUnknown => panic!("every date has its year"),
        }
    }
    assert_eq!(streamed.len(), 30_000);
    assert_eq!(streamed, whole.transactions);
}

#[test]
fn dates_without_a_year_stream_whether_the_rows_come_oldest_or_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let header = "入出金明細\n期間,2020年12月01日～2021年01月31日\n\
                  \"番号\",\"明細区分\",\"取扱日付\",\"起算日\",\"お支払金額\",\"お預り金額\",\"取引区分\",\"残高\",\"摘要\"\n";
    let rows = [
        "\"1\",\"1\",\"12月28日\",\"12月28日\",\"\\7,000\",\"\",\"口座振替\",\"\\93,000\",\"ﾄﾞｺﾓｺｳｻﾞ\"",
        "\"2\",\"1\",\"12月30日\",\"12月30日\",\"\\30,000\",\"\",\"口座振替\",\"\\63,000\",\"ﾄﾞｺﾓｺｳｻﾞ\"",
        "\"3\",\"1\",\"1月4日\",\"1月4日\",\"\",\"\\150,000\",\"振込\",\"\\213,000\",\"ﾈﾝｷﾝ\"",
        "\"4\",\"1\",\"1月5日\",\"1月5日\",\"\\50,000\",\"\",\"口座振替\",\"\\163,000\",\"ﾍﾟｲﾍﾟｲ\"",
    ];
    let oldest_first = dir.path().join("ja-oldest-first.csv");
    std::fs::write(&oldest_first, format!("{header}{}\n", rows.join("\n"))).unwrap();
    let Streamed::Report(report) = streamed(&oldest_first, &Holder::default()) else {
        panic!("an oldest-first file with a stated period streams")
    };
    assert_eq!(report, whole(&oldest_first, &Holder::default()));
    let days: Vec<String> = report.emoney.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(days, ["2020-12-28", "2020-12-30", "2021-01-05"]);

    // Newest first, the first row's year cannot come from the period's start: it comes from
    // the period's end.
    let mut reversed = rows;
    reversed.reverse();
    let newest_first = dir.path().join("ja-newest-first.csv");
    std::fs::write(&newest_first, format!("{header}{}\n", reversed.join("\n"))).unwrap();
    let Streamed::Report(report) = streamed(&newest_first, &Holder::default()) else {
        panic!("a newest-first file with a stated period streams")
    };
    assert_eq!(report, whole(&newest_first, &Holder::default()));
    let days: Vec<String> = report.emoney.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(days, ["2020-12-28", "2020-12-30", "2021-01-05"]);
}

/// A JA Bank export over `period` (as its preamble writes it) of top-ups on `days` (`M月D日`),
/// listed in that order, each ¥1,000 with its balance.
fn ja_export(path: &Path, period: &str, days: &[&str]) {
    let mut text = format!(
        "入出金明細\n期間,{period}\n\
         \"番号\",\"明細区分\",\"取扱日付\",\"起算日\",\"お支払金額\",\"お預り金額\",\"取引区分\",\"残高\",\"摘要\"\n"
    );
    let mut balance = 10_000_000;
    for (number, day) in days.iter().enumerate() {
        balance -= 1_000;
        text.push_str(&format!(
            "\"{number}\",\"1\",\"{day}\",\"{day}\",\"\\1,000\",\"\",\"口座振替\",\"\\{balance}\",\"ﾄﾞｺﾓｺｳｻﾞ\"\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn rows_whose_order_the_first_lines_do_not_tell_wait_for_it_then_stream_dated_right() {
    // Over two years, 6月1日 fits both 2019 and 2020: the first rows are dated only once a later
    // row shows which way the file runs.
    let dir = tempfile::tempdir().unwrap();
    let period = "2019年01月01日～2020年12月31日";
    let oldest_first = dir.path().join("oldest.csv");
    ja_export(
        &oldest_first,
        period,
        &["6月1日", "6月2日", "12月30日", "1月3日", "5月5日"],
    );
    let newest_first = dir.path().join("newest.csv");
    ja_export(
        &newest_first,
        period,
        &["5月5日", "1月3日", "12月30日", "6月2日", "6月1日"],
    );
    for path in [&oldest_first, &newest_first] {
        let Streamed::Report(report) = streamed(path, &Holder::default()) else {
            panic!("{} was not streamed", path.display())
        };
        assert_eq!(report, whole(path, &Holder::default()));
        let days: Vec<String> = report.emoney.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(
            days,
            [
                "2019-06-01",
                "2019-06-02",
                "2019-12-30",
                "2020-01-03",
                "2020-05-05"
            ],
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_file_whose_order_never_shows_is_read_whole_and_taken_as_oldest_first() {
    // Every row on 6月1日 of a two-year period: 2019 or 2020, the rows never say. The stream holds
    // a bounded number of undated rows, then leaves the file to the whole-file reader, which
    // takes the usual order (oldest first, so the period's first year).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-day.csv");
    ja_export(
        &path,
        "2019年01月01日～2020年12月31日",
        &["6月1日"; 100_001],
    );
    assert!(matches!(
        streamed(&path, &Holder::default()),
        Streamed::NeedsWholeFile
    ));
    let statement = import::read(&path, &import::Request::default()).unwrap();
    assert_eq!(statement.transactions.len(), 100_001);
    assert!(statement
        .transactions
        .iter()
        .all(|t| t.booked == NaiveDate::from_ymd_opt(2019, 6, 1).unwrap()));
}
