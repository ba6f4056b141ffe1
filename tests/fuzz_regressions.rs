//! Replays every input the fuzzers kept — the corpus under fuzz/corpus/ and any crash under
//! fuzz/artifacts/ — through the parser it was found for. An error is fine; a panic is a bug,
//! and this test names the file.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{detect, Holder};
use kouza_guard::import::{read_bytes, Format, Request};

fn run(target: &str, data: &[u8]) {
    let format = match target {
        "csv" => Format::Csv,
        "zengin" => Format::Zengin,
        "ofx" => Format::Ofx,
        "camt" => Format::Camt053,
        _ => {
            if let Ok(statement) = read_bytes("fuzz", data, &Request::default()) {
                let _ = detect(
                    &Catalog::builtin(),
                    &statement.transactions,
                    &Holder::default(),
                );
            }
            return;
        }
    };
    let _ = read_bytes(
        "fuzz",
        data,
        &Request {
            format: Some(format),
            ..Request::default()
        },
    );
}

#[test]
fn every_kept_fuzz_input_is_read_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    let mut panicked = Vec::new();
    for kind in ["corpus", "artifacts"] {
        let Ok(targets) = std::fs::read_dir(root.join(kind)) else {
            continue;
        };
        for target in targets.flatten() {
            let name = target.file_name().to_string_lossy().into_owned();
            for file in std::fs::read_dir(target.path()).unwrap().flatten() {
                let data = std::fs::read(file.path()).unwrap();
                if catch_unwind(AssertUnwindSafe(|| run(&name, &data))).is_err() {
                    panicked.push(file.path().display().to_string());
                }
                replayed += 1;
            }
        }
    }
    assert!(panicked.is_empty(), "panicked on: {panicked:#?}");
    assert!(
        replayed >= 20,
        "only {replayed} kept inputs found under fuzz/"
    );
}
