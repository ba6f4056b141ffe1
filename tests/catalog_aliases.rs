//! Every catalog alias, written every way banks write it, finds its service; every near miss from
//! `shared/reference/notations.md` finds none, and `explain` says what it is instead.

mod common;

use common::written::{bank_charset, detached_marks, full_width, half_width};
use kouza_guard::catalog::Catalog;
use kouza_guard::explain::{explain, Explanation};

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
