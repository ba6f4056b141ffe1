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

/// The most parts one file is read in.
const MAX_PARTS: usize = 8;

/// Rows of the first day held before the file's order is known; beyond this, read it whole.
const MAX_UNORDERED_PAIRS: usize = 100_000;

/// Scans one statement file as one account's history, reading it row by row: a large CSV export
/// in parts side by side, one per core (see [`import::open_parts`]), each part kept as a
/// [`Part`] and the parts joined in file order, so the report is the one a single reader gives.
pub fn scan_file(
    path: &Path,
    options: &ImportOptions,
    catalog: &Catalog,
    holder: &Holder,
    lang: Lang,
    today: NaiveDate,
) -> Result<Streamed, ImportError> {
    // A batch already spreads its files over the cores; a file of it is read in one part. On a
    // large machine, more than a few parts would only lengthen the search for the cuts.
    let cores = match rayon::current_thread_index() {
        Some(_) => 1,
        None => std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_PARTS)),
    };
    scan_file_in_parts(path, options, catalog, holder, lang, today, cores)
}

/// [`scan_file`], reading a large file in up to `parts` parts side by side.
pub fn scan_file_in_parts(
    path: &Path,
    options: &ImportOptions,
    catalog: &Catalog,
    holder: &Holder,
    lang: Lang,
    today: NaiveDate,
    parts: usize,
) -> Result<Streamed, ImportError> {
    let (mut first, later) = import::open_parts(path, options, parts)?;
    let source = first.source.clone();
    let parts: Vec<Result<Option<Part>, ImportError>> = std::thread::scope(|scope| {
        // The later parts start once their cuts are found, each on a thread of its own, while
        // this thread reads the first.
        let later = scope.spawn(|| match later.wait() {
            Ok(streams) => {
                let readers: Vec<_> = (streams.into_iter())
                    .map(|mut rows| scope.spawn(move || Part::read(&mut rows, catalog, today)))
                    .collect();
                (readers.into_iter())
                    .map(|reader| reader.join().expect("a part's reader does not panic"))
                    .collect()
            }
            Err(error) => vec![Err(error)],
        });
        let mut parts = vec![Part::read(&mut first, catalog, today)];
        parts.extend(later.join().expect("a part's reader does not panic"));
        parts
    });
    // The first error in file order is the file's error, as a single reader would meet it.
    let mut joined: Option<Part> = None;
    for part in parts {
        let Some(part) = part? else {
            return Ok(Streamed::NeedsWholeFile);
        };
        joined = match joined {
            None => Some(part),
            Some(before) => match before.then(part) {
                Some(both) => Some(both),
                None => return Ok(Streamed::NeedsWholeFile),
            },
        };
    }
    let joined = joined.expect("at least one part");
    Ok(joined.report(&source, catalog, holder, lang))
}

/// What a scan keeps of a run of consecutive rows: counts, days, the balance check, and the
/// top-ups. Two parts in file order join into one ([`Part::then`]).
#[derive(Debug, Default)]
struct Part {
    /// Rows, each bank id once.
    count: usize,
    /// Bank ids seen, as hashes: a row repeated in the file is counted once, as a merge does.
    ids: HashSet<u64>,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    gaps: GapTracker,
    /// The top-ups with their normalised text, in file order; fingerprinted once every part is
    /// joined.
    kept: Vec<(import::StreamedRow, String)>,
}

impl Part {
    /// Reads every row of `rows`; `None` when the file must be read whole.
    fn read(
        rows: &mut import::RowStream,
        catalog: &Catalog,
        today: NaiveDate,
    ) -> Result<Option<Part>, ImportError> {
        let mut part = Part::default();
        let mut top_up_texts = TextVerdicts::default();
        loop {
            let row = match rows.next_row()? {
                NextRow::Row(row) => row,
                NextRow::End => return Ok(Some(part)),
                NextRow::YearUnknown => return Ok(None),
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
                Some(id) => part.ids.insert(hash(id)),
                None => true,
            };
            part.count += usize::from(new_id);
            part.first_day.get_or_insert(row.booked);
            part.last_day = Some(row.booked);
            part.earliest = Some(part.earliest.map_or(row.booked, |day| day.min(row.booked)));
            part.latest = Some(part.latest.map_or(row.booked, |day| day.max(row.booked)));
            if !part.gaps.step(Step {
                day: row.booked,
                amount: row.amount(),
                balance: row.balance(),
                line: row.line(),
            }) {
                return Ok(None);
            }
            // Only money out can be a top-up; only a top-up is kept.
            if row.amount() < 0 {
                if let Some(normalized) = top_up_texts.top_up(row.description(), catalog) {
                    part.kept.push((row, normalized));
                }
            }
        }
    }

    /// This part followed by `later`; `None` when their balance checks cannot be joined (the
    /// rows' order changes between them).
    fn then(mut self, later: Part) -> Option<Part> {
        let repeated = later.ids.iter().filter(|id| self.ids.contains(id)).count();
        self.count += later.count - repeated;
        self.ids.extend(later.ids);
        self.first_day = self.first_day.or(later.first_day);
        self.last_day = later.last_day.or(self.last_day);
        self.earliest = match (self.earliest, later.earliest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.latest = match (self.latest, later.latest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.gaps = self.gaps.then(later.gaps)?;
        self.kept.extend(later.kept);
        Some(self)
    }

    /// The report on the file whose rows this part holds, all of them.
    fn report(self, source: &str, catalog: &Catalog, holder: &Holder, lang: Lang) -> Streamed {
        let newest_first = self.first_day > self.last_day;
        let Some(gaps) = self.gaps.finish(newest_first) else {
            return Streamed::NeedsWholeFile;
        };
        let mut fingerprints = Fingerprints::default();
        let mut kept: Vec<Transaction> = self
            .kept
            .into_iter()
            .map(|(row, normalized)| row.into_normalized_transaction(&mut fingerprints, normalized))
            .collect();
        if newest_first {
            kept.reverse();
        }
        // As a merge does: each row once by its id, then in date order (stable within a day).
        let mut seen = HashSet::new();
        kept.retain(|t| seen.insert(t.source_id.clone()));
        kept.sort_by_key(|t| t.booked);
        let judged = match self.earliest {
            Some(start) => detect_from(catalog, &kept, start, holder),
            None => Vec::new(),
        };
        let gaps = gaps
            .into_iter()
            .map(|gap| GapReport {
                file: source.to_owned(),
                gap,
            })
            .collect();
        Streamed::Report(assemble(
            &judged,
            self.count,
            self.earliest.zip(self.latest),
            gaps,
            catalog,
            lang,
        ))
    }
}

/// Whether a statement text is an e-money top-up, remembered for texts seen before: a history
/// repeats the same few dozen texts (the ATM, the utilities, the same shops) thousands of times,
/// and normalising and matching each again is most of a scan's work. Bounded: when it holds too
/// many texts it starts afresh, so a file of all-different texts costs no more than no memory.
#[derive(Debug, Default)]
struct TextVerdicts {
    /// For each text, its normalised form when it is a top-up. Looked up once a row: SipHash
    /// took 3% of a scan, foldhash (seeded per map, so a file cannot be written to collide) a
    /// fraction of that.
    known: std::collections::HashMap<String, Option<String>, foldhash::fast::RandomState>,
}

impl TextVerdicts {
    const MAX_TEXTS: usize = 4_096;

    /// The text normalised, when it is an e-money top-up.
    fn top_up(&mut self, text: &str, catalog: &Catalog) -> Option<String> {
        if let Some(verdict) = self.known.get(text) {
            return verdict.clone();
        }
        let normalized = normalize(text);
        let verdict = catalog.service_for(&normalized).map(|_| normalized);
        if self.known.len() >= Self::MAX_TEXTS {
            self.known.clear();
        }
        self.known.insert(text.to_owned(), verdict.clone());
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

    /// These rows followed by `later`'s, as if one tracker had seen them all; `None` when the
    /// later rows were checked in another order than the file's (the rows' order changes), or
    /// too many rows came before the order was known.
    fn then(mut self, later: GapTracker) -> Option<GapTracker> {
        let (Some(first), Some(last)) = (self.first, self.previous) else {
            return Some(later);
        };
        let Some(later_first) = later.first else {
            return Some(self);
        };
        // The file's order shows at its first change of day: in these rows, else at the later
        // rows' first row, else at their own first change (their first row is on this day).
        let order = self
            .newest_first
            .or_else(|| (later_first.day != first.day).then(|| later_first.day < first.day))
            .or(later.newest_first);
        let balances = self.balances || later.balances;
        if later.newest_first.is_some() && later.newest_first != order && balances {
            return None;
        }
        self.balances = balances;
        self.newest_first = order;
        let mut waiting = std::mem::take(&mut self.waiting);
        waiting.push((last, later_first));
        waiting.extend(later.waiting);
        match order {
            Some(newest_first) => {
                for (earlier, next) in waiting {
                    self.check(earlier, next, newest_first);
                }
            }
            None if waiting.len() > MAX_UNORDERED_PAIRS => return None,
            None => self.waiting = waiting,
        }
        self.gaps.extend(later.gaps);
        self.previous = later.previous;
        Some(self)
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
        // Saturating, as in [`crate::gaps::balance_gaps`]: a gap never wraps to "none".
        let unexplained = after_balance
            .saturating_sub(before_balance)
            .saturating_sub(after.amount);
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
