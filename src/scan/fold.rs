//! The one judgement of an account's history, used by `scan` (one file or many, and `--each`),
//! `report` and the app: rows in, in the order they are listed, and out the report — what was
//! read, the breaks in the balances, and every e-money withdrawal judged.
//!
//! Only what detection needs is kept of each row: the e-money withdrawals, the first and last
//! day, a count, and the previous row for the balance check. So one large CSV export can be
//! scanned as it is read, ten years of a busy account (a million rows) in a few megabytes, and in
//! parts side by side, one per core: each part is folded on its own and the parts joined in file
//! order ([`Part::then`]), which gives what one fold over the whole file gives. A file whose
//! year-less dates cannot be placed as the rows come, or whose balances come on rows in no
//! steady order, is read whole instead ([`crate::import::RowStream::into_statement`]) and folded
//! as its statement: the same fold, over rows put in date order.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::NaiveDate;

use super::{assemble, GapReport, ScanReport};
use crate::catalog::Catalog;
use crate::detect::{detect_from, detect_known, EmoneyWithdrawal, Holder, Known};
use crate::gaps::{BalanceChain, BalanceGap, Step};
use crate::import::fingerprint::Fingerprints;
use crate::import::mapping::Mapping;
use crate::import::{self, ImportError, NextRow, Request, RowStream, StreamedRow};
use crate::lang::Lang;
use crate::normalize::{normalize, TextMemo};
use crate::session::reading;
use crate::{Statement, Transaction};

/// The most parts one file is read in.
const MAX_PARTS: usize = 8;

/// What folding a file as it is read came to.
#[derive(Debug)]
pub enum Streamed {
    /// The report.
    Report(ScanReport),
    /// The file has to be read whole: dates without a year that the rows do not place, or
    /// balances on rows in no steady order.
    NeedsWholeFile,
}

/// What a history is judged with.
#[derive(Debug, Clone, Copy)]
pub struct Judge<'a> {
    /// The services known.
    pub catalog: &'a Catalog,
    /// What the holder has said.
    pub holder: &'a Holder,
    /// The report's language.
    pub lang: Lang,
}

/// Scans one statement file as one account's history, as [`reading::with_rows`] opens it (a
/// mapping `saved` for its bank when no layout fits), folding its rows as they are read: a large
/// CSV export in parts side by side, one per core ([`stream_file_in_parts`]). A file that cannot
/// be folded as it comes is read whole and its statement folded.
pub fn scan_file<E: From<ImportError>>(
    path: &Path,
    request: &Request<'_>,
    saved: impl FnOnce() -> Result<Vec<Mapping>, E>,
    judge: &Judge<'_>,
) -> Result<ScanReport, E> {
    // A batch already spreads its files over the cores; a file of it is read in one part. On a
    // large machine, more than a few parts would only lengthen the search for the cuts.
    let cores = match rayon::current_thread_index() {
        Some(_) => 1,
        None => std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_PARTS)),
    };
    let mut saved = Some(saved);
    let streamed = match stream_file_in_parts(path, request, judge, cores) {
        Ok(streamed) => streamed,
        // No layout fits: a saved mapping may, read in one part.
        Err(error) if request.mapping.is_none() && reading::needs_mapping(&error) => {
            let saved = saved.take().expect("asked once");
            reading::with_rows(path, request, saved, |mut rows, _| {
                let source = rows.source.clone();
                Ok(match Part::read(&mut rows, judge.catalog)? {
                    Some(part) => part.report(&[source], judge),
                    None => Streamed::NeedsWholeFile,
                })
            })?
        }
        Err(error) => return Err(error.into()),
    };
    match streamed {
        Streamed::Report(report) => Ok(report),
        Streamed::NeedsWholeFile => {
            let saved = || match saved.take() {
                Some(saved) => saved(),
                None => Ok(Vec::new()),
            };
            let statement = reading::read_statement(path, request, saved)?;
            Ok(scan(std::slice::from_ref(&statement), judge))
        }
    }
}

/// Folds one statement file as it is read, in up to `parts` parts side by side (see
/// [`import::open_parts`]), the parts joined in file order, so the report is the one a single
/// reader gives.
pub fn stream_file_in_parts(
    path: &Path,
    request: &Request<'_>,
    judge: &Judge<'_>,
    parts: usize,
) -> Result<Streamed, ImportError> {
    let (first, later) = import::open_parts(path, request, parts)?;
    let source = first.source.clone();
    Ok(match fold_parts(first, later, judge.catalog)? {
        Some(part) => part.report(&[source], judge),
        None => Streamed::NeedsWholeFile,
    })
}

/// The parts of one file folded and joined in file order; `None` when the file must be read
/// whole.
fn fold_parts(
    mut first: RowStream<'_>,
    later: import::LaterParts,
    catalog: &Catalog,
) -> Result<Option<Part>, ImportError> {
    // A file read in one part (every file of a batch) is read on this thread: starting one that
    // waits for nothing took a tenth of a small file's time.
    if later.none() {
        return Part::read(&mut first, catalog);
    }
    let parts: Vec<Result<Option<Part>, ImportError>> = std::thread::scope(|scope| {
        // The later parts start once their cuts are found, each on a thread of its own, while
        // this thread reads the first.
        let later = scope.spawn(|| match later.wait() {
            Ok(streams) => {
                let readers: Vec<_> = (streams.into_iter())
                    .map(|mut rows| scope.spawn(move || Part::read(&mut rows, catalog)))
                    .collect();
                (readers.into_iter())
                    .map(|reader| reader.join().expect("a part's reader does not panic"))
                    .collect()
            }
            Err(error) => vec![Err(error)],
        });
        let mut parts = vec![Part::read(&mut first, catalog)];
        parts.extend(later.join().expect("a part's reader does not panic"));
        parts
    });
    // The first error in file order is the file's error, as a single reader would meet it.
    let mut joined: Option<Part> = None;
    for part in parts {
        let Some(part) = part? else {
            return Ok(None);
        };
        joined = match joined {
            None => Some(part),
            Some(before) => match before.then(part) {
                Some(both) => Some(both),
                None => return Ok(None),
            },
        };
    }
    Ok(joined)
}

/// Scans one account's statements: their rows merged (each once, by its source id, in date
/// order, as [`super::merge`] merges them) and folded as one history.
pub(crate) fn scan(statements: &[Statement], judge: &Judge<'_>) -> ScanReport {
    let mut part = Part::default();
    let mut top_ups = TextVerdicts::default();
    for (place, (origin, t)) in super::merge_with_origins(statements)
        .into_iter()
        .enumerate()
    {
        // Rows in date order: the balance chain never waits for their order.
        part.push(Placed(place, t), origin, &mut top_ups, judge.catalog);
    }
    let files: Vec<String> = statements.iter().map(|s| s.source.clone()).collect();
    // Lines found in a passbook are all that is known of their days; any file beside them is a
    // whole history, and then the whole is judged as one.
    let known = match statements
        .iter()
        .all(|s| Known::of_layout(&s.layout) == Known::FoundLines)
    {
        true if !statements.is_empty() => Known::FoundLines,
        _ => Known::Whole,
    };
    part.known = known;
    match part.report(&files, judge) {
        Streamed::Report(report) => report,
        Streamed::NeedsWholeFile => unreachable!("rows in date order always fold"),
    }
}

/// A row as the fold reads it: one streamed from a file, or one of a statement.
trait FoldRow {
    fn booked(&self) -> NaiveDate;
    fn amount(&self) -> i64;
    fn balance(&self) -> Option<i64>;
    fn line(&self) -> Option<u64>;
    fn description(&self) -> &str;
    /// What tells a repeat of the row in the same file apart: the bank's id, when known before
    /// every row is read.
    fn identity(&self) -> Option<&str>;
    /// The row kept as a top-up, its text normalised.
    fn keep(self, normalized: String) -> Kept;
}

impl FoldRow for StreamedRow {
    fn booked(&self) -> NaiveDate {
        self.booked
    }
    fn amount(&self) -> i64 {
        StreamedRow::amount(self)
    }
    fn balance(&self) -> Option<i64> {
        StreamedRow::balance(self)
    }
    fn line(&self) -> Option<u64> {
        Some(StreamedRow::line(self))
    }
    fn description(&self) -> &str {
        StreamedRow::description(self)
    }
    fn identity(&self) -> Option<&str> {
        self.bank_id()
    }
    fn keep(self, normalized: String) -> Kept {
        Kept::Streamed(self, normalized)
    }
}

/// A row of a statement, or of several merged, with its place in the rows folded: a review points
/// at its rows by it. Each was made once by its statement or the merge, so it has no identity to
/// check again.
struct Placed<'t>(usize, &'t Transaction);

impl FoldRow for Placed<'_> {
    fn booked(&self) -> NaiveDate {
        self.1.booked
    }
    fn amount(&self) -> i64 {
        self.1.amount
    }
    fn balance(&self) -> Option<i64> {
        self.1.balance
    }
    fn line(&self) -> Option<u64> {
        self.1.line
    }
    fn description(&self) -> &str {
        &self.1.description
    }
    fn identity(&self) -> Option<&str> {
        None
    }
    fn keep(self, _normalized: String) -> Kept {
        Kept::Read(self.1.clone(), self.0)
    }
}

/// A top-up kept: streamed rows get their fingerprints once every part is joined, in file order.
#[derive(Debug)]
enum Kept {
    Streamed(StreamedRow, String),
    /// A row of a statement, with its place among the rows folded.
    Read(Transaction, usize),
}

/// What the fold keeps of a run of consecutive rows: counts, days, the balance check, and the
/// top-ups. Two parts of one file in file order join into one ([`Part::then`]).
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
    gaps: BalanceChain,
    /// The top-ups, in the order listed.
    kept: Vec<Kept>,
    /// What the rows are: a whole history (a file, a stored account), or found lines.
    known: Known,
}

impl Part {
    /// Reads every row of `rows`; `None` when the file must be read whole.
    fn read(rows: &mut RowStream<'_>, catalog: &Catalog) -> Result<Option<Part>, ImportError> {
        let mut part = Part::default();
        let mut top_ups = TextVerdicts::default();
        loop {
            match rows.next_row()? {
                NextRow::Row(row) => {
                    if !part.push(row, 0, &mut top_ups, catalog) {
                        return Ok(None);
                    }
                }
                NextRow::End => return Ok(Some(part)),
                NextRow::YearUnknown => return Ok(None),
            }
        }
    }

    /// Takes the next row, from file `origin`; false when the rows' order stays unclear for too
    /// long to fold them as they come.
    fn push(
        &mut self,
        row: impl FoldRow,
        origin: usize,
        top_ups: &mut TextVerdicts,
        catalog: &Catalog,
    ) -> bool {
        // A row repeated in the file is counted and checked once, as a merge keeps it once.
        if let Some(id) = row.identity() {
            if !self.ids.insert(hash(id)) {
                return true;
            }
        }
        let booked = row.booked();
        self.count += 1;
        self.first_day.get_or_insert(booked);
        self.last_day = Some(booked);
        self.earliest = Some(self.earliest.map_or(booked, |day| day.min(booked)));
        self.latest = Some(self.latest.map_or(booked, |day| day.max(booked)));
        let step = Step {
            day: booked,
            amount: row.amount(),
            balance: row.balance(),
            line: row.line(),
            origin,
        };
        if !self.gaps.step(step) {
            return false;
        }
        // Only money out can be a top-up; only a top-up is kept.
        if row.amount() < 0 {
            if let Some(normalized) = top_ups.top_up(row.description(), catalog) {
                self.kept.push(row.keep(normalized));
            }
        }
        true
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

    /// What the rows come to once all are in: the top-ups each once, in date order, and the
    /// breaks in the balances; `None` when the rows came in no steady order.
    fn settle(self) -> Option<Settled> {
        let newest_first = self.first_day > self.last_day;
        let gaps = self.gaps.finish(newest_first)?;
        let mut fingerprints = Fingerprints::with_capacity(self.kept.len());
        let mut kept: Vec<(Transaction, Option<usize>)> = (self.kept.into_iter())
            .map(|kept| match kept {
                Kept::Streamed(row, normalized) => (
                    row.into_normalized_transaction(&mut fingerprints, normalized),
                    None,
                ),
                Kept::Read(transaction, place) => (transaction, Some(place)),
            })
            .collect();
        if newest_first {
            kept.reverse();
        }
        // As a merge does: each row once by its id, then in date order (stable within a day).
        let mut seen = HashSet::with_capacity(kept.len());
        let first_of_id: Vec<bool> = (kept.iter())
            .map(|(t, _)| seen.insert(&t.source_id))
            .collect();
        drop(seen);
        let mut first_of_id = first_of_id.into_iter();
        kept.retain(|_| first_of_id.next().unwrap_or(true));
        kept.sort_by_key(|(t, _)| t.booked);
        let places = kept.iter().map(|&(_, place)| place).collect();
        // Into the same memory, not a second copy of thousands of rows.
        let kept = kept.into_iter().map(|(t, _)| t).collect();
        Some(Settled {
            kept,
            places,
            gaps,
            count: self.count,
            period: self.earliest.zip(self.latest),
            known: self.known,
        })
    }

    /// The report on the history whose rows this part holds, all of them, from `files` (the
    /// origins its rows name); the whole file is needed when the rows came in no steady order.
    fn report(self, files: &[String], judge: &Judge<'_>) -> Streamed {
        let Some(settled) = self.settle() else {
            return Streamed::NeedsWholeFile;
        };
        let judged = settled.judged(judge.catalog, judge.holder);
        let gaps = (settled.gaps.iter())
            .map(|(gap, origin)| GapReport {
                file: files.get(*origin).cloned().unwrap_or_default(),
                gap: gap.clone(),
            })
            .collect();
        Streamed::Report(assemble(
            &judged,
            settled.count,
            settled.period,
            gaps,
            judge.catalog,
            judge.lang,
        ))
    }
}

/// A fold with every row in.
struct Settled {
    /// The top-ups, each once, in date order.
    kept: Vec<Transaction>,
    /// Beside each, its place among the statement's rows folded (none for a streamed row).
    places: Vec<Option<usize>>,
    /// The breaks in the balances, each with the origin of the row after it.
    gaps: Vec<(BalanceGap, usize)>,
    count: usize,
    period: Option<(NaiveDate, NaiveDate)>,
    known: Known,
}

impl Settled {
    /// Every top-up kept, judged.
    fn judged<'s>(&'s self, catalog: &Catalog, holder: &Holder) -> Vec<EmoneyWithdrawal<'s>> {
        match (self.period, self.known) {
            (Some((start, _)), Known::Whole) => detect_from(catalog, &self.kept, start, holder),
            (Some(_), Known::FoundLines) => {
                detect_known(catalog, &self.kept, holder, Known::FoundLines)
            }
            (None, _) => Vec::new(),
        }
    }
}

/// A statement held whole (an account's stored history, as the app reviews it) judged by the
/// same fold as a scan: `with` is given each judged withdrawal with the place of its row in
/// `statement.transactions`, and the breaks in the balances. Found lines (a passbook check) are
/// judged as found lines.
pub fn judge_statement<T>(
    statement: &Statement,
    catalog: &Catalog,
    holder: &Holder,
    with: impl FnOnce(Vec<(usize, &EmoneyWithdrawal<'_>)>, Vec<BalanceGap>) -> T,
) -> T {
    let mut part = Part {
        known: Known::of_layout(&statement.layout),
        ..Part::default()
    };
    let mut top_ups = TextVerdicts::default();
    for (place, t) in statement.transactions.iter().enumerate() {
        part.push(Placed(place, t), 0, &mut top_ups, catalog);
    }
    let settled = part
        .settle()
        .expect("a statement's rows are in date order, and always fold");
    let judged = settled.judged(catalog, holder);
    // Each withdrawal's row, by where detection found it among the rows kept.
    let kept_at: std::collections::HashMap<*const Transaction, usize> = (settled.kept.iter())
        .enumerate()
        .map(|(at, t)| (t as *const _, at))
        .collect();
    let placed = (judged.iter())
        .filter_map(|w| {
            let at = *kept_at.get(&(w.transaction as *const _))?;
            Some((settled.places[at]?, w))
        })
        .collect();
    let gaps = settled.gaps.iter().map(|(gap, _)| gap.clone()).collect();
    with(placed, gaps)
}

/// For each statement text, its normalised form when it is an e-money top-up.
#[derive(Debug, Default)]
struct TextVerdicts(TextMemo<Option<String>>);

impl TextVerdicts {
    /// The text normalised, when it is an e-money top-up.
    fn top_up(&mut self, text: &str, catalog: &Catalog) -> Option<String> {
        self.0.get(text, |text| {
            let normalized = normalize(text);
            catalog.service_for(&normalized).map(|_| normalized)
        })
    }
}

fn hash(id: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}
