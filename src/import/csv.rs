//! Reads a bank's CSV export through a [`Layout`]: finds the header past any preamble, then turns
//! every row into a [`Transaction`], stopping at the first row it cannot read.

use csv::{ReaderBuilder, StringRecord};

use super::amount::parse_yen;
use super::fingerprint::Fingerprints;
use super::layout::{Layout, LAYOUTS};
use super::{ImportError, Location, Problem};
use crate::normalize::normalize;
use crate::{Account, SourceId, Statement, Transaction};

/// Reads decoded CSV text. `file` names the file in errors and in the statement.
pub fn read(file: &str, text: &str) -> Result<Statement, ImportError> {
    let error = |location, problem| ImportError {
        file: file.to_owned(),
        location,
        problem,
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut account_number = None;
    let mut columns = None;
    let mut transactions = Vec::new();
    let mut fingerprints = Fingerprints::default();
    let mut record = StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(error(Location::Line(line), Problem::Csv(e.to_string()))),
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let Some(columns) = &columns else {
            columns = Columns::find(&record);
            if columns.is_none() {
                account_number = account_number.or_else(|| preamble_account_number(&record));
            }
            continue;
        };
        let row = Row {
            columns,
            record: &record,
            line,
        };
        let transaction = row
            .transaction(&mut fingerprints)
            .map_err(|(location, problem)| error(location, problem))?;
        transactions.push(transaction);
    }

    let Some(columns) = columns else {
        return Err(error(
            Location::File,
            Problem::UnknownLayout {
                expected: LAYOUTS[0].required_headers().join(","),
            },
        ));
    };
    // Some banks list the newest row first; a statement is always oldest first.
    if transactions.first().map(|t| t.booked) > transactions.last().map(|t| t.booked) {
        transactions.reverse();
    }
    Ok(Statement {
        source: file.to_owned(),
        layout: columns.layout.id.to_owned(),
        account: account_number.map(|number| Account {
            bank: columns.layout.bank.to_owned(),
            branch: None,
            number_masked: number,
        }),
        is_demo: false,
        transactions,
    })
}

/// A preamble row such as `記号番号,10170-12345671`: its number, already masked.
fn preamble_account_number(record: &StringRecord) -> Option<String> {
    let key = record.get(0)?.trim();
    let is_number_key = LAYOUTS
        .iter()
        .any(|layout| layout.account_number_keys.contains(&key));
    let value = record.get(1)?.trim();
    (is_number_key && !value.is_empty()).then(|| Account::mask_number(value))
}

/// Where each field of a recognised layout sits in the rows.
struct Columns {
    layout: &'static Layout,
    header: Vec<String>,
    date: usize,
    withdrawal: usize,
    deposit: usize,
    description: Vec<usize>,
    balance: Option<usize>,
    row_id: Option<usize>,
}

impl Columns {
    /// The columns of the first layout whose headers all appear in `record`.
    fn find(record: &StringRecord) -> Option<Columns> {
        let header: Vec<String> = record.iter().map(|cell| cell.trim().to_owned()).collect();
        let index = |name: &str| header.iter().position(|cell| cell == name);
        LAYOUTS.iter().find_map(|layout| {
            Some(Columns {
                layout,
                date: index(layout.date.0)?,
                withdrawal: index(layout.withdrawal)?,
                deposit: index(layout.deposit)?,
                description: layout
                    .description
                    .iter()
                    .map(|name| index(name))
                    .collect::<Option<_>>()?,
                balance: match layout.balance {
                    Some(name) => Some(index(name)?),
                    None => None,
                },
                row_id: match layout.row_id {
                    Some(name) => Some(index(name)?),
                    None => None,
                },
                header: header.clone(),
            })
        })
    }
}

/// One data row being read.
struct Row<'a> {
    columns: &'a Columns,
    record: &'a StringRecord,
    line: u64,
}

impl Row<'_> {
    fn transaction(
        &self,
        fingerprints: &mut Fingerprints,
    ) -> Result<Transaction, (Location, Problem)> {
        let columns = self.columns;
        let (_, form) = columns.layout.date;
        let date_text = self.cell(columns.date)?;
        let booked = form.parse(date_text).ok_or_else(|| {
            self.at(
                columns.date,
                Problem::Date {
                    found: date_text.to_owned(),
                    expected: form.example(),
                },
            )
        })?;
        let withdrawal = self.yen(columns.withdrawal)?;
        let deposit = self.yen(columns.deposit)?;
        let balance = match columns.balance {
            Some(index) if !self.cell(index)?.trim().is_empty() => Some(self.yen(index)?),
            _ => None,
        };
        let mut parts = Vec::with_capacity(columns.description.len());
        for &index in &columns.description {
            let part = self.cell(index)?.trim();
            if !part.is_empty() {
                parts.push(part);
            }
        }
        let description = parts.join(" ");
        let amount = deposit - withdrawal;
        let bank_id = match columns.row_id {
            Some(index) => Some(self.cell(index)?.trim()).filter(|id| !id.is_empty()),
            None => None,
        };
        let source_id = match bank_id {
            Some(id) => SourceId::Bank(id.to_owned()),
            None => SourceId::Fingerprint(fingerprints.next(booked, amount, balance, &description)),
        };
        Ok(Transaction {
            booked,
            amount,
            normalized: normalize(&description),
            description,
            balance,
            kind: None,
            source_id,
            line: Some(self.line),
        })
    }

    fn cell(&self, index: usize) -> Result<&str, (Location, Problem)> {
        self.record.get(index).ok_or((
            Location::Line(self.line),
            Problem::MissingColumns {
                expected: self.columns.header.len(),
                found: self.record.len(),
            },
        ))
    }

    fn yen(&self, index: usize) -> Result<i64, (Location, Problem)> {
        let text = self.cell(index)?;
        parse_yen(text).ok_or_else(|| {
            self.at(
                index,
                Problem::Amount {
                    found: text.to_owned(),
                },
            )
        })
    }

    fn at(&self, index: usize, problem: Problem) -> (Location, Problem) {
        (
            Location::Field {
                line: self.line,
                field: self.columns.header[index].clone(),
            },
            problem,
        )
    }
}
