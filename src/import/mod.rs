//! Turns a statement file into a [`Statement`], or says exactly what is wrong and where.
//!
//! Import is all-or-nothing per file: a row that cannot be read stops the file with an error that
//! names it, because a silently skipped row could be the fraudulent one.

mod amount;
mod camt;
mod csv;
mod date;
mod decode;
mod error;
mod fingerprint;
mod generic;
pub mod layout;
mod ofx;
mod zengin;

use std::path::Path;

pub use error::{ImportError, Location, Problem};

use crate::{ImportNote, Statement};

/// What the person can tell the importer when the file does not say it itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// The file's encoding, instead of detecting it (e.g. `encoding_rs::SHIFT_JIS`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The year of the first row, for exports whose dates have no year and no stated period.
    pub first_year: Option<i32>,
}

/// Reads the statement file at `path`.
pub fn read_file(path: &Path) -> Result<Statement, ImportError> {
    read_file_with(path, &ImportOptions::default())
}

/// Reads the statement file at `path` with what the person said about it.
pub fn read_file_with(path: &Path, options: &ImportOptions) -> Result<Statement, ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| ImportError {
        file: name.clone(),
        location: Location::File,
        problem: Problem::Unreadable(e.to_string()),
    })?;
    read_bytes_with(&name, &bytes, options)
}

/// Reads a statement from bytes; `name` names the file in errors and in the statement.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Statement, ImportError> {
    read_bytes_with(name, bytes, &ImportOptions::default())
}

/// Reads a statement from bytes with what the person said about it.
pub fn read_bytes_with(
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Statement, ImportError> {
    if zengin::looks_like(bytes) {
        return zengin::read(name, bytes);
    }
    let text = decode::decode(name, bytes, options.encoding)?;
    let mut statement = if ofx::looks_like(&text) {
        ofx::read(name, &text)?
    } else if camt::looks_like(&text) {
        camt::read(name, &text)?
    } else {
        csv::read(name, &text, options)?
    };
    statement.notes.extend(decode::unreadable_characters(&text));
    Ok(statement)
}
