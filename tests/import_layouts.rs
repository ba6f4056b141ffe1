//! Every bank layout the importer knows, read from a fixture in the bank's own encoding and
//! checked row by row: date, amount (withdrawals negative), balance, kind, and the text exactly as
//! decoded. Fixtures are synthetic people, written from the documented headers.

use std::path::PathBuf;

use kouza_guard::import::{self, Location, Problem, Request};
use kouza_guard::{ImportNote, Statement};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

fn read(name: &str) -> Statement {
    import::read(&fixture(name), &import::Request::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One line per row: `date | amount | balance | kind | description`.
fn rows(statement: &Statement) -> String {
    statement
        .transactions
        .iter()
        .map(|t| {
            let balance = t.balance.map_or("-".to_owned(), |b| b.to_string());
            let kind = t.kind.map_or("-".to_owned(), |k| format!("{k:?}"));
            format!(
                "{} | {} | {} | {} | {}\n",
                t.booked, t.amount, balance, kind, t.description
            )
        })
        .collect()
}

fn assert_layout(name: &str, layout: &str, expected: &str) -> Statement {
    let statement = read(name);
    assert_eq!(statement.layout, layout, "{name}");
    assert_eq!(rows(&statement), expected, "{name}");
    statement
}

#[test]
fn yucho_cp932_with_preamble_and_trailing_comma() {
    let statement = assert_layout(
        "yucho.csv",
        "yucho",
        "2020-09-01 | -3000 | 97000 | - | 振替 PAYPAY\n\
         2020-09-08 | -15000 | 82000 | - | 振替 ﾄﾞｺﾓｺｳｻﾞ\n\
         2020-09-15 | 1900 | 83900 | - | 入金 ﾘｿｸ\n",
    );
    let account = statement.account.unwrap();
    assert_eq!(
        (account.bank.as_str(), account.number_masked.as_str()),
        ("ゆうちょ銀行", "*********6781")
    );
    assert_eq!(
        statement.transactions[1].source_id,
        kouza_guard::SourceId::Bank("0000000102".into()),
        "入出金明細ＩＤ is the bank's id for the row"
    );
}

#[test]
fn the_same_export_resaved_as_utf8_with_bom_reads_the_same() {
    assert_eq!(
        read("yucho-utf8-bom.csv").transactions,
        read("yucho.csv").transactions
    );
}

#[test]
fn mufg_kind_and_counterparty_columns() {
    assert_layout(
        "mufg.csv",
        "mufg",
        "2020-09-01 | -5000 | 245000 | AccountDebit | 口座振替 ＲＴＫ　ペイペイ\n\
         2020-09-03 | -1280 | 243720 | Card | デビット ＶＩＳＡデビット\n\
         2020-09-04 | -20000 | 223720 | Atm | カ－ド\n\
         2020-09-25 | 250000 | 473720 | Transfer | 振込１ ヤマダ　ハナコ\n",
    );
}

#[test]
fn utf16_le_with_bom_reads_like_the_cp932_original() {
    assert_eq!(rows(&read("mufg-utf16le.csv")), rows(&read("mufg.csv")));
}

#[test]
fn smbc_keeps_two_identical_rows_apart() {
    let statement = assert_layout(
        "smbc.csv",
        "smbc",
        "2020-09-02 | -10000 | 120000 | - | ﾃﾞｲｰﾊﾞﾗｲ\n\
         2020-09-02 | -10000 | 110000 | - | ﾃﾞｲｰﾊﾞﾗｲ\n\
         2020-09-10 | -8800 | 101200 | - | ﾐﾂｲｽﾐﾄﾓｶ-ﾄﾞ (ｶ\n",
    );
    assert_ne!(
        statement.transactions[0].source_id,
        statement.transactions[1].source_id
    );
}

#[test]
fn smbc_with_japanese_era_dates() {
    assert_layout(
        "smbc-era.csv",
        "smbc",
        "2020-09-04 | -20000 | 80000 | - | ｷﾔﾂｼﾕﾚｽ\n\
         2020-09-05 | -1000 | 79000 | - | ｷﾔﾂｼﾕﾚｽ\n",
    );
}

#[test]
fn mizuho_after_a_long_preamble_and_its_serial_variant() {
    let statement = assert_layout(
        "mizuho.csv",
        "mizuho",
        "2020-09-05 | -30000 | 70000 | - | ﾄﾞｺﾓｺｳｻﾞ\n\
         2020-09-20 | 120000 | 190000 | - | ｷﾕｳﾖ\n",
    );
    assert_eq!(statement.account.unwrap().number_masked, "***4567");
    let serial = assert_layout(
        "mizuho-serial.csv",
        "mizuho",
        "2020-09-05 | -6400 | 93600 | - | ｶ)ﾋﾞﾕ-ｶ-ﾄﾞ\n\
         2020-09-06 | -50000 | 43600 | - | ﾍﾟｲﾍﾟｲ\n",
    );
    assert_eq!(
        serial.transactions[0].source_id,
        kouza_guard::SourceId::Bank("1001".into())
    );
}

#[test]
fn rakuten_one_signed_amount_and_detached_voicing_marks() {
    let statement = assert_layout(
        "rakuten.csv",
        "rakuten",
        "2020-09-03 | -5400 | 64600 | - | ラクテンカ－ト゛サ－ヒ゛ス\n\
         2020-09-05 | -20000 | 44600 | - | ラクテンエデイ\n\
         2020-09-25 | 180000 | 224600 | - | キユウヨ\n",
    );
    assert_eq!(
        statement.transactions[0].normalized,
        "ラクテンカードサービス"
    );
}

#[test]
fn sbi_sumishin_newest_first_is_put_in_date_order_and_says_so() {
    let statement = assert_layout(
        "sbi-sumishin.csv",
        "sbi-sumishin",
        "2020-09-01 | 100000 | 230000 | - | 振込＊ヤマダ　タロウ\n\
         2020-09-09 | -30000 | 200000 | - | フリカエ　ＰＡＹＰＡＹ\n\
         2020-09-10 | -30000 | 170000 | - | フリカエ　ＰＡＹＰＡＹ\n",
    );
    assert_eq!(statement.notes, [ImportNote::NewestFirst]);
}

#[test]
fn paypay_bank_date_split_over_three_columns() {
    assert_layout(
        "paypay-bank.csv",
        "paypay-bank",
        "2020-09-04 | -10000 | 90000 | - | ﾍﾟｲﾍﾟｲ\n\
         2020-09-04 | -10000 | 80000 | - | ﾍﾟｲﾍﾟｲ\n",
    );
}

#[test]
fn sbi_shinsei_japanese_and_english_headers() {
    assert_layout(
        "sbi-shinsei-ja.csv",
        "sbi-shinsei",
        "2020-09-07 | -9000 | 41000 | - | ﾒﾙﾍﾟｲ\n\
         2020-09-08 | 1 | 41001 | - | 利息\n",
    );
    assert_layout(
        "sbi-shinsei-en.csv",
        "sbi-shinsei",
        "2020-09-07 | -4000 | 36000 | - | LINE PAY\n",
    );
}

#[test]
fn ja_bank_dates_without_a_year_take_it_from_the_stated_period() {
    let statement = assert_layout(
        "ja-bank.csv",
        "ja-bank",
        "2020-12-28 | -7000 | 93000 | AccountDebit | ﾄﾞｺﾓｺｳｻﾞ\n\
         2021-01-04 | 150000 | 243000 | Transfer | ﾈﾝｷﾝ\n",
    );
    let (from, to) = ("2020-12-01".parse().unwrap(), "2021-01-31".parse().unwrap());
    assert_eq!(statement.notes, [ImportNote::YearFromPeriod { from, to }]);
}

#[test]
fn ja_bank_without_a_period_asks_for_the_year_then_follows_the_row_order() {
    let path = fixture("ja-bank-no-period.csv");
    let error = import::read(&path, &import::Request::default()).unwrap_err();
    assert_eq!(error.location, Location::Line(2));
    assert_eq!(error.problem, Problem::YearUnknown);
    assert_eq!(
        error.to_string(),
        "ja-bank-no-period.csv: line 2: the dates have no year and the file states no period; say which year the first row is in"
    );

    let options = Request {
        first_year: Some(2020),
        ..Request::default()
    };
    let statement = import::read(&path, &options).unwrap();
    assert_eq!(
        rows(&statement),
        "2020-12-28 | -7000 | 93000 | AccountDebit | ﾄﾞｺﾓｺｳｻﾞ\n\
         2021-01-04 | 150000 | 243000 | Transfer | ﾈﾝｷﾝ\n"
    );
    assert_eq!(
        statement.notes,
        [ImportNote::YearFromOrder { first_year: 2020 }]
    );
}

#[test]
fn an_export_from_money_forward_is_read_by_its_header_names() {
    let statement = assert_layout(
        "money-forward.csv",
        "generic",
        "2020-09-01 | 189750 | - | - | 年金\n\
         2020-09-04 | -50000 | - | - | ドコモコウザ\n",
    );
    assert_eq!(statement.notes, [ImportNote::NewestFirst]);
    assert_eq!(
        statement.transactions[1].source_id,
        kouza_guard::SourceId::Bank("mf-0904-a".into())
    );
}

#[test]
fn an_unknown_bank_is_read_by_its_header_names() {
    let statement = assert_layout(
        "unknown-bank.csv",
        "generic",
        "2020-09-02 | -3000 | 97000 | - | ﾍﾟｲﾍﾟｲ\n\
         2020-09-05 | 200000 | 297000 | - | ｷﾕｳﾖ\n",
    );
    assert_eq!(statement.account.unwrap().number_masked, "***0001");
}

#[test]
fn sony_bank_okurigana_headers_and_kanji_dates() {
    assert_layout(
        "sony-bank.csv",
        "sony-bank",
        "2020-09-01 | 250000 | 350000 | - | 振込 ソニー　ハナコ\n\
         2020-09-04 | -100000 | 250000 | - | ドコモコウザ\n\
         2020-09-04 | -90000 | 160000 | - | ドコモコウザ\n",
    );
}

#[test]
fn aeon_bank_balance_column_with_its_note() {
    assert_layout(
        "aeon-bank.csv",
        "aeon-bank",
        "2020-09-01 | 189750 | 289750 | - | ﾈﾝｷﾝ\n\
         2020-09-04 | -30000 | 259750 | - | ﾌﾘｶｴ ﾍﾟｲﾍﾟｲ\n",
    );
}

#[test]
fn gmo_aozora_deposit_before_withdrawal() {
    assert_layout(
        "gmo-aozora.csv",
        "gmo-aozora",
        "2020-09-01 | 50000 | 150000 | - | 振込 ヤマダ タロウ\n\
         2020-09-04 | -20000 | 130000 | - | ﾘｱﾙﾀｲﾑ ｷﾔﾂｼﾕ\n",
    );
}

#[test]
fn kyoto_bank_is_told_from_ja_bank_and_dated_from_the_first_year() {
    let options = Request {
        first_year: Some(2020),
        ..Request::default()
    };
    let statement = import::read(&fixture("kyoto-bank.csv"), &options).unwrap();
    assert_eq!(statement.layout, "kyoto-bank");
    assert_eq!(
        rows(&statement),
        "2020-09-01 | 189750 | 289750 | - | ﾈﾝｷﾝ\n\
         2020-09-04 | -100000 | 189750 | - | ﾄﾞｺﾓｺｳｻﾞ\n"
    );
}

#[test]
fn sbi_shinsei_before_2018_utf16_with_tabs_and_a_preamble() {
    let statement = assert_layout(
        "sbi-shinsei-utf16-tab.csv",
        "sbi-shinsei",
        "2020-09-01 | 189750 | 289750 | - | 振込・振替:ﾈﾝｷﾝ\n\
         2020-09-04 | -50000 | 239750 | - | ﾍﾟｲﾍﾟｲ\n\
         2020-09-04 | -59750 | 180000 | - | ﾍﾟｲﾍﾟｲ\n",
    );
    assert_eq!(
        statement.transactions[2].source_id,
        kouza_guard::SourceId::Bank("0000003".into()),
        "照会番号 is the bank's id for the row"
    );
}

#[test]
fn rakuten_older_and_business_header() {
    assert_layout(
        "rakuten-old.csv",
        "rakuten",
        "2020-09-01 | 189750 | 289750 | - | ﾈﾝｷﾝ\n\
         2020-09-04 | -30000 | 259750 | - | ﾗｸﾃﾝｴﾃﾞｲ\n",
    );
}

#[test]
fn smbc_era_labelled_header_negative_withdrawals_and_a_closing_line() {
    assert_layout(
        "smbc-era-label.csv",
        "smbc",
        "2019-04-30 | 1000 | 100000 | - | ﾘｿｸ\n\
         2020-09-01 | 189750 | 289750 | - | ﾈﾝｷﾝ\n\
         2020-09-04 | -100000 | 189750 | - | ﾄﾞｺﾓｺｳｻﾞ\n",
    );
}
