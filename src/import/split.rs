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
/// thirteenth, measured on the benchmark export (15 ms against 200 ms for the first part of
/// 1,000,000 rows read in two).
const SEARCH_SHARE: f64 = 1.0 / 13.0;

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
    /// Right after a quote inside a quoted field: it closed the field, unless the next byte is a
    /// second quote, which stands for one.
    QuoteInQuoted,
}

/// The cuts at or after each of `targets` (ascending byte offsets) in `source`, read from its
/// first byte; fewer when the file ends first. Line ends are counted as the decoder counts them:
/// `\n`, `\r\n` and a lone `\r` each end one line.
///
/// Only quotes and line ends matter: a quote opens a quoted field when it follows a comma, a line
/// end or the start of the file.
pub(crate) fn cuts(mut source: impl Read, targets: &[u64]) -> io::Result<Vec<Cut>> {
    let mut search = Search::new(targets);
    let mut buffer = vec![0u8; 256 * 1024];
    while !search.done() {
        let read = source.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        search.read(&buffer[..read]);
    }
    Ok(search.cuts)
}

/// The search for cuts, read by read.
struct Search<'t> {
    targets: &'t [u64],
    cuts: Vec<Cut>,
    state: Quoting,
    /// Line ends before the byte looked at.
    lines: u64,
    /// The byte before the current read; a line end stands for the file's start.
    previous: u8,
    /// A `\r` ended the last read: it is a line end of its own unless a `\n` comes next.
    after_cr: bool,
    /// The offset of the current read in the file.
    start: u64,
}

/// The search looks at 64 bytes at a time. In an export, quotes and line ends come every few
/// bytes, and following them one by one (a search call, then a branch each) took a sixth as long
/// as reading the rows; for a block, where they are is found for all 64 at once (the compiler
/// uses vector instructions), and which quotes open a field is the running parity of the quotes,
/// a few operations on 64 bits. That parity is CSV's rule only while every quote that opens a
/// field follows a comma, a line end or a closing quote: a block where one does not (a quote
/// inside an unquoted field, which stays a character) is followed byte by byte instead.
const BLOCK: usize = 64;

impl<'t> Search<'t> {
    /// A search from a file's first byte.
    fn new(targets: &'t [u64]) -> Self {
        Search {
            targets,
            cuts: Vec::with_capacity(targets.len()),
            state: Quoting::Outside,
            lines: 0,
            previous: b'\n',
            after_cr: false,
            start: 0,
        }
    }

    fn done(&self) -> bool {
        self.cuts.len() == self.targets.len()
    }

    fn read(&mut self, bytes: &[u8]) {
        if std::mem::take(&mut self.after_cr) && bytes[0] != b'\n' {
            self.lines += 1;
        }
        for (index, block) in bytes.chunks(BLOCK).enumerate() {
            let range = index * BLOCK..index * BLOCK + block.len();
            if !self.block(bytes, range.clone()) {
                self.bytes(bytes, range);
            }
            if self.done() {
                return;
            }
        }
        self.previous = bytes[bytes.len() - 1];
        self.start += bytes.len() as u64;
    }

    /// Reads the bytes of `range` in `bytes` (a read) as a block; false, having changed nothing,
    /// when the quotes' parity is not CSV's there.
    fn block(&mut self, bytes: &[u8], range: std::ops::Range<usize>) -> bool {
        let (base, length) = (range.start, range.len());
        let [quotes, feeds, returns, commas] = masks(&bytes[range.clone()], *b"\"\n\r,");
        let (entered_quoted, after_closing) = match self.state {
            Quoting::Outside => (false, false),
            Quoting::Quoted => (true, false),
            Quoting::QuoteInQuoted => (false, true),
        };
        // Bit i: inside a quoted field once byte i is read.
        let quoted = prefix_xor(quotes) ^ if entered_quoted { !0 } else { 0 };
        let opening = quotes & quoted;
        let closing = quotes & !quoted;
        let before = match base {
            0 => self.previous,
            _ => bytes[base - 1],
        };
        let bounds = commas | feeds | returns;
        let after_bound = (bounds << 1) | u64::from(ends_field(before));
        if opening & !(after_bound | (closing << 1) | u64::from(after_closing)) != 0 {
            return false;
        }
        let last = 1u64 << (length - 1);
        // A `\r` is a line end unless a `\n` follows; the next read decides for its last byte.
        let next_is_feed = bytes.get(range.end) == Some(&b'\n');
        let feed_after = (feeds >> 1) | if next_is_feed { last } else { 0 };
        let mut lone_returns = returns & !feed_after;
        if range.end == bytes.len() && returns & last != 0 {
            lone_returns &= !last;
            self.after_cr = true;
        }
        let outside_feeds = feeds & !quoted;
        let offset = self.start + base as u64;
        // Each line end is one cut at most: a target it met, the next one's is a later one.
        let mut after_cut = 0;
        while !self.done() {
            // The cut after byte i is at offset + i + 1.
            let target = self.targets[self.cuts.len()].saturating_sub(offset + 1);
            let first = target.max(after_cut);
            let Some(eligible) = (first < length as u64).then(|| outside_feeds & (!0 << first))
            else {
                break;
            };
            if eligible == 0 {
                break;
            }
            let at = eligible.trailing_zeros();
            after_cut = u64::from(at) + 1;
            let through = u64::MAX >> (63 - at);
            self.cuts.push(Cut {
                offset: offset + u64::from(at) + 1,
                lines_before: self.lines
                    + u64::from((feeds & through).count_ones())
                    + u64::from((lone_returns & through).count_ones()),
            });
        }
        self.lines += u64::from(feeds.count_ones() + lone_returns.count_ones());
        self.state = if quoted & last != 0 {
            Quoting::Quoted
        } else if closing & last != 0 {
            Quoting::QuoteInQuoted
        } else {
            Quoting::Outside
        };
        true
    }

    /// Reads the bytes of `range` in `bytes` (a read) one quote or line end at a time.
    fn bytes(&mut self, bytes: &[u8], range: std::ops::Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            if self.state == Quoting::QuoteInQuoted {
                // A doubled quote stays inside the field; anything else follows its end.
                self.state = if bytes[at] == b'"' {
                    at += 1;
                    Quoting::Quoted
                } else {
                    Quoting::Outside
                };
                continue;
            }
            let Some(found) = memchr::memchr3(b'"', b'\n', b'\r', &bytes[at..range.end]) else {
                break;
            };
            let position = at + found;
            let before = match position {
                0 => self.previous,
                _ => bytes[position - 1],
            };
            at = position + 1;
            match bytes[position] {
                b'"' => {
                    self.state = match self.state {
                        Quoting::Quoted => Quoting::QuoteInQuoted,
                        _ if ends_field(before) => Quoting::Quoted,
                        other => other,
                    }
                }
                b'\r' => match bytes.get(at) {
                    Some(b'\n') => {}
                    Some(_) => self.lines += 1,
                    None => self.after_cr = true,
                },
                _ => {
                    self.lines += 1;
                    let offset = self.start + at as u64;
                    if self.state == Quoting::Outside && offset >= self.targets[self.cuts.len()] {
                        self.cuts.push(Cut {
                            offset,
                            lines_before: self.lines,
                        });
                        if self.done() {
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// Whether `byte` ends a field (a comma or a line end), so that a quote after it opens one.
fn ends_field(byte: u8) -> bool {
    matches!(byte, b',' | b'\n' | b'\r')
}

/// For each of `bytes`, a bit for each byte of `block` (at most [`BLOCK`] bytes) that is it, the
/// first byte's the lowest.
fn masks<const N: usize>(block: &[u8], bytes: [u8; N]) -> [u64; N] {
    // A whole block as an array of known length, which the compiler unrolls and vectorises; the
    // short last block of a read is padded with zeros, which are none of the bytes looked for.
    let mut padding = [0u8; BLOCK];
    let block: &[u8; BLOCK] = match block.try_into() {
        Ok(whole) => whole,
        Err(_) => {
            padding[..block.len()].copy_from_slice(block);
            &padding
        }
    };
    bytes.map(|byte| {
        let mut equal = [0u8; BLOCK];
        for (equal, &b) in equal.iter_mut().zip(block) {
            *equal = u8::from(b == byte);
        }
        // Eight bytes of 0 or 1 multiplied so that byte j's 1 lands on bit 56 + j, and no two
        // sums overlap or carry.
        let mut mask = 0u64;
        for (k, eight) in equal.chunks_exact(8).enumerate() {
            let ones = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            mask |= (ones.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
        }
        mask
    })
}

/// Bit i: the parity of the bits 0 to i of `bits`.
fn prefix_xor(mut bits: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        bits ^= bits << shift;
    }
    bits
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
    use super::{cuts, Cut, FirstPart, Search};
    use std::io::Read;

    #[test]
    fn the_first_part_is_longer_by_what_it_reads_while_the_cuts_are_found() {
        assert_eq!(super::targets(1_000, 1), Vec::<u64>::new());
        let [cut] = super::targets(2_500, 2)[..] else {
            panic!("one cut")
        };
        assert_eq!(cut, 1_300, "the first part 13/12 of the second");
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
            cuts_checked += check_cuts(&text, &targets, &mut random);
        }
        assert!(cuts_checked > 1_000, "{cuts_checked}");
    }

    /// Gives its bytes a few at a time, as a pipe or a slow disk may: what one read left
    /// undecided (a quote or a `\r` at its end) is decided by the next.
    struct Trickle<'a> {
        bytes: &'a [u8],
        random: fastrand::Rng,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let length = self.random.usize(1..8).min(self.bytes.len()).min(out.len());
            out[..length].copy_from_slice(&self.bytes[..length]);
            self.bytes = &self.bytes[length..];
            Ok(length)
        }
    }

    /// The cuts the search finds following every quote and line end one by one, as it does
    /// where a block's quotes do not follow CSV's parity.
    fn cuts_byte_by_byte(text: &[u8], targets: &[u64]) -> Vec<Cut> {
        let mut search = Search::new(targets);
        if !targets.is_empty() {
            search.bytes(text, 0..text.len());
        }
        search.cuts
    }

    /// What every cut must be, however the reads fall and however the blocks are read: the
    /// cuts found byte by byte, records kept whole either side, and the lines before counted.
    fn check_cuts(text: &[u8], targets: &[u64], random: &mut fastrand::Rng) -> usize {
        let whole = cuts(text, targets).unwrap();
        assert_eq!(
            whole,
            cuts_byte_by_byte(text, targets),
            "{:?}",
            String::from_utf8_lossy(text)
        );
        let pieces = Trickle {
            bytes: text,
            random: fastrand::Rng::with_seed(random.u64(..)),
        };
        assert_eq!(cuts(pieces, targets).unwrap(), whole);
        for cut in &whole {
            let at = cut.offset as usize;
            let mut joined = records(&text[..at]);
            joined.extend(records(&text[at..]));
            assert_eq!(
                joined,
                records(text),
                "{:?} cut at {at}",
                String::from_utf8_lossy(text)
            );
            let counted = text[..at]
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')));
            assert_eq!(cut.lines_before, counted.count() as u64);
        }
        whole.len()
    }

    /// Texts long enough to span many of the search's blocks, of random bytes, and of records as
    /// an export writes them: quoted fields holding commas, doubled quotes and line breaks, each
    /// kind of line end, and now and then a quote inside an unquoted field.
    #[test]
    fn long_texts_are_cut_between_records_whole_or_read_in_pieces() {
        let mut random = fastrand::Rng::with_seed(2026);
        let mut cuts_checked = 0;
        for _ in 0..400 {
            let length = random.usize(100..1_500);
            let text: Vec<u8> = (0..length)
                .map(|_| *random.choice(b"aaaaa,\"\n\r\xef").unwrap())
                .collect();
            let targets: Vec<u64> = (1..8).map(|k| (length * k / 8) as u64).collect();
            cuts_checked += check_cuts(&text, &targets, &mut random);
        }
        for _ in 0..400 {
            let mut text = Vec::new();
            for _ in 0..random.usize(5..60) {
                for field in 0..random.usize(1..6) {
                    if field > 0 {
                        text.push(b',');
                    }
                    if random.u8(0..3) == 0 {
                        text.push(b'"');
                        for _ in 0..random.usize(0..12) {
                            text.extend_from_slice(
                                random
                                    .choice([
                                        &b"a"[..],
                                        b"\xef\xbd\xb1",
                                        b",",
                                        b"\"\"",
                                        b"\n",
                                        b"\r\n",
                                    ])
                                    .unwrap(),
                            );
                        }
                        text.push(b'"');
                    } else {
                        for _ in 0..random.usize(0..12) {
                            text.extend_from_slice(
                                random.choice([&b"a"[..], b"1", b"\xef\xbd\xb1"]).unwrap(),
                            );
                        }
                        if random.u8(0..40) == 0 {
                            text.push(b'"');
                        }
                    }
                }
                text.extend_from_slice(random.choice([&b"\r\n"[..], b"\n", b"\r"]).unwrap());
            }
            let length = text.len();
            let targets: Vec<u64> = (1..8).map(|k| (length * k / 8) as u64).collect();
            cuts_checked += check_cuts(&text, &targets, &mut random);
        }
        assert!(cuts_checked > 4_000, "{cuts_checked}");
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
