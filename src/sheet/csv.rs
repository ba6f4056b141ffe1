//! The sheet's withdrawals as CSV, for a branch's records or a spreadsheet: UTF-8 with a byte-order
//! mark (so that Excel in Japan reads it as UTF-8), one row per withdrawal, then the total.
//!
//! Statement text is untrusted: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would run as a formula in a spreadsheet, so such text is prefixed with `'`.

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
    ];
    let account = sheet
        .account
        .as_ref()
        .map(|a| format!("{} {}", a.bank, a.number_masked))
        .unwrap_or_default();
    let row = |w: &SheetWithdrawal| {
        [
            w.date.to_string(),
            w.amount.to_string(),
            inert(&w.description),
            format!("{} ({})", w.service.name_ja, w.service.name_en),
            format!("{} ({})", w.service.operator_ja, w.service.operator_en),
            inert(&account),
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
        .write_record(["合計 Total", &sheet.total.to_string(), "", "", "", ""])
        .expect("write to memory");
    writer.into_inner().expect("flush to memory")
}

/// Text that a spreadsheet shows as text, never runs.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{inert, to_csv};
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
        assert_eq!(lines[0], "\u{feff}日付 Date,金額（円） Amount (yen),通帳の表示 Statement text,サービス Service,運営会社 Operator,口座 Account");
        assert_eq!(
            lines[1],
            "2020-09-04,100000,振替 ﾄﾞｺﾓｺｳｻﾞ,ドコモ口座（d払い） (docomo Koza (d Barai)),株式会社NTTドコモ (NTT DOCOMO INC.),ゆうちょ銀行 *********5671"
                .replace("NTT DOCOMO INC.", "NTT DOCOMO, INC.")
                .replace("株式会社NTTドコモ (NTT DOCOMO, INC.)", "\"株式会社NTTドコモ (NTT DOCOMO, INC.)\"")
        );
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[5], "合計 Total,300000,,,,");
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
}
