//! The hand-out "通帳のここを見てください — what to look for in your passbook": one A4 page, for
//! a person who keeps only a paper passbook, showing each service's passbook forms in large type,
//! what the service is, and what to do and whom to call if a line is not theirs.
//!
//! Made from values: the catalog in force (each service's `passbook` forms, name and operator) and
//! the guidance's sourced contacts. [`Handout::of`] gathers them, [`layout`] places them on one
//! page (plain marks, tested without a PDF), and [`to_pdf`] draws it with the sheet's machinery
//! and the system's Japanese font. A branch prints it in bulk with `kouza-guard handout`.

use serde::Serialize;

use super::pdf::{render_titled, Mark, Measure, Page, PdfError};
use super::JapaneseFont;
use crate::catalog::Catalog;
use crate::guidance::{Contact, GuidanceData};
use crate::lang::Lang;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 30.0;
const GUTTER: f32 = 18.0;
const COLUMN_WIDTH: f32 = (PAGE_WIDTH - 2.0 * MARGIN - GUTTER) / 2.0;

/// The passbook forms are printed at this size, or as close to it as one page allows.
pub const FORM_SIZE: f32 = 19.0;

/// One service on the hand-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HandoutService {
    /// The catalog id.
    pub id: String,
    /// Its name in Japanese.
    pub name_ja: String,
    /// Its name in English.
    pub name_en: String,
    /// The company that runs it, in Japanese.
    pub operator_ja: String,
    /// The company that runs it, in English.
    pub operator_en: String,
    /// How a passbook prints its top-ups; empty for a branch's service that lists none.
    pub forms: Vec<String>,
}

/// Everything the hand-out shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Handout {
    /// The services, in catalog order.
    pub services: Vec<HandoutService>,
    /// Whom to call, each with its source.
    pub contacts: Vec<Contact>,
    /// The catalog version it was made from.
    pub catalog: String,
}

impl Handout {
    /// The hand-out of the catalog and guidance in force.
    pub fn of(catalog: &Catalog, guidance: &GuidanceData) -> Handout {
        Handout {
            services: catalog
                .services()
                .iter()
                .map(HandoutService::from)
                .collect(),
            contacts: guidance.contacts().to_vec(),
            catalog: catalog.version.clone(),
        }
    }
}

impl From<&crate::catalog::Service> for HandoutService {
    fn from(s: &crate::catalog::Service) -> Self {
        HandoutService {
            id: s.id.clone(),
            name_ja: s.name_ja.clone(),
            name_en: s.name_en.clone(),
            operator_ja: s.operator_ja.clone(),
            operator_en: s.operator_en.clone(),
            forms: s.passbook.iter().map(|f| f.text.clone()).collect(),
        }
    }
}

/// The title in both languages, the first in `lang`.
pub fn title(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Ja => (
            "通帳のここを見てください",
            "What to look for in your passbook",
        ),
        Lang::En => (
            "What to look for in your passbook",
            "通帳のここを見てください",
        ),
    }
}

/// Two texts, the first in `lang`.
fn pair<'a>(lang: Lang, ja: &'a str, en: &'a str) -> (&'a str, &'a str) {
    match lang {
        Lang::Ja => (ja, en),
        Lang::En => (en, ja),
    }
}

/// The hand-out laid out on one page, and the scale it needed (1.0 when nothing was shrunk).
///
/// Laid out at full size first; if it would run past the foot of the page (a branch's catalog
/// with more services), every size shrinks a step until it fits, so the hand-out stays one page.
pub fn layout(handout: &Handout, measure: &Measure<'_>, lang: Lang) -> (Page, f32) {
    let mut scale = 1.0;
    loop {
        let (page, bottom) = layout_at(handout, measure, lang, scale);
        if bottom <= PAGE_HEIGHT - MARGIN || scale <= 0.5 {
            return (page, scale);
        }
        scale -= 0.04;
    }
}

/// Lays out at `scale`; returns the marks and the lowest point drawn.
fn layout_at(handout: &Handout, measure: &Measure<'_>, lang: Lang, scale: f32) -> (Page, f32) {
    let s = |size: f32| size * scale;
    let mut pen = Column {
        measure,
        marks: Vec::new(),
        x: MARGIN,
        width: PAGE_WIDTH - 2.0 * MARGIN,
        y: MARGIN,
    };
    let (first, second) = title(lang);
    pen.line(s(24.0), false, first);
    // The other language's title beside it on the same baseline, or below when it does not fit.
    let beside = pen.x + measure.width(first, s(24.0)) + s(12.0);
    if beside + measure.width(second, s(13.0)) <= pen.x + pen.width {
        pen.marks.push(Mark::Text {
            x: beside,
            y: pen.y - s(24.0) * 0.35,
            size: s(13.0),
            muted: true,
            text: second.to_owned(),
        });
    } else {
        pen.line(s(13.0), true, second);
    }
    pen.gap(s(4.0));
    let (intro, intro_other) = pair(
        lang,
        "通帳の「お引出し」「お支払」の欄に、次の文字がないか見てください。使っていないサービスの名前があれば、他人があなたの口座からお金を引き出したおそれがあります。",
        "Look in the withdrawals column of your passbook for any of these texts. A service you do not use may mean someone else took money from your account.",
    );
    pen.paragraph(intro, s(12.0), false);
    pen.paragraph(intro_other, s(9.5), true);
    pen.gap(s(3.0));
    pen.rule();

    // The services in two columns, filled top to bottom, the left one taking the odd one out.
    let top = pen.y + s(4.0);
    let half = handout.services.len().div_ceil(2);
    let mut bottom = top;
    for (column, services) in handout.services.chunks(half.max(1)).enumerate() {
        let mut col = Column {
            measure,
            marks: Vec::new(),
            x: MARGIN + column as f32 * (COLUMN_WIDTH + GUTTER),
            width: COLUMN_WIDTH,
            y: top,
        };
        for service in services {
            service_block(&mut col, service, lang, scale);
        }
        bottom = bottom.max(col.y);
        pen.marks.append(&mut col.marks);
    }
    pen.y = bottom;
    pen.rule();

    let (heading, heading_other) = pair(lang, "心当たりがないときは", "If one is not yours");
    pen.gap(s(2.0));
    pen.line(s(15.0), false, &format!("{heading}　{heading_other}"));
    let steps: [(&str, &str); 4] = [
        (
            "1. すぐに銀行へ連絡してください。番号は通帳・キャッシュカード、または銀行の公式サイトにあります。",
            "1. Call your bank at once: the number is on your passbook or cash card, or the bank's official website.",
        ),
        (
            "2. サービスの運営会社（上の「運営」）にも連絡してください。",
            "2. Tell the service's operator (\"operator\" above) as well.",
        ),
        (
            "3. 警察に相談してください（下の #9110 か、最寄りの警察署）。受理番号を控えてください。",
            "3. Consult the police (#9110 below, or your local station) and note the report's number.",
        ),
        (
            "4. 警察や銀行が暗証番号やキャッシュカードを求めることはありません。",
            "4. The police and banks never ask for your PIN or your card.",
        ),
    ];
    for (ja, en) in steps {
        let (one, other) = pair(lang, ja, en);
        pen.paragraph(one, s(11.5), false);
        pen.paragraph(other, s(9.0), true);
    }
    pen.gap(s(4.0));
    for contact in &handout.contacts {
        let (name, name_other) = pair(lang, &contact.name_ja, &contact.name_en);
        let note = match lang {
            Lang::Ja => contact.phone_note_ja.as_deref(),
            Lang::En => contact.phone_note_en.as_deref(),
        }
        .unwrap_or("");
        pen.paragraph(&format!("{name}　{}", contact.phone), s(12.5), false);
        pen.paragraph(
            &format!("{note} — {name_other} — {}", contact.source),
            s(8.0),
            true,
        );
    }
    pen.gap(s(2.0));
    let (sources, sources_other) = pair(
        lang,
        "文字の出典は口座ガードのカタログ",
        "Each form's source is in Kouza Guard's catalog",
    );
    pen.paragraph(
        &format!(
            "{sources} / {sources_other} (data/catalog/services.toml, {})",
            handout.catalog
        ),
        s(7.5),
        true,
    );
    let bottom = pen.y;
    (pen.marks, bottom)
}

/// One service: its name, its forms large, its operator.
fn service_block(col: &mut Column<'_, '_>, service: &HandoutService, lang: Lang, scale: f32) {
    let s = |size: f32| size * scale;
    let (name, name_other) = pair(lang, &service.name_ja, &service.name_en);
    let heading = if name == name_other {
        name.to_owned()
    } else {
        format!("{name}  {name_other}")
    };
    col.paragraph(&heading, s(11.0), false);
    if service.forms.is_empty() {
        let (none, _) = pair(lang, "（通帳の文字は未登録）", "(no passbook form listed)");
        col.paragraph(none, s(11.0), true);
    } else {
        col.words(&service.forms, s(FORM_SIZE), s(14.0));
    }
    let (operator, operator_other) = pair(lang, &service.operator_ja, &service.operator_en);
    let (label, _) = pair(lang, "運営", "Operator");
    let operators = if operator == operator_other {
        operator.to_owned()
    } else {
        format!("{operator} / {operator_other}")
    };
    col.paragraph(&format!("{label}: {operators}"), s(8.0), true);
    col.gap(s(1.5));
}

/// A column being written down.
struct Column<'m, 'f> {
    measure: &'m Measure<'f>,
    marks: Page,
    x: f32,
    width: f32,
    y: f32,
}

impl Column<'_, '_> {
    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// A rule across the column, with a little room below it.
    fn rule(&mut self) {
        self.marks.push(Mark::Line {
            x: self.x,
            y: self.y,
            length: self.width,
        });
        self.y += 4.0;
    }

    fn line(&mut self, size: f32, muted: bool, text: &str) {
        self.y += size;
        self.marks.push(Mark::Text {
            x: self.x,
            y: self.y,
            size,
            muted,
            text: text.to_owned(),
        });
        self.y += size * 0.35;
    }

    fn paragraph(&mut self, text: &str, size: f32, muted: bool) {
        for line in self.measure.wrap(text, size, self.width) {
            self.line(size, muted, &line);
        }
    }

    /// Texts side by side, `space` apart, starting a new line when one does not fit; each is its
    /// own mark, so no separator can be taken for part of a form.
    fn words(&mut self, words: &[String], size: f32, space: f32) {
        let mut x = self.x;
        self.y += size;
        for word in words {
            let width = self.measure.width(word, size);
            if x > self.x && x + width > self.x + self.width {
                x = self.x;
                self.y += size * 1.25;
            }
            self.marks.push(Mark::Text {
                x,
                y: self.y,
                size,
                muted: false,
                text: word.clone(),
            });
            x += width + space;
        }
        self.y += size * 0.35;
    }
}

/// The hand-out as a one-page A4 PDF, in `font`.
pub fn to_pdf(handout: &Handout, font: &JapaneseFont, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let measure = Measure::new(font)?;
    let (page, _) = layout(handout, &measure, lang);
    let (first, second) = title(lang);
    render_titled(&[page], font, &format!("{first} {second}"))
}

#[cfg(test)]
mod tests {
    use super::{layout, Handout, FORM_SIZE, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
    use crate::catalog::Catalog;
    use crate::guidance::GuidanceData;
    use crate::lang::Lang;
    use crate::sheet::find_japanese_font;
    use crate::sheet::pdf::{Mark, Measure};

    #[test]
    fn every_form_is_on_the_page_large_and_inside_the_margins() {
        let font = find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
        let measure = Measure::new(&font).unwrap();
        let handout = Handout::of(&Catalog::builtin(), &GuidanceData::builtin());
        for lang in [Lang::Ja, Lang::En] {
            let (page, scale) = layout(&handout, &measure, lang);
            // Japanese fits at full size; the longer English text may shrink a step, no more.
            match lang {
                Lang::Ja => assert_eq!(scale, 1.0, "the built-in catalog fits at full size"),
                Lang::En => assert!(scale >= 0.9, "English shrinks at most a little: {scale}"),
            }
            assert!(FORM_SIZE * scale >= 17.0, "the forms stay large");
            for service in &handout.services {
                assert!(!service.forms.is_empty(), "{}", service.id);
                for form in &service.forms {
                    let size = page.iter().find_map(|m| match m {
                        Mark::Text { text, size, .. } if text == form => Some(*size),
                        _ => None,
                    });
                    assert_eq!(size, Some(FORM_SIZE * scale), "{form} of {}", service.id);
                }
            }
            for mark in &page {
                if let Mark::Text {
                    x, y, size, text, ..
                } = mark
                {
                    assert!(*y <= PAGE_HEIGHT - MARGIN, "{text:?} runs off the page");
                    assert!(
                        x + measure.width(text, *size) <= PAGE_WIDTH - MARGIN + 0.5,
                        "{text:?} runs past the right margin"
                    );
                }
            }
            let contacts = page
                .iter()
                .filter(|m| matches!(m, Mark::Text { text, .. } if text.contains("#9110") || text.contains("0570-016811") || text.contains("188")))
                .count();
            assert!(contacts >= 3, "the sourced contacts are on the page");
        }
    }

    #[test]
    fn a_longer_branch_catalog_still_fits_one_page_by_shrinking() {
        let font = find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
        let measure = Measure::new(&font).unwrap();
        let mut handout = Handout::of(&Catalog::builtin(), &GuidanceData::builtin());
        let more = handout.services.clone();
        handout.services.extend(more);
        let (page, scale) = layout(&handout, &measure, Lang::Ja);
        assert!(scale < 1.0);
        for mark in &page {
            if let Mark::Text { y, .. } = mark {
                assert!(*y <= PAGE_HEIGHT - MARGIN);
            }
        }
    }
}
