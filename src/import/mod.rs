//! Turns a statement file into a [`Statement`], or says exactly what is wrong and where.
//!
//! Import is all-or-nothing per file: a row that cannot be read stops the file with an error that
//! names it, because a silently skipped row could be the fraudulent one.

mod amount;
mod csv;
mod date;
mod decode;
mod error;
mod fingerprint;
pub mod layout;

use std::path::Path;

pub use date::DateForm;
pub use error::{ImportError, Location, Problem};

use crate::Statement;

/// Reads the statement file at `path`.
pub fn read_file(path: &Path) -> Result<Statement, ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| ImportError {
        file: name.clone(),
        location: Location::File,
        problem: Problem::Unreadable(e.to_string()),
    })?;
    read_bytes(&name, &bytes)
}

/// Reads a statement from bytes; `name` names the file in errors and in the statement.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Statement, ImportError> {
    let text = decode::decode(name, bytes)?;
    csv::read(name, &text)
}
