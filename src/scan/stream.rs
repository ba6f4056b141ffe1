//! `scan` of one large CSV export without holding it: the rows are read one at a time (see
//! [`crate::import::RowStream`]) and only what detection needs is kept — the e-money withdrawals,
//! the first and last day, a count, and the previous row for the balance check. Ten years of a
//! busy account (a million rows) then take a few megabytes instead of the whole file and every
//! row's text. Every format streams: CSV exports, Zengin records, OFX and camt.053. The report is
//! the same as [`super::scan`] gives for the file read whole; a file whose year-less dates cannot be
//! placed as the rows come, or whose balances come on rows in no steady order, is read whole
//! instead.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::NaiveDate;

use super::{assemble, GapReport, ScanReport};
use crate::catalog::Catalog;
use crate::detect::{detect_from, Holder};
use crate::gaps::BalanceGap;
use crate::import::fingerprint::Fingerprints;
use crate::import::{self, ImportError, ImportOptions, Location, NextRow, Problem};
use crate::lang::Lang;
use crate::normalize::normalize;
use crate::Transaction;

/// What a streaming scan came to.
#[derive(Debug)]
pub enum Streamed {
    /// The report.
    Report(ScanReport),
    /// The file has to be read whole: dates without a year that the rows do not place, or
    /// balances on rows in no steady order.
    NeedsWholeFile,
}

/// Rows of the first day held before the file's order is known; beyond this, read it whole.
const MAX_UNORDERED_PAIRS: usize = 100_000;

/// Scans one statement file as one account's history, reading it row by row.
pub fn scan_file(
    path: &Path,
    options: &ImportOptions,
    catalog: &Catalog,
    holder: &Holder,
    lang: Lang,
    today: NaiveDate,
) -> Result<Streamed, ImportError> {
    let mut rows = import::open_rows(path, options)?;
    let mut kept: Vec<Transaction> = Vec::new();
    let mut fingerprints = Fingerprints::default();
    let mut count = 0usize;
    // Bank ids seen, as hashes: a row repeated in the file is counted once, as a merge does.
    let mut ids: HashSet<u64> = HashSet::new();
    let mut first_day: Option<NaiveDate> = None;
    let mut last_day: Option<NaiveDate> = None;
    let mut earliest: Option<NaiveDate> = None;
    let mut latest: Option<NaiveDate> = None;
    let mut gaps = GapTracker::default();
    let mut top_up_texts = TextVerdicts::default();
    loop {
        let row = match rows.next_row()? {
            NextRow::Row(row) => row,
            NextRow::End => break,
            NextRow::YearUnknown => return Ok(Streamed::NeedsWholeFile),
        };
        if row.booked > today {
            return Err(ImportError {
                file: rows.source.clone(),
                location: Location::Line(row.line()),
                problem: Problem::AfterToday {
                    date: row.booked,
                    today,
                },
            });
        }
        let new_id = match row.bank_id() {
            Some(id) => ids.insert(hash(id)),
            None => true,
        };
        count += usize::from(new_id);
        first_day.get_or_insert(row.booked);
        last_day = Some(row.booked);
        earliest = Some(earliest.map_or(row.booked, |day| day.min(row.booked)));
        latest = Some(latest.map_or(row.booked, |day| day.max(row.booked)));
        if !gaps.step(Step {
            day: row.booked,
            amount: row.amount(),
            balance: row.balance(),
            line: row.line(),
        }) {
            return Ok(Streamed::NeedsWholeFile);
        }
        // Only money out can be a top-up; only a top-up is kept.
        if row.amount() < 0 && top_up_texts.is_top_up(row.description(), catalog) {
            kept.push(row.into_transaction(&mut fingerprints));
        }
    }
    let newest_first = first_day > last_day;
    let Some(gaps) = gaps.finish(newest_first) else {
        return Ok(Streamed::NeedsWholeFile);
    };
    if newest_first {
        kept.reverse();
    }
    // As a merge does: each row once by its id, then in date order (stable within a day).
    let mut seen = HashSet::new();
    kept.retain(|t| seen.insert(t.source_id.clone()));
    kept.sort_by_key(|t| t.booked);
    let judged = match earliest {
        Some(start) => detect_from(catalog, &kept, start, holder),
        None => Vec::new(),
    };
    let gaps = gaps
        .into_iter()
        .map(|gap| GapReport {
            file: rows.source.clone(),
            gap,
        })
        .collect();
    Ok(Streamed::Report(assemble(
        &judged,
        count,
        earliest.zip(latest),
        gaps,
        catalog,
        lang,
    )))
}

/// Whether a statement text is an e-money top-up, remembered for texts seen before: a history
/// repeats the same few dozen texts (the ATM, the utilities, the same shops) thousands of times,
/// and normalising and matching each again is most of a scan's work. Bounded: when it holds too
/// many texts it starts afresh, so a file of all-different texts costs no more than no memory.
#[derive(Debug, Default)]
struct TextVerdicts {
    known: std::collections::HashMap<String, bool>,
}

impl TextVerdicts {
    const MAX_TEXTS: usize = 4_096;

    fn is_top_up(&mut self, text: &str, catalog: &Catalog) -> bool {
        if let Some(&verdict) = self.known.get(text) {
            return verdict;
        }
        let verdict = catalog.service_for(&normalize(text)).is_some();
        if self.known.len() >= Self::MAX_TEXTS {
            self.known.clear();
        }
        self.known.insert(text.to_owned(), verdict);
        verdict
    }
}

fn hash(id: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// What the balance check needs of a row.
#[derive(Debug, Clone, Copy)]
struct Step {
    day: NaiveDate,
    amount: i64,
    balance: Option<i64>,
    line: u64,
}

/// The balance check on rows as they come, in whichever order the file lists them. The order is
/// known at the first change of day; pairs before it wait.
#[derive(Debug, Default)]
struct GapTracker {
    first: Option<Step>,
    previous: Option<Step>,
    newest_first: Option<bool>,
    waiting: Vec<(Step, Step)>,
    gaps: Vec<BalanceGap>,
    /// Some row gave a balance: only then does the file's order matter.
    balances: bool,
}

impl GapTracker {
    /// Takes the next row; false when too many rows came before the order was known.
    fn step(&mut self, current: Step) -> bool {
        self.balances |= current.balance.is_some();
        let first = *self.first.get_or_insert(current);
        if self.newest_first.is_none() && current.day != first.day {
            let newest_first = current.day < first.day;
            self.newest_first = Some(newest_first);
            for (earlier, later) in std::mem::take(&mut self.waiting) {
                self.check(earlier, later, newest_first);
            }
        }
        if let Some(previous) = self.previous.replace(current) {
            match self.newest_first {
                Some(newest_first) => self.check(previous, current, newest_first),
                None if self.waiting.len() >= MAX_UNORDERED_PAIRS => return false,
                None => self.waiting.push((previous, current)),
            }
        }
        true
    }

    /// The pair in file order, checked in date order.
    fn check(&mut self, in_file_first: Step, in_file_next: Step, newest_first: bool) {
        let (before, after) = if newest_first {
            (in_file_next, in_file_first)
        } else {
            (in_file_first, in_file_next)
        };
        let (Some(before_balance), Some(after_balance)) = (before.balance, after.balance) else {
            return;
        };
        let unexplained = after_balance - before_balance - after.amount;
        if unexplained != 0 {
            self.gaps.push(BalanceGap {
                after_date: before.day,
                after_line: Some(before.line),
                before_date: after.day,
                before_line: Some(after.line),
                unexplained,
            });
        }
    }

    /// The gaps in date order; `None` when the file's order is not the one its first change of
    /// day showed (rows in no steady order).
    fn finish(mut self, newest_first: bool) -> Option<Vec<BalanceGap>> {
        match self.newest_first {
            // Without balances there is nothing to check, and the rows are sorted anyway.
            Some(order) if order != newest_first && !self.balances => return Some(Vec::new()),
            Some(order) if order != newest_first => return None,
            Some(_) => {}
            // One day only: the file's order is taken as it stands.
            None => {
                for (earlier, later) in std::mem::take(&mut self.waiting) {
                    self.check(earlier, later, newest_first);
                }
            }
        }
        if newest_first {
            self.gaps.reverse();
        }
        Some(self.gaps)
    }
}
