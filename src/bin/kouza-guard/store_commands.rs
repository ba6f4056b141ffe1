//! The commands that read or change the store: `import`, `accounts`, `answer`, `declare`, and
//! `store` (backup, restore, recover, set-aside, delete-everything, recovery-phrase).

use std::path::PathBuf;

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Answer;
use kouza_guard::session::importing;
use kouza_guard::store::{Deleted, ImportOutcome, Store, StoreKey, Unlock};
use kouza_guard::SourceId;

use crate::read_args::ReadArgs;
use crate::store_access::{prompt, read_secret_line, StoreArgs};
use crate::CliError;

/// `import`: reads every file first, then stores them all in one transaction, so a bad file (or
/// a row dated after today) adds nothing from any of them. With a `--mapping`, the files are read
/// through it and it is saved for its bank; without one, a file no known layout reads is tried
/// with the mappings saved before, as the app tries them.
pub fn import_files(
    files: &[PathBuf],
    account: Option<&str>,
    read: &ReadArgs,
    store: &StoreArgs,
) -> Result<(), CliError> {
    let mapping = read.mapping()?;
    let request = read.request(mapping.as_ref());
    // Saved mappings are only looked at when a file needs one, so the store is opened late.
    let mut opened: Option<Store> = None;
    let mut checked = Vec::with_capacity(files.len());
    for file in files {
        let saved = || {
            if opened.is_none() && Store::exists(&store.dir()?) {
                opened = Some(store.open()?);
            }
            Ok::<_, CliError>(
                opened
                    .as_ref()
                    .map(Store::mappings)
                    .transpose()?
                    .unwrap_or_default(),
            )
        };
        checked.push(importing::check_file(file, &request, saved)?);
    }
    // Every file reads: only now is a store created, if there is none.
    let mut store = match opened {
        Some(store) => store,
        None => store.open_or_create()?,
    };
    let saved = &mut |_| true;
    let outcomes = importing::store_files(
        &mut store,
        checked,
        account,
        &request,
        mapping.as_ref(),
        saved,
    )?;
    for outcome in outcomes {
        println!("{}", describe(&outcome));
        for note in &outcome.notes {
            println!("  note: {}", crate::note_text(note));
        }
    }
    if let Some(mapping) = mapping {
        println!(
            "The mapping for {} is saved: its next export is read without --mapping.",
            mapping.bank
        );
    }
    Ok(())
}

fn describe(outcome: &ImportOutcome) -> String {
    let period = outcome
        .period
        .map_or_else(String::new, |(from, to)| format!(" {from} – {to},"));
    format!(
        "{} [{}] → {}: {} rows,{period} {} new, {} already stored",
        outcome.source, outcome.layout, outcome.account, outcome.rows, outcome.added, outcome.known
    )
}

/// `accounts`: every account in the store, with its rows and last import.
pub fn list_accounts(store: &StoreArgs) -> Result<(), CliError> {
    let store = store.open()?;
    let accounts = store.accounts()?;
    if accounts.is_empty() {
        println!("The store holds no account yet: add one with `kouza-guard import FILE`.");
    }
    for account in accounts {
        // A label made from the bank and number already says them.
        let number = account
            .account
            .as_ref()
            .map(kouza_guard::Account::name)
            .filter(|number| *number != account.label)
            .map(|number| format!("  {number}"))
            .unwrap_or_default();
        let rows = store.transaction_count(&account.label)?;
        let last = store
            .last_import(&account.label)?
            .unwrap_or_else(|| "never".to_owned());
        println!("{}{number}  {rows} rows  last import {last}", account.label);
    }
    Ok(())
}

/// The account a command is about: the one named, else the only one.
pub fn account_label(store: &Store, given: Option<String>) -> Result<String, CliError> {
    if let Some(label) = given {
        return Ok(label);
    }
    let accounts = store.accounts()?;
    match accounts.as_slice() {
        [only] => Ok(only.label.clone()),
        [] => Err(CliError::Usage(
            "the store holds no account yet: add one with `kouza-guard import FILE`".into(),
        )),
        several => Err(CliError::Usage(format!(
            "the store holds several accounts; name one with --account: {}",
            several
                .iter()
                .map(|a| format!("\"{}\"", a.label))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Whose withdrawal it was, as the holder says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Whose {
    /// "This was me".
    Mine,
    /// "This was not me".
    NotMine,
}

/// `answer`: records the holder's answer about one withdrawal.
pub fn answer(
    store: &StoreArgs,
    account: Option<String>,
    row: &SourceId,
    whose: Whose,
) -> Result<(), CliError> {
    let mut store = store.open()?;
    let label = account_label(&store, account)?;
    let answer = match whose {
        Whose::Mine => Answer::Mine,
        Whose::NotMine => Answer::NotMine,
    };
    store.answer(&label, row, answer)?;
    println!(
        "{row} in \"{label}\": {}",
        match answer {
            Answer::Mine => "noted as yours (本人の取引); it is no longer flagged",
            Answer::NotMine => "noted as not yours (身に覚えのない取引)",
        }
    );
    Ok(())
}

/// What the holder says about a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Declaration {
    /// The holder uses it: not flagged for being new, only for unusual amounts or runs.
    Uses,
    /// The holder never uses it: flagged at first sight.
    Never,
    /// Forget what was said.
    Forget,
}

/// `declare`: records a service the holder uses, or never uses.
pub fn declare(
    store: &StoreArgs,
    account: Option<String>,
    service: &str,
    uses: Declaration,
    catalog: &Catalog,
) -> Result<(), CliError> {
    if catalog.service(service).is_none() {
        let ids: Vec<&str> = catalog.services().iter().map(|s| s.id.as_str()).collect();
        return Err(CliError::Usage(format!(
            "no such service {service:?}; expected one of {}",
            ids.join(", ")
        )));
    }
    let mut store = store.open()?;
    let label = account_label(&store, account)?;
    store.declare(
        &label,
        service,
        match uses {
            Declaration::Uses => Some(true),
            Declaration::Never => Some(false),
            Declaration::Forget => None,
        },
    )?;
    println!(
        "{service} in \"{label}\": {}",
        match uses {
            Declaration::Uses => "noted as a service the holder uses",
            Declaration::Never => "noted as a service the holder never uses",
            Declaration::Forget => "what the holder said about it is forgotten",
        }
    );
    Ok(())
}

/// What to do with the store as a whole.
#[derive(Debug, clap::Subcommand)]
pub enum StoreCommand {
    /// Write an encrypted copy of the whole store to FILE. It opens with the recovery phrase (or
    /// the passphrase), not with this computer's keychain.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
    },
    /// Make the store from a backup. The key comes from standard input: the recovery phrase with
    /// --recovery-phrase-stdin, the passphrase with --passphrase-stdin.
    Restore {
        /// The backup.
        file: PathBuf,
        /// Read the backup's recovery phrase from standard input.
        #[arg(long)]
        recovery_phrase_stdin: bool,
    },
    /// Open a store whose key the keychain lost, with the recovery phrase (read from standard
    /// input, or asked for at the terminal), and put the key back in the keychain.
    Recover,
    /// Show the recovery phrase of a store whose key is in the keychain.
    RecoveryPhrase,
    /// Move a store that cannot be opened (key lost, no recovery phrase) into a dated folder
    /// beside it, so a new store can be started.
    SetAside,
    /// Delete the store, its key in the keychain, and everything in it. For a customer leaving a
    /// shared computer, or before uninstalling.
    DeleteEverything {
        /// Confirm: without it nothing is deleted.
        #[arg(long)]
        yes: bool,
    },
}

/// `store …`.
pub fn store_command(command: StoreCommand, args: &StoreArgs) -> Result<(), CliError> {
    let dir = args.dir()?;
    match command {
        StoreCommand::Backup { file } => {
            args.open()?.backup_to(&file)?;
            println!("Backed up to {}", file.display());
        }
        StoreCommand::Restore {
            file,
            recovery_phrase_stdin,
        } => {
            let unlock = if recovery_phrase_stdin && args.passphrase_stdin {
                return Err(CliError::Usage(
                    "a backup has either a recovery phrase or a passphrase: give one of them"
                        .into(),
                ));
            } else if recovery_phrase_stdin {
                Unlock::Recovery(recovery_key(&read_secret_line("the recovery phrase")?)?)
            } else if args.passphrase_stdin {
                Unlock::Passphrase(read_secret_line("the passphrase")?)
            } else {
                return Err(CliError::Usage(
                    "give the backup's key on standard input: --recovery-phrase-stdin or --passphrase-stdin"
                        .into(),
                ));
            };
            Store::restore(&file, &dir, unlock)?;
            println!("Restored {} into {}", file.display(), dir.display());
        }
        StoreCommand::Recover => {
            let phrase = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                prompt("Recovery phrase (回復用フレーズ): ")?
            } else {
                read_secret_line("the recovery phrase")?
            };
            Store::open(&dir, Unlock::Recovery(recovery_key(&phrase)?))?;
            println!("The store opens again; its key is back in the keychain.");
        }
        StoreCommand::RecoveryPhrase => match args.open()?.recovery_phrase()? {
            Some(phrase) => println!("{}", phrase.as_str()),
            None => {
                return Err(CliError::Usage(
                    "this store is protected by a passphrase and has no recovery phrase".into(),
                ))
            }
        },
        StoreCommand::SetAside => {
            let aside = Store::set_aside(&dir)?;
            println!(
                "The store was moved to {}. A new one is created at the next import.",
                aside.display()
            );
        }
        StoreCommand::DeleteEverything { yes } => {
            if !yes {
                return Err(CliError::Usage(format!(
                    "this deletes every account and answer in {} and its key: run again with --yes to confirm",
                    dir.display()
                )));
            }
            // A store whose keychain entries could not be found is an error (see
            // StoreError::KeychainEntriesLeft): it never reads "and its key".
            let dir_shown = dir.display();
            match Store::delete_everything(&dir)? {
                Deleted::WithKey => println!("Deleted the store in {dir_shown} and its key."),
                Deleted::NoKeyKept => println!(
                    "Deleted the store in {dir_shown}. It was locked with a passphrase, so the keychain held nothing of it."
                ),
                Deleted::Nothing | Deleted::KeyNotFound => {
                    println!("There was no store in {dir_shown}: nothing was deleted.")
                }
            }
        }
    }
    Ok(())
}

fn recovery_key(phrase: &str) -> Result<StoreKey, CliError> {
    StoreKey::from_recovery_phrase(phrase).map_err(|error| CliError::Usage(error.to_string()))
}
