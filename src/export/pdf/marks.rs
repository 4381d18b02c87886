//! The printer's marks in the slug, drawn where print placed them (the page boxes and
//! the marks' geometry are print's: `print::marks`). Crop marks are hairlines in registration colour (Separation /All, ISO 32000-1
//! §8.6.6.4: they print on every plate), drawn outside the bleed so they never
//! show on the trimmed leaflet.

use crate::frame::Page;
use pdf_writer::writers::ColorSpace;
use pdf_writer::{Content, Dict, Name};

/// The geometry is print's decision; these paths are kept for the exporter's callers.
pub use crate::print::marks::{Boxes, Marks, boxes};

/// The resource name of the registration colour space.
pub const REGISTRATION: &str = "Reg";

/// Draws the eight crop marks: at each corner one mark in line with each trim edge,
/// starting `offset` beyond the trim.
pub fn draw(c: &mut Content, page: &Page, marks: &Marks) {
    let (w, h) = (page.size.width, page.size.height);
    let (a, z) = (marks.offset, marks.offset + marks.length);
    c.save_state();
    c.set_stroke_color_space(Name(REGISTRATION.as_bytes()));
    c.set_stroke_color([1.0]);
    c.set_line_width(marks.weight as f32);
    for (x, sign_x) in [(0.0, -1.0), (w, 1.0)] {
        for (y, sign_y) in [(0.0, -1.0), (h, 1.0)] {
            // Horizontal mark in line with the top or bottom edge, then vertical.
            line(c, (x + sign_x * a, y), (x + sign_x * z, y));
            line(c, (x, y + sign_y * a), (x, y + sign_y * z));
        }
    }
    c.stroke();
    fold_marks(c, page, marks);
    c.restore_state();
}

/// Fold marks: a dashed line in line with each fold, above and below the page, as long
/// as the crop marks. Dashed so the finisher never takes one for a cut.
fn fold_marks(c: &mut Content, page: &Page, marks: &Marks) {
    if page.folds.is_empty() {
        return;
    }
    let h = page.size.height;
    let (a, z) = (marks.offset, marks.offset + marks.length);
    c.set_dash_pattern([3.0, 2.0], 0.0);
    for &x in &page.folds {
        line(c, (x, h + a), (x, h + z));
        line(c, (x, -a), (x, -z));
    }
    c.stroke();
}

fn line(c: &mut Content, from: (f64, f64), to: (f64, f64)) {
    c.move_to(from.0 as f32, from.1 as f32);
    c.line_to(to.0 as f32, to.1 as f32);
}

/// Sets the fill colour to registration, for the slug line.
pub fn fill_registration(c: &mut Content) {
    c.set_fill_color_space(Name(REGISTRATION.as_bytes()));
    c.set_fill_color([1.0]);
}

/// Adds the registration colour space to a page's `/ColorSpace` resources: a
/// Separation named /All whose alternate is 100 % of every process ink.
pub fn registration_space(spaces: &mut Dict) {
    let mut sep = spaces
        .insert(Name(REGISTRATION.as_bytes()))
        .start::<ColorSpace>()
        .separation(Name(b"All"));
    sep.alternate_color_space().device_cmyk();
    sep.tint_exponential()
        .domain([0.0, 1.0])
        .c0([0.0; 4])
        .c1([1.0; 4])
        .n(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::marks::fixtures::{a4, marks};
    use crate::units::mm;

    #[test]
    fn folds_are_marked_with_dashes_in_the_slug() {
        let mut page = a4(mm(3.0));
        page.folds = vec![100.0];
        let marks = marks();
        let mut c = Content::new();
        draw(&mut c, &page, &marks);
        let text = String::from_utf8(c.finish().into_vec()).unwrap();
        assert!(text.contains("[3 2] 0 d"), "{text}");
        assert!(text.contains("100 853.22833 m\n100 867.40155 l"), "{text}");
        page.folds.clear();
        let mut c = Content::new();
        draw(&mut c, &page, &marks);
        assert!(
            !String::from_utf8(c.finish().into_vec())
                .unwrap()
                .contains(" d\n")
        );
    }

    #[test]
    fn crop_marks_are_eight_hairlines_in_registration() {
        let mut c = Content::new();
        draw(&mut c, &a4(mm(3.0)), &marks());
        let text = String::from_utf8(c.finish().into_vec()).unwrap();
        assert!(text.starts_with("q\n/Reg CS\n1 SCN\n0.25 w\n"), "{text}");
        assert_eq!(text.matches(" m\n").count(), 8);
        assert_eq!(text.matches(" l\n").count(), 8);
    }
}
