//! Filling columns with lines: break permissions (widows, orphans, a question kept
//! with its answer), greedy column filling, and balancing the last page.

use crate::style::Kind;
use crate::text::SetLine;

/// A line on its way into a column, with what flow needs to know about it.
#[derive(Clone, Debug)]
pub struct FlowLine {
    /// The set line.
    pub line: SetLine,
    /// Block it belongs to.
    pub kind: Kind,
    /// Baseline-to-baseline distance from the line before.
    pub leading: f64,
    /// Font size (for the first baseline and the descent).
    pub size: f64,
    /// Extra space above the line unless it starts a column.
    pub space_before: f64,
    /// A column may end after this line.
    pub break_after: bool,
    /// Which body paragraph the line belongs to (counted from 1).
    pub paragraph: usize,
}

impl FlowLine {
    /// The line without its glyphs or text: all a trial flow needs.
    pub fn shadow(&self) -> FlowLine {
        FlowLine {
            line: self.line.shadow(),
            ..*self
        }
    }
}

/// A column area: x of its left edge, y of its top and bottom (PDF coordinates).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    /// Page index.
    pub page: usize,
    /// Column index on the page.
    pub column: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub top: f64,
    /// Bottom edge.
    pub bottom: f64,
    /// The story frame it belongs to (index in the layout's drawing order).
    pub frame: usize,
}

/// Where the first baseline sits below a column top: about the cap height.
pub fn first_baseline(size: f64) -> f64 {
    size * 0.8
}

/// How far a line reaches below its baseline.
pub fn descent(size: f64) -> f64 {
    size * 0.25
}

/// Lines from `start` fitted into `slot`, with the baseline of each. `full` is the
/// height of the tallest column: a group taller than that must be split anyway.
pub fn fill(lines: &[FlowLine], start: usize, slot: &Slot, full: f64) -> Vec<f64> {
    let mut baselines = Vec::new();
    let mut oks = Vec::new();
    let mut y = slot.top;
    for (k, l) in lines.iter().enumerate().skip(start) {
        let baseline = if k == start {
            slot.top - first_baseline(l.size)
        } else {
            y - l.space_before - l.leading
        };
        if baseline - descent(l.size) < slot.bottom - 0.01 {
            break;
        }
        y = baseline;
        baselines.push(baseline);
        if l.break_after || k + 1 == lines.len() {
            oks.push(baselines.len());
        }
    }
    // A group that cannot be kept together in a whole column is split where it must be.
    if oks.is_empty() && group_height(lines, start) > full {
        return baselines;
    }
    let keep = oks.last().copied().unwrap_or(0);
    baselines.truncate(keep);
    baselines
}

/// Height of the lines from `start` that must stay together.
fn group_height(lines: &[FlowLine], start: usize) -> f64 {
    let n = lines[start..]
        .iter()
        .position(|l| l.break_after)
        .map_or(lines.len() - start, |i| i + 1);
    lines[start..start + n]
        .iter()
        .map(|l| l.leading + l.space_before)
        .sum()
}

/// Per column, its height and the height its lines take, from its top to the last
/// line's foot (`baselines` per slot, of `lines` in order): what copyfit and the report
/// call how full the story is.
pub fn used(lines: &[FlowLine], slots: &[Slot], baselines: &[Vec<f64>]) -> Vec<(f64, f64)> {
    let mut start = 0;
    slots
        .iter()
        .zip(baselines)
        .map(|(slot, b)| {
            start += b.len();
            let height = (slot.top - slot.bottom).max(0.0);
            let taken = match (b.last(), start.checked_sub(1).and_then(|i| lines.get(i))) {
                (Some(last), Some(line)) => slot.top - (last - descent(line.size)),
                _ => 0.0,
            };
            (height, taken.clamp(0.0, height))
        })
        .collect()
}

/// Fills the slots in order; returns, per slot, the baselines placed, and how many lines were placed.
pub fn flow(lines: &[FlowLine], slots: &[Slot]) -> (Vec<Vec<f64>>, usize) {
    let full = slots.iter().map(|s| s.top - s.bottom).fold(0.0, f64::max);
    let mut pos = 0;
    let mut placed = Vec::with_capacity(slots.len());
    for slot in slots {
        let b = fill(lines, pos, slot, full);
        pos += b.len();
        placed.push(b);
    }
    (placed, pos)
}

/// Balances the last page: splits `lines` over `slots` at permitted breaks so that the
/// columns end as close together as they can, every column fitting its slot. Among equally
/// even splits the earlier columns are the longer. The search is exact (columns' heights are
/// prefix sums, so each split costs a few additions); a budget bounds it for many columns.
pub fn balance(lines: &[FlowLine], slots: &[Slot]) -> Balanced {
    let greedy = flow(lines, slots);
    let mut search = Search {
        lines,
        slots,
        rise: rises(lines),
        best: Balanced {
            counts: greedy.0.iter().map(Vec::len).collect(),
            spread: f64::INFINITY,
        },
        counts: Vec::with_capacity(slots.len()),
        budget: SEARCH_BUDGET,
    };
    if greedy.1 < lines.len() || slots.is_empty() {
        return search.best;
    }
    search.best.spread = search.spread_of(&search.best.counts.clone());
    search.column(0, 0, f64::INFINITY, f64::NEG_INFINITY);
    search.best
}

/// Column splits the balancing search may look at.
const SEARCH_BUDGET: usize = 20_000;

/// A balanced last page: how many lines each column holds.
pub struct Balanced {
    /// Lines per column.
    pub counts: Vec<usize>,
    /// How far apart the columns' last baselines are, in points.
    pub spread: f64,
}

impl Balanced {
    /// The baselines of `lines` in `slots`, column by column.
    pub fn place(&self, lines: &[FlowLine], slots: &[Slot]) -> Vec<Vec<f64>> {
        let mut start = 0;
        slots
            .iter()
            .zip(&self.counts)
            .map(|(slot, &n)| {
                let b = baselines(&lines[start..start + n], slot);
                start += n;
                b
            })
            .collect()
    }
}

/// Depth-first search over where each column ends.
struct Search<'a> {
    lines: &'a [FlowLine],
    slots: &'a [Slot],
    /// `rise[k]`: the drop from the first baseline to line k's when all follow in one column.
    rise: Vec<f64>,
    best: Balanced,
    counts: Vec<usize>,
    budget: usize,
}

impl Search<'_> {
    /// Tries every end for column `c`, which starts at line `start`; `lo`/`hi` are the
    /// lowest and highest column ends so far.
    fn column(&mut self, c: usize, start: usize, lo: f64, hi: f64) {
        let n = self.lines.len();
        let last = c + 1 == self.slots.len();
        // Longest first: among equally even splits the first found keeps earlier columns
        // longer. The last column takes the rest; no end past `longest` can fit.
        let first = if last { n } else { self.longest(c, start) };
        for e in (start..=first).rev() {
            if last && e != n {
                break;
            }
            if !(e == start || e == n || self.lines[e - 1].break_after) {
                continue;
            }
            let Some(end) = self.end(c, start, e) else {
                continue;
            };
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            // A shorter column ends higher: once this one ends above every column so far
            // and too far above the lowest, every shorter one does too.
            if end >= hi && end - lo >= self.best.spread - 0.01 {
                break;
            }
            let (lo, hi) = (lo.min(end), hi.max(end));
            if hi - lo >= self.best.spread - 0.01 {
                continue;
            }
            self.counts.push(e - start);
            if last {
                self.best = Balanced {
                    counts: self.counts.clone(),
                    spread: hi - lo,
                };
            } else {
                self.column(c + 1, e, lo, hi);
            }
            self.counts.pop();
        }
    }

    /// The most lines column `c` could hold from `start` on: past them even the last
    /// baseline (leaving out the descent) is below the column's foot.
    fn longest(&self, c: usize, start: usize) -> usize {
        let Some(first) = self.lines.get(start) else {
            return start;
        };
        let slot = &self.slots[c];
        let room = slot.top - first_baseline(first.size) - (slot.bottom - 0.01);
        // rise is non-decreasing: the lines k with rise[k] - rise[start] <= room form a prefix.
        let fit = self.rise[start..].partition_point(|r| r - self.rise[start] <= room);
        start + fit
    }

    /// Where column `c` ends (its last baseline, or its top when empty) holding lines
    /// `start..e`, if they fit.
    fn end(&self, c: usize, start: usize, e: usize) -> Option<f64> {
        let slot = &self.slots[c];
        if e == start {
            return Some(slot.top);
        }
        let first = &self.lines[start];
        let last = &self.lines[e - 1];
        let end = slot.top - first_baseline(first.size) - (self.rise[e - 1] - self.rise[start]);
        (end - descent(last.size) >= slot.bottom - 0.01).then_some(end)
    }

    /// The spread of a given split (for the greedy one the search starts from).
    fn spread_of(&self, counts: &[usize]) -> f64 {
        let (mut lo, mut hi, mut start) = (f64::INFINITY, f64::NEG_INFINITY, 0);
        for (c, &k) in counts.iter().enumerate() {
            let Some(end) = self.end(c, start, start + k) else {
                return f64::INFINITY;
            };
            (lo, hi, start) = (lo.min(end), hi.max(end), start + k);
        }
        hi - lo
    }
}

/// Prefix sums of the distance from each line's baseline to the next's.
fn rises(lines: &[FlowLine]) -> Vec<f64> {
    let mut rise = Vec::with_capacity(lines.len());
    let mut y = 0.0;
    for (k, l) in lines.iter().enumerate() {
        if k > 0 {
            y += l.space_before + l.leading;
        }
        rise.push(y);
    }
    rise
}

/// Baselines of lines that start a column in `slot` and all fit in it.
fn baselines(lines: &[FlowLine], slot: &Slot) -> Vec<f64> {
    let mut y = slot.top;
    lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            y = if k == 0 {
                slot.top - first_baseline(l.size)
            } else {
                y - l.space_before - l.leading
            };
            y
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(break_after: bool) -> FlowLine {
        FlowLine {
            line: SetLine::default(),
            kind: Kind::Answer(1),
            leading: 10.0,
            size: 10.0,
            space_before: 0.0,
            break_after,
            paragraph: 0,
        }
    }

    fn slot(column: usize) -> Slot {
        Slot {
            page: 0,
            column,
            x: 0.0,
            top: 100.0,
            bottom: 0.0,
            frame: 0,
        }
    }

    #[test]
    fn fills_a_column_line_by_line() {
        let lines = vec![line(true); 30];
        // First baseline at 92, then every 10 pt down to 2 (descent 2.5 reaches below 0: not placed).
        let b = fill(&lines, 0, &slot(0), 100.0);
        assert_eq!(b.len(), 9);
        assert_eq!(b[0], 92.0);
    }

    #[test]
    fn keeps_unbreakable_groups_together() {
        let mut lines = vec![line(true); 30];
        for l in &mut lines[7..10] {
            l.break_after = false; // lines 7..=10 must stay together
        }
        assert_eq!(fill(&lines, 0, &slot(0), 100.0).len(), 7);
    }

    #[test]
    fn balances_columns_within_a_line() {
        let lines = vec![line(true); 20];
        let slots = [slot(0), slot(1), slot(2)];
        let balanced = balance(&lines, &slots);
        let placed = balanced.place(&lines, &slots);
        assert_eq!(placed.iter().map(Vec::len).sum::<usize>(), 20);
        let counts: Vec<usize> = placed.iter().map(Vec::len).collect();
        assert!(
            counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1,
            "{counts:?}"
        );
    }

    #[test]
    fn balancing_finds_the_even_split_that_keep_rules_allow() {
        // 9 lines would all fit in the first column. A column may end only after lines
        // 1, 4 and 8 (groups of 2, 3 and 4): 5 + 4 lines end a line apart, the best split.
        let mut lines = vec![line(false); 9];
        for k in [1, 4, 8] {
            lines[k].break_after = true;
        }
        let slots = [slot(0), slot(1)];
        let balanced = balance(&lines, &slots);
        assert_eq!(balanced.counts, vec![5, 4]);
        assert!((balanced.spread - 10.0).abs() < 1e-9, "{}", balanced.spread);
        let placed = balanced.place(&lines, &slots);
        assert_eq!(
            (placed[0].last(), placed[1].last()),
            (Some(&52.0), Some(&62.0))
        );
    }
}
