//! The text stage: typographed paragraphs → shaped items → Knuth–Plass breaks → set lines.

pub mod cache;
pub mod font;
pub mod hyphenate;
pub mod items;
pub mod linebreak;
pub mod typography;

use items::{Fragment, Item, Paragraph};
use linebreak::{Params, break_lines};

/// One line of a paragraph, set to its measure: fragments at x offsets from the line start.
#[derive(Clone, Debug)]
pub struct SetLine {
    /// Fragments with their x offset from the line's left edge, in points.
    pub fragments: Vec<(f64, Fragment)>,
    /// Adjustment ratio the breaker chose (0 for ragged or last lines set at natural width).
    pub ratio: f64,
    /// The line ends with a discretionary hyphen.
    pub hyphen: bool,
    /// The text of the line as printed (hyphen included), for the report and dumps.
    pub text: String,
}

/// Breaks a paragraph into lines of `measure` points and positions its fragments
/// (moved out of the paragraph's boxes, which it consumes).
pub fn set_paragraph(mut par: Paragraph, measure: f64) -> Vec<SetLine> {
    // Ragged lines get generous extra stretch so that only very short lines cost much.
    let ragged_stretch = if par.style.justify {
        0.0
    } else {
        measure / 3.0
    };
    let params = Params {
        ragged_stretch,
        ..Params::default()
    };
    let breaks = break_lines(&par.items, &|_| measure, &params);
    let mut start = 0;
    let mut carried = 0;
    let mut lines = Vec::with_capacity(breaks.len());
    for (n, b) in breaks.iter().enumerate() {
        let last = n + 1 == breaks.len();
        let ratio = if par.style.justify && !(last && b.ratio > 0.0) {
            b.ratio
        } else {
            0.0
        };
        let mut line = position(&mut par, start, b.pos, ratio, b.hyphen);
        // The continuation of a hyphenated word was already read at the hyphen: it extracts as nothing.
        for (_, f) in line.fragments.iter_mut().take(carried) {
            f.actual_text = Some(String::new());
        }
        start = linebreak::next_start(&par.items, b.pos);
        carried = if b.hyphen {
            carry_word(&mut line, &par.items[start..])
        } else {
            0
        };
        lines.push(line);
    }
    lines
}

/// Gives the line-end hyphen the rest of its word as /ActualText, so text extraction
/// reads the word whole where it was split ("дары-" reads "дарыгерлик"); returns how
/// many fragments of the next line carry that rest.
fn carry_word(line: &mut SetLine, next: &[Item]) -> usize {
    let rest: Vec<&Fragment> = next
        .iter()
        .take_while(|i| !matches!(i, Item::Glue { .. }))
        .filter_map(|i| match i {
            Item::Box { content, .. } if !content.glyphs.is_empty() => Some(content),
            _ => None,
        })
        .collect();
    if let Some((_, hyphen)) = line.fragments.last_mut() {
        hyphen.actual_text = Some(rest.iter().map(|f| f.text.as_str()).collect());
    }
    rest.len()
}

/// Positions items `start..end` with glue set at `ratio`, adding the hyphen if broken at one.
fn position(par: &mut Paragraph, start: usize, end: usize, ratio: f64, hyphen: bool) -> SetLine {
    let mut x = 0.0;
    let mut fragments = Vec::new();
    let mut text = String::new();
    let (spacing, glue_ratio) = split_ratio(par, &par.items[start..end], ratio);
    for item in &mut par.items[start..end] {
        match item {
            Item::Box { width, content, .. } => {
                text.push_str(&content.text);
                let glyphs = content.glyphs.len() as f64;
                if glyphs > 0.0 {
                    fragments.push((
                        x,
                        Fragment {
                            spacing,
                            ..content.take()
                        },
                    ));
                }
                x += *width + spacing * glyphs;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                x += *width + glue_ratio * if glue_ratio >= 0.0 { *stretch } else { *shrink };
                if !text.is_empty() {
                    text.push(' ');
                }
            }
            Item::Penalty { .. } => {}
        }
    }
    if hyphen {
        fragments.push((x, spaced(&par.hyphen, spacing)));
        text.push('-');
    }
    SetLine {
        fragments,
        ratio,
        hyphen,
        text: text.trim_end().to_string(),
    }
}

/// Splits a line's adjustment between letters and word spaces: letter spacing never
/// goes beyond its ratio-1 limit (spaced-out letters read badly), word spaces take the rest.
/// Returns (letter spacing per glyph, ratio for the glue).
fn split_ratio(par: &Paragraph, items: &[Item], ratio: f64) -> (f64, f64) {
    let letters = ratio.clamp(-1.0, 1.0);
    if letters == ratio {
        return (par.style.letter_spacing(ratio), ratio);
    }
    let (mut glue, mut boxes) = (0.0, 0.0);
    for item in items {
        match item {
            Item::Glue {
                stretch, shrink, ..
            } => glue += if ratio > 0.0 { stretch } else { shrink },
            Item::Box {
                stretch, shrink, ..
            } => boxes += if ratio > 0.0 { stretch } else { shrink },
            Item::Penalty { .. } => {}
        }
    }
    if glue <= 0.0 {
        return (par.style.letter_spacing(ratio), ratio);
    }
    let glue_ratio = (ratio * (glue + boxes) - letters * boxes) / glue;
    (par.style.letter_spacing(letters), glue_ratio)
}

/// The fragment with `spacing` points of letter spacing after every glyph.
fn spaced(f: &Fragment, spacing: f64) -> Fragment {
    Fragment {
        spacing,
        ..f.clone()
    }
}
