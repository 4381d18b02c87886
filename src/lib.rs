//! barakcha: a candidate interview and a layout in, a print-ready A4 PDF leaflet out.
//!
//! The pipeline, one module per stage; data flows one way:
//! load ([`interview`], [`layout`], [`profile`], fonts) → [`style`] → [`text`] (shape,
//! hyphenate, Knuth–Plass) → [`copyfit`] (the story's size and leading chosen from the
//! layout's ranges, the fillers grown) → [`flow`] (frames placed, the story threaded
//! through its chain, balance) → [`frame`]
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
pub mod copyfit;
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
mod typeset;
pub mod units;

use diag::{Diagnostic, Result};
pub use draft::Draft;
use export::report::{self, Report};
use frame::FrameItem;
use interview::Interview;
use layout::Layout;
use profile::PrintProfile;
use text::cache::WordCache;
use text::font::FontBook;
use text::hyphenate::Hyphenator;
use text::items::{Fragment, ItemBuilder, ParStyle};

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
        report.story = Some(copyfit::report(&self.layout, &flowed));
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
        story: None,
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
