//! Decoding a statement file as it is read, for files too large to hold as text: the encoding is
//! chosen from the first megabyte (a byte-order mark, else UTF-8 if that much is valid UTF-8, else
//! CP932, as [`super::decode`] chooses for a whole file), and the bytes are decoded chunk by
//! chunk, strictly: a byte sequence that is not text stops the file with its line, as a whole-file
//! decode does. Line ends are written as `\n` (CRLF and lone CR alike), so the CSV reader's own
//! line count is the file's.

use std::io::{self, BufRead, BufReader, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, SHIFT_JIS, UTF_8};

/// How much of the file decides its encoding.
pub const SNIFF_BYTES: usize = 1024 * 1024;

/// The encoding of a file that starts with `prefix`, and the length of its byte-order mark.
pub fn sniff(prefix: &[u8], chosen: Option<&'static Encoding>) -> (&'static Encoding, usize) {
    match (chosen, Encoding::for_bom(prefix)) {
        (Some(chosen), Some((bom_encoding, bom_length))) if bom_encoding == chosen => {
            (chosen, bom_length)
        }
        (Some(chosen), _) => (chosen, 0),
        (None, Some((encoding, bom_length))) => (encoding, bom_length),
        (None, None) => match super::decode::declared(prefix) {
            Some(declared) => (declared, 0),
            None => detect_utf8_or_cp932(prefix),
        },
    }
}

/// UTF-8 when the bytes are (a multi-byte character cut off at the end still counts), else CP932.
fn detect_utf8_or_cp932(prefix: &[u8]) -> (&'static Encoding, usize) {
    match std::str::from_utf8(prefix) {
        Ok(_) => (UTF_8, 0),
        Err(error) if error.error_len().is_none() => (UTF_8, 0),
        Err(_) => (SHIFT_JIS, 0),
    }
}

/// A reader of decoded UTF-8 text over a reader of encoded bytes.
pub struct DecodingReader<R> {
    source: BufReader<R>,
    decoder: Decoder,
    encoding: &'static Encoding,
    /// Decoded text not yet handed out (UTF-8, line ends as `\n`).
    text: Vec<u8>,
    handed: usize,
    /// The line the decoder is on, for the error of a bad byte.
    line: u64,
    /// The last character decoded was a `\r`: a `\n` right after it belongs to it.
    after_cr: bool,
    /// The text so far ends with a line end (or is empty): at the end of a file that does not,
    /// one is added, so that every line of the text ends with one.
    ends_with_newline: bool,
    finished: bool,
}

/// Encoded bytes decoded at a time.
const RAW_BYTES: usize = 128 * 1024;

impl<R: Read> DecodingReader<R> {
    /// Decodes `source` (its byte-order mark already skipped) as `encoding`.
    pub fn new(source: R, encoding: &'static Encoding) -> Self {
        DecodingReader {
            source: BufReader::with_capacity(RAW_BYTES, source),
            decoder: encoding.new_decoder_without_bom_handling(),
            encoding,
            text: Vec::new(),
            handed: 0,
            line: 1,
            after_cr: false,
            ends_with_newline: true,
            finished: false,
        }
    }

    /// The next stretch of decoded text, as UTF-8 bytes with every line end written as `\n`;
    /// `None` at the end of the file.
    fn next_text(&mut self) -> io::Result<Option<Vec<u8>>> {
        while !self.finished {
            let chunk = self.source.fill_buf()?;
            let last = chunk.is_empty();
            let mut decoded = String::with_capacity(
                self.decoder
                    .max_utf8_buffer_length_without_replacement(chunk.len())
                    .unwrap_or(chunk.len() * 3 + 16),
            );
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(chunk, &mut decoded, last);
            self.source.consume(read);
            let mut text = decoded.into_bytes();
            line_ends_as_newlines(&mut text, &mut self.after_cr);
            if let Some(&last_byte) = text.last() {
                self.ends_with_newline = last_byte == b'\n';
            }

            self.line += memchr::memchr_iter(b'\n', &text).count() as u64;
            match result {
                DecoderResult::InputEmpty => {
                    self.finished = last;
                    if last && !self.ends_with_newline {
                        text.push(b'\n');
                        self.ends_with_newline = true;
                    }
                }
                DecoderResult::Malformed(_, _) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        BadBytes {
                            line: self.line,
                            encoding: encoding_label(self.encoding),
                        },
                    ))
                }
                // The buffer was sized for the whole chunk; decoding resumes on the next call.
                DecoderResult::OutputFull => {}
            }
            if !text.is_empty() {
                return Ok(Some(text));
            }
        }
        Ok(None)
    }
}

/// Writes every line end of decoded text (CRLF, or a lone CR from an old Mac export) as `\n`, in
/// place, so that a file has one kind of line end however it was saved, and reads the same whole
/// or streamed (a description quoted over two lines included). `\r` and `\n` are single bytes in
/// UTF-8, never part of another character, so the bytes stay UTF-8. `after_cr` carries a `\r`
/// that ended the previous stretch of the same text: a `\n` starting this one belongs to it.
pub(crate) fn line_ends_as_newlines(bytes: &mut Vec<u8>, after_cr: &mut bool) {
    let length = newlines_in_place(bytes, after_cr);
    bytes.truncate(length);
}

/// [`line_ends_as_newlines`] on a slice: the length of the text it now starts with.
fn newlines_in_place(bytes: &mut [u8], after_cr: &mut bool) -> usize {
    let mut read = 0;
    if *after_cr && !bytes.is_empty() {
        *after_cr = false;
        // The `\n` of a CRLF whose `\r` ended the previous stretch is already written.
        read = usize::from(bytes[0] == b'\n');
    }
    // Stretches between carriage returns move down as whole slices.
    let mut write = 0;
    while let Some(found) = memchr::memchr(b'\r', &bytes[read..]) {
        let cr = read + found;
        bytes.copy_within(read..cr, write);
        write += cr - read;
        bytes[write] = b'\n';
        write += 1;
        read = cr + 1;
        match bytes.get(read) {
            Some(b'\n') => read += 1,
            // Its `\n`, if any, comes with the next stretch.
            None => *after_cr = true,
            Some(_) => {}
        }
    }
    bytes.copy_within(read.., write);
    write + bytes.len() - read
}

/// A file's bytes as they are, but for line ends, written as `\n` as [`DecodingReader`] writes
/// them, and a line end added after a last line without one: for a CSV reader that decodes each
/// record itself (see [`super::raw_cells`]). In CP932 and UTF-8 a CR or LF byte is never part of
/// a character, so this changes nothing else.
pub(crate) struct RawText<R> {
    source: R,
    after_cr: bool,
    ends_with_newline: bool,
}

impl<R: Read> RawText<R> {
    pub(crate) fn new(source: R) -> Self {
        RawText {
            source,
            after_cr: false,
            ends_with_newline: true,
        }
    }
}

impl<R: Read> Read for RawText<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let read = self.source.read(out)?;
            if read == 0 {
                if self.ends_with_newline {
                    return Ok(0);
                }
                out[0] = b'\n';
                self.ends_with_newline = true;
                return Ok(1);
            }
            // A read of just the `\n` of a CRLF leaves nothing: read on.
            let length = newlines_in_place(&mut out[..read], &mut self.after_cr);
            if length > 0 {
                self.ends_with_newline = out[length - 1] == b'\n';
                return Ok(length);
            }
        }
    }
}

/// The encoding's name as errors give it.
pub fn encoding_label(encoding: &'static Encoding) -> &'static str {
    if encoding == SHIFT_JIS {
        "Shift_JIS (CP932)"
    } else {
        encoding.name()
    }
}

/// A byte sequence that is not text, carried through the CSV reader's io error.
#[derive(Debug)]
pub struct BadBytes {
    /// Its line.
    pub line: u64,
    /// The encoding it is not text in.
    pub encoding: &'static str,
}

impl std::fmt::Display for BadBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "bytes that are not {} text on line {}",
            self.encoding, self.line
        )
    }
}

impl std::error::Error for BadBytes {}

/// The error for a failed read of decoded text: a byte that is not text names its line; any
/// other failure (the disk, the file vanishing) names the file.
pub(crate) fn read_failed(file: &str, error: &io::Error) -> super::ImportError {
    use super::{ImportError, Location, Problem};
    match error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<BadBytes>())
    {
        Some(bad) => ImportError {
            file: file.to_owned(),
            location: Location::Line(bad.line),
            problem: Problem::Encoding {
                encoding: bad.encoding,
            },
        },
        None => ImportError {
            file: file.to_owned(),
            location: Location::File,
            problem: Problem::Unreadable(error.to_string()),
        },
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.handed == self.text.len() {
            match self.next_text()? {
                Some(text) => {
                    self.text = text;
                    self.handed = 0;
                }
                None => return Ok(0),
            }
        }
        let available = &self.text[self.handed..];
        let count = available.len().min(out.len());
        out[..count].copy_from_slice(&available[..count]);
        self.handed += count;
        Ok(count)
    }
}

/// Decodes on a thread of its own: a [`DecodingReader`] runs beside the reader of its text, and
/// hands the text over in chunks through a short queue. Reading a large file then uses both cores
/// of a small computer, one decoding while the other reads rows, with a few chunks in memory.
pub struct BackgroundDecoder {
    chunks: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    current: Vec<u8>,
    handed: usize,
}

/// Stretches of decoded text (each from [`RAW_BYTES`] of the file) waiting at most.
const CHUNKS_WAITING: usize = 4;

impl BackgroundDecoder {
    /// Starts decoding `source` (its byte-order mark already skipped) as `encoding`.
    pub fn spawn<R: Read + Send + 'static>(source: R, encoding: &'static Encoding) -> Self {
        Self::spawn_after(source, encoding, 0)
    }

    /// Starts decoding `source`, a part of a file that begins after `lines_before` lines (so
    /// that a bad byte names the file's line).
    pub(crate) fn spawn_after<R: Read + Send + 'static>(
        source: R,
        encoding: &'static Encoding,
        lines_before: u64,
    ) -> Self {
        let (send, chunks) = std::sync::mpsc::sync_channel(CHUNKS_WAITING);
        std::thread::spawn(move || {
            let mut decoder = DecodingReader::new(source, encoding);
            decoder.line += lines_before;
            loop {
                let next = decoder.next_text();
                let end = !matches!(next, Ok(Some(_)));
                let sent = match next {
                    Ok(Some(text)) => send.send(Ok(text)),
                    Ok(None) => return,
                    Err(error) => send.send(Err(error)),
                };
                // A reader that went away (the file was refused) ends the decoding too.
                if end || sent.is_err() {
                    return;
                }
            }
        });
        BackgroundDecoder {
            chunks,
            current: Vec::new(),
            handed: 0,
        }
    }
}

impl Read for BackgroundDecoder {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.handed == self.current.len() {
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    self.current = chunk;
                    self.handed = 0;
                }
                Ok(Err(error)) => return Err(error),
                // The decoder finished and hung up: the end of the text.
                Err(_) => return Ok(0),
            }
        }
        let available = &self.current[self.handed..];
        let count = available.len().min(out.len());
        out[..count].copy_from_slice(&available[..count]);
        self.handed += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::{sniff, DecodingReader};
    use encoding_rs::{SHIFT_JIS, UTF_8};
    use std::io::Read;

    fn decoded(bytes: &[u8]) -> Result<String, std::io::Error> {
        let (encoding, bom) = sniff(bytes, None);
        let mut text = String::new();
        // A tiny buffer, so characters and CRLF pairs are split across reads.
        let source = std::io::BufReader::with_capacity(3, &bytes[bom..]);
        DecodingReader::new(source, encoding).read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn cp932_and_line_ends_come_out_as_utf8_with_newlines() {
        let (bytes, _, _) = SHIFT_JIS.encode("日付,摘要\r\n2020/9/4,ﾄﾞｺﾓｺｳｻﾞ\r\nold mac\rend");
        assert_eq!(sniff(&bytes, None).0, SHIFT_JIS);
        assert_eq!(
            decoded(&bytes).unwrap(),
            "日付,摘要\n2020/9/4,ﾄﾞｺﾓｺｳｻﾞ\nold mac\nend\n",
            "the last line gets its line end too"
        );
    }

    /// A short text of CRLF, LF and lone CR line ends, ASCII and half-width katakana.
    fn lines_ending_every_way(random: &mut fastrand::Rng) -> String {
        (0..random.usize(0..60))
            .map(|_| random.choice(['a', 'ｱ', '\r', '\n', ',']).unwrap())
            .collect()
    }

    #[test]
    fn every_line_end_becomes_one_newline_however_the_reads_fall() {
        let mut random = fastrand::Rng::with_seed(9);
        for _ in 0..500 {
            let text = lines_ending_every_way(&mut random);
            let mut expected = text.replace("\r\n", "\n").replace('\r', "\n");
            if !expected.is_empty() && !expected.ends_with('\n') {
                expected.push('\n');
            }
            let (bytes, _, _) = SHIFT_JIS.encode(&text);
            let capacity = random.usize(1..8);
            let source = std::io::BufReader::with_capacity(capacity, &bytes[..]);
            let mut decoded = String::new();
            DecodingReader::new(source, SHIFT_JIS)
                .read_to_string(&mut decoded)
                .unwrap();
            assert_eq!(
                decoded, expected,
                "{text:?} read {capacity} bytes at a time"
            );
        }
    }

    #[test]
    fn raw_text_has_the_decoders_line_ends_however_the_reads_fall() {
        let mut random = fastrand::Rng::with_seed(11);
        for _ in 0..500 {
            let text = lines_ending_every_way(&mut random);
            let (bytes, _, _) = SHIFT_JIS.encode(&text);
            let capacity = random.usize(1..8);
            let mut raw = Vec::new();
            super::RawText::new(std::io::BufReader::with_capacity(capacity, &bytes[..]))
                .read_to_end(&mut raw)
                .unwrap();
            let mut decoded = String::new();
            DecodingReader::new(&bytes[..], SHIFT_JIS)
                .read_to_string(&mut decoded)
                .unwrap();
            let (expected, _, _) = SHIFT_JIS.encode(&decoded);
            assert_eq!(
                raw,
                &expected[..],
                "{text:?} read {capacity} bytes at a time"
            );
        }
    }

    #[test]
    fn utf8_with_a_bom_and_a_character_cut_by_the_sniff() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend("摘要\n".as_bytes());
        assert_eq!(sniff(&bytes, None), (UTF_8, 3));
        assert_eq!(decoded(&bytes).unwrap(), "摘要\n");
        let cut = &"摘要".as_bytes()[..4];
        assert_eq!(sniff(cut, None).0, UTF_8);
    }

    #[test]
    fn the_background_decoder_gives_the_same_text_and_the_same_error() {
        let original = "2020/9/4,ﾄﾞｺﾓｺｳｻﾞ\r\n".repeat(40_000);
        let (bytes, _, _) = SHIFT_JIS.encode(&original);
        let mut text = String::new();
        super::BackgroundDecoder::spawn(std::io::Cursor::new(bytes.to_vec()), SHIFT_JIS)
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "2020/9/4,ﾄﾞｺﾓｺｳｻﾞ\n".repeat(40_000));

        let mut bad = bytes.to_vec();
        bad.push(0x81);
        let error = super::BackgroundDecoder::spawn(std::io::Cursor::new(bad), SHIFT_JIS)
            .read_to_string(&mut String::new())
            .unwrap_err();
        assert!(error.to_string().contains("line 40001"), "{error}");
    }

    #[test]
    fn a_bad_byte_names_its_line() {
        let mut bytes = b"a\r\nb\r\n".to_vec();
        bytes.extend([0x82, 0xA0, 0x81]); // あ, then half a character
        let (encoding, _) = sniff(&bytes, Some(SHIFT_JIS));
        let mut text = String::new();
        let error = DecodingReader::new(&bytes[..], encoding)
            .read_to_string(&mut text)
            .unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
    }
}
