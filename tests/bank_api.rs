//! The three bank connectors against the sandbox bank over real HTTP on 127.0.0.1: paging,
//! retries, rate limits, redirects, TLS and every error a person must be told about.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use kouza_guard::bank::{
    psd2::Psd2, simplefin, BankError, BankProfile, Connector, Credentials, Http, Progress,
    RetryPolicy,
};
use kouza_guard::SourceId;
use sandbox_bank::{credentials, faults, Options, Sandbox};
use zeroize::Zeroizing;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn sandbox(options: Options) -> Sandbox {
    Sandbox::start(Options {
        today: today(),
        ..options
    })
    .unwrap()
}

/// Quick retries so the fault tests take milliseconds, and a short timeout for the slow ones.
fn http() -> Http {
    Http::new(RetryPolicy {
        attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(3),
        timeout: Duration::from_secs(2),
    })
    .unwrap()
}

fn psd2(bank: &Sandbox) -> Psd2 {
    Psd2::new(
        http(),
        &bank.psd2_url(),
        Zeroizing::new(credentials::PSD2_TOKEN.into()),
        Zeroizing::new(credentials::PSD2_CONSENT_ID.into()),
    )
    .unwrap()
}

fn japan(bank: &Sandbox) -> Box<dyn Connector> {
    Credentials::Japan {
        profile: Box::new(
            BankProfile::builtin("sandbox")
                .unwrap()
                .at(&bank.japan_url())
                .unwrap(),
        ),
        token: Zeroizing::new(credentials::JAPAN_TOKEN.into()),
    }
    .connector(http())
    .unwrap()
}

fn everything(
    connector: &dyn Connector,
    account: &str,
) -> (kouza_guard::bank::Pulled, Vec<Progress>) {
    let mut seen = Vec::new();
    let pulled = connector
        .booked(
            account,
            today() - Days::days(500),
            today(),
            &mut |progress| seen.push(progress),
        )
        .unwrap();
    (pulled, seen)
}

/// The pulled rows are the bank's rows: every date, amount, text and balance, in order.
fn assert_same_as_ledger(bank: &Sandbox, pulled: &kouza_guard::bank::Pulled) {
    let ledger = bank.entries();
    assert_eq!(pulled.transactions.len(), ledger.len());
    for (row, entry) in pulled.transactions.iter().zip(&ledger) {
        assert_eq!(row.booked, entry.booked);
        assert_eq!(row.amount, entry.amount);
        assert_eq!(row.description, entry.text);
        assert!(matches!(&row.source_id, SourceId::Bank(id) if id.contains(&entry.id.to_string())));
    }
    let flagged: Vec<_> = pulled
        .transactions
        .iter()
        .filter(|row| row.normalized.contains("ドコモコウザ"))
        .collect();
    assert_eq!(
        flagged.len(),
        4,
        "the burst arrives normalised for detection"
    );
}

#[test]
fn psd2_lists_the_account_masked_and_follows_next_links_to_the_end() {
    let bank = sandbox(Options::default());
    let connector = psd2(&bank);
    let accounts = connector.accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].id, credentials::PSD2_ACCOUNT);
    assert_eq!(accounts[0].number_masked.as_deref(), Some("******4321"));
    assert_eq!(accounts[0].currency, "JPY");

    let (pulled, progress) = everything(&connector, credentials::PSD2_ACCOUNT);
    assert_same_as_ledger(&bank, &pulled);
    assert!(pulled.transactions.iter().all(|row| row.balance.is_some()));
    let pages = bank.entries().len().div_ceil(50) as u32;
    assert_eq!(progress.last().unwrap().pages, pages);
    assert!(pages > 1, "the sandbox history spans several pages");
    // Every request carried a fresh X-Request-ID and the consent.
    let requests: Vec<_> = bank
        .received()
        .into_iter()
        .filter(|r| r.path.contains("/transactions"))
        .collect();
    assert_eq!(requests.len() as u32, pages);
    let mut ids: Vec<_> = requests
        .iter()
        .map(|r| {
            r.headers
                .iter()
                .find(|(k, _)| k == "x-request-id")
                .unwrap()
                .1
                .clone()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as u32, pages);
}

#[test]
fn psd2_asks_only_for_the_window_and_says_which_consent_problem_it_is() {
    let bank = sandbox(Options::default());
    let from = today() - Days::days(10);
    let pulled = psd2(&bank)
        .booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {})
        .unwrap();
    assert!(!pulled.transactions.is_empty());
    assert!(pulled.transactions.iter().all(|row| row.booked >= from));

    let expired = sandbox(Options {
        consent_expired: true,
        ..Options::default()
    });
    assert!(matches!(
        psd2(&expired).accounts(),
        Err(BankError::ConsentExpired)
    ));
    assert!(matches!(
        psd2(&expired).booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {}),
        Err(BankError::ConsentExpired)
    ));

    let wrong_consent = Psd2::new(
        http(),
        &bank.psd2_url(),
        Zeroizing::new(credentials::PSD2_TOKEN.into()),
        Zeroizing::new("someone-elses-consent".into()),
    )
    .unwrap();
    assert!(matches!(
        wrong_consent.accounts(),
        Err(BankError::ConsentInvalid { .. })
    ));

    let wrong_token = Psd2::new(
        http(),
        &bank.psd2_url(),
        Zeroizing::new("revoked".into()),
        Zeroizing::new(credentials::PSD2_CONSENT_ID.into()),
    )
    .unwrap();
    let error = wrong_token.accounts().unwrap_err();
    assert!(matches!(error, BankError::AuthoriseAgain { .. }), "{error}");
    assert!(
        !error.to_string().contains("revoked"),
        "the token is never in a message"
    );
}

#[test]
fn psd2_frequency_per_day_is_the_banks_limit_too() {
    let bank = sandbox(Options {
        psd2_frequency_per_day: 1,
        ..Options::default()
    });
    let connector = psd2(&bank);
    let from = today() - Days::days(30);
    connector
        .booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {})
        .unwrap();
    let error = connector
        .booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {})
        .unwrap_err();
    assert!(matches!(error, BankError::RateLimited { .. }), "{error}");
}

#[test]
fn simplefin_claims_a_setup_token_once_and_reads_with_the_access_url() {
    let bank = sandbox(Options::default());
    let access = simplefin::claim(&http(), &bank.simplefin_setup_token()).unwrap();
    assert!(access.contains('@'), "the access URL carries credentials");
    let again = simplefin::claim(&http(), &bank.simplefin_setup_token()).unwrap_err();
    assert!(matches!(again, BankError::AlreadyClaimed), "{again}");
    assert!(again.to_string().contains("someone else"));

    let connector = Credentials::SimpleFin {
        access_url: access.clone(),
    }
    .connector(http())
    .unwrap();
    let accounts = connector.accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].bank.as_deref(), Some("Sandbox Bank"));
    let (pulled, _) = everything(connector.as_ref(), credentials::SIMPLEFIN_ACCOUNT);
    assert_same_as_ledger(&bank, &pulled);
    // The password travelled in the Authorization header, never in the request line.
    assert!(bank
        .received()
        .iter()
        .all(|r| !r.path.contains("sfin-secret")));
}

#[test]
fn simplefin_setup_tokens_that_are_not_one_are_named() {
    for token in ["not base64 at all!", "aHR0cDovL2JhbmsuZXhhbXBsZS9jbGFpbQ=="] {
        // The second is Base64 of plain http to a host that is not this computer.
        let error = simplefin::claim(&http(), token).unwrap_err();
        assert!(matches!(error, BankError::BadSetupToken(_)), "{error}");
    }
}

#[test]
fn japanese_style_pages_with_next_item_key_as_the_profile_says() {
    let bank = sandbox(Options::default());
    let connector = japan(&bank);
    let accounts = connector.accounts().unwrap();
    assert_eq!(accounts[0].id, credentials::JAPAN_ACCOUNT);
    assert_eq!(accounts[0].number_masked.as_deref(), Some("***4321"));
    assert_eq!(accounts[0].name, "普通預金");
    assert!(accounts[0].bank.as_deref().unwrap().contains("本店"));
    let (pulled, progress) = everything(connector.as_ref(), credentials::JAPAN_ACCOUNT);
    assert_same_as_ledger(&bank, &pulled);
    assert_eq!(
        progress.last().unwrap().pages as usize,
        bank.entries().len().div_ceil(100)
    );
    let tokens: Vec<_> = bank
        .received()
        .iter()
        .filter_map(|r| {
            r.headers
                .iter()
                .find(|(k, _)| k == "x-access-token")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert!(tokens.iter().all(|token| token == credentials::JAPAN_TOKEN));
}

#[test]
fn dropped_connections_and_server_errors_are_retried_until_they_pass() {
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("drop:2,500:1").unwrap());
    let pulled = japan(&bank)
        .booked(
            credentials::JAPAN_ACCOUNT,
            today() - Days::days(20),
            today(),
            &mut |_| {},
        )
        .unwrap();
    assert!(!pulled.transactions.is_empty());
    assert_eq!(bank.received().len(), 4, "three failures, then the answer");
}

#[test]
fn a_server_that_keeps_failing_is_reported_after_the_last_try() {
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("500:10").unwrap());
    let error = japan(&bank)
        .booked(
            credentials::JAPAN_ACCOUNT,
            today() - Days::days(20),
            today(),
            &mut |_| {},
        )
        .unwrap_err();
    assert!(
        matches!(error, BankError::ServerError { status: 500, .. }),
        "{error}"
    );
    assert_eq!(bank.received().len(), 4, "four tries in all");
}

#[test]
fn too_many_requests_waits_as_long_as_retry_after_asks_or_stops_if_that_is_too_long() {
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("429=1:1").unwrap());
    let started = Instant::now();
    japan(&bank).accounts().unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );

    bank.set_faults(&faults::parse("429=3600:1").unwrap());
    let started = Instant::now();
    let error = japan(&bank).accounts().unwrap_err();
    assert!(
        matches!(
            error,
            BankError::RateLimited {
                retry_after: Some(3600),
                ..
            }
        ),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "an hour is not waited out"
    );
}

#[test]
fn broken_json_is_named_with_the_endpoint_and_where_it_broke() {
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("badjson").unwrap());
    let error = psd2(&bank).accounts().unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, BankError::Malformed { .. }), "{message}");
    assert!(message.contains("/consents/"), "{message}");
    // The consent id is a secret: the endpoint is named with it masked.
    assert!(
        !message.contains(credentials::PSD2_CONSENT_ID),
        "the consent id is in the message: {message}"
    );
    assert!(message.contains("line 1 column"), "{message}");
}

#[test]
fn a_reply_slower_than_the_timeout_is_timed_out_after_the_retries() {
    let bank = sandbox(Options::default());
    let impatient = Http::new(RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(1),
        timeout: Duration::from_millis(500),
    })
    .unwrap();
    let connector = |http: Http| {
        Credentials::Japan {
            profile: Box::new(
                BankProfile::builtin("sandbox")
                    .unwrap()
                    .at(&bank.japan_url())
                    .unwrap(),
            ),
            token: Zeroizing::new(credentials::JAPAN_TOKEN.into()),
        }
        .connector(http)
        .unwrap()
    };
    bank.set_faults(&faults::parse("slow=900:2").unwrap());
    let error = connector(impatient.clone()).accounts().unwrap_err();
    assert!(matches!(error, BankError::TimedOut { .. }), "{error}");

    bank.set_faults(&faults::parse("slow=900:1").unwrap());
    connector(impatient)
        .accounts()
        .expect("one slow reply, then a retry in time");
}

#[test]
fn credentials_are_never_sent_on_a_redirect_to_another_host() {
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("redirect").unwrap());
    let error = japan(&bank).accounts().unwrap_err();
    assert!(
        matches!(&error, BankError::Redirected { to, .. } if to.starts_with("localhost")),
        "{error}"
    );
    let received = bank.received();
    assert_eq!(received.len(), 1, "the redirect was not followed");
    assert!(received.iter().all(|r| !r
        .headers
        .iter()
        .any(|(k, v)| k == "host" && v.starts_with("localhost"))));
}

#[test]
fn a_revoked_token_asks_to_connect_again() {
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("401").unwrap());
    let error = japan(&bank).accounts().unwrap_err();
    assert!(matches!(error, BankError::AuthoriseAgain { .. }), "{error}");
    assert!(!error.to_string().contains(credentials::JAPAN_TOKEN));
}

#[test]
fn tls_failures_and_plain_http_to_the_network_are_refused() {
    let bank = sandbox(Options::default());
    // The sandbox speaks plain HTTP: a TLS handshake with it fails before anything is sent.
    let https = bank.japan_url().replace("http://", "https://");
    let connector = Credentials::Japan {
        profile: Box::new(BankProfile::builtin("sandbox").unwrap().at(&https).unwrap()),
        token: Zeroizing::new(credentials::JAPAN_TOKEN.into()),
    }
    .connector(http())
    .unwrap();
    let error = connector.accounts().unwrap_err();
    assert!(matches!(error, BankError::Tls { .. }), "{error}");

    let error = BankProfile::builtin("sandbox")
        .unwrap()
        .at("http://bank.example/api")
        .unwrap_err();
    assert!(matches!(error, BankError::Insecure { .. }), "{error}");
}

#[test]
fn nobody_listening_is_unreachable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let connector = Credentials::Japan {
        profile: Box::new(
            BankProfile::builtin("sandbox")
                .unwrap()
                .at(&format!("http://127.0.0.1:{port}/jp"))
                .unwrap(),
        ),
        token: Zeroizing::new(credentials::JAPAN_TOKEN.into()),
    }
    .connector(http())
    .unwrap();
    let error = connector.accounts().unwrap_err();
    assert!(matches!(error, BankError::Unreachable { .. }), "{error}");
}

#[test]
fn a_hostile_server_streaming_endless_json_is_cut_off_at_the_limit() {
    let bank = sandbox(Options::default());
    // 40 MB with no Content-Length, against the real 32 MB limit.
    bank.set_faults(&faults::parse("huge=40").unwrap());
    let error = japan(&bank).accounts().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("larger than the 33554432 bytes allowed"),
        "{error}"
    );
}

#[test]
fn a_reply_larger_than_the_limit_is_refused_not_read_into_memory() {
    let bank = sandbox(Options::default());
    let connector = Psd2::new(
        http().with_reply_limit(4 * 1024),
        &bank.psd2_url(),
        Zeroizing::new(credentials::PSD2_TOKEN.into()),
        Zeroizing::new(credentials::PSD2_CONSENT_ID.into()),
    )
    .unwrap();
    // A page of 50 rows is about 20 KB: over this client's 4 KB limit.
    let error = connector
        .booked(
            credentials::PSD2_ACCOUNT,
            today() - Days::days(400),
            today(),
            &mut |_| {},
        )
        .unwrap_err();
    assert!(error.to_string().contains("larger than"), "{error}");
}

#[test]
fn paging_that_goes_back_to_a_page_already_read_is_stopped_at_the_first_repeat() {
    let bank = sandbox(Options::default());
    let from = today() - Days::days(500);
    // Page 2's next link goes back to page 1, whose next goes to page 2 again: A → B → A → B.
    bank.set_faults(&faults::parse("loop:50").unwrap());
    let error = psd2(&bank)
        .booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {})
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, BankError::Malformed { .. }), "{message}");
    assert!(message.contains("_links.next"), "{message}");
    assert!(message.contains("already read"), "{message}");
    let pages = bank
        .received()
        .iter()
        .filter(|r| r.path.contains("/transactions"))
        .count();
    assert!(
        pages <= 4,
        "stopped at the first repeat, after {pages} pages"
    );

    // The Japanese style: key 100, then back to key 0, then 100 again.
    let bank = sandbox(Options::default());
    bank.set_faults(&faults::parse("loop:50").unwrap());
    let error = japan(&bank)
        .booked(credentials::JAPAN_ACCOUNT, from, today(), &mut |_| {})
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, BankError::Malformed { .. }), "{message}");
    assert!(message.contains("nextItemKey"), "{message}");
    assert!(message.contains("already read"), "{message}");
    assert!(bank.received().len() <= 4, "{:?}", bank.received().len());
}

#[test]
fn paging_that_never_ends_is_stopped_at_the_page_limit_and_says_so() {
    let from = today() - Days::days(500);
    for japanese in [false, true] {
        let bank = sandbox(Options::default());
        bank.set_faults(&faults::parse("endless:5000").unwrap());
        let started = Instant::now();
        let pulled = if japanese {
            japan(&bank).booked(credentials::JAPAN_ACCOUNT, from, today(), &mut |_| {})
        } else {
            psd2(&bank).booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {})
        };
        let error = match pulled {
            Ok(pulled) => panic!(
                "endless paging ended with {} rows after {} requests",
                pulled.transactions.len(),
                bank.received().len()
            ),
            Err(error) => error,
        };
        let message = error.to_string();
        assert!(message.contains("after 1000 pages"), "{message}");
        let pages = bank.received().len();
        assert!(pages <= 1_001, "{pages} requests");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            started.elapsed()
        );
    }
}

/// One call to a connector, its result dropped.
type Attempt<'a> = dyn Fn() -> Result<(), BankError> + 'a;

#[test]
fn a_server_that_echoes_the_request_gets_no_secret_into_a_message() {
    let from = today() - Days::days(20);
    let bank = sandbox(Options::default());
    let psd2 = psd2(&bank);
    let japan = japan(&bank);
    let access = simplefin::claim(&http(), &bank.simplefin_setup_token()).unwrap();
    let simplefin = Credentials::SimpleFin {
        access_url: access.clone(),
    }
    .connector(http())
    .unwrap();
    let basic = data_encoding::BASE64.encode(b"sfin-user:sfin-secret-6f0a");
    let secrets = [
        credentials::PSD2_TOKEN,
        credentials::PSD2_CONSENT_ID,
        credentials::PSD2_ACCOUNT,
        credentials::JAPAN_TOKEN,
        credentials::JAPAN_ACCOUNT,
        credentials::SIMPLEFIN_ACCOUNT,
        "sfin-user",
        "sfin-secret-6f0a",
        &basic,
        &access,
    ];
    let attempts: [(&str, Box<Attempt>); 6] = [
        ("psd2 accounts", Box::new(|| psd2.accounts().map(drop))),
        (
            "psd2 booked",
            Box::new(|| {
                psd2.booked(credentials::PSD2_ACCOUNT, from, today(), &mut |_| {})
                    .map(drop)
            }),
        ),
        ("japan accounts", Box::new(|| japan.accounts().map(drop))),
        (
            "japan booked",
            Box::new(|| {
                japan
                    .booked(credentials::JAPAN_ACCOUNT, from, today(), &mut |_| {})
                    .map(drop)
            }),
        ),
        (
            "simplefin accounts",
            Box::new(|| simplefin.accounts().map(drop)),
        ),
        (
            "simplefin booked",
            Box::new(|| {
                simplefin
                    .booked(credentials::SIMPLEFIN_ACCOUNT, from, today(), &mut |_| {})
                    .map(drop)
            }),
        ),
    ];
    for (what, attempt) in attempts {
        bank.set_faults(&faults::parse("echo").unwrap());
        let error = attempt().expect_err(what);
        let message = error.to_string();
        assert!(
            message.contains("cannot serve"),
            "{what}: the bank's words are still quoted: {message}"
        );
        for secret in secrets {
            assert!(
                !message.contains(secret),
                "{what}: {secret:?} is in the message: {message}"
            );
            assert!(!format!("{error:?}").contains(secret), "{what}: Debug");
        }
    }
}
