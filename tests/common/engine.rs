//! Helpers for the print tests: render in process under a profile, make interviews
//! with generated portraits.

use super::example;
use barakcha::layout::Layout;
use barakcha::profile::{Overrides, PrintProfile};
use barakcha::source::Source;
use barakcha::{Engine, Rendered, interview::Interview};
use std::path::{Path, PathBuf};

/// A built-in profile with overrides applied.
pub fn profile(name: &str, overrides: Overrides) -> PrintProfile {
    let mut p = PrintProfile::builtin(name).unwrap();
    p.apply(&overrides).unwrap();
    p
}

/// Renders `interview` in process with the default layout under `profile`.
pub fn render_with(interview: &Path, profile: PrintProfile) -> Result<Rendered, String> {
    let engine = Engine::new(Layout::builtin())
        .and_then(|e| e.with_profile(profile))
        .map_err(|d| d.to_string())?;
    let interview =
        Interview::parse(Source::read(interview).unwrap()).map_err(|d| d.to_string())?;
    engine
        .render_as(&interview, "leaflet.pdf")
        .map_err(|f| f.diagnostic.to_string())
}

/// The example interview copied into `dir` with `portrait` as its picture.
pub fn interview_with_portrait(dir: &Path, portrait: &[u8]) -> PathBuf {
    let text = std::fs::read_to_string(example()).unwrap();
    std::fs::write(dir.join("portrait.jpg"), portrait).unwrap();
    let path = dir.join("interview.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A JPEG of `w`×`h` pixels in `colour`, a smooth gradient.
pub fn jpeg(w: u16, h: u16, colour: jpeg_encoder::ColorType) -> Vec<u8> {
    let n = match colour {
        jpeg_encoder::ColorType::Cmyk => 4,
        jpeg_encoder::ColorType::Luma => 1,
        _ => 3,
    };
    let px: Vec<u8> = (0..w as usize * h as usize * n)
        .map(|i| ((i / n) % 256) as u8 / 2 + 40)
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&px, w, h, colour)
        .unwrap();
    out
}
