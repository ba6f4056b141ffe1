//! The folder where the app keeps its data, checked before anything is written there.
//!
//! A person whose home folder is read-only, full, or a file in the way must be told plainly where
//! and why, not shown a crash.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The app's identifier, as in `src-tauri/tauri.conf.json`: it names the data folder and the
/// keychain entries, so the app and the CLI share one store.
pub const APP_IDENTIFIER: &str = "jp.kouzaguard.app";

/// The data folder the app uses for this user: `~/.local/share/jp.kouzaguard.app` on Linux,
/// `~/Library/Application Support/jp.kouzaguard.app` on macOS, `%APPDATA%\jp.kouzaguard.app` on Windows.
pub fn default_location() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER))
}

/// The data folder could not be made ready.
#[derive(Debug, Error)]
pub enum DataDirError {
    /// The folder could not be created.
    #[error("cannot create the data folder {path}: {source}")]
    Create {
        /// The folder.
        path: PathBuf,
        /// Why not.
        source: io::Error,
    },
    /// The folder exists but nothing can be written in it.
    #[error("cannot write in the data folder {path}: {source}")]
    NotWritable {
        /// The folder.
        path: PathBuf,
        /// Why not.
        source: io::Error,
    },
}

/// Creates `path` if needed and proves that a file can be written in it.
pub fn prepare(path: &Path) -> Result<PathBuf, DataDirError> {
    fs::create_dir_all(path).map_err(|source| DataDirError::Create {
        path: path.to_owned(),
        source,
    })?;
    // A real write, not a permission check: permissions do not tell about read-only mounts,
    // full disks, or running as root.
    tempfile_in(path).map_err(|source| DataDirError::NotWritable {
        path: path.to_owned(),
        source,
    })?;
    Ok(path.to_owned())
}

fn tempfile_in(dir: &Path) -> io::Result<()> {
    let probe = dir.join(format!(".write-check-{}", std::process::id()));
    fs::write(&probe, b"")?;
    fs::remove_file(&probe)
}

#[cfg(test)]
mod tests {
    use super::{prepare, DataDirError};

    #[test]
    fn creates_a_missing_folder() {
        let root = tempfile::tempdir().unwrap();
        let wanted = root.path().join("a").join("b");
        assert_eq!(prepare(&wanted).unwrap(), wanted);
        assert!(wanted.is_dir());
        assert_eq!(
            std::fs::read_dir(&wanted).unwrap().count(),
            0,
            "the write check leaves nothing behind"
        );
    }

    #[test]
    fn a_file_in_the_way_is_a_clear_error() {
        let root = tempfile::tempdir().unwrap();
        let blocker = root.path().join("blocker");
        std::fs::write(&blocker, b"").unwrap();
        let err = prepare(&blocker.join("data")).unwrap_err();
        assert!(matches!(err, DataDirError::Create { .. }));
        assert!(
            err.to_string()
                .starts_with("cannot create the data folder "),
            "{err}"
        );
        assert!(err.to_string().contains("blocker/data"), "{err}");
    }
}
