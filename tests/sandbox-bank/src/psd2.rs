//! The Berlin Group NextGenPSD2 (1.3.x) account-information endpoints.

use serde_json::{json, Value};

use crate::credentials::{PSD2_ACCOUNT, PSD2_CONSENT_ID, PSD2_TOKEN};
use crate::ledger::Entry;
use crate::wire::{Request, Response};
use crate::{date, Bank};

pub(crate) fn error(status: u16, code: &str, text: &str) -> Response {
    Response::json(
        status,
        &json!({"tppMessages": [{"category": "ERROR", "code": code, "text": text}]}),
    )
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|group| group.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub(crate) fn handle(request: &Request, rest: &str, bank: &mut Bank) -> Response {
    if request.header("authorization") != Some(&format!("Bearer {PSD2_TOKEN}")) {
        return error(
            401,
            "TOKEN_INVALID",
            "The bearer token is missing or not valid.",
        );
    }
    if !request.header("x-request-id").is_some_and(is_uuid) {
        return error(400, "FORMAT_ERROR", "X-Request-ID must be a UUID.");
    }
    if request.method != "GET" {
        return error(405, "SERVICE_INVALID", "Only GET is offered here.");
    }
    let parts: Vec<&str> = rest.split('/').collect();
    if let ["consents", consent, "status"] = parts.as_slice() {
        if *consent != PSD2_CONSENT_ID {
            return error(403, "CONSENT_UNKNOWN", "No such consent.");
        }
        let status = if bank.options.consent_expired {
            "expired"
        } else {
            "valid"
        };
        return Response::json(200, &json!({"consentStatus": status}));
    }
    if request.header("consent-id") != Some(PSD2_CONSENT_ID) {
        return error(403, "CONSENT_UNKNOWN", "The Consent-ID is not known.");
    }
    if bank.options.consent_expired {
        return error(401, "CONSENT_EXPIRED", "The consent has expired.");
    }
    match parts.as_slice() {
        ["accounts"] => Response::json(
            200,
            &json!({"accounts": [{
                "resourceId": PSD2_ACCOUNT,
                "bban": "0011234321",
                "currency": "JPY",
                "name": "普通預金",
                "product": "普通預金",
                "cashAccountType": "CACC",
                "_links": {"transactions": {"href": format!("/psd2/v1/accounts/{PSD2_ACCOUNT}/transactions")}}
            }]}),
        ),
        ["accounts", account, "transactions"] if *account == PSD2_ACCOUNT => {
            transactions(request, bank)
        }
        ["accounts", _, ..] => error(404, "RESOURCE_UNKNOWN", "No such account."),
        _ => error(404, "RESOURCE_UNKNOWN", "No such endpoint."),
    }
}

fn transactions(request: &Request, bank: &mut Bank) -> Response {
    let status = request.param("bookingStatus");
    if !matches!(status, Some("booked" | "pending" | "both")) {
        return error(
            400,
            "FORMAT_ERROR",
            "bookingStatus must be booked, pending or both.",
        );
    }
    let Some(from) = date(request.param("dateFrom")) else {
        return error(400, "FORMAT_ERROR", "dateFrom (YYYY-MM-DD) is required.");
    };
    let to = match request.param("dateTo") {
        None => bank.options.today,
        Some(text) => match date(Some(text)) {
            Some(to) => to,
            None => return error(400, "FORMAT_ERROR", "dateTo must be YYYY-MM-DD."),
        },
    };
    let page: usize = match request.param("page").map(str::parse) {
        None => 1,
        Some(Ok(page)) if page >= 1 => page,
        Some(_) => return error(400, "FORMAT_ERROR", "page must be a positive number."),
    };
    // frequencyPerDay counts accesses; the pages of one access are one access.
    if page == 1 {
        if bank.psd2_accesses >= bank.options.psd2_frequency_per_day {
            return error(
                429,
                "ACCESS_EXCEEDED",
                "The consent's accesses for today are used up.",
            );
        }
        bank.psd2_accesses += 1;
    }
    let rows = bank.ledger.between(from, to);
    let size = bank.options.psd2_page_size.max(1);
    let start = (page - 1) * size;
    let booked: Vec<Value> = if status == Some("pending") {
        Vec::new()
    } else {
        rows.iter()
            .skip(start)
            .take(size)
            .map(|entry| row(entry))
            .collect()
    };
    let mut links = json!({"account": {"href": format!("/psd2/v1/accounts/{PSD2_ACCOUNT}")}});
    if status != Some("pending") && start + size < rows.len() {
        links["next"] = json!({"href": format!(
            "/psd2/v1/accounts/{PSD2_ACCOUNT}/transactions?bookingStatus={}&dateFrom={from}&dateTo={to}&page={}",
            status.unwrap_or("booked"),
            page + 1
        )});
    }
    Response::json(
        200,
        &json!({
            "account": {"bban": "0011234321", "currency": "JPY"},
            "transactions": {"booked": booked, "pending": [], "_links": links}
        }),
    )
}

fn row(entry: &Entry) -> Value {
    let mut row = json!({
        "transactionId": format!("sbx-{}", entry.id),
        "entryReference": entry.id.to_string(),
        "bookingDate": entry.booked.to_string(),
        "valueDate": entry.booked.to_string(),
        "transactionAmount": {"currency": "JPY", "amount": entry.amount.to_string()},
        "remittanceInformationUnstructured": entry.text,
        "balanceAfterTransaction": {
            "balanceType": "interimBooked",
            "balanceAmount": {"currency": "JPY", "amount": entry.balance.to_string()}
        }
    });
    let party = if entry.amount < 0 {
        "creditorName"
    } else {
        "debtorName"
    };
    row[party] = json!(entry.text);
    row
}
