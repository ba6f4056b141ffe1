//! Private scratch folders that outlive no run of the app: a consultation's web view keeps the
//! customer's pages, cache and storage in one. The app removes its folder when it exits; one
//! killed or crashed cannot, so the next start removes it instead.
//!
//! A folder is made readable by its owner only (0700), with a lock file inside that the run
//! holds locked (`flock`) while it lives. The kernel lets go of that lock when the process ends,
//! however it ends, so a later run can tell a dead run's folder (its lock free) from a live one's
//! without trusting process ids, which are reused.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The lock file inside each folder.
const OWNER: &str = "owner.lock";

/// A folder without a lock file is a live run's only for the instant between making the folder
/// and its lock file; one older than this is a leftover (of a run killed at that instant, or of
/// a version before these locks).
const UNLOCKED_GRACE: Duration = Duration::from_secs(60);

/// A scratch folder held by this run: removed when dropped.
#[derive(Debug)]
pub struct ScratchFolder {
    // The lock file is closed before the folder is removed (fields drop in order): Windows
    // removes no open file. A run sweeping meanwhile only removes what is being removed anyway.
    _owner: File,
    dir: tempfile::TempDir,
}

impl ScratchFolder {
    /// Makes a new folder in `parent`, its name starting with `prefix`, held by this run.
    pub fn create(parent: &Path, prefix: &str) -> std::io::Result<ScratchFolder> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix);
        // Readable by its owner only: tempfile's default is 0777 less the umask (often 0755),
        // and the parent may be /tmp.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let dir = builder.tempdir_in(parent)?;
        let owner = File::create(dir.path().join(OWNER))?;
        if !lock(&owner) {
            return Err(std::io::Error::other(
                "the new folder's lock is held elsewhere",
            ));
        }
        Ok(ScratchFolder { _owner: owner, dir })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Takes the lock on `file` without waiting; whether it was taken. Without `flock` (not unix)
/// nothing can be known of other runs, so no lock is ever taken there and nothing swept.
fn lock(file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a descriptor this File owns; it only sets the lock.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        false
    }
}

/// Removes the folders in `parent` named `prefix…` that no live run holds: this user's own,
/// never a link. Returns the folders removed. A folder that cannot be removed is left, and named
/// in the log.
pub fn sweep(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(prefix) {
            continue;
        }
        let path = entry.path();
        if is_dead_runs(&path) {
            match std::fs::remove_dir_all(&path) {
                Ok(()) => removed.push(path),
                Err(error) => tracing::warn!(
                    folder = %path.display(),
                    %error,
                    "a dead run's scratch folder could not be removed"
                ),
            }
        }
    }
    removed
}

/// Whether `path` is a scratch folder of this user's that no live run holds.
fn is_dead_runs(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: getuid has no preconditions and cannot fail.
        if meta.uid() != unsafe { libc::getuid() } {
            return false;
        }
    }
    #[cfg(not(unix))]
    {
        return false;
    }
    #[allow(unreachable_code)]
    match File::open(path.join(OWNER)) {
        // The lock is free: its run is over. (Taking it here is harmless: the file is gone next.)
        Ok(owner) => lock(&owner),
        Err(_) => meta
            .modified()
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > UNLOCKED_GRACE),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const PREFIX: &str = "kouza-guard-test-";

    #[test]
    fn a_live_runs_folder_stays_and_a_dead_runs_folder_goes() {
        let parent = tempfile::tempdir().unwrap();
        let live = ScratchFolder::create(parent.path(), PREFIX).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(live.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);

        // A run killed: its folder stays behind, its lock let go (the descriptor closed).
        let dead = ScratchFolder::create(parent.path(), PREFIX).unwrap();
        let ScratchFolder { _owner, dir } = dead;
        drop(_owner);
        let dead_path = dir.keep();
        std::fs::write(dead_path.join("customer-page.html"), "田中様").unwrap();

        // Another program's folder, and a plain file, are not ours to touch.
        let other = parent.path().join("someone-else");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(parent.path().join(format!("{PREFIX}file")), "x").unwrap();

        assert_eq!(
            sweep(parent.path(), PREFIX),
            std::slice::from_ref(&dead_path)
        );
        assert!(!dead_path.exists());
        assert!(live.path().is_dir(), "a live run's folder is kept");
        assert!(other.is_dir());
        let live_path = live.path().to_owned();
        drop(live);
        assert!(
            !live_path.exists(),
            "a run removes its own folder at its end"
        );
    }

    #[test]
    fn a_folder_without_a_lock_goes_only_once_it_is_old() {
        let parent = tempfile::tempdir().unwrap();
        let young = parent.path().join(format!("{PREFIX}young"));
        std::fs::create_dir(&young).unwrap();
        assert!(
            sweep(parent.path(), PREFIX).is_empty(),
            "it may be a run starting"
        );
        let old = File::open(&young).unwrap();
        old.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
        assert_eq!(sweep(parent.path(), PREFIX), [young]);
    }
}
