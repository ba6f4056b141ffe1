//! The mapping step: when a file of an import fits no layout and none of the mappings saved
//! before (or its text does not decode in the encoding detected), the import keeps the files (their paths, never their rows) and the window asks the
//! person to describe the file — from a [`Preview`] of its first rows — instead of stopping at an
//! error. The import is then done again with the person's [`Mapping`] for that file, and the
//! mapping saved for its bank in the same transaction: the bank's next file reads without asking.
//! In a consultation the store is in memory, so the mapping lasts only as long as it does.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::importing;
use super::{Session, SessionError};
use crate::import::mapping::Mapping;
use crate::import::preview::{self, Preview, PreviewOptions};
use crate::import::Request;
use crate::store::ImportOutcome;

/// An import stopped at a file no layout fits, waiting for the person's mapping.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unmapped {
    /// Every file of the import, as chosen.
    files: Vec<PathBuf>,
    /// The one to map.
    index: usize,
    /// The account they go to, when the person named one.
    label: Option<String>,
}

/// What the person chose about the file before seeing its preview again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewChoice {
    /// The encoding to decode it in (`Shift_JIS`, `UTF-8`, `EUC-JP` …), instead of detecting it.
    pub encoding: Option<String>,
    /// The line of the header row, instead of the row most like one.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub header_line: Option<u64>,
}

/// The person's description of the file, to import it with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MappedImport {
    /// Its columns.
    pub mapping: Mapping,
    /// The encoding chosen, if any.
    pub encoding: Option<String>,
    /// The year of the first row, for dates written without one.
    pub first_year: Option<i32>,
}

impl Unmapped {
    /// The file waiting for a mapping.
    fn file(&self) -> Result<&Path, SessionError> {
        self.files
            .get(self.index)
            .map(PathBuf::as_path)
            .ok_or(SessionError::NothingToMap)
    }
}

impl Session {
    /// Remembers an import stopped at `files[index]`, which no layout or saved mapping reads.
    pub(crate) fn wait_for_mapping(
        &mut self,
        files: &[PathBuf],
        index: usize,
        label: Option<&str>,
    ) {
        self.unmapped = Some(Unmapped {
            files: files.to_vec(),
            index,
            label: label.map(str::to_owned),
        });
    }

    /// The name of the file waiting for a mapping, if an import stopped at one.
    pub fn file_to_map(&self) -> Option<String> {
        let file = self.unmapped.as_ref()?.file().ok()?;
        Some(file.file_name()?.to_string_lossy().into_owned())
    }

    /// Drops the import waiting for a mapping: nothing of it was kept.
    pub fn forget_file_to_map(&mut self) {
        self.unmapped = None;
    }

    /// The first rows of the file waiting for a mapping, as `choice` asks.
    pub fn mapping_preview(&self, choice: &PreviewChoice) -> Result<Preview, SessionError> {
        let unmapped = self.unmapped.as_ref().ok_or(SessionError::NothingToMap)?;
        let options = PreviewOptions {
            encoding: encoding(choice.encoding.as_deref())?,
            header_line: choice.header_line,
        };
        Ok(preview::preview(unmapped.file()?, &options)?)
    }

    /// Imports the files waiting for a mapping again, the one to map read through `request`'s
    /// mapping (the others as before, and with the mappings saved), and saves the mapping for its
    /// bank, all in one transaction. A row dated after `today` is refused as misread. On any
    /// error nothing is kept and the files still wait, so the person can change the mapping.
    pub fn import_with_mapping(
        &mut self,
        request: MappedImport,
        today: chrono::NaiveDate,
    ) -> Result<Vec<ImportOutcome>, SessionError> {
        let unmapped = self.unmapped.clone().ok_or(SessionError::NothingToMap)?;
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        let mapping = Mapping::from_toml("mapping", &request.mapping.to_toml())
            .map_err(|error| SessionError::Mapping(error.problem))?;
        let plain = Request::default().until(today);
        let mapped = Request {
            encoding: encoding(request.encoding.as_deref())?,
            first_year: request.first_year,
            mapping: Some(&mapping),
            ..plain
        };
        let mut checked = Vec::with_capacity(unmapped.files.len());
        for (index, file) in unmapped.files.iter().enumerate() {
            checked.push(match index == unmapped.index {
                true => importing::check_file(file, &mapped, || Ok::<_, SessionError>(Vec::new()))?,
                // The others as before, with the new mapping among those saved.
                false => importing::check_file(file, &plain, || {
                    let mut saved = store.mappings()?;
                    saved.push(mapping.clone());
                    Ok::<_, SessionError>(saved)
                })?,
            });
        }
        let label = unmapped.label.as_deref();
        let outcomes =
            importing::store_files(store, checked, label, &plain, Some(&mapping), &mut |_| true)?;
        self.unmapped = None;
        Ok(outcomes)
    }
}

/// The encoding named `label`, if one is named.
fn encoding(label: Option<&str>) -> Result<Option<&'static encoding_rs::Encoding>, SessionError> {
    match label.map(str::trim).filter(|label| !label.is_empty()) {
        None => Ok(None),
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes())
            .map(Some)
            .ok_or_else(|| {
                SessionError::Mapping(format!(
                    "no encoding is called {:?}; try Shift_JIS, UTF-8, EUC-JP or UTF-16LE",
                    label.chars().take(40).collect::<String>()
                ))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::encoding;

    #[test]
    fn encodings_are_named_as_the_web_names_them() {
        assert_eq!(encoding(None).unwrap(), None);
        assert_eq!(encoding(Some(" ")).unwrap(), None);
        assert_eq!(
            encoding(Some("shift_jis")).unwrap(),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(encoding(Some("EUC-JP")).unwrap(), Some(encoding_rs::EUC_JP));
        let error = encoding(Some("klingon")).unwrap_err();
        assert!(error.to_string().contains("\"klingon\""), "{error}");
    }
}
