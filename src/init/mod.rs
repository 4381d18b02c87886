//! `barakcha init`: a new candidate folder to fill in, ready for `watch` or `serve`: an
//! interview with every field present and explained (placeholders that render), a
//! placeholder portrait drawn here, and a layout to edit.

use crate::diag::{Diagnostic, Result};
use crate::lang::Lang;
use std::path::{Path, PathBuf};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Transform};

/// The interview templates.
const INTERVIEW_KY: &str = include_str!("interview.ky.toml");
const INTERVIEW_RU: &str = include_str!("interview.ru.toml");

/// The layout file written: it `extends` the default and lists, commented, the keys a
/// designer changes first, so the default's later fixes still reach this candidate.
const LAYOUT: &str = include_str!("layout.toml");

/// Portrait placeholder size: a little over 300 ppi at the default layout's portrait
/// (58.7 × 94 mm: 308 ppi).
const PORTRAIT: (u32, u32) = (720, 1140);

/// Creates `dir` (or fills an empty one) with interview.toml, layout.toml and
/// portrait.png; the files written. Never overwrites a file.
pub fn init(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>> {
    let interview = match lang {
        Lang::Ru => INTERVIEW_RU,
        _ => INTERVIEW_KY,
    };
    let files: [(&str, Vec<u8>); 3] = [
        ("interview.toml", interview.as_bytes().to_vec()),
        ("layout.toml", LAYOUT.as_bytes().to_vec()),
        ("portrait.png", portrait()),
    ];
    for (name, _) in &files {
        let path = dir.join(name);
        if path.exists() {
            return Err(
                Diagnostic::in_file(&path, "already exists; init never overwrites a file")
                    .hint("choose a new folder, or move the file away"),
            );
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::in_file(dir, format!("cannot create the folder: {e}")))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        crate::output::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// A neutral silhouette on a light ground, as a PNG: plainly a placeholder.
pub fn portrait() -> Vec<u8> {
    let (w, h) = PORTRAIT;
    let mut pixmap = Pixmap::new(w, h).expect("a fixed, valid size");
    pixmap.fill(Color::from_rgba8(205, 212, 222, 255));
    let mut paint = Paint::default();
    paint.set_color(Color::from_rgba8(120, 128, 140, 255));
    paint.anti_alias = true;
    let (w, h) = (w as f32, h as f32);
    let head = PathBuilder::from_circle(w / 2.0, h * 0.36, w * 0.17);
    let mut shoulders = PathBuilder::new();
    shoulders.push_oval(
        tiny_skia::Rect::from_xywh(w * 0.12, h * 0.6, w * 0.76, h * 0.7).expect("inside the image"),
    );
    for path in [head, shoulders.finish()].into_iter().flatten() {
        pixmap.fill_path(
            &path,
            &paint,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    crate::export::preview::png(&pixmap)
}
