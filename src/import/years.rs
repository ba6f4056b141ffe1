//! Gives dates written without a year (JA Bank exports write `12月28日`) their year, row by row
//! as the rows come, so that a file is dated by one rule whether it is read whole or streamed.
//!
//! The year comes from the period the file states or, failing that, from the year the person
//! gave for the first row. With a period, a file may list its rows oldest or newest first, and its
//! first rows need not tell which: both walks run side by side. Rows on which they agree go out at
//! once; rows on which they differ wait until one walk fails (it left the period) or the file ends
//! (then oldest first wins, the usual order). In practice one walk fails on the first row, so
//! almost nothing waits.

use std::collections::VecDeque;

use chrono::{Datelike, NaiveDate};

use super::date::{self, DateCell};
use super::row::ReadRow;
use super::row::RowError;
use super::{Location, Problem};
use crate::ImportNote;

/// The rows of one file, dated as they come: give each row in file order to [`RowYears::push`],
/// which hands it back dated when nothing waits; take the rows that waited out with
/// [`RowYears::next_dated`] before the next push; call [`RowYears::finish`] at the end of the
/// file, then take the rest.
#[derive(Debug)]
pub(crate) struct RowYears {
    /// The walk that takes the rows as listed oldest first; `None` once it failed.
    oldest_first: Option<Years>,
    /// The walk from the period's end, for files listing the newest row first; `None` when the
    /// file states no period, or once it failed.
    newest_first: Option<Years>,
    /// Why the oldest-first walk failed: the error given when both fail, as it names the row
    /// a person reading the file from the top would look at.
    refusal: Option<RowError>,
    undecided: VecDeque<Undecided>,
    /// How many rows may wait for the walks to agree before [`Undated::TooManyUndecided`].
    max_undecided: usize,
    dated: VecDeque<(ReadRow, NaiveDate)>,
    /// What the years come from (nothing, when dates without a year are refused), said once
    /// such a date was seen.
    source: Option<ImportNote>,
    saw_yearless: bool,
}

/// A row dated by both walks, waiting for one of them to fail.
#[derive(Debug)]
struct Undecided {
    row: ReadRow,
    oldest_first: NaiveDate,
    newest_first: NaiveDate,
}

/// Why a row could not be dated.
#[derive(Debug)]
pub(crate) enum Undated {
    /// No walk places it: the row's error, or that of the row where the oldest-first walk failed.
    Refused(RowError),
    /// More rows than allowed wait for the walks to agree: read the file whole instead.
    TooManyUndecided,
}

impl RowYears {
    /// For a file that states `period` before its rows, or whose first row the person said is
    /// in `first_year`; at most `max_undecided` rows held while the order of the rows is unknown.
    pub(crate) fn for_file(
        period: Option<(NaiveDate, NaiveDate)>,
        first_year: Option<i32>,
        max_undecided: usize,
    ) -> RowYears {
        let (oldest_first, newest_first, source) = match (period, first_year) {
            (Some((from, to)), _) => (
                Years::period(from, to, Walk::OldestFirst),
                Some(Years::period(from, to, Walk::NewestFirst)),
                Some(ImportNote::YearFromPeriod { from, to }),
            ),
            (None, Some(first_year)) => (
                Years::Order {
                    year: first_year,
                    previous_month: 0,
                },
                None,
                Some(ImportNote::YearFromOrder { first_year }),
            ),
            (None, None) => (Years::Unknown, None, None),
        };
        RowYears {
            oldest_first: Some(oldest_first),
            newest_first,
            refusal: None,
            undecided: VecDeque::new(),
            max_undecided,
            dated: VecDeque::new(),
            source,
            saw_yearless: false,
        }
    }

    /// For the formats that always write the year (Zengin, OFX, camt.053): every date is taken
    /// as written.
    pub(crate) fn all_written() -> RowYears {
        RowYears::for_file(None, None, 0)
    }

    /// Any number of rows may wait for their year: the reader keeps every row anyway.
    pub(crate) fn wait_for_any_number(&mut self) {
        self.max_undecided = usize::MAX;
    }

    /// Whether every date is taken as written (no period, no first year): then rows need no
    /// order, and a file can be read in parts.
    pub(crate) fn takes_dates_as_written(&self) -> bool {
        matches!(self.oldest_first, Some(Years::Unknown)) && self.newest_first.is_none()
    }

    /// Takes the next row in file order, and gives it back with its date when no row waits
    /// (nearly always). Otherwise it waits (see the module's notes) and is given out, after the
    /// rows before it, by [`RowYears::next_dated`]. When no walk can place it, the error says
    /// which row and why.
    pub(crate) fn push(&mut self, row: ReadRow) -> Result<Option<(ReadRow, NaiveDate)>, Undated> {
        self.saw_yearless |= matches!(row.date, DateCell::MonthDay { .. });
        let oldest_first = self
            .oldest_first
            .as_mut()
            .map(|walk| walk.date(row.date, row.line));
        let newest_first = self
            .newest_first
            .as_mut()
            .map(|walk| walk.date(row.date, row.line));
        let oldest_first = match oldest_first {
            Some(Ok(day)) => Some(day),
            Some(Err(error)) => {
                self.oldest_first = None;
                self.refusal = Some(error);
                None
            }
            None => None,
        };
        let newest_first = match newest_first {
            Some(Ok(day)) => Some(day),
            Some(Err(_)) => {
                self.newest_first = None;
                None
            }
            None => None,
        };
        match (oldest_first, newest_first) {
            (Some(a), Some(b)) if a == b && self.undecided.is_empty() => {
                return Ok(Some((row, a)));
            }
            (Some(day), None) | (None, Some(day))
                if self.undecided.is_empty() && self.dated.is_empty() =>
            {
                return Ok(Some((row, day)));
            }
            (Some(oldest_first), Some(newest_first)) => {
                if self.undecided.len() == self.max_undecided {
                    return Err(Undated::TooManyUndecided);
                }
                self.undecided.push_back(Undecided {
                    row,
                    oldest_first,
                    newest_first,
                });
            }
            (Some(day), None) => {
                self.decide(Walk::OldestFirst);
                self.dated.push_back((row, day));
            }
            (None, Some(day)) => {
                self.decide(Walk::NewestFirst);
                self.dated.push_back((row, day));
            }
            (None, None) => {
                return Err(Undated::Refused(
                    self.refusal
                        .clone()
                        .unwrap_or((Location::Line(row.line), Problem::YearUnknown)),
                ))
            }
        }
        Ok(None)
    }

    /// The end of the file: rows still undecided take the oldest-first dates.
    pub(crate) fn finish(&mut self) {
        if self.oldest_first.is_some() {
            self.decide(Walk::OldestFirst);
        } else {
            self.decide(Walk::NewestFirst);
        }
    }

    /// The next row with its date, in file order.
    pub(crate) fn next_dated(&mut self) -> Option<(ReadRow, NaiveDate)> {
        self.dated.pop_front()
    }

    /// Where the years came from, when the file had dates without one.
    pub(crate) fn note(&self) -> Option<ImportNote> {
        self.source.clone().filter(|_| self.saw_yearless)
    }

    /// The rows waiting take the dates of `walk`.
    fn decide(&mut self, walk: Walk) {
        self.dated.extend(self.undecided.drain(..).map(|waiting| {
            let day = match walk {
                Walk::OldestFirst => waiting.oldest_first,
                Walk::NewestFirst => waiting.newest_first,
            };
            (waiting.row, day)
        }));
    }
}

/// Which way a walk through the rows goes in time.
#[derive(Debug, Clone, Copy)]
enum Walk {
    OldestFirst,
    NewestFirst,
}

/// Gives year-less dates their year as the rows come, one at a time: so that a file can be read
/// row by row, and whole, by the same rule.
#[derive(Debug)]
enum Years {
    /// Nothing tells the year: a date without one is refused.
    Unknown,
    /// The year that keeps the rows in file order and inside the stated period.
    Period {
        from: NaiveDate,
        to: NaiveDate,
        walk: Walk,
        year: i32,
        previous: Option<NaiveDate>,
    },
    /// Rows oldest first from the year the person gave: each time the month goes back, a new
    /// year has begun.
    Order { year: i32, previous_month: u32 },
}

impl Years {
    fn period(from: NaiveDate, to: NaiveDate, walk: Walk) -> Years {
        let year = match walk {
            Walk::OldestFirst => from.year(),
            Walk::NewestFirst => to.year(),
        };
        Years::Period {
            from,
            to,
            walk,
            year,
            previous: None,
        }
    }

    /// The full date of the next row's `cell`, found on `line`.
    fn date(&mut self, cell: DateCell, line: u64) -> Result<NaiveDate, RowError> {
        match (self, cell) {
            (Years::Unknown, DateCell::Full(day)) => Ok(day),
            (Years::Unknown, DateCell::MonthDay { .. }) => {
                Err((Location::Line(line), Problem::YearUnknown))
            }
            (
                Years::Order {
                    year,
                    previous_month,
                },
                cell,
            ) => match cell {
                DateCell::Full(day) => {
                    (*year, *previous_month) = (day.year(), day.month());
                    Ok(day)
                }
                DateCell::MonthDay { month, day } => {
                    if month < *previous_month {
                        *year += 1;
                    }
                    *previous_month = month;
                    NaiveDate::from_ymd_opt(*year, month, day).ok_or((
                        Location::Line(line),
                        Problem::Date {
                            found: format!("{month}月{day}日"),
                            expected: date::EXPECTED,
                        },
                    ))
                }
            },
            (
                Years::Period {
                    from,
                    to,
                    walk,
                    year,
                    previous,
                },
                cell,
            ) => {
                let date = match cell {
                    DateCell::Full(day) => day,
                    DateCell::MonthDay { month, day } => {
                        let outside = || {
                            (
                                Location::Line(line),
                                Problem::OutsidePeriod {
                                    month,
                                    day,
                                    from: *from,
                                    to: *to,
                                },
                            )
                        };
                        let mut date =
                            NaiveDate::from_ymd_opt(*year, month, day).ok_or_else(outside)?;
                        let went_back = match walk {
                            Walk::OldestFirst => previous.is_some_and(|p| date < p),
                            Walk::NewestFirst => previous.is_some_and(|p| date > p),
                        };
                        if went_back {
                            *year += match walk {
                                Walk::OldestFirst => 1,
                                Walk::NewestFirst => -1,
                            };
                            date =
                                NaiveDate::from_ymd_opt(*year, month, day).ok_or_else(outside)?;
                        }
                        if !(*from..=*to).contains(&date) {
                            return Err(outside());
                        }
                        date
                    }
                };
                *year = date.year();
                *previous = Some(date);
                Ok(date)
            }
        }
    }
}
