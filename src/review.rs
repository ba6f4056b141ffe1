//! What the app shows for one statement: its rows, every e-money withdrawal with the judgement
//! on it and the reasons in both languages, and what was checked. Made from values only, so the
//! window (and later the consultation sheet) never needs the store to show it.

use serde::Serialize;

use crate::catalog::{Catalog, Service};
use crate::detect::{detect_known, Answer, HistoryLength, Holder, Known, Level};
use crate::gaps::{balance_gaps, BalanceGap};
use crate::lang::Lang;
use crate::passbook::PassbookScope;
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
    /// The catalog version used.
    pub catalog: String,
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
        // A passbook check holds only the lines found: detection must not speak of the rest.
        let known = Known::of_layout(&statement.layout);
        let mut findings: Vec<Finding> =
            detect_known(catalog, &statement.transactions, holder, known)
                .iter()
                .filter_map(|w| {
                    let row = statement
                        .transactions
                        .iter()
                        .position(|t| std::ptr::eq(t, w.transaction))?;
                    let service = catalog.service(&w.service)?;
                    Some(Finding {
                        row,
                        service: ServiceLabel::from(service),
                        score: (w.score * 100.0).round() / 100.0,
                        flagged: w.is_flagged(),
                        level: w.level(),
                        reasons: w
                            .reasons
                            .iter()
                            .map(|r| Bilingual {
                                ja: r.render(catalog, Lang::Ja),
                                en: r.render(catalog, Lang::En),
                            })
                            .collect(),
                        answer: holder.answers.get(&w.transaction.source_id).copied(),
                    })
                })
                .collect();
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
            gaps: balance_gaps(&statement.transactions),
            statement,
            findings,
            catalog: catalog.version.clone(),
        }
    }
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
    }
}
