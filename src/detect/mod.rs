//! Finds every withdrawal that tops up an e-money or payment service, and judges which the holder
//! probably did not make, with reasons a person understands.
//!
//! Detection is pure: the history and what the holder said come in as values, and nothing here
//! reads a store, a clock or the network. Each service's top-ups are judged together
//! ([`service`]); the signals:
//!
//! - a service new to the account: its *arrival* (the top-ups of its first [`NEW_FOR_DAYS`]) is
//!   judged as one. Holding a debit of more than [`LARGE_DEBIT`] or a run of two carrying more
//!   (the 2020 pattern: four debits in two minutes, test top-ups before a theft, a drip of a
//!   debit a day) it is flagged whole; otherwise its first top-up asks one kind question
//!   ([`Level::Question`]);
//! - a *short history*: a service first seen fewer than [`SHORT_HISTORY_DAYS`] into what the app
//!   knows may be an old habit, so only an attack's shape flags it (two or more top-ups in its
//!   first run carrying more than [`LARGE_DEBIT`]), the reason saying the history
//!   is short; a single top-up of that size asks; ordinary small top-ups say nothing;
//! - a later top-up to a service whose arrival was flagged and never owned up to;
//! - an amount far above every level the holder uses on a service, or a run of top-ups beyond
//!   their longest and largest ([`habit`]);
//! - several services appearing for the first time around the same days;
//! - round amounts, services the holder declared they never use, and the holder's own answers.
//!
//! Each signal is a [`Reason`] with a weight; the score is `1 - Π(1 - weight)`, and a withdrawal
//! is for the holder to look at from [`FLAG_AT`]. Its [`Level`] says whether that is a question
//! (a first use, kindly asked) or a flag (probably not the holder). Every amount is added with
//! saturation: no row, however absurd, can wrap a total round and unflag a burst.

mod facts;
mod habit;
mod reason;
mod service;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

pub use facts::{LARGE_DEBIT, NEW_FOR_DAYS, SHORT_HISTORY_DAYS};
pub use reason::{yen, Reason};

use crate::catalog::Catalog;
use crate::{SourceId, Transaction};
use service::{ServiceJudgement, Standing};

/// Top-ups to one service at most this many days after the one before form one run …
pub const RUN_GAP_DAYS: i64 = 3;
/// … over at most this many days: a drip of a debit a day for up to two weeks stays one run,
/// and a holder who tops up every other day for years makes many runs, not one.
pub const RUN_SPAN_DAYS: i64 = 14;
/// A first run of a declared service, with nothing to compare it with, is a burst at this many
/// top-ups …
pub const BURST_COUNT: usize = 3;
/// … totalling at least this many yen.
pub const BURST_TOTAL: i64 = 30_000;
/// The score from which a withdrawal is for the holder to look at.
pub const FLAG_AT: f64 = 0.5;

/// How long a history is, for "what was checked": its days, and whether they are too few to
/// know the holder's habits ([`SHORT_HISTORY_DAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HistoryLength {
    /// Days from the first booked date to the last, both counted.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days: i64,
    /// Fewer than [`SHORT_HISTORY_DAYS`]: little history is not "as usual".
    pub short: bool,
}

impl HistoryLength {
    /// The length of a history booked from `from` to `to`.
    pub fn between(from: NaiveDate, to: NaiveDate) -> HistoryLength {
        let days = (to - from).num_days().saturating_add(1).max(0);
        HistoryLength {
            days,
            short: days < SHORT_HISTORY_DAYS,
        }
    }
}

/// How much a judged withdrawal asks of the holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Level {
    /// Nothing to look at.
    Ordinary,
    /// A question, kindly put: the first top-up of a service new to the account, or a large
    /// one where the history is too short to know. Counted apart from flags.
    Question,
    /// Probably not the holder.
    Flag,
}

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
    /// The run of this service's top-ups it was judged in, by the place (among the service's
    /// top-ups, in date order) of the run's first: top-ups of one service with the same `run`
    /// are one run. A new service's arrival is one run; after it, top-ups at most
    /// [`RUN_GAP_DAYS`] apart over at most [`RUN_SPAN_DAYS`].
    pub run: usize,
}

impl EmoneyWithdrawal<'_> {
    /// Whether the holder should look at this one: a question or a flag.
    pub fn is_flagged(&self) -> bool {
        self.score >= FLAG_AT
    }

    /// Whether this is a question, a flag, or nothing to look at.
    pub fn level(&self) -> Level {
        if !self.is_flagged() {
            Level::Ordinary
        } else if self.reasons.iter().all(Reason::is_question) {
            Level::Question
        } else {
            Level::Flag
        }
    }
}

/// What the history given to detection is, and so what its reasons may claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Known {
    /// A statement: every row of its days, so a service's first top-up in it is its first.
    #[default]
    Whole,
    /// Only the lines a person found and typed in from a paper passbook, within the period they
    /// looked at: nothing is known of the rows around them, so no reason may say "first" or "new"
    /// or measure a habit. Each found top-up is at least a question; a run carrying more than
    /// [`LARGE_DEBIT`] is flagged.
    FoundLines,
}

impl Known {
    /// The kind of history a statement of this layout is: `passbook` is found lines.
    pub fn of_layout(layout: &str) -> Known {
        if layout == crate::passbook::LAYOUT {
            Known::FoundLines
        } else {
            Known::Whole
        }
    }
}

/// [`detect`] for a history of the kind `known`.
pub fn detect_known<'t>(
    catalog: &Catalog,
    history: &'t [Transaction],
    holder: &Holder,
    known: Known,
) -> Vec<EmoneyWithdrawal<'t>> {
    let Some(history_start) = history.iter().map(|t| t.booked).min() else {
        return Vec::new();
    };
    judge_all(catalog, history, history_start, holder, known)
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
    judge_all(catalog, history, history_start, holder, Known::Whole)
}

fn judge_all<'t>(
    catalog: &Catalog,
    history: &'t [Transaction],
    history_start: NaiveDate,
    holder: &Holder,
    known: Known,
) -> Vec<EmoneyWithdrawal<'t>> {
    // A history repeats the same few texts: each is looked up in the catalog once.
    let mut services: HashMap<&str, Option<&str>, foldhash::fast::RandomState> = HashMap::default();
    let mut topups: Vec<(usize, &'t Transaction, &str)> = history
        .iter()
        .filter(|t| t.is_withdrawal())
        .filter_map(|t| {
            let service = *(services.entry(&t.normalized))
                .or_insert_with(|| Some(catalog.service_for(&t.normalized)?.id.as_str()));
            Some((t, service?))
        })
        .enumerate()
        .map(|(i, (t, service))| (i, t, service))
        .collect();
    topups.sort_by_key(|(i, t, _)| (t.booked, *i));

    let mut by_service: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, (_, _, service)) in topups.iter().enumerate() {
        by_service.entry(service).or_default().push(position);
    }
    // Each top-up's service and its place among that service's top-ups.
    let mut place = vec![(0, 0); topups.len()];
    let mut judged: Vec<(&str, ServiceJudgement)> = Vec::with_capacity(by_service.len());
    for (&service, positions) in &by_service {
        let rows: Vec<&Transaction> = positions.iter().map(|&p| topups[p].1).collect();
        for (index, &position) in positions.iter().enumerate() {
            place[position] = (judged.len(), index);
        }
        judged.push((
            service,
            match known {
                Known::Whole => service::judge(service, &rows, history_start, holder),
                Known::FoundLines => service::judge_found(service, &rows, holder),
            },
        ));
    }
    // The services new to this account, and when they arrived. Not those first seen in a short
    // history: they may be old habits, and a holder's two habits are no coincidence.
    let arrivals: Vec<(&str, NaiveDate)> = judged
        .iter()
        .filter(|(_, j)| j.standing == Standing::New)
        .map(|(service, j)| (*service, j.first_seen))
        .collect();

    topups
        .iter()
        .zip(place)
        .map(|(&(_, transaction, service), (which, index))| {
            let judgement = &mut judged[which].1;
            let others = arriving_with(service, judgement, index, &arrivals);
            // Each top-up's reasons are its own: taken, not copied.
            let mut reasons = std::mem::take(&mut judgement.reasons[index]);
            if reasons.first() != Some(&Reason::HolderSaidNotMine) {
                if !others.is_empty() {
                    reasons.push(Reason::SeveralNewServices { others });
                }
                if holder.never.contains(service) {
                    reasons.insert(
                        0,
                        Reason::DeclaredNeverUsed {
                            service: service.to_owned(),
                        },
                    );
                }
                let amount = service::taken(transaction);
                let flags = reasons.iter().any(|r| !r.is_question());
                if flags && amount >= 10_000 && amount % 10_000 == 0 {
                    reasons.push(Reason::RoundAmount { amount });
                }
            }
            let score = if reasons.is_empty() {
                0.0
            } else {
                1.0 - reasons.iter().map(|r| 1.0 - r.weight()).product::<f64>()
            };
            EmoneyWithdrawal {
                transaction,
                service: service.to_owned(),
                score: score.clamp(0.0, 1.0),
                reasons,
                run: judgement.runs[index],
            }
        })
        .collect()
}

/// For a top-up in a service's arrival that has something to say: the other services that also
/// arrived within [`NEW_FOR_DAYS`] of it, as the 2020 attacks spread over several wallets.
fn arriving_with(
    service: &str,
    judgement: &ServiceJudgement,
    index: usize,
    arrivals: &[(&str, NaiveDate)],
) -> Vec<String> {
    let in_arrival = index < judgement.arrival_len && !judgement.reasons[index].is_empty();
    if !in_arrival || judgement.standing != Standing::New {
        return Vec::new();
    }
    arrivals
        .iter()
        .filter(|(other, first_seen)| {
            *other != service
                && (*first_seen - judgement.first_seen).num_days().abs() <= NEW_FOR_DAYS
        })
        .map(|(other, _)| (*other).to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
