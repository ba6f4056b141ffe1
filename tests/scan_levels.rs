//! What `kouza-guard scan --format json` adds for issue 20, compatibly with the contract
//! (tests/contracts/scan.schema.json, which allows further properties): each withdrawal's
//! `level` (a kind `question` apart from a `flag`), and `checked.history`, the history's length
//! in days and whether it is too short to know what is usual.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn scan_json(file: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args([
            "scan",
            "--today",
            "2026-11-25",
            "--format",
            "json",
            "--lang",
            "en",
        ])
        .arg(file)
        .output()
        .expect("run kouza-guard scan");
    let text = String::from_utf8(output.stdout).unwrap();
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn validate(report: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contracts/scan.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(report), "{report:#}");
}

#[test]
fn the_demo_says_how_long_its_history_is_and_that_the_burst_is_a_flag() {
    let report = scan_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/yucho-demo.csv"));
    validate(&report);
    assert_eq!(
        report["checked"]["history"],
        serde_json::json!({"days": 76, "short": false})
    );
    let levels: Vec<&str> = report["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["flag"; 4]);
    assert!(report["emoney"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["reasons"].as_array().unwrap().is_empty())
        .all(|w| w["level"] == "ordinary"));
}

#[test]
fn a_one_month_printout_says_its_history_is_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-month.csv");
    // A generic export: one month; a first top-up of ¥3,000 to PayPay on day 20 (a short
    // history: it may be an old habit), and a burst to ドコモ口座.
    std::fs::write(
        &path,
        "日付,摘要,出金,入金,残高\n\
         2020/09/01,ﾃﾞﾝｷﾘﾖｳｷﾝ,8400,,500000\n\
         2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,100000,,400000\n\
         2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,90000,,310000\n\
         2020/09/15,ﾈﾝｷﾝ,,189750,499750\n\
         2020/09/20,PAYPAY,3000,,496750\n\
         2020/09/25,ATM,30000,,466750\n",
    )
    .unwrap();
    let report = scan_json(&path);
    validate(&report);
    assert_eq!(
        report["checked"]["history"],
        serde_json::json!({"days": 25, "short": true})
    );
    let emoney = report["emoney"].as_array().unwrap();
    let levels: Vec<(&str, &str)> = emoney
        .iter()
        .map(|w| (w["service"].as_str().unwrap(), w["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("docomo-koza", "flag"),
            ("docomo-koza", "flag"),
            ("paypay", "ordinary")
        ]
    );
    let reason = emoney[0]["reasons"][0].as_str().unwrap();
    assert!(reason.contains("only 3 days of history"), "{reason}");
}

#[test]
fn a_first_use_after_a_longer_history_is_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-months.csv");
    std::fs::write(
        &path,
        "日付,摘要,出金,入金,残高\n\
         2020/07/01,ﾃﾞﾝｷﾘﾖｳｷﾝ,8400,,500000\n\
         2020/08/03,ﾃﾞﾝｷﾘﾖｳｷﾝ,8100,,491900\n\
         2020/08/20,ﾒﾙﾍﾟｲ,3000,,488900\n",
    )
    .unwrap();
    let report = scan_json(&path);
    validate(&report);
    assert_eq!(report["flagged"][0]["level"], "question");
    let reason = report["flagged"][0]["reasons"][0].as_str().unwrap();
    assert!(
        reason.contains("If you started using it yourself"),
        "{reason}"
    );
}

#[test]
fn the_text_report_says_when_the_history_is_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.csv");
    std::fs::write(
        &path,
        "日付,摘要,出金,入金,残高\n2020/09/01,ﾃﾞﾝｷﾘﾖｳｷﾝ,8400,,500000\n2020/09/10,PAYPAY,3000,,497000\n",
    )
    .unwrap();
    let text = |lang: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
            .args(["scan", "--today", "2026-11-25", "--lang", lang])
            .arg(&path)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(
        text("en").contains("The history covers only 10 days"),
        "{}",
        text("en")
    );
    assert!(
        text("ja").contains("明細が10日分と短いため"),
        "{}",
        text("ja")
    );
    let long = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(["scan", "--today", "2026-11-25", "--lang", "en"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/yucho-demo.csv"))
        .output()
        .unwrap();
    assert!(!String::from_utf8(long.stdout)
        .unwrap()
        .contains("The history covers only"));
}
