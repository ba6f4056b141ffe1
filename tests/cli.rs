//! The `kouza-guard` binary as a person or a script uses it.

use std::process::{Command, Output};

fn kouza_guard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .expect("run kouza-guard")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

#[test]
fn help_names_the_program_and_its_commands() {
    let output = kouza_guard(&["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("Usage: kouza-guard"), "{text}");
    assert!(text.contains("demo"), "{text}");
    assert!(text.contains("show"), "{text}");
}

#[test]
fn version_is_the_crate_version() {
    let output = kouza_guard(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output).trim(),
        format!("kouza-guard {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn demo_is_labelled_and_lists_the_docomo_burst() {
    let output = kouza_guard(&["demo"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.starts_with("*** デモデータ (Demo data — not a real account) ***"),
        "{text}"
    );
    assert!(text.contains("2020-07-01 – 2020-09-14, 19 rows"), "{text}");
    assert_eq!(text.matches("ﾄﾞｺﾓｺｳｻﾞ").count(), 4, "{text}");
    assert!(
        !text.contains("12345671"),
        "the full account number must never be printed"
    );
}

#[test]
fn show_reads_a_cp932_yucho_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yucho.csv");
    let text = "記号番号,10170-99998888\r\n取引日,入出金明細ＩＤ,受入金額（円）,払出金額（円）,詳細１,詳細２,現在（貸付）高,\r\n\
                20200904,11,,\"100,000\",振替,ﾄﾞｺﾓｺｳｻﾞ,\"366,207\",\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    std::fs::write(&path, &bytes).unwrap();

    let output = kouza_guard(&["show", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("ゆうちょ銀行 *********8888"), "{text}");
    assert!(
        text.contains("2020-09-04     -100000      366207  振替 ﾄﾞｺﾓｺｳｻﾞ"),
        "{text}"
    );
}

#[test]
fn a_bad_amount_names_file_line_and_field_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.csv");
    std::fs::write(
        &path,
        "取引日,入出金明細ＩＤ,受入金額（円）,払出金額（円）,詳細１,詳細２,現在（貸付）高\n\
         20200903,1,,3000,振替,PAYPAY,10000\n\
         20200904,2,,1O0000,振替,ﾄﾞｺﾓｺｳｻﾞ,9000\n",
    )
    .unwrap();
    let output = kouza_guard(&["show", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stdout(&output),
        "",
        "nothing from a broken file is shown as if it were read"
    );
    assert_eq!(
        stderr(&output).trim(),
        "kouza-guard: broken.csv: line 3, field 払出金額（円）: expected an amount in yen such as 1,234, found \"1O0000\""
    );
}

#[test]
fn an_unknown_layout_says_what_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.csv");
    std::fs::write(&path, "when,what,how much\n2020-09-04,coffee,300\n").unwrap();
    let output = kouza_guard(&["show", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message
            .starts_with("kouza-guard: other.csv: no header row of a known bank layout was found"),
        "{message}"
    );
    // The row found, not a fixed example of some bank's header.
    assert!(message.contains("line 1: when,what,how much"), "{message}");
    assert!(!message.contains("払出金額"), "{message}");
}

#[test]
fn a_missing_file_is_named() {
    let output = kouza_guard(&["show", "/nonexistent/statement.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("kouza-guard: statement.csv: could not read the file:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn explain_names_the_service_in_the_language_asked() {
    let output = kouza_guard(&["explain", "--lang", "en", "ﾃﾞｲｰﾊﾞﾗｲ"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.starts_with("\"ﾃﾞｲｰﾊﾞﾗｲ\" is a top-up of docomo Koza (d Barai)"),
        "{text}"
    );
    assert!(text.contains("Operator: NTT DOCOMO, INC."), "{text}");
}

#[test]
fn explain_defaults_to_japanese_when_the_locale_is_neither() {
    let output = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(["explain", "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ"])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stdout(&output).trim(), "「NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ」は携帯電話・通信料金の引き落としです。電子マネーへのチャージではありません。");
}

/// A statement whose text carries terminal escape sequences: clear the screen, set the window's
/// title, an 8-bit CSI, a carriage return, a right-to-left override.
const HOSTILE: &str = "日付,摘要,出金,入金\n2020/09/04,\"ﾍﾟｲﾍﾟｲ\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\r\u{202e}x\",5000,\n";

/// Whether `text` holds a character a terminal would obey rather than show.
fn obeyed(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

#[test]
fn show_prints_control_characters_escaped_not_raw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.csv");
    std::fs::write(&path, HOSTILE).unwrap();
    let output = kouza_guard(&["show", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!obeyed(&text), "{text:?}");
    assert!(
        text.contains("ﾍﾟｲﾍﾟｲ\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{9b}31m"),
        "{text}"
    );
    // The line break inside the description (read as \n) stays on the row's own line.
    assert!(text.contains("31m\\n\\u{202e}x\n"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn error_messages_and_explain_print_control_characters_escaped() {
    let output = kouza_guard(&["show", "no-such\u{1b}]0;pwned\u{7}.csv"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(!obeyed(&message), "{message:?}");
    assert!(
        message.contains("no-such\\u{1b}]0;pwned\\u{7}.csv"),
        "{message}"
    );

    let output = kouza_guard(&["explain", "--lang", "en", "ﾃﾞｲｰﾊﾞﾗｲ\u{1b}[2J"]);
    let text = stdout(&output);
    assert!(!obeyed(&text), "{text:?}");
}

/// Runs with `stdin` fed in, in a private HOME and without a keychain (the store by passphrase).
fn with_stdin(home: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kouza-guard");
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_prints_an_account_label_escaped() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let store = store.to_str().unwrap();
    let demo = format!("{}/data/demo/yucho-demo.csv", env!("CARGO_MANIFEST_DIR"));
    let label = "年金\u{1b}]0;pwned\u{7}\u{9b}2J";
    let imported = with_stdin(
        home.path(),
        &[
            "import",
            "--store",
            store,
            "--passphrase-stdin",
            "--account",
            label,
            "--today",
            "2026-11-25",
            &demo,
        ],
        "umi to yama\n",
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(!obeyed(&stdout(&imported)), "{}", stdout(&imported));
    let listed = with_stdin(
        home.path(),
        &["accounts", "--store", store, "--passphrase-stdin"],
        "umi to yama\n",
    );
    assert!(listed.status.success(), "{}", stderr(&listed));
    let text = stdout(&listed);
    assert!(!obeyed(&text), "{text:?}");
    assert!(
        text.contains("年金\\u{1b}]0;pwned\\u{7}\\u{9b}2J"),
        "{text}"
    );
}
