//! How far the reading of one file has got, for a person watching a large import: ten years of
//! history take a second or more to read, long enough to want a bar that moves and a Cancel that
//! acts at once, not only once the file has been read.
//!
//! Progress is counted in bytes of the file taken from the disk, so it moves evenly in every
//! format, a camt.053 written on one line included. The bytes may be taken on a decoder's thread
//! while rows are read on another, so the count is shared.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::{ImportError, Location, Problem};

/// How far reading one file has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Bytes of the file read so far.
    pub read: u64,
    /// Bytes of the file in all.
    pub total: u64,
}

/// Rows between two reports: often enough for a bar to move smoothly and a Cancel to act within
/// a few milliseconds, rarely enough to cost nothing.
const ROWS_PER_REPORT: u32 = 4096;

/// The bytes of a file taken so far, counted by its [`Counted`] source.
#[derive(Debug, Clone, Default)]
pub(crate) struct BytesTaken(Arc<AtomicU64>);

impl BytesTaken {
    fn add(&self, bytes: usize) {
        self.0.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// Where reading is: at `at` from the file's start (after a seek).
    fn set(&self, at: u64) {
        self.0.store(at, Ordering::Relaxed);
    }

    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A file's bytes, counted as they are taken.
pub(crate) struct Counted<R> {
    source: R,
    taken: BytesTaken,
}

impl<R> Counted<R> {
    pub(crate) fn new(source: R, taken: BytesTaken) -> Self {
        Counted { source, taken }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.source.read(buf)?;
        self.taken.add(read);
        Ok(read)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let at = self.source.seek(to)?;
        self.taken.set(at);
        Ok(at)
    }
}

/// The ticker over one file's rows: every [`ROWS_PER_REPORT`] rows it tells the request's
/// `progress` how far, and stops the file when that answers false.
pub(crate) struct Ticker<'a> {
    progress: Option<&'a (dyn Fn(ReadProgress) -> bool + Sync)>,
    taken: BytesTaken,
    total: u64,
    rows: u32,
}

impl<'a> Ticker<'a> {
    pub(crate) fn new(
        progress: Option<&'a (dyn Fn(ReadProgress) -> bool + Sync)>,
        taken: BytesTaken,
        total: u64,
    ) -> Self {
        Ticker {
            progress,
            taken,
            total,
            rows: 0,
        }
    }

    /// After each row of `file`: now and then, says how far, and stops when asked to.
    pub(crate) fn row(&mut self, file: &str) -> Result<(), ImportError> {
        let Some(progress) = self.progress else {
            return Ok(());
        };
        self.rows += 1;
        if self.rows < ROWS_PER_REPORT {
            return Ok(());
        }
        self.rows = 0;
        let read = ReadProgress {
            read: self.taken.get().min(self.total),
            total: self.total,
        };
        if progress(read) {
            Ok(())
        } else {
            Err(ImportError::new(file, Location::File, Problem::Stopped))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn reports_every_few_thousand_rows_with_the_bytes_taken_and_stops_when_told() {
        let text = vec![b'x'; 10_000];
        let reports = Mutex::new(Vec::new());
        let progress = |read: ReadProgress| {
            let mut reports = reports.lock().unwrap();
            reports.push(read);
            reports.len() < 2
        };
        let taken = BytesTaken::default();
        let mut ticker = Ticker::new(Some(&progress), taken.clone(), 10_000);
        let mut source = Counted::new(&text[..], taken);
        let mut stopped = None;
        for row in 0..3 * ROWS_PER_REPORT {
            let mut byte = [0u8; 1];
            if row < 10_000 {
                source.read_exact(&mut byte).unwrap();
            }
            if let Err(error) = ticker.row("big.csv") {
                stopped = Some((row, error));
                break;
            }
        }
        let (row, error) = stopped.expect("the progress said stop");
        assert_eq!(row + 1, 2 * ROWS_PER_REPORT);
        assert_eq!(error.problem, Problem::Stopped);
        assert_eq!(error.file, "big.csv");
        assert_eq!(
            *reports.lock().unwrap(),
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
        let mut ticker = Ticker::new(None, BytesTaken::default(), 0);
        for _ in 0..3 * ROWS_PER_REPORT {
            ticker.row("f.csv").unwrap();
        }
    }
}
