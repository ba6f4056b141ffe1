//! Any bytes read as Csv: an error is fine, a panic is a bug.
#![no_main]

use kouza_guard::import::{read_bytes_as, Format, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes_as(Format::Csv, "fuzz", data, &ImportOptions::default());
});
