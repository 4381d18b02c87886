//! The sheet around the page, as print decides it: the page boxes (ISO 15930-1 §6.1.3
//! and ISO 15930-7 §6.2.6 want a TrimBox; BleedBox ⊆ MediaBox) and where the printer's
//! marks and slug line go. The exporter draws them (`export::pdf::marks`).

use crate::frame::Fragment;
use crate::frame::Page;
use crate::units::{Point, mm};

/// Slug sizes are whole multiples of this (half an inch): then rasterisers at 72,
/// 144, 150 or 300 dpi place the page on the same pixel grid with and without marks,
/// and the sheet has round dimensions.
const SLUG_STEP: f64 = 36.0;

/// Crop marks and slug lines.
#[derive(Clone, Debug)]
pub struct Marks {
    /// Distance from the trim edge to where each mark starts (bleed + gap).
    pub offset: f64,
    /// Length of each mark.
    pub length: f64,
    /// Line width.
    pub weight: f64,
    /// The slug line of each page, shaped, if one is wanted (drawn in registration colour).
    pub slug: Vec<Option<Fragment>>,
}

/// The boxes of a page, each [x0, y0, x1, y1] in points, trim at the origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Boxes {
    /// The whole sheet: bleed plus the slug when marks are on.
    pub media: [f64; 4],
    /// The trim plus the bleed on every side.
    pub bleed: [f64; 4],
    /// The finished page.
    pub trim: [f64; 4],
}

impl Marks {
    /// How far the sheet extends beyond the bleed to hold the marks and slug line.
    pub fn slug(&self, bleed: f64) -> f64 {
        let needed = self.offset + self.length + mm(2.0) - bleed;
        (needed / SLUG_STEP).ceil().max(1.0) * SLUG_STEP
    }

    /// Where the slug line's baseline starts: under the page, clear of the bottom-left
    /// crop mark and below the bleed.
    pub fn slug_origin(&self, size: f64) -> Point {
        Point::new(mm(6.0), -(self.offset + size + mm(0.5)))
    }
}

/// The page's boxes: TrimBox is the page, BleedBox the bleed around it, MediaBox
/// adds the slug when there are marks.
pub fn boxes(page: &Page, marks: Option<&Marks>) -> Boxes {
    let (w, h, b) = (page.size.width, page.size.height, page.bleed);
    let m = b + marks.map_or(0.0, |m| m.slug(b));
    Boxes {
        media: [-m, -m, w + m, h + m],
        bleed: [-b, -b, w + b, h + b],
        trim: [0.0, 0.0, w, h],
    }
}

/// An A4 page and crop marks as the print profiles make them, for tests here and in the
/// PDF writer's marks.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::units::Size;

    /// An empty A4 page with `bleed`.
    pub(crate) fn a4(bleed: f64) -> Page {
        Page {
            size: Size {
                width: mm(210.0),
                height: mm(297.0),
            },
            bleed,
            items: vec![],
            folds: vec![],
        }
    }

    /// Crop marks 4 mm out, 5 mm long, 0.25 pt, no slug line.
    pub(crate) fn marks() -> Marks {
        Marks {
            offset: mm(4.0),
            length: mm(5.0),
            weight: 0.25,
            slug: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{a4, marks};
    use super::*;

    #[test]
    fn without_marks_the_sheet_is_the_bleed() {
        let b = boxes(&a4(mm(3.0)), None);
        assert_eq!(b.trim, [0.0, 0.0, mm(210.0), mm(297.0)]);
        assert_eq!(b.bleed, [-mm(3.0), -mm(3.0), mm(213.0), mm(300.0)]);
        assert_eq!(b.media, b.bleed);
    }

    #[test]
    fn marks_widen_the_media_box_by_a_whole_slug() {
        let m = marks();
        let b = boxes(&a4(mm(3.0)), Some(&m));
        let slug = m.slug(mm(3.0));
        assert_eq!(
            slug, 36.0,
            "4 + 5 + 2 − 3 mm = 8 mm rounds up to half an inch"
        );
        assert_eq!(b.media[0], -mm(3.0) - 36.0);
        assert_eq!(b.bleed, [-mm(3.0), -mm(3.0), mm(213.0), mm(300.0)]);
        // Each mark ends inside the sheet and starts outside the bleed.
        assert!(m.offset + m.length < -b.media[0]);
        assert!(m.offset > -b.bleed[0]);
        // The slug line sits below the bleed and above the sheet's edge.
        let o = m.slug_origin(6.0);
        assert!(o.y + 6.0 < b.bleed[1] && o.y - 2.0 > b.media[1], "{o:?}");
    }
}
