//! `report`: the consultation sheet for a branch's batch or one account, as PDF (and CSV).

use std::path::{Path, PathBuf};

use kouza_guard::catalog::Catalog;
use kouza_guard::detect::Holder;
use kouza_guard::guidance::GuidanceData;
use kouza_guard::review::Review;
use kouza_guard::sheet::{self, ConsultationSheet, JapaneseFont};
use kouza_guard::{import, scan, Statement};

use crate::CliError;

/// What `report` was asked for.
pub struct ReportArgs {
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub csv: Option<PathBuf>,
    pub each: bool,
    pub today: chrono::NaiveDate,
    pub contacts: Option<PathBuf>,
}

/// Reads, judges and writes. Every file is read before anything is written, so a bad file leaves
/// no half-made batch.
pub fn write(catalog: &Catalog, args: &ReportArgs) -> Result<(), CliError> {
    if args.each && args.csv.is_some() {
        return Err(CliError::Usage(
            "with --each a CSV is written beside each PDF; --csv names one file".into(),
        ));
    }
    let mut guidance = GuidanceData::builtin();
    if let Some(path) = &args.contacts {
        let text = std::fs::read_to_string(path).map_err(|source| CliError::File {
            path: path.clone(),
            source,
        })?;
        guidance.add_contacts(&text, &path.display().to_string())?;
    }
    let font = sheet::find_japanese_font()?;
    let statements = args
        .files
        .iter()
        .map(|file| {
            let statement = import::read_file(file)?;
            scan::check_not_after(&statement, args.today)?;
            Ok(statement)
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    if args.each {
        std::fs::create_dir_all(&args.out).map_err(|source| CliError::File {
            path: args.out.clone(),
            source,
        })?;
        for (file, statement) in args.files.iter().zip(statements) {
            let stem = file
                .file_stem()
                .map_or_else(|| "sheet".into(), |s| s.to_string_lossy().into_owned());
            let pdf = args.out.join(format!("{stem}.pdf"));
            let csv = args.out.join(format!("{stem}.csv"));
            let flagged = one(
                statement,
                catalog,
                &guidance,
                &font,
                args.today,
                &pdf,
                Some(&csv),
            )?;
            println!(
                "{} → {} ({flagged} to report)",
                file.display(),
                pdf.display()
            );
        }
    } else {
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
    write_file(pdf, &bytes)?;
    if let Some(csv) = csv {
        write_file(csv, &sheet::csv::to_csv(&sheet))?;
    }
    Ok(sheet.withdrawals.len())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|source| CliError::File {
        path: path.to_owned(),
        source,
    })
}
