//! What the server keeps between requests: the session, the last good build and its
//! geometry, the pages drawn for it, the state the page shows, and the event streams.

use crate::export::preview::{self, Guides, Options, Overlays};
use crate::live::{Build, Session};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Server state, behind one lock.
pub struct Shared {
    session: Session,
    /// The last build that has pages (a leaflet, or a draft of an overflow).
    good: Option<(Build, Guides)>,
    /// The state JSON of the latest build (good or not).
    state: Vec<u8>,
    /// Rebuilds so far; the page asks for images of this one.
    generation: u64,
    /// PNGs drawn for the good build: (page, overlays) → bytes.
    drawn: Vec<((usize, Overlays), Vec<u8>)>,
    /// The overlays the page asked for last: drawn ahead on the next save.
    wanted: Overlays,
    /// The figures of the last good build, shown under an error.
    figures: Option<Value>,
    /// Open event streams.
    pub clients: Vec<Box<dyn Write + Send>>,
}

impl Shared {
    /// The state of a session not built yet.
    pub fn new(session: Session) -> Shared {
        Shared {
            session,
            good: None,
            state: b"{}".to_vec(),
            generation: 0,
            drawn: Vec::new(),
            wanted: Overlays::DEFAULT,
            figures: None,
            clients: Vec::new(),
        }
    }

    /// Rebuilds after `changed` (saved at `saved`), draws the pages ahead, tells every
    /// page; prints one line. Returns the files to watch.
    pub fn rebuild(&mut self, changed: &[PathBuf], saved: Option<Instant>) -> Vec<PathBuf> {
        let build = self.session.build(changed);
        self.generation += 1;
        let error = build.error().map(error_json);
        let guides = build
            .sheet(None)
            .is_some()
            .then(|| self.session.guides(&build))
            .flatten();
        if let Some(r) = build.report() {
            self.figures = Some(figures_json(r, guides.as_ref()));
        }
        let figures = self.figures.clone();
        if let Some(g) = guides {
            self.drawn.clear();
            self.good = Some((build, g));
        }
        let started = Instant::now();
        let pages = self
            .good
            .as_ref()
            .map_or(0, |(b, _)| b.sheet(None).map_or(0, |s| s.pages.len()));
        for page in 0..pages {
            self.png(page, self.wanted);
        }
        let drawn_ms = started.elapsed().as_secs_f64() * 1e3;
        let save_ms = saved.map(|s| s.elapsed().as_secs_f64() * 1e3);
        self.state = self.state_of(error, figures, drawn_ms, save_ms);
        self.notify();
        self.session.inputs()
    }

    /// The state JSON the page reads.
    pub fn state_json(&self) -> Vec<u8> {
        self.state.clone()
    }

    fn state_of(
        &self,
        error: Option<Value>,
        figures: Option<Value>,
        drawn_ms: f64,
        save_ms: Option<f64>,
    ) -> Vec<u8> {
        let built_ms = self.good.as_ref().map(|(b, _)| b.took.as_secs_f64() * 1e3);
        let pages = self.good.as_ref().map_or(vec![], |(_, g)| pages_json(g));
        let line = format!(
            "rebuild {}: {}",
            self.generation,
            match &error {
                Some(e) => format!("error: {}", e["text"].as_str().unwrap_or("")),
                None => format!(
                    "built in {:.1} ms, pages drawn in {drawn_ms:.1} ms",
                    built_ms.unwrap_or(0.0)
                ),
            }
        );
        // One line per rebuild, as `watch` prints; a closed stderr is no reason to stop.
        let _ = writeln!(std::io::stderr(), "{line}");
        let state = json!({
            "generation": self.generation,
            "ok": error.is_none(),
            "error": error,
            "figures": figures,
            "built_ms": built_ms,
            "drawn_ms": drawn_ms,
            "save_ms": save_ms,
            "pages": pages,
            "overlays": preview::Overlay::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
        });
        serde_json::to_vec(&state).expect("plain JSON")
    }

    /// Page `index` of the last good build with `overlays`, drawn once per build.
    pub fn png(&mut self, index: usize, overlays: Overlays) -> Option<Vec<u8>> {
        self.wanted = overlays;
        if let Some((_, png)) = self.drawn.iter().find(|(k, _)| *k == (index, overlays)) {
            return Some(png.clone());
        }
        let (build, guides) = self.good.as_ref()?;
        let options = Options {
            dpi: 100.0,
            overlays,
            page: Some(index),
        };
        let (_, pixmap) = self.session.draw(build, Some(guides), &options).pop()?;
        let png = preview::png(&pixmap);
        // Only this build's pages, at a few overlay sets: memory stays flat.
        if self.drawn.len() >= 8 {
            self.drawn.remove(0);
        }
        self.drawn.push(((index, overlays), png.clone()));
        Some(png)
    }

    /// Tells every open page that a new build is ready; forgets pages that are gone.
    fn notify(&mut self) {
        self.send(&format!("data: {}\n\n", self.generation));
    }

    /// Sends every open page a comment (which it ignores); forgets pages that are gone.
    pub fn ping(&mut self) {
        self.send(": ping\n\n");
    }

    fn send(&mut self, event: &str) {
        self.clients.retain_mut(|c| {
            c.write_all(event.as_bytes())
                .and_then(|()| c.flush())
                .is_ok()
        });
    }
}

/// The error as the page shows it: the text, and where.
fn error_json(d: &crate::diag::Diagnostic) -> Value {
    let at = d.location.as_ref();
    json!({
        "text": d.to_string(),
        "file": at.map(|l| l.file.display().to_string()),
        "line": at.map(|l| l.line),
        "column": at.map(|l| l.column),
    })
}

/// The report's headline figures, with the type the story is set in and how full its
/// columns are (the copyfit's choice and fill).
fn figures_json(r: &crate::export::report::Report, guides: Option<&Guides>) -> Value {
    let copyfit = guides.map(|g| {
        let chosen = r.story.as_ref().and_then(|s| s.copyfit.as_ref());
        json!({
            "size_pt": g.body.0,
            "leading_pt": g.body.1,
            "fill": g.story_fill().map(|f| (f * 1000.0).round() / 1000.0),
            "limited_by": chosen.map(|c| c.limited_by),
            "size_range_pt": chosen.map(|c| c.size_range_pt),
            "fillers": chosen.map(|c| &c.fillers),
        })
    });
    json!({
        "copyfit": copyfit,
        "folds_mm": r.folds_mm,
        "pages": r.pages,
        "lines": r.totals.lines,
        "loose": r.totals.stretched_beyond_1,
        "hyphens": r.totals.hyphenated,
        "max_ratio": r.totals.max_ratio,
        "overflow": r.overflow.as_ref().map(|o| json!({"block": o.block, "lines": o.lines})),
        "warnings": r.warnings,
    })
}

/// Each page's lines, their boxes as fractions of the page image (bleed included).
fn pages_json(guides: &Guides) -> Vec<Value> {
    guides
        .pages
        .iter()
        .map(|g| {
            let (w, h) = (g.size.width + 2.0 * g.bleed, g.size.height + 2.0 * g.bleed);
            let lines: Vec<Value> = g
                .lines
                .iter()
                .map(|l| {
                    let r = l.rect;
                    json!({
                        "x": (r.x + g.bleed) / w,
                        "y": (g.size.height + g.bleed - r.y - r.height) / h,
                        "w": r.width / w,
                        "h": r.height / h,
                        "block": l.block,
                        "column": l.column,
                        "frame": l.frame,
                        "panel": l.panel,
                        "ratio": (l.ratio * 1000.0).round() / 1000.0,
                        "hyphen": l.hyphen,
                        "loose": l.loose,
                        "text": l.text,
                    })
                })
                .collect();
            let folds: Vec<f64> = g.folds.iter().map(|x| (x + g.bleed) / w).collect();
            json!({ "lines": lines, "folds": folds, "width_mm": crate::units::to_mm(w), "height_mm": crate::units::to_mm(h) })
        })
        .collect()
}
