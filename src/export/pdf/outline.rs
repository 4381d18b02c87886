//! Outlined text (`--outline-text`): every glyph drawn as a filled vector path, so a
//! shop's RIP needs no font at all. Each glyph used becomes one Form XObject in font
//! units (ISO 32000-1 §8.10), placed per occurrence with `cm` and `Do`; a form sets
//! no colour, so it fills with the colour set before it (§8.10.1: it inherits the
//! graphics state). The text stays in the file as an invisible layer (render mode 3,
//! §9.3.6) in the embedded subset font, so search, copy and `pdftotext` still work.

use super::Refs;
use crate::frame::Fragment;
use crate::text::font::{FontBook, FontId};
use crate::units::Point;
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref};
use std::collections::BTreeMap;

/// One glyph's outline as a form.
struct GlyphForm {
    id: Ref,
    path: Vec<u8>,
    bbox: Rect,
}

/// The outlines of every glyph the document draws, keyed by font and glyph id;
/// `None` for glyphs with no outline (spaces).
pub struct Outlines {
    glyphs: BTreeMap<(FontId, u16), Option<GlyphForm>>,
    units_per_em: BTreeMap<FontId, f64>,
}

/// The resource name of a glyph's form.
pub fn resource_name(font: FontId, glyph: u16) -> String {
    format!("G{}_{glyph}", font.0)
}

impl Outlines {
    /// Collects the outlines of all glyphs in `fragments`, in a stable order.
    pub fn collect<'a>(
        fragments: impl Iterator<Item = &'a Fragment>,
        fonts: &FontBook,
        refs: &mut Refs,
    ) -> Outlines {
        let mut out = Outlines {
            glyphs: BTreeMap::new(),
            units_per_em: BTreeMap::new(),
        };
        let mut faces = BTreeMap::new();
        for f in fragments {
            let font = fonts.get(f.font);
            out.units_per_em.insert(f.font, font.units_per_em as f64);
            let face = faces
                .entry(f.font)
                .or_insert_with(|| ttf_parser::Face::parse(&font.data, 0).ok());
            for g in &f.glyphs {
                out.glyphs
                    .entry((f.font, g.id))
                    .or_insert_with(|| face.as_ref().and_then(|face| outline(face, g.id, refs)));
            }
        }
        out
    }

    /// The glyph forms, by resource name and object, for a page's resources.
    pub fn resources(&self) -> impl Iterator<Item = (String, Ref)> + '_ {
        self.glyphs
            .iter()
            .filter_map(|((font, gid), g)| g.as_ref().map(|g| (resource_name(*font, *gid), g.id)))
    }

    /// Writes every glyph form.
    pub fn write(&self, pdf: &mut Pdf) {
        for g in self.glyphs.values().flatten() {
            pdf.form_xobject(g.id, &g.path)
                .bbox(g.bbox)
                .filter(Filter::FlateDecode);
        }
    }

    /// Draws a fragment's glyphs as paths, baseline at `origin`, in the current fill colour.
    pub fn draw(&self, c: &mut Content, origin: Point, f: &Fragment) {
        let Some(upem) = self.units_per_em.get(&f.font) else {
            return;
        };
        let scale = (f.size / upem) as f32;
        let mut pen = origin.x;
        for g in &f.glyphs {
            if let Some(Some(_)) = self.glyphs.get(&(f.font, g.id)) {
                let (x, y) = (pen + g.x_offset * f.scale, origin.y + g.y_offset);
                c.save_state();
                let sx = scale * f.scale as f32;
                c.transform([sx, 0.0, 0.0, scale, x as f32, y as f32]);
                c.x_object(Name(resource_name(f.font, g.id).as_bytes()));
                c.restore_state();
            }
            // The same pen the text layer's TJ array advances (content::glyphs).
            pen += g.advance * f.scale + f.spacing;
        }
    }
}

/// One glyph's outline as a filled path in font units (nonzero winding, as TrueType).
fn outline(face: &ttf_parser::Face, glyph: u16, refs: &mut Refs) -> Option<GlyphForm> {
    let mut path = PathBuilder {
        content: Content::new(),
        at: (0.0, 0.0),
    };
    let r = face.outline_glyph(ttf_parser::GlyphId(glyph), &mut path)?;
    let mut content = path.content;
    content.fill_nonzero();
    let bbox = Rect::new(
        r.x_min as f32 - 1.0,
        r.y_min as f32 - 1.0,
        r.x_max as f32 + 1.0,
        r.y_max as f32 + 1.0,
    );
    Some(GlyphForm {
        id: refs.bump(),
        path: super::deflate(&content.finish()),
        bbox,
    })
}

/// Turns ttf-parser's outline segments into PDF path operators.
struct PathBuilder {
    content: Content,
    at: (f32, f32),
}

impl ttf_parser::OutlineBuilder for PathBuilder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.content.move_to(x, y);
        self.at = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.content.line_to(x, y);
        self.at = (x, y);
    }

    /// PDF has only cubic Béziers: a quadratic one is the cubic whose control
    /// points lie two thirds of the way from each end to the quadratic's.
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        self.content.cubic_to(
            x0 + 2.0 / 3.0 * (x1 - x0),
            y0 + 2.0 / 3.0 * (y1 - y0),
            x + 2.0 / 3.0 * (x1 - x),
            y + 2.0 / 3.0 * (y1 - y),
            x,
            y,
        );
        self.at = (x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.content.cubic_to(x1, y1, x2, y2, x, y);
        self.at = (x, y);
    }

    fn close(&mut self) {
        self.content.close_path();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_segments_become_cubics_and_paths_are_filled() {
        let mut p = PathBuilder {
            content: Content::new(),
            at: (0.0, 0.0),
        };
        use ttf_parser::OutlineBuilder;
        p.move_to(0.0, 0.0);
        p.quad_to(30.0, 60.0, 90.0, 0.0);
        p.close();
        let text = String::from_utf8(p.content.finish().into_vec()).unwrap();
        assert_eq!(text, "0 0 m\n20 40 50 40 90 0 c\nh");
    }
}
