//! Glyph outlines, made once per glyph and kept (a leaflet draws a few hundred distinct
//! glyphs thousands of times, and a live preview draws the same ones on every save),
//! and drawn by exact area coverage with `ab_glyph_rasterizer`: a glyph is a dozen
//! pixels tall at 100 dpi, where tiny-skia's general path filler spent half the preview.

use crate::text::font::{FontBook, FontId};
use ab_glyph_rasterizer::{Point, Rasterizer, point};
use std::collections::HashMap;
use tiny_skia::{Path, PathBuilder};

/// One outline segment, in font units (y up).
#[derive(Clone, Copy, Debug)]
enum Segment {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

/// A glyph's outline and its bounding box (font units: x_min, y_min, x_max, y_max).
pub struct Outline {
    segments: Vec<Segment>,
    bbox: [f32; 4],
}

/// Outlines by font and glyph id; `None` for glyphs that draw nothing (spaces).
#[derive(Default)]
pub struct Glyphs {
    outlines: HashMap<(FontId, u16), Option<Outline>>,
    units_per_em: HashMap<FontId, f32>,
}

impl Glyphs {
    /// Makes the outlines of `wanted` glyphs not made before. Memory stays bounded by
    /// the glyphs the fonts have.
    pub fn add(&mut self, fonts: &FontBook, wanted: impl Iterator<Item = (FontId, u16)>) {
        let mut faces: HashMap<FontId, Option<ttf_parser::Face>> = HashMap::new();
        for key in wanted {
            if self.outlines.contains_key(&key) {
                continue;
            }
            let font = fonts.get(key.0);
            self.units_per_em
                .insert(key.0, font.units_per_em.max(1) as f32);
            let face = faces
                .entry(key.0)
                .or_insert_with(|| ttf_parser::Face::parse(&font.data, 0).ok());
            let outline = face.as_ref().and_then(|f| segments(f, key.1));
            self.outlines.insert(key, outline);
        }
    }

    /// The outline of a glyph, if it has one and was added.
    pub fn outline(&self, font: FontId, glyph: u16) -> Option<&Outline> {
        self.outlines.get(&(font, glyph))?.as_ref()
    }

    /// The font's units per em (1000 for a font never added).
    pub fn units_per_em(&self, font: FontId) -> f32 {
        self.units_per_em.get(&font).copied().unwrap_or(1000.0)
    }
}

/// A glyph's coverage, ready to blend: `alpha` row by row, its top-left at (`x`, `y`).
pub struct Coverage {
    /// Left pixel column.
    pub x: i32,
    /// Top pixel row.
    pub y: i32,
    /// Width in pixels.
    pub width: usize,
    /// Coverage 0–255, `width` per row.
    pub alpha: Vec<u8>,
}

impl Outline {
    /// Rasterises the outline scaled by (`sx`, `sy`) pixels per font unit (y flipped),
    /// its origin at pixel (`ox`, `oy`).
    pub fn cover(&self, sx: f32, sy: f32, ox: f32, oy: f32) -> Option<Coverage> {
        let [x0, y0, x1, y1] = self.bbox;
        let left = (ox + x0 * sx).floor();
        let top = (oy - y1 * sy).floor();
        let width = ((ox + x1 * sx).ceil() - left) as usize + 1;
        let height = ((oy - y0 * sy).ceil() - top) as usize + 1;
        if width > 4096 || height > 4096 {
            return None;
        }
        let at = |p: Point| point(ox + p.x * sx - left, oy - p.y * sy - top);
        let mut r = Rasterizer::new(width, height);
        for s in &self.segments {
            match *s {
                Segment::Line(a, b) => r.draw_line(at(a), at(b)),
                Segment::Quad(a, c, b) => r.draw_quad(at(a), at(c), at(b)),
                Segment::Cubic(a, c1, c2, b) => r.draw_cubic(at(a), at(c1), at(c2), at(b)),
            }
        }
        let mut alpha = vec![0; width * height];
        r.for_each_pixel(|i, a| alpha[i] = (a.min(1.0) * 255.0 + 0.5) as u8);
        Some(Coverage {
            x: left as i32,
            y: top as i32,
            width,
            alpha,
        })
    }
}

/// A glyph's outline segments, or `None` when it has none.
fn segments(face: &ttf_parser::Face, glyph: u16) -> Option<Outline> {
    let mut b = Segments {
        segments: Vec::new(),
        start: point(0.0, 0.0),
        at: point(0.0, 0.0),
    };
    let r = face.outline_glyph(ttf_parser::GlyphId(glyph), &mut b)?;
    let bbox = [r.x_min, r.y_min, r.x_max, r.y_max].map(|v| v as f32);
    Some(Outline {
        segments: b.segments,
        bbox,
    })
}

/// Collects ttf-parser's segments, closing every contour with a line to its start.
struct Segments {
    segments: Vec<Segment>,
    start: Point,
    at: Point,
}

impl ttf_parser::OutlineBuilder for Segments {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = point(x, y);
        self.at = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = point(x, y);
        self.segments.push(Segment::Line(self.at, p));
        self.at = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let p = point(x, y);
        self.segments.push(Segment::Quad(self.at, point(x1, y1), p));
        self.at = p;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let p = point(x, y);
        let (c1, c2) = (point(x1, y1), point(x2, y2));
        self.segments.push(Segment::Cubic(self.at, c1, c2, p));
        self.at = p;
    }

    fn close(&mut self) {
        if self.at != self.start {
            self.segments.push(Segment::Line(self.at, self.start));
        }
        self.at = self.start;
    }
}

/// A glyph's outline as a tiny-skia path in font units (y up), for overlay labels.
pub fn path(face: &ttf_parser::Face, glyph: u16) -> Option<Path> {
    let mut builder = PathBuilder_(PathBuilder::new());
    face.outline_glyph(ttf_parser::GlyphId(glyph), &mut builder)?;
    builder.0.finish()
}

/// ttf-parser's outline segments into a tiny-skia path (both know quadratics).
struct PathBuilder_(PathBuilder);

impl ttf_parser::OutlineBuilder for PathBuilder_ {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}
