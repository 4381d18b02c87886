//! Evening out the columns: the last page balanced, and when the keep rules allow no
//! even split, paragraphs set a line longer or shorter (TeX's \looseness) until the
//! columns of every page end as close together as they can.

use super::fill::{self, FlowLine, Slot};
use super::{FlowInput, Head};
use rayon::prelude::*;
use std::collections::HashMap;

/// The body flowed through all columns, the last page balanced.
pub(super) struct Arrangement {
    /// Baselines per column before the last page.
    pub(super) before: Vec<Vec<f64>>,
    /// The first line on the last page.
    pub(super) first_last: usize,
    /// The last page's columns.
    pub(super) balanced: fill::Balanced,
}

impl Arrangement {
    /// Flows `body` through `slots`, whose last page starts at slot `split`; None if it
    /// does not fit, or if the pages before the last are already at least `bound` uneven
    /// (a trial that cannot win is not balanced).
    fn new(body: &[FlowLine], slots: &[Slot], split: usize, bound: f64) -> Option<Arrangement> {
        Arrangement::after(&[], body, slots, split, bound)
    }

    /// Like [`Arrangement::new`] for a body whose first columns are `fixed` (their
    /// baselines) and whose remaining lines are `tail`: a trial flows only what it changed.
    fn after(
        fixed: &[Vec<f64>],
        tail: &[FlowLine],
        slots: &[Slot],
        split: usize,
        bound: f64,
    ) -> Option<Arrangement> {
        let (rest, placed) = fill::flow(tail, &slots[fixed.len()..]);
        if placed < tail.len() {
            return None;
        }
        let mut before = fixed.to_vec();
        before.extend(rest);
        before.truncate(split);
        if unevenness(&before, slots) >= bound {
            return None;
        }
        let first_last: usize = before.iter().map(Vec::len).sum();
        let fixed_lines: usize = fixed.iter().map(Vec::len).sum();
        let balanced = fill::balance(&tail[first_last - fixed_lines..], &slots[split..]);
        balanced.spread.is_finite().then_some(Arrangement {
            before,
            first_last,
            balanced,
        })
    }

    /// How unevenly columns end on all pages (see [`unevenness`]), the last page balanced.
    fn unevenness(&self, slots: &[Slot]) -> f64 {
        unevenness(&self.before, slots) + self.balanced.spread
    }

    /// The columns wholly before line `line`.
    fn columns_before(&self, line: usize) -> usize {
        let mut end = 0;
        self.before
            .iter()
            .take_while(|b| {
                end += b.len();
                end <= line
            })
            .count()
    }
}

/// How unevenly the columns of full pages end: on every page, how far apart its columns'
/// last baselines are (a column the keep rules left short counts as much as the last page's).
fn unevenness(before: &[Vec<f64>], slots: &[Slot]) -> f64 {
    let mut pages: Vec<(f64, f64)> = Vec::new();
    for (slot, baselines) in slots.iter().zip(before) {
        let end = baselines.last().copied().unwrap_or(slot.top);
        if pages.len() <= slot.page {
            pages.push((end, end));
        }
        let p = &mut pages[slot.page];
        *p = (p.0.min(end), p.1.max(end));
    }
    pages.iter().map(|(lo, hi)| hi - lo).sum()
}

/// Flows the body and balances the last page. When columns still end more than a line
/// apart (the keep rules allow no better split), paragraphs are tried a line longer or a
/// line shorter, as TeX's \looseness does, one or two at a time, keeping every line
/// within the spacing limits; the change that evens the columns most is kept, and the
/// search repeats a few times.
pub(super) fn arrange(
    input: &FlowInput,
    mut body: Vec<FlowLine>,
    slots: &[Slot],
    split: usize,
) -> (Vec<FlowLine>, Arrangement) {
    let Some(mut best) = Arrangement::new(&body, slots, split, f64::INFINITY) else {
        return greedy(body, slots, split);
    };
    let even = input.setting.leading + 0.01;
    let mut cost = best.unevenness(slots);
    let mut shapes: HashMap<(usize, usize), Option<Vec<bool>>> = HashMap::new();
    for _ in 0..REBREAK_ROUNDS {
        if cost <= even {
            break;
        }
        let options = rebreaks(input, &body, &mut shapes, near(&best));
        // Columns before the first paragraph tried stay as they are: trials flow the rest.
        let first = options.first().map_or(body.len(), |o| o.range.start);
        let fixed = best.before[..best.columns_before(first)].to_vec();
        let from: usize = fixed.iter().map(Vec::len).sum();
        let singles = (0..options.len()).map(|i| vec![i]);
        let pairs = (0..options.len())
            .flat_map(|i| (i + 1..options.len()).map(move |j| vec![i, j]))
            .filter(|p| options[p[0]].range != options[p[1]].range);
        let combos: Vec<Vec<usize>> = singles.chain(pairs).collect();
        // Every trial of the round at once, in parallel (a round tries about a dozen, and
        // nearly all are needed); then taken in order as if one by one: the first that
        // beats the best so far wins, and one even enough ends the search. A trial bounded
        // by the round's starting cost returns None only where a tighter bound would
        // have, or where it could not have won anyway.
        let bound = cost - 0.01;
        let trials: Vec<Option<Arrangement>> = combos
            .par_iter()
            .map(|combo| {
                let changes: Vec<&Rebreak> = combo.iter().map(|&i| &options[i]).collect();
                Arrangement::after(&fixed, &with(&body, from, &changes), slots, split, bound)
            })
            .collect();
        let mut choice = None;
        for (combo, arranged) in combos.into_iter().zip(trials) {
            let Some(arranged) = arranged else { continue };
            let c = arranged.unevenness(slots);
            if c < cost - 0.01 {
                (cost, best, choice) = (c, arranged, Some(combo));
                if cost <= even {
                    break;
                }
            }
        }
        let Some(combo) = choice else {
            break;
        };
        // Only the chosen paragraphs are set; their lines move in (copying every glyph of
        // the body would cost more than the search).
        let changes: Option<Vec<(std::ops::Range<usize>, Vec<FlowLine>)>> = combo
            .iter()
            .map(|&i| {
                let o = &options[i];
                let head = Head::of(&body, o.range.start);
                let set = input.rebreak.set(head.paragraph, o.lines.len())?;
                Some((o.range.clone(), head.lines(set).collect()))
            })
            .collect();
        let Some(changes) = changes else {
            // Not settable after all: keep the body as it is, arranged as it is.
            return match Arrangement::new(&body, slots, split, f64::INFINITY) {
                Some(a) => (body, a),
                None => greedy(body, slots, split),
            };
        };
        body = apply(body, changes);
    }
    (body, best)
}

/// The body filled column by column, the last page too: what flow falls back on if no
/// balanced arrangement can be made.
fn greedy(body: Vec<FlowLine>, slots: &[Slot], split: usize) -> (Vec<FlowLine>, Arrangement) {
    let (mut before, _) = fill::flow(&body, slots);
    let last = before.split_off(split.min(before.len()));
    let arranged = Arrangement {
        first_last: before.iter().map(Vec::len).sum(),
        before,
        balanced: fill::Balanced {
            counts: last.iter().map(Vec::len).collect(),
            spread: f64::INFINITY,
        },
    };
    (body, arranged)
}

/// Rounds of re-breaking flow may do to even out columns.
const REBREAK_ROUNDS: usize = 3;

/// The first line of the last column before the last page: paragraphs from there on
/// are the ones worth re-breaking (an earlier change ripples through full columns).
fn near(arranged: &Arrangement) -> usize {
    let columns = arranged.before.len().saturating_sub(1);
    arranged.before[..columns].iter().map(Vec::len).sum()
}

/// A paragraph set in a line more or fewer than it has.
struct Rebreak {
    /// Its lines in the body.
    range: std::ops::Range<usize>,
    /// Its new lines, glyph-less, with their flow permissions.
    lines: Vec<FlowLine>,
}

/// Every paragraph from line `from` on that can be set a line shorter or longer within
/// the spacing limits (`shapes` remembers what was asked, by paragraph and line count).
fn rebreaks(
    input: &FlowInput,
    body: &[FlowLine],
    shapes: &mut HashMap<(usize, usize), Option<Vec<bool>>>,
    from: usize,
) -> Vec<Rebreak> {
    let ranges: Vec<_> = paragraphs(body)
        .into_iter()
        .filter(|r| r.end > from)
        .collect();
    let counts =
        |r: &std::ops::Range<usize>| [r.len() - 1, r.len() + 1].into_iter().filter(|&n| n > 0);
    // What was not asked yet, one job per paragraph, in parallel.
    let jobs: Vec<(usize, Vec<usize>)> = ranges
        .iter()
        .map(|r| {
            let p = body[r.start].paragraph;
            let new = counts(r).filter(|&n| !shapes.contains_key(&(p, n)));
            (p, new.collect::<Vec<_>>())
        })
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let done: Vec<_> = jobs
        .par_iter()
        .map(|(p, lines)| (*p, lines, input.rebreak.shape(*p, lines)))
        .collect();
    for (p, lines, shape) in done {
        for (&n, shape) in lines.iter().zip(shape) {
            shapes.insert((p, n), shape);
        }
    }
    let mut out = Vec::new();
    for range in ranges {
        let head = Head::of(body, range.start);
        for lines in counts(&range) {
            if let Some(Some(hyphens)) = shapes.get(&(head.paragraph, lines)) {
                out.push(Rebreak {
                    range: range.clone(),
                    lines: head.shadows(hyphens).collect(),
                });
            }
        }
    }
    out
}

/// Shadows of the body's lines from line `from` on, with `changes` (in body order, not
/// overlapping, none before `from`) made: what a trial flows.
fn with(body: &[FlowLine], from: usize, changes: &[&Rebreak]) -> Vec<FlowLine> {
    let mut out = Vec::with_capacity(body.len() - from + changes.len());
    let mut at = from;
    for change in changes {
        out.extend(body[at..change.range.start].iter().map(FlowLine::shadow));
        out.extend(change.lines.iter().cloned());
        at = change.range.end;
    }
    out.extend(body[at..].iter().map(FlowLine::shadow));
    out
}

/// The body with `changes` (line ranges and their new lines, in body order, not
/// overlapping) made.
fn apply(
    body: Vec<FlowLine>,
    changes: Vec<(std::ops::Range<usize>, Vec<FlowLine>)>,
) -> Vec<FlowLine> {
    let mut out = Vec::with_capacity(body.len() + 2);
    let mut lines = body.into_iter().enumerate().peekable();
    for (range, new) in changes {
        while let Some((_, l)) = lines.next_if(|(i, _)| *i < range.start) {
            out.push(l);
        }
        while lines.next_if(|(i, _)| *i < range.end).is_some() {}
        out.extend(new);
    }
    out.extend(lines.map(|(_, l)| l));
    out
}

/// The line ranges of the body's paragraphs.
fn paragraphs(body: &[FlowLine]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, l) in body.iter().enumerate() {
        match out.last_mut() {
            Some(r) if body[r.start].paragraph == l.paragraph => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}
