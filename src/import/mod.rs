//! Turns a statement file into a [`Statement`], or says exactly what is wrong and where.
//!
//! Import is all-or-nothing per file: a row that cannot be read stops the file with an error that
//! names it, because a silently skipped row could be the fraudulent one.

mod amount;
mod camt;
mod csv;
mod date;
mod decode;
mod error;
mod error_ja;
pub mod fingerprint;
mod generic;
mod header_guess;
pub mod layout;
pub mod mapping;
mod ofx;
pub mod preview;
mod progress;
mod raw_cells;
mod request;
mod row;
mod shape;
mod split;
pub mod stream;
mod years;
mod zengin;

use std::path::Path;

pub use amount::{within_limit, MAX_YEN};
pub use error::{excerpt, HeaderFound, ImportError, Location, Problem};
pub use progress::ReadProgress;
pub use request::Request;
pub use split::MIN_SPLIT_BYTES;

use crate::{Account, ImportNote, Statement};

/// The largest file the importer reads: ten years of a busy account is about 40 MB, so anything
/// far beyond is not a statement (a disk image picked by mistake, a hostile file) and is refused
/// before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// Reads the statement file at `path` whole: its rows oldest first, the account and the notes.
/// The same as [`open`] and [`RowStream::into_statement`]: there is one reader.
pub fn read(path: &Path, request: &Request<'_>) -> Result<Statement, ImportError> {
    open(path, request)?.into_statement()
}

/// Says in the log how reading a file ended: where it was refused, or what was read. The error
/// names a file, line and field, but what was found there may be a description, so only where
/// it is goes to the log.
pub(crate) fn log_outcome(name: &str, outcome: Result<(&str, usize), &ImportError>) {
    let file = crate::logs::redact_digits(name);
    match outcome {
        Ok((layout, rows)) => tracing::info!(file = %file, layout, rows, "read statement"),
        Err(error) => tracing::info!(file = %file, location = ?error.location, "statement refused"),
    }
}

/// Reads a statement from bytes held in memory (the demo, a fuzzer's input); `name` names it in
/// errors and in the statement.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    request: &Request<'_>,
) -> Result<Statement, ImportError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    let size = bytes.len() as u64;
    let source = Box::new(std::io::Cursor::new(bytes.to_vec()));
    open_source(name, source, size, request).and_then(RowStream::into_statement)
}

/// The name a file goes by in errors and statements: its last component.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Opens the statement file at `path`, refused before anything is read when it is not a regular
/// file (a device such as `/dev/zero` never ends, and a FIFO would block the open itself) or is
/// larger than [`MAX_FILE_BYTES`]. Every reader opens files here. Gives the file and its size.
fn open_statement(path: &Path, name: &str) -> Result<(std::fs::File, u64), ImportError> {
    let unreadable = unreadable(name);
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Without O_NONBLOCK, opening a FIFO waits for a writer that may never come; a regular file
    // reads the same either way.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(&unreadable)?;
    let metadata = file.metadata().map_err(&unreadable)?;
    if !metadata.is_file() {
        return Err(ImportError::new(name, Location::File, Problem::NotAFile));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(name, metadata.len()));
    }
    Ok((file, metadata.len()))
}

/// The error for a file of `size` bytes, over [`MAX_FILE_BYTES`].
fn too_large(name: &str, size: u64) -> ImportError {
    let problem = Problem::TooLarge {
        megabytes: size.div_ceil(1024 * 1024),
        limit_megabytes: MAX_FILE_BYTES / (1024 * 1024),
    };
    ImportError::new(name, Location::File, problem)
}

/// What the importer reads from: a file, or bytes held in memory.
trait Source: std::io::Read + std::io::Seek + Send + 'static {}
impl<T: std::io::Read + std::io::Seek + Send + 'static> Source for T {}

/// A statement file opened to be read one row at a time: every format, layout, check and error
/// of the importer, without the whole text in memory. Each row comes with its full date, and a
/// row booked after the request's `today` is refused here, for every format.
pub struct RowStream<'a> {
    rows: Rows,
    /// The years of dates written without one.
    years: years::RowYears,
    /// The file has been read to its end.
    ended: bool,
    /// The file's name, as errors and reports give it.
    pub source: String,
    /// The layout recognised.
    pub layout: String,
    /// Whether the layout gives each row the bank's own id.
    pub has_row_ids: bool,
    today: Option<chrono::NaiveDate>,
    ticker: progress::Ticker<'a>,
    /// Characters CP932 cannot name in the rows' texts, and the line of the first.
    unreadable: (usize, Option<u64>),
    /// The file is CP932, the one encoding those characters come from.
    cp932: bool,
    /// The first and the last row's day, in file order.
    first_day: Option<chrono::NaiveDate>,
    last_day: Option<chrono::NaiveDate>,
}

impl RowStream<'_> {
    /// The rows `rows` of file `source`, in `encoding`, in a layout whose dates are taken as
    /// written; rows after `today` are refused. Every stream of a file, and every part of one,
    /// is made here, so none can miss what the file is.
    fn new(
        rows: Rows,
        source: &str,
        (layout, has_row_ids): (&str, bool),
        today: Option<chrono::NaiveDate>,
        encoding: &'static encoding_rs::Encoding,
    ) -> Self {
        RowStream {
            rows,
            years: years::RowYears::all_written(),
            ended: false,
            source: source.to_owned(),
            layout: layout.to_owned(),
            has_row_ids,
            today,
            ticker: progress::Ticker::new(None, progress::BytesTaken::default(), 0),
            unreadable: (0, None),
            cp932: encoding == encoding_rs::SHIFT_JIS,
            first_day: None,
            last_day: None,
        }
    }

    /// The account the file names, as far as it has been read (an OFX or camt.053 file may name
    /// it after some rows: ask at the end).
    pub fn account(&self) -> Option<Account> {
        self.rows.account()
    }

    /// Whether the rows read so far list the newest first.
    pub fn newest_first(&self) -> bool {
        self.first_day > self.last_day
    }

    /// What the person should know of the rows read so far: where the years of dates written
    /// without one came from, that the file lists the newest row first (a statement puts them
    /// oldest first), characters CP932 cannot name, entries left out as not yet booked.
    pub fn notes(&self) -> Vec<ImportNote> {
        let mut notes: Vec<ImportNote> = self.years.note().into_iter().collect();
        if self.newest_first() {
            notes.push(ImportNote::NewestFirst);
        }
        if let (count @ 1.., Some(first_line)) = self.unreadable {
            notes.push(ImportNote::UnreadableCharacters { count, first_line });
        }
        if let Rows::Camt(rows) = &self.rows {
            if rows.pending > 0 {
                notes.push(ImportNote::PendingLeftOut {
                    count: rows.pending,
                });
            }
        }
        notes
    }

    /// Every row read, as the statement of the file: the rows oldest first (a file listing the
    /// newest first is turned round, so rows of one day keep their true order, then sorted by
    /// day, keeping file order within one), the account, and what the person should know.
    /// Any number of rows may wait for their year here, since all of them are kept anyway.
    pub fn into_statement(self) -> Result<Statement, ImportError> {
        let source = self.source.clone();
        let statement = self.collect_statement();
        let read = statement.as_ref();
        log_outcome(
            &source,
            read.map(|s| (s.layout.as_str(), s.transactions.len())),
        );
        statement
    }

    fn collect_statement(mut self) -> Result<Statement, ImportError> {
        self.years.wait_for_any_number();
        let mut fingerprints = fingerprint::Fingerprints::default();
        let mut transactions = Vec::new();
        loop {
            match self.next_row()? {
                NextRow::Row(row) => transactions.push(row.into_transaction(&mut fingerprints)),
                NextRow::End => break,
                NextRow::YearUnknown => {
                    return Err(ImportError::new(
                        &self.source,
                        Location::File,
                        Problem::YearUnknown,
                    ))
                }
            }
        }
        oldest_first(&mut transactions);
        let notes = self.notes();
        Ok(Statement {
            account: self.rows.account(),
            source: self.source,
            layout: self.layout,
            is_demo: false,
            notes,
            transactions,
        })
    }
}

/// Puts rows oldest first: a file listing the newest first is turned round (so rows of one day
/// keep their true order), then sorted by day, keeping file order within one.
fn oldest_first(transactions: &mut [crate::Transaction]) {
    if transactions.first().map(|t| t.booked) > transactions.last().map(|t| t.booked) {
        transactions.reverse();
    }
    transactions.sort_by_key(|t| t.booked);
}

/// What the start of a file says, read before its rows: the first [`stream::SNIFF_BYTES`], the
/// encoding and the length of its byte-order mark, and the format.
struct Sniffed {
    prefix: Vec<u8>,
    encoding: &'static encoding_rs::Encoding,
    bom: usize,
    format: Format,
    /// For a CSV, the byte between its cells.
    delimiter: u8,
}

impl Sniffed {
    /// Reads the start of `file` (left just after it).
    fn read(file: &mut impl std::io::Read, request: &Request<'_>) -> std::io::Result<Sniffed> {
        use std::io::Read;
        let mut prefix = Vec::with_capacity(stream::SNIFF_BYTES);
        file.take(stream::SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)?;
        let (encoding, bom) = stream::sniff(&prefix, request.encoding);
        // Enough of the start, decoded leniently, to tell OFX and camt.053 from CSV.
        let (head, _, _) = encoding.decode(&prefix[bom..prefix.len().min(bom + 64 * 1024)]);
        let format = match (request.mapping, request.format) {
            (Some(_), _) => Format::Csv,
            (None, Some(format)) => format,
            (None, None) => Format::detect(&prefix, Some(&head)),
        };
        let delimiter = match format {
            Format::Csv => csv::sniff_delimiter(&head, request.mapping),
            _ => b',',
        };
        Ok(Sniffed {
            prefix,
            encoding,
            bom,
            format,
            delimiter,
        })
    }
}

/// The error for a file that could not be read from disk.
fn unreadable(name: &str) -> impl Fn(std::io::Error) -> ImportError + '_ {
    move |e| ImportError::new(name, Location::File, Problem::Unreadable(e.to_string()))
}

/// The reader of each format, over the file as it is read (decoded on a thread of its own, or
/// for CSV perhaps cell by cell: see [`csv_records`]).
enum Rows {
    Csv(Box<csv::CsvRows<Box<dyn std::io::Read + Send>>>),
    Zengin(zengin::ZenginRows<std::io::BufReader<Box<dyn std::io::Read + Send>>>),
    Ofx(ofx::OfxRows<std::io::BufReader<stream::BackgroundDecoder>>),
    Camt(camt::CamtRows<std::io::BufReader<stream::BackgroundDecoder>>),
}

impl Rows {
    fn next_row(&mut self) -> Result<Option<row::ReadRow>, ImportError> {
        match self {
            Rows::Csv(rows) => rows.next_row(),
            Rows::Zengin(rows) => rows.next_row(),
            Rows::Ofx(rows) => rows.next_row(),
            Rows::Camt(rows) => rows.next_row(),
        }
    }

    /// The account the file names, as far as it has been read.
    fn account(&self) -> Option<Account> {
        match self {
            Rows::Csv(rows) => rows.preamble.account(&rows.columns),
            Rows::Zengin(rows) => Some(rows.account.clone()),
            Rows::Ofx(rows) => rows.account(),
            Rows::Camt(rows) => rows.account(),
        }
    }
}

/// One row of a [`RowStream`], with its full date.
#[derive(Debug)]
pub struct StreamedRow {
    /// The booked day.
    pub booked: chrono::NaiveDate,
    row: row::ReadRow,
}

impl StreamedRow {
    /// Yen; negative for money out.
    pub fn amount(&self) -> i64 {
        self.row.amount
    }

    /// The balance after the row, when the file gives it.
    pub fn balance(&self) -> Option<i64> {
        self.row.balance
    }

    /// The row's line in the file.
    pub fn line(&self) -> u64 {
        self.row.line
    }

    /// The statement text as decoded.
    pub fn description(&self) -> &str {
        &self.row.description
    }

    /// The bank's id for the row, when the layout has one.
    pub fn bank_id(&self) -> Option<&str> {
        self.row.bank_id()
    }

    /// The row as a transaction; `fingerprints` must see the kept rows of the file in order.
    pub fn into_transaction(
        self,
        fingerprints: &mut fingerprint::Fingerprints,
    ) -> crate::Transaction {
        self.row.into_transaction(self.booked, fingerprints)
    }

    /// [`StreamedRow::into_transaction`] with the description already normalised (by
    /// [`crate::normalize::normalize`]).
    pub(crate) fn into_normalized_transaction(
        self,
        fingerprints: &mut fingerprint::Fingerprints,
        normalized: String,
    ) -> crate::Transaction {
        self.row
            .into_normalized_transaction(self.booked, fingerprints, normalized)
    }
}

/// What reading the next row of a [`RowStream`] gave.
pub enum NextRow {
    /// A row.
    Row(StreamedRow),
    /// The end of the file.
    End,
    /// Dates without a year whose rows' order stays unclear for too long to hold them: the file
    /// must be read whole ([`RowStream::into_statement`]), which holds them all.
    YearUnknown,
}

/// Rows held while a file's order (and so the year of dates written without one) is unclear.
const MAX_UNDECIDED_ROWS: usize = 100_000;

impl RowStream<'_> {
    /// The next row.
    pub fn next_row(&mut self) -> Result<NextRow, ImportError> {
        let (row, booked) = loop {
            if let Some(dated) = self.years.next_dated() {
                break dated;
            }
            if self.ended {
                return Ok(NextRow::End);
            }
            match self.rows.next_row()? {
                None => {
                    self.ended = true;
                    self.years.finish();
                }
                Some(row) => {
                    self.ticker.row(&self.source)?;
                    match self.years.push(row) {
                        Ok(Some(dated)) => break dated,
                        Ok(None) => {}
                        Err(years::Undated::TooManyUndecided) => return Ok(NextRow::YearUnknown),
                        Err(years::Undated::Refused((location, problem))) => {
                            return Err(ImportError {
                                file: self.source.clone(),
                                location,
                                problem,
                            })
                        }
                    }
                }
            }
        };
        if let Some(today) = self.today.filter(|today| booked > *today) {
            return Err(ImportError {
                file: self.source.clone(),
                location: Location::Line(row.line),
                problem: Problem::AfterToday {
                    date: booked,
                    today,
                },
            });
        }
        self.first_day.get_or_insert(booked);
        self.last_day = Some(booked);
        let placeholders = match &self.rows {
            Rows::Csv(rows) => rows.placeholders(),
            _ => None,
        };
        // A text decoded before it was read (an OFX or camt.053 file in CP932) is looked at here.
        let placeholders = placeholders.unwrap_or_else(|| match self.cp932 {
            true => decode::placeholders(&row.description),
            false => 0,
        });
        if placeholders > 0 {
            self.unreadable.0 += placeholders;
            self.unreadable.1.get_or_insert(row.line);
        }
        Ok(NextRow::Row(StreamedRow { booked, row }))
    }
}

/// Opens the statement file at `path` to be read row by row, in any format the importer reads,
/// as `request` says. The one way into the importer: [`read`] is this stream collected.
pub fn open<'a>(path: &Path, request: &Request<'a>) -> Result<RowStream<'a>, ImportError> {
    let name = file_name(path);
    let opened = open_statement(path, &name)
        .and_then(|(file, size)| open_source(&name, Box::new(file), size, request));
    if let Err(error) = &opened {
        log_outcome(&name, Err(error));
    }
    opened
}

fn open_source<'a>(
    name: &str,
    source: Box<dyn Source>,
    size: u64,
    request: &Request<'a>,
) -> Result<RowStream<'a>, ImportError> {
    use std::io::{BufReader, Seek};
    let unreadable = unreadable(name);
    let taken = progress::BytesTaken::default();
    let mut file = progress::Counted::new(source, taken.clone());
    let Sniffed {
        prefix,
        encoding,
        bom,
        format,
        delimiter,
    } = Sniffed::read(&mut file, request).map_err(&unreadable)?;
    let stream = |rows, layout: &str, has_row_ids| {
        RowStream::new(rows, name, (layout, has_row_ids), request.today, encoding)
    };
    let mut opened = match format {
        Format::Zengin => {
            file.rewind().map_err(&unreadable)?;
            let file: Box<dyn std::io::Read + Send> = Box::new(file);
            let source = BufReader::with_capacity(64 * 1024, file);
            let rows = zengin::ZenginRows::open(name, source, zengin::has_line_breaks(&prefix))?;
            stream(Rows::Zengin(rows), "zengin", true)
        }
        Format::Ofx | Format::Camt053 | Format::Csv => {
            file.seek(std::io::SeekFrom::Start(bom as u64))
                .map_err(&unreadable)?;
            let decoded = |file| {
                let decoder = stream::BackgroundDecoder::spawn(file, encoding);
                BufReader::with_capacity(64 * 1024, decoder)
            };
            match format {
                Format::Ofx => stream(
                    Rows::Ofx(ofx::OfxRows::new(name, decoded(file))),
                    "ofx",
                    true,
                ),
                // Entries without the bank's reference get fingerprints.
                Format::Camt053 => stream(
                    Rows::Camt(camt::CamtRows::new(name, decoded(file))),
                    "camt053",
                    false,
                ),
                _ => {
                    let records = csv_records(name, file, encoding, delimiter, 0);
                    let rows = csv::CsvRows::open_for(records, request.mapping)?;
                    let (layout, has_row_ids) =
                        (rows.columns.id.clone(), rows.columns.has_row_ids());
                    let years = years::RowYears::for_file(
                        rows.preamble.period,
                        request.first_year,
                        MAX_UNDECIDED_ROWS,
                    );
                    RowStream {
                        years,
                        ..stream(Rows::Csv(Box::new(rows)), &layout, has_row_ids)
                    }
                }
            }
        }
    };
    opened.ticker = progress::Ticker::new(request.progress, taken, size);
    Ok(opened)
}

/// Opens a statement file to be read in up to `parts` parts side by side, one per core: the rows
/// of the first part, then of each later part, are the file's rows in order, with the file's
/// lines. A large CSV export in CP932 or UTF-8 whose dates carry their year is cut at record ends
/// (see [`split`]); any other file is one part, as [`open`] opens it.
///
/// The first part can be read at once: the cuts are looked for on a thread of their own
/// meanwhile, and the later parts open when they are found ([`LaterParts::wait`]).
pub fn open_parts<'a>(
    path: &Path,
    request: &Request<'a>,
    parts: usize,
) -> Result<(RowStream<'a>, LaterParts), ImportError> {
    match open_cut(path, request, parts) {
        Ok(Some(opened)) => Ok(opened),
        // Not worth cutting, or not cuttable; and a first part that fails to open (no header
        // before the first cut, say) is left to the one-part reader, which says what is wrong.
        Ok(None) | Err(_) => Ok((open(path, request)?, LaterParts(None))),
    }
}

/// The parts of a file after its first, opened once the search for their cuts ends.
pub struct LaterParts(Option<CutSearch>);

/// A search for the cuts of a file under way, and what opening its parts takes.
struct CutSearch {
    /// The cuts, counted from the end of the byte-order mark.
    cuts: std::thread::JoinHandle<Vec<split::Cut>>,
    path: std::path::PathBuf,
    name: String,
    encoding: &'static encoding_rs::Encoding,
    bom: u64,
    columns: csv::Columns,
    today: Option<chrono::NaiveDate>,
}

impl LaterParts {
    /// Whether the file is read in one part: there are none.
    pub fn none(&self) -> bool {
        self.0.is_none()
    }

    /// The later parts in file order, once their cuts are found; none when the file is read in
    /// one part.
    pub fn wait(self) -> Result<Vec<RowStream<'static>>, ImportError> {
        use std::io::{Read, Seek, SeekFrom};
        let Some(search) = self.0 else {
            return Ok(Vec::new());
        };
        // A search that failed told the first part nothing, so that part reads the whole file.
        let cuts = search.cuts.join().unwrap_or_default();
        let unreadable = unreadable(&search.name);
        let columns = &search.columns;
        let mut parts = Vec::with_capacity(cuts.len());
        for (index, cut) in cuts.iter().enumerate() {
            let length = cuts
                .get(index + 1)
                .map_or(u64::MAX, |next| next.offset - cut.offset);
            let (mut file, _) = open_statement(&search.path, &search.name)?;
            file.seek(SeekFrom::Start(search.bom + cut.offset))
                .map_err(&unreadable)?;
            let records = csv_records(
                &search.name,
                file.take(length),
                search.encoding,
                b',',
                cut.lines_before,
            );
            let rows = Rows::Csv(Box::new(csv::CsvRows::continuing(records, columns.clone())));
            parts.push(RowStream::new(
                rows,
                &search.name,
                (&columns.id, columns.has_row_ids()),
                search.today,
                search.encoding,
            ));
        }
        Ok(parts)
    }
}

/// The first part of a file worth cutting, with the search for the other cuts started; `None`
/// for a file read in one part.
fn open_cut<'a>(
    path: &Path,
    request: &Request<'a>,
    parts: usize,
) -> Result<Option<(RowStream<'a>, LaterParts)>, ImportError> {
    use std::io::{Seek, SeekFrom};
    if parts < 2 {
        return Ok(None);
    }
    let name = file_name(path);
    let unreadable = unreadable(&name);
    let (mut file, size) = open_statement(path, &name)?;
    if size < split::MIN_SPLIT_BYTES {
        return Ok(None);
    }
    let Sniffed {
        encoding,
        bom,
        format,
        delimiter,
        ..
    } = Sniffed::read(&mut file, request).map_err(&unreadable)?;
    // The search for cuts follows the quotes of a comma-separated file in a known layout; the
    // progress of a person's import reads in one part, since it counts the whole file's bytes.
    let one_part = request.mapping.is_some() || request.progress.is_some();
    if one_part
        || !raw_cells::RawCells::reads(encoding)
        || format != Format::Csv
        || delimiter != b','
    {
        return Ok(None);
    }
    let bom = bom as u64;
    // Offsets from the end of the byte-order mark, as the search counts them.
    let targets = split::targets(size - bom, parts);
    let (mut search_from, _) = open_statement(path, &name)?;
    search_from
        .seek(SeekFrom::Start(bom))
        .map_err(&unreadable)?;
    let (send, first_cut) = std::sync::mpsc::channel();
    let search_targets = targets.clone();
    let cuts = std::thread::spawn(move || {
        let cuts =
            split::cuts(std::io::BufReader::new(search_from), &search_targets).unwrap_or_default();
        // The first part stops at the first cut, or reads the whole file when there is none
        // (the search failed, or no record ends past the target).
        let _ = send.send(cuts.first().map_or(u64::MAX, |cut| cut.offset));
        cuts
    });
    file.seek(SeekFrom::Start(bom)).map_err(&unreadable)?;
    let first = split::FirstPart::new(file, targets[0], first_cut);
    let rows = csv::CsvRows::open_for(csv_records(&name, first, encoding, delimiter, 0), None)?;
    let years =
        years::RowYears::for_file(rows.preamble.period, request.first_year, MAX_UNDECIDED_ROWS);
    if !years.takes_dates_as_written() {
        // The year of a date without one depends on the rows before it: read in order.
        return Ok(None);
    }
    let columns = rows.columns.clone();
    let first = RowStream::new(
        Rows::Csv(Box::new(rows)),
        &name,
        (&columns.id, columns.has_row_ids()),
        request.today,
        encoding,
    );
    let later = CutSearch {
        cuts,
        path: path.to_owned(),
        name: name.clone(),
        encoding,
        bom,
        columns,
        today: request.today,
    };
    Ok(Some((first, LaterParts(Some(later)))))
}

/// The CSV records of `source`, the bytes of a file in `encoding` (its byte-order mark skipped)
/// with `delimiter` between its cells, after its first `lines_before` lines. A CP932 or UTF-8 file is read as bytes and each record
/// decoded as it comes ([`raw_cells`]); any other is decoded on a thread of its own first.
fn csv_records(
    name: &str,
    source: impl std::io::Read + Send + 'static,
    encoding: &'static encoding_rs::Encoding,
    delimiter: u8,
    lines_before: u64,
) -> csv::Records<Box<dyn std::io::Read + Send>> {
    let (text, raw): (Box<dyn std::io::Read + Send>, _) = if raw_cells::RawCells::reads(encoding) {
        let raw = raw_cells::RawCells::new(encoding);
        (Box::new(stream::RawText::new(source)), Some(raw))
    } else {
        let decoded = stream::BackgroundDecoder::spawn_after(source, encoding, lines_before);
        (Box::new(decoded), None)
    };
    let lines = csv::Lines { lines_before };
    csv::Records::new(name, text, delimiter, lines, raw)
}

/// The kinds of file the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A bank's CSV export (any of the layouts, or one recognised by its header names).
    Csv,
    /// Zengin 入出金取引明細 fixed-length records.
    Zengin,
    /// OFX 1.x / 2.x or QFX.
    Ofx,
    /// ISO 20022 camt.053.
    Camt053,
}

impl Format {
    /// The format `bytes` look like.
    pub fn detect(bytes: &[u8], text: Option<&str>) -> Format {
        if zengin::looks_like(bytes) {
            return Format::Zengin;
        }
        match text {
            Some(text) if ofx::looks_like(text) => Format::Ofx,
            Some(text) if camt::looks_like(text) => Format::Camt053,
            _ => Format::Csv,
        }
    }
}
