//! Where `kouza-guard report` writes, and how: never over a statement it read, never two
//! statements into one sheet, and every file readable by its owner only (issue 19, items 4, 17).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kouza_guard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .expect("run kouza-guard")
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A copy of a fixture at `to`, its folders made.
fn statement(from: &str, to: &Path) -> Vec<u8> {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(fixture(from), to).unwrap();
    std::fs::read(to).unwrap()
}

fn text(path: &Path) -> String {
    path.to_str().unwrap().to_owned()
}

fn succeeded(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn two_customers_meisai_csv_from_two_folders_get_two_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("tanaka/meisai.csv");
    let second = dir.path().join("suzuki/meisai.csv");
    statement("app/smbc-burst.csv", &first);
    statement("csv/yucho.csv", &second);
    let out = dir.path().join("sheets");
    let output = kouza_guard(&[
        "report",
        "--each",
        "--today",
        "2026-11-25",
        "--out",
        &text(&out),
        &text(&first),
        &text(&second),
    ]);
    succeeded(&output);
    let said = String::from_utf8_lossy(&output.stdout);
    for name in ["meisai.pdf", "meisai.csv", "meisai-2.pdf", "meisai-2.csv"] {
        assert!(out.join(name).is_file(), "{name}: {said}");
    }
    assert!(said.contains("meisai-2.pdf (0 to report)"), "{said}");
    // The first customer's sheet is the first customer's: three withdrawals and the total.
    let csv = std::fs::read_to_string(out.join("meisai.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
}

#[test]
fn a_batch_into_the_statements_own_folder_leaves_every_statement_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("meisai.csv");
    let second = dir.path().join("yucho.csv");
    let before = [
        statement("app/smbc-burst.csv", &first),
        statement("csv/yucho.csv", &second),
    ];
    let output = kouza_guard(&[
        "report",
        "--each",
        "--today",
        "2026-11-25",
        "--out",
        &text(dir.path()),
        &text(&first),
        &text(&second),
    ]);
    succeeded(&output);
    assert!(
        std::fs::read(&first).unwrap() == before[0],
        "meisai.csv was overwritten"
    );
    assert!(
        std::fs::read(&second).unwrap() == before[1],
        "yucho.csv was overwritten"
    );
    for name in ["meisai-2.pdf", "meisai-2.csv", "yucho-2.pdf", "yucho-2.csv"] {
        assert!(dir.path().join(name).is_file(), "{name}");
    }
}

#[test]
fn a_sheet_named_as_a_statement_read_is_refused_and_the_statement_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("meisai.csv");
    let before = statement("app/smbc-burst.csv", &input);
    let pdf = dir.path().join("sheet.pdf");
    for args in [
        vec!["--out", input.to_str().unwrap()],
        vec![
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            input.to_str().unwrap(),
        ],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
            .args(["report", "--today", "2026-11-25"])
            .args(&args)
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains(&format!(
                "{0}: this is {0}, read in this run",
                input.display()
            )),
            "{message}"
        );
        assert!(
            std::fs::read(&input).unwrap() == before,
            "overwritten: {args:?}"
        );
        assert!(
            !pdf.exists(),
            "nothing is written when an output is refused"
        );
    }
}

#[test]
fn a_sheet_never_takes_the_place_of_the_contacts_or_catalog_file_read() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.toml");
    let contacts_text = "[[contact]]\nid = \"branch\"\nname_ja = \"中央支店\"\nname_en = \"Central branch\"\nphone = \"03-0000-0000\"\nsource = \"branch list\"\n";
    std::fs::write(&contacts, contacts_text).unwrap();
    let catalog = dir.path().join("services.toml");
    std::fs::write(&catalog, "version = \"branch-1\"\n").unwrap();
    for (flag, file) in [("--contacts", &contacts), ("--catalog", &catalog)] {
        let before = std::fs::read(file).unwrap();
        let output = kouza_guard(&[
            "report",
            flag,
            &text(file),
            "--today",
            "2026-11-25",
            "--out",
            &text(file),
            &text(&fixture("app/smbc-burst.csv")),
        ]);
        let message = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flag}: {message}");
        assert!(message.contains("read in this run"), "{flag}: {message}");
        assert!(
            std::fs::read(file).unwrap() == before,
            "{flag}: overwritten"
        );
    }
}

#[test]
fn the_pdf_and_the_csv_are_never_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.pdf");
    let output = kouza_guard(&[
        "report",
        "--today",
        "2026-11-25",
        "--out",
        &text(&sheet),
        "--csv",
        &text(&sheet),
        &text(&fixture("app/smbc-burst.csv")),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("written to the same file"), "{message}");
    assert!(!sheet.exists());
}

#[cfg(unix)]
#[test]
fn sheets_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("sheet.pdf");
    let csv = dir.path().join("sheet.csv");
    // An older sheet, world-readable, is replaced by a private one.
    std::fs::write(&csv, "old").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).unwrap();
    succeeded(&kouza_guard(&[
        "report",
        "--today",
        "2026-11-25",
        "--out",
        &text(&pdf),
        "--csv",
        &text(&csv),
        &text(&fixture("app/smbc-burst.csv")),
    ]));
    assert_eq!(mode(&pdf), 0o600);
    assert_eq!(mode(&csv), 0o600);

    let out = dir.path().join("batch");
    succeeded(&kouza_guard(&[
        "report",
        "--each",
        "--today",
        "2026-11-25",
        "--out",
        &text(&out),
        &text(&fixture("app/smbc-burst.csv")),
    ]));
    assert_eq!(mode(&out), 0o700);
    assert_eq!(mode(&out.join("smbc-burst.pdf")), 0o600);
    assert_eq!(mode(&out.join("smbc-burst.csv")), 0o600);
}

/// The CLI, started with core dumps allowed, turns them off for itself first thing: a crash must
/// not leave decrypted statements in a core file. Read from /proc while it waits on its input.
#[cfg(target_os = "linux")]
#[test]
fn the_cli_writes_no_core_dump() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -S -c unlimited 2>/dev/null || ulimit -S -c \"$(ulimit -H -c)\"; exec \"$0\" accounts --store \"$1\" --passphrase-stdin")
        .arg(env!("CARGO_BIN_EXE_kouza-guard"))
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let limits = format!("/proc/{}/limits", child.id());
    let started = std::time::Instant::now();
    let mut line = String::new();
    // Waits until the program itself runs (the shell's limit is not 0), at most 5 s.
    while started.elapsed() < std::time::Duration::from_secs(5) {
        let exe = std::fs::read_link(format!("/proc/{}/exe", child.id())).unwrap_or_default();
        if exe.ends_with("kouza-guard") {
            std::thread::sleep(std::time::Duration::from_millis(200));
            line = std::fs::read_to_string(&limits)
                .unwrap_or_default()
                .lines()
                .find(|l| l.starts_with("Max core file size"))
                .unwrap_or_default()
                .to_owned();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.stdin.take().unwrap().write_all(b"\n");
    let _ = child.wait();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields.get(4..6), Some(&["0", "0"][..]), "{line}");
}
