//! HTTPS to a bank, done carefully: timeouts; retries with exponential backoff and jitter on
//! dropped connections, timeouts, 5xx and 429 (waiting as long as `Retry-After` asks); redirects
//! followed only to the same scheme, host and port, so headers holding credentials never reach
//! another host; plain `http://` only to this computer (the sandbox bank). TLS is rustls with
//! ring, checking certificates against the platform's own store.

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::StatusCode;
use url::Url;

use super::BankError;

/// How hard to try before giving up.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The wait before the first retry; each further one doubles it.
    pub base_delay: Duration,
    /// The longest wait; a `Retry-After` beyond it ends the sync instead.
    pub max_delay: Duration,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A reply that came back (any status but the ones retried away).
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

/// The HTTP client every connector shares.
#[derive(Debug, Clone)]
pub struct Http {
    client: Client,
    retry: RetryPolicy,
    max_reply_bytes: u64,
    /// Set by the person to stop: checked before each request and each retry, so a sync stops
    /// between pages (a request already sent runs to its end or its timeout).
    stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// The largest reply read: a year of a busy account is well under 10 MB of JSON; a server that
/// sends more is refused rather than allowed to fill the memory.
pub const MAX_REPLY_BYTES: u64 = 32 * 1024 * 1024;

const MAX_REDIRECTS: usize = 5;

impl Http {
    /// A client with these limits.
    pub fn new(retry: RetryPolicy) -> Result<Http, BankError> {
        // ring as rustls's cryptography: small, and enough for TLS 1.2 and 1.3. Installing it a
        // second time (another client) is refused harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            let first = &attempt.previous()[0];
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if same_origin(first, attempt.url()) {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = Client::builder()
            .timeout(retry.timeout)
            .connect_timeout(retry.timeout.min(Duration::from_secs(10)))
            .redirect(policy)
            .user_agent(concat!("KouzaGuard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| BankError::Unreachable {
                host: "-".into(),
                detail: innermost(&error),
            })?;
        Ok(Http {
            client,
            retry,
            max_reply_bytes: MAX_REPLY_BYTES,
            stop: None,
        })
    }

    /// The same client, stopping with [`BankError::Cancelled`] once `stop` is set.
    pub fn with_stop(mut self, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Http {
        self.stop = Some(stop);
        self
    }

    /// The same client with another limit on a reply's size.
    pub fn with_reply_limit(mut self, bytes: u64) -> Http {
        self.max_reply_bytes = bytes;
        self
    }

    /// Sends the request `build` makes (again on each retry, so per-request headers such as
    /// `X-Request-ID` are fresh) and returns the reply, retrying what is worth retrying.
    pub fn send(
        &self,
        url: &Url,
        build: &dyn Fn(&Client, &Url) -> RequestBuilder,
        retry: bool,
    ) -> Result<Reply, BankError> {
        let host = host_of(url);
        let attempts = if retry { self.retry.attempts.max(1) } else { 1 };
        let mut attempt = 0;
        loop {
            if self
                .stop
                .as_ref()
                .is_some_and(|stop| stop.load(std::sync::atomic::Ordering::SeqCst))
            {
                return Err(BankError::Cancelled);
            }
            attempt += 1;
            let last = attempt >= attempts;
            let outcome = build(&self.client, url).send();
            let wait = match outcome {
                Ok(response) => {
                    let status = response.status();
                    if status.is_redirection() {
                        let to = response
                            .headers()
                            .get(reqwest::header::LOCATION)
                            .and_then(|location| location.to_str().ok())
                            .and_then(|location| url.join(location).ok())
                            .map(|to| host_of(&to))
                            .unwrap_or_else(|| "another address".into());
                        return Err(BankError::Redirected { from: host, to });
                    }
                    let retry_after = retry_after(&response);
                    if status == StatusCode::TOO_MANY_REQUESTS {
                        if last || retry_after.is_some_and(|wait| wait > self.retry.max_delay) {
                            return Err(BankError::RateLimited {
                                host,
                                retry_after: retry_after.map(|wait| wait.as_secs()),
                            });
                        }
                        retry_after.unwrap_or_else(|| self.backoff(attempt))
                    } else if status.is_server_error() {
                        if last {
                            return Err(BankError::ServerError {
                                host,
                                status: status.as_u16(),
                            });
                        }
                        self.backoff(attempt)
                    } else {
                        let status = status.as_u16();
                        let body = read_body(response, &host, url.path(), self.max_reply_bytes)?;
                        return Ok(Reply { status, body });
                    }
                }
                Err(error) => {
                    let failure = classify(&error, &host);
                    let retryable = matches!(
                        failure,
                        BankError::Unreachable { .. } | BankError::TimedOut { .. }
                    );
                    if last || !retryable {
                        return Err(failure);
                    }
                    self.backoff(attempt)
                }
            };
            tracing::info!(host = %host, attempt, wait_ms = wait.as_millis() as u64, "retrying a bank request");
            std::thread::sleep(wait);
        }
    }

    /// Exponential backoff with jitter: somewhere between half and all of base × 2^(attempt−1).
    fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .retry
            .base_delay
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.retry.max_delay);
        full / 2 + full.mul_f64(fastrand::f64() / 2.0)
    }
}

/// Reads the body up to `limit` bytes; more is refused, whatever `Content-Length` claimed.
fn read_body(
    response: reqwest::blocking::Response,
    host: &str,
    endpoint: &str,
    limit: u64,
) -> Result<Vec<u8>, BankError> {
    use std::io::Read;
    let too_large = || BankError::Malformed {
        host: host.to_owned(),
        endpoint: endpoint.to_owned(),
        detail: format!("the reply is larger than the {limit} bytes allowed"),
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    response
        .take(limit + 1)
        .read_to_end(&mut body)
        .map_err(|error| BankError::Unreachable {
            host: host.to_owned(),
            detail: format!("the reply broke off: {}", error.kind()),
        })?;
    if body.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(body)
}

/// Checks an address before anything is sent to it: https, or http to this computer.
pub fn checked_url(text: &str) -> Result<Url, BankError> {
    let url = Url::parse(text.trim()).map_err(|error| {
        BankError::BadAddress(format!("the address is not a web address ({error})"))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(BankError::Insecure {
                host: host_of(&url),
            })
        }
        other => {
            return Err(BankError::BadAddress(format!(
                "the address must start with https://, not {other}://"
            )))
        }
    }
    if url.host_str().is_none() {
        return Err(BankError::BadAddress("the address names no host".into()));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The host and port, which is all an error message or a log names of an address.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => "?".to_owned(),
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(response: &reqwest::blocking::Response) -> Option<Duration> {
    let text = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Sorts a transport failure: timeout, TLS, or the network. Only the innermost cause is quoted:
/// reqwest's own message includes the URL, which for SimpleFIN holds a password.
fn classify(error: &reqwest::Error, host: &str) -> BankError {
    if error.is_timeout() {
        return BankError::TimedOut { host: host.into() };
    }
    if let Some(tls) = tls_cause(error) {
        return BankError::Tls {
            host: host.into(),
            detail: tls,
        };
    }
    BankError::Unreachable {
        host: host.into(),
        detail: innermost(error),
    }
}

fn tls_cause(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        // io::Error wraps its inner error out of reach of source(): unwrap it by hand.
        let mut io = current.downcast_ref::<std::io::Error>();
        while let Some(error) = io {
            if let Some(tls) = error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return Some(tls.to_string());
            }
            // tokio-rustls's word for a peer that hung up mid-handshake: not a TLS server.
            if error.kind() == std::io::ErrorKind::UnexpectedEof
                && error
                    .get_ref()
                    .is_some_and(|inner| inner.to_string().contains("tls handshake"))
            {
                return Some("the server ended the handshake: it may not speak TLS".into());
            }
            io = error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
        cause = current.source();
    }
    None
}

fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::{checked_url, host_of, same_origin, BankError};
    use url::Url;

    #[test]
    fn plain_http_only_to_this_computer() {
        assert!(checked_url("https://bank.example/api").is_ok());
        assert!(checked_url("http://127.0.0.1:8080/psd2").is_ok());
        assert!(checked_url("http://localhost:8080").is_ok());
        assert!(matches!(
            checked_url("http://bank.example/api"),
            Err(BankError::Insecure { host }) if host == "bank.example"
        ));
        assert!(matches!(
            checked_url("ftp://bank.example"),
            Err(BankError::BadAddress(_))
        ));
        assert!(matches!(
            checked_url("bank.example"),
            Err(BankError::BadAddress(_))
        ));
    }

    #[test]
    fn a_host_is_named_without_the_credentials_in_the_address() {
        let url = Url::parse("https://user:secret@bridge.example:8443/simplefin").unwrap();
        assert_eq!(host_of(&url), "bridge.example:8443");
    }

    #[test]
    fn another_host_or_port_is_another_origin() {
        let a = Url::parse("http://127.0.0.1:9000/a").unwrap();
        assert!(same_origin(
            &a,
            &Url::parse("http://127.0.0.1:9000/b?x=1").unwrap()
        ));
        assert!(!same_origin(
            &a,
            &Url::parse("http://localhost:9000/a").unwrap()
        ));
        assert!(!same_origin(
            &a,
            &Url::parse("http://127.0.0.1:9001/a").unwrap()
        ));
        assert!(!same_origin(
            &a,
            &Url::parse("https://127.0.0.1:9000/a").unwrap()
        ));
    }
}
