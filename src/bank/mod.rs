//! Pulling history from a bank's account-information API instead of a downloaded file.
//!
//! Three connectors sit behind one trait, [`Connector`]: the Berlin Group NextGenPSD2 AIS
//! ([`psd2`]), SimpleFIN ([`simplefin`]) and the Japanese style of GMO Aozora's personal API,
//! configured per bank by a profile file a bank can ship ([`japan`], [`profile`]). Each turns
//! the API's rows into ordinary [`Transaction`]s, so a pulled history is judged exactly like an
//! imported file. Secrets stay in the OS keychain ([`secrets`]); [`sync`] pulls what is new,
//! refuses a reply no real account could give ([`plausible`]) and stores it in one transaction.

pub mod error;
pub mod http;
pub mod japan;
pub mod plausible;
pub mod profile;
pub mod psd2;
pub mod schedule;
pub mod secrets;
pub mod simplefin;
pub mod sync;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use error::BankError;
pub use http::{Http, RetryPolicy};
pub use profile::BankProfile;

use crate::Transaction;

/// The kinds of API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Provider {
    /// Berlin Group NextGenPSD2 account information.
    Psd2,
    /// SimpleFIN.
    SimpleFin,
    /// A Japanese bank's own API, described by a profile.
    Japan,
}

impl Provider {
    /// The id kept in the store.
    pub fn id(self) -> &'static str {
        match self {
            Provider::Psd2 => "psd2",
            Provider::SimpleFin => "simplefin",
            Provider::Japan => "japan",
        }
    }

    /// The provider with this id.
    pub fn from_id(id: &str) -> Option<Provider> {
        [Provider::Psd2, Provider::SimpleFin, Provider::Japan]
            .into_iter()
            .find(|provider| provider.id() == id)
    }

    /// The name a person knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Psd2 => "PSD2 (Berlin Group)",
            Provider::SimpleFin => "SimpleFIN",
            Provider::Japan => "銀行API (Bank API)",
        }
    }
}

/// An account the connection can read, as the bank lists it. The number is only kept masked;
/// `id` is the API's handle for it and stays with the secret in the keychain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteAccount {
    /// The API's id for the account.
    pub id: String,
    /// The account's name or type, e.g. 普通預金.
    pub name: String,
    /// The bank's name, when the API gives it.
    pub bank: Option<String>,
    /// The account number, masked, when the API gives one.
    pub number_masked: Option<String>,
    /// The currency code.
    pub currency: String,
}

/// How far a pull has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Pages read so far.
    pub pages: u32,
    /// Booked rows read so far.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: usize,
    /// The last booked date read, when any.
    pub reached: Option<NaiveDate>,
    /// The first day asked for.
    pub from: NaiveDate,
    /// The last day asked for.
    pub until: NaiveDate,
}

/// The booked rows of one pull, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The rows.
    pub transactions: Vec<Transaction>,
    /// Entries not yet booked, which are left out.
    pub pending_left_out: usize,
}

impl Pulled {
    /// How far the pull has got after `pages` pages of the period `from`–`to`.
    pub(crate) fn progress(&self, pages: u32, from: NaiveDate, to: NaiveDate) -> Progress {
        Progress {
            pages,
            rows: self.transactions.len(),
            reached: self.transactions.last().map(|row| row.booked),
            from,
            until: to,
        }
    }
}

/// One account-information API, reached with its credentials.
pub trait Connector {
    /// Which kind of API it is.
    fn provider(&self) -> Provider;

    /// The accounts the credentials can read.
    fn accounts(&self) -> Result<Vec<RemoteAccount>, BankError>;

    /// The account's booked rows from `from` to `to`, both included, every page of them.
    fn booked(
        &self,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Pulled, BankError>;
}

/// What reaching one API needs. All of it is kept in the keychain, never on disk: tokens,
/// consent ids and SimpleFIN's access URL are secrets, and a bank's address belongs with them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "provider", rename_all = "camelCase")]
pub enum Credentials {
    /// PSD2: the API's base URL (before `/v1`), a bearer token and a consent id.
    #[serde(rename_all = "camelCase")]
    Psd2 {
        /// The base URL, e.g. `https://api.bank.example/psd2`.
        base_url: String,
        /// The OAuth bearer token.
        token: Zeroizing<String>,
        /// The consent's id.
        consent_id: Zeroizing<String>,
        /// Accesses a day the consent allows (`frequencyPerDay`).
        frequency_per_day: u32,
    },
    /// SimpleFIN: the access URL a setup token was claimed for; the password is inside it.
    #[serde(rename_all = "camelCase")]
    SimpleFin {
        /// `https://user:password@bridge/simplefin`.
        access_url: Zeroizing<String>,
    },
    /// A Japanese bank's API: its profile and an access token.
    #[serde(rename_all = "camelCase")]
    Japan {
        /// How the bank's API is shaped.
        profile: Box<BankProfile>,
        /// The access token from the bank's developer portal or intermediary.
        token: Zeroizing<String>,
    },
}

/// The default PSD2 `frequencyPerDay`: the most the standard allows without a separate agreement.
pub const PSD2_DEFAULT_FREQUENCY: u32 = 4;

/// SimpleFIN bridges expect at most this many requests a day.
pub const SIMPLEFIN_DAILY_LIMIT: u32 = 24;

impl Credentials {
    /// Which API they are for.
    pub fn provider(&self) -> Provider {
        match self {
            Credentials::Psd2 { .. } => Provider::Psd2,
            Credentials::SimpleFin { .. } => Provider::SimpleFin,
            Credentials::Japan { .. } => Provider::Japan,
        }
    }

    /// How many syncs a day the provider allows, when it limits them.
    pub fn daily_limit(&self) -> Option<u32> {
        match self {
            Credentials::Psd2 {
                frequency_per_day, ..
            } => Some(*frequency_per_day),
            Credentials::SimpleFin { .. } => Some(SIMPLEFIN_DAILY_LIMIT),
            Credentials::Japan { profile, .. } => profile.daily_limit,
        }
    }

    /// What a person calls this connection: the provider, and the bank when a profile names it.
    pub fn display_name(&self) -> String {
        match self {
            Credentials::Japan { profile, .. } => profile.name.clone(),
            other => other.provider().name().to_owned(),
        }
    }

    /// A connector that reaches the API with these credentials.
    pub fn connector(&self, http: Http) -> Result<Box<dyn Connector>, BankError> {
        Ok(match self {
            Credentials::Psd2 {
                base_url,
                token,
                consent_id,
                ..
            } => Box::new(psd2::Psd2::new(
                http,
                base_url,
                token.clone(),
                consent_id.clone(),
            )?),
            Credentials::SimpleFin { access_url } => {
                Box::new(simplefin::SimpleFin::new(http, access_url)?)
            }
            Credentials::Japan { profile, token } => Box::new(japan::JapanApi::new(
                http,
                (**profile).clone(),
                token.clone(),
            )?),
        })
    }
}

/// Never prints a secret, only which API.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, secrets hidden)", self.provider().id())
    }
}

/// A connected account: the credentials and which of their accounts it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// How to reach the API.
    pub credentials: Credentials,
    /// The API's id for the account.
    pub remote_account: String,
}

/// Reads a yen amount an API writes as a decimal string or number: `-50000`, `-50000.00`, `1234.0`.
/// A fraction other than zero is refused: yen have no smaller unit.
///
/// ```
/// use kouza_guard::bank::yen_from_decimal;
/// assert_eq!(yen_from_decimal("-50000.00"), Some(-50_000));
/// assert_eq!(yen_from_decimal("+1200"), Some(1_200));
/// assert_eq!(yen_from_decimal("12.50"), None);
/// assert_eq!(yen_from_decimal("1e3"), None);
/// ```
pub fn yen_from_decimal(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b == b'0')
    {
        return None;
    }
    let value: i64 = whole.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// A JSON value that an API writes as a string or a number, as text.
pub(crate) fn json_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Decodes a JSON reply, naming the endpoint and the line and column where it broke.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    body: &[u8],
    host: &str,
    endpoint: &str,
) -> Result<T, BankError> {
    serde_json::from_slice(body).map_err(|error| {
        // serde quotes the value it did not expect, which a hostile reply can make megabytes
        // long: a short excerpt, and the place.
        let said = error.to_string();
        let detail = if said.chars().count() <= 300 {
            said
        } else {
            format!(
                "{} at line {} column {}",
                excerpt(&said, 200),
                error.line(),
                error.column()
            )
        };
        BankError::Malformed {
            host: host.to_owned(),
            endpoint: endpoint.to_owned(),
            detail,
        }
    })
}

/// The most pages one pull reads. A year of a busy personal account is a few hundred pages at
/// the smallest page sizes banks use; a server that keeps sending new links past this is broken
/// or hostile, and is stopped before it fills the memory. (A link or key that repeats is stopped
/// at once, by each connector.)
pub(crate) const MAX_PAGES: u32 = 1_000;

/// The error for a pull that reached [`MAX_PAGES`] and is still told there is more.
pub(crate) fn too_many_pages(host: String, endpoint: String, link: &str) -> BankError {
    BankError::Malformed {
        host,
        endpoint,
        detail: format!(
            "{link} still points on after {MAX_PAGES} pages, more than any real account's \
             history; the sync was stopped and nothing of it was kept"
        ),
    }
}

/// The error for a next link or key that points to a page this pull has already read.
pub(crate) fn paging_loop(host: String, endpoint: String, link: &str, pages: u32) -> BankError {
    BankError::Malformed {
        host,
        endpoint,
        detail: format!(
            "{link} on page {pages} goes back to a page already read, so paging would go round \
             in a loop; the sync was stopped and nothing of it was kept"
        ),
    }
}

/// At most `limit` characters of a server's text, for an error: a hostile reply can be huge.
pub(crate) fn excerpt(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(limit).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::{decode, excerpt, BankError};

    #[test]
    fn a_huge_bad_value_is_quoted_short_with_its_place() {
        let body = format!("{{\"x\": \"{}\"}}", "A".repeat(100_000));
        let error = decode::<std::collections::BTreeMap<String, i64>>(
            body.as_bytes(),
            "bank.example",
            "/v1",
        )
        .unwrap_err();
        let BankError::Malformed { detail, .. } = &error else {
            panic!("{error}")
        };
        assert!(detail.contains("line 1 column"), "{detail}");
        assert!(detail.len() < 400, "{} bytes", detail.len());
        assert_eq!(excerpt("短い", 5), "短い");
        assert_eq!(excerpt("とても長い", 2), "とて…");
    }
}
