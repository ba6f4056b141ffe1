//! What the app shows for one statement: its rows, every e-money withdrawal with the judgement
//! on it and the reasons in both languages, and what was checked. Made from values only, so the
//! window (and later the consultation sheet) never needs the store to show it.
//!
//! A flagged run — top-ups to one service that detection judged together — is also given whole
//! ([`FindingRun`]): the service, the days, the count, the total and the reasons said once, with
//! its rows inside. The findings stay one per withdrawal, so each row is still answered on its
//! own, and the sheet and the scan list every withdrawal.

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::{Catalog, Service};
use crate::data_update::DataVersion;
use crate::detect::{Answer, EmoneyWithdrawal, HistoryLength, Holder, Level, Reason};
use crate::gaps::BalanceGap;
use crate::lang::Lang;
use crate::passbook::PassbookScope;
use crate::scan::fold::judge_statement;
use crate::Statement;

/// A statement and the judgement on its e-money withdrawals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// The statement as imported.
    pub statement: Statement,
    /// Every e-money withdrawal, in statement order.
    pub findings: Vec<Finding>,
    /// Each run of two or more withdrawals to one service, judged together, with a flagged one
    /// among them, by its first day.
    pub runs: Vec<FindingRun>,
    /// The catalog version used.
    pub catalog: String,
    /// The data the judgement was made with: the app's own, or a signed update's.
    pub data_version: DataVersion,
    /// Breaks in the balances: rows missing from the file, which nothing can be said about.
    pub gaps: Vec<BalanceGap>,
    /// How many days the statement covers, and whether that is too few to know what is usual.
    pub history: Option<HistoryLength>,
    /// For lines found in a paper passbook: the pages looked at and the forms looked for, which
    /// is all the review may speak of.
    pub passbook: Option<PassbookScope>,
}

/// One e-money withdrawal and the judgement on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Its index in `statement.transactions`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: usize,
    /// The service it tops up.
    pub service: ServiceLabel,
    /// From 0 (ordinary) to 1.
    pub score: f64,
    /// Whether the holder should look at it.
    pub flagged: bool,
    /// How much it asks of the holder: a kind question (a first use) apart from a flag.
    pub level: Level,
    /// Why, strongest first.
    pub reasons: Vec<Bilingual>,
    /// What the holder said about it, if anything.
    pub answer: Option<Answer>,
}

/// Withdrawals to one service that detection judged as one run, one of them at least flagged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FindingRun {
    /// The service they top up.
    pub service: ServiceLabel,
    /// The first day of the run.
    pub first: NaiveDate,
    /// The last day of the run.
    pub last: NaiveDate,
    /// Withdrawals in the run.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: usize,
    /// Yen taken by them (positive).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    /// What is said of the run as a whole, once, strongest first.
    pub reasons: Vec<Bilingual>,
    /// The withdrawals in the run, in date order, each with what is said of it alone.
    pub rows: Vec<RunRow>,
}

/// One withdrawal inside a [`FindingRun`]; its [`Finding`] has the same `row`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RunRow {
    /// Its index in `statement.transactions`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: usize,
    /// What is said of this withdrawal alone (its amount, the holder's answer), not of the run.
    pub reasons: Vec<Bilingual>,
}

/// A service as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServiceLabel {
    /// The catalog id.
    pub id: String,
    /// The name in Japanese.
    pub name_ja: String,
    /// The name in English.
    pub name_en: String,
    /// The operator in Japanese.
    pub operator_ja: String,
    /// The operator in English.
    pub operator_en: String,
}

/// One text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bilingual {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Review {
    /// Judges `statement` against `catalog` with what the holder has said.
    pub fn of(statement: Statement, catalog: &Catalog, holder: &Holder) -> Review {
        // The fold a scan uses, over the statement held whole: a passbook check's lines are
        // judged as found lines, so detection does not speak of the rest.
        let (mut findings, runs, gaps) =
            judge_statement(&statement, catalog, holder, |placed, gaps| {
                let judged: Vec<(usize, &EmoneyWithdrawal<'_>, ServiceLabel)> = (placed
                    .into_iter())
                .filter_map(|(row, w)| {
                    Some((row, w, ServiceLabel::from(catalog.service(&w.service)?)))
                })
                .collect();
                let runs = runs_of(&judged, catalog);
                let findings: Vec<Finding> = (judged.into_iter())
                    .map(|(row, w, service)| Finding {
                        row,
                        service,
                        score: (w.score * 100.0).round() / 100.0,
                        flagged: w.is_flagged(),
                        level: w.level(),
                        reasons: w.reasons.iter().map(|r| bilingual(r, catalog)).collect(),
                        answer: holder.answers.get(&w.transaction.source_id).copied(),
                    })
                    .collect();
                (findings, runs, gaps)
            });
        // Detection lists top-ups by date; the review follows the statement's own order.
        findings.sort_by_key(|f| f.row);
        let days = (statement.transactions.first())
            .zip(statement.transactions.last())
            .map(|(first, last)| (first.booked.min(last.booked), first.booked.max(last.booked)));
        // For a passbook check, the period is the pages looked at, not the lines found.
        let days = crate::passbook::period_of(&statement)
            .map(|period| (period.from, period.to))
            .or(days);
        Review {
            history: days.map(|(from, to)| HistoryLength::between(from, to)),
            passbook: PassbookScope::of(&statement, catalog),
            gaps,
            statement,
            findings,
            runs,
            catalog: catalog.version.clone(),
            data_version: catalog.data_version.clone(),
        }
    }
}

fn bilingual(reason: &Reason, catalog: &Catalog) -> Bilingual {
    Bilingual {
        ja: reason.render(catalog, Lang::Ja),
        en: reason.render(catalog, Lang::En),
    }
}

/// The runs of two or more withdrawals with a flagged one among them, from detection's
/// withdrawals (in date order) with their rows: each run's reasons said once, in the order they
/// first come, and what each row's reasons say of it alone.
fn runs_of(
    judged: &[(usize, &EmoneyWithdrawal<'_>, ServiceLabel)],
    catalog: &Catalog,
) -> Vec<FindingRun> {
    let mut groups: Vec<Vec<&(usize, &EmoneyWithdrawal<'_>, ServiceLabel)>> = Vec::new();
    let mut place: std::collections::HashMap<(&str, usize), usize> =
        std::collections::HashMap::new();
    for entry in judged {
        let key = (entry.1.service.as_str(), entry.1.run);
        let index = *place.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[index].push(entry);
    }
    groups
        .into_iter()
        .filter(|group| group.len() >= 2 && group.iter().any(|(_, w, _)| w.is_flagged()))
        .map(|group| {
            let mut said: Vec<Reason> = Vec::new();
            for reason in group.iter().flat_map(|(_, w, _)| &w.reasons) {
                if let Some(of_run) = reason.of_run().filter(|r| !said.contains(r)) {
                    said.push(of_run);
                }
            }
            FindingRun {
                service: group[0].2.clone(),
                first: group
                    .iter()
                    .map(|(_, w, _)| w.transaction.booked)
                    .min()
                    .unwrap_or_default(),
                last: group
                    .iter()
                    .map(|(_, w, _)| w.transaction.booked)
                    .max()
                    .unwrap_or_default(),
                count: group.len(),
                total: group
                    .iter()
                    .map(|(_, w, _)| w.transaction.amount.unsigned_abs())
                    .fold(0, u64::saturating_add),
                reasons: said.iter().map(|r| bilingual(r, catalog)).collect(),
                rows: group
                    .iter()
                    .map(|(row, w, _)| RunRow {
                        row: *row,
                        reasons: w
                            .reasons
                            .iter()
                            .filter(|r| r.of_run().is_none())
                            .map(|r| bilingual(r, catalog))
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

impl From<&Service> for ServiceLabel {
    fn from(service: &Service) -> Self {
        ServiceLabel {
            id: service.id.clone(),
            name_ja: service.name_ja.clone(),
            name_en: service.name_en.clone(),
            operator_ja: service.operator_ja.clone(),
            operator_en: service.operator_en.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Review;
    use crate::catalog::Catalog;
    use crate::detect::Holder;

    #[test]
    fn the_demo_review_points_at_the_burst_rows() {
        let review = Review::of(
            crate::demo::statement().unwrap(),
            &Catalog::builtin(),
            &Holder::default(),
        );
        let flagged: Vec<usize> = review
            .findings
            .iter()
            .filter(|f| f.flagged)
            .map(|f| f.row)
            .collect();
        assert_eq!(flagged, [12, 13, 14, 15]);
        for &row in &flagged {
            assert_eq!(
                review.statement.transactions[row].description,
                "振替 ﾄﾞｺﾓｺｳｻﾞ"
            );
        }
        let first = review.findings.iter().find(|f| f.flagged).unwrap();
        assert_eq!(first.service.name_ja, "ドコモ口座（d払い）");
        assert!(first.reasons[0]
            .ja
            .starts_with("ドコモ口座（d払い）への初めての支払いで"));
        assert!(first.reasons[0]
            .en
            .starts_with("First payment ever to docomo Koza"));
        assert_eq!(review.findings.len(), 7);
        assert_eq!(review.gaps, []);
        // The data it was judged with: the app's own.
        let data = &review.data_version;
        assert_eq!(
            (data.serial, data.label.as_str(), data.from_bundle),
            (crate::data_update::BUILTIN_SERIAL, "2026-11-30", false)
        );
    }
}
