//! SimpleFIN: a setup token (Base64 of a claim URL) is claimed once with a POST, which answers
//! with an access URL holding Basic-Auth credentials; history is then read from
//! `{access}/accounts?start-date=&end-date=`. Bridges expect at most 24 requests a day.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use serde::Deserialize;
use url::Url;
use zeroize::Zeroizing;

use super::http::{checked_url, host_of, Http, Reply};
use super::{
    decode, excerpt, yen_from_decimal, BankError, Connector, Progress, Provider, Pulled,
    RemoteAccount,
};
use crate::{SourceId, Transaction};

/// Claims a setup token once and returns the access URL, which is the connection's secret.
/// A token claimed before gets [`BankError::AlreadyClaimed`]: maybe someone else has it.
pub fn claim(http: &Http, setup_token: &str) -> Result<Zeroizing<String>, BankError> {
    let compact: String = setup_token.split_whitespace().collect();
    let decoded = data_encoding::BASE64
        .decode(compact.as_bytes())
        .or_else(|_| data_encoding::BASE64_NOPAD.decode(compact.as_bytes()))
        .map_err(|_| BankError::BadSetupToken("it is not Base64".into()))?;
    let claim_url = String::from_utf8(decoded)
        .map_err(|_| BankError::BadSetupToken("it does not hold an address".into()))?;
    let claim_url =
        checked_url(&claim_url).map_err(|error| BankError::BadSetupToken(error.to_string()))?;
    // Not retried: a claim that got through but whose reply was lost cannot be made twice.
    let reply = http.send(
        &claim_url,
        &|client, url| client.post(url.clone()).header("Content-Length", "0"),
        false,
    )?;
    let host = host_of(&claim_url);
    match reply.status {
        200 => {
            let access = Zeroizing::new(
                String::from_utf8(reply.body)
                    .map_err(|_| {
                        malformed(&host, CLAIM_ENDPOINT, "the access URL is not text".into())
                    })?
                    .trim()
                    .to_owned(),
            );
            let parsed = checked_url(&access)?;
            if parsed.username().is_empty() || parsed.password().is_none() {
                return Err(malformed(
                    &host,
                    CLAIM_ENDPOINT,
                    "the access URL holds no credentials".into(),
                ));
            }
            Ok(access)
        }
        403 => Err(BankError::AlreadyClaimed),
        status => Err(BankError::Refused {
            host,
            status,
            detail: "the setup token was not accepted".into(),
        }),
    }
}

/// How an error names the claim endpoint: its path is the setup token's secret part.
const CLAIM_ENDPOINT: &str = "the setup token's claim address";

fn malformed(host: &str, endpoint: &str, detail: String) -> BankError {
    BankError::Malformed {
        host: host.to_owned(),
        endpoint: endpoint.to_owned(),
        detail,
    }
}

/// A SimpleFIN bridge reached with an access URL.
pub struct SimpleFin {
    http: Http,
    /// The access URL without its credentials.
    base: Url,
    user: Zeroizing<String>,
    password: Zeroizing<String>,
}

#[derive(Deserialize)]
struct AccountSet {
    #[serde(default)]
    errors: Vec<String>,
    accounts: Vec<SimpleFinAccount>,
}

#[derive(Deserialize)]
struct SimpleFinAccount {
    id: String,
    name: String,
    currency: String,
    #[serde(default)]
    org: Option<Org>,
    #[serde(default)]
    transactions: Vec<SimpleFinTransaction>,
}

#[derive(Deserialize)]
struct Org {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct SimpleFinTransaction {
    id: String,
    posted: i64,
    amount: String,
    description: String,
    #[serde(default)]
    pending: bool,
}

/// Japan's time, in which a SimpleFIN timestamp is read as a booking day.
fn japan() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset")
}

/// The day in Japan of a SimpleFIN timestamp, or `None` for a time no calendar holds. A day
/// far out of range is refused later, whole ([`super::plausible`]); here it must only not panic.
fn booking_day(posted: i64) -> Option<NaiveDate> {
    let time = DateTime::from_timestamp(posted, 0)?;
    time.naive_utc()
        .checked_add_signed(Duration::hours(9))
        .map(|local| local.date())
}

fn day_start(day: NaiveDate) -> i64 {
    japan()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .map(|time| time.timestamp())
        .unwrap_or_default()
}

impl SimpleFin {
    /// A connector for this access URL.
    pub fn new(http: Http, access_url: &str) -> Result<SimpleFin, BankError> {
        let mut base = checked_url(access_url)?;
        let user = Zeroizing::new(base.username().to_owned());
        let password = Zeroizing::new(base.password().unwrap_or_default().to_owned());
        // The credentials go in the Authorization header, never in an address that might be shown.
        let _ = base.set_username("");
        let _ = base.set_password(None);
        Ok(SimpleFin {
            http,
            base,
            user,
            password,
        })
    }

    fn accounts_url(&self) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().push("accounts");
        }
        url
    }

    fn get(&self, url: &Url) -> Result<AccountSet, BankError> {
        let reply: Reply = self.http.send(
            url,
            &|client, url| {
                client
                    .get(url.clone())
                    .basic_auth(self.user.as_str(), Some(self.password.as_str()))
            },
            true,
        )?;
        let host = host_of(url);
        match reply.status {
            200 => decode(&reply.body, &host, url.path()),
            401 | 403 => Err(BankError::AuthoriseAgain {
                provider: Provider::SimpleFin.name(),
                detail: format!("HTTP {}", reply.status),
            }),
            status => Err(BankError::Refused {
                host,
                status,
                detail: serde_json::from_slice::<serde_json::Value>(&reply.body)
                    .ok()
                    .and_then(|body| body.get("errors")?.get(0)?.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "no reason given".into()),
            }),
        }
    }
}

impl Connector for SimpleFin {
    fn provider(&self) -> Provider {
        Provider::SimpleFin
    }

    fn accounts(&self) -> Result<Vec<RemoteAccount>, BankError> {
        self.list_accounts().map_err(|error| self.hide(error, ""))
    }

    fn booked(
        &self,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Pulled, BankError> {
        self.read_booked(account, from, to, progress)
            .map_err(|error| self.hide(error, account))
    }
}

/// What the connector does, with errors as they come: [`Connector`]'s methods hide the secrets.
impl SimpleFin {
    /// The error with the access URL's user and password hidden — also as the Basic-Auth header
    /// writes them, which a server echoing the request would quote — and the account's id.
    fn hide(&self, error: BankError, account: &str) -> BankError {
        let basic = Zeroizing::new(
            data_encoding::BASE64
                .encode(format!("{}:{}", self.user.as_str(), self.password.as_str()).as_bytes()),
        );
        error.hiding(&[
            self.user.as_str(),
            self.password.as_str(),
            basic.as_str(),
            account,
        ])
    }

    fn list_accounts(&self) -> Result<Vec<RemoteAccount>, BankError> {
        let mut url = self.accounts_url();
        // Today's rows only: listing the accounts should not fetch their history.
        let now = chrono::Utc::now().with_timezone(&japan()).date_naive();
        url.query_pairs_mut()
            .append_pair("start-date", &day_start(now).to_string())
            .append_pair("balances-only", "1");
        let set = self.get(&url)?;
        Ok(set
            .accounts
            .into_iter()
            .map(|account| RemoteAccount {
                number_masked: None,
                bank: account.org.and_then(|org| org.name),
                name: account.name,
                currency: account.currency,
                id: account.id,
            })
            .collect())
    }

    fn read_booked(
        &self,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Pulled, BankError> {
        let mut url = self.accounts_url();
        url.query_pairs_mut()
            .append_pair("start-date", &day_start(from).to_string())
            .append_pair(
                "end-date",
                &day_start(to.checked_add_signed(Duration::days(1)).unwrap_or(to)).to_string(),
            )
            .append_pair("account", account);
        let set = self.get(&url)?;
        let host = host_of(&url);
        let Some(found) = set.accounts.into_iter().find(|found| found.id == account) else {
            if set.errors.is_empty() {
                return Err(BankError::NoSuchAccount);
            }
            return Err(BankError::Refused {
                host,
                status: 200,
                detail: excerpt(&set.errors.join("; "), 300),
            });
        };
        if found.currency != "JPY" {
            return Err(BankError::NotYen(found.currency));
        }
        let mut pulled = Pulled {
            transactions: Vec::new(),
            pending_left_out: 0,
        };
        for row in found.transactions {
            if row.pending {
                pulled.pending_left_out += 1;
                continue;
            }
            let amount = yen_from_decimal(&row.amount).ok_or_else(|| {
                malformed(
                    &host,
                    url.path(),
                    format!(
                        "amount {:?} of transaction {} is not a yen amount",
                        excerpt(&row.amount, 80),
                        excerpt(&row.id, 80)
                    ),
                )
            })?;
            let booked = booking_day(row.posted).ok_or_else(|| {
                malformed(
                    &host,
                    url.path(),
                    format!(
                        "posted {} of transaction {} is not a time",
                        row.posted,
                        excerpt(&row.id, 80)
                    ),
                )
            })?;
            pulled.transactions.push(Transaction::read(
                booked,
                amount,
                row.description,
                SourceId::Bank(row.id),
                None,
            ));
        }
        pulled.transactions.sort_by_key(|row| row.booked);
        progress(pulled.progress(1, from, to));
        Ok(pulled)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::booking_day;

    #[test]
    fn a_timestamp_is_read_as_a_day_in_japan_and_none_is_out_of_reach() {
        // 2026-11-24 15:00 UTC is midnight on the 25th in Japan.
        assert_eq!(
            booking_day(1_795_532_400),
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        for posted in [
            i64::MAX,
            i64::MIN,
            DateTime::<Utc>::MAX_UTC.timestamp(),
            DateTime::<Utc>::MIN_UTC.timestamp(),
        ] {
            // Some or None, never a panic.
            let _ = booking_day(posted);
        }
        assert_eq!(booking_day(DateTime::<Utc>::MAX_UTC.timestamp()), None);
    }
}
