//! "What is this line?": one passbook line, read out by a worried customer or a clerk on the phone,
//! explained in plain words: which service and operator it is, or that it is not a top-up at all.
//! It answers for every form the catalog recognises, including a name a bank's column cut short,
//! and then says so.

use crate::catalog::{Catalog, Lookalike, Service};
use crate::lang::Lang;
use crate::normalize::normalize;
use crate::review::{Bilingual, ServiceLabel};

/// What a statement line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explanation<'c> {
    /// A top-up of an e-money or payment service.
    TopUp(&'c Service),
    /// Something that looks like one but is not (a card or phone bill, a bank transfer).
    Lookalike(&'c Lookalike),
    /// Nothing the catalog knows.
    Unknown,
}

/// What the window shows for a line: the kind, the service when it is one, and the explanation
/// in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineAnswer {
    /// The line as typed.
    pub line: String,
    /// `topUp`, `lookalike` or `unknown`.
    pub kind: LineKind,
    /// The service, for a top-up.
    pub service: Option<ServiceLabel>,
    /// The explanation.
    pub text: Bilingual,
}

/// What kind of line it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    /// A top-up of an e-money or payment service.
    TopUp,
    /// It looks like one but is not (a phone or card bill).
    Lookalike,
    /// Nothing the catalog knows.
    Unknown,
}

/// The longest line the window explains: a passbook line is far shorter.
pub const MAX_LINE_CHARS: usize = 200;

/// Explains `line` for the window, in both languages. `None` when the line is empty or longer
/// than [`MAX_LINE_CHARS`].
pub fn answer(catalog: &Catalog, line: &str) -> Option<LineAnswer> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    let explanation = explain(catalog, line);
    Some(LineAnswer {
        line: line.to_owned(),
        kind: match explanation {
            Explanation::TopUp(_) => LineKind::TopUp,
            Explanation::Lookalike(_) => LineKind::Lookalike,
            Explanation::Unknown => LineKind::Unknown,
        },
        service: match explanation {
            Explanation::TopUp(service) => Some(ServiceLabel::from(service)),
            _ => None,
        },
        text: Bilingual {
            ja: explanation.render(catalog, line, Lang::Ja),
            en: explanation.render(catalog, line, Lang::En),
        },
    })
}

/// Explains one line of statement text.
pub fn explain<'c>(catalog: &'c Catalog, line: &str) -> Explanation<'c> {
    let normalized = normalize(line);
    if let Some(service) = catalog.service_for(&normalized) {
        Explanation::TopUp(service)
    } else if let Some(lookalike) = catalog.lookalike_for(&normalized) {
        Explanation::Lookalike(lookalike)
    } else {
        Explanation::Unknown
    }
}

/// Whether the line's service was read from a name a bank's column cut short.
fn cut_short(catalog: &Catalog, line: &str) -> bool {
    catalog
        .recognise(&normalize(line))
        .is_some_and(|found| found.cut)
}

impl Explanation<'_> {
    /// The explanation as a person reads it, in `lang`.
    pub fn render(&self, catalog: &Catalog, line: &str, lang: Lang) -> String {
        let line = line.trim();
        match (self, lang) {
            (Explanation::TopUp(s), Lang::Ja) => format!(
                "「{line}」は {} への入金（チャージ）です。{}\n運営会社: {}\n{}\n\n{}",
                s.name_ja,
                if cut_short(catalog, line) {
                    "明細の欄の幅で名前が途中で切れていますが、そう読めます。"
                } else {
                    ""
                },
                s.operator_ja,
                s.about_ja,
                catalog.unrecognised_ja
            ),
            (Explanation::TopUp(s), Lang::En) => format!(
                "\"{line}\" is a top-up of {} (money moved from this account into it).{}\nOperator: {}\n{}\n\n{}",
                s.name_en,
                if cut_short(catalog, line) {
                    " The name is cut short by the width of the statement's column, but reads as that."
                } else {
                    ""
                },
                s.operator_en,
                s.about_en,
                catalog.unrecognised_en
            ),
            (Explanation::Lookalike(l), Lang::Ja) => format!("「{line}」は{}", l.what_ja),
            (Explanation::Lookalike(l), Lang::En) => format!("\"{line}\": {}", l.what_en),
            (Explanation::Unknown, Lang::Ja) => format!(
                "「{line}」は、登録されている電子マネー・決済サービスのどれにも当てはまりません。心当たりがない場合は、キャッシュカードや通帳に書かれた番号で銀行に確認してください。"
            ),
            (Explanation::Unknown, Lang::En) => format!(
                "\"{line}\" matches none of the e-money or payment services the app knows. If you do not recognise it, ask your bank, using the number on your cash card or passbook."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{explain, Explanation};
    use crate::catalog::Catalog;
    use crate::lang::Lang;

    #[test]
    fn d_barai_as_a_passbook_prints_it() {
        let catalog = Catalog::builtin();
        let explanation = explain(&catalog, "ﾃﾞｲｰﾊﾞﾗｲ");
        assert!(matches!(explanation, Explanation::TopUp(s) if s.id == "docomo-koza"));
        let ja = explanation.render(&catalog, "ﾃﾞｲｰﾊﾞﾗｲ", Lang::Ja);
        assert!(ja.starts_with("「ﾃﾞｲｰﾊﾞﾗｲ」は ドコモ口座（d払い） への入金（チャージ）です。\n運営会社: 株式会社NTTドコモ"), "{ja}");
        assert!(ja.contains("#9110"), "{ja}");
        let en = explanation.render(&catalog, "ﾃﾞｲｰﾊﾞﾗｲ", Lang::En);
        assert!(
            en.starts_with("\"ﾃﾞｲｰﾊﾞﾗｲ\" is a top-up of docomo Koza (d Barai)"),
            "{en}"
        );
    }

    #[test]
    fn a_phone_bill_is_said_to_be_one() {
        let catalog = Catalog::builtin();
        let explanation = explain(&catalog, "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ");
        assert!(matches!(explanation, Explanation::Lookalike(l) if l.id == "phone-bill"));
        assert_eq!(
            explanation.render(&catalog, "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ", Lang::En),
            "\"NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ\": A mobile phone or telecom bill, not an e-money top-up."
        );
    }

    #[test]
    fn an_unknown_line_says_so_and_what_to_do() {
        let catalog = Catalog::builtin();
        let explanation = explain(&catalog, "ｽｲﾄﾞｳﾘﾖｳｷﾝ");
        assert_eq!(explanation, Explanation::Unknown);
        assert!(explanation
            .render(&catalog, "ｽｲﾄﾞｳﾘﾖｳｷﾝ", Lang::Ja)
            .contains("当てはまりません"));
    }

    #[test]
    fn the_window_gets_both_languages_and_the_service_and_refuses_empty_or_huge_lines() {
        let catalog = Catalog::builtin();
        let answer = super::answer(&catalog, "  ﾃﾞｲｰﾊﾞﾗｲ ").unwrap();
        assert_eq!(answer.line, "ﾃﾞｲｰﾊﾞﾗｲ");
        assert_eq!(answer.kind, super::LineKind::TopUp);
        assert_eq!(answer.service.unwrap().id, "docomo-koza");
        assert!(
            answer
                .text
                .ja
                .starts_with("「ﾃﾞｲｰﾊﾞﾗｲ」は ドコモ口座（d払い） への入金"),
            "{}",
            answer.text.ja
        );
        assert!(answer.text.en.contains("docomo Koza"));
        let bill = super::answer(&catalog, "NTTﾄﾞｺﾓ ﾘﾖｳｷﾝ").unwrap();
        assert_eq!(bill.kind, super::LineKind::Lookalike);
        assert!(bill.service.is_none());
        assert!(super::answer(&catalog, "   ").is_none());
        assert!(super::answer(&catalog, &"ア".repeat(201)).is_none());
    }
}
