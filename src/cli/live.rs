//! `preview`, `watch` and `serve` at the terminal: the library's live [`Session`] with
//! files written, one line per rebuild, and the local web page.

use barakcha::diag::{Diagnostic, Result};
use barakcha::export::preview::{self, Options, Overlays};
use barakcha::live::watch::Watcher;
use barakcha::live::{Build, Outcome, Session, Setup};
use barakcha::output::write_atomic;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `barakcha preview`: PNG pages; exit 1 (after writing them) when the text overflows.
pub fn preview(setup: Setup, out: &Path, options: Options) -> Result<()> {
    let mut session = Session::new(setup);
    let build = session.build(&[]);
    if let Outcome::Broken(d) = build.outcome {
        return Err(d);
    }
    let started = Instant::now();
    let guides = session.guides(&build);
    let pages = session.draw(&build, guides.as_ref(), &options);
    if pages.is_empty() {
        return Err(Diagnostic::error(format!(
            "there is no page {} (the leaflet has {})",
            options.page.map_or(0, |p| p + 1),
            build.report().map_or(0, |r| r.pages)
        )));
    }
    let count = pages.len();
    for (index, pixmap) in &pages {
        let path = page_path(out, *index, count);
        write_atomic(&path, &preview::png(pixmap))?;
        say!(
            "wrote {} ({}×{} px)",
            path.display(),
            pixmap.width(),
            pixmap.height()
        );
    }
    say!(
        "built in {:.1} ms, drawn in {:.1} ms",
        ms(build.took),
        ms(started.elapsed())
    );
    match build.outcome {
        Outcome::Overflow(_, d) => {
            Err(d.hint("the preview shows what fits, and a red box where it overflows"))
        }
        _ => Ok(()),
    }
}

/// Where page `index` (from 0) of `count` drawn pages goes: `OUT` itself for one page
/// named `.png`, else `OUT-N.png` (the stem of `OUT.png`, or `OUT` as a prefix).
pub fn page_path(out: &Path, index: usize, count: usize) -> PathBuf {
    let is_png = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if is_png && count == 1 {
        return out.to_path_buf();
    }
    let stem = if is_png {
        out.with_extension("")
    } else {
        out.to_path_buf()
    };
    let mut name = stem.into_os_string();
    name.push(format!("-{}.png", index + 1));
    PathBuf::from(name)
}

/// Milliseconds, for timing lines.
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The report's headline figures, for one line per rebuild.
pub fn figures(build: &Build) -> String {
    let Some(r) = build.report() else {
        return String::new();
    };
    let t = &r.totals;
    let overflow = r.overflow.as_ref().map_or("no overflow".to_string(), |o| {
        format!("OVERFLOW {} lines ({})", o.lines, o.block)
    });
    format!(
        "{} pages, {} lines, {} loose, {} hyphens, {overflow}, {} warnings",
        r.pages,
        t.lines,
        t.stretched_beyond_1,
        t.hyphenated,
        r.warnings.len()
    )
}

/// The time of day (UTC), for the rebuild lines.
pub fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let s = secs % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `barakcha watch`: rebuild on every save; the PDF (and PNG pages) replaced only by a
/// good build. Runs until interrupted.
pub fn watch(setup: Setup, pdf: &Path, png: Option<&Path>) -> Result<()> {
    let mut session = Session::new(setup);
    let mut watcher =
        Watcher::new().map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
    if let Some(dir) = png {
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::in_file(dir, format!("cannot create the PNG folder: {e}")))?;
    }
    let (mut changed, mut saved) = (Vec::new(), None);
    loop {
        let build = session.build(&changed);
        let (timing, what) = match written(&session, &build, pdf, png) {
            Ok(line) => line,
            Err(d) => (String::new(), format!("cannot write: {d}")),
        };
        let latency = saved.map_or(String::new(), |s: Instant| {
            format!(", {:.0} ms from the save", ms(s.elapsed()))
        });
        say!("[{}] {timing}{latency}: {what}", clock());
        watcher
            .set(&session.inputs())
            .map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
        match watcher.next() {
            Some((c, at)) => (changed, saved) = (c, Some(at)),
            None => return Ok(()),
        }
    }
}

/// Writes what a build made; says how long it took, and what it made (or the error, in full).
fn written(
    session: &Session,
    build: &Build,
    pdf: &Path,
    png: Option<&Path>,
) -> Result<(String, String)> {
    let started = Instant::now();
    let mut pngs = 0;
    if let Some(dir) = png {
        let options = Options {
            dpi: 100.0,
            overlays: Overlays::DEFAULT,
            page: None,
        };
        let guides = session.guides(build);
        let pages = session.draw(build, guides.as_ref(), &options);
        for (index, bytes) in preview::pngs(&pages) {
            write_atomic(&page_path(&dir.join("page.png"), index, 2), &bytes)?;
            pngs += 1;
        }
    }
    let drawn = started.elapsed();
    let timing = format!(
        "built in {:.1} ms{}, pages drawn in {:.1} ms",
        ms(build.took),
        if build.reloaded {
            " (layout loaded)"
        } else {
            ""
        },
        ms(drawn)
    );
    match &build.outcome {
        Outcome::Rendered(r) => {
            write_atomic(pdf, &r.pdf)?;
            for w in &r.report.warnings {
                say!("{}", Diagnostic::warning(w.clone()));
            }
            Ok((timing, format!("{} → {}", figures(build), pdf.display())))
        }
        Outcome::Overflow(_, d) => Ok((
            timing,
            format!(
                "{}; {} kept, {pngs} PNG pages show the overflow\n{d}",
                figures(build),
                pdf.display()
            ),
        )),
        Outcome::Broken(d) => Ok((
            timing,
            format!("error, the last good {} is kept\n{d}", pdf.display()),
        )),
    }
}
