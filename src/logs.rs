//! The diagnostic log, on standard error, for whoever runs the CLI or the app from a terminal.
//!
//! What is logged is chosen so that a log can be shared with a helper: file names, layouts, row
//! counts, which store and how it is keyed. Never a passphrase, a key, a token, a full account
//! number or a line of a statement. Only this crate's events are shown below `warn`: the crates
//! under it (D-Bus, HTTP) may log message bodies at their debug levels, and those can carry
//! secrets.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::prelude::*;

/// The environment variable that sets the level: `error`, `warn` (the default), `info`, `debug`
/// or `trace`.
pub const LEVEL_VARIABLE: &str = "KOUZA_GUARD_LOG";

/// A file name as the log may show it: a run of six or more digits (an account number, say) keeps
/// only its last four.
///
/// ```
/// use kouza_guard::logs::redact_digits;
/// assert_eq!(redact_digits("10170-12345671.csv"), "10170-****5671.csv");
/// assert_eq!(redact_digits("september.csv"), "september.csv");
/// ```
pub fn redact_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 6 {
            out.push_str(&"*".repeat(run.len() - 4));
            out.push_str(&run[run.len() - 4..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Starts the log at the level `KOUZA_GUARD_LOG` asks for. Calling it twice does nothing.
pub fn init() {
    let level = std::env::var(LEVEL_VARIABLE)
        .ok()
        .and_then(|text| text.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::WARN);
    let ours_or_warnings = filter_fn(move |metadata| {
        let ours = metadata.target().starts_with("kouza_guard");
        let limit = if ours {
            level
        } else {
            level.min(LevelFilter::WARN)
        };
        *metadata.level() <= limit
    });
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_target(false)
                .with_filter(ours_or_warnings),
        )
        .try_init();
}
