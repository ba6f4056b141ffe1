//! A Japanese bank's account-information API in the style of GMO Aozora's personal API: the token
//! in one header (`x-access-token`), an accounts list, and transactions a page at a time, oldest
//! first, with `hasNext` and `nextItemKey`. Field names, paths and the header come from a
//! [`BankProfile`], so another bank's API of the same style needs a file, not code.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde_json::Value;
use url::Url;
use zeroize::Zeroizing;

use super::http::{checked_url, host_of, Http, Reply};
use super::{
    decode, excerpt, json_text, paging_loop, too_many_pages, yen_from_decimal, BankError,
    BankProfile, Connector, Progress, Provider, Pulled, RemoteAccount, MAX_PAGES,
};
use crate::import::fingerprint::Fingerprints;
use crate::{SourceId, Transaction};

/// A bank's API reached with an access token.
pub struct JapanApi {
    http: Http,
    base: Url,
    profile: BankProfile,
    token: Zeroizing<String>,
}

impl JapanApi {
    /// A connector for the profile's API.
    pub fn new(
        http: Http,
        profile: BankProfile,
        token: Zeroizing<String>,
    ) -> Result<JapanApi, BankError> {
        let base = checked_url(&profile.base_url)?;
        Ok(JapanApi {
            http,
            base,
            profile,
            token,
        })
    }

    fn endpoint(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments
                .pop_if_empty()
                .extend(path.split('/').filter(|part| !part.is_empty()));
        }
        url
    }

    fn get(&self, url: &Url) -> Result<Value, BankError> {
        let value = Zeroizing::new(if self.profile.auth_prefix.is_empty() {
            self.token.to_string()
        } else {
            format!("{} {}", self.profile.auth_prefix, self.token.as_str())
        });
        let reply: Reply = self.http.send(
            url,
            &|client, url| {
                client
                    .get(url.clone())
                    .header(self.profile.auth_header.as_str(), value.as_str())
                    .header("Accept", "application/json")
            },
            true,
        )?;
        let host = host_of(url);
        if reply.status == 200 {
            return decode(&reply.body, &host, url.path());
        }
        let body = serde_json::from_slice::<Value>(&reply.body).ok();
        let said = |key: &str| {
            body.as_ref()
                .and_then(|body| body.get(key)?.as_str().map(str::to_owned))
        };
        let detail = [said("errorCode"), said("errorMessage")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        // The bank's own words, but not a page of them: a hostile reply can be megabytes.
        let detail = excerpt(&detail, 300);
        Err(match reply.status {
            401 | 403 => BankError::AuthoriseAgain {
                provider: Provider::Japan.name(),
                detail: format!("{} {detail}", reply.status).trim().to_owned(),
            },
            status => BankError::Refused {
                host,
                status,
                detail: if detail.is_empty() {
                    "no reason given".into()
                } else {
                    detail
                },
            },
        })
    }
}

/// A field of an object that must be there, or the reply is malformed.
fn field<'a>(
    object: &'a Value,
    name: &str,
    what: &str,
    malformed: &dyn Fn(String) -> BankError,
) -> Result<&'a Value, BankError> {
    object
        .get(name)
        .filter(|value| !value.is_null())
        .ok_or_else(|| malformed(format!("{what} has no field {name:?}")))
}

impl Connector for JapanApi {
    fn provider(&self) -> Provider {
        Provider::Japan
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
impl JapanApi {
    /// The error with the token and the bank's id for the account (often the branch and full
    /// account number) hidden, wherever the bank's words or a path put them.
    fn hide(&self, error: BankError, account: &str) -> BankError {
        error.hiding(&[self.token.as_str(), account])
    }

    fn list_accounts(&self) -> Result<Vec<RemoteAccount>, BankError> {
        let url = self.endpoint(&self.profile.paths.accounts);
        let reply = self.get(&url)?;
        let host = host_of(&url);
        let malformed = |detail: String| BankError::Malformed {
            host: host.clone(),
            endpoint: url.path().to_owned(),
            detail,
        };
        let fields = &self.profile.accounts;
        let list = field(&reply, &fields.list, "the reply", &malformed)?
            .as_array()
            .ok_or_else(|| malformed(format!("{:?} is not a list", fields.list)))?;
        list.iter()
            .enumerate()
            .map(|(index, account)| {
                let what = format!("account {}", index + 1);
                let text = |name: &Option<String>| {
                    name.as_ref()
                        .and_then(|name| account.get(name))
                        .and_then(json_text)
                };
                Ok(RemoteAccount {
                    id: json_text(field(account, &fields.id, &what, &malformed)?)
                        .ok_or_else(|| malformed(format!("{what}: {} is not text", fields.id)))?,
                    name: json_text(field(account, &fields.name, &what, &malformed)?)
                        .unwrap_or_default(),
                    bank: Some(match text(&fields.branch) {
                        Some(branch) => format!("{} {branch}", self.profile.name),
                        None => self.profile.name.clone(),
                    }),
                    number_masked: text(&fields.number)
                        .map(|number| crate::Account::mask_number(&number)),
                    currency: text(&fields.currency).unwrap_or_else(|| "JPY".into()),
                })
            })
            .collect()
    }

    fn read_booked(
        &self,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Pulled, BankError> {
        let fields = &self.profile.transactions;
        let mut pulled = Pulled {
            transactions: Vec::new(),
            pending_left_out: 0,
        };
        let mut fingerprints = Fingerprints::default();
        let mut next_key: Option<String> = None;
        // Every key read so far: a key back to any earlier page (A → B → A), not only to the
        // page just read, would go round for ever.
        let mut keys_read: HashSet<String> = HashSet::new();
        let mut pages = 0;
        loop {
            pages += 1;
            let mut url = self.endpoint(&self.profile.paths.transactions);
            {
                let mut query = url.query_pairs_mut();
                query
                    .append_pair(&self.profile.query.account, account)
                    .append_pair(&self.profile.query.date_from, &from.to_string())
                    .append_pair(&self.profile.query.date_to, &to.to_string());
                if let Some(key) = &next_key {
                    query.append_pair(&self.profile.query.next, key);
                }
            }
            let reply = self.get(&url)?;
            let host = host_of(&url);
            let malformed = |detail: String| BankError::Malformed {
                host: host.clone(),
                endpoint: url.path().to_owned(),
                detail,
            };
            let rows = field(&reply, &fields.list, "the reply", &malformed)?
                .as_array()
                .ok_or_else(|| malformed(format!("{:?} is not a list", fields.list)))?;
            for (index, row) in rows.iter().enumerate() {
                let what = format!("row {} of page {pages}", index + 1);
                let text = |name: &str| -> Result<String, BankError> {
                    json_text(field(row, name, &what, &malformed)?)
                        .ok_or_else(|| malformed(format!("{what}: {name} is not text or a number")))
                };
                // Quoted in an error at most 80 characters long: a hostile value can be huge.
                let date_text = text(&fields.date).map(|text| excerpt(&text, 80))?;
                let booked = NaiveDate::parse_from_str(&date_text, "%Y-%m-%d").map_err(|_| {
                    malformed(format!(
                        "{what}: {} {date_text:?} is not YYYY-MM-DD",
                        fields.date
                    ))
                })?;
                let amount_text = text(&fields.amount).map(|text| excerpt(&text, 80))?;
                let unsigned = yen_from_decimal(&amount_text)
                    .filter(|amount| *amount >= 0)
                    .ok_or_else(|| {
                        malformed(format!(
                            "{what}: {} {amount_text:?} is not a yen amount",
                            fields.amount
                        ))
                    })?;
                let kind = text(&fields.kind).map(|text| excerpt(&text, 80))?;
                let amount = if kind == fields.withdrawal {
                    -unsigned
                } else if kind == fields.deposit {
                    unsigned
                } else {
                    return Err(malformed(format!(
                        "{what}: {} {kind:?} is neither {:?} (deposit) nor {:?} (withdrawal)",
                        fields.kind, fields.deposit, fields.withdrawal
                    )));
                };
                let remarks = row
                    .get(&fields.remarks)
                    .and_then(json_text)
                    .unwrap_or_default();
                let balance = match fields
                    .balance
                    .as_ref()
                    .and_then(|name| row.get(name))
                    .and_then(json_text)
                {
                    Some(balance) => Some(yen_from_decimal(&balance).ok_or_else(|| {
                        malformed(format!(
                            "{what}: balance {:?} is not a yen amount",
                            excerpt(&balance, 80)
                        ))
                    })?),
                    None => None,
                };
                let id = fields
                    .id
                    .as_ref()
                    .and_then(|name| row.get(name))
                    .and_then(json_text);
                let source_id = match id {
                    Some(id) => SourceId::Bank(id),
                    None => {
                        SourceId::Fingerprint(fingerprints.next(booked, amount, balance, &remarks))
                    }
                };
                let mut transaction = Transaction::read(booked, amount, remarks, source_id, None);
                transaction.balance = balance;
                pulled.transactions.push(transaction);
            }
            progress(pulled.progress(pages, from, to));
            let has_next = match reply.get(&fields.has_next) {
                Some(Value::Bool(flag)) => *flag,
                Some(Value::String(flag)) => flag == "true",
                _ => false,
            };
            if !has_next {
                break;
            }
            let key = reply.get(&fields.next).and_then(json_text).ok_or_else(|| {
                malformed(format!(
                    "{} is true but {} is missing",
                    fields.has_next, fields.next
                ))
            })?;
            if !keys_read.insert(key.clone()) {
                return Err(paging_loop(
                    host.clone(),
                    url.path().to_owned(),
                    &fields.next,
                    pages,
                ));
            }
            if pages >= MAX_PAGES {
                return Err(too_many_pages(
                    host.clone(),
                    url.path().to_owned(),
                    &fields.next,
                ));
            }
            next_key = Some(key);
        }
        pulled.transactions.sort_by_key(|row| row.booked);
        Ok(pulled)
    }
}
