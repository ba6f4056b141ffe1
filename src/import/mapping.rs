//! A person's own description of a CSV export the app does not know: which column holds the date
//! (and in what form), the text, the amount (and which sign money out has), and the balance. It is
//! saved per bank in the store and tried again on that bank's next file.
//!
//! ```toml
//! bank = "Example Bank"
//! date = "Buchungstag"
//! date_format = "%d.%m.%Y"
//! description = ["Verwendungszweck"]
//! amount = { signed = "Betrag", withdrawals = "negative" }
//! balance = "Saldo"
//! ```

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How a CSV export is laid out, as a person described it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The bank the export comes from; the mapping is saved under this name.
    pub bank: String,
    /// The header of the booked-date column.
    pub date: String,
    /// The date's form in chrono's notation (`%d.%m.%Y`); without it, every form the importer
    /// knows is tried (`2020/9/4`, `20200904`, `R02.09.04` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// The headers of the text columns, joined by one space.
    pub description: Vec<String>,
    /// Where the amount is.
    pub amount: MappedAmount,
    /// The header of the balance column, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<String>,
}

/// Where a mapped export keeps the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged, deny_unknown_fields)]
pub enum MappedAmount {
    /// Money out and money in, in two columns.
    Separate {
        /// The header of the money-out column.
        withdrawal: String,
        /// The header of the money-in column.
        deposit: String,
    },
    /// One column; `withdrawals` says whether money out is negative (most banks) or positive.
    Signed {
        /// The header of the amount column.
        signed: String,
        /// The sign money out has in it.
        withdrawals: Sign,
    },
}

/// The sign of money out in a one-column amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Sign {
    /// `-3000` is a withdrawal.
    Negative,
    /// `3000` is a withdrawal and `-3000` a deposit.
    Positive,
}

/// A mapping file that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}: {problem}")]
pub struct MappingError {
    /// The file.
    pub file: String,
    /// What is wrong, with the line when the TOML itself is.
    pub problem: String,
}

impl Mapping {
    /// Reads and checks a mapping file; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Mapping, MappingError> {
        let error = |problem: String| MappingError {
            file: file.to_owned(),
            problem,
        };
        let mapping: Mapping = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        if mapping.bank.trim().is_empty() {
            return Err(error(
                "`bank` is empty: name the bank the export comes from".into(),
            ));
        }
        if mapping.description.is_empty() {
            return Err(error(
                "`description` names no column: give the header of the statement text".into(),
            ));
        }
        if let Some(format) = &mapping.date_format {
            // A format that cannot print a date cannot read one either.
            let probe = chrono::NaiveDate::from_ymd_opt(2020, 9, 4).expect("a real day");
            let mut printed = String::new();
            if std::fmt::write(&mut printed, format_args!("{}", probe.format(format))).is_err() {
                return Err(error(format!(
                    "date_format {format:?} is not a date form such as %d.%m.%Y"
                )));
            }
        }
        Ok(mapping)
    }

    /// The mapping as a file, to save and read back.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a mapping always serialises")
    }

    /// The layout id a mapped statement reports.
    pub fn layout_id(&self) -> String {
        format!("mapping: {}", self.bank)
    }

    /// Every header the mapping needs, for finding the header row and for saying what was
    /// expected.
    pub fn headers(&self) -> Vec<&str> {
        let mut headers = vec![self.date.as_str()];
        match &self.amount {
            MappedAmount::Separate {
                withdrawal,
                deposit,
            } => {
                headers.extend([withdrawal.as_str(), deposit.as_str()]);
            }
            MappedAmount::Signed { signed, .. } => headers.push(signed),
        }
        headers.extend(self.description.iter().map(String::as_str));
        headers.extend(self.balance.as_deref());
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::{MappedAmount, Mapping, Sign};

    #[test]
    fn a_mapping_reads_back_what_it_writes() {
        let text = r#"
bank = "Example Bank"
date = "Buchungstag"
date_format = "%d.%m.%Y"
description = ["Verwendungszweck"]
amount = { signed = "Betrag", withdrawals = "negative" }
balance = "Saldo"
"#;
        let mapping = Mapping::from_toml("example.toml", text).unwrap();
        assert_eq!(
            mapping.amount,
            MappedAmount::Signed {
                signed: "Betrag".into(),
                withdrawals: Sign::Negative
            }
        );
        assert_eq!(
            Mapping::from_toml("again.toml", &mapping.to_toml()).unwrap(),
            mapping
        );
        assert_eq!(
            mapping.headers(),
            ["Buchungstag", "Betrag", "Verwendungszweck", "Saldo"]
        );
    }

    #[test]
    fn a_bad_mapping_names_the_file_and_what_is_wrong() {
        let no_text = "bank = \"B\"\ndate = \"D\"\ndescription = []\namount = { signed = \"A\", withdrawals = \"negative\" }\n";
        let error = Mapping::from_toml("b.toml", no_text).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("b.toml: `description` names no column"),
            "{error}"
        );
        let typo = no_text
            .replace("description = []", "description = [\"T\"]")
            .replace("negative", "minus");
        let error = Mapping::from_toml("b.toml", &typo).unwrap_err();
        assert!(error.to_string().starts_with("b.toml: "), "{error}");
        let bad_format = no_text.replace(
            "description = []",
            "description = [\"T\"]\ndate_format = \"%Q\"",
        );
        let error = Mapping::from_toml("b.toml", &bad_format).unwrap_err();
        assert!(error.to_string().contains("date_format"), "{error}");
    }
}
