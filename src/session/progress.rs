//! An import a person watches and may stop: it says which file is being read and how far, then
//! how many rows are saved, and it stops when asked, keeping nothing (a file being read is
//! dropped; the store's transaction is rolled back).

use std::path::PathBuf;

use serde::Serialize;

use super::{importing, Session, SessionError};
use crate::import::{Problem, ReadProgress, Request};
use crate::store::{ImportOutcome, StoreError};

/// Where an import is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", tag = "stage")]
pub enum ImportProgress {
    /// Reading and checking file `file` (1-based) of `files`: `read` of its `total` bytes of
    /// text so far (both 0 until the reading of its rows begins).
    Reading {
        /// Which file, counting from 1.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        file: usize,
        /// How many files in all.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        files: usize,
        /// The file's name.
        name: String,
        /// Bytes of the file's text read.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        read: u64,
        /// Bytes of the file's text in all.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        total: u64,
    },
    /// Saving the rows of every file read, in one transaction.
    Saving {
        /// Rows saved so far.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        saved: usize,
        /// Rows to save.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        rows: usize,
    },
}

impl Session {
    /// [`Session::import`], telling `progress` how it goes; when `progress` answers false, the import
    /// stops with [`SessionError::Cancelled`] and nothing of it is stored.
    pub fn import_with_progress(
        &mut self,
        files: &[PathBuf],
        label: Option<&str>,
        today: chrono::NaiveDate,
        progress: &mut (dyn FnMut(&ImportProgress) -> bool + Send),
    ) -> Result<Vec<ImportOutcome>, SessionError> {
        if self.store.is_none() {
            return Err(SessionError::NotOpen);
        }
        // Remembered before reading, whatever comes of it: no sheet or backup may overwrite them.
        self.read.extend(files.iter().cloned());
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        // The reader tells how far from its own thread of rows; one call at a time.
        let progress = std::sync::Mutex::new(progress);
        let tell = |now: &ImportProgress| match progress.lock() {
            Ok(mut told) => told(now),
            Err(poisoned) => (poisoned.into_inner())(now),
        };
        let mut checked = Vec::with_capacity(files.len());
        for (index, file) in files.iter().enumerate() {
            let name = file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let reading = |read: ReadProgress| {
                tell(&ImportProgress::Reading {
                    file: index + 1,
                    files: files.len(),
                    name: name.clone(),
                    read: read.read,
                    total: read.total,
                })
            };
            if !reading(ReadProgress { read: 0, total: 0 }) {
                return Err(SessionError::Cancelled);
            }
            let request = Request {
                today: Some(today),
                progress: Some(&reading),
                ..Request::default()
            };
            let saved = || store.mappings().map_err(SessionError::from);
            match importing::check_file(file, &request, saved) {
                Err(SessionError::Import(error)) if error.problem == Problem::Stopped => {
                    return Err(SessionError::Cancelled)
                }
                // No layout fits, nor a mapping saved before: the person is asked.
                Err(SessionError::Import(error)) if super::reading::needs_mapping(&error) => {
                    self.wait_for_mapping(files, index, label);
                    return Err(error.into());
                }
                other => checked.push(other?),
            }
        }
        let rows = checked.iter().map(|file| file.facts().rows).sum();
        let mut saved = |saved: usize| tell(&ImportProgress::Saving { saved, rows });
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        let request = Request::default().until(today);
        match importing::store_files(store, checked, label, &request, None, &mut saved) {
            Err(StoreError::Cancelled) => Err(SessionError::Cancelled),
            other => Ok(other?),
        }
    }
}
