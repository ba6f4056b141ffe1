//! Watches the shape of a CSV as its bytes pass to the CSV reader: its quotes, and the length of
//! its lines. Remembers the first fault found.
//!
//! A line longer than [`MAX_LINE_BYTES`] stops the reading at once: a statement's rows are short,
//! and the CSV reader would otherwise hold a line of millions of cells at many times its size.
//!
//! The CSV reader is lenient, and that leniency can hide rows: a stray `"` at the start of a
//! row's last cell opens a quoted field that swallows every following line up to the next quote
//! (or the end of the file), and the text after a closing quote is silently glued to the cell.
//! A statement with one row fewer can then be judged "nothing unfamiliar". So a quote that is
//! never closed, or a closing quote followed by anything but spaces and the end of the cell, is
//! an error naming the line where the quote is.
//!
//! The rules are the CSV reader's own (csv_core's defaults): a quote is special only at the start
//! of a cell; inside a quoted cell, `""` is a quote; the cell ends at the quote that is followed by
//! the delimiter or a line end. The delimiter and the quote are ASCII, never part of a longer
//! character in UTF-8 or CP932, so the bytes can be watched before they are decoded.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The longest line (or quoted cell) a statement may have: a bank's row is a few hundred bytes.
pub const MAX_LINE_BYTES: u64 = 1024 * 1024;

/// A quote out of place or a line too long, found while the bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fault {
    /// Where it is, counted in bytes from the start of what the reader reads.
    pub(crate) offset: u64,
    /// Its line, counted from 1 in what the reader reads, where every line ends with `\n` (a
    /// reader of text with other line ends finds the line from the offset).
    pub(crate) line: u64,
    /// What is wrong with it.
    pub(crate) kind: FaultKind,
}

/// How a quote is out of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// A quoted cell runs to the end of the file: its closing quote is missing.
    NeverClosed,
    /// Text follows a cell's closing quote before the next delimiter.
    TextAfterClose,
    /// A line, or a quoted cell, is longer than [`MAX_LINE_BYTES`]: reading stopped there.
    TooLong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell.
    CellStart,
    /// In a cell that did not begin with a quote: quotes are text.
    Unquoted,
    /// In a quoted cell.
    Quoted,
    /// Just after a quote inside a quoted cell: a second quote is text, anything else closes it.
    QuoteInQuoted,
    /// After a quoted cell's closing quote, where only spaces may come before the delimiter.
    Closed,
}

/// The first stray quote a [`ShapeCheck`] found, shared with whoever reads the records (perhaps on
/// another thread). Looking costs one atomic load, as it is done after every record.
#[derive(Debug, Clone)]
pub(crate) struct FaultFound(Arc<Found>);

#[derive(Debug)]
struct Found {
    /// The stray quote's offset, or `u64::MAX` while none is found.
    offset: AtomicU64,
    stray: Mutex<Option<Fault>>,
}

impl Default for FaultFound {
    fn default() -> Self {
        FaultFound(Arc::new(Found {
            offset: AtomicU64::new(u64::MAX),
            stray: Mutex::new(None),
        }))
    }
}

impl FaultFound {
    /// The first stray quote found before byte `offset`, if any.
    pub(crate) fn before(&self, offset: u64) -> Option<Fault> {
        if self.0.offset.load(Ordering::Acquire) >= offset {
            return None;
        }
        self.get()
    }

    /// The first stray quote found so far.
    pub(crate) fn get(&self) -> Option<Fault> {
        *self
            .0
            .stray
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set(&self, stray: Fault) {
        let mut slot = self
            .0
            .stray
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.is_none() {
            *slot = Some(stray);
            self.0.offset.store(stray.offset, Ordering::Release);
        }
    }
}

/// A reader that passes bytes through unchanged while it follows the quoting of the CSV in them.
pub(crate) struct ShapeCheck<R> {
    inner: R,
    delimiter: u8,
    state: State,
    /// Bytes passed before the current read.
    offset: u64,
    /// `\n`s passed before the current read (so the line of a byte is one more than those
    /// before it, where every line ends with `\n`).
    newlines: u64,
    /// Where the quoted cell now open began, and its line.
    opened: (u64, u64),
    /// Where the current line began (just after the last line end), and its line.
    line_start: (u64, u64),
    found: FaultFound,
}

impl<R: Read> ShapeCheck<R> {
    /// Watches `inner`, a CSV with `delimiter` between its cells, reporting to `found`.
    pub(crate) fn new(inner: R, delimiter: u8, found: FaultFound) -> Self {
        ShapeCheck {
            inner,
            delimiter,
            state: State::CellStart,
            offset: 0,
            newlines: 0,
            opened: (0, 1),
            line_start: (0, 1),
            found,
        }
    }

    fn is_cell_end(&self, byte: u8) -> bool {
        byte == self.delimiter || byte == b'\n' || byte == b'\r'
    }

    /// Follows the quoting through `bytes`, jumping from quote to quote: most cells of an export
    /// hold none, so the bytes between are not looked at one by one.
    fn follow(&mut self, bytes: &[u8]) {
        // The newlines before `counted`, for the line of a quote found in this read.
        let mut lines = Lines {
            bytes,
            counted: 0,
            newlines: self.newlines,
        };
        // Where in these bytes the quoted cell last opened began: its line is counted only if
        // it is still open at their end (nearly every quoted cell closes on its own line).
        let mut opened_here = None;
        let mut at = 0;
        while at < bytes.len() {
            match self.state {
                State::CellStart | State::Unquoted => {
                    let Some(quote) = memchr::memchr(b'"', &bytes[at..]).map(|i| at + i) else {
                        self.state = match bytes.last() {
                            Some(&last) if self.is_cell_end(last) => State::CellStart,
                            _ => State::Unquoted,
                        };
                        break;
                    };
                    let at_cell_start = if quote == at {
                        self.state == State::CellStart
                            || quote > 0 && self.is_cell_end(bytes[quote - 1])
                    } else {
                        self.is_cell_end(bytes[quote - 1])
                    };
                    if at_cell_start {
                        opened_here = Some(quote);
                        self.state = State::Quoted;
                    } else {
                        self.state = State::Unquoted;
                    }
                    at = quote + 1;
                }
                State::Quoted => match memchr::memchr(b'"', &bytes[at..]) {
                    Some(i) => {
                        self.state = State::QuoteInQuoted;
                        at += i + 1;
                    }
                    None => break,
                },
                State::QuoteInQuoted | State::Closed => {
                    let byte = bytes[at];
                    self.state = if byte == b'"' && self.state == State::QuoteInQuoted {
                        State::Quoted
                    } else if self.is_cell_end(byte) {
                        State::CellStart
                    } else if byte == b' ' {
                        State::Closed
                    } else {
                        self.found.set(Fault {
                            offset: self.offset + at as u64,
                            line: lines.line_at(at),
                            kind: FaultKind::TextAfterClose,
                        });
                        State::Unquoted
                    };
                    at += 1;
                }
            }
        }
        // The last quote opened is after any fault above, so lines are still asked in order.
        if let (State::Quoted, Some(quote)) = (self.state, opened_here) {
            self.opened = (self.offset + quote as u64, lines.line_at(quote));
        }
        if let Some(last) = memchr::memrchr2(b'\n', b'\r', bytes) {
            self.line_start = (self.offset + last as u64 + 1, lines.line_at(last + 1));
        }
        self.newlines = lines.line_at(bytes.len()) - 1;
        self.offset += bytes.len() as u64;
    }

    /// A fault for a line, or a quoted cell, that has grown past [`MAX_LINE_BYTES`].
    fn too_long(&self) -> Option<Fault> {
        let (start, line) = match self.state {
            State::Quoted => self.opened,
            _ => self.line_start,
        };
        (self.offset - start > MAX_LINE_BYTES).then_some(Fault {
            offset: start,
            line,
            kind: FaultKind::TooLong,
        })
    }

    fn finish(&mut self) {
        if self.state == State::Quoted {
            let (offset, line) = self.opened;
            self.found.set(Fault {
                offset,
                line,
                kind: FaultKind::NeverClosed,
            });
        }
    }
}

/// The lines of the bytes of one read, counted only as far as asked.
struct Lines<'a> {
    bytes: &'a [u8],
    counted: usize,
    newlines: u64,
}

impl Lines<'_> {
    /// The line of the byte at `at` (no less than any asked before).
    fn line_at(&mut self, at: usize) -> u64 {
        let at = at.max(self.counted);
        self.newlines += memchr::memchr_iter(b'\n', &self.bytes[self.counted..at]).count() as u64;
        self.counted = at;
        self.newlines + 1
    }
}

impl<R: Read> Read for ShapeCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        if read == 0 {
            self.finish();
        } else {
            self.follow(&buf[..read]);
            if let Some(fault) = self.too_long() {
                self.found.set(fault);
                // Stop here: the reader would hold the whole line. The error that reaches the
                // person is the fault's, with its line.
                return Err(std::io::Error::other("a line is too long"));
            }
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Option<Fault> {
        let found = FaultFound::default();
        let mut reader = ShapeCheck::new(text.as_bytes(), b',', found.clone());
        // Small reads, so that state carries across them.
        let mut buf = [0u8; 3];
        while reader.read(&mut buf).unwrap() > 0 {}
        found.get()
    }

    #[test]
    fn well_formed_quoting_passes() {
        assert_eq!(check("a,\"b,c\",d\n\"x\"\"y\",\"\"\r\n1,2\"3,4\n"), None);
        assert_eq!(check("\"over\ntwo lines\",1\n"), None);
        assert_eq!(check("\"spaced\"  ,1\n"), None);
    }

    #[test]
    fn a_quote_never_closed_names_the_line_it_opens_on() {
        let stray = check("h1,h2\n1,ok\n2,\"swallows\n3,next row\n").unwrap();
        assert_eq!(stray.kind, FaultKind::NeverClosed);
        assert_eq!(stray.line, 3);
        assert_eq!(stray.offset, 13);
    }

    #[test]
    fn text_after_a_closing_quote_names_its_line() {
        let stray = check("h\r\n1,\"a\"b,c\r\n").unwrap();
        assert_eq!(stray.kind, FaultKind::TextAfterClose);
        assert_eq!(stray.line, 2);
    }

    #[test]
    fn a_swallowed_row_closed_by_a_later_quote_is_found() {
        let stray = check("1,\"memo\n2,\"next\"\n").unwrap();
        assert_eq!(stray.kind, FaultKind::TextAfterClose);
        assert_eq!(stray.line, 2);
    }

    #[test]
    fn a_line_past_the_limit_stops_the_reading_at_once() {
        let found = FaultFound::default();
        let mut text = b"h\n".to_vec();
        text.extend(std::iter::repeat_n(b',', MAX_LINE_BYTES as usize + 10));
        let mut reader = ShapeCheck::new(&text[..], b',', found.clone());
        let error = std::io::copy(&mut reader, &mut std::io::sink()).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::Other);
        let fault = found.get().unwrap();
        assert_eq!(
            (fault.kind, fault.line, fault.offset),
            (FaultKind::TooLong, 2, 2)
        );
    }

    #[test]
    fn tabs_delimit_when_the_file_is_tab_separated() {
        let found = FaultFound::default();
        let mut reader = ShapeCheck::new(&b"\"a\"\tb\n"[..], b'\t', found.clone());
        std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
        assert_eq!(found.get(), None);
    }
}
