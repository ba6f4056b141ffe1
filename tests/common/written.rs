//! The ways banks write the same words, for tests: half-width, full-width, detached voicing marks,
//! the bank character set.

use kouza_guard::normalize::normalize;
use unicode_normalization::UnicodeNormalization;

const FULL_KATAKANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
const HALF_KATAKANA: &str = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";

fn hiragana_to_katakana(text: &str) -> String {
    text.chars()
        .map(|c| {
            if ('ぁ'..='ゖ').contains(&c) {
                char::from_u32(c as u32 + 0x60).unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// As a passbook prints it: half-width katakana with separate ﾞ/ﾟ, ASCII Latin.
pub fn half_width(alias: &str) -> String {
    let full: Vec<char> = FULL_KATAKANA.chars().collect();
    let half: Vec<char> = HALF_KATAKANA.chars().collect();
    hiragana_to_katakana(alias)
        .nfd()
        .map(|c| match c {
            '\u{3099}' => 'ﾞ',
            '\u{309A}' => 'ﾟ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c => full.iter().position(|&f| f == c).map_or(c, |i| half[i]),
        })
        .collect()
}

/// As a spreadsheet or MUFG writes it: full-width Latin and digits, full-width katakana.
pub fn full_width(alias: &str) -> String {
    alias
        .chars()
        .map(|c| {
            if ('!'..='~').contains(&c) {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// As 楽天銀行 writes it: voicing marks as separate characters (゛ ゜).
pub fn detached_marks(alias: &str) -> String {
    hiragana_to_katakana(alias)
        .nfd()
        .map(|c| match c {
            '\u{3099}' => '゛',
            '\u{309A}' => '゜',
            c => c,
        })
        .collect()
}

/// As the bank character set forces it: no small kana.
pub fn bank_charset(alias: &str) -> String {
    normalize(alias)
}
