//! Criterion benchmarks of the core on the benchmark statement (`benches/support/statement.rs`):
//! scanning a 100,000-row CP932 export row by row and whole, and importing it into the store and
//! again. `cargo bench --bench scan`; `scripts/bench.sh` times the CLI on a million rows.

use std::io::BufWriter;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::import::{self, Request};
use kouza_guard::lang::Lang;
use kouza_guard::scan::{self, Judge};
use kouza_guard::store::{Protection, Store};
use zeroize::Zeroizing;

#[path = "support/statement.rs"]
mod statement;

const ROWS: u64 = 100_000;

fn write_statement(path: &Path) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    statement::write(&mut out, ROWS);
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn scanning(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smbc-100k.csv");
    write_statement(&path);
    let catalog = Catalog::builtin();
    let holder = Holder::default();
    let mut group = c.benchmark_group("scan 100k rows");
    group.sample_size(10);
    let judge = Judge {
        catalog: &catalog,
        holder: &holder,
        lang: Lang::En,
    };
    let request = Request::default().until(today());
    group.bench_function("folded as read (what the CLI does)", |b| {
        b.iter(|| {
            scan::scan_file(
                &path,
                &request,
                || Ok::<_, import::ImportError>(Vec::new()),
                &judge,
            )
            .unwrap()
        })
    });
    group.bench_function("whole file: import::read + scan", |b| {
        b.iter(|| {
            let statement = import::read(&path, &request).unwrap();
            scan::scan(&[statement], &catalog, &holder, Lang::En)
        })
    });
    group.finish();
}

fn storing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smbc-100k.csv");
    write_statement(&path);
    let statement = import::read(&path, &import::Request::default()).unwrap();
    let mut group = c.benchmark_group("store 100k rows");
    group.sample_size(10);
    group.bench_function("import into an empty store", |b| {
        b.iter_batched(
            || {
                let store_dir = tempfile::tempdir().unwrap();
                let protection = Protection::Passphrase(Zeroizing::new("bench passphrase".into()));
                let store = Store::create(store_dir.path(), protection).unwrap().0;
                (store_dir, store)
            },
            |(store_dir, mut store)| {
                store.import(&statement, Some("bench")).unwrap();
                (store_dir, store)
            },
            criterion::BatchSize::PerIteration,
        )
    });
    let store_dir = tempfile::tempdir().unwrap();
    let protection = Protection::Passphrase(Zeroizing::new("bench passphrase".into()));
    let mut store = Store::create(store_dir.path(), protection).unwrap().0;
    store.import(&statement, Some("bench")).unwrap();
    group.bench_function("import the same file again (adds nothing)", |b| {
        b.iter(|| {
            let outcome = store.import(&statement, Some("bench")).unwrap();
            assert_eq!(outcome.added, 0);
        })
    });
    group.finish();
}

criterion_group!(benches, scanning, storing);
criterion_main!(benches);
