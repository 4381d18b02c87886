//! Copyfit: the story's size, leading and paragraph space chosen from the layout's
//! ranges, the largest at which it fits the sides allowed, so a short interview grows to
//! fill the paper and a long one shrinks before it overflows; what even the largest
//! setting leaves goes to the layout's fillers.
//!
//! Between the text and flow stages, and cheap: a setting's lines are only estimated
//! (first-fit line counts over prefix sums, [`LineCounter`]), each estimate is tried by
//! flow's greedy fill without a glyph, and only the chosen setting is set for real. A
//! bisection over at most [`MAX_STEPS`] settings takes six or seven trials, whatever the
//! range; the fillers' growth is a bisection to a point on the lines as set.

use crate::export::report::{CopyfitReport, FillerReport, StoryReport};
use crate::flow::{self, FlowInput, SetBlock, SetPar, Setting};
use crate::layout::Layout;
use crate::style::Block;
use crate::text::SetLine;
use crate::text::items::Paragraph;
use crate::text::linebreak::LineCounter;

/// The finest step between two settings: a tenth of a point of size, leading or space.
const STEP: f64 = 0.1;

/// Settings stepped down when the story as set does not fit where its estimate did.
pub const RETRIES: usize = 3;

/// A story paragraph made into items at the base setting and measured for estimates.
pub struct Measured {
    /// Its items (scaled to the setting chosen, then set).
    pub par: Paragraph,
    /// Its break candidates.
    pub counter: LineCounter,
    /// Its size at the base setting.
    pub size: f64,
    /// Its leading at the base setting.
    pub leading: f64,
}

/// The story's paragraphs measured, block by block, with each block's kind.
pub type Counted = Vec<(crate::style::Kind, Vec<Measured>)>;

/// Most settings weighed between the smallest and the largest.
pub const MAX_STEPS: usize = 64;

/// The settings the layout's `[story]` ranges allow, smallest first; one when it gives
/// no range.
pub fn settings(layout: &Layout) -> Vec<Setting> {
    let base = Setting::of(layout);
    let st = &layout.story;
    let span = |s: Option<crate::layout::Span>| s.map(|s| (s.0.pt(), s.1.pt()));
    let (size, leading, space) = (span(st.size), span(st.leading), span(st.paragraph_space));
    let at = |(lo, hi): (f64, f64), t: f64| lo + (hi - lo) * t;
    let setting = |t: f64| {
        let size = size.map_or(base.size, |s| at(s, t));
        let leading = leading.map_or(size * base.leading / base.size, |l| at(l, t));
        // Spaces given in whole lines stay whole lines as the leading grows.
        let lines = leading / base.leading;
        Setting {
            size,
            leading,
            question_space_above: space.map_or(base.question_space_above * lines, |p| at(p, t)),
            question_space_below: base.question_space_below * lines,
            lead_space_below: base.lead_space_below * lines,
        }
    };
    if !st.copyfits() {
        return vec![setting(0.0)];
    }
    let widest = [size, leading, space]
        .iter()
        .flatten()
        .map(|(lo, hi)| hi - lo)
        .fold(0.0, f64::max);
    let steps = ((widest / STEP).ceil() as usize).clamp(1, MAX_STEPS);
    (0..=steps)
        .map(|k| setting(k as f64 / steps as f64))
        .collect()
}

/// The body's blocks at `setting`: each paragraph's size and leading scaled as the
/// answers' are (lead and questions keep their relation to the answers).
pub fn restyle(body: &[Block], base: &Setting, setting: &Setting) -> Vec<Block> {
    let (size, leading) = (setting.size / base.size, setting.leading / base.leading);
    body.iter()
        .map(|b| {
            let mut b = b.clone();
            for p in &mut b.paragraphs {
                p.style.size *= size;
                p.leading *= leading;
            }
            b
        })
        .collect()
}

/// What the copyfit chose.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// Index into [`settings`].
    pub step: usize,
    /// The setting there.
    pub setting: Setting,
    /// Sides the story takes at it.
    pub sides: usize,
}

/// The story's paragraphs, measured once, to estimate their lines at any setting.
pub struct Estimate<'a> {
    /// The story's paragraphs, measured at the base setting.
    pub blocks: Counted,
    /// The story's measure.
    pub measure: f64,
    /// The setting the counters were measured at.
    pub base: Setting,
    /// Every setting the layout allows, smallest first.
    pub settings: &'a [Setting],
}

impl Estimate<'_> {
    /// Glyph-less blocks with the lines each paragraph would take at setting `k`.
    fn shadows(&self, k: usize) -> Vec<SetBlock> {
        let s = &self.settings[k];
        let (size, leading) = (s.size / self.base.size, s.leading / self.base.leading);
        // A paragraph `size` times larger breaks as the same one in a measure that much narrower.
        let measure = self.measure / size;
        self.blocks
            .iter()
            .map(|(kind, pars)| SetBlock {
                kind: *kind,
                paragraphs: pars
                    .iter()
                    .map(|m| SetPar {
                        lines: vec![SetLine::default(); m.counter.lines(measure)],
                        size: m.size * size,
                        leading: m.leading * leading,
                    })
                    .collect(),
            })
            .collect()
    }

    /// How setting `k` fits on `sides` sides, by estimate.
    fn fits(&self, input: &mut FlowInput, k: usize, sides: usize) -> bool {
        input.setting = self.settings[k];
        flow::trial(input, self.shadows(k), sides).is_some_and(|f| f.fits())
    }

    /// The fewest sides the smallest setting fits on, and the largest setting that
    /// fits there (by bisection over the settings). When nothing fits, the smallest
    /// setting on the most sides: flow then reports the overflow.
    pub fn choose(&self, input: &mut FlowInput) -> Choice {
        let tries = input.layout.sheet.sides.tries();
        let most = *tries.end();
        let sides = tries
            .into_iter()
            .find(|&n| self.fits(input, 0, n))
            .unwrap_or(most);
        let (mut lo, mut hi) = (0, self.settings.len() - 1);
        if self.fits(input, hi, sides) {
            lo = hi;
        }
        // lo fits (or nothing does), hi + 1 does not.
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.fits(input, mid, sides) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Choice {
            step: lo,
            setting: self.settings[lo],
            sides,
        }
    }
}

/// What the report says of the story as set in `flowed`.
pub fn report(layout: &Layout, flowed: &flow::Flowed) -> StoryReport {
    let s = &flowed.setting;
    let settings = settings(layout);
    let (first, last) = (settings[0], settings[settings.len() - 1]);
    let r = |x: f64| (x * 100.0).round() / 100.0;
    let copyfit = (settings.len() > 1).then(|| CopyfitReport {
        size_range_pt: [r(first.size), r(last.size)],
        leading_range_pt: [r(first.leading), r(last.leading)],
        paragraph_space_range_pt: [r(first.question_space_above), r(last.question_space_above)],
        settings: settings.len(),
        limited_by: if *s == last {
            "largest"
        } else if *s == first {
            "smallest"
        } else {
            "fits"
        },
        fillers: layout
            .story
            .filler
            .0
            .iter()
            .zip(&flowed.grow)
            .filter(|(_, g)| **g > 0.0)
            .map(|(name, g)| FillerReport {
                frame: name.clone(),
                grown_mm: r(crate::units::to_mm(*g)),
            })
            .collect(),
    });
    StoryReport {
        size_pt: r(s.size),
        leading_pt: r(s.leading),
        paragraph_space_pt: r(s.question_space_above),
        fill: (flowed.fill * 1000.0).round() / 1000.0,
        copyfit,
    }
}

/// Glyph-less copies of set blocks, for trials.
pub fn shadows(blocks: &[SetBlock]) -> Vec<SetBlock> {
    blocks
        .iter()
        .map(|b| SetBlock {
            kind: b.kind,
            paragraphs: b
                .paragraphs
                .iter()
                .map(|p| SetPar {
                    lines: p.lines.iter().map(SetLine::shadow).collect(),
                    ..*p
                })
                .collect(),
        })
        .collect()
}

/// Whether `body` (set for real) fits on `sides` sides as `input` places the frames.
pub fn fits(input: &FlowInput, body: &[SetBlock], sides: usize) -> bool {
    flow::trial(input, shadows(body), sides).is_some_and(|f| f.fits())
}

/// Gives the room the story leaves at its largest setting to the layout's fillers: each
/// drawn on these sides in turn grows until one more point would push a line off the
/// sides or run it into another frame, or it reaches the layout's `filler_max` (a
/// filled box has no limit: it is ink however tall). Bisection to a point, bounded by the
/// room the columns leave: about ten trials a filler.
pub fn grow_fillers(input: &mut FlowInput, body: &[SetBlock], sides: usize) {
    let names = &input.layout.story.filler.0;
    input.grow = vec![0.0; names.len()];
    for (i, name) in names.iter().enumerate() {
        if !flow::shows(input, name, sides) {
            continue;
        }
        let Some(fit) = flow::trial(input, shadows(body), sides).filter(|f| f.fits()) else {
            return;
        };
        // A colour box is ink however tall; anything else grown far leaves blank bands.
        let filled = input
            .layout
            .frames
            .get(name)
            .is_some_and(|f| f.fill.is_some());
        let most = match filled {
            true => f64::INFINITY,
            false => input.layout.story.filler_max(),
        };
        let (mut lo, mut hi) = (0.0, fit.room.min(most));
        if hi < 1.0 {
            return;
        }
        while hi - lo > 1.0 {
            let mid = (lo + hi) / 2.0;
            input.grow[i] = mid;
            if fits(input, body, sides) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // The top of the range is tried last: a filler at its most is the usual case.
        input.grow[i] = hi;
        if !fits(input, body, sides) {
            input.grow[i] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(story: &str) -> Layout {
        let text = format!("extends = \"a4-two-sided\"\n[story]\n{story}\n");
        let src = crate::source::Source::new("test.toml", &text);
        Layout::parse(src).unwrap_or_else(|e| panic!("{e}"))
    }

    const CHAIN: &str = "chain = [\"story-column-1\", \"story-columns-2-3\", \"story-side-2\"]";

    #[test]
    fn a_story_without_ranges_has_one_setting() {
        let l = layout(&format!("{CHAIN}\nsize = \"9.5pt\"\nleading = \"12pt\""));
        let s = settings(&l);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].size, s[0].leading), (9.5, 12.0));
        // A question's space of one line stays one line.
        assert_eq!(s[0].question_space_above, 12.0);
    }

    #[test]
    fn settings_step_a_tenth_of_a_point_smallest_first() {
        let l = layout(&format!(
            "{CHAIN}\nsize = [\"9pt\", \"11pt\"]\nleading = [\"11pt\", \"13pt\"]"
        ));
        let s = settings(&l);
        assert_eq!(s.len(), 21);
        assert_eq!((s[0].size, s[0].leading), (9.0, 11.0));
        assert_eq!((s[20].size, s[20].leading), (11.0, 13.0));
        // Size and leading move together; the space above a question stays a line.
        for x in &s {
            assert!((x.leading - x.size - 2.0).abs() < 1e-9);
            assert!((x.question_space_above - x.leading).abs() < 1e-9);
        }
        assert!(s.windows(2).all(|w| w[1].size > w[0].size));
    }

    #[test]
    fn given_leading_and_space_ranges_are_followed() {
        let l = layout(&format!(
            "{CHAIN}\nsize = [\"9pt\", \"10pt\"]\nleading = [\"11pt\", \"13pt\"]\nparagraph_space = [\"6pt\", \"14pt\"]"
        ));
        let s = settings(&l);
        assert_eq!(
            s.len(),
            MAX_STEPS + 1,
            "8 pt of space in steps of 0.125 pt, the most"
        );
        let last = s.last().unwrap();
        assert_eq!(
            (last.size, last.leading, last.question_space_above),
            (10.0, 13.0, 14.0)
        );
    }
}
