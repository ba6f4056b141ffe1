//! What can go wrong talking to a bank, in words a person can act on.
//!
//! No message carries a secret: a place is named by its host alone (a SimpleFIN access URL holds
//! its password), and a reply's own words are quoted only from its error fields.

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
