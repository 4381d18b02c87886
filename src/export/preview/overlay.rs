//! Overlays a designer turns on over the preview: trim, bleed, safe zone, the column and
//! baseline grids, named frames, lines beyond the spacing limits, added hyphens, and the
//! overflow. They are drawn from [`Guides`], never printed.

use super::guides::PageGuides;
use super::paint::{Map, solid};
use crate::frame::Rect;
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

/// One overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The trim line.
    Trim,
    /// The bleed, shaded: what the knife cuts off.
    Bleed,
    /// The safe zone, 3 mm inside the trim, dashed.
    Safe,
    /// The layout's columns, tinted.
    Columns,
    /// The body's baseline grid.
    Baselines,
    /// The frames flow placed, with their names and the story's chain order.
    Frames,
    /// Lines justified beyond the spacing limits, tinted.
    Spacing,
    /// Added hyphens at line ends, marked.
    Hyphens,
    /// Text that does not fit: a red box with the number of lines over.
    Overflow,
    /// Fold lines, dashed, and the panels between them, outlined and numbered.
    Folds,
}

impl Overlay {
    /// Every overlay, with its name on the command line and in the live page.
    pub const ALL: [(Overlay, &'static str); 10] = [
        (Overlay::Trim, "trim"),
        (Overlay::Bleed, "bleed"),
        (Overlay::Safe, "safe"),
        (Overlay::Columns, "columns"),
        (Overlay::Baselines, "baselines"),
        (Overlay::Frames, "frames"),
        (Overlay::Spacing, "spacing"),
        (Overlay::Hyphens, "hyphens"),
        (Overlay::Overflow, "overflow"),
        (Overlay::Folds, "folds"),
    ];
}

/// A set of overlays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlays(u16);

impl Overlays {
    /// No overlay.
    pub const NONE: Overlays = Overlays(0);

    /// The overflow box only: an overflow is an error, so a preview shows it unless told not to.
    pub const DEFAULT: Overlays = Overlays(1 << Overlay::Overflow as u16);

    /// Parses a comma-separated list: names from [`Overlay::ALL`], `all` or `none`.
    pub fn parse(list: &str) -> Result<Overlays, String> {
        let mut set = Overlays::NONE;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "all" => set = Overlays(u16::MAX),
                "none" => set = Overlays::NONE,
                _ => {
                    let found = Overlay::ALL.iter().find(|(_, n)| *n == name);
                    let names: Vec<&str> = Overlay::ALL.iter().map(|(_, n)| *n).collect();
                    let (o, _) = found.ok_or_else(|| {
                        format!(
                            "unknown overlay `{name}`: use {}, all or none",
                            names.join(", ")
                        )
                    })?;
                    set = set.with(*o);
                }
            }
        }
        Ok(set)
    }

    /// The set as bits, one per overlay in [`Overlay::ALL`] order.
    pub fn bits(self) -> u16 {
        self.0
    }

    /// A set from [`Overlays::bits`].
    pub fn from_bits(bits: u16) -> Overlays {
        Overlays(bits)
    }

    /// The set with `o` added.
    pub fn with(self, o: Overlay) -> Overlays {
        Overlays(self.0 | 1 << o as u16)
    }

    /// Whether `o` is in the set.
    pub fn has(self, o: Overlay) -> bool {
        self.0 & (1 << o as u16) != 0
    }
}

/// Colours of the overlays (screen colours: overlays are never printed).
const GUIDE: [u8; 3] = [0, 150, 220];
const FRAME: [u8; 3] = [230, 120, 0];
const ALERT: [u8; 3] = [220, 20, 30];
const HYPHEN: [u8; 3] = [200, 0, 160];
const FOLD: [u8; 3] = [0, 140, 60];

/// Draws the overlays of `set` for page `g`; `label` writes short texts.
pub fn draw(pixmap: &mut Pixmap, map: Map, g: &PageGuides, set: Overlays, label: &Labeller) {
    let mut d = Draw { pixmap, map, label };
    let trim = Rect {
        x: 0.0,
        y: 0.0,
        width: g.size.width,
        height: g.size.height,
    };
    if set.has(Overlay::Bleed) {
        d.bleed(trim, g.bleed);
    }
    if set.has(Overlay::Columns) {
        for c in &g.columns {
            d.fill(c, GUIDE, 28);
        }
    }
    if set.has(Overlay::Baselines) {
        let text = g.columns.first().map(|c| (c.x, c.y, c.y + c.height));
        let right = g.columns.last().map_or(0.0, |c| c.x + c.width);
        if let Some((left, bottom, top)) = text {
            for &y in g
                .baselines
                .iter()
                .filter(|&&y| y >= bottom - 0.01 && y <= top + 0.01)
            {
                d.line((left, y), (right, y), GUIDE, 110, 0.6, None);
            }
        }
    }
    d.lines(g, set);
    if set.has(Overlay::Folds) {
        d.folds(g);
    }
    if set.has(Overlay::Frames) {
        for (name, r) in &g.frames {
            d.outline(r, FRAME, 220, 1.0, None);
            // The name on a white tab at the frame's top left, readable over text.
            let tab = Rect {
                x: r.x,
                y: r.y + r.height - 8.0,
                width: d.label.width(name, 7.0) + 2.0,
                height: 8.0,
            };
            d.fill(&tab, [255, 255, 255], 230);
            d.text(name, r.x + 1.0, r.y + r.height - 6.0, FRAME);
        }
    }
    if set.has(Overlay::Safe) {
        let s = g.safe;
        let safe = Rect {
            x: s,
            y: s,
            width: trim.width - 2.0 * s,
            height: trim.height - 2.0 * s,
        };
        d.outline(&safe, GUIDE, 230, 1.0, Some(4.0));
    }
    if set.has(Overlay::Trim) {
        d.outline(&trim, [0, 0, 0], 255, 1.0, None);
    }
    if let (true, Some((r, text))) = (set.has(Overlay::Overflow), &g.overflow) {
        d.fill(r, ALERT, 60);
        d.outline(r, ALERT, 255, 2.0, None);
        // The count on a white strip, readable over the text under the box.
        let strip = Rect {
            x: r.x + 1.0,
            y: r.y + r.height - 10.5,
            width: r.width - 2.0,
            height: 9.5,
        };
        d.fill(&strip, [255, 255, 255], 235);
        d.text(text, r.x + 2.0, r.y + r.height - 8.0, ALERT);
    }
}

/// Lets the overlays draw on one page.
struct Draw<'a> {
    pixmap: &'a mut Pixmap,
    map: Map,
    label: &'a Labeller,
}

impl Draw<'_> {
    /// Loose lines tinted, added hyphens marked with a bar past the line's end.
    fn lines(&mut self, g: &PageGuides, set: Overlays) {
        for l in &g.lines {
            if set.has(Overlay::Spacing) && l.loose {
                self.fill(&l.rect, ALERT, 70);
            }
            if set.has(Overlay::Hyphens) && l.hyphen {
                let r = Rect {
                    x: l.rect.x + l.rect.width + 0.8,
                    width: 1.6,
                    ..l.rect
                };
                self.fill(&r, HYPHEN, 230);
            }
        }
    }

    /// Panels outlined and numbered at their foot, fold lines dashed across the page.
    fn folds(&mut self, g: &PageGuides) {
        for (i, p) in g.panels.iter().enumerate() {
            let inset = Rect {
                x: p.x + 1.5,
                y: p.y + 1.5,
                width: p.width - 3.0,
                height: p.height - 3.0,
            };
            self.outline(&inset, FOLD, 150, 1.0, None);
            let name = format!("panel {}", i + 1);
            let x = p.x + (p.width - self.label.width(&name, 7.0)) / 2.0;
            self.text(&name, x, p.y + 4.0, FOLD);
        }
        for &x in &g.folds {
            let (top, bottom) = (g.size.height + g.bleed, -g.bleed);
            self.line((x, bottom), (x, top), FOLD, 230, 1.2, Some(6.0));
        }
    }

    /// Shades the bleed: everything outside the trim.
    fn bleed(&mut self, trim: Rect, bleed: f64) {
        let b = bleed;
        let strips = [
            (-b, -b, trim.width + 2.0 * b, b),
            (-b, trim.height, trim.width + 2.0 * b, b),
            (-b, 0.0, b, trim.height),
            (trim.width, 0.0, b, trim.height),
        ];
        for (x, y, width, height) in strips {
            self.fill(
                &Rect {
                    x,
                    y,
                    width,
                    height,
                },
                [120, 120, 120],
                90,
            );
        }
    }

    fn fill(&mut self, r: &Rect, rgb: [u8; 3], alpha: u8) {
        if let Some(px) = self.map.rect(r) {
            self.pixmap
                .fill_rect(px, &solid(rgb, alpha), Transform::identity(), None);
        }
    }

    fn outline(&mut self, r: &Rect, rgb: [u8; 3], alpha: u8, width: f32, dash: Option<f32>) {
        if let Some(px) = self.map.rect(r) {
            let path = PathBuilder::from_rect(px);
            self.stroke(&path, rgb, alpha, width, dash);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        rgb: [u8; 3],
        alpha: u8,
        w: f32,
        dash: Option<f32>,
    ) {
        let mut pb = PathBuilder::new();
        pb.move_to(self.map.x(a.0), self.map.y(a.1));
        pb.line_to(self.map.x(b.0), self.map.y(b.1));
        if let Some(path) = pb.finish() {
            self.stroke(&path, rgb, alpha, w, dash);
        }
    }

    fn stroke(
        &mut self,
        path: &tiny_skia::Path,
        rgb: [u8; 3],
        alpha: u8,
        width: f32,
        dash: Option<f32>,
    ) {
        let stroke = Stroke {
            width,
            dash: dash.and_then(|d| StrokeDash::new(vec![d, d], 0.0)),
            ..Stroke::default()
        };
        self.pixmap.stroke_path(
            path,
            &solid(rgb, alpha),
            &stroke,
            Transform::identity(),
            None,
        );
    }

    /// A short label, 7 pt, its baseline at page (x, y).
    fn text(&mut self, text: &str, x: f64, y: f64, rgb: [u8; 3]) {
        let paint = solid(rgb, 255);
        self.label.draw(
            self.pixmap,
            text,
            (self.map.x(x), self.map.y(y)),
            7.0 * self.map.scale as f32,
            &paint,
        );
    }
}

/// Writes overlay labels in the bundled Noto Sans Bold, glyph by glyph (labels are
/// ASCII and Cyrillic names, and need no shaping).
pub struct Labeller {
    face: Option<ttf_parser::Face<'static>>,
}

impl Labeller {
    /// The labeller with the bundled sans.
    pub fn new() -> Labeller {
        let data = crate::text::font::BUNDLED
            .iter()
            .find(|(n, _)| *n == "NotoSans-Bold.ttf")
            .map(|(_, d)| *d);
        Labeller {
            face: data.and_then(|d| ttf_parser::Face::parse(d, 0).ok()),
        }
    }

    /// The advance width of `text` at `size` (in the caller's units).
    pub fn width(&self, text: &str, size: f64) -> f64 {
        let Some(face) = &self.face else {
            return 0.0;
        };
        let units: f64 = text
            .chars()
            .filter_map(|c| face.glyph_index(c))
            .map(|id| face.glyph_hor_advance(id).unwrap_or(0) as f64)
            .sum();
        units * size / face.units_per_em() as f64
    }

    /// Draws `text` with its baseline starting at pixel `at`, `size` pixels tall.
    pub fn draw(&self, pixmap: &mut Pixmap, text: &str, at: (f32, f32), size: f32, paint: &Paint) {
        let Some(face) = &self.face else {
            return;
        };
        let em = size / face.units_per_em() as f32;
        let mut pen = at.0;
        for c in text.chars() {
            let Some(id) = face.glyph_index(c) else {
                continue;
            };
            if let Some(path) = super::glyphs::path(face, id.0) {
                let t = Transform::from_row(em, 0.0, 0.0, -em, pen, at.1);
                pixmap.fill_path(&path, paint, FillRule::Winding, t, None);
            }
            pen += face.glyph_hor_advance(id).unwrap_or(0) as f32 * em;
        }
    }
}

impl Default for Labeller {
    fn default() -> Self {
        Labeller::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_lists_parse_and_unknown_names_are_refused() {
        let set = Overlays::parse("trim, frames").unwrap();
        assert!(set.has(Overlay::Trim) && set.has(Overlay::Frames) && !set.has(Overlay::Bleed));
        assert!(
            Overlay::ALL
                .iter()
                .all(|(o, _)| Overlays::parse("all").unwrap().has(*o))
        );
        assert_eq!(Overlays::parse("all,none").unwrap(), Overlays::NONE);
        assert_eq!(Overlays::parse("").unwrap(), Overlays::NONE);
        let e = Overlays::parse("grid").unwrap_err();
        assert!(
            e.contains("unknown overlay `grid`") && e.contains("baselines"),
            "{e}"
        );
        assert!(Overlays::DEFAULT.has(Overlay::Overflow));
    }
}
