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
    /// The data folder cannot be created or written.
    DataDirectory,
    /// The app itself failed: a command was refused or the bridge to the core broke. The UI also
    /// uses it for rejections that do not come from a command's own error.
    #[allow(
        dead_code,
        reason = "constructed by the UI for rejections Tauri itself raises"
    )]
    Internal,
}

impl From<kouza_guard::import::ImportError> for IpcError {
    fn from(error: kouza_guard::import::ImportError) -> Self {
        IpcError {
            code: ErrorCode::Import,
            message: error.to_string(),
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

/// What the UI needs to know when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// Whether the data folder is ready.
    pub storage: StorageStatus,
    /// The app was started with `--demo`: open the demo statement at once.
    pub open_demo: bool,
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
}
