//! The text stage: typographed paragraphs → shaped items → Knuth–Plass breaks → set lines.

pub mod cache;
pub mod font;
pub mod hyphenate;
pub mod items;
pub mod linebreak;
pub mod typography;

use items::{Fragment, Item, Paragraph};
use linebreak::{Break, Params, break_lines, break_lines_into};

pub use crate::frame::SetLine;

/// Breaks a paragraph into lines of `measure` points and positions its fragments
/// (moved out of the paragraph's boxes, which it consumes).
pub fn set_paragraph(par: Paragraph, measure: f64) -> Vec<SetLine> {
    let breaks = choose_breaks(&par, measure);
    set_lines(par, &breaks, measure)
}

/// Sets a paragraph like [`set_paragraph`]; when it could also take a line more or fewer,
/// returns its outline too (items without glyphs), for flow to try that when it balances
/// columns: cheaper to keep than to build the items again.
pub fn set_paragraph_keeping(par: Paragraph, measure: f64) -> (Vec<SetLine>, Option<Paragraph>) {
    let breaks = choose_breaks(&par, measure);
    let (n, possible) = (breaks.len(), possible_lines(&par, measure));
    let outline =
        (n > 1 && possible.contains(&(n - 1)) || possible.contains(&(n + 1))).then(|| Paragraph {
            items: par.items.iter().map(Item::outline).collect(),
            hyphen: par.hyphen.outline(),
            style: par.style.clone(),
        });
    (set_lines(par, &breaks, measure), outline)
}

/// The breaks of a paragraph: the best within the limits, else a line more or fewer that
/// fits them, else the best that can be done.
fn choose_breaks(par: &Paragraph, measure: f64) -> Vec<Break> {
    let params = params(par, measure);
    let breaks = break_lines(&par.items, &|_| measure, &params);
    if par.style.balance {
        return balanced(par, measure, breaks);
    }
    // A line beyond the spacing limits means no set of this many lines fits them; a line
    // more or fewer may (TeX users ask for it by hand with \looseness).
    if par.style.justify && breaks.iter().any(|b| b.ratio > 1.0) {
        let n = breaks.len();
        let other = [n - 1, n + 1]
            .into_iter()
            .filter(|&k| k > 0)
            .find_map(|k| break_lines_into(&par.items, &|_| measure, &params, k));
        if let Some(b) = other {
            return b;
        }
    }
    breaks
}

/// Ragged lines balanced (CSS's `text-wrap: balance`): the breaks at the narrowest
/// measure that still sets the paragraph in as many lines, so a heading's lines share its
/// words evenly instead of ending on one word. Found by bisection; display paragraphs are
/// a few words, and each trial is a few microseconds.
fn balanced(par: &Paragraph, measure: f64, breaks: Vec<Break>) -> Vec<Break> {
    let n = breaks.len();
    if n < 2 {
        return breaks;
    }
    // A trial fits if it takes as many lines, each within its measure at natural spacing.
    let fits = |b: &[Break]| b.len() == n && b.iter().all(|b| (0.0..=1.0).contains(&b.ratio));
    // No measure below the text's natural width shared by the lines takes only n lines.
    let natural: f64 = par
        .items
        .iter()
        .map(|i| match i {
            Item::Box { width, .. } | Item::Glue { width, .. } => *width,
            Item::Penalty { .. } => 0.0,
        })
        .sum();
    let (mut lo, mut hi, mut best) = (natural / n as f64, measure, breaks);
    for _ in 0..BALANCE_STEPS {
        let mid = (lo + hi) / 2.0;
        let trial = break_lines(&par.items, &|_| mid, &params(par, mid));
        if fits(&trial) {
            (hi, best) = (mid, trial);
        } else {
            lo = mid;
        }
    }
    best
}

/// Bisection steps for [`balanced`]: from the lines' average width to the column, to a
/// 64th of that range (a display line's lines differ by a word or more), well under 1 mm.
const BALANCE_STEPS: usize = 6;

/// How a paragraph would break into a given number of lines, before anything is placed.
#[derive(Clone, Debug)]
pub struct Shape {
    /// Per line, whether it ends with a hyphen, added or written ("ачык-"): a column may
    /// not end there.
    pub hyphens: Vec<bool>,
    breaks: Vec<Break>,
}

/// Whether `par` can be set in exactly `lines` lines within the spacing limits and, if
/// so, how: all flow needs to try the paragraph in a column, without placing a glyph.
/// `par` may be an outline ([`set_paragraph_keeping`]).
pub fn shape_into(par: &Paragraph, measure: f64, lines: usize) -> Option<Shape> {
    let breaks = break_lines_into(&par.items, &|_| measure, &params(par, measure), lines)?;
    // The line's last box ends with a hyphen written in the text ("ачык-"), or one is added.
    let ends_with_hyphen = |b: &Break| {
        b.hyphen
            || par.items[..b.pos].iter().rev().find_map(|i| match i {
                Item::Box { content, .. } => Some(content.text.ends_with('-')),
                _ => None,
            }) == Some(true)
    };
    let hyphens = breaks.iter().map(ends_with_hyphen).collect();
    Some(Shape { hyphens, breaks })
}

/// Sets `par` as `shape` (found on the same paragraph's outline) breaks it.
pub fn set_shaped(par: Paragraph, shape: &Shape, measure: f64) -> Vec<SetLine> {
    set_lines(par, &shape.breaks, measure)
}

/// The line counts `par` could possibly take at `measure` (see [`linebreak::possible_lines`]).
fn possible_lines(par: &Paragraph, measure: f64) -> std::ops::RangeInclusive<usize> {
    linebreak::possible_lines(&par.items, measure, &params(par, measure))
}

fn params(par: &Paragraph, measure: f64) -> Params {
    // Ragged lines get generous extra stretch so that only very short lines cost much.
    let ragged_stretch = if par.style.justify {
        0.0
    } else {
        measure / 3.0
    };
    Params {
        ragged_stretch,
        ratio_demerits: if par.style.justify {
            Params::default().ratio_demerits
        } else {
            0.0
        },
        ..Params::default()
    }
}

/// Positions the lines `breaks` chose.
fn set_lines(mut par: Paragraph, breaks: &[Break], measure: f64) -> Vec<SetLine> {
    let mut start = 0;
    let mut carried = 0;
    let mut lines = Vec::with_capacity(breaks.len());
    for (n, b) in breaks.iter().enumerate() {
        let last = n + 1 == breaks.len();
        // A paragraph's last line keeps its natural spacing unless it had to shrink to
        // fit; so does a ragged line (set at natural width otherwise, it would overrun
        // the measure its break was chosen for).
        let justified = (par.style.justify && !(last && b.ratio > 0.0)) || b.ratio < 0.0;
        let (ratio, fit) = if justified {
            (b.ratio, Some(measure))
        } else {
            // A ragged line the breaker shrank to fit keeps that shrink: at natural
            // spacing it would run past its measure (found by the line-width property).
            (b.ratio.min(0.0), None)
        };
        let mut line = position(&mut par, start, b.pos, ratio, fit, b.hyphen);
        // The continuation of a hyphenated word was already read at the hyphen: it extracts as nothing.
        for (_, f) in line.fragments.iter_mut().take(carried) {
            f.actual_text = Some(String::new());
        }
        start = linebreak::next_start(&par.items, b.pos);
        carried = if b.hyphen || breaks_inside_word(&par.items, b.pos) {
            carry_word(&mut line, &par.items[start..], b.hyphen)
        } else {
            0
        };
        lines.push(line);
    }
    for line in &mut lines {
        join_adjacent(&mut line.fragments);
    }
    lines
}

/// Joins fragments that touch and look alike (the pieces of a word split at hyphenation
/// points the line did not break at) into one: every glyph stays where it was, and the
/// page draws half as many fragments, each positioned once.
fn join_adjacent(fragments: &mut Vec<(f64, Fragment)>) {
    let mut out: Vec<(f64, Fragment)> = Vec::with_capacity(fragments.len());
    let mut end = f64::NAN;
    for (x, f) in fragments.drain(..) {
        let next_end = x + f.width();
        match out.last_mut() {
            // `x` was computed as the previous fragment's x plus its width: equality is exact.
            Some((_, prev)) if x == end && alike(prev, &f) => {
                let shift = prev.text.len() as u32;
                prev.glyphs.extend(f.glyphs.iter().map(|g| items::Glyph {
                    cluster: g.cluster + shift,
                    ..*g
                }));
                prev.text.push_str(&f.text);
            }
            _ => out.push((x, f)),
        }
        end = next_end;
    }
    *fragments = out;
}

/// Two fragments that can be drawn as one: same font, size, colour and spacing, and
/// extracting as themselves (or both as nothing), not standing in for other text.
fn alike(a: &Fragment, b: &Fragment) -> bool {
    a.font == b.font
        && a.size == b.size
        && a.color == b.color
        && a.spacing == b.spacing
        && a.scale == b.scale
        && a.actual_text == b.actual_text
        && a.actual_text.as_deref().is_none_or(str::is_empty)
}

/// Whether the break at `pos` falls inside a word: after a hyphen written in it
/// ("жарым-/жартылай"), where no glue separates the two lines' parts.
fn breaks_inside_word(items: &[Item], pos: usize) -> bool {
    matches!(items.get(pos), Some(Item::Penalty { cost, .. }) if *cost > -items::INFINITE_PENALTY)
        && matches!(items.get(pos + 1), Some(Item::Box { .. }))
}

/// Gives the line's last fragment the rest of its word as /ActualText, so text extraction
/// reads the word whole where it was split, whatever order a reader takes the lines in:
/// an added hyphen stands for the rest ("дары-" reads "дарыгерлик"), a written one's
/// part for itself and the rest ("жарым-" reads "жарым-жартылай", found by the random-
/// layout property, where pdftotext put another column's line between the two). Returns
/// how many fragments of the next line carry that rest.
fn carry_word(line: &mut SetLine, next: &[Item], added: bool) -> usize {
    let rest: Vec<&Fragment> = next
        .iter()
        .take_while(|i| !matches!(i, Item::Glue { .. }))
        .filter_map(|i| match i {
            Item::Box { content, .. } if !content.glyphs.is_empty() => Some(&**content),
            _ => None,
        })
        .collect();
    if let Some((_, end)) = line.fragments.last_mut() {
        let own = if added { "" } else { end.text.as_str() };
        let whole = std::iter::once(own).chain(rest.iter().map(|f| f.text.as_str()));
        end.actual_text = Some(whole.collect());
    }
    rest.len()
}

/// Positions items `start..end` with glue set at `ratio`, adding the hyphen if broken at
/// one; with `fit`, word spaces take up whatever keeps the last glyph flush with the measure.
fn position(
    par: &mut Paragraph,
    start: usize,
    end: usize,
    ratio: f64,
    fit: Option<f64>,
    hyphen: bool,
) -> SetLine {
    let adjust = Adjust::of(par, &par.items[start..end], ratio, fit, hyphen);
    let mut x = 0.0;
    let mut fragments = Vec::new();
    let mut text = String::new();
    for item in &mut par.items[start..end] {
        match item {
            Item::Box { width, content, .. } => {
                text.push_str(&content.text);
                if content.glyphs.is_empty() {
                    x += *width;
                    continue;
                }
                let fragment = adjust.apply(content.take());
                let width = fragment.width();
                fragments.push((x, fragment));
                x += width;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                x += *width
                    + adjust.glue_ratio
                        * if adjust.glue_ratio >= 0.0 {
                            *stretch
                        } else {
                            *shrink
                        };
                if !text.is_empty() {
                    text.push(' ');
                }
            }
            Item::Penalty { .. } => {}
        }
    }
    if hyphen {
        fragments.push((x, adjust.apply(par.hyphen.clone())));
        text.push('-');
    }
    SetLine {
        fragments,
        ratio,
        hyphen,
        text: text.trim_end().to_string(),
    }
}

/// How a line spends its adjustment, in the order InDesign's composer does: word spaces
/// first (seen least, as long as they stay within their limits), letter spacing next, glyph
/// scaling last, each only up to its ratio-1 limit (spaced-out or distorted letters read
/// badly). What is still missing after all three goes into the word spaces, beyond their
/// limit; and word spaces always take the exact remainder, so the ink ends on the measure.
struct Adjust {
    /// Letter spacing per glyph, in points.
    spacing: f64,
    /// Horizontal glyph scale.
    scale: f64,
    /// Ratio the glue is set at.
    glue_ratio: f64,
}

/// What a line is made of, as far as spending its adjustment goes.
#[derive(Default)]
struct LineStuff {
    /// Width of the glyphs at natural scale (what glyph scaling acts on).
    ink: f64,
    /// Width nothing can change (an indent).
    fixed: f64,
    /// Glyphs on the line; all but the last get letter spacing that shows.
    glyphs: usize,
    /// Natural width of the word spaces.
    glue: f64,
    /// Their stretch and shrink at ratio 1.
    stretch: f64,
    shrink: f64,
}

impl LineStuff {
    fn of(par: &Paragraph, items: &[Item], hyphen: bool) -> LineStuff {
        let mut s = LineStuff::default();
        for item in items {
            match item {
                Item::Box { width, content, .. } if content.glyphs.is_empty() => s.fixed += width,
                Item::Box { width, content, .. } => {
                    s.ink += width;
                    s.glyphs += content.glyphs.len();
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    s.glue += width;
                    s.stretch += stretch;
                    s.shrink += shrink;
                }
                Item::Penalty { .. } => {}
            }
        }
        if hyphen {
            s.ink += par.hyphen.width();
            s.glyphs += par.hyphen.glyphs.len();
        }
        s
    }

    /// Letter-spacing ratio and glyph-scale ratio (each within ±1) for a line that must
    /// change its natural width by `delta` points, after the word spaces took their share.
    fn letter_and_glyph_ratios(&self, style: &items::ParStyle, delta: f64) -> (f64, f64) {
        let shown = self.glyphs.saturating_sub(1) as f64;
        let (words, letters, glyphs) = if delta >= 0.0 {
            let letters = shown * style.letter_spacing(1.0);
            (self.stretch, letters, style.glyph_scale(1.0) - 1.0)
        } else {
            let letters = -shown * style.letter_spacing(-1.0);
            (self.shrink, letters, 1.0 - style.glyph_scale(-1.0))
        };
        let glyphs = glyphs * self.ink;
        let mut left = delta.abs() - words;
        let mut share = |capacity: f64| {
            if left <= 0.0 || capacity <= 0.0 {
                return 0.0;
            }
            let used = left.min(capacity);
            left -= used;
            used / capacity * delta.signum()
        };
        let letter = share(letters);
        (letter, share(glyphs))
    }
}

impl Adjust {
    fn of(par: &Paragraph, items: &[Item], ratio: f64, fit: Option<f64>, hyphen: bool) -> Adjust {
        let Some(measure) = fit.filter(|_| par.style.justify) else {
            return Adjust {
                spacing: 0.0,
                scale: 1.0,
                glue_ratio: ratio,
            };
        };
        let s = LineStuff::of(par, items, hyphen);
        let delta = measure - (s.fixed + s.ink + s.glue);
        let (letters, glyphs) = s.letter_and_glyph_ratios(&par.style, delta);
        let spacing = par.style.letter_spacing(letters);
        let scale = par.style.glyph_scale(glyphs);
        // The spacing after the line's last glyph is not seen: the ink ends at the measure.
        let set = s.fixed + s.ink * scale + spacing * s.glyphs.saturating_sub(1) as f64;
        let flex = if delta >= 0.0 { s.stretch } else { s.shrink };
        let glue_ratio = if flex > 0.0 {
            (measure - set - s.glue) / flex
        } else {
            ratio
        };
        Adjust {
            spacing,
            scale,
            glue_ratio,
        }
    }

    fn apply(&self, fragment: Fragment) -> Fragment {
        Fragment {
            spacing: self.spacing,
            scale: self.scale,
            ..fragment
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
