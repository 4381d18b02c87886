//! barakcha: a candidate interview and a layout in, a print-ready A4 PDF leaflet out.
//!
//! The pipeline, one module per stage; data flows one way:
//! load ([`interview`], [`layout`], [`profile`], fonts) → [`style`] → [`text`] (shape,
//! hyphenate, Knuth–Plass) → [`flow`] (frames placed, the story threaded through its chain,
//! balance) → [`frame`]
//! → [`print`] (bleed, image resolution and colour, marks) → [`export`].
//!
//! Loading is separate from rendering, so a batch loads fonts once:
//!
//! ```
//! use barakcha::{Engine, interview::Interview, layout::Layout, source::Source};
//! use std::path::Path;
//!
//! let engine = Engine::new(Layout::builtin()).expect("the built-in layout loads");
//! let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bazeyan/interview.toml");
//! let interview = Interview::parse(Source::read(&example).unwrap()).expect("the example is valid");
//! let Ok(leaflet) = engine.render(&interview) else { panic!("the example renders") };
//! assert!(leaflet.pdf.starts_with(b"%PDF-1.6"));
//! assert_eq!(leaflet.report.pages, 2);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod batch;
mod compress;
pub mod diag;
mod draft;
mod explain;
pub mod export;
pub mod flow;
pub mod frame;
mod frames;
pub mod image;
pub mod import;
pub mod init;
pub mod interview;
pub mod lang;
pub mod layout;
pub mod live;
pub mod output;
pub mod print;
pub mod profile;
pub mod qr;
pub mod serve;
pub mod source;
pub mod style;
pub mod text;
pub mod units;

use diag::{Diagnostic, Result};
pub use draft::Draft;
use export::report::{self, Report};
use flow::{FlowInput, SetBlock, SetPar};
use frame::FrameItem;
use interview::Interview;
use layout::Layout;
use profile::PrintProfile;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use text::SetLine;
use text::cache::WordCache;
use text::font::FontBook;
use text::hyphenate::Hyphenator;
use text::items::{self, Fragment, ItemBuilder, ParStyle};

/// What is loaded once and reused for every leaflet: layout, fonts, hyphenator, print profile.
pub struct Engine {
    /// The design.
    pub layout: Layout,
    /// Its fonts, parsed.
    pub fonts: FontBook,
    /// Hyphenation rules and exceptions.
    pub hyphenator: Hyphenator,
    /// How the PDF is made for print (set with [`Engine::with_profile`]).
    pub profile: PrintProfile,
    /// Words already shaped and hyphenated, shared by every leaflet this engine sets.
    pub words: WordCache,
}

/// Reads the layout's `[hyphenation] exceptions` file (relative to the layout).
fn add_layout_exceptions(hyphenator: &mut Hyphenator, layout: &Layout, file: &str) -> Result<()> {
    let path = layout
        .source
        .path
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join(file);
    let at = |message: String| match layout.source.span_of(&["hyphenation", "exceptions"]) {
        Some(span) => Diagnostic::at(&layout.source, span, message),
        None => Diagnostic::in_file(&path, message),
    };
    let text = source::Source::read(&path).map(|s| s.text).map_err(|e| {
        at(format!(
            "cannot read hyphenation exceptions {}: {e}",
            path.display()
        ))
    })?;
    hyphenator
        .add_exceptions(&text)
        .map_err(|e| at(format!("{}: {e}", path.display())))
}

/// A finished leaflet.
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// The report (`--report`).
    pub report: Report,
    /// Every line as placed, for [`Rendered::dump`].
    pub lines: Vec<flow::PlacedLine>,
    /// The pages as drawn (the page model the PDF was written from), for previews.
    pub pages: Vec<frame::Page>,
    /// The images the pages draw, by index.
    pub images: Vec<image::Image>,
    /// The trimmed page height, for top-down positions in the dump.
    page_height: f64,
    /// How long each stage took.
    pub timings: Timings,
}

impl Rendered {
    /// The plain-text dump of the set lines (`--dump`); made only when asked for.
    pub fn dump(&self) -> String {
        export::dump::dump(&self.lines, self.page_height)
    }
}

/// How long each stage of a render took (`render --timings`), in order.
#[derive(Debug)]
pub struct Timings {
    /// Stage names and durations.
    pub stages: Vec<(&'static str, std::time::Duration)>,
    /// When the stage under way began.
    last: std::time::Instant,
}

impl Timings {
    /// Starts timing now.
    pub fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            last: std::time::Instant::now(),
        }
    }

    /// Records that `stage` ended now (it began when the previous one ended).
    pub fn mark(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let total: std::time::Duration = self.stages.iter().map(|s| s.1).sum();
        for (name, d) in &self.stages {
            write!(f, "{name} {:.2} ms, ", d.as_secs_f64() * 1e3)?;
        }
        write!(f, "total {:.2} ms", total.as_secs_f64() * 1e3)
    }
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
    /// Loads fonts and hyphenation exceptions for a layout; prints with the default profile.
    pub fn new(layout: Layout) -> Result<Engine> {
        Engine::with_print(layout, PrintProfile::builtin_default())
    }

    /// Loads fonts and hyphenation exceptions for a layout printed with `profile`;
    /// refuses a layout whose colours break the profile's rules.
    pub fn with_print(layout: Layout, profile: PrintProfile) -> Result<Engine> {
        profile.check_layout(&layout)?;
        let fonts = FontBook::load(&layout)?;
        let mut hyphenator = Hyphenator::new();
        if let Some(file) = &layout.hyphenation.exceptions {
            add_layout_exceptions(&mut hyphenator, &layout, file)?;
        }
        Ok(Engine {
            layout,
            fonts,
            hyphenator,
            profile,
            words: WordCache::default(),
        })
    }

    /// Adds hyphenation exceptions (one word per line, hyphens at every permitted break).
    pub fn add_hyphenation_exceptions(&mut self, text: &str) -> std::result::Result<(), String> {
        self.hyphenator.add_exceptions(text)?;
        // Words hyphenated before may now break elsewhere.
        self.words.clear();
        Ok(())
    }

    /// Prints with `profile`; refuses a layout whose colours break its rules
    /// (ink limit, rich-black text), pointing at the colour in the layout file.
    pub fn with_profile(mut self, profile: PrintProfile) -> Result<Engine> {
        profile.check_layout(&self.layout)?;
        self.profile = profile;
        Ok(self)
    }

    /// Renders one interview into a PDF; the slug line names the interview file.
    pub fn render(&self, interview: &Interview) -> std::result::Result<Rendered, Failure> {
        let job = interview.source.path.file_name().map_or_else(
            || interview.source.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.render_as(interview, &job)
    }

    /// Renders one interview into a PDF whose slug line names it `job` (the output file).
    pub fn render_as(
        &self,
        interview: &Interview,
        job: &str,
    ) -> std::result::Result<Rendered, Failure> {
        let mut timings = Timings::start();
        // 0. A text many times longer than the pages hold is refused before seconds of work.
        explain::fits_roughly(interview, &self.layout)?;
        // 1. Load the portrait and the logo (headers only for JPEG).
        frames::check_party_color(interview, &self.layout, &self.profile)?;
        let pictures = frames::Pictures::load(interview)?;
        timings.mark("portrait");
        // 2. Style, set and flow the text; overflow is an error.
        let (mut flowed, _) = self.typeset(interview, &pictures, &mut timings, false)?;
        // 3. Print: the profile's bleed, image resolution and colour.
        print::set_bleed(&self.profile, &mut flowed.pages)
            .map_err(|o| explain::overset_error(interview, &o))?;
        let names = pictures.names();
        let (portrait, images) = (pictures.portrait, pictures.images);
        let mut prepared = print::prepare(&self.profile, &flowed.pages, &images, &names)
            .map_err(|m| Failure::from(frames::picture_error(interview, m)))?;
        prepared
            .warnings
            .extend(print::small_type_warnings(&self.layout));
        timings.mark("print");
        // 4. Export: PDF, report, dump.
        let slugs = self.slug_lines(interview, job, flowed.pages.len());
        let setup = print::setup(&self.profile, slugs);
        let meta = meta(interview);
        let pdf = export::pdf::write(&flowed.pages, &prepared.images, &self.fonts, &meta, &setup)?;
        timings.mark("pdf");
        let height = self.layout.trim().1;
        let mut report = build_report(&flowed, &images, portrait, &prepared, height);
        report.print = Some(prepared.report);
        timings.mark("report");
        Ok(Rendered {
            pdf,
            report,
            lines: flowed.lines,
            pages: flowed.pages,
            images,
            page_height: height,
            timings,
        })
    }

    /// Styles, sets and flows the interview's text into pages. Overflow is an error,
    /// unless `fit` (a draft) asks for the pages with what fits, and the overflow beside.
    fn typeset(
        &self,
        interview: &Interview,
        pictures: &frames::Pictures,
        timings: &mut Timings,
        fit: bool,
    ) -> std::result::Result<(flow::Flowed, Option<flow::Overflow>), Failure> {
        let blocks = style::style(interview, &self.layout, &self.fonts)?;
        let pictures = frames::pictures(&self.layout, interview, pictures)?;
        frames::check_required(interview, &self.layout, &blocks, &pictures)?;
        timings.mark("style");
        let measure = self.layout.story_measure();
        let shown = frames::display_jobs(&self.layout, &blocks);
        let mut all: Vec<(&style::Block, f64, bool)> = shown
            .iter()
            .flat_map(|(_, width, bs)| bs.iter().map(|b| (*b, *width, false)))
            .collect();
        all.extend(blocks.body.iter().map(|b| (b, measure, true)));
        let mut set = self.set_blocks(interview.lang, &all).into_iter();
        timings.mark("set");
        let mut frames: Vec<(String, flow::Drawn)> = shown
            .iter()
            .map(|(name, _, bs)| {
                let set: Vec<SetBlock> = set.by_ref().take(bs.len()).map(|b| b.0).collect();
                (name.to_string(), flow::Drawn::Text(set))
            })
            .collect();
        // Body paragraphs that could take a line more or fewer keep their outlines:
        // flow may try them so to balance the columns.
        let (body, outlines): (Vec<SetBlock>, Vec<_>) = set.unzip();
        let rebreak = Rebreaks {
            engine: self,
            lang: interview.lang,
            measure,
            paragraphs: blocks.body.iter().flat_map(|b| &b.paragraphs).collect(),
            outlines: outlines.into_iter().flatten().collect(),
            shapes: Mutex::default(),
        };
        let texts = frames.iter().filter_map(|(_, d)| match d {
            flow::Drawn::Text(b) => Some(b),
            _ => None,
        });
        let glyphs = glyph_sets(&self.fonts, texts.flatten().chain(&body));
        frames.extend(pictures);
        let input = FlowInput {
            layout: &self.layout,
            body,
            frames,
            accent: interview
                .campaign
                .party_color
                .as_ref()
                .map(|c| *c.get_ref()),
            bleed: self.profile.bleed.pt(),
            rebreak: &rebreak,
        };
        // The font subsets are made while the text flows: flow keeps the words (and so the
        // glyphs), and a subset that turns out different is simply made again when writing.
        if fit {
            let flowed = flow::flow_fitting(input);
            timings.mark("flow");
            return Ok(flowed);
        }
        let (flowed, ()) = rayon::join(
            || flow::flow(input),
            || export::pdf::prepare_fonts(&self.fonts, &glyphs),
        );
        timings.mark("flow");
        flowed.map(|f| (f, None)).map_err(|o| Failure {
            diagnostic: explain::locate_overflow(interview, &o.diagnostic(), &o.kind.name()),
            report: report::failed(
                explain::locate_overflow(interview, &o.diagnostic(), &o.kind.name()).to_string(),
                Some(report::Overflow {
                    block: o.kind.name(),
                    lines: o.lines,
                }),
            ),
        })
    }

    /// Sets every paragraph of `blocks`, each at its measure, in parallel: shaping and line
    /// breaking are the largest part of a render, and paragraphs do not depend on each
    /// other. Body paragraphs (`body` true) that could take a line more or fewer come with
    /// their outlines, for flow's balancing.
    fn set_blocks(
        &self,
        lang: lang::Lang,
        blocks: &[(&style::Block, f64, bool)],
    ) -> Vec<(SetBlock, Vec<Option<Arc<items::Paragraph>>>)> {
        let jobs: Vec<(&style::StyledPar, f64, bool)> = blocks
            .iter()
            .flat_map(|(b, measure, body)| b.paragraphs.iter().map(move |p| (p, *measure, *body)))
            .collect();
        let mut set = jobs
            .par_iter()
            .map(|(p, measure, body)| {
                let par = ItemBuilder::new(&self.fonts, &self.hyphenator, &self.words, lang)
                    .paragraph(&p.text, &p.style);
                if *body {
                    let (lines, outline) = text::set_paragraph_keeping(par, *measure);
                    (lines, outline.map(Arc::new))
                } else {
                    (text::set_paragraph(par, *measure), None)
                }
            })
            .collect::<Vec<_>>()
            .into_iter();
        blocks
            .iter()
            .map(|(b, _, _)| {
                let (paragraphs, outlines) = b
                    .paragraphs
                    .iter()
                    .zip(set.by_ref())
                    .map(|(p, (lines, outline))| {
                        let par = SetPar {
                            lines,
                            leading: p.leading,
                            size: p.style.size,
                        };
                        (par, outline)
                    })
                    .unzip();
                let block = SetBlock {
                    kind: b.kind,
                    paragraphs,
                };
                (block, outlines)
            })
            .collect()
    }

    /// The shaped slug line of each page, when the profile draws one.
    fn slug_lines(&self, interview: &Interview, job: &str, count: usize) -> Vec<Option<Fragment>> {
        let p = &self.profile;
        if !(p.marks.crop && p.marks.slug_line) {
            return vec![None; count];
        }
        let mut builder =
            ItemBuilder::new(&self.fonts, &self.hyphenator, &self.words, interview.lang);
        let style = ParStyle {
            font: self.fonts.id(&self.layout.styles.imprint.font),
            size: print::SLUG_SIZE,
            color: units::Cmyk::BLACK,
            justify: false,
            hyphenate: false,
            indent: 0.0,
            balance: false,
        };
        let date = interview.imprint.issue_date;
        (1..=count)
            .map(|n| Some(builder.fragment(&print::slug_text(job, date, p, n, count), &style)))
            .collect()
    }
}

/// Body paragraphs as flow may ask for them again, a line longer or shorter.
struct Rebreaks<'a> {
    engine: &'a Engine,
    lang: lang::Lang,
    measure: f64,
    /// The body's paragraphs in reading order.
    paragraphs: Vec<&'a style::StyledPar>,
    /// Their outlines, for those that could take a line more or fewer.
    outlines: Vec<Option<Arc<items::Paragraph>>>,
    /// How each was found to break, by paragraph and line count.
    shapes: Mutex<HashMap<(usize, usize), text::Shape>>,
}

impl flow::Rebreaker for Rebreaks<'_> {
    fn shape(&self, n: usize, lines: &[usize]) -> Vec<Option<Vec<bool>>> {
        let outline = n
            .checked_sub(1)
            .and_then(|i| self.outlines.get(i)?.as_ref());
        lines
            .iter()
            .map(|&k| {
                let shape = text::shape_into(outline?, self.measure, k)?;
                let hyphens = shape.hyphens.clone();
                let mut shapes = self.shapes.lock().unwrap_or_else(|e| e.into_inner());
                shapes.insert((n, k), shape);
                Some(hyphens)
            })
            .collect()
    }

    fn set(&self, n: usize, lines: usize) -> Option<Vec<SetLine>> {
        let e = self.engine;
        let p = self.paragraphs.get(n.checked_sub(1)?)?;
        let shapes = self.shapes.lock().unwrap_or_else(|e| e.into_inner());
        let shape = shapes.get(&(n, lines))?;
        let par = ItemBuilder::new(&e.fonts, &e.hyphenator, &e.words, self.lang)
            .paragraph(&p.text, &p.style);
        Some(text::set_shaped(par, shape, self.measure))
    }
}

/// The glyph ids each font draws in `blocks`, in order, each once.
fn glyph_sets<'a>(
    fonts: &FontBook,
    blocks: impl Iterator<Item = &'a SetBlock>,
) -> std::collections::BTreeMap<text::font::FontId, Vec<u16>> {
    let mut seen: std::collections::BTreeMap<_, Vec<bool>> = Default::default();
    let lines = blocks.flat_map(|b| &b.paragraphs).flat_map(|p| &p.lines);
    for (_, f) in lines.flat_map(|l| &l.fragments) {
        let drawn = seen
            .entry(f.font)
            .or_insert_with(|| vec![false; fonts.get(f.font).advances.len()]);
        for g in &f.glyphs {
            if let Some(d) = drawn.get_mut(g.id as usize) {
                *d = true;
            }
        }
    }
    seen.into_iter()
        .map(|(font, drawn)| {
            let ids = drawn.iter().enumerate().filter(|(_, d)| **d);
            (font, ids.map(|(g, _)| g as u16).collect())
        })
        .collect()
}

/// What the document says about itself.
fn meta(interview: &Interview) -> export::pdf::Meta {
    export::pdf::Meta {
        title: format!(
            "{} — {}",
            interview.headline.get_ref(),
            interview.candidate.name.get_ref()
        ),
        author: interview.imprint.customer.clone(),
        lang: format!("{:?}", interview.lang).to_lowercase(),
        date: interview.imprint.issue_date,
    }
}

fn build_report(
    flowed: &flow::Flowed,
    images: &[image::Image],
    portrait_index: Option<usize>,
    prepared: &print::Prepared,
    page_height: f64,
) -> Report {
    let folds: Vec<Vec<f64>> = flowed.pages.iter().map(|p| p.folds.clone()).collect();
    let (lines, totals) = report::lines(&flowed.lines, page_height, &folds);
    let mut smallest = f64::INFINITY;
    let mut portrait = None;
    for item in flowed.pages.iter().flat_map(|p| &p.items) {
        match item {
            FrameItem::Text { fragment, .. } => smallest = smallest.min(fragment.size),
            FrameItem::Image { image, frame } if Some(*image) == portrait_index => {
                let img = &images[*image];
                portrait = Some(report::PortraitReport {
                    pixels: [img.width, img.height],
                    effective_ppi: report::rounded(export::pdf::effective_ppi(img, frame)),
                    embedding: prepared.images[*image].conversion.clone(),
                });
            }
            FrameItem::Image { .. } | FrameItem::Rule { .. } | FrameItem::Fill { .. } => {}
        }
    }
    Report {
        version: 1,
        ok: true,
        error: None,
        pages: flowed.pages.len(),
        folds_mm: folds
            .iter()
            .map(|f| {
                f.iter()
                    .map(|x| report::rounded(units::to_mm(*x)))
                    .collect()
            })
            .collect(),
        frames: report::frames(&flowed.frames, page_height),
        smallest_font_size_pt: smallest,
        portrait,
        overflow: None,
        print: None,
        totals,
        lines,
        warnings: prepared.warnings.clone(),
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
