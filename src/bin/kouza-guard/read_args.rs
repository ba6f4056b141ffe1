//! What a person can say about statement files that the files do not say themselves — their
//! encoding, the year of their first row, a mapping of their columns, and the day that is today —
//! taken alike by every command that reads them (`show`, `scan`, `sheet`, `import`), and made
//! into the one [`Request`] the importer takes, as the app makes it.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use kouza_guard::import::mapping::Mapping;
use kouza_guard::import::{ImportError, Request};
use kouza_guard::session::reading;
use kouza_guard::Statement;

use crate::CliError;

/// How statement files are read.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadArgs {
    /// The files' encoding instead of detecting it: shift_jis (CP932), utf-8, utf-16le, utf-16be …
    #[arg(long, value_parser = crate::parse_encoding)]
    pub encoding: Option<&'static Encoding>,
    /// The year of the first row, for exports whose dates have no year and no stated period.
    #[arg(long, value_name = "YEAR")]
    pub first_year: Option<i32>,
    /// Read the files through this mapping (TOML: the bank, and the headers of the date, text,
    /// amount and balance columns; see README), for an export no layout reads.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Today: a row dated later is refused as misread, and the judgement and deadlines count
    /// from it (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<chrono::NaiveDate>,
}

impl ReadArgs {
    /// Today, as given or by the system's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The request the importer takes, reading through `mapping` when given.
    pub fn request<'a>(&self, mapping: Option<&'a Mapping>) -> Request<'a> {
        Request {
            encoding: self.encoding,
            first_year: self.first_year,
            mapping,
            today: Some(self.today()),
            ..Request::default()
        }
    }

    /// The person's mapping, read and checked, when they gave one.
    pub fn mapping(&self) -> Result<Option<Mapping>, CliError> {
        let Some(path) = &self.mapping else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path).map_err(|source| CliError::File {
            path: path.clone(),
            source,
        })?;
        Mapping::from_toml(&path.display().to_string(), &text)
            .map(Some)
            .map_err(|error| CliError::Usage(error.to_string()))
    }

    /// Reads the statement file at `path` whole, through `mapping` when there is one, with no
    /// store open, so with no saved mapping to fall back on.
    pub fn read(&self, path: &Path, mapping: Option<&Mapping>) -> Result<Statement, ImportError> {
        reading::read_statement(path, &self.request(mapping), || Ok(Vec::new()))
    }
}
