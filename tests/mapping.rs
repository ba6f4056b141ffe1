//! A person's own mapping for an export no known layout reads: `import --mapping` reads it, saves
//! the mapping for the bank, and the bank's next file is read without being described again.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const MAPPING: &str = r#"
bank = "Example Bank"
date = "Buchungstag"
date_format = "%d.%m.%Y"
description = ["Verwendungszweck"]
amount = { signed = "Betrag", withdrawals = "positive" }
balance = "Saldo"
"#;

fn run(home: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        // `--store=DIR` suits every command, `scan` included.
        .arg(format!("--store={}", home.join("store").display()))
        .arg("--passphrase-stdin")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "mapping test passphrase").unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_mapping_reads_an_unknown_export_and_is_reused_for_the_banks_next_file() {
    let home = tempfile::tempdir().unwrap();
    let mapping = home.path().join("example.toml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let september = home.path().join("2020-09.csv");
    std::fs::write(
        &september,
        "Kontoauszug\nBuchungstag,Verwendungszweck,Betrag,Saldo\n01.09.2020,ﾈﾝｷﾝ,-200000,300000\n04.09.2020,ﾄﾞｺﾓｺｳｻﾞ,30000,270000\n",
    )
    .unwrap();
    let october = home.path().join("2020-10.csv");
    std::fs::write(
        &october,
        "Buchungstag,Verwendungszweck,Betrag,Saldo\n04.10.2020,ﾃﾞﾝｷﾀﾞｲ,5000,265000\n",
    )
    .unwrap();
    let (september, october) = (september.to_str().unwrap(), october.to_str().unwrap());

    let unknown = run(home.path(), &["import", "--today", "2026-11-25", september]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("no header row of a known bank layout"),
        "{}",
        text(&unknown.stderr)
    );

    let mapped = run(
        home.path(),
        &[
            "import",
            "--today",
            "2026-11-25",
            "--account",
            "Giro",
            "--mapping",
            mapping.to_str().unwrap(),
            september,
        ],
    );
    assert!(mapped.status.success(), "{}", text(&mapped.stderr));
    let out = text(&mapped.stdout);
    assert!(
        out.contains(
            "2020-09.csv [mapping: Example Bank] → Giro: 2 rows, 2020-09-01 – 2020-09-04, 2 new"
        ),
        "{out}"
    );
    assert!(
        out.contains("The mapping for Example Bank is saved"),
        "{out}"
    );

    // The next file from the bank: no --mapping needed.
    let reused = run(
        home.path(),
        &[
            "import",
            "--today",
            "2026-11-25",
            "--account",
            "Giro",
            october,
        ],
    );
    assert!(reused.status.success(), "{}", text(&reused.stderr));
    assert!(
        text(&reused.stdout).contains("2020-10.csv [mapping: Example Bank] → Giro: 1 rows"),
        "{}",
        text(&reused.stdout)
    );

    // Money out is positive in this bank's column: stored as withdrawals.
    let scanned = run(
        home.path(),
        &[
            "scan",
            "--format",
            "json",
            "--today",
            "2026-11-25",
            "--account",
            "Giro",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&scanned.stdout).unwrap();
    assert_eq!(report["transactions"], 3);
    assert_eq!(report["emoney"][0]["amount"], -30000);
    assert_eq!(report["emoney"][0]["description"], "ﾄﾞｺﾓｺｳｻﾞ");
}

#[test]
fn a_row_outside_the_mappings_date_form_is_refused_with_its_line_and_field() {
    let home = tempfile::tempdir().unwrap();
    let mapping = home.path().join("example.toml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let file = home.path().join("bad.csv");
    std::fs::write(
        &file,
        "Buchungstag,Verwendungszweck,Betrag,Saldo\n01.09.2020,ﾈﾝｷﾝ,-200000,300000\n2020-09-04,ﾄﾞｺﾓｺｳｻﾞ,30000,270000\n",
    )
    .unwrap();
    let refused = run(
        home.path(),
        &[
            "import",
            "--today",
            "2026-11-25",
            "--mapping",
            mapping.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr).trim(),
        "kouza-guard: bad.csv: line 3, field Buchungstag: expected a date in the form %d.%m.%Y (from the mapping), found \"2020-09-04\""
    );
    assert!(
        !home.path().join("store").join("store.db").exists(),
        "nothing stored"
    );

    let broken = home.path().join("broken.toml");
    std::fs::write(
        &broken,
        MAPPING.replace("description = [\"Verwendungszweck\"]", ""),
    )
    .unwrap();
    let refused = run(
        home.path(),
        &[
            "import",
            "--mapping",
            broken.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("broken.toml: "),
        "{}",
        text(&refused.stderr)
    );
}
