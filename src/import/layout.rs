//! The bank export layouts the importer recognises, each a small description rather than a parser.
//!
//! A layout names its header columns; the CSV reader finds the header row past any preamble and
//! reads every row through the description. Header names are compared after normalisation, so
//! `受入金額(円)` matches `受入金額（円）`. Column names come from
//! `shared/reference/statement-formats.md`; each layout has a fixture under `tests/fixtures/csv/`.

use crate::TransactionKind;

/// How one bank's CSV export is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A stable id, e.g. `yucho`.
    pub id: &'static str,
    /// The bank's name as a person knows it.
    pub bank: &'static str,
    /// Where the booked date is.
    pub date: DateColumns,
    /// Where the amount is.
    pub amount: AmountColumns,
    /// The text columns, joined by one space where more than one is non-empty.
    pub description: &'static [&'static str],
    /// The balance after each row.
    pub balance: Option<&'static str>,
    /// A column holding the bank's own id for the row.
    pub row_id: Option<&'static str>,
    /// A column whose text says what kind of transaction the row is (e.g. MUFG's 摘要).
    pub kind: Option<&'static str>,
    /// Preamble keys whose value is the account number (masked as soon as it is read).
    pub account_number_keys: &'static [&'static str],
}

/// Where a layout keeps the booked date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateColumns {
    /// One column, in any of the forms [`super::date`] reads.
    One(&'static str),
    /// Year, month and day in three columns (PayPay銀行).
    Split {
        /// The year column.
        year: &'static str,
        /// The month column.
        month: &'static str,
        /// The day column.
        day: &'static str,
    },
}

/// Where a layout keeps the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountColumns {
    /// Withdrawals and deposits in two columns of positive numbers; one of them is empty.
    Separate {
        /// Money out.
        withdrawal: &'static str,
        /// Money in.
        deposit: &'static str,
    },
    /// One column, negative for withdrawals (楽天銀行).
    Signed(&'static str),
}

impl Layout {
    /// Every header name this layout needs, for detecting it and for saying what was expected.
    pub fn required_headers(&self) -> Vec<&'static str> {
        let mut headers = match self.date {
            DateColumns::One(date) => vec![date],
            DateColumns::Split { year, month, day } => vec![year, month, day],
        };
        match self.amount {
            AmountColumns::Separate {
                withdrawal,
                deposit,
            } => headers.extend([withdrawal, deposit]),
            AmountColumns::Signed(amount) => headers.push(amount),
        }
        headers.extend(self.description);
        headers.extend(self.balance);
        headers.extend(self.row_id);
        headers.extend(self.kind);
        headers
    }
}

const ACCOUNT_NUMBER_KEYS: &[&str] = &["記号番号", "口座番号", "Account Number"];

const fn layout(
    id: &'static str,
    bank: &'static str,
    date: DateColumns,
    amount: AmountColumns,
) -> Layout {
    Layout {
        id,
        bank,
        date,
        amount,
        description: &[],
        balance: None,
        row_id: None,
        kind: None,
        account_number_keys: ACCOUNT_NUMBER_KEYS,
    }
}

const fn separate(withdrawal: &'static str, deposit: &'static str) -> AmountColumns {
    AmountColumns::Separate {
        withdrawal,
        deposit,
    }
}

const MIZUHO: Layout = Layout {
    description: &["お取引内容"],
    balance: Some("残高"),
    ..layout(
        "mizuho",
        "みずほ銀行",
        DateColumns::One("日付"),
        separate("お引出金額", "お預入金額"),
    )
};

/// Every layout, most specific first: a layout whose headers are a subset of another's comes later.
pub const LAYOUTS: &[Layout] = &[
    // ゆうちょ銀行 (ゆうちょダイレクト), after a preamble of account details.
    Layout {
        description: &["詳細１", "詳細２"],
        balance: Some("現在（貸付）高"),
        row_id: Some("入出金明細ＩＤ"),
        ..layout(
            "yucho",
            "ゆうちょ銀行",
            DateColumns::One("取引日"),
            separate("払出金額（円）", "受入金額（円）"),
        )
    },
    // 三菱UFJ銀行: 摘要 is the kind (口座振替, デビット …), 摘要内容 the counterparty.
    Layout {
        description: &["摘要", "摘要内容"],
        balance: Some("差引残高"),
        kind: Some("摘要"),
        ..layout(
            "mufg",
            "三菱UFJ銀行",
            DateColumns::One("日付"),
            separate("支払い金額", "預かり金額"),
        )
    },
    // 三井住友銀行.
    Layout {
        description: &["お取り扱い内容"],
        balance: Some("残高"),
        ..layout(
            "smbc",
            "三井住友銀行",
            DateColumns::One("年月日"),
            separate("お引出し", "お預入れ"),
        )
    },
    // みずほ銀行; its variant that starts with 明細通番 keeps the serial as the row's id, and comes
    // first because its headers include the plain layout's.
    Layout {
        row_id: Some("明細通番"),
        ..MIZUHO
    },
    MIZUHO,
    // 楽天銀行: one signed amount.
    Layout {
        description: &["入出金内容"],
        balance: Some("取引後残高(円)"),
        ..layout(
            "rakuten",
            "楽天銀行",
            DateColumns::One("取引日"),
            AmountColumns::Signed("入出金(円)"),
        )
    },
    // 住信SBIネット銀行: newest row first.
    Layout {
        description: &["内容"],
        balance: Some("残高(円)"),
        ..layout(
            "sbi-sumishin",
            "住信SBIネット銀行",
            DateColumns::One("日付"),
            separate("出金金額(円)", "入金金額(円)"),
        )
    },
    // PayPay銀行: the date split over three columns.
    Layout {
        description: &["摘要"],
        balance: Some("残高"),
        ..layout(
            "paypay-bank",
            "PayPay銀行",
            DateColumns::Split {
                year: "操作日(年)",
                month: "操作日(月)",
                day: "操作日(日)",
            },
            separate("お支払金額", "お預り金額"),
        )
    },
    // JAバンク: dates without a year, amounts like `\7,000`.
    Layout {
        description: &["摘要"],
        balance: Some("残高"),
        row_id: None,
        kind: Some("取引区分"),
        ..layout(
            "ja-bank",
            "JAバンク",
            DateColumns::One("取扱日付"),
            separate("お支払金額", "お預り金額"),
        )
    },
    // SBI新生銀行, Japanese and English headers.
    Layout {
        description: &["摘要"],
        balance: Some("残高"),
        ..layout(
            "sbi-shinsei",
            "SBI新生銀行",
            DateColumns::One("取引日"),
            separate("出金金額", "入金金額"),
        )
    },
    Layout {
        description: &["Description"],
        balance: Some("Balance"),
        ..layout(
            "sbi-shinsei",
            "SBI新生銀行",
            DateColumns::One("Value Date"),
            separate("Debit", "Credit"),
        )
    },
];

/// Reads a kind column's text: what the bank says the row is.
pub fn kind_from_text(text: &str) -> Option<TransactionKind> {
    let text = crate::normalize::normalize(text);
    let has = |word: &str| text.contains(&crate::normalize::normalize(word));
    if has("口座振替") || has("自動払込") || has("即時振替") {
        Some(TransactionKind::AccountDebit)
    } else if has("デビット") || has("デビツト") {
        Some(TransactionKind::Card)
    } else if has("振込") {
        Some(TransactionKind::Transfer)
    } else if has("カード") || has("ATM") {
        Some(TransactionKind::Atm)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{kind_from_text, LAYOUTS};
    use crate::normalize::normalize;
    use crate::TransactionKind;

    #[test]
    fn no_layout_hides_behind_an_earlier_one() {
        // A layout whose required headers include all of a later one's would never be reached
        // if it came after it; the reverse order is the one that works.
        for (i, earlier) in LAYOUTS.iter().enumerate() {
            let earlier_headers: Vec<String> = earlier
                .required_headers()
                .iter()
                .map(|h| normalize(h))
                .collect();
            for later in &LAYOUTS[i + 1..] {
                let later_headers: Vec<String> = later
                    .required_headers()
                    .iter()
                    .map(|h| normalize(h))
                    .collect();
                let hidden = earlier_headers.iter().all(|h| later_headers.contains(h));
                assert!(!hidden, "{} comes first and hides {}", earlier.id, later.id);
            }
        }
    }

    #[test]
    fn kinds_as_banks_write_them() {
        assert_eq!(
            kind_from_text("口座振替"),
            Some(TransactionKind::AccountDebit)
        );
        assert_eq!(kind_from_text("デビット"), Some(TransactionKind::Card));
        assert_eq!(kind_from_text("振込１"), Some(TransactionKind::Transfer));
        assert_eq!(kind_from_text("カ−ド"), Some(TransactionKind::Atm));
        assert_eq!(kind_from_text("利息"), None);
    }
}
