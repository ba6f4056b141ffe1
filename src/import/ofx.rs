//! OFX 1.x (SGML, leaf elements often unclosed), OFX 2.x (XML) and QFX: the `STMTTRN`s of a bank
//! statement, with `FITID` kept as each row's id.
//!
//! OFX 1.x is not XML, so an XML parser cannot read it; one small tokenizer reads both versions,
//! as the text arrives, so a large file is never held whole:
//! `<TAG>value` is a leaf with a value, `<TAG>` alone opens an aggregate, `</TAG>` closes one.

use std::io::BufRead;

use chrono::NaiveDate;

use super::amount::amount_problem;
use super::date::DateCell;
use super::row::ReadRow;
use super::{ImportError, Location, Problem};
use crate::transaction::join_description;
use crate::{Account, TransactionKind};

/// Whether decoded text looks like OFX: an OFX 1.x header, or an `<OFX>` element near the top.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(2_000).collect();
    head.starts_with("OFXHEADER") || head.to_ascii_uppercase().contains("<OFX>")
}

/// One tag or value, with the line it starts on.
#[derive(Debug)]
enum Token {
    Open(String, u64),
    Close(String),
    Text(String),
}

/// The tokens of OFX text as it is read: `<` and `>` are single bytes in UTF-8, so the text is
/// cut at them without decoding anything.
struct Tokens<R> {
    source: R,
    line: u64,
    piece: Vec<u8>,
    /// A `<` was the last byte read: a tag comes next.
    in_tag: bool,
}

impl<R: BufRead> Tokens<R> {
    fn new(source: R) -> Self {
        Tokens {
            source,
            line: 1,
            piece: Vec::new(),
            in_tag: false,
        }
    }

    /// The next token; `None` at the end, where text after the last tag is left out.
    fn next(&mut self) -> std::io::Result<Option<Token>> {
        loop {
            self.piece.clear();
            if self.in_tag {
                self.in_tag = false;
                self.source.read_until(b'>', &mut self.piece)?;
                if self.piece.pop() != Some(b'>') {
                    return Ok(None);
                }
                let line = self.line;
                self.line += newlines(&self.piece);
                let tag = String::from_utf8_lossy(&self.piece);
                if let Some(name) = tag.strip_prefix('/') {
                    return Ok(Some(Token::Close(name.trim().to_owned())));
                }
                if !tag.starts_with('?') && !tag.starts_with('!') {
                    return Ok(Some(Token::Open(tag.trim().to_owned(), line)));
                }
                continue;
            }
            self.source.read_until(b'<', &mut self.piece)?;
            if self.piece.pop() != Some(b'<') {
                return Ok(None);
            }
            self.in_tag = true;
            self.line += newlines(&self.piece);
            let text = String::from_utf8_lossy(&self.piece);
            if !text.trim().is_empty() {
                return Ok(Some(Token::Text(text.trim().to_owned())));
            }
        }
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The most fields one `STMTTRN` may have: a real one has about a dozen.
const MAX_FIELDS: usize = 1_000;

/// The fields of one `STMTTRN` as read.
#[derive(Default)]
struct RawTransaction {
    line: u64,
    fields: Vec<(String, String)>,
}

impl RawTransaction {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An OFX statement read one `STMTTRN` at a time, for files too large to hold.
pub(crate) struct OfxRows<R> {
    file: String,
    tokens: Tokens<R>,
    /// The element just opened, whose value may come next.
    opened: Option<String>,
    current: Option<RawTransaction>,
    rows: usize,
    has_transaction_list: bool,
    /// The line of a `BANKTRANLIST` opened and not yet closed.
    open_transaction_list: Option<u64>,
    account_number: Option<String>,
    bank_id: Option<String>,
    finished: bool,
}

impl<R: BufRead> OfxRows<R> {
    /// Reads OFX text from `source` (already decoded to UTF-8). `file` names it in errors.
    pub(crate) fn new(file: &str, source: R) -> Self {
        OfxRows {
            file: file.to_owned(),
            tokens: Tokens::new(source),
            opened: None,
            current: None,
            rows: 0,
            has_transaction_list: false,
            open_transaction_list: None,
            account_number: None,
            bank_id: None,
            finished: false,
        }
    }

    fn error(&self, location: Location, problem: Problem) -> ImportError {
        ImportError::new(&self.file, location, problem)
    }

    /// The next transaction, `None` at the end of a statement read without fault.
    pub(crate) fn next_row(&mut self) -> Result<Option<ReadRow>, ImportError> {
        if self.finished {
            return Ok(None);
        }
        loop {
            let token = self
                .tokens
                .next()
                .map_err(|e| super::stream::read_failed(&self.file, &e))?;
            let opened = self.opened.take();
            match token {
                None => return self.finish().map(|()| None),
                Some(Token::Open(tag, line)) if tag.eq_ignore_ascii_case("STMTTRN") => {
                    // A transaction opened inside another means the other was never closed:
                    // taking the new one would silently drop it.
                    if let Some(unclosed) = &self.current {
                        return Err(self.unclosed(unclosed.line));
                    }
                    self.current = Some(RawTransaction {
                        line,
                        fields: Vec::new(),
                    });
                }
                Some(Token::Close(tag)) if tag.eq_ignore_ascii_case("STMTTRN") => {
                    if let Some(raw) = self.current.take() {
                        self.rows += 1;
                        return transaction(&raw)
                            .map(Some)
                            .map_err(|(location, problem)| self.error(location, problem));
                    }
                }
                Some(Token::Open(tag, line)) => {
                    if tag.eq_ignore_ascii_case("BANKTRANLIST") {
                        self.has_transaction_list = true;
                        self.open_transaction_list = Some(line);
                    }
                    self.opened = Some(tag);
                }
                Some(Token::Close(tag)) if tag.eq_ignore_ascii_case("BANKTRANLIST") => {
                    self.open_transaction_list = None;
                }
                Some(Token::Text(value)) => {
                    let Some(tag) = opened else { continue };
                    match self.current.as_mut() {
                        // A transaction has a dozen fields; a hostile one with millions would
                        // hold the file many times over.
                        Some(transaction) if transaction.fields.len() >= MAX_FIELDS => {
                            let line = transaction.line;
                            return Err(self.error(
                                Location::Line(line),
                                Problem::Unsupported {
                                    what: format!(
                                        "a transaction (STMTTRN) of more than {MAX_FIELDS} fields"
                                    ),
                                },
                            ));
                        }
                        Some(transaction) => transaction.fields.push((tag, value)),
                        None if tag.eq_ignore_ascii_case("ACCTID") => {
                            self.account_number = Some(value)
                        }
                        None if tag.eq_ignore_ascii_case("BANKID") => self.bank_id = Some(value),
                        None if tag.eq_ignore_ascii_case("CURDEF")
                            && !value.eq_ignore_ascii_case("JPY") =>
                        {
                            return Err(self.error(
                                Location::File,
                                Problem::Unsupported {
                                    what: format!("currency {value} (amounts are read as yen)"),
                                },
                            ));
                        }
                        None => {}
                    }
                }
                Some(Token::Close(_)) => {}
            }
        }
    }

    fn unclosed(&self, line: u64) -> ImportError {
        self.error(
            Location::Line(line),
            Problem::Missing {
                what: "</STMTTRN> closing this transaction".into(),
            },
        )
    }

    fn finish(&mut self) -> Result<(), ImportError> {
        self.finished = true;
        if let Some(unclosed) = &self.current {
            return Err(self.unclosed(unclosed.line));
        }
        // The list of transactions has no end: the file was cut short, and rows after the cut
        // were never seen. A statement judged without them could hide a theft.
        if let Some(line) = self.open_transaction_list {
            return Err(self.error(
                Location::Line(line),
                Problem::Missing {
                    what: "</BANKTRANLIST> ending this list of transactions (the file ends before it: was it cut short?)".into(),
                },
            ));
        }
        if self.rows == 0 && !self.has_transaction_list {
            return Err(self.error(
                Location::File,
                Problem::Missing {
                    what: "a bank statement (BANKTRANLIST)".into(),
                },
            ));
        }
        Ok(())
    }

    /// The account the statement names, once it has been read.
    pub(crate) fn account(&self) -> Option<Account> {
        self.account_number.as_deref().map(|number| Account {
            bank: self
                .bank_id
                .as_deref()
                .map_or_else(|| "OFX".to_owned(), |id| format!("bank {id}")),
            branch: None,
            number_masked: Account::mask_number(number),
        })
    }
}

fn transaction(raw: &RawTransaction) -> Result<ReadRow, (Location, Problem)> {
    let field = |name: &str| Location::Field {
        line: raw.line,
        field: name.to_owned(),
    };
    let required = |name: &'static str| {
        raw.get(name).ok_or_else(|| {
            (
                Location::Line(raw.line),
                Problem::Missing {
                    what: name.to_owned(),
                },
            )
        })
    };
    let posted = required("DTPOSTED")?;
    let booked = posted
        .get(..8)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y%m%d").ok())
        .ok_or_else(|| {
            (
                field("DTPOSTED"),
                Problem::Date {
                    found: posted.to_owned(),
                    expected: "20200904 or 20200904120000[+9:JST]",
                },
            )
        })?;
    let amount_text = required("TRNAMT")?;
    let amount = yen(amount_text).ok_or_else(|| (field("TRNAMT"), amount_problem(amount_text)))?;
    let fitid = required("FITID")?;
    let description = join_description([raw.get("NAME"), raw.get("MEMO")].into_iter().flatten());
    let kind = match raw.get("TRNTYPE").map(str::to_ascii_uppercase).as_deref() {
        Some("DIRECTDEBIT") => Some(TransactionKind::AccountDebit),
        Some("ATM") => Some(TransactionKind::Atm),
        Some("XFER") => Some(TransactionKind::Transfer),
        Some("POS") => Some(TransactionKind::Card),
        Some("DEP" | "DIRECTDEP") => Some(TransactionKind::Deposit),
        _ => None,
    };
    Ok(ReadRow {
        line: raw.line,
        date: DateCell::Full(booked),
        amount,
        balance: None,
        description,
        bank_id: Some(fitid.to_owned()),
        kind,
    })
}

/// `-3000`, `-3000.00`, `+189750.0`: whole yen only, since yen has no smaller unit.
fn yen(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(digits) => (-1, digits),
        None => (1, whole.strip_prefix('+').unwrap_or(whole)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits.parse::<i64>().ok().map(|v| sign * v)?;
    super::amount::within_limit(value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::yen;

    #[test]
    fn whole_yen_only() {
        assert_eq!(yen("-3000"), Some(-3000));
        assert_eq!(yen("-3000.00"), Some(-3000));
        assert_eq!(yen("+189750.0"), Some(189_750));
        assert_eq!(yen("-3000.50"), None);
        assert_eq!(yen("abc"), None);
        assert_eq!(yen("-"), None);
    }
}
