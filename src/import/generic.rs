//! Exports of banks without a layout of their own, recognised by the names of their columns:
//! a date, a description, withdrawals and deposits (or one signed amount), and perhaps a balance
//! and an id. Tried only after every known layout. Names are compared normalised, without a
//! trailing unit such as `(円)`.

use super::layout::{AmountColumns, DateColumns, Layout};

/// The layout a generic export reports; its column names are found per file.
pub static LAYOUT: Layout = Layout {
    id: "generic",
    bank: "（銀行名不明 bank not named）",
    date: DateColumns::One(""),
    amount: AmountColumns::Signed(""),
    description: &[],
    balance: None,
    row_id: None,
    kind: None,
    account_number_keys: &[],
};

/// Column names for the booked date.
pub const DATE: &[&str] = &[
    "日付",
    "取引日",
    "年月日",
    "取扱日",
    "取扱日付",
    "入出金日",
    "勘定日",
    "利用日",
    "Date",
    "Transaction Date",
    "Booking Date",
    "Value Date",
    "Posted Date",
];
/// Column names for withdrawals (money out).
pub const WITHDRAWAL: &[&str] = &[
    "出金",
    "出金額",
    "出金金額",
    "お引出し",
    "お引出金額",
    "引出金額",
    "支払金額",
    "お支払金額",
    "支払い金額",
    "払出金額",
    "Debit",
    "Withdrawal",
    "Withdrawals",
    "Money Out",
];
/// Column names for deposits (money in).
pub const DEPOSIT: &[&str] = &[
    "入金",
    "入金額",
    "入金金額",
    "お預入れ",
    "お預入金額",
    "預入金額",
    "お預り金額",
    "預かり金額",
    "受入金額",
    "Credit",
    "Deposit",
    "Deposits",
    "Money In",
];
/// Column names for one signed amount.
pub const SIGNED: &[&str] = &["金額", "入出金", "入出金額", "取引金額", "Amount"];
/// Column names for the description; every one present is joined, in file order.
pub const DESCRIPTION: &[&str] = &[
    "摘要",
    "摘要内容",
    "内容",
    "取引内容",
    "お取引内容",
    "お取り扱い内容",
    "入出金内容",
    "明細",
    "取引先",
    "Description",
    "Details",
    "Payee",
    "Narrative",
];
/// Column names for the balance.
pub const BALANCE: &[&str] = &["残高", "差引残高", "取引後残高", "現在高", "Balance"];
/// Column names for the bank's id of the row.
pub const ROW_ID: &[&str] = &["ID", "明細ID", "取引ID", "照会番号", "FITID", "Reference"];

/// `出金金額(円)` → `出金金額`: a unit in brackets at the end says nothing about the column.
pub fn strip_unit(normalized: &str) -> &str {
    ["(円)", "(JPY)", "(YEN)", "円"]
        .iter()
        .find_map(|unit| normalized.strip_suffix(unit))
        .unwrap_or(normalized)
}

#[cfg(test)]
mod tests {
    use super::strip_unit;

    #[test]
    fn units_are_not_part_of_the_name() {
        assert_eq!(strip_unit("出金金額(円)"), "出金金額");
        assert_eq!(strip_unit("AMOUNT(JPY)"), "AMOUNT");
        assert_eq!(strip_unit("残高"), "残高");
    }
}
