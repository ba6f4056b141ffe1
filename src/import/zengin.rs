//! Zengin 入出金取引明細 (種別コード 03): fixed-length 200-byte records — header, data, trailer,
//! end — with or without line breaks, in JIS X 0201 (single bytes, as in Shift_JIS).
//!
//! Field widths are those of 全銀協「AP-Ⅰ-12」as transcribed in `shared/reference/statement-formats.md`.
//! The trailer's counts, totals and closing balance are checked against the data: a file whose
//! trailer disagrees is missing rows or is damaged, and is refused.
//!
//! Dates are `YYMMDD` in the Japanese era with no era letter: they are read as 令和, except year
//! 31, which only 平成 had (January–April 2019). Records from before May 2019 are therefore not
//! read correctly; they would be refused as later than today by `scan`.

use chrono::NaiveDate;
use encoding_rs::SHIFT_JIS;

use super::{ImportError, Location, Problem};
use crate::transaction::join_description;
use crate::{Account, SourceId, Statement, Transaction, TransactionKind};

/// Every Zengin record is this long.
pub const RECORD_LENGTH: usize = 200;

/// Whether `bytes` look like a Zengin 入出金取引明細 file: a header record of kind 03.
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.len() >= RECORD_LENGTH
        && bytes.starts_with(b"103")
        && matches!(
            bytes.get(RECORD_LENGTH),
            None | Some(b'\r' | b'\n' | b'2' | b'8' | b'9' | 0x1A)
        )
}

/// One record and where it is: a line when the file has line breaks, else a record number.
struct Record<'a> {
    bytes: &'a [u8],
    number: u64,
    by_line: bool,
}

impl Record<'_> {
    fn location(&self) -> Location {
        if self.by_line {
            Location::Line(self.number)
        } else {
            Location::Record(self.number)
        }
    }

    fn field_location(&self, field: &str) -> Location {
        if self.by_line {
            Location::Field {
                line: self.number,
                field: field.to_owned(),
            }
        } else {
            Location::RecordField {
                record: self.number,
                field: field.to_owned(),
            }
        }
    }

    fn kind(&self) -> u8 {
        self.bytes[0]
    }

    /// An N field: digits, right-aligned, zero-filled.
    fn number(
        &self,
        range: std::ops::Range<usize>,
        field: &str,
    ) -> Result<i64, (Location, Problem)> {
        let raw = &self.bytes[range];
        let text = String::from_utf8_lossy(raw);
        if raw.iter().all(u8::is_ascii_digit) {
            text.parse().map_err(|_| {
                (
                    self.field_location(field),
                    Problem::Amount {
                        found: text.clone().into_owned(),
                    },
                )
            })
        } else {
            Err((
                self.field_location(field),
                Problem::Digits {
                    found: text.into_owned(),
                },
            ))
        }
    }

    /// A C field: characters, left-aligned, space-filled.
    fn text(
        &self,
        range: std::ops::Range<usize>,
        field: &str,
    ) -> Result<String, (Location, Problem)> {
        let raw = &self.bytes[range];
        match SHIFT_JIS.decode_without_bom_handling_and_without_replacement(raw) {
            Some(text) => Ok(text.trim_end_matches([' ', '\u{3000}']).to_owned()),
            None => Err((
                self.field_location(field),
                Problem::Encoding {
                    encoding: "JIS X 0201 (Shift_JIS)",
                },
            )),
        }
    }

    fn era_date(
        &self,
        range: std::ops::Range<usize>,
        field: &str,
    ) -> Result<NaiveDate, (Location, Problem)> {
        let raw = String::from_utf8_lossy(&self.bytes[range]).into_owned();
        let bad = || {
            (
                self.field_location(field),
                Problem::Date {
                    found: raw.clone(),
                    expected: "020905 (令和2年9月5日)",
                },
            )
        };
        if raw.len() != 6 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let (year, month, day): (i32, u32, u32) = (
            raw[0..2].parse().map_err(|_| bad())?,
            raw[2..4].parse().map_err(|_| bad())?,
            raw[4..6].parse().map_err(|_| bad())?,
        );
        let gregorian = if year == 31 { 1988 + year } else { 2018 + year };
        let date = NaiveDate::from_ymd_opt(gregorian, month, day).ok_or_else(bad)?;
        // 令和 began on 2019-05-01; 平成31 ended on 2019-04-30.
        let reiwa_start = NaiveDate::from_ymd_opt(2019, 5, 1).expect("a real date");
        if (year == 31) == (date >= reiwa_start) {
            return Err(bad());
        }
        Ok(date)
    }
}

/// Splits the file into records, refusing any of the wrong length.
fn records<'a>(file: &str, bytes: &'a [u8]) -> Result<Vec<Record<'a>>, ImportError> {
    let error = |location, problem| ImportError {
        file: file.to_owned(),
        location,
        problem,
    };
    // A trailing end-of-file mark (0x1A) is a DOS habit, not data.
    let bytes = bytes.strip_suffix(&[0x1A]).unwrap_or(bytes);
    let by_line = bytes.contains(&b'\n') || bytes.contains(&b'\r');
    let pieces: Vec<&[u8]> = if by_line {
        bytes
            .split(|&b| b == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
            .collect()
    } else {
        bytes.chunks(RECORD_LENGTH).collect()
    };
    let mut out = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.into_iter().enumerate() {
        let number = i as u64 + 1;
        if by_line && piece.is_empty() {
            continue;
        }
        let record = Record {
            bytes: piece,
            number,
            by_line,
        };
        if piece.len() != RECORD_LENGTH {
            return Err(error(
                record.location(),
                Problem::RecordLength {
                    found: piece.len(),
                    expected: RECORD_LENGTH,
                },
            ));
        }
        out.push(record);
    }
    Ok(out)
}

/// Reads a Zengin file. `file` names it in errors and in the statement.
pub fn read(file: &str, bytes: &[u8]) -> Result<Statement, ImportError> {
    let error = |(location, problem): (Location, Problem)| ImportError {
        file: file.to_owned(),
        location,
        problem,
    };
    let records = records(file, bytes)?;
    let mut records = records.iter();
    let header = records.next().ok_or_else(|| {
        error((
            Location::File,
            Problem::RecordLength {
                found: 0,
                expected: RECORD_LENGTH,
            },
        ))
    })?;
    if header.bytes[3] != b'0' {
        return Err(error((
            header.field_location("コード区分"),
            Problem::Unsupported {
                what: "EBCDIC (コード区分 1)".into(),
            },
        )));
    }
    let bank = header.text(26..41, "銀行名").map_err(error)?;
    let branch = header.text(44..59, "支店名").map_err(error)?;
    let number = header.text(63..73, "口座番号").map_err(error)?;
    let opening = signed(
        header.number(115..129, "取引前残高").map_err(error)?,
        header.bytes[113],
    );

    let mut transactions = Vec::new();
    let mut trailer = None;
    let mut ended = false;
    for record in records {
        if ended {
            return Err(error((
                record.location(),
                Problem::Unsupported {
                    what: "records after the end record".into(),
                },
            )));
        }
        match (record.kind(), trailer.is_some()) {
            (b'2', false) => transactions.push(data(record).map_err(error)?),
            (b'8', false) => trailer = Some(record),
            (b'9', true) => ended = true,
            (b'1', _) => {
                return Err(error((
                    record.location(),
                    Problem::Unsupported {
                        what: "more than one account in one file; import them one at a time".into(),
                    },
                )));
            }
            (kind, _) => {
                return Err(error((
                    record.field_location("データ区分"),
                    Problem::RecordKind {
                        found: kind as char,
                    },
                )));
            }
        }
    }
    let trailer = trailer.ok_or_else(|| {
        error((
            Location::File,
            Problem::Missing {
                what: "the trailer record (データ区分 8)".into(),
            },
        ))
    })?;
    check_trailer(trailer, opening, &transactions).map_err(error)?;

    Ok(Statement {
        source: file.to_owned(),
        layout: "zengin".to_owned(),
        account: Some(Account {
            bank: if bank.is_empty() {
                "Zengin".to_owned()
            } else {
                bank
            },
            branch: Some(branch).filter(|b| !b.is_empty()),
            number_masked: Account::mask_number(&number),
        }),
        is_demo: false,
        notes: Vec::new(),
        transactions,
    })
}

/// 貸越区分: 1 is a positive balance, 2 a negative one.
fn signed(amount: i64, overdraft_flag: u8) -> i64 {
    if overdraft_flag == b'2' {
        -amount
    } else {
        amount
    }
}

fn data(record: &Record<'_>) -> Result<Transaction, (Location, Problem)> {
    let reference = record.text(1..9, "照会番号")?;
    let booked = record.era_date(9..15, "勘定日")?;
    let amount = record.number(24..36, "取引金額")?;
    let amount = match record.bytes[21] {
        b'1' => amount,
        b'2' => -amount,
        other => {
            return Err((
                record.field_location("入払区分"),
                Problem::Digits {
                    found: (other as char).to_string(),
                },
            ))
        }
    };
    let kind = match &record.bytes[22..24] {
        b"10" => Some(TransactionKind::Atm),
        b"11" => Some(TransactionKind::Transfer),
        b"14" => Some(TransactionKind::AccountDebit),
        _ => None,
    };
    let sender = record.text(81..129, "振込依頼人名または契約者番号")?;
    let summary = record.text(159..179, "摘要内容")?;
    let description = join_description([summary.as_str(), sender.as_str()]);
    let source_id = SourceId::Bank(reference.trim().to_owned());
    // Data records carry no balance; the trailer's closing balance is checked instead.
    Ok(Transaction {
        kind,
        ..Transaction::read(booked, amount, description, source_id, Some(record.number))
    })
}

fn check_trailer(
    trailer: &Record<'_>,
    opening: i64,
    transactions: &[Transaction],
) -> Result<(), (Location, Problem)> {
    let deposits: Vec<i64> = transactions
        .iter()
        .filter(|t| t.amount > 0)
        .map(|t| t.amount)
        .collect();
    let withdrawals: Vec<i64> = transactions
        .iter()
        .filter(|t| t.amount < 0)
        .map(|t| -t.amount)
        .collect();
    let checks = [
        (1..7, "入金件数", deposits.len() as i64),
        (7..20, "入金額合計", deposits.iter().sum()),
        (20..26, "出金件数", withdrawals.len() as i64),
        (26..39, "出金額合計", withdrawals.iter().sum()),
        (54..61, "データ・レコード件数", transactions.len() as i64),
    ];
    for (range, field, counted) in checks {
        let stated = trailer.number(range, field)?;
        if stated != counted {
            return Err((
                trailer.field_location(field),
                Problem::TrailerMismatch { stated, counted },
            ));
        }
    }
    // The closing balance is optional; when given, it must follow from the opening one.
    if trailer.bytes[40..54].iter().all(u8::is_ascii_digit) {
        let closing = signed(trailer.number(40..54, "取引後残高")?, trailer.bytes[39]);
        let counted = opening + transactions.iter().map(|t| t.amount).sum::<i64>();
        if closing != counted {
            return Err((
                trailer.field_location("取引後残高"),
                Problem::TrailerMismatch {
                    stated: closing,
                    counted,
                },
            ));
        }
    }
    Ok(())
}
