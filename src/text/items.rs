//! Text as TeX's boxes, glue and penalties: the only thing the line breaker sees.
//! Words are shaped whole (so kerning inside them is kept) and cut at permitted
//! break points into boxes joined by discretionary penalties.

use super::cache::WordCache;
use super::font::{FontBook, FontId, ShapedGlyph};
use super::hyphenate::Hyphenator;
use crate::lang::Lang;
use crate::units::Cmyk;
use std::sync::Arc;

/// A penalty that forbids a break.
pub const INFINITE_PENALTY: f64 = 10_000.0;
/// Cost of breaking at a discretionary hyphen (TeX's \hyphenpenalty). 100, not TeX's 50:
/// the demerits for unlike adjacent lines make a hyphen the cheap way to even them out,
/// and at 50 the example took 71 hyphens where it had 64 (and its page 1 columns ended
/// two lines apart, the column ends the hyphens forbid); at 100 it takes 64 again.
pub const HYPHEN_PENALTY: f64 = 100.0;
/// Cost of breaking after a hyphen written in the text ("жарым-/жартылай"): TeX's
/// \exhyphenpenalty, 50, below an added hyphen's, since the word is already divided.
pub const EXPLICIT_HYPHEN_PENALTY: f64 = 50.0;
/// Cost of a hyphenation point inside a part of a compound written with a hyphen
/// ("инженер-градостроитель", "бири-бирибизди"): the compound breaks at its own hyphen,
/// and inside a part only in the breaker's emergency pass, when a part is too long for
/// the measure; there 9 000 000 demerits still come before an overfull line.
pub const COMPOUND_PART_PENALTY: f64 = 3_000.0;
/// Cost of breaking a number from its suffix at the hyphen ("6-/классымда"): Russian
/// and Kyrgyz setting keep them together, but a narrow column sometimes has no other
/// way to stay within the spacing limits (1 000 000 demerits, about 80 lines at ratio 1).
pub const NUMBER_SUFFIX_PENALTY: f64 = 1_000.0;
/// Stretch of the glue that ends a paragraph, so its last line is set ragged.
/// Finite (TeX's is infinite) so totals stay plain sums; 10 000 pt dwarfs any line.
pub const PARFILL_STRETCH: f64 = 10_000.0;

pub use crate::frame::{Fragment, Glyph};

/// One element of a paragraph for the line breaker.
#[derive(Clone, Debug)]
pub enum Item {
    /// Unbreakable material (a word or a piece of one); an empty fragment for an indent.
    /// It may stretch or shrink a little by letter spacing, as glue does by word spacing.
    Box {
        /// Natural width in points.
        width: f64,
        /// Letter-spacing stretch at ratio 1.
        stretch: f64,
        /// Letter-spacing shrink at ratio −1.
        shrink: f64,
        /// What to draw (boxed: items are copied and kept by the thousand, and a fragment
        /// inline made each four times the size).
        content: Box<Fragment>,
    },
    /// A space that may stretch or shrink, and where a line may break.
    Glue {
        /// Natural width.
        width: f64,
        /// How far it may grow at ratio 1.
        stretch: f64,
        /// How far it may shrink at ratio −1.
        shrink: f64,
    },
    /// A possible break with a cost; `width` is drawn only if the line breaks here.
    Penalty {
        /// Width added at a break (the hyphen's).
        width: f64,
        /// Cost; ≥ 10 000 forbids, ≤ −10 000 forces.
        cost: f64,
        /// A hyphen break (for consecutive-hyphen demerits).
        flagged: bool,
    },
}

/// How one paragraph is to be set.
#[derive(Clone, Debug)]
pub struct ParStyle {
    /// Font.
    pub font: FontId,
    /// Size in points.
    pub size: f64,
    /// Colour.
    pub color: Cmyk,
    /// Justify (true) or set ragged right.
    pub justify: bool,
    /// Offer hyphenation points to the breaker.
    pub hyphenate: bool,
    /// First-line indent in points.
    pub indent: f64,
    /// Ragged lines balanced to share the words evenly (display lines: headings,
    /// questions, captions); false fills each ragged line as far as it goes.
    pub balance: bool,
}

/// Letter spacing a justified line may add per glyph at ratio 1, in ems: a narrow
/// column of long Kyrgyz words has too few spaces to justify by word spacing alone.
/// More than this shows as spaced-out letters between neighbouring lines.
pub const LETTER_STRETCH_EM: f64 = 0.04;
/// Letter spacing a justified line may remove per glyph at ratio −1, in ems.
pub const LETTER_SHRINK_EM: f64 = 0.015;
/// How much a justified line may widen or narrow its glyphs at ratio ±1: 3 %, inside
/// the 97–103 % glyph scaling print designers use for narrow columns. Spread over every
/// letter it is not seen, and it takes its share of each line's adjustment from the
/// word and letter spacing, which are seen (measured: 18 of 222 lines beyond ratio 1
/// without it, none with it).
pub const GLYPH_EXPANSION: f64 = 0.03;

impl ParStyle {
    /// A box for a fragment, with letter-spacing and glyph-scaling flexibility when justified.
    fn boxed(&self, content: Fragment) -> Item {
        let n = content.glyphs.len() as f64;
        let width = content.width();
        let (stretch, shrink) = if self.justify {
            (
                n * LETTER_STRETCH_EM * self.size + GLYPH_EXPANSION * width,
                n * LETTER_SHRINK_EM * self.size + GLYPH_EXPANSION * width,
            )
        } else {
            (0.0, 0.0)
        };
        Item::Box {
            width,
            stretch,
            shrink,
            content: Box::new(content),
        }
    }

    /// Glyph scale at adjustment ratio `ratio` (within ±1).
    pub fn glyph_scale(&self, ratio: f64) -> f64 {
        if self.justify {
            1.0 + ratio * GLYPH_EXPANSION
        } else {
            1.0
        }
    }

    /// Letter spacing per glyph at adjustment ratio `ratio`.
    pub fn letter_spacing(&self, ratio: f64) -> f64 {
        if !self.justify {
            0.0
        } else if ratio >= 0.0 {
            ratio * LETTER_STRETCH_EM * self.size
        } else {
            ratio * LETTER_SHRINK_EM * self.size
        }
    }
}

impl Item {
    /// The item with its box's glyphs left out (see [`Fragment::outline`]).
    pub fn outline(&self) -> Item {
        match self {
            Item::Box {
                width,
                stretch,
                shrink,
                content,
            } => Item::Box {
                width: *width,
                stretch: *stretch,
                shrink: *shrink,
                content: Box::new(content.outline()),
            },
            other => other.clone(),
        }
    }
}

/// A paragraph turned into items, with the hyphen to draw at discretionary breaks.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// Boxes, glue and penalties.
    pub items: Vec<Item>,
    /// The hyphen fragment in this paragraph's font.
    pub hyphen: Fragment,
    /// How it is set.
    pub style: ParStyle,
}

impl Paragraph {
    /// The paragraph at `k` times its size: every width, glyph and flexibility scales
    /// with the size except the indent, a length of its own. What the copyfit does
    /// instead of making the story's items again at the size it chose.
    pub fn scale(&mut self, k: f64) {
        for item in &mut self.items {
            match item {
                Item::Box {
                    width,
                    stretch,
                    shrink,
                    content,
                } => {
                    if content.glyphs.is_empty() && content.text.is_empty() {
                        continue; // the indent
                    }
                    (*width, *stretch, *shrink) = (*width * k, *stretch * k, *shrink * k);
                    content.scale_size(k);
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } if *stretch < PARFILL_STRETCH => {
                    (*width, *stretch, *shrink) = (*width * k, *stretch * k, *shrink * k);
                }
                Item::Penalty { width, .. } => *width *= k,
                Item::Glue { .. } => {}
            }
        }
        self.hyphen.scale_size(k);
        self.style.size *= k;
    }
}

/// Shapes text into items, through the engine's word cache (a word is shaped and
/// hyphenated once per font and language, whatever the number of leaflets).
pub struct ItemBuilder<'a> {
    fonts: &'a FontBook,
    hyphenator: &'a Hyphenator,
    words: &'a WordCache,
    lang: Lang,
}

impl<'a> ItemBuilder<'a> {
    /// A builder for text in `lang`.
    pub fn new(
        fonts: &'a FontBook,
        hyphenator: &'a Hyphenator,
        words: &'a WordCache,
        lang: Lang,
    ) -> Self {
        ItemBuilder {
            fonts,
            hyphenator,
            words,
            lang,
        }
    }

    fn shaped(&self, font: FontId, text: &str) -> Arc<[ShapedGlyph]> {
        self.words.shaped(self.fonts, font, self.lang, text)
    }

    /// A fragment for `text` shaped whole.
    pub fn fragment(&mut self, text: &str, style: &ParStyle) -> Fragment {
        let shaped = self.shaped(style.font, text);
        self.cut(&shaped, text, 0..text.len(), style)
    }

    /// The glyphs of `shaped` whose clusters fall in `range`, as a fragment.
    fn cut(
        &self,
        shaped: &[ShapedGlyph],
        text: &str,
        range: std::ops::Range<usize>,
        style: &ParStyle,
    ) -> Fragment {
        let scale = style.size / self.fonts.get(style.font).units_per_em as f64;
        let glyphs = shaped
            .iter()
            .filter(|g| range.contains(&(g.cluster as usize)))
            .map(|g| Glyph {
                id: g.id,
                advance: g.advance as f64 * scale,
                x_offset: g.x_offset as f64 * scale,
                y_offset: g.y_offset as f64 * scale,
                cluster: g.cluster - range.start as u32,
            })
            .collect();
        Fragment {
            font: style.font,
            size: style.size,
            color: style.color,
            glyphs,
            text: text[range].to_string(),
            actual_text: None,
            spacing: 0.0,
            scale: 1.0,
        }
    }

    /// Turns one paragraph of already typographed text into items.
    pub fn paragraph(&mut self, text: &str, style: &ParStyle) -> Paragraph {
        // About two items (a box and its glue or penalty) per syllable of three Cyrillic
        // letters, six bytes: growing the vector from empty copied each item several times.
        let mut items = Vec::with_capacity(text.len() / 3 + 4);
        if style.indent > 0.0 {
            let content = Fragment {
                font: style.font,
                size: style.size,
                color: style.color,
                glyphs: vec![],
                text: String::new(),
                actual_text: None,
                spacing: 0.0,
                scale: 1.0,
            };
            items.push(Item::Box {
                width: style.indent,
                stretch: 0.0,
                shrink: 0.0,
                content: Box::new(content),
            });
        }
        let space = self.fragment(" ", style).width();
        for (i, word) in text.split(' ').filter(|w| !w.is_empty()).enumerate() {
            if i > 0 {
                items.push(space_glue(space));
            }
            for (j, part) in word.split('\u{a0}').filter(|w| !w.is_empty()).enumerate() {
                if j > 0 {
                    // A no-break space: glue that stretches like any other but never breaks.
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: INFINITE_PENALTY,
                        flagged: false,
                    });
                    items.push(space_glue(space));
                }
                self.word(part, style, &mut items);
            }
        }
        items.extend(paragraph_end());
        let hyphen = self.fragment("-", style);
        Paragraph {
            items,
            hyphen,
            style: style.clone(),
        }
    }

    /// One space-free word: boxes between its permitted break points.
    fn word(&mut self, word: &str, style: &ParStyle, items: &mut Vec<Item>) {
        let shaped = self.shaped(style.font, word);
        let starts: Vec<usize> = shaped.iter().map(|g| g.cluster as usize).collect();
        let mut breaks: Vec<(usize, bool)> = explicit_hyphens(word)
            .into_iter()
            .map(|b| (b, false))
            .collect();
        let part_cost = if breaks.is_empty() {
            HYPHEN_PENALTY
        } else {
            COMPOUND_PART_PENALTY
        };
        // A word held by thin no-break spaces ("М. З. Омуралиева", "1 000 000") is a unit:
        // its parts are not hyphenated either.
        if style.hyphenate && !word.contains('\u{202f}') {
            breaks.extend(
                self.words
                    .breaks(self.hyphenator, self.lang, word)
                    .iter()
                    .map(|&b| (b, true)),
            );
        }
        breaks.sort_unstable();
        breaks.dedup_by_key(|b| b.0);
        // A break inside a ligature or mark cluster would cut a glyph in two.
        breaks.retain(|(b, _)| starts.contains(b));
        let hyphen_width = if breaks.iter().any(|b| b.1) {
            self.fragment("-", style).width()
        } else {
            0.0
        };
        let mut from = 0;
        for (at, discretionary) in breaks
            .into_iter()
            .chain(std::iter::once((word.len(), false)))
        {
            items.push(style.boxed(self.cut(&shaped, word, from..at, style)));
            if at < word.len() {
                // Display lines (never hyphenated) break a compound at its hyphen only
                // as a last resort too: "иш-" ending a heading's line reads as a hyphenation.
                // A number keeps its suffix ("6-классымда", "11-апрелдеги") the same way.
                let number = word[..at]
                    .strip_suffix('-')
                    .is_some_and(|w| w.ends_with(|c: char| c.is_ascii_digit()));
                let (width, cost) = match (discretionary, style.hyphenate, number) {
                    (true, ..) => (hyphen_width, part_cost),
                    (false, true, false) => (0.0, EXPLICIT_HYPHEN_PENALTY),
                    (false, true, true) => (0.0, NUMBER_SUFFIX_PENALTY),
                    (false, false, _) => (0.0, COMPOUND_PART_PENALTY),
                };
                items.push(Item::Penalty {
                    width,
                    cost,
                    flagged: true,
                });
            }
            from = at;
        }
    }
}

/// What ends every paragraph: no break before the fill glue, which sets the last
/// line ragged, then the forced break (TeX's \parfillskip and \penalty-10000).
pub fn paragraph_end() -> [Item; 3] {
    [
        Item::Penalty {
            width: 0.0,
            cost: INFINITE_PENALTY,
            flagged: false,
        },
        Item::Glue {
            width: 0.0,
            stretch: PARFILL_STRETCH,
            shrink: 0.0,
        },
        Item::Penalty {
            width: 0.0,
            cost: -INFINITE_PENALTY,
            flagged: false,
        },
    ]
}

/// Inter-word glue after TeX's proportions: stretch 1/2, shrink 1/3 of the space.
fn space_glue(space: f64) -> Item {
    Item::Glue {
        width: space,
        stretch: space * 0.7,
        shrink: space / 3.0,
    }
}

/// Byte offsets just after a hyphen that joins two letters or digits ("жарым-жартылай",
/// "11-апрелдеги"): the only break a compound allows besides hyphenation. A suffix of
/// one letter ("2021-ж.") is never carried alone.
pub fn explicit_hyphens(word: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    (1..chars.len().saturating_sub(2))
        .filter(|&i| chars[i].1 == '-' && chars[i - 1].1.is_alphanumeric())
        .filter(|&i| {
            chars[i + 1..]
                .iter()
                .take_while(|c| c.1.is_alphabetic())
                .count()
                >= 2
        })
        .map(|i| chars[i + 1].0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_hyphens_break_after_the_hyphen_only_before_letters() {
        assert_eq!(explicit_hyphens("жарым-жартылай"), vec!["жарым-".len()]);
        assert_eq!(explicit_hyphens("11-апрелдеги"), vec![3]);
        assert!(explicit_hyphens("28.06.2021-ж.").is_empty());
        assert!(explicit_hyphens("-сөз").is_empty());
        assert!(explicit_hyphens("1-2").is_empty());
    }
}
