//! The bank export layouts the importer recognises, each a small description rather than a parser.
//!
//! A layout names its header columns; the CSV reader finds the header row past any preamble and
//! reads every row through the description.

use super::date::DateForm;

/// How one bank's CSV export is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A stable id, e.g. `yucho`.
    pub id: &'static str,
    /// The bank's name as a person knows it.
    pub bank: &'static str,
    /// The column holding the booked date, and how it is written.
    pub date: (&'static str, DateForm),
    /// The column of withdrawals (positive numbers, money out).
    pub withdrawal: &'static str,
    /// The column of deposits (positive numbers, money in).
    pub deposit: &'static str,
    /// The text columns, joined by one space where more than one is non-empty.
    pub description: &'static [&'static str],
    /// The balance after each row.
    pub balance: Option<&'static str>,
    /// A column holding the bank's own id for the row.
    pub row_id: Option<&'static str>,
    /// Preamble keys whose value is the account number (masked as soon as it is read).
    pub account_number_keys: &'static [&'static str],
}

impl Layout {
    /// Every header name this layout needs, for detecting it and for saying what was expected.
    pub fn required_headers(&self) -> Vec<&'static str> {
        let mut headers = vec![self.date.0, self.withdrawal, self.deposit];
        headers.extend(self.description);
        headers.extend(self.balance);
        headers.extend(self.row_id);
        headers
    }
}

/// ゆうちょ銀行 (ゆうちょダイレクト): `取引日,入出金明細ＩＤ,受入金額（円）,払出金額（円）,詳細１,詳細２,現在（貸付）高,`
/// after a preamble of account details.
pub const YUCHO: Layout = Layout {
    id: "yucho",
    bank: "ゆうちょ銀行",
    date: ("取引日", DateForm::Compact),
    withdrawal: "払出金額（円）",
    deposit: "受入金額（円）",
    description: &["詳細１", "詳細２"],
    balance: Some("現在（貸付）高"),
    row_id: Some("入出金明細ＩＤ"),
    account_number_keys: &["記号番号", "口座番号"],
};

/// Every layout, tried in order.
pub const LAYOUTS: &[Layout] = &[YUCHO];
