//! The print stage: the print profile applied to flowed pages, between flow and
//! export. It sets the bleed, checks the safe zone and every image's resolution,
//! prepares images for the PDF/X flavour, shapes the slug lines, and describes
//! what it did for the report. Data flows one way: it reads frames, never layout,
//! and hands export what to write (`PrintSetup`, `Embedded`, `PrintReport`); it never
//! uses export.

pub mod colour;
pub mod geometry;
pub mod marks;
pub mod report;

pub use colour::{ColourSetup, Embedded};
pub use geometry::{cover, cover_pixels, effective_ppi};
pub use marks::{Boxes, Marks, boxes};
pub use report::{ImageReport, PrintReport, rounded};

use crate::frame::Fragment;
use crate::frame::{FrameItem, Page};
use crate::image::Image;
use crate::profile::{IntentSpec, PdfX, PrintProfile, total_ink};
use crate::units::{mm, to_mm};

/// The closest text may come to the trim (ISO 12647-2 trim tolerance is ±1 mm; the
/// layout's margins are never below this either).
pub const SAFE_ZONE: f64 = 3.0 * crate::units::PT_PER_MM;

/// Font size of the slug line, points.
pub const SLUG_SIZE: f64 = 6.0;

/// The pages' images ready for the PDF, with the report's print section and warnings.
pub struct Prepared<'a> {
    /// The images as they go into the PDF.
    pub images: Vec<Embedded<'a>>,
    /// What the report says about print.
    pub report: PrintReport,
    /// Warnings for the user.
    pub warnings: Vec<String>,
}

/// Text that would come within 3 mm of the trim: a word wider than its column (a web
/// address, a 200-letter word) that no line break can place.
#[derive(Debug)]
pub struct Overset {
    /// The text drawn there.
    pub text: String,
    /// The page, from 1.
    pub page: usize,
    /// Its width, in points.
    pub width: f64,
}

/// Applies the profile's bleed to every page and checks the text keeps to the safe zone.
pub fn set_bleed(profile: &PrintProfile, pages: &mut [Page]) -> std::result::Result<(), Overset> {
    for (n, page) in pages.iter_mut().enumerate() {
        page.bleed = profile.bleed.pt();
        for item in &page.items {
            if let FrameItem::Text { origin, fragment } = item {
                let (x0, x1) = (origin.x, origin.x + fragment.width());
                let (y0, y1) = (origin.y - 0.25 * fragment.size, origin.y + fragment.size);
                let (w, h, s) = (page.size.width, page.size.height, SAFE_ZONE);
                if x0 < s - 0.01 || y0 < s - 0.01 || x1 > w - s + 0.01 || y1 > h - s + 0.01 {
                    return Err(Overset {
                        text: fragment.text.to_string(),
                        page: n + 1,
                        width: fragment.width(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Checks each placed image's resolution and prepares it for the PDF; `names` says
/// what each image is ("portrait", "logo") for messages.
/// `Err` holds the message for an image refused (too coarse, or not convertible).
pub fn prepare<'a>(
    profile: &PrintProfile,
    pages: &[Page],
    images: &'a [Image],
    names: &[&str],
) -> std::result::Result<Prepared<'a>, String> {
    let setup = ColourSetup {
        pdfx: profile.pdfx,
        output_icc: &profile.icc,
        condition: &profile.output_intent.identifier,
        intent: profile.images.rendering_intent,
        jpeg_quality: profile.images.jpeg_quality,
        ink_limit: profile.ink_limit,
    };
    let mut warnings = Vec::new();
    let mut reports = Vec::new();
    let mut embedded = Vec::new();
    for (index, image) in images.iter().enumerate() {
        let ppi = placed_ppi(pages, index, image);
        if let Some(ppi) = ppi {
            let name = names.get(index).copied().unwrap_or("picture");
            check_ppi(profile, name, ppi, &mut warnings)?;
        }
        let e = colour::prepare(image, &setup)?;
        reports.push(ImageReport {
            pixels: [image.width, image.height],
            effective_ppi: ppi.map(rounded),
            conversion: e.conversion.clone(),
            max_ink_pct: e.max_ink,
        });
        embedded.push(e);
    }
    if profile.bleed.pt() < mm(3.0) - 1e-6 {
        warnings.push(format!(
            "the bleed is {}; most shops want 3mm or more",
            profile.bleed
        ));
    }
    let report = print_report(profile, pages, reports);
    Ok(Prepared {
        images: embedded,
        report,
        warnings,
    })
}

/// Type below this size in more than [`MAX_SMALL_TYPE_PLATES`] plates blurs on press.
const SMALL_TYPE_PT: f64 = 12.0;
/// Plates small type may use: one or two keep thin strokes sharp when the press is out of
/// register by a tenth of a millimetre, which at 9.5 pt is a third of a stem.
const MAX_SMALL_TYPE_PLATES: usize = 2;

/// Warnings for text styles of `layout` under 12 pt set in a colour of more than two
/// plates (a process red of C0 M90 Y85 K5 prints from three): not errors, since a
/// well-registered press prints them, but a shop would advise against them.
pub fn small_type_warnings(layout: &crate::layout::Layout) -> Vec<String> {
    layout
        .named_styles()
        .iter()
        .filter(|(_, s)| s.size.pt() < SMALL_TYPE_PT)
        .filter_map(|(name, s)| {
            // The accent is checked as the layout's own; a party colour at render.
            let color = layout.color(s.color, None);
            let plates = plates(color);
            (plates > MAX_SMALL_TYPE_PLATES).then(|| {
                let [c, m, y, k] = color.0.map(|v| (v * 100.0).round());
                format!(
                    "style `{name}` sets {:.1}pt text in C{c} M{m} Y{y} K{k}, a colour of {plates} plates: \
                     small type in several plates blurs when the press is out of register; use one or \
                     two plates (e.g. color = [0, 100, 100, 0] for red) under [styles.{name}]",
                    s.size.pt()
                )
            })
        })
        .collect()
}

/// The plates a CMYK colour prints from (channels above half a percent).
fn plates(color: crate::units::Cmyk) -> usize {
    color.0.iter().filter(|&&v| v > 0.005).count()
}

/// The lowest resolution at which image `index` is drawn, if it is drawn.
fn placed_ppi(pages: &[Page], index: usize, image: &Image) -> Option<f64> {
    pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            FrameItem::Image { image: i, frame } if *i == index => {
                Some(effective_ppi(image, frame))
            }
            _ => None,
        })
        .reduce(f64::min)
}

fn check_ppi(
    profile: &PrintProfile,
    name: &str,
    ppi: f64,
    warnings: &mut Vec<String>,
) -> std::result::Result<(), String> {
    let (warn, refuse) = (
        profile.images.warn_below_ppi,
        profile.images.refuse_below_ppi,
    );
    if ppi < refuse {
        return Err(format!(
            "the {name} is only {ppi:.0} ppi at its placed size; the print profile `{}` refuses below {refuse:.0} ppi",
            profile.name
        ));
    }
    if ppi < warn {
        warnings.push(format!(
            "the {name} is {ppi:.0} ppi at its placed size; print wants {warn:.0} ppi or more"
        ));
    }
    Ok(())
}

/// The highest total ink drawn: vector colours on the pages and converted images.
fn max_ink(pages: &[Page], images: &[ImageReport]) -> f64 {
    let vector = pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            FrameItem::Text { fragment, .. } => Some(total_ink(fragment.color)),
            FrameItem::Rule { color, .. } | FrameItem::Fill { color, .. } => {
                Some(total_ink(*color))
            }
            FrameItem::Image { .. } => None,
        });
    let raster = images.iter().filter_map(|i| i.max_ink_pct);
    vector.chain(raster).fold(0.0, f64::max)
}

fn print_report(profile: &PrintProfile, pages: &[Page], images: Vec<ImageReport>) -> PrintReport {
    let marks = profile.marks.crop;
    let sheet = pages.first().map(|p| {
        let m = marks_for(profile, vec![]);
        boxes(p, m.as_ref()).media
    });
    PrintReport {
        profile: profile.name.clone(),
        overrides: profile.overrides.clone(),
        pdfx: profile.pdfx.label().into(),
        output_condition: profile.output_intent.identifier.clone(),
        bleed_mm: rounded(to_mm(profile.bleed.pt())),
        marks,
        slug_line: marks && profile.marks.slug_line,
        outline_text: profile.text.outline,
        sheet_mm: sheet.map(|m| [rounded(to_mm(m[2] - m[0])), rounded(to_mm(m[3] - m[1]))]),
        ink_limit_pct: profile.ink_limit,
        max_ink_pct: rounded(max_ink(pages, &images)),
        images,
    }
}

/// The crop marks the profile asks for, with the given slug lines.
pub fn marks_for(profile: &PrintProfile, slug: Vec<Option<Fragment>>) -> Option<Marks> {
    profile.marks.crop.then(|| Marks {
        offset: profile.bleed.pt() + profile.marks.gap.pt(),
        length: profile.marks.length.pt(),
        weight: profile.marks.weight.pt(),
        slug,
    })
}

/// The slug line's text for page `n` of `count`.
pub fn slug_text(
    job: &str,
    date: (u16, u8, u8),
    profile: &PrintProfile,
    n: usize,
    count: usize,
) -> String {
    let (y, m, d) = date;
    format!(
        "{job} · {y:04}-{m:02}-{d:02} · page {n} of {count} · {} · {}",
        profile.display_name(),
        profile.pdfx.label()
    )
}

/// How the file is made for print: what the exporter takes from the print profile.
pub struct PrintSetup<'a> {
    /// The PDF/X flavour claimed and obeyed.
    pub pdfx: PdfX,
    /// The output intent's names.
    pub intent: &'a IntentSpec,
    /// The output intent's CMYK ICC profile.
    pub icc: &'a [u8],
    /// Crop marks and slug lines, if on.
    pub marks: Option<Marks>,
    /// Draw glyphs as paths, with an invisible text layer.
    pub outline_text: bool,
}

/// What the exporter takes from the profile.
pub fn setup(profile: &PrintProfile, slug: Vec<Option<Fragment>>) -> PrintSetup<'_> {
    PrintSetup {
        pdfx: profile.pdfx,
        intent: &profile.output_intent,
        icc: &profile.icc,
        marks: marks_for(profile, slug),
        outline_text: profile.text.outline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Glyph;
    use crate::units::{Cmyk, Point, Size};

    #[test]
    fn plates_count_the_inks_a_colour_prints_from() {
        assert_eq!(plates(Cmyk::BLACK), 1);
        assert_eq!(plates(Cmyk([0.0, 1.0, 1.0, 0.0])), 2);
        assert_eq!(plates(Cmyk([0.0, 0.9, 0.85, 0.05])), 3);
        assert_eq!(plates(Cmyk([0.004, 1.0, 0.0, 0.0])), 1);
    }

    fn page_with_text_at(x: f64) -> Page {
        let glyph = Glyph {
            id: 1,
            advance: 5.0,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: 0,
        };
        let fragment = Fragment {
            font: crate::text::font::FontId(0),
            size: 10.0,
            color: Cmyk::BLACK,
            glyphs: vec![glyph],
            text: "a".into(),
            actual_text: None,
            spacing: 0.0,
            scale: 1.0,
        };
        Page {
            size: Size {
                width: mm(210.0),
                height: mm(297.0),
            },
            bleed: 0.0,
            items: vec![FrameItem::Text {
                origin: Point::new(x, mm(100.0)),
                fragment,
            }],
            folds: vec![],
        }
    }

    #[test]
    fn the_profile_sets_the_bleed_and_text_keeps_out_of_the_trim_zone() {
        let mut profile = PrintProfile::builtin("offset-x1a").expect("built in");
        profile.bleed = crate::units::Length(mm(5.0));
        let mut pages = vec![page_with_text_at(mm(12.0))];
        set_bleed(&profile, &mut pages).unwrap();
        assert_eq!(pages[0].bleed, mm(5.0));
        let mut pages = vec![page_with_text_at(mm(2.0))];
        let err = set_bleed(&profile, &mut pages).unwrap_err();
        assert_eq!(err.page, 1, "{err:?}");
    }

    #[test]
    fn the_slug_line_names_job_date_page_and_profile() {
        let profile = PrintProfile::builtin("offset-x1a").expect("built in");
        assert_eq!(
            slug_text("a.pdf", (2021, 6, 28), &profile, 1, 2),
            "a.pdf · 2021-06-28 · page 1 of 2 · offset-x1a · PDF/X-1a:2001"
        );
    }
}
