//! The designer's live loop: one [`Session`] keeps the engine (layout, fonts, profile)
//! loaded between saves, rebuilds the leaflet when a file changes, and draws its pages
//! for a preview. `watch` and `serve` are thin shells over it.
//!
//! A save of the interview (or the portrait) reuses the loaded engine; a save of the
//! layout, the print profile, a font or the exceptions file reloads it. A broken edit
//! never loses the last good build: the caller keeps it and shows the error over it.

pub mod watch;

use crate::diag::Diagnostic;
use crate::export::preview::{Guides, Options, Rasteriser, Sheet};
use crate::interview::Interview;
use crate::layout::Layout;
use crate::profile::PrintProfile;
use crate::source::Source;
use crate::{Draft, Engine, Failure, Rendered};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tiny_skia::Pixmap;

/// The files a session builds from, as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// The interview file.
    pub interview: PathBuf,
    /// A layout file; the built-in default when `None`.
    pub layout: Option<PathBuf>,
    /// A print profile: a built-in name or a file; the default when `None`.
    pub profile: Option<String>,
    /// `render`'s print settings given over the profile (`--bleed`, `--marks`, `--pdfx`, `--outline-text`).
    pub overrides: crate::profile::Overrides,
    /// `--no-hyphenation`.
    pub no_hyphenation: bool,
    /// `--allow-outside-paths`: the portrait and logo may be any path.
    pub allow_outside_paths: bool,
}

/// What one rebuild gave.
pub enum Outcome {
    /// A leaflet: the PDF, its report and its pages.
    Rendered(Box<Rendered>),
    /// The text does not fit: no PDF, but the pages with what fits, and the error.
    Overflow(Box<Draft>, Box<Diagnostic>),
    /// A broken input: only the error.
    Broken(Box<Diagnostic>),
}

/// One rebuild and how long it took.
pub struct Build {
    /// What came of it.
    pub outcome: Outcome,
    /// Loading, typesetting and writing the PDF in memory.
    pub took: Duration,
    /// Whether the engine (layout, fonts, profile) was loaded again for it.
    pub reloaded: bool,
}

impl Build {
    /// The pages to draw, with their images and geometry, unless the build is broken.
    pub fn sheet<'a>(&'a self, guides: Option<&'a Guides>) -> Option<Sheet<'a>> {
        let (pages, images) = match &self.outcome {
            Outcome::Rendered(r) => (&r.pages, &r.images),
            Outcome::Overflow(d, _) => (&d.pages, &d.images),
            Outcome::Broken(_) => return None,
        };
        Some(Sheet {
            pages,
            images,
            guides,
        })
    }

    /// The error, if the build made no PDF.
    pub fn error(&self) -> Option<&Diagnostic> {
        match &self.outcome {
            Outcome::Rendered(_) => None,
            Outcome::Overflow(_, d) | Outcome::Broken(d) => Some(d),
        }
    }

    /// The report: full for a leaflet, lines and overflow for a draft.
    pub fn report(&self) -> Option<&crate::export::report::Report> {
        match &self.outcome {
            Outcome::Rendered(r) => Some(&r.report),
            Outcome::Overflow(d, _) => Some(&d.report),
            Outcome::Broken(_) => None,
        }
    }
}

/// The engine and the rasteriser that goes with its fonts.
struct Loaded {
    engine: Engine,
    raster: Rasteriser,
}

/// A live loop's state between saves.
pub struct Session {
    setup: Setup,
    loaded: Option<Loaded>,
    /// The portrait and logo of the last interview that loaded.
    pictures: Vec<PathBuf>,
}

impl Session {
    /// A session over `setup`; nothing is loaded until the first [`Session::build`].
    pub fn new(setup: Setup) -> Session {
        // Absolute paths, as the watcher reports them.
        let setup = Setup {
            interview: watch::absolute(&setup.interview),
            layout: setup.layout.as_deref().map(watch::absolute),
            ..setup
        };
        Session {
            setup,
            loaded: None,
            pictures: Vec::new(),
        }
    }

    /// Rebuilds after `changed` files changed (all of them on the first build).
    pub fn build(&mut self, changed: &[PathBuf]) -> Build {
        let started = Instant::now();
        let reload = self.loaded.is_none() || changed.iter().any(|p| !self.is_text_input(p));
        if reload {
            // Drop the old engine first: fonts and caches are not held twice.
            self.loaded = None;
            match self.load() {
                Ok(l) => self.loaded = Some(l),
                Err(d) => return self.finish(Outcome::Broken(d), started, true),
            }
        }
        let outcome = self.render();
        self.finish(outcome, started, reload)
    }

    fn finish(&self, outcome: Outcome, started: Instant, reloaded: bool) -> Build {
        Build {
            outcome,
            took: started.elapsed(),
            reloaded,
        }
    }

    /// Whether `path` is read per leaflet (interview, portrait), not by the engine.
    fn is_text_input(&self, path: &Path) -> bool {
        path == self.setup.interview || self.pictures.iter().any(|p| p == path)
    }

    fn load(&self) -> crate::diag::Result<Loaded> {
        let mut layout = match &self.setup.layout {
            Some(p) => Layout::load(p)?,
            None => Layout::builtin(),
        };
        layout.hyphenation.enabled &= !self.setup.no_hyphenation;
        let mut profile = match &self.setup.profile {
            Some(arg) => PrintProfile::load(arg)?,
            None => PrintProfile::builtin_default(),
        };
        profile.apply(&self.setup.overrides)?;
        let raster = Rasteriser::new(&profile);
        let engine = Engine::with_print(layout, profile)?;
        Ok(Loaded { engine, raster })
    }

    fn render(&mut self) -> Outcome {
        let Some(loaded) = &self.loaded else {
            return Outcome::Broken(Diagnostic::error("the layout is not loaded"));
        };
        let options = crate::interview::LoadOptions {
            allow_outside_paths: self.setup.allow_outside_paths,
        };
        let parse = |source| Interview::parse_with(source, options);
        let interview = match read(&self.setup.interview, "interview").and_then(parse) {
            Ok(i) => i,
            Err(d) => return Outcome::Broken(d),
        };
        let logo = interview.campaign.logo.as_ref();
        self.pictures = (interview
            .portrait
            .as_ref()
            .map(|p| p.path.clone())
            .into_iter())
        .chain(logo.map(|l| l.get_ref().clone()))
        .collect();
        match loaded.engine.render(&interview) {
            Ok(r) => Outcome::Rendered(Box::new(r)),
            Err(Failure { diagnostic, report }) if report.overflow.is_some() => {
                match loaded.engine.draft(&interview) {
                    Ok(draft) => Outcome::Overflow(Box::new(draft), diagnostic),
                    Err(f) => Outcome::Broken(f.diagnostic),
                }
            }
            Err(f) => Outcome::Broken(f.diagnostic),
        }
    }

    /// The geometry of the build's pages, for overlays and the live page's line boxes.
    pub fn guides(&self, build: &Build) -> Option<Guides> {
        let layout = &self.loaded.as_ref()?.engine.layout;
        match &build.outcome {
            Outcome::Rendered(r) => Some(Guides::new(layout, &r.pages, &r.lines, &r.report, None)),
            Outcome::Overflow(d, _) => Some(Guides::new(
                layout,
                &d.pages,
                &d.lines,
                &d.report,
                d.overflow.as_ref(),
            )),
            Outcome::Broken(_) => None,
        }
    }

    /// Draws the build's pages (none for a broken build).
    pub fn draw(
        &self,
        build: &Build,
        guides: Option<&Guides>,
        options: &Options,
    ) -> Vec<(usize, Pixmap)> {
        let (Some(loaded), Some(sheet)) = (&self.loaded, build.sheet(guides)) else {
            return vec![];
        };
        loaded.raster.draw(&loaded.engine.fonts, &sheet, options)
    }

    /// Every file the leaflet is made from, to watch: interview, portrait, logo, layout,
    /// print profile, font files and the hyphenation exceptions.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut files = vec![self.setup.interview.clone()];
        files.extend(self.pictures.iter().cloned());
        if let Some(p) = &self.setup.profile {
            if p.ends_with(".toml") || p.contains(['/', '\\']) {
                files.push(PathBuf::from(p));
            }
        }
        let Some(layout_file) = &self.setup.layout else {
            return files;
        };
        files.push(layout_file.clone());
        if let Some(loaded) = &self.loaded {
            let layout = &loaded.engine.layout;
            let dir = layout_file.parent().unwrap_or(Path::new("."));
            let fonts = layout.fonts.values().filter(|f| !f.starts_with("bundled:"));
            files.extend(fonts.map(|f| dir.join(f)));
            files.extend(layout.hyphenation.exceptions.iter().map(|e| dir.join(e)));
        }
        files
    }
}

fn read(path: &Path, what: &str) -> crate::diag::Result<Source> {
    Source::read(path)
        .map_err(|e| Diagnostic::in_file(path, format!("cannot read the {what}: {e}")))
}
