//! What went wrong reading a statement file, and exactly where.

use std::fmt;

use thiserror::Error;

/// A statement file could not be read. Nothing from the file is imported when this is returned.
///
/// Its message names the file, the line and the field, and says what was expected:
/// `statement.csv: line 12, field 払出金額（円）: expected an amount in yen such as 1,234, found "abc"`.
#[derive(Debug, Error)]
#[error("{file}: {location}{problem}")]
pub struct ImportError {
    /// The file's name as the person chose it.
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// What was wrong there.
    pub problem: Problem,
}

impl ImportError {
    /// The error of file `file`, at `location`.
    pub fn new(file: &str, location: Location, problem: Problem) -> Self {
        ImportError {
            file: file.to_owned(),
            location,
            problem,
        }
    }
}

/// Where in a file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (it could not be opened, or no layout fits it).
    File,
    /// A whole line.
    Line(u64),
    /// A fixed-length record of a file without line breaks (Zengin), counted from 1.
    Record(u64),
    /// One field of such a record.
    RecordField {
        /// 1-based record number.
        record: u64,
        /// The field's name in the format's specification.
        field: String,
    },
    /// One field of a line, named by its column header.
    Field {
        /// 1-based line number.
        line: u64,
        /// The column's header as the file writes it.
        field: String,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(line) => write!(f, "line {line}: "),
            Location::Field { line, field } => write!(f, "line {line}, field {field}: "),
            Location::Record(record) => write!(f, "record {record}: "),
            Location::RecordField { record, field } => {
                write!(f, "record {record}, field {field}: ")
            }
        }
    }
}

/// At most the first [`EXCERPT_CHARS`] characters of a bad value, for a message: a damaged or
/// hostile cell can be megabytes long, and the message goes to a terminal and to the window.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// What a file no layout fits has instead of a known header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderFound {
    /// The row most like a header (its line, its cells joined by commas), if any row has two
    /// cells or more.
    pub header: Option<(u64, String)>,
    /// The bank of the layout closest to that row (or the person's mapping).
    pub closest: Option<String>,
    /// The columns of the closest layout that the row lacks.
    pub missing: Vec<String>,
    /// The row's cells that no layout names.
    pub unrecognised: Vec<String>,
}

impl fmt::Display for HeaderFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((line, header)) = &self.header else {
            return f.write_str(
                "no header row of a known bank layout was found: no row of the file has \
                 columns (is it a statement export?)",
            );
        };
        write!(
            f,
            "no header row of a known bank layout was found; the row most like a header is line {line}: {}",
            excerpt(header)
        )?;
        let list = |names: &[String]| excerpt(&names.join(", "));
        match &self.closest {
            Some(closest) => {
                write!(
                    f,
                    ". Closest: {closest}, which also needs {}",
                    list(&self.missing)
                )?;
                if !self.unrecognised.is_empty() {
                    write!(f, "; not recognised: {}", list(&self.unrecognised))?;
                }
            }
            None => f.write_str(". None of its columns is named like a bank statement's")?,
        }
        f.write_str(
            ". A mapping can describe the file's columns (kouza-guard import --mapping FILE)",
        )
    }
}

/// How much of a bad value a message quotes.
pub const EXCERPT_CHARS: usize = 120;

/// What was wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file could not be read from disk.
    #[error("could not read the file: {}", excerpt(.0))]
    Unreadable(String),
    /// The file is larger than any statement: refused before it is read into memory.
    #[error(
        "the file is {megabytes} MB; a statement is at most {limit_megabytes} MB. Is this the right file?"
    )]
    TooLarge {
        /// The file's size, in whole megabytes (rounded up).
        megabytes: u64,
        /// The limit, in megabytes.
        limit_megabytes: u64,
    },
    /// The path is not a regular file (a folder, a device, a pipe): refused before it is read.
    #[error("this is not a file that can be read as a statement (a folder, a device or a pipe)")]
    NotAFile,
    /// The bytes are not text in the encoding that was detected or chosen.
    #[error(
        "the text is not valid {encoding}; choose the file's encoding by hand if it is another"
    )]
    Encoding {
        /// The encoding that was tried.
        encoding: &'static str,
    },
    /// No row looks like the header of a layout the app knows.
    #[error("{0}")]
    UnknownLayout(Box<HeaderFound>),
    /// A row has fewer columns than its header.
    #[error("the row has {found} columns, but the header has {expected}")]
    MissingColumns {
        /// Columns in the header.
        expected: usize,
        /// Columns in this row.
        found: usize,
    },
    /// A date could not be read.
    #[error("expected a date like {expected}, found {:?}", excerpt(.found))]
    Date {
        /// The text found.
        found: String,
        /// The form expected, e.g. `20200904`.
        expected: &'static str,
    },
    /// A date is not in the form a person's mapping gives.
    #[error("expected a date in the form {form} (from the mapping), found {:?}", excerpt(.found))]
    DateForm {
        /// The text found.
        found: String,
        /// The mapping's form, in chrono's notation.
        form: String,
    },
    /// An amount could not be read.
    #[error("expected an amount in yen such as 1,234, found {:?}", excerpt(.found))]
    Amount {
        /// The text found.
        found: String,
    },
    /// An amount or balance of ¥10^15 or more: no account holds that much.
    #[error("the amount {:?} is a thousand trillion yen or more, which no account holds; the file is damaged or not a statement", excerpt(.found))]
    AmountTooLarge {
        /// The text found.
        found: String,
    },
    /// A row has money both out and in, which no layout allows.
    #[error("the row has both a withdrawal ({withdrawal}) and a deposit ({deposit}); expected one of them")]
    BothAmounts {
        /// Money out, as read.
        withdrawal: i64,
        /// Money in, as read.
        deposit: i64,
    },
    /// Dates without a year, and nothing in the file says which year.
    #[error(
        "the dates have no year and the file states no period; say which year the first row is in"
    )]
    YearUnknown,
    /// A date without a year that does not fall in the stated period.
    #[error("{month}月{day}日 is not within the period the file states ({from} to {to})")]
    OutsidePeriod {
        /// The month read.
        month: u32,
        /// The day read.
        day: u32,
        /// The period's first day.
        from: chrono::NaiveDate,
        /// The period's last day.
        to: chrono::NaiveDate,
    },
    /// A row is dated after today: its date was misread (a wrong year, say).
    #[error(
        "the row is dated {date}, after today ({today}); check the file's dates or the year given"
    )]
    AfterToday {
        /// The row's date.
        date: chrono::NaiveDate,
        /// Today.
        today: chrono::NaiveDate,
    },
    /// A fixed-length record of the wrong length.
    #[error("the record is {found} bytes long; expected {expected}")]
    RecordLength {
        /// Its length.
        found: usize,
        /// The format's record length.
        expected: usize,
    },
    /// A numeric field holds something other than digits.
    #[error("expected digits, found {:?}", excerpt(.found))]
    Digits {
        /// The text found.
        found: String,
    },
    /// A record of a kind that cannot come here.
    #[error(
        "unexpected record kind {found:?}; expected 2 (data), 8 (trailer) or 9 (end) in that order"
    )]
    RecordKind {
        /// The データ区分 found.
        found: char,
    },
    /// The trailer's count or total disagrees with the data records.
    #[error("the trailer states {stated}, but the data records add up to {counted}: rows are missing or the file is damaged")]
    TrailerMismatch {
        /// What the trailer says.
        stated: i64,
        /// What the data records add up to.
        counted: i64,
    },
    /// A required part of the file is absent.
    #[error("{what} is missing")]
    Missing {
        /// What.
        what: String,
    },
    /// Something the format allows but this app does not read.
    #[error("{} is not supported", excerpt(.what))]
    Unsupported {
        /// What.
        what: String,
    },
    /// The XML structure itself is broken.
    #[error("the XML is malformed: {}", excerpt(.0))]
    Xml(String),
    /// The CSV structure itself is broken (an unclosed quote, say).
    #[error("the CSV is malformed: {}", excerpt(.0))]
    Csv(String),
    /// A quoted cell is never closed: it would swallow every row after it.
    #[error("a quote (\") opens a cell here that is never closed, so the rows after it cannot be told apart; the file may be damaged")]
    UnclosedQuote,
    /// Text follows the quote that closes a cell: a quote in the wrong place, which can hide rows.
    #[error("a quote (\") closes a cell here but more text follows it before the next comma; the file may be damaged")]
    TextAfterQuote,
    /// A line (or a quoted cell) longer than any row of a statement: reading stopped there.
    #[error("the line is longer than {limit_kilobytes} KB, far longer than any row of a statement; the file is damaged or not a statement")]
    LineTooLong {
        /// The limit, in kilobytes.
        limit_kilobytes: u64,
    },
    /// The person stopped the import while the file was being read.
    #[error("reading was stopped before the end of the file; nothing from it was imported")]
    Stopped,
}
