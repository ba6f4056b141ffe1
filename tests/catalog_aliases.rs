//! Every catalog alias, written every way banks write it, finds its service; every near miss from
//! `shared/reference/notations.md` finds none, and `explain` says what it is instead.

use kouza_guard::catalog::Catalog;
use kouza_guard::explain::{explain, Explanation};
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
fn half_width(alias: &str) -> String {
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
fn full_width(alias: &str) -> String {
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
fn detached_marks(alias: &str) -> String {
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
fn bank_charset(alias: &str) -> String {
    normalize(alias)
}

#[test]
fn every_alias_in_every_written_form_finds_its_service() {
    let catalog = Catalog::builtin();
    let mut checked = 0;
    for service in catalog.services() {
        for alias in &service.aliases {
            let forms = [
                ("as written", alias.clone()),
                ("half-width", half_width(alias)),
                ("full-width", full_width(alias)),
                ("detached marks", detached_marks(alias)),
                ("bank charset", bank_charset(alias)),
                ("lower case", alias.to_lowercase()),
                (
                    "with 口座振替 prefix",
                    format!("口座振替 {}", full_width(alias)),
                ),
                ("with ﾌﾘｶｴ prefix", format!("ﾌﾘｶｴ {}", half_width(alias))),
                ("with RTK prefix", format!("ＲＴＫ　{}", full_width(alias))),
                ("with ﾃﾞﾋﾞｯﾄ prefix", format!("ﾃﾞﾋﾞｯﾄ {}", half_width(alias))),
            ];
            for (form, text) in forms {
                let found = explain(&catalog, &text);
                assert!(
                    matches!(found, Explanation::TopUp(s) if s.id == service.id),
                    "{}: alias {alias:?} {form} {text:?} gave {found:?}",
                    service.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 400, "only {checked} forms checked");
}

#[test]
fn the_written_forms_really_differ_from_the_alias() {
    // Guard against helpers that return their input: the test above would then prove nothing.
    assert_eq!(half_width("ドコモコウザ"), "ﾄﾞｺﾓｺｳｻﾞ");
    assert_eq!(half_width("ゆめか"), "ﾕﾒｶ");
    assert_eq!(full_width("PAYPAY"), "ＰＡＹＰＡＹ");
    assert_eq!(detached_marks("ドコモコウザ"), "ト゛コモコウサ゛");
    assert_eq!(bank_charset("キャッシュ"), "キヤツシユ");
}

#[test]
fn the_observed_strings_find_their_services() {
    let catalog = Catalog::builtin();
    for (text, id) in [
        ("ﾄﾞｺﾓｺｳｻﾞ", "docomo-koza"),
        ("ト゛コモコウサ゛", "docomo-koza"),
        ("ドコモ口座", "docomo-koza"),
        ("デイーバライ", "docomo-koza"),
        ("ﾃﾞｲﾊﾞﾗｲ", "docomo-koza"),
        ("口座振替 ＲＴＫ　ペイペイ", "paypay"),
        ("フリカエ　ＰＡＹＰＡＹ", "paypay"),
        ("振替 PAYPAY", "paypay"),
        ("ｶ)ｷﾔﾂｼﾕ", "kyash"),
        ("ﾗｲﾝﾍﾟｲ", "line-pay"),
        ("ﾒﾙﾍﾟｲ", "merpay"),
        ("ｳｴﾙﾈﾂﾄ", "wellnet"),
        ("ﾗｸﾃﾝｴﾃﾞｲ", "rakuten-edy"),
        ("ﾋﾞﾘﾝｸﾞｼｽﾃﾑ", "billing-system"),
        ("ﾌｱﾐﾍﾟｲ", "fami-pay"),
        ("PAYPAL *ﾍﾟｲﾊﾟﾙ", "paypal"),
        ("ﾗｸﾃﾝﾍﾟｲ", "rakuten-pay"),
    ] {
        let found = explain(&catalog, text);
        assert!(
            matches!(found, Explanation::TopUp(s) if s.id == id),
            "{text:?} gave {found:?}"
        );
    }
}

#[test]
fn near_misses_are_no_top_up() {
    let catalog = Catalog::builtin();
    for (text, lookalike) in [
        ("NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ", Some("phone-bill")),
        ("NTTﾄﾞｺﾓ料金", Some("phone-bill")),
        ("ﾗｸﾃﾝｶ-ﾄﾞｻ-ﾋﾞｽ", Some("card-bill")),
        ("ラクテンカ－ト゛サ－ヒ゛ス", Some("card-bill")),
        ("ＰＡＹＰＡＹカ－ド", Some("card-bill")),
        ("ｿﾌﾄﾊﾞﾝｸ ﾘﾖｳｷﾝ", Some("phone-bill")),
        ("ｶ)ﾋﾞﾕ-ｶ-ﾄﾞ", Some("card-bill")),
        ("ﾐﾂｲｽﾐﾄﾓｶ-ﾄﾞ (ｶ", Some("card-bill")),
        ("口座振替　ビューカード", Some("card-bill")),
        ("口座振替　ミツビシユーエフジェイニコス", Some("card-bill")),
        ("口座振替　（カ）ジエーシービー", Some("card-bill")),
        ("ＧＰマーケテイング", Some("card-bill")),
        ("カ）トウブカードビ", Some("card-bill")),
        ("ｐｏｖｏご利用料金", Some("phone-bill")),
        ("楽天モバイル通信料", Some("phone-bill")),
        ("振替　ＳＢＩ証券", Some("bank-or-securities")),
        ("ＳＢＩハイブリッド預金", Some("bank-or-securities")),
        ("ヤフーケッサイ", Some("pay-easy")),
        ("PAYPAYｷﾞﾝｺｳ", Some("bank-or-securities")),
        ("ｷﾔﾂｼﾕｶｰﾄﾞ", Some("card-bill")),
        ("ｷﾔﾂｼﾕﾚｽ", None),
        ("ｴﾃﾞｲｵﾝ", None),
        ("IBﾌﾘｺﾐ", None),
        ("ｺｳｻﾞﾌﾘｶｴ", None),
        ("ATM ｲ-ﾈﾂﾄ", None),
        ("ゆうちょリヨウキヨク", None),
    ] {
        let found = explain(&catalog, text);
        match lookalike {
            Some(id) => assert!(
                matches!(found, Explanation::Lookalike(l) if l.id == id),
                "{text:?} gave {found:?}"
            ),
            None => assert_eq!(found, Explanation::Unknown, "{text:?}"),
        }
    }
}
