//! `connect`, `sync` and `disconnect`: an account's history pulled from its bank's API.
//! Tokens, consent ids and setup tokens are read from standard input (or typed without echo at
//! a terminal), never from the command line, where other users of the computer can see them.

use std::io::IsTerminal;
use std::path::PathBuf;

use kouza_guard::bank::sync::{self, SyncError};
use kouza_guard::bank::{
    simplefin, BankProfile, Connection, Credentials, Http, RemoteAccount, RetryPolicy,
    PSD2_DEFAULT_FREQUENCY,
};
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::yen;
use kouza_guard::lang::Lang;
use kouza_guard::periodic_check;
use zeroize::Zeroizing;

use crate::store_access::{prompt, read_secret_line, StoreArgs};
use crate::CliError;

/// Which API to connect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProviderArg {
    /// Berlin Group NextGenPSD2: standard input gives the bearer token, then the consent id.
    Psd2,
    /// SimpleFIN: standard input gives the setup token, claimed once.
    Simplefin,
    /// A Japanese bank's API described by --profile: standard input gives the access token.
    Japan,
}

/// What `connect` is told.
#[derive(Debug, clap::Args)]
pub struct ConnectArgs {
    /// The kind of API.
    #[arg(value_enum)]
    pub provider: ProviderArg,
    /// PSD2: the API's base URL (before /v1). Japan: another address for the profile's API.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Japan: a built-in profile (gmo-aozora, sandbox) or a profile file a bank ships.
    #[arg(long, value_name = "ID|FILE")]
    pub profile: Option<String>,
    /// PSD2: the consent's frequencyPerDay.
    #[arg(long, default_value_t = PSD2_DEFAULT_FREQUENCY)]
    pub frequency_per_day: u32,
    /// Which of the bank's accounts, by its number in the list (needed when there are several).
    #[arg(long, value_name = "N")]
    pub choose: Option<usize>,
    /// The account's name in the store (default: the bank and masked number).
    #[arg(long)]
    pub account: Option<String>,
}

fn secret(what: &str) -> Result<Zeroizing<String>, CliError> {
    if std::io::stdin().is_terminal() {
        prompt(&format!("{what}: "))
    } else {
        read_secret_line(what)
    }
}

fn http() -> Result<Http, CliError> {
    Http::new(RetryPolicy::default()).map_err(|error| CliError::Usage(error.to_string()))
}

fn bank_error(error: impl std::fmt::Display) -> CliError {
    CliError::Usage(error.to_string())
}

fn credentials(args: &ConnectArgs, http: &Http) -> Result<Credentials, CliError> {
    Ok(match args.provider {
        ProviderArg::Psd2 => {
            let base_url = args
                .base_url
                .clone()
                .ok_or_else(|| CliError::Usage("psd2 needs --base-url".into()))?;
            Credentials::Psd2 {
                base_url,
                token: secret("the bearer token")?,
                consent_id: secret("the consent id")?,
                frequency_per_day: args.frequency_per_day,
            }
        }
        ProviderArg::Simplefin => {
            let setup = secret("the SimpleFIN setup token")?;
            Credentials::SimpleFin {
                access_url: simplefin::claim(http, &setup).map_err(bank_error)?,
            }
        }
        ProviderArg::Japan => {
            let name = args.profile.as_deref().ok_or_else(|| {
                CliError::Usage(format!(
                    "japan needs --profile: one of {} or a profile file",
                    BankProfile::builtin_ids().collect::<Vec<_>>().join(", ")
                ))
            })?;
            let mut profile = match BankProfile::builtin(name) {
                Some(profile) => profile,
                None => BankProfile::from_file(&PathBuf::from(name)).map_err(bank_error)?,
            };
            if let Some(base_url) = &args.base_url {
                profile = profile.at(base_url).map_err(bank_error)?;
            }
            Credentials::Japan {
                profile: Box::new(profile),
                token: secret("the access token")?,
            }
        }
    })
}

fn describe(account: &RemoteAccount) -> String {
    [
        account.bank.clone(),
        Some(account.name.clone()),
        account.number_masked.clone(),
        Some(account.currency.clone()),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// Tests the credentials by listing the accounts, then connects the chosen one.
pub fn connect(args: &ConnectArgs, store: &StoreArgs) -> Result<(), CliError> {
    let http = http()?;
    let credentials = credentials(args, &http)?;
    let mut accounts = credentials
        .connector(http)
        .and_then(|connector| connector.accounts())
        .map_err(bank_error)?;
    let remote = match (args.choose, accounts.len()) {
        (_, 0) => {
            return Err(CliError::Usage(
                "the bank lists no account for these credentials".into(),
            ))
        }
        (None, 1) => accounts.remove(0),
        (Some(n), count) if (1..=count).contains(&n) => accounts.remove(n - 1),
        (_, _) => {
            let list: Vec<String> = accounts
                .iter()
                .enumerate()
                .map(|(i, account)| format!("  {}. {}", i + 1, describe(account)))
                .collect();
            return Err(CliError::Usage(format!(
                "choose an account with --choose N:\n{}",
                list.join("\n")
            )));
        }
    };
    let label = args.account.clone().unwrap_or_else(|| {
        kouza_guard::store::label_for(
            None,
            remote
                .number_masked
                .as_ref()
                .map(|masked| kouza_guard::Account {
                    bank: remote
                        .bank
                        .clone()
                        .unwrap_or_else(|| credentials.display_name()),
                    branch: None,
                    number_masked: masked.clone(),
                })
                .as_ref(),
        )
    });
    let mut opened = store.open_or_create()?;
    let connection = Connection {
        remote_account: remote.id.clone(),
        credentials,
    };
    sync::connect(&mut opened, &label, &connection, &remote).map_err(sync_error)?;
    println!(
        "Connected \"{label}\" to {} ({}). Pull its history with: kouza-guard sync --account \"{label}\"",
        connection.credentials.display_name(),
        describe(&remote)
    );
    Ok(())
}

fn sync_error(error: SyncError) -> CliError {
    match error {
        SyncError::Store(error) => CliError::Store(error),
        other => CliError::Usage(other.to_string()),
    }
}

/// Syncs the connected accounts; prints what came and what is newly flagged. Returns whether
/// anything was newly flagged.
pub fn sync_accounts(
    account: Option<&str>,
    today: chrono::NaiveDate,
    store: &StoreArgs,
    catalog: &Catalog,
) -> Result<bool, CliError> {
    let mut opened = store.open()?;
    if opened.connected()?.is_empty() {
        return Err(CliError::Usage(
            "no account is connected to a bank yet: see `kouza-guard connect --help`".into(),
        ));
    }
    if let Some(label) = account {
        if opened.sync_state(label)?.is_none() {
            return Err(CliError::Usage(format!(
                "\"{label}\" is not connected to a bank"
            )));
        }
    }
    let report = periodic_check::check(
        &mut opened,
        account,
        today,
        &http()?,
        catalog,
        &mut |label, step| {
            if std::io::stderr().is_terminal() {
                eprint!("\r{label}: {} rows, page {}   ", step.rows, step.pages);
            }
        },
    )?;
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    for outcome in &report.synced {
        println!(
            "{}: {} {} – {}: {} rows, {} new",
            outcome.account,
            outcome.provider,
            outcome.from,
            outcome.to,
            outcome.import.rows,
            outcome.import.added
        );
    }
    for failure in &report.failed {
        eprintln!("kouza-guard: {}: {}", failure.account, failure.message);
    }
    let lang = Lang::from_locale();
    for flag in &report.newly_flagged {
        println!(
            "NEW  {}  {}  {:>12}  {}  {}",
            flag.account,
            flag.booked,
            yen(flag.amount, lang),
            flag.description,
            lang.pick(&flag.service_ja, &flag.service_en)
        );
    }
    if !report.newly_flagged.is_empty() {
        println!(
            "{} withdrawals newly flagged: see them with kouza-guard scan --store",
            report.newly_flagged.len()
        );
    }
    if !report.failed.is_empty() {
        return Err(CliError::Usage(format!(
            "{} of the accounts could not be synced; their history is as it was",
            report.failed.len()
        )));
    }
    Ok(!report.newly_flagged.is_empty())
}

/// Disconnects an account: the secret leaves the keychain, the history stays.
pub fn disconnect(account: &str, store: &StoreArgs) -> Result<(), CliError> {
    let mut opened = store.open()?;
    sync::disconnect(&mut opened, account).map_err(sync_error)?;
    println!("Disconnected \"{account}\"; its history stays in the store.");
    Ok(())
}
