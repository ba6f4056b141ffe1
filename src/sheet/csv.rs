//! The sheet's withdrawals as CSV, for a branch's records or a spreadsheet: UTF-8 with a byte-order
//! mark (so that Excel in Japan reads it as UTF-8), one row per withdrawal, then the total; each
//! row ends with the data version the withdrawals were judged with.
//!
//! Statement text is untrusted: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would run as a formula in a spreadsheet, so such text is prefixed with `'`. The sign is
//! looked for past anything a reader cannot see (spaces, control characters, a byte-order mark,
//! zero-width and direction marks) and in its full-width and small forms too (`＝`, `﹦`, `＋`,
//! `－`, `−`, `＠`): Japanese spreadsheets take `＝` as `=`, and an invisible character in front of
//! the sign must not hide it from this check while a spreadsheet skips it.

use unicode_normalization::char::decompose_compatible;

use super::{ConsultationSheet, SheetWithdrawal};

/// The CSV bytes.
pub fn to_csv(sheet: &ConsultationSheet) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let header = [
        "日付 Date",
        "金額（円） Amount (yen)",
        "通帳の表示 Statement text",
        "サービス Service",
        "運営会社 Operator",
        "口座 Account",
        "データ版 Data version",
    ];
    let account = sheet
        .account
        .as_ref()
        .map(crate::Account::name)
        .unwrap_or_default();
    // A bundle's label is signed by a trusted key, but still no cell is trusted.
    let data_version = sheet.data_version.bilingual();
    let row = |w: &SheetWithdrawal| {
        [
            w.date.to_string(),
            w.amount.to_string(),
            inert(&w.description),
            // A branch's own catalog file names services too: no cell is trusted.
            inert(&format!("{} ({})", w.service.name_ja, w.service.name_en)),
            inert(&format!(
                "{} ({})",
                w.service.operator_ja, w.service.operator_en
            )),
            inert(&account),
            inert(&data_version),
        ]
    };
    // Writing to a Vec cannot fail.
    writer.write_record(header).expect("write to memory");
    for withdrawal in &sheet.withdrawals {
        writer
            .write_record(row(withdrawal))
            .expect("write to memory");
    }
    writer
        .write_record([
            "合計 Total",
            &sheet.total.to_string(),
            "",
            "",
            "",
            "",
            &inert(&data_version),
        ])
        .expect("write to memory");
    writer.into_inner().expect("flush to memory")
}

/// Text that a spreadsheet shows as text, never runs.
fn inert(text: &str) -> String {
    if could_run(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Whether a spreadsheet might take `text` as a formula: it starts with a tab or a carriage
/// return, or its first visible character is a formula sign in any width.
fn could_run(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    text.chars()
        .find(|&c| !unseen(c))
        .is_some_and(|first| first == '\u{2212}' || is_formula_sign(folded(first)))
}

/// The first character of `c`'s compatibility decomposition: `＝` → `=`.
fn folded(c: char) -> char {
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    first.unwrap_or(c)
}

/// `=`, `+`, `-` or `@`, the signs that start a formula (once folded, `＝` and `﹦` are `=`,
/// `＋` is `+`, `－` and `﹣` are `-`, `＠` is `@`).
fn is_formula_sign(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@')
}

/// A character with nothing to see: white space, a control character, or one Unicode says to
/// draw as nothing (`Default_Ignorable_Code_Point`: the byte-order mark, zero-width spaces and
/// joiners, direction marks, variation selectors, the soft hyphen, Hangul fillers, tags).
fn unseen(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || DEFAULT_IGNORABLE
            .binary_search_by(|&(from, to)| {
                if c < from {
                    std::cmp::Ordering::Greater
                } else if c > to {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// Unicode 15's `Default_Ignorable_Code_Point` ranges (DerivedCoreProperties.txt), sorted.
const DEFAULT_IGNORABLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

#[cfg(test)]
mod tests {
    use super::{inert, to_csv, unseen, DEFAULT_IGNORABLE};
    use crate::catalog::Catalog;
    use crate::detect::Holder;
    use crate::guidance::GuidanceData;
    use crate::review::Review;
    use crate::sheet::ConsultationSheet;

    #[test]
    fn the_demo_sheet_as_csv() {
        let review = Review::of(
            crate::demo::statement().unwrap(),
            &Catalog::builtin(),
            &Holder::default(),
        );
        let today = chrono::NaiveDate::from_ymd_opt(2020, 9, 14).unwrap();
        let bytes = to_csv(&ConsultationSheet::of(
            &review,
            &GuidanceData::builtin(),
            today,
        ));
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "\u{feff}日付 Date,金額（円） Amount (yen),通帳の表示 Statement text,サービス Service,運営会社 Operator,口座 Account,データ版 Data version");
        assert_eq!(
            lines[1],
            "2020-09-04,100000,振替 ﾄﾞｺﾓｺｳｻﾞ,ドコモ口座（d払い） (docomo Koza (d Barai)),株式会社NTTドコモ (NTT DOCOMO INC.),ゆうちょ銀行 *********5671,2026113000（2026-11-30・アプリに組み込み built in）"
                .replace("NTT DOCOMO INC.", "NTT DOCOMO, INC.")
                .replace("株式会社NTTドコモ (NTT DOCOMO, INC.)", "\"株式会社NTTドコモ (NTT DOCOMO, INC.)\"")
        );
        assert_eq!(lines.len(), 6);
        assert_eq!(
            lines[5],
            "合計 Total,300000,,,,,2026113000（2026-11-30・アプリに組み込み built in）"
        );
    }

    #[test]
    fn a_formula_in_statement_text_stays_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(inert("-1+2"), "'-1+2");
        assert_eq!(inert("振替 PAYPAY"), "振替 PAYPAY");
    }

    #[test]
    fn the_table_of_invisible_characters_is_sorted_and_its_ranges_apart() {
        for (i, &(from, to)) in DEFAULT_IGNORABLE.iter().enumerate() {
            assert!(from <= to, "entry {i} ({from:?}..{to:?}) runs backwards");
            if let Some(&(next, _)) = DEFAULT_IGNORABLE.get(i + 1) {
                assert!(to < next, "entry {i} ({from:?}..{to:?}) is out of order");
            }
        }
        for c in ['\u{feff}', '\u{200b}', '\u{2060}', '\u{e0041}', ' ', '\0'] {
            assert!(unseen(c), "{c:?}");
        }
        for c in ['=', 'a', 'ｰ', '振', '\u{0301}'] {
            assert!(!unseen(c), "{c:?}");
        }
    }
}
