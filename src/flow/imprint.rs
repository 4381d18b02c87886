//! The imprint as a block of its own: its fields (one paragraph each) set in columns of
//! about 80 characters, so a 6.5 pt line is never the width of the page (190 characters
//! read badly), balanced so the block is as low as it can be.
//!
//! Self-contained: given the width it may take and the set block, [`place`] returns
//! where each line goes and the height the block takes, wherever the block is drawn.

use super::SetBlock;
use super::fill::first_baseline;
use crate::layout::Layout;

/// Characters per imprint line aimed at: inside the 60–90 a reader follows with ease.
const TARGET_CHARS: f64 = 80.0;
/// Average advance of a character of Cyrillic running text in the bundled serif, in ems
/// (lowercase, spaces and punctuation together; 0.5 in Noto Serif, PT Serif, Times).
const AVERAGE_CHAR_EM: f64 = 0.5;

/// How the imprint is divided across its width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImprintColumns {
    /// Number of columns (1 on a narrow page).
    pub count: usize,
    /// Width of each, in points: the measure the imprint's paragraphs are set at.
    pub measure: f64,
    /// Space between them, in points.
    pub gutter: f64,
}

impl ImprintColumns {
    /// The imprint's columns across a frame `width` wide, at `layout`'s imprint size,
    /// with the sheet's gutter between them.
    pub fn of(layout: &Layout, width: f64) -> ImprintColumns {
        let size = layout.styles.imprint.size.pt();
        ImprintColumns::fit(width, size, layout.sheet.gutter.pt())
    }

    /// The columns nearest [`TARGET_CHARS`] of type at `size` across `width`.
    pub fn fit(width: f64, size: f64, gutter: f64) -> ImprintColumns {
        let target = TARGET_CHARS * AVERAGE_CHAR_EM * size;
        let count = ((width + gutter) / (target + gutter)).round().max(1.0) as usize;
        let measure = (width - gutter * (count - 1) as f64) / count as f64;
        ImprintColumns {
            count,
            measure,
            gutter,
        }
    }
}

/// The imprint placed: each line's (x, baseline) in reading order, and the block's top.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedImprint {
    /// (x, baseline) of every line, paragraph by paragraph.
    pub lines: Vec<(f64, f64)>,
    /// The top of the block's first line (its ascent above the first baseline).
    pub top: f64,
    /// Height from `top` to the bottom the block was placed on.
    pub height: f64,
}

/// Places `block` (set at `columns.measure`) in `columns` from `x`, its lowest line's
/// descent on `bottom`. Fields stay whole in a column unless one is longer than a column.
pub fn place(block: &SetBlock, x: f64, bottom: f64, columns: &ImprintColumns) -> PlacedImprint {
    let counts: Vec<usize> = block.paragraphs.iter().map(|p| p.lines.len()).collect();
    let Some(first) = block.paragraphs.first() else {
        return PlacedImprint {
            lines: vec![],
            top: bottom,
            height: 0.0,
        };
    };
    let (leading, size) = (first.leading, first.size);
    let cells = cells(&counts, columns.count);
    let rows = cells.iter().map(|c| c.1 + 1).max().unwrap_or(0);
    let last_baseline = bottom + size * 0.25;
    let top_baseline = last_baseline + (rows.saturating_sub(1)) as f64 * leading;
    let lines = cells
        .iter()
        .map(|&(column, row)| {
            let x = x + column as f64 * (columns.measure + columns.gutter);
            (x, top_baseline - row as f64 * leading)
        })
        .collect();
    let top = top_baseline + first_baseline(size);
    PlacedImprint {
        lines,
        top,
        height: top - bottom,
    }
}

/// (column, row) of every line, for paragraphs of `counts` lines in `columns` columns:
/// the fewest rows into which whole paragraphs fit in order, a paragraph taller than the
/// rows running on into the next column.
fn cells(counts: &[usize], columns: usize) -> Vec<(usize, usize)> {
    let total: usize = counts.iter().sum();
    let columns = columns.max(1);
    (total.div_ceil(columns)..=total.max(1))
        .find_map(|rows| pack(counts, columns, rows))
        .unwrap_or_default()
}

/// Packs paragraphs in order into `columns` of `rows` lines; None if they do not fit.
fn pack(counts: &[usize], columns: usize, rows: usize) -> Option<Vec<(usize, usize)>> {
    let (mut column, mut row) = (0, 0);
    let mut out = Vec::with_capacity(counts.iter().sum());
    for &n in counts {
        // A paragraph that fits in a column but not in what is left of this one moves on.
        if row > 0 && row + n > rows && n <= rows {
            (column, row) = (column + 1, 0);
        }
        for _ in 0..n {
            if row == rows {
                (column, row) = (column + 1, 0);
            }
            out.push((column, row));
            row += 1;
        }
    }
    (column < columns).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_come_near_eighty_characters() {
        let mm = |v: f64| v * 72.0 / 25.4;
        let a4 = ImprintColumns::fit(mm(186.0), 6.5, mm(5.0));
        assert_eq!(a4.count, 2);
        let chars = a4.measure / (AVERAGE_CHAR_EM * 6.5);
        assert!((60.0..=90.0).contains(&chars), "{chars}");
        assert_eq!(ImprintColumns::fit(mm(90.0), 6.5, mm(5.0)).count, 1);
        assert_eq!(ImprintColumns::fit(mm(277.0), 6.5, mm(5.0)).count, 3);
    }

    #[test]
    fn fields_stay_whole_and_columns_balance() {
        // Six fields of 2, 2, 1, 1, 1, 1 lines in two columns: 4 rows, nothing split.
        let cells = cells(&[2, 2, 1, 1, 1, 1], 2);
        assert_eq!(
            cells,
            [
                (0, 0),
                (0, 1),
                (0, 2),
                (0, 3),
                (1, 0),
                (1, 1),
                (1, 2),
                (1, 3)
            ]
        );
        // One field longer than a balanced column runs on into the next.
        assert_eq!(cells_rows(&[7, 1], 2), 4);
        assert_eq!(cells_rows(&[1, 1, 1], 1), 3);
        assert!(super::cells(&[], 2).is_empty());
    }

    fn cells_rows(counts: &[usize], columns: usize) -> usize {
        cells(counts, columns)
            .iter()
            .map(|c| c.1 + 1)
            .max()
            .unwrap()
    }
}
