//! `kouza-guard handout --out FILE.pdf`: the one-page hand-out "通帳のここを見てください — what
//! to look for in your passbook", for a branch to print in bulk. Made from the catalog in force
//! (with `--catalog`) and the guidance's contacts (with `--contacts`, a branch's own).

use std::path::{Path, PathBuf};

use kouza_guard::catalog::Catalog;
use kouza_guard::guidance::GuidanceData;
use kouza_guard::lang::Lang;
use kouza_guard::output::files::{write_private, Outputs};
use kouza_guard::sheet::{self, handout::Handout};

use crate::CliError;

/// The arguments of `handout`.
#[derive(Debug, clap::Args)]
pub struct HandoutArgs {
    /// Where to write the PDF (written with private permissions; never a file read by this run).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The language that comes first: ja or en (the other is printed beside it).
    #[arg(long, default_value = "ja")]
    pub lang: Lang,
    /// A branch's or user's contacts file (TOML, every entry with its source).
    #[arg(long, value_name = "FILE")]
    pub contacts: Option<PathBuf>,
}

/// Writes the hand-out; `catalog_file` is the `--catalog` read, which it must not overwrite.
pub fn run(
    args: &HandoutArgs,
    catalog: &Catalog,
    guidance: &GuidanceData,
    catalog_file: Option<&Path>,
) -> Result<(), CliError> {
    let mut guidance = guidance.clone();
    if let Some(contacts) = &args.contacts {
        guidance.add_contacts_file(contacts)?;
    }
    let mut outputs = Outputs::new(catalog_file.into_iter().chain(args.contacts.as_deref()));
    outputs.claim(&args.out)?;
    let font = sheet::find_japanese_font()?;
    let bytes = sheet::handout::to_pdf(&Handout::of(catalog, &guidance), &font, args.lang)?;
    write_private(&args.out, &bytes)?;
    println!("{}", args.out.display());
    Ok(())
}
