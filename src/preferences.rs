//! What a person chose for how the app reads: the language (else the system locale's) and the
//! text size. Kept in `preferences.toml` in the app's config folder, never with statements: it
//! says nothing about an account, and a consultation keeps it in memory only.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::Lang;

/// How large the app's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TextSize {
    /// The usual size (already larger than most apps').
    #[default]
    Standard,
    /// For reading without glasses.
    Large,
    /// For low vision.
    Largest,
}

/// A language a person can choose, as the file and the page write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Language {
    /// 日本語.
    Ja,
    /// English.
    En,
}

impl From<Language> for Lang {
    fn from(language: Language) -> Lang {
        match language {
            Language::Ja => Lang::Ja,
            Language::En => Lang::En,
        }
    }
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Language {
        match lang {
            Lang::Ja => Language::Ja,
            Lang::En => Language::En,
        }
    }
}

/// What the person chose; anything not chosen is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Preferences {
    /// The language chosen; `None` follows the system locale.
    pub language: Option<Language>,
    /// The text size.
    pub text_size: TextSize,
}

/// The preferences file could not be read or written.
#[derive(Debug, Error)]
pub enum PreferencesError {
    /// The file is not preferences as this app writes them.
    #[error("{file}: {message}")]
    Invalid {
        /// The file.
        file: PathBuf,
        /// What is wrong, with its line and column.
        message: String,
    },
    /// The file could not be read or written.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
}

impl Preferences {
    /// The language to write in: the one chosen, else the system locale's (Japanese when it is
    /// neither Japanese nor English).
    pub fn language(&self) -> Lang {
        self.language.map_or_else(Lang::from_locale, Lang::from)
    }

    /// Reads the preferences at `path`; none chosen yet when there is no file.
    pub fn load(path: &Path) -> Result<Preferences, PreferencesError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Preferences::default())
            }
            Err(source) => {
                return Err(PreferencesError::Io {
                    file: path.to_owned(),
                    source,
                })
            }
        };
        toml::from_str(&text).map_err(|error| PreferencesError::Invalid {
            file: path.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        })
    }

    /// Writes the preferences to `path`, whole or not at all: a new file, then renamed over the
    /// old one.
    pub fn save(&self, path: &Path) -> Result<(), PreferencesError> {
        let io = |source| PreferencesError::Io {
            file: path.to_owned(),
            source,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let text = toml::to_string(self).expect("preferences always serialise");
        let new = path.with_extension("toml.new");
        std::fs::write(&new, text).map_err(io)?;
        std::fs::rename(&new, path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_preferences_read_back_and_a_missing_file_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/preferences.toml");
        assert_eq!(Preferences::load(&path).unwrap(), Preferences::default());
        let chosen = Preferences {
            language: Some(Language::En),
            text_size: TextSize::Largest,
        };
        chosen.save(&path).unwrap();
        assert_eq!(Preferences::load(&path).unwrap(), chosen);
        assert_eq!(chosen.language(), Lang::En);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("textSize = \"largest\""), "{text}");
    }

    #[test]
    fn a_damaged_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.toml");
        std::fs::write(&path, "language = \"ja\"\ntextSize = \"huge\"\n").unwrap();
        let error = Preferences::load(&path).unwrap_err().to_string();
        assert!(error.contains("preferences.toml"), "{error}");
        assert!(error.contains("line 2"), "{error}");
        assert!(error.contains("huge"), "{error}");
    }
}
