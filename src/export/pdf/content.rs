//! Page content streams: text as TJ arrays of subset glyph ids, rules, and the
//! portrait clipped to its frame. All colour is DeviceCMYK (PDF/X friendly).

use super::fonts::{FontUse, resource_name};
use crate::frame::{FrameItem, Page, Rect};
use crate::image::Image;
use crate::text::font::{FontBook, FontId};
use crate::text::items::Fragment;
use crate::units::{Cmyk, Point};
use pdf_writer::{Content, Name, Str, TextStr};
use std::collections::BTreeMap;

/// The resource name of image `i`.
pub fn image_name(i: usize) -> String {
    format!("Im{i}")
}

/// Builds one page's content stream (uncompressed).
pub fn page(
    page: &Page,
    fonts: &FontBook,
    uses: &BTreeMap<FontId, FontUse>,
    images: &[Image],
) -> Vec<u8> {
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
                place_image(&mut c, *image, &images[*image], frame)
            }
            FrameItem::Text { .. } => {}
        }
    }
    let mut state = TextState::default();
    c.begin_text();
    for item in &page.items {
        if let FrameItem::Text { origin, fragment } = item {
            text(&mut c, &mut state, *origin, fragment, fonts, uses);
        }
    }
    c.end_text();
    c.finish().into_vec()
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

/// Scales the image to cover its frame (cropping the excess, never distorting) and clips.
fn place_image(c: &mut Content, index: usize, image: &Image, frame: &Rect) {
    let (w, h) = cover(image, frame);
    let x = frame.x - (w - frame.width) / 2.0;
    let y = frame.y - (h - frame.height) / 2.0;
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
    c.x_object(Name(image_name(index).as_bytes()));
    c.restore_state();
}

/// The drawn size of an image that covers `frame` at its own aspect ratio.
pub fn cover(image: &Image, frame: &Rect) -> (f64, f64) {
    let aspect = image.width as f64 / image.height as f64;
    if aspect > frame.width / frame.height {
        (frame.height * aspect, frame.height)
    } else {
        (frame.width, frame.width / aspect)
    }
}

#[derive(Default)]
struct TextState {
    font: Option<(FontId, f64)>,
    fill: Option<Cmyk>,
    spacing: f64,
}

fn text(
    c: &mut Content,
    s: &mut TextState,
    origin: Point,
    f: &Fragment,
    fonts: &FontBook,
    uses: &BTreeMap<FontId, FontUse>,
) {
    let Some(u) = uses.get(&f.font) else { return };
    if s.font != Some((f.font, f.size)) {
        c.set_font(Name(resource_name(f.font).as_bytes()), f.size as f32);
        s.font = Some((f.font, f.size));
    }
    if s.fill != Some(f.color) {
        let [cy, m, y, k] = f.color.0.map(|v| v as f32);
        c.set_fill_cmyk(cy, m, y, k);
        s.fill = Some(f.color);
    }
    if s.spacing != f.spacing {
        // Tc (ISO 32000-1 §9.3.2): letter spacing for the whole fragment in one operator.
        c.set_char_spacing(f.spacing as f32);
        s.spacing = f.spacing;
    }
    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, origin.x as f32, origin.y as f32]);
    if let Some(actual) = &f.actual_text {
        // ISO 32000-1 §14.9.4: a Span with /ActualText replaces the glyphs for extraction.
        c.begin_marked_content_with_properties(Name(b"Span"))
            .properties()
            .actual_text(TextStr(actual));
    }
    let font = fonts.get(f.font);
    let to_text_space = 1000.0 / f.size;
    let mut tj = c.show_positioned();
    let mut items = tj.items();
    // Glyphs between adjustments go out as one string: two bytes a glyph, not eight.
    let mut run: Vec<u8> = Vec::with_capacity(2 * f.glyphs.len());
    for g in &f.glyphs {
        let cid = u.remapper.get(g.id).expect("collected from the same pages");
        // TJ moves by the font's own width; shaping (kerning) may differ: adjust by the difference.
        let default = font.advances.get(g.id as usize).copied().unwrap_or(0) as f64 * f.size
            / font.units_per_em as f64;
        let before = -g.x_offset * to_text_space;
        let after = (default - g.advance + g.x_offset) * to_text_space;
        if before.abs() > 1e-3 {
            flush(&mut items, &mut run);
            items.adjust(before as f32);
        }
        run.extend_from_slice(&cid.to_be_bytes());
        if after.abs() > 1e-3 {
            flush(&mut items, &mut run);
            items.adjust(after as f32);
        }
    }
    flush(&mut items, &mut run);
    drop(items);
    drop(tj);
    if f.actual_text.is_some() {
        c.end_marked_content();
    }
}

/// Shows the glyphs collected so far as one string.
fn flush(items: &mut pdf_writer::writers::PositionedItems, run: &mut Vec<u8>) {
    if !run.is_empty() {
        items.show(Str(run));
        run.clear();
    }
}
