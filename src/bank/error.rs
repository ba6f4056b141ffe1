//! What can go wrong talking to a bank, in words a person can act on.
//!
//! No message carries a secret: a place is named by its host alone (a SimpleFIN access URL holds
//! its password), and a reply's own words are quoted only from its error fields. Those words, an
//! endpoint's path and a JSON error can still hold a secret — a PSD2 path holds the consent id, and
//! a careless server may echo the request — so every connector passes its errors through
//! [`BankError::hiding`] with its secrets before anyone sees them: the UI, the CLI and the log.

use thiserror::Error;

use crate::store::keychain::KeychainError;

/// A bank connection could not do what was asked. A failed sync changes no stored history.
#[derive(Debug, Error)]
pub enum BankError {
    /// The address is not a URL the app can use.
    #[error("{0}")]
    BadAddress(String),
    /// Plain `http://` to a host that is not this computer: tokens would cross the network readable.
    #[error(
        "{host} must be reached with https://: a token sent over plain http can be read on the way"
    )]
    Insecure {
        /// The host.
        host: String,
    },
    /// Something typed on the Connect screen is far longer than any real one.
    #[error("the {what} is longer than {limit} characters: check what was pasted")]
    TooLong {
        /// What it is.
        what: &'static str,
        /// The most allowed.
        limit: usize,
    },
    /// The setup token is not Base64 of a claim URL.
    #[error("this is not a SimpleFIN setup token: {0}. Copy it again from your SimpleFIN bridge")]
    BadSetupToken(String),
    /// SimpleFIN says the setup token was claimed before.
    #[error(
        "this SimpleFIN setup token has already been used. If you did not use it yourself, someone \
         else may have: disable it at your SimpleFIN bridge and make a new one"
    )]
    AlreadyClaimed,
    /// The person stopped the sync; nothing from it was kept.
    #[error("the sync was cancelled; nothing from it was kept")]
    Cancelled,
    /// No connection could be made, even after retrying.
    #[error("cannot reach {host}: {detail}. Check the internet connection and try again")]
    Unreachable {
        /// The host.
        host: String,
        /// What the network said.
        detail: String,
    },
    /// The bank did not answer in time, even after retrying.
    #[error("{host} did not answer in time. Try again later")]
    TimedOut {
        /// The host.
        host: String,
    },
    /// The secure connection could not be set up: a wrong or expired certificate, or not TLS.
    #[error("a secure (TLS) connection to {host} could not be set up: {detail}. Nothing was sent")]
    Tls {
        /// The host.
        host: String,
        /// What failed.
        detail: String,
    },
    /// The token or password is wrong, revoked or expired.
    #[error(
        "{provider} did not accept the token: connect the account again with a new one ({detail})"
    )]
    AuthoriseAgain {
        /// The provider's name.
        provider: &'static str,
        /// The bank's code or words.
        detail: String,
    },
    /// The PSD2 consent has expired.
    #[error("the bank's consent to read this account has expired: give a new consent at your bank, then connect again")]
    ConsentExpired,
    /// The PSD2 consent is unknown, revoked or does not cover the account.
    #[error("the bank does not know this consent or it does not cover the account ({detail}): give a new consent, then connect again")]
    ConsentInvalid {
        /// The bank's code or words.
        detail: String,
    },
    /// The bank limits how often it may be asked and the limit is reached.
    #[error("{host} asks not to be asked again so soon{}", retry_after.map(|s| format!(" (for {s} seconds)")).unwrap_or_default())]
    RateLimited {
        /// The host.
        host: String,
        /// Seconds, when the bank said.
        retry_after: Option<u64>,
    },
    /// The app's own count of today's requests reached the provider's daily limit.
    #[error("{provider} allows {limit} syncs a day and today's are used up: try again tomorrow")]
    DailyLimit {
        /// The provider's name.
        provider: &'static str,
        /// The limit.
        limit: u32,
    },
    /// The bank kept failing on its side (5xx), even after retrying.
    #[error("{host} has a problem on its side (HTTP {status}). Try again later")]
    ServerError {
        /// The host.
        host: String,
        /// The status.
        status: u16,
    },
    /// The bank refused the request for another reason.
    #[error("{host} refused the request (HTTP {status}): {detail}")]
    Refused {
        /// The host.
        host: String,
        /// The status.
        status: u16,
        /// The bank's code or words.
        detail: String,
    },
    /// The bank sent us elsewhere; credentials are never sent on to another host.
    #[error(
        "{from} sent the request on to {to}; it was not followed, so no credentials went there"
    )]
    Redirected {
        /// The host asked.
        from: String,
        /// Where it pointed.
        to: String,
    },
    /// The reply is not what the API promises.
    #[error("the reply from {host} to {endpoint} is not what was expected: {detail}")]
    Malformed {
        /// The host.
        host: String,
        /// The endpoint's path.
        endpoint: String,
        /// What was wrong, with the line and column for broken JSON or the field.
        detail: String,
    },
    /// The reply holds what no real account does — a booking date before 1990, after tomorrow or
    /// more than a week outside the days asked for, or ¥10^15 or more — so none of it is kept.
    #[error(
        "the bank's reply for {account} was refused and nothing of it was kept: {detail}. If this \
         happens again, tell the bank"
    )]
    Implausible {
        /// The account's label.
        account: String,
        /// Which row, and what is wrong with it.
        detail: String,
    },
    /// The account is not in yen.
    #[error("the account is in {0}; Kouza Guard reads yen accounts")]
    NotYen(String),
    /// The chosen account is not among those the connection can read.
    #[error("the bank no longer lists this account: connect it again")]
    NoSuchAccount,
    /// The store has no connection for this account.
    #[error("{0:?} is not connected to a bank")]
    NotConnected(String),
    /// A bank profile file cannot be used.
    #[error("the bank profile {file}: {detail}")]
    Profile {
        /// The file, or the built-in profile's name.
        file: String,
        /// What is wrong, with the line.
        detail: String,
    },
    /// The keychain could not keep or give back the connection's secret.
    #[error("the connection's secret: {0}")]
    Keychain(#[from] KeychainError),
}

/// Secrets shorter than this are not searched for: they would hide ordinary words and numbers
/// (a status code, a date) rather than a credential, and no real token or consent id is so short.
const MIN_HIDDEN_CHARS: usize = 4;

/// What a hidden secret is replaced by.
const HIDDEN: &str = "…";

/// Each secret as it can appear in a message: as given, and as a URL writes it in a path segment
/// or a query. Longest first, so a secret inside another is not left half shown.
fn secret_forms(secrets: &[&str]) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for secret in secrets
        .iter()
        .filter(|secret| secret.chars().count() >= MIN_HIDDEN_CHARS)
    {
        forms.push((*secret).to_owned());
        forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
        let mut segment = url::Url::parse("http://h/").expect("a fixed URL parses");
        if let Ok(mut path) = segment.path_segments_mut() {
            path.clear().push(secret);
        }
        forms.push(segment.path().trim_start_matches('/').to_owned());
    }
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms.dedup();
    forms
}

impl BankError {
    /// The same error with every appearance of each of `secrets` (tokens, consent ids, passwords,
    /// the bank's id for an account) replaced by `…`, in every field a message shows.
    ///
    /// ```
    /// use kouza_guard::bank::BankError;
    /// let error = BankError::Malformed {
    ///     host: "bank.example".into(),
    ///     endpoint: "/v1/consents/consent%201/status".into(),
    ///     detail: "the bank said: bad consent consent 1".into(),
    /// };
    /// let shown = error.hiding(&["consent 1"]).to_string();
    /// assert!(shown.contains("/v1/consents/…/status"), "{shown}");
    /// assert!(!shown.contains("consent 1") && !shown.contains("consent%201"), "{shown}");
    /// ```
    pub fn hiding(self, secrets: &[&str]) -> BankError {
        let forms = secret_forms(secrets);
        if forms.is_empty() {
            return self;
        }
        let hide = |text: String| {
            forms
                .iter()
                .fold(text, |text, form| text.replace(form.as_str(), HIDDEN))
        };
        use BankError::*;
        match self {
            BadAddress(text) => BadAddress(hide(text)),
            Insecure { host } => Insecure { host: hide(host) },
            BadSetupToken(text) => BadSetupToken(hide(text)),
            Unreachable { host, detail } => Unreachable {
                host: hide(host),
                detail: hide(detail),
            },
            TimedOut { host } => TimedOut { host: hide(host) },
            Tls { host, detail } => Tls {
                host: hide(host),
                detail: hide(detail),
            },
            AuthoriseAgain { provider, detail } => AuthoriseAgain {
                provider,
                detail: hide(detail),
            },
            ConsentInvalid { detail } => ConsentInvalid {
                detail: hide(detail),
            },
            RateLimited { host, retry_after } => RateLimited {
                host: hide(host),
                retry_after,
            },
            ServerError { host, status } => ServerError {
                host: hide(host),
                status,
            },
            Refused {
                host,
                status,
                detail,
            } => Refused {
                host: hide(host),
                status,
                detail: hide(detail),
            },
            Redirected { from, to } => Redirected {
                from: hide(from),
                to: hide(to),
            },
            Malformed {
                host,
                endpoint,
                detail,
            } => Malformed {
                host: hide(host),
                endpoint: hide(endpoint),
                detail: hide(detail),
            },
            Implausible { account, detail } => Implausible {
                account,
                detail: hide(detail),
            },
            NotYen(currency) => NotYen(hide(currency)),
            NotConnected(label) => NotConnected(label),
            Profile { file, detail } => Profile {
                file,
                detail: hide(detail),
            },
            other @ (TooLong { .. }
            | AlreadyClaimed
            | Cancelled
            | ConsentExpired
            | DailyLimit { .. }
            | NoSuchAccount
            | Keychain(_)) => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BankError;

    #[test]
    fn every_form_of_a_secret_is_hidden_and_short_ones_are_left() {
        let error = BankError::Refused {
            host: "bank.example".into(),
            status: 400,
            detail: "token tok/en+1 tok%2Fen%2B1 tok%2Fen+1 status 400".into(),
        };
        let shown = error.hiding(&["tok/en+1", "400", ""]).to_string();
        assert!(shown.contains("token … … … status"), "{shown}");
        assert!(
            shown.contains("HTTP 400") && shown.contains("status 400"),
            "{shown}"
        );
    }
}
