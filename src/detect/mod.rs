//! Finds every withdrawal that tops up an e-money or payment service, and judges which the holder
//! probably did not make, with reasons a person understands.
//!
//! Detection is pure: the history and what the holder said come in as values, and nothing here
//! reads a store, a clock or the network. The signals:
//!
//! - a service never seen before in the account, especially when more top-ups follow within days
//!   (the 2020 pattern: four debits in two minutes). A service already in use in the first
//!   [`WARM_UP_DAYS`] of what the app knows is not new, only not yet known: it is judged by its
//!   rhythm and amounts like any service in use, and its first run only when it is a burst
//!   (so that a one-month statement with a burst in its first days is not waved through);
//! - an amount far above the holder's habit on a service they use (a second, fraudulent wallet);
//! - a longer run of top-ups than the holder has ever made on that service;
//! - several services appearing for the first time around the same days;
//! - a later top-up to a service that arrived in a burst nobody owned up to (the fraudster
//!   coming back to the wallet after the days it counts as new);
//! - round amounts, services the holder declared they never use, and the holder's own answers.
//!
//! Each signal is a [`Reason`] with a weight; the score is `1 - Π(1 - weight)`, and a withdrawal
//! is flagged at [`FLAG_AT`] or above.

mod reason;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

pub use reason::{yen, Reason};

use crate::catalog::Catalog;
use crate::{SourceId, Transaction};

/// Days at the start of the known history during which a service is "not yet known", not new.
pub const WARM_UP_DAYS: i64 = 30;
/// Days after its first appearance during which a service still counts as new.
pub const NEW_FOR_DAYS: i64 = 7;
/// Top-ups to one service within this many days of the run's first form one run.
pub const RUN_GAP_DAYS: i64 = 3;
/// A first run of a not-yet-known service is a burst at this many top-ups …
pub const BURST_COUNT: usize = 3;
/// … totalling at least this many yen.
pub const BURST_TOTAL: i64 = 30_000;
/// The score at which a withdrawal is flagged.
pub const FLAG_AT: f64 = 0.5;

/// What the holder has told the app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    /// Services the holder uses: never flagged for being new, only for unusual amounts or runs.
    pub known: BTreeSet<String>,
    /// Services the holder never uses.
    pub never: BTreeSet<String>,
    /// The holder's answers about single withdrawals.
    pub answers: HashMap<SourceId, Answer>,
}

/// The holder's answer about one withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    /// "This was me": not flagged, and the service counts as in use from then on.
    Mine,
    /// "This was not me".
    NotMine,
}

/// One e-money top-up found in the history, and the judgement on it.
#[derive(Debug, Clone, PartialEq)]
pub struct EmoneyWithdrawal<'t> {
    /// The withdrawal as imported.
    pub transaction: &'t Transaction,
    /// The catalog id of the service it tops up.
    pub service: String,
    /// From 0 (ordinary) to 1 (certainly not the holder's).
    pub score: f64,
    /// Why, strongest first; empty for an ordinary top-up.
    pub reasons: Vec<Reason>,
}

impl EmoneyWithdrawal<'_> {
    /// Whether the holder should look at this one.
    pub fn is_flagged(&self) -> bool {
        self.score >= FLAG_AT
    }
}

/// Judges every e-money top-up in `history` (one account's transactions, in date order).
pub fn detect<'t>(
    catalog: &Catalog,
    history: &'t [Transaction],
    holder: &Holder,
) -> Vec<EmoneyWithdrawal<'t>> {
    let Some(history_start) = history.iter().map(|t| t.booked).min() else {
        return Vec::new();
    };
    detect_from(catalog, history, history_start, holder)
}

/// [`detect`] for a history known to start on `history_start` of which only some rows are
/// given: the e-money withdrawals are all it looks at, so a scan that streams a large file keeps
/// only those, and the first day of the whole file.
pub fn detect_from<'t>(
    catalog: &Catalog,
    history: &'t [Transaction],
    history_start: NaiveDate,
    holder: &Holder,
) -> Vec<EmoneyWithdrawal<'t>> {
    let mut topups: Vec<(usize, &'t Transaction, String)> = history
        .iter()
        .filter(|t| t.is_withdrawal())
        .filter_map(|t| Some((t, catalog.service_for(&t.normalized)?.id.clone())))
        .enumerate()
        .map(|(i, (t, service))| (i, t, service))
        .collect();
    topups.sort_by_key(|(i, t, _)| (t.booked, *i));

    let mut by_service: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, (_, _, service)) in topups.iter().enumerate() {
        by_service
            .entry(service.as_str())
            .or_default()
            .push(position);
    }
    let services: HashMap<&str, ServiceHistory> = by_service
        .iter()
        .map(|(&service, positions)| {
            let rows: Vec<&Transaction> = positions.iter().map(|&p| topups[p].1).collect();
            (
                service,
                ServiceHistory::new(service, &rows, history_start, holder),
            )
        })
        .collect();

    // Each top-up's place among its service's top-ups.
    let mut index_of = vec![0; topups.len()];
    for positions in by_service.values() {
        for (index, &position) in positions.iter().enumerate() {
            index_of[position] = index;
        }
    }
    topups
        .iter()
        .enumerate()
        .map(|(position, (_, transaction, service))| {
            let history = &services[service.as_str()];
            let index = index_of[position];
            let reasons = judge(history, index, &services, holder, transaction);
            let score = if reasons.is_empty() {
                0.0
            } else {
                1.0 - reasons.iter().map(|r| 1.0 - r.weight()).product::<f64>()
            };
            EmoneyWithdrawal {
                transaction,
                service: service.clone(),
                score: score.clamp(0.0, 1.0),
                reasons,
            }
        })
        .collect()
}

/// One service's top-ups in this account, in date order, split into runs.
struct ServiceHistory<'t> {
    id: String,
    rows: Vec<&'t Transaction>,
    /// The run each row belongs to.
    run_of: Vec<usize>,
    /// Each run's first and last row index.
    runs: Vec<(usize, usize)>,
    /// The first appearance, when the service is new to the account (not declared, not in the
    /// warm-up, not answered "mine" on its first top-up).
    new_since: Option<NaiveDate>,
    /// The first row answered "this was me", from which the service counts as in use.
    owned_from: Option<usize>,
    /// For each run, the holder's habit before it: made once here, so that judging a long
    /// history stays linear in its length rather than going over every earlier top-up again.
    habit_before: Vec<Habit>,
}

/// The holder's own top-ups on a service before a run (those not answered "not me").
#[derive(Debug, Clone, Copy, Default)]
struct Habit {
    /// How many.
    count: usize,
    /// The largest (positive yen), if any.
    most: Option<i64>,
    /// The median, as `sorted[count / 2]`.
    median: i64,
    /// The longest run so far, in top-ups.
    longest_run: usize,
}

/// The median of a growing multiset, as `sorted[len / 2]`: the smaller half in a max-heap, the
/// larger half (one more when the count is odd) in a min-heap, whose top is the median.
#[derive(Debug, Default)]
struct RunningMedian {
    lower: std::collections::BinaryHeap<i64>,
    upper: std::collections::BinaryHeap<std::cmp::Reverse<i64>>,
}

impl RunningMedian {
    fn insert(&mut self, value: i64) {
        match self.upper.peek() {
            Some(&std::cmp::Reverse(top)) if value < top => self.lower.push(value),
            _ => self.upper.push(std::cmp::Reverse(value)),
        }
        // Keep |lower| = len / 2 (rounded down), so the upper heap's top is sorted[len / 2].
        let len = self.lower.len() + self.upper.len();
        while self.lower.len() > len / 2 {
            let moved = self.lower.pop().expect("lower is not empty");
            self.upper.push(std::cmp::Reverse(moved));
        }
        while self.lower.len() < len / 2 {
            let std::cmp::Reverse(moved) = self.upper.pop().expect("upper is not empty");
            self.lower.push(moved);
        }
    }

    fn median(&self) -> Option<i64> {
        self.upper.peek().map(|&std::cmp::Reverse(top)| top)
    }
}

impl<'t> ServiceHistory<'t> {
    fn new(id: &str, rows: &[&'t Transaction], history_start: NaiveDate, holder: &Holder) -> Self {
        let mut run_of = Vec::with_capacity(rows.len());
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            // A run is bounded by its first day, not chained gap by gap: a holder who tops up
            // every other day for years makes many short runs, not one run of years.
            match runs.last_mut() {
                Some((first, last))
                    if (row.booked - rows[*first].booked).num_days() <= RUN_GAP_DAYS =>
                {
                    *last = i
                }
                _ => runs.push((i, i)),
            }
            run_of.push(runs.len() - 1);
        }
        let owned_from = rows
            .iter()
            .position(|t| holder.answers.get(&t.source_id) == Some(&Answer::Mine));
        let first_seen = rows[0].booked;
        let in_warm_up = (first_seen - history_start).num_days() < WARM_UP_DAYS;
        let new_since = (!in_warm_up && !holder.known.contains(id) && owned_from != Some(0))
            .then_some(first_seen);
        let mut habit_before = Vec::with_capacity(runs.len());
        let mut habit = Habit::default();
        let mut amounts = RunningMedian::default();
        for &(first, last) in &runs {
            habit_before.push(habit);
            for row in &rows[first..=last] {
                if holder.answers.get(&row.source_id) == Some(&Answer::NotMine) {
                    continue;
                }
                let amount = -row.amount;
                amounts.insert(amount);
                habit.count += 1;
                habit.most = Some(habit.most.map_or(amount, |most| most.max(amount)));
                habit.median = amounts.median().unwrap_or_default();
            }
            habit.longest_run = habit.longest_run.max(last - first + 1);
        }
        ServiceHistory {
            id: id.to_owned(),
            rows: rows.to_vec(),
            run_of,
            runs,
            new_since,
            owned_from,
            habit_before,
        }
    }

    fn run_total(&self, run: usize) -> i64 {
        let (first, last) = self.runs[run];
        self.rows[first..=last].iter().map(|t| -t.amount).sum()
    }

    fn run_span(&self, run: usize) -> i64 {
        let (first, last) = self.runs[run];
        (self.rows[last].booked - self.rows[first].booked).num_days()
    }
}

fn judge(
    history: &ServiceHistory<'_>,
    index: usize,
    services: &HashMap<&str, ServiceHistory<'_>>,
    holder: &Holder,
    transaction: &Transaction,
) -> Vec<Reason> {
    match holder.answers.get(&transaction.source_id) {
        Some(Answer::NotMine) => return vec![Reason::HolderSaidNotMine],
        Some(Answer::Mine) => return Vec::new(),
        None => {}
    }
    let service = history.id.clone();
    let amount = -transaction.amount;
    let run = history.run_of[index];
    let (run_first, run_last) = history.runs[run];
    let owned = history.owned_from.is_some_and(|from| from < index);
    let mut reasons = Vec::new();

    if holder.never.contains(&service) {
        reasons.push(Reason::DeclaredNeverUsed {
            service: service.clone(),
        });
    }
    let new_phase = history
        .new_since
        .filter(|since| !owned && (transaction.booked - *since).num_days() <= NEW_FOR_DAYS);
    if let Some(first_seen) = new_phase {
        let count = run_last - run_first + 1;
        let (total, span_days) = (history.run_total(run), history.run_span(run));
        reasons.push(match (index, run_first) {
            (0, _) => Reason::FirstEver {
                service: service.clone(),
                later: count - 1,
                span_days,
                total,
            },
            (_, 0) => Reason::InNewRun {
                service: service.clone(),
                position: index + 1,
                count,
                span_days,
                total,
            },
            _ => Reason::RecentlyNew {
                service: service.clone(),
                first_seen,
            },
        });
        let others: Vec<String> = services
            .values()
            .filter(|other| other.id != service)
            .filter(|other| {
                other
                    .new_since
                    .is_some_and(|d| (d - first_seen).num_days().abs() <= NEW_FOR_DAYS)
            })
            .map(|other| other.id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !others.is_empty() {
            reasons.push(Reason::SeveralNewServices { others });
        }
    } else {
        if let Some(first_seen) = history.new_since.filter(|_| !owned && run > 0) {
            // The first run was the service's arrival; if that was a burst nobody owned up to,
            // it is no habit to measure this one against.
            let (first, last) = history.runs[0];
            let (count, total) = (last - first + 1, history.run_total(0));
            if count >= BURST_COUNT && total >= BURST_TOTAL {
                reasons.push(Reason::AfterNewBurst {
                    service: service.clone(),
                    first_seen,
                    count,
                    total,
                });
            }
        }
        reasons.extend(habit_reasons(history, index, &service, amount));
    }
    if !reasons.is_empty() && amount >= 10_000 && amount % 10_000 == 0 {
        reasons.push(Reason::RoundAmount { amount });
    }
    reasons
}

/// Amount and rhythm against the holder's own earlier top-ups on this service, before this run.
fn habit_reasons(
    history: &ServiceHistory<'_>,
    index: usize,
    service: &str,
    amount: i64,
) -> Vec<Reason> {
    let run = history.run_of[index];
    let (run_first, run_last) = history.runs[run];
    let habit = history.habit_before[run];
    let mut reasons = Vec::new();
    if let Some(most) = habit.most {
        let usual = habit.median;
        let far_above = if habit.count >= 3 {
            amount > 3 * usual && amount > most
        } else {
            amount > 5 * most
        };
        if far_above {
            reasons.push(Reason::AboveHabit {
                service: service.to_owned(),
                amount,
                usual,
            });
        }
    }
    let count = run_last - run_first + 1;
    let span_days = history.run_span(run);
    if run > 0 {
        let usual_most = habit.longest_run.max(1);
        if count >= BURST_COUNT && count >= usual_most + 2 {
            reasons.push(Reason::UnusualRun {
                service: service.to_owned(),
                count,
                span_days,
                usual_most,
            });
        }
    } else if count >= BURST_COUNT && history.run_total(run) >= BURST_TOTAL {
        // The first run of a service the app has no history for: only a burst says anything.
        reasons.push(Reason::BurstWithoutHistory {
            service: service.to_owned(),
            count,
            span_days,
            total: history.run_total(run),
        });
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::RunningMedian;

    #[test]
    fn the_running_median_is_the_sorted_middle_at_every_step() {
        let mut rng = fastrand::Rng::with_seed(2020);
        for _ in 0..50 {
            let mut running = RunningMedian::default();
            let mut seen = Vec::new();
            for _ in 0..rng.usize(1..60) {
                let value = rng.i64(0..20) * 1_000;
                running.insert(value);
                seen.push(value);
                let mut sorted = seen.clone();
                sorted.sort_unstable();
                assert_eq!(running.median(), Some(sorted[sorted.len() / 2]), "{seen:?}");
            }
        }
    }
}
