//! Writes the benchmark statement (see `benches/support/statement.rs`) for `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example bench_data -- OUT.csv [ROWS]     # ROWS defaults to 1,000,000
//! ```

use std::io::{BufWriter, Write};

#[path = "../benches/support/statement.rs"]
mod statement;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: bench_data OUT.csv [ROWS]");
        std::process::exit(2);
    };
    let rows: u64 = args
        .next()
        .map_or(1_000_000, |n| n.parse().expect("ROWS is a number"));
    let file = std::fs::File::create(&out).expect("create the output file");
    let mut out = BufWriter::with_capacity(1 << 20, file);
    statement::write(&mut out, rows);
    out.flush().expect("write the output file");
}
