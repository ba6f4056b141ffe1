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
use progress::Watcher;
pub use split::MIN_SPLIT_BYTES;

use crate::{ImportNote, Statement};

/// What the person can tell the importer when the file does not say it itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// The file's encoding, instead of detecting it (e.g. `encoding_rs::SHIFT_JIS`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The year of the first row, for exports whose dates have no year and no stated period.
    pub first_year: Option<i32>,
}

/// Reads the statement file at `path`.
pub fn read_file(path: &Path) -> Result<Statement, ImportError> {
    read_file_with(path, &ImportOptions::default())
}

/// The largest file the importer reads: ten years of a busy account is about 40 MB, so anything
/// far beyond is not a statement (a disk image picked by mistake, a hostile file) and is refused
/// before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// Reads the statement file at `path` with what the person said about it.
pub fn read_file_with(path: &Path, options: &ImportOptions) -> Result<Statement, ImportError> {
    read_file_by(path, options, &mut Watcher::unwatched())
}

/// Reads the statement file at `path`, telling `watch` now and then how far it has got. When
/// `watch` answers false, reading stops with [`Problem::Stopped`] and nothing is returned.
pub fn read_file_watched(
    path: &Path,
    options: &ImportOptions,
    watch: &mut dyn FnMut(ReadProgress) -> bool,
) -> Result<Statement, ImportError> {
    read_file_by(path, options, &mut Watcher::new(watch))
}

fn read_file_by(
    path: &Path,
    options: &ImportOptions,
    watcher: &mut Watcher<'_>,
) -> Result<Statement, ImportError> {
    let name = file_name(path);
    let bytes = read_bounded(path, &name)?;
    let statement = read_owned_by(&name, bytes, options, watcher);
    match &statement {
        Ok(statement) => tracing::info!(
            file = %crate::logs::redact_digits(&name),
            layout = %statement.layout,
            rows = statement.transactions.len(),
            "read statement"
        ),
        // The error names a file, line and field; what was found there may be a description,
        // so only where it is goes to the log.
        Err(error) => tracing::info!(
            file = %crate::logs::redact_digits(&name),
            location = ?error.location,
            "statement refused"
        ),
    }
    statement
}

/// The name a file goes by in errors and statements: its last component.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The file's bytes, refused before they are read when there are more than [`MAX_FILE_BYTES`].
fn read_bounded(path: &Path, name: &str) -> Result<Vec<u8>, ImportError> {
    let (file, size) = open_statement(path, name)?;
    let unreadable = unreadable(name);
    // Read through `take`, so a file that grows while it is read still stops at the limit.
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    Ok(bytes)
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

/// A statement file opened to be read one row at a time, for files too large to hold: the same
/// formats, layouts, checks and errors as [`read_file`], without the whole text in memory.
pub struct RowStream {
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
}

impl RowStream {
    /// The rows `rows` of file `source`, in a layout whose dates are taken as written.
    fn new(rows: Rows, source: &str, layout: &str, has_row_ids: bool) -> Self {
        RowStream {
            rows,
            years: years::RowYears::all_written(),
            ended: false,
            source: source.to_owned(),
            layout: layout.to_owned(),
            has_row_ids,
        }
    }
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
    /// Reads the start of `file` (left just after it); a person's `mapping` makes it a CSV.
    fn read(
        file: &mut std::fs::File,
        options: &ImportOptions,
        mapping: Option<&mapping::Mapping>,
    ) -> std::io::Result<Sniffed> {
        use std::io::Read;
        let mut prefix = Vec::with_capacity(stream::SNIFF_BYTES);
        file.take(stream::SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)?;
        let (encoding, bom) = stream::sniff(&prefix, options.encoding);
        // Enough of the start, decoded leniently, to tell OFX and camt.053 from CSV.
        let (head, _, _) = encoding.decode(&prefix[bom..prefix.len().min(bom + 64 * 1024)]);
        let format = match mapping {
            Some(_) => Format::Csv,
            None => Format::detect(&prefix, Some(&head)),
        };
        let delimiter = match format {
            Format::Csv => csv::sniff_delimiter(&head, mapping),
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
    Csv(Box<csv::CsvRows<'static, Box<dyn std::io::Read + Send>>>),
    Zengin(zengin::ZenginRows<std::io::BufReader<std::fs::File>>),
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
    /// A date without a year that cannot be placed: the file states no period, or its rows'
    /// order stays unclear for too long. It must be read whole ([`read_file_with`]), which says
    /// what is missing.
    YearUnknown,
}

/// Rows held while a file's order (and so the year of dates written without one) is unclear.
const MAX_UNDECIDED_ROWS: usize = 100_000;

impl RowStream {
    /// The next row.
    pub fn next_row(&mut self) -> Result<NextRow, ImportError> {
        loop {
            if let Some((row, booked)) = self.years.next_dated() {
                return Ok(NextRow::Row(StreamedRow { booked, row }));
            }
            if self.ended {
                return Ok(NextRow::End);
            }
            match self.rows.next_row()? {
                None => {
                    self.ended = true;
                    self.years.finish();
                }
                Some(row) => match self.years.push(row) {
                    Ok(Some((row, booked))) => {
                        return Ok(NextRow::Row(StreamedRow { booked, row }))
                    }
                    Ok(None) => {}
                    Err(_) => return Ok(NextRow::YearUnknown),
                },
            }
        }
    }
}

/// Opens a statement file to be read row by row, in any format the importer reads.
pub fn open_rows(path: &Path, options: &ImportOptions) -> Result<RowStream, ImportError> {
    open_rows_as(path, options, None)
}

/// Opens a CSV statement file to be read row by row through a person's own
/// [`mapping::Mapping`].
pub fn open_rows_mapped(
    path: &Path,
    mapping: &mapping::Mapping,
    options: &ImportOptions,
) -> Result<RowStream, ImportError> {
    open_rows_as(path, options, Some(mapping))
}

fn open_rows_as(
    path: &Path,
    options: &ImportOptions,
    mapping: Option<&mapping::Mapping>,
) -> Result<RowStream, ImportError> {
    use std::io::{BufReader, Seek};
    let name = file_name(path);
    let unreadable = unreadable(&name);
    let (mut file, _) = open_statement(path, &name)?;
    let Sniffed {
        prefix,
        encoding,
        bom,
        format,
        delimiter,
    } = Sniffed::read(&mut file, options, mapping).map_err(&unreadable)?;
    let stream = |rows, layout: &str, has_row_ids| RowStream::new(rows, &name, layout, has_row_ids);
    if format == Format::Zengin {
        file.rewind().map_err(&unreadable)?;
        let source = BufReader::with_capacity(64 * 1024, file);
        let rows = zengin::ZenginRows::open(&name, source, zengin::has_line_breaks(&prefix))?;
        return Ok(stream(Rows::Zengin(rows), "zengin", true));
    }
    file.seek(std::io::SeekFrom::Start(bom as u64))
        .map_err(&unreadable)?;
    let decoded = |file| {
        BufReader::with_capacity(64 * 1024, stream::BackgroundDecoder::spawn(file, encoding))
    };
    Ok(match format {
        Format::Ofx => {
            let rows = ofx::OfxRows::new(&name, decoded(file));
            stream(Rows::Ofx(rows), "ofx", true)
        }
        Format::Camt053 => {
            let rows = camt::CamtRows::new(&name, decoded(file));
            // Entries without the bank's reference get fingerprints.
            stream(Rows::Camt(rows), "camt053", false)
        }
        Format::Csv | Format::Zengin => {
            let records = csv_records(&name, file, encoding, delimiter, 0);
            let rows = csv::CsvRows::open_for(records, mapping)?;
            let (layout, has_row_ids) = (rows.columns.id.clone(), rows.columns.has_row_ids());
            let years = years::RowYears::for_file(&rows.preamble, options, MAX_UNDECIDED_ROWS);
            RowStream {
                years,
                ..stream(Rows::Csv(Box::new(rows)), &layout, has_row_ids)
            }
        }
    })
}

/// Opens a statement file to be read in up to `parts` parts side by side, one per core: the rows
/// of the first part, then of each later part, are the file's rows in order, with the file's
/// lines. A large CSV export in CP932 or UTF-8 whose dates carry their year is cut at record ends
/// (see [`split`]); any other file is one part, as [`open_rows`] opens it.
///
/// The first part can be read at once: the cuts are looked for on a thread of their own
/// meanwhile, and the later parts open when they are found ([`LaterParts::wait`]).
pub fn open_parts(
    path: &Path,
    options: &ImportOptions,
    parts: usize,
) -> Result<(RowStream, LaterParts), ImportError> {
    match open_cut(path, options, parts) {
        Ok(Some(opened)) => Ok(opened),
        // Not worth cutting, or not cuttable; and a first part that fails to open (no header
        // before the first cut, say) is left to the one-part reader, which says what is wrong.
        Ok(None) | Err(_) => Ok((open_rows(path, options)?, LaterParts(None))),
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
}

impl LaterParts {
    /// The later parts in file order, once their cuts are found; none when the file is read in
    /// one part.
    pub fn wait(self) -> Result<Vec<RowStream>, ImportError> {
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
                &columns.id,
                columns.has_row_ids(),
            ));
        }
        Ok(parts)
    }
}

/// The first part of a file worth cutting, with the search for the other cuts started; `None`
/// for a file read in one part.
fn open_cut(
    path: &Path,
    options: &ImportOptions,
    parts: usize,
) -> Result<Option<(RowStream, LaterParts)>, ImportError> {
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
    } = Sniffed::read(&mut file, options, None).map_err(&unreadable)?;
    // The search for cuts follows the quotes of a comma-separated file.
    if !raw_cells::RawCells::reads(encoding) || format != Format::Csv || delimiter != b',' {
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
    let years = years::RowYears::for_file(&rows.preamble, options, MAX_UNDECIDED_ROWS);
    if !years.takes_dates_as_written() {
        // The year of a date without one depends on the rows before it: read in order.
        return Ok(None);
    }
    let columns = rows.columns.clone();
    let first = RowStream::new(
        Rows::Csv(Box::new(rows)),
        &name,
        &columns.id,
        columns.has_row_ids(),
    );
    let later = CutSearch {
        cuts,
        path: path.to_owned(),
        name: name.clone(),
        encoding,
        bom,
        columns,
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
) -> csv::Records<'static, Box<dyn std::io::Read + Send>> {
    let (text, raw): (Box<dyn std::io::Read + Send>, _) = if raw_cells::RawCells::reads(encoding) {
        let raw = raw_cells::RawCells::new(encoding);
        (Box::new(stream::RawText::new(source)), Some(raw))
    } else {
        let decoded = stream::BackgroundDecoder::spawn_after(source, encoding, lines_before);
        (Box::new(decoded), None)
    };
    let lines = csv::Lines::Reader { lines_before };
    csv::Records::new(name, text, delimiter, lines, raw)
}

/// Reads a CSV statement file through a person's own [`mapping::Mapping`], for an export no
/// known layout fits. The same checks as any import: size, encoding, every row or none.
pub fn read_file_mapped(
    path: &Path,
    mapping: &mapping::Mapping,
    options: &ImportOptions,
) -> Result<Statement, ImportError> {
    let name = file_name(path);
    let bytes = read_bounded(path, &name)?;
    let text = decode::decode(&name, &bytes, options.encoding)?;
    csv::read_mapped(&name, &text, mapping, options)
}

/// Reads a statement from bytes; `name` names the file in errors and in the statement.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Statement, ImportError> {
    read_bytes_with(name, bytes, &ImportOptions::default())
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

/// Reads a statement from bytes with what the person said about it.
pub fn read_bytes_with(
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Statement, ImportError> {
    read_bytes_by(name, bytes, options, &mut Watcher::unwatched())
}

fn read_bytes_by(
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
    watcher: &mut Watcher<'_>,
) -> Result<Statement, ImportError> {
    if zengin::looks_like(bytes) {
        return zengin::read(name, bytes, watcher);
    }
    let text = decode::decode(name, bytes, options.encoding)?;
    let format = Format::detect(bytes, Some(&text));
    read_text_as(format, name, bytes, &text, options, watcher)
}

/// [`read_bytes_by`], taking the bytes so that they are let go once decoded: a large file is not
/// held as bytes and as text at once.
fn read_owned_by(
    name: &str,
    bytes: Vec<u8>,
    options: &ImportOptions,
    watcher: &mut Watcher<'_>,
) -> Result<Statement, ImportError> {
    if zengin::looks_like(&bytes) {
        return zengin::read(name, &bytes, watcher);
    }
    let format_of = |text: &str| Format::detect(&[], Some(text));
    let text = decode::decode_owned(name, bytes, options.encoding)?;
    // Zengin was ruled out above, so no reader below needs the bytes as they were.
    read_text_as(
        format_of(&text),
        name,
        text.as_bytes(),
        &text,
        options,
        watcher,
    )
}

/// Reads a statement as `format`, whatever it looks like.
pub fn read_bytes_as(
    format: Format,
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Statement, ImportError> {
    let watcher = &mut Watcher::unwatched();
    if format == Format::Zengin {
        return zengin::read(name, bytes, watcher);
    }
    let text = decode::decode(name, bytes, options.encoding)?;
    read_text_as(format, name, bytes, &text, options, watcher)
}

fn read_text_as(
    format: Format,
    name: &str,
    bytes: &[u8],
    text: &str,
    options: &ImportOptions,
    watcher: &mut Watcher<'_>,
) -> Result<Statement, ImportError> {
    let mut statement = match format {
        Format::Zengin => zengin::read(name, bytes, watcher)?,
        Format::Ofx => ofx::read(name, text, watcher)?,
        Format::Camt053 => camt::read(name, text, watcher)?,
        Format::Csv => csv::read(name, text, options, watcher)?,
    };
    statement.notes.extend(decode::unreadable_characters(text));
    Ok(statement)
}
