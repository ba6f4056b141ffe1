//! Where outputs go, and how they are written. A sheet or report is made from statements a person
//! read in; it must never take the place of one of them, and two of one run must never take each
//! other's place (two customers' `meisai.csv` from two folders, in one batch, are two sheets).
//!
//! [`Outputs`] knows the statements read and the outputs already chosen in this run: it refuses
//! a path that is one of them, and for a batch picks a name per statement that is free
//! ([`Outputs::claim_each`]). [`write_private`] then writes the file whole, readable by its owner
//! only: to a new temporary file (0600) beside it, renamed over the path at the end, so no reader
//! ever sees half a sheet, and a link at the path is replaced, not followed.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// An output that may not, or could not, be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The output would overwrite a statement that was read.
    #[error("{output}: this is {input}, read in this run; a sheet or report never overwrites a file it reads, so choose another name")]
    IsInput {
        /// The output asked for.
        output: PathBuf,
        /// The statement it is.
        input: PathBuf,
    },
    /// Two outputs of one run would be the same file.
    #[error(
        "{output}: {first} is written to the same file in this run; choose two different names"
    )]
    Shared {
        /// The output asked for second.
        output: PathBuf,
        /// The output that already has that file.
        first: PathBuf,
    },
    /// The path is a folder.
    #[error("{path}: this is a folder; give the name of a file to write")]
    Folder {
        /// The path.
        path: PathBuf,
    },
    /// The file (or its folder) could not be written.
    #[error("{path}: {source}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A file as found on disk: the same identity for every path (link, hard link, other case on a
/// case-insensitive disk) that leads to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl Identity {
    /// The file at `path`, when there is one. Read from its metadata, without opening it: opening
    /// a FIFO would wait for a writer.
    fn of(path: &Path) -> Option<Identity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(Identity((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(Identity)
        }
    }
}

/// A path as text that two spellings of the same place share: absolute, its folder's links
/// resolved where the folder exists, and lower case (so that a case-insensitive disk is never
/// handed one file twice).
fn place(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let resolved = match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|parent| parent.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    };
    resolved.to_string_lossy().to_lowercase()
}

/// One run's statements read and outputs chosen.
#[derive(Debug, Default)]
pub struct Outputs {
    inputs: Vec<(PathBuf, String, Option<Identity>)>,
    claimed: Vec<(PathBuf, String)>,
}

impl Outputs {
    /// A run that read `inputs`.
    pub fn new<'a>(inputs: impl IntoIterator<Item = &'a Path>) -> Outputs {
        Outputs {
            inputs: inputs
                .into_iter()
                .map(|input| (input.to_owned(), place(input), Identity::of(input)))
                .collect(),
            claimed: Vec::new(),
        }
    }

    /// Why `path` cannot be an output of this run, if it cannot.
    fn check(&self, path: &Path) -> Result<String, OutputError> {
        if path.is_dir() {
            return Err(OutputError::Folder {
                path: path.to_owned(),
            });
        }
        let place = place(path);
        let identity = Identity::of(path);
        if let Some((input, _, _)) = self
            .inputs
            .iter()
            .find(|(_, at, id)| *at == place || (identity.is_some() && *id == identity))
        {
            return Err(OutputError::IsInput {
                output: path.to_owned(),
                input: input.clone(),
            });
        }
        let same_file = |first: &Path| identity.is_some() && Identity::of(first) == identity;
        if let Some((first, _)) = self
            .claimed
            .iter()
            .find(|(first, at)| *at == place || same_file(first))
        {
            return Err(OutputError::Shared {
                output: path.to_owned(),
                first: first.clone(),
            });
        }
        Ok(place)
    }

    /// Takes `path` as an output of this run: refused when it is a statement read, an output
    /// already taken, or a folder.
    pub fn claim(&mut self, path: &Path) -> Result<(), OutputError> {
        let place = self.check(path)?;
        self.claimed.push((path.to_owned(), place));
        Ok(())
    }

    /// For a batch: the outputs for the statement `input` in the folder `dir`, one per extension
    /// (`["pdf", "csv"]`), all with one name. That is the statement's own name when it is free,
    /// else the name with `-2`, `-3`… (a second `meisai.csv`, or an output that would be the
    /// statement itself).
    pub fn claim_each(&mut self, dir: &Path, input: &Path, extensions: &[&str]) -> Vec<PathBuf> {
        let stem = input.file_stem().map_or_else(
            || "sheet".into(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        // Each refusal is for one statement or one output, so a free name comes within
        // inputs + outputs + 1 tries.
        for n in 1.. {
            let name = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            let paths: Vec<PathBuf> = extensions
                .iter()
                .map(|extension| dir.join(format!("{name}.{extension}")))
                .collect();
            if paths.iter().all(|path| self.check(path).is_ok()) {
                for path in &paths {
                    let place = place(path);
                    self.claimed.push((path.clone(), place));
                }
                return paths;
            }
        }
        unreachable!("a free name is always found")
    }
}

/// Creates the folder `dir` (and its parents) for a batch's outputs, readable by its owner only
/// where it is new.
pub fn create_private_dir(dir: &Path) -> Result<(), OutputError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| OutputError::Write {
        path: dir.to_owned(),
        source,
    })
}

/// Writes `bytes` to `path`, readable and writable by its owner only (0600), whole or not at all:
/// to a new temporary file beside it, then renamed over it.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let failed = |source| OutputError::Write {
        path: path.to_owned(),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // tempfile makes the file 0600 on unix, with a random name no other file has.
    let mut file = tempfile::Builder::new()
        .prefix(".kouza-guard-")
        .suffix(".partial")
        .tempfile_in(folder)
        .map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    file.persist(path).map_err(|error| failed(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_is_a_statement_read_is_refused_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let statement = dir.path().join("meisai.csv");
        std::fs::write(&statement, "日付,摘要\n").unwrap();
        let mut outputs = Outputs::new([statement.as_path()]);
        let error = outputs.claim(&statement).unwrap_err();
        assert!(matches!(error, OutputError::IsInput { .. }), "{error}");
        assert!(error
            .to_string()
            .contains("meisai.csv, read in this run; a sheet or report never overwrites"));
        // Through a `..`, and through a link.
        let roundabout = dir.path().join("x/../meisai.csv");
        std::fs::create_dir(dir.path().join("x")).unwrap();
        assert!(outputs.claim(&roundabout).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&statement, &link).unwrap();
            assert!(matches!(
                outputs.claim(&link),
                Err(OutputError::IsInput { .. })
            ));
            let hard = dir.path().join("hard.csv");
            std::fs::hard_link(&statement, &hard).unwrap();
            assert!(matches!(
                outputs.claim(&hard),
                Err(OutputError::IsInput { .. })
            ));
        }
        assert!(outputs.claim(&dir.path().join("meisai.pdf")).is_ok());
    }

    #[test]
    fn two_outputs_of_a_run_never_share_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut outputs = Outputs::new([]);
        let sheet = dir.path().join("sheet.pdf");
        outputs.claim(&sheet).unwrap();
        let error = outputs.claim(&dir.path().join("SHEET.pdf")).unwrap_err();
        assert!(matches!(error, OutputError::Shared { .. }), "{error}");
        assert!(matches!(
            outputs.claim(dir.path()),
            Err(OutputError::Folder { .. })
        ));
    }

    #[test]
    fn a_batch_names_each_statement_apart_and_never_after_a_statement() {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["a", "b"] {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
            std::fs::write(dir.path().join(folder).join("meisai.csv"), "x").unwrap();
        }
        let a = dir.path().join("a/meisai.csv");
        let b = dir.path().join("b/meisai.csv");
        let mut outputs = Outputs::new([a.as_path(), b.as_path()]);
        let out = dir.path().join("sheets");
        assert_eq!(
            outputs.claim_each(&out, &a, &["pdf", "csv"]),
            [out.join("meisai.pdf"), out.join("meisai.csv")]
        );
        assert_eq!(
            outputs.claim_each(&out, &b, &["pdf", "csv"]),
            [out.join("meisai-2.pdf"), out.join("meisai-2.csv")]
        );
        // Into the statements' own folder: the CSV would be the statement itself.
        let mut outputs = Outputs::new([a.as_path()]);
        let beside = dir.path().join("a");
        assert_eq!(
            outputs.claim_each(&beside, &a, &["pdf", "csv"]),
            [beside.join("meisai-2.pdf"), beside.join("meisai-2.csv")]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_is_written_whole_for_its_owner_only_over_an_older_one_and_not_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("sheet.csv");
        std::fs::write(&sheet, "old").unwrap();
        std::fs::set_permissions(&sheet, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&sheet, b"new").unwrap();
        assert_eq!(std::fs::read(&sheet).unwrap(), b"new");
        let mode = std::fs::metadata(&sheet).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "keep").unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        write_private(&link, b"sheet").unwrap();
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"keep");
        assert_eq!(std::fs::read(&link).unwrap(), b"sheet");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "no temporary file is left");

        let missing = dir.path().join("no/such/folder/sheet.pdf");
        let error = write_private(&missing, b"x").unwrap_err();
        assert!(error
            .to_string()
            .starts_with(&missing.display().to_string()));
    }

    #[cfg(unix)]
    #[test]
    fn a_batch_folder_is_private_when_new() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sheets = dir.path().join("sheets/2020");
        create_private_dir(&sheets).unwrap();
        let mode = std::fs::metadata(&sheets).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}
