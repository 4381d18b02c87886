//! Preview: PNG pages drawn from the page model the PDF is written from ([`crate::frame`]),
//! with tiny-skia and the fonts' own outlines, CMYK shown through the print profile's
//! output ICC profile (a soft proof), and overlays a designer turns on.
//!
//! A [`Rasteriser`] belongs to one engine (its glyph cache is keyed by the engine's
//! font ids): a live loop that reloads the engine makes a new one with it.

mod glyphs;
mod guides;
mod overlay;
mod paint;
mod picture;
mod proof;

pub use guides::{Guides, LineBox, PageGuides};
pub use overlay::{Overlay, Overlays};
pub use paint::Map;

use crate::frame::{FrameItem, Page};
use crate::image::Image;
use crate::profile::PrintProfile;
use crate::text::font::FontBook;
use rayon::prelude::*;
use std::sync::RwLock;
use tiny_skia::Pixmap;

/// Draws pages; keeps what it can reuse from one draw to the next.
pub struct Rasteriser {
    glyphs: RwLock<glyphs::Glyphs>,
    proof: proof::SoftProof,
    pictures: picture::Pictures,
    labels: overlay::Labeller,
}

/// What to draw: the page model, its images, and (for overlays) its geometry.
pub struct Sheet<'a> {
    /// The pages.
    pub pages: &'a [Page],
    /// The images they draw, by index.
    pub images: &'a [Image],
    /// The geometry overlays draw; no overlays without it.
    pub guides: Option<&'a Guides>,
}

/// How to draw.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Pixels per inch.
    pub dpi: f64,
    /// Overlays to draw.
    pub overlays: Overlays,
    /// Only this page (from 0), or all.
    pub page: Option<usize>,
}

impl Rasteriser {
    /// A rasteriser proofing CMYK through `profile`'s output ICC profile.
    pub fn new(profile: &PrintProfile) -> Rasteriser {
        Rasteriser {
            glyphs: RwLock::default(),
            proof: proof::SoftProof::new(&profile.icc),
            pictures: picture::Pictures::default(),
            labels: overlay::Labeller::new(),
        }
    }

    /// Draws the sheet's pages (or the one asked for), in parallel; each with its index.
    pub fn draw(&self, fonts: &FontBook, sheet: &Sheet, options: &Options) -> Vec<(usize, Pixmap)> {
        let wanted: Vec<usize> = (0..sheet.pages.len())
            .filter(|i| options.page.is_none_or(|p| p == *i))
            .collect();
        self.add_glyphs(fonts, wanted.iter().map(|&i| &sheet.pages[i]));
        let glyphs = self.glyphs.read().unwrap_or_else(|e| e.into_inner());
        wanted
            .par_iter()
            .filter_map(|&i| {
                let guides = sheet.guides.and_then(|g| g.pages.get(i));
                let pixmap = self.page(&glyphs, &sheet.pages[i], sheet.images, guides, options)?;
                Some((i, pixmap))
            })
            .collect()
    }

    /// Makes the outlines of glyphs these pages draw that were not made before.
    fn add_glyphs<'a>(&self, fonts: &FontBook, pages: impl Iterator<Item = &'a Page>) {
        let mut glyphs = self.glyphs.write().unwrap_or_else(|e| e.into_inner());
        let wanted = pages.flat_map(|p| &p.items).flat_map(|item| match item {
            FrameItem::Text { fragment, .. } => {
                Some(fragment.glyphs.iter().map(|g| (fragment.font, g.id)))
            }
            _ => None,
        });
        glyphs.add(fonts, wanted.flatten());
    }

    /// One page: paper white, graphics, then text (the PDF's order), then overlays.
    fn page(
        &self,
        glyphs: &glyphs::Glyphs,
        page: &Page,
        images: &[Image],
        guides: Option<&PageGuides>,
        options: &Options,
    ) -> Option<Pixmap> {
        let scale = options.dpi / 72.0;
        let width = ((page.size.width + 2.0 * page.bleed) * scale).ceil() as u32;
        let height = ((page.size.height + 2.0 * page.bleed) * scale).ceil() as u32;
        let mut pixmap = Pixmap::new(width, height)?;
        pixmap.fill(tiny_skia::Color::WHITE);
        let map = Map {
            scale,
            bleed: page.bleed,
            height: page.size.height,
        };
        let mut painter = paint::Painter {
            pixmap,
            map,
            glyphs,
            proof: &self.proof,
            pictures: &self.pictures,
            images,
        };
        let is_text = |item: &&FrameItem| matches!(item, FrameItem::Text { .. });
        for item in page.items.iter().filter(|i| !is_text(i)) {
            painter.item(item);
        }
        for item in page.items.iter().filter(is_text) {
            painter.item(item);
        }
        let mut pixmap = painter.pixmap;
        if let Some(g) = guides {
            overlay::draw(&mut pixmap, map, g, options.overlays, &self.labels);
        }
        Some(pixmap)
    }
}

/// The pixmap as a PNG (8-bit RGB; pages are opaque), compressed fast: a live preview
/// encodes every page on every save.
pub fn png(pixmap: &Pixmap) -> Vec<u8> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    // Paeth filtering took as long as drawing; Sub keeps most of its gain on text pages.
    encoder.set_filter(png::Filter::Sub);
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&rgb));
    written.expect("a PNG of a valid pixmap is written to memory");
    out
}

/// Every drawn page as a PNG, encoded in parallel, with its index.
pub fn pngs(pages: &[(usize, Pixmap)]) -> Vec<(usize, Vec<u8>)> {
    pages.par_iter().map(|(i, p)| (*i, png(p))).collect()
}
