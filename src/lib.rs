//! barakcha: a candidate interview and a layout in, a print-ready A4 PDF leaflet out.
//!
//! The pipeline, one module per stage; data flows one way:
//! load ([`interview`], [`layout`], fonts) → [`style`] → [`text`] (shape, hyphenate,
//! Knuth–Plass) → [`flow`] (columns, portrait, imprint, balance) → [`frame`] → [`export`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod batch;
pub mod diag;
pub mod export;
pub mod flow;
pub mod frame;
pub mod image;
pub mod import;
pub mod interview;
pub mod lang;
pub mod layout;
pub mod output;
pub mod source;
pub mod style;
pub mod text;
pub mod units;

use diag::{Diagnostic, Result};
use export::report::{self, Report};
use flow::{FlowInput, SetBlock, SetPar};
use frame::FrameItem;
use interview::Interview;
use layout::Layout;
use text::font::FontBook;
use text::hyphenate::Hyphenator;
use text::items::ItemBuilder;

/// What is loaded once and reused for every leaflet: layout, fonts, hyphenator.
pub struct Engine {
    /// The design.
    pub layout: Layout,
    /// Its fonts, parsed.
    pub fonts: FontBook,
    /// Hyphenation rules and exceptions.
    pub hyphenator: Hyphenator,
}

/// A finished leaflet.
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// The report (`--report`).
    pub report: Report,
    /// The plain-text dump of the set lines.
    pub dump: String,
}

/// A render that produced no PDF: the error, and a report that says the same.
pub struct Failure {
    /// What went wrong.
    pub diagnostic: Box<Diagnostic>,
    /// The report of the failed render (boxed: it is large and failures are rare).
    pub report: Box<Report>,
}

impl From<Box<Diagnostic>> for Failure {
    fn from(d: Box<Diagnostic>) -> Self {
        Failure {
            report: report::failed(d.to_string(), None),
            diagnostic: d,
        }
    }
}

impl Engine {
    /// Loads fonts for a layout.
    pub fn new(layout: Layout) -> Result<Engine> {
        let fonts = FontBook::load(&layout)?;
        Ok(Engine {
            layout,
            fonts,
            hyphenator: Hyphenator::new(),
        })
    }

    /// Renders one interview into a PDF.
    pub fn render(&self, interview: &Interview) -> std::result::Result<Rendered, Failure> {
        // 1. Load the portrait (headers only for JPEG).
        let portrait = load_portrait(interview)?;
        // 2. Style: blocks of typographed paragraphs.
        let blocks = style::style(interview, &self.layout, &self.fonts)?;
        // 3. Text: shape, hyphenate and break every paragraph into lines.
        let mut builder = ItemBuilder::new(&self.fonts, &self.hyphenator, interview.lang);
        let (text_width, column) = (self.layout.text_width(), self.layout.column_width());
        let mut set = |b: &style::Block, w: f64| set_block(&mut builder, b, w);
        let input = FlowInput {
            layout: &self.layout,
            header: blocks.header.iter().map(|b| set(b, text_width)).collect(),
            body: blocks.body.iter().map(|b| set(b, column)).collect(),
            caption: blocks.caption.as_ref().map(|b| set(b, column)),
            imprint: set(&blocks.imprint, text_width),
            portrait: portrait
                .as_ref()
                .map(|p| (0, p.width as f64 / p.height as f64)),
        };
        // 4. Flow: columns, pages, balance; overflow is an error.
        let flowed = flow::flow(&input).map_err(|o| Failure {
            diagnostic: o.diagnostic(),
            report: report::failed(
                o.diagnostic().to_string(),
                Some(report::Overflow {
                    block: o.kind.name(),
                    lines: o.lines,
                }),
            ),
        })?;
        // 5. Export: PDF, report, dump.
        let images: Vec<image::Image> = portrait.into_iter().collect();
        let meta = export::pdf::Meta {
            title: format!(
                "{} — {}",
                interview.headline.get_ref(),
                interview.candidate.name.get_ref()
            ),
            author: interview.imprint.customer.clone(),
            lang: format!("{:?}", interview.lang).to_lowercase(),
            date: interview.imprint.issue_date,
        };
        let pdf = export::pdf::write(&flowed.pages, &images, &self.fonts, &meta)?;
        let height = self.layout.page.height.pt();
        let report = build_report(&flowed, &images, height);
        Ok(Rendered {
            pdf,
            report,
            dump: export::dump::dump(&flowed.lines, height),
        })
    }
}

fn load_portrait(interview: &Interview) -> Result<Option<image::Image>> {
    let Some(p) = &interview.portrait else {
        return Ok(None);
    };
    image::load(&p.path).map(Some).map_err(|mut d| {
        // Point at the interview's `file = …`, where the user fixes it.
        d.message = format!("{} ({})", d.message, p.path.display());
        d.location = Some(interview.source.location(p.span.start));
        d
    })
}

fn set_block(builder: &mut ItemBuilder, block: &style::Block, measure: f64) -> SetBlock {
    let paragraphs = block
        .paragraphs
        .iter()
        .map(|p| {
            let par = builder.paragraph(&p.text, &p.style);
            SetPar {
                lines: text::set_paragraph(&par, measure),
                leading: p.leading,
                size: p.style.size,
            }
        })
        .collect();
    SetBlock {
        kind: block.kind,
        paragraphs,
    }
}

fn build_report(flowed: &flow::Flowed, images: &[image::Image], page_height: f64) -> Report {
    let (lines, totals) = report::lines(&flowed.lines, page_height);
    let mut smallest = f64::INFINITY;
    let mut portrait = None;
    let mut warnings = Vec::new();
    for item in flowed.pages.iter().flat_map(|p| &p.items) {
        match item {
            FrameItem::Text { fragment, .. } => smallest = smallest.min(fragment.size),
            FrameItem::Image { image, frame } => {
                let img = &images[*image];
                let (w, h) = export::pdf::cover(img, frame);
                let ppi = (img.width as f64 / (w / 72.0)).min(img.height as f64 / (h / 72.0));
                if ppi < 300.0 {
                    warnings.push(format!("the portrait is {ppi:.0} ppi at its placed size; print wants 300 ppi or more"));
                }
                let embedding = match img.data {
                    image::ImageData::Jpeg { .. } => "JPEG passed through (DCTDecode)",
                    image::ImageData::Pixels { .. } => "PNG decoded, Flate-compressed",
                };
                portrait = Some(report::PortraitReport {
                    pixels: [img.width, img.height],
                    effective_ppi: report::rounded(ppi),
                    embedding: embedding.into(),
                });
            }
            FrameItem::Rule { .. } => {}
        }
    }
    Report {
        version: 1,
        ok: true,
        error: None,
        pages: flowed.pages.len(),
        smallest_font_size_pt: smallest,
        portrait,
        overflow: None,
        totals,
        lines,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    /// Batch rendering shares one engine across worker threads.
    #[test]
    fn engine_is_shared_across_threads() {
        fn sync<T: Sync + Send>() {}
        sync::<super::Engine>();
    }
}
