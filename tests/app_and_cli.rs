//! The app and the CLI read, store and judge statements by one path (issue 18): for the same
//! files they store the same rows with the same notes, flag the same withdrawals for the same
//! reasons, see the same breaks in the balances, and refuse the same files with the same words —
//! a file read through a mapping saved for its bank included.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kouza_guard::session::{MappedImport, Session};
use zeroize::Zeroizing;

const TODAY: &str = "2026-11-25";
const PASSPHRASE: &str = "umi to yama";

fn today() -> chrono::NaiveDate {
    TODAY.parse().unwrap()
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// What one side made of one file: the import, then the judgement of the account.
#[derive(Debug, PartialEq)]
struct Seen {
    rows: usize,
    added: usize,
    notes: usize,
    /// Date, amount, text, level and the reasons in English of each flagged withdrawal.
    flagged: Vec<(String, i64, String, String, Vec<String>)>,
    gaps: usize,
}

fn app_sees(session: &mut Session, file: &Path, label: &str) -> Result<Seen, String> {
    let outcomes = session
        .import(&[file.to_owned()], Some(label), today())
        .map_err(|error| error.to_string())?;
    let review = session.review(label).unwrap();
    let flagged = (review.findings.iter())
        .filter(|finding| finding.flagged)
        .map(|finding| {
            let row = &review.statement.transactions[finding.row];
            let level = serde_json::to_value(finding.level).unwrap();
            (
                row.booked.to_string(),
                row.amount,
                row.description.clone(),
                level.as_str().unwrap().to_owned(),
                finding.reasons.iter().map(|r| r.en.clone()).collect(),
            )
        })
        .collect();
    Ok(Seen {
        rows: outcomes[0].rows,
        added: outcomes[0].added,
        notes: outcomes[0].notes.len(),
        flagged,
        gaps: review.gaps.len(),
    })
}

/// Runs the CLI with the passphrase on its standard input: its success, stdout and stderr.
fn cli(args: &[&str]) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child.stdin.take().unwrap())
        .write_all(format!("{PASSPHRASE}\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code() != Some(2),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn cli_sees(
    store: &Path,
    file: &Path,
    label: &str,
    mapping: Option<&Path>,
) -> Result<Seen, String> {
    let store = store.to_str().unwrap();
    let file = file.to_str().unwrap();
    let mut import = vec!["import", "--store", store, "--passphrase-stdin"];
    import.extend(["--account", label, "--today", TODAY, file]);
    if let Some(mapping) = mapping {
        import.extend(["--mapping", mapping.to_str().unwrap()]);
    }
    let (ok, out, err) = cli(&import);
    if !ok {
        let last = err.lines().last().unwrap_or_default();
        return Err(last.trim_start_matches("kouza-guard: ").to_owned());
    }
    // "{source} [{layout}] → {account}: {rows} rows,{period} {added} new, {known} already stored"
    let summary = out.lines().next().unwrap();
    let number_before = |word: &str| -> usize {
        let before = &summary[..summary.find(word).unwrap()];
        let number = before.trim_end().rsplit(' ').next().unwrap();
        number.parse().unwrap()
    };
    let notes = out.lines().filter(|l| l.starts_with("  note: ")).count();
    let store_arg = format!("--store={store}");
    let (ok, out, err) = cli(&[
        "scan",
        &store_arg,
        "--passphrase-stdin",
        "--account",
        label,
        "--today",
        TODAY,
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let flagged = (report["flagged"].as_array().unwrap().iter())
        .map(|w| {
            (
                w["date"].as_str().unwrap().to_owned(),
                w["amount"].as_i64().unwrap(),
                w["description"].as_str().unwrap().to_owned(),
                w["level"].as_str().unwrap().to_owned(),
                (w["reasons"].as_array().unwrap().iter())
                    .map(|r| r.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    Ok(Seen {
        rows: number_before(" rows,"),
        added: number_before(" new,"),
        notes,
        flagged,
        gaps: report["checked"]["gaps"].as_array().unwrap().len(),
    })
}

/// Files the app and the CLI must agree on: every export the fixtures hold, newest-first and
/// year-less ones among them, and files refused for a row dated after today, an amount that is
/// not one, and a layout no one knows yet.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["csv", "ofx", "camt", "zengin"]
        .iter()
        .flat_map(|kind| std::fs::read_dir(fixture(kind)).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let header = "年月日,お引出し,お預入れ,お取り扱い内容,残高\n";
    for (name, rows) in [
        (
            "future.csv",
            "2020/9/1,1000,,ATM,9000\n2030/1/1,1,,ATM,8999\n",
        ),
        (
            "bad-amount.csv",
            "2020/9/1,1000,,ATM,9000\n2020/9/2,3万,,ATM,8000\n",
        ),
        (
            "burst-newest-first.csv",
            "2020/9/4,50000,,ﾄﾞｺﾓｺｳｻﾞ,100000\n2020/9/4,50000,,ﾄﾞｺﾓｺｳｻﾞ,150000\n\
             2020/9/3,1000,,ATM,200000\n2020/8/3,,201000,ｷﾕｳﾖ,201000\n",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, format!("{header}{rows}")).unwrap();
        files.push(path);
    }
    files.push(fixture("app/mirai-shinkin-2020-09.csv"));
    files
}

#[test]
fn the_app_and_the_cli_store_judge_and_refuse_the_same_files_alike() {
    let dir = tempfile::tempdir().unwrap();
    let files = files(dir.path());
    let mut session = Session::start(Ok(dir.path().join("app-store")), Vec::new());
    session
        .create(Some(Zeroizing::new(PASSPHRASE.to_owned())))
        .unwrap();
    let cli_store = dir.path().join("cli-store");
    let (mut read, mut refused, mut flagged) = (0, 0, 0);
    for (index, file) in files.iter().enumerate() {
        let label = format!("account {index}");
        let app = app_sees(&mut session, file, &label);
        let cli = cli_sees(&cli_store, file, &label, None);
        assert_eq!(app, cli, "{}", file.display());
        match app {
            Ok(seen) => {
                read += 1;
                flagged += seen.flagged.len();
            }
            Err(_) => refused += 1,
        }
    }
    assert!(read >= 25 && refused >= 4, "{read} read, {refused} refused");
    assert!(flagged >= 10, "{flagged} flagged in all");

    // The person describes ミライ信用金庫's export once, in the app's mapping step or with
    // --mapping; the bank's next file then reads through the saved mapping on both sides.
    let september = fixture("app/mirai-shinkin-2020-09.csv");
    let mapped = MappedImport {
        mapping: common::mirai_mapping(),
        encoding: None,
        first_year: None,
    };
    session
        .import(std::slice::from_ref(&september), Some("mirai"), today())
        .unwrap_err();
    session.import_with_mapping(mapped, today()).unwrap();
    let toml = dir.path().join("mirai.toml");
    std::fs::write(&toml, common::mirai_mapping().to_toml()).unwrap();
    cli_sees(&cli_store, &september, "mirai", Some(&toml)).unwrap();
    let october = fixture("app/mirai-shinkin-2020-10.csv");
    let app = app_sees(&mut session, &october, "mirai").unwrap();
    let cli = cli_sees(&cli_store, &october, "mirai", None).unwrap();
    assert_eq!(app, cli);
    assert!(app.added > 0, "{app:?}");
}

#[test]
fn a_file_listing_the_newest_first_is_stored_row_by_row_in_its_statements_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = files(dir.path())
        .into_iter()
        .find(|f| f.ends_with("burst-newest-first.csv"))
        .unwrap();
    let mut session = Session::start(Ok(dir.path().join("store")), Vec::new());
    session
        .create(Some(Zeroizing::new(PASSPHRASE.to_owned())))
        .unwrap();
    let outcome = session
        .import(std::slice::from_ref(&file), Some("a"), today())
        .unwrap();
    assert_eq!(outcome[0].notes, [kouza_guard::ImportNote::NewestFirst]);
    let review = session.review("a").unwrap();
    let request = kouza_guard::import::Request::default();
    let statement = kouza_guard::import::read(&file, &request).unwrap();
    let rows = |t: &[kouza_guard::Transaction]| -> Vec<(String, i64, Option<i64>)> {
        t.iter()
            .map(|t| (t.booked.to_string(), t.amount, t.balance))
            .collect()
    };
    assert_eq!(
        rows(&review.statement.transactions),
        rows(&statement.transactions)
    );
    assert_eq!(
        rows(&review.statement.transactions)[2..],
        [
            ("2020-09-04".to_owned(), -50_000, Some(150_000)),
            ("2020-09-04".to_owned(), -50_000, Some(100_000))
        ]
    );
    assert_eq!(review.gaps, []);
}

#[test]
fn a_file_changed_between_its_check_and_its_storing_stores_nothing() {
    use kouza_guard::import::Request;
    use kouza_guard::session::importing::{check_file, store_files};
    use kouza_guard::store::{Protection, Store, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("smbc.csv");
    let rows = "年月日,お引出し,お預入れ,お取り扱い内容,残高\n2020/9/1,100,,ATM,900\n";
    std::fs::write(&file, rows).unwrap();
    let request = Request::default().until(today());
    let never = || Ok::<_, kouza_guard::import::ImportError>(Vec::new());
    let protection = Protection::Passphrase(Zeroizing::new(PASSPHRASE.to_owned()));
    let (mut store, _) = Store::create(&dir.path().join("store"), protection).unwrap();
    for changed in [
        format!("{rows}2020/9/2,100,,ATM,800\n"),
        "年月日,お引出し,お預入れ,お取り扱い内容,残高\n".to_owned(),
    ] {
        let checked = check_file(&file, &request, never).unwrap();
        assert_eq!(checked.facts().rows, 1);
        std::fs::write(&file, &changed).unwrap();
        let error = store_files(
            &mut store,
            vec![checked],
            Some("a"),
            &request,
            None,
            &mut |_| true,
        )
        .unwrap_err();
        assert!(
            matches!(error, StoreError::Changed(ref name) if name == "smbc.csv"),
            "{error}"
        );
        assert!(store.accounts().unwrap().is_empty(), "nothing was stored");
        std::fs::write(&file, rows).unwrap();
    }
}
