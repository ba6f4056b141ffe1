//! When the periodic check next syncs an account: an interval (a day by default) after its last
//! sync, or, after a sync failed, an hour after the failure, doubling with each failure in a row
//! (1, 2, 4, 8, 16 hours) up to a day. A bank that is down, a revoked token or a hostile reply is
//! then asked about a handful of times a day, not every minute, and not only once a day either.
//!
//! The schedule reads only the account's [`SyncState`] — which the store keeps, so it holds across
//! restarts — and the time it is given: the app's check timer asks and does nothing else.
//!
//! ```
//! use chrono::Duration;
//! use kouza_guard::bank::schedule::retry_delay;
//! let hours: Vec<i64> = (1..=7).map(|failures| retry_delay(failures).num_hours()).collect();
//! assert_eq!(hours, [1, 2, 4, 8, 16, 24, 24]);
//! assert_eq!(retry_delay(0), Duration::zero());
//! ```

use chrono::{DateTime, Duration, Utc};

use crate::store::SyncState;

/// The wait after the first failure in a row.
pub fn first_retry() -> Duration {
    Duration::hours(1)
}

/// The longest wait after failures: however often a sync has failed, it is tried daily.
pub fn longest_retry() -> Duration {
    Duration::hours(24)
}

/// The wait after `failures` failures in a row: an hour, doubling each time, at most a day.
pub fn retry_delay(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::zero();
    }
    // 2^5 hours is already past a day; capping the shift keeps it from overflowing.
    let doublings = (failures - 1).min(5);
    (first_retry() * (1 << doublings)).min(longest_retry())
}

/// A time the store wrote (RFC 3339), never later than `now`: a clock set back, or a time written
/// by a computer whose clock was ahead, must not put the next sync off for longer than planned.
fn stored_time(at: Option<&str>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let at = DateTime::parse_from_rfc3339(at?).ok()?.with_timezone(&Utc);
    Some(at.min(now))
}

/// When the account's next sync is due, as of `now`, with syncs every `every`. An account never
/// synced (or whose times cannot be read) is due `now`.
pub fn due_at(state: &SyncState, now: DateTime<Utc>, every: Duration) -> DateTime<Utc> {
    let after = |at: DateTime<Utc>, wait: Duration| {
        at.checked_add_signed(wait)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    };
    if state.failures > 0 {
        if let Some(failed) = stored_time(state.last_failed_at.as_deref(), now) {
            return after(failed, retry_delay(state.failures));
        }
    }
    match stored_time(state.last_synced_at.as_deref(), now) {
        Some(synced) => after(synced, every),
        None => now,
    }
}

/// Whether the account's sync is due at `now`.
pub fn is_due(state: &SyncState, now: DateTime<Utc>, every: Duration) -> bool {
    due_at(state, now, every) <= now
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};

    use super::{due_at, is_due, retry_delay};
    use crate::store::SyncState;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, hour, 0, 0).unwrap()
    }

    fn text(time: DateTime<Utc>) -> Option<String> {
        Some(time.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    fn state(synced: Option<String>, failures: u32, failed: Option<String>) -> SyncState {
        SyncState {
            provider: "psd2".into(),
            last_booked: None,
            last_synced_at: synced,
            requests_day: None,
            requests_made: 0,
            failures,
            last_failed_at: failed,
        }
    }

    #[test]
    fn the_wait_doubles_from_an_hour_to_a_day_and_never_overflows() {
        assert_eq!(retry_delay(1), Duration::hours(1));
        assert_eq!(retry_delay(5), Duration::hours(16));
        assert_eq!(retry_delay(6), Duration::hours(24));
        assert_eq!(retry_delay(u32::MAX), Duration::hours(24));
    }

    #[test]
    fn a_synced_account_is_due_an_interval_later() {
        let day = Duration::hours(24);
        assert_eq!(
            due_at(&state(None, 0, None), at(9), day),
            at(9),
            "never synced"
        );
        let synced = state(text(at(1)), 0, None);
        assert_eq!(due_at(&synced, at(9), day), at(1) + day);
        assert!(!is_due(&synced, at(9), day));
        assert!(is_due(&synced, at(1) + day, day));
        let unreadable = state(Some("yesterday".into()), 0, None);
        assert!(is_due(&unreadable, at(9), day));
    }

    #[test]
    fn after_failures_it_is_tried_again_sooner_than_the_interval() {
        let day = Duration::hours(24);
        let once = state(text(at(0)), 1, text(at(2)));
        assert_eq!(due_at(&once, at(2), day), at(3));
        assert!(!is_due(&once, at(2) + Duration::minutes(59), day));
        assert!(is_due(&once, at(3), day));
        let thrice = state(None, 3, text(at(2)));
        assert_eq!(due_at(&thrice, at(2), day), at(6));
        // A failure whose time cannot be read falls back on the last sync.
        let unreadable = state(text(at(0)), 2, None);
        assert_eq!(due_at(&unreadable, at(2), day), at(0) + day);
    }

    #[test]
    fn a_time_in_the_future_counts_as_now() {
        let day = Duration::hours(24);
        let ahead = state(None, 1, text(at(2) + Duration::days(365)));
        assert_eq!(due_at(&ahead, at(2), day), at(3));
        let synced_ahead = state(text(at(5)), 0, None);
        assert_eq!(due_at(&synced_ahead, at(2), day), at(2) + day);
        // An interval too long to add is never due, rather than an overflow.
        let synced = state(text(at(1)), 0, None);
        assert_eq!(
            due_at(&synced, at(2), Duration::MAX),
            DateTime::<Utc>::MAX_UTC
        );
    }
}
