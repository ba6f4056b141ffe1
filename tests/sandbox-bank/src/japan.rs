//! The Japanese bank API style, after GMO Aozora Net Bank's personal API: `x-access-token`,
//! at most a page of rows oldest first, `hasNext` and `nextItemKey`, numbers written as strings.

use serde_json::{json, Value};

use crate::credentials::{JAPAN_ACCOUNT, JAPAN_TOKEN};
use crate::wire::{Request, Response};
use crate::{date, Bank};

pub(crate) fn error(status: u16, code: &str, message: &str) -> Response {
    Response::json(status, &json!({"errorCode": code, "errorMessage": message}))
}

pub(crate) fn handle(request: &Request, rest: &str, bank: &mut Bank) -> Response {
    if request.header("x-access-token") != Some(JAPAN_TOKEN) {
        return error(401, "WG_ERR_300", "アクセストークンが無効です");
    }
    let today = bank.options.today;
    let base = json!({"baseDate": today.to_string(), "baseTime": "09:00:00+09:00"});
    match rest {
        "accounts" => {
            let mut body = base;
            body["accounts"] = json!([{
                "accountId": JAPAN_ACCOUNT,
                "branchCode": "101",
                "branchName": "本店",
                "accountTypeCode": "01",
                "accountTypeName": "普通預金",
                "accountNumber": "1234321",
                "primaryAccountCode": "1",
                "primaryAccountCodeName": "代表口座",
                "accountName": "ｻﾝﾄﾞﾎﾞｯｸｽ ﾀﾛｳ",
                "currencyCode": "JPY",
                "currencyName": "日本円"
            }]);
            Response::json(200, &body)
        }
        "accounts/transactions" => transactions(request, bank, base),
        _ => error(404, "WG_ERR_404", "該当するAPIがありません"),
    }
}

fn transactions(request: &Request, bank: &Bank, mut body: Value) -> Response {
    if request.param("accountId") != Some(JAPAN_ACCOUNT) {
        return error(400, "WG_ERR_100", "口座IDが正しくありません");
    }
    let today = bank.options.today;
    let from = match request.param("dateFrom") {
        None => today,
        Some(text) => match date(Some(text)) {
            Some(from) => from,
            None => {
                return error(
                    400,
                    "WG_ERR_101",
                    "dateFrom は YYYY-MM-DD で指定してください",
                )
            }
        },
    };
    let to = match request.param("dateTo") {
        None => today,
        Some(text) => match date(Some(text)) {
            Some(to) => to,
            None => return error(400, "WG_ERR_101", "dateTo は YYYY-MM-DD で指定してください"),
        },
    };
    let start: usize = match request.param("nextItemKey").map(str::parse) {
        None => 0,
        Some(Ok(start)) => start,
        Some(Err(_)) => return error(400, "WG_ERR_102", "nextItemKey が正しくありません"),
    };
    let rows = bank.ledger.between(from, to);
    let size = bank.options.japan_page_size.max(1);
    let page: Vec<Value> = rows
        .iter()
        .skip(start)
        .take(size)
        .map(|entry| {
            json!({
                "transactionDate": entry.booked.to_string(),
                "valueDate": entry.booked.to_string(),
                "transactionType": if entry.amount < 0 { "2" } else { "1" },
                "amount": entry.amount.abs().to_string(),
                "remarks": entry.text,
                "balance": entry.balance.to_string(),
                "itemKey": entry.id.to_string()
            })
        })
        .collect();
    let has_next = start + size < rows.len();
    body["accountId"] = json!(JAPAN_ACCOUNT);
    body["currencyCode"] = json!("JPY");
    body["currencyName"] = json!("日本円");
    body["dateFrom"] = json!(from.to_string());
    body["dateTo"] = json!(to.to_string());
    body["hasNext"] = json!(has_next);
    if has_next {
        body["nextItemKey"] = json!((start + size).to_string());
    }
    body["count"] = json!(page.len().to_string());
    body["transactions"] = json!(page);
    Response::json(200, &body)
}
