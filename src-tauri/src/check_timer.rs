//! The periodic check while the app runs: every connected account whose sync is due is synced —
//! due an interval (daily by default) after its last sync, or, after failures, an hour later,
//! doubling to a day; the core's schedule decides from what the store keeps, so a restart changes
//! nothing (`kouza_guard::bank::schedule`). A withdrawal flagged for the first time raises a
//! desktop notification and tells the page, which refreshes what it shows. "Sync now" runs the
//! same check at once.
//!
//! A check runs on its own thread: bank requests block, and the window must not.

use std::time::Duration;

use kouza_guard::bank::schedule;
use kouza_guard::periodic_check::{CheckOutcome, NewFlag};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use ts_rs::TS;

use crate::ipc::IpcError;
use crate::state::{today, AppState};

/// The event with a sync's progress, for the progress bar.
pub const SYNC_PROGRESS: &str = "sync-progress";
/// The event that tells the page that a check found withdrawals flagged for the first time.
pub const NEW_FLAGS: &str = "new-flags";

/// How far a sync has got.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// The account being synced.
    pub account: String,
    /// The core's count of pages and rows so far.
    pub progress: kouza_guard::bank::Progress,
}

/// The interval when the launch options give none.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Starts the periodic check.
pub fn spawn(app: AppHandle, every: Duration) {
    // Wake often enough to notice when a check falls due, but never more than once a minute.
    let tick = every.min(Duration::from_secs(60));
    let every_chrono = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::days(1));
    std::thread::spawn(move || {
        // Checks that failed as a whole (the store, not a bank): the store cannot count those, so
        // they are counted here and waited out on the same schedule.
        let mut failed_checks = 0;
        loop {
            std::thread::sleep(tick);
            let state = app.state::<AppState>();
            let due = state
                .with_session(|session| Ok(session.due_accounts(chrono::Utc::now(), every_chrono)))
                .unwrap_or_default();
            // Only the accounts due: one waiting out its failures is not asked early because
            // another account's day is up. Each account's failure is counted in the store.
            for label in due {
                match check(&app, Some(&label)) {
                    Ok(_) => failed_checks = 0,
                    Err(error) => {
                        tracing::warn!(code = ?error.code, "the periodic check failed");
                        failed_checks += 1;
                        let wait = schedule::retry_delay(failed_checks)
                            .to_std()
                            .unwrap_or(every);
                        std::thread::sleep(wait);
                        break;
                    }
                }
            }
        }
    });
}

/// Syncs (every connected account, or `only`), with progress events; notifies about new flags.
pub fn check(app: &AppHandle, only: Option<&str>) -> Result<CheckOutcome, IpcError> {
    let state = app.state::<AppState>();
    state.sync_starting();
    let report = state.with_session(|session| {
        session.check(only, today(), &mut |account, progress| {
            let _ = app.emit(
                SYNC_PROGRESS,
                SyncProgress {
                    account: account.to_owned(),
                    progress,
                },
            );
        })
    })?;
    if !report.newly_flagged.is_empty() {
        notify(app, &report.newly_flagged);
        let _ = app.emit(NEW_FLAGS, report.newly_flagged.len());
    }
    Ok(report)
}

/// One desktop notification for the whole batch, Japanese first.
fn notify(app: &AppHandle, flags: &[NewFlag]) {
    let Some(first) = flags.first() else {
        return;
    };
    // Checked: the core refuses amounts of ¥10^15 or more, but a total must never wrap to a
    // small number or panic. Without a total the count alone is told.
    let total = flags
        .iter()
        .try_fold(0i64, |total, flag| total.checked_sub(flag.amount));
    let body = if flags.len() == 1 {
        let amount = first.amount.saturating_neg();
        format!(
            "{} {}への{}の出金が新たに見つかりました。\nA new withdrawal of {} to {} needs your attention.",
            first.account,
            first.service_ja,
            kouza_guard::detect::yen(amount, kouza_guard::lang::Lang::Ja),
            kouza_guard::detect::yen(amount, kouza_guard::lang::Lang::En),
            first.service_en
        )
    } else if let Some(total) = total {
        format!(
            "確認が必要な出金が新たに{}件（合計{}）見つかりました。\n{} new withdrawals ({} in total) need your attention.",
            flags.len(),
            kouza_guard::detect::yen(total, kouza_guard::lang::Lang::Ja),
            flags.len(),
            kouza_guard::detect::yen(total, kouza_guard::lang::Lang::En)
        )
    } else {
        format!(
            "確認が必要な出金が新たに{}件見つかりました。\n{} new withdrawals need your attention.",
            flags.len(),
            flags.len()
        )
    };
    if let Err(error) = app
        .notification()
        .builder()
        .title("口座ガード: 確認が必要な出金 Kouza Guard: withdrawals to check")
        .body(body)
        .show()
    {
        tracing::warn!(error = %error, "the desktop notification could not be shown");
    }
}
