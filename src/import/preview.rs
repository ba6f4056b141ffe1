//! A look at the start of a CSV export no layout reads, for a person to describe it (a
//! [`super::mapping::Mapping`]): the row most like a header (or the row the person picks), the
//! first rows under it, cell by cell, the encoding the text was decoded in, and what each column
//! seems to hold — dates, dates without a year, amounts or text.
//!
//! Only the start of the file is read ([`PREVIEW_BYTES`]), whatever its size. The file is opened
//! and decoded by the import's own rules: a byte-order mark, else UTF-8, else CP932, unless the
//! person chose an encoding; the delimiter is found as the importer finds it. Text that does not
//! decode is still shown (with replacement characters), and the preview says on which line it
//! stops being text, so the person can choose another encoding.

use serde::Serialize;

use super::csv::{csv_reader, sniff_delimiter};
use super::date::{self, DateCell};
use super::error::excerpt;
use super::header_guess::HeaderGuess;
use super::{file_name, open_statement, stream, unreadable, ImportError, Location, Problem};

/// How much of a file a preview reads at most.
pub const PREVIEW_BYTES: usize = 256 * 1024;

/// Rows shown under the header.
pub const PREVIEW_ROWS: usize = 10;

/// Rows of the file's start offered as the header.
pub const HEADER_CHOICES: usize = 20;

/// Columns shown at most: a row with more is not a statement's.
pub const MAX_COLUMNS: usize = 40;

/// Records of a file's start looked at for its header, as the importer looks.
const RECORDS_LOOKED_AT: usize = 200;

/// What the person said about the file so far.
#[derive(Debug, Clone, Copy, Default)]
pub struct PreviewOptions {
    /// The file's encoding, instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The line of the header row, instead of the row most like one.
    pub header_line: Option<u64>,
}

/// The start of a CSV export, as a person sees it when describing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The file's name.
    pub file: String,
    /// The encoding the text was decoded in (`UTF-8`, `Shift_JIS`, `UTF-16LE` …).
    pub encoding: String,
    /// The first line whose bytes are not text in [`Preview::encoding`]; its text is shown with
    /// replacement characters, and another encoding may read it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub undecodable_line: Option<u64>,
    /// The first rows of the file, to choose the header among.
    pub first_rows: Vec<PreviewRow>,
    /// The header row.
    pub header: PreviewRow,
    /// Up to [`PREVIEW_ROWS`] rows under the header.
    pub rows: Vec<PreviewRow>,
    /// What each column of the header seems to hold, in the rows shown.
    pub columns: Vec<ColumnLook>,
    /// Dates are written without a year (`9/4`, `9月4日`): the first row's year is needed.
    pub dates_lack_year: bool,
}

/// One row of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// Its line in the file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: u64,
    /// Its cells as decoded, trimmed, each cut to the length an error message quotes.
    pub cells: Vec<String>,
}

/// A column of a preview: its header and what its cells seem to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ColumnLook {
    /// The header cell.
    pub header: String,
    /// What its cells under the header seem to be.
    pub holds: CellKind,
}

/// What the non-empty cells of a column are, all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CellKind {
    /// Dates with a year, in a form the importer reads without being told.
    Date,
    /// Dates without a year (`9/4`, `9月4日`).
    DateWithoutYear,
    /// Yen amounts, none negative.
    Amount,
    /// Yen amounts, some negative.
    SignedAmount,
    /// Anything else.
    Text,
    /// Nothing in the rows shown.
    Empty,
}

/// The start of the CSV file at `path`: its header row and the rows under it. Refused, as an
/// import is, when the file cannot be opened or is no regular file; a file no row of which has
/// two cells is [`Problem::UnknownLayout`] with no header.
pub fn preview(path: &std::path::Path, options: &PreviewOptions) -> Result<Preview, ImportError> {
    use std::io::Read;
    let name = file_name(path);
    let (file, size) = open_statement(path, &name)?;
    let mut prefix = Vec::with_capacity(PREVIEW_BYTES.min(size as usize));
    file.take(PREVIEW_BYTES as u64)
        .read_to_end(&mut prefix)
        .map_err(unreadable(&name))?;
    let whole = (prefix.len() as u64) >= size;
    preview_bytes(&name, &prefix, whole, options)
}

/// [`preview`] of a file's first bytes `prefix`; `whole` says they are all of it.
pub fn preview_bytes(
    name: &str,
    prefix: &[u8],
    whole: bool,
    options: &PreviewOptions,
) -> Result<Preview, ImportError> {
    let (encoding, bom) = stream::sniff(prefix, options.encoding);
    let (text, undecodable_line) = decode_start(&prefix[bom..], encoding, whole);
    let delimiter = sniff_delimiter(&text, None);
    let mut reader = csv_reader(text.as_bytes(), delimiter);
    let mut records: Vec<PreviewRow> = Vec::new();
    let mut guess = HeaderGuess::default();
    for record in reader.records().take(RECORDS_LOOKED_AT) {
        let Ok(record) = record else { break };
        let line = line_at(&text, record.position().map_or(0, |p| p.byte() as usize));
        guess.consider(line, record.iter());
        records.push(PreviewRow {
            line,
            cells: (record.iter().take(MAX_COLUMNS))
                .map(|cell| excerpt(cell.trim()))
                .collect(),
        });
    }
    // The row with a column named as a layout names one; with none named so, the first row
    // with the most cells (a preamble's rows are a label and a value).
    let guessed = match guess.into_problem(None) {
        Problem::UnknownLayout(found) => (found.header)
            .filter(|(_, cells)| {
                cells.split(',').filter(|c| !c.is_empty()).count() > found.unrecognised.len()
            })
            .map(|(line, _)| line),
        _ => None,
    }
    .or_else(|| widest(&records));
    let chosen = (options.header_line)
        .filter(|line| records.iter().any(|row| row.line == *line))
        .or(guessed);
    let Some(at) = chosen.and_then(|line| records.iter().position(|row| row.line == line)) else {
        return Err(ImportError::new(
            name,
            Location::File,
            HeaderGuess::default().into_problem(None),
        ));
    };
    let header = records[at].clone();
    let rows: Vec<PreviewRow> = (records[at + 1..].iter())
        .filter(|row| row.cells.iter().any(|cell| !cell.is_empty()))
        .take(PREVIEW_ROWS)
        .cloned()
        .collect();
    let columns: Vec<ColumnLook> = (header.cells.iter().enumerate())
        .map(|(index, header)| ColumnLook {
            header: header.clone(),
            holds: kind_of(
                (rows.iter()).filter_map(|row| row.cells.get(index).map(String::as_str)),
            ),
        })
        .collect();
    let holds = |kind| columns.iter().any(|column| column.holds == kind);
    let dates_lack_year = holds(CellKind::DateWithoutYear) && !holds(CellKind::Date);
    records.truncate(HEADER_CHOICES.max(at + 1));
    Ok(Preview {
        file: name.to_owned(),
        encoding: encoding.name().to_owned(),
        undecodable_line,
        first_rows: records,
        header,
        rows,
        columns,
        dates_lack_year,
    })
}

/// `body` (the byte-order mark skipped) decoded as `encoding`, every line end as `\n`, and the
/// line of the first bytes that are not text. Without the file's end, the last line, perhaps
/// cut short, is left out.
fn decode_start(
    body: &[u8],
    encoding: &'static encoding_rs::Encoding,
    whole: bool,
) -> (String, Option<u64>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut strict = String::with_capacity(
        (decoder.max_utf8_buffer_length_without_replacement(body.len())).unwrap_or(body.len() * 3),
    );
    let (result, _) = decoder.decode_to_string_without_replacement(body, &mut strict, whole);
    let undecodable_line = match result {
        encoding_rs::DecoderResult::Malformed(_, _) => {
            let mut before = strict.as_bytes().to_vec();
            stream::line_ends_as_newlines(&mut before, &mut false);
            Some(memchr::memchr_iter(b'\n', &before).count() as u64 + 1)
        }
        _ => None,
    };
    let text = match undecodable_line {
        None => strict,
        Some(_) => {
            let (lossy, _) = encoding.decode_without_bom_handling(body);
            lossy.into_owned()
        }
    };
    let mut bytes = text.into_bytes();
    stream::line_ends_as_newlines(&mut bytes, &mut false);
    if !whole {
        let end = memchr::memrchr(b'\n', &bytes).map_or(0, |at| at + 1);
        bytes.truncate(end);
    }
    // Only ASCII bytes were changed or cut at, so this is text; lossy, never a panic.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (text, undecodable_line)
}

/// The line of the first of `records` with the most cells not empty, if any has two.
fn widest(records: &[PreviewRow]) -> Option<u64> {
    let filled = |row: &PreviewRow| row.cells.iter().filter(|c| !c.is_empty()).count();
    let most = records.iter().map(filled).max().filter(|most| *most >= 2)?;
    records
        .iter()
        .find(|row| filled(row) == most)
        .map(|row| row.line)
}

/// The line of the record the CSV reader began looking for at byte `start` of `text` (whose
/// line ends are all `\n`): the reader's own position is before any blank lines it skipped.
fn line_at(text: &str, start: usize) -> u64 {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let skipped = bytes[start..].iter().take_while(|&&b| b == b'\n').count();
    memchr::memchr_iter(b'\n', &bytes[..start + skipped]).count() as u64 + 1
}

/// What the `cells` of a column are, all of those not empty.
fn kind_of<'c>(cells: impl Iterator<Item = &'c str>) -> CellKind {
    let cells: Vec<&str> = cells.map(str::trim).filter(|c| !c.is_empty()).collect();
    if cells.is_empty() {
        return CellKind::Empty;
    }
    let dates: Vec<Option<DateCell>> = cells.iter().map(|cell| date::parse(cell)).collect();
    if dates.iter().all(Option::is_some) {
        return match dates.iter().all(|d| matches!(d, Some(DateCell::Full(_)))) {
            true => CellKind::Date,
            false => CellKind::DateWithoutYear,
        };
    }
    let amounts: Vec<Option<i64>> = (cells.iter())
        .map(|cell| super::amount::parse_signed_yen(cell))
        .collect();
    if amounts.iter().all(Option::is_some) {
        return match amounts.iter().any(|a| a.is_some_and(|a| a < 0)) {
            true => CellKind::SignedAmount,
            false => CellKind::Amount,
        };
    }
    CellKind::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(text: &[u8], options: &PreviewOptions) -> Preview {
        preview_bytes("a.csv", text, true, options).unwrap()
    }

    #[test]
    fn the_row_most_like_a_header_comes_first_past_the_preamble() {
        let text = "口座番号,1234567\n\nwhen,what,money,left\n2020/09/04,ﾄﾞｺﾓｺｳｻﾞ,-30000,70000\n2020/09/05,給与,200000,270000\n";
        let preview = look(text.as_bytes(), &PreviewOptions::default());
        assert_eq!(preview.encoding, "UTF-8");
        assert_eq!(preview.undecodable_line, None);
        assert_eq!(preview.header.line, 3);
        assert_eq!(preview.header.cells, ["when", "what", "money", "left"]);
        assert_eq!(preview.rows.len(), 2);
        assert_eq!(preview.rows[0].line, 4);
        assert_eq!(preview.rows[0].cells[1], "ﾄﾞｺﾓｺｳｻﾞ");
        let holds: Vec<CellKind> = preview.columns.iter().map(|c| c.holds).collect();
        assert_eq!(
            holds,
            [
                CellKind::Date,
                CellKind::Text,
                CellKind::SignedAmount,
                CellKind::Amount
            ]
        );
        assert!(!preview.dates_lack_year);
        assert_eq!(preview.first_rows.len(), 4);
    }

    #[test]
    fn the_person_may_pick_another_header_row_and_a_missing_line_is_ignored() {
        let text = "title,export\nwhen,what,money\n2020/09/04,coffee,300\n";
        let options = PreviewOptions {
            header_line: Some(1),
            ..PreviewOptions::default()
        };
        let preview = look(text.as_bytes(), &options);
        assert_eq!(preview.header.cells, ["title", "export"]);
        assert_eq!(preview.rows.len(), 2);
        let options = PreviewOptions {
            header_line: Some(99),
            ..PreviewOptions::default()
        };
        // No line 99: the guess stands (no column is named as a layout names one, so the first
        // row with the most cells).
        assert_eq!(look(text.as_bytes(), &options).header.line, 2);
    }

    #[test]
    fn cp932_tabs_and_dates_without_a_year_are_seen() {
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("日付\t内容\t出金\t入金\r\n9/4\tﾃﾞｲｰﾊﾞﾗｲ\t30000\t\r\n");
        let preview = look(&bytes, &PreviewOptions::default());
        assert_eq!(preview.encoding, "Shift_JIS");
        assert_eq!(preview.header.cells, ["日付", "内容", "出金", "入金"]);
        assert_eq!(preview.rows[0].cells, ["9/4", "ﾃﾞｲｰﾊﾞﾗｲ", "30000", ""]);
        assert_eq!(preview.columns[0].holds, CellKind::DateWithoutYear);
        assert_eq!(preview.columns[3].holds, CellKind::Empty);
        assert!(preview.dates_lack_year);
    }

    #[test]
    fn text_that_does_not_decode_names_its_line_and_another_encoding_reads_it() {
        let mut bytes = b"date,text,amount\n2020-09-04,".to_vec();
        bytes.extend_from_slice(&encoding_rs::EUC_JP.encode("ドコモ").0);
        bytes.extend_from_slice(b",-300\n");
        // Not UTF-8, so CP932 is tried, in which EUC-JP's bytes are not all text.
        let chosen = PreviewOptions {
            encoding: Some(encoding_rs::UTF_8),
            ..PreviewOptions::default()
        };
        let preview = look(&bytes, &chosen);
        assert_eq!(preview.undecodable_line, Some(2));
        assert!(preview.rows[0].cells[1].contains('\u{FFFD}'));
        let euc = PreviewOptions {
            encoding: Some(encoding_rs::EUC_JP),
            ..PreviewOptions::default()
        };
        let preview = look(&bytes, &euc);
        assert_eq!(preview.undecodable_line, None);
        assert_eq!(preview.rows[0].cells[1], "ドコモ");
    }

    #[test]
    fn only_the_start_is_read_and_a_cut_last_line_is_left_out() {
        let mut text = String::from("when,what,money\n");
        for day in 0..20_000 {
            text.push_str(&format!("2020/09/04,row {day},300\n"));
        }
        let path = std::env::temp_dir().join(format!("preview-{}.csv", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let preview = preview(&path, &PreviewOptions::default());
        std::fs::remove_file(&path).unwrap();
        let preview = preview.unwrap();
        assert_eq!(preview.rows.len(), PREVIEW_ROWS);
        assert_eq!(preview.first_rows.len(), HEADER_CHOICES);
        // Cut mid-line, the last line is not a row.
        let cut = &text.as_bytes()[..40];
        let preview = preview_bytes("a.csv", cut, false, &PreviewOptions::default()).unwrap();
        assert_eq!(preview.rows.len(), 1);
        assert_eq!(preview.rows[0].cells, ["2020/09/04", "row 0", "300"]);
    }

    #[test]
    fn awkward_bytes_give_a_preview_or_an_error_never_a_panic() {
        let long_line = format!("a,{}\n", "x".repeat(300_000));
        let inputs: [&[u8]; 8] = [
            b"",
            b"\"\"\"\n\",\",\"",
            b"\0\0,\0\n\0,\0",
            b"\xFF\xFE\x41",
            b"\xFE\xFF\x00,\x00",
            b"\r\r\r,\r,,\n\n",
            b"\xEF\xBB\xBF,,,\n,,,\n",
            long_line.as_bytes(),
        ];
        for (index, bytes) in inputs.iter().enumerate() {
            for whole in [true, false] {
                let options = PreviewOptions {
                    header_line: Some(index as u64),
                    ..PreviewOptions::default()
                };
                if let Ok(preview) = preview_bytes("a.csv", bytes, whole, &options) {
                    assert!(preview.header.cells.len() <= MAX_COLUMNS);
                    assert!(preview.rows.len() <= PREVIEW_ROWS);
                    let longest = (preview.rows.iter().chain([&preview.header]))
                        .flat_map(|row| row.cells.iter())
                        .map(|cell| cell.chars().count())
                        .max()
                        .unwrap_or(0);
                    assert!(
                        longest <= crate::import::error::EXCERPT_CHARS + 1,
                        "{index}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_file_without_columns_is_refused_as_an_unknown_layout() {
        let error = preview_bytes("a.csv", b"hello\nworld\n", true, &PreviewOptions::default())
            .unwrap_err();
        assert!(
            matches!(&error.problem, Problem::UnknownLayout(found) if found.header.is_none()),
            "{error}"
        );
        let error = preview(
            std::path::Path::new("/nonexistent/kouza.csv"),
            &PreviewOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(error.problem, Problem::Unreadable(_)), "{error}");
    }
}
