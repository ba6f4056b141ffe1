//! The check the app runs while open (daily by default) and `kouza-guard sync` runs on demand:
//! pull what is new for every account connected to a bank, judge each history again, and say
//! which withdrawals are flagged for the first time — those are what a notification is for.

use chrono::NaiveDate;
use serde::Serialize;

use crate::bank::sync::{self, SyncOutcome};
use crate::bank::{Http, Progress};
use crate::catalog::Catalog;
use crate::review::Review;
use crate::store::{Store, StoreError};

/// A withdrawal flagged for the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NewFlag {
    /// The account's label.
    pub account: String,
    /// The booking day.
    pub booked: NaiveDate,
    /// Yen, negative.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    /// The statement text.
    pub description: String,
    /// The service's name in Japanese.
    pub service_ja: String,
    /// The service's name in English.
    pub service_en: String,
}

/// One account's sync that failed, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SyncFailure {
    /// The account's label.
    pub account: String,
    /// What went wrong.
    pub message: String,
    /// The person cancelled the sync.
    pub cancelled: bool,
}

/// What a check did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CheckOutcome {
    /// The accounts synced.
    pub synced: Vec<SyncOutcome>,
    /// The accounts whose sync failed; their history is as it was.
    pub failed: Vec<SyncFailure>,
    /// Withdrawals flagged for the first time, in any account.
    pub newly_flagged: Vec<NewFlag>,
}

/// Judges the account's whole stored history and remembers its flags; returns those never
/// flagged before.
pub fn judge_and_remember(
    store: &mut Store,
    label: &str,
    catalog: &Catalog,
) -> Result<Vec<NewFlag>, StoreError> {
    let review = Review::of(store.statement(label)?, catalog, &store.holder(label)?);
    let flagged: Vec<_> = review.findings.iter().filter(|f| f.flagged).collect();
    let flags: Vec<_> = flagged
        .iter()
        .map(|finding| {
            let row = &review.statement.transactions[finding.row];
            (&row.source_id, finding.service.id.as_str(), finding.score)
        })
        .collect();
    let new = store.remember_flags(label, &flags, &review.catalog)?;
    Ok(new
        .into_iter()
        .map(|position| {
            let finding = flagged[position];
            let row = &review.statement.transactions[finding.row];
            NewFlag {
                account: label.to_owned(),
                booked: row.booked,
                amount: row.amount,
                description: row.description.clone(),
                service_ja: finding.service.name_ja.clone(),
                service_en: finding.service.name_en.clone(),
            }
        })
        .collect())
}

/// Syncs every connected account (or only `only`), then judges each synced one. A failing
/// account is reported and the others go on; only a store error stops the check.
pub fn check(
    store: &mut Store,
    only: Option<&str>,
    today: NaiveDate,
    http: &Http,
    catalog: &Catalog,
    progress: &mut dyn FnMut(&str, Progress),
) -> Result<CheckOutcome, StoreError> {
    let mut report = CheckOutcome::default();
    let labels: Vec<String> = store
        .connected()?
        .into_iter()
        .map(|(label, _)| label)
        .filter(|label| only.map_or(true, |only| only == label))
        .collect();
    for label in labels {
        match sync::sync(store, &label, today, http, &mut |step| {
            progress(&label, step)
        }) {
            Ok(outcome) => {
                report.synced.push(outcome);
                report
                    .newly_flagged
                    .extend(judge_and_remember(store, &label, catalog)?);
            }
            Err(sync::SyncError::Store(error)) => return Err(error),
            Err(error) => {
                tracing::warn!(error = %error, "an account's sync failed");
                report.failed.push(SyncFailure {
                    account: label,
                    cancelled: matches!(
                        error,
                        sync::SyncError::Bank(crate::bank::BankError::Cancelled)
                    ),
                    message: error.to_string(),
                });
            }
        }
    }
    Ok(report)
}
