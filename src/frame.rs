//! The page model: pages of positioned items. It is the contract between the stages:
//! layout and flow produce it; print, the PDF exporter, the report, the text dump and
//! the preview only read it, and never call back into flow or text. Everything they
//! need is here: the shaped text ([`Fragment`], [`Glyph`]), the lines as placed
//! ([`PlacedLine`]), and the drawn items ([`FrameItem`]).
//!
//! A reader of the model handles each [`FrameItem`] variant in one match arm; every
//! variant is plain data in points, bottom-left origin, trim-relative.

use crate::style::Kind;
use crate::units::{Cmyk, Point, Size};

/// A finished page: its trimmed size, its bleed, and what is drawn on it.
#[derive(Clone, Debug)]
pub struct Page {
    /// The trimmed page (TrimBox).
    pub size: Size,
    /// Bleed beyond the trim on every side, in points.
    pub bleed: f64,
    /// What is drawn, in drawing order.
    pub items: Vec<FrameItem>,
    /// Fold lines, x in points from the left trim edge (vertical, across the page);
    /// drawn as dashed marks in the slug when marks are on.
    pub folds: Vec<f64>,
}

/// One drawn thing. Graphics (fills, images, rules) are drawn in their order first,
/// then all text on top, so text is never hidden under a picture or a band.
#[derive(Clone, Debug)]
pub enum FrameItem {
    /// Shaped text whose baseline starts at `origin`.
    Text {
        /// Start of the baseline.
        origin: Point,
        /// Glyphs, font, size, colour and text.
        fragment: Fragment,
    },
    /// An image filling `frame`, scaled to cover it (never distorted) and cropped:
    /// centred across; of any height cropped, a third from the top and two thirds from
    /// the bottom, so a portrait keeps its face.
    Image {
        /// Index into the document's images.
        image: usize,
        /// The frame the image fills (bottom-left origin).
        frame: Rect,
    },
    /// A straight line.
    Rule {
        /// Start point.
        from: Point,
        /// End point.
        to: Point,
        /// Line width in points.
        thickness: f64,
        /// Stroke colour.
        color: Cmyk,
    },
    /// Rectangles filled in one colour, as one shape: a colour band or box (which may
    /// reach into the bleed, beyond the trim), or the dark modules of a QR code.
    Fill {
        /// The rectangles (bottom-left origin); they may overlap.
        rects: Vec<Rect>,
        /// Fill colour.
        color: Cmyk,
    },
}

/// An axis-aligned rectangle, bottom-left origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Bottom edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Top edge.
    pub fn top(&self) -> f64 {
        self.y + self.height
    }
}

/// Index of a font in the document's font book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

/// A glyph placed within a fragment, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// Glyph id in the fragment's font.
    pub id: u16,
    /// Advance, including kerning.
    pub advance: f64,
    /// Horizontal offset from the pen position.
    pub x_offset: f64,
    /// Vertical offset from the baseline.
    pub y_offset: f64,
    /// Byte offset in the fragment's text of the cluster this glyph shows.
    pub cluster: u32,
}

/// A run of shaped glyphs in one font, size and colour, with the text it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    /// Font.
    pub font: FontId,
    /// Size in points.
    pub size: f64,
    /// Fill colour.
    pub color: Cmyk,
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// The text the glyphs show (for ToUnicode and the report).
    pub text: String,
    /// Text that extraction should read instead of the glyphs (PDF /ActualText): the
    /// whole word for a line-end hyphen, nothing for the word's rest on the next line.
    pub actual_text: Option<String>,
    /// Letter spacing added after every glyph, in points (PDF's Tc): how justified lines
    /// stretch letters without rewriting every glyph's advance in the content stream.
    pub spacing: f64,
    /// Horizontal scale of the glyphs (1 natural): a justified line may widen or narrow
    /// its glyphs a little (font expansion, as pdfTeX's and InDesign's glyph scaling).
    pub scale: f64,
}

impl Fragment {
    /// The fragment at `k` times its size (before any spacing or scale is set).
    pub fn scale_size(&mut self, k: f64) {
        self.size *= k;
        for g in &mut self.glyphs {
            (g.advance, g.x_offset, g.y_offset) = (g.advance * k, g.x_offset * k, g.y_offset * k);
        }
    }

    /// Moves the glyphs and text out, leaving an empty fragment (when a set line takes
    /// over its boxes: copying every fragment was a tenth of a render).
    pub fn take(&mut self) -> Fragment {
        Fragment {
            glyphs: std::mem::take(&mut self.glyphs),
            text: std::mem::take(&mut self.text),
            actual_text: self.actual_text.take(),
            ..*self
        }
    }

    /// The fragment without its glyphs or text: what a line-breaking trial needs. A text
    /// ending in a hyphen keeps that hyphen, since a column may not end after it.
    pub fn outline(&self) -> Fragment {
        Fragment {
            glyphs: Vec::new(),
            text: if self.text.ends_with('-') {
                "-".into()
            } else {
                String::new()
            },
            actual_text: None,
            ..*self
        }
    }

    /// Total advance width, glyph scale and letter spacing included.
    pub fn width(&self) -> f64 {
        self.glyphs
            .iter()
            .map(|g| g.advance * self.scale + self.spacing)
            .sum()
    }
}

/// One line of a paragraph, set to its measure: fragments at x offsets from the line start.
#[derive(Clone, Debug, Default)]
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

impl SetLine {
    /// The line without its fragments or text (what flow needs to try an arrangement):
    /// only a written hyphen at its end is kept, since a column may not end there.
    pub fn shadow(&self) -> SetLine {
        SetLine {
            fragments: Vec::new(),
            text: if self.text.ends_with('-') {
                "-".into()
            } else {
                String::new()
            },
            ..*self
        }
    }
}

/// A layout frame as placed on a page: what the report gives so that a line can be
/// checked against the frame it is set in.
#[derive(Clone, Debug)]
pub struct FrameArea {
    /// The layout's name for it.
    pub name: std::sync::Arc<str>,
    /// Page index from 0.
    pub page: usize,
    /// Its area (for a story frame, the span of its columns).
    pub rect: Rect,
}

/// A line as placed, for the report and the text dump.
#[derive(Clone, Debug)]
pub struct PlacedLine {
    /// Page index from 0.
    pub page: usize,
    /// Column index from 0 (0 for lines across the page).
    pub column: usize,
    /// Baseline, points from the bottom trim edge.
    pub baseline: f64,
    /// Left edge, points from the left trim edge.
    pub x: f64,
    /// The block it belongs to.
    pub kind: Kind,
    /// For body lines, the index of their paragraph in the body (for widow/orphan counts).
    pub paragraph: Option<usize>,
    /// The layout frame it is set in.
    pub frame: std::sync::Arc<str>,
    /// How far its ink reaches from `x`, in points (filled in when it is placed).
    pub width: f64,
    /// The set line; its fragments have moved to the page, its text and ratio stay.
    pub line: SetLine,
}
