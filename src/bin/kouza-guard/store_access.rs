//! How the command line finds, opens and creates the store: the folder (`--store`, else the app's
//! own data folder, so the CLI and the app share one store), and its key (the keychain, else a
//! passphrase read from standard input or typed at a prompt that does not echo).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use kouza_guard::data_dir;
use kouza_guard::store::keychain::KeychainError;
use kouza_guard::store::{Protection, Store, StoreError, Unlock};
use zeroize::Zeroizing;

use crate::CliError;

/// Where the store is and how to unlock it.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// The store's folder (default: the app's data folder, e.g. ~/.local/share/jp.kouzaguard.app).
    #[arg(long, value_name = "DIR", global = true)]
    pub store: Option<PathBuf>,
    /// Read the store's passphrase from the first line of standard input: for a computer without
    /// a keychain, where the store is protected by a passphrase instead.
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
}

impl StoreArgs {
    /// The store's folder.
    pub fn dir(&self) -> Result<PathBuf, CliError> {
        self.store
            .clone()
            .or_else(data_dir::default_location)
            .ok_or_else(|| {
                CliError::Usage(
                    "this computer has no data folder for the user; give one with --store DIR"
                        .into(),
                )
            })
    }

    /// Opens the existing store.
    pub fn open(&self) -> Result<Store, CliError> {
        let dir = self.dir()?;
        let unlock = match self.passphrase()? {
            Some(passphrase) => Unlock::Passphrase(passphrase),
            None => Unlock::Keychain,
        };
        match Store::open(&dir, unlock) {
            Err(StoreError::NeedsPassphrase) if std::io::stdin().is_terminal() => {
                let passphrase = prompt("Passphrase of the store (保管庫のパスフレーズ): ")?;
                Ok(Store::open(&dir, Unlock::Passphrase(passphrase))?)
            }
            Err(StoreError::NeedsPassphrase) => Err(CliError::Usage(
                "this store is protected by a passphrase: give it with --passphrase-stdin".into(),
            )),
            other => Ok(other?),
        }
    }

    /// Opens the store, or creates it on first use: keyed from the keychain, or from the
    /// passphrase when one is given. Without a keychain and without a passphrase nothing is
    /// written, and the person is told how to go on; a store is never written in clear.
    pub fn open_or_create(&self) -> Result<Store, CliError> {
        let dir = self.dir()?;
        if Store::exists(&dir) {
            return self.open();
        }
        let protection = match self.passphrase()? {
            Some(passphrase) => Protection::Passphrase(passphrase),
            None => Protection::Keychain,
        };
        let (store, phrase) = match Store::create(&dir, protection) {
            Err(StoreError::Keychain(KeychainError::Unavailable(why))) => {
                return Err(CliError::Usage(format!(
                    "no keychain is available on this computer ({why}), so there is nowhere safe \
                     to keep the store's key. To protect the store with a passphrase instead, run \
                     the command again with --passphrase-stdin and give the passphrase on standard \
                     input. Nothing was written"
                )))
            }
            other => other?,
        };
        eprintln!(
            "kouza-guard: a new encrypted store was created in {}",
            dir.display()
        );
        if let Some(phrase) = phrase {
            eprintln!(
                "\n  回復用フレーズ (recovery phrase) — write it down and keep it apart from this computer.\n  \
                 If the keychain is ever lost, it is the only way to open the store again:\n\n    {}\n",
                phrase.as_str()
            );
        }
        Ok(store)
    }

    /// The passphrase from standard input, when asked for.
    fn passphrase(&self) -> Result<Option<Zeroizing<String>>, CliError> {
        if !self.passphrase_stdin {
            return Ok(None);
        }
        read_secret_line("the passphrase").map(Some)
    }
}

/// One line of standard input, without its line ending; never echoed, never logged.
pub fn read_secret_line(what: &str) -> Result<Zeroizing<String>, CliError> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| {
            CliError::Usage(format!(
                "could not read {what} from standard input: {error}"
            ))
        })?;
    let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    if trimmed.is_empty() {
        return Err(CliError::Usage(format!(
            "{what} on standard input is empty"
        )));
    }
    Ok(trimmed)
}

/// Asks at the terminal without echoing what is typed.
pub fn prompt(question: &str) -> Result<Zeroizing<String>, CliError> {
    rpassword::prompt_password(question)
        .map(Zeroizing::new)
        .map_err(|error| CliError::Usage(format!("could not read the answer: {error}")))
}
