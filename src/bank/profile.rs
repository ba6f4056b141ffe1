//! A bank profile: how one Japanese bank's account-information API is shaped — its address, the
//! header that carries the token, the paths, the query parameters and the field names. It is a
//! TOML file (see `docs/bank-profile.md`) that a bank, or a branch pointing the app at its own
//! bank's API, ships; the app has the ones in `data/bank-apis/` built in.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::http::checked_url;
use super::BankError;

/// How one bank's API is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankProfile {
    /// A short id, e.g. `gmo-aozora`.
    pub id: String,
    /// The bank's name, Japanese first.
    pub name: String,
    /// The API's base URL; the paths are added to it.
    pub base_url: String,
    /// The header that carries the token, e.g. `x-access-token` or `Authorization`.
    pub auth_header: String,
    /// Written before the token in that header, e.g. `Bearer`; empty for none.
    #[serde(default)]
    pub auth_prefix: String,
    /// Requests a day the bank allows, when it limits them.
    #[serde(default)]
    pub daily_limit: Option<u32>,
    /// The endpoints, relative to `base_url`.
    pub paths: Paths,
    /// The query parameters' names.
    pub query: Query,
    /// Where the accounts list's fields are.
    pub accounts: AccountFields,
    /// Where the transactions' fields are.
    pub transactions: TransactionFields,
}

/// The endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    /// The accounts list.
    pub accounts: String,
    /// An account's transactions.
    pub transactions: String,
}

/// The query parameters of the transactions endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The account's id.
    pub account: String,
    /// The first day, `YYYY-MM-DD`.
    pub date_from: String,
    /// The last day, `YYYY-MM-DD`.
    pub date_to: String,
    /// The key of the next page.
    pub next: String,
}

/// The accounts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountFields {
    /// The array of accounts in the reply.
    pub list: String,
    /// An account's id.
    pub id: String,
    /// Its name or type.
    pub name: String,
    /// Its number (only ever kept masked).
    #[serde(default)]
    pub number: Option<String>,
    /// Its branch's name.
    #[serde(default)]
    pub branch: Option<String>,
    /// Its currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// The transactions reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransactionFields {
    /// The array of rows in the reply.
    pub list: String,
    /// Whether there is another page.
    pub has_next: String,
    /// The key to ask for it with.
    pub next: String,
    /// A row's booking date, `YYYY-MM-DD`.
    pub date: String,
    /// Its amount, unsigned, as a string or a number.
    pub amount: String,
    /// The field that says deposit or withdrawal.
    pub kind: String,
    /// The value of `kind` for a deposit (入金).
    pub deposit: String,
    /// The value of `kind` for a withdrawal (出金).
    pub withdrawal: String,
    /// The statement text (摘要).
    pub remarks: String,
    /// The balance after the row, when given.
    #[serde(default)]
    pub balance: Option<String>,
    /// The row's id, when given.
    #[serde(default)]
    pub id: Option<String>,
}

const BUILTIN: [(&str, &str); 2] = [
    (
        "gmo-aozora",
        include_str!("../../data/bank-apis/gmo-aozora.toml"),
    ),
    ("sandbox", include_str!("../../data/bank-apis/sandbox.toml")),
];

impl BankProfile {
    /// The built-in profile with this id.
    pub fn builtin(id: &str) -> Option<BankProfile> {
        let (name, text) = BUILTIN.iter().find(|(name, _)| *name == id)?;
        Some(Self::parse(text, &format!("built-in {name}")).expect("built-in profiles are tested"))
    }

    /// The ids of the built-in profiles.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    /// A profile from a file a bank or branch ships.
    pub fn from_file(path: &Path) -> Result<BankProfile, BankError> {
        let text = std::fs::read_to_string(path).map_err(|error| BankError::Profile {
            file: path.display().to_string(),
            detail: error.to_string(),
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Reads and checks a profile; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<BankProfile, BankError> {
        let problem = |detail: String| BankError::Profile {
            file: file.to_owned(),
            detail,
        };
        let profile: BankProfile =
            toml::from_str(text).map_err(|error| problem(error.to_string()))?;
        checked_url(&profile.base_url).map_err(|error| problem(format!("base_url: {error}")))?;
        if reqwest::header::HeaderName::from_bytes(profile.auth_header.as_bytes()).is_err() {
            return Err(problem(format!(
                "auth_header {:?} is not a header name",
                profile.auth_header
            )));
        }
        if profile.transactions.deposit == profile.transactions.withdrawal {
            return Err(problem(
                "transactions.deposit and transactions.withdrawal must differ".into(),
            ));
        }
        if profile.id.trim().is_empty() || profile.name.trim().is_empty() {
            return Err(problem("id and name must not be empty".into()));
        }
        Ok(profile)
    }

    /// The same profile at another address: a branch's test server, or the sandbox's port.
    pub fn at(mut self, base_url: &str) -> Result<BankProfile, BankError> {
        checked_url(base_url)?;
        self.base_url = base_url.trim().to_owned();
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::BankProfile;

    #[test]
    fn every_builtin_profile_parses_and_ids_match_their_names() {
        for id in BankProfile::builtin_ids() {
            let profile = BankProfile::builtin(id).unwrap();
            assert_eq!(profile.id, id);
        }
    }

    #[test]
    fn a_bad_file_is_named_with_its_line() {
        let text =
            include_str!("../../data/bank-apis/gmo-aozora.toml").replace("remarks = ", "remark = ");
        let error = BankProfile::parse(&text, "branch.toml")
            .unwrap_err()
            .to_string();
        assert!(error.contains("branch.toml"), "{error}");
        assert!(error.contains("remark"), "{error}");
        assert!(error.contains("line"), "{error}");

        let text = include_str!("../../data/bank-apis/gmo-aozora.toml")
            .replace("https://api.gmo-aozora.com", "http://api.gmo-aozora.com");
        let error = BankProfile::parse(&text, "branch.toml")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("base_url") && error.contains("https"),
            "{error}"
        );
    }
}
