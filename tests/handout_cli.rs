//! The passbook hand-out through `kouza-guard handout`: one A4 page whose text (read back with
//! poppler's pdftotext) shows every service's passbook forms and the sourced contacts.

use std::path::Path;
use std::process::{Command, Output};

use kouza_guard::catalog::Catalog;

fn kouza_guard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kouza-guard"))
        .args(args)
        .output()
        .expect("run kouza-guard")
}

/// Runs a poppler tool (installed by `scripts/setup.sh test`) and returns its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is missing ({e}); run scripts/setup.sh test"));
    assert!(
        output.status.success(),
        "{tool} failed on {}",
        pdf.display()
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_handout_is_one_page_showing_every_services_forms_and_the_contacts() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["ja", "en"] {
        let pdf = dir.path().join(format!("handout-{lang}.pdf"));
        let run = kouza_guard(&["handout", "--lang", lang, "--out", pdf.to_str().unwrap()]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let info = poppler("pdfinfo", &[], &pdf);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
            "{info}"
        );
        let text = poppler("pdftotext", &[], &pdf);
        let catalog = Catalog::builtin();
        for service in catalog.services() {
            assert!(!service.passbook.is_empty(), "{}", service.id);
            for form in &service.passbook {
                assert!(
                    text.contains(&form.text),
                    "{lang}: form {} of {} is not in the hand-out",
                    form.text,
                    service.id
                );
            }
        }
        assert!(text.contains("ﾄﾞｺﾓｺｳｻﾞ"));
        assert!(text.contains("通帳のここを見てください"));
        assert!(text.contains("What to look for in your passbook"));
        for phone in ["0570-016811", "#9110", "188"] {
            assert!(text.contains(phone), "{lang}: {phone}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&pdf).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "written with private permissions");
        }
    }
}

#[test]
fn the_handout_never_overwrites_the_catalog_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("branch.toml");
    std::fs::write(&catalog, "version = \"branch-1\"\n").unwrap();
    let run = kouza_guard(&[
        "handout",
        "--catalog",
        catalog.to_str().unwrap(),
        "--out",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&catalog).unwrap(),
        "version = \"branch-1\"\n"
    );
}
