//! The session's bank connections: the Connect screen's two steps (test the credentials and list
//! the accounts, then connect the chosen one), disconnecting, syncing, and whether the periodic
//! check is due. The credentials between the two steps are held here, in memory, never sent back
//! to the page.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Session, SessionError};
use crate::bank::sync::{self, SyncError};
use crate::bank::{
    schedule, simplefin, BankError, BankProfile, Connection, Credentials, Http, Progress, Provider,
    RemoteAccount, RetryPolicy, PSD2_DEFAULT_FREQUENCY,
};
use crate::periodic_check::{self, CheckOutcome};
use crate::store::{label_for, Store, StoreError};
use crate::Account;

/// What the session keeps of bank connections while it runs.
#[derive(Debug, Default)]
pub(super) struct BankState {
    /// Credentials that answered, and their accounts, until one is chosen.
    pending: Option<(Credentials, Vec<RemoteAccount>)>,
    /// Bank profiles a branch or user added (the built-in ones are always there).
    profiles: Vec<BankProfile>,
    /// How hard to try; tests make it quick.
    retry: Option<RetryPolicy>,
    /// The person's Cancel, shared with whoever shows the sync.
    stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// What the Connect screen sends: the kind of API and what reaches it. The secrets in it are
/// wiped from memory once turned into [`Credentials`].
#[derive(Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "provider", rename_all = "camelCase")]
pub enum ConnectRequest {
    /// A Japanese bank's API, by profile id.
    #[serde(rename_all = "camelCase")]
    Japan {
        /// The profile's id.
        profile: String,
        /// Another address for the profile's API (a branch's test server).
        base_url: Option<String>,
        /// The access token.
        token: String,
    },
    /// A PSD2 API.
    #[serde(rename_all = "camelCase")]
    Psd2 {
        /// The base URL, before `/v1`.
        base_url: String,
        /// The bearer token.
        token: String,
        /// The consent id.
        consent_id: String,
        /// The consent's `frequencyPerDay`, when not the default 4.
        frequency_per_day: Option<u32>,
    },
    /// SimpleFIN.
    #[serde(rename_all = "camelCase")]
    SimpleFin {
        /// The setup token, claimed once.
        setup_token: String,
    },
}

/// Never prints a secret.
impl std::fmt::Debug for ConnectRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            ConnectRequest::Japan { .. } => "japan",
            ConnectRequest::Psd2 { .. } => "psd2",
            ConnectRequest::SimpleFin { .. } => "simplefin",
        };
        write!(f, "ConnectRequest({kind}, secrets hidden)")
    }
}

/// An account the credentials can read, for the person to choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BankChoice {
    /// Its place in the list, to choose it by.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub index: usize,
    /// The account's name or type.
    pub name: String,
    /// The bank, when known.
    pub bank: Option<String>,
    /// The masked number, when known.
    pub number_masked: Option<String>,
    /// The currency.
    pub currency: String,
    /// The label it would get in the store.
    pub label: String,
}

/// A bank profile the person can choose on the Connect screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProfileChoice {
    /// Its id.
    pub id: String,
    /// The bank's name.
    pub name: String,
    /// The API's address.
    pub base_url: String,
}

/// An account's bank connection, for the home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSummary {
    /// The kind of API.
    pub provider: Provider,
    /// The last booked date pulled.
    pub last_booked: Option<NaiveDate>,
    /// When the last sync finished (RFC 3339).
    pub last_synced_at: Option<String>,
}

/// The account's connection, when it has one.
pub(super) fn summary(store: &Store, label: &str) -> Result<Option<ConnectionSummary>, StoreError> {
    Ok(store.sync_state(label)?.map(|state| ConnectionSummary {
        provider: Provider::from_id(&state.provider).unwrap_or(Provider::Japan),
        last_booked: state.last_booked,
        last_synced_at: state.last_synced_at,
    }))
}

fn bank_error(error: BankError) -> SessionError {
    SessionError::Bank(SyncError::Bank(error))
}

/// The longest token, consent id, setup token or address accepted from the page: real ones are a
/// few hundred characters; anything far longer is a mistake or an attack on memory.
const MAX_SECRET_CHARS: usize = 4_096;
/// The longest account name.
const MAX_LABEL_CHARS: usize = 100;

fn bounded(what: &'static str, text: &str, limit: usize) -> Result<(), SessionError> {
    if text.chars().count() > limit {
        return Err(bank_error(BankError::TooLong { what, limit }));
    }
    Ok(())
}

impl ConnectRequest {
    /// Refuses fields far longer than any real one, before anything is sent anywhere.
    fn check_lengths(&self) -> Result<(), SessionError> {
        let fields: Vec<(&'static str, &str)> = match self {
            ConnectRequest::Japan {
                profile,
                base_url,
                token,
            } => vec![
                ("bank profile", profile),
                ("address", base_url.as_deref().unwrap_or_default()),
                ("token", token),
            ],
            ConnectRequest::Psd2 {
                base_url,
                token,
                consent_id,
                ..
            } => vec![
                ("address", base_url),
                ("token", token),
                ("consent id", consent_id),
            ],
            ConnectRequest::SimpleFin { setup_token } => vec![("setup token", setup_token)],
        };
        fields
            .into_iter()
            .try_for_each(|(what, text)| bounded(what, text, MAX_SECRET_CHARS))
    }
}

impl Session {
    /// Retries and timeouts for bank requests (tests make them quick).
    pub fn use_retry_policy(&mut self, retry: RetryPolicy) {
        self.bank.retry = Some(retry);
    }

    fn http(&self) -> Result<Http, SessionError> {
        let http = Http::new(self.bank.retry.unwrap_or_default()).map_err(bank_error)?;
        Ok(match &self.bank.stop {
            Some(stop) => http.with_stop(stop.clone()),
            None => http,
        })
    }

    /// Syncs stop, keeping nothing, once `stop` is set (checked before each request to a bank).
    pub fn use_sync_stop(&mut self, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) {
        self.bank.stop = Some(stop);
    }

    /// Adds the bank profiles in `dir` (`*.toml`, as a bank or branch ships them). A profile that
    /// cannot be used is named in the error; the others are still added.
    pub fn add_bank_profiles(&mut self, dir: &std::path::Path) -> Result<(), BankError> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        let mut first_problem = None;
        for path in paths {
            match BankProfile::from_file(&path) {
                Ok(profile) => self.bank.profiles.push(profile),
                Err(error) => {
                    first_problem.get_or_insert(error);
                }
            }
        }
        first_problem.map_or(Ok(()), Err)
    }

    /// The bank profiles to choose from: the built-in ones, then a branch's or user's.
    pub fn bank_profiles(&self) -> Vec<ProfileChoice> {
        BankProfile::builtin_ids()
            .filter_map(BankProfile::builtin)
            .chain(self.bank.profiles.iter().cloned())
            .map(|profile| ProfileChoice {
                id: profile.id,
                name: profile.name,
                base_url: profile.base_url,
            })
            .collect()
    }

    fn profile(&self, id: &str) -> Option<BankProfile> {
        self.bank
            .profiles
            .iter()
            .rev()
            .find(|profile| profile.id == id)
            .cloned()
            .or_else(|| BankProfile::builtin(id))
    }

    fn needs_keychain_store(&self) -> Result<(), SessionError> {
        let store = self.store.as_ref().ok_or(SessionError::NotOpen)?;
        if self.consultation || !store.uses_keychain() {
            return Err(SyncError::NeedsKeychain.into());
        }
        Ok(())
    }

    /// The Connect screen's first step: reaches the API with the credentials (claiming a
    /// SimpleFIN setup token) and lists the accounts they can read. Nothing is stored yet.
    pub fn test_connection(
        &mut self,
        request: ConnectRequest,
    ) -> Result<Vec<BankChoice>, SessionError> {
        self.needs_keychain_store()?;
        request.check_lengths()?;
        self.bank.pending = None;
        let http = self.http()?;
        let credentials = match request {
            ConnectRequest::Japan {
                profile,
                base_url,
                token,
            } => {
                let mut chosen = self.profile(&profile).ok_or_else(|| {
                    bank_error(BankError::Profile {
                        file: profile.clone(),
                        detail: "no such bank profile".into(),
                    })
                })?;
                if let Some(base_url) = base_url.filter(|url| !url.trim().is_empty()) {
                    chosen = chosen.at(&base_url).map_err(bank_error)?;
                }
                Credentials::Japan {
                    profile: Box::new(chosen),
                    token: Zeroizing::new(token.trim().to_owned()),
                }
            }
            ConnectRequest::Psd2 {
                base_url,
                token,
                consent_id,
                frequency_per_day,
            } => Credentials::Psd2 {
                base_url,
                token: Zeroizing::new(token.trim().to_owned()),
                consent_id: Zeroizing::new(consent_id.trim().to_owned()),
                frequency_per_day: frequency_per_day.unwrap_or(PSD2_DEFAULT_FREQUENCY),
            },
            ConnectRequest::SimpleFin { setup_token } => Credentials::SimpleFin {
                access_url: simplefin::claim(&http, &Zeroizing::new(setup_token))
                    .map_err(bank_error)?,
            },
        };
        let accounts = credentials
            .connector(http)
            .and_then(|connector| connector.accounts())
            .map_err(bank_error)?;
        let choices = accounts
            .iter()
            .enumerate()
            .map(|(index, remote)| BankChoice {
                index,
                name: remote.name.clone(),
                bank: remote.bank.clone(),
                number_masked: remote.number_masked.clone(),
                currency: remote.currency.clone(),
                label: default_label(&credentials, remote),
            })
            .collect();
        self.bank.pending = Some((credentials, accounts));
        Ok(choices)
    }

    /// The Connect screen's second step: connects the chosen account under `label` (or its
    /// default). Returns the label.
    pub fn connect(
        &mut self,
        choice: usize,
        label: Option<String>,
    ) -> Result<String, SessionError> {
        self.needs_keychain_store()?;
        let (credentials, accounts) = self.bank.pending.take().ok_or_else(|| {
            bank_error(BankError::BadAddress(
                "test the connection first: the credentials were not kept".into(),
            ))
        })?;
        let Some(remote) = accounts.get(choice).cloned() else {
            self.bank.pending = Some((credentials, accounts));
            return Err(bank_error(BankError::NoSuchAccount));
        };
        let label = label
            .map(|label| label.trim().to_owned())
            .filter(|label| !label.is_empty())
            .unwrap_or_else(|| default_label(&credentials, &remote));
        if let Err(error) = bounded("account name", &label, MAX_LABEL_CHARS) {
            self.bank.pending = Some((credentials, accounts));
            return Err(error);
        }
        let connection = Connection {
            remote_account: remote.id.clone(),
            credentials,
        };
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        sync::connect(store, &label, &connection, &remote)?;
        Ok(label)
    }

    /// Disconnects the account: its token leaves the keychain, its history stays.
    pub fn disconnect(&mut self, label: &str) -> Result<(), SessionError> {
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        sync::disconnect(store, label)?;
        Ok(())
    }

    /// Syncs the connected accounts (or only `only`) and says what is newly flagged.
    pub fn check(
        &mut self,
        only: Option<&str>,
        today: NaiveDate,
        progress: &mut dyn FnMut(&str, Progress),
    ) -> Result<CheckOutcome, SessionError> {
        let http = self.http()?;
        let catalog = self.catalog.clone();
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        Ok(periodic_check::check(
            store, only, today, &http, &catalog, progress,
        )?)
    }

    /// Whether some connected account's sync is due ([`Session::due_accounts`]).
    pub fn check_due(&self, now: DateTime<Utc>, every: chrono::Duration) -> bool {
        !self.due_accounts(now, every).is_empty()
    }

    /// The connected accounts whose sync is due at `now`: last synced longer than `every` ago
    /// (or never), or, after failures, once the retry wait is over (an hour, doubling to a day;
    /// [`crate::bank::schedule`]). The store keeps what this reads, so restarting the app neither
    /// asks the bank again early nor forgets a failure.
    pub fn due_accounts(&self, now: DateTime<Utc>, every: chrono::Duration) -> Vec<String> {
        let Some(store) = self.store.as_ref() else {
            return Vec::new();
        };
        store
            .connected()
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, state)| schedule::is_due(state, now, every))
            .map(|(label, _)| label)
            .collect()
    }
}

fn default_label(credentials: &Credentials, remote: &RemoteAccount) -> String {
    let account = remote.number_masked.as_ref().map(|masked| Account {
        bank: remote
            .bank
            .clone()
            .unwrap_or_else(|| credentials.display_name()),
        branch: None,
        number_masked: masked.clone(),
    });
    match account {
        Some(account) => label_for(None, Some(&account)),
        None => format!("{} {}", credentials.display_name(), remote.name),
    }
}
