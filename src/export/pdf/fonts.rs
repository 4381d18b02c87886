//! Fonts in the PDF: each used font as a Type0/CIDFontType2 subset (ISO 32000-1 §9.7)
//! with a ToUnicode CMap (§9.10.3), so every glyph extracts as the text it shows.

use super::Refs;
use crate::frame::Fragment;
use crate::text::font::{Font, FontBook, FontId, Subset};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rayon::prelude::*;
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

/// What the pages use of one font: the glyphs (renumbered for the subset) and their text.
pub struct FontUse {
    /// Old glyph id → subset glyph id (used as CID, with an Identity CIDToGIDMap).
    pub remapper: GlyphRemapper,
    /// Subset glyph id → the text it shows.
    pub unicode: BTreeMap<u16, String>,
    /// The Type0 font's object.
    pub id: Ref,
}

/// Collects the glyphs the fragments draw, per font. Glyphs are numbered in the subset
/// in the order of their ids, so the same glyphs make the same subset whatever the text:
/// a batch subsets and compresses each font's glyph set once ([`FontBook::subset`]).
pub fn collect<'a>(
    fragments: impl Iterator<Item = &'a Fragment>,
    refs: &mut Refs,
) -> BTreeMap<FontId, FontUse> {
    // Per font: each glyph with the text it first shows.
    let mut glyphs: BTreeMap<FontId, BTreeMap<u16, String>> = BTreeMap::new();
    for fragment in fragments {
        add_fragment(glyphs.entry(fragment.font).or_default(), fragment);
    }
    glyphs
        .into_iter()
        .map(|(font, texts)| {
            let mut remapper = GlyphRemapper::new();
            let mut unicode = BTreeMap::new();
            for (gid, text) in texts {
                let new = remapper.remap(gid);
                if !text.is_empty() {
                    unicode.insert(new, text);
                }
            }
            let id = refs.bump();
            (
                font,
                FontUse {
                    remapper,
                    unicode,
                    id,
                },
            )
        })
        .collect()
}

fn add_fragment(texts: &mut BTreeMap<u16, String>, f: &Fragment) {
    for (i, g) in f.glyphs.iter().enumerate() {
        // A cluster's text goes to its first glyph; later glyphs of the cluster map to nothing.
        if i > 0 && f.glyphs[i - 1].cluster == g.cluster {
            texts.entry(g.id).or_default();
            continue;
        }
        let end = f.glyphs[i..]
            .iter()
            .map(|x| x.cluster)
            .find(|&c| c > g.cluster)
            .map_or(f.text.len(), |c| c as usize);
        let text = f.text.get(g.cluster as usize..end).unwrap_or_default();
        let entry = texts.entry(g.id).or_default();
        if entry.is_empty() {
            *entry = text.to_string();
        }
    }
}

/// The resource name of a font in content streams.
pub fn resource_name(id: FontId) -> String {
    format!("F{}", id.0)
}

/// Writes every used font: Type0, CIDFont, descriptor, subset file and ToUnicode.
pub fn write(
    pdf: &mut Pdf,
    refs: &mut Refs,
    fonts: &FontBook,
    uses: &BTreeMap<FontId, FontUse>,
    files: Vec<FontFile>,
) -> Result<(), String> {
    for ((id, u), file) in uses.iter().zip(files) {
        write_one(pdf, refs, fonts.get(*id), u, &*file?)?;
    }
    Ok(())
}

/// A font's subset, compressed, with its uncompressed length; or why it could not be made.
pub type FontFile = Result<Subset, String>;

/// The embedded font programs, one per font used (in `uses` order): subsetting and
/// compressing them is the costliest part of writing, and each font is independent.
pub fn files(fonts: &FontBook, uses: &BTreeMap<FontId, FontUse>) -> Vec<FontFile> {
    let uses: Vec<(&FontId, &FontUse)> = uses.iter().collect();
    uses.par_iter()
        .map(|(id, u)| file(fonts, **id, &u.remapper))
        .collect()
}

/// One font's program subset to the remapper's glyphs and compressed, from the font
/// book's cache when that glyph set was subset before.
fn file(fonts: &FontBook, id: FontId, remapper: &GlyphRemapper) -> FontFile {
    fonts.subset(id, remapper, |data| {
        let subset = subsetter::subset(data, 0, remapper)
            .map_err(|e| format!("cannot subset font {}: {e:?}", fonts.get(id).origin))?;
        Ok((super::deflate(&subset), subset.len()))
    })
}

/// Subsets each font to the glyphs given (ids ascending, each once), into the font book's cache,
/// numbered as [`collect`] numbers them: when the pages draw exactly these glyphs, writing
/// the PDF finds its font programs made. A render calls it while flow runs.
pub fn prepare(fonts: &FontBook, glyphs: &BTreeMap<FontId, Vec<u16>>) {
    let glyphs: Vec<(&FontId, &Vec<u16>)> = glyphs.iter().collect();
    glyphs.par_iter().for_each(|(id, gids)| {
        let mut remapper = GlyphRemapper::new();
        for &gid in *gids {
            remapper.remap(gid);
        }
        // An error is reported when the PDF is written, where the same subset is asked for.
        let _ = file(fonts, **id, &remapper);
    });
}

fn write_one(
    pdf: &mut Pdf,
    refs: &mut Refs,
    font: &Font,
    u: &FontUse,
    (compressed, length): &(Vec<u8>, usize),
) -> Result<(), String> {
    let (cid_ref, descriptor_ref, file_ref, cmap_ref) =
        (refs.bump(), refs.bump(), refs.bump(), refs.bump());
    let base = format!("{}+{}", subset_tag(&u.remapper), font.postscript_name);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(u.id)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);
    let scale = 1000.0 / font.units_per_em as f32;
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(system_info)
        .font_descriptor(descriptor_ref)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let widths: Vec<f32> = u
        .remapper
        .remapped_gids()
        .map(|old| font.advances.get(old as usize).copied().unwrap_or(0) as f32 * scale)
        .collect();
    cid.widths().consecutive(0, widths);
    cid.finish();
    descriptor(pdf, descriptor_ref, file_ref, font, &base, scale);
    pdf.stream(file_ref, compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), *length as i32);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (gid, text) in &u.unicode {
        cmap.pair_with_multiple(*gid, text.chars());
    }
    // Left uncompressed: a CMap is about a kilobyte, and starting a compressor costs more than it saves.
    pdf.cmap(cmap_ref, &cmap.finish());
    Ok(())
}

fn descriptor(pdf: &mut Pdf, id: Ref, file: Ref, font: &Font, base: &str, scale: f32) {
    let b = font.bbox.map(|v| v as f32 * scale);
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.italic_angle != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    if font.postscript_name.contains("Serif") {
        flags |= FontFlags::SERIF;
    }
    pdf.font_descriptor(id)
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(b[0], b[1], b[2], b[3]))
        .italic_angle(font.italic_angle)
        .ascent(font.ascender as f32 * scale)
        .descent(font.descender as f32 * scale)
        .cap_height(font.cap_height as f32 * scale)
        // PDF requires StemV; fonts do not store it. Estimated from the weight class as is customary.
        .stem_v(10.0 + 220.0 * (font.weight as f32 - 50.0) / 900.0)
        .font_file2(file);
}

/// Six capital letters derived from the glyph set (§9.6.4): stable for the same subset.
fn subset_tag(remapper: &GlyphRemapper) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in remapper.remapped_gids() {
        h = (h ^ g as u64).wrapping_mul(0x100_0000_01b3);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 8)) % 26) as u8) as char)
        .collect()
}
