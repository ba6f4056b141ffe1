//! The SimpleFIN protocol: claim a setup token once, then read `/accounts` with Basic-Auth.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde_json::{json, Value};

use crate::credentials::{SIMPLEFIN_ACCOUNT, SIMPLEFIN_CLAIM, SIMPLEFIN_PASSWORD, SIMPLEFIN_USER};
use crate::wire::{Request, Response};
use crate::Bank;

/// A booking date as the Unix time SimpleFIN gives: noon in Japan that day.
fn posted(day: NaiveDate) -> i64 {
    let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists"));
    Utc.from_utc_datetime(&(noon - Duration::hours(9)))
        .timestamp()
}

fn day_of(unix: i64) -> Option<NaiveDate> {
    Some((chrono::DateTime::from_timestamp(unix, 0)? + Duration::hours(9)).date_naive())
}

pub(crate) fn handle(request: &Request, rest: &str, bank: &mut Bank) -> Response {
    if let Some(claim) = rest.strip_prefix("claim/") {
        if request.method != "POST" {
            return Response::text(405, "claim with POST");
        }
        if claim != SIMPLEFIN_CLAIM {
            return Response::text(403, "no such setup token");
        }
        if bank.simplefin_claimed {
            return Response::text(403, "this setup token has already been claimed");
        }
        bank.simplefin_claimed = true;
        return Response::text(
            200,
            &format!(
                "http://{SIMPLEFIN_USER}:{SIMPLEFIN_PASSWORD}@127.0.0.1:{}/simplefin",
                bank.port
            ),
        );
    }
    let expected = format!(
        "Basic {}",
        data_encoding::BASE64.encode(format!("{SIMPLEFIN_USER}:{SIMPLEFIN_PASSWORD}").as_bytes())
    );
    if request.header("authorization") != Some(expected.as_str()) {
        return Response::text(403, "Forbidden");
    }
    if rest != "accounts" || request.method != "GET" {
        return Response::json(404, &json!({"errors": ["no such endpoint"]}));
    }
    if bank.simplefin_requests >= bank.options.simplefin_daily_limit {
        return Response::json(
            429,
            &json!({"errors": ["You have made too many requests today."], "accounts": []}),
        )
        .with_header("Retry-After", "3600");
    }
    bank.simplefin_requests += 1;
    let unix = |name: &str| {
        request
            .param(name)
            .and_then(|text| text.parse::<i64>().ok())
    };
    let from = unix("start-date")
        .and_then(day_of)
        .unwrap_or(bank.options.today - Duration::days(90));
    let to = unix("end-date")
        .and_then(day_of)
        .unwrap_or(bank.options.today);
    let wanted: Vec<&str> = request
        .query
        .iter()
        .filter(|(key, _)| key == "account")
        .map(|(_, value)| value.as_str())
        .collect();
    let mut accounts = Vec::new();
    if wanted.is_empty() || wanted.contains(&SIMPLEFIN_ACCOUNT) {
        let transactions: Vec<Value> = bank
            .ledger
            .between(from, to)
            .iter()
            .map(|entry| {
                json!({
                    "id": format!("sfin-{}", entry.id),
                    "posted": posted(entry.booked),
                    "amount": format!("{}.00", entry.amount),
                    "description": entry.text,
                    "transacted_at": posted(entry.booked),
                    "pending": false
                })
            })
            .collect();
        accounts.push(json!({
            "org": {"domain": "sandbox.kouza-guard.invalid", "name": "Sandbox Bank",
                     "sfin-url": format!("http://127.0.0.1:{}/simplefin", bank.port)},
            "id": SIMPLEFIN_ACCOUNT,
            "name": "普通預金 ****4321",
            "currency": "JPY",
            "balance": format!("{}.00", bank.ledger.balance()),
            "available-balance": format!("{}.00", bank.ledger.balance()),
            "balance-date": posted(bank.options.today),
            "transactions": transactions
        }));
    }
    Response::json(200, &json!({"errors": [], "accounts": accounts}))
}
