//! Drafts: the pages of a leaflet without the PDF, for the designer's live preview.
//! Text that does not fit is not an error here: the pages hold what fits, and the
//! overflow travels beside them, so a preview can draw both.

use crate::export::report::{self, Report};
use crate::flow::{Overflow, PlacedLine};
use crate::frame::Page;
use crate::interview::Interview;
use crate::{Engine, Failure, Timings, frames, image, print};

/// A leaflet's pages as far as they go: what a preview draws.
pub struct Draft {
    /// The pages, with the lines that fit.
    pub pages: Vec<Page>,
    /// The images the pages draw, by index.
    pub images: Vec<image::Image>,
    /// Every placed line, in reading order.
    pub lines: Vec<PlacedLine>,
    /// Text that did not fit, if any.
    pub overflow: Option<Overflow>,
    /// Lines and totals of what was placed, and the overflow (no print section).
    pub report: Report,
}

impl Engine {
    /// Typesets `interview` as [`Engine::render`] does, without writing a PDF; on
    /// overflow the pages keep what fits. Other errors (a broken portrait) still fail.
    pub fn draft(&self, interview: &Interview) -> std::result::Result<Draft, Failure> {
        let mut timings = Timings::start();
        let pictures = frames::Pictures::load(interview)?;
        let (mut flowed, overflow) = self.typeset(interview, &pictures, &mut timings, true)?;
        print::set_bleed(&self.profile, &mut flowed.pages)
            .map_err(|o| crate::explain::overset_error(interview, &o))?;
        let height = self.layout.trim().1;
        let folds: Vec<Vec<f64>> = flowed.pages.iter().map(|p| p.folds.clone()).collect();
        let (lines, totals) = report::lines(&flowed.lines, height, &folds);
        let report = Report {
            version: 1,
            ok: overflow.is_none(),
            error: overflow.as_ref().map(|o| o.diagnostic().message),
            pages: flowed.pages.len(),
            folds_mm: Vec::new(),
            frames: report::frames(&flowed.frames, height),
            smallest_font_size_pt: 0.0,
            portrait: None,
            overflow: overflow.as_ref().map(|o| report::Overflow {
                block: o.kind.name(),
                lines: o.lines,
            }),
            print: None,
            story: Some(crate::copyfit::report(&self.layout, &flowed)),
            totals,
            lines,
            warnings: vec![],
        };
        Ok(Draft {
            pages: flowed.pages,
            images: pictures.images,
            lines: flowed.lines,
            overflow,
            report,
        })
    }
}
