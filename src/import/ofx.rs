//! OFX 1.x (SGML, leaf elements often unclosed), OFX 2.x (XML) and QFX: the `STMTTRN`s of a bank
//! statement, with `FITID` kept as each row's id.
//!
//! OFX 1.x is not XML, so an XML parser cannot read it; one small tokenizer reads both versions:
//! `<TAG>value` is a leaf with a value, `<TAG>` alone opens an aggregate, `</TAG>` closes one.

use chrono::NaiveDate;

use super::{ImportError, Location, Problem};
use crate::transaction::join_description;
use crate::{Account, SourceId, Statement, Transaction, TransactionKind};

/// Whether decoded text looks like OFX: an OFX 1.x header, or an `<OFX>` element near the top.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(2_000).collect();
    head.starts_with("OFXHEADER") || head.to_ascii_uppercase().contains("<OFX>")
}

/// One tag or value, with the line it starts on.
#[derive(Debug)]
enum Token<'a> {
    Open(&'a str, u64),
    Close(&'a str),
    Text(&'a str),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let before = &rest[..start];
        line += before.matches('\n').count() as u64;
        if !before.trim().is_empty() {
            out.push(Token::Text(before.trim()));
        }
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start + 1..start + end];
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Token::Close(name.trim()));
        } else if !tag.starts_with('?') && !tag.starts_with('!') {
            out.push(Token::Open(tag.trim(), line));
        }
        line += tag.matches('\n').count() as u64;
        rest = &rest[start + end + 1..];
    }
    out
}

/// The fields of one `STMTTRN` as read.
#[derive(Default)]
struct RawTransaction<'a> {
    line: u64,
    fields: Vec<(&'a str, &'a str)>,
}

impl<'a> RawTransaction<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.fields
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }
}

/// Reads OFX text. `file` names it in errors and in the statement.
pub fn read(file: &str, text: &str) -> Result<Statement, ImportError> {
    let error = |location, problem| ImportError {
        file: file.to_owned(),
        location,
        problem,
    };
    let tokens = tokens(text);
    let mut raw: Vec<RawTransaction<'_>> = Vec::new();
    let mut current: Option<RawTransaction<'_>> = None;
    let mut account_number = None;
    let mut bank_id = None;
    let mut currency = None;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open(tag, line) if tag.eq_ignore_ascii_case("STMTTRN") => {
                current = Some(RawTransaction {
                    line: *line,
                    fields: Vec::new(),
                });
            }
            Token::Close(tag) if tag.eq_ignore_ascii_case("STMTTRN") => raw.extend(current.take()),
            Token::Open(tag, _) => {
                if let Some(Token::Text(value)) = tokens.get(i + 1) {
                    match current.as_mut() {
                        Some(transaction) => transaction.fields.push((tag, value)),
                        None if tag.eq_ignore_ascii_case("ACCTID") => account_number = Some(*value),
                        None if tag.eq_ignore_ascii_case("BANKID") => bank_id = Some(*value),
                        None if tag.eq_ignore_ascii_case("CURDEF") => currency = Some(*value),
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(unclosed) = current {
        return Err(error(
            Location::Line(unclosed.line),
            Problem::Missing {
                what: "</STMTTRN> closing this transaction".into(),
            },
        ));
    }
    if let Some(currency) = currency.filter(|c| !c.eq_ignore_ascii_case("JPY")) {
        return Err(error(
            Location::File,
            Problem::Unsupported {
                what: format!("currency {currency} (amounts are read as yen)"),
            },
        ));
    }
    let mut transactions = raw
        .iter()
        .map(|t| transaction(t).map_err(|(location, problem)| error(location, problem)))
        .collect::<Result<Vec<_>, _>>()?;
    if transactions.is_empty()
        && !tokens
            .iter()
            .any(|t| matches!(t, Token::Open(tag, _) if tag.eq_ignore_ascii_case("BANKTRANLIST")))
    {
        return Err(error(
            Location::File,
            Problem::Missing {
                what: "a bank statement (BANKTRANLIST)".into(),
            },
        ));
    }
    transactions.sort_by_key(|t| t.booked);
    Ok(Statement {
        source: file.to_owned(),
        layout: "ofx".to_owned(),
        account: account_number.map(|number| Account {
            bank: bank_id.map_or_else(|| "OFX".to_owned(), |id| format!("bank {id}")),
            branch: None,
            number_masked: Account::mask_number(number),
        }),
        is_demo: false,
        notes: Vec::new(),
        transactions,
    })
}

fn transaction(raw: &RawTransaction<'_>) -> Result<Transaction, (Location, Problem)> {
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
    let amount = yen(amount_text).ok_or_else(|| {
        (
            field("TRNAMT"),
            Problem::Amount {
                found: amount_text.to_owned(),
            },
        )
    })?;
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
    Ok(Transaction {
        kind,
        ..Transaction::read(
            booked,
            amount,
            description,
            SourceId::Bank(fitid.to_owned()),
            Some(raw.line),
        )
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
    digits.parse::<i64>().ok().map(|v| sign * v)
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
