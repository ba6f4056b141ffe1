//! ISO 20022 camt.053 (bank-to-customer statement), as corporate customers and banks abroad hold
//! it: the booked entries (`Ntry` with status `BOOK`) of one account. Entries still pending are
//! left out, and a note says how many.

use std::io::BufRead;

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::amount::amount_problem;
use super::date::DateCell;
use super::row::ReadRow;
use super::{ImportError, Location, Problem};
use crate::transaction::join_description;
use crate::Account;

/// Whether decoded text is a camt.053 document.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(2_000).collect();
    head.contains("camt.053") || head.contains("<BkToCstmrStmt")
}

/// The deepest nesting of elements read: a camt.053 statement nests about fifteen deep, and each
/// level costs every text below it.
const MAX_DEPTH: usize = 64;

/// The texts kept of one entry: a real one has a few dozen.
const MAX_ENTRY_FIELDS: usize = 1_000;

/// One `Ntry` as read: the text of each element path inside it.
#[derive(Default)]
struct Entry {
    line: u64,
    /// More texts than [`MAX_ENTRY_FIELDS`]: the entry is refused.
    overfull: bool,
    currency: Option<String>,
    fields: Vec<(String, String)>,
}

impl Entry {
    /// The first text at a path ending in `suffix` (e.g. `BookgDt/Dt`).
    fn get(&self, suffix: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(path, _)| path == suffix || path.ends_with(&format!("/{suffix}")))
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, suffix: &str) -> impl Iterator<Item = &str> {
        let suffix = format!("/{suffix}");
        self.fields
            .iter()
            .filter(move |(path, _)| path.ends_with(&suffix))
            .map(|(_, v)| v.as_str())
    }
}

/// A camt.053 document read one `Ntry` at a time, for files too large to hold.
pub(crate) struct CamtRows<R> {
    file: String,
    reader: Reader<R>,
    event: Vec<u8>,
    /// The line the next event starts on.
    line: u64,
    /// The path of the element open now, names joined by `/` (from the `Ntry` inside an entry),
    /// kept as elements open and close so a text costs no join of the whole path.
    path: String,
    /// The length of `path` before each element open now was added.
    path_lengths: Vec<usize>,
    /// Elements opened and not yet closed, in the whole document, and the line of the first.
    open_elements: usize,
    document_line: Option<u64>,
    entry: Option<Entry>,
    /// An element's text arrives in pieces (text, then `&amp;`, then text): gathered here until
    /// the next tag.
    text: String,
    account_number: Option<String>,
    bank: Option<String>,
    /// Entries not booked yet (pending), left out.
    pub(crate) pending: usize,
    finished: bool,
}

impl<R: BufRead> CamtRows<R> {
    /// Reads camt.053 text from `source` (already decoded to UTF-8). `file` names it in errors.
    pub(crate) fn new(file: &str, source: R) -> Self {
        CamtRows {
            file: file.to_owned(),
            reader: Reader::from_reader(source),
            event: Vec::new(),
            line: 1,
            path: String::new(),
            path_lengths: Vec::new(),
            open_elements: 0,
            document_line: None,
            entry: None,
            text: String::new(),
            account_number: None,
            bank: None,
            pending: 0,
            finished: false,
        }
    }

    fn error(&self, location: Location, problem: Problem) -> ImportError {
        ImportError::new(&self.file, location, problem)
    }

    /// The next booked entry, `None` at the end of a document read without fault.
    pub(crate) fn next_row(&mut self) -> Result<Option<ReadRow>, ImportError> {
        if self.finished {
            return Ok(None);
        }
        while let Some(entry) = self.next_entry()? {
            if entry.overfull {
                return Err(self.error(
                    Location::Line(entry.line),
                    Problem::Unsupported {
                        what: format!("an entry (Ntry) of more than {MAX_ENTRY_FIELDS} texts"),
                    },
                ));
            }
            let status = entry
                .get("Sts/Cd")
                .or_else(|| entry.get("Sts"))
                .unwrap_or_default();
            if status != "BOOK" {
                self.pending += 1;
                continue;
            }
            return booked(&entry)
                .map(Some)
                .map_err(|(location, problem)| self.error(location, problem));
        }
        Ok(None)
    }

    /// The next `Ntry`, whatever its status.
    fn next_entry(&mut self) -> Result<Option<Entry>, ImportError> {
        loop {
            self.event.clear();
            let starts_on = self.line;
            let event = match self.reader.read_event_into(&mut self.event) {
                Ok(event) => event,
                Err(e) => {
                    let line = starts_on + newlines(&self.event);
                    return Err(ImportError {
                        file: self.file.clone(),
                        location: Location::Line(line),
                        problem: Problem::Xml(e.to_string()),
                    });
                }
            };
            let xml_error = |e: &dyn std::fmt::Display| ImportError {
                file: self.file.clone(),
                location: Location::Line(starts_on),
                problem: Problem::Xml(e.to_string()),
            };
            // What the event says, owned, so the buffer it borrows is free again.
            let piece = match &event {
                Event::Start(start) => {
                    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                    let currency = start
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"Ccy")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    Piece::Start { name, currency }
                }
                Event::End(end) => Piece::End {
                    closes_entry: end.local_name().as_ref() == b"Ntry",
                },
                Event::Empty(_) => Piece::EmptyTag,
                Event::Text(content) => {
                    Piece::Text(content.decode().map_err(|e| xml_error(&e))?.into_owned())
                }
                Event::CData(data) => Piece::Text(String::from_utf8_lossy(data).into_owned()),
                Event::GeneralRef(reference) => {
                    let name = reference.decode().map_err(|e| xml_error(&e))?;
                    match reference.resolve_char_ref() {
                        Ok(Some(character)) => Piece::Text(character.to_string()),
                        _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(resolved) => Piece::Text(resolved.to_owned()),
                            None => {
                                return Err(xml_error(&format!("unknown entity &{name};")));
                            }
                        },
                    }
                }
                Event::Eof => Piece::Eof,
                _ => Piece::Other,
            };
            self.line += newlines(&self.event);
            match piece {
                Piece::Start { name, currency } => {
                    self.take_text();
                    self.open_elements += 1;
                    self.document_line.get_or_insert(starts_on);
                    if name == "Ntry" {
                        self.entry = Some(Entry {
                            line: starts_on,
                            ..Entry::default()
                        });
                        self.clear_path();
                    }
                    if let Some(entry) = self.entry.as_mut().filter(|_| name == "Amt") {
                        entry.currency = currency;
                    }
                    if self.path_lengths.len() >= MAX_DEPTH {
                        return Err(self.error(
                            Location::Line(starts_on),
                            Problem::Unsupported {
                                what: format!("XML nested more than {MAX_DEPTH} elements deep"),
                            },
                        ));
                    }
                    self.path_lengths.push(self.path.len());
                    if !self.path.is_empty() {
                        self.path.push('/');
                    }
                    self.path.push_str(&name);
                }
                Piece::End { closes_entry } => {
                    self.take_text();
                    self.open_elements = self.open_elements.saturating_sub(1);
                    if closes_entry {
                        self.clear_path();
                        if let Some(entry) = self.entry.take() {
                            return Ok(Some(entry));
                        }
                    } else if let Some(length) = self.path_lengths.pop() {
                        self.path.truncate(length);
                    }
                }
                Piece::EmptyTag => self.take_text(),
                Piece::Text(text) => self.text.push_str(&text),
                Piece::Other => {}
                Piece::Eof => {
                    self.take_text();
                    self.finished = true;
                    return match &self.entry {
                        Some(unclosed) => Err(self.error(
                            Location::Line(unclosed.line),
                            Problem::Missing {
                                what: "</Ntry> closing this entry".into(),
                            },
                        )),
                        // The document's elements are not all closed: the file was cut short,
                        // and entries after the cut were never seen.
                        None if self.open_elements > 0 => Err(self.error(
                            Location::Line(self.document_line.unwrap_or(1)),
                            Problem::Missing {
                                what: "the end of the document (the file ends before its elements are closed: was it cut short?)".into(),
                            },
                        )),
                        None => Ok(None),
                    };
                }
            }
        }
    }

    fn clear_path(&mut self) {
        self.path.clear();
        self.path_lengths.clear();
    }

    /// Files the text gathered since the last tag under the element it belongs to.
    fn take_text(&mut self) {
        let value = self.text.trim().to_owned();
        self.text.clear();
        if value.is_empty() {
            return;
        }
        let joined = &self.path;
        match self.entry.as_mut() {
            // An entry has a few dozen texts; past the bound the rest are not kept and the entry
            // is refused, so a hostile entry cannot grow without end.
            Some(entry) if entry.fields.len() >= MAX_ENTRY_FIELDS => entry.overfull = true,
            Some(entry) => entry.fields.push((joined.clone(), value)),
            None if joined.ends_with("Stmt/Acct/Id/IBAN")
                || joined.ends_with("Stmt/Acct/Id/Othr/Id") =>
            {
                self.account_number = Some(value)
            }
            None if joined.ends_with("Stmt/Acct/Svcr/FinInstnId/Nm") => self.bank = Some(value),
            None => {}
        }
    }

    /// The account the statement names, once it has been read.
    pub(crate) fn account(&self) -> Option<Account> {
        self.account_number.as_deref().map(|number| Account {
            bank: self.bank.clone().unwrap_or_else(|| "camt.053".to_owned()),
            branch: None,
            number_masked: Account::mask_number(number),
        })
    }
}

/// What one XML event says, as far as reading entries goes.
enum Piece {
    Start {
        name: String,
        currency: Option<String>,
    },
    End {
        closes_entry: bool,
    },
    EmptyTag,
    Text(String),
    Other,
    Eof,
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

fn booked(entry: &Entry) -> Result<ReadRow, (Location, Problem)> {
    let field = |name: &str| Location::Field {
        line: entry.line,
        field: name.to_owned(),
    };
    let missing = |what: &str| {
        (
            Location::Line(entry.line),
            Problem::Missing {
                what: what.to_owned(),
            },
        )
    };
    let currency = entry.currency.as_deref().unwrap_or("JPY");
    if currency != "JPY" {
        return Err((
            field("Amt"),
            Problem::Unsupported {
                what: format!("currency {currency} (amounts are read as yen)"),
            },
        ));
    }
    let amount_text = entry.get("Amt").ok_or_else(|| missing("Amt"))?;
    let amount =
        whole_yen(amount_text).ok_or_else(|| (field("Amt"), amount_problem(amount_text)))?;
    let amount = match entry.get("CdtDbtInd") {
        Some("DBIT") => -amount,
        Some("CRDT") => amount,
        Some(other) => {
            return Err((
                field("CdtDbtInd"),
                Problem::Amount {
                    found: other.to_owned(),
                },
            ))
        }
        None => return Err(missing("CdtDbtInd")),
    };
    let date_text = entry
        .get("BookgDt/Dt")
        .or_else(|| entry.get("BookgDt/DtTm"))
        .ok_or_else(|| missing("BookgDt"))?;
    let booked = date_text
        .get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            (
                field("BookgDt"),
                Problem::Date {
                    found: date_text.to_owned(),
                    expected: "2020-09-04",
                },
            )
        })?;
    let mut parts: Vec<&str> = Vec::new();
    for part in entry
        .all("Nm")
        .chain(entry.all("Ustrd"))
        .chain(entry.all("AddtlNtryInf"))
    {
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    Ok(ReadRow {
        line: entry.line,
        date: DateCell::Full(booked),
        amount,
        balance: None,
        description: join_description(parts),
        // Without the bank's reference, the row gets a fingerprint when it becomes a transaction.
        bank_id: entry
            .get("AcctSvcrRef")
            .or_else(|| entry.get("NtryRef"))
            .map(str::to_owned),
        kind: None,
    })
}

/// `50000` or `50000.00`: yen has no smaller unit.
fn whole_yen(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    (fraction.bytes().all(|b| b == b'0')
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit()))
    .then(|| whole.parse().ok())
    .flatten()
    .filter(|&value| super::amount::within_limit(value))
}
