//! A plain-text dump of the set lines (SILE-style): golden files show a change
//! of line breaks in review without any renderer.

use crate::frame::PlacedLine;
use crate::units::to_mm;
use std::fmt::Write;

/// One line per set line: page, column, baseline (mm from top), ratio, text.
pub fn dump(lines: &[PlacedLine], page_height: f64) -> String {
    let mut out = String::new();
    for l in lines {
        let _ = writeln!(
            out,
            "p{} c{} y{:6.1} {:>6.2} {:<20} | {}",
            l.page + 1,
            l.column + 1,
            to_mm(page_height - l.baseline),
            l.line.ratio,
            l.kind.name(),
            l.line.text
        );
    }
    out
}
