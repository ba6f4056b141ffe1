//! The sheet as an A4 PDF, Japanese first with English beside it, with tick boxes for the steps
//! and lines to write on. The text is real text in the system's Japanese font, subset into the
//! file, so it can be searched and copied.
//!
//! Laying out and drawing are apart: [`layout`] turns the sheet into pages of positioned text and
//! shapes (plain values, tested without a PDF), and [`render`] draws them with krilla.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use thiserror::Error;

use super::{japanese_date, yen, ConsultationSheet, JapaneseFont};
use crate::guidance::Deadline;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Room kept at the foot of each page for the page line.
const FOOTER: f32 = 36.0;

const TITLE: f32 = 20.0;
const HEADING: f32 = 13.0;
const BODY: f32 = 10.5;
const SMALL: f32 = 8.5;

/// The PDF could not be written.
#[derive(Debug, Error)]
pub enum PdfError {
    /// The font file could not be used.
    #[error("the font {0} could not be read")]
    Font(String),
    /// krilla refused the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Something to draw, at a position from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// One line of text; `y` is its baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Point size.
        size: f32,
        /// Grey for the English beside the Japanese.
        muted: bool,
        /// The text.
        text: String,
    },
    /// An empty square to tick.
    TickBox {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Side.
        side: f32,
    },
    /// A horizontal line to write on, or a rule.
    Line {
        /// Left end.
        x: f32,
        /// Height.
        y: f32,
        /// Length.
        length: f32,
    },
}

/// One page of marks.
pub type Page = Vec<Mark>;

/// Measures text in the sheet's font.
pub struct Measure<'a> {
    face: ttf_parser::Face<'a>,
}

impl<'a> Measure<'a> {
    /// Measures with `font`.
    pub fn new(font: &'a JapaneseFont) -> Result<Measure<'a>, PdfError> {
        ttf_parser::Face::parse(&font.data, font.index)
            .map(|face| Measure { face })
            .map_err(|_| PdfError::Font(font.family.clone()))
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// The width of one character at `size` points; one missing from the font counts as a
    /// full square.
    fn advance(&self, c: char, size: f32) -> f32 {
        let per_unit = size / f32::from(self.face.units_per_em());
        self.face
            .glyph_index(c)
            .and_then(|glyph| self.face.glyph_hor_advance(glyph))
            .map_or(size, |advance| f32::from(advance) * per_unit)
    }

    /// `text` broken into lines no wider than `width`: between any two Japanese characters, and
    /// at spaces within Latin text.
    ///
    /// The line's width is kept as characters are added, not measured again for each one: text
    /// of zero-width characters (combining marks) never fills a line, and measuring the whole
    /// line per character made 20,000 of them take most of a minute. Each character is measured
    /// once, or twice when carried to the next line with its word, so the time is linear.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_width = 0.0f32;
        for c in text.chars() {
            let advance = self.advance(c, size);
            if line_width + advance <= width || line.is_empty() {
                line.push(c);
                line_width += advance;
                continue;
            }
            // Break at the last space when the line is Latin text, else before this character.
            let carry = match line.rfind(' ') {
                Some(at) if c.is_ascii() && line[at + 1..].is_ascii() => {
                    let rest = line[at + 1..].to_owned();
                    line.truncate(at);
                    rest
                }
                _ => String::new(),
            };
            lines.push(std::mem::take(&mut line));
            line_width = self.width(&carry, size);
            line = carry;
            if !(line.is_empty() && c == ' ') {
                line.push(c);
                line_width += advance;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Lays the sheet out on A4 pages.
pub fn layout(sheet: &ConsultationSheet, measure: &Measure<'_>) -> Vec<Page> {
    let mut pen = Pen {
        measure,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    pen.text(MARGIN, TITLE, false, "相談票 Consultation sheet");
    let prepared = format!("作成日 Prepared: {}", japanese_date(sheet.prepared));
    let width = measure.width(&prepared, SMALL);
    pen.mark(Mark::Text {
        x: PAGE_WIDTH - MARGIN - width,
        y: pen.y - TITLE * 0.3,
        size: SMALL,
        muted: true,
        text: prepared,
    });
    pen.gap(4.0);
    pen.paragraph(
        "身に覚えのない電子マネーへの出金について、銀行・運営会社・警察に届け出るための記録です。",
        BODY,
        false,
    );
    pen.paragraph(
        "A record of e-money withdrawals the account holder did not make, to report them to the bank, the operators and the police.",
        SMALL,
        true,
    );
    if sheet.is_demo {
        pen.gap(4.0);
        pen.paragraph(
            "【デモデータ】実在の口座ではありません。 Demo data — not a real account.",
            HEADING,
            false,
        );
    }

    pen.heading("口座 Account");
    let account = sheet.account.as_ref().map_or_else(
        || format!("（明細に記載なし not stated） {}", sheet.source),
        crate::Account::name,
    );
    pen.paragraph(&account, BODY, false);
    let period = match (sheet.checked_from, sheet.checked_to) {
        (Some(from), Some(to)) => format!("{}〜{}", japanese_date(from), japanese_date(to)),
        _ => "—".to_owned(),
    };
    let gaps = if sheet.gaps == 0 {
        "残高の抜け なし no balance gaps".to_owned()
    } else {
        format!("残高の抜け {}か所（見ていない取引があります） {} balance gaps: some rows were not seen", sheet.gaps, sheet.gaps)
    };
    pen.paragraph(
        &format!(
            "確認した範囲 Checked: {period}・{}件 rows・カタログ catalog {}・{gaps}",
            sheet.rows_checked, sheet.catalog
        ),
        SMALL,
        true,
    );
    pen.paragraph(
        &format!("データ版 Data version: {}", sheet.data_version.bilingual()),
        SMALL,
        true,
    );

    pen.heading("届け出る出金 Withdrawals to report");
    withdrawals_table(&mut pen, sheet);

    pen.heading("届け出の期限 Deadline");
    deadline(&mut pen, &sheet.guidance.deadline);

    pen.heading("すること Steps");
    for step in &sheet.guidance.steps {
        let needed = BODY * 3.0;
        pen.room_for(needed);
        pen.mark(Mark::TickBox {
            x: MARGIN,
            y: pen.y + 1.0,
            side: BODY,
        });
        pen.indented(MARGIN + BODY + 6.0, |pen| {
            pen.paragraph(&step.title.ja, BODY + 1.0, false);
            pen.paragraph(&step.title.en, SMALL, true);
            pen.paragraph(&step.detail.ja, BODY, false);
            pen.paragraph(&step.detail.en, SMALL, true);
            if let Some(say) = &step.say {
                pen.paragraph(&format!("言うこと: {}", say.ja), BODY, false);
                pen.paragraph(&format!("What to say: {}", say.en), SMALL, true);
            }
            if let Some(bring) = &step.bring {
                pen.paragraph(&format!("持ち物: {}", bring.ja), BODY, false);
                pen.paragraph(&format!("What to bring: {}", bring.en), SMALL, true);
            }
            for contact in &step.contacts {
                let note = contact.phone_note_ja.as_deref().unwrap_or("");
                pen.paragraph(
                    &format!(
                        "☎ {} {}（{}） {}",
                        contact.name_ja, contact.phone, contact.name_en, note
                    ),
                    BODY,
                    false,
                );
                pen.paragraph(&format!("出典 Source: {}", contact.source), SMALL, true);
            }
        });
        pen.gap(6.0);
    }

    pen.heading("記入欄 To fill in");
    for label in [
        "気づいた日 Date noticed",
        "警察に届けた日・警察署 Reported to the police: date, station",
        "警察の受理番号 Police receipt number",
        "連絡した運営会社と日時 Operators contacted, and when",
        "銀行の受付番号・担当 Bank reference, contact person",
        "担当者（支店） Staff member (branch)",
    ] {
        pen.room_for(BODY * 3.2);
        pen.paragraph(label, BODY, false);
        pen.gap(BODY * 1.3);
        pen.mark(Mark::Line {
            x: MARGIN,
            y: pen.y,
            length: CONTENT_WIDTH,
        });
        pen.gap(6.0);
    }
    pen.gap(6.0);
    pen.paragraph(
        &format!(
            "手順の出典はそれぞれの項目に記載。手順データ {} guidance data version.",
            sheet.guidance.version
        ),
        SMALL,
        true,
    );
    footers(pen.pages, sheet, measure)
}

fn withdrawals_table(pen: &mut Pen<'_, '_>, sheet: &ConsultationSheet) {
    if sheet.withdrawals.is_empty() {
        pen.paragraph(
            "確認が必要な出金は見つかりませんでした。 No withdrawal needs reporting.",
            BODY,
            false,
        );
        return;
    }
    // Date, amount (right-aligned), statement text, service, operator.
    let columns = [82.0, 68.0, 112.0, 110.0, CONTENT_WIDTH - 372.0];
    let header = [
        "日付 Date",
        "金額 Amount",
        "通帳の表示 Text",
        "サービス Service",
        "運営会社 Operator",
    ];
    let row_of = |cells: [String; 5], pen: &mut Pen<'_, '_>, size: f32| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(columns)
            .map(|(text, width)| pen.measure.wrap(text, size, width - 6.0))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        pen.room_for(size * 1.4 * lines as f32 + 4.0);
        let top = pen.y;
        let mut x = MARGIN;
        for (column, (lines, width)) in wrapped.iter().zip(columns).enumerate() {
            for (i, line) in lines.iter().enumerate() {
                let line_width = pen.measure.width(line, size);
                let left = if column == 1 {
                    x + width - 6.0 - line_width
                } else {
                    x
                };
                pen.mark(Mark::Text {
                    x: left,
                    y: top + size * 1.4 * i as f32 + size,
                    size,
                    muted: false,
                    text: line.clone(),
                });
            }
            x += width;
        }
        pen.y = top + size * 1.4 * lines as f32 + 3.0;
        pen.mark(Mark::Line {
            x: MARGIN,
            y: pen.y,
            length: CONTENT_WIDTH,
        });
        pen.y += 3.0;
    };
    row_of(header.map(str::to_owned), pen, SMALL);
    for w in &sheet.withdrawals {
        row_of(
            [
                japanese_date(w.date),
                yen(w.amount),
                w.description.clone(),
                format!("{} {}", w.service.name_ja, w.service.name_en),
                format!("{} {}", w.service.operator_ja, w.service.operator_en),
            ],
            pen,
            BODY,
        );
    }
    row_of(
        [
            "合計 Total".to_owned(),
            yen(sheet.total),
            format!("{}件 withdrawals", sheet.withdrawals.len()),
            String::new(),
            String::new(),
        ],
        pen,
        BODY,
    );
}

fn deadline(pen: &mut Pen<'_, '_>, deadline: &Deadline) {
    match deadline {
        Deadline::Known {
            bank,
            due,
            days_left,
            note,
            source,
        } => {
            let left = if *days_left >= 0 {
                format!("あと{days_left}日 {days_left} days left")
            } else {
                format!("{}日過ぎています。それでもすぐに連絡してください {} days ago: tell the bank at once anyway", -days_left, -days_left)
            };
            pen.paragraph(
                &format!(
                    "{}への届け出: {}まで（{left}）",
                    bank.ja,
                    japanese_date(*due)
                ),
                HEADING,
                false,
            );
            pen.paragraph(&format!("Tell {} by {due}.", bank.en), SMALL, true);
            pen.paragraph(&note.ja, BODY, false);
            pen.paragraph(&note.en, SMALL, true);
            pen.paragraph(&format!("出典 Source: {source}"), SMALL, true);
        }
        Deadline::AsSoonAsPossible { bank } => {
            let bank = bank.as_deref().unwrap_or("銀行");
            pen.paragraph(
                &format!("できるだけ早く{bank}に連絡してください。補償の期限は銀行が案内します。"),
                HEADING,
                false,
            );
            pen.paragraph(
                "Tell the bank as soon as possible; it will tell you its own deadline for compensation.",
                SMALL,
                true,
            );
        }
        Deadline::NothingDue => {
            pen.paragraph("— 届け出る出金はありません nothing to report", BODY, false)
        }
    }
}

/// Adds the page line (and the demo label) at the foot of every page.
fn footers(mut pages: Vec<Page>, sheet: &ConsultationSheet, measure: &Measure<'_>) -> Vec<Page> {
    let count = pages.len();
    for (number, page) in pages.iter_mut().enumerate() {
        let demo = if sheet.is_demo {
            "【デモデータ Demo data】 "
        } else {
            ""
        };
        // Each page says which data judged it, should it be filed apart from the others.
        let text = format!(
            "{demo}口座ガード Kouza Guard — 相談票 Consultation sheet・データ版 Data version {}  {}/{count}",
            sheet.data_version.serial,
            number + 1
        );
        let width = measure.width(&text, SMALL);
        page.push(Mark::Text {
            x: (PAGE_WIDTH - width) / 2.0,
            y: PAGE_HEIGHT - FOOTER / 2.0,
            size: SMALL,
            muted: true,
            text,
        });
    }
    pages
}

/// Where the next line goes, and the pages so far.
struct Pen<'m, 'f> {
    measure: &'m Measure<'f>,
    pages: Vec<Page>,
    y: f32,
}

impl Pen<'_, '_> {
    fn mark(&mut self, mark: Mark) {
        self.pages
            .last_mut()
            .expect("there is always a page")
            .push(mark);
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// Starts a new page unless `height` fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN - FOOTER {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn text(&mut self, x: f32, size: f32, muted: bool, text: &str) {
        self.room_for(size * 1.5);
        self.y += size;
        self.mark(Mark::Text {
            x,
            y: self.y,
            size,
            muted,
            text: text.to_owned(),
        });
        self.y += size * 0.5;
    }

    fn heading(&mut self, text: &str) {
        self.gap(HEADING * 0.8);
        self.room_for(HEADING * 5.0);
        self.text(MARGIN, HEADING, false, text);
        self.mark(Mark::Line {
            x: MARGIN,
            y: self.y,
            length: CONTENT_WIDTH,
        });
        self.gap(4.0);
    }

    fn paragraph(&mut self, text: &str, size: f32, muted: bool) {
        self.paragraph_at(MARGIN, text, size, muted);
    }

    fn paragraph_at(&mut self, x: f32, text: &str, size: f32, muted: bool) {
        let width = PAGE_WIDTH - MARGIN - x;
        for line in self.measure.wrap(text, size, width) {
            self.text(x, size, muted, &line);
        }
    }

    /// Runs `body` with paragraphs starting at `x`.
    fn indented(&mut self, x: f32, body: impl FnOnce(&mut IndentedPen<'_, '_, '_>)) {
        body(&mut IndentedPen { pen: self, x });
    }
}

/// A pen whose paragraphs start further right (under a tick box).
struct IndentedPen<'p, 'm, 'f> {
    pen: &'p mut Pen<'m, 'f>,
    x: f32,
}

impl IndentedPen<'_, '_, '_> {
    fn paragraph(&mut self, text: &str, size: f32, muted: bool) {
        self.pen.paragraph_at(self.x, text, size, muted);
    }
}

/// Draws the pages with `font` into a PDF.
pub fn render(pages: &[Page], font: &JapaneseFont) -> Result<Vec<u8>, PdfError> {
    render_titled(pages, font, "相談票 Consultation sheet")
}

/// Draws the pages with `font` into a PDF whose document title is `title`.
pub fn render_titled(
    pages: &[Page],
    font: &JapaneseFont,
    title: &str,
) -> Result<Vec<u8>, PdfError> {
    let krilla_font = Font::new(font.data.clone().into(), font.index)
        .ok_or_else(|| PdfError::Font(font.family.clone()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("ja".to_owned())
            .creator("Kouza Guard".to_owned()),
    );
    let ink = rgb::Color::new(0x1b, 0x1f, 0x24);
    let muted = rgb::Color::new(0x4a, 0x55, 0x60);
    for marks in pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a valid size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for mark in marks {
            match mark {
                Mark::Text {
                    x,
                    y,
                    size,
                    muted: grey,
                    text,
                } => {
                    surface.set_fill(Some(Fill {
                        paint: if *grey { muted } else { ink }.into(),
                        ..Fill::default()
                    }));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        krilla_font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Mark::TickBox { x, y, side } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *side, *side) {
                        path.push_rect(rect);
                    }
                    stroke(&mut surface, path, 0.8);
                }
                Mark::Line { x, y, length } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x, *y);
                    path.line_to(x + length, *y);
                    stroke(&mut surface, path, 0.4);
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

fn stroke(surface: &mut krilla::surface::Surface<'_>, path: PathBuilder, width: f32) {
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            width,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// The sheet as PDF bytes, in `font`.
pub fn to_pdf(sheet: &ConsultationSheet, font: &JapaneseFont) -> Result<Vec<u8>, PdfError> {
    let measure = Measure::new(font)?;
    render(&layout(sheet, &measure), font)
}

#[cfg(test)]
mod tests {
    use super::{layout, Mark, Measure, PAGE_HEIGHT};
    use crate::sheet::find_japanese_font;

    #[test]
    fn wrapping_breaks_japanese_anywhere_and_latin_only_at_spaces() {
        let font = find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
        let measure = Measure::new(&font).unwrap();
        let english = "Tell the bank as soon as possible; it will tell you its own deadline.";
        let lines = measure.wrap(english, 10.0, 90.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(measure.width(line, 10.0) <= 90.0, "{line:?}");
            assert_eq!(line.trim(), line, "no line starts or ends with a space");
        }
        assert_eq!(lines.join(" "), english, "no word is cut");
        let japanese = "身に覚えのない電子マネーへの出金について届け出る";
        let lines = measure.wrap(japanese, 10.0, 52.0);
        assert!(
            lines.iter().all(|l| measure.width(l, 10.0) <= 52.0),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), japanese);
    }

    #[test]
    fn a_long_sheet_flows_onto_more_pages_and_nothing_is_drawn_past_the_footer() {
        use crate::catalog::Catalog;
        use crate::detect::Holder;
        use crate::guidance::GuidanceData;
        use crate::review::Review;
        use crate::sheet::ConsultationSheet;
        let font = find_japanese_font().expect("fonts-noto-cjk is installed by scripts/setup.sh");
        let measure = Measure::new(&font).unwrap();
        let review = Review::of(
            crate::demo::statement().unwrap(),
            &Catalog::builtin(),
            &Holder::default(),
        );
        let mut sheet = ConsultationSheet::of(
            &review,
            &GuidanceData::builtin(),
            chrono::NaiveDate::from_ymd_opt(2020, 9, 14).unwrap(),
        );
        let one = sheet.withdrawals[0].clone();
        sheet.withdrawals = vec![one; 60];
        let pages = layout(&sheet, &measure);
        assert!(pages.len() >= 4, "{} pages", pages.len());
        for (number, page) in pages.iter().enumerate() {
            let footer = page.last().unwrap();
            assert!(
                matches!(footer, Mark::Text { text, .. } if text.contains(&format!("{}/{}", number + 1, pages.len())))
            );
            for mark in &page[..page.len() - 1] {
                let y = match mark {
                    Mark::Text { y, .. } | Mark::TickBox { y, .. } | Mark::Line { y, .. } => *y,
                };
                assert!(
                    y < PAGE_HEIGHT - 48.0,
                    "drawn over the footer on page {}",
                    number + 1
                );
            }
        }
    }
}
