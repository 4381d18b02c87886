//! Frames: named rectangles on a side, each holding one content (or a stack of short
//! display texts), placed by millimetres or on the sheet's grid (columns × rows). Their
//! edges may give way to other frames (`below`, `above`), which is how absent content
//! leaves its space to the story. Validation here sees only the layout; flow places the
//! frames once the content is set.

use super::Paint;
use crate::units::Length;
use serde::Deserialize;

/// One `[frames.NAME]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameSpec {
    /// The side it is on: 1, 2, or `"last"` (whichever side is the last one printed).
    pub side: SideSpec,
    /// What it holds: one content, or a list of display texts stacked top down.
    pub content: Contents,
    /// Grid columns it spans, `[first, last]` from 1; or use `left`/`right`/`width`.
    pub cols: Option<[u32; 2]>,
    /// Grid rows it spans, `[first, last]` from 1 at the top; or use `top`/`bottom`/`height`.
    pub rows: Option<[u32; 2]>,
    /// On a folded sheet: the panel it fills across (from 1, from the left of its side),
    /// keeping the fold margin from folds and the sheet's margin from the trim.
    pub panel: Option<usize>,
    /// Distance of its left edge from the left trim edge.
    pub left: Option<Length>,
    /// Distance of its right edge from the right trim edge.
    pub right: Option<Length>,
    /// Its width.
    pub width: Option<Length>,
    /// Distance of its top edge from the top trim edge.
    pub top: Option<Length>,
    /// Distance of its bottom edge from the bottom trim edge.
    pub bottom: Option<Length>,
    /// Its height.
    pub height: Option<Length>,
    /// Text columns of its own (story frames), 1–6.
    pub columns: Option<u32>,
    /// Space between its columns (default: the sheet's gutter).
    pub gutter: Option<Length>,
    /// Frames (on the same side, when drawn) whose bottom this frame's top gives way to.
    #[serde(default)]
    pub below: Vec<String>,
    /// Frames (on the same side, when drawn) whose top this frame's bottom gives way to.
    #[serde(default)]
    pub above: Vec<String>,
    /// Space kept from the frames of `below` and `above` (default: each one's `clearance`).
    pub space: Option<Length>,
    /// Space other frames keep from this one when they give way to it (default 0).
    #[serde(default)]
    pub clearance: Length,
    /// A rule under the content (over it for a frame set from its bottom); 0 for none.
    #[serde(default)]
    pub rule: Length,
    /// The rule's colour (default: the first content's style colour).
    pub rule_color: Option<Paint>,
    /// Space between the content and the rule.
    #[serde(default)]
    pub rule_gap: Length,
    /// Space between stacked display texts (default 1.5mm).
    pub spacing: Option<Length>,
    /// The interview must give this content, or rendering stops naming the missing key.
    #[serde(default)]
    pub required: bool,
    /// A background colour (a colour box; `band` frames default to the accent).
    pub fill: Option<Paint>,
    /// The fill or picture runs into the bleed on every edge that touches the trim.
    #[serde(default)]
    pub bleed: bool,
    /// How display text lines sit in the frame: `left` (default), `center`, `right`.
    #[serde(default)]
    pub align: Align,
    /// Space between a filled frame's edge and its text.
    #[serde(default)]
    pub padding: Length,
    /// A `pull_quote` frame: when the interview gives no `pull_quote`, quote a sentence
    /// chosen from the answers (the first of 8 to 24 words).
    #[serde(default)]
    pub from_answers: bool,
}

/// Which side a frame is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideSpec {
    /// Side 1 or 2 (stored from 0).
    Side(usize),
    /// The last side printed: side 1 of a one-sided leaflet, else side 2.
    Last,
}

impl SideSpec {
    /// Whether the frame is on side `side` (from 0) of a leaflet of `sides` sides.
    pub fn on(self, side: usize, sides: usize) -> bool {
        match self {
            SideSpec::Side(s) => s == side,
            SideSpec::Last => side + 1 == sides,
        }
    }
}

impl<'de> Deserialize<'de> for SideSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(i64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n @ 1..=2) => Ok(SideSpec::Side(n as usize - 1)),
            Raw::S(s) if s == "last" => Ok(SideSpec::Last),
            _ => Err(serde::de::Error::custom("side is 1, 2 or \"last\"")),
        }
    }
}

/// How lines sit across a frame.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// What a frame holds.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// The body: lead, questions and answers, threaded through `[story] chain`.
    Story,
    /// The headline.
    Headline,
    /// The candidate's name.
    Name,
    /// The role line (role and party).
    Role,
    /// The portrait, filling the frame, cropped.
    Portrait,
    /// The portrait's caption.
    Caption,
    /// A sentence printed large in « ».
    PullQuote,
    /// The campaign slogan.
    Slogan,
    /// The call to action ("Vote for …").
    CallToAction,
    /// The ballot or list number.
    BallotNumber,
    /// The election date.
    ElectionDate,
    /// The district.
    District,
    /// Website and phone.
    Contacts,
    /// The campaign logo, fitted inside the frame.
    Logo,
    /// The website as a QR code.
    Qr,
    /// A colour band or box (the frame filled).
    #[serde(alias = "box")]
    Band,
    /// The legally required imprint.
    Imprint,
}

impl Content {
    /// Its name in the layout file.
    pub fn key(self) -> &'static str {
        match self {
            Content::Story => "story",
            Content::Headline => "headline",
            Content::Name => "name",
            Content::Role => "role",
            Content::Portrait => "portrait",
            Content::Caption => "caption",
            Content::PullQuote => "pull_quote",
            Content::Slogan => "slogan",
            Content::CallToAction => "call_to_action",
            Content::BallotNumber => "ballot_number",
            Content::ElectionDate => "election_date",
            Content::District => "district",
            Content::Contacts => "contacts",
            Content::Logo => "logo",
            Content::Qr => "qr",
            Content::Band => "band",
            Content::Imprint => "imprint",
        }
    }

    /// A short text set in its own style, stacked in its frame (not the story, not a picture).
    pub fn is_display(self) -> bool {
        !matches!(
            self,
            Content::Story | Content::Portrait | Content::Logo | Content::Qr | Content::Band
        )
    }

    /// The interview key that gives it, for the `required` error.
    pub fn interview_key(self) -> &'static str {
        match self {
            Content::Story => "[[qa]]",
            Content::Headline => "headline",
            Content::Name => "[candidate] name",
            Content::Role => "[candidate] role or party",
            Content::Portrait => "[portrait] file",
            Content::Caption => "[portrait] caption",
            Content::PullQuote => "[campaign] pull_quote",
            Content::Slogan => "[campaign] slogan",
            Content::CallToAction => "[campaign] call_to_action",
            Content::BallotNumber => "[campaign] ballot_number",
            Content::ElectionDate => "[campaign] election_date",
            Content::District => "[campaign] district",
            Content::Contacts => "[campaign] website or phone",
            Content::Logo => "[campaign] logo",
            Content::Qr => "[campaign] website",
            Content::Band => "nothing (a band is always drawn)",
            Content::Imprint => "[imprint]",
        }
    }
}

/// One content, or display texts stacked in a frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Contents(pub Vec<Content>);

impl<'de> Deserialize<'de> for Contents {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(Content),
            Many(Vec<Content>),
        }
        Raw::deserialize(d)
            .map(|r| match r {
                Raw::One(c) => Contents(vec![c]),
                Raw::Many(v) => Contents(v),
            })
            .map_err(|_| {
                serde::de::Error::custom(
                    "content is one of story, headline, name, role, portrait, caption, pull_quote, slogan, call_to_action, ballot_number, election_date, district, contacts, logo, qr, band, imprint (or a list of the texts among them)",
                )
            })
    }
}

impl FrameSpec {
    /// Its first content (the only one, except for stacked display texts).
    pub fn first(&self) -> Content {
        self.content.0[0]
    }

    /// Whether it holds text (the story or display texts): text frames may not overlap.
    pub fn holds_text(&self) -> bool {
        self.content
            .0
            .iter()
            .any(|c| *c == Content::Story || c.is_display())
    }
}

impl Grid {
    /// Panel `n` (from 1) of the frame's side, less the margins: the fold margin at a
    /// fold, the sheet's margin at the trim.
    fn panel(&self, f: &FrameSpec, n: usize) -> Result<(f64, f64), (&'static str, String)> {
        let Some(panels) = &self.panels else {
            return Err(("panel", "panel = N needs a [fold]".into()));
        };
        let side = match f.side {
            SideSpec::Side(s) => s,
            SideSpec::Last => self.last_side,
        };
        let list = &panels[side.min(1)];
        let Some(&(x, width)) = n.checked_sub(1).and_then(|i| list.get(i)) else {
            return Err((
                "panel",
                format!(
                    "panel = {n} is not one of the sheet's {} panels",
                    list.len()
                ),
            ));
        };
        let [_, _, ml, mr] = self.margins;
        let left = if n == 1 { ml } else { self.fold_margin };
        let right = if n == list.len() {
            mr
        } else {
            self.fold_margin
        };
        Ok((x + left, width - left - right))
    }
}

/// Where a frame goes, or the key at fault and what is wrong with it.
type Placing<T> = Result<T, (&'static str, String)>;

/// Where a frame sits before any edge gives way, in points from the bottom-left trim
/// corner; a vertical edge is `None` where the frame's height comes from its content.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box2 {
    /// Left edge.
    pub x: f64,
    /// Width.
    pub width: f64,
    /// Top edge, or None when the content sets it (the frame grows up from `bottom`).
    pub top: Option<f64>,
    /// Bottom edge, or None when the content sets it (the frame grows down from `top`).
    pub bottom: Option<f64>,
}

/// The type area and grid a frame is placed on, in points.
#[derive(Clone, Debug)]
pub struct Grid {
    /// Trimmed width and height.
    pub trim: (f64, f64),
    /// Margins: top, bottom, left, right.
    pub margins: [f64; 4],
    /// Grid columns and gutter.
    pub columns: u32,
    /// Space between grid columns.
    pub gutter: f64,
    /// Grid rows down the type area.
    pub rows: u32,
    /// Space between grid rows.
    pub row_gutter: f64,
    /// On a folded sheet, the panels of side 1 and side 2: (left, width) from the left.
    pub panels: Option<[Vec<(f64, f64)>; 2]>,
    /// How far text keeps from a fold.
    pub fold_margin: f64,
    /// The last side (from 0) when the sheet uses all it may.
    pub last_side: usize,
}

impl Grid {
    /// Width of one grid column.
    pub fn column_width(&self) -> f64 {
        let n = self.columns as f64;
        (self.trim.0 - self.margins[2] - self.margins[3] - (n - 1.0) * self.gutter) / n
    }

    /// Height of one grid row.
    pub fn row_height(&self) -> f64 {
        let n = self.rows as f64;
        let [mt, mb, _, _] = self.margins;
        (self.trim.1 - mt - mb - (n - 1.0) * self.row_gutter) / n
    }

    /// Where a frame sits before any edge gives way; an error names the keys at fault.
    pub fn place(&self, f: &FrameSpec) -> Result<Box2, (&'static str, String)> {
        let (x, width) = self.horizontal(f)?;
        let (top, bottom) = self.vertical(f)?;
        Ok(Box2 {
            x,
            width,
            top,
            bottom,
        })
    }

    /// Top and bottom edges: by grid rows (both fixed) or by millimetres.
    fn vertical(&self, f: &FrameSpec) -> Placing<(Option<f64>, Option<f64>)> {
        // One way of placing a frame down, as across: a second one given would be ignored.
        let edges = [("top", f.top), ("bottom", f.bottom), ("height", f.height)];
        let mm_key = edges.iter().find(|(_, v)| v.is_some()).map(|(k, _)| *k);
        if let Some([first, last]) = f.rows {
            if let Some(k) = mm_key {
                return Err((
                    k,
                    format!("`rows` and `{k}` both place the frame down: keep one of them"),
                ));
            }
            let (top, bottom) = self.row_span(first, last)?;
            return Ok((Some(top), Some(bottom)));
        }
        let h = self.trim.1;
        let [mt, mb, _, _] = self.margins;
        let from_top = |t: Length| h - t.pt();
        let fills = !f.content.0.iter().all(|c| c.is_display());
        let (top, bottom) = match (f.top, f.bottom, f.height) {
            (Some(t), Some(b), None) => (Some(from_top(t)), Some(b.pt())),
            (Some(t), None, Some(ht)) => (Some(from_top(t)), Some(from_top(t) - ht.pt())),
            (None, Some(b), Some(ht)) => (Some(b.pt() + ht.pt()), Some(b.pt())),
            (None, None, Some(ht)) => (Some(h - mt), Some(h - mt - ht.pt())),
            (Some(t), None, None) => (Some(from_top(t)), fills.then_some(mb)),
            (None, Some(b), None) => (fills.then_some(h - mt), Some(b.pt())),
            (None, None, None) => (Some(h - mt), fills.then_some(mb)),
            (Some(_), Some(_), Some(_)) => {
                return Err(("height", "top, bottom and height are all given".into()));
            }
        };
        Ok((top, bottom))
    }

    /// Top and bottom of grid rows `first` to `last` (from 1, from the top).
    fn row_span(&self, first: u32, last: u32) -> Placing<(f64, f64)> {
        let track = (self.rows, self.row_height(), self.row_gutter);
        let (from, length) = span("rows", [first, last], track)?;
        let top = self.trim.1 - self.margins[0] - from;
        Ok((top, top - length))
    }

    fn horizontal(&self, f: &FrameSpec) -> Result<(f64, f64), (&'static str, String)> {
        let (w, _) = self.trim;
        let [_, _, ml, mr] = self.margins;
        // One way of placing a frame across: a panel, grid columns, or millimetres. A
        // second one given would be ignored, and the frame drawn where nobody asked.
        let edges = [("left", f.left), ("right", f.right), ("width", f.width)];
        let mm_key = edges.iter().find(|(_, v)| v.is_some()).map(|(k, _)| *k);
        let ways = [f.panel.map(|_| "panel"), f.cols.map(|_| "cols"), mm_key];
        let mut given = ways.into_iter().flatten();
        if let (Some(a), Some(b)) = (given.next(), given.next()) {
            return Err((
                b,
                format!("`{a}` and `{b}` both place the frame across: keep one of them"),
            ));
        }
        if let Some(n) = f.panel {
            return self.panel(f, n);
        }
        if let Some(cols) = f.cols {
            let track = (self.columns, self.column_width(), self.gutter);
            let (from, width) = span("cols", cols, track)?;
            return Ok((ml + from, width));
        }
        Ok(match (f.left, f.right, f.width) {
            (Some(l), Some(r), None) => (l.pt(), w - l.pt() - r.pt()),
            (Some(l), None, Some(wd)) => (l.pt(), wd.pt()),
            (None, Some(r), Some(wd)) => (w - r.pt() - wd.pt(), wd.pt()),
            (Some(l), None, None) => (l.pt(), w - mr - l.pt()),
            (None, Some(r), None) => (ml, w - r.pt() - ml),
            (None, None, Some(wd)) => (ml, wd.pt()),
            (None, None, None) => (ml, w - ml - mr),
            (Some(_), Some(_), Some(_)) => {
                return Err(("width", "left, right and width are all given".into()));
            }
        })
    }
}

/// Where grid tracks `first` to `last` (from 1) of `count` tracks of `size` with `gap`
/// between them begin, from the type area's edge, and how long they run together; an
/// error at `key` when they are not a span of the grid.
fn span(key: &'static str, [first, last]: [u32; 2], track: (u32, f64, f64)) -> Placing<(f64, f64)> {
    let (count, size, gap) = track;
    if first < 1 || last < first || last > count {
        let what = if key == "rows" { "rows" } else { "columns" };
        return Err((
            key,
            format!("{key} = [{first}, {last}] is not a span of the grid's {count} {what}"),
        ));
    }
    let n = (last - first + 1) as f64;
    Ok((
        (first - 1) as f64 * (size + gap),
        n * size + (n - 1.0) * gap,
    ))
}
