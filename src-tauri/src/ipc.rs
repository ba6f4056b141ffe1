//! The types that cross the IPC boundary besides the core's own domain types.
//!
//! Errors cross as `{code, message}`: the UI switches on `code` and shows `message` to the person.

use serde::Serialize;
use ts_rs::TS;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    /// What kind of problem, for the UI to decide what to offer.
    pub code: ErrorCode,
    /// A sentence a person can read: the file, the line, the field, what was expected.
    pub message: String,
}

/// The kinds of error the UI tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// A statement could not be read.
    Import,
    /// No layout fits a file of the import: it waits for the person to describe it (the mapping
    /// step); nothing of the import was kept.
    NeedsMapping,
    /// The person's description of a file cannot be used, or no file waits for one.
    Mapping,
    /// The data folder cannot be created or written.
    DataDirectory,
    /// The passphrase or recovery phrase does not open the store.
    WrongKey,
    /// The recovery phrase is mistyped: a letter wrong, a group missing.
    Phrase,
    /// The OS keychain cannot be used: the person is offered a passphrase instead.
    Keychain,
    /// The store is not open yet.
    Locked,
    /// The store could not do what was asked; nothing was changed.
    Store,
    /// The consultation sheet could not be written (no Japanese font, a file not writable).
    Export,
    /// The branch's or user's contacts file cannot be used; the built-in contacts are shown.
    Contacts,
    /// The branch's or user's catalog file cannot be used; the built-in catalog is used.
    Catalog,
    /// The preferences file cannot be read or written; the defaults are used.
    Preferences,
    /// A data update was refused (tampered, unsigned, signed by a key not trusted, not newer,
    /// not valid, or not installable here); nothing changed.
    DataUpdate,
    /// The data update installed earlier failed its check at this start and was set aside; the
    /// built-in data is used.
    DataSetAside,
    /// The person cancelled the import; nothing from it was kept.
    Cancelled,
    /// The line to explain is empty or far too long.
    Line,
    /// A passbook check's period or line cannot be used; the message names the line and field.
    Passbook,
    /// A bank could not be reached or refused (a token to renew, a consent expired, a daily
    /// limit reached); nothing was stored, and the sync can be run again.
    Bank,
    /// The app itself failed: a command was refused or the bridge to the core broke. The UI also
    /// uses it for rejections that do not come from a command's own error.
    Internal,
}

impl From<kouza_guard::import::ImportError> for IpcError {
    fn from(error: kouza_guard::import::ImportError) -> Self {
        IpcError {
            code: ErrorCode::Import,
            message: import_message(&error),
        }
    }
}

/// A statement's error as the window shows it: in Japanese first, then in English, each with the
/// file, the line and the field.
fn import_message(error: &kouza_guard::import::ImportError) -> String {
    bilingual(|lang| error.text(lang))
}

/// A message as the window shows it: in Japanese first, then in English.
pub fn bilingual(text: impl Fn(kouza_guard::lang::Lang) -> String) -> String {
    use kouza_guard::lang::Lang;
    format!("{}\n{}", text(Lang::Ja), text(Lang::En))
}

impl From<kouza_guard::data_update::BundleError> for IpcError {
    fn from(error: kouza_guard::data_update::BundleError) -> Self {
        IpcError {
            code: ErrorCode::DataUpdate,
            message: bilingual(|lang| error.text(lang)),
        }
    }
}

impl From<kouza_guard::data_dir::DataDirError> for IpcError {
    fn from(error: kouza_guard::data_dir::DataDirError) -> Self {
        IpcError {
            code: ErrorCode::DataDirectory,
            message: error.to_string(),
        }
    }
}

impl From<kouza_guard::session::SessionError> for IpcError {
    fn from(error: kouza_guard::session::SessionError) -> Self {
        use kouza_guard::session::SessionError;
        use kouza_guard::store::StoreError;
        let code = match &error {
            SessionError::Import(error) if kouza_guard::session::needs_mapping(error) => {
                ErrorCode::NeedsMapping
            }
            SessionError::Import(_) => ErrorCode::Import,
            SessionError::NothingToMap | SessionError::Mapping(_) => ErrorCode::Mapping,
            SessionError::NoDataFolder(_) => ErrorCode::DataDirectory,
            SessionError::NotOpen => ErrorCode::Locked,
            SessionError::Phrase(_) => ErrorCode::Phrase,
            SessionError::Consultation
            | SessionError::NotConsultation
            | SessionError::UnknownService(_) => ErrorCode::Store,
            SessionError::Cancelled => ErrorCode::Cancelled,
            SessionError::Output(_) => ErrorCode::Export,
            SessionError::Store(StoreError::WrongKey) => ErrorCode::WrongKey,
            SessionError::Store(StoreError::Keychain(_)) => ErrorCode::Keychain,
            SessionError::Store(StoreError::DataDir(_)) => ErrorCode::DataDirectory,
            SessionError::Store(_) => ErrorCode::Store,
            SessionError::Bank(kouza_guard::bank::sync::SyncError::Store(_)) => ErrorCode::Store,
            SessionError::Bank(_) => ErrorCode::Bank,
            SessionError::Passbook(_) => ErrorCode::Passbook,
        };
        let message = match &error {
            SessionError::Import(error) => import_message(error),
            SessionError::Passbook(error) => {
                use kouza_guard::lang::Lang;
                format!("{}\n{}", error.text(Lang::Ja), error.text(Lang::En))
            }
            other => other.to_string(),
        };
        IpcError { code, message }
    }
}

/// What the UI needs to know when it starts, and again after each change to the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// Whether the data folder is ready.
    pub storage: StorageStatus,
    /// The app was started with `--demo`: open the demo statement at once.
    pub open_demo: bool,
    /// How far the store is from open.
    pub store: kouza_guard::session::StoreState,
    /// Statement files given at launch or dropped on the window, waiting to be imported.
    #[ts(type = "number")]
    pub waiting_files: usize,
    /// A consultation at a branch: nothing is written to disk, and it can be ended.
    pub consultation: bool,
    /// In a consultation, the minutes without input after which it ends by itself.
    pub idle_minutes: Option<u32>,
    /// Problems found at startup that the person should know of (a contacts file refused).
    pub notices: Vec<IpcError>,
    /// What the person chose for language and text size.
    pub preferences: kouza_guard::preferences::Preferences,
    /// The language to write in: the one chosen, else the system locale's, else Japanese.
    pub language: kouza_guard::preferences::Language,
}

/// Whether the app can keep data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum StorageStatus {
    /// The data folder is ready.
    Ready {
        /// Where it is.
        path: String,
    },
    /// It is not; the message says where and why.
    Unavailable {
        /// What went wrong.
        error: IpcError,
    },
    /// A consultation: nothing is kept, by design.
    Consultation,
}

/// The formats the consultation sheet is saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SheetFormat {
    /// A4 PDF, Japanese first.
    Pdf,
    /// The withdrawals as CSV.
    Csv,
}

impl IpcError {
    /// A sheet that could not be written.
    pub fn export(message: impl std::fmt::Display) -> IpcError {
        IpcError {
            code: ErrorCode::Export,
            message: message.to_string(),
        }
    }
}

/// Which data the app judges with, for Settings: the version in use, an update set aside at this
/// start, and whether an update can be installed here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DataStatus {
    /// The data in use: the built-in data, or an installed signed update's.
    pub version: kouza_guard::data_update::DataVersion,
    /// The installed update set aside at this start, and why, in Japanese and then English.
    pub set_aside: Option<String>,
    /// Whether an update can be installed here: not in a consultation, which writes nothing, and
    /// not without a data folder.
    pub can_install: bool,
}

/// The contacts in use, for Settings: the built-in ones with their sources, then a branch's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BranchContacts {
    /// The file a branch or user adds contacts to (`contacts.toml` in the config folder).
    pub file: Option<String>,
    /// Every contact in use, each with its source.
    pub contacts: Vec<kouza_guard::guidance::Contact>,
}
