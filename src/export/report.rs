//! The JSON report (`--report`): what a designer or a shop's script needs to know
//! about a render. Field names are stable and documented in README.

use crate::frame::PlacedLine;
use crate::units::to_mm;
use serde::Serialize;

/// The print section is print's decision; its old paths stay here.
pub use crate::print::report::{ImageReport, PrintReport, rounded};

/// The report of one render.
#[derive(Serialize, Debug, Clone)]
pub struct Report {
    /// Format version of this report.
    pub version: u32,
    /// Whether a PDF was produced.
    pub ok: bool,
    /// The error, when no PDF was produced.
    pub error: Option<String>,
    /// Pages (sides) used.
    pub pages: usize,
    /// Each page's fold lines, millimetres from the left trim edge (empty when unfolded).
    pub folds_mm: Vec<Vec<f64>>,
    /// Every layout frame drawn, with its place.
    pub frames: Vec<FrameReport>,
    /// Smallest font size drawn, in points.
    pub smallest_font_size_pt: f64,
    /// The portrait, if any.
    pub portrait: Option<PortraitReport>,
    /// Text that did not fit, if any.
    pub overflow: Option<Overflow>,
    /// How the file was made for print (absent when the render failed).
    pub print: Option<PrintReport>,
    /// How the story was set, and what the copyfit chose (absent when the render failed).
    pub story: Option<StoryReport>,
    /// Totals over the body lines.
    pub totals: Totals,
    /// Every line, in reading order.
    pub lines: Vec<LineReport>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// A layout frame as placed.
#[derive(Serialize, Debug, Clone)]
pub struct FrameReport {
    /// Its name in the layout.
    pub name: String,
    /// Page, from 1.
    pub page: usize,
    /// Left edge, millimetres from the left trim edge.
    pub x_mm: f64,
    /// Top edge, millimetres from the top trim edge.
    pub top_mm: f64,
    /// Width, millimetres.
    pub width_mm: f64,
    /// Height, millimetres.
    pub height_mm: f64,
}

/// The frames' report, in top-down millimetres.
pub fn frames(areas: &[crate::frame::FrameArea], page_height: f64) -> Vec<FrameReport> {
    areas
        .iter()
        .map(|a| FrameReport {
            name: a.name.to_string(),
            page: a.page + 1,
            x_mm: round(to_mm(a.rect.x), 2),
            top_mm: round(to_mm(page_height - a.rect.top()), 2),
            width_mm: round(to_mm(a.rect.width), 2),
            height_mm: round(to_mm(a.rect.height), 2),
        })
        .collect()
}

/// Text that did not fit.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Overflow {
    /// The block where the overflow starts ("question 5 answer").
    pub block: String,
    /// Lines that did not fit.
    pub lines: usize,
}

/// The portrait as placed.
#[derive(Serialize, Debug, Clone)]
pub struct PortraitReport {
    /// Pixel size.
    pub pixels: [u32; 2],
    /// Resolution at the placed size (the lower of both axes), pixels per inch.
    pub effective_ppi: f64,
    /// How it was embedded.
    pub embedding: String,
}

/// How the story (lead, questions, answers) was set.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct StoryReport {
    /// The answers' size (lead and questions keep theirs relative to it).
    pub size_pt: f64,
    /// The answers' leading.
    pub leading_pt: f64,
    /// The space above each question.
    pub paragraph_space_pt: f64,
    /// How full the story's columns are, 0–1: from each column's top to its last line's
    /// foot, over the columns' height.
    pub fill: f64,
    /// The ranges the layout gives and what the copyfit made of them (absent without ranges).
    pub copyfit: Option<CopyfitReport>,
}

/// The copyfit's ranges and choice.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CopyfitReport {
    /// Smallest and largest answer size the layout allows.
    pub size_range_pt: [f64; 2],
    /// Smallest and largest leading.
    pub leading_range_pt: [f64; 2],
    /// Smallest and largest space above a question.
    pub paragraph_space_range_pt: [f64; 2],
    /// Settings weighed between them.
    pub settings: usize,
    /// Why the setting is what it is: `"largest"` (the story fits at the largest and
    /// the filler takes what it leaves), `"fits"` (one step larger would not fit), or
    /// `"smallest"` (the story does not fit even at the smallest).
    pub limited_by: &'static str,
    /// The fillers that took the room the largest setting leaves, and how much.
    pub fillers: Vec<FillerReport>,
}

/// A filler frame grown by the copyfit.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct FillerReport {
    /// The frame.
    pub frame: String,
    /// How much taller it was made, in millimetres.
    pub grown_mm: f64,
}

/// Line statistics.
#[derive(Serialize, Debug, Clone, Default)]
pub struct Totals {
    /// Lines of all kinds.
    pub lines: usize,
    /// Lines ending with a discretionary hyphen.
    pub hyphenated: usize,
    /// Justified lines stretched beyond ratio 1 (looser than the glue allows).
    pub stretched_beyond_1: usize,
    /// Largest adjustment ratio among justified lines.
    pub max_ratio: f64,
    /// Smallest adjustment ratio (below −1 would be tighter than the spaces allow).
    pub min_ratio: f64,
    /// Pairs of adjacent justified lines of one paragraph in one column whose ratios
    /// differ by more than 1: a loose line on a tight one, the stripe a reader sees.
    pub adjacent_ratio_jumps: usize,
    /// Runs of two hyphenated lines in a row (three never happen).
    pub consecutive_hyphen_runs: usize,
    /// Longest run of hyphenated lines in a row.
    pub max_consecutive_hyphens: usize,
    /// Longest run of lines ending with a hyphen of either kind, added or written
    /// ("ачык-айкын"): the ladder a reader sees at the column's edge (at most three).
    pub max_hyphen_ladder: usize,
    /// Paragraphs whose last line stands alone at the head of a column.
    pub widows: usize,
    /// Paragraphs whose first line stands alone at the foot of a column.
    pub orphans: usize,
    /// Body lines in each column of the last page.
    pub last_page_columns: Vec<usize>,
    /// Where each column of the last page ends: its last baseline, millimetres from the
    /// top trim edge. Balanced columns end within one line (the body leading) of each other.
    pub last_page_column_ends_mm: Vec<f64>,
}

/// One line as placed.
#[derive(Serialize, Debug, Clone)]
pub struct LineReport {
    /// Page, from 1.
    pub page: usize,
    /// Column, from 1 (1 for lines across the page).
    pub column: usize,
    /// Block ("headline", "question 2", "question 2 answer", "imprint", …).
    pub block: String,
    /// Baseline, millimetres from the top trim edge.
    pub baseline_mm: f64,
    /// Left edge, millimetres from the left trim edge.
    pub x_mm: f64,
    /// How far the line's ink reaches from its left edge, millimetres.
    pub width_mm: f64,
    /// The layout frame it is set in.
    pub frame: String,
    /// On a folded sheet, the panel it is on (from 1, from the left of its page).
    pub panel: Option<usize>,
    /// The line's text as printed.
    pub text: String,
    /// Adjustment ratio of the line's spaces.
    pub ratio: f64,
    /// Whether it ends with a hyphen the breaker added.
    pub hyphen: bool,
    /// The word split at this line's end, when it ends with a hyphen.
    pub hyphenated_word: Option<String>,
}

/// Rounds for a stable, readable report.
fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// The per-line part of the report, with totals; `page_height` turns baselines into top-down millimetres.
/// `folds` are each page's fold lines (x in points), which tell a line's panel.
pub fn lines(
    placed: &[PlacedLine],
    page_height: f64,
    folds: &[Vec<f64>],
) -> (Vec<LineReport>, Totals) {
    let out: Vec<LineReport> = placed
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut l = line(p, placed.get(i + 1), page_height);
            let page_folds = folds.get(p.page).map_or(&[][..], Vec::as_slice);
            l.panel = (!page_folds.is_empty())
                .then(|| 1 + page_folds.iter().filter(|f| **f <= p.x + 0.01).count());
            l
        })
        .collect();
    let mut totals = Totals {
        lines: out.len(),
        ..Totals::default()
    };
    let (mut run, mut ladder) = (0, 0);
    for l in &out {
        totals.hyphenated += l.hyphen as usize;
        totals.stretched_beyond_1 += (l.ratio > 1.0) as usize;
        totals.max_ratio = totals.max_ratio.max(l.ratio);
        totals.min_ratio = totals.min_ratio.min(l.ratio);
        run = if l.hyphen { run + 1 } else { 0 };
        ladder = if l.text.ends_with('-') { ladder + 1 } else { 0 };
        totals.max_hyphen_ladder = totals.max_hyphen_ladder.max(ladder);
        totals.consecutive_hyphen_runs += (run == 2) as usize;
        totals.max_consecutive_hyphens = totals.max_consecutive_hyphens.max(run);
    }
    (totals.widows, totals.orphans) = widows_and_orphans(placed);
    totals.adjacent_ratio_jumps = adjacent_ratio_jumps(placed);
    (totals.last_page_columns, totals.last_page_column_ends_mm) =
        last_page_columns(placed, page_height);
    (out, totals)
}

fn line(p: &PlacedLine, next: Option<&PlacedLine>, page_height: f64) -> LineReport {
    let hyphenated_word = next.filter(|_| p.line.hyphen).map(|n| {
        let head = p
            .line
            .text
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .trim_end_matches('-');
        format!(
            "{head}{}",
            n.line.text.split_whitespace().next().unwrap_or_default()
        )
    });
    LineReport {
        page: p.page + 1,
        column: p.column + 1,
        block: p.kind.name(),
        baseline_mm: round(to_mm(page_height - p.baseline), 2),
        x_mm: round(to_mm(p.x), 2),
        width_mm: round(to_mm(p.width), 2),
        frame: p.frame.to_string(),
        panel: None,
        text: p.line.text.clone(),
        ratio: round(p.line.ratio, 3),
        hyphen: p.line.hyphen,
        hyphenated_word,
    }
}

/// Ratio jumps beyond this between adjacent lines show as stripes of grey.
const RATIO_JUMP: f64 = 1.0;

/// Counts adjacent justified lines (same paragraph, page and column) whose ratios differ
/// by more than [`RATIO_JUMP`]. A paragraph's last line counts only if it was justified
/// (shrunk to fit); set at its natural width, its ratio is 0 and means nothing.
fn adjacent_ratio_jumps(placed: &[PlacedLine]) -> usize {
    let same = |a: &PlacedLine, b: &PlacedLine| {
        a.paragraph.is_some() && (a.paragraph, a.page, a.column) == (b.paragraph, b.page, b.column)
    };
    (1..placed.len())
        .filter(|&i| same(&placed[i - 1], &placed[i]))
        .filter(|&i| {
            let last = placed
                .get(i + 1)
                .is_none_or(|n| n.paragraph != placed[i].paragraph);
            !last || placed[i].line.ratio != 0.0
        })
        .filter(|&i| (placed[i].line.ratio - placed[i - 1].line.ratio).abs() > RATIO_JUMP)
        .count()
}

/// Counts body paragraphs split so that one line stands alone in a column.
fn widows_and_orphans(placed: &[PlacedLine]) -> (usize, usize) {
    let body: Vec<&PlacedLine> = placed.iter().filter(|p| p.paragraph.is_some()).collect();
    let (mut widows, mut orphans) = (0, 0);
    for (i, l) in body.iter().enumerate() {
        let same = |j: Option<usize>| {
            j.and_then(|j| body.get(j))
                .is_some_and(|o| o.paragraph == l.paragraph)
        };
        let moved = |j: usize| (body[j].page, body[j].column) != (l.page, l.column);
        let (first, last) = (!same(i.checked_sub(1)), !same(Some(i + 1)));
        if first && !last && moved(i + 1) {
            orphans += 1;
        }
        if last && !first && moved(i - 1) {
            widows += 1;
        }
    }
    (widows, orphans)
}

/// Body lines per column on the last page, and the last baseline of each.
fn last_page_columns(placed: &[PlacedLine], page_height: f64) -> (Vec<usize>, Vec<f64>) {
    let last = placed.iter().map(|p| p.page).max().unwrap_or(0);
    let (mut counts, mut ends): (Vec<usize>, Vec<f64>) = (Vec::new(), Vec::new());
    for p in placed
        .iter()
        .filter(|p| p.page == last && p.paragraph.is_some())
    {
        if counts.len() <= p.column {
            counts.resize(p.column + 1, 0);
            ends.resize(p.column + 1, 0.0);
        }
        counts[p.column] += 1;
        ends[p.column] = round(to_mm(page_height - p.baseline), 2);
    }
    (counts, ends)
}

/// The report of a render that failed.
pub fn failed(error: String, overflow: Option<Overflow>) -> Box<Report> {
    Box::new(Report {
        version: 1,
        ok: false,
        error: Some(error),
        pages: 0,
        folds_mm: Vec::new(),
        frames: Vec::new(),
        smallest_font_size_pt: 0.0,
        portrait: None,
        overflow,
        print: None,
        story: None,
        totals: Totals::default(),
        lines: vec![],
        warnings: vec![],
    })
}
