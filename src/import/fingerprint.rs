//! A stable id for rows whose file gives none, so that re-importing a file adds nothing.
//!
//! The fingerprint covers the row's own fields plus how many identical rows came before it in the
//! same file: two genuine identical top-ups on one day stay two transactions.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// Hands out fingerprints for the rows of one file, counting repeats.
#[derive(Debug, Default)]
pub struct Fingerprints {
    /// How many times each row's fields were seen, by a digest of the fields: a million rows of
    /// one file take 20 bytes each here, not their text. foldhash: SipHash was most of the cost.
    seen: HashMap<[u8; 16], u32, foldhash::fast::RandomState>,
}

impl Fingerprints {
    /// For about `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Fingerprints {
            seen: HashMap::with_capacity_and_hasher(rows, Default::default()),
        }
    }

    /// The fingerprint of the next row with these fields.
    pub fn next(
        &mut self,
        booked: NaiveDate,
        amount: i64,
        balance: Option<i64>,
        description: &str,
    ) -> String {
        // Written by hand as `format!` writes them, which cost a third of the time here:
        // "{day}\u{1f}{amount}\u{1f}{balance:?}\u{1f}{description}", then the repeat.
        let mut number = itoa::Buffer::new();
        let mut fields = String::with_capacity(48 + description.len());
        match crate::transaction::IsoDay::of(booked) {
            Some(day) => fields.push_str(day.as_str()),
            None => write!(fields, "{booked}").expect("writing to a String cannot fail"),
        }
        fields.push('\u{1f}');
        fields.push_str(number.format(amount));
        fields.push('\u{1f}');
        match balance {
            Some(balance) => {
                fields.push_str("Some(");
                fields.push_str(number.format(balance));
                fields.push(')');
            }
            None => fields.push_str("None"),
        }
        fields.push('\u{1f}');
        fields.push_str(description);
        let repeat = self.seen.entry(digest(&fields)).or_insert(0);
        *repeat += 1;
        // The repeat is hashed after the fields, with the same separator.
        fields.push('\u{1f}');
        fields.push_str(number.format(*repeat));
        data_encoding::HEXLOWER.encode(&Sha256::digest(fields)[..12])
    }
}

/// 128 bits that tell a row's fields apart: two 64-bit hashes with fixed, different seeds, so the
/// same fields always count as the same row, run after run. Two different rows sharing a digest
/// (made on purpose, say) would only share a repeat count: their fingerprints still differ, since
/// each is a SHA-256 of the row's own fields, and a re-import gives the same ones again.
fn digest(fields: &str) -> [u8; 16] {
    use std::hash::BuildHasher;
    let hash = |seed| foldhash::quality::FixedState::with_seed(seed).hash_one(fields);
    let mut digest = [0u8; 16];
    digest[..8].copy_from_slice(&hash(0x6b6f757a61).to_le_bytes());
    digest[8..].copy_from_slice(&hash(0x6775617264).to_le_bytes());
    digest
}

#[cfg(test)]
mod tests {
    use super::Fingerprints;
    use chrono::NaiveDate;

    /// Fingerprints are stored: one that changed between versions would store every re-imported
    /// row again. This pins the fields, their order and separators, and the hash.
    #[test]
    fn a_fingerprint_is_the_same_in_every_version() {
        let day = NaiveDate::from_ymd_opt(2020, 9, 4).unwrap();
        let mut fingerprints = Fingerprints::default();
        let first = fingerprints.next(day, -90_000, Some(1_910_000), "ﾄﾞｺﾓｺｳｻﾞ");
        let again = fingerprints.next(day, -90_000, Some(1_910_000), "ﾄﾞｺﾓｺｳｻﾞ");
        let no_balance = fingerprints.next(day, -90_000, None, "ﾄﾞｺﾓｺｳｻﾞ");
        // The first 12 bytes of SHA-256 over "2020-09-04␟-90000␟Some(1910000)␟ﾄﾞｺﾓｺｳｻﾞ␟1" (␟ is
        // U+001F), and so on, as Python's hashlib also gives them.
        assert_eq!(
            [first, again, no_balance],
            [
                "6347619a8b30718f7c9c5733",
                "d3cf46462ceaacb876062052",
                "6632eebf279a18041fa0f962"
            ]
        );
    }

    /// The fields written by hand are the ones `format!` writes, for every kind of number.
    #[test]
    fn the_fields_are_written_as_format_writes_them() {
        use sha2::{Digest, Sha256};
        let days = [
            NaiveDate::from_ymd_opt(2020, 9, 4).unwrap(),
            NaiveDate::from_ymd_opt(-3, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(12_345, 12, 31).unwrap(),
        ];
        for day in days {
            for amount in [i64::MIN, -90_000, 0, 7, i64::MAX] {
                for balance in [None, Some(i64::MIN), Some(-1), Some(1_910_000)] {
                    let fields = format!("{day}\u{1f}{amount}\u{1f}{balance:?}\u{1f}ｱ,\u{1f}1");
                    let expected = data_encoding::HEXLOWER.encode(&Sha256::digest(fields)[..12]);
                    let got = Fingerprints::default().next(day, amount, balance, "ｱ,");
                    assert_eq!(got, expected, "{day} {amount} {balance:?}");
                }
            }
        }
    }

    #[test]
    fn identical_rows_get_distinct_but_reproducible_fingerprints() {
        let day = NaiveDate::from_ymd_opt(2020, 9, 4).unwrap();
        let mut first_read = Fingerprints::default();
        let a = first_read.next(day, -90_000, None, "ﾄﾞｺﾓｺｳｻﾞ");
        let b = first_read.next(day, -90_000, None, "ﾄﾞｺﾓｺｳｻﾞ");
        assert_ne!(a, b);
        let mut second_read = Fingerprints::default();
        assert_eq!(second_read.next(day, -90_000, None, "ﾄﾞｺﾓｺｳｻﾞ"), a);
        assert_eq!(second_read.next(day, -90_000, None, "ﾄﾞｺﾓｺｳｻﾞ"), b);
    }
}
