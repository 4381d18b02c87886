//! Where the frames go on each side once their content is set: edges that give way to
//! other frames (`below`, `above`), display texts stacked from their anchored edge,
//! story frames cut into columns on one baseline grid. Nothing here draws; `build`
//! in `mod.rs` moves the lines and items onto the pages.

use super::fill::{Slot, first_baseline};
use super::{Drawn, FlowInput, SetBlock};
use crate::frame::Rect;
use crate::layout::{Align, Content, FrameSpec};
use std::collections::HashMap;

/// A frame placed on a side, with what it draws.
pub(super) struct Placed {
    /// Index into the layout's frames in drawing order.
    pub(super) frame: usize,
    /// Side from 0.
    pub(super) side: usize,
    /// Its area, bottom-left origin (before any bleed).
    pub(super) rect: Rect,
    /// Display text lines: (x, baseline) in reading order.
    pub(super) lines: Vec<(f64, f64)>,
    /// y of its rule, when it has one.
    pub(super) rule: Option<f64>,
    /// Lines of its text that do not fit its fixed height.
    pub(super) over: usize,
    /// Lines of its text wider than the frame (a word or address that cannot break).
    pub(super) wide: usize,
}

/// Every frame of a leaflet of `sides` sides.
pub(super) struct Geometry {
    pub(super) sides: usize,
    /// Story columns in chain order.
    pub(super) slots: Vec<Slot>,
    /// The other frames drawn, in drawing order, side by side.
    pub(super) placed: Vec<Placed>,
    /// The width of a story column.
    pub(super) measure: f64,
}

impl Geometry {
    /// A frame of display text that, once set, overlaps another text frame on its side
    /// (the frame, and the index of the one it runs into).
    pub(super) fn collision(&self) -> Option<(&Placed, usize)> {
        let texts: Vec<&Placed> = self.placed.iter().filter(|p| !p.lines.is_empty()).collect();
        for a in &texts {
            for b in &texts {
                if a.frame < b.frame && a.side == b.side && overlap(a.rect, b.rect) {
                    return Some((a, b.frame));
                }
            }
            for s in self.slots.iter().filter(|s| s.page == a.side) {
                let column = Rect {
                    x: s.x,
                    y: s.bottom,
                    width: self.measure,
                    height: s.top - s.bottom,
                };
                if overlap(a.rect, column) {
                    return Some((a, s.frame));
                }
            }
        }
        None
    }
}

/// Whether two rectangles share more than an edge.
fn overlap(a: Rect, b: Rect) -> bool {
    a.x < b.right() - 0.01 && b.x < a.right() - 0.01 && a.y < b.top() - 0.01 && b.y < a.top() - 0.01
}

/// A frame as resolved on one side: its area and how far its drawing reaches.
#[derive(Clone, Copy)]
struct Extent {
    rect: Rect,
    /// Highest and lowest point drawn (content, rule and padding).
    top: f64,
    bottom: f64,
}

impl Geometry {
    pub(super) fn new(input: &FlowInput, sides: usize) -> Geometry {
        let mut g = Geometry {
            sides,
            slots: Vec::new(),
            placed: Vec::new(),
            measure: input.layout.story_measure(),
        };
        for side in 0..sides {
            Side::new(input, side, sides).place(&mut g);
        }
        g
    }
}

/// Resolving the frames of one side.
struct Side<'a, 'b> {
    input: &'a FlowInput<'b>,
    side: usize,
    /// Frames on this side that draw something: index in drawing order → spec.
    present: HashMap<&'a str, (usize, &'a FrameSpec)>,
    done: HashMap<&'a str, Extent>,
    /// Display texts placed while resolving, by frame.
    texts: HashMap<&'a str, Placed>,
}

impl<'a, 'b> Side<'a, 'b> {
    fn new(input: &'a FlowInput<'b>, side: usize, sides: usize) -> Self {
        let present = input
            .layout
            .frames_in_order()
            .enumerate()
            .filter(|(_, (n, f))| f.side.on(side, sides) && input.draws(n, f))
            .map(|(i, (n, f))| (n, (i, f)))
            .collect();
        Side {
            input,
            side,
            present,
            done: HashMap::new(),
            texts: HashMap::new(),
        }
    }

    fn place(mut self, g: &mut Geometry) {
        let layout = self.input.layout;
        let names: Vec<&str> = layout.order.iter().map(String::as_str).collect();
        for name in &names {
            if self.present.contains_key(name) {
                self.resolve(name);
            }
        }
        self.story_slots(g);
        for (i, name) in names.iter().enumerate() {
            let Some((_, f)) = self.present.get(name) else {
                continue;
            };
            if f.first() == Content::Story {
                continue;
            }
            let placed = self.texts.remove(name).unwrap_or_else(|| Placed {
                frame: i,
                side: self.side,
                rect: self.done[name].rect,
                lines: Vec::new(),
                rule: None,
                over: 0,
                wide: 0,
            });
            g.placed.push(placed);
        }
    }

    /// The story's frames on this side, in chain order, as columns; tops pushed down by
    /// other frames snap onto the baseline grid of the side's highest story frame, so
    /// lines align across columns.
    fn story_slots(&self, g: &mut Geometry) {
        let layout = self.input.layout;
        let grid = self.input.setting.leading;
        let chain: Vec<(&str, Extent, &FrameSpec)> = layout
            .story
            .chain
            .iter()
            .filter_map(|n| {
                let (_, f) = self.present.get(n.as_str())?;
                Some((n.as_str(), self.done[n.as_str()], *f))
            })
            .collect();
        let highest = chain
            .iter()
            .map(|c| c.1.rect.top())
            .fold(f64::MIN, f64::max);
        let mut column = 0;
        for (name, extent, f) in chain {
            let drop = highest - extent.rect.top();
            let top = highest - (drop / grid).ceil() * grid;
            let r = extent.rect;
            let n = f.columns.unwrap_or(1) as usize;
            let width = layout.story_measure();
            let gutter = if n > 1 {
                (r.width - n as f64 * width) / (n - 1) as f64
            } else {
                0.0
            };
            for c in 0..n {
                g.slots.push(Slot {
                    page: self.side,
                    column,
                    x: r.x + c as f64 * (width + gutter),
                    top,
                    bottom: r.y,
                    frame: self.input.frame_index(name),
                });
                column += 1;
            }
        }
    }

    /// Where a frame goes, after the frames it gives way to.
    fn resolve(&mut self, name: &'a str) -> Option<Extent> {
        if let Some(e) = self.done.get(name) {
            return Some(*e);
        }
        let (index, f) = *self.present.get(name)?;
        let nominal = self.input.layout.grid().place(f).ok()?;
        let (mut top, mut bottom) = (nominal.top, nominal.bottom);
        let grow = self.growth(name);
        let display = f.content.0.iter().all(|c| c.is_display());
        // The filler grows away from the edge it is anchored at.
        if grow > 0.0 && !display {
            match (f.top, f.bottom) {
                (None, Some(_)) => top = top.map(|t| t + grow),
                _ => bottom = bottom.map(|b| b - grow),
            }
        }
        let moves = f.height.is_some();
        for link in &f.below {
            let Some(other) = self.resolve(link) else {
                continue;
            };
            let gap = f.space.map_or(self.clearance(link), |s| s.pt());
            let edge = other.bottom - gap;
            if let Some(t) = top.filter(|t| edge < *t) {
                top = Some(edge);
                if moves {
                    bottom = bottom.map(|b| b - (t - edge));
                }
            }
        }
        for link in &f.above {
            let Some(other) = self.resolve(link) else {
                continue;
            };
            let gap = f.space.map_or(self.clearance(link), |s| s.pt());
            let edge = other.top + gap;
            if let Some(b) = bottom.filter(|b| edge > *b) {
                bottom = Some(edge);
                if moves {
                    top = top.map(|t| t + (edge - b));
                }
            }
        }
        let extent = if display {
            let edges = (top, bottom);
            self.display(name, index, f, (nominal.x, nominal.width), edges, grow)
        } else {
            let rect = Rect {
                x: nominal.x,
                y: bottom.unwrap_or(0.0),
                width: nominal.width,
                height: top.unwrap_or(0.0) - bottom.unwrap_or(0.0),
            };
            Extent {
                rect,
                top: rect.top(),
                bottom: rect.y,
            }
        };
        self.done.insert(name, extent);
        Some(extent)
    }

    /// Height the copyfit adds to frame `name` (the story's filler) on this side.
    fn growth(&self, name: &str) -> f64 {
        let fillers = &self.input.layout.story.filler.0;
        let i = fillers.iter().position(|f| f == name);
        i.and_then(|i| self.input.grow.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    fn clearance(&self, name: &str) -> f64 {
        self.input
            .layout
            .frames
            .get(name)
            .map_or(0.0, |f| f.clearance.pt())
    }

    /// Stacks a frame's display texts from its top (or up from its bottom when only
    /// that is fixed), with its rule and padding. A frame the copyfit grows by `grow`
    /// keeps its rule at its edge and its text in the middle of the room.
    fn display(
        &mut self,
        name: &'a str,
        index: usize,
        f: &FrameSpec,
        (x, width): (f64, f64),
        (top, bottom): (Option<f64>, Option<f64>),
        grow: f64,
    ) -> Extent {
        let blocks = match self.input.content(name) {
            Some(Drawn::Text(blocks)) => blocks.as_slice(),
            _ => &[],
        };
        let pad = f.padding.pt();
        let (mut lines, reached) = self.lines_in(f, blocks, x + pad, width - 2.0 * pad);
        let content_height = -reached;
        let rule_room = if f.rule.pt() > 0.0 {
            f.rule_gap.pt()
        } else {
            0.0
        };
        let (shift, rule, rect) = match (top, bottom) {
            (Some(t), b) => {
                let low = t - pad - content_height - rule_room - pad - grow;
                let rect_bottom = b.unwrap_or(low);
                let rule = (f.rule.pt() > 0.0).then_some(low + pad);
                let rect = rect(x, rect_bottom, width, t - rect_bottom);
                (t - pad - grow / 2.0, rule, rect)
            }
            (None, b) => {
                let b = b.unwrap_or(0.0);
                let high = b + pad + content_height + rule_room + pad + grow;
                let rule = (f.rule.pt() > 0.0).then_some(high - pad);
                let rect = rect(x, b, width, high - b);
                (b + pad + content_height + grow / 2.0, rule, rect)
            }
        };
        align(&mut lines, blocks, f.align, width - 2.0 * pad, x + pad);
        let wide = blocks
            .iter()
            .flat_map(|b| &b.paragraphs)
            .flat_map(|p| &p.lines)
            .filter(|l| ink_width(l) > width - 2.0 * pad + 0.1)
            .count();
        let over = shift_down(&mut lines, blocks, shift, rect.y + pad);
        self.texts.insert(
            name,
            Placed {
                frame: index,
                side: self.side,
                rect,
                lines,
                rule,
                over,
                wide,
            },
        );
        let (top, bottom) = (rect.top(), rect.y);
        Extent { rect, top, bottom }
    }
}

impl Side<'_, '_> {
    /// A frame's text stacked from a top at 0 (the imprint alone in its frame in columns,
    /// flow/imprint.rs): each line's (x, baseline) and the depth reached.
    fn lines_in(
        &self,
        f: &FrameSpec,
        blocks: &[SetBlock],
        x: f64,
        width: f64,
    ) -> (Vec<(f64, f64)>, f64) {
        match blocks {
            [imprint] if f.content.0 == [Content::Imprint] => {
                let columns = super::imprint::ImprintColumns::of(self.input.layout, width);
                let placed = super::imprint::place(imprint, x, 0.0, &columns);
                let top = placed.top;
                let lines = placed.lines.iter().map(|(x, y)| (*x, y - top)).collect();
                (lines, -placed.height)
            }
            _ => {
                let gap = f.spacing.map_or(crate::units::mm(1.5), |s| s.pt());
                stack(blocks, x, 0.0, gap)
            }
        }
    }
}

/// Moves lines set from a top at 0 down to their place (`shift`); returns how many
/// reach below `floor`.
fn shift_down(lines: &mut [(f64, f64)], blocks: &[SetBlock], shift: f64, floor: f64) -> usize {
    let sizes = blocks
        .iter()
        .flat_map(|b| &b.paragraphs)
        .flat_map(|p| p.lines.iter().map(move |_| p.size));
    let mut over = 0;
    for ((_, y), size) in lines.iter_mut().zip(sizes) {
        *y += shift;
        if *y - size * 0.25 < floor - 0.01 {
            over += 1;
        }
    }
    over
}

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// How far a set line's ink reaches (the letter spacing after its last glyph is no ink).
fn ink_width(line: &crate::text::SetLine) -> f64 {
    line.fragments
        .last()
        .map_or(0.0, |(dx, f)| dx + f.width() - f.spacing)
}

/// Moves each line across its frame as `align` says.
fn align(lines: &mut [(f64, f64)], blocks: &[SetBlock], align: Align, width: f64, x: f64) {
    if align == Align::Left {
        return;
    }
    let set = blocks
        .iter()
        .flat_map(|b| &b.paragraphs)
        .flat_map(|p| &p.lines);
    for ((lx, _), line) in lines.iter_mut().zip(set) {
        let used = line.fragments.last().map_or(0.0, |(dx, f)| dx + f.width());
        let free = (width - used).max(0.0);
        *lx = x + if align == Align::Center {
            free / 2.0
        } else {
            free
        };
    }
}

/// Stacks blocks downwards from `top`; returns each line's (x, baseline) and the bottom
/// reached (the last line's descent). Blocks of different kinds are `gap` apart.
pub(super) fn stack(blocks: &[SetBlock], x: f64, top: f64, gap: f64) -> (Vec<(f64, f64)>, f64) {
    let mut out = Vec::new();
    let mut y = top;
    let mut bottom = top;
    let mut previous = None;
    for block in blocks {
        for par in &block.paragraphs {
            for _ in &par.lines {
                y = match previous {
                    None => top - first_baseline(par.size),
                    Some(k) => y - par.leading - if k != block.kind { gap } else { 0.0 },
                };
                previous = Some(block.kind);
                out.push((x, y));
                bottom = y - par.size * 0.25;
            }
        }
    }
    (out, bottom)
}
