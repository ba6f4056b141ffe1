//! Folds the many ways banks write the same words into one form that matching can compare.
//!
//! Passbooks and exports write `ドコモコウザ` as `ﾄﾞｺﾓｺｳｻﾞ`, `ト゛コモコウサ゛`, `ドコモコウザ` or with
//! spaces between the words; long vowels as `ー`, `-`, `－`, `−` or `ｰ`; Latin in either width and
//! case. [`normalize`] maps all of them to one string, in this order:
//!
//! 0. control characters (NUL, escape, …) and the invisible characters Unicode calls
//!    default-ignorable (zero-width space, BOM, soft hyphen, joiners, bidi controls, variation
//!    selectors) are removed first, so that one hidden inside a name cannot split it from
//!    matching, nor keep a detached voicing mark from its kana;
//! 1. detached voicing marks (`゛` U+309B, `゜` U+309C) become combining marks, so that step 2
//!    composes them onto the kana before (NFKC alone would turn them into a space and a mark);
//! 2. Unicode NFKC: half-width kana become full-width, full-width Latin and digits become ASCII;
//! 3. hiragana become katakana, and small kana become large (bank text forbids small kana, so
//!    `キヤツシユ` and `キャッシュ` must meet);
//! 4. every long-vowel and hyphen form becomes `ー`;
//! 5. Latin letters are upper-cased and all whitespace is dropped.
//!
//! It knows nothing of e-money: it only makes text comparable.

use unicode_normalization::UnicodeNormalization;

/// Returns the matching form of a statement text.
///
/// ```
/// use kouza_guard::normalize::normalize;
/// assert_eq!(normalize("ﾄﾞｺﾓｺｳｻﾞ"), "ドコモコウザ");
/// assert_eq!(normalize("ト゛コモ　コウサ゛"), "ドコモコウザ");
/// assert_eq!(normalize("ﾗｸﾃﾝｶ-ﾄﾞｻ-ﾋﾞｽ"), "ラクテンカードサービス");
/// assert_eq!(normalize("ＲＴＫ　ペイペイ"), "RTKペイペイ");
/// assert_eq!(normalize("PayPal決済"), "PAYPAL決済");
/// // Text that is already normal is left as it is; an empty text stays empty.
/// assert_eq!(normalize("ペイペイ"), "ペイペイ");
/// assert_eq!(normalize(""), "");
/// ```
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_invisible(c))
        .map(attach_voicing_mark)
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| fold_long_vowel(enlarge_small_kana(hiragana_to_katakana(c))).to_ascii_uppercase())
        .collect()
}

/// A control character (general category Cc) or a Default_Ignorable_Code_Point: characters that
/// show nothing, so a reader cannot see them in a statement line but a byte comparison would.
///
/// The ranges are Unicode's DerivedCoreProperties.txt (Default_Ignorable_Code_Point, unchanged
/// since Unicode 9). That property, not "format characters" (Cf), is the right one: it also holds
/// variation selectors and fillers, and leaves out visible Cf signs such as U+0600.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `゛`/`゜` written as characters of their own become the combining marks NFKC composes.
fn attach_voicing_mark(c: char) -> char {
    match c {
        '\u{309B}' => '\u{3099}',
        '\u{309C}' => '\u{309A}',
        other => other,
    }
}

fn hiragana_to_katakana(c: char) -> char {
    match c {
        // ぁ..ゖ and ゝゞ sit exactly 0x60 below their katakana.
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        other => other,
    }
}

fn enlarge_small_kana(c: char) -> char {
    match c {
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ッ' => 'ツ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ヮ' => 'ワ',
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        other => other,
    }
}

fn fold_long_vowel(c: char) -> char {
    match c {
        // ASCII hyphen-minus (also what NFKC makes of `－`), hyphens and dashes, the minus sign,
        // the wave dash some exports use, and the katakana long-vowel mark itself.
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{301C}' | '\u{FF5E}' | '~' | 'ー' => 'ー',
        other => other,
    }
}

/// What was made of each statement text, remembered: a history repeats the same few dozen texts
/// (the ATM, the utilities, the same shops) thousands of times, and normalising (and matching)
/// each again was most of the work of reading one. Bounded: when it holds too many texts it
/// starts afresh, so a file of all-different texts costs no more than no memory.
#[derive(Debug)]
pub(crate) struct TextMemo<V> {
    /// Looked up once a row: SipHash took 3% of a scan, foldhash (seeded per map, so a file
    /// cannot be written to collide) a fraction of that.
    known: std::collections::HashMap<String, V, foldhash::fast::RandomState>,
}

impl<V> Default for TextMemo<V> {
    fn default() -> Self {
        TextMemo {
            known: Default::default(),
        }
    }
}

impl<V: Clone> TextMemo<V> {
    const MAX_TEXTS: usize = 4_096;

    /// What `make` makes of `text`, made once while it is remembered.
    pub(crate) fn get(&mut self, text: &str, make: impl FnOnce(&str) -> V) -> V {
        if let Some(made) = self.known.get(text) {
            return made.clone();
        }
        let made = make(text);
        if self.known.len() >= Self::MAX_TEXTS {
            self.known.clear();
        }
        self.known.insert(text.to_owned(), made.clone());
        made
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn half_width_full_width_and_detached_marks_meet() {
        for written in [
            "ﾄﾞｺﾓｺｳｻﾞ",
            "ドコモコウザ",
            "ト゛コモコウサ゛",
            "ﾄﾞｺﾓ ｺｳｻﾞ",
            "どこもこうざ",
        ] {
            assert_eq!(normalize(written), "ドコモコウザ", "{written}");
        }
    }

    #[test]
    fn small_kana_are_enlarged() {
        assert_eq!(normalize("キャッシュ"), "キヤツシユ");
        assert_eq!(normalize("ﾃﾞｨｰﾊﾞﾗｲ"), normalize("デイーバライ"));
        assert_eq!(normalize("ウェルネット"), "ウエルネツト");
    }

    #[test]
    fn every_long_vowel_and_hyphen_form_folds_together() {
        let forms = [
            "デイーバライ",
            "デイ-バライ",
            "デイ－バライ",
            "デイ−バライ",
            "ﾃﾞｲｰﾊﾞﾗｲ",
            "デイ‐バライ",
        ];
        for form in forms {
            assert_eq!(normalize(form), "デイーバライ", "{form}");
        }
    }

    #[test]
    fn latin_is_upper_cased_in_either_width_and_spaces_dropped() {
        assert_eq!(normalize("ｆｕｒｉｋａｅ　PayPay"), "FURIKAEPAYPAY");
        assert_eq!(normalize(" LINE  Pay\t"), "LINEPAY");
    }

    #[test]
    fn rakuten_style_detached_marks_and_full_width_hyphen() {
        assert_eq!(
            normalize("ラクテンカ－ト゛サ－ヒ゛ス"),
            "ラクテンカードサービス"
        );
    }

    /// Issue 19 item 16: a NUL, another control character or an invisible format character
    /// inside a name must not hide it from matching.
    #[test]
    fn control_and_invisible_characters_inside_a_name_are_dropped() {
        for written in [
            "ﾄﾞｺﾓ\u{0}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{7}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{1b}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{7f}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{85}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{200B}ｺｳｻﾞ",
            "\u{FEFF}ﾄﾞｺﾓｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{AD}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{200D}ｺｳｻﾞ\u{2060}",
            "ﾄﾞｺﾓ\u{FE0F}ｺｳｻﾞ",
            "ﾄﾞｺﾓ\u{202E}ｺｳｻﾞ",
            "ドコモコウ\u{200B}ザ",
            // Between a kana and its detached voicing mark: the mark must still compose.
            "ﾄ\u{0}ﾞｺﾓｺｳｻ\u{200B}ﾞ",
            "ト\u{FEFF}゛コモコウサ\u{AD}゛",
        ] {
            assert_eq!(normalize(written), "ドコモコウザ", "{written:?}");
        }
        assert_eq!(normalize("PAY\u{0}PAY"), "PAYPAY");
        assert_eq!(normalize("\u{0}\u{200B}"), "");
    }

    #[test]
    fn semi_voiced_marks_compose_too() {
        assert_eq!(normalize("ヘ゜イヘ゜イ"), "ペイペイ");
        assert_eq!(normalize("ﾍﾟｲﾍﾟｲ"), "ペイペイ");
    }
}
