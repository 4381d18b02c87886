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
}

/// Where the first baseline sits below a column top: about the cap height.
pub fn first_baseline(size: f64) -> f64 {
    size * 0.8
}

/// How far a line reaches below its baseline.
fn descent(size: f64) -> f64 {
    size * 0.25
}

/// Lines from `start` fitted into `slot`, with the baseline of each. `full` is the
/// height of the tallest column: a group taller than that must be split anyway.
pub fn fill(lines: &[FlowLine], start: usize, slot: &Slot, full: f64) -> Vec<f64> {
    fill_back(lines, start, slot, full, 0)
}

/// Like [`fill`], but ends the column `back` permitted breaks earlier than it could
/// (balancing uses this to move a line group to the next column).
fn fill_back(lines: &[FlowLine], start: usize, slot: &Slot, full: f64, back: usize) -> Vec<f64> {
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
    let keep = oks.len().checked_sub(1 + back).map_or(0, |i| oks[i]);
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

/// Fills the slots in order; returns, per slot, the baselines placed, and how many lines were placed.
pub fn flow(lines: &[FlowLine], slots: &[Slot]) -> (Vec<Vec<f64>>, usize) {
    flow_back(lines, slots, &[])
}

/// [`flow`] with column `i` ending `backs[i]` permitted breaks early.
fn flow_back(lines: &[FlowLine], slots: &[Slot], backs: &[usize]) -> (Vec<Vec<f64>>, usize) {
    let full = slots.iter().map(|s| s.top - s.bottom).fold(0.0, f64::max);
    let mut pos = 0;
    let mut placed = Vec::with_capacity(slots.len());
    for (i, slot) in slots.iter().enumerate() {
        let b = fill_back(lines, pos, slot, full, backs.get(i).copied().unwrap_or(0));
        pos += b.len();
        placed.push(b);
    }
    (placed, pos)
}

/// Balances the last page: raises the common bottom of `slots` as far as all of `lines`
/// still fit, then also tries a few lines lower and columns ending a break or two early,
/// and keeps the arrangement whose columns end closest together. Keep rules (a question
/// with its answer, no widow, no hyphen at a column's foot) can otherwise leave one short.
pub fn balance(lines: &[FlowLine], slots: &[Slot]) -> Balanced {
    let at = |bottom: f64| -> Vec<Slot> {
        slots
            .iter()
            .map(|s| Slot {
                bottom: bottom.max(s.bottom),
                ..*s
            })
            .collect()
    };
    let fits = |bottom: f64| flow(lines, &at(bottom)).1 == lines.len();
    let low = slots.iter().map(|s| s.bottom).fold(f64::INFINITY, f64::min);
    let high = slots
        .iter()
        .map(|s| s.top)
        .fold(f64::NEG_INFINITY, f64::max);
    if lines.is_empty() || !fits(low) {
        return Balanced {
            slots: slots.to_vec(),
            backs: vec![],
        };
    }
    let (mut ok, mut bad) = (low, high);
    // Half a point is far below one line: the search ends within a line of the tightest fit.
    while bad - ok > 0.5 {
        let mid = (ok + bad) / 2.0;
        if fits(mid) { ok = mid } else { bad = mid }
    }
    let grid = lines[0].leading;
    let mut best = (f64::INFINITY, ok, vec![]);
    for k in 0..5 {
        let bottom = (ok - k as f64 * grid).max(low);
        for backs in back_choices(slots.len()) {
            let spread = spread(lines, &at(bottom), &backs);
            if spread < best.0 - 0.01 {
                best = (spread, bottom, backs);
            }
        }
    }
    Balanced {
        slots: at(best.1),
        backs: best.2,
    }
}

/// A balanced last page: its column areas and how early each column ends.
pub struct Balanced {
    /// Column areas with the balanced bottom.
    pub slots: Vec<Slot>,
    /// Per column, how many permitted breaks early it ends.
    pub backs: Vec<usize>,
}

impl Balanced {
    /// Places `lines` in the balanced columns.
    pub fn flow(&self, lines: &[FlowLine]) -> (Vec<Vec<f64>>, usize) {
        flow_back(lines, &self.slots, &self.backs)
    }
}

/// Every way to end each column but the last 0, 1 or 2 breaks early.
fn back_choices(columns: usize) -> Vec<Vec<usize>> {
    let free = columns.saturating_sub(1) as u32;
    (0..3usize.pow(free))
        .map(|n| (0..free).map(|i| n / 3usize.pow(i) % 3).collect())
        .collect()
}

/// How far apart the last baselines of the columns are (infinite if a line is left over or a column empty).
fn spread(lines: &[FlowLine], slots: &[Slot], backs: &[usize]) -> f64 {
    let (placed, n) = flow_back(lines, slots, backs);
    if n < lines.len() || placed.iter().any(Vec::is_empty) {
        return f64::INFINITY;
    }
    let ends: Vec<f64> = placed.iter().filter_map(|b| b.last().copied()).collect();
    let (lo, hi) = ends
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), e| {
            (lo.min(*e), hi.max(*e))
        });
    hi - lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(break_after: bool) -> FlowLine {
        let line = SetLine {
            fragments: vec![],
            ratio: 0.0,
            hyphen: false,
            text: String::new(),
        };
        FlowLine {
            line,
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
        let (placed, n) = balanced.flow(&lines);
        assert_eq!(n, 20);
        let counts: Vec<usize> = placed.iter().map(Vec::len).collect();
        assert!(
            counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1,
            "{counts:?}"
        );
    }
}
