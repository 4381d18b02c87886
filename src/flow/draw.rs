//! Drawing the placed frames: every line, picture, fill, QR code and rule moves onto
//! its page, in the layout's order; lines are recorded in reading order for the report.

use super::geometry::{Geometry, Placed};
use super::{Drawn, FlowInput, Flowed, SetBlock, fill::FlowLine, lines_of};
use crate::frame::{FrameArea, FrameItem, Page, PlacedLine, Rect};
use crate::layout::FrameSpec;
use crate::style::Kind;
use crate::text::SetLine;
use crate::units::{Cmyk, Point, Size, mm};
use std::collections::HashMap;
use std::sync::Arc;

impl Flowed {
    /// Places lines at the given (x, baseline) positions of `page`, in frame `frame`.
    fn place_all(
        &mut self,
        page: usize,
        frame: &Arc<str>,
        at: &[(f64, f64)],
        lines: impl Iterator<Item = (Kind, SetLine)>,
    ) {
        for (&(x, baseline), (kind, line)) in at.iter().zip(lines) {
            self.place(PlacedLine {
                page,
                column: 0,
                baseline,
                x,
                kind,
                paragraph: None,
                frame: frame.clone(),
                width: 0.0,
                line,
            });
        }
    }

    /// Moves a line's fragments onto its page and records the line (text only) for the report.
    fn place(&mut self, mut line: PlacedLine) {
        // The letter spacing after the last glyph is no ink: the measure ends before it.
        line.width = line
            .line
            .fragments
            .last()
            .map_or(0.0, |(dx, f)| dx + f.width() - f.spacing);
        for (dx, fragment) in line.line.fragments.drain(..) {
            let origin = Point::new(line.x + dx, line.baseline);
            self.pages[line.page]
                .items
                .push(FrameItem::Text { origin, fragment });
        }
        self.lines.push(line);
    }
}

/// Builds the pages: frames side by side in drawing order, the story's lines where
/// its first frame on a side comes.
pub(super) fn build(
    g: Geometry,
    mut input: FlowInput,
    body: Vec<FlowLine>,
    baselines: &[Vec<f64>],
) -> Flowed {
    let l = input.layout;
    let (width, height) = l.trim();
    let page = |side| Page {
        size: Size { width, height },
        bleed: mm(3.0),
        items: vec![],
        folds: l.folds_on(side),
    };
    let (room, taken) = super::fill::used(&body, &g.slots, baselines)
        .iter()
        .fold((0.0, 0.0), |(r, t), (h, u)| (r + h, t + u));
    let mut out = Flowed {
        pages: (0..g.sides).map(page).collect(),
        lines: Vec::with_capacity(body.len() + 16),
        frames: Vec::with_capacity(g.placed.len() + g.slots.len()),
        fill: if room > 0.0 { taken / room } else { 0.0 },
        setting: input.setting,
        grow: input.grow.clone(),
    };
    reserve(&mut out, &g, &body, baselines);
    story_areas(&mut out, &g, l);
    let names: Vec<Arc<str>> = l.order.iter().map(|n| Arc::from(n.as_str())).collect();
    let mut contents: HashMap<String, Drawn> =
        std::mem::take(&mut input.frames).into_iter().collect();
    let mut body = Story::new(&g, body, baselines);
    for side in 0..g.sides {
        // The story's lines come where its first frame on this side is in the order.
        let first_story = g
            .slots
            .iter()
            .filter(|s| s.page == side)
            .map(|s| s.frame)
            .min();
        let first_story = first_story.unwrap_or(usize::MAX);
        let mut story_done = false;
        for p in g.placed.iter().filter(|p| p.side == side) {
            if !story_done && p.frame > first_story {
                body.place(&mut out, side, &names);
                story_done = true;
            }
            let name = &names[p.frame];
            let spec = &l.frames[&**name];
            out.frames.push(FrameArea {
                name: name.clone(),
                page: side,
                rect: p.rect,
            });
            draw_frame(&mut out, &input, p, spec, contents.remove(&**name), name);
        }
        if !story_done {
            body.place(&mut out, side, &names);
        }
    }
    out
}

/// The story frames' areas: each one's columns, side by side.
fn story_areas(out: &mut Flowed, g: &Geometry, l: &crate::layout::Layout) {
    for s in &g.slots {
        let name: Arc<str> = Arc::from(l.order[s.frame].as_str());
        let column = Rect {
            x: s.x,
            y: s.bottom,
            width: g.measure,
            height: s.top - s.bottom,
        };
        match out.frames.last_mut() {
            Some(a) if a.name == name && a.page == s.page => {
                let right = column.right().max(a.rect.right());
                a.rect.width = right - a.rect.x;
            }
            _ => out.frames.push(FrameArea {
                name,
                page: s.page,
                rect: column,
            }),
        }
    }
}

/// Sizes each page's items once: a page holds thousands of fragments, and growing the
/// vector copied each of them several times.
fn reserve(out: &mut Flowed, g: &Geometry, body: &[FlowLine], baselines: &[Vec<f64>]) {
    let mut fragments = vec![0; g.sides];
    let mut at = 0;
    for (slot, bs) in g.slots.iter().zip(baselines) {
        let end = (at + bs.len()).min(body.len());
        fragments[slot.page] += body[at..end]
            .iter()
            .map(|f| f.line.fragments.len())
            .sum::<usize>();
        at = end;
    }
    for (page, n) in out.pages.iter_mut().zip(fragments) {
        page.items.reserve(n + 64);
    }
}

/// The story's lines with the column and baseline each goes to, taken side by side.
struct Story {
    lines: std::iter::Peekable<std::vec::IntoIter<(super::fill::Slot, f64, FlowLine)>>,
}

impl Story {
    fn new(g: &Geometry, body: Vec<FlowLine>, baselines: &[Vec<f64>]) -> Story {
        let at: Vec<(super::fill::Slot, f64)> = g
            .slots
            .iter()
            .zip(baselines)
            .flat_map(|(slot, bs)| bs.iter().map(move |b| (*slot, *b)))
            .collect();
        let lines: Vec<_> = at
            .into_iter()
            .zip(body)
            .map(|((s, b), l)| (s, b, l))
            .collect();
        Story {
            lines: lines.into_iter().peekable(),
        }
    }

    /// Places the story's lines on `side`.
    fn place(&mut self, out: &mut Flowed, side: usize, names: &[Arc<str>]) {
        while let Some((slot, baseline, f)) = self.lines.next_if(|(s, _, _)| s.page == side) {
            out.place(PlacedLine {
                page: slot.page,
                column: slot.column,
                baseline,
                x: slot.x,
                kind: f.kind,
                paragraph: Some(f.paragraph),
                frame: names[slot.frame].clone(),
                width: 0.0,
                line: f.line,
            });
        }
    }
}

/// One frame's fill, picture or code, rule and text, in that order.
fn draw_frame(
    out: &mut Flowed,
    input: &FlowInput,
    p: &Placed,
    spec: &FrameSpec,
    drawn: Option<Drawn>,
    name: &Arc<str>,
) {
    let l = input.layout;
    let items = &mut out.pages[p.side].items;
    let reach = if spec.bleed { input.bleed } else { 0.0 };
    let bled = bleed(p.rect, reach, l.trim());
    let band = matches!(drawn, Some(Drawn::Band));
    let fill = spec.fill.or(band.then_some(crate::layout::Paint::Accent));
    if let Some(paint) = fill {
        let color = l.color(paint, input.accent);
        items.push(FrameItem::Fill {
            rects: vec![bled],
            color,
        });
    }
    let mut blocks: Vec<SetBlock> = Vec::new();
    match drawn {
        Some(Drawn::Image {
            image,
            aspect,
            cover,
        }) => {
            let frame = if cover { bled } else { contain(p.rect, aspect) };
            items.push(FrameItem::Image { image, frame });
        }
        Some(Drawn::Qr { size, dark }) => {
            let rects = crate::qr::rects(size, &dark, p.rect);
            items.push(FrameItem::Fill {
                rects,
                color: Cmyk::BLACK,
            });
        }
        Some(Drawn::Text(b)) => blocks = b,
        Some(Drawn::Band) | None => {}
    }
    if let Some(y) = p.rule {
        let color = match spec.rule_color {
            Some(paint) => l.color(paint, input.accent),
            None => first_style_color(input, spec),
        };
        items.push(FrameItem::Rule {
            from: Point::new(p.rect.x, y),
            to: Point::new(p.rect.right(), y),
            thickness: spec.rule.pt(),
            color,
        });
    }
    out.place_all(p.side, name, &p.lines, lines_of(blocks));
}

/// The colour of a frame's first text style (what its rule defaults to).
fn first_style_color(input: &FlowInput, spec: &FrameSpec) -> Cmyk {
    let l = input.layout;
    let style = spec.content.0.iter().find_map(|c| l.style_of(*c));
    style.map_or(Cmyk::BLACK, |s| l.color(s.color, input.accent))
}

/// `rect` reaching `reach` beyond every trim edge it touches.
fn bleed(rect: Rect, reach: f64, (w, h): (f64, f64)) -> Rect {
    let touches = |a: f64, b: f64| (a - b).abs() < 0.01;
    let left = if touches(rect.x, 0.0) { reach } else { 0.0 };
    let right = if touches(rect.right(), w) { reach } else { 0.0 };
    let bottom = if touches(rect.y, 0.0) { reach } else { 0.0 };
    let top = if touches(rect.top(), h) { reach } else { 0.0 };
    Rect {
        x: rect.x - left,
        y: rect.y - bottom,
        width: rect.width + left + right,
        height: rect.height + bottom + top,
    }
}

/// The largest rectangle of `aspect` (width / height) inside `rect`, centred.
fn contain(rect: Rect, aspect: f64) -> Rect {
    let (w, h) = if aspect > rect.width / rect.height {
        (rect.width, rect.width / aspect)
    } else {
        (rect.height * aspect, rect.height)
    };
    Rect {
        x: rect.x + (rect.width - w) / 2.0,
        y: rect.y + (rect.height - h) / 2.0,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn a_bleeding_frame_reaches_out_only_where_it_touches_the_trim() {
        let b = bleed(r(0.0, 50.0, 100.0, 50.0), 9.0, (200.0, 100.0));
        assert_eq!(b, r(-9.0, 50.0, 109.0, 59.0));
        let inside = r(10.0, 10.0, 20.0, 20.0);
        assert_eq!(bleed(inside, 9.0, (200.0, 100.0)), inside);
    }

    #[test]
    fn a_logo_is_fitted_inside_its_frame_never_distorted() {
        let fitted = contain(r(0.0, 0.0, 100.0, 50.0), 1.0);
        assert_eq!(fitted, r(25.0, 0.0, 50.0, 50.0));
        let wide = contain(r(0.0, 0.0, 100.0, 50.0), 4.0);
        assert_eq!(wide, r(0.0, 12.5, 100.0, 25.0));
    }
}
