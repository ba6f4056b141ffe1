//! How statement files go into the store, from the app and from `kouza-guard import` alike: each
//! file is read through once, row by row, to find that every row reads, how many there are and in
//! which order, and what account the file names ([`check_file`]); only then are the rows read
//! again and handed to the store one at a time, every file in one transaction ([`store_files`]).
//! A file of a million rows is never held whole, and a bad file is refused before anything is
//! written (or, for the CLI, before a store is even created).

use std::path::{Path, PathBuf};

use crate::import::fingerprint::Fingerprints;
use crate::import::mapping::Mapping;
use crate::import::{self, ImportError, NextRow, Problem, Request};
use crate::normalize::{normalize, TextMemo};
use crate::store::{FileFacts, ImportOutcome, Store, StoreError};
use crate::Statement;

use super::reading;

/// A file read through once and found good.
#[derive(Debug)]
pub struct CheckedFile {
    path: PathBuf,
    /// How it was read: its encoding and first year as the person gave them, and the mapping
    /// that reads it (the person's, or one saved for the bank), when no layout did.
    encoding: Option<&'static encoding_rs::Encoding>,
    first_year: Option<i32>,
    mapping: Option<Mapping>,
    facts: FileFacts,
    /// The file's statement, for the rare file whose year-less dates only its whole can place.
    whole: Option<Statement>,
}

impl CheckedFile {
    /// What the first reading found.
    pub fn facts(&self) -> &FileFacts {
        &self.facts
    }
}

/// Reads the file at `path` through once as [`reading::with_rows`] opens it, keeping nothing of
/// its rows but their count, days and order.
pub fn check_file<E: From<ImportError>>(
    path: &Path,
    request: &Request<'_>,
    saved: impl FnOnce() -> Result<Vec<Mapping>, E>,
) -> Result<CheckedFile, E> {
    reading::with_rows(path, request, saved, |mut rows, saved_mapping| {
        let mut facts = FileFacts {
            source: rows.source.clone(),
            layout: rows.layout.clone(),
            account: None,
            period: None,
            rows: 0,
            newest_first: false,
            notes: Vec::new(),
        };
        loop {
            let next = rows.next_row().inspect_err(|error| {
                import::log_outcome(&facts.source, Err(error));
            })?;
            match next {
                NextRow::Row(row) => {
                    facts.rows += 1;
                    facts.period = Some(match facts.period {
                        None => (row.booked, row.booked),
                        Some((from, to)) => (from.min(row.booked), to.max(row.booked)),
                    });
                }
                NextRow::End => break,
                NextRow::YearUnknown => {
                    // Too many rows wait for their year to hold them as they come: the file's
                    // whole statement places them (a rare export; it is small enough).
                    let mapping = saved_mapping.or(request.mapping);
                    let whole = import::open(path, &request.mapped(mapping))?.into_statement()?;
                    return Ok(CheckedFile {
                        path: path.to_owned(),
                        encoding: request.encoding,
                        first_year: request.first_year,
                        mapping: mapping.cloned(),
                        facts: FileFacts {
                            account: whole.account.clone(),
                            period: whole.period(),
                            rows: whole.transactions.len(),
                            notes: whole.notes.clone(),
                            ..facts
                        },
                        whole: Some(whole),
                    });
                }
            }
        }
        facts.account = rows.account();
        facts.newest_first = rows.newest_first();
        facts.notes = rows.notes();
        import::log_outcome(&facts.source, Ok((&facts.layout, facts.rows)));
        Ok(CheckedFile {
            path: path.to_owned(),
            encoding: request.encoding,
            first_year: request.first_year,
            mapping: saved_mapping.or(request.mapping).cloned(),
            facts,
            whole: None,
        })
    })
}

/// Stores the rows of `files` (each read again as it was the first time, refusing rows after
/// `request`'s today) in one transaction, to the account named `label` or else each to the one
/// its file names, and saves `mapping` for its bank. `saved` is told how many rows are stored so
/// far, every few thousand; when it answers false, nothing is kept.
pub fn store_files(
    store: &mut Store,
    files: Vec<CheckedFile>,
    label: Option<&str>,
    request: &Request<'_>,
    mapping: Option<&Mapping>,
    saved: &mut dyn FnMut(usize) -> bool,
) -> Result<Vec<ImportOutcome>, StoreError> {
    let mut importing = store.begin_import()?;
    let mut stored = 0;
    let mut tell = |stored: usize| match stored % SAVED_EVERY == 0 && !saved(stored) {
        true => Err(StoreError::Cancelled),
        false => Ok(()),
    };
    for checked in files {
        let mut file = importing.file(checked.facts.clone(), label)?;
        if let Some(whole) = &checked.whole {
            for row in &whole.transactions {
                tell(stored)?;
                importing.row(&mut file, row)?;
                stored += 1;
            }
            importing.end_file(file)?;
            continue;
        }
        let changed = || StoreError::Changed(checked.facts.source.clone());
        let again = Request {
            encoding: checked.encoding,
            first_year: checked.first_year,
            mapping: checked.mapping.as_ref(),
            ..*request
        };
        let mut rows = import::open(&checked.path, &again).map_err(|_| changed())?;
        let mut fingerprints = Fingerprints::default();
        let mut texts = TextMemo::default();
        loop {
            let row = match rows.next_row() {
                Ok(NextRow::Row(row)) => row,
                Ok(NextRow::End) => break,
                Err(error) if error.problem == Problem::Stopped => {
                    return Err(StoreError::Cancelled)
                }
                // It read through a moment ago: it has changed since.
                Ok(NextRow::YearUnknown) | Err(_) => return Err(changed()),
            };
            tell(stored)?;
            let normalized = texts.get(row.description(), normalize);
            let transaction = row.into_normalized_transaction(&mut fingerprints, normalized);
            importing.row(&mut file, &transaction)?;
            stored += 1;
        }
        importing.end_file(file)?;
    }
    if !saved(stored) {
        return Err(StoreError::Cancelled);
    }
    importing.commit(mapping)
}

/// Rows stored between two reports of how many.
const SAVED_EVERY: usize = 2_000;
