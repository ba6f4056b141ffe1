//! Connecting an account to a bank, and pulling what is new.
//!
//! A sync asks from a week before the last booked date it has (banks book late, and correct), up
//! to today; the store's importer rules drop the rows it already has. Everything pulled goes into
//! the store in one transaction with the new sync state, or nothing does: a sync that fails on
//! its tenth page leaves the history as it was and can be run again. A reply holding a date or
//! amount no real account has is refused whole ([`super::plausible`]), naming the account.

use chrono::{Days, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use thiserror::Error;

use super::{plausible, secrets, BankError, Connection, Http, Progress, Provider, RemoteAccount};
use crate::statement::ImportNote;
use crate::store::{ImportOutcome, Store, StoreError, SyncState};
use crate::{Account, Statement};

/// Days before the last booked date that a sync asks for again.
pub const OVERLAP_DAYS: i64 = 7;

/// How far back the first sync of an account reaches.
pub const FIRST_SYNC_DAYS: i64 = 400;

/// `days` before `day`, or the first day chrono holds: a window never overflows.
fn days_before(day: NaiveDate, days: i64) -> NaiveDate {
    u64::try_from(days)
        .ok()
        .and_then(|days| day.checked_sub_days(Days::new(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// A sync or connection could not be done.
#[derive(Debug, Error)]
pub enum SyncError {
    /// The bank's side.
    #[error(transparent)]
    Bank(#[from] BankError),
    /// The store's side.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store's key is not in the keychain (a passphrase store, or a consultation), so
    /// there is nowhere safe to keep a bank's token.
    #[error(
        "connecting a bank needs the computer's keychain to keep the token safe, and this store \
         does not use it (a passphrase store, or a consultation). Import downloaded statements instead"
    )]
    NeedsKeychain,
}

/// What one account's sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SyncOutcome {
    /// The account's label.
    pub account: String,
    /// The provider's name.
    pub provider: String,
    /// The first day asked for.
    pub from: NaiveDate,
    /// The last day asked for.
    pub to: NaiveDate,
    /// What the store made of the rows.
    pub import: ImportOutcome,
}

/// The days to ask for: from a week before the last booked date, or [`FIRST_SYNC_DAYS`] back
/// for a first sync, to today. A last booked date no real account has (before 1990 or after
/// tomorrow, kept by an earlier version from a hostile reply) counts as none.
///
/// ```
/// use chrono::NaiveDate;
/// use kouza_guard::bank::sync::window;
/// let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
/// let last = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
/// assert_eq!(window(Some(last), today), (NaiveDate::from_ymd_opt(2026, 11, 13).unwrap(), today));
/// assert_eq!(window(None, today).0, NaiveDate::from_ymd_opt(2025, 10, 21).unwrap());
/// assert_eq!(window(Some(NaiveDate::MIN), today), window(None, today));
/// ```
pub fn window(last_booked: Option<NaiveDate>, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = match last_booked.filter(|last| plausible::is_bookable(*last, today)) {
        Some(last) => days_before(last, OVERLAP_DAYS).min(today),
        None => days_before(today, FIRST_SYNC_DAYS),
    };
    (from, today)
}

/// Connects the account `label` (made if new) to the bank: the connection goes to the keychain,
/// its provider to the store. `remote` is the bank's account, as [`super::Connector::accounts`]
/// listed it. Nothing is pulled yet.
pub fn connect(
    store: &mut Store,
    label: &str,
    connection: &Connection,
    remote: &RemoteAccount,
) -> Result<(), SyncError> {
    if !store.uses_keychain() {
        return Err(SyncError::NeedsKeychain);
    }
    if remote.currency != "JPY" && !remote.currency.is_empty() {
        return Err(BankError::NotYen(remote.currency.clone()).into());
    }
    let account = remote.number_masked.as_ref().map(|masked| Account {
        bank: remote
            .bank
            .clone()
            .unwrap_or_else(|| connection.credentials.display_name()),
        branch: None,
        number_masked: masked.clone(),
    });
    let id = store.ensure_account(label, account.as_ref())?;
    secrets::save(store.keychain_id(), id, connection).map_err(BankError::from)?;
    let state = SyncState {
        provider: connection.credentials.provider().id().to_owned(),
        last_booked: None,
        last_synced_at: None,
        requests_day: None,
        requests_made: 0,
        failures: 0,
        last_failed_at: None,
    };
    let kept = match store.sync_state(label)? {
        // Connecting again (a new token) keeps where the sync had got to and today's count.
        Some(old) if old.provider == state.provider => old,
        _ => state,
    };
    if let Err(error) = store.set_sync_state(label, &kept) {
        let _ = secrets::remove(store.keychain_id(), id);
        return Err(error.into());
    }
    tracing::info!(provider = %kept.provider, "connected an account to a bank");
    Ok(())
}

/// Disconnects the account: its secret leaves the keychain; its history stays.
pub fn disconnect(store: &mut Store, label: &str) -> Result<(), SyncError> {
    let id = store.account_id(label)?;
    secrets::remove(store.keychain_id(), id).map_err(BankError::from)?;
    store.forget_sync_state(label)?;
    Ok(())
}

/// Pulls what is new for the connected account `label` and stores it. A failure on the bank's
/// side (not a Cancel) is counted in the account's sync state, with its time, so the periodic
/// check waits before trying again ([`super::schedule`]); a sync that works clears the count.
pub fn sync(
    store: &mut Store,
    label: &str,
    today: NaiveDate,
    http: &Http,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncOutcome, SyncError> {
    let outcome = pull(store, label, today, http, progress);
    if let Err(SyncError::Bank(error)) = &outcome {
        if !matches!(error, BankError::Cancelled | BankError::NotConnected(_)) {
            count_failure(store, label);
        }
    }
    outcome
}

/// Counts a failed sync in the account's state. Not being able to count it changes nothing
/// else: the sync's own error is what the person is told.
fn count_failure(store: &mut Store, label: &str) {
    let counted = store.sync_state(label).and_then(|state| match state {
        Some(state) => store.set_sync_state(
            label,
            &SyncState {
                failures: state.failures.saturating_add(1),
                last_failed_at: Some(Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)),
                ..state
            },
        ),
        None => Ok(()),
    });
    if let Err(error) = counted {
        tracing::warn!(%error, "a failed sync could not be counted for the retry schedule");
    }
}

fn pull(
    store: &mut Store,
    label: &str,
    today: NaiveDate,
    http: &Http,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncOutcome, SyncError> {
    let state = store
        .sync_state(label)?
        .ok_or_else(|| BankError::NotConnected(label.to_owned()))?;
    let id = store.account_id(label)?;
    let connection = secrets::load(store.keychain_id(), id)
        .map_err(BankError::from)?
        .ok_or_else(|| BankError::NotConnected(label.to_owned()))?;
    let credentials = &connection.credentials;
    if !store.count_sync(label, today, credentials.daily_limit())? {
        return Err(BankError::DailyLimit {
            provider: credentials.provider().name(),
            limit: credentials.daily_limit().unwrap_or_default(),
        }
        .into());
    }
    let (from, to) = window(state.last_booked, today);
    let connector = credentials.connector(http.clone())?;
    let pulled = connector.booked(&connection.remote_account, from, to, progress)?;
    plausible::check(&pulled.transactions, from, to, today).map_err(|detail| {
        BankError::Implausible {
            account: label.to_owned(),
            detail,
        }
    })?;
    let mut notes = Vec::new();
    if pulled.pending_left_out > 0 {
        notes.push(ImportNote::PendingLeftOut {
            count: pulled.pending_left_out,
        });
    }
    let provider = Provider::from_id(&state.provider).unwrap_or(credentials.provider());
    let statement = Statement {
        source: format!("{} {from}–{to}", credentials.display_name()),
        layout: provider.id().to_owned(),
        account: None,
        is_demo: false,
        notes,
        transactions: pulled.transactions,
    };
    // The counted request is in the state read after counting, not in `state`.
    let counted = store.sync_state(label)?.unwrap_or(state.clone());
    let new_state = SyncState {
        last_booked: statement.period().map(|(_, last)| last).max(
            state
                .last_booked
                .filter(|last| plausible::is_bookable(*last, today)),
        ),
        last_synced_at: Some(Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)),
        failures: 0,
        last_failed_at: None,
        ..counted
    };
    let import = store.import_synced(&statement, label, &new_state)?;
    Ok(SyncOutcome {
        account: label.to_owned(),
        provider: credentials.display_name(),
        from,
        to,
        import,
    })
}
