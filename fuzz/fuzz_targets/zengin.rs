//! Any bytes read as Zengin: an error is fine, a panic is a bug.
#![no_main]

use kouza_guard::import::{read_bytes, Format, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes(
        "fuzz",
        data,
        &Request {
            format: Some(Format::Zengin),
            ..Request::default()
        },
    );
});
