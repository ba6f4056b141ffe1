//! How the app and every CLI command read a statement file: one request, and the same fallback
//! to the mappings a person saved for their bank. Kept apart from [`crate::import`], which knows
//! nothing of what was saved, and from the store, which the caller may open only when needed.

use std::path::Path;

use crate::import::mapping::Mapping;
use crate::import::{self, ImportError, Problem, Request, RowStream};
use crate::Statement;

/// Whether `error` says no layout fits the file, or its text does not decode as detected: a
/// mapping saved before may read it; else the person may describe it, choosing its encoding as
/// they see its rows.
pub fn needs_mapping(error: &ImportError) -> bool {
    matches!(
        error.problem,
        Problem::UnknownLayout(_) | Problem::Encoding { .. }
    )
}

/// Opens `path` as `request` says and gives its rows to `use_rows`, with the saved mapping that
/// reads them, if one had to. When no layout fits and the request names no mapping, the mappings
/// `saved` gives (asked only then: the CLI opens the store for them) are tried in turn, and the
/// first whose header the file has reads it; when none does, the first error stands.
pub fn with_rows<T, E: From<ImportError>>(
    path: &Path,
    request: &Request<'_>,
    saved: impl FnOnce() -> Result<Vec<Mapping>, E>,
    use_rows: impl FnOnce(RowStream<'_>, Option<&Mapping>) -> Result<T, E>,
) -> Result<T, E> {
    let error = match import::open(path, request) {
        Ok(rows) => return use_rows(rows, None),
        Err(error) if request.mapping.is_none() && needs_mapping(&error) => error,
        Err(error) => return Err(error.into()),
    };
    for mapping in saved()? {
        if let Ok(rows) = import::open(path, &request.mapped(Some(&mapping))) {
            return use_rows(rows, Some(&mapping));
        }
    }
    Err(error.into())
}

/// Reads the statement file at `path` whole, as [`with_rows`] opens it.
pub fn read_statement<E: From<ImportError>>(
    path: &Path,
    request: &Request<'_>,
    saved: impl FnOnce() -> Result<Vec<Mapping>, E>,
) -> Result<Statement, E> {
    with_rows(path, request, saved, |rows, _| Ok(rows.into_statement()?))
}
