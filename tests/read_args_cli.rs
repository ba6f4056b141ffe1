//! Every command that reads statement files takes the same words about them: `--encoding`,
//! `--first-year` and `--mapping` (issue 18), for `show`, `scan` and `report` as for `import`.

use std::path::Path;
use std::process::{Command, Output};

fn kouza_guard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .expect("run kouza-guard")
}

/// An export no layout reads, and the mapping that describes it.
fn unknown_export(dir: &Path) -> (String, String) {
    let statement = dir.join("mirai.csv");
    std::fs::write(
        &statement,
        "処理日,お取引内容,お引落し額,お預け入れ額,差引残高\n\
         2020/09/01,ｷﾕｳﾖ,,250000,1250000\n\
         2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,100000,,1150000\n\
         2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,100000,,1050000\n\
         2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,90000,,960000\n",
    )
    .unwrap();
    let mapping = dir.join("mirai.toml");
    std::fs::write(
        &mapping,
        "bank = \"ミライ信用金庫\"\ndate = \"処理日\"\ndescription = [\"お取引内容\"]\n\
         amount = { withdrawal = \"お引落し額\", deposit = \"お預け入れ額\" }\nbalance = \"差引残高\"\n",
    )
    .unwrap();
    (
        statement.display().to_string(),
        mapping.display().to_string(),
    )
}

#[test]
fn show_scan_and_report_read_an_unknown_export_through_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let (statement, mapping) = unknown_export(dir.path());
    assert_eq!(kouza_guard(&["show", &statement]).status.code(), Some(2));
    let shown = kouza_guard(&["show", "--mapping", &mapping, &statement]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert!(String::from_utf8_lossy(&shown.stdout).contains("4 rows"));

    let scanned = kouza_guard(&[
        "scan",
        "--today",
        "2026-11-25",
        "--format",
        "json",
        "--mapping",
        &mapping,
        &statement,
    ]);
    assert_eq!(scanned.status.code(), Some(1), "the burst is flagged");
    let report: serde_json::Value = serde_json::from_slice(&scanned.stdout).unwrap();
    assert_eq!(report["flagged"].as_array().unwrap().len(), 3);

    let out = dir.path().join("sheet.pdf");
    let reported = kouza_guard(&[
        "report",
        "--today",
        "2020-09-14",
        "--out",
        out.to_str().unwrap(),
        "--mapping",
        &mapping,
        &statement,
    ]);
    assert!(
        reported.status.success(),
        "{}",
        String::from_utf8_lossy(&reported.stderr)
    );
    assert!(out.exists());
}

#[test]
fn scan_takes_the_encoding_a_person_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin.csv");
    // A Latin-1 export: without --encoding it is read as CP932 and refused.
    let mut bytes = b"Date,Description,Amount\n2020-09-04,DOCOMO KOZA CAF".to_vec();
    bytes.extend_from_slice(b"\xE9 ,-100000\n");
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap();
    assert_eq!(
        kouza_guard(&["scan", "--today", "2026-11-25", path])
            .status
            .code(),
        Some(2)
    );
    let named = kouza_guard(&[
        "scan",
        "--today",
        "2026-11-25",
        "--encoding",
        "latin1",
        path,
    ]);
    assert_ne!(
        named.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&named.stderr)
    );
}
