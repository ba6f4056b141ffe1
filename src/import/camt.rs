//! ISO 20022 camt.053 (bank-to-customer statement), as corporate customers and banks abroad hold
//! it: the booked entries (`Ntry` with status `BOOK`) of one account. Entries still pending are
//! left out, and a note says how many.

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::fingerprint::Fingerprints;
use super::{ImportError, Location, Problem};
use crate::statement::ImportNote;
use crate::transaction::join_description;
use crate::{Account, SourceId, Statement, Transaction};

/// Whether decoded text is a camt.053 document.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(2_000).collect();
    head.contains("camt.053") || head.contains("<BkToCstmrStmt")
}

/// One `Ntry` as read: the text of each element path inside it.
#[derive(Default)]
struct Entry {
    line: u64,
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

/// Reads camt.053 text. `file` names it in errors and in the statement.
pub fn read(file: &str, text: &str) -> Result<Statement, ImportError> {
    let error = |location, problem| ImportError {
        file: file.to_owned(),
        location,
        problem,
    };
    let line_at = |offset: u64| {
        text.as_bytes()[..(offset as usize).min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1
    };
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    let mut entry: Option<Entry> = None;
    let (mut account_number, mut bank) = (None, None);
    // An element's text arrives in pieces (text, then `&amp;`, then text): gathered here until
    // the next tag.
    let mut buffer = String::new();
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            error(
                Location::Line(line_at(reader.error_position())),
                Problem::Xml(e.to_string()),
            )
        })?;
        if matches!(
            event,
            Event::Start(_) | Event::End(_) | Event::Empty(_) | Event::Eof
        ) {
            let value = buffer.trim().to_owned();
            buffer.clear();
            if !value.is_empty() {
                let joined = path.join("/");
                match entry.as_mut() {
                    Some(entry) => entry.fields.push((joined, value)),
                    None if joined.ends_with("Stmt/Acct/Id/IBAN")
                        || joined.ends_with("Stmt/Acct/Id/Othr/Id") =>
                    {
                        account_number = Some(value)
                    }
                    None if joined.ends_with("Stmt/Acct/Svcr/FinInstnId/Nm") => bank = Some(value),
                    None => {}
                }
            }
        }
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if name == "Ntry" {
                    entry = Some(Entry {
                        line: line_at(offset),
                        ..Entry::default()
                    });
                    path.clear();
                }
                if name == "Amt" {
                    if let Some(entry) = entry.as_mut() {
                        entry.currency = start
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == b"Ccy")
                            .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    }
                }
                path.push(name);
            }
            Event::End(end) => {
                if end.local_name().as_ref() == b"Ntry" {
                    entries.extend(entry.take());
                    path.clear();
                } else {
                    path.pop();
                }
            }
            Event::Text(content) => {
                buffer.push_str(&content.decode().map_err(|e| {
                    error(Location::Line(line_at(offset)), Problem::Xml(e.to_string()))
                })?);
            }
            Event::CData(data) => buffer.push_str(&String::from_utf8_lossy(&data)),
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(|e| {
                    error(Location::Line(line_at(offset)), Problem::Xml(e.to_string()))
                })?;
                match reference.resolve_char_ref() {
                    Ok(Some(character)) => buffer.push(character),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(resolved) => buffer.push_str(resolved),
                        None => {
                            return Err(error(
                                Location::Line(line_at(offset)),
                                Problem::Xml(format!("unknown entity &{name};")),
                            ))
                        }
                    },
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(unclosed) = entry {
        return Err(error(
            Location::Line(unclosed.line),
            Problem::Missing {
                what: "</Ntry> closing this entry".into(),
            },
        ));
    }
    let mut transactions = Vec::new();
    let mut pending = 0;
    let mut fingerprints = Fingerprints::default();
    for entry in &entries {
        let status = entry
            .get("Sts/Cd")
            .or_else(|| entry.get("Sts"))
            .unwrap_or_default();
        if status != "BOOK" {
            pending += 1;
            continue;
        }
        transactions.push(
            booked(entry, &mut fingerprints)
                .map_err(|(location, problem)| error(location, problem))?,
        );
    }
    transactions.sort_by_key(|t| t.booked);
    let notes = if pending > 0 {
        vec![ImportNote::PendingLeftOut { count: pending }]
    } else {
        Vec::new()
    };
    Ok(Statement {
        source: file.to_owned(),
        layout: "camt053".to_owned(),
        account: account_number.map(|number| Account {
            bank: bank.unwrap_or_else(|| "camt.053".to_owned()),
            branch: None,
            number_masked: Account::mask_number(&number),
        }),
        is_demo: false,
        notes,
        transactions,
    })
}

fn booked(
    entry: &Entry,
    fingerprints: &mut Fingerprints,
) -> Result<Transaction, (Location, Problem)> {
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
    let amount = whole_yen(amount_text).ok_or_else(|| {
        (
            field("Amt"),
            Problem::Amount {
                found: amount_text.to_owned(),
            },
        )
    })?;
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
    let description = join_description(parts);
    let source_id = match entry.get("AcctSvcrRef").or_else(|| entry.get("NtryRef")) {
        Some(reference) => SourceId::Bank(reference.to_owned()),
        None => SourceId::Fingerprint(fingerprints.next(booked, amount, None, &description)),
    };
    Ok(Transaction::read(
        booked,
        amount,
        description,
        source_id,
        Some(entry.line),
    ))
}

/// `50000` or `50000.00`: yen has no smaller unit.
fn whole_yen(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    (fraction.bytes().all(|b| b == b'0')
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit()))
    .then(|| whole.parse().ok())
    .flatten()
}
