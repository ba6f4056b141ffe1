//! Encodings a file declares: an OFX 1.x header's ENCODING and CHARSET, an XML prolog's
//! encoding. Honoured by the whole-file and streaming readers alike, except that a Western
//! declaration does not turn a Japanese export's kana into Latin letters.

use kouza_guard::import::{self, NextRow, Request};

fn ofx(charset_line: &str, memo: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\n{charset_line}\r\nCOMPRESSION:NONE\r\n\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>JPY\r\n<BANKTRANLIST>\r\n<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20200904<TRNAMT>-50000<FITID>1<NAME>"
    )
    .into_bytes();
    bytes.extend_from_slice(memo);
    bytes.extend_from_slice(
        b"\r\n</STMTTRN>\r\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n",
    );
    bytes
}

/// The description of the only row, read whole and streamed (which must agree).
fn description(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let whole = import::read(&path, &import::Request::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut stream = import::open(&path, &Request::default()).unwrap();
    let NextRow::Row(row) = stream.next_row().unwrap() else {
        panic!("no row streamed")
    };
    assert_eq!(row.description(), whole.transactions[0].description);
    whole.transactions[0].description.clone()
}

#[test]
fn a_western_ofx_declared_1252_reads_its_accents() {
    // `é` then a space cannot be CP932 (0xE9 leads a two-byte character), so the declaration holds.
    let bytes = ofx("ENCODING:USASCII\r\nCHARSET:1252", b"CAF\xE9 AU LAIT");
    assert_eq!(description("latin.ofx", &bytes), "CAFé AU LAIT");
}

#[test]
fn a_japanese_ofx_under_a_1252_header_keeps_its_kana() {
    // ﾄﾞｺﾓｺｳｻﾞ in CP932: 1252 would make it ÄÞºÓº³»Þ, and the top-up would go unrecognised.
    let kana = encoding_rs::SHIFT_JIS.encode("ﾄﾞｺﾓｺｳｻﾞ").0.into_owned();
    let bytes = ofx("ENCODING:USASCII\r\nCHARSET:1252", &kana);
    assert_eq!(description("kana.ofx", &bytes), "ﾄﾞｺﾓｺｳｻﾞ");
}

#[test]
fn an_xml_prolog_names_the_encoding_of_a_camt_file() {
    let text = r#"<?xml version="1.0" encoding="EUC-JP"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="JPY">100000</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2020-09-04</Dt></BookgDt>
<NtryDtls><TxDtls><RmtInf><Ustrd>ドコモ口座</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
"#;
    let bytes = encoding_rs::EUC_JP.encode(text).0.into_owned();
    assert_eq!(description("euc.xml", &bytes), "ドコモ口座");
}

/// Bytes CP932 leaves to the user (0xF040–0xF9FC: JIS X 0213 kanji in MUFG's Shift_JIS-2004)
/// show as placeholders, and the statement says how many and from which line, in a CSV read as
/// bytes and decoded cell by cell (each distinct text counted once, every row counted) and in an
/// OFX decoded before it is read.
#[test]
fn characters_cp932_cannot_name_are_noted_with_their_count_and_first_line() {
    use kouza_guard::ImportNote;
    let mut csv = encoding_rs::SHIFT_JIS
        .encode("年月日,お引出し,お預入れ,お取り扱い内容,残高\r\n2020/9/1,100,,ATM,900\r\n")
        .0
        .into_owned();
    for _ in 0..2 {
        csv.extend_from_slice(b"2020/9/2,100,,\xf0\x40\xb1,800\r\n");
    }
    csv.extend_from_slice(b"2020/9/3,100,,\x83\x4a\xf0\x41\xf0\x42,700\r\n");
    let statement = import::read_bytes("mufg.csv", &csv, &Request::default()).unwrap();
    assert_eq!(statement.transactions[1].description, "\u{E000}ｱ");
    assert_eq!(
        statement.notes,
        [ImportNote::UnreadableCharacters {
            count: 4,
            first_line: 3
        }]
    );
    let statement = import::read_bytes(
        "mufg.ofx",
        &ofx("CHARSET:932", b"\xf0\x40\xc4\xde\xba\xd3"),
        &Request::default(),
    )
    .unwrap();
    assert_eq!(statement.transactions[0].description, "\u{E000}ﾄﾞｺﾓ");
    assert!(
        statement.notes.contains(&ImportNote::UnreadableCharacters {
            count: 1,
            first_line: statement.transactions[0].line.unwrap()
        }),
        "{:?}",
        statement.notes
    );
}
