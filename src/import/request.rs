//! What a reader of a statement is asked to do: everything the file does not say itself, and what
//! the caller needs while it is read. Every way into the importer takes one [`Request`], so the
//! app and each CLI command read a file by the same rules.

use chrono::NaiveDate;

use super::mapping::Mapping;
use super::{Format, ReadProgress};

/// How to read one statement file.
#[derive(Clone, Copy, Default)]
pub struct Request<'a> {
    /// The file's encoding, instead of detecting it (e.g. `encoding_rs::SHIFT_JIS`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The year of the first row, for exports whose dates have no year and no stated period.
    pub first_year: Option<i32>,
    /// A person's own description of a CSV export no known layout fits.
    pub mapping: Option<&'a Mapping>,
    /// Read the file as this format, whatever it looks like (a mapping makes it a CSV).
    pub format: Option<Format>,
    /// A row booked after this day is refused, naming its line: its date was misread (a wrong
    /// year, say). `None` only where no clock matters (reading a fixture).
    pub today: Option<NaiveDate>,
    /// Told now and then how far the reading has got; when it answers false, the reading stops
    /// with [`super::Problem::Stopped`].
    pub progress: Option<&'a (dyn Fn(ReadProgress) -> bool + Sync)>,
}

impl std::fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("encoding", &self.encoding.map(|e| e.name()))
            .field("first_year", &self.first_year)
            .field("mapping", &self.mapping.map(|m| &m.bank))
            .field("format", &self.format)
            .field("today", &self.today)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<'a> Request<'a> {
    /// This request, refusing rows booked after `today`.
    pub fn until(self, today: NaiveDate) -> Self {
        Request {
            today: Some(today),
            ..self
        }
    }

    /// This request, reading through `mapping` when given.
    pub fn mapped(self, mapping: Option<&'a Mapping>) -> Self {
        Request { mapping, ..self }
    }
}
