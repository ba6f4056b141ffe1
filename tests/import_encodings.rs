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
