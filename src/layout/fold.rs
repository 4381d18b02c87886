//! Folds: a roll (tri-fold) or a half fold, as vertical fold lines across a landscape
//! sheet. Side 1's panels are listed from the left; side 2 is side 1 turned over, so
//! its panels are the same widths from the right. The panel roles (cover, back,
//! fold-in) say how the leaflet reads once folded, and are checked against the kind.

use crate::units::{Length, mm};
use serde::Deserialize;

/// No text comes closer than this to a fold: the crease and the folding machine's
/// tolerance would eat it.
pub const FOLD_ZONE: f64 = 4.0;

/// The `[fold]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoldSpec {
    /// `roll` (tri-fold: three panels rolled in) or `half` (two panels).
    pub kind: FoldKind,
    /// Panel widths on side 1, from the left; they add up to the sheet's width.
    /// Default: a roll's fold-in panel 3 mm narrower (97/100/100 mm on A4), halves equal.
    pub panels: Option<Vec<Length>>,
    /// The panel (from 1, on side 1, from the left) that is the front once folded.
    pub cover: Option<usize>,
    /// The panel on the back once folded.
    pub back: Option<usize>,
    /// A roll fold's panel that folds in first (the narrow one).
    pub fold_in: Option<usize>,
    /// How far text keeps from a fold (at least 4 mm; default 6 mm). Frames placed with
    /// `panel = N` keep this far from the panel's folded edges.
    pub margin: Option<Length>,
}

/// How the sheet folds.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FoldKind {
    /// Three panels, the outer ones rolled in one after the other.
    Roll,
    /// Two panels, folded once down the middle.
    Half,
}

impl FoldSpec {
    /// Panel widths on side 1 from the left, in points, for a sheet `width` wide.
    pub fn panel_widths(&self, width: f64) -> Vec<f64> {
        if let Some(p) = &self.panels {
            return p.iter().map(|l| l.pt()).collect();
        }
        match self.kind {
            FoldKind::Half => vec![width / 2.0; 2],
            FoldKind::Roll => {
                let wide = (width + mm(3.0)) / 3.0;
                let narrow = width - 2.0 * wide;
                match self.fold_in.unwrap_or(1) {
                    3 => vec![wide, wide, narrow],
                    _ => vec![narrow, wide, wide],
                }
            }
        }
    }

    /// The text's distance from a fold, in points.
    pub fn margin(&self) -> f64 {
        self.margin.map_or(mm(6.0), |m| m.pt())
    }

    /// The panels of side `side` (from 0) as (left, width), from the left.
    pub fn panels_on(&self, side: usize, width: f64) -> Vec<(f64, f64)> {
        let mut widths = self.panel_widths(width);
        if side % 2 == 1 {
            widths.reverse();
        }
        let mut x = 0.0;
        widths
            .into_iter()
            .map(|w| {
                let p = (x, w);
                x += w;
                p
            })
            .collect()
    }

    /// The fold lines of side `side` (from 0): x from the left trim edge, in points.
    pub fn folds_on(&self, side: usize, width: f64) -> Vec<f64> {
        let panels = self.panels_on(side, width);
        panels.iter().skip(1).map(|(x, _)| *x).collect()
    }

    /// What is wrong with the fold for a sheet `width` wide: the key and the message
    /// with its hint.
    pub fn problem(&self, width: f64) -> Option<(&'static str, String, String)> {
        let widths = self.panel_widths(width);
        let count = match self.kind {
            FoldKind::Roll => 3,
            FoldKind::Half => 2,
        };
        if widths.len() != count {
            return Some((
                "panels",
                format!(
                    "a {:?} fold has {count} panels, not {}",
                    self.kind,
                    widths.len()
                )
                .to_lowercase(),
                "list one width per panel, from the left of side 1".into(),
            ));
        }
        let total: f64 = widths.iter().sum();
        if (total - width).abs() > mm(0.5) {
            return Some((
                "panels",
                format!(
                    "the panels add up to {}, the sheet is {} wide",
                    Length(total),
                    Length(width)
                ),
                "make the panel widths add up to the sheet's width".into(),
            ));
        }
        if self.margin() < mm(FOLD_ZONE) - 1e-6 {
            return Some((
                "margin",
                format!(
                    "fold margin {} is under {FOLD_ZONE}mm",
                    Length(self.margin())
                ),
                "text keeps at least 4mm from a fold".into(),
            ));
        }
        match self.kind {
            FoldKind::Roll => self.roll_problem(&widths),
            FoldKind::Half => self.half_problem(&widths),
        }
    }

    fn roll_problem(&self, widths: &[f64]) -> Option<(&'static str, String, String)> {
        let fold_in = self.fold_in.unwrap_or(1);
        let (back, cover) = (self.back.unwrap_or(2), self.cover.unwrap_or(4 - fold_in));
        if !(fold_in == 1 || fold_in == 3) || back != 2 || cover != 4 - fold_in {
            return Some(("fold_in", format!("a roll fold's panels read fold-in {fold_in}, back {back}, cover {cover}"), "the fold-in panel is at one end of side 1, the back in the middle and the cover at the other end: fold_in = 1, back = 2, cover = 3 (or 3, 2, 1)".into()));
        }
        let narrow = widths[fold_in - 1];
        let others = widths.iter().enumerate().filter(|(i, _)| *i != fold_in - 1);
        let ok = others
            .clone()
            .all(|(_, w)| (mm(1.5)..=mm(4.0)).contains(&(w - narrow)));
        if !ok {
            return Some((
                "panels",
                format!(
                    "the fold-in panel ({}) must be 2–3mm narrower than the others",
                    Length(narrow)
                ),
                "a roll fold's inner panel is narrower so it folds in flat: 97/100/100mm on A4"
                    .into(),
            ));
        }
        None
    }

    fn half_problem(&self, widths: &[f64]) -> Option<(&'static str, String, String)> {
        if self.fold_in.is_some() {
            return Some((
                "fold_in",
                "a half fold has no fold-in panel".into(),
                "remove fold_in, or use kind = \"roll\"".into(),
            ));
        }
        let (cover, back) = (self.cover.unwrap_or(2), self.back.unwrap_or(1));
        if !matches!((cover, back), (1, 2) | (2, 1)) {
            return Some((
                "cover",
                format!("a half fold's panels are 1 and 2, not cover {cover}, back {back}"),
                "cover = 2, back = 1: the right half of side 1 is the front once folded".into(),
            ));
        }
        if (widths[0] - widths[1]).abs() > mm(0.5) {
            return Some((
                "panels",
                "a half fold's panels must be equal".into(),
                "leave panels out: they are half the sheet each".into(),
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roll() -> FoldSpec {
        toml::from_str("kind = \"roll\"").expect("a fold")
    }

    #[test]
    fn a4_rolls_into_97_100_100_and_turns_over_on_side_2() {
        let f = roll();
        let w = mm(297.0);
        let widths: Vec<f64> = f
            .panel_widths(w)
            .iter()
            .map(|p| crate::units::to_mm(*p))
            .collect();
        assert!(
            (widths[0] - 97.0).abs() < 1e-9 && (widths[1] - 100.0).abs() < 1e-9,
            "{widths:?}"
        );
        let folds: Vec<f64> = f
            .folds_on(0, w)
            .iter()
            .map(|x| crate::units::to_mm(*x))
            .collect();
        assert!((folds[0] - 97.0).abs() < 1e-9 && (folds[1] - 197.0).abs() < 1e-9);
        let back: Vec<f64> = f
            .folds_on(1, w)
            .iter()
            .map(|x| crate::units::to_mm(*x))
            .collect();
        assert!((back[0] - 100.0).abs() < 1e-9 && (back[1] - 200.0).abs() < 1e-9);
        assert!(f.problem(w).is_none());
    }

    #[test]
    fn impossible_folds_are_explained() {
        let w = mm(297.0);
        let equal: FoldSpec = toml::from_str("kind = \"roll\"\npanels = [99, 99, 99]").unwrap();
        assert!(equal.problem(w).unwrap().1.contains("2–3mm narrower"));
        let short: FoldSpec = toml::from_str("kind = \"roll\"\npanels = [90, 100, 100]").unwrap();
        assert!(short.problem(w).unwrap().1.contains("add up to"));
        let roles: FoldSpec = toml::from_str("kind = \"roll\"\ncover = 2").unwrap();
        assert!(roles.problem(w).unwrap().1.contains("cover 2"));
        let half: FoldSpec = toml::from_str("kind = \"half\"\nfold_in = 1").unwrap();
        assert!(half.problem(w).unwrap().1.contains("no fold-in"));
        let tight: FoldSpec = toml::from_str("kind = \"half\"\nmargin = 2").unwrap();
        assert!(tight.problem(w).unwrap().1.contains("under 4mm"));
    }
}
