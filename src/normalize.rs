//! Folds the many ways banks write the same words into one form that matching can compare.
//!
//! Passbooks and exports write `ドコモコウザ` as `ﾄﾞｺﾓｺｳｻﾞ`, `ト゛コモコウサ゛`, `ドコモコウザ` or with
//! spaces between the words; long vowels as `ー`, `-`, `－`, `−` or `ｰ`; Latin in either width and
//! case. [`normalize`] maps all of them to one string, in this order:
//!
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
        .map(attach_voicing_mark)
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| fold_long_vowel(enlarge_small_kana(hiragana_to_katakana(c))).to_ascii_uppercase())
        .collect()
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

    #[test]
    fn semi_voiced_marks_compose_too() {
        assert_eq!(normalize("ヘ゜イヘ゜イ"), "ペイペイ");
        assert_eq!(normalize("ﾍﾟｲﾍﾟｲ"), "ペイペイ");
    }
}
