//! The flow stage: set lines → pages. The layout's frames are placed on each side
//! (`geometry.rs`), the story threads through its chain of frames onto side 2 if
//! allowed, the last side's columns are balanced, and every frame's text, picture,
//! fill and rule goes onto its page. Text that does not fit is an error.

mod arrange;
mod draw;
pub mod fill;
mod geometry;
pub mod imprint;

use crate::diag::Diagnostic;
use crate::frame::Page;
pub use crate::frame::PlacedLine;
use crate::layout::Layout;
use crate::style::Kind;
use crate::text::SetLine;
use fill::FlowLine;
use geometry::Geometry;

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

/// A story whose paragraphs are not set again (a copyfit trial, or no balancing).
pub struct NoRebreak;

impl Rebreaker for NoRebreak {
    fn shape(&self, _: usize, lines: &[usize]) -> Vec<Option<Vec<bool>>> {
        vec![None; lines.len()]
    }

    fn set(&self, _: usize, _: usize) -> Option<Vec<SetLine>> {
        None
    }
}

/// What a frame other than the story's draws.
pub enum Drawn {
    /// Display texts, set at the frame's width, stacked in order.
    Text(Vec<SetBlock>),
    /// An image: index into the document's images, and its width/height ratio;
    /// `cover` crops it to fill the frame, otherwise it is fitted inside (a logo).
    Image {
        /// Index into the document's images.
        image: usize,
        /// Width / height.
        aspect: f64,
        /// Fill the frame, cropped (a portrait), or fit inside it (a logo).
        cover: bool,
    },
    /// A QR code: its modules, row by row, `size` × `size`, true for dark.
    Qr {
        /// Modules per side.
        size: usize,
        /// The modules.
        dark: Vec<bool>,
    },
    /// The frame filled with its colour.
    Band,
}

/// How the story is set: the layout's own sizes and spaces, or what the copyfit chose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    /// The answers' size (lead and questions keep theirs relative to it).
    pub size: f64,
    /// The answers' leading: the baseline grid of the story's columns.
    pub leading: f64,
    /// Space above each question.
    pub question_space_above: f64,
    /// Space between a question and its answer.
    pub question_space_below: f64,
    /// Space after the lead.
    pub lead_space_below: f64,
}

impl Setting {
    /// The story as the layout's styles and `[body]` set it.
    pub fn of(layout: &Layout) -> Setting {
        let (a, b) = (&layout.styles.answer, &layout.body);
        Setting {
            size: a.size.pt(),
            leading: a.leading.pt(),
            question_space_above: b.question_space_above.pt(),
            question_space_below: b.question_space_below.pt(),
            lead_space_below: b.lead_space_below.pt(),
        }
    }
}

/// Everything flow places.
pub struct FlowInput<'a> {
    /// The design.
    pub layout: &'a Layout,
    /// Lead and questions/answers.
    pub body: Vec<SetBlock>,
    /// What each frame other than the story's draws, by frame name; a frame missing
    /// here has no content in this interview and is left out.
    pub frames: Vec<(String, Drawn)>,
    /// The accent colour when the interview gives its own (party colour).
    pub accent: Option<crate::units::Cmyk>,
    /// How far fills and pictures marked `bleed` reach beyond the trim.
    pub bleed: f64,
    /// Sets body paragraphs a line longer or shorter, to even out columns.
    pub rebreak: &'a dyn Rebreaker,
    /// The story's sizes and spaces (the body's paragraphs were set at them).
    pub setting: Setting,
    /// Height the copyfit gives each of the layout's filler frames, in points.
    pub grow: Vec<f64>,
    /// The sides the copyfit chose (None: the fewest the layout allows that fit).
    pub sides: Option<usize>,
}

impl FlowInput<'_> {
    /// What frame `name` draws, if anything.
    fn content(&self, name: &str) -> Option<&Drawn> {
        self.frames.iter().find(|(n, _)| n == name).map(|(_, d)| d)
    }

    /// Whether frame `name` draws anything in this leaflet.
    fn draws(&self, name: &str, f: &crate::layout::FrameSpec) -> bool {
        f.first() == crate::layout::Content::Story || self.content(name).is_some()
    }

    /// A frame's index in the layout's drawing order.
    fn frame_index(&self, name: &str) -> usize {
        self.layout
            .order
            .iter()
            .position(|n| n == name)
            .unwrap_or(0)
    }
}

/// What flow produced.
pub struct Flowed {
    /// The pages.
    pub pages: Vec<Page>,
    /// Every line, in reading order.
    pub lines: Vec<PlacedLine>,
    /// Every frame drawn: the story's frames first, then the others side by side in drawing order.
    pub frames: Vec<crate::frame::FrameArea>,
    /// How full the story's columns are, 0–1: from each column's top to its last line's
    /// foot, over the columns' height.
    pub fill: f64,
    /// The story's sizes and spaces as set.
    pub setting: Setting,
    /// Height each filler frame was given, in points.
    pub grow: Vec<f64>,
}

/// Text that does not fit in the pages the layout allows, or in its frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    /// The block where the first line that does not fit belongs.
    pub kind: Kind,
    /// How many lines do not fit.
    pub lines: usize,
    /// Pages the layout allows.
    pub pages: usize,
    /// The frame a display text does not fit (None for the story).
    pub frame: Option<String>,
    /// The frame it runs into, when it grew over another frame's text.
    pub into: Option<String>,
    /// The lines are too wide for the frame, not too many.
    pub wide: bool,
}

impl Overflow {
    /// The message a designer reads.
    pub fn diagnostic(&self) -> Box<Diagnostic> {
        if let (Some(frame), Some(into)) = (&self.frame, &self.into) {
            return Diagnostic::error(format!(
                "the {} in frame `{frame}` runs into frame `{into}`",
                self.kind.name()
            ))
            .hint("shorten the text, or let one frame give way to the other in the layout (below = [...] or above = [...])");
        }
        if let (Some(frame), true) = (&self.frame, self.wide) {
            return Diagnostic::error(format!(
                "the {} is wider than its frame `{frame}`: {} lines cannot break to fit",
                self.kind.name(),
                self.lines
            ))
            .hint("widen the frame or make its style smaller in the layout, or shorten the text");
        }
        if let Some(frame) = &self.frame {
            return Diagnostic::error(format!(
                "the {} does not fit its frame `{frame}`: {} lines over",
                self.kind.name(),
                self.lines
            ))
            .hint("shorten the text, make its style smaller, or give the frame more room in the layout");
        }
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
            "allow sides = 2 or \"auto\" in the layout, reduce the body size or leading, or shorten the text"
        } else {
            "reduce the body size or leading, add a column, or shorten the text"
        })
    }
}

/// Lays the blocks out on as few sides as the layout allows (the lines move into the pages).
pub fn flow(input: FlowInput) -> std::result::Result<Flowed, Overflow> {
    flow_or_fit(input, false).map_err(|(overflow, _)| overflow)
}

/// As [`flow`], but text that does not fit still leaves the pages with what does fit
/// (for a preview, which draws those with the overflow marked). The PDF never uses this.
pub fn flow_fitting(input: FlowInput) -> (Flowed, Option<Overflow>) {
    let (width, height) = input.layout.trim();
    let setting = input.setting;
    match flow_or_fit(input, true) {
        Ok(flowed) => (flowed, None),
        Err((overflow, Some(partial))) => (*partial, Some(overflow)),
        Err((overflow, None)) => {
            // The frames alone fill side 1, or a text does not fit its frame: nothing
            // of the story can be placed.
            let page = Page {
                size: crate::units::Size { width, height },
                bleed: crate::units::mm(3.0),
                items: vec![],
                folds: vec![],
            };
            let empty = Flowed {
                pages: vec![page],
                lines: vec![],
                frames: vec![],
                fill: 0.0,
                setting,
                grow: Vec::new(),
            };
            (empty, Some(overflow))
        }
    }
}

/// Flows the text; on overflow, with `fit`, also lays out the lines that fit.
fn flow_or_fit(
    mut input: FlowInput,
    fit: bool,
) -> std::result::Result<Flowed, (Overflow, Option<Box<Flowed>>)> {
    let body = body_lines(&input.setting, std::mem::take(&mut input.body));
    let tries = match input.sides {
        Some(n) => n..=n,
        None => input.layout.sheet.sides.tries(),
    };
    let max = *tries.end();
    let mut placed = 0;
    for n in tries {
        let geometry = Geometry::new(&input, n);
        geometry.check(&input, max).map_err(|o| (o, None))?;
        placed = fill::flow(&body, &geometry.slots).1;
        if placed == body.len() {
            return Ok(geometry.finish(input, body));
        }
    }
    let overflow = Overflow {
        kind: body.get(placed).map_or(Kind::Lead, |l| l.kind),
        lines: body.len() - placed,
        pages: max,
        frame: None,
        into: None,
        wide: false,
    };
    if !fit {
        return Err((overflow, None));
    }
    let mut body = body;
    body.truncate(placed);
    let partial = Geometry::new(&input, max).finish(input, body);
    Err((overflow, Some(Box::new(partial))))
}

/// Whether frame `name` is drawn in a leaflet of `sides` sides.
pub fn shows(input: &FlowInput, name: &str, sides: usize) -> bool {
    input
        .layout
        .frames
        .get(name)
        .is_some_and(|f| (0..sides).any(|side| f.side.on(side, sides)) && input.draws(name, f))
}

/// What a copyfit trial learns: how many of the story's lines fit, and the height its
/// columns leave empty (filled greedily, column by column).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Lines placed.
    pub placed: usize,
    /// Lines in the story.
    pub lines: usize,
    /// Height the columns leave below their last lines, in points.
    pub room: f64,
}

impl Fit {
    /// Every line is placed.
    pub fn fits(&self) -> bool {
        self.placed == self.lines
    }
}

/// Flows `body` (lines without glyphs will do) through the chain on `sides` sides, as
/// `input`'s setting and filler growth place the frames: a trial, cheap enough to repeat.
/// None when the frames themselves fail (a display text over its frame).
pub fn trial(input: &FlowInput, body: Vec<SetBlock>, sides: usize) -> Option<Fit> {
    let body = body_lines(&input.setting, body);
    let geometry = Geometry::new(input, sides);
    geometry.check(input, sides).ok()?;
    // A frame grown into a story frame's whole height has run into it.
    if geometry.slots.iter().any(|s| s.top < s.bottom - 0.01) {
        return None;
    }
    let (columns, placed) = fill::flow(&body, &geometry.slots);
    let room = fill::used(&body, &geometry.slots, &columns)
        .iter()
        .map(|(height, taken)| height - taken)
        .sum();
    Some(Fit {
        placed,
        lines: body.len(),
        room,
    })
}

/// Body blocks as a flat run of lines with spacing and break permissions.
fn body_lines(b: &Setting, blocks: Vec<SetBlock>) -> Vec<FlowLine> {
    let mut out: Vec<FlowLine> = Vec::new();
    let mut paragraph = 0;
    let mut previous = None;
    for (bi, block) in blocks.into_iter().enumerate() {
        let space = match block.kind {
            Kind::Question(_) if bi > 0 => b.question_space_above,
            Kind::Answer(_) => b.question_space_below,
            _ => 0.0,
        } + if previous == Some(Kind::Lead) {
            b.lead_space_below
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
                hyphen,
                ..SetLine::default()
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

impl Geometry {
    /// Display texts that do not fit their frames, and a side 1 left no room for the story.
    fn check(&self, input: &FlowInput, max: usize) -> std::result::Result<(), Overflow> {
        let text_kind = |frame: usize| match input.content(&input.layout.order[frame]) {
            Some(Drawn::Text(blocks)) => blocks.first().map_or(Kind::Headline, |b| b.kind),
            _ => Kind::Headline,
        };
        if let Some(p) = self.placed.iter().find(|p| p.over > 0 || p.wide > 0) {
            return Err(Overflow {
                kind: text_kind(p.frame),
                lines: p.over.max(p.wide),
                pages: max,
                frame: Some(input.layout.order[p.frame].clone()),
                into: None,
                wide: p.over == 0,
            });
        }
        // Frames that push the story away are the headline's fault, not the answers'.
        let room = self
            .slots
            .iter()
            .filter(|s| s.page == 0)
            .map(|s| s.top - s.bottom)
            .fold(0.0, f64::max);
        let story_on_side_1 = self.slots.iter().any(|s| s.page == 0);
        if story_on_side_1 && room < 3.0 * input.setting.leading {
            let lines = self
                .placed
                .iter()
                .filter(|p| p.side == 0)
                .map(|p| p.lines.len())
                .sum();
            return Err(Overflow {
                kind: Kind::Headline,
                lines,
                pages: max,
                frame: None,
                into: None,
                wide: false,
            });
        }
        if let Some((a, b)) = self.collision() {
            return Err(Overflow {
                kind: text_kind(a.frame),
                lines: a.lines.len(),
                pages: max,
                frame: Some(input.layout.order[a.frame].clone()),
                into: Some(input.layout.order[b].clone()),
                wide: false,
            });
        }
        Ok(())
    }

    /// Balances the last page, places every line and builds the pages' frames.
    fn finish(self, input: FlowInput, body: Vec<FlowLine>) -> Flowed {
        let last = self.sides - 1;
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
        draw::build(self, input, body, &baselines)
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
