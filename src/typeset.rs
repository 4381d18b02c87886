//! Typesetting one leaflet: the interview styled, every text set at its frame's measure
//! (in parallel), the story's setting chosen by the copyfit, and the whole flowed into
//! pages. The stages are the modules named below; this is where they meet for a render.

use crate::export::report;
use crate::flow::{self, FlowInput, SetBlock, SetPar};
use crate::interview::Interview;
use crate::text::items::{self, ItemBuilder};
use crate::text::{self, SetLine, font::FontBook};
use crate::{Engine, Failure, Timings, copyfit, explain, export, frames, lang, style};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The story's measured paragraphs scaled to `setting` and set, one after another on
/// this thread: measured and set in parallel, two threads freed each other's items and
/// setting took twice as long (2.3 ms against 1.0 for the example); one after another
/// it takes as long as making the items again in parallel, and no work is done twice.
fn set_measured(
    measured: copyfit::Counted,
    estimate: &copyfit::Estimate,
    setting: &flow::Setting,
) -> Vec<(SetBlock, Outlines)> {
    let size = setting.size / estimate.base.size;
    let leading = setting.leading / estimate.base.leading;
    measured
        .into_iter()
        .map(|(kind, pars)| {
            let (paragraphs, outlines) = pars
                .into_iter()
                .map(|m| {
                    let mut par = m.par;
                    if size != 1.0 {
                        par.scale(size);
                    }
                    let size = par.style.size;
                    let (lines, outline) = text::set_paragraph_keeping(par, estimate.measure);
                    let leading = m.leading * leading;
                    (
                        SetPar {
                            lines,
                            leading,
                            size,
                        },
                        outline.map(Arc::new),
                    )
                })
                .unzip();
            (SetBlock { kind, paragraphs }, outlines)
        })
        .collect()
}

/// A set block's paragraphs' outlines, for those that could take a line more or fewer.
type Outlines = Vec<Option<Arc<items::Paragraph>>>;

/// The story before it is set: the settings the layout allows and its styles at them.
struct Story<'a> {
    /// Every setting, smallest first (one without ranges).
    settings: Vec<flow::Setting>,
    /// The styles' own setting: what the interview was styled at.
    base: flow::Setting,
    /// The width of a story column.
    measure: f64,
    /// The story's blocks at the first setting (restyled only when the `[story]` table
    /// fixes a size or leading other than the styles').
    fixed: std::borrow::Cow<'a, [style::Block]>,
}

impl<'a> Story<'a> {
    fn new(layout: &crate::layout::Layout, body: &'a [style::Block]) -> Story<'a> {
        let settings = copyfit::settings(layout);
        let base = flow::Setting::of(layout);
        let fixed = match settings[0] == base {
            true => std::borrow::Cow::Borrowed(body),
            false => std::borrow::Cow::Owned(copyfit::restyle(body, &base, &settings[0])),
        };
        Story {
            settings,
            base,
            measure: layout.story_measure(),
            fixed,
        }
    }

    /// Whether the copyfit chooses among settings.
    fn copyfits(&self) -> bool {
        self.settings.len() > 1
    }
}

/// The story as the text stage leaves it: set, or measured for the copyfit.
enum StorySet {
    Set(Vec<(SetBlock, Outlines)>),
    Measured(copyfit::Counted),
}

impl Engine {
    /// Styles, sets and flows the interview's text into pages. Overflow is an error,
    /// unless `fit` (a draft) asks for the pages with what fits, and the overflow beside.
    pub(crate) fn typeset(
        &self,
        interview: &Interview,
        pictures: &frames::Pictures,
        timings: &mut Timings,
        fit: bool,
    ) -> std::result::Result<(flow::Flowed, Option<flow::Overflow>), Failure> {
        let blocks = style::style(interview, &self.layout, &self.fonts)?;
        let pictures = frames::pictures(&self.layout, interview, pictures)?;
        frames::check_required(interview, &self.layout, &blocks, &pictures)?;
        timings.mark("style");
        let story = Story::new(&self.layout, &blocks.body);
        let (mut frames, set) = self.set_texts(interview.lang, &blocks, &story);
        timings.mark(if story.copyfits() { "measure" } else { "set" });
        frames.extend(pictures);
        let mut input = self.flow_input(interview, frames, story.settings[0]);
        let (body, outlines, restyled) = match set {
            StorySet::Set(set) => {
                let (body, outlines) = set.into_iter().unzip();
                (body, outlines, story.fixed)
            }
            StorySet::Measured(counted) => {
                let estimate = copyfit::Estimate {
                    blocks: counted,
                    measure: story.measure,
                    base: story.base,
                    settings: &story.settings,
                };
                let lang = interview.lang;
                let (body, outlines, chosen) =
                    self.copyfit(lang, estimate, &blocks.body, &mut input, timings);
                timings.mark("set");
                (
                    body,
                    outlines,
                    std::borrow::Cow::<[style::Block]>::Owned(chosen),
                )
            }
        };
        // Body paragraphs that could take a line more or fewer keep their outlines:
        // flow may try them so to balance the columns.
        let rebreak = Rebreaks {
            engine: self,
            lang: interview.lang,
            measure: story.measure,
            paragraphs: restyled.iter().flat_map(|b| &b.paragraphs).collect(),
            outlines: outlines.into_iter().flatten().collect(),
            shapes: Mutex::default(),
        };
        input.rebreak = &rebreak;
        input.body = body;
        self.flow(interview, input, fit, timings)
    }

    /// Every display text set at its frame's width, in parallel with the story: set with
    /// them when it has one setting, only made into items and measured when the copyfit
    /// will choose one.
    fn set_texts(
        &self,
        lang: lang::Lang,
        blocks: &style::Blocks,
        story: &Story,
    ) -> (Vec<(String, flow::Drawn)>, StorySet) {
        let shown = frames::display_jobs(&self.layout, blocks);
        let mut all: Vec<(&style::Block, f64, bool)> = shown
            .iter()
            .flat_map(|(_, width, bs)| bs.iter().map(|b| (*b, *width, false)))
            .collect();
        if !story.copyfits() {
            all.extend(story.fixed.iter().map(|b| (b, story.measure, true)));
        }
        let (set, counted) = rayon::join(
            || self.set_blocks(lang, &all),
            || story.copyfits().then(|| self.counters(lang, &blocks.body)),
        );
        let mut set = set.into_iter();
        let frames = shown
            .iter()
            .map(|(name, _, bs)| {
                let set: Vec<SetBlock> = set.by_ref().take(bs.len()).map(|b| b.0).collect();
                (name.to_string(), flow::Drawn::Text(set))
            })
            .collect();
        let story = match counted {
            Some(counted) => StorySet::Measured(counted),
            None => StorySet::Set(set.collect()),
        };
        (frames, story)
    }

    /// What flow places, the story still to come.
    fn flow_input<'a>(
        &'a self,
        interview: &Interview,
        frames: Vec<(String, flow::Drawn)>,
        setting: flow::Setting,
    ) -> FlowInput<'a> {
        FlowInput {
            layout: &self.layout,
            body: Vec::new(),
            frames,
            accent: interview
                .campaign
                .party_color
                .as_ref()
                .map(|c| *c.get_ref()),
            bleed: self.profile.bleed.pt(),
            rebreak: &flow::NoRebreak,
            setting,
            grow: Vec::new(),
            sides: None,
        }
    }

    /// Flows the texts into pages, making the font subsets meanwhile; overflow is an
    /// error in the interview's terms unless `fit` asks for what fits.
    fn flow(
        &self,
        interview: &Interview,
        input: FlowInput,
        fit: bool,
        timings: &mut Timings,
    ) -> std::result::Result<(flow::Flowed, Option<flow::Overflow>), Failure> {
        if fit {
            let flowed = flow::flow_fitting(input);
            timings.mark("flow");
            return Ok(flowed);
        }
        let texts = input.frames.iter().filter_map(|(_, d)| match d {
            flow::Drawn::Text(b) => Some(b),
            _ => None,
        });
        let glyphs = glyph_sets(&self.fonts, texts.flatten().chain(&input.body));
        // The font subsets are made while the text flows: flow keeps the words (and so the
        // glyphs), and a subset that turns out different is simply made again when writing.
        let (flowed, ()) = rayon::join(
            || flow::flow(input),
            || export::pdf::prepare_fonts(&self.fonts, &glyphs),
        );
        timings.mark("flow");
        flowed.map(|f| (f, None)).map_err(|o| {
            let diagnostic = explain::locate_overflow(interview, &o.diagnostic(), &o.kind.name());
            let overflow = report::Overflow {
                block: o.kind.name(),
                lines: o.lines,
            };
            Failure {
                report: report::failed(diagnostic.to_string(), Some(overflow)),
                diagnostic,
            }
        })
    }

    /// The story's paragraphs made into items and measured for the copyfit's estimates,
    /// in parallel; the items are kept, to be scaled to the setting chosen and set.
    fn counters(&self, lang: lang::Lang, body: &[style::Block]) -> copyfit::Counted {
        body.par_iter()
            .map(|b| {
                let pars = b.paragraphs.par_iter().map(|p| {
                    let par = ItemBuilder::new(&self.fonts, &self.hyphenator, &self.words, lang)
                        .paragraph(&p.text, &p.style);
                    copyfit::Measured {
                        counter: text::linebreak::LineCounter::new(&par.items),
                        par,
                        size: p.style.size,
                        leading: p.leading,
                    }
                });
                (b.kind, pars.collect())
            })
            .collect()
    }

    /// The story set at the largest setting the estimate says fits, one setting smaller
    /// while the lines as set do not (the estimate is a line or two off at most), and
    /// the filler grown when even the largest setting leaves room. Leaves `input` at the
    /// setting and growth chosen; returns the set blocks, their outlines and their styles.
    fn copyfit(
        &self,
        lang: lang::Lang,
        mut estimate: copyfit::Estimate,
        body: &[style::Block],
        input: &mut FlowInput,
        timings: &mut Timings,
    ) -> (Vec<SetBlock>, Vec<Outlines>, Vec<style::Block>) {
        let mut choice = estimate.choose(input);
        timings.mark("choose");
        // The items made for the estimate are set first, scaled; a retry makes them anew.
        let mut measured = Some(std::mem::take(&mut estimate.blocks));
        let mut retries = 0;
        loop {
            let restyled = copyfit::restyle(body, &estimate.base, &choice.setting);
            let (set, outlines): (Vec<SetBlock>, Vec<_>) = match measured.take() {
                Some(m) => set_measured(m, &estimate, &choice.setting),
                None => {
                    let jobs: Vec<_> = restyled
                        .iter()
                        .map(|b| (b, estimate.measure, true))
                        .collect();
                    self.set_blocks(lang, &jobs)
                }
            }
            .into_iter()
            .unzip();
            input.setting = choice.setting;
            let smaller = choice.step > 0 && retries < copyfit::RETRIES;
            if smaller && !copyfit::fits(input, &set, choice.sides) {
                choice.step -= 1;
                choice.setting = estimate.settings[choice.step];
                retries += 1;
                continue;
            }
            let largest = choice.step + 1 == estimate.settings.len();
            if largest {
                copyfit::grow_fillers(input, &set, choice.sides);
            }
            input.sides = Some(choice.sides);
            return (set, outlines, restyled);
        }
    }

    /// Sets every paragraph of `blocks`, each at its measure, in parallel: shaping and line
    /// breaking are the largest part of a render, and paragraphs do not depend on each
    /// other. Body paragraphs (`body` true) that could take a line more or fewer come with
    /// their outlines, for flow's balancing.
    fn set_blocks(
        &self,
        lang: lang::Lang,
        blocks: &[(&style::Block, f64, bool)],
    ) -> Vec<(SetBlock, Outlines)> {
        let jobs: Vec<(&style::StyledPar, f64, bool)> = blocks
            .iter()
            .flat_map(|(b, measure, body)| b.paragraphs.iter().map(move |p| (p, *measure, *body)))
            .collect();
        let mut set = jobs
            .par_iter()
            .map(|(p, measure, body)| {
                let par = ItemBuilder::new(&self.fonts, &self.hyphenator, &self.words, lang)
                    .paragraph(&p.text, &p.style);
                if *body {
                    let (lines, outline) = text::set_paragraph_keeping(par, *measure);
                    (lines, outline.map(Arc::new))
                } else {
                    (text::set_paragraph(par, *measure), None)
                }
            })
            .collect::<Vec<_>>()
            .into_iter();
        blocks
            .iter()
            .map(|(b, _, _)| {
                let (paragraphs, outlines) = b
                    .paragraphs
                    .iter()
                    .zip(set.by_ref())
                    .map(|(p, (lines, outline))| {
                        let par = SetPar {
                            lines,
                            leading: p.leading,
                            size: p.style.size,
                        };
                        (par, outline)
                    })
                    .unzip();
                let block = SetBlock {
                    kind: b.kind,
                    paragraphs,
                };
                (block, outlines)
            })
            .collect()
    }
}

/// Body paragraphs as flow may ask for them again, a line longer or shorter.
struct Rebreaks<'a> {
    engine: &'a Engine,
    lang: lang::Lang,
    measure: f64,
    /// The body's paragraphs in reading order.
    paragraphs: Vec<&'a style::StyledPar>,
    /// Their outlines, for those that could take a line more or fewer.
    outlines: Vec<Option<Arc<items::Paragraph>>>,
    /// How each was found to break, by paragraph and line count.
    shapes: Mutex<HashMap<(usize, usize), text::Shape>>,
}

impl flow::Rebreaker for Rebreaks<'_> {
    fn shape(&self, n: usize, lines: &[usize]) -> Vec<Option<Vec<bool>>> {
        let outline = n
            .checked_sub(1)
            .and_then(|i| self.outlines.get(i)?.as_ref());
        lines
            .iter()
            .map(|&k| {
                let shape = text::shape_into(outline?, self.measure, k)?;
                let hyphens = shape.hyphens.clone();
                let mut shapes = self.shapes.lock().unwrap_or_else(|e| e.into_inner());
                shapes.insert((n, k), shape);
                Some(hyphens)
            })
            .collect()
    }

    fn set(&self, n: usize, lines: usize) -> Option<Vec<SetLine>> {
        let e = self.engine;
        let p = self.paragraphs.get(n.checked_sub(1)?)?;
        let shapes = self.shapes.lock().unwrap_or_else(|e| e.into_inner());
        let shape = shapes.get(&(n, lines))?;
        let par = ItemBuilder::new(&e.fonts, &e.hyphenator, &e.words, self.lang)
            .paragraph(&p.text, &p.style);
        Some(text::set_shaped(par, shape, self.measure))
    }
}

/// The glyph ids each font draws in `blocks`, in order, each once.
fn glyph_sets<'a>(
    fonts: &FontBook,
    blocks: impl Iterator<Item = &'a SetBlock>,
) -> std::collections::BTreeMap<text::font::FontId, Vec<u16>> {
    let mut seen: std::collections::BTreeMap<_, Vec<bool>> = Default::default();
    let lines = blocks.flat_map(|b| &b.paragraphs).flat_map(|p| &p.lines);
    for (_, f) in lines.flat_map(|l| &l.fragments) {
        let drawn = seen
            .entry(f.font)
            .or_insert_with(|| vec![false; fonts.get(f.font).advances.len()]);
        for g in &f.glyphs {
            if let Some(d) = drawn.get_mut(g.id as usize) {
                *d = true;
            }
        }
    }
    seen.into_iter()
        .map(|(font, drawn)| {
            let ids = drawn.iter().enumerate().filter(|(_, d)| **d);
            (font, ids.map(|(g, _)| g as u16).collect())
        })
        .collect()
}
