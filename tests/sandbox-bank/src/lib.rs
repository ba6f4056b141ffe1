//! A bank on 127.0.0.1 for Kouza Guard's tests and demo.
//!
//! One synthetic account (see [`ledger`]) is served through three account-information APIs, each
//! as its published description has it: the Berlin Group NextGenPSD2 AIS (bearer token,
//! `Consent-ID`, `X-Request-ID`, `bookingStatus`, `_links.next` paging, `tppMessages` errors,
//! `frequencyPerDay`), SimpleFIN (a setup token claimed once for an access URL with Basic-Auth
//! credentials, `/accounts?start-date=`, 24 requests a day) and the Japanese style of GMO Aozora's
//! personal API (`x-access-token`, `nextItemKey` paging, `transactionType` and `remarks`).
//! [`faults`] put drops, 500s, slow replies, bad JSON, 429s and redirects in the way on request,
//! and answer as a hostile bank would: dates and amounts no real account has, paging that loops.
//!
//! It is a test double for a live bank, which cannot exist here: it is never part of the app.

pub mod faults;
mod japan;
pub mod ledger;
mod psd2;
mod simplefin;
mod tamper;
mod wire;

use std::collections::VecDeque;
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use chrono::NaiveDate;
use serde_json::json;

pub use faults::{Fault, FaultPlan};
use ledger::Ledger;
use wire::{Request, Response};

/// The sandbox's credentials. They are fixed and public: the sandbox holds nobody's money.
pub mod credentials {
    /// The PSD2 bearer token.
    pub const PSD2_TOKEN: &str = "sandbox-psd2-token-7d3f";
    /// The PSD2 consent id.
    pub const PSD2_CONSENT_ID: &str = "consent-sbx-51c2";
    /// The PSD2 account's resource id.
    pub const PSD2_ACCOUNT: &str = "acc-sbx-4321";
    /// The Japanese-style API's access token.
    pub const JAPAN_TOKEN: &str = "sandbox-jp-token-9a41";
    /// The Japanese-style API's account id (branch and number, as GMO Aozora writes it).
    pub const JAPAN_ACCOUNT: &str = "101011234321";
    /// The SimpleFIN account id.
    pub const SIMPLEFIN_ACCOUNT: &str = "sfin-acc-4321";
    pub(crate) const SIMPLEFIN_CLAIM: &str = "claim-3b8e";
    pub(crate) const SIMPLEFIN_USER: &str = "sfin-user";
    pub(crate) const SIMPLEFIN_PASSWORD: &str = "sfin-secret-6f0a";
}

/// How the sandbox behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The day the sandbox takes as today; the history ends the day before.
    pub today: NaiveDate,
    /// PSD2 rows a page.
    pub psd2_page_size: usize,
    /// Japanese-style rows a page (GMO Aozora: at most 500).
    pub japan_page_size: usize,
    /// PSD2 accesses a day that the consent allows (`frequencyPerDay`).
    pub psd2_frequency_per_day: u32,
    /// SimpleFIN requests a day.
    pub simplefin_daily_limit: u32,
    /// Whether the PSD2 consent has expired.
    pub consent_expired: bool,
    /// Faults for the first API requests.
    pub faults: Vec<FaultPlan>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            today: chrono::Local::now().date_naive(),
            psd2_page_size: 50,
            japan_page_size: 100,
            psd2_frequency_per_day: 4,
            simplefin_daily_limit: 24,
            consent_expired: false,
            faults: Vec::new(),
        }
    }
}

/// A request the sandbox received, kept so a test can see what a client sent where.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The header names (lower case) and values, `host` among them.
    pub headers: Vec<(String, String)>,
}

struct Bank {
    options: Options,
    port: u16,
    ledger: Ledger,
    faults: VecDeque<FaultPlan>,
    simplefin_claimed: bool,
    psd2_accesses: u32,
    simplefin_requests: u32,
    received: Vec<Received>,
}

/// A running sandbox; it stops when dropped.
pub struct Sandbox {
    addr: SocketAddr,
    bank: Arc<Mutex<Bank>>,
    stopping: Arc<AtomicBool>,
    acceptor: Option<thread::JoinHandle<()>>,
}

impl Sandbox {
    /// Starts serving on 127.0.0.1.
    pub fn start(options: Options) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(("127.0.0.1", options.port))?;
        let addr = listener.local_addr()?;
        let bank = Arc::new(Mutex::new(Bank {
            ledger: Ledger::synthetic(options.today),
            faults: options.faults.iter().copied().collect(),
            port: addr.port(),
            options,
            simplefin_claimed: false,
            psd2_accesses: 0,
            simplefin_requests: 0,
            received: Vec::new(),
        }));
        let stopping = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let bank = Arc::clone(&bank);
            let stopping = Arc::clone(&stopping);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let bank = Arc::clone(&bank);
                    thread::spawn(move || serve(stream, &bank));
                }
            })
        };
        Ok(Sandbox {
            addr,
            bank,
            stopping,
            acceptor: Some(acceptor),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The PSD2 API's base URL.
    pub fn psd2_url(&self) -> String {
        format!("{}/psd2", self.base_url())
    }

    /// The Japanese-style API's base URL.
    pub fn japan_url(&self) -> String {
        format!("{}/jp/personal/v1", self.base_url())
    }

    /// The SimpleFIN setup token: Base64 of the claim URL.
    pub fn simplefin_setup_token(&self) -> String {
        let claim = format!(
            "{}/simplefin/claim/{}",
            self.base_url(),
            credentials::SIMPLEFIN_CLAIM
        );
        data_encoding::BASE64.encode(claim.as_bytes())
    }

    /// Books a new withdrawal today, as a fraudster's next top-up would appear.
    pub fn book_withdrawal(&self, amount: i64, text: &str) {
        let mut bank = lock(&self.bank);
        let today = bank.options.today;
        bank.ledger.push(today, -amount.abs(), text);
    }

    /// Puts faults in the way of the next API requests.
    pub fn set_faults(&self, faults: &[FaultPlan]) {
        lock(&self.bank).faults = faults.iter().copied().collect();
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.bank).received.clone()
    }

    /// The rows the bank holds, oldest first.
    pub fn entries(&self) -> Vec<ledger::Entry> {
        lock(&self.bank).ledger.entries().to_vec()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The acceptor is blocked in accept(): one more connection wakes it to see the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn lock(bank: &Mutex<Bank>) -> MutexGuard<'_, Bank> {
    bank.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn serve(mut stream: TcpStream, bank: &Mutex<Bank>) {
    let Ok(Some(request)) = wire::read_request(&mut stream) else {
        return;
    };
    let fault = {
        let mut bank = lock(bank);
        bank.received.push(Received {
            method: request.method.clone(),
            path: request.path.clone(),
            headers: request.headers.clone(),
        });
        if request.path.starts_with("/_sandbox/") {
            None
        } else {
            next_fault(&mut bank)
        }
    };
    let response = match fault {
        Some(Fault::Drop) => {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
        Some(Fault::Slow(delay)) => {
            thread::sleep(delay);
            route(&request, &mut lock(bank))
        }
        Some(Fault::ServerError) => Response::json(500, &json!({"error": "sandbox fault: 500"})),
        Some(Fault::BadJson) => {
            let mut response = route(&request, &mut lock(bank));
            response.status = 200;
            response.body.truncate(response.body.len() / 2);
            response
        }
        Some(Fault::RateLimited(seconds)) => {
            Response::json(429, &json!({"error": "sandbox fault: 429"}))
                .with_header("Retry-After", &seconds.to_string())
        }
        Some(Fault::Redirect) => {
            let port = lock(bank).port;
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&request.query)
                .finish();
            Response::text(307, "moved").with_header(
                "Location",
                &format!("http://localhost:{port}{}?{query}", request.path),
            )
        }
        Some(Fault::Unauthorized) => unauthorized(&request.path),
        Some(Fault::Huge(megabytes)) => {
            let _ = wire::write_endless_json(&mut stream, megabytes);
            return;
        }
        Some(
            fault @ (Fault::BookedOn(_)
            | Fault::Amount(_)
            | Fault::Balance(_)
            | Fault::Loop
            | Fault::Endless),
        ) => {
            let mut bank = lock(bank);
            let response = route(&request, &mut bank);
            tamper::apply(fault, &request, response, &bank.options)
        }
        Some(Fault::Echo) => echo(&request),
        Some(Fault::Pass) | None => route(&request, &mut lock(bank)),
    };
    let _ = wire::write_response(&mut stream, &response);
}

fn next_fault(bank: &mut Bank) -> Option<Fault> {
    let plan = bank.faults.front_mut()?;
    let fault = plan.fault;
    plan.times = plan.times.saturating_sub(1);
    if plan.times == 0 {
        bank.faults.pop_front();
    }
    Some(fault)
}

fn route(request: &Request, bank: &mut Bank) -> Response {
    let path = request.path.clone();
    if let Some(rest) = path.strip_prefix("/psd2/v1/") {
        psd2::handle(request, rest, bank)
    } else if let Some(rest) = path.strip_prefix("/simplefin/") {
        simplefin::handle(request, rest, bank)
    } else if let Some(rest) = path.strip_prefix("/jp/personal/v1/") {
        japan::handle(request, rest, bank)
    } else if path == "/_sandbox/book" && request.method == "POST" {
        let amount = request
            .param("amount")
            .and_then(|amount| amount.parse().ok())
            .unwrap_or(30_000i64);
        let text = request.param("text").unwrap_or("ﾄﾞｺﾓｺｳｻﾞ").to_owned();
        let today = bank.options.today;
        bank.ledger.push(today, -amount.abs(), &text);
        Response::json(200, &json!({"booked": bank.ledger.entries().len()}))
    } else {
        Response::json(404, &json!({"error": "no such endpoint"}))
    }
}

/// A `400` in the API's own error shape whose text repeats the request, credentials and all.
fn echo(request: &Request) -> Response {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&request.query)
        .finish();
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    let text = format!(
        "cannot serve {} {}?{query} with {}",
        request.method,
        request.path,
        headers.join("; ")
    );
    if request.path.starts_with("/psd2/") {
        psd2::error(400, "FORMAT_ERROR", &text)
    } else if request.path.starts_with("/simplefin/") {
        Response::json(400, &json!({"errors": [text]}))
    } else {
        japan::error(400, "WG_ERR_100", &text)
    }
}

fn unauthorized(path: &str) -> Response {
    if path.starts_with("/psd2/") {
        psd2::error(401, "TOKEN_INVALID", "The token is not valid.")
    } else if path.starts_with("/simplefin/") {
        Response::text(403, "Forbidden")
    } else {
        japan::error(401, "WG_ERR_300", "アクセストークンが無効です")
    }
}

/// Parses `YYYY-MM-DD`.
fn date(text: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text?, "%Y-%m-%d").ok()
}
