//! The Berlin Group NextGenPSD2 (1.3.x) account-information service: a bearer token and a
//! consent id on every request, a fresh `X-Request-ID` UUID each time, `bookingStatus=booked`
//! with `dateFrom`/`dateTo`, and `_links.next` followed to the end. Errors come as
//! `tppMessages[{category, code, text}]`.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;
use url::Url;
use zeroize::Zeroizing;

use super::http::{checked_url, host_of, Http, Reply};
use super::{
    decode, excerpt, paging_loop, too_many_pages, yen_from_decimal, BankError, Connector, Progress,
    Provider, Pulled, RemoteAccount, MAX_PAGES,
};
use crate::import::fingerprint::Fingerprints;
use crate::{SourceId, Transaction};

/// A PSD2 AIS reached with a token and a consent.
pub struct Psd2 {
    http: Http,
    base: Url,
    token: Zeroizing<String>,
    consent_id: Zeroizing<String>,
}

#[derive(Deserialize)]
struct Accounts {
    accounts: Vec<AccountDetails>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountDetails {
    resource_id: String,
    #[serde(default)]
    iban: Option<String>,
    #[serde(default)]
    bban: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    product: Option<String>,
}

#[derive(Deserialize)]
struct TransactionsReply {
    transactions: AccountReport,
}

#[derive(Deserialize)]
struct AccountReport {
    #[serde(default)]
    booked: Vec<Booked>,
    #[serde(default)]
    pending: Vec<Value>,
    #[serde(default, rename = "_links")]
    links: Option<Links>,
}

#[derive(Deserialize)]
struct Links {
    #[serde(default)]
    next: Option<Href>,
}

#[derive(Deserialize)]
struct Href {
    href: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Booked {
    #[serde(default)]
    transaction_id: Option<String>,
    #[serde(default)]
    entry_reference: Option<String>,
    booking_date: NaiveDate,
    transaction_amount: Amount,
    #[serde(default)]
    creditor_name: Option<String>,
    #[serde(default)]
    debtor_name: Option<String>,
    #[serde(default)]
    remittance_information_unstructured: Option<String>,
    #[serde(default)]
    proprietary_bank_transaction_code: Option<String>,
    #[serde(default)]
    balance_after_transaction: Option<BalanceAfter>,
}

#[derive(Deserialize)]
struct Amount {
    currency: String,
    amount: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BalanceAfter {
    balance_amount: Amount,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsentStatus {
    consent_status: String,
}

impl Psd2 {
    /// A connector for the API at `base_url` (the part before `/v1`).
    pub fn new(
        http: Http,
        base_url: &str,
        token: Zeroizing<String>,
        consent_id: Zeroizing<String>,
    ) -> Result<Psd2, BankError> {
        let base = checked_url(base_url)?;
        Ok(Psd2 {
            http,
            base,
            token,
            consent_id,
        })
    }

    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().push("v1").extend(segments);
        }
        url
    }

    fn get(&self, url: &Url) -> Result<Reply, BankError> {
        self.http.send(
            url,
            &|client, url| {
                client
                    .get(url.clone())
                    .bearer_auth(self.token.as_str())
                    .header("Consent-ID", self.consent_id.as_str())
                    .header("X-Request-ID", uuid::Uuid::new_v4().to_string())
                    .header("Accept", "application/json")
            },
            true,
        )
    }

    fn get_ok<T: serde::de::DeserializeOwned>(&self, url: &Url) -> Result<T, BankError> {
        let reply = self.get(url)?;
        let host = host_of(url);
        if reply.status != 200 {
            return Err(refusal(&reply, host));
        }
        decode(&reply.body, &host, url.path())
    }

    /// The error with this connection's secrets hidden: the token, the consent id (which is in
    /// the consent endpoint's path) and the bank's id for the account (in the transactions path).
    fn hide(&self, error: BankError, account: &str) -> BankError {
        error.hiding(&[self.token.as_str(), self.consent_id.as_str(), account])
    }

    /// Whether the consent is still valid: `GET /v1/consents/{id}/status`.
    pub fn consent_status(&self) -> Result<(), BankError> {
        self.read_consent_status()
            .map_err(|error| self.hide(error, ""))
    }

    fn read_consent_status(&self) -> Result<(), BankError> {
        let url = self.endpoint(&["consents", self.consent_id.as_str(), "status"]);
        let status: ConsentStatus = self.get_ok(&url)?;
        match status.consent_status.as_str() {
            "valid" => Ok(()),
            "expired" => Err(BankError::ConsentExpired),
            other => Err(BankError::ConsentInvalid {
                detail: format!("consentStatus {other}"),
            }),
        }
    }
}

/// Sorts a PSD2 refusal by its `tppMessages` code, falling back on the status.
fn refusal(reply: &Reply, host: String) -> BankError {
    let first = serde_json::from_slice::<Value>(&reply.body)
        .ok()
        .and_then(|body| body.get("tppMessages")?.get(0).cloned());
    let code = first
        .as_ref()
        .and_then(|message| message.get("code")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    let text = first
        .as_ref()
        .and_then(|message| message.get("text")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    let detail = [code.as_str(), text.as_str()]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(": ");
    // The bank's own words, but not a page of them: a hostile reply can be megabytes.
    let detail = excerpt(&detail, 300);
    match (code.as_str(), reply.status) {
        ("CONSENT_EXPIRED", _) => BankError::ConsentExpired,
        ("CONSENT_INVALID" | "CONSENT_UNKNOWN", _) => BankError::ConsentInvalid { detail },
        ("ACCESS_EXCEEDED", _) => BankError::RateLimited {
            host,
            retry_after: None,
        },
        (code, _) if code.starts_with("TOKEN_") => BankError::AuthoriseAgain {
            provider: Provider::Psd2.name(),
            detail,
        },
        (_, 401) => BankError::AuthoriseAgain {
            provider: Provider::Psd2.name(),
            detail: format!("HTTP 401 {detail}"),
        },
        (_, status) => BankError::Refused {
            host,
            status,
            detail: if detail.is_empty() {
                "no reason given".into()
            } else {
                detail
            },
        },
    }
}

impl Connector for Psd2 {
    fn provider(&self) -> Provider {
        Provider::Psd2
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
impl Psd2 {
    fn list_accounts(&self) -> Result<Vec<RemoteAccount>, BankError> {
        self.read_consent_status()?;
        let accounts: Accounts = self.get_ok(&self.endpoint(&["accounts"]))?;
        Ok(accounts
            .accounts
            .into_iter()
            .map(|account| RemoteAccount {
                number_masked: account
                    .iban
                    .or(account.bban)
                    .map(|number| crate::Account::mask_number(&number)),
                name: account
                    .name
                    .or(account.product)
                    .unwrap_or_else(|| "口座 (Account)".into()),
                bank: None,
                currency: account.currency.unwrap_or_default(),
                id: account.resource_id,
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
        let mut url = self.endpoint(&["accounts", account, "transactions"]);
        url.query_pairs_mut()
            .append_pair("bookingStatus", "booked")
            .append_pair("dateFrom", &from.to_string())
            .append_pair("dateTo", &to.to_string());
        let mut pulled = Pulled {
            transactions: Vec::new(),
            pending_left_out: 0,
        };
        let mut fingerprints = Fingerprints::default();
        let mut pages = 0;
        // Every address read so far: a next link back to any of them (A → B → A), not only to
        // the page just read, would go round for ever.
        let mut read = HashSet::from([url.clone()]);
        loop {
            pages += 1;
            let reply: TransactionsReply = self.get_ok(&url)?;
            let host = host_of(&url);
            for row in reply.transactions.booked {
                pulled
                    .transactions
                    .push(transaction(row, &mut fingerprints, &host, url.path())?);
            }
            pulled.pending_left_out += reply.transactions.pending.len();
            progress(pulled.progress(pages, from, to));
            let Some(next) = reply.transactions.links.and_then(|links| links.next) else {
                break;
            };
            let next_url = url.join(&next.href).map_err(|_| BankError::Malformed {
                host: host.clone(),
                endpoint: url.path().to_owned(),
                detail: format!(
                    "_links.next {:?} is not an address",
                    excerpt(&next.href, 80)
                ),
            })?;
            // The token goes with every page: a next link to another host is not followed.
            if host_of(&next_url) != host || next_url.scheme() != url.scheme() {
                return Err(BankError::Redirected {
                    from: host,
                    to: host_of(&next_url),
                });
            }
            if !read.insert(next_url.clone()) {
                return Err(paging_loop(
                    host,
                    url.path().to_owned(),
                    "_links.next",
                    pages,
                ));
            }
            if pages >= MAX_PAGES {
                return Err(too_many_pages(host, url.path().to_owned(), "_links.next"));
            }
            url = next_url;
        }
        // Banks list newest or oldest first; the store and detection want booking order.
        pulled.transactions.sort_by_key(|row| row.booked);
        Ok(pulled)
    }
}

fn transaction(
    row: Booked,
    fingerprints: &mut Fingerprints,
    host: &str,
    endpoint: &str,
) -> Result<Transaction, BankError> {
    let malformed = |detail: String| BankError::Malformed {
        host: host.to_owned(),
        endpoint: endpoint.to_owned(),
        detail,
    };
    let id = row.transaction_id.clone().or(row.entry_reference.clone());
    if row.transaction_amount.currency != "JPY" {
        return Err(BankError::NotYen(row.transaction_amount.currency));
    }
    let amount = yen_from_decimal(&row.transaction_amount.amount).ok_or_else(|| {
        malformed(format!(
            "transactionAmount.amount {:?} of {} is not a yen amount",
            excerpt(&row.transaction_amount.amount, 80),
            excerpt(id.as_deref().unwrap_or("a row"), 80)
        ))
    })?;
    let counterparty = if amount < 0 {
        row.creditor_name
    } else {
        row.debtor_name
    };
    let description = row
        .remittance_information_unstructured
        .filter(|text| !text.trim().is_empty())
        .or(counterparty)
        .or(row.proprietary_bank_transaction_code)
        .unwrap_or_default();
    // A balance that is there but is no yen amount is refused, not dropped: it could be one
    // too large to hold, which would otherwise pass unseen.
    let balance = match row.balance_after_transaction {
        Some(balance) => Some(yen_from_decimal(&balance.balance_amount.amount).ok_or_else(
            || {
                malformed(format!(
                    "balanceAfterTransaction {:?} of {} is not a yen amount",
                    excerpt(&balance.balance_amount.amount, 80),
                    excerpt(id.as_deref().unwrap_or("a row"), 80)
                ))
            },
        )?),
        None => None,
    };
    let source_id = match id {
        Some(id) => SourceId::Bank(id),
        None => SourceId::Fingerprint(fingerprints.next(
            row.booking_date,
            amount,
            balance,
            &description,
        )),
    };
    let mut transaction = Transaction::read(row.booking_date, amount, description, source_id, None);
    transaction.balance = balance;
    Ok(transaction)
}
