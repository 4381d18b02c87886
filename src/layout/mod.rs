//! The layout file: the sheet, fonts, frames, the story's chain and the styles. It
//! holds the design; the interview holds the words. Bundled layouts live in `layouts/`
//! and are compiled in; `a4-two-sided` is the default.

mod fold;
mod frames;
mod inherit;
mod sheet;
mod validate;

pub use fold::{FOLD_ZONE, FoldKind, FoldSpec};
pub use frames::{Align, Box2, Content, Contents, FrameSpec, Grid, SideSpec};
pub use sheet::{NAMED_SIZES, Orientation, SheetSpec, Sides};

use crate::diag::{Diagnostic, Result};
use crate::source::Source;
use crate::units::{Cmyk, Length};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The bundled layouts: name and text, the default first.
pub const BUNDLED: [(&str, &str); 4] = [
    ("a4-two-sided", DEFAULT_LAYOUT),
    ("a4-trifold", include_str!("../../layouts/a4-trifold.toml")),
    ("a5-flyer", include_str!("../../layouts/a5-flyer.toml")),
    ("a3-poster", include_str!("../../layouts/a3-poster.toml")),
];

/// The built-in default layout's text, compiled in so `render` needs no files.
pub const DEFAULT_LAYOUT: &str = include_str!("../../layouts/a4-two-sided.toml");

/// A validated layout.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Sheet size, sides, margins and grid.
    pub sheet: SheetSpec,
    /// Font names used by styles, mapped to `bundled:FILE` or a path.
    pub fonts: BTreeMap<String, String>,
    /// How the sheet folds, if it does.
    pub fold: Option<FoldSpec>,
    /// Named colours.
    #[serde(default)]
    pub colors: Colors,
    /// Spacing of body text.
    pub body: BodySpec,
    /// The story's chain of frames.
    pub story: StorySpec,
    /// The frames, by name.
    pub frames: BTreeMap<String, FrameSpec>,
    /// Text styles.
    pub styles: Styles,
    /// Hyphenation switch and extra exceptions (optional table).
    #[serde(default)]
    pub hyphenation: HyphenationSpec,
    /// Where the layout came from, for messages and relative font paths.
    #[serde(skip, default = "default_source")]
    pub source: Source,
    /// Frame names in the order the file gives them: the drawing order.
    #[serde(skip)]
    pub order: Vec<String>,
    /// The layouts this one extends, nearest first (for messages and the batch's hash).
    #[serde(skip)]
    pub parents: Vec<Source>,
}

fn default_source() -> Source {
    Source::new("<built-in layout>", "")
}

/// The `[colors]` table.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// The accent: what `"accent"` means in styles and fills; the interview's
    /// `[campaign] party_color` overrides it.
    pub accent: Option<Cmyk>,
}

/// A colour in the layout: CMYK percentages, or `"accent"`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Paint {
    /// A fixed colour.
    Cmyk(Cmyk),
    /// The accent colour (the party's colour when the interview gives one).
    Accent,
}

impl<'de> Deserialize<'de> for Paint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            C(Cmyk),
        }
        match Raw::deserialize(d) {
            Ok(Raw::S(s)) if s == "accent" => Ok(Paint::Accent),
            Ok(Raw::C(c)) => Ok(Paint::Cmyk(c)),
            _ => Err(serde::de::Error::custom(
                "a colour is four CMYK percentages like [0, 0, 0, 100], each 0–100, or \"accent\"",
            )),
        }
    }
}

/// The `[story]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorySpec {
    /// The frames the story runs through, in reading order.
    pub chain: Vec<String>,
    /// Copyfit: the answers' size, from smallest to largest (lead and questions keep
    /// their size relative to the answers). Absent: the answer style's size, fixed.
    pub size: Option<Span>,
    /// Copyfit: the answers' leading (lead and questions keep theirs relative to it).
    /// Absent: grows with the size, in the answer style's ratio.
    pub leading: Option<Span>,
    /// Copyfit: the space above each question. Absent: grows with the leading, so a
    /// space of whole lines stays on the baseline grid.
    pub paragraph_space: Option<Span>,
    /// The frames that take the height the story leaves when even its largest setting
    /// does not fill the sides (a portrait, the pull quote, the call to action): the
    /// first drawn grows up to `filler_max`, then the next.
    #[serde(default)]
    pub filler: Names,
    /// The most a filler grows (default 60mm: its content stays in the middle, so the
    /// room above and below stays under 30mm each).
    pub filler_max: Option<Length>,
}

/// One frame name or a list of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        match Raw::deserialize(d) {
            Ok(Raw::One(n)) => Ok(Names(vec![n])),
            Ok(Raw::Many(n)) => Ok(Names(n)),
            Err(_) => Err(serde::de::Error::custom(
                "give a frame name, or a list of them: filler = [\"quote\", \"call-to-action\"]",
            )),
        }
    }
}

/// How far a filler grows unless the layout says.
pub const FILLER_MAX_MM: f64 = 60.0;

impl StorySpec {
    /// The most a filler frame grows, in points.
    pub fn filler_max(&self) -> f64 {
        self.filler_max
            .map_or(crate::units::mm(FILLER_MAX_MM), |l| l.pt())
    }

    /// Whether the story may be set at more than one size, leading or spacing.
    pub fn copyfits(&self) -> bool {
        [self.size, self.leading, self.paragraph_space]
            .iter()
            .flatten()
            .any(|s| s.1.pt() > s.0.pt())
    }
}

/// A length the story may take anywhere from the first to the second: `["9pt", "11pt"]`,
/// or one length (`"10pt"`) for both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span(pub Length, pub Length);

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(Length),
            Two([Length; 2]),
        }
        match Raw::deserialize(d) {
            Ok(Raw::One(l)) => Ok(Span(l, l)),
            Ok(Raw::Two([a, b])) => Ok(Span(a, b)),
            Err(_) => Err(serde::de::Error::custom(
                "a range is two lengths, smallest first, like [\"9pt\", \"11pt\"], or one length like \"10pt\"",
            )),
        }
    }
}

/// Body spacing.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    /// First-line indent of a paragraph following another.
    pub indent: Length,
    /// Space after the lead.
    pub lead_space_below: Length,
    /// Space above each question.
    pub question_space_above: Length,
    /// Space between a question and its answer.
    pub question_space_below: Length,
}

/// Hyphenation settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HyphenationSpec {
    /// Hyphenate lead and answers (headline, questions and captions never are).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// An exceptions file relative to the layout: one word per line, hyphens at every break.
    pub exceptions: Option<String>,
}

fn yes() -> bool {
    true
}

impl Default for HyphenationSpec {
    fn default() -> Self {
        HyphenationSpec {
            enabled: true,
            exceptions: None,
        }
    }
}

/// All text styles: those of the interview's texts are required, those of the
/// campaign's only where a frame shows them.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Styles {
    /// Headline.
    pub headline: Style,
    /// Candidate's name under the headline.
    pub name: Style,
    /// Role line under the name.
    pub role: Style,
    /// Lead paragraphs.
    pub lead: Style,
    /// Questions.
    pub question: Style,
    /// Answers.
    pub answer: Style,
    /// Portrait caption.
    pub caption: Style,
    /// Imprint.
    pub imprint: Style,
    /// Pull quote.
    pub pull_quote: Option<Style>,
    /// Slogan.
    pub slogan: Option<Style>,
    /// Call to action.
    pub call_to_action: Option<Style>,
    /// Ballot number.
    pub ballot_number: Option<Style>,
    /// Election date.
    pub election_date: Option<Style>,
    /// District.
    pub district: Option<Style>,
    /// Website and phone.
    pub contacts: Option<Style>,
}

/// One text style.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// A key of `[fonts]`.
    pub font: String,
    /// Font size.
    pub size: Length,
    /// Baseline-to-baseline distance.
    pub leading: Length,
    /// Fill colour: CMYK, or `"accent"`.
    pub color: Paint,
}

impl Layout {
    /// The built-in default layout (`a4-two-sided`).
    pub fn builtin() -> Layout {
        Layout::parse(Source::new("<built-in layout>", DEFAULT_LAYOUT))
            .expect("the built-in layout is valid: tested in layout::tests")
    }

    /// A bundled layout by name (`barakcha layouts` lists them).
    pub fn bundled(name: &str) -> Option<Result<Layout>> {
        let (n, text) = BUNDLED.iter().find(|(n, _)| *n == name)?;
        Some(Layout::parse(Source::new(
            format!("<bundled layout {n}>"),
            *text,
        )))
    }

    /// A layout file, or a bundled layout by name when no such file exists
    /// (`--layout a4-trifold`).
    pub fn load(path: &std::path::Path) -> Result<Layout> {
        // A manifest's `layout = "a4-trifold"` arrives joined to the manifest's folder.
        let name = path.file_name().and_then(|n| n.to_str());
        if !path.exists()
            && let Some(layout) = name.and_then(Layout::bundled)
        {
            return layout;
        }
        let source = Source::read(path).map_err(|e| {
            let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
            Diagnostic::in_file(path, format!("cannot read the layout: {e}")).hint(format!(
                "give a layout file, or one of the bundled layouts: {}",
                names.join(", ")
            ))
        })?;
        Layout::parse(source)
    }

    /// Parses and validates a layout file's text; one with `extends` is merged onto the
    /// layout it names first.
    pub fn parse(source: Source) -> Result<Layout> {
        if inherit::extends(&source) {
            return Layout::parse_extending(source);
        }
        let mut layout: Layout =
            toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(&source, &e))?;
        layout.order = frame_order(std::slice::from_ref(&source), &layout.frames);
        layout.source = source;
        layout.validate()?;
        Ok(layout)
    }

    /// A layout that extends another: the merged tables read as one layout, errors
    /// located in the file that wrote the key.
    fn parse_extending(source: Source) -> Result<Layout> {
        let (table, sources) = inherit::merged(source, 0)?;
        let path = sources[0].path.clone();
        let text = toml::to_string(&table)
            .map_err(|e| Diagnostic::in_file(&path, format!("cannot merge the layouts: {e}")))?;
        let merged = Source::new(path, text);
        let mut layout: Layout = toml::from_str(&merged.text).map_err(|e| {
            let mut d = Diagnostic::from_toml(&merged, &e);
            let at = e.span().map_or(0, |s| s.start);
            let keys = inherit::path_at(&merged.text, at);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            d.location = None;
            d.excerpt = None;
            if let Some((src, span)) = locate(&sources, &keys) {
                d.location = Some(src.location(span.start));
                d.excerpt = Some(src.excerpt(span));
            }
            d
        })?;
        layout.order = frame_order(&sources, &layout.frames);
        let mut chain = sources.into_iter();
        layout.source = chain.next().expect("the extending file comes first");
        layout.parents = chain.collect();
        layout.validate()?;
        Ok(layout)
    }

    /// Where the file, or the layouts it extends, writes `path` (or the nearest table
    /// around it): the file and the span.
    pub fn locate(&self, path: &[&str]) -> Option<(&Source, std::ops::Range<usize>)> {
        let chain: Vec<&Source> = std::iter::once(&self.source).chain(&self.parents).collect();
        let (i, span) = locate_index(&chain, path)?;
        Some((chain[i], span))
    }

    /// Every file of the layout, the extending one first: what a batch hashes.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.source.text.as_str())
            .chain(self.parents.iter().map(|s| s.text.as_str()))
    }

    /// The trimmed sheet's width and height in points (validated at load).
    pub fn trim(&self) -> (f64, f64) {
        self.sheet.trim().unwrap_or((0.0, 0.0))
    }

    /// The type area and grid (columns × rows) frames are placed on.
    pub fn grid(&self) -> Grid {
        let s = &self.sheet;
        Grid {
            trim: self.trim(),
            margins: [
                s.margin_top.pt(),
                s.margin_bottom.pt(),
                s.margin_left.pt(),
                s.margin_right.pt(),
            ],
            columns: s.columns,
            gutter: s.gutter.pt(),
            rows: s.rows,
            row_gutter: s.row_gutter.unwrap_or(s.gutter).pt(),
            panels: self.fold.as_ref().map(|f| {
                let w = self.trim().0;
                [f.panels_on(0, w), f.panels_on(1, w)]
            }),
            fold_margin: self.fold.as_ref().map_or(0.0, |f| f.margin()),
            last_side: self.sheet.sides.most() - 1,
        }
    }

    /// The fold lines of side `side` (from 0), x in points from the left trim edge.
    pub fn folds_on(&self, side: usize) -> Vec<f64> {
        self.fold
            .as_ref()
            .map_or(Vec::new(), |f| f.folds_on(side, self.trim().0))
    }

    /// The frames in drawing order, with their names.
    pub fn frames_in_order(&self) -> impl Iterator<Item = (&str, &FrameSpec)> {
        self.order
            .iter()
            .filter_map(|n| Some((n.as_str(), self.frames.get(n)?)))
    }

    /// The story's measure: the width of one column of its frames (all are equal).
    pub fn story_measure(&self) -> f64 {
        let grid = self.grid();
        let first = self.story.chain.first().and_then(|n| self.frames.get(n));
        first.map_or(grid.column_width(), |f| {
            let width = grid.place(f).map_or(0.0, |b| b.width);
            column_width(f, width, grid.gutter)
        })
    }

    /// A paint as a colour: the accent is `accent` when the interview gives one.
    pub fn color(&self, paint: Paint, accent: Option<Cmyk>) -> Cmyk {
        match paint {
            Paint::Cmyk(c) => c,
            Paint::Accent => accent.or(self.colors.accent).unwrap_or(Cmyk::BLACK),
        }
    }

    /// The style a display content is set in (validated to exist where a frame shows it).
    pub fn style_of(&self, content: Content) -> Option<&Style> {
        let s = &self.styles;
        match content {
            Content::Headline => Some(&s.headline),
            Content::Name => Some(&s.name),
            Content::Role => Some(&s.role),
            Content::Caption => Some(&s.caption),
            Content::Imprint => Some(&s.imprint),
            Content::PullQuote => s.pull_quote.as_ref(),
            Content::Slogan => s.slogan.as_ref(),
            Content::CallToAction => s.call_to_action.as_ref(),
            Content::BallotNumber => s.ballot_number.as_ref(),
            Content::ElectionDate => s.election_date.as_ref(),
            Content::District => s.district.as_ref(),
            Content::Contacts => s.contacts.as_ref(),
            _ => None,
        }
    }

    /// The styles with their names, for checks and messages.
    pub fn named_styles(&self) -> Vec<(&'static str, &Style)> {
        let s = &self.styles;
        let mut out = vec![
            ("headline", &s.headline),
            ("name", &s.name),
            ("role", &s.role),
            ("lead", &s.lead),
            ("question", &s.question),
            ("answer", &s.answer),
            ("caption", &s.caption),
            ("imprint", &s.imprint),
        ];
        let optional = [
            ("pull_quote", &s.pull_quote),
            ("slogan", &s.slogan),
            ("call_to_action", &s.call_to_action),
            ("ballot_number", &s.ballot_number),
            ("election_date", &s.election_date),
            ("district", &s.district),
            ("contacts", &s.contacts),
        ];
        out.extend(
            optional
                .into_iter()
                .filter_map(|(n, s)| Some((n, s.as_ref()?))),
        );
        out
    }

    /// An error at a key path of the layout file, with a hint.
    pub(crate) fn err(&self, path: &[&str], message: String, hint: &str) -> Box<Diagnostic> {
        // The key itself, or the nearest table around it, in the file that writes it.
        let d = match self.locate(path) {
            Some((src, span)) => Diagnostic::at(src, span, message),
            None => Diagnostic::in_file(&self.source.path, message),
        };
        d.hint(hint)
    }
}

/// Width of one of a frame's own columns, for a frame `width` wide.
pub fn column_width(f: &FrameSpec, width: f64, sheet_gutter: f64) -> f64 {
    let n = f.columns.unwrap_or(1).max(1) as f64;
    let gutter = f.gutter.map_or(sheet_gutter, |g| g.pt());
    (width - (n - 1.0) * gutter) / n
}

/// Frame names in the order the files give them: a layout extended first, then the
/// frames the extending file adds, each file's in the order its tables start.
fn frame_order(sources: &[Source], frames: &BTreeMap<String, FrameSpec>) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for source in sources.iter().rev() {
        // One parse of the file for all its frames: a parse per frame was a seventh of
        // a render.
        let mut named: Vec<(usize, String)> = frame_starts(source)
            .into_iter()
            .filter(|(_, n)| frames.contains_key(n) && !order.contains(n))
            .collect();
        named.sort();
        order.extend(named.into_iter().map(|(_, n)| n));
    }
    // Frames no file writes (none, for a parsed layout) keep their name order.
    let rest: Vec<String> = frames
        .keys()
        .filter(|n| !order.contains(n))
        .cloned()
        .collect();
    order.extend(rest);
    order
}

/// Where each `[frames.NAME]` table of a file starts, by name.
fn frame_starts(source: &Source) -> Vec<(usize, String)> {
    let Ok(doc) = toml::de::DeTable::parse(&source.text) else {
        return Vec::new();
    };
    let Some(frames) = doc.get_ref().get("frames") else {
        return Vec::new();
    };
    let toml::de::DeValue::Table(frames) = frames.get_ref() else {
        return Vec::new();
    };
    frames
        .iter()
        .map(|(k, v)| (v.span().start, k.get_ref().to_string()))
        .collect()
}

/// The first file of `sources` that writes `path` (or the nearest table around it).
fn locate<'a>(
    sources: &'a [Source],
    path: &[&str],
) -> Option<(&'a Source, std::ops::Range<usize>)> {
    let chain: Vec<&Source> = sources.iter().collect();
    let (i, span) = locate_index(&chain, path)?;
    Some((&sources[i], span))
}

/// Which of `sources` writes `path` (the longest prefix of it any file writes), and where.
fn locate_index(sources: &[&Source], path: &[&str]) -> Option<(usize, std::ops::Range<usize>)> {
    (1..=path.len()).rev().find_map(|n| {
        sources
            .iter()
            .enumerate()
            .find_map(|(i, s)| Some((i, s.span_of(&path[..n])?)))
    })
}

#[cfg(test)]
mod tests;
