//! Files the store writes whole or not at all: `store.json`, a backup, a restored database.
//!
//! Each is first written to a temporary file of its own in the same folder: made afresh under a
//! random name (never one that was there before, so nothing unrelated is ever overwritten or
//! removed), readable by its owner only, synced to the disk, then renamed over the name it is
//! for. A crash or a full disk leaves the old file or the new one under the name, never half of
//! one; the folder is synced too, so the rename itself survives a power cut.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

/// A temporary file this process created beside a target, removed when dropped unless it was
/// renamed into place.
pub(crate) struct Partial {
    path: PathBuf,
    file: Option<File>,
    target: PathBuf,
}

impl Partial {
    /// A new, empty file beside `target` (0600 on Unix), named `.<target's name>.<random>.partial`.
    pub(crate) fn beside(target: &Path) -> Result<Partial, StoreError> {
        let dir = folder_of(target);
        let name = target
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "kouza-guard".into());
        let file_error = |source| StoreError::File {
            path: target.to_owned(),
            source,
        };
        // A name taken already (by chance, or planted) is never opened: create_new refuses it,
        // and another random name is tried.
        for _ in 0..8 {
            let mut random = [0u8; 8];
            getrandom::fill(&mut random).map_err(|e| StoreError::Random(e.to_string()))?;
            let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
            let path = dir.join(format!(".{name}.{suffix}.partial"));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(file) => {
                    return Ok(Partial {
                        path,
                        file: Some(file),
                        target: target.to_owned(),
                    })
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(file_error(source)),
            }
        }
        Err(file_error(io::Error::other(
            "no free name for a temporary file beside it",
        )))
    }

    /// The temporary file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The open file, to write to.
    pub(crate) fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("open until renamed")
    }

    /// Syncs what was written (by this handle or another one) and renames the file over the
    /// target, then syncs the folder.
    pub(crate) fn commit(mut self) -> Result<(), StoreError> {
        let file = self.file.take().expect("open until renamed");
        let error = |source| StoreError::File {
            path: self.target.clone(),
            source,
        };
        file.sync_all().map_err(error)?;
        drop(file);
        fs::rename(&self.path, &self.target).map_err(error)?;
        // Renamed: nothing is left to remove.
        self.path = PathBuf::new();
        sync_folder(folder_of(&self.target));
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        self.file = None;
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `bytes` to `path` whole or not at all, readable by its owner only.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut partial = Partial::beside(path)?;
    partial
        .file()
        .write_all(bytes)
        .map_err(|source| StoreError::File {
            path: path.to_owned(),
            source,
        })?;
    partial.commit()
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Syncs a folder, so a rename in it is on the disk. Some file systems cannot sync a folder;
/// the rename has then happened all the same, so that is not an error.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Err(error) = File::open(dir).and_then(|folder| folder.sync_all()) {
        tracing::debug!(dir = %dir.display(), %error, "could not sync the folder");
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::{write_whole, Partial};

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.json");
        std::fs::write(&path, "old").unwrap();
        write_whole(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn an_abandoned_partial_file_is_removed_and_touches_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("backup.kouza-guard");
        let unrelated = dir.path().join("backup.partial");
        std::fs::write(&unrelated, "someone else's").unwrap();
        let partial = Partial::beside(&target).unwrap();
        assert!(partial.path().exists());
        drop(partial);
        assert!(!target.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("backup.partial")]);
    }
}
