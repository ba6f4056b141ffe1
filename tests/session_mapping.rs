//! The app's mapping step without a window: a file no layout fits stops the import and waits;
//! its preview shows the rows to describe; the import with the person's mapping saves the mapping
//! for the bank, and the bank's next file then reads without asking — after a restart too, but
//! in a consultation only until it ends.

mod common;

use std::path::{Path, PathBuf};

use kouza_guard::import::mapping::{MappedAmount, Mapping};
use kouza_guard::import::preview::CellKind;
use kouza_guard::import::Problem;
use kouza_guard::session::{MappedImport, PreviewChoice, Session, SessionError, StoreState};
use zeroize::Zeroizing;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/app")
        .join(name)
}

fn september() -> PathBuf {
    fixture("mirai-shinkin-2020-09.csv")
}

fn october() -> PathBuf {
    fixture("mirai-shinkin-2020-10.csv")
}

fn mapped(mapping: Mapping) -> MappedImport {
    MappedImport {
        mapping,
        encoding: None,
        first_year: None,
    }
}

fn is_unknown_layout(
    result: &Result<Vec<kouza_guard::store::ImportOutcome>, SessionError>,
) -> bool {
    matches!(result, Err(SessionError::Import(error)) if matches!(error.problem, Problem::UnknownLayout(_)))
}

fn rows(session: &mut Session, label: &str) -> usize {
    session.review(label).unwrap().statement.transactions.len()
}

#[test]
fn an_unknown_export_waits_is_previewed_mapped_and_the_banks_next_file_reads_without_asking() {
    let mut session = Session::consultation(Vec::new()).unwrap();
    assert_eq!(session.file_to_map(), None);
    assert!(matches!(
        session.mapping_preview(&PreviewChoice::default()),
        Err(SessionError::NothingToMap)
    ));

    let refused = session.import(&[september()], None, today());
    assert!(is_unknown_layout(&refused), "{refused:?}");
    assert_eq!(
        session.file_to_map().as_deref(),
        Some("mirai-shinkin-2020-09.csv")
    );
    assert!(matches!(session.state(), StoreState::Open { accounts } if accounts.is_empty()));

    let preview = session.mapping_preview(&PreviewChoice::default()).unwrap();
    assert_eq!(preview.encoding, "Shift_JIS");
    assert_eq!(preview.undecodable_line, None);
    assert_eq!(preview.header.line, 3);
    assert_eq!(
        preview.header.cells,
        [
            "処理日",
            "お取引内容",
            "お引落し額",
            "お預け入れ額",
            "差引残高"
        ]
    );
    assert_eq!(preview.rows.len(), 4);
    assert_eq!(
        preview.rows[1].cells,
        ["2020/09/04", "ﾄﾞｺﾓｺｳｻﾞ", "100000", "", "1150000"]
    );
    let holds: Vec<CellKind> = preview.columns.iter().map(|c| c.holds).collect();
    assert_eq!(
        holds,
        [
            CellKind::Date,
            CellKind::Text,
            CellKind::Amount,
            CellKind::Amount,
            CellKind::Amount
        ]
    );
    assert!(!preview.dates_lack_year);

    let outcomes = session
        .import_with_mapping(mapped(common::mirai_mapping()), today())
        .unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!((outcomes[0].rows, outcomes[0].added), (4, 4));
    assert_eq!(outcomes[0].layout, "mapping: ミライ信用金庫");
    assert_eq!(session.file_to_map(), None, "the import no longer waits");
    let label = outcomes[0].account.clone();
    let review = session.review(&label).unwrap();
    let found: Vec<(&str, i64)> = (review.findings.iter())
        .map(|f| {
            (
                f.service.id.as_str(),
                review.statement.transactions[f.row].amount,
            )
        })
        .collect();
    assert_eq!(
        found,
        [("docomo-koza", -100_000), ("docomo-koza", -100_000)],
        "both ドコモ口座 top-ups are judged"
    );

    // The bank's next file: no mapping step.
    let outcomes = session.import(&[october()], None, today()).unwrap();
    assert_eq!((outcomes[0].rows, outcomes[0].added), (2, 2));
    assert_eq!(outcomes[0].layout, "mapping: ミライ信用金庫");
    assert_eq!(outcomes[0].account, label);
    assert_eq!(session.file_to_map(), None);
    assert_eq!(rows(&mut session, &label), 6);

    // A consultation keeps the mapping only while it lasts.
    session.end_consultation().unwrap();
    let refused = session.import(&[october()], None, today());
    assert!(is_unknown_layout(&refused), "{refused:?}");
    session.end_consultation().unwrap();
    assert_eq!(
        session.file_to_map(),
        None,
        "ending forgets the waiting file"
    );
}

#[test]
fn a_mapping_that_does_not_fit_keeps_nothing_and_the_file_still_waits() {
    let mut session = Session::consultation(Vec::new()).unwrap();
    assert!(is_unknown_layout(&session.import(
        &[september()],
        None,
        today()
    )));

    let mut wrong = common::mirai_mapping();
    wrong.balance = Some("残高".into());
    let refused = session.import_with_mapping(mapped(wrong), today());
    assert!(
        is_unknown_layout(&refused),
        "the header lacks 残高: {refused:?}"
    );

    let mut nameless = common::mirai_mapping();
    nameless.bank = " ".into();
    let refused = session.import_with_mapping(mapped(nameless), today());
    assert!(
        matches!(&refused, Err(SessionError::Mapping(why)) if why.contains("bank")),
        "{refused:?}"
    );

    let mut yearless = mapped(common::mirai_mapping());
    yearless.encoding = Some("klingon".into());
    let refused = session.import_with_mapping(yearless, today());
    assert!(
        matches!(refused, Err(SessionError::Mapping(_))),
        "{refused:?}"
    );

    assert!(matches!(session.state(), StoreState::Open { accounts } if accounts.is_empty()));
    assert_eq!(
        session.file_to_map().as_deref(),
        Some("mirai-shinkin-2020-09.csv")
    );
    session.forget_file_to_map();
    assert_eq!(session.file_to_map(), None);
    assert!(matches!(
        session.import_with_mapping(mapped(common::mirai_mapping()), today()),
        Err(SessionError::NothingToMap)
    ));
}

#[test]
fn the_other_files_of_the_import_are_stored_with_the_mapped_one_in_one_go() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/yucho-demo.csv");
    let mut session = Session::consultation(Vec::new()).unwrap();
    let files = [demo, september(), october()];
    assert!(is_unknown_layout(&session.import(
        &files,
        Some("家計"),
        today()
    )));
    assert_eq!(
        session.file_to_map().as_deref(),
        Some("mirai-shinkin-2020-09.csv"),
        "the first file no layout reads"
    );
    assert!(matches!(session.state(), StoreState::Open { accounts } if accounts.is_empty()));
    let outcomes = session
        .import_with_mapping(mapped(common::mirai_mapping()), today())
        .unwrap();
    let read: Vec<(usize, &str)> = (outcomes.iter())
        .map(|outcome| (outcome.rows, outcome.account.as_str()))
        .collect();
    assert_eq!(read, [(19, "家計"), (4, "家計"), (2, "家計")]);
}

#[test]
fn a_saved_mapping_outlasts_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("data");
    let passphrase = || Zeroizing::new("mapping passphrase".to_owned());
    let mut session = Session::start(Ok(store.clone()), Vec::new());
    session.create(Some(passphrase())).unwrap();
    assert!(is_unknown_layout(&session.import(
        &[september()],
        None,
        today()
    )));
    session
        .import_with_mapping(mapped(common::mirai_mapping()), today())
        .unwrap();
    drop(session);

    let mut session = Session::start(Ok(store), Vec::new());
    assert!(matches!(session.state(), StoreState::NeedsPassphrase));
    session.unlock(passphrase()).unwrap();
    let outcomes = session.import(&[october()], None, today()).unwrap();
    assert_eq!((outcomes[0].rows, outcomes[0].added), (2, 2));
    assert_eq!(session.file_to_map(), None);
}

#[test]
fn dates_without_a_year_take_the_first_year_the_person_gives() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("yearless.csv");
    std::fs::write(
        &file,
        "when,what,out,in\n9/4,ﾄﾞｺﾓｺｳｻﾞ,30000,\n12/28,ATM,10000,\n1/5,ｷﾕｳﾖ,,200000\n",
    )
    .unwrap();
    let mut session = Session::consultation(Vec::new()).unwrap();
    assert!(is_unknown_layout(&session.import(&[file], None, today())));
    assert!(
        session
            .mapping_preview(&PreviewChoice::default())
            .unwrap()
            .dates_lack_year
    );
    let mapping = Mapping {
        bank: "Yearless Bank".into(),
        date: "when".into(),
        date_format: None,
        description: vec!["what".into()],
        amount: MappedAmount::Separate {
            withdrawal: "out".into(),
            deposit: "in".into(),
        },
        balance: None,
    };
    let request = MappedImport {
        first_year: Some(2020),
        ..mapped(mapping)
    };
    let outcomes = session.import_with_mapping(request, today()).unwrap();
    let review = session.review(&outcomes[0].account).unwrap();
    let days: Vec<String> = (review.statement.transactions.iter())
        .map(|t| t.booked.to_string())
        .collect();
    assert_eq!(days, ["2020-09-04", "2020-12-28", "2021-01-05"]);
}

#[test]
fn text_that_does_not_decode_is_previewed_in_the_encoding_chosen_and_read_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("konto.csv");
    // Latin-1: neither UTF-8 nor CP932 (0xE9 then a space is no CP932 character).
    let mut bytes = b"Buchungstag;Verwendungszweck;Betrag\n04.09.2020;Caf".to_vec();
    bytes.extend_from_slice(b"\xe9 M\xfcller;-300\n05.09.2020;Lohn;250000\n");
    std::fs::write(&file, bytes).unwrap();
    let mut session = Session::consultation(Vec::new()).unwrap();
    let refused = session.import(&[file], None, today());
    assert!(
        matches!(&refused, Err(SessionError::Import(error)) if matches!(error.problem, Problem::Encoding { .. })),
        "{refused:?}"
    );
    assert_eq!(session.file_to_map().as_deref(), Some("konto.csv"));
    let preview = session.mapping_preview(&PreviewChoice::default()).unwrap();
    assert_eq!(preview.undecodable_line, Some(2));
    let latin = PreviewChoice {
        encoding: Some("windows-1252".into()),
        header_line: None,
    };
    let preview = session.mapping_preview(&latin).unwrap();
    assert_eq!(preview.undecodable_line, None);
    assert_eq!(
        preview.header.cells,
        ["Buchungstag", "Verwendungszweck", "Betrag"]
    );
    assert_eq!(preview.rows[0].cells[1], "Café Müller");
    let request = MappedImport {
        mapping: Mapping {
            bank: "Sparkasse".into(),
            date: "Buchungstag".into(),
            date_format: Some("%d.%m.%Y".into()),
            description: vec!["Verwendungszweck".into()],
            amount: MappedAmount::Signed {
                signed: "Betrag".into(),
                withdrawals: kouza_guard::import::mapping::Sign::Negative,
            },
            balance: None,
        },
        encoding: latin.encoding,
        first_year: None,
    };
    let outcomes = session.import_with_mapping(request, today()).unwrap();
    let review = session.review(&outcomes[0].account).unwrap();
    let rows: Vec<(String, i64)> = (review.statement.transactions.iter())
        .map(|t| (t.description.clone(), t.amount))
        .collect();
    assert_eq!(
        rows,
        [
            ("Café Müller".to_owned(), -300),
            ("Lohn".to_owned(), 250_000)
        ]
    );
}
