//! The geometry the overlays draw and the live page's clicks hit: trim, bleed and safe
//! zone, folds and panels, the frames as flow placed them (with their names, and the
//! story's chain order), the story's columns and baseline grid, each line's box with its
//! block, frame, panel and adjustment ratio, and where the text overflows. All of it comes
//! from the layout, the page model, the placed lines and the report's frames (never from
//! text internals), in one place.

use crate::export::report::{FrameReport, Report};
use crate::flow::Overflow;
use crate::frame::PlacedLine;
use crate::frame::{FrameItem, Page, Rect};
use crate::layout::Layout;
use crate::print::SAFE_ZONE;
use crate::units::Size;
use std::collections::HashMap;

/// Geometry of every page.
pub struct Guides {
    /// One entry per page, in order.
    pub pages: Vec<PageGuides>,
    /// The body's (answers') type size and leading as set, in points.
    pub body: (f64, f64),
}

/// One page's geometry, in points from the bottom-left trim corner.
pub struct PageGuides {
    /// The trimmed page.
    pub size: Size,
    /// Bleed beyond the trim.
    pub bleed: f64,
    /// The safe zone's inset from the trim.
    pub safe: f64,
    /// The story's columns on this page, in chain order.
    pub columns: Vec<Rect>,
    /// The body's baseline grid: baselines (y) through the story's columns.
    pub baselines: Vec<f64>,
    /// The frames flow placed, each with its label: its name, and for a story frame
    /// its place in the chain ("inside-2 · story 2/3").
    pub frames: Vec<(String, Rect)>,
    /// Fold lines, x from the left trim edge.
    pub folds: Vec<f64>,
    /// The panels between the folds, from the left (none on an unfolded sheet).
    pub panels: Vec<Rect>,
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
    /// The layout frame it is set in.
    pub frame: String,
    /// On a folded sheet, its panel (from 1, from the left of its page).
    pub panel: Option<usize>,
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

/// A frame of the report in points, bottom-left origin, on page `page` (from 0).
struct Placed<'a> {
    name: &'a str,
    page: usize,
    rect: Rect,
}

impl Guides {
    /// The geometry of `pages` as `layout` made them, with their `lines` and the
    /// `frames` flow placed (the report's, top-down in millimetres).
    pub fn new(
        layout: &Layout,
        pages: &[Page],
        lines: &[PlacedLine],
        report: &Report,
        overflow: Option<&Overflow>,
    ) -> Guides {
        let height = pages.first().map_or(0.0, |p| p.size.height);
        let frames: Vec<Placed> = report.frames.iter().map(|f| placed(f, height)).collect();
        // The story as set: the copyfit's choice, or the layout's own size.
        let answer = &layout.styles.answer;
        let body = report
            .story
            .as_ref()
            .map_or((answer.size.pt(), answer.leading.pt()), |s| {
                (s.size_pt, s.leading_pt)
            });
        let mut out: Vec<PageGuides> = pages
            .iter()
            .enumerate()
            .map(|(n, page)| page_guides(layout, body.1, page, n, lines, &frames))
            .collect();
        if let (Some(o), Some(last)) = (overflow, out.last_mut()) {
            last.overflow = Some(overflow_box(body.1, last, o));
        }
        Guides { pages: out, body }
    }

    /// How full the story's columns are, from 0 to 1: the height from each column's
    /// top to its last line's foot, over the columns' height (the copyfit's fill).
    pub fn story_fill(&self) -> Option<f64> {
        let (mut used, mut room) = (0.0, 0.0);
        for page in &self.pages {
            for c in &page.columns {
                let inside = |l: &&LineBox| l.rect.x >= c.x - 0.5 && l.rect.x < c.right();
                let inside = page
                    .lines
                    .iter()
                    .filter(inside)
                    .filter(|l| l.rect.y < c.top());
                let lowest = inside.map(|l| l.baseline).fold(c.top(), f64::min);
                used += (c.top() - lowest).max(0.0);
                room += c.height;
            }
        }
        (room > 0.0).then(|| (used / room).min(1.0))
    }
}

/// A report's frame back in points.
fn placed(f: &FrameReport, page_height: f64) -> Placed<'_> {
    let pt = |mm: f64| crate::units::mm(mm);
    Placed {
        name: &f.name,
        page: f.page.saturating_sub(1),
        rect: Rect {
            x: pt(f.x_mm),
            y: page_height - pt(f.top_mm) - pt(f.height_mm),
            width: pt(f.width_mm),
            height: pt(f.height_mm),
        },
    }
}

fn page_guides(
    layout: &Layout,
    leading: f64,
    page: &Page,
    n: usize,
    lines: &[PlacedLine],
    frames: &[Placed],
) -> PageGuides {
    let here: Vec<&Placed> = frames.iter().filter(|f| f.page == n).collect();
    let boxes = line_boxes(layout, page, lines.iter().filter(|l| l.page == n), &here);
    let chain = &layout.story.chain;
    let columns: Vec<Rect> = here
        .iter()
        .filter(|f| chain.iter().any(|c| c == f.name))
        .flat_map(|f| story_columns(layout, f))
        .collect();
    let labels = here
        .iter()
        .map(|f| (label(f.name, chain), f.rect))
        .collect();
    PageGuides {
        size: page.size,
        bleed: page.bleed,
        safe: SAFE_ZONE,
        baselines: baseline_grid(leading, &boxes, &columns),
        columns,
        frames: labels,
        panels: panels(&page.folds, page.size),
        folds: page.folds.clone(),
        lines: boxes,
        overflow: None,
    }
}

/// A frame's name, with its place in the story's chain when it is one of the story's.
fn label(name: &str, chain: &[String]) -> String {
    match chain.iter().position(|c| c == name) {
        Some(i) if chain.len() > 1 => format!("{name} · story {}/{}", i + 1, chain.len()),
        Some(_) => format!("{name} · story"),
        None => name.to_string(),
    }
}

/// A story frame's columns: its area is the span of its columns, each one the story's measure.
fn story_columns(layout: &Layout, f: &Placed) -> Vec<Rect> {
    let measure = layout.story_measure();
    let n = layout
        .frames
        .get(f.name)
        .and_then(|s| s.columns)
        .unwrap_or(1)
        .max(1) as usize;
    let gap = if n > 1 {
        (f.rect.width - n as f64 * measure) / (n - 1) as f64
    } else {
        0.0
    };
    (0..n)
        .map(|i| Rect {
            x: f.rect.x + i as f64 * (measure + gap),
            width: measure.min(f.rect.width),
            ..f.rect
        })
        .collect()
}

/// The panels between the folds, the page's height each.
fn panels(folds: &[f64], size: Size) -> Vec<Rect> {
    if folds.is_empty() {
        return vec![];
    }
    let mut edges = vec![0.0];
    edges.extend(folds.iter().copied());
    edges.push(size.width);
    edges
        .windows(2)
        .map(|w| Rect {
            x: w[0],
            y: 0.0,
            width: w[1] - w[0],
            height: size.height,
        })
        .collect()
}

/// The body's baseline grid, through the first body line of the page, over the
/// story's columns' height.
fn baseline_grid(leading: f64, boxes: &[LineBox], columns: &[Rect]) -> Vec<f64> {
    let body = |b: &&LineBox| b.block == "lead" || b.block.starts_with("question");
    let (Some(first), false) = (boxes.iter().find(body), columns.is_empty()) else {
        return vec![];
    };
    let top = columns.iter().map(|c| c.top()).fold(f64::MIN, f64::max);
    let bottom = columns.iter().map(|c| c.y).fold(f64::MAX, f64::min);
    let origin = first.baseline;
    let start = origin + ((top - origin) / leading).floor() * leading;
    let count = ((start - bottom) / leading).floor().max(0.0) as usize + 1;
    (0..count).map(|i| start - i as f64 * leading).collect()
}

/// Each line's box, from the text items on its baseline within its frame's measure.
fn line_boxes<'a>(
    layout: &Layout,
    page: &Page,
    lines: impl Iterator<Item = &'a PlacedLine>,
    frames: &[&Placed],
) -> Vec<LineBox> {
    let mut by_baseline: HashMap<u64, Vec<(f64, f64, f64)>> = HashMap::new();
    for item in &page.items {
        if let FrameItem::Text { origin, fragment } = item {
            let ink = (origin.x, origin.x + fragment.width(), fragment.size);
            by_baseline.entry(origin.y.to_bits()).or_default().push(ink);
        }
    }
    let story = layout.story_measure();
    lines
        .map(|l| {
            let in_chain = layout.story.chain.iter().any(|c| **c == *l.frame);
            // A story frame spans its columns, whose lines share baselines: the measure
            // keeps a line's box to its own column.
            let frame = frames.iter().find(|f| *f.name == *l.frame);
            let measure = match frame {
                Some(f) if !in_chain => f.rect.right() - l.x,
                _ => story,
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
                frame: l.frame.to_string(),
                panel: (!page.folds.is_empty())
                    .then(|| 1 + page.folds.iter().filter(|f| **f <= l.x + 0.01).count()),
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

/// A box at the foot of the last story column (or the page's last frame) saying how
/// many lines did not fit.
fn overflow_box(leading: f64, page: &PageGuides, o: &Overflow) -> (Rect, String) {
    let named = o.frame.as_ref().and_then(|n| {
        page.frames
            .iter()
            .find(|f| f.0 == *n || f.0.starts_with(&format!("{n} · ")))
    });
    let whole = Rect {
        x: 0.0,
        y: 0.0,
        width: page.size.width,
        height: page.size.height,
    };
    let area = named
        .map(|f| f.1)
        .or(page.columns.last().copied())
        .unwrap_or(whole);
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

    fn example_guides(layout: &str) -> (Guides, usize) {
        let layout = Layout::bundled(layout).expect("bundled").expect("loads");
        let engine = Engine::new(layout).expect("the layout loads");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/bazeyan/interview.toml");
        let interview = Interview::parse(Source::read(&path).unwrap()).expect("the example");
        let Ok(r) = engine.render(&interview) else {
            panic!("the example renders")
        };
        let guides = Guides::new(&engine.layout, &r.pages, &r.lines, &r.report, None);
        (guides, r.report.totals.lines)
    }

    #[test]
    fn every_line_has_a_box_inside_its_frame_with_its_ink() {
        for layout in ["a4-two-sided", "a4-trifold", "a5-flyer", "a3-poster"] {
            let (guides, lines) = example_guides(layout);
            let boxes: Vec<&LineBox> = guides.pages.iter().flat_map(|p| &p.lines).collect();
            assert_eq!(boxes.len(), lines, "{layout}");
            for page in &guides.pages {
                for b in &page.lines {
                    let r = b.rect;
                    assert!(r.width > 1.0 && r.height > 4.0, "{layout}: {b:?}");
                    let frame = page
                        .frames
                        .iter()
                        .find(|f| f.0 == b.frame || f.0.starts_with(&format!("{} · ", b.frame)));
                    let Some((_, f)) = frame else {
                        panic!("{layout}: no frame `{}` on the page", b.frame)
                    };
                    // A hyphen's advance may pass the measure by a fraction of a point.
                    assert!(
                        r.x >= f.x - 0.05 && r.right() <= f.right() + 1.0,
                        "{layout}: {b:?} in {f:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_trifold_has_its_folds_panels_and_story_chain() {
        let (guides, _) = example_guides("a4-trifold");
        let inside = &guides.pages[1];
        assert_eq!(inside.folds.len(), 2);
        assert_eq!(inside.panels.len(), 3);
        let width: f64 = inside.panels.iter().map(|p| p.width).sum();
        assert!((width - inside.size.width).abs() < 0.01);
        let names: Vec<&str> = inside.frames.iter().map(|f| f.0.as_str()).collect();
        for name in [
            "inside-1 · story 1/3",
            "inside-2 · story 2/3",
            "inside-3 · story 3/3",
        ] {
            assert!(names.contains(&name), "{names:?}");
        }
        assert_eq!(inside.columns.len(), 3);
        for l in inside
            .lines
            .iter()
            .filter(|l| l.frame.starts_with("inside-"))
        {
            let n: usize = l.frame["inside-".len()..].parse().unwrap();
            assert_eq!(l.panel, Some(n), "{l:?}");
        }
    }

    #[test]
    fn the_baseline_grid_holds_every_body_line() {
        let (guides, _) = example_guides("a4-two-sided");
        let first: Vec<&str> = guides.pages[0]
            .frames
            .iter()
            .map(|f| f.0.as_str())
            .collect();
        assert!(first.iter().any(|n| n.contains("story")), "{first:?}");
        assert!(guides.pages[0].folds.is_empty() && guides.pages[0].panels.is_empty());
        let fill = guides.story_fill().expect("the story has columns");
        assert!(fill > 0.5 && fill <= 1.0, "{fill}");
        for page in &guides.pages {
            for l in page.lines.iter().filter(|l| l.block.contains("answer")) {
                let on_grid = page.baselines.iter().any(|y| (y - l.baseline).abs() < 0.01);
                assert!(on_grid, "{} at {} is off the grid", l.text, l.baseline);
            }
        }
    }
}
