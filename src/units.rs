//! One length type for the whole pipeline: PostScript points, converted from the
//! units a designer writes ("12mm", "9.5pt") at the edge, when a file is read.

use serde::{Deserialize, Deserializer, de};
use std::fmt;

/// Points per millimetre (72 pt to the inch, 25.4 mm to the inch).
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// Converts millimetres to points.
pub fn mm(v: f64) -> f64 {
    v * PT_PER_MM
}

/// Converts points to millimetres.
pub fn to_mm(pt: f64) -> f64 {
    pt / PT_PER_MM
}

/// A length in points, read from `"12mm"`, `"1.2cm"`, `"9.5pt"` or a bare number of millimetres.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Length(pub f64);

impl Length {
    /// The length in points.
    pub fn pt(self) -> f64 {
        self.0
    }

    /// Parses a length written with a unit (mm, cm, pt, in) or a bare number (millimetres).
    pub fn parse(text: &str) -> Result<Length, String> {
        let t = text.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let value: f64 = num.parse().map_err(|_| bad_length(text))?;
        let factor = match unit.trim() {
            "" | "mm" => PT_PER_MM,
            "cm" => PT_PER_MM * 10.0,
            "pt" => 1.0,
            "in" => 72.0,
            _ => return Err(bad_length(text)),
        };
        Length::checked(value * factor).ok_or_else(|| bad_length(text))
    }

    /// A length in points when it is a number a page can have: finite, and within
    /// ±10 m (a `nan` or `1e300` margin would write a PDF of `NaN` operators).
    fn checked(pt: f64) -> Option<Length> {
        (pt.is_finite() && pt.abs() <= mm(10_000.0)).then_some(Length(pt))
    }
}

fn bad_length(text: &str) -> String {
    format!(
        "`{}` is not a length: write it as \"12mm\", \"1.2cm\", \"9.5pt\" or a number of millimetres (finite, at most 10 m)",
        crate::diag::cut(text, 40)
    )
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}mm", to_mm(self.0))
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Length;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a length such as \"12mm\" or \"9.5pt\", or a number of millimetres")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Length, E> {
                Length::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Length, E> {
                Length::checked(mm(v as f64)).ok_or_else(|| E::custom(bad_length(&v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Length, E> {
                Length::checked(mm(v)).ok_or_else(|| E::custom(bad_length(&v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// A point on a page, in points from the bottom-left corner of the trimmed page (PDF's convention).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Distance from the left trim edge.
    pub x: f64,
    /// Distance from the bottom trim edge.
    pub y: f64,
}

impl Point {
    /// A point at (x, y).
    pub fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// A size in points.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size {
    /// Horizontal extent.
    pub width: f64,
    /// Vertical extent.
    pub height: f64,
}

/// A CMYK colour, each component 0–1 (the layout writes percentages).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cmyk(pub [f64; 4]);

impl Cmyk {
    /// Plain process black (0/0/0/100): what text must be, never rich black.
    pub const BLACK: Cmyk = Cmyk([0.0, 0.0, 0.0, 1.0]);
}

impl<'de> Deserialize<'de> for Cmyk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v: Vec<f64> = Vec::deserialize(d)?;
        let parts: [f64; 4] = v.as_slice().try_into().map_err(|_| {
            de::Error::custom(format!(
                "a colour is four CMYK percentages like [0, 0, 0, 100], not {} numbers",
                v.len()
            ))
        })?;
        // `contains` is false for NaN, so `nan` is refused here too.
        if parts.iter().any(|p| !(0.0..=100.0).contains(p)) {
            return Err(de::Error::custom(
                "CMYK percentages must lie between 0 and 100",
            ));
        }
        Ok(Cmyk(parts.map(|p| p / 100.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        let cases = [
            ("12mm", mm(12.0)),
            ("1.2cm", mm(12.0)),
            ("9.5pt", 9.5),
            ("1in", 72.0),
            (" 3 mm", mm(3.0)),
            ("10", mm(10.0)),
        ];
        for (text, want) in cases {
            let got = Length::parse(text).unwrap().pt();
            assert!((got - want).abs() < 1e-9, "{text}: {got} != {want}");
        }
    }

    #[test]
    fn refuses_non_finite_and_absurd_lengths_from_toml() {
        #[derive(serde::Deserialize)]
        struct T {
            #[allow(dead_code)]
            x: Length,
        }
        for text in [
            "x = nan",
            "x = inf",
            "x = -inf",
            "x = 1e300",
            "x = 99999999",
            "x = \"20000000mm\"",
        ] {
            let err = toml::from_str::<T>(text).err().unwrap().to_string();
            assert!(err.contains("is not a length"), "{text}: {err}");
        }
        assert!(toml::from_str::<T>("x = 12.5").is_ok());
    }

    #[test]
    fn rejects_unknown_units() {
        for text in ["12px", "mm", "", "1e999mm"] {
            let err = Length::parse(text).unwrap_err();
            assert!(err.contains("is not a length"), "{text}: {err}");
        }
    }

    #[test]
    fn a4_in_points() {
        assert!((mm(210.0) - 595.2756).abs() < 1e-3);
        assert!((to_mm(mm(297.0)) - 297.0).abs() < 1e-9);
    }
}
