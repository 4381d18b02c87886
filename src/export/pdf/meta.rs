//! Document-level objects: catalog with the PDF/X output intent, Info and XMP metadata.

use super::Refs;
use crate::print::PrintSetup;
use crate::profile::PdfX;
use pdf_writer::types::{OutputIntentSubtype, TrappingStatus};
use pdf_writer::{Date, Name, Pdf, Ref, Str, TextStr};

/// The bundled FOGRA39L profile zlib-compressed ahead of time (a test checks it inflates
/// to the profile): compressing 120 KB at every render cost as much as the rest of it.
const FOGRA39_ICC_ZLIB: &[u8] = include_bytes!("../../../icc/FOGRA39L_coated.icc.zlib");
/// sRGB (Argyll CMS, MIT-style licence; see icc/LICENSE-sRGB.txt).
pub const SRGB_ICC: &[u8] = include_bytes!("../../../icc/sRGB.icc");

/// What the document says about itself.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Document title (headline and candidate).
    pub title: String,
    /// Author (the customer of the leaflet).
    pub author: String,
    /// Language tag ("ky", "ru").
    pub lang: String,
    /// Creation date (year, month, day): the imprint's issue date, so output is reproducible.
    pub date: (u16, u8, u8),
}

/// The output profile compressed: the bundled one ready-made, a shop's own on the spot.
fn compressed_icc(icc: &[u8]) -> std::borrow::Cow<'static, [u8]> {
    if icc == crate::profile::bundled_icc("FOGRA39L_coated.icc").unwrap_or_default() {
        std::borrow::Cow::Borrowed(FOGRA39_ICC_ZLIB)
    } else {
        std::borrow::Cow::Owned(super::deflate(icc))
    }
}

/// Writes catalog, output intent, Info and XMP.
pub fn write(
    pdf: &mut Pdf,
    refs: &mut Refs,
    (catalog, tree): (Ref, Ref),
    meta: &Meta,
    print: &PrintSetup,
) {
    let (icc, xmp, info) = (refs.bump(), refs.bump(), refs.bump());
    // The DestOutputProfile is an ICC stream, not an ICCBased colour space: PDF/X-1a
    // forbids only the latter (ISO 15930-1 §6.2.4.1).
    pdf.icc_profile(icc, &compressed_icc(print.icc))
        .n(4)
        .filter(pdf_writer::Filter::FlateDecode);
    let xmp_text = xmp_packet(meta, print.pdfx);
    pdf.metadata(xmp, xmp_text.as_bytes());
    write_info(pdf, info, meta, print.pdfx);
    let mut c = pdf.catalog(catalog);
    c.pages(tree);
    c.metadata(xmp);
    c.lang(TextStr(&meta.lang));
    let mut intents = c.output_intents();
    let mut oi = intents.push();
    // ISO 15930-1 §6.2.2, ISO 15930-7 §6.2.4: a GTS_PDFX intent naming the
    // characterised printing condition, with its CMYK profile embedded.
    let spec = print.intent;
    oi.subtype(OutputIntentSubtype::PDFX)
        .output_condition(TextStr(&spec.condition))
        .output_condition_identifier(TextStr(&spec.identifier))
        .registry_name(TextStr(&spec.registry))
        .info(TextStr(&spec.info))
        .dest_output_profile(icc);
}

/// The Info dictionary: Title and Trapped are required by PDF/X (ISO 15930-1 §6.1.5,
/// ISO 15930-7 §6.2.2), and so is the version key (plus conformance for X-1a).
fn write_info(pdf: &mut Pdf, info: Ref, meta: &Meta, pdfx: PdfX) {
    let date = Date::new(meta.date.0)
        .month(meta.date.1)
        .day(meta.date.2)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let mut i = pdf.document_info(info);
    i.title(TextStr(&meta.title));
    i.author(TextStr(&meta.author));
    i.creator(TextStr("barakcha"));
    i.producer(TextStr(concat!("barakcha ", env!("CARGO_PKG_VERSION"))));
    i.creation_date(date);
    i.modified_date(date);
    i.trapped(TrappingStatus::NotTrapped);
    i.pair(Name(b"GTS_PDFXVersion"), Str(pdfx.version().as_bytes()));
    if let Some(conformance) = pdfx.conformance() {
        i.pair(Name(b"GTS_PDFXConformance"), Str(conformance.as_bytes()));
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The PDF/X keys in XMP: ISO 15930-7 §6.7.2 defines `pdfxid:GTS_PDFXVersion` for
/// PDF/X-4; PDF/X-1a:2001 predates XMP, so its keys go in Adobe's `pdfx` schema, as
/// Acrobat writes them, with the same values as Info.
fn xmp_pdfx(pdfx: PdfX) -> String {
    match pdfx.conformance() {
        None => format!(
            "<pdfxid:GTS_PDFXVersion>{}</pdfxid:GTS_PDFXVersion>",
            pdfx.version()
        ),
        Some(c) => format!(
            "<pdfx:GTS_PDFXVersion>{}</pdfx:GTS_PDFXVersion>\n<pdfx:GTS_PDFXConformance>{c}</pdfx:GTS_PDFXConformance>",
            pdfx.version()
        ),
    }
}

/// The XMP packet.
fn xmp_packet(meta: &Meta, pdfx: PdfX) -> String {
    let (y, m, d) = meta.date;
    let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>barakcha</xmp:CreatorTool>
<pdf:Producer>barakcha {version}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
{pdfx}
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = escape(&meta.title),
        author = escape(&meta.author),
        version = env!("CARGO_PKG_VERSION"),
        pdfx = xmp_pdfx(pdfx),
        uuid = uuid(meta),
    )
}

/// A UUID-shaped id derived from the metadata, so it is stable for the same leaflet.
fn uuid(meta: &Meta) -> String {
    let h = file_id(format!("{}|{}|{:?}", meta.title, meta.author, meta.date).as_bytes());
    let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// 16 bytes from two FNV-1a passes over the content: the file /ID (§14.4), deterministic.
pub fn file_id(bytes: &[u8]) -> Vec<u8> {
    // FNV-style, eight bytes a step and two lanes at once: a byte-at-a-time hash of a
    // 200 KB file was half a millisecond, a twentieth of a render.
    let mut h = [0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4];
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let v = u64::from_le_bytes(w.try_into().expect("chunks of eight"));
        h = h.map(|h| (h ^ v).wrapping_mul(0x100_0000_01b3).rotate_left(29));
    }
    for &b in words.remainder() {
        h = h.map(|h| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    }
    // The length too, so that trailing zeros change the id.
    h = h.map(|h| (h ^ bytes.len() as u64).wrapping_mul(0x100_0000_01b3));
    [h[0].to_be_bytes(), h[1].to_be_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_profile_is_the_profile() {
        let inflated =
            miniz_oxide::inflate::decompress_to_vec_zlib(FOGRA39_ICC_ZLIB).expect("valid zlib");
        assert!(inflated == crate::profile::bundled_icc("FOGRA39L_coated.icc").unwrap());
    }

    #[test]
    fn file_id_is_stable_and_content_dependent() {
        assert_eq!(file_id(b"abc"), file_id(b"abc"));
        assert_ne!(file_id(b"abc"), file_id(b"abd"));
        assert_eq!(file_id(b"").len(), 16);
    }
}
