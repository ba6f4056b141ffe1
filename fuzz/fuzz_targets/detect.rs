//! Any bytes through format detection, import and detection, as `scan` does.
#![no_main]

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::{detect, Holder};
use kouza_guard::import::{read_bytes, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(statement) = read_bytes("fuzz", data, &Request::default()) {
        let _ = detect(&Catalog::builtin(), &statement.transactions, &Holder::default());
    }
});
