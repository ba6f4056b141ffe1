//! `scan`: one account's statements in, a report of its e-money withdrawals out — which are
//! flagged, why, and exactly what was checked (period, rows, catalog, gaps in the balances).
//!
//! The report's JSON is a contract other tools depend on: `shared/contracts/scan.schema.json`.

pub mod fold;

pub use fold::{scan_file, stream_file_in_parts, Judge, Streamed};

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::data_update::DataVersion;
use crate::detect::{EmoneyWithdrawal, HistoryLength, Holder, Level};
use crate::gaps::BalanceGap;
use crate::lang::Lang;
use crate::{Statement, Transaction};

/// What a scan found in one account's history. Its JSON also lists the flagged withdrawals
/// apart, before them all ([`ScanReport::flagged`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ScanReport {
    /// With `--each`: the statement file this report is about.
    pub file: Option<String>,
    /// Rows read, deposits and withdrawals, after de-duplication.
    pub transactions: usize,
    /// Every e-money withdrawal found, flagged or not.
    pub emoney: Vec<WithdrawalReport>,
    /// What was checked.
    pub checked: Checked,
}

impl ScanReport {
    /// The withdrawals the holder probably did not make: those of [`ScanReport::emoney`] with a
    /// question or a flag. A view, not a copy: a scan of ten busy years flags thousands.
    pub fn flagged(&self) -> Vec<&WithdrawalReport> {
        self.emoney.iter().filter(|w| w.is_flagged()).collect()
    }
}

impl Serialize for ScanReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// The flagged withdrawals, serialised as they are found.
        struct Flagged<'r>(&'r [WithdrawalReport]);
        impl Serialize for Flagged<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().filter(|w| w.is_flagged()))
            }
        }
        let mut report = serializer.serialize_struct("ScanReport", 5)?;
        match &self.file {
            Some(file) => report.serialize_field("file", file)?,
            None => report.skip_field("file")?,
        }
        report.serialize_field("transactions", &self.transactions)?;
        report.serialize_field("flagged", &Flagged(&self.emoney))?;
        report.serialize_field("emoney", &self.emoney)?;
        report.serialize_field("checked", &self.checked)?;
        report.end()
    }
}

/// One e-money withdrawal in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithdrawalReport {
    /// The row's id (`bank:…` or `fp:…`), by which `kouza-guard answer` is told which row is meant.
    pub id: String,
    /// The booked date.
    #[serde(serialize_with = "crate::transaction::serialize_day")]
    pub date: NaiveDate,
    /// Yen, negative.
    pub amount: i64,
    /// The statement text exactly as decoded.
    pub description: String,
    /// The service's catalog id.
    pub service: String,
    /// From 0 to 1, two decimals.
    pub score: f64,
    /// Why, in the report's language.
    pub reasons: Vec<String>,
    /// `question` (a first use, kindly asked), `flag` (probably not the holder) or `ordinary`.
    pub level: Level,
}

impl WithdrawalReport {
    /// Whether the holder should look at it: a question or a flag.
    pub fn is_flagged(&self) -> bool {
        self.level != Level::Ordinary
    }
}

/// What the report covers, so that "nothing found" is never said of rows the app did not see.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    /// The first booked date read.
    pub from: Option<NaiveDate>,
    /// The last booked date read.
    pub to: Option<NaiveDate>,
    /// The catalog version used.
    pub catalog: String,
    /// The data the judgement was made with: the app's own, or a signed update's.
    pub data: DataVersion,
    /// Breaks in the balances: rows that are missing from the files.
    pub gaps: Vec<GapReport>,
    /// How many days the history covers, and whether that is too short to know what is usual.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryLength>,
}

/// A break in the balances of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapReport {
    /// The file it is in.
    pub file: String,
    /// The break.
    #[serde(flatten)]
    pub gap: BalanceGap,
}

/// Merges one account's statements: every row once (by its source id), in date order.
pub fn merge(statements: &[Statement]) -> Vec<Transaction> {
    merge_with_origins(statements)
        .into_iter()
        .map(|(_, t)| t.clone())
        .collect()
}

/// [`merge`], each row with the index of the statement it came from.
fn merge_with_origins(statements: &[Statement]) -> Vec<(usize, &Transaction)> {
    let mut seen = HashSet::new();
    let mut rows: Vec<(usize, &Transaction)> = (statements.iter().enumerate())
        .flat_map(|(origin, s)| s.transactions.iter().map(move |t| (origin, t)))
        .filter(|(_, t)| seen.insert(&t.source_id))
        .collect();
    // Stable: rows of one day keep their order in the file, which the balances depend on.
    rows.sort_by_key(|(_, t)| t.booked);
    rows
}

/// Scans one account's statements: their rows merged and judged by the one fold
/// ([`fold`]), the balances checked over the merged history.
pub fn scan(
    statements: &[Statement],
    catalog: &Catalog,
    holder: &Holder,
    lang: Lang,
) -> ScanReport {
    fold::scan(
        statements,
        &Judge {
            catalog,
            holder,
            lang,
        },
    )
}

/// A report from the judged withdrawals and what was read.
fn assemble(
    judged: &[EmoneyWithdrawal<'_>],
    transactions: usize,
    period: Option<(NaiveDate, NaiveDate)>,
    gaps: Vec<GapReport>,
    catalog: &Catalog,
    lang: Lang,
) -> ScanReport {
    let emoney: Vec<WithdrawalReport> = judged
        .iter()
        .map(|w| withdrawal(w, catalog, lang))
        .collect();
    ScanReport {
        file: None,
        transactions,
        emoney,
        checked: Checked {
            from: period.map(|(from, _)| from),
            to: period.map(|(_, to)| to),
            catalog: catalog.version.clone(),
            data: catalog.data_version.clone(),
            gaps,
            history: period.map(|(from, to)| HistoryLength::between(from, to)),
        },
    }
}

fn withdrawal(
    withdrawal: &EmoneyWithdrawal<'_>,
    catalog: &Catalog,
    lang: Lang,
) -> WithdrawalReport {
    let t = withdrawal.transaction;
    WithdrawalReport {
        id: t.source_id.to_string(),
        date: t.booked,
        amount: t.amount,
        description: t.description.clone(),
        service: withdrawal.service.clone(),
        score: (withdrawal.score * 100.0).round() / 100.0,
        reasons: withdrawal
            .reasons
            .iter()
            .map(|r| r.render(catalog, lang))
            .collect(),
        level: withdrawal.level(),
    }
}

/// The report as a table a person reads at a terminal, in `lang`. With `ids`, each flagged row
/// shows its id, for answering about it (`kouza-guard answer`).
pub fn render_text(report: &ScanReport, lang: Lang, ids: bool) -> String {
    use crate::detect::yen;
    let mut out = String::new();
    if let Some(file) = &report.file {
        out.push_str(&format!("== {file} ==\n"));
    }
    let period = match (report.checked.from, report.checked.to) {
        (Some(from), Some(to)) => format!("{from} – {to}"),
        _ => lang.pick("（行なし）", "(no rows)").to_owned(),
    };
    out.push_str(&match lang {
        Lang::Ja => format!(
            "確認した範囲: {period}・{}行・カタログ {}・データ版 {}\n",
            report.transactions,
            report.checked.catalog,
            report.checked.data.text(lang)
        ),
        Lang::En => format!(
            "Checked: {period} · {} rows · catalog {} · data version {}\n",
            report.transactions,
            report.checked.catalog,
            report.checked.data.text(lang)
        ),
    });
    if let Some(history) = report.checked.history.filter(|h| h.short) {
        let days = history.days;
        out.push_str(&match lang {
            Lang::Ja => format!(
                "明細が{days}日分と短いため、いつもの使い方が分かりません。初めて見るサービスへの大きな出金はお尋ねします。\n"
            ),
            Lang::En => format!(
                "The history covers only {days} days: too little to know what is usual, so large top-ups to services seen for the first time are asked about.\n"
            ),
        });
    }
    for gap in &report.checked.gaps {
        let g = &gap.gap;
        let lines = |line: Option<u64>| line.map_or_else(String::new, |l| format!(" (line {l})"));
        out.push_str(&match lang {
            Lang::Ja => format!(
                "注意: {} の {}{} と {}{} の間に残高の合わない行があります（{}）。見えていない取引は確認できません。\n",
                gap.file, g.after_date, lines(g.after_line), g.before_date, lines(g.before_line), yen(g.unexplained, lang)
            ),
            Lang::En => format!(
                "Warning: the balances in {} break between {}{} and {}{} ({} unaccounted for): rows are missing and were not checked.\n",
                gap.file, g.after_date, lines(g.after_line), g.before_date, lines(g.before_line), yen(g.unexplained, lang)
            ),
        });
    }
    out.push('\n');
    let flagged = report.flagged();
    if flagged.is_empty() {
        out.push_str(lang.pick(
            "心当たりのない電子マネーへの出金は見つかりませんでした。\n",
            "No unfamiliar e-money withdrawals.\n",
        ));
    } else {
        out.push_str(&match lang {
            Lang::Ja => format!("確認が必要な出金が{}件あります:\n\n", flagged.len()),
            Lang::En => format!("{} withdrawals need your attention:\n\n", flagged.len()),
        });
        for w in &flagged {
            out.push_str(&format!(
                "  {}  {:>12}  {:<14} {:.2}  {}\n",
                w.date,
                yen(w.amount, lang),
                w.service,
                w.score,
                w.description
            ));
            for reason in &w.reasons {
                out.push_str(&format!("      - {reason}\n"));
            }
            if ids {
                out.push_str(&format!("      id: {}\n", w.id));
            }
        }
    }
    let ordinary = report.emoney.len() - flagged.len();
    if ordinary > 0 {
        out.push_str(&match lang {
            Lang::Ja => format!("\nその他の電子マネーへの出金（いつも通り）: {ordinary}件\n"),
            Lang::En => format!("\nOther e-money withdrawals (as usual): {ordinary}\n"),
        });
    }
    out
}
