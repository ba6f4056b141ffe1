//! One service's top-ups in one account, judged together: first its *arrival* (every top-up in
//! the [`NEW_FOR_DAYS`] from its first), as one event, then each later run of top-ups against the
//! holder's habit on it.
//!
//! - A service new to the account is flagged whole, test top-ups and the days of a drip
//!   included, when its arrival holds a debit of more than [`LARGE_DEBIT`], or a run of two or
//!   more carrying more; otherwise its first top-up asks one kind question.
//! - A service first seen in a short history (fewer than [`SHORT_HISTORY_DAYS`] known) may be an
//!   old habit: its first run is flagged when it holds two or more top-ups carrying more than
//!   [`LARGE_DEBIT`]; a single top-up of more asks; ordinary top-ups, and a campaign's ¥20,000,
//!   say nothing.
//! - After a flagged arrival nobody owned up to, every later top-up to that service stays
//!   suspect: the fraudster comes back to the wallet they opened. So does every top-up after
//!   one the holder said was not theirs.
//! - Otherwise each run (top-ups no more than [`RUN_GAP_DAYS`] after the one before, over at
//!   most [`NEW_FOR_DAYS`]) is measured against the [`Habit`] built from the holder's own,
//!   unflagged top-ups before it.

use chrono::NaiveDate;

use super::facts::{LARGE_DEBIT, NEW_FOR_DAYS, SHORT_HISTORY_DAYS};
use super::habit::{Habit, HabitBuilder};
use super::{Answer, Holder, Reason, BURST_COUNT, BURST_TOTAL, RUN_GAP_DAYS, RUN_SPAN_DAYS};
use crate::Transaction;

/// What the app knows of a service in this account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// Declared in use by the holder, or its first top-up answered "this was me".
    InUse,
    /// First seen after only this many days of known history: new or old, nobody can say.
    ShortHistory { days_known: i64 },
    /// First seen with a long enough history before it: new to the account.
    New,
    /// Found in lines a person typed in from a passbook: nothing is known around them.
    Found,
}

/// How a service's arrival looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    /// Nothing to say.
    Calm,
    /// Worth one question.
    Question,
    /// An attack's shape.
    Flag,
}

/// One service's top-ups and the judgement on each.
pub(super) struct ServiceJudgement {
    pub standing: Standing,
    pub first_seen: NaiveDate,
    /// How many of the first top-ups make up the arrival.
    pub arrival_len: usize,
    /// The reasons for each top-up, in the order given.
    pub reasons: Vec<Vec<Reason>>,
    /// For each top-up, the place of the first top-up of the run it was judged in: the arrival
    /// is one run, judged as one event; after it, each run as [`run_end`] cuts them.
    pub runs: Vec<usize>,
}

/// Positive yen taken by a withdrawal; saturating, so that `i64::MIN` is not an overflow.
pub(super) fn taken(t: &Transaction) -> i64 {
    t.amount.saturating_neg().max(0)
}

/// Judges one service's top-ups (in date order, at least one).
pub(super) fn judge(
    id: &str,
    rows: &[&Transaction],
    history_start: NaiveDate,
    holder: &Holder,
) -> ServiceJudgement {
    let answer = |t: &Transaction| holder.answers.get(&t.source_id).copied();
    let owned_from = rows.iter().position(|t| answer(t) == Some(Answer::Mine));
    let owned = |index: usize| owned_from.is_some_and(|from| from < index);
    let first_seen = rows[0].booked;
    let days_known = (first_seen - history_start).num_days().max(0);
    let standing = if holder.known.contains(id) || owned_from == Some(0) {
        Standing::InUse
    } else if days_known < SHORT_HISTORY_DAYS {
        Standing::ShortHistory { days_known }
    } else {
        Standing::New
    };
    let arrival_len = match standing {
        Standing::InUse | Standing::Found => 0,
        // Where nothing came before, the whole first week is the arrival: test top-ups and a
        // drip join the attack that follows them.
        Standing::New => rows
            .iter()
            .take_while(|t| (t.booked - first_seen).num_days() <= NEW_FOR_DAYS)
            .count(),
        // Where the service may be an old habit, only its first run: a weekly habit is not a
        // burst.
        Standing::ShortHistory { .. } => run_end(rows, 0, rows.len()),
    };
    let arrival_rows = &rows[..arrival_len];
    let count = arrival_rows.len();
    let total = arrival_rows
        .iter()
        .map(|t| taken(t))
        .fold(0, i64::saturating_add);
    let span_days = arrival_rows
        .last()
        .map_or(0, |last| (last.booked - first_seen).num_days());
    // Within the arrival, the largest debit, and whether some run of two or more carries over
    // LARGE_DEBIT: a theft (and the tests before it), or a drip, has one or the other with
    // more top-ups besides; a new user's weekly top-ups, two of ¥10,000, or a campaign's
    // single ¥20,000, do not.
    let largest = arrival_rows.iter().map(|t| taken(t)).max().unwrap_or(0);
    let mut heavy_run = false;
    let mut from = 0;
    while from < arrival_len {
        let to = run_end(rows, from, arrival_len);
        let run_total = rows[from..to]
            .iter()
            .map(|t| taken(t))
            .fold(0, i64::saturating_add);
        heavy_run |= to - from >= 2 && run_total > LARGE_DEBIT;
        from = to;
    }
    let attack = (largest > LARGE_DEBIT && count >= 2) || heavy_run;
    let arrival = match standing {
        Standing::InUse | Standing::Found => Arrival::Calm,
        Standing::New if attack || largest > LARGE_DEBIT => Arrival::Flag,
        Standing::New => Arrival::Question,
        Standing::ShortHistory { .. } if attack => Arrival::Flag,
        Standing::ShortHistory { .. } if largest > LARGE_DEBIT => Arrival::Question,
        Standing::ShortHistory { .. } => Arrival::Calm,
    };

    let mut reasons: Vec<Vec<Reason>> = vec![Vec::new(); rows.len()];
    let mut habit = HabitBuilder::default();
    // The last heavy run, while a next one may continue it: a drip longer than a run's span.
    let mut heavy: Option<(NaiveDate, Reason)> = None;
    // The first top-up the holder said was not theirs: the rest of that wallet is suspect.
    let mut disowned: Option<NaiveDate> = None;
    let mut run_start = 0;
    while run_start < rows.len() {
        let run_end = run_end(rows, run_start, arrival_len);
        let run = Run::of(&rows[run_start..run_end]);
        let before = habit.habit();
        let above_top = run
            .rows
            .iter()
            .map(|t| taken(t))
            .filter(|&amount| before.is_above_top(amount))
            .fold((0, 0), |(count, total): (usize, i64), amount| {
                (count + 1, total.saturating_add(amount))
            });
        let carried = heavy
            .take()
            .filter(|(last, _)| (run.rows[0].booked - *last).num_days() <= RUN_GAP_DAYS)
            .map(|(_, reason)| reason);
        for (offset, transaction) in run.rows.iter().enumerate() {
            let index = run_start + offset;
            let said = answer(transaction);
            let mut these = match said {
                Some(Answer::NotMine) => vec![Reason::HolderSaidNotMine],
                Some(Answer::Mine) => Vec::new(),
                None if index < arrival_len && !owned(index) => {
                    let facts = ArrivalFacts {
                        service: id,
                        index,
                        count,
                        span_days,
                        total,
                    };
                    arrival_reasons(standing, arrival, &facts, taken(transaction))
                }
                None if arrival == Arrival::Flag && !owned(index) => vec![Reason::AfterNewBurst {
                    service: id.to_owned(),
                    first_seen,
                    count,
                    total,
                }],
                None => habit_reasons(id, &before, &run, offset, above_top, carried.as_ref()),
            };
            if let (None, Some(day)) = (said, disowned.filter(|_| !owned(index))) {
                these.retain(|r| !r.is_question());
                these.push(Reason::AfterNotMine {
                    service: id.to_owned(),
                    day,
                });
            }
            if said == Some(Answer::NotMine) && disowned.is_none() {
                disowned = Some(transaction.booked);
            }
            let flags = these.iter().any(|r| !r.is_question());
            if said != Some(Answer::NotMine) && !flags {
                habit.add(taken(transaction), transaction.booked);
            }
            if let Some(reason) = these.iter().find(|r| matches!(r, Reason::HeavyRun { .. })) {
                heavy = Some((transaction.booked, reason.clone()));
            }
            reasons[index] = these;
        }
        habit.end_run();
        run_start = run_end;
    }
    ServiceJudgement {
        standing,
        first_seen,
        arrival_len,
        reasons,
        runs: runs_of(rows, arrival_len),
    }
}

/// The run of each top-up, by the place of its first top-up: the arrival (the first
/// `arrival_len`) as one, then the runs [`run_end`] cuts.
fn runs_of(rows: &[&Transaction], arrival_len: usize) -> Vec<usize> {
    let mut runs = vec![0; rows.len()];
    let mut start = arrival_len.min(rows.len());
    while start < rows.len() {
        let end = run_end(rows, start, arrival_len);
        runs[start..end].fill(start);
        start = end;
    }
    runs
}

/// Judges one service's top-ups found in a passbook (in date order, at least one), knowing nothing
/// of the rows around them: each run carrying more than [`LARGE_DEBIT`] in two or more top-ups is
/// flagged, every other top-up asks whether it was the holder's, unless the holder declared the
/// service in use. No reason says "first", "new" or "usual".
pub(super) fn judge_found(id: &str, rows: &[&Transaction], holder: &Holder) -> ServiceJudgement {
    let mut reasons: Vec<Vec<Reason>> = vec![Vec::new(); rows.len()];
    let mut start = 0;
    while start < rows.len() {
        let end = run_end(rows, start, 0);
        let run = &rows[start..end];
        let total = run.iter().map(|t| taken(t)).fold(0, i64::saturating_add);
        let span_days = (run[run.len() - 1].booked - run[0].booked).num_days();
        let attack = run.len() >= 2 && total > LARGE_DEBIT;
        for (offset, transaction) in run.iter().enumerate() {
            reasons[start + offset] = match holder.answers.get(&transaction.source_id) {
                Some(Answer::NotMine) => vec![Reason::HolderSaidNotMine],
                Some(Answer::Mine) => Vec::new(),
                None if attack => vec![Reason::FoundRun {
                    service: id.to_owned(),
                    count: run.len(),
                    span_days,
                    total,
                }],
                None if holder.known.contains(id) => Vec::new(),
                None => vec![Reason::FoundLine {
                    service: id.to_owned(),
                    amount: taken(transaction),
                }],
            };
        }
        start = end;
    }
    ServiceJudgement {
        standing: Standing::Found,
        first_seen: rows[0].booked,
        arrival_len: 0,
        reasons,
        runs: runs_of(rows, 0),
    }
}

/// Where the run starting at `start` ends (exclusive): each top-up at most [`RUN_GAP_DAYS`]
/// after the one before, measured from the last so that a drip stays one run, but over at most
/// [`RUN_SPAN_DAYS`], so a holder who tops up every other day for years makes many short runs;
/// and never across the end of the arrival.
fn run_end(rows: &[&Transaction], start: usize, arrival_len: usize) -> usize {
    let mut end = start + 1;
    while end < rows.len()
        && (start >= arrival_len || end < arrival_len)
        && (rows[end].booked - rows[end - 1].booked).num_days() <= RUN_GAP_DAYS
        && (rows[end].booked - rows[start].booked).num_days() <= RUN_SPAN_DAYS
    {
        end += 1;
    }
    end
}

/// A run of top-ups, with what its reasons quote: counted once for the run, so judging stays
/// linear in its length.
struct Run<'r, 't> {
    rows: &'r [&'t Transaction],
    total: i64,
    span_days: i64,
    /// For each top-up, how many in the run share its day.
    same_day: Vec<usize>,
}

impl<'r, 't> Run<'r, 't> {
    fn of(rows: &'r [&'t Transaction]) -> Self {
        let total = rows.iter().map(|t| taken(t)).fold(0, i64::saturating_add);
        let span_days = match (rows.first(), rows.last()) {
            (Some(first), Some(last)) => (last.booked - first.booked).num_days(),
            _ => 0,
        };
        let mut same_day = vec![0; rows.len()];
        let mut from = 0;
        while from < rows.len() {
            let to = from
                + rows[from..]
                    .iter()
                    .take_while(|t| t.booked == rows[from].booked)
                    .count();
            same_day[from..to].fill(to - from);
            from = to;
        }
        Run {
            rows,
            total,
            span_days,
            same_day,
        }
    }
}

/// The facts of an arrival that its reasons quote.
struct ArrivalFacts<'a> {
    service: &'a str,
    index: usize,
    count: usize,
    span_days: i64,
    total: i64,
}

fn arrival_reasons(
    standing: Standing,
    arrival: Arrival,
    facts: &ArrivalFacts<'_>,
    amount: i64,
) -> Vec<Reason> {
    let service = facts.service.to_owned();
    let (count, span_days, total) = (facts.count, facts.span_days, facts.total);
    match (standing, arrival, facts.index) {
        // Found lines are judged by `judge_found`, never here.
        (_, Arrival::Calm, _) | (Standing::InUse | Standing::Found, _, _) => Vec::new(),
        (Standing::New, Arrival::Question, 0) => vec![Reason::FirstUse { service }],
        (Standing::New, Arrival::Question, _) => Vec::new(),
        (Standing::New, Arrival::Flag, 0) => vec![Reason::FirstEver {
            service,
            later: count - 1,
            span_days,
            total,
        }],
        (Standing::New, Arrival::Flag, index) => vec![Reason::InNewRun {
            service,
            position: index + 1,
            count,
            span_days,
            total,
        }],
        (Standing::ShortHistory { days_known }, Arrival::Question, _) => {
            vec![Reason::ShortHistoryLarge {
                service,
                days_known,
                amount,
            }]
        }
        (Standing::ShortHistory { days_known }, Arrival::Flag, _) => vec![Reason::ShortHistory {
            service,
            days_known,
            count,
            span_days,
            total,
        }],
    }
}

/// Amount and rhythm against the holder's own earlier top-ups on this service, before this run.
///
/// `above_top` counts and sums the run's top-ups above every level of the holder's: those are
/// what makes a run heavy, not their own usual ones beside a campaign's one-off. `carried` is the
/// reason of a heavy run this one follows within [`RUN_GAP_DAYS`]: the same drip, past a run's
/// span.
fn habit_reasons(
    service: &str,
    habit: &Habit,
    run: &Run<'_, '_>,
    offset: usize,
    above_top: (usize, i64),
    carried: Option<&Reason>,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let count = run.rows.len();
    let amount = taken(run.rows[offset]);
    if habit.count == 0 {
        // Nothing earlier to compare with (a declared service's first run): only a burst says
        // anything.
        if count >= BURST_COUNT && run.total >= BURST_TOTAL {
            reasons.push(Reason::BurstWithoutHistory {
                service: service.to_owned(),
                count,
                span_days: run.span_days,
                total: run.total,
            });
        }
        return reasons;
    }
    if habit.is_far_above(amount) {
        reasons.push(Reason::AboveHabit {
            service: service.to_owned(),
            amount,
            usual: habit.usual,
        });
    }
    let on_the_day = run.same_day[offset];
    if habit.is_crowded_day(on_the_day) {
        reasons.push(Reason::UnusualRun {
            service: service.to_owned(),
            count: on_the_day,
            span_days: 0,
            usual_most: habit.most_in_a_day.max(1),
        });
    } else if habit.is_above_top(amount)
        && habit.is_heavy_run(above_top.0, above_top.1, run.rows[0].booked)
    {
        reasons.push(Reason::HeavyRun {
            service: service.to_owned(),
            count,
            span_days: run.span_days,
            total: run.total,
            usual_most: habit.largest_run_total,
        });
    } else if let Some(reason) = carried.filter(|_| habit.is_above_top(amount)) {
        reasons.push(reason.clone());
    }
    reasons
}
