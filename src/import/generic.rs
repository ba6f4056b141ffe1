//! Exports of banks without a layout of their own, recognised by the names of their columns:
//! a date, a description, withdrawals and deposits (or one signed amount), and perhaps a balance
//! and an id. Tried only after every known layout. The names are data
//! (`data/layouts/generic.toml`), compared as [`bare_header`] makes them.

use std::sync::OnceLock;

use serde::Deserialize;

use super::layout::bare_header;

/// The id a generic export's layout reports.
pub const ID: &str = "generic";
/// The bank a generic export's layout reports: the file does not say.
pub const BANK: &str = "（銀行名不明 bank not named）";

/// The names each role's column goes by, bare.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wordings {
    /// The booked date.
    pub date: Vec<String>,
    /// Withdrawals (money out).
    pub withdrawal: Vec<String>,
    /// Deposits (money in).
    pub deposit: Vec<String>,
    /// One signed amount.
    pub signed: Vec<String>,
    /// The description; every one present is joined, in file order.
    pub description: Vec<String>,
    /// The balance.
    pub balance: Vec<String>,
    /// The bank's id of the row.
    pub row_id: Vec<String>,
    /// Each row's currency (an export in another currency is refused, naming it).
    pub currency: Vec<String>,
}

impl Wordings {
    fn bare(mut self) -> Wordings {
        for role in [
            &mut self.date,
            &mut self.withdrawal,
            &mut self.deposit,
            &mut self.signed,
            &mut self.description,
            &mut self.balance,
            &mut self.row_id,
            &mut self.currency,
        ] {
            for wording in role.iter_mut() {
                *wording = bare_header(wording);
            }
        }
        self
    }

    /// Every name of every role, bare.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        (self.date.iter())
            .chain(&self.withdrawal)
            .chain(&self.deposit)
            .chain(&self.signed)
            .chain(&self.description)
            .chain(&self.balance)
            .chain(&self.row_id)
    }
}

/// The generic layout's column names, bare.
pub fn wordings() -> &'static Wordings {
    static WORDINGS: OnceLock<Wordings> = OnceLock::new();
    WORDINGS.get_or_init(|| {
        let text = include_str!("../../data/layouts/generic.toml");
        // Part of the binary, and checked by the tests: a bad file is a bug of the build.
        let raw: Wordings =
            toml::from_str(text).unwrap_or_else(|e| panic!("data/layouts/generic.toml: {e}"));
        raw.bare()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generic_names_load_and_none_is_empty_or_in_two_roles() {
        let wordings = wordings();
        assert!(wordings.all().all(|w| !w.is_empty()));
        let mut seen = std::collections::HashSet::new();
        for (role, names) in [
            ("date", &wordings.date),
            ("withdrawal", &wordings.withdrawal),
            ("deposit", &wordings.deposit),
            ("signed", &wordings.signed),
            ("balance", &wordings.balance),
        ] {
            for name in names {
                assert!(seen.insert(name.clone()), "{name} ({role}) names two roles");
            }
        }
    }
}
