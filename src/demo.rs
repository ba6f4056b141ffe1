//! The built-in demo statement: a synthetic retiree's ゆうちょ account, July–September 2020, with a
//! ドコモ口座-style burst of four top-ups on one day among ordinary bills, a pension and a small
//! monthly PayPay habit. It belongs to nobody; every screen that shows it says so.
//!
//! It is an ordinary export file embedded in the binary and read by the ordinary importer, so the
//! demo exercises the same path as a customer's own file.

use crate::import::{self, ImportError};
use crate::Statement;

/// The name the demo statement goes by.
pub const SOURCE_NAME: &str = "demo: yucho-demo.csv";

const CSV: &[u8] = include_bytes!("../data/demo/yucho-demo.csv");

/// The demo statement, marked as demo data.
pub fn statement() -> Result<Statement, ImportError> {
    let mut statement = import::read_bytes(SOURCE_NAME, CSV, &import::Request::default())?;
    statement.is_demo = true;
    Ok(statement)
}

/// The demo statement judged by `catalog` (the one in use: built in, or a signed update's), as
/// nobody has said anything about it.
pub fn review(catalog: &crate::catalog::Catalog) -> Result<crate::review::Review, ImportError> {
    Ok(crate::review::Review::of(
        statement()?,
        catalog,
        &crate::detect::Holder::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::statement;
    use chrono::NaiveDate;

    #[test]
    fn demo_reads_as_a_marked_yucho_statement_with_a_docomo_burst() {
        let demo = statement().expect("the embedded demo must import");
        assert!(demo.is_demo);
        assert_eq!(demo.layout, "yucho");
        assert_eq!(demo.transactions.len(), 19);
        let account = demo.account.as_ref().expect("the demo names its account");
        assert_eq!(account.bank, "ゆうちょ銀行");
        assert_eq!(account.number_masked, "*********5671");

        let burst_day = NaiveDate::from_ymd_opt(2020, 9, 4).unwrap();
        let burst: Vec<i64> = demo
            .transactions
            .iter()
            .filter(|t| t.booked == burst_day && t.normalized.contains("ドコモコウザ"))
            .map(|t| t.amount)
            .collect();
        assert_eq!(burst, [-100_000, -90_000, -90_000, -20_000]);
    }

    #[test]
    fn demo_balances_follow_from_the_amounts() {
        let demo = statement().unwrap();
        for pair in demo.transactions.windows(2) {
            let (before, after) = (pair[0].balance.unwrap(), pair[1].balance.unwrap());
            assert_eq!(before + pair[1].amount, after, "line {:?}", pair[1].line);
        }
    }
}
