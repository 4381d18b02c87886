//! Draws the page model's items onto a pixmap, as the PDF writer writes them
//! (export/pdf/content.rs): glyph positions with letter spacing (Tc) and horizontal
//! glyph scale, rules with butt caps, images covering their frame and clipped to it.
//! A new kind of frame item is one new arm in [`Painter::item`].

use super::glyphs::{Coverage, Glyphs};
use super::picture::Pictures;
use super::proof::SoftProof;
use crate::frame::Fragment;
use crate::frame::{FrameItem, Rect};
use crate::image::Image;
use crate::print::geometry::cover_pixels;
use crate::units::{Cmyk, Point};
use tiny_skia::{Color, Paint, PathBuilder, Pixmap, Stroke, Transform};

/// Page points (bottom-left origin, trim at 0) to pixels (top-left origin, bleed at 0).
#[derive(Clone, Copy, Debug)]
pub struct Map {
    /// Pixels per point.
    pub scale: f64,
    /// Bleed, points: the pixmap starts at the bleed's edge.
    pub bleed: f64,
    /// Trimmed page height, points.
    pub height: f64,
}

impl Map {
    /// Pixel x of page x.
    pub fn x(&self, x: f64) -> f32 {
        ((x + self.bleed) * self.scale) as f32
    }

    /// Pixel y of page y.
    pub fn y(&self, y: f64) -> f32 {
        ((self.height + self.bleed - y) * self.scale) as f32
    }

    /// A page rectangle in pixels (`None` when empty).
    pub fn rect(&self, r: &Rect) -> Option<tiny_skia::Rect> {
        tiny_skia::Rect::from_ltrb(
            self.x(r.x),
            self.y(r.y + r.height),
            self.x(r.x + r.width),
            self.y(r.y),
        )
    }
}

/// What drawing one page needs.
pub struct Painter<'a> {
    /// The page so far.
    pub pixmap: Pixmap,
    /// Page points to pixels.
    pub map: Map,
    /// Glyph outlines (every glyph of the page added beforehand).
    pub glyphs: &'a Glyphs,
    /// CMYK as printed.
    pub proof: &'a SoftProof,
    /// Decoded, scaled images.
    pub pictures: &'a Pictures,
    /// The document's images, by index.
    pub images: &'a [Image],
}

/// A solid paint, antialiased.
pub fn solid(rgb: [u8; 3], alpha: u8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(Color::from_rgba8(rgb[0], rgb[1], rgb[2], alpha));
    paint.anti_alias = true;
    paint
}

impl Painter<'_> {
    /// Draws one item of the page model.
    pub fn item(&mut self, item: &FrameItem) {
        match item {
            FrameItem::Text { origin, fragment } => self.text(*origin, fragment),
            FrameItem::Image { image, frame } => self.image(*image, frame),
            FrameItem::Rule {
                from,
                to,
                thickness,
                color,
            } => self.rule(*from, *to, *thickness, *color),
            FrameItem::Fill { rects, color } => self.fill(rects, *color),
        }
    }

    /// Rectangles filled in one colour (a band, a box, a QR code's modules).
    fn fill(&mut self, rects: &[Rect], color: Cmyk) {
        let paint = solid(self.proof.rgb(color), 255);
        for r in rects {
            if let Some(px) = self.map.rect(r) {
                self.pixmap
                    .fill_rect(px, &paint, Transform::identity(), None);
            }
        }
    }

    /// A fragment's glyphs: the pen the PDF's TJ array advances (advance × scale + Tc),
    /// each glyph scaled horizontally by the fragment's glyph scale.
    fn text(&mut self, origin: Point, f: &Fragment) {
        let rgb = self.proof.rgb(f.color);
        let em = (f.size / self.glyphs.units_per_em(f.font) as f64 * self.map.scale) as f32;
        let mut pen = origin.x;
        for g in &f.glyphs {
            if let Some(outline) = self.glyphs.outline(f.font, g.id) {
                let (x, y) = (pen + g.x_offset * f.scale, origin.y + g.y_offset);
                let sx = em * f.scale as f32;
                // Quarter pixels, as poppler's Splash places glyphs.
                let (ox, oy) = (quarter(self.map.x(x)), quarter(self.map.y(y)));
                if let Some(c) = outline.cover(sx, em, ox, oy) {
                    blend(&mut self.pixmap, &c, rgb);
                }
            }
            pen += g.advance * f.scale + f.spacing;
        }
    }

    fn rule(&mut self, from: Point, to: Point, thickness: f64, color: Cmyk) {
        let mut pb = PathBuilder::new();
        pb.move_to(self.map.x(from.x), self.map.y(from.y));
        pb.line_to(self.map.x(to.x), self.map.y(to.y));
        let Some(path) = pb.finish() else {
            return;
        };
        let stroke = Stroke {
            width: (thickness * self.map.scale) as f32,
            ..Stroke::default()
        };
        let paint = solid(self.proof.rgb(color), 255);
        self.pixmap
            .stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }

    /// The image scaled to cover its frame at its own aspect, centred across, a third of
    /// any height cropped from the top and two thirds from the bottom, clipped to the
    /// frame (content.rs `place_image`).
    fn image(&mut self, index: usize, frame: &Rect) {
        let Some(image) = self.images.get(index) else {
            return;
        };
        let (w, h) = cover_pixels((image.width, image.height), frame);
        let placed = Rect {
            x: frame.x - (w - frame.width) / 2.0,
            y: frame.y - (h - frame.height) * 2.0 / 3.0,
            width: w,
            height: h,
        };
        let (Some(clip), Some(px)) = (self.map.rect(frame), self.map.rect(&placed)) else {
            return;
        };
        let (pw, ph) = (px.width().round() as u32, px.height().round() as u32);
        let Some(picture) = self.pictures.scaled(image, pw, ph) else {
            return;
        };
        copy_clipped(&mut self.pixmap, &picture, (px.left(), px.top()), clip);
    }
}

/// Copies `picture` (opaque) with its top-left at pixel `at` onto the page, only within
/// `clip` (edges on whole pixels, as PDF viewers draw clipped images).
fn copy_clipped(page: &mut Pixmap, picture: &Pixmap, at: (f32, f32), clip: tiny_skia::Rect) {
    let (pw, ph) = (page.width() as i32, page.height() as i32);
    let (sw, sh) = (picture.width() as i32, picture.height() as i32);
    let (ax, ay) = (at.0.round() as i32, at.1.round() as i32);
    let x0 = (clip.left().round() as i32).max(0).max(ax);
    let x1 = (clip.right().round() as i32).min(pw).min(ax + sw);
    let y0 = (clip.top().round() as i32).max(0).max(ay);
    let y1 = (clip.bottom().round() as i32).min(ph).min(ay + sh);
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let source = picture.data();
    let target = page.data_mut();
    for y in y0..y1 {
        let from = 4 * ((y - ay) * sw + (x0 - ax)) as usize;
        let to = 4 * (y * pw + x0) as usize;
        let n = 4 * (x1 - x0) as usize;
        target[to..to + n].copy_from_slice(&source[from..from + n]);
    }
}

/// Lays an opaque colour over the page through a glyph's coverage (the page is opaque,
/// so premultiplied and straight colour are the same).
fn blend(pixmap: &mut Pixmap, c: &Coverage, rgb: [u8; 3]) {
    let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    for (row, alphas) in c.alpha.chunks_exact(c.width).enumerate() {
        let y = c.y + row as i32;
        if !(0..h).contains(&y) {
            continue;
        }
        for (col, &a) in alphas.iter().enumerate() {
            let x = c.x + col as i32;
            if a == 0 || !(0..w).contains(&x) {
                continue;
            }
            let i = 4 * (y * w + x) as usize;
            let a = a as i32 + (a >> 7) as i32; // 0–256
            for (k, &v) in rgb.iter().enumerate() {
                let d = data[i + k] as i32;
                data[i + k] = (d + (((v as i32 - d) * a + 128) >> 8)) as u8;
            }
        }
    }
}

/// A position rounded down to a quarter pixel.
fn quarter(v: f32) -> f32 {
    (v * 4.0).floor() / 4.0
}
