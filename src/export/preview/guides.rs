//! The geometry the overlays draw and the live page's clicks hit: trim, bleed and safe
//! zone, the column and baseline grids, named frames, each line's box with its block and
//! adjustment ratio, and where the text overflows. All of it comes from the layout, the
//! page model and the placed lines (never from text internals), in one place, so that
//! new kinds of frame (panels, folds) are new entries here.

use crate::flow::Overflow;
use crate::frame::PlacedLine;
use crate::frame::{FrameItem, Page, Rect};
use crate::layout::Layout;
use crate::print::SAFE_ZONE;
use crate::style::Kind;
use crate::units::Size;
use std::collections::HashMap;

/// Geometry of every page.
pub struct Guides {
    /// One entry per page, in order.
    pub pages: Vec<PageGuides>,
}

/// One page's geometry, in points from the bottom-left trim corner.
pub struct PageGuides {
    /// The trimmed page.
    pub size: Size,
    /// Bleed beyond the trim.
    pub bleed: f64,
    /// The safe zone's inset from the trim.
    pub safe: f64,
    /// The column areas of the layout's grid, left to right, margin to margin.
    pub columns: Vec<Rect>,
    /// The body's baseline grid: baselines (y) from the top margin to the bottom one.
    pub baselines: Vec<f64>,
    /// Named zones: header, portrait, caption, column n, imprint.
    pub frames: Vec<(String, Rect)>,
    /// Each set line's box.
    pub lines: Vec<LineBox>,
    /// Where text runs over, and what the box says.
    pub overflow: Option<(Rect, String)>,
}

/// A set line as the page shows it.
#[derive(Clone, Debug)]
pub struct LineBox {
    /// Column from 1 (1 for lines across the page).
    pub column: usize,
    /// The block it belongs to ("question 2 answer").
    pub block: String,
    /// The text as printed.
    pub text: String,
    /// Adjustment ratio (−1 fully shrunk, 1 fully stretched).
    pub ratio: f64,
    /// Ends with an added hyphen.
    pub hyphen: bool,
    /// Justified beyond the spacing limits (|ratio| > 1).
    pub loose: bool,
    /// The baseline's y.
    pub baseline: f64,
    /// The ink's extent: left to right, descender to ascender.
    pub rect: Rect,
}

impl Guides {
    /// The geometry of `pages` as `layout` made them, with their `lines`.
    pub fn new(
        layout: &Layout,
        pages: &[Page],
        lines: &[PlacedLine],
        overflow: Option<&Overflow>,
    ) -> Guides {
        let mut out: Vec<PageGuides> = pages
            .iter()
            .enumerate()
            .map(|(n, page)| page_guides(layout, page, n, lines))
            .collect();
        if let (Some(o), Some(last)) = (overflow, out.last_mut()) {
            last.overflow = Some(overflow_box(layout, last, o));
        }
        Guides { pages: out }
    }
}

fn page_guides(layout: &Layout, page: &Page, n: usize, lines: &[PlacedLine]) -> PageGuides {
    let boxes = line_boxes(layout, page, lines.iter().filter(|l| l.page == n));
    let text = text_area(layout);
    let columns = column_rects(layout, text);
    let mut frames = zones(page, &boxes, text);
    let (top, bottom) = column_span(&frames, text);
    frames.extend(columns.iter().enumerate().map(|(i, c)| {
        let rect = Rect {
            y: bottom,
            height: top - bottom,
            ..*c
        };
        (format!("column {}", i + 1), rect)
    }));
    PageGuides {
        size: page.size,
        bleed: page.bleed,
        safe: SAFE_ZONE,
        baselines: baseline_grid(layout, &boxes, text),
        columns,
        frames,
        lines: boxes,
        overflow: None,
    }
}

/// The area inside the margins.
fn text_area(layout: &Layout) -> Rect {
    let grid = layout.grid();
    let [top, bottom, left, right] = grid.margins;
    let (w, h) = grid.trim;
    Rect {
        x: left,
        y: bottom,
        width: w - left - right,
        height: h - top - bottom,
    }
}

/// The sheet's grid columns across the type area.
fn column_rects(layout: &Layout, text: Rect) -> Vec<Rect> {
    let grid = layout.grid();
    let (width, gutter) = (grid.column_width(), grid.gutter);
    (0..grid.columns as usize)
        .map(|i| Rect {
            x: text.x + i as f64 * (width + gutter),
            width,
            ..text
        })
        .collect()
}

/// Header, portrait, caption and imprint zones, from what the page draws.
fn zones(page: &Page, boxes: &[LineBox], text: Rect) -> Vec<(String, Rect)> {
    let mut frames = Vec::new();
    let across = |name: &str, top: f64, bottom: f64| {
        let rect = Rect {
            y: bottom,
            height: top - bottom,
            ..text
        };
        (name.to_string(), rect)
    };
    let header = extent(boxes, |b| {
        ["headline", "candidate name", "role line"].contains(&b)
    });
    if let Some(h) = header {
        // The rule sits 2 mm under the last header line (flow's header_rule).
        frames.push(across(
            "header",
            text.y + text.height,
            h.y - crate::units::mm(2.0),
        ));
    }
    for item in &page.items {
        if let FrameItem::Image { frame, .. } = item {
            frames.push(("portrait".into(), *frame));
        }
    }
    if let Some(c) = extent(boxes, |b| b == "portrait caption") {
        frames.push(("caption".into(), c));
    }
    if let Some(i) = extent(boxes, |b| b == "imprint") {
        frames.push(across(
            "imprint",
            i.y + i.height + crate::units::mm(1.5),
            text.y,
        ));
    }
    frames
}

/// Where the columns run on this page: under the header, above the imprint.
fn column_span(frames: &[(String, Rect)], text: Rect) -> (f64, f64) {
    let find = |name: &str| frames.iter().find(|(n, _)| n == name).map(|f| f.1);
    let top = find("header").map_or(text.y + text.height, |h| h.y);
    let bottom = find("imprint").map_or(text.y, |i| i.y + i.height);
    (top, bottom)
}

/// The smallest rectangle holding the boxes of lines whose block passes `which`.
fn extent(boxes: &[LineBox], which: impl Fn(&str) -> bool) -> Option<Rect> {
    boxes
        .iter()
        .filter(|b| which(&b.block))
        .map(|b| b.rect)
        .reduce(|a, b| {
            let (x0, y0) = (a.x.min(b.x), a.y.min(b.y));
            let (x1, y1) = (
                (a.x + a.width).max(b.x + b.width),
                (a.y + a.height).max(b.y + b.height),
            );
            Rect {
                x: x0,
                y: y0,
                width: x1 - x0,
                height: y1 - y0,
            }
        })
}

/// The body's baseline grid, through the first body line of the page, across the text area.
fn baseline_grid(layout: &Layout, boxes: &[LineBox], text: Rect) -> Vec<f64> {
    let leading = layout.styles.answer.leading.pt();
    let body = |b: &&LineBox| b.block == "lead" || b.block.starts_with("question");
    let Some(first) = boxes.iter().find(body) else {
        return vec![];
    };
    let origin = first.baseline;
    let (top, bottom) = (text.y + text.height, text.y);
    let start = origin + ((top - origin) / leading).floor() * leading;
    let count = ((start - bottom) / leading).floor().max(0.0) as usize + 1;
    (0..count).map(|i| start - i as f64 * leading).collect()
}

/// Each line's box, from the text items on its baseline within its measure.
fn line_boxes<'a>(
    layout: &Layout,
    page: &Page,
    lines: impl Iterator<Item = &'a PlacedLine>,
) -> Vec<LineBox> {
    let mut by_baseline: HashMap<u64, Vec<(f64, f64, f64)>> = HashMap::new();
    for item in &page.items {
        if let FrameItem::Text { origin, fragment } = item {
            let ink = (origin.x, origin.x + fragment.width(), fragment.size);
            by_baseline.entry(origin.y.to_bits()).or_default().push(ink);
        }
    }
    lines
        .map(|l| {
            let across = matches!(
                l.kind,
                Kind::Headline | Kind::Name | Kind::Role | Kind::Imprint
            );
            let measure = if across {
                text_area(layout).width
            } else {
                layout.story_measure()
            };
            let within =
                |&&(x0, _, _): &&(f64, f64, f64)| x0 >= l.x - 0.5 && x0 <= l.x + measure + 0.5;
            let inks = by_baseline.get(&l.baseline.to_bits());
            let inks = inks.into_iter().flatten().filter(within);
            let (right, size) = inks.fold((l.x, 0.0_f64), |(r, s), &(_, x1, sz)| {
                (r.max(x1), s.max(sz))
            });
            LineBox {
                column: l.column + 1,
                block: l.kind.name(),
                text: l.line.text.clone(),
                ratio: l.line.ratio,
                hyphen: l.line.hyphen,
                loose: l.line.ratio.abs() > 1.0 + 1e-9,
                baseline: l.baseline,
                rect: Rect {
                    x: l.x,
                    y: l.baseline - 0.25 * size,
                    width: right - l.x,
                    height: size,
                },
            }
        })
        .collect()
}

/// A box at the foot of the last column saying how many lines did not fit.
fn overflow_box(layout: &Layout, page: &PageGuides, o: &Overflow) -> (Rect, String) {
    let leading = layout.styles.answer.leading.pt();
    let column = page
        .frames
        .iter()
        .rev()
        .find(|(n, _)| n.starts_with("column"));
    let area = column.map_or(text_area(layout), |c| c.1);
    let rect = Rect {
        height: (3.0 * leading).min(area.height),
        ..area
    };
    let label = format!("+{} lines over: {}", o.lines, o.kind.name());
    (rect, label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::Interview;
    use crate::source::Source;
    use crate::{Engine, layout::Layout};

    fn example_guides() -> (Guides, usize) {
        let engine = Engine::new(Layout::builtin()).expect("the built-in layout loads");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/bazeyan/interview.toml");
        let interview = Interview::parse(Source::read(&path).unwrap()).expect("the example");
        let Ok(r) = engine.render(&interview) else {
            panic!("the example renders")
        };
        let guides = Guides::new(&engine.layout, &r.pages, &r.lines, None);
        (guides, r.report.totals.lines)
    }

    #[test]
    fn every_line_has_a_box_inside_the_text_area_with_its_ink() {
        let (guides, lines) = example_guides();
        let boxes: Vec<&LineBox> = guides.pages.iter().flat_map(|p| &p.lines).collect();
        assert_eq!(boxes.len(), lines);
        for b in boxes {
            let r = b.rect;
            assert!(r.width > 5.0 && r.height > 5.0, "{b:?}");
            // Boxes run to the last glyph's advance: a hyphen's side bearing may pass the
            // measure (where its ink ends) by a fraction of a point.
            assert!(
                r.x >= mm(12.0) - 0.01 && r.x + r.width <= mm(198.0) + 1.0,
                "{b:?}"
            );
        }
    }

    #[test]
    fn frames_are_named_and_the_baseline_grid_holds_every_body_line() {
        let (guides, _) = example_guides();
        let first: Vec<&str> = guides.pages[0]
            .frames
            .iter()
            .map(|f| f.0.as_str())
            .collect();
        for name in ["header", "portrait", "caption", "column 1", "column 3"] {
            assert!(first.contains(&name), "{first:?}");
        }
        let last = guides.pages.last().unwrap();
        assert!(last.frames.iter().any(|f| f.0 == "imprint"));
        for page in &guides.pages {
            for l in page.lines.iter().filter(|l| l.block.contains("answer")) {
                let on_grid = page.baselines.iter().any(|y| (y - l.baseline).abs() < 0.01);
                assert!(on_grid, "{} at {} is off the grid", l.text, l.baseline);
            }
        }
    }

    use crate::units::mm;
}
