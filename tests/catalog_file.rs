//! A branch's or user's catalog file extends the built-in one, in every command that judges or
//! explains: a new service is found, and a bad file is refused with its name and the problem.

use std::process::Command;

const BRANCH_CATALOG: &str = r#"
version = "branch-2026-11"

[[service]]
id = "acme-pay"
name_ja = "アクメペイ"
name_en = "Acme Pay"
operator_ja = "株式会社アクメ"
operator_en = "Acme Co., Ltd."
about_ja = "テスト用の架空の決済サービスです。"
about_en = "A made-up payment service for this test."
aliases = ["アクメペイ"]
"#;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_branch_catalog_adds_a_service_to_explain_and_scan() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("branch.toml");
    std::fs::write(&catalog, BRANCH_CATALOG).unwrap();
    let catalog = catalog.to_str().unwrap();

    let unknown = run(&["explain", "--lang", "en", "ｱｸﾒﾍﾟｲ"]);
    assert!(String::from_utf8_lossy(&unknown.stdout).contains("matches none"));
    let known = run(&["explain", "--lang", "en", "--catalog", catalog, "ｱｸﾒﾍﾟｲ"]);
    let text = String::from_utf8_lossy(&known.stdout);
    assert!(text.contains("is a top-up of Acme Pay"), "{text}");
    assert!(text.contains("Operator: Acme Co., Ltd."), "{text}");

    let statement = dir.path().join("statement.csv");
    std::fs::write(
        &statement,
        "日付,摘要,出金,入金,残高\n2020/09/01,ﾈﾝｷﾝ,,100000,100000\n2020/09/04,ｱｸﾒﾍﾟｲ,30000,,70000\n",
    )
    .unwrap();
    let scanned = run(&[
        "scan",
        "--format",
        "json",
        "--today",
        "2026-11-25",
        "--catalog",
        catalog,
        statement.to_str().unwrap(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&scanned.stdout).unwrap();
    assert_eq!(report["emoney"][0]["service"], "acme-pay");
    assert_eq!(report["checked"]["catalog"], "2026-11-30+branch-2026-11");
}

#[test]
fn a_bad_catalog_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("broken.toml");
    std::fs::write(
        &catalog,
        BRANCH_CATALOG.replace("aliases = [\"アクメペイ\"]", ""),
    )
    .unwrap();
    let refused = run(&["explain", "--catalog", catalog.to_str().unwrap(), "ｱｸﾒﾍﾟｲ"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("broken.toml"), "{message}");
    let missing = run(&["explain", "--catalog", "/nonexistent/catalog.toml", "x"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/catalog.toml"));
}

/// A branch's file may write names as parts with sources, as the built-in one does; its mixed
/// and cut forms are found, and a malformed pattern is refused naming the service.
#[test]
fn a_branch_catalog_may_write_names_as_parts_with_sources() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("branch.toml");
    std::fs::write(
        &catalog,
        BRANCH_CATALOG.replace(
            "aliases = [\"アクメペイ\"]",
            "aliases = [{ text = \"[アクメ|ACME][ペイ|PAY]\", source = \"the branch's passbook, 2026-11\" }]",
        ),
    )
    .unwrap();
    let catalog = catalog.to_str().unwrap();
    for line in ["ACMEﾍﾟｲ", "ﾌﾘｶｴ ｱｸﾒPAY", "ｿｸｼﾞﾂﾌﾘｶｴ ｱｸﾒﾍﾟ"]
    {
        let known = run(&["explain", "--lang", "en", "--catalog", catalog, line]);
        let text = String::from_utf8_lossy(&known.stdout);
        assert!(text.contains("is a top-up of Acme Pay"), "{line}: {text}");
    }

    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        BRANCH_CATALOG.replace("aliases = [\"アクメペイ\"]", "aliases = [\"[アクメ|ACME\"]"),
    )
    .unwrap();
    let refused = run(&["explain", "--catalog", broken.to_str().unwrap(), "x"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("broken.toml")
            && message.contains("acme-pay")
            && message.contains("not closed"),
        "{message}"
    );
}
