//! How far the reading of one file has got, for a person watching a large import: ten years of
//! history take a second or more to read, long enough to want a bar that moves and a Cancel that
//! acts at once, not only once the file has been read.
//!
//! Progress is counted in bytes of the file's text taken by the parser, so it moves evenly in
//! every format, a camt.053 written on one line included.

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use super::{ImportError, Location, Problem};

/// How far reading one file has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Bytes of the file's text read so far.
    pub read: u64,
    /// Bytes of the file's text in all.
    pub total: u64,
}

/// Rows between two reports: often enough for a bar to move smoothly and a Cancel to act within
/// a few milliseconds, rarely enough to cost nothing.
const ROWS_PER_REPORT: u32 = 4096;

/// The watch of one file's reading, handed to the parser: it counts the bytes its source gives,
/// reports every [`ROWS_PER_REPORT`] rows, and stops the file when the watch answers false.
pub(crate) struct Watcher<'w> {
    watch: Option<&'w mut dyn FnMut(ReadProgress) -> bool>,
    read: Rc<Cell<u64>>,
    total: u64,
    rows: u32,
}

impl<'w> Watcher<'w> {
    /// Nobody watches: nothing is reported and reading never stops early.
    pub(crate) fn unwatched() -> Watcher<'static> {
        Watcher {
            watch: None,
            read: Rc::default(),
            total: 0,
            rows: 0,
        }
    }

    /// Reports to `watch`, which answers whether to go on.
    pub(crate) fn new(watch: &'w mut dyn FnMut(ReadProgress) -> bool) -> Self {
        Watcher {
            watch: Some(watch),
            ..Watcher::unwatched()
        }
    }

    /// `source`, counted: the file's text (or bytes, for a Zengin file) of `total` bytes.
    pub(crate) fn count<R>(&mut self, source: R, total: usize) -> Counted<R> {
        self.total = total as u64;
        self.read.set(0);
        Counted {
            source,
            read: Rc::clone(&self.read),
        }
    }

    /// After each row of `file`: now and then, says how far, and stops when asked to.
    pub(crate) fn row(&mut self, file: &str) -> Result<(), ImportError> {
        let Some(watch) = self.watch.as_mut() else {
            return Ok(());
        };
        self.rows += 1;
        if self.rows < ROWS_PER_REPORT {
            return Ok(());
        }
        self.rows = 0;
        let progress = ReadProgress {
            read: self.read.get().min(self.total),
            total: self.total,
        };
        if watch(progress) {
            Ok(())
        } else {
            Err(ImportError::new(file, Location::File, Problem::Stopped))
        }
    }
}

/// A source whose bytes taken are counted for its [`Watcher`].
pub(crate) struct Counted<R> {
    source: R,
    read: Rc<Cell<u64>>,
}

impl<R> Counted<R> {
    fn add(&self, bytes: usize) {
        self.read.set(self.read.get() + bytes as u64);
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.source.read(buf)?;
        self.add(read);
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.source.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.add(amount);
        self.source.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_few_thousand_rows_with_the_bytes_taken_and_stops_when_told() {
        let text = vec![b'x'; 10_000];
        let mut reports = Vec::new();
        let mut watch = |progress: ReadProgress| {
            reports.push(progress);
            reports.len() < 2
        };
        let mut watcher = Watcher::new(&mut watch);
        let mut source = watcher.count(&text[..], text.len());
        let mut stopped = None;
        for row in 0..3 * ROWS_PER_REPORT {
            let mut byte = [0u8; 1];
            if row < 10_000 {
                source.read_exact(&mut byte).unwrap();
            }
            if let Err(error) = watcher.row("big.csv") {
                stopped = Some((row, error));
                break;
            }
        }
        let (row, error) = stopped.expect("the watch said stop");
        assert_eq!(row + 1, 2 * ROWS_PER_REPORT);
        assert_eq!(error.problem, Problem::Stopped);
        assert_eq!(error.file, "big.csv");
        assert_eq!(
            reports,
            [
                ReadProgress {
                    read: u64::from(ROWS_PER_REPORT),
                    total: 10_000
                },
                ReadProgress {
                    read: u64::from(2 * ROWS_PER_REPORT),
                    total: 10_000
                }
            ]
        );
    }

    #[test]
    fn an_unwatched_read_never_stops() {
        let mut watcher = Watcher::unwatched();
        for _ in 0..3 * ROWS_PER_REPORT {
            watcher.row("f.csv").unwrap();
        }
    }
}
