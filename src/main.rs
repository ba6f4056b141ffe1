//! `kouza-guard`: the command-line face of the core, for a terminal, a script or a branch's batch.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kouza_guard::{demo, import, Statement};

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
    /// Read statement files and print their rows, or say exactly what is wrong with them.
    Show {
        /// Statement files (bank CSV exports).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::statement().map(|s| vec![s]),
        Command::Show { files } => files.iter().map(|f| import::read_file(f)).collect(),
    };
    match result {
        Ok(statements) => {
            for statement in &statements {
                print_statement(statement);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kouza-guard: {error}");
            ExitCode::from(2)
        }
    }
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
    for t in &statement.transactions {
        let balance = t.balance.map(|b| b.to_string()).unwrap_or_default();
        println!(
            "{}  {:>10}  {:>10}  {}",
            t.booked, t.amount, balance, t.description
        );
    }
}
