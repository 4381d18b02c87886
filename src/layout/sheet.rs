//! The sheet: trimmed size (named or measured), orientation, sides, margins and the
//! grid (columns × rows) that frames are placed on.

use crate::units::{Length, mm};
use serde::Deserialize;

/// The `[sheet]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSpec {
    /// A named size: `A3`, `A4`, `A5` or `DL`; or give `width` and `height`.
    pub size: Option<String>,
    /// Trimmed width, when no `size` is named.
    pub width: Option<Length>,
    /// Trimmed height, when no `size` is named.
    pub height: Option<Length>,
    /// `portrait` (default) or `landscape`.
    #[serde(default)]
    pub orientation: Orientation,
    /// Sides the leaflet uses: 1, 2, or `"auto"` (a second side only when the text needs it).
    pub sides: Sides,
    /// Margins: the type area the grid divides.
    pub margin_top: Length,
    /// Bottom margin.
    pub margin_bottom: Length,
    /// Left margin.
    pub margin_left: Length,
    /// Right margin.
    pub margin_right: Length,
    /// Grid columns across the type area (frames give `cols = [first, last]`).
    pub columns: u32,
    /// Space between grid columns, and the default between a frame's own columns.
    pub gutter: Length,
    /// Grid rows down the type area (frames give `rows = [first, last]`); 1 by default.
    #[serde(default = "one")]
    pub rows: u32,
    /// Space between grid rows (default: `gutter`).
    pub row_gutter: Option<Length>,
}

fn one() -> u32 {
    1
}

/// Which way the sheet is turned.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Taller than wide.
    #[default]
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// How many sides the leaflet prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sides {
    /// Exactly this many (1 or 2).
    Fixed(u32),
    /// One, or two when the story needs the second.
    Auto,
}

impl Sides {
    /// The side counts to try, fewest first.
    pub fn tries(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Sides::Fixed(n) => n as usize..=n as usize,
            Sides::Auto => 1..=2,
        }
    }

    /// The most sides the leaflet may use.
    pub fn most(self) -> usize {
        *self.tries().end()
    }
}

impl<'de> Deserialize<'de> for Sides {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(i64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n @ 1..=2) => Ok(Sides::Fixed(n as u32)),
            Raw::S(s) if s == "auto" => Ok(Sides::Auto),
            _ => Err(serde::de::Error::custom(
                "sides is 1, 2 or \"auto\" (a second side only when the text needs it)",
            )),
        }
    }
}

/// Named trimmed sizes (ISO 216 and the DL envelope), portrait, in millimetres.
pub const NAMED_SIZES: [(&str, f64, f64); 4] = [
    ("A3", 297.0, 420.0),
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
    ("DL", 99.0, 210.0),
];

impl SheetSpec {
    /// Width and height of the trimmed sheet in points, turned as `orientation` says;
    /// None when the size is neither named nor measured (an error for `validate`).
    pub fn trim(&self) -> Option<(f64, f64)> {
        let (w, h) = match (&self.size, self.width, self.height) {
            (Some(name), None, None) => {
                let (_, w, h) = NAMED_SIZES
                    .iter()
                    .find(|(n, _, _)| n.eq_ignore_ascii_case(name))?;
                (mm(*w), mm(*h))
            }
            (None, Some(w), Some(h)) => (w.pt(), h.pt()),
            _ => return None,
        };
        let turn = (self.orientation == Orientation::Landscape) == (w < h);
        Some(if turn { (h, w) } else { (w, h) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(extra: &str) -> SheetSpec {
        let text = format!(
            "sides = \"auto\"\nmargin_top = 12\nmargin_bottom = 12\nmargin_left = 12\nmargin_right = 12\ncolumns = 3\ngutter = 5\n{extra}"
        );
        toml::from_str(&text).expect("a valid sheet")
    }

    #[test]
    fn named_sizes_turn_with_the_orientation() {
        let a4 = sheet("size = \"A4\"").trim().unwrap();
        assert!((a4.0 - mm(210.0)).abs() < 1e-9 && (a4.1 - mm(297.0)).abs() < 1e-9);
        let land = sheet("size = \"a4\"\norientation = \"landscape\"")
            .trim()
            .unwrap();
        assert!((land.0 - mm(297.0)).abs() < 1e-9);
        assert!(sheet("size = \"B7\"").trim().is_none());
        assert!(sheet("size = \"A4\"\nwidth = 100").trim().is_none());
    }

    #[test]
    fn sides_are_one_two_or_auto() {
        assert_eq!(sheet("size = \"A5\"").sides.tries(), 1..=2);
        let bad: Result<SheetSpec, _> = toml::from_str("sides = 3");
        assert!(bad.is_err());
    }
}
