//! `kouza-guard scan` as other tools use it: its JSON validated against the contract's schema
//! (tests/contracts/scan.schema.json, from shared/contracts), its exit codes, and --each.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const TODAY: &str = "2026-11-25";

fn scan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .arg("scan")
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("run kouza-guard scan")
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

fn demo() -> String {
    repo("data/demo/yucho-demo.csv")
}

fn validate(report: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/contracts/scan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the contract is a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn the_demo_report_follows_the_contract_and_flags_the_burst() {
    let output = scan(&["--format", "json", "--lang", "en", &demo()]);
    assert_eq!(output.status.code(), Some(1), "something is flagged");
    let reports = json_lines(&output);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    validate(report);
    assert_eq!(report["transactions"], 19);
    assert_eq!(report["checked"]["from"], "2020-07-01");
    assert_eq!(report["checked"]["to"], "2020-09-14");
    assert_eq!(report["checked"]["gaps"], serde_json::json!([]));
    let flagged = report["flagged"].as_array().unwrap();
    let amounts: Vec<i64> = flagged
        .iter()
        .map(|f| f["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [-100_000, -90_000, -90_000, -20_000]);
    assert!(flagged
        .iter()
        .all(|f| f["service"] == "docomo-koza" && f["description"] == "振替 ﾄﾞｺﾓｺｳｻﾞ"));
    assert_eq!(
        flagged[0]["reasons"][0],
        "First payment ever to docomo Koza (d Barai), followed by 3 more the same day: ¥300,000 in total"
    );
    let emoney = report["emoney"].as_array().unwrap();
    assert_eq!(
        emoney.len(),
        7,
        "the four flagged and the three ordinary PayPay top-ups"
    );
    assert!(emoney
        .iter()
        .filter(|e| e["service"] == "paypay")
        .all(|e| e["reasons"] == serde_json::json!([])));
}

#[test]
fn nothing_flagged_exits_0() {
    let output = scan(&["--format", "json", &repo("tests/fixtures/csv/mufg.csv")]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = &json_lines(&output)[0];
    validate(report);
    assert_eq!(report["flagged"], serde_json::json!([]));
    assert_eq!(
        report["emoney"].as_array().unwrap().len(),
        1,
        "the one PayPay top-up, in the warm-up, ordinary"
    );
}

#[test]
fn overlapping_files_of_one_account_count_each_row_once() {
    let output = scan(&["--format", "json", &demo(), &demo()]);
    let report = &json_lines(&output)[0];
    assert_eq!(report["transactions"], 19);
    assert_eq!(report["flagged"].as_array().unwrap().len(), 4);
}

#[test]
fn each_file_is_its_own_account_and_a_bad_one_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/2,abc,,X,1\n",
    )
    .unwrap();
    let bad = bad.display().to_string();
    let output = scan(&[
        "--each",
        "--format",
        "json",
        &demo(),
        &bad,
        &repo("tests/fixtures/csv/mufg.csv"),
    ]);
    assert_eq!(output.status.code(), Some(2), "an error wins over flags");
    let reports = json_lines(&output);
    assert_eq!(reports.len(), 2);
    for report in &reports {
        validate(report);
    }
    assert_eq!(reports[0]["file"], demo());
    assert_eq!(reports[1]["file"], repo("tests/fixtures/csv/mufg.csv"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "kouza-guard: bad.csv: line 2, field お引出し: expected an amount in yen such as 1,234, found \"abc\""
    );
}

#[test]
fn a_batch_reports_in_the_order_given_and_says_its_throughput_when_asked() {
    let files: Vec<String> = [
        "mufg.csv",
        "smbc.csv",
        "mizuho.csv",
        "rakuten.csv",
        "yucho.csv",
    ]
    .iter()
    .map(|name| repo(&format!("tests/fixtures/csv/{name}")))
    .collect();
    let mut args = vec!["--each", "--throughput", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let output = scan(&args);
    let reports = json_lines(&output);
    let order: Vec<&str> = reports
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(order, files.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("kouza-guard: scanned 5 files, ") && stderr.contains("rows/s"),
        "{stderr}"
    );
}

#[test]
fn without_each_any_bad_file_stops_the_scan() {
    let output = scan(&["--format", "json", &demo(), "/nonexistent/x.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "no partial report");
}

#[test]
fn a_row_after_today_is_refused_as_misread() {
    let output = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(["scan", "--today", "2020-09-01", &demo()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim(),
        "kouza-guard: yucho-demo.csv: line 20: the row is dated 2020-09-04, after today (2020-09-01); check the file's dates or the year given"
    );
}

#[test]
fn an_unknown_known_service_is_an_error() {
    let output = scan(&["--known", "paypai", &demo()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .starts_with("kouza-guard: --known paypai: no such service; expected one of au-pay,"));
}

#[test]
fn a_declared_service_is_still_judged_when_it_bursts() {
    let output = scan(&[
        "--format",
        "json",
        "--lang",
        "en",
        "--known",
        "docomo-koza",
        "--known",
        "paypay",
        &demo(),
    ]);
    let report = &json_lines(&output)[0];
    validate(report);
    let reasons = &report["flagged"][0]["reasons"][0];
    assert_eq!(reasons, "4 payments to docomo Koza (d Barai) the same day: ¥300,000 in total, with no earlier history to compare them with");
}

#[test]
fn a_gap_in_the_balances_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("gap.csv");
    std::fs::write(
        &path,
        "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/1,1000,,A,9000\n2020/9/20,1000,,B,5000\n",
    )
    .unwrap();
    let output = scan(&["--format", "json", &path.display().to_string()]);
    let report = &json_lines(&output)[0];
    validate(report);
    let gap = &report["checked"]["gaps"][0];
    assert_eq!(gap["file"], "gap.csv");
    assert_eq!(
        (
            gap["afterLine"].as_i64(),
            gap["beforeLine"].as_i64(),
            gap["unexplained"].as_i64()
        ),
        (Some(2), Some(3), Some(-3000))
    );
    let text = scan(&["--lang", "en", &path.display().to_string()]);
    assert!(String::from_utf8(text.stdout).unwrap().contains("Warning: the balances in gap.csv break between 2020-09-01 (line 2) and 2020-09-20 (line 3) (-¥3,000 unaccounted for)"));
}

#[test]
fn the_text_report_says_what_was_checked() {
    let output = scan(&["--lang", "en", &repo("tests/fixtures/csv/mufg.csv")]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("Checked: 2020-09-01 – 2020-09-25 · 4 rows · catalog "),
        "{text}"
    );
    assert!(
        text.contains("No unfamiliar e-money withdrawals."),
        "{text}"
    );
}

/// The SMBC burst with terminal escape sequences after the first ﾃﾞｲｰﾊﾞﾗｲ (UTF-8): a flagged
/// row, so its text is printed.
fn hostile_burst(dir: &Path) -> PathBuf {
    let bytes = std::fs::read(repo("tests/fixtures/app/smbc-burst.csv")).unwrap();
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    let text = text.replacen("ﾃﾞｲｰﾊﾞﾗｲ", "ﾃﾞｲｰﾊﾞﾗｲ \u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}", 1);
    let path = dir.join("hostile.csv");
    std::fs::write(&path, text.as_bytes()).unwrap();
    path
}

fn obeyed(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

#[test]
fn text_scan_prints_statement_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_burst(dir.path());
    let output = scan(&["--lang", "en", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "still flagged");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!obeyed(&text), "{text:?}");
    assert!(
        text.contains("ﾃﾞｲｰﾊﾞﾗｲ \\u{1b}]0;pwned\\u{7}\\u{9b}2J\\u{202e}"),
        "{text}"
    );
}

#[test]
fn json_scan_escapes_c1_controls_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_burst(dir.path());
    let output = scan(&["--format", "json", file.to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!obeyed(&text), "{text:?}");
    let report: Value = serde_json::from_str(&text).unwrap();
    validate(&report);
    assert!(
        text.contains("\\u009b2J\\u202e"),
        "written as JSON escapes: {text}"
    );
    fn strings(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(text) => out.push(text.clone()),
            Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
            Value::Object(fields) => fields.values().for_each(|item| strings(item, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&report, &mut all);
    assert!(
        all.iter()
            .any(|text| text.contains("pwned\u{7}\u{9b}2J\u{202e}")),
        "the description reads back exactly: {all:?}"
    );
}
