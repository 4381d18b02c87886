//! barakcha: a candidate interview and a layout in, a print-ready A4 PDF leaflet out.
//!
//! The pipeline, one module per stage; data flows one way:
//! load ([`interview`], [`layout`], [`profile`], fonts) → [`style`] → [`text`] (shape,
//! hyphenate, Knuth–Plass) → [`flow`] (columns, portrait, imprint, balance) → [`frame`]
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
pub mod diag;
mod draft;
pub mod export;
pub mod flow;
pub mod frame;
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
        fits_roughly(interview, &self.layout)?;
        // 1. Load the portrait (headers only for JPEG).
        let portrait = load_portrait(interview)?;
        timings.mark("portrait");
        // 2. Style, set and flow the text; overflow is an error.
        let (mut flowed, _) = self.typeset(interview, portrait.as_ref(), &mut timings, false)?;
        // 3. Print: the profile's bleed, image resolution and colour.
        print::set_bleed(&self.profile, &mut flowed.pages)
            .map_err(|o| overset_error(interview, &o))?;
        let images: Vec<image::Image> = portrait.into_iter().collect();
        let mut prepared = print::prepare(&self.profile, &flowed.pages, &images)
            .map_err(|m| portrait_error(interview, m))?;
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
        let height = self.layout.page.height.pt();
        let mut report = build_report(&flowed, &images, &prepared, height);
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
        portrait: Option<&image::Image>,
        timings: &mut Timings,
        fit: bool,
    ) -> std::result::Result<(flow::Flowed, Option<flow::Overflow>), Failure> {
        let blocks = style::style(interview, &self.layout, &self.fonts)?;
        timings.mark("style");
        let (text_width, column) = (self.layout.text_width(), self.layout.column_width());
        let mut all: Vec<(&style::Block, f64, bool)> = blocks
            .header
            .iter()
            .map(|b| (b, text_width, false))
            .collect();
        all.extend(blocks.caption.iter().map(|b| (b, column, false)));
        let imprint_measure = flow::imprint::ImprintColumns::of(&self.layout).measure;
        all.push((&blocks.imprint, imprint_measure, false));
        all.extend(blocks.body.iter().map(|b| (b, column, true)));
        let mut set = self.set_blocks(interview.lang, &all).into_iter();
        timings.mark("set");
        let mut take = |n: usize| -> Vec<(SetBlock, Vec<Option<Arc<items::Paragraph>>>)> {
            set.by_ref().take(n).collect()
        };
        let header: Vec<SetBlock> = take(blocks.header.len()).into_iter().map(|b| b.0).collect();
        let caption = take(blocks.caption.iter().count()).pop().map(|b| b.0);
        let imprint = take(1).pop().expect("the imprint was set").0;
        // Body paragraphs that could take a line more or fewer keep their outlines:
        // flow may try them so to balance the columns.
        let (body, outlines): (Vec<SetBlock>, Vec<_>) = take(blocks.body.len()).into_iter().unzip();
        let rebreak = Rebreaks {
            engine: self,
            lang: interview.lang,
            measure: column,
            paragraphs: blocks.body.iter().flat_map(|b| &b.paragraphs).collect(),
            outlines: outlines.into_iter().flatten().collect(),
            shapes: Mutex::default(),
        };
        let blocks = header.iter().chain(&body).chain(&caption).chain([&imprint]);
        let glyphs = glyph_sets(&self.fonts, blocks);
        let input = FlowInput {
            layout: &self.layout,
            header,
            body,
            caption,
            imprint,
            portrait: portrait.map(|p| {
                let (w, h) = p.displayed();
                (0, w as f64 / h as f64)
            }),
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
            diagnostic: locate_overflow(interview, &o.diagnostic(), &o.kind.name()),
            report: report::failed(
                locate_overflow(interview, &o.diagnostic(), &o.kind.name()).to_string(),
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

/// An error about the portrait, at the interview's `[portrait] file = …`.
/// Points an overflow at the text it names (`question 3 answer`) in the interview file.
fn locate_overflow(interview: &Interview, d: &Diagnostic, block: &str) -> Box<Diagnostic> {
    let texts = interview.texts();
    let span = texts
        .iter()
        .find(|(name, _)| name == block)
        .map(|(_, t)| t.span());
    let mut located = match span {
        Some(span) => Diagnostic::at(&interview.source, span, d.message.clone()),
        None => Diagnostic::in_file(&interview.source.path, d.message.clone()),
    };
    located.hints.clone_from(&d.hints);
    located
}

/// Refuses, before any setting, an interview whose text is many times what the pages
/// hold: a 4 MB answer took seconds and gigabytes only to be told it does not fit. The
/// estimate is generous (narrow letters, every line full), so nothing that could fit is
/// refused; what might fit is set and measured exactly.
fn fits_roughly(interview: &Interview, layout: &Layout) -> Result<()> {
    let body = &layout.styles.answer;
    let page = &layout.page;
    let height = page.height.pt() - page.margin_top.pt() - page.margin_bottom.pt();
    let lines_per_column = (height / body.leading.pt().max(1.0)).ceil();
    let lines = lines_per_column * (page.columns * page.pages) as f64;
    // A third of an em per letter is narrower than any Cyrillic text set in a book face.
    let per_line = layout.column_width() / (body.size.pt() / 3.0).max(0.1);
    let capacity = lines * per_line;
    let texts = interview.texts();
    let chars: usize = texts.iter().map(|(_, t)| t.get_ref().chars().count()).sum();
    if (chars as f64) <= capacity * 2.0 {
        return Ok(());
    }
    let (name, longest) = texts
        .iter()
        .max_by_key(|(_, t)| t.get_ref().len())
        .expect("an interview has texts");
    let sides = if page.pages == 1 { "1 side" } else { "2 sides" };
    Err(Diagnostic::at(
        &interview.source,
        longest.span(),
        format!(
            "the text does not fit: {chars} characters, where {sides} of this layout hold at most about {:.0}; the longest text is the {name}",
            capacity
        ),
    )
    .hint("shorten the text, or use a layout with more room (a larger page, more columns, smaller type)"))
}

/// A word too wide for its column, pointed at in the interview file.
fn overset_error(interview: &Interview, o: &print::Overset) -> Box<Diagnostic> {
    let word = o.text.trim();
    let shown = diag::cut(word, 60);
    let message = format!(
        "«{shown}» is {:.0} mm wide, too wide for its column on page {}, and cannot be set",
        units::to_mm(o.width),
        o.page
    );
    let source = &interview.source;
    // The word as written, else its longest run of letters and digits (the typographic
    // rules may have changed quotes or dashes around it).
    let longest = word
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|run| run.len())
        .unwrap_or_default();
    let found = [word, longest]
        .into_iter()
        .filter(|probe| !probe.is_empty())
        .find_map(|probe| source.text.find(probe).map(|at| at..at + probe.len()));
    let d = match found {
        Some(span) => Diagnostic::at(source, span, message),
        None => Diagnostic::in_file(&source.path, message),
    };
    d.hint("break it with a space or a hyphen, or shorten it (a web address: a short link); or choose a wider column in the layout")
}

fn portrait_error(interview: &Interview, message: String) -> Failure {
    // What to do depends on what is wrong: too coarse, too large, or not convertible.
    let hint = if message.contains(" ppi") {
        "use a picture with more pixels (300 ppi at the placed size), or a profile that accepts it"
    } else if message.contains("too large") {
        "scale the picture down: 300 ppi at the placed size is enough (about 700 × 900 pixels for the default layout)"
    } else {
        "export the picture again as an sRGB JPEG, or print with the digital-x4 profile, which keeps it as it is"
    };
    let mut d = Diagnostic::error(message).hint(hint);
    if let Some(p) = &interview.portrait {
        d.location = Some(interview.source.location(p.span.start));
        d.excerpt = Some(interview.source.excerpt(p.span.clone()));
    }
    d.into()
}

fn load_portrait(interview: &Interview) -> Result<Option<image::Image>> {
    let Some(p) = &interview.portrait else {
        return Ok(None);
    };
    let image = match &p.bytes {
        Some(bytes) => image::decode(&p.path, bytes.clone()),
        None => image::load(&p.path),
    };
    image.map(Some).map_err(|mut d| {
        // Point at the interview's `file = …`, where the user fixes it.
        d.message = format!("{} ({})", d.message, p.path.display());
        d.location = Some(interview.source.location(p.span.start));
        d.excerpt = Some(interview.source.excerpt(p.span.clone()));
        d
    })
}

fn build_report(
    flowed: &flow::Flowed,
    images: &[image::Image],
    prepared: &print::Prepared,
    page_height: f64,
) -> Report {
    let (lines, totals) = report::lines(&flowed.lines, page_height);
    let mut smallest = f64::INFINITY;
    let mut portrait = None;
    for item in flowed.pages.iter().flat_map(|p| &p.items) {
        match item {
            FrameItem::Text { fragment, .. } => smallest = smallest.min(fragment.size),
            FrameItem::Image { image, frame } => {
                let img = &images[*image];
                portrait = Some(report::PortraitReport {
                    pixels: [img.width, img.height],
                    effective_ppi: report::rounded(export::pdf::effective_ppi(img, frame)),
                    embedding: prepared.images[*image].conversion.clone(),
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
