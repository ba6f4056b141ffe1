//! What to tell a person whose export no layout fits: the row of the file that looks most like a
//! header, and for the layout closest to it, which columns are missing and which of the file's
//! are not recognised — so they can see what the app looked for, and describe their file.

use super::generic;
use super::layout::{bare_header, layouts, Layout};
use super::mapping::Mapping;
use super::{HeaderFound, Problem};

/// Rows looked at for a header: a preamble is a few dozen rows at most.
const ROWS_LOOKED_AT: usize = 200;

/// The row most like a header among the first rows of a file.
#[derive(Debug, Default)]
pub(crate) struct HeaderGuess {
    looked_at: usize,
    best: Option<Candidate>,
}

#[derive(Debug)]
struct Candidate {
    line: u64,
    cells: Vec<String>,
    /// Cells named like a column of some layout.
    known: usize,
}

impl HeaderGuess {
    /// Considers the row at `line` with `cells`.
    pub(crate) fn consider<'c>(&mut self, line: u64, cells: impl Iterator<Item = &'c str>) {
        if self.looked_at >= ROWS_LOOKED_AT {
            return;
        }
        self.looked_at += 1;
        let cells: Vec<String> = cells.map(|cell| cell.trim().to_owned()).collect();
        if cells.iter().filter(|cell| !cell.is_empty()).count() < 2 {
            return;
        }
        let known = cells.iter().filter(|cell| is_known(cell)).count();
        // The first row with the most known names; with none known, the first row of cells.
        if self.best.as_ref().map_or(true, |best| known > best.known) {
            self.best = Some(Candidate { line, cells, known });
        }
    }

    /// The problem to report: what was found, and what the closest layout (or the person's
    /// `mapping`) misses.
    pub(crate) fn into_problem(self, mapping: Option<&Mapping>) -> Problem {
        let Some(best) = self.best else {
            return Problem::UnknownLayout(Box::new(HeaderFound {
                header: None,
                closest: None,
                missing: Vec::new(),
                unrecognised: Vec::new(),
            }));
        };
        let bare: Vec<String> = best.cells.iter().map(|cell| bare_header(cell)).collect();
        let (closest, missing) = match mapping {
            Some(mapping) => {
                let missing = (mapping.headers().into_iter())
                    .filter(|name| !bare.contains(&bare_header(name)))
                    .map(str::to_owned)
                    .collect();
                (Some(format!("{} (mapping)", mapping.bank)), missing)
            }
            None => match closest_layout(&bare) {
                Some(layout) => {
                    let missing = (layout.required_columns().into_iter())
                        .filter(|column| !bare.iter().any(|cell| column.is_named(cell)))
                        .map(|column| column.name().to_owned())
                        .collect();
                    (Some(layout.bank.clone()), missing)
                }
                None => (None, Vec::new()),
            },
        };
        let unrecognised = (best.cells.iter())
            .filter(|cell| !cell.is_empty() && !is_known(cell))
            .cloned()
            .collect();
        Problem::UnknownLayout(Box::new(HeaderFound {
            header: Some((best.line, best.cells.join(","))),
            closest,
            missing,
            unrecognised,
        }))
    }
}

/// Whether a header cell is named like a column of any layout, or of a generic export.
fn is_known(cell: &str) -> bool {
    let bare = bare_header(cell);
    generic::wordings().all().any(|w| *w == bare)
        || layouts()
            .iter()
            .any(|layout| layout.required_columns().iter().any(|c| c.is_named(&bare)))
}

/// The layout with the most of its columns among `bare` cells, if any has one.
fn closest_layout(bare: &[String]) -> Option<&'static Layout> {
    let found = |layout: &Layout| {
        (layout.required_columns().iter())
            .filter(|column| bare.iter().any(|cell| column.is_named(cell)))
            .count()
    };
    let mut best: Option<(&Layout, usize)> = None;
    for layout in layouts() {
        let count = found(layout);
        if count > 0 && best.map_or(true, |(_, most)| count > most) {
            best = Some((layout, count));
        }
    }
    best.map(|(layout, _)| layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(rows: &[&str]) -> Problem {
        let mut guess = HeaderGuess::default();
        for (index, row) in rows.iter().enumerate() {
            guess.consider(index as u64 + 1, row.split(','));
        }
        guess.into_problem(None)
    }

    #[test]
    fn the_closest_layout_says_what_it_misses_and_what_it_does_not_know() {
        let problem = guess(&[
            "口座番号,1234567",
            "年月日,お引出し,お取り扱い内容,手数料,残高",
        ]);
        assert_eq!(
            problem,
            Problem::UnknownLayout(Box::new(HeaderFound {
                header: Some((2, "年月日,お引出し,お取り扱い内容,手数料,残高".into())),
                closest: Some("三井住友銀行".into()),
                missing: vec!["お預入れ".into()],
                unrecognised: vec!["手数料".into()],
            }))
        );
        let message = problem.to_string();
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("三井住友銀行"), "{message}");
        assert!(message.contains("お預入れ"), "{message}");
    }

    #[test]
    fn with_no_known_name_the_first_row_of_cells_is_shown_and_no_layout_blamed() {
        let problem = guess(&["when,what,how much", "2020-09-04,coffee,300"]);
        assert_eq!(
            problem,
            Problem::UnknownLayout(Box::new(HeaderFound {
                header: Some((1, "when,what,how much".into())),
                closest: None,
                missing: vec![],
                unrecognised: vec!["when".into(), "what".into(), "how much".into()],
            }))
        );
    }
}
