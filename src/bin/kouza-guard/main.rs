//! `kouza-guard`: the command-line face of the core, for a terminal, a script or a branch's batch.

// Everything this program prints, in every module below, passes through the core's terminal
// escaping: a statement's text, a file name or an error message may carry escape sequences, and
// a terminal would obey them. These shadow the standard macros of the same names; only JSON is
// written otherwise, escaped the JSON way on its way out (`output::terminal::write_json`).
macro_rules! println {
    () => { ::std::println!() };
    ($($arg:tt)*) => {
        ::std::println!("{}", ::kouza_guard::output::terminal::escape_lines(&::std::format!($($arg)*)))
    };
}
macro_rules! print {
    ($($arg:tt)*) => {
        ::std::print!("{}", ::kouza_guard::output::terminal::escape_lines(&::std::format!($($arg)*)))
    };
}
macro_rules! eprintln {
    () => { ::std::eprintln!() };
    ($($arg:tt)*) => {
        ::std::eprintln!("{}", ::kouza_guard::output::terminal::escape_lines(&::std::format!($($arg)*)))
    };
}
/// A progress line starts with a carriage return to draw over itself; that one is kept.
macro_rules! eprint {
    ($($arg:tt)*) => {{
        let text = ::std::format!($($arg)*);
        let (redraw, rest) = match text.strip_prefix('\r') {
            Some(rest) => ("\r", rest),
            None => ("", text.as_str()),
        };
        ::std::eprint!("{redraw}{}", ::kouza_guard::output::terminal::escape_lines(rest))
    }};
}

mod bank_commands;
mod data_commands;
mod handout;
mod read_args;
mod sheet_command;
mod store_access;
mod store_commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use encoding_rs::Encoding;
use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::explain::explain;
use kouza_guard::guidance::GuidanceData;
use kouza_guard::import::ImportError;
use kouza_guard::lang::Lang;
use kouza_guard::output::terminal;
use kouza_guard::session::reading;
use kouza_guard::store::StoreError;
use kouza_guard::{data_update, demo, scan, ImportNote, SourceId, Statement};
use store_access::StoreArgs;
use store_commands::{Declaration, StoreCommand, Whose};

/// Finds e-money withdrawals an account holder probably never made.
///
/// 口座ガード: 身に覚えのない電子マネーへの出金を見つけます。
#[derive(Debug, Parser)]
#[command(name = "kouza-guard", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// A branch's or user's service catalog (TOML, like data/catalog/services.toml) that extends
    /// the built-in one: new services, more aliases, an entry with a known id replaced.
    #[arg(long, global = true, value_name = "FILE")]
    catalog: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the built-in demo statement (synthetic data, not a real account).
    Demo,
    /// Find e-money withdrawals the holder probably never made. Exit 0: none flagged; 1: some
    /// flagged; 2: an error (stderr names the file, line and field).
    Scan(ScanArgs),
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
        #[command(flatten)]
        read: read_args::ReadArgs,
    },
    /// Add statement files to an account in the encrypted store (created on first use). Every
    /// file is read first; a bad one adds nothing from any of them. Rows already stored are
    /// counted, not added again.
    Import {
        /// Statement files of one account.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The account's name in the store (default: the bank and masked number the file gives).
        #[arg(long)]
        account: Option<String>,
        /// How the files are read; a --mapping is saved for the bank's next export.
        #[command(flatten)]
        read: read_args::ReadArgs,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the accounts in the store.
    Accounts {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Record the holder's answer about one withdrawal: mine, or not-mine. ROW is the id that
    /// `scan --store` shows under the withdrawal. Later scans take the answer into account.
    Answer {
        /// The row, e.g. fp:3f2a… or bank:12345.
        row: SourceId,
        /// mine: "this was me"; not-mine: "this was not me".
        #[arg(value_enum)]
        whose: Whose,
        /// The account (needed when the store holds several).
        #[arg(long)]
        account: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Record a service the holder uses, never uses, or forget what was said (a catalog id such
    /// as paypay).
    Declare {
        /// The service's catalog id.
        service: String,
        /// uses, never or forget.
        #[arg(value_enum)]
        uses: Declaration,
        /// The account (needed when the store holds several).
        #[arg(long)]
        account: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Make the consultation sheet for one account's statements: the flagged withdrawals, the
    /// steps with tick boxes, the deadline, and fields to fill in. A4 PDF, Japanese first; with
    /// --csv also the withdrawals as CSV. With --each, one sheet per FILE into the folder --out.
    /// (Called `report` before; that name still works.)
    #[command(alias = "report")]
    Sheet {
        /// Statement files of one account (with --each: one account each).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Where to write the PDF (with --each: a folder).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Also write the withdrawals as CSV here (not with --each: there, a CSV goes beside each PDF).
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Every FILE is its own account: a branch's batch.
        #[arg(long)]
        each: bool,
        /// A branch's or user's contacts file (TOML, every entry with its source).
        #[arg(long, value_name = "FILE")]
        contacts: Option<PathBuf>,
        #[command(flatten)]
        read: read_args::ReadArgs,
    },
    /// Write the one-page hand-out "通帳のここを見てください — what to look for in your
    /// passbook" (A4 PDF): each service's passbook forms in large type and whom to call.
    Handout(handout::HandoutArgs),
    /// Connect an account to its bank's API (PSD2, SimpleFIN, or a Japanese bank's API with a
    /// profile), so `sync` can pull its history. Secrets are read from standard input and kept
    /// only in the OS keychain.
    Connect {
        #[command(flatten)]
        args: bank_commands::ConnectArgs,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Pull what is new for every connected account (or --account), store it, and list the
    /// withdrawals flagged for the first time. Exit 0: nothing newly flagged; 1: some; 2: an error.
    Sync {
        /// Only this account.
        #[arg(long)]
        account: Option<String>,
        /// Today (default: the system date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<chrono::NaiveDate>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Forget an account's bank connection (its token leaves the keychain); the history stays.
    Disconnect {
        /// The account.
        #[arg(long)]
        account: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Back up, restore, recover or delete the store.
    Store {
        #[command(subcommand)]
        command: StoreCommand,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Install a signed update of the service catalog and guidance, trust a branch's key, or say
    /// which data is in use.
    Data {
        #[command(subcommand)]
        command: data_commands::DataCommand,
        #[command(flatten)]
        store: StoreArgs,
    },
}

impl CliError {
    /// The message in `lang`: a statement's error in the person's language, others as written.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            CliError::Import(error) => error.text(lang),
            CliError::Bundle(error) => error.text(lang),
            other => other.to_string(),
        }
    }
}

/// What can stop a command, each naming what a person needs to put it right.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A statement file could not be read.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The store could not do it.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The command was not given what it needs.
    #[error("{0}")]
    Usage(String),
    /// A data bundle or branch key was refused; nothing changed.
    #[error(transparent)]
    Bundle(#[from] kouza_guard::data_update::BundleError),
    /// No Japanese font for the sheet.
    #[error(transparent)]
    Font(#[from] kouza_guard::sheet::FontError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] kouza_guard::sheet::pdf::PdfError),
    /// A contacts file is wrong.
    #[error(transparent)]
    Contacts(#[from] kouza_guard::guidance::ContactError),
    /// An output may not, or could not, be written.
    #[error(transparent)]
    Output(#[from] kouza_guard::output::files::OutputError),
    /// A file could not be written or read.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

#[derive(Debug, clap::Args)]
struct ScanArgs {
    /// A service the holder uses (a catalog id such as paypay); repeat for several.
    #[arg(long = "known", value_name = "ID")]
    known: Vec<String>,
    /// text: a table for a person; json: one object (with --each, one per line).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Language of the reasons: ja or en (default: the system locale, else Japanese).
    #[arg(long)]
    lang: Option<Lang>,
    /// Every FILE is its own account (a branch's batch); otherwise the FILEs are one account.
    /// The files are scanned on every core at once; the reports come in the order of the FILEs.
    #[arg(long)]
    each: bool,
    /// With --each: say on stderr how many files and rows were scanned, and how fast.
    #[arg(long, requires = "each")]
    throughput: bool,
    #[command(flatten)]
    read: read_args::ReadArgs,
    /// Statement files. With --store they are optional: the stored history is scanned, and any
    /// FILEs are judged with it (without being stored).
    #[arg(required_unless_present = "use_store", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Also judge the account's stored history, with the holder's answers and declared services
    /// (see `import`, `answer` and `declare`). Not with --each.
    #[arg(long = "store", id = "use_store", value_name = "DIR", num_args = 0..=1, require_equals = true, conflicts_with = "each")]
    store: Option<Option<PathBuf>>,
    /// With --store: the account (needed when the store holds several).
    #[arg(long, requires = "use_store")]
    account: Option<String>,
    /// With --store: read the store's passphrase from standard input.
    #[arg(long, requires = "use_store")]
    passphrase_stdin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.as_bytes())
        .ok_or_else(|| format!("unknown encoding {label:?}; try shift_jis, utf-8 or utf-16le"))
}

fn main() -> ExitCode {
    // First of all: a crash must not write the decrypted store into a core file.
    kouza_guard::output::no_core_dumps();
    // Rust ignores SIGPIPE, so printing into a closed pipe (`scan … | head`) would panic. A command
    // line tool ends quietly there instead, as `cat` does.
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition at startup, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    kouza_guard::logs::init();
    let cli = Cli::parse();
    let messages = match &cli.command {
        Command::Scan(args) => args.lang,
        Command::Explain { lang, .. } => *lang,
        _ => None,
    }
    .unwrap_or_else(Lang::for_messages);
    // What the app knows: an installed signed data bundle, verified again, or the built-in data.
    let in_use = kouza_guard::data_dir::default_location().map(|dir| {
        let keys = data_update::TrustedKeys::with_branch_keys(&dir)
            .unwrap_or_else(|_| data_update::TrustedKeys::builtin());
        data_update::in_use(&dir, &keys)
    });
    if let Some(why) = in_use.as_ref().and_then(|data| data.set_aside.as_ref()) {
        eprintln!("kouza-guard: {}", why.text(messages));
    }
    let (base, guidance) = in_use.map_or_else(
        || (Catalog::builtin(), GuidanceData::builtin()),
        |data| (data.catalog, data.guidance),
    );
    let catalog = match &cli.catalog {
        Some(path) => base.extended_by(path),
        None => Ok(base),
    };
    let catalog = match catalog {
        Ok(catalog) => catalog,
        Err(error) => {
            eprintln!("kouza-guard: {error}");
            return ExitCode::from(2);
        }
    };
    if let Command::Scan(args) = cli.command {
        return scan_command(args, &catalog);
    }
    if let Command::Sync {
        account,
        today,
        store,
    } = &cli.command
    {
        let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
        return match bank_commands::sync_accounts(account.as_deref(), today, store, &catalog) {
            Ok(false) => ExitCode::SUCCESS,
            Ok(true) => ExitCode::from(1),
            Err(error) => {
                eprintln!("kouza-guard: {}", error.text(messages));
                ExitCode::from(2)
            }
        };
    }
    match run(cli.command, &catalog, cli.catalog, &guidance) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kouza-guard: {}", error.text(messages));
            ExitCode::from(2)
        }
    }
}

fn run(
    command: Command,
    catalog: &Catalog,
    catalog_file: Option<PathBuf>,
    guidance: &GuidanceData,
) -> Result<(), CliError> {
    match command {
        Command::Demo => print_statement(&demo::statement()?),
        Command::Handout(args) => handout::run(&args, catalog, guidance, catalog_file.as_deref())?,
        Command::Show { files, read } => {
            let mapping = read.mapping()?;
            // Every file is read before anything is printed: one bad file shows nothing half-read.
            let statements = files
                .iter()
                .map(|f| read.read(f, mapping.as_ref()))
                .collect::<Result<Vec<_>, _>>()?;
            statements.iter().for_each(print_statement);
        }
        Command::Scan(_) | Command::Sync { .. } => {
            unreachable!("scan and sync report their own exit status")
        }
        Command::Connect { args, store } => bank_commands::connect(&args, &store)?,
        Command::Disconnect { account, store } => bank_commands::disconnect(&account, &store)?,
        Command::Import {
            files,
            account,
            read,
            store,
        } => store_commands::import_files(&files, account.as_deref(), &read, &store)?,
        Command::Accounts { store } => store_commands::list_accounts(&store)?,
        Command::Sheet {
            files,
            out,
            csv,
            each,
            contacts,
            read,
        } => sheet_command::write(
            catalog,
            &sheet_command::SheetArgs {
                files,
                out,
                csv,
                each,
                today: read.today(),
                contacts,
                catalog_file,
                read,
                guidance: guidance.clone(),
            },
        )?,
        Command::Answer {
            row,
            whose,
            account,
            store,
        } => store_commands::answer(&store, account, &row, whose)?,
        Command::Declare {
            service,
            uses,
            account,
            store,
        } => store_commands::declare(&store, account, &service, uses, catalog)?,
        Command::Store { command, store } => store_commands::store_command(command, &store)?,
        Command::Data { command, store } => data_commands::run(command, &store.dir()?)?,
        Command::Explain { line, lang } => {
            let lang = lang.unwrap_or_else(Lang::from_locale);
            println!("{}", explain(catalog, &line).render(catalog, &line, lang));
        }
    }
    Ok(())
}

/// Prints a statement's rows, each field escaped whole: a line break inside a description stays
/// on the row's own line, shown as `\n`.
fn print_statement(statement: &Statement) {
    use terminal::escape;
    if statement.is_demo {
        println!("*** デモデータ (Demo data — not a real account) ***");
    }
    println!(
        "{} [{}]",
        escape(&statement.source),
        escape(&statement.layout)
    );
    if let Some(account) = &statement.account {
        println!(
            "{} {}",
            escape(&account.bank),
            escape(&account.number_masked)
        );
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
            t.booked,
            t.amount,
            balance,
            escape(&t.description)
        );
    }
}

pub(crate) fn note_text(note: &ImportNote) -> String {
    match note {
        ImportNote::YearFromPeriod { from, to } => {
            format!("the dates have no year; it was taken from the stated period {from} – {to}")
        }
        ImportNote::YearFromOrder { first_year } => {
            format!("the dates have no year; the first row was taken as {first_year} and the rest follow the row order")
        }
        ImportNote::PassbookLines { from, to } => {
            format!("only the lines found in a passbook, from the pages {from} – {to}, were entered")
        }
        ImportNote::NewestFirst => {
            "the file lists the newest row first; rows are shown in date order".to_owned()
        }
        ImportNote::UnreadableCharacters { count, first_line } => format!(
            "{count} characters from line {first_line} on could not be read as CP932 and show as placeholders; the file may be Shift_JIS-2004. Amounts, dates and katakana are unaffected"
        ),
        ImportNote::PendingLeftOut { count } => {
            format!("{count} entries not yet booked were left out")
        }
    }
}

/// Exit 0 when nothing is flagged, 1 when something is, 2 on any error; with --each the other
/// files' results are still printed.
fn scan_command(args: ScanArgs, catalog: &Catalog) -> ExitCode {
    if let Some(unknown) = args.known.iter().find(|id| catalog.service(id).is_none()) {
        let ids: Vec<&str> = catalog.services().iter().map(|s| s.id.as_str()).collect();
        eprintln!(
            "kouza-guard: --known {unknown}: no such service; expected one of {}",
            ids.join(", ")
        );
        return ExitCode::from(2);
    }
    let holder = Holder {
        known: args.known.iter().cloned().collect(),
        ..Holder::default()
    };
    let lang = args.lang.unwrap_or_else(Lang::from_locale);
    let messages = args.lang.unwrap_or_else(Lang::for_messages);
    let mapping = match args.read.mapping() {
        Ok(mapping) => mapping,
        Err(error) => {
            eprintln!("kouza-guard: {}", error.text(messages));
            return ExitCode::from(2);
        }
    };
    let read = |file: &std::path::PathBuf| args.read.read(file, mapping.as_ref());
    let request = args.read.request(mapping.as_ref());
    let judge = scan::Judge {
        catalog,
        holder: &holder,
        lang,
    };
    // One file is folded as it is read (in every format), so that ten years of history never
    // has to fit in memory at once; the report is the one the whole file gives.
    let scan_one = |file: &std::path::PathBuf| -> Result<scan::ScanReport, ImportError> {
        scan::scan_file(file, &request, || Ok(Vec::new()), &judge)
    };
    let print = |report: &scan::ScanReport| match args.format {
        Format::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`| head`) ends the output; the exit status still says what was found.
            let _ = terminal::write_json(&mut out, report)
                .and_then(|()| std::io::Write::flush(&mut out));
        }
        // Ids only where they can be answered about: in the store.
        Format::Text => print!("{}", scan::render_text(report, lang, args.store.is_some())),
    };

    let (mut failed, mut flagged) = (false, false);
    if let Some(dir) = &args.store {
        let store = StoreArgs {
            store: dir.clone(),
            passphrase_stdin: args.passphrase_stdin,
        };
        let stored = || -> Result<scan::ScanReport, CliError> {
            let store = store.open()?;
            let label = store_commands::account_label(&store, args.account.clone())?;
            let mut stored_holder = store.holder(&label)?;
            stored_holder.known.extend(holder.known.iter().cloned());
            // As the app reads it: a passbook check's lines as found lines.
            let stored = kouza_guard::session::passbook::stored_statement(&store, &label)?;
            let mut statements = vec![stored];
            for file in &args.files {
                // The store is open: a mapping saved for the bank reads what no layout does.
                let saved = || store.mappings().map_err(CliError::from);
                statements.push(reading::read_statement(file, &request, saved)?);
            }
            Ok(scan::scan(&statements, catalog, &stored_holder, lang))
        };
        match stored() {
            Ok(report) => {
                flagged = !report.flagged().is_empty();
                print(&report);
            }
            Err(error) => {
                eprintln!("kouza-guard: {}", error.text(messages));
                failed = true;
            }
        }
    } else if args.each {
        use rayon::prelude::*;
        let started = std::time::Instant::now();
        // A branch's batch: files on all cores at once, reports in the order given.
        let results: Vec<_> = args.files.par_iter().map(&scan_one).collect();
        let elapsed = started.elapsed();
        let mut rows = 0;
        for (file, result) in args.files.iter().zip(results) {
            match result {
                Ok(mut report) => {
                    report.file = Some(file.display().to_string());
                    flagged |= !report.flagged().is_empty();
                    rows += report.transactions;
                    print(&report);
                }
                Err(error) => {
                    eprintln!("kouza-guard: {}", error.text(messages));
                    failed = true;
                }
            }
        }
        if args.throughput {
            let seconds = elapsed.as_secs_f64().max(f64::EPSILON);
            eprintln!(
                "kouza-guard: scanned {} files, {rows} rows in {seconds:.2} s: {:.0} files/s, {:.0} rows/s, on {} threads",
                args.files.len(),
                args.files.len() as f64 / seconds,
                rows as f64 / seconds,
                rayon::current_num_threads()
            );
        }
    } else if let [file] = args.files.as_slice() {
        match scan_one(file) {
            Ok(report) => {
                flagged = !report.flagged().is_empty();
                print(&report);
            }
            Err(error) => {
                eprintln!("kouza-guard: {}", error.text(messages));
                failed = true;
            }
        }
    } else {
        match args.files.iter().map(read).collect::<Result<Vec<_>, _>>() {
            Ok(statements) => {
                let report = scan::scan(&statements, catalog, &holder, lang);
                flagged = !report.flagged().is_empty();
                print(&report);
            }
            Err(error) => {
                eprintln!("kouza-guard: {}", error.text(messages));
                failed = true;
            }
        }
    }
    ExitCode::from(if failed {
        2
    } else if flagged {
        1
    } else {
        0
    })
}
