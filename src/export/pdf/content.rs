//! Page content streams: text as TJ arrays of subset glyph ids (or, outlined, as
//! glyph paths under an invisible text layer), rules, the portrait clipped to its
//! frame, and the printer's marks. Process colour is DeviceCMYK and marks are in
//! registration (Separation /All): both allowed by PDF/X-1a and PDF/X-4.

use super::fonts::{FontUse, resource_name};
use super::marks::{self, Marks};
use super::outline::Outlines;
use crate::frame::Fragment;
use crate::frame::{FrameItem, Page, Rect};
use crate::print::geometry::cover_pixels;
use crate::text::font::{FontBook, FontId};
use crate::units::{Cmyk, Point};
use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Name, Str, TextStr};
use std::collections::BTreeMap;

/// The resource name of image `i`.
pub fn image_name(i: usize) -> String {
    format!("Im{i}")
}

/// What every page's content needs from the document.
pub struct Context<'a> {
    /// The fonts.
    pub fonts: &'a FontBook,
    /// The fonts' subsets.
    pub uses: &'a BTreeMap<FontId, FontUse>,
    /// Pixel sizes of the images, by index.
    pub image_sizes: &'a [(u32, u32)],
    /// Each image's EXIF orientation (1–8).
    pub image_orientations: &'a [u8],
    /// Glyph outlines, when text is outlined.
    pub outlines: Option<&'a Outlines>,
    /// Crop marks and slug lines, when on.
    pub marks: Option<&'a Marks>,
}

/// Builds one page's content stream (uncompressed); `index` counts pages from 0.
pub fn page(page: &Page, index: usize, cx: &Context) -> Vec<u8> {
    let mut c = Content::new();
    // Graphics first, so text is never hidden under an image.
    for item in &page.items {
        match item {
            FrameItem::Rule {
                from,
                to,
                thickness,
                color,
            } => rule(&mut c, *from, *to, *thickness, *color),
            FrameItem::Image { image, frame } => {
                let orientation = cx.image_orientations.get(*image).copied().unwrap_or(1);
                place_image(&mut c, *image, cx.image_sizes[*image], orientation, frame)
            }
            FrameItem::Fill { rects, color } => fill(&mut c, rects, *color),
            FrameItem::Text { .. } => {}
        }
    }
    let texts: Vec<(Point, &Fragment)> = page
        .items
        .iter()
        .filter_map(|item| match item {
            FrameItem::Text { origin, fragment } => Some((*origin, fragment)),
            _ => None,
        })
        .collect();
    text_layer(&mut c, &texts, cx, Paint::Own);
    if let Some(m) = cx.marks {
        marks::draw(&mut c, page, m);
        if let Some(Some(slug)) = m.slug.get(index) {
            let origin = m.slug_origin(slug.size);
            c.save_state();
            marks::fill_registration(&mut c);
            text_layer(&mut c, &[(origin, slug)], cx, Paint::Current);
            c.restore_state();
        }
    }
    c.finish().into_vec()
}

/// Which colour text is filled with.
#[derive(Clone, Copy, PartialEq)]
enum Paint {
    /// Each fragment's own CMYK colour.
    Own,
    /// Whatever fill colour is current (registration, for the slug line).
    Current,
}

/// Draws text: as glyphs of the embedded fonts, or (outlined) as glyph paths with
/// the same text again in render mode 3 (invisible) for search and extraction.
fn text_layer(c: &mut Content, texts: &[(Point, &Fragment)], cx: &Context, paint: Paint) {
    let mut state = TextState {
        paint,
        ..TextState::default()
    };
    if let Some(outlines) = cx.outlines {
        for (origin, fragment) in texts {
            state.fill(c, fragment.color);
            outlines.draw(c, *origin, fragment);
        }
        state.paint = Paint::Current;
    }
    c.begin_text();
    if cx.outlines.is_some() {
        // ISO 32000-1 §9.3.6: mode 3 neither fills nor strokes; the text stays extractable.
        c.set_text_rendering_mode(TextRenderingMode::Invisible);
    }
    self::texts(c, &mut state, texts, cx);
    c.end_text();
}

fn rule(c: &mut Content, from: Point, to: Point, thickness: f64, color: Cmyk) {
    let [cy, m, y, k] = color.0.map(|v| v as f32);
    c.save_state();
    c.set_stroke_cmyk(cy, m, y, k);
    c.set_line_width(thickness as f32);
    c.move_to(from.x as f32, from.y as f32);
    c.line_to(to.x as f32, to.y as f32);
    c.stroke();
    c.restore_state();
}

/// Fills rectangles in one colour, as one path: `re` per rectangle, then one `f`
/// (nonzero winding, so overlapping rectangles stay filled; ISO 32000-1 §8.5.3.3).
fn fill(c: &mut Content, rects: &[Rect], color: Cmyk) {
    if rects.is_empty() {
        return;
    }
    let [cy, m, y, k] = color.0.map(|v| v as f32);
    c.save_state();
    c.set_fill_cmyk(cy, m, y, k);
    for r in rects {
        c.rect(r.x as f32, r.y as f32, r.width as f32, r.height as f32);
    }
    c.fill_nonzero();
    c.restore_state();
}

/// Scales the image to cover its frame (cropping the excess, never distorting) and clips.
fn place_image(c: &mut Content, index: usize, pixels: (u32, u32), orientation: u8, frame: &Rect) {
    let shown = if orientation >= 5 {
        (pixels.1, pixels.0)
    } else {
        pixels
    };
    let (w, h) = cover_pixels(shown, frame);
    let x = frame.x - (w - frame.width) / 2.0;
    // A face sits in the picture's upper part: of the height cropped, a third goes from
    // the top and two thirds from the bottom (see `FrameItem::Image`).
    let y = frame.y - (h - frame.height) * 2.0 / 3.0;
    c.save_state();
    c.rect(
        frame.x as f32,
        frame.y as f32,
        frame.width as f32,
        frame.height as f32,
    );
    c.clip_nonzero();
    c.end_path();
    c.transform([w as f32, 0.0, 0.0, h as f32, x as f32, y as f32]);
    if orientation != 1 {
        c.transform(orient(orientation));
    }
    c.x_object(Name(image_name(index).as_bytes()));
    c.restore_state();
}

/// The matrix that turns the image's unit square as stored into the unit square as it is
/// viewed, for EXIF orientation 2–8 (TIFF 6.0, tag 274): the picture is placed turned or
/// mirrored, never re-encoded. Stored column u (left to right) and row v (bottom to top,
/// PDF's image space) land at (X, Y) = (a·u + c·v + e, b·u + d·v + f).
fn orient(orientation: u8) -> [f32; 6] {
    match orientation {
        2 => [-1.0, 0.0, 0.0, 1.0, 1.0, 0.0],  // mirrored left to right
        3 => [-1.0, 0.0, 0.0, -1.0, 1.0, 1.0], // upside down
        4 => [1.0, 0.0, 0.0, -1.0, 0.0, 1.0],  // mirrored top to bottom
        5 => [0.0, -1.0, -1.0, 0.0, 1.0, 1.0], // transposed
        6 => [0.0, -1.0, 1.0, 0.0, 0.0, 1.0],  // turn 90° clockwise to view
        7 => [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],   // transversed
        8 => [0.0, 1.0, -1.0, 0.0, 1.0, 0.0],  // turn 90° anticlockwise to view
        _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    }
}

struct TextState {
    font: Option<(FontId, f64)>,
    fill: Option<Cmyk>,
    spacing: f64,
    paint: Paint,
}

impl Default for TextState {
    fn default() -> Self {
        TextState {
            font: None,
            fill: None,
            spacing: 0.0,
            paint: Paint::Own,
        }
    }
}

impl TextState {
    /// Sets the fill colour, unless it is set already or text keeps the current one.
    fn fill(&mut self, c: &mut Content, color: Cmyk) {
        if self.paint == Paint::Own && self.fill != Some(color) {
            let [cy, m, y, k] = color.0.map(|v| v as f32);
            c.set_fill_cmyk(cy, m, y, k);
            self.fill = Some(color);
        }
    }
}

/// One TJ array being gathered. Fragments that follow each other on a baseline in the
/// same font, size, colour and spacing (the words of a line) go out as one array, the word
/// spaces as its adjustments, so a line is positioned once instead of once a word.
struct Run<'a> {
    /// The first fragment: its font, size, colour, spacing and scale hold for the run.
    first: &'a Fragment,
    /// The baseline.
    y: f64,
    /// Where, on the page, the run's next glyph would go with no adjustment.
    end: f64,
    /// Strings of glyph codes and adjustments, thousandths of text space.
    items: Vec<TjItem>,
}

enum TjItem {
    Glyphs(Vec<u8>),
    Adjust(f32),
}

impl Run<'_> {
    /// Whether `f` at `origin` can join the run: same look, same baseline, to the right,
    /// and not standing in for other text (/ActualText needs marked content of its own).
    fn takes(&self, origin: Point, f: &Fragment) -> bool {
        let a = self.first;
        origin.y == self.y
            && origin.x >= self.end
            && f.actual_text.is_none()
            && (f.font, f.size, f.color, f.spacing, f.scale)
                == (a.font, a.size, a.color, a.spacing, a.scale)
    }
}

/// Writes the page's text fragments as runs of TJ arrays.
fn texts(c: &mut Content, s: &mut TextState, texts: &[(Point, &Fragment)], cx: &Context) {
    let mut run: Option<Run> = None;
    for &(origin, f) in texts {
        let Some(u) = cx.uses.get(&f.font) else {
            continue;
        };
        match run.as_mut() {
            Some(r) if r.takes(origin, f) => {
                // The gap on the page, in the run's (scaled) text space.
                let gap = (origin.x - r.end) / f.scale;
                r.items
                    .push(TjItem::Adjust((-gap * 1000.0 / f.size) as f32));
            }
            _ => {
                if let Some(done) = run.take() {
                    finish(c, done);
                }
                begin(c, s, origin, f);
                run = Some(Run {
                    first: f,
                    y: origin.y,
                    end: origin.x,
                    items: Vec::new(),
                });
            }
        }
        let r = run.as_mut().expect("a run was begun");
        glyphs(&mut r.items, f, cx.fonts, u);
        r.end = origin.x + f.width();
        if f.actual_text.is_some() {
            finish(c, run.take().expect("a run was begun"));
        }
    }
    if let Some(done) = run.take() {
        finish(c, done);
    }
}

/// Sets up the text state for a run beginning with `f` at `origin`.
fn begin(c: &mut Content, s: &mut TextState, origin: Point, f: &Fragment) {
    if s.font != Some((f.font, f.size)) {
        c.set_font(Name(resource_name(f.font).as_bytes()), f.size as f32);
        s.font = Some((f.font, f.size));
    }
    s.fill(c, f.color);
    // Tc (ISO 32000-1 §9.3.2): letter spacing for the whole fragment in one operator. It is
    // in text space, which the matrix below scales: divide so the page sees `f.spacing`.
    let tc = f.spacing / f.scale;
    if s.spacing != tc {
        c.set_char_spacing(tc as f32);
        s.spacing = tc;
    }
    // The text matrix scales glyphs, their kerning and Tc horizontally (glyph expansion).
    c.set_text_matrix([
        f.scale as f32,
        0.0,
        0.0,
        1.0,
        origin.x as f32,
        origin.y as f32,
    ]);
    if let Some(actual) = &f.actual_text {
        // ISO 32000-1 §14.9.4: a Span with /ActualText replaces the glyphs for extraction.
        c.begin_marked_content_with_properties(Name(b"Span"))
            .properties()
            .actual_text(TextStr(actual));
    }
}

/// Appends the glyphs of `f` to a TJ array: two-byte codes, with an adjustment wherever
/// shaping (kerning, mark placement) moves a glyph from where the font's width puts it.
fn glyphs(items: &mut Vec<TjItem>, f: &Fragment, fonts: &FontBook, u: &FontUse) {
    let font = fonts.get(f.font);
    let to_text_space = 1000.0 / f.size;
    let mut run: Vec<u8> = Vec::with_capacity(2 * f.glyphs.len());
    for g in &f.glyphs {
        let cid = u.remapper.get(g.id).expect("collected from the same pages");
        let default = font.advances.get(g.id as usize).copied().unwrap_or(0) as f64 * f.size
            / font.units_per_em as f64;
        let before = -g.x_offset * to_text_space;
        let after = (default - g.advance + g.x_offset) * to_text_space;
        if before.abs() > 1e-3 {
            flush(items, &mut run);
            items.push(TjItem::Adjust(before as f32));
        }
        run.extend_from_slice(&cid.to_be_bytes());
        if after.abs() > 1e-3 {
            flush(items, &mut run);
            items.push(TjItem::Adjust(after as f32));
        }
    }
    flush(items, &mut run);
}

/// Ends the glyph string gathered so far (and starts an empty one).
fn flush(items: &mut Vec<TjItem>, run: &mut Vec<u8>) {
    if !run.is_empty() {
        items.push(TjItem::Glyphs(std::mem::take(run)));
    }
}

/// Writes a run's TJ array (and closes its /ActualText span).
fn finish(c: &mut Content, run: Run) {
    let mut tj = c.show_positioned();
    let mut items = tj.items();
    for item in &run.items {
        match item {
            TjItem::Glyphs(codes) => items.show(Str(codes)),
            TjItem::Adjust(amount) => items.adjust(*amount),
        };
    }
    drop(items);
    drop(tj);
    if run.first.actual_text.is_some() {
        c.end_marked_content();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fill_is_one_path_of_rectangles_in_cmyk() {
        let mut c = Content::new();
        let rects = [
            Rect {
                x: 1.0,
                y: 2.0,
                width: 3.0,
                height: 4.0,
            },
            Rect {
                x: 5.0,
                y: 6.0,
                width: 7.0,
                height: 8.0,
            },
        ];
        fill(&mut c, &rects, Cmyk([0.0, 0.9, 0.85, 0.05]));
        let bytes = c.finish().into_vec();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "q\n0 0.9 0.85 0.05 k\n1 2 3 4 re\n5 6 7 8 re\nf\nQ"
        );
    }

    #[test]
    fn an_empty_fill_draws_nothing() {
        let mut c = Content::new();
        fill(&mut c, &[], Cmyk::BLACK);
        assert!(c.finish().into_vec().is_empty());
    }
}
