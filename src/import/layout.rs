//! The bank export layouts the importer recognises, each a small description rather than a parser.
//!
//! A layout names its header columns; the CSV reader finds the header row past any preamble and
//! reads every row through the description. The layouts are data: one file per bank under
//! `data/layouts/`, embedded in the binary and checked when first used (see [`layouts`]). Each
//! column lists the wordings its header has taken across years and variants, and the file names
//! its sources. Header names are compared after normalisation and without a trailing unit or
//! calendar label ([`bare_header`]), so `受入金額(円)` matches `受入金額（円）` and `取引日（和暦）`
//! matches `取引日`. Each layout has a fixture under `tests/fixtures/csv/`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::normalize::normalize;
use crate::TransactionKind;

/// The layout files, most specific first: a variant whose columns include all of a later one's
/// must come before it, or it is never reached (a test checks this).
const FILES: &[(&str, &str)] = &[
    ("yucho", include_str!("../../data/layouts/yucho.toml")),
    (
        "kyoto-bank",
        include_str!("../../data/layouts/kyoto-bank.toml"),
    ),
    (
        "sony-bank",
        include_str!("../../data/layouts/sony-bank.toml"),
    ),
    (
        "aeon-bank",
        include_str!("../../data/layouts/aeon-bank.toml"),
    ),
    (
        "gmo-aozora",
        include_str!("../../data/layouts/gmo-aozora.toml"),
    ),
    ("mufg", include_str!("../../data/layouts/mufg.toml")),
    ("smbc", include_str!("../../data/layouts/smbc.toml")),
    ("mizuho", include_str!("../../data/layouts/mizuho.toml")),
    ("rakuten", include_str!("../../data/layouts/rakuten.toml")),
    (
        "sbi-sumishin",
        include_str!("../../data/layouts/sbi-sumishin.toml"),
    ),
    (
        "paypay-bank",
        include_str!("../../data/layouts/paypay-bank.toml"),
    ),
    ("ja-bank", include_str!("../../data/layouts/ja-bank.toml")),
    (
        "sbi-shinsei",
        include_str!("../../data/layouts/sbi-shinsei.toml"),
    ),
];

/// How one bank's CSV export (one variant of it) is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// A stable id, e.g. `yucho`; the variants of one bank share it.
    pub id: String,
    /// The bank's name as a person knows it.
    pub bank: String,
    /// Where the booked date is.
    pub date: DateColumns,
    /// Where the amount is.
    pub amount: AmountColumns,
    /// The text columns, joined by one space where more than one is non-empty.
    pub description: Vec<Column>,
    /// The balance after each row.
    pub balance: Option<Column>,
    /// A column holding the bank's own id for the row.
    pub row_id: Option<Column>,
    /// A column whose text says what kind of transaction the row is (e.g. MUFG's 摘要).
    pub kind: Option<Column>,
    /// Columns not read, whose presence tells this bank's export from a look-alike's.
    pub markers: Vec<Column>,
    /// Where the layout was learnt.
    pub sources: Vec<String>,
}

/// One column of a layout: the wordings its header takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// As the bank writes them, the usual one first.
    pub wordings: Vec<String>,
    /// The same, as [`bare_header`] compares them.
    bare: Vec<String>,
}

impl Column {
    fn new(wordings: Vec<String>) -> Column {
        let bare = wordings.iter().map(|w| bare_header(w)).collect();
        Column { wordings, bare }
    }

    /// The column's usual name, for messages.
    pub fn name(&self) -> &str {
        self.wordings.first().map_or("", String::as_str)
    }

    /// Whether a header cell, already made bare by [`bare_header`], names this column.
    pub fn is_named(&self, bare_cell: &str) -> bool {
        self.bare.iter().any(|wording| wording == bare_cell)
    }
}

/// Where a layout keeps the booked date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateColumns {
    /// One column, in any of the forms [`super::date`] reads.
    One(Column),
    /// Year, month and day in three columns (PayPay銀行).
    Split {
        /// The year column.
        year: Column,
        /// The month column.
        month: Column,
        /// The day column.
        day: Column,
    },
}

/// Where a layout keeps the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountColumns {
    /// Withdrawals and deposits in two columns of positive numbers; one of them is empty.
    Separate {
        /// Money out.
        withdrawal: Column,
        /// Money in.
        deposit: Column,
    },
    /// One column, negative for withdrawals (楽天銀行).
    Signed(Column),
}

impl Layout {
    /// Every column this layout needs, for detecting it and for saying what was expected.
    pub fn required_columns(&self) -> Vec<&Column> {
        let mut columns = match &self.date {
            DateColumns::One(date) => vec![date],
            DateColumns::Split { year, month, day } => vec![year, month, day],
        };
        match &self.amount {
            AmountColumns::Separate {
                withdrawal,
                deposit,
            } => columns.extend([withdrawal, deposit]),
            AmountColumns::Signed(amount) => columns.push(amount),
        }
        columns.extend(&self.description);
        columns.extend(&self.balance);
        columns.extend(&self.row_id);
        columns.extend(&self.kind);
        columns.extend(&self.markers);
        columns
    }

    /// The usual name of every column this layout needs.
    pub fn required_headers(&self) -> Vec<&str> {
        self.required_columns()
            .into_iter()
            .map(Column::name)
            .collect()
    }
}

/// Preamble keys whose value is the account number (masked as soon as it is read).
pub const ACCOUNT_NUMBER_KEYS: &[&str] = &["記号番号", "口座番号", "Account Number"];

/// A header cell as layouts compare it: normalised, without a trailing unit (`(円)`, `(JPY)`) or
/// calendar label (`(和暦)`, `(西暦)`), which say nothing about which column it is.
pub fn bare_header(cell: &str) -> String {
    let mut bare = normalize(cell);
    while let Some(stripped) = ["(円)", "(JPY)", "(YEN)", "(和暦)", "(西暦)", "円"]
        .iter()
        .find_map(|suffix| bare.strip_suffix(&normalize(suffix)))
        .filter(|rest| !rest.is_empty())
    {
        bare = stripped.to_owned();
    }
    bare
}

/// Every layout, most specific first, as loaded from `data/layouts/`.
pub fn layouts() -> &'static [Layout] {
    static LAYOUTS: OnceLock<Vec<Layout>> = OnceLock::new();
    LAYOUTS.get_or_init(|| {
        let mut layouts = Vec::new();
        for (name, text) in FILES {
            // The files are part of the binary and each is checked by the tests: a bad one is
            // a bug of the build, not of any input.
            layouts.extend(load(name, text).unwrap_or_else(|e| panic!("{e}")));
        }
        layouts
    })
}

/// The layout file of one bank, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: String,
    bank: String,
    sources: Vec<String>,
    variant: Vec<RawVariant>,
}

/// One variant of a bank's export, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    date: Option<Vec<String>>,
    date_split: Option<RawSplitDate>,
    withdrawal: Option<Vec<String>>,
    deposit: Option<Vec<String>>,
    signed: Option<Vec<String>>,
    description: Vec<Vec<String>>,
    balance: Option<Vec<String>>,
    row_id: Option<Vec<String>>,
    kind: Option<Vec<String>>,
    #[serde(default)]
    markers: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSplitDate {
    year: Vec<String>,
    month: Vec<String>,
    day: Vec<String>,
}

/// The layouts of the file `name` (`data/layouts/<name>.toml`), or what is wrong with it.
pub fn load(name: &str, text: &str) -> Result<Vec<Layout>, String> {
    let raw: RawFile =
        toml::from_str(text).map_err(|e| format!("data/layouts/{name}.toml: {e}"))?;
    if raw.id != name {
        return Err(format!(
            "data/layouts/{name}.toml: its id is {:?}; it must be the file's name",
            raw.id
        ));
    }
    if raw.sources.is_empty() {
        return Err(format!("data/layouts/{name}.toml: no source is named"));
    }
    (raw.variant.into_iter().enumerate())
        .map(|(index, variant)| {
            compile(&raw.id, &raw.bank, &raw.sources, variant)
                .map_err(|e| format!("data/layouts/{name}.toml, variant {}: {e}", index + 1))
        })
        .collect()
}

fn compile(id: &str, bank: &str, sources: &[String], raw: RawVariant) -> Result<Layout, String> {
    let column = |role: &str, wordings: Vec<String>| {
        if wordings.is_empty() || wordings.iter().any(|w| bare_header(w).is_empty()) {
            return Err(format!(
                "{role} needs at least one wording, none of them empty"
            ));
        }
        Ok(Column::new(wordings))
    };
    let optional = |role: &str, wordings: Option<Vec<String>>| {
        wordings.map(|wordings| column(role, wordings)).transpose()
    };
    let date = match (raw.date, raw.date_split) {
        (Some(date), None) => DateColumns::One(column("date", date)?),
        (None, Some(split)) => DateColumns::Split {
            year: column("date_split.year", split.year)?,
            month: column("date_split.month", split.month)?,
            day: column("date_split.day", split.day)?,
        },
        _ => return Err("give exactly one of date and date_split".into()),
    };
    let amount = match (raw.withdrawal, raw.deposit, raw.signed) {
        (Some(withdrawal), Some(deposit), None) => AmountColumns::Separate {
            withdrawal: column("withdrawal", withdrawal)?,
            deposit: column("deposit", deposit)?,
        },
        (None, None, Some(signed)) => AmountColumns::Signed(column("signed", signed)?),
        _ => return Err("give withdrawal and deposit, or signed".into()),
    };
    if raw.description.is_empty() {
        return Err("description needs at least one column".into());
    }
    let description = (raw.description.into_iter())
        .map(|wordings| column("description", wordings))
        .collect::<Result<_, _>>()?;
    Ok(Layout {
        id: id.to_owned(),
        bank: bank.to_owned(),
        date,
        amount,
        description,
        balance: optional("balance", raw.balance)?,
        row_id: optional("row_id", raw.row_id)?,
        kind: optional("kind", raw.kind)?,
        markers: (raw.markers.into_iter())
            .map(|wordings| column("markers", wordings))
            .collect::<Result<_, _>>()?,
        sources: sources.to_vec(),
    })
}

/// Reads a kind column's text: what the bank says the row is.
pub fn kind_from_text(text: &str) -> Option<TransactionKind> {
    let text = normalize(text);
    let has = |word: &str| text.contains(&normalize(word));
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
    use super::*;

    #[test]
    fn every_layout_file_loads_with_its_sources() {
        for (name, text) in FILES {
            let layouts = load(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!layouts.is_empty(), "{name}: no variant");
            assert!(layouts.iter().all(|l| !l.sources.is_empty()));
        }
        assert!(layouts().len() >= FILES.len());
    }

    #[test]
    fn a_bad_layout_file_is_refused_naming_file_variant_and_role() {
        let text = "id = \"x\"\nbank = \"X\"\nsources = [\"s\"]\n[[variant]]\ndate = [\"日付\"]\nwithdrawal = [\"出金\"]\ndescription = [[\"摘要\"]]\n";
        assert_eq!(
            load("x", text).unwrap_err(),
            "data/layouts/x.toml, variant 1: give withdrawal and deposit, or signed"
        );
        assert!(load("y", text)
            .unwrap_err()
            .contains("must be the file's name"));
        let empty = text
            .replace("[\"摘要\"]", "[\"\"]")
            .replace("withdrawal = [\"出金\"]", "signed = [\"金額\"]");
        assert!(load("x", &empty).unwrap_err().contains("description needs"));
    }

    #[test]
    fn units_and_calendar_labels_are_not_part_of_a_header() {
        assert_eq!(bare_header("出金金額（円）"), bare_header("出金金額"));
        assert_eq!(bare_header("取引日(和暦)"), bare_header("取引日"));
        assert_eq!(bare_header("Amount (JPY)"), bare_header("amount"));
        assert_eq!(bare_header("円"), normalize("円"));
    }

    #[test]
    fn no_layout_hides_behind_an_earlier_one() {
        // A variant whose columns are all named by a later one's would take that one's files if
        // it came after it; the reverse order is the one that works.
        let layouts = layouts();
        for (i, earlier) in layouts.iter().enumerate() {
            for later in &layouts[i + 1..] {
                let later_columns = later.required_columns();
                let hidden = earlier.required_columns().iter().all(|column| {
                    (column.bare.iter()).any(|w| later_columns.iter().any(|c| c.is_named(w)))
                });
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
