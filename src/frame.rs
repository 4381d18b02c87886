//! Frames: positioned items on a page. Layout produces them, the PDF exporter and
//! the text dump only read them. The frame is the contract between the two.

use crate::text::items::Fragment;
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
}

/// One drawn thing.
#[derive(Clone, Debug)]
pub enum FrameItem {
    /// Shaped text whose baseline starts at `origin`.
    Text {
        /// Start of the baseline.
        origin: Point,
        /// Glyphs, font, size, colour and text.
        fragment: Fragment,
    },
    /// An image filling `frame`, cropped (never distorted) to its aspect.
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
