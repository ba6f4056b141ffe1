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

use std::io::{BufRead, Read};

use super::date::DateCell;
use super::row::ReadRow;
use super::{ImportError, Location, Problem};
use crate::transaction::join_description;
use crate::{Account, TransactionKind};

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

/// Whether a Zengin file that starts with `prefix` has one record per line; without line breaks
/// the records follow one another every 200 bytes.
pub fn has_line_breaks(prefix: &[u8]) -> bool {
    prefix.contains(&b'\n') || prefix.contains(&b'\r')
}

/// A Zengin file read one record at a time: the header when opened, then each data record, and
/// at the end the trailer checked against running totals, so nothing but the current record is
/// held.
pub(crate) struct ZenginRows<R: BufRead> {
    file: String,
    source: R,
    by_line: bool,
    /// The last record's line (or record number), counting skipped empty lines.
    number: u64,
    piece: Vec<u8>,
    opening: i64,
    totals: Totals,
    trailer: Option<(Vec<u8>, u64)>,
    ended: bool,
    finished: bool,
    /// The account the header names.
    pub(crate) account: Account,
}

/// What the data records add up to, for the trailer's check.
#[derive(Debug, Default)]
struct Totals {
    deposits: i64,
    deposited: i64,
    withdrawals: i64,
    withdrawn: i64,
    records: i64,
}

impl Totals {
    fn add(&mut self, amount: i64) {
        self.records += 1;
        if amount > 0 {
            self.deposits += 1;
            self.deposited += amount;
        } else if amount < 0 {
            self.withdrawals += 1;
            self.withdrawn -= amount;
        }
    }
}

impl<R: BufRead> ZenginRows<R> {
    /// Reads the header record; `by_line` from [`has_line_breaks`] on the file's start.
    pub(crate) fn open(file: &str, source: R, by_line: bool) -> Result<Self, ImportError> {
        let mut rows = ZenginRows {
            file: file.to_owned(),
            source,
            by_line,
            number: 0,
            piece: Vec::with_capacity(RECORD_LENGTH + 2),
            opening: 0,
            totals: Totals::default(),
            trailer: None,
            ended: false,
            finished: false,
            account: Account {
                bank: String::new(),
                branch: None,
                number_masked: String::new(),
            },
        };
        if !rows.next_record()? {
            return Err(rows.error((
                Location::File,
                Problem::RecordLength {
                    found: 0,
                    expected: RECORD_LENGTH,
                },
            )));
        }
        let header = rows.record();
        let read = |header: &Record<'_>| -> Result<(Account, i64), (Location, Problem)> {
            if header.bytes[3] != b'0' {
                return Err((
                    header.field_location("コード区分"),
                    Problem::Unsupported {
                        what: "EBCDIC (コード区分 1)".into(),
                    },
                ));
            }
            let bank = header.text(26..41, "銀行名")?;
            let branch = header.text(44..59, "支店名")?;
            let number = header.text(63..73, "口座番号")?;
            let opening = signed(header.number(115..129, "取引前残高")?, header.bytes[113]);
            let account = Account {
                bank: if bank.is_empty() {
                    "Zengin".to_owned()
                } else {
                    bank
                },
                branch: Some(branch).filter(|b| !b.is_empty()),
                number_masked: Account::mask_number(&number),
            };
            Ok((account, opening))
        };
        let (account, opening) = read(&header).map_err(|e| rows.error(e))?;
        rows.account = account;
        rows.opening = opening;
        Ok(rows)
    }

    fn error(&self, (location, problem): (Location, Problem)) -> ImportError {
        ImportError::new(&self.file, location, problem)
    }

    fn record(&self) -> Record<'_> {
        Record {
            bytes: &self.piece,
            number: self.number,
            by_line: self.by_line,
        }
    }

    /// Reads the next record into `piece`, refusing one of the wrong length; false at the end.
    fn next_record(&mut self) -> Result<bool, ImportError> {
        let unreadable = |e: std::io::Error| ImportError {
            file: self.file.clone(),
            location: Location::File,
            problem: Problem::Unreadable(e.to_string()),
        };
        loop {
            self.piece.clear();
            let read = if self.by_line {
                self.source.read_until(b'\n', &mut self.piece)
            } else {
                (&mut self.source)
                    .take(RECORD_LENGTH as u64)
                    .read_to_end(&mut self.piece)
            }
            .map_err(unreadable)?;
            if read == 0 {
                return Ok(false);
            }
            self.number += 1;
            if self.by_line {
                if self.piece.last() == Some(&b'\n') {
                    self.piece.pop();
                }
                if self.piece.last() == Some(&b'\r') {
                    self.piece.pop();
                }
            }
            // A trailing end-of-file mark (0x1A) is a DOS habit, not data.
            let at_end = self.source.fill_buf().map_err(unreadable)?.is_empty();
            if at_end && self.piece.last() == Some(&0x1A) {
                self.piece.pop();
            }
            if self.piece.is_empty() && (self.by_line || at_end) {
                continue;
            }
            if self.piece.len() != RECORD_LENGTH {
                let record = self.record();
                return Err(self.error((
                    record.location(),
                    Problem::RecordLength {
                        found: self.piece.len(),
                        expected: RECORD_LENGTH,
                    },
                )));
            }
            return Ok(true);
        }
    }

    /// The next data record as a row; `None` once the end is reached and the trailer agrees.
    pub(crate) fn next_row(&mut self) -> Result<Option<ReadRow>, ImportError> {
        if self.finished {
            return Ok(None);
        }
        while self.next_record()? {
            let record = self.record();
            if self.ended {
                return Err(self.error((
                    record.location(),
                    Problem::Unsupported {
                        what: "records after the end record".into(),
                    },
                )));
            }
            match (record.kind(), self.trailer.is_some()) {
                (b'2', false) => {
                    let row = data(&record).map_err(|e| self.error(e))?;
                    self.totals.add(row.amount);
                    return Ok(Some(row));
                }
                (b'8', false) => self.trailer = Some((self.piece.clone(), self.number)),
                (b'9', true) => self.ended = true,
                (b'1', _) => {
                    return Err(self.error((
                        record.location(),
                        Problem::Unsupported {
                            what: "more than one account in one file; import them one at a time"
                                .into(),
                        },
                    )));
                }
                (kind, _) => {
                    return Err(self.error((
                        record.field_location("データ区分"),
                        Problem::RecordKind {
                            found: kind as char,
                        },
                    )));
                }
            }
        }
        self.finished = true;
        let Some((bytes, number)) = &self.trailer else {
            return Err(self.error((
                Location::File,
                Problem::Missing {
                    what: "the trailer record (データ区分 8)".into(),
                },
            )));
        };
        let trailer = Record {
            bytes,
            number: *number,
            by_line: self.by_line,
        };
        check_trailer(&trailer, self.opening, &self.totals).map_err(|e| self.error(e))?;
        Ok(None)
    }
}

/// 貸越区分: 1 is a positive balance, 2 a negative one.
fn signed(amount: i64, overdraft_flag: u8) -> i64 {
    if overdraft_flag == b'2' {
        -amount
    } else {
        amount
    }
}

fn data(record: &Record<'_>) -> Result<ReadRow, (Location, Problem)> {
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
    // Data records carry no balance; the trailer's closing balance is checked instead.
    Ok(ReadRow {
        line: record.number,
        date: DateCell::Full(booked),
        amount,
        balance: None,
        description,
        bank_id: Some(reference.trim().to_owned()),
        kind,
    })
}

fn check_trailer(
    trailer: &Record<'_>,
    opening: i64,
    totals: &Totals,
) -> Result<(), (Location, Problem)> {
    let checks = [
        (1..7, "入金件数", totals.deposits),
        (7..20, "入金額合計", totals.deposited),
        (20..26, "出金件数", totals.withdrawals),
        (26..39, "出金額合計", totals.withdrawn),
        (54..61, "データ・レコード件数", totals.records),
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
        let counted = opening + totals.deposited - totals.withdrawn;
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
