//! `sheet`: the consultation sheet for a branch's batch or one account, as PDF (and CSV).

use std::path::{Path, PathBuf};

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::guidance::GuidanceData;
use kouza_guard::output::files::{create_private_dir, write_private, Outputs};
use kouza_guard::review::Review;
use kouza_guard::sheet::{self, ConsultationSheet, JapaneseFont};
use kouza_guard::{scan, Statement};

use crate::CliError;

/// What `sheet` was asked for.
pub struct SheetArgs {
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub csv: Option<PathBuf>,
    pub each: bool,
    pub today: chrono::NaiveDate,
    pub contacts: Option<PathBuf>,
    /// The branch's catalog file (`--catalog`), read too, so never written over.
    pub catalog_file: Option<PathBuf>,
    /// How the statement files are read.
    pub read: crate::read_args::ReadArgs,
    /// The guidance in use (a signed data update's, or the built-in one).
    pub guidance: GuidanceData,
}

/// Reads, judges and writes. Every file is read, and every output name checked, before anything
/// is written, so a bad file leaves no half-made batch. No output is a file read (a statement, the
/// contacts, the catalog), and no two outputs are one file: in a batch, a second `meisai.csv` gets
/// `meisai-2.pdf`. Every file written is readable by its owner only.
pub fn write(catalog: &Catalog, args: &SheetArgs) -> Result<(), CliError> {
    if args.each && args.csv.is_some() {
        return Err(CliError::Usage(
            "with --each a CSV is written beside each PDF; --csv names one file".into(),
        ));
    }
    let mut guidance = args.guidance.clone();
    if let Some(path) = &args.contacts {
        let text = std::fs::read_to_string(path).map_err(|source| CliError::File {
            path: path.clone(),
            source,
        })?;
        guidance.add_contacts(&text, &path.display().to_string())?;
    }
    let font = sheet::find_japanese_font()?;
    let mapping = args.read.mapping()?;
    let statements = args
        .files
        .iter()
        .map(|file| Ok(args.read.read(file, mapping.as_ref())?))
        .collect::<Result<Vec<_>, CliError>>()?;
    let mut outputs = Outputs::new(
        args.files
            .iter()
            .chain(&args.contacts)
            .chain(&args.catalog_file)
            .chain(&args.read.mapping)
            .map(PathBuf::as_path),
    );
    if args.each {
        let names: Vec<Vec<PathBuf>> = args
            .files
            .iter()
            .map(|file| outputs.claim_each(&args.out, file, &["pdf", "csv"]))
            .collect();
        create_private_dir(&args.out)?;
        for ((file, statement), names) in args.files.iter().zip(statements).zip(names) {
            let [pdf, csv] = &names[..] else {
                unreachable!("one name per extension asked for")
            };
            let flagged = one(
                statement,
                catalog,
                &guidance,
                &font,
                args.today,
                pdf,
                Some(csv),
            )?;
            println!(
                "{} → {} ({flagged} to report)",
                file.display(),
                pdf.display()
            );
        }
    } else {
        outputs.claim(&args.out)?;
        if let Some(csv) = &args.csv {
            outputs.claim(csv)?;
        }
        let merged = Statement {
            transactions: scan::merge(&statements),
            ..statements[0].clone()
        };
        let flagged = one(
            merged,
            catalog,
            &guidance,
            &font,
            args.today,
            &args.out,
            args.csv.as_deref(),
        )?;
        println!("{} ({flagged} to report)", args.out.display());
    }
    Ok(())
}

fn one(
    statement: Statement,
    catalog: &Catalog,
    guidance: &GuidanceData,
    font: &JapaneseFont,
    today: chrono::NaiveDate,
    pdf: &Path,
    csv: Option<&Path>,
) -> Result<usize, CliError> {
    let review = Review::of(statement, catalog, &Holder::default());
    let sheet = ConsultationSheet::of(&review, guidance, today);
    let bytes = sheet::pdf::to_pdf(&sheet, font)?;
    write_private(pdf, &bytes)?;
    if let Some(csv) = csv {
        write_private(csv, &sheet::csv::to_csv(&sheet))?;
    }
    Ok(sheet.withdrawals.len())
}
