//! Reads a bank's CSV export through a [`Layout`]: finds the header past any preamble, then turns
//! every row into a [`Transaction`], stopping at the first row it cannot read.

use std::io::Read;

use chrono::NaiveDate;
use csv::{ReaderBuilder, StringRecord};

use super::amount::{amount_problem, parse_signed_yen, parse_yen};
use super::date::{self, DateCell};
use super::generic;
use super::header_guess::HeaderGuess;
use super::layout::{
    bare_header, kind_from_text, layouts, AmountColumns, DateColumns, ACCOUNT_NUMBER_KEYS,
};
use super::mapping::{MappedAmount, Mapping, Sign};
use super::raw_cells::RawCells;
use super::row::ReadRow;
use super::row::RowError;
use super::shape::{Fault, FaultFound, FaultKind, ShapeCheck, MAX_LINE_BYTES};
use super::{ImportError, Location, Problem};
use crate::normalize::normalize;
use crate::transaction::join_description;
use crate::Account;

/// The CSV reader every export is read with: no header row assumed (the header is found past any
/// preamble), rows of any length (a short row is named, not skipped), cells split at `delimiter`.
pub(crate) fn csv_reader<R: Read>(source: R, delimiter: u8) -> csv::Reader<R> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(source)
}

/// The delimiters exports are written with: commas mostly, tabs (some banks' UTF-16 exports, and
/// any spreadsheet's "tab-separated text"), semicolons (spreadsheets in many European locales).
pub(crate) const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// How many records of a file's start are looked at for its header.
const SNIFF_RECORDS: usize = 64;

/// The delimiter of the CSV whose start is `head`: the first of [`DELIMITERS`] under which a
/// record of the start is the header of a known layout (or of the person's `mapping`); failing
/// that, the one that splits the start's records into the most cells (a comma when none does).
pub(crate) fn sniff_delimiter(head: &str, mapping: Option<&Mapping>) -> u8 {
    let mut most_cells = (0, b',');
    for delimiter in DELIMITERS {
        let mut reader = csv_reader(head.as_bytes(), delimiter);
        let mut cells = 0;
        for record in reader.records().take(SNIFF_RECORDS).flatten() {
            let header = match mapping {
                Some(mapping) => Columns::from_mapping(&record, mapping),
                None => Columns::find(&record),
            };
            if header.is_some() {
                return delimiter;
            }
            cells = cells.max(record.len());
        }
        if cells > most_cells.0 {
            most_cells = (cells, delimiter);
        }
    }
    most_cells.1
}

/// How a record's line is known: the CSV reader's own count, right because every line end is
/// `\n` (see [`super::stream`]), after the lines of the file before the part read (see
/// [`super::split`]).
pub(crate) struct Lines {
    pub(crate) lines_before: u64,
}

impl Lines {
    /// The line a record just read begins on; `end` is the reader's position after it.
    fn record_line(&mut self, record: &StringRecord, end: &csv::Position) -> u64 {
        self.line_of(record.position(), record.as_slice().as_bytes(), end)
    }

    /// [`Lines::record_line`] of a record read from `start` whose cells are `cells`, joined.
    fn line_of(&mut self, start: Option<&csv::Position>, cells: &[u8], end: &csv::Position) -> u64 {
        // Nearly every record is read from the start of its own line to its end: one line, no
        // line break inside it to count (unless its last cell took in the line end, the file
        // being cut off inside a quote).
        let one_line = start.is_some_and(|start| end.line() == start.line() + 1);
        if one_line && cells.last() != Some(&b'\n') {
            return self.lines_before + end.line() - 1;
        }
        // The reader's own position of a record is where it began looking, before any blank
        // lines it skipped. Its position after the record is the line after the record's line
        // end (the decoder ends every text with one), less the line breaks inside quoted fields.
        let inside = memchr::memchr_iter(b'\n', cells).count();
        self.lines_before + end.line().saturating_sub(1 + inside as u64)
    }

    /// The line where the reader began to read a record (that turned out malformed).
    fn start_line(&mut self, start: &csv::Position) -> u64 {
        self.lines_before + start.line()
    }
}

/// A CSV export read one row at a time: the preamble and header first, then each data row.
pub(crate) struct CsvRows<R: Read> {
    records: Records<R>,
    /// The columns the header named.
    pub(crate) columns: Columns,
    /// What the rows before the header said.
    pub(crate) preamble: Preamble,
}

/// The records of a CSV file, each with its line.
pub(crate) struct Records<R: Read> {
    file: String,
    reader: csv::Reader<ShapeCheck<R>>,
    /// A quote out of place, which the lenient reader would read past.
    fault: FaultFound,
    /// The error of a fault (a stray quote) in the record just read, given once the record has been read
    /// as a row (a row that cannot be read is the more precise error at the same place).
    fault_pending: Option<ImportError>,
    /// The record just read ends in a quote the file never closes, and took in the line end
    /// the reader adds at the end of the text: that line end is not one of the record's lines.
    cut_in_quote: bool,
    lines: Lines,
    /// The record just read.
    record: StringRecord,
    /// How records read as bytes are decoded, when the reader reads the file's bytes rather than
    /// decoded text (see [`super::raw_cells`]).
    raw: Option<RawCells>,
}

impl<R: Read> Records<R> {
    /// The records of `source`, the CSV text (or with `raw`, bytes) of `file`, its cells split at
    /// `delimiter`. With `raw`, each record read as bytes is decoded by `raw`.
    pub(crate) fn new(
        file: &str,
        source: R,
        delimiter: u8,
        lines: Lines,
        raw: Option<RawCells>,
    ) -> Self {
        let fault = FaultFound::default();
        let checked = ShapeCheck::new(source, delimiter, fault.clone());
        Records {
            file: file.to_owned(),
            reader: csv_reader(checked, delimiter),
            fault,
            fault_pending: None,
            cut_in_quote: false,
            lines,
            record: StringRecord::new(),
            raw,
        }
    }

    /// Reads the next record that is not blank; false at the end. A decoding failure is named
    /// with its line and encoding, any other with the line where the record began.
    fn next(&mut self) -> Result<bool, ImportError> {
        loop {
            if !self.read()? {
                return Ok(false);
            }
            if !self.record.iter().all(|cell| cell.trim().is_empty()) {
                return Ok(true);
            }
        }
    }

    fn read(&mut self) -> Result<bool, ImportError> {
        self.check_fault()?;
        let start = self.reader.position().clone();
        let read = match &mut self.raw {
            Some(raw) => self.reader.read_byte_record(&mut raw.bytes),
            None => self.reader.read_record(&mut self.record),
        };
        let more = read.map_err(|e| {
            if let csv::ErrorKind::Io(io) = e.kind() {
                return match self.fault.get() {
                    // The shape check stopped the reading at a line too long.
                    Some(fault) if fault.kind == FaultKind::TooLong => self.fault_error(fault),
                    _ => super::stream::read_failed(&self.file, io),
                };
            }
            ImportError {
                file: self.file.clone(),
                location: Location::Line(self.lines.start_line(&start)),
                problem: Problem::Csv(e.to_string()),
            }
        })?;
        // The record just read, or the end, has passed a quote out of place: the record may hold
        // rows that were swallowed, so the file is refused at the quote.
        let passed = if more {
            self.reader.position().byte()
        } else {
            u64::MAX
        };
        if let Some(fault) = self.fault.before(passed) {
            let error = self.fault_error(fault);
            // A record over several lines may be rows swallowed by the quote: its own reading
            // would only mislead. A record on one line is read first, for its more precise error.
            let cells = match &self.raw {
                Some(raw) => raw.bytes.as_slice(),
                None => self.record.as_slice().as_bytes(),
            };
            // A line end that only closes the file (the reader ends every text with one) joins
            // no second line.
            let within = cells.strip_suffix(b"\n").unwrap_or(cells);
            let spans_lines = memchr::memchr(b'\n', within).is_some();
            if !more || spans_lines {
                return Err(error);
            }
            self.cut_in_quote = within.len() < cells.len();
            self.fault_pending = Some(error);
        }
        if let (true, Some(raw)) = (more, &mut self.raw) {
            raw.decode_into(&mut self.record).map_err(|bad| {
                let end = self.reader.position().clone();
                let first = self
                    .lines
                    .line_of(raw.bytes.position(), raw.bytes.as_slice(), &end);
                ImportError {
                    file: self.file.clone(),
                    location: Location::Line(first + bad.newlines_before as u64),
                    problem: Problem::Encoding {
                        encoding: super::stream::encoding_label(raw.encoding()),
                    },
                }
            })?;
        }
        Ok(more)
    }

    /// Fails with the error of a fault quote in the record just read.
    fn check_fault(&mut self) -> Result<(), ImportError> {
        self.fault_pending.take().map_or(Ok(()), Err)
    }

    /// The error for a quote out of place.
    fn fault_error(&mut self, fault: Fault) -> ImportError {
        let line = self.lines.lines_before + fault.line;
        let problem = match fault.kind {
            FaultKind::NeverClosed => Problem::UnclosedQuote,
            FaultKind::TextAfterClose => Problem::TextAfterQuote,
            FaultKind::TooLong => Problem::LineTooLong {
                limit_kilobytes: MAX_LINE_BYTES / 1024,
            },
        };
        ImportError::new(&self.file, Location::Line(line), problem)
    }

    /// The line the record just read begins on.
    fn line(&mut self) -> u64 {
        let end = self.reader.position().clone();
        let line = self.lines.record_line(&self.record, &end);
        line + u64::from(std::mem::take(&mut self.cut_in_quote))
    }
}

impl<R: Read> CsvRows<R> {
    /// Characters CP932 cannot name in the record of the row just read, when the file is read
    /// as bytes and decoded cell by cell (counted there, once per distinct text); `None` when
    /// the file's text was decoded before it was read.
    pub(crate) fn placeholders(&self) -> Option<usize> {
        self.records.raw.as_ref().map(|raw| raw.placeholders)
    }

    /// Reads `records` up to and including the header of a known layout (or of any export named
    /// by its header names), or, with a `mapping`, the header the person described.
    pub(crate) fn open_for(
        mut records: Records<R>,
        mapping: Option<&Mapping>,
    ) -> Result<Self, ImportError> {
        let mut preamble = Preamble::default();
        let mut guess = HeaderGuess::default();
        while records.next()? {
            let columns = match mapping {
                Some(mapping) => Columns::from_mapping(&records.record, mapping),
                None => Columns::find(&records.record),
            };
            match columns {
                Some(columns) => {
                    records.check_fault()?;
                    return Ok(CsvRows {
                        records,
                        columns,
                        preamble,
                    });
                }
                None => {
                    preamble.read(&records.record);
                    let line = records.line();
                    guess.consider(line, records.record.iter());
                }
            }
        }
        Err(ImportError {
            file: records.file,
            location: Location::File,
            problem: guess.into_problem(mapping),
        })
    }

    /// The rows of a later part of a file (see [`super::split`]) under the header `columns` that
    /// its first part found.
    pub(crate) fn continuing(records: Records<R>, columns: Columns) -> Self {
        CsvRows {
            records,
            columns,
            preamble: Preamble::default(),
        }
    }

    /// The next data row, `None` at the end; a row that cannot be read stops the file.
    pub(crate) fn next_row(&mut self) -> Result<Option<ReadRow>, ImportError> {
        let row = loop {
            if !self.records.next()? {
                return Ok(None);
            }
            let line = self.records.line();
            let row = Row {
                columns: &self.columns,
                record: &self.records.record,
                line,
            };
            if !row.is_summary() {
                break row;
            }
            // A totals or closing-balance line (SMBC ends some exports with one): not a
            // transaction, and it has no date to judge by. A stray quote in it still counts.
            self.records.check_fault()?;
        };
        let row = row.read().map_err(|(location, problem)| ImportError {
            file: self.records.file.clone(),
            location,
            problem,
        })?;
        self.records.check_fault()?;
        Ok(Some(row))
    }
}

/// What the rows before the header say: the account number and the period, when given.
#[derive(Debug, Default)]
pub(crate) struct Preamble {
    account_number: Option<String>,
    pub(crate) period: Option<(NaiveDate, NaiveDate)>,
}

impl Preamble {
    /// The account the preamble names, at the layout's bank.
    pub(crate) fn account(&self, columns: &Columns) -> Option<Account> {
        self.account_number.clone().map(|number| Account {
            bank: columns.bank.clone(),
            branch: None,
            number_masked: number,
        })
    }

    fn read(&mut self, record: &StringRecord) {
        let key = normalize(record.get(0).unwrap_or_default());
        let value = record.get(1).unwrap_or_default().trim();
        let is_number_key = ACCOUNT_NUMBER_KEYS.iter().any(|k| normalize(k) == key);
        if is_number_key && !value.is_empty() && self.account_number.is_none() {
            self.account_number = Some(Account::mask_number(value));
        }
        if self.period.is_none() {
            self.period = record.iter().find_map(period_in);
        }
    }
}

/// A period written like `2020年04月01日～2020年06月30日` or `2020/4/1-2020/6/30`.
fn period_in(cell: &str) -> Option<(NaiveDate, NaiveDate)> {
    let full = |text: &str| match date::parse(text)? {
        DateCell::Full(day) => Some(day),
        DateCell::MonthDay { .. } => None,
    };
    cell.split(['～', '〜', '~'])
        .collect::<Vec<_>>()
        .as_slice()
        .windows(2)
        .find_map(|pair| {
            let (from, to) = (full(pair[0])?, full(pair[1])?);
            (from <= to).then_some((from, to))
        })
}

/// Where each field of a recognised layout sits in the rows.
#[derive(Clone)]
pub(crate) struct Columns {
    /// The layout's id (`smbc`, `generic`, `mapping: …`) and its bank.
    pub(crate) id: String,
    bank: String,
    header: Vec<String>,
    /// The date's form, when a person's mapping gives one.
    date_format: Option<String>,
    date: DateIndex,
    amount: AmountIndex,
    description: Vec<usize>,
    balance: Option<usize>,
    row_id: Option<usize>,
    kind: Option<usize>,
    /// A column naming each row's currency, when the export has one.
    currency: Option<usize>,
}

#[derive(Clone)]
enum DateIndex {
    One(usize),
    Split([usize; 3]),
}

#[derive(Clone)]
enum AmountIndex {
    Separate {
        withdrawal: usize,
        deposit: usize,
    },
    Signed(usize),
    /// One column in which money out is positive.
    Reversed(usize),
}

impl Columns {
    /// Whether each row carries the bank's own id.
    pub(crate) fn has_row_ids(&self) -> bool {
        self.row_id.is_some()
    }

    /// The columns of the first layout whose headers all appear in `record`.
    pub(crate) fn find(record: &StringRecord) -> Option<Columns> {
        let header: Vec<String> = record.iter().map(|cell| cell.trim().to_owned()).collect();
        let bare: Vec<String> = header.iter().map(|cell| bare_header(cell)).collect();
        let index = |column: &super::layout::Column| bare.iter().position(|c| column.is_named(c));
        let optional = |column: &Option<super::layout::Column>| match column {
            Some(column) => index(column).map(Some),
            None => Some(None),
        };
        let known = layouts().iter().find_map(|layout| {
            for marker in &layout.markers {
                index(marker)?;
            }
            Some(Columns {
                id: layout.id.clone(),
                bank: layout.bank.clone(),
                date_format: None,
                date: match &layout.date {
                    DateColumns::One(date) => DateIndex::One(index(date)?),
                    DateColumns::Split { year, month, day } => {
                        DateIndex::Split([index(year)?, index(month)?, index(day)?])
                    }
                },
                amount: match &layout.amount {
                    AmountColumns::Separate {
                        withdrawal,
                        deposit,
                    } => AmountIndex::Separate {
                        withdrawal: index(withdrawal)?,
                        deposit: index(deposit)?,
                    },
                    AmountColumns::Signed(amount) => AmountIndex::Signed(index(amount)?),
                },
                description: (layout.description.iter())
                    .map(index)
                    .collect::<Option<_>>()?,
                balance: optional(&layout.balance)?,
                row_id: optional(&layout.row_id)?,
                kind: optional(&layout.kind)?,
                currency: currency_column(&bare),
                header: header.clone(),
            })
        });
        known.or_else(|| Columns::generic(&header, &bare))
    }

    /// The columns of a person's mapping, if `record` is the header it describes.
    fn from_mapping(record: &StringRecord, mapping: &Mapping) -> Option<Columns> {
        let header: Vec<String> = record.iter().map(|cell| cell.trim().to_owned()).collect();
        let normalized: Vec<String> = header.iter().map(|cell| normalize(cell)).collect();
        let index = |name: &str| normalized.iter().position(|cell| *cell == normalize(name));
        Some(Columns {
            id: mapping.layout_id(),
            bank: mapping.bank.clone(),
            date_format: mapping.date_format.clone(),
            date: DateIndex::One(index(&mapping.date)?),
            amount: match &mapping.amount {
                MappedAmount::Separate {
                    withdrawal,
                    deposit,
                } => AmountIndex::Separate {
                    withdrawal: index(withdrawal)?,
                    deposit: index(deposit)?,
                },
                MappedAmount::Signed {
                    signed,
                    withdrawals: Sign::Negative,
                } => AmountIndex::Signed(index(signed)?),
                MappedAmount::Signed {
                    signed,
                    withdrawals: Sign::Positive,
                } => AmountIndex::Reversed(index(signed)?),
            },
            description: mapping
                .description
                .iter()
                .map(|name| index(name))
                .collect::<Option<_>>()?,
            balance: match &mapping.balance {
                Some(name) => Some(index(name)?),
                None => None,
            },
            row_id: None,
            kind: None,
            currency: currency_column(&normalized),
            header,
        })
    }

    /// Any other export, recognised by the names of its columns (see [`generic`]).
    /// The columns of an export without a layout, by the names of its columns (`bare`, as
    /// [`bare_header`] makes them).
    fn generic(header: &[String], bare: &[String]) -> Option<Columns> {
        let wordings = generic::wordings();
        let first = |names: &[String]| bare.iter().position(|cell| names.contains(cell));
        let date = first(&wordings.date)?;
        let amount = match (
            first(&wordings.withdrawal),
            first(&wordings.deposit),
            first(&wordings.signed),
        ) {
            (Some(withdrawal), Some(deposit), _) => AmountIndex::Separate {
                withdrawal,
                deposit,
            },
            (_, _, Some(signed)) => AmountIndex::Signed(signed),
            _ => return None,
        };
        let description: Vec<usize> = (0..bare.len())
            .filter(|&i| wordings.description.contains(&bare[i]))
            .collect();
        if description.is_empty() {
            return None;
        }
        Some(Columns {
            id: generic::ID.to_owned(),
            bank: generic::BANK.to_owned(),
            date_format: None,
            header: header.to_vec(),
            date: DateIndex::One(date),
            amount,
            description,
            balance: first(&wordings.balance),
            row_id: first(&wordings.row_id),
            kind: None,
            currency: currency_column(bare),
        })
    }
}

/// The column of `bare` header cells that names each row's currency.
fn currency_column(bare: &[String]) -> Option<usize> {
    let names = &generic::wordings().currency;
    bare.iter().position(|cell| names.contains(cell))
}

/// Whether a currency cell says yen.
fn is_yen(currency: &str) -> bool {
    matches!(
        normalize(currency).as_str(),
        "JPY" | "YEN" | "円" | "日本円" | "¥" | "\\"
    )
}

/// One data row being read.
struct Row<'a> {
    columns: &'a Columns,
    record: &'a StringRecord,
    line: u64,
}

impl Row<'_> {
    /// Whether the row is a summary some exports end with: no date (or a label such as 合計
    /// where the date goes) and no text. Such a row moves no money of its own.
    fn is_summary(&self) -> bool {
        let date = match self.columns.date {
            DateIndex::One(index) => self.record.get(index).unwrap_or_default(),
            DateIndex::Split([year, ..]) => self.record.get(year).unwrap_or_default(),
        };
        let blank = |index: usize| self.record.get(index).unwrap_or_default().trim().is_empty();
        // Compared as written (kanji need no normalising): this runs once a row.
        let totals = match date.trim() {
            "合計" | "総合計" | "小計" | "計" => true,
            // A line with no date is a closing balance only when it moves no money: a debit
            // whose date is missing is an error, never a row dropped without a word.
            "" => match self.columns.amount {
                AmountIndex::Separate {
                    withdrawal,
                    deposit,
                } => blank(withdrawal) && blank(deposit),
                AmountIndex::Signed(index) | AmountIndex::Reversed(index) => blank(index),
            },
            _ => false,
        };
        totals && self.columns.description.iter().all(|&index| blank(index))
    }

    fn read(&self) -> Result<ReadRow, RowError> {
        let columns = self.columns;
        let date = match columns.date {
            DateIndex::One(index) if columns.date_format.is_some() => {
                let text = self.cell(index)?;
                let form = columns.date_format.as_deref().unwrap_or_default();
                NaiveDate::parse_from_str(text.trim(), form)
                    .map(DateCell::Full)
                    .map_err(|_| {
                        self.at(
                            index,
                            Problem::DateForm {
                                found: text.to_owned(),
                                form: form.to_owned(),
                            },
                        )
                    })?
            }
            DateIndex::One(index) => {
                let text = self.cell(index)?;
                date::parse(text).ok_or_else(|| {
                    self.at(
                        index,
                        Problem::Date {
                            found: text.to_owned(),
                            expected: date::EXPECTED,
                        },
                    )
                })?
            }
            DateIndex::Split([year, month, day]) => {
                let joined = format!(
                    "{}/{}/{}",
                    self.cell(year)?.trim(),
                    self.cell(month)?.trim(),
                    self.cell(day)?.trim()
                );
                match date::parse(&joined) {
                    Some(full @ DateCell::Full(_)) => full,
                    _ => {
                        return Err(self.at(
                            year,
                            Problem::Date {
                                found: joined,
                                expected: "2020 / 9 / 4 in three columns",
                            },
                        ))
                    }
                }
            }
        };
        if let Some(index) = columns.currency {
            let currency = self.cell(index)?.trim();
            if !currency.is_empty() && !is_yen(currency) {
                return Err(self.at(
                    index,
                    Problem::Unsupported {
                        what: format!(
                            "currency {currency} (Kouza Guard reads yen accounts; foreign-currency accounts are not checked)"
                        ),
                    },
                ));
            }
        }
        let amount = match columns.amount {
            AmountIndex::Separate {
                withdrawal,
                deposit,
            } => {
                // Some exports (SMBC until July 2022) write money out as a negative number in
                // the withdrawal column: the column already says which way it went.
                let out = self.signed_yen(withdrawal)?.abs();
                let into = self.yen(deposit)?;
                if out != 0 && into != 0 {
                    return Err(self.at(
                        deposit,
                        Problem::BothAmounts {
                            withdrawal: out,
                            deposit: into,
                        },
                    ));
                }
                into - out
            }
            AmountIndex::Signed(index) | AmountIndex::Reversed(index) => {
                let text = self.cell(index)?;
                let amount =
                    parse_signed_yen(text).ok_or_else(|| self.at(index, amount_problem(text)))?;
                if matches!(columns.amount, AmountIndex::Reversed(_)) {
                    -amount
                } else {
                    amount
                }
            }
        };
        let balance = match columns.balance {
            Some(index) if !self.cell(index)?.trim().is_empty() => {
                let text = self.cell(index)?;
                // A balance can be negative on an overdraft-capable account.
                Some(parse_signed_yen(text).ok_or_else(|| self.at(index, amount_problem(text)))?)
            }
            _ => None,
        };
        // The last description column is there, so all of them are (no list is built a row).
        if let Some(&last) = columns.description.iter().max() {
            self.cell(last)?;
        }
        let parts =
            (columns.description.iter()).map(|&index| self.record.get(index).unwrap_or_default());
        let bank_id = match columns.row_id {
            Some(index) => Some(self.cell(index)?.trim())
                .filter(|id| !id.is_empty())
                .map(str::to_owned),
            None => None,
        };
        let kind = match columns.kind {
            Some(index) => kind_from_text(self.cell(index)?),
            None => None,
        };
        Ok(ReadRow {
            line: self.line,
            date,
            amount,
            balance,
            description: join_description(parts),
            bank_id,
            kind,
        })
    }

    fn cell(&self, index: usize) -> Result<&str, RowError> {
        self.record.get(index).ok_or_else(|| {
            (
                Location::Line(self.line),
                Problem::MissingColumns {
                    expected: self.columns.header.len(),
                    found: self.record.len(),
                },
            )
        })
    }

    fn signed_yen(&self, index: usize) -> Result<i64, RowError> {
        let text = self.cell(index)?;
        parse_signed_yen(text).ok_or_else(|| self.at(index, amount_problem(text)))
    }

    fn yen(&self, index: usize) -> Result<i64, RowError> {
        let text = self.cell(index)?;
        parse_yen(text).ok_or_else(|| self.at(index, amount_problem(text)))
    }

    fn at(&self, index: usize, problem: Problem) -> RowError {
        (
            Location::Field {
                line: self.line,
                field: self.columns.header[index].clone(),
            },
            problem,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::import::{read_bytes, Location, Request};

    #[test]
    fn lines_are_counted_right_with_crlf_and_lf() {
        for newline in ["\n", "\r\n", "\r"] {
            let text = [
                "記号番号,1",
                "",
                "年月日,お引出し,お預入れ,お取り扱い内容,残高",
                "2020/9/1,1,,A,9",
                "2020/9/2,x,,B,8",
            ]
            .join(newline);
            let error = read_bytes("f.csv", text.as_bytes(), &Request::default()).unwrap_err();
            assert_eq!(
                error.location,
                Location::Field {
                    line: 5,
                    field: "お引出し".into()
                },
                "{newline:?}"
            );
        }
    }
}
