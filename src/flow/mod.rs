//! The flow stage: set lines → pages. Header across page 1, portrait at the top of
//! column 1, body through the columns and onto page 2 if allowed, imprint at the
//! foot of the last page, last page balanced. Text that does not fit is an error.

mod arrange;
pub mod fill;
pub mod imprint;

use crate::diag::Diagnostic;
use crate::frame::{FrameItem, Page, Rect};
use crate::layout::Layout;
use crate::style::Kind;
use crate::text::SetLine;
use crate::units::{Point, Size, mm};
use fill::{FlowLine, Slot, first_baseline};

/// A paragraph after line breaking.
#[derive(Clone, Debug)]
pub struct SetPar {
    /// Its lines.
    pub lines: Vec<SetLine>,
    /// Baseline-to-baseline distance.
    pub leading: f64,
    /// Font size.
    pub size: f64,
}

/// A block after line breaking.
#[derive(Clone, Debug)]
pub struct SetBlock {
    /// What it is.
    pub kind: Kind,
    /// Its paragraphs.
    pub paragraphs: Vec<SetPar>,
}

/// Sets body paragraphs (counted from 1 in reading order) in a given number of lines,
/// none beyond ratio ±1, where that can be done: how flow evens out columns when whole
/// lines cannot be moved between them. Shared by flow's threads.
pub trait Rebreaker: Sync {
    /// For each count in `lines`, whether paragraph `n` can be set in that many lines, and
    /// then which of them end with a hyphen (where a column may not end).
    fn shape(&self, n: usize, lines: &[usize]) -> Vec<Option<Vec<bool>>>;
    /// Paragraph `n` set in `lines` lines (a count `shape` found possible; None otherwise).
    fn set(&self, n: usize, lines: usize) -> Option<Vec<SetLine>>;
}

/// Everything flow places.
pub struct FlowInput<'a> {
    /// The design.
    pub layout: &'a Layout,
    /// Headline and role.
    pub header: Vec<SetBlock>,
    /// Lead and questions/answers.
    pub body: Vec<SetBlock>,
    /// Portrait caption.
    pub caption: Option<SetBlock>,
    /// Imprint.
    pub imprint: SetBlock,
    /// The portrait: image index and width/height ratio.
    pub portrait: Option<(usize, f64)>,
    /// Sets body paragraphs a line longer or shorter, to even out columns.
    pub rebreak: &'a dyn Rebreaker,
}

/// A line as placed, for the report and the text dump.
#[derive(Clone, Debug)]
pub struct PlacedLine {
    /// Page index from 0.
    pub page: usize,
    /// Column index from 0 (0 for lines across the page).
    pub column: usize,
    /// Baseline, points from the bottom trim edge.
    pub baseline: f64,
    /// Left edge, points from the left trim edge.
    pub x: f64,
    /// The block it belongs to.
    pub kind: Kind,
    /// For body lines, the index of their paragraph in the body (for widow/orphan counts).
    pub paragraph: Option<usize>,
    /// The set line; its fragments have moved to the page, its text and ratio stay.
    pub line: SetLine,
}

/// What flow produced.
pub struct Flowed {
    /// The pages.
    pub pages: Vec<Page>,
    /// Every line, in reading order.
    pub lines: Vec<PlacedLine>,
}

impl Flowed {
    /// Places lines across the text width of `page` at the given (x, baseline) positions.
    fn place_all(
        &mut self,
        page: usize,
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
                line,
            });
        }
    }

    /// Moves a line's fragments onto its page and records the line (text only) for the report.
    fn place(&mut self, mut line: PlacedLine) {
        for (dx, fragment) in line.line.fragments.drain(..) {
            let origin = Point::new(line.x + dx, line.baseline);
            self.pages[line.page]
                .items
                .push(FrameItem::Text { origin, fragment });
        }
        self.lines.push(line);
    }
}

/// A horizontal rule across the text width.
fn rule(left: f64, right: f64, y: f64, thickness: f64, color: crate::units::Cmyk) -> FrameItem {
    FrameItem::Rule {
        from: Point::new(left, y),
        to: Point::new(right, y),
        thickness,
        color,
    }
}

/// Text that does not fit in the pages the layout allows.
#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    /// The block where the first line that does not fit belongs.
    pub kind: Kind,
    /// How many lines do not fit.
    pub lines: usize,
    /// Pages the layout allows.
    pub pages: usize,
}

impl Overflow {
    /// The message a designer reads.
    pub fn diagnostic(&self) -> Box<Diagnostic> {
        if self.kind == Kind::Headline {
            return Diagnostic::error(format!(
                "the headline, name and role take {} lines and leave page 1 no room for the text",
                self.lines
            ))
            .hint("shorten the headline, or make the headline style smaller in the layout");
        }
        let sides = if self.pages == 1 { "1 side" } else { "2 sides" };
        Diagnostic::error(format!(
            "{} does not fit: {} lines over ({sides} allowed)",
            self.kind.name(),
            self.lines
        ))
        .hint(if self.pages == 1 {
            "allow pages = 2 in the layout, reduce the body size or leading, or shorten the text"
        } else {
            "reduce the body size or leading, add a column, or shorten the text"
        })
    }
}

/// Lays the blocks out on as few pages as the layout allows (the lines move into the pages).
pub fn flow(input: FlowInput) -> std::result::Result<Flowed, Overflow> {
    flow_or_fit(input, false).map_err(|(overflow, _)| overflow)
}

/// As [`flow`], but text that does not fit still leaves the pages with what does fit
/// (for a preview, which draws those with the overflow marked). The PDF never uses this.
pub fn flow_fitting(input: FlowInput) -> (Flowed, Option<Overflow>) {
    let size = Size {
        width: input.layout.page.width.pt(),
        height: input.layout.page.height.pt(),
    };
    match flow_or_fit(input, true) {
        Ok(flowed) => (flowed, None),
        Err((overflow, Some(partial))) => (partial, Some(overflow)),
        Err((overflow, None)) => {
            // The header alone fills page 1: nothing of the text can be placed.
            let page = Page {
                size,
                bleed: mm(3.0),
                items: vec![],
            };
            let empty = Flowed {
                pages: vec![page],
                lines: vec![],
            };
            (empty, Some(overflow))
        }
    }
}

/// Flows the text; on overflow, with `fit`, also lays out the lines that fit.
fn flow_or_fit(
    mut input: FlowInput,
    fit: bool,
) -> std::result::Result<Flowed, (Overflow, Option<Flowed>)> {
    let body = body_lines(input.layout, std::mem::take(&mut input.body));
    let max = input.layout.page.pages as usize;
    let mut placed = 0;
    for n in 1..=max {
        let geometry = Geometry::new(&input, n);
        // A header that eats page 1 is the headline's fault, not the answers'.
        let room = geometry
            .slots
            .iter()
            .filter(|s| s.page == 0)
            .map(|s| s.top - s.bottom)
            .fold(0.0, f64::max);
        if room < 3.0 * input.layout.styles.answer.leading.pt() {
            let lines = geometry.header.len();
            let overflow = Overflow {
                kind: Kind::Headline,
                lines,
                pages: max,
            };
            return Err((overflow, None));
        }
        placed = fill::flow(&body, &geometry.slots).1;
        if placed == body.len() {
            return Ok(geometry.finish(input, body));
        }
    }
    let overflow = Overflow {
        kind: body[placed].kind,
        lines: body.len() - placed,
        pages: max,
    };
    if !fit {
        return Err((overflow, None));
    }
    let mut body = body;
    body.truncate(placed);
    let partial = Geometry::new(&input, max).finish(input, body);
    Err((overflow, Some(partial)))
}

/// Body blocks as a flat run of lines with spacing and break permissions.
fn body_lines(layout: &Layout, blocks: Vec<SetBlock>) -> Vec<FlowLine> {
    let b = &layout.body;
    let mut out: Vec<FlowLine> = Vec::new();
    let mut paragraph = 0;
    let mut previous = None;
    for (bi, block) in blocks.into_iter().enumerate() {
        let space = match block.kind {
            Kind::Question(_) if bi > 0 => b.question_space_above.pt(),
            Kind::Answer(_) => b.question_space_below.pt(),
            _ => 0.0,
        } + if previous == Some(Kind::Lead) {
            b.lead_space_below.pt()
        } else {
            0.0
        };
        previous = Some(block.kind);
        for (pi, par) in block.paragraphs.into_iter().enumerate() {
            paragraph += 1;
            let head = Head {
                kind: block.kind,
                leading: par.leading,
                size: par.size,
                space_before: if pi == 0 { space } else { 0.0 },
                first_in_block: pi == 0,
                paragraph,
            };
            out.extend(head.lines(par.lines));
        }
    }
    out
}

/// What the lines of one body paragraph share.
#[derive(Clone, Copy)]
struct Head {
    kind: Kind,
    leading: f64,
    size: f64,
    /// Space above the paragraph's first line.
    space_before: f64,
    /// The paragraph opens its block (a question's answer keeps its first lines with it).
    first_in_block: bool,
    /// Body paragraph number, from 1.
    paragraph: usize,
}

impl Head {
    /// What a paragraph's first flow line says about it.
    fn of(lines: &[FlowLine], start: usize) -> Head {
        let l = &lines[start];
        Head {
            kind: l.kind,
            leading: l.leading,
            size: l.size,
            space_before: l.space_before,
            first_in_block: start == 0 || lines[start - 1].kind != l.kind,
            paragraph: l.paragraph,
        }
    }

    /// The paragraph's lines with the places a column may end after them.
    fn lines(self, lines: Vec<SetLine>) -> impl Iterator<Item = FlowLine> {
        let n = lines.len();
        lines.into_iter().enumerate().map(move |(j, line)| {
            let hyphen = line.text.ends_with('-');
            self.line(line, j, n, hyphen)
        })
    }

    /// Glyph-less lines for a trial, from which of them end with a hyphen.
    fn shadows(self, hyphens: &[bool]) -> impl Iterator<Item = FlowLine> + '_ {
        let n = hyphens.len();
        hyphens.iter().enumerate().map(move |(j, &hyphen)| {
            let line = SetLine {
                fragments: Vec::new(),
                ratio: 0.0,
                hyphen,
                text: String::new(),
            };
            self.line(line, j, n, hyphen)
        })
    }

    /// Line `j` of `n`, which may end with a hyphen.
    fn line(self, line: SetLine, j: usize, n: usize, hyphen: bool) -> FlowLine {
        // Orphan: a first line alone at a column's foot; widow: a last line alone at its head.
        let orphan_or_widow = n >= 2 && (j == 0 || j + 2 == n);
        let question = matches!(self.kind, Kind::Question(_));
        // A question keeps its first two answer lines with it.
        let answer_head = matches!(self.kind, Kind::Answer(_)) && self.first_in_block && j == 0;
        // A column never ends on a hyphen, added or written ("6-"): the reader would turn
        // to the next column mid-word.
        let break_after = !(orphan_or_widow || question || answer_head || hyphen);
        FlowLine {
            line,
            kind: self.kind,
            leading: self.leading,
            size: self.size,
            space_before: if j == 0 { self.space_before } else { 0.0 },
            break_after,
            paragraph: self.paragraph,
        }
    }
}

/// Where everything goes for a leaflet of `pages` sides.
struct Geometry {
    pages: usize,
    /// Column areas in flow order.
    slots: Vec<Slot>,
    /// Header lines' positions: (x, baseline), in reading order.
    header: Vec<(f64, f64)>,
    /// y of the rule under the header.
    header_rule: f64,
    /// Portrait frame and caption lines.
    portrait: Option<(usize, Rect)>,
    caption: Vec<(f64, f64)>,
    /// Imprint lines and the y of the rule above them.
    imprint: Vec<(f64, f64)>,
    imprint_rule: f64,
}

impl Geometry {
    fn new(input: &FlowInput, pages: usize) -> Geometry {
        let l = input.layout;
        let p = &l.page;
        let (left, top) = (p.margin_left.pt(), p.height.pt() - p.margin_top.pt());
        let (header, header_bottom) = stack(&input.header, left, top, mm(1.5));
        let header_rule = header_bottom - mm(2.0);
        let columns_top = header_rule - l.header.space_below.pt();
        let columns = imprint::ImprintColumns::of(l);
        let foot = imprint::place(&input.imprint, left, p.margin_bottom.pt(), &columns);
        let (imprint, imprint_top) = (foot.lines, foot.top);
        let imprint_rule = imprint_top + mm(1.5);
        let placed = match input.portrait {
            Some((image, _)) => portrait_frame(input, image, columns_top),
            None => PortraitPlacement {
                frame: None,
                caption: vec![],
                text_top: columns_top,
            },
        };
        let (portrait, caption, col1_top) = (placed.frame, placed.caption, placed.text_top);
        let mut slots = Vec::new();
        for page in 0..pages {
            let last = page + 1 == pages;
            let bottom = if last {
                imprint_rule + l.imprint.space_above.pt()
            } else {
                p.margin_bottom.pt()
            };
            for column in 0..p.columns as usize {
                let x = left + column as f64 * (l.column_width() + p.gutter.pt());
                let top = match (page, column) {
                    (0, 0) => col1_top,
                    (0, _) => columns_top,
                    _ => top,
                };
                slots.push(Slot {
                    page,
                    column,
                    x,
                    top,
                    bottom,
                });
            }
        }
        Geometry {
            pages,
            slots,
            header,
            header_rule,
            portrait,
            caption,
            imprint,
            imprint_rule,
        }
    }

    /// Balances the last page, places every line and builds the pages' frames.
    fn finish(self, input: FlowInput, body: Vec<FlowLine>) -> Flowed {
        let last = self.pages - 1;
        let split = self
            .slots
            .iter()
            .position(|s| s.page == last)
            .unwrap_or(self.slots.len());
        let (body, arranged) = arrange::arrange(&input, body, &self.slots, split);
        let last_page = arranged
            .balanced
            .place(&body[arranged.first_last..], &self.slots[split..]);
        let mut baselines = arranged.before;
        baselines.extend(last_page);
        self.build(input, body, &baselines)
    }

    fn build(self, input: FlowInput, body: Vec<FlowLine>, baselines: &[Vec<f64>]) -> Flowed {
        let l = input.layout;
        let size = Size {
            width: l.page.width.pt(),
            height: l.page.height.pt(),
        };
        let page = || Page {
            size,
            bleed: mm(3.0),
            items: vec![],
        };
        let mut out = Flowed {
            pages: (0..self.pages).map(|_| page()).collect(),
            lines: Vec::with_capacity(body.len() + 16),
        };
        // Each page's items sized once: a page holds thousands of fragments, and growing
        // the vector copied each of them several times.
        let mut fragments = vec![0; self.pages];
        let mut at = 0;
        for (slot, bs) in self.slots.iter().zip(baselines) {
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
        let (left, right) = (
            l.page.margin_left.pt(),
            l.page.width.pt() - l.page.margin_right.pt(),
        );
        let last = self.pages - 1;
        out.place_all(0, &self.header, lines_of(input.header));
        if l.header.rule.pt() > 0.0 {
            out.pages[0].items.push(rule(
                left,
                right,
                self.header_rule,
                l.header.rule.pt(),
                l.header.rule_color,
            ));
        }
        if let Some((image, frame)) = self.portrait {
            out.pages[0].items.push(FrameItem::Image { image, frame });
        }
        out.place_all(
            0,
            &self.caption,
            lines_of(input.caption.into_iter().collect()),
        );
        let slots = self
            .slots
            .iter()
            .zip(baselines)
            .flat_map(|(slot, bs)| bs.iter().map(move |b| (slot, *b)));
        for ((slot, baseline), f) in slots.zip(body) {
            let (page, column, x, kind, paragraph) =
                (slot.page, slot.column, slot.x, f.kind, Some(f.paragraph));
            out.place(PlacedLine {
                page,
                column,
                baseline,
                x,
                kind,
                paragraph,
                line: f.line,
            });
        }
        if l.imprint.rule.pt() > 0.0 {
            out.pages[last].items.push(rule(
                left,
                right,
                self.imprint_rule,
                l.imprint.rule.pt(),
                l.styles.imprint.color,
            ));
        }
        out.place_all(last, &self.imprint, lines_of(vec![input.imprint]));
        out
    }
}

/// The portrait at the top of column 1: its frame, its caption's line positions, and
/// where column 1's text starts below them.
struct PortraitPlacement {
    frame: Option<(usize, Rect)>,
    caption: Vec<(f64, f64)>,
    text_top: f64,
}

/// Places the portrait and its caption; column 1's text starts below them, snapped to
/// the body's baseline grid so its lines align with columns 2 and 3.
fn portrait_frame(input: &FlowInput, image: usize, columns_top: f64) -> PortraitPlacement {
    let l = input.layout;
    let left = l.page.margin_left.pt();
    let height = l.portrait.height.pt();
    let frame = Rect {
        x: left,
        y: columns_top - height,
        width: l.column_width(),
        height,
    };
    let (caption, bottom) = match &input.caption {
        Some(c) => stack(
            std::slice::from_ref(c),
            left,
            frame.y - l.portrait.caption_gap.pt(),
            0.0,
        ),
        None => (vec![], frame.y),
    };
    let grid = l.styles.answer.leading.pt();
    let drop = columns_top - (bottom - l.portrait.space_below.pt());
    PortraitPlacement {
        frame: Some((image, frame)),
        caption,
        text_top: columns_top - (drop / grid).ceil() * grid,
    }
}

/// The lines of blocks in reading order, with their block's kind, moved out.
fn lines_of(blocks: Vec<SetBlock>) -> impl Iterator<Item = (Kind, SetLine)> {
    blocks.into_iter().flat_map(|b| {
        let kind = b.kind;
        b.paragraphs
            .into_iter()
            .flat_map(|p| p.lines)
            .map(move |l| (kind, l))
    })
}

/// Stacks blocks downwards from `top`; returns each line's (x, baseline) and the bottom reached.
fn stack(blocks: &[SetBlock], x: f64, top: f64, gap: f64) -> (Vec<(f64, f64)>, f64) {
    let mut out = Vec::new();
    let mut y = top;
    let mut bottom = top;
    let mut previous: Option<Kind> = None;
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
