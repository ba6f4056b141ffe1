//! How the catalog writes a name as parts: `[ドコモ|DOCOMO][コウザ|口座|KOZA]`.
//!
//! Banks print one brand in many scripts at once (`PAYﾍﾟｲ`, `ﾗｲﾝPAY`, `ﾗｸﾃﾝEDY`, `Dﾊﾞﾗｲ`), so a
//! name is a sequence of parts, each with its spellings, and any combination is the name. Text in
//! square brackets is one part with its spellings separated by `|`; text outside brackets is a
//! part with one spelling. A plain alias (`アクメペイ`) is a name of one part, so branch files
//! written before parts existed still load.
//!
//! The combinations are expanded once, at load, into plain texts for the Aho-Corasick automaton:
//! matching stays one pass over the text, with no pattern engine at match time.

/// The most spellings one entry may expand to: a typo such as a long list in every part would
/// otherwise multiply into an automaton of millions of patterns.
pub const MAX_SPELLINGS: usize = 64;

/// The parts of one catalog entry, in order, each with its spellings as written.
///
/// ```text
/// "[PAY|ペイ][PAY|ペイ]カード" → [["PAY", "ペイ"], ["PAY", "ペイ"], ["カード"]]
/// "アクメペイ"                 → [["アクメペイ"]]
/// ```
pub fn parse(pattern: &str) -> Result<Vec<Vec<String>>, String> {
    let mut parts: Vec<Vec<String>> = Vec::new();
    let mut literal = String::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        match c {
            '[' => {
                let close = rest
                    .find(']')
                    .ok_or_else(|| format!("{pattern:?}: a `[` is not closed"))?;
                let inside = &rest[1..close];
                if inside.contains('[') {
                    return Err(format!("{pattern:?}: brackets cannot nest"));
                }
                if !literal.is_empty() {
                    parts.push(vec![std::mem::take(&mut literal)]);
                }
                let spellings: Vec<String> = inside.split('|').map(str::to_owned).collect();
                if spellings.iter().any(|s| s.trim().is_empty()) {
                    return Err(format!("{pattern:?}: a part has an empty spelling"));
                }
                parts.push(spellings);
                rest = &rest[close + 1..];
            }
            ']' => return Err(format!("{pattern:?}: a `]` has no `[`")),
            '|' => return Err(format!("{pattern:?}: `|` is only allowed inside brackets")),
            _ => {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !literal.is_empty() {
        parts.push(vec![literal]);
    }
    if parts.is_empty() {
        return Err(format!("{pattern:?}: an entry needs some text"));
    }
    let count = parts
        .iter()
        .try_fold(1usize, |n, part| n.checked_mul(part.len()))
        .unwrap_or(usize::MAX);
    if count > MAX_SPELLINGS {
        return Err(format!(
            "{pattern:?} expands to {count} spellings; at most {MAX_SPELLINGS} are allowed"
        ));
    }
    Ok(parts)
}

/// Every combination of one spelling per part, each as its parts, in catalog order.
pub fn combinations(parts: &[Vec<String>]) -> Vec<Vec<&str>> {
    let mut all: Vec<Vec<&str>> = vec![Vec::new()];
    for part in parts {
        all = all
            .iter()
            .flat_map(|prefix| {
                part.iter().map(move |spelling| {
                    let mut next = prefix.clone();
                    next.push(spelling.as_str());
                    next
                })
            })
            .collect();
    }
    all
}

#[cfg(test)]
mod tests {
    use super::{combinations, parse};

    #[test]
    fn parts_and_literals() {
        assert_eq!(
            parse("[PAY|ペイ][PAY|ペイ]カード").unwrap(),
            vec![vec!["PAY", "ペイ"], vec!["PAY", "ペイ"], vec!["カード"]]
        );
        assert_eq!(parse("アクメペイ").unwrap(), vec![vec!["アクメペイ"]]);
        assert_eq!(
            parse("D[バライ|払い]").unwrap(),
            vec![vec!["D"], vec!["バライ", "払い"]]
        );
    }

    #[test]
    fn every_combination_once_in_order() {
        let parts = parse("[LINE|ライン][PAY|ペイ]").unwrap();
        let joined: Vec<String> = combinations(&parts).iter().map(|c| c.concat()).collect();
        assert_eq!(joined, ["LINEPAY", "LINEペイ", "ラインPAY", "ラインペイ"]);
    }

    #[test]
    fn bad_entries_say_what_is_wrong() {
        for (bad, problem) in [
            ("[PAY|ペイ", "is not closed"),
            ("PAY]", "has no `[`"),
            ("[A|[B]]", "cannot nest"),
            ("[A||B]", "empty spelling"),
            ("[]", "empty spelling"),
            ("A|B", "only allowed inside brackets"),
            ("", "needs some text"),
            (
                "[1|2|3|4|5][1|2|3|4|5][1|2|3|4|5]",
                "expands to 125 spellings; at most 64",
            ),
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.contains(problem), "{bad:?}: {error}");
        }
    }
}
