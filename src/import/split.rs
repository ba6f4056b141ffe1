//! Where a large CSV export can be cut so that its parts are read side by side, one per core: at
//! a line end that ends a record, never inside a quoted field (a description may hold a line
//! break inside quotes).
//!
//! The cut is found on the file's bytes before any decoding. That is sound for CP932 and UTF-8,
//! the encodings cut: in both, `"`, `,`, `\r` and `\n` are never part of a multi-byte character.
//! The quoting rules are the CSV reader's own (csv_core with its defaults): a quote opens a quoted
//! field only at the start of a field, a doubled quote inside one is a quote, and a quote in the
//! middle of an unquoted field is just a character.

use std::io::{self, Read};
use std::sync::mpsc::Receiver;

/// Files smaller than this are read in one part: they take a few tens of milliseconds, less than
/// starting the parts would save.
pub const MIN_SPLIT_BYTES: u64 = 8 * 1024 * 1024;

/// How long the search for the cuts takes over some bytes, against reading their rows: about a
/// sixth, measured on the benchmark export (28 ms against 175 ms for half of 1,000,000 rows).
const SEARCH_SHARE: f64 = 1.0 / 6.0;

/// Where to look for the cuts of a file of `size` bytes read in `parts` parts (byte offsets,
/// ascending). The first part is read from the start, while the search runs; the others start
/// once the search has passed the last target. So the first part is made longer than the others
/// by as much as it can read meanwhile, and all parts end about together.
pub(crate) fn targets(size: u64, parts: usize) -> Vec<u64> {
    // With the later parts L bytes each and the first F: F = SEARCH_SHARE * (F + (parts - 2) L) + L.
    let later = parts.saturating_sub(1) as f64;
    let first = (1.0 + SEARCH_SHARE * (later - 1.0).max(0.0)) / (1.0 - SEARCH_SHARE);
    (0..parts.saturating_sub(1))
        .map(|k| (size as f64 * (first + k as f64) / (first + later)) as u64)
        .collect()
}

/// A cut: the byte offset where a part begins (right after a line end), and how many line ends
/// come before it, so that the part's lines are counted as the file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cut {
    pub(crate) offset: u64,
    pub(crate) lines_before: u64,
}

/// Where the reader is within the CSV syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Outside any quoted field.
    Outside,
    Quoted,
    /// A quote inside a quoted field, at the end of what was read: it closes the field, or a
    /// second quote follows and stands for one.
    QuoteInQuoted,
}

/// The cuts at or after each of `targets` (ascending byte offsets) in `source`, read from its
/// first byte; fewer when the file ends first. Line ends are counted as the decoder counts them:
/// `\n`, `\r\n` and a lone `\r` each end one line.
///
/// Only quotes and line ends matter, so the reader jumps from one to the next (memchr): a quote
/// opens a quoted field when it follows a comma, a line end or the start of the file.
pub(crate) fn cuts(mut source: impl Read, targets: &[u64]) -> io::Result<Vec<Cut>> {
    let mut cuts = Vec::with_capacity(targets.len());
    let mut state = Quoting::Outside;
    let mut lines = 0u64;
    // The byte before the current one, across reads; a line end stands for the file's start.
    let mut previous = b'\n';
    // A `\r` ended the last read: it is a line end of its own unless a `\n` comes next.
    let mut after_cr = false;
    let mut start = 0u64;
    let mut buffer = vec![0u8; 256 * 1024];
    'reads: while cuts.len() < targets.len() {
        let read = source.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        let bytes = &buffer[..read];
        if std::mem::take(&mut after_cr) && bytes[0] != b'\n' {
            lines += 1;
        }
        let mut at = 0;
        while at < bytes.len() {
            if state == Quoting::QuoteInQuoted {
                // A doubled quote stays inside the field; anything else follows its end.
                state = if bytes[at] == b'"' {
                    at += 1;
                    Quoting::Quoted
                } else {
                    Quoting::Outside
                };
                continue;
            }
            let Some(found) = memchr::memchr3(b'"', b'\n', b'\r', &bytes[at..]) else {
                break;
            };
            let position = at + found;
            let before = if position == 0 {
                previous
            } else {
                bytes[position - 1]
            };
            at = position + 1;
            match bytes[position] {
                b'"' => {
                    state = match state {
                        Quoting::Quoted => Quoting::QuoteInQuoted,
                        _ if matches!(before, b',' | b'\n' | b'\r') => Quoting::Quoted,
                        other => other,
                    }
                }
                b'\r' => match bytes.get(at) {
                    Some(b'\n') => {}
                    Some(_) => lines += 1,
                    None => after_cr = true,
                },
                _ => {
                    lines += 1;
                    let offset = start + at as u64;
                    if state == Quoting::Outside && offset >= targets[cuts.len()] {
                        cuts.push(Cut {
                            offset,
                            lines_before: lines,
                        });
                        if cuts.len() == targets.len() {
                            break 'reads;
                        }
                    }
                }
            }
        }
        previous = bytes[bytes.len() - 1];
        start += read as u64;
    }
    Ok(cuts)
}

/// The bytes of a file's first part, read while its end is still being looked for: every byte
/// before `target` at once (the cut is past it), then, once [`cuts`] has found it on another
/// thread, those up to the cut. Should the search end without a cut, the part is the whole file.
pub(crate) struct FirstPart<R> {
    source: R,
    read: u64,
    end: End,
}

enum End {
    /// Not yet known, but at or past `target`; `cut` will tell.
    Awaited {
        target: u64,
        cut: Receiver<u64>,
    },
    Known(u64),
}

impl<R: Read> FirstPart<R> {
    /// The bytes of `source` up to the cut at or past `target` that `cut` will give.
    pub(crate) fn new(source: R, target: u64, cut: Receiver<u64>) -> Self {
        FirstPart {
            source,
            read: 0,
            end: End::Awaited { target, cut },
        }
    }
}

impl<R: Read> Read for FirstPart<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let end = match &self.end {
            End::Known(end) => *end,
            End::Awaited { target, .. } if self.read < *target => *target,
            End::Awaited { cut, .. } => {
                // The search gone without a word (it failed) leaves the whole file to this part.
                let end = cut.recv().unwrap_or(u64::MAX);
                self.end = End::Known(end);
                end
            }
        };
        let room = usize::try_from(end - self.read).unwrap_or(usize::MAX);
        let length = out.len().min(room);
        if length == 0 {
            return Ok(0);
        }
        let read = self.source.read(&mut out[..length])?;
        self.read += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::{cuts, Cut, FirstPart};
    use std::io::Read;

    #[test]
    fn the_first_part_is_longer_by_what_it_reads_while_the_cuts_are_found() {
        assert_eq!(super::targets(1_000, 1), Vec::<u64>::new());
        let [cut] = super::targets(1_100, 2)[..] else {
            panic!("one cut")
        };
        assert_eq!(cut, 600, "first part 1.2 times the second");
        let four = super::targets(1_000_000, 4);
        assert_eq!(four.len(), 3);
        let lengths: Vec<u64> = four.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(four[0] > lengths[0] && lengths[0] == lengths[1], "{four:?}");
        assert!(four[2] < 1_000_000);
    }

    #[test]
    fn the_first_part_reads_to_its_target_then_waits_for_the_cut() {
        let bytes: Vec<u8> = (0..100).collect();
        let (send, cut) = std::sync::mpsc::channel();
        let mut part = FirstPart::new(&bytes[..], 40, cut);
        let mut start = [0; 64];
        assert_eq!(
            part.read(&mut start).unwrap(),
            40,
            "nothing past the target yet"
        );
        send.send(55).unwrap();
        let mut rest = Vec::new();
        part.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, &bytes[40..55]);

        let (send, cut) = std::sync::mpsc::channel::<u64>();
        drop(send);
        let mut whole = Vec::new();
        FirstPart::new(&bytes[..], 40, cut)
            .read_to_end(&mut whole)
            .unwrap();
        assert_eq!(whole, bytes, "no cut: the whole file");
    }

    fn cut_at(text: &str, target: u64) -> Option<Cut> {
        cuts(text.as_bytes(), &[target]).unwrap().first().copied()
    }

    #[test]
    fn a_cut_comes_after_the_first_line_end_at_or_past_the_target() {
        let text = "a,b\n1,2\n3,4\n";
        assert_eq!(
            cut_at(text, 5),
            Some(Cut {
                offset: 8,
                lines_before: 2
            })
        );
        assert_eq!(
            cut_at(text, 0),
            Some(Cut {
                offset: 4,
                lines_before: 1
            })
        );
        assert_eq!(cut_at(text, 13), None);
    }

    #[test]
    fn never_inside_a_quoted_field_with_line_breaks_or_doubled_quotes() {
        let text = "a,b\n1,\"x\ny\"\"\nz\"\n2,w\n";
        // Line ends at 3, 8 and 13 are inside the quoted field (the doubled quote keeps it open).
        let cut = cut_at(text, 5).unwrap();
        assert_eq!(&text[cut.offset as usize..], "2,w\n");
        assert_eq!(cut.lines_before, 4);
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_opens_nothing() {
        let text = "a,b\n1,ab\"c\n2,d\n";
        let cut = cut_at(text, 5).unwrap();
        assert_eq!(&text[cut.offset as usize..], "2,d\n");
    }

    #[test]
    fn lines_are_counted_as_the_decoder_counts_them() {
        // CRLF is one line end, a lone CR one too; the cut is only ever after a `\n`.
        let text = "a\r\nb\rc\r\nd\n";
        assert_eq!(
            cut_at(text, 4),
            Some(Cut {
                offset: 8,
                lines_before: 3
            })
        );
    }

    fn records(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut reader = crate::import::csv::csv_reader(text, b',');
        reader
            .byte_records()
            .map(|record| record.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    /// The property the parts rely on: the records of the text before a cut, then of the text
    /// after it, are the records of the whole text, whatever the quotes and line ends.
    #[test]
    fn the_records_either_side_of_a_cut_are_the_records_of_the_whole() {
        let mut random = fastrand::Rng::with_seed(2020);
        let mut cuts_checked = 0;
        for _ in 0..3_000 {
            let length = random.usize(1..80);
            let text: Vec<u8> = (0..length)
                .map(|_| *random.choice(b"ab,,\"\"\n\r\xef").unwrap())
                .collect();
            let targets: Vec<u64> = (1..4).map(|k| (length * k / 4) as u64).collect();
            for cut in cuts(&text[..], &targets).unwrap() {
                let at = cut.offset as usize;
                let mut joined = records(&text[..at]);
                joined.extend(records(&text[at..]));
                assert_eq!(
                    joined,
                    records(&text),
                    "{:?} cut at {at}",
                    String::from_utf8_lossy(&text)
                );
                let counted = text[..at].iter().enumerate().filter(|&(i, &b)| {
                    b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n'))
                });
                assert_eq!(cut.lines_before, counted.count() as u64);
                cuts_checked += 1;
            }
        }
        assert!(cuts_checked > 1_000, "{cuts_checked}");
    }

    #[test]
    fn several_targets_in_one_pass() {
        let text = "h\n".to_owned() + &"1,2\n".repeat(10);
        let found = cuts(text.as_bytes(), &[10, 20, 30]).unwrap();
        let offsets: Vec<u64> = found.iter().map(|c| c.offset).collect();
        assert_eq!(offsets, [10, 22, 30]);
        assert_eq!(found[2].lines_before, 8);
    }
}
