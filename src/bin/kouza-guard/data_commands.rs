//! `kouza-guard data …`: signed updates of what the app knows (the service catalog, guidance and
//! contacts), kept in the app's data folder, which the app and the CLI share.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use kouza_guard::data_update::{self, TrustedKeys};

use crate::CliError;

/// What `data` does.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Install a signed data bundle (made by scripts/sign-data.sh). It must be signed by the key
    /// built into the app or by a branch key added with `data trust`, and newer than the data in
    /// use; otherwise nothing changes.
    Install {
        /// The bundle file.
        file: PathBuf,
    },
    /// Trust a branch's public key (a minisign .pub file) for data bundles, from now on. Add only
    /// a key your bank or branch gave you.
    Trust {
        /// The public key file.
        key: PathBuf,
    },
    /// Say which data is in use: built in, or an installed bundle (its label and serial).
    Status,
}

/// Runs a `data` command on the data folder `dir`.
pub fn run(command: DataCommand, dir: &Path) -> Result<(), CliError> {
    let refused = |error: data_update::BundleError| CliError::Usage(error.to_string());
    match command {
        DataCommand::Install { file } => {
            let text = read(&file)?;
            let keys = TrustedKeys::with_branch_keys(dir).map_err(refused)?;
            let bundle = data_update::install(dir, &text, &keys).map_err(refused)?;
            println!(
                "インストールしました Installed: {} (serial {}, signed by key {})",
                bundle.label, bundle.serial, bundle.signed_by
            );
        }
        DataCommand::Trust { key } => {
            let text = read(&key)?;
            let id = TrustedKeys::add_branch_key(dir, &text).map_err(refused)?;
            println!("この鍵を信頼します Trusted key {id} for data bundles");
        }
        DataCommand::Status => {
            let keys = TrustedKeys::with_branch_keys(dir).map_err(refused)?;
            let in_use = data_update::in_use(dir, &keys);
            if let Some(why) = &in_use.set_aside {
                eprintln!("kouza-guard: {why}");
            }
            let whence = if in_use.version.from_bundle {
                "installed bundle"
            } else {
                "built in"
            };
            println!(
                "{} (serial {}, {whence})",
                in_use.version.label, in_use.version.serial
            );
        }
    }
    Ok(())
}

/// A small text file the person named (a bundle is a few hundred kilobytes).
fn read(path: &Path) -> Result<String, CliError> {
    const MAX_BYTES: u64 = 16 * 1024 * 1024;
    let file = |source| CliError::File {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(file)?.len();
    if size > MAX_BYTES {
        return Err(CliError::Usage(format!(
            "{}: {size} bytes is too large for a data bundle or key",
            path.display()
        )));
    }
    std::fs::read_to_string(path).map_err(file)
}
