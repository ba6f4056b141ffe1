//! Names a bank's column cut short: `ﾄﾞｺﾓｺｳ`, `ﾌﾘｶｴ ﾗｲﾝﾍﾟ`, `ｿｸｼﾞﾂﾌﾘｶｴ ｳｴﾙﾈ`.
//!
//! A passbook or export gives the text a fixed width (Zengin's 摘要内容 is 20 half-width
//! columns; a transfer's 依頼人名 48 characters), and the prefixes and company markers banks add
//! push the service's name past it. A cut name is accepted only where a cut can happen, at the
//! very END of the text, and only when the kept part is long enough to read as one service:
//!
//! - at least [`MIN_KEPT`] normalised characters, and
//! - all of the name's first part and some of the next (`ラインペ`, not `ライン`): a first part
//!   alone is a brand's common word (`ラクテン`, `ペイ`), and a one-part name is never cut;
//! - the kept text begins no other service's name (`PAYPA` is PayPay or PayPal: neither);
//! - it begins no near miss past the name (`PAYPAYカ` is a PayPay card bill cut short), which
//!   then wins even over a whole name found earlier in the text.
//!
//! Every kept prefix is precomputed at load into one map, so checking a text costs one lookup
//! per character of its last few characters, and only for texts the automaton found nothing in
//! or something.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// The fewest normalised characters a cut name must keep to be read as one: `ドコモコ`, `MERP`.
pub const MIN_KEPT: usize = 4;

/// Names longer than this (in normalised characters) are matched whole or not at all when cut
/// past it; no real service name comes near it.
const MAX_KEPT: usize = 48;

/// What the end of a text reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tail {
    /// The start of exactly one service's name, long enough: the service's index.
    Service(usize),
    /// The start of a near miss past its name's end: no top-up, whatever else the text holds.
    NearMiss,
    /// Too short, or the start of several services' names: not a cut name.
    Unsure,
}

/// Every kept prefix of every name and near miss, and what it reads as.
#[derive(Debug, Clone, Default)]
pub struct Tails {
    /// foldhash: the keys are the catalog's own texts, so no statement can choose collisions.
    map: HashMap<String, Tail, foldhash::fast::RandomState>,
    /// The characters keys end with: most statement texts end with none of them (a digit, a
    /// kanji), and are done with one comparison.
    last_chars: Vec<char>,
    /// The longest key, in characters.
    longest: usize,
}

/// One name as matching sees it: normalised, and how many characters its first part has.
pub struct NameForm<'a> {
    /// The whole name, normalised.
    pub normalized: &'a str,
    /// The normalised length of its first part, in characters.
    pub first_part_chars: usize,
    /// Whether it has more than one part; a one-part name is never cut.
    pub has_parts: bool,
}

impl Tails {
    /// Builds the map from each service's names and near misses (normalised).
    pub fn new<'a>(services: impl Iterator<Item = (Vec<NameForm<'a>>, Vec<&'a str>)>) -> Tails {
        // Per prefix: which services it begins, and whether it is long enough for each.
        let mut starts: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        let mut near_misses: Vec<String> = Vec::new();
        for (index, (names, exclusions)) in services.enumerate() {
            for name in &names {
                let chars: Vec<char> = name.normalized.chars().collect();
                for kept in MIN_KEPT..=chars.len().min(MAX_KEPT) {
                    let long_enough = name.has_parts && kept > name.first_part_chars;
                    for prefix in cut_forms(&chars[..kept], kept == chars.len()) {
                        starts.entry(prefix).or_default().push((index, long_enough));
                    }
                }
            }
            for exclusion in exclusions {
                let chars: Vec<char> = exclusion.chars().collect();
                // Where the service's own names end inside the near miss: a cut before that is
                // the name itself, not the near miss.
                let core = names
                    .iter()
                    .filter_map(|name| {
                        exclusion.find(name.normalized).map(|at| {
                            exclusion[..at].chars().count() + name.normalized.chars().count()
                        })
                    })
                    .max()
                    .unwrap_or(0);
                for kept in MIN_KEPT.max(core + 1)..=chars.len().min(MAX_KEPT) {
                    near_misses.extend(cut_forms(&chars[..kept], kept == chars.len()));
                }
            }
        }
        let mut map: HashMap<String, Tail, foldhash::fast::RandomState> = starts
            .into_iter()
            .map(|(prefix, begins)| {
                let first = begins[0].0;
                let one_service = begins.iter().all(|(index, _)| *index == first);
                let tail = if one_service && begins.iter().any(|(_, long)| *long) {
                    Tail::Service(first)
                } else {
                    Tail::Unsure
                };
                (prefix, tail)
            })
            .collect();
        for prefix in near_misses {
            map.insert(prefix, Tail::NearMiss);
        }
        let mut last_chars: Vec<char> = map.keys().filter_map(|k| k.chars().last()).collect();
        last_chars.sort_unstable();
        last_chars.dedup();
        let longest = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        Tails {
            map,
            last_chars,
            longest,
        }
    }

    /// What the end of a normalised text reads as: the longest kept prefix it ends with.
    pub fn at_end(&self, normalized: &str) -> Option<Tail> {
        let last = normalized.chars().next_back()?;
        if self.last_chars.binary_search(&last).is_err() {
            return None;
        }
        let mut starts = [0usize; MAX_KEPT];
        let mut count = 0;
        for (at, _) in normalized
            .char_indices()
            .rev()
            .take(self.longest.min(MAX_KEPT))
        {
            starts[count] = at;
            count += 1;
        }
        // starts[n - 1] begins the last n characters; try the longest first.
        (MIN_KEPT..=count)
            .rev()
            .find_map(|n| self.map.get(&normalized[starts[n - 1]..]).copied())
    }
}

/// The texts a cut can leave of a prefix: the prefix itself unless it is the whole name (a whole
/// name is the automaton's), and, when it ends in a voiced kana, the kana without its mark, since
/// a half-width column can fall between `ｻ` and `ﾞ`.
fn cut_forms(prefix: &[char], whole: bool) -> Vec<String> {
    let mut forms = Vec::with_capacity(2);
    if !whole {
        forms.push(prefix.iter().collect());
    }
    if let Some((&last, before)) = prefix.split_last() {
        let bare: String = last
            .to_string()
            .nfd()
            .filter(|c| !matches!(c, '\u{3099}' | '\u{309A}'))
            .collect();
        if bare != last.to_string() {
            forms.push(before.iter().copied().chain(bare.chars()).collect());
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::{NameForm, Tail, Tails};

    fn tails() -> Tails {
        let docomo = vec![NameForm {
            normalized: "ドコモコウザ",
            first_part_chars: 3,
            has_parts: true,
        }];
        let paypay = vec![NameForm {
            normalized: "PAYPAY",
            first_part_chars: 3,
            has_parts: true,
        }];
        let paypal = vec![NameForm {
            normalized: "PAYPAL",
            first_part_chars: 3,
            has_parts: true,
        }];
        let kyash = vec![NameForm {
            normalized: "KYASH",
            first_part_chars: 5,
            has_parts: false,
        }];
        Tails::new(
            [
                (docomo, vec![]),
                (paypay, vec!["PAYPAYカード"]),
                (paypal, vec![]),
                (kyash, vec![]),
            ]
            .into_iter(),
        )
    }

    #[test]
    fn a_long_enough_cut_at_the_end_reads_as_its_service() {
        let tails = tails();
        assert_eq!(tails.at_end("フリカエドコモコウ"), Some(Tail::Service(0)));
        assert_eq!(tails.at_end("ドコモコ"), Some(Tail::Service(0)));
        // The half-width voicing mark fell past the column.
        assert_eq!(tails.at_end("ドコモコウサ"), Some(Tail::Service(0)));
    }

    #[test]
    fn short_shared_or_one_part_cuts_are_not_names() {
        let tails = tails();
        assert_eq!(tails.at_end("ドコモ"), None, "the first part alone");
        assert_eq!(
            tails.at_end("PAYPA"),
            Some(Tail::Unsure),
            "PayPay or PayPal"
        );
        assert_eq!(tails.at_end("KYAS"), Some(Tail::Unsure), "a one-part name");
        assert_eq!(
            tails.at_end("ドコモコウザ"),
            None,
            "a whole name is the automaton's"
        );
        assert_eq!(tails.at_end("ドコモコウX"), None, "only at the very end");
    }

    #[test]
    fn a_cut_near_miss_wins() {
        let tails = tails();
        assert_eq!(tails.at_end("フリカエPAYPAYカ"), Some(Tail::NearMiss));
        assert_eq!(tails.at_end("PAYPAYカー"), Some(Tail::NearMiss));
    }
}
