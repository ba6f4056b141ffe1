//! `kouza-guard`: the command-line face of the core, for a terminal, a script or a branch's batch.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use encoding_rs::Encoding;
use kouza_guard::catalog::Catalog;
use kouza_guard::explain::explain;
use kouza_guard::import::{self, ImportError, ImportOptions};
use kouza_guard::lang::Lang;
use kouza_guard::{demo, ImportNote, Statement};

/// Finds e-money withdrawals an account holder probably never made.
///
/// 口座ガード: 身に覚えのない電子マネーへの出金を見つけます。
#[derive(Debug, Parser)]
#[command(name = "kouza-guard", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the built-in demo statement (synthetic data, not a real account).
    Demo,
    /// Say what one passbook line is: which e-money service and operator, or that it is no top-up.
    Explain {
        /// The line as printed, e.g. "ﾃﾞｲｰﾊﾞﾗｲ".
        line: String,
        /// Language of the answer: ja or en (default: the system locale, else Japanese).
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Read statement files and print their rows, or say exactly what is wrong with them.
    Show {
        /// Statement files (bank CSV exports).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The files' encoding instead of detecting it: shift_jis (CP932), utf-8, utf-16le, utf-16be …
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<&'static Encoding>,
        /// The year of the first row, for exports whose dates have no year and no stated period.
        #[arg(long, value_name = "YEAR")]
        first_year: Option<i32>,
    },
}

fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.as_bytes())
        .ok_or_else(|| format!("unknown encoding {label:?}; try shift_jis, utf-8 or utf-16le"))
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kouza-guard: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), ImportError> {
    match command {
        Command::Demo => print_statement(&demo::statement()?),
        Command::Show {
            files,
            encoding,
            first_year,
        } => {
            let options = ImportOptions {
                encoding,
                first_year,
            };
            // Every file is read before anything is printed: one bad file shows nothing half-read.
            let statements = files
                .iter()
                .map(|f| import::read_file_with(f, &options))
                .collect::<Result<Vec<_>, _>>()?;
            statements.iter().for_each(print_statement);
        }
        Command::Explain { line, lang } => {
            let catalog = Catalog::builtin();
            let lang = lang.unwrap_or_else(Lang::from_locale);
            println!("{}", explain(&catalog, &line).render(&catalog, &line, lang));
        }
    }
    Ok(())
}

fn print_statement(statement: &Statement) {
    if statement.is_demo {
        println!("*** デモデータ (Demo data — not a real account) ***");
    }
    println!("{} [{}]", statement.source, statement.layout);
    if let Some(account) = &statement.account {
        println!("{} {}", account.bank, account.number_masked);
    }
    if let Some((from, to)) = statement.period() {
        let rows = statement.transactions.len();
        println!(
            "{from} – {to}, {rows} {}",
            if rows == 1 { "row" } else { "rows" }
        );
    }
    for note in &statement.notes {
        println!("note: {}", note_text(note));
    }
    for t in &statement.transactions {
        let balance = t.balance.map(|b| b.to_string()).unwrap_or_default();
        println!(
            "{}  {:>10}  {:>10}  {}",
            t.booked, t.amount, balance, t.description
        );
    }
}

fn note_text(note: &ImportNote) -> String {
    match note {
        ImportNote::YearFromPeriod { from, to } => {
            format!("the dates have no year; it was taken from the stated period {from} – {to}")
        }
        ImportNote::YearFromOrder { first_year } => {
            format!("the dates have no year; the first row was taken as {first_year} and the rest follow the row order")
        }
        ImportNote::NewestFirst => {
            "the file lists the newest row first; rows are shown in date order".to_owned()
        }
    }
}
