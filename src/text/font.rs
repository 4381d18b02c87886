//! Fonts: loaded once (bundled or from files), shaped with HarfBuzz's Rust port so
//! GPOS kerning is in every advance the line breaker measures.

use crate::diag::{Diagnostic, Result};
use crate::lang::Lang;
use crate::layout::Layout;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

/// The fonts compiled into the binary (SIL OFL, see fonts/OFL.txt).
pub const BUNDLED: [(&str, &[u8]); 4] = [
    (
        "NotoSerif-Regular.ttf",
        include_bytes!("../../fonts/NotoSerif-Regular.ttf"),
    ),
    (
        "NotoSerif-Bold.ttf",
        include_bytes!("../../fonts/NotoSerif-Bold.ttf"),
    ),
    (
        "NotoSerif-Italic.ttf",
        include_bytes!("../../fonts/NotoSerif-Italic.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    ),
];

pub use crate::frame::FontId;

/// One shaped glyph, in font units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Advance including kerning, in font units.
    pub advance: i32,
    /// Horizontal placement offset, in font units.
    pub x_offset: i32,
    /// Vertical placement offset, in font units.
    pub y_offset: i32,
    /// Byte offset in the shaped text of the cluster this glyph belongs to.
    pub cluster: u32,
}

/// A loaded font with the metrics the PDF needs.
pub struct Font {
    /// The layout's name for it (`serif-bold`).
    pub name: String,
    /// Where it came from (`bundled:…` or a path), for messages and batch hashes.
    pub origin: String,
    /// The font file.
    pub data: Cow<'static, [u8]>,
    /// PostScript name, for the PDF's BaseFont.
    pub postscript_name: String,
    /// Units per em.
    pub units_per_em: u16,
    /// Ascender, font units.
    pub ascender: i16,
    /// Descender (negative), font units.
    pub descender: i16,
    /// Cap height, font units.
    pub cap_height: i16,
    /// Bounding box [x0 y0 x1 y1], font units.
    pub bbox: [i16; 4],
    /// Italic angle in degrees.
    pub italic_angle: f32,
    /// OS/2 weight class.
    pub weight: u16,
    /// Default advances of all glyphs (hmtx), font units: the PDF's /W array.
    pub advances: Vec<u16>,
    shaper: harfrust::ShaperData,
    /// Shape plans for Kyrgyz and Russian, built once: building one costs more than shaping a word.
    plans: [harfrust::ShapePlan; 3],
}

impl Font {
    /// Parses a font file; `name` and `origin` are for messages.
    pub fn parse(
        name: &str,
        origin: &str,
        data: Cow<'static, [u8]>,
    ) -> std::result::Result<Font, String> {
        // Every message completes "font "…" is …".
        if data.starts_with(b"ttcf") {
            let count = ttf_parser::fonts_in_collection(&data).unwrap_or(0);
            return Err(format!(
                "a font collection (.ttc) of {count} fonts, and barakcha needs one font per file: use the .ttf or .otf of the face you want, or extract it from the collection (e.g. with fontTools)"
            ));
        }
        let face = ttf_parser::Face::parse(&data, 0)
            .map_err(|e| format!("not a usable TrueType/OpenType font ({e})"))?;
        // The exporter embeds TrueType outlines (FontFile2); a CFF-flavoured font would
        // need FontFile3 and would otherwise make a PDF no RIP accepts.
        if face.tables().glyf.is_none() {
            return Err("an OpenType font with CFF outlines, which barakcha cannot embed yet: use a TrueType (glyf) version of it".into());
        }
        let postscript_name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| name.to_string());
        let b = face.global_bounding_box();
        let advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let font_ref = harfrust::FontRef::new(&data)
            .map_err(|e| format!("not readable by the text shaper ({e})"))?;
        let shaper = harfrust::ShaperData::new(&font_ref);
        let plans = [Lang::Ky, Lang::Ru, Lang::Kk].map(|l| {
            let built = shaper.shaper(&font_ref).build();
            harfrust::ShapePlan::new(
                &built,
                harfrust::Direction::LeftToRight,
                Some(harfrust::script::CYRILLIC),
                Some(&language(l)),
                &[],
            )
        });
        Ok(Font {
            name: name.to_string(),
            origin: origin.to_string(),
            postscript_name: postscript_name.replace(' ', ""),
            units_per_em: face.units_per_em(),
            ascender: face.ascender(),
            descender: face.descender(),
            cap_height: face.capital_height().unwrap_or(face.ascender()),
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max],
            italic_angle: face.italic_angle(),
            weight: face.weight().to_number(),
            advances,
            shaper,
            plans,
            data,
        })
    }

    /// Characters of `text` the font lacks, each once, in code point order (whitespace is
    /// never drawn, so never missing).
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        // Each distinct character is looked up once: a text has thousands of letters but
        // only a few dozen different ones.
        let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        chars.sort_unstable();
        chars.dedup();
        let Ok(face) = ttf_parser::Face::parse(&self.data, 0) else {
            return chars;
        };
        chars.retain(|c| face.glyph_index(*c).is_none());
        chars
    }

    /// Shapes a run of text (one word, no line breaks) left to right.
    pub fn shape(&self, text: &str, lang: Lang) -> Vec<ShapedGlyph> {
        let font_ref = harfrust::FontRef::new(&self.data).expect("parsed in Font::parse");
        let shaper = self.shaper.shaper(&font_ref).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(harfrust::Direction::LeftToRight);
        buffer.set_script(harfrust::script::CYRILLIC);
        buffer.set_language(language(lang));
        let plan = &self.plans[lang as usize];
        let out = shaper.shape_with_plan(plan, buffer, &[]);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(i, p)| ShapedGlyph {
                id: i.glyph_id as u16,
                advance: p.x_advance,
                x_offset: p.x_offset,
                y_offset: p.y_offset,
                cluster: i.cluster,
            })
            .collect()
    }
}

/// All fonts a layout names, loaded once and shared by every render (and batch worker).
pub struct FontBook {
    fonts: Vec<Font>,
    by_name: BTreeMap<String, FontId>,
    /// Subset font programs made so far, by font and glyph set: leaflets of a batch draw
    /// mostly the same glyphs, and subsetting plus compressing was a sixth of a render.
    subsets: Mutex<HashMap<(FontId, Vec<u16>), Subset>>,
}

/// A subset font program, compressed, and its uncompressed length.
pub type Subset = Arc<(Vec<u8>, usize)>;

/// Subsets kept before the cache is emptied: bounds memory in a long batch.
const MAX_SUBSETS: usize = 256;

impl FontBook {
    /// Loads every font of the layout's `[fonts]` table.
    pub fn load(layout: &Layout) -> Result<FontBook> {
        let mut fonts = Vec::new();
        let mut by_name = BTreeMap::new();
        let mut loaded: HashMap<String, FontId> = HashMap::new();
        for (name, origin) in &layout.fonts {
            if let Some(id) = loaded.get(origin) {
                by_name.insert(name.clone(), *id);
                continue;
            }
            let data = font_data(layout, name, origin)?;
            let font = Font::parse(name, origin, data)
                .map_err(|e| font_error(layout, name, format!("font \"{origin}\" is {e}")))?;
            let id = FontId(fonts.len());
            fonts.push(font);
            loaded.insert(origin.clone(), id);
            by_name.insert(name.clone(), id);
        }
        Ok(FontBook {
            fonts,
            by_name,
            subsets: Mutex::default(),
        })
    }

    /// The font a style names (checked when the layout was validated).
    pub fn id(&self, name: &str) -> FontId {
        *self
            .by_name
            .get(name)
            .expect("layout validation checks style fonts exist")
    }

    /// A font by id.
    pub fn get(&self, id: FontId) -> &Font {
        &self.fonts[id.0]
    }

    /// The compressed subset of `font` for the glyphs `remapper` keeps, made by `make`
    /// from the font's data unless the same glyph set was subset before.
    pub fn subset(
        &self,
        font: FontId,
        remapper: &subsetter::GlyphRemapper,
        make: impl FnOnce(&[u8]) -> std::result::Result<(Vec<u8>, usize), String>,
    ) -> std::result::Result<Subset, String> {
        let key = (font, remapper.remapped_gids().collect::<Vec<u16>>());
        let lock = || self.subsets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = lock().get(&key) {
            return Ok(hit.clone());
        }
        let made = Arc::new(make(&self.get(font).data)?);
        let mut subsets = lock();
        if subsets.len() >= MAX_SUBSETS {
            subsets.clear();
        }
        subsets.insert(key, made.clone());
        Ok(made)
    }

    /// All fonts.
    pub fn iter(&self) -> impl Iterator<Item = (FontId, &Font)> {
        self.fonts.iter().enumerate().map(|(i, f)| (FontId(i), f))
    }
}

fn font_error(layout: &Layout, name: &str, message: String) -> Box<Diagnostic> {
    let d = match layout.source.span_of(&["fonts", name]) {
        Some(span) => Diagnostic::at(&layout.source, span, message),
        None => Diagnostic::in_file(&layout.source.path, message),
    };
    let bundled: Vec<String> = BUNDLED
        .iter()
        .map(|(n, _)| format!("bundled:{n}"))
        .collect();
    d.hint(format!(
        "give a path to a .ttf/.otf file relative to the layout, or one of {}",
        bundled.join(", ")
    ))
}

fn font_data(layout: &Layout, name: &str, origin: &str) -> Result<Cow<'static, [u8]>> {
    if let Some(file) = origin.strip_prefix("bundled:") {
        return BUNDLED
            .iter()
            .find(|(n, _)| *n == file)
            .map(|(_, d)| Cow::Borrowed(*d))
            .ok_or_else(|| {
                font_error(layout, name, format!("there is no bundled font \"{file}\""))
            });
    }
    let dir = layout.source.path.parent().unwrap_or(Path::new("."));
    let path = dir.join(origin);
    crate::source::read_bytes(&path, crate::source::limits::FONT)
        .map(Cow::Owned)
        .map_err(|e| {
            font_error(
                layout,
                name,
                format!("cannot read font file {}: {e}", path.display()),
            )
        })
}

/// The shaper's language tag for an interview language.
pub fn language(lang: Lang) -> harfrust::Language {
    let tag = match lang {
        Lang::Ky => "ky",
        Lang::Ru => "ru",
        Lang::Kk => "kk",
    };
    harfrust::Language::from_str(tag).expect("a two-letter tag is a valid language")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kyrgyz, Russian and Kazakh Cyrillic plus Latin, and the typographic marks we insert.
    const COVERAGE: &str = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя\
        ҢңӨөҮүӘәҒғҚқҰұҺһІі ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\
        «»„“”—–-‐.,:;!?()№%\u{a0}";

    #[test]
    fn a_font_collection_is_refused_in_words() {
        let mut ttc = b"ttcf\x00\x01\x00\x00\x00\x00\x00\x02".to_vec();
        ttc.extend([0; 8]);
        let err = Font::parse("x", "x.ttc", Cow::Owned(ttc)).err().unwrap();
        assert!(
            err.starts_with("a font collection (.ttc) of 2 fonts"),
            "{err}"
        );
    }

    #[test]
    fn bundled_fonts_cover_kyrgyz_russian_kazakh_and_latin() {
        for (file, data) in BUNDLED {
            let font = Font::parse(file, file, Cow::Borrowed(data)).unwrap();
            assert_eq!(font.missing_chars(COVERAGE), Vec::<char>::new(), "{file}");
        }
    }

    #[test]
    fn shaping_applies_gpos_kerning() {
        let (file, data) = BUNDLED[0];
        let font = Font::parse(file, file, Cow::Borrowed(data)).unwrap();
        let lang = Lang::Ru;
        // "AV" is kerned in Noto Serif's GPOS: the shaped advance of A is below its hmtx advance.
        let shaped = font.shape("AV", lang);
        let plain = font.advances[shaped[0].id as usize] as i32;
        assert!(
            shaped[0].advance < plain,
            "{} !< {plain}",
            shaped[0].advance
        );
    }

    #[test]
    fn fonts_without_truetype_outlines_are_refused_not_embedded_wrongly() {
        let (file, data) = BUNDLED[0];
        // Rename the 'glyf' entry of the table directory: what a CFF-flavoured font looks like to us.
        let mut bytes = data.to_vec();
        let tables = u16::from_be_bytes([bytes[4], bytes[5]]) as usize;
        let entry = (0..tables)
            .map(|i| 12 + 16 * i)
            .find(|&o| &bytes[o..o + 4] == b"glyf")
            .unwrap();
        bytes[entry..entry + 4].copy_from_slice(b"xxxx");
        let err = Font::parse(file, file, Cow::Owned(bytes))
            .err()
            .expect("refused");
        assert!(err.contains("CFF outlines"), "{err}");
    }

    #[test]
    fn missing_characters_are_reported() {
        let (file, data) = BUNDLED[0];
        let font = Font::parse(file, file, Cow::Borrowed(data)).unwrap();
        assert_eq!(font.missing_chars("абв 😀 ok"), vec!['😀']);
    }

    #[test]
    fn a_glyph_set_is_subset_once_per_font_book() {
        let book = FontBook::load(&Layout::builtin()).unwrap();
        let mut remapper = subsetter::GlyphRemapper::new();
        for gid in [5, 9, 40] {
            remapper.remap(gid);
        }
        let made = std::cell::Cell::new(0);
        let make = |data: &[u8]| {
            made.set(made.get() + 1);
            Ok((data[..4].to_vec(), 4))
        };
        let a = book.subset(FontId(0), &remapper, make).unwrap();
        let b = book.subset(FontId(0), &remapper, make).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(made.get(), 1);
        // Another font with the same glyph ids is another subset.
        book.subset(FontId(1), &remapper, make).unwrap();
        assert_eq!(made.get(), 2);
    }
}
