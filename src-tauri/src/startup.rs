//! What the app works out once, before the window asks: launch options and the data folder.

use tauri::{AppHandle, Manager};

use crate::ipc::{AppStatus, IpcError, StorageStatus};

/// Options given on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LaunchOptions {
    /// `--demo`: open the built-in demo statement at once.
    pub open_demo: bool,
}

impl LaunchOptions {
    /// Reads the arguments after the program name; unknown ones are left for later features.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        LaunchOptions {
            open_demo: args.into_iter().any(|arg| arg == "--demo"),
        }
    }
}

/// Prepares the data folder and records how it went for the UI.
pub fn prepare(app: &AppHandle, options: LaunchOptions) -> AppStatus {
    let storage = match app.path().app_data_dir() {
        Ok(dir) => match kouza_guard::data_dir::prepare(&dir) {
            Ok(path) => StorageStatus::Ready {
                path: path.display().to_string(),
            },
            Err(error) => StorageStatus::Unavailable {
                error: error.into(),
            },
        },
        Err(error) => StorageStatus::Unavailable {
            error: IpcError {
                code: crate::ipc::ErrorCode::DataDirectory,
                message: format!("cannot find a data folder for this user: {error}"),
            },
        },
    };
    AppStatus {
        storage,
        open_demo: options.open_demo,
    }
}

#[cfg(test)]
mod tests {
    use super::LaunchOptions;

    #[test]
    fn demo_flag() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(LaunchOptions::from_args(args(&["--demo"])).open_demo);
        assert!(!LaunchOptions::from_args(args(&[])).open_demo);
        assert!(!LaunchOptions::from_args(args(&["statement.csv"])).open_demo);
    }
}
