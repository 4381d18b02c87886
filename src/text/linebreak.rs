//! Knuth–Plass total-fit line breaking ("Breaking paragraphs into lines", 1981).
//! Chooses the breaks of a whole paragraph at once, minimising the sum of
//! (line_penalty + badness)² plus penalties and demerits over all lines.

use super::items::{COMPOUND_PART_PENALTY, INFINITE_PENALTY, Item, PARFILL_STRETCH};
use std::ops::RangeInclusive;

/// Most lines in a row that may end with a hyphen of either kind.
const MAX_LADDER: u8 = 3;

/// How far two adjacent lines' ratios may differ for free: up to ¾ the eye takes the
/// lines as alike (word spaces differ by a fifth of a space at most).
const RATIO_JUMP_FREE: f64 = 0.75;

/// Demerits per squared ratio difference beyond [`RATIO_JUMP_FREE`]. A jump of 1 (the
/// stripe a reader sees) costs 6 250, about half a line at ratio 1 (badness 100, demerits
/// 12 100), a jump of 1.5 costs 56 250: worth a hyphen or a looser line elsewhere.
/// Measured on the example (pairs with jumps > 1 / hyphens), with \hyphenpenalty 100:
/// none 11 / 59, these 2 / 64. Other choices (10 000 with no free part, 100 000 beyond
/// 0.5) left the last page's columns more than a line apart: where hyphens fall decides
/// where columns may end.
const RATIO_DEMERITS: f64 = 100_000.0;

/// Badness above which a line is infeasible in every pass but the emergency one.
const INF_BAD: f64 = 10_000.0;

/// Tuning of the breaker; the defaults are TeX's plain values unless noted.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Badness a line may have in the first pass (no hyphenation): \pretolerance.
    pub pretolerance: f64,
    /// Badness a line may have in the second pass (with hyphenation): \tolerance. 100
    /// (ratio 1, the spacing limits), not TeX's 200: a line goes beyond the limits only
    /// in the sloppy pass, when no set of lines within them exists.
    pub tolerance: f64,
    /// Added to every line's badness before squaring: \linepenalty.
    pub line_penalty: f64,
    /// Two hyphenated lines in a row: \doublehyphendemerits.
    pub double_hyphen_demerits: f64,
    /// A hyphen on the paragraph's second-to-last line: \finalhyphendemerits.
    pub final_hyphen_demerits: f64,
    /// Adjacent lines of incompatible fitness classes: \adjdemerits.
    pub fitness_demerits: f64,
    /// Demerits per squared excess of two adjacent lines' ratio difference over ¾ (not in TeX, whose
    /// four fitness classes let a line at 0.95 sit on one at −0.15 for free): with letter
    /// spacing in play, such a pair shows as a stripe of grey. 0 for ragged setting.
    pub ratio_demerits: f64,
    /// Extra stretch every line gets in ragged-right setting, in points (0 when justified).
    pub ragged_stretch: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            pretolerance: 100.0,
            tolerance: 100.0,
            line_penalty: 10.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            fitness_demerits: 10_000.0,
            ratio_demerits: RATIO_DEMERITS,
            ragged_stretch: 0.0,
        }
    }
}

/// A chosen break.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Break {
    /// Index of the item broken at (glue or penalty).
    pub pos: usize,
    /// Adjustment ratio of the line ending here (−1 fully shrunk, 1 fully stretched).
    pub ratio: f64,
    /// Whether the line ends with a discretionary hyphen.
    pub hyphen: bool,
}

#[derive(Clone, Copy)]
struct Node {
    pos: usize,
    /// First item of the line that starts after this break.
    start: usize,
    line: usize,
    fitness: u8,
    demerits: f64,
    ratio: f64,
    hyphen: bool,
    /// Lines ending with an added hyphen in a row up to here (0 when this line ends
    /// without one): never three.
    run: u8,
    /// Lines ending with any hyphen, added or written ("ачык-"), in a row up to here:
    /// both make a ladder at the column's edge, so both cost double-hyphen demerits,
    /// and never more than three in a row (Bringhurst's limit).
    ladder: u8,
    prev: Option<usize>,
}

/// Candidates kept per breakpoint: one per fitness class and run of hyphens (0, 1, 2),
/// since a cheaper node with a longer run may forbid a later hyphen; and, when a line
/// count is asked for, per line number too (TeX does the same for \looseness).
#[derive(Default)]
struct Best {
    nodes: Vec<Node>,
    by_line: bool,
}

impl Best {
    /// Keeps `node` if it is the cheapest of its class.
    fn offer(&mut self, node: Node) {
        let line = |n: &Node| if self.by_line { n.line } else { 0 };
        let same = |n: &Node| {
            (n.fitness, n.run, n.ladder) == (node.fitness, node.run, node.ladder)
                && line(n) == line(&node)
        };
        match self.nodes.iter_mut().find(|n| same(n)) {
            Some(n) if node.demerits < n.demerits => *n = node,
            Some(_) => {}
            None => self.nodes.push(node),
        }
    }
}

/// Prefix sums of width, stretch and shrink, so a line's totals are two lookups.
struct Sums {
    w: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
}

impl Sums {
    fn new(items: &[Item]) -> Sums {
        let with_zero = || {
            let mut v = Vec::with_capacity(items.len() + 1);
            v.push(0.0);
            v
        };
        let mut s = Sums {
            w: with_zero(),
            y: with_zero(),
            z: with_zero(),
        };
        for item in items {
            let (w, y, z) = match item {
                Item::Box {
                    width,
                    stretch,
                    shrink,
                    ..
                } => (*width, *stretch, *shrink),
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => (*width, *stretch, *shrink),
                Item::Penalty { .. } => (0.0, 0.0, 0.0),
            };
            s.w.push(s.w.last().copied().unwrap_or(0.0) + w);
            s.y.push(s.y.last().copied().unwrap_or(0.0) + y);
            s.z.push(s.z.last().copied().unwrap_or(0.0) + z);
        }
        s
    }
}

/// Breaks a paragraph; `width(line)` gives each line's measure (lines count from 0).
/// Always returns breaks: the last pass allows overfull lines rather than fail.
pub fn break_lines(items: &[Item], width: &dyn Fn(usize) -> f64, params: &Params) -> Vec<Break> {
    let sums = Sums::new(items);
    // Narrow columns often admit no set of lines within \tolerance; a looser pass
    // (\sloppy's 1000) comes before the emergency one, which never fails.
    let passes = [
        (params.pretolerance, false, false),
        (params.tolerance, true, false),
        (1000.0, true, false),
        (INF_BAD, true, true),
    ];
    for (tolerance, hyphenate, emergency) in passes {
        let pass = Pass {
            items,
            sums: &sums,
            width,
            params,
            tolerance,
            hyphenate,
            emergency,
            lines: None,
        };
        if let Some(breaks) = pass.run() {
            return breaks;
        }
    }
    unreachable!("the emergency pass always finds breaks")
}

/// The best breaks into exactly `lines` lines with no line beyond ratio ±1, if any
/// (TeX's \looseness): flow asks for a paragraph one line longer or shorter to
/// balance columns, and takes it only if it costs nothing in spacing.
pub fn break_lines_into(
    items: &[Item],
    width: &dyn Fn(usize) -> f64,
    params: &Params,
    lines: usize,
) -> Option<Vec<Break>> {
    let sums = Sums::new(items);
    if !line_range(items, &sums, width(0), params).contains(&lines) {
        return None;
    }
    let pass = Pass {
        items,
        sums: &sums,
        width,
        params,
        // Badness 100 is ratio 1.
        tolerance: 100.0,
        hyphenate: true,
        emergency: false,
        lines: Some(lines),
    };
    pass.run()
}

/// Line counts the paragraph could possibly be set in at `measure` within the spacing
/// limits, hyphen rules aside: at least as many as lines packed as tight as the shrink
/// allows, at most as many as leave every line but the last full at full stretch.
/// Far cheaper than a pass: flow asks only for counts in this range.
pub fn possible_lines(items: &[Item], measure: f64, params: &Params) -> RangeInclusive<usize> {
    line_range(items, &Sums::new(items), measure, params)
}

/// A place a line may end, as first-fit packing sees it.
#[derive(Clone, Copy)]
struct Place {
    /// The item broken at.
    at: usize,
    /// Width and shrink of everything before it.
    w: f64,
    z: f64,
    /// Width added if the line ends here (a hyphen).
    pen: f64,
    /// Where the next line starts: its item, and the width and shrink before it.
    next: usize,
    next_w: f64,
    next_z: f64,
}

/// The places a line of `items` may end, with their prefix sums.
fn candidates<'a>(items: &'a [Item], s: &'a Sums) -> impl Iterator<Item = Place> + 'a {
    (0..items.len()).filter_map(move |i| {
        let pen = break_width(items, i)?;
        let next = next_start(items, i);
        let after = next.min(items.len());
        Some(Place {
            at: i,
            w: s.w[i],
            z: s.z[i],
            pen,
            next,
            next_w: s.w[after],
            next_z: s.z[after],
        })
    })
}

/// Lines of a paragraph packed first fit, each shrunk by `shrink` (0–1) of what it may:
/// at 1 the fewest lines it could take, at about a quarter near what Knuth–Plass takes.
fn first_fit(breaks: impl IntoIterator<Item = Place>, measure: f64, shrink: f64) -> usize {
    let (mut lines, mut start) = (1, (0, 0.0, 0.0));
    let mut fit: Option<Place> = None;
    for b in breaks {
        let fits = |(_, w, z): (usize, f64, f64)| b.w - w + b.pen - shrink * (b.z - z) <= measure;
        if !fits(start) {
            // End the line at the last break that fitted (or here, for a word wider
            // than the measure).
            lines += 1;
            let end = fit.unwrap_or(b);
            start = (end.next, end.next_w, end.next_z);
        }
        fit = (start.0 <= b.at && fits(start)).then_some(b);
    }
    lines
}

/// A paragraph's line count at many measures, estimated without breaking it: what the
/// copyfit asks for every setting it weighs. It keeps only the paragraph's break
/// candidates with their prefix sums, so the items themselves can go.
pub struct LineCounter {
    breaks: Vec<Place>,
}

impl LineCounter {
    /// The break candidates of a paragraph's items.
    pub fn new(items: &[Item]) -> LineCounter {
        let sums = Sums::new(items);
        LineCounter {
            breaks: candidates(items, &sums).collect(),
        }
    }

    /// About how many lines the paragraph takes at `measure`: first fit, each line
    /// shrunk by a quarter of what it may.
    pub fn lines(&self, measure: f64) -> usize {
        first_fit(self.breaks.iter().copied(), measure, ESTIMATE_SHRINK)
    }
}

/// The width a break at item `i` adds, if a line may end there.
fn break_width(items: &[Item], i: usize) -> Option<f64> {
    match &items[i] {
        Item::Penalty { width, cost, .. } if *cost < INFINITE_PENALTY => Some(*width),
        Item::Glue { .. } if i > 0 && matches!(items[i - 1], Item::Box { .. }) => Some(0.0),
        _ => None,
    }
}

/// How much of its shrink an estimated line uses: Knuth–Plass shrinks some lines and
/// stretches others; packing at a quarter of the shrink came closest on the examples.
const ESTIMATE_SHRINK: f64 = 0.25;

/// [`possible_lines`] with the paragraph's prefix sums already made.
fn line_range(items: &[Item], s: &Sums, measure: f64, params: &Params) -> RangeInclusive<usize> {
    let fewest = first_fit(candidates(items, s), measure, 1.0);
    // Every line but the last reaches the measure at full stretch:
    // (lines − 1)·(measure − hyphen − ragged stretch) ≤ all the material at full stretch.
    let (mut total, mut hyphen) = (0.0, 0.0f64);
    for item in items {
        match item {
            Item::Box { width, stretch, .. } => total += width + stretch,
            Item::Glue { width, stretch, .. } if *stretch < PARFILL_STRETCH => {
                total += width + stretch
            }
            Item::Penalty { width, .. } => hyphen = hyphen.max(*width),
            _ => {}
        }
    }
    let per_line = measure - hyphen - params.ragged_stretch;
    let most = if per_line > 0.0 {
        (total / per_line).floor() as usize + 1
    } else {
        usize::MAX
    };
    fewest..=most.max(fewest)
}

struct Pass<'a> {
    items: &'a [Item],
    sums: &'a Sums,
    width: &'a dyn Fn(usize) -> f64,
    params: &'a Params,
    tolerance: f64,
    hyphenate: bool,
    /// The last pass: every line is feasible, badness is not capped (so a very loose
    /// line still costs more than a looser one), and the hyphen rules become costs.
    emergency: bool,
    /// A line count the result must have.
    lines: Option<usize>,
}

/// A break candidate at item `i`: its penalty, whether the line ends with a hyphen (added
/// or written, as in "ачык-айкын"), the width it adds.
#[derive(Clone, Copy)]
struct Candidate {
    i: usize,
    penalty: f64,
    flagged: bool,
    /// A discretionary hyphen: drawn only if the line breaks here.
    added: bool,
    width: f64,
}

impl Pass<'_> {
    fn run(&self) -> Option<Vec<Break>> {
        let root = Node {
            pos: 0,
            start: 0,
            line: 0,
            fitness: 1,
            demerits: 0.0,
            ratio: 0.0,
            hyphen: false,
            run: 0,
            ladder: 0,
            prev: None,
        };
        // About one node per break point survives a pass; growing from one costs more.
        let mut nodes = Vec::with_capacity(self.items.len() / 2);
        nodes.push(root);
        let mut active = vec![0usize];
        // The nodes still active after a break point; swapped with `active`, not reallocated.
        let mut kept = Vec::new();
        let mut best = Best {
            nodes: Vec::new(),
            by_line: self.lines.is_some(),
        };
        for i in 0..self.items.len() {
            let Some(c) = self.breakpoint(i) else {
                continue;
            };
            best.nodes.clear();
            self.try_break(&nodes, &active, c, &mut best, &mut kept);
            std::mem::swap(&mut active, &mut kept);
            for node in &best.nodes {
                nodes.push(Node {
                    start: next_start(self.items, i),
                    ..*node
                });
                active.push(nodes.len() - 1);
            }
            if active.is_empty() {
                return None;
            }
        }
        let last = active
            .iter()
            .copied()
            .filter(|&a| nodes[a].pos + 1 == self.items.len())
            .filter(|&a| self.lines.is_none_or(|n| nodes[a].line == n))
            .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
        Some(backtrack(&nodes, last))
    }

    /// Tries every active node against a break at `c`: leaves in `keep` the nodes that
    /// stay active, and in `best` the best new node per class.
    fn try_break(
        &self,
        nodes: &[Node],
        active: &[usize],
        c: Candidate,
        best: &mut Best,
        keep: &mut Vec<usize>,
    ) {
        keep.clear();
        let mut dropped: Option<usize> = None;
        for &a in active {
            let node = &nodes[a];
            let ratio = self.ratio(node, c.i, c.width);
            if ratio < -1.0 || c.penalty <= -INFINITE_PENALTY {
                dropped = Some(dropped.map_or(a, |d| {
                    if nodes[d].demerits <= node.demerits {
                        d
                    } else {
                        a
                    }
                }));
            } else {
                keep.push(a);
            }
            if ratio >= -1.0 && badness(ratio) <= self.tolerance {
                self.consider(best, a, node, c, ratio);
            }
        }
        // Emergency: nothing feasible and nothing left active: accept an overfull line
        // from the best node just dropped, so the paragraph can still be set.
        if self.emergency && keep.is_empty() && best.nodes.is_empty() {
            if let Some(d) = dropped {
                self.consider(best, d, &nodes[d], c, self.ratio(&nodes[d], c.i, c.width));
                best.nodes.iter_mut().for_each(|n| n.demerits += 1e9);
            }
        }
    }

    /// The candidate if a line may end at item `i`.
    fn breakpoint(&self, i: usize) -> Option<Candidate> {
        match &self.items[i] {
            Item::Penalty {
                width,
                cost,
                flagged,
            } if *cost < INFINITE_PENALTY => {
                let added = *flagged && *width > 0.0;
                // A break of last resort (inside a part of a hyphenated compound) only when
                // nothing else can set the paragraph, so never for a looser line.
                let allowed = *cost < COMPOUND_PART_PENALTY || self.emergency;
                (allowed && (!added || self.hyphenate)).then_some(Candidate {
                    i,
                    penalty: *cost,
                    flagged: *flagged,
                    added,
                    width: *width,
                })
            }
            Item::Glue { .. } if i > 0 && matches!(self.items[i - 1], Item::Box { .. }) => {
                Some(Candidate {
                    i,
                    penalty: 0.0,
                    flagged: false,
                    added: false,
                    width: 0.0,
                })
            }
            _ => None,
        }
    }

    /// Adjustment ratio of the line from `node` to a break at `i`.
    fn ratio(&self, node: &Node, i: usize, pen_width: f64) -> f64 {
        let s = self.sums;
        let start = node.start.min(i);
        let natural = s.w[i] - s.w[start] + pen_width;
        let target = (self.width)(node.line);
        if natural < target {
            let stretch = s.y[i] - s.y[start] + self.params.ragged_stretch;
            if stretch > 0.0 {
                (target - natural) / stretch
            } else {
                INF_BAD
            }
        } else if natural > target {
            let shrink = s.z[i] - s.z[start];
            if shrink > 0.0 {
                (target - natural) / shrink
            } else {
                -INF_BAD
            }
        } else {
            0.0
        }
    }

    /// Records the break `c` after `node` if it is the best so far in its class.
    fn consider(&self, best: &mut Best, a: usize, node: &Node, c: Candidate, ratio: f64) {
        let run = if c.added { node.run + 1 } else { 0 };
        let ladder = if c.flagged { node.ladder + 1 } else { 0 };
        let end = c.penalty <= -INFINITE_PENALTY;
        // Never three hyphenated lines in a row, never a hyphen on a paragraph's last full
        // line; the emergency pass may break these rules, at the cost of a line at ratio ~2.
        let forbidden = run >= 3 || ladder > MAX_LADDER || (end && node.hyphen);
        if forbidden && !self.emergency {
            return;
        }
        // With a line count asked for, a line beyond it, or the last line before the end, leads nowhere.
        if self
            .lines
            .is_some_and(|n| node.line + 1 > n || (node.line + 1 == n && !end))
        {
            return;
        }
        let fitness = fitness(ratio);
        let total = node.demerits
            + self.demerits(node, c, ratio, fitness)
            + if forbidden { 1e6 } else { 0.0 };
        best.offer(Node {
            pos: c.i,
            start: c.i,
            line: node.line + 1,
            fitness,
            demerits: total,
            ratio,
            hyphen: c.added,
            run: run.min(2),
            ladder: ladder.min(MAX_LADDER),
            prev: Some(a),
        });
    }

    /// The paper's demerits of a line ending at `c` after `node`.
    fn demerits(&self, node: &Node, c: Candidate, ratio: f64, fitness: u8) -> f64 {
        let p = self.params;
        // Uncapped in the emergency pass so that a looser line always costs more.
        let bad = if self.emergency {
            (100.0 * ratio.abs().powi(3)).min(1e7)
        } else {
            badness(ratio)
        };
        let mut d = (p.line_penalty + bad).powi(2);
        if c.penalty >= 0.0 {
            d += c.penalty * c.penalty;
        } else if c.penalty > -INFINITE_PENALTY {
            d -= c.penalty * c.penalty;
        }
        if c.flagged && node.ladder > 0 {
            d += p.double_hyphen_demerits;
        }
        if c.penalty <= -INFINITE_PENALTY && node.ladder > 0 {
            d += p.final_hyphen_demerits;
        }
        if fitness.abs_diff(node.fitness) > 1 {
            d += p.fitness_demerits;
        }
        // A paragraph's last line is set at its natural width: its ratio is not seen. In the
        // sloppy and emergency passes lines beyond the limits are the harm to keep down, and a
        // cost for unlike neighbours would trade more of them for fewer stripes.
        let within_limits = self.tolerance <= p.tolerance.max(p.pretolerance);
        let counted = p.ratio_demerits > 0.0 && within_limits;
        if counted && node.prev.is_some() && c.penalty > -INFINITE_PENALTY {
            let jump = ratio.clamp(-1.0, 2.0) - node.ratio.clamp(-1.0, 2.0);
            let excess = (jump.abs() - RATIO_JUMP_FREE).max(0.0);
            d += p.ratio_demerits * excess * excess;
        }
        d
    }
}

/// The first item after a break at `i` that is not discarded at a line start
/// (glue and penalties after a break vanish, as in TeX).
pub fn next_start(items: &[Item], i: usize) -> usize {
    let mut j = i + 1;
    while j < items.len() {
        match &items[j] {
            Item::Box { .. } => break,
            Item::Penalty { cost, .. } if *cost <= -INFINITE_PENALTY => break,
            _ => j += 1,
        }
    }
    j
}

/// TeX's badness: 100·|r|³, capped.
fn badness(ratio: f64) -> f64 {
    (100.0 * ratio.abs().powi(3)).min(INF_BAD)
}

/// Fitness class: 0 tight, 1 decent, 2 loose, 3 very loose.
fn fitness(ratio: f64) -> u8 {
    match ratio {
        r if r < -0.5 => 0,
        r if r <= 0.5 => 1,
        r if r <= 1.0 => 2,
        _ => 3,
    }
}

fn backtrack(nodes: &[Node], last: usize) -> Vec<Break> {
    let mut out = Vec::new();
    let mut cur = Some(last);
    while let Some(n) = cur {
        let node = &nodes[n];
        if node.prev.is_some() {
            out.push(Break {
                pos: node.pos,
                ratio: node.ratio,
                hyphen: node.hyphen,
            });
        }
        cur = node.prev;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
