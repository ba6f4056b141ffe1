//! A hostile bank's replies: answered as usual, then changed where a client must not trust them —
//! the first booked row's date, amount or balance, or a next link (or key) that goes one page back,
//! so paging runs A → B → A, or on for ever. Each API keeps its rows in its own place, so each has its own path.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::faults::Fault;
use crate::wire::{Request, Response};
use crate::Options;

/// The reply `response` to `request`, changed as `fault` says. A reply that is not a page of
/// booked rows (an error, the accounts list) is left as it is.
pub(crate) fn apply(
    fault: Fault,
    request: &Request,
    response: Response,
    options: &Options,
) -> Response {
    if response.status != 200 {
        return response;
    }
    let Ok(mut body) = serde_json::from_slice::<Value>(&response.body) else {
        return response;
    };
    let path = request.path.as_str();
    if path.starts_with("/psd2/v1/accounts/") && path.ends_with("/transactions") {
        psd2(fault, request, &mut body);
    } else if path == "/simplefin/accounts" {
        simplefin(fault, &mut body);
    } else if path == "/jp/personal/v1/accounts/transactions" {
        japan(fault, request, &mut body, options.japan_page_size.max(1));
    } else {
        return response;
    }
    Response {
        body: body.to_string().into_bytes(),
        ..response
    }
}

/// Sets the field at `pointer` (RFC 6901) when the reply has it; a page without rows is left.
fn set(body: &mut Value, pointer: &str, value: Value) {
    if let Some(field) = body.pointer_mut(pointer) {
        *field = value;
    }
}

fn psd2(fault: Fault, request: &Request, body: &mut Value) {
    let first = "/transactions/booked/0";
    match fault {
        Fault::BookedOn(day) => set(
            body,
            &format!("{first}/bookingDate"),
            json!(day.to_string()),
        ),
        Fault::Amount(yen) => set(
            body,
            &format!("{first}/transactionAmount/amount"),
            json!(yen.to_string()),
        ),
        Fault::Balance(yen) => set(
            body,
            &format!("{first}/balanceAfterTransaction/balanceAmount/amount"),
            json!(yen.to_string()),
        ),
        Fault::Loop | Fault::Endless => {
            let page: usize = request
                .param("page")
                .and_then(|page| page.parse().ok())
                .unwrap_or(1);
            let next = match fault {
                Fault::Loop if page >= 2 => page - 1,
                Fault::Endless => page + 1,
                _ => return,
            };
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(request.query.iter().filter(|(key, _)| key != "page"))
                .append_pair("page", &next.to_string())
                .finish();
            body["transactions"]["_links"]["next"] =
                json!({"href": format!("{}?{query}", request.path)});
        }
        _ => {}
    }
}

/// Noon in Japan (03:00 UTC) that day, as SimpleFIN's Unix time; any day chrono can hold.
fn posted(day: NaiveDate) -> i64 {
    day.and_hms_opt(3, 0, 0)
        .map_or(0, |time| time.and_utc().timestamp())
}

fn simplefin(fault: Fault, body: &mut Value) {
    let first = "/accounts/0/transactions/0";
    match fault {
        Fault::BookedOn(day) => set(body, &format!("{first}/posted"), json!(posted(day))),
        Fault::Amount(yen) => set(body, &format!("{first}/amount"), json!(format!("{yen}.00"))),
        Fault::Balance(yen) => set(body, "/accounts/0/balance", json!(format!("{yen}.00"))),
        _ => {}
    }
}

fn japan(fault: Fault, request: &Request, body: &mut Value, page_size: usize) {
    match fault {
        Fault::BookedOn(day) => set(
            body,
            "/transactions/0/transactionDate",
            json!(day.to_string()),
        ),
        Fault::Amount(yen) => {
            set(
                body,
                "/transactions/0/amount",
                json!(yen.unsigned_abs().to_string()),
            );
            set(
                body,
                "/transactions/0/transactionType",
                json!(if yen < 0 { "2" } else { "1" }),
            );
        }
        Fault::Balance(yen) => set(body, "/transactions/0/balance", json!(yen.to_string())),
        Fault::Loop => {
            let start: usize = request
                .param("nextItemKey")
                .and_then(|key| key.parse().ok())
                .unwrap_or(0);
            if start >= page_size {
                body["hasNext"] = json!(true);
                body["nextItemKey"] = json!((start - page_size).to_string());
            }
        }
        Fault::Endless => {
            let start: usize = request
                .param("nextItemKey")
                .and_then(|key| key.parse().ok())
                .unwrap_or(0);
            body["hasNext"] = json!(true);
            body["nextItemKey"] = json!((start + page_size).to_string());
        }
        _ => {}
    }
}
