//! Faults the sandbox can put in the way of the next API requests, so a client's retries,
//! timeouts and error messages are tested against the real thing over a real socket.
//!
//! Written on the command line as `kind[=value][:times]`, comma-separated, applied in order:
//! `drop:2,500:1,slow=3000:1,badjson:1,429=2:1,redirect:1,401:1,huge=40:1`; `ok:1` lets one through.
//! A hostile bank's replies are answered as usual and then tampered with ([`crate::tamper`]):
//! `date=+262000-01-01`, `amount=9223372036854775807`, `balance=-1000000000000000`, `loop:50`, `endless:2000`, `echo`.

use std::time::Duration;

use chrono::NaiveDate;

/// One kind of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The connection is closed after the request is read, with no reply.
    Drop,
    /// `500 Internal Server Error`.
    ServerError,
    /// The reply comes after this long.
    Slow(Duration),
    /// `200` with a body cut off halfway through the JSON.
    BadJson,
    /// `429 Too Many Requests` with `Retry-After` in seconds.
    RateLimited(u64),
    /// `307` to the same path on another host name (`localhost` instead of `127.0.0.1`).
    Redirect,
    /// `401`: the token was revoked.
    Unauthorized,
    /// No fault: the request is answered as usual (to fail a later page, not the first).
    Pass,
    /// `200` with a JSON body of this many megabytes, sent without `Content-Length`.
    Huge(u64),
    /// The reply as usual, but its first booked row is dated this day.
    BookedOn(NaiveDate),
    /// The reply as usual, but its first booked row moves this many yen.
    Amount(i64),
    /// The reply as usual, but the balance after its first booked row is this many yen.
    Balance(i64),
    /// The reply as usual, but its next link (or key) goes one page back instead of on, so a
    /// client that follows it reads A → B → A → B….
    Loop,
    /// The reply as usual, but it always says there is a next page, each a new one (empty once
    /// the rows run out): paging that never ends and never repeats.
    Endless,
    /// `400` whose error text echoes the whole request — the path, the query and every header,
    /// credentials included — as a careless or hostile server's error page might.
    Echo,
}

/// A fault for the next `times` requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultPlan {
    /// What happens.
    pub fault: Fault,
    /// To how many requests.
    pub times: u32,
}

/// Reads a comma-separated list of faults.
pub fn parse(text: &str) -> Result<Vec<FaultPlan>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let part = part.trim();
            let (spec, times) = match part.rsplit_once(':') {
                Some((spec, times)) => (
                    spec,
                    times
                        .parse()
                        .map_err(|_| format!("{part:?}: the count after ':' is not a number"))?,
                ),
                None => (part, 1),
            };
            let (kind, value) = match spec.split_once('=') {
                Some((kind, value)) => (kind, Some(value)),
                None => (spec, None),
            };
            let yen = || -> Result<i64, String> {
                value
                    .ok_or(format!("{part:?}: a number of yen is needed after '='"))?
                    .parse()
                    .map_err(|_| format!("{part:?}: {value:?} is not a number of yen"))
            };
            let number = |default: u64| -> Result<u64, String> {
                value.map_or(Ok(default), |value| {
                    value
                        .parse()
                        .map_err(|_| format!("{part:?}: {value:?} is not a number"))
                })
            };
            let fault = match kind {
                "drop" => Fault::Drop,
                "500" => Fault::ServerError,
                "slow" => Fault::Slow(Duration::from_millis(number(5_000)?)),
                "badjson" => Fault::BadJson,
                "429" => Fault::RateLimited(number(1)?),
                "redirect" => Fault::Redirect,
                "401" => Fault::Unauthorized,
                "ok" => Fault::Pass,
                "huge" => Fault::Huge(number(40)?),
                "date" => Fault::BookedOn(
                    value
                        .and_then(|value| value.parse().ok())
                        .ok_or(format!("{part:?}: a day YYYY-MM-DD is needed after '='"))?,
                ),
                "amount" => Fault::Amount(yen()?),
                "balance" => Fault::Balance(yen()?),
                "loop" => Fault::Loop,
                "endless" => Fault::Endless,
                "echo" => Fault::Echo,
                other => {
                    return Err(format!(
                        "{other:?} is not a fault: drop, 500, slow=MS, badjson, 429=SECONDS, redirect, 401, ok, huge=MB, date=YYYY-MM-DD, amount=YEN, balance=YEN, loop, endless, echo"
                    ))
                }
            };
            Ok(FaultPlan { fault, times })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{parse, Fault, FaultPlan};
    use chrono::NaiveDate;
    use std::time::Duration;

    #[test]
    fn reads_the_written_form() {
        assert_eq!(
            parse("drop:2, slow=300, 429=7:1").unwrap(),
            [
                FaultPlan {
                    fault: Fault::Drop,
                    times: 2
                },
                FaultPlan {
                    fault: Fault::Slow(Duration::from_millis(300)),
                    times: 1
                },
                FaultPlan {
                    fault: Fault::RateLimited(7),
                    times: 1
                },
            ]
        );
        assert_eq!(
            parse(
                "date=+262000-01-01,date=1989-12-31,amount=-9223372036854775808,balance=7,loop:50"
            )
            .unwrap()
            .into_iter()
            .map(|plan| plan.fault)
            .collect::<Vec<_>>(),
            [
                Fault::BookedOn(NaiveDate::from_ymd_opt(262_000, 1, 1).unwrap()),
                Fault::BookedOn(NaiveDate::from_ymd_opt(1989, 12, 31).unwrap()),
                Fault::Amount(i64::MIN),
                Fault::Balance(7),
                Fault::Loop,
            ]
        );
        assert!(parse("date=tomorrow").is_err());
        assert!(parse("amount").is_err());
        assert!(parse("explode").unwrap_err().contains("explode"));
        assert!(parse("drop:x").is_err());
    }
}
