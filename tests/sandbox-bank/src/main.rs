//! `sandbox-bank`: serves the sandbox on 127.0.0.1 until stopped, and prints how to connect.
//!
//! ```text
//! sandbox-bank [--port 8765] [--faults drop:1,500:2] [--consent-expired]
//! ```

use sandbox_bank::{credentials, faults, Options, Sandbox};

fn main() {
    if let Err(message) = run() {
        eprintln!("sandbox-bank: {message}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                options.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port needs a number".to_owned())?
            }
            "--faults" => options.faults = faults::parse(&value("--faults")?)?,
            "--consent-expired" => options.consent_expired = true,
            "--psd2-frequency" => {
                options.psd2_frequency_per_day = value("--psd2-frequency")?
                    .parse()
                    .map_err(|_| "--psd2-frequency needs a number".to_owned())?
            }
            other => return Err(format!("{other:?} is not an option")),
        }
    }
    let sandbox = Sandbox::start(options).map_err(|error| error.to_string())?;
    println!("Sandbox bank listening on {}", sandbox.base_url());
    println!(
        "PSD2        base URL {}  token {}  consent {}",
        sandbox.psd2_url(),
        credentials::PSD2_TOKEN,
        credentials::PSD2_CONSENT_ID
    );
    println!(
        "SimpleFIN   setup token {}",
        sandbox.simplefin_setup_token()
    );
    println!(
        "Japan style base URL {}  token {}",
        sandbox.japan_url(),
        credentials::JAPAN_TOKEN
    );
    println!(
        "Book a new withdrawal: curl -X POST '{}/_sandbox/book?amount=30000'",
        sandbox.base_url()
    );
    loop {
        std::thread::park();
    }
}
