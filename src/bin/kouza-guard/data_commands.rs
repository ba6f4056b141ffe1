//! `kouza-guard data …`: signed updates of what the app knows (the service catalog, guidance and
//! contacts), kept in the app's data folder, which the app and the CLI share.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use kouza_guard::data_update::{self, read_file, TrustedKeys};
use kouza_guard::lang::Lang;

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
    match command {
        DataCommand::Install { file } => {
            let text = read_file(&file)?;
            let keys = TrustedKeys::with_branch_keys(dir)?;
            let bundle = data_update::install(dir, &text, &keys)?;
            println!(
                "インストールしました Installed: {} (serial {}, signed by key {})",
                bundle.label, bundle.serial, bundle.signed_by
            );
        }
        DataCommand::Trust { key } => {
            let text = read_file(&key)?;
            let id = TrustedKeys::add_branch_key(dir, &text)?;
            println!("この鍵を信頼します Trusted key {id} for data bundles");
        }
        DataCommand::Status => {
            let keys = TrustedKeys::with_branch_keys(dir)?;
            let in_use = data_update::in_use(dir, &keys);
            if let Some(why) = &in_use.set_aside {
                eprintln!("kouza-guard: {}", why.text(Lang::for_messages()));
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
