//! The PDF exporter: pages of frames → a PDF/X file, PDF/X-1a:2001 (ISO 15930-1) or
//! PDF/X-4 (ISO 15930-7) as the print profile says, with the output intent's CMYK
//! profile embedded, TrimBox and BleedBox, crop marks when asked, subset fonts
//! (or outlined glyphs) and compressed streams. Output depends only on its input:
//! no clock, no randomness.

mod content;
mod fonts;
mod images;
pub mod marks;
mod meta;
mod outline;

pub use fonts::prepare as prepare_fonts;
pub use marks::{Boxes, Marks, boxes};
pub use meta::Meta;
// What print decides and hands the writer lives in `print`; the old paths stay.
pub use crate::compress::deflate;
pub use crate::print::PrintSetup;
pub use crate::print::colour::{self, ColourSetup, Embedded};
pub use crate::print::geometry::{cover, cover_pixels, effective_ppi};

use crate::diag::{Diagnostic, Result};
use crate::frame::Fragment;
use crate::frame::{FrameItem, Page};
use crate::text::font::{FontBook, FontId};
use fonts::FontUse;
use outline::Outlines;
use pdf_writer::{Filter, Finish, Name, Pdf, Ref};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Hands out object numbers in order.
pub struct Refs(i32);

impl Refs {
    /// The next free object reference.
    pub fn bump(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Every text fragment the document draws: the pages' text, then the slug lines.
fn fragments<'a>(pages: &'a [Page], print: &'a PrintSetup) -> impl Iterator<Item = &'a Fragment> {
    let page_text = pages.iter().flat_map(|p| &p.items).filter_map(|i| match i {
        FrameItem::Text { fragment, .. } => Some(fragment),
        _ => None,
    });
    let slugs = print.marks.iter().flat_map(|m| m.slug.iter().flatten());
    page_text.chain(slugs)
}

/// The object numbers of the document's parts.
struct Objects {
    catalog: Ref,
    tree: Ref,
    uses: BTreeMap<FontId, FontUse>,
    outlines: Option<Outlines>,
    images: Vec<Ref>,
    icc: Vec<Ref>,
    pages: Vec<(Ref, Ref)>,
}

/// Writes the whole document.
pub fn write(
    pages: &[Page],
    images: &[Embedded],
    fonts: &FontBook,
    meta: &Meta,
    print: &PrintSetup,
) -> Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    let (major, minor) = print.pdfx.pdf_version();
    pdf.set_version(major, minor);
    let mut refs = Refs(0);
    let profiles = images::icc_profiles(images);
    let o = Objects {
        catalog: refs.bump(),
        tree: refs.bump(),
        uses: fonts::collect(fragments(pages, print), &mut refs),
        outlines: print
            .outline_text
            .then(|| Outlines::collect(fragments(pages, print), fonts, &mut refs)),
        images: images.iter().map(|_| refs.bump()).collect(),
        icc: profiles.iter().map(|_| refs.bump()).collect(),
        pages: pages.iter().map(|_| (refs.bump(), refs.bump())).collect(),
    };
    pdf.pages(o.tree)
        .kids(o.pages.iter().map(|p| p.0))
        .count(pages.len() as i32);
    let sizes: Vec<(u32, u32)> = images.iter().map(|i| (i.width, i.height)).collect();
    let orientations: Vec<u8> = images.iter().map(|i| i.orientation).collect();
    let cx = content::Context {
        fonts,
        uses: &o.uses,
        image_sizes: &sizes,
        image_orientations: &orientations,
        outlines: o.outlines.as_ref(),
        marks: print.marks.as_ref(),
    };
    // The heavy parts, page contents and font programs, are made in parallel, then
    // written in a fixed order: the bytes do not depend on the threads.
    let (streams, files) = rayon::join(
        || {
            pages
                .par_iter()
                .enumerate()
                .map(|(index, page)| deflate(&content::page(page, index, &cx)))
                .collect::<Vec<_>>()
        },
        || fonts::files(fonts, &o.uses),
    );
    for ((index, page), stream) in pages.iter().enumerate().zip(streams) {
        let (page_ref, content_ref) = o.pages[index];
        pdf.stream(content_ref, &stream).filter(Filter::FlateDecode);
        write_page(&mut pdf, page, (page_ref, content_ref), &o, print);
    }
    fonts::write(&mut pdf, &mut refs, fonts, &o.uses, files).map_err(Diagnostic::error)?;
    if let Some(outlines) = &o.outlines {
        outlines.write(&mut pdf);
    }
    write_images(&mut pdf, images, &profiles, &o);
    meta::write(&mut pdf, &mut refs, (o.catalog, o.tree), meta, print);
    let id = meta::file_id(pdf.as_bytes());
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

fn write_images(pdf: &mut Pdf, images: &[Embedded], profiles: &[Option<&[u8]>], o: &Objects) {
    for (image, id) in images.iter().zip(&o.images) {
        let icc = match &image.space {
            colour::Space::Rgb { icc } => profiles
                .iter()
                .position(|p| *p == icc.as_deref())
                .map(|i| o.icc[i]),
            _ => None,
        };
        images::write(pdf, *id, image, icc);
    }
    for (profile, id) in profiles.iter().zip(&o.icc) {
        match profile {
            Some(bytes) => {
                pdf.icc_profile(*id, &deflate(bytes))
                    .n(3)
                    .filter(Filter::FlateDecode);
            }
            // The bundled sRGB profile is 3 KB: stored as it is, as compressing it (and
            // making a compressor for it on this thread) cost more than it saved.
            None => {
                pdf.icc_profile(*id, meta::SRGB_ICC).n(3);
            }
        }
    }
}

fn write_page(
    pdf: &mut Pdf,
    page: &Page,
    (id, content): (Ref, Ref),
    o: &Objects,
    print: &PrintSetup,
) {
    let b = boxes(page, print.marks.as_ref());
    let rect =
        |r: [f64; 4]| pdf_writer::Rect::new(r[0] as f32, r[1] as f32, r[2] as f32, r[3] as f32);
    let mut p = pdf.page(id);
    // PDF/X (ISO 15930-1 §6.1.3, ISO 15930-7 §6.2.6): TrimBox ⊆ BleedBox ⊆ MediaBox;
    // the trimmed page sits at the origin.
    p.media_box(rect(b.media));
    p.bleed_box(rect(b.bleed));
    p.trim_box(rect(b.trim));
    p.parent(o.tree);
    p.contents(content);
    let mut res = p.resources();
    let mut f = res.fonts();
    for (font, u) in &o.uses {
        f.pair(Name(fonts::resource_name(*font).as_bytes()), u.id);
    }
    f.finish();
    let mut x = res.x_objects();
    for (i, r) in o.images.iter().enumerate() {
        x.pair(Name(content::image_name(i).as_bytes()), *r);
    }
    for (name, r) in o.outlines.iter().flat_map(|ol| ol.resources()) {
        x.pair(Name(name.as_bytes()), r);
    }
    x.finish();
    if print.marks.is_some() {
        marks::registration_space(&mut res.color_spaces());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_made_ahead_are_the_ones_writing_asks_for() {
        let fonts = FontBook::load(&crate::layout::Layout::builtin()).unwrap();
        let font = fonts.id("serif");
        let glyph = |id| crate::frame::Glyph {
            id,
            advance: 5.0,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: 0,
        };
        let fragment = Fragment {
            font,
            size: 9.5,
            color: crate::units::Cmyk::BLACK,
            glyphs: [40, 12, 77, 12].map(glyph).to_vec(),
            text: "a".into(),
            actual_text: None,
            spacing: 0.0,
            scale: 1.0,
        };
        prepare_fonts(&fonts, &BTreeMap::from([(font, vec![12, 40, 77])]));
        let made = fonts.subset(font, &subsetter::GlyphRemapper::new(), |_| {
            Err("not looked up: the cache key differs".into())
        });
        assert!(made.is_err(), "an empty glyph set was never prepared");
        let uses = fonts::collect(std::iter::once(&fragment), &mut Refs(0));
        let u = &uses[&font];
        let cached = fonts.subset(font, &u.remapper, |_| Err("not prepared".into()));
        assert!(cached.is_ok(), "writing finds the prepared subset");
    }
}
