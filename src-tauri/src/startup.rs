//! What the app works out once, before the window asks: launch options, the data folder, and the
//! main window itself.
//!
//! The window is created here rather than from the config because on Linux Tauri puts the
//! webview's data in the app's data folder and fails to start when it cannot create it. When the
//! data folder is unusable the window opens anyway, its webview data in a private temporary folder
//! removed at exit, and says what is wrong. A consultation's web view uses such a folder too; one
//! left behind by a run that was killed is removed at the next start. (Not `incognito`: WebKitWebDriver cannot open a session
//! on WebKitGTK's ephemeral context, so the end-to-end tests could not drive that window.)

use std::path::PathBuf;
use std::sync::Mutex;

use kouza_guard::output::scratch::{self, ScratchFolder};
use kouza_guard::session::Session;
use tauri::{AppHandle, Manager, WebviewWindowBuilder};

use crate::ipc::{ErrorCode, IpcError, StorageStatus};
use crate::state::AppState;

/// The label of the one window, as in tauri.conf.json and the capabilities.
const MAIN_WINDOW: &str = "main";

/// Options given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchOptions {
    /// `--demo`: open the built-in demo statement at once.
    pub open_demo: bool,
    /// `--consultation`: a branch consultation; nothing is written to disk.
    pub consultation: bool,
    /// `--idle-minutes=N`: in a consultation, end it after N minutes without input (default 15;
    /// 0 turns the timeout off).
    pub idle_minutes: Option<u32>,
    /// Statement files to import ("Open with Kouza Guard" in a file manager passes them so).
    pub files: Vec<PathBuf>,
    /// `--check-every=24h` (or `90m`, `30s`): how often connected accounts are synced while the
    /// app runs. Default daily.
    pub check_every: Option<std::time::Duration>,
}

impl LaunchOptions {
    /// Reads the arguments after the program name: `--demo`, and files. Other options are
    /// ignored, so that a desktop launcher's own flags never turn into file names.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        let mut options = LaunchOptions::default();
        for arg in args {
            if arg == "--demo" {
                options.open_demo = true;
            } else if arg == "--consultation" {
                options.consultation = true;
            } else if let Some(minutes) = arg.strip_prefix("--idle-minutes=") {
                options.idle_minutes = minutes.parse().ok();
            } else if let Some(every) = arg.strip_prefix("--check-every=") {
                options.check_every = parse_interval(every);
            } else if !arg.starts_with('-') {
                options.files.push(PathBuf::from(arg));
            }
        }
        options
    }
}

/// `24h`, `90m` or `30s`; `None` for anything else, or for zero.
fn parse_interval(text: &str) -> Option<std::time::Duration> {
    let split = text.len().checked_sub(1)?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok().filter(|n| *n > 0)?;
    let seconds = match unit {
        "h" => number.checked_mul(3600)?,
        "m" => number.checked_mul(60)?,
        "s" => number,
        _ => return None,
    };
    Some(std::time::Duration::from_secs(seconds))
}

/// In a consultation, GTK's file dialog must not remember the customer's files in the desktop's
/// recently-used list (`~/.local/share/recently-used.xbel`).
pub fn forget_recent_files() {
    #[cfg(target_os = "linux")]
    if let Some(settings) = gtk::Settings::default() {
        use gtk::prelude::GtkSettingsExt;
        settings.set_gtk_recent_files_enabled(false);
    }
}

/// Minutes without input after which a consultation ends, unless the branch sets another.
const DEFAULT_IDLE_MINUTES: u32 = 15;

/// Prepares the data folder, and starts the session with the store in it and the files given.
/// A consultation touches no folder at all: its store is in memory.
pub fn prepare(app: &AppHandle, options: LaunchOptions) -> AppState {
    if options.consultation {
        forget_recent_files();
        let idle = options.idle_minutes.unwrap_or(DEFAULT_IDLE_MINUTES);
        return match Session::consultation(options.files) {
            Ok(session) => AppState::new(
                session,
                StorageStatus::Consultation,
                options.open_demo,
                (idle > 0).then_some(idle),
            ),
            Err(error) => AppState::new(
                Session::start(Err(error.to_string()), Vec::new()),
                StorageStatus::Consultation,
                options.open_demo,
                None,
            ),
        };
    }
    let (storage, dir) = match app.path().app_data_dir() {
        Ok(dir) => match kouza_guard::data_dir::prepare(&dir) {
            Ok(path) => (
                StorageStatus::Ready {
                    path: path.display().to_string(),
                },
                Ok(path),
            ),
            Err(error) => {
                let message = error.to_string();
                (
                    StorageStatus::Unavailable {
                        error: error.into(),
                    },
                    Err(message),
                )
            }
        },
        Err(error) => {
            let message = format!("cannot find a data folder for this user: {error}");
            (
                StorageStatus::Unavailable {
                    error: IpcError {
                        code: ErrorCode::DataDirectory,
                        message: message.clone(),
                    },
                },
                Err(message),
            )
        }
    };
    let session = Session::start(dir, options.files);
    AppState::new(session, storage, options.open_demo, None)
}

/// The start of the name of every web view scratch folder.
const WEBVIEW_PREFIX: &str = "kouza-guard-webview-";

/// Where web view scratch folders go: the per-user runtime folder, private and gone at logout;
/// the temporary folder where there is none. First the one used now, then the other, where a run
/// under another environment may have left one.
fn webview_parents() -> Vec<PathBuf> {
    let mut parents: Vec<PathBuf> = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    parents.push(std::env::temp_dir());
    parents
}

/// The temporary folder the webview uses when the data folder is unusable; removed at exit.
#[derive(Debug, Default)]
pub struct ScratchWebviewData(Mutex<Option<ScratchFolder>>);

impl ScratchWebviewData {
    /// Deletes the folder now, if there is one.
    pub fn remove(&self) {
        if let Ok(mut scratch) = self.0.lock() {
            scratch.take();
        }
    }
}

/// Opens the main window as configured; on a temporary webview folder when storage is unavailable.
pub fn open_main_window(
    app: &AppHandle,
    storage: &StorageStatus,
) -> tauri::Result<ScratchWebviewData> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN_WINDOW)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let mut builder = WebviewWindowBuilder::from_config(app, &config)?;
    let mut scratch = None;
    // A consultation killed before it removed its web view's folder left the customer's pages in
    // it: removed now, whatever this run is.
    let parents = webview_parents();
    for parent in &parents {
        for removed in scratch::sweep(parent, WEBVIEW_PREFIX) {
            tracing::info!(folder = %removed.display(), "removed a web view folder left by a run that ended early");
        }
    }
    // A consultation's web view keeps its data in a private scratch folder too, removed at the
    // end: nothing of the customer's is left in the app's data folder.
    if let StorageStatus::Unavailable { .. } | StorageStatus::Consultation = storage {
        let folder = ScratchFolder::create(&parents[0], WEBVIEW_PREFIX)?;
        builder = builder.data_directory(folder.path().to_owned());
        scratch = Some(folder);
    }
    builder.build()?;
    Ok(ScratchWebviewData(Mutex::new(scratch)))
}

#[cfg(test)]
mod tests {
    use super::LaunchOptions;

    #[test]
    fn demo_flag_and_files() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(LaunchOptions::from_args(args(&["--demo"])).open_demo);
        assert!(!LaunchOptions::from_args(args(&[])).open_demo);
        let with_file = LaunchOptions::from_args(args(&["statement.csv", "--psn_0_123"]));
        assert!(!with_file.open_demo);
        assert!(!with_file.consultation);
        assert_eq!(with_file.files, [std::path::PathBuf::from("statement.csv")]);
        let branch =
            LaunchOptions::from_args(args(&["--consultation", "--idle-minutes=5", "a.csv"]));
        assert!(branch.consultation);
        assert_eq!(branch.idle_minutes, Some(5));
        assert_eq!(branch.files, [std::path::PathBuf::from("a.csv")]);
        let every = |text: &str| LaunchOptions::from_args(args(&[text])).check_every;
        assert_eq!(
            every("--check-every=24h"),
            Some(std::time::Duration::from_secs(86_400))
        );
        assert_eq!(
            every("--check-every=30s"),
            Some(std::time::Duration::from_secs(30))
        );
        assert_eq!(every("--check-every=0h"), None);
        assert_eq!(every("--check-every=daily"), None);
    }
}
