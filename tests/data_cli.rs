//! `kouza-guard data …`: a branch trusts its key on purpose, installs a signed bundle, and the
//! CLI then knows what the bundle taught it; a tampered bundle changes nothing. The data version in
//! use is on every sheet (PDF and CSV) and in every scan. Also: a statement's error reads in the
//! language asked for.

use std::path::Path;
use std::process::{Command, Output};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn kouza_guard(data_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .env("XDG_DATA_HOME", data_home)
        .output()
        .expect("run kouza-guard")
}

fn bundle(keys: &minisign::KeyPair, serial: u64) -> String {
    let read =
        |path: &str| std::fs::read_to_string(Path::new(REPO).join("data").join(path)).unwrap();
    let catalog = read("catalog/services.toml")
        + "\n[[service]]\nid = \"zz-new-pay\"\nname_ja = \"ニューペイ\"\nname_en = \"New Pay\"\n\
           operator_ja = \"株式会社ニューペイ\"\noperator_en = \"New Pay Inc.\"\n\
           about_ja = \"新しい決済サービスです。\"\nabout_en = \"A new payment service.\"\n\
           aliases = [\"ニユーペイ\"]\nnot = []\n";
    let payload = serde_json::json!({
        "format": 1, "serial": serial, "label": "branch update",
        "catalog": catalog, "steps": read("guidance/steps.toml"),
        "contacts": read("guidance/contacts.toml"), "deadlines": read("guidance/deadlines.toml"),
    })
    .to_string();
    let signature =
        minisign::sign(Some(&keys.pk), &keys.sk, payload.as_bytes(), None, None).unwrap();
    serde_json::json!({"payload": payload, "signature": signature.into_string()}).to_string()
}

#[test]
fn a_branch_installs_a_signed_update_and_the_cli_knows_the_new_service() {
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let keys = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let key_file = files.path().join("branch.pub");
    std::fs::write(&key_file, keys.pk.to_box().unwrap().into_string()).unwrap();
    let good = files.path().join("good.json");
    std::fs::write(&good, bundle(&keys, 2099010100)).unwrap();
    let tampered = files.path().join("tampered.json");
    std::fs::write(
        &tampered,
        bundle(&keys, 2099010100).replace("New Pay", "New Pal"),
    )
    .unwrap();

    // Not trusted yet.
    let output = kouza_guard(home.path(), &["data", "install", good.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not trust"));

    let output = kouza_guard(home.path(), &["data", "trust", key_file.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = kouza_guard(
        home.path(),
        &["data", "install", tampered.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("changed after it was signed"));
    let explained = kouza_guard(home.path(), &["explain", "--lang", "en", "ﾆﾕｰﾍﾟｲ"]);
    assert!(!String::from_utf8_lossy(&explained.stdout).contains("New Pay"));

    let output = kouza_guard(home.path(), &["data", "install", good.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let explained = kouza_guard(home.path(), &["explain", "--lang", "en", "ﾆﾕｰﾍﾟｲ"]);
    assert!(String::from_utf8_lossy(&explained.stdout).contains("New Pay"));
    let status = kouza_guard(home.path(), &["data", "status"]);
    assert!(String::from_utf8_lossy(&status.stdout)
        .contains("branch update (serial 2099010100, installed bundle)"));
}

/// The text of a PDF, through poppler's pdftotext (installed by `scripts/setup.sh test`).
fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is missing; run scripts/setup.sh test");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The sheet (PDF text and CSV) and the scan (text and JSON) of the demo statement, as the CLI
/// writes them with the data in use under `data_home`.
fn sheet_and_scan(data_home: &Path) -> (String, String, String, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let (pdf, csv) = (out.path().join("sheet.pdf"), out.path().join("sheet.csv"));
    let demo = format!("{REPO}/data/demo/yucho-demo.csv");
    let output = kouza_guard(
        data_home,
        &[
            "report",
            "--today",
            "2020-09-14",
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
            &demo,
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let scan = |format: &str| {
        let output = kouza_guard(
            data_home,
            &["scan", "--lang", "ja", "--format", format, &demo],
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let json = serde_json::from_str(&scan("json")).unwrap();
    (
        pdf_text(&pdf),
        std::fs::read_to_string(&csv).unwrap(),
        scan("text"),
        json,
    )
}

#[test]
fn every_sheet_and_scan_says_which_data_judged_it() {
    let home = tempfile::tempdir().unwrap();
    let (pdf, csv, text, json) = sheet_and_scan(home.path());
    let builtin = "2026113000（2026-11-30・アプリに組み込み built in）";
    assert!(
        pdf.contains(&format!("データ版 Data version: {builtin}")),
        "{pdf}"
    );
    assert!(
        csv.lines()
            .all(|line| line.ends_with(builtin) || line.ends_with("データ版 Data version")),
        "{csv}"
    );
    assert!(
        text.contains("・データ版 2026113000（2026-11-30・アプリに組み込み）"),
        "{text}"
    );
    assert_eq!(
        json["checked"]["data"],
        serde_json::json!({"serial": 2026113000u64, "label": "2026-11-30", "fromBundle": false})
    );

    let files = tempfile::tempdir().unwrap();
    let keys = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let key_file = files.path().join("branch.pub");
    std::fs::write(&key_file, keys.pk.to_box().unwrap().into_string()).unwrap();
    let update = files.path().join("update.json");
    std::fs::write(&update, bundle(&keys, 2099010100)).unwrap();
    for args in [
        ["data", "trust", key_file.to_str().unwrap()],
        ["data", "install", update.to_str().unwrap()],
    ] {
        let output = kouza_guard(home.path(), &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let (pdf, csv, text, json) = sheet_and_scan(home.path());
    let updated = "2099010100（branch update・署名付きの更新 signed update）";
    assert!(
        pdf.contains(&format!("データ版 Data version: {updated}")),
        "{pdf}"
    );
    // On every page, should one be filed apart from the others.
    let pages = pdf
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .count();
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(
        pdf.matches("相談票 Consultation sheet・データ版 Data version 2099010100")
            .count(),
        pages,
        "{pdf}"
    );
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].ends_with(",データ版 Data version"), "{csv}");
    assert_eq!(rows.len(), 6, "four withdrawals and the total: {csv}");
    assert!(rows[1..].iter().all(|row| row.ends_with(updated)), "{csv}");
    assert!(
        text.contains("・データ版 2099010100（branch update・署名付きの更新）"),
        "{text}"
    );
    assert_eq!(
        json["checked"]["data"],
        serde_json::json!({"serial": 2099010100u64, "label": "branch update", "fromBundle": true})
    );
    assert_eq!(
        json["checked"]["catalog"], "2026-11-30",
        "the catalog's own version is kept"
    );
}

#[test]
fn a_statements_error_reads_in_the_language_asked_for() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("meisai.csv");
    std::fs::write(
        &path,
        "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/4,abc,,ﾄﾞｺﾓｺｳｻﾞ,1\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let ja = kouza_guard(home.path(), &["scan", "--lang", "ja", path]);
    assert_eq!(ja.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&ja.stderr).trim(),
        "kouza-guard: meisai.csv: 2行目の「お引出し」欄: 金額が読めません（1,234 のような円の金額を想定）。書かれていたのは「abc」"
    );
    let en = kouza_guard(home.path(), &["scan", "--lang", "en", path]);
    assert!(
        String::from_utf8_lossy(&en.stderr).contains("line 2, field お引出し: expected an amount")
    );
}
