//! The print-shop checks the tests rely on, in the project itself: what
//! `shared/tools/preflight.py` FAILs a PDF for, for the PDFs barakcha makes. A fresh
//! clone runs them with no file from outside the repository. Each check returns the
//! problems it found; an empty list passes.

#![allow(dead_code)] // each test binary uses some of these helpers

use super::{Pdf, tool};
use lopdf::Object;
use std::collections::HashMap;
use std::path::Path;

/// Millimetres in points.
const MM: f64 = 72.0 / 25.4;

/// What the leaflet must be.
pub struct Expect<'a> {
    /// Trimmed page size in points (A4: 595.28 × 841.89).
    pub trim: (f64, f64),
    /// The least bleed beyond the trim on every side, in millimetres.
    pub min_bleed_mm: f64,
    /// PDF/X-1a: no RGB anywhere.
    pub x1a: bool,
    /// A file whose every word must come back from the text layer.
    pub text: Option<&'a Path>,
}

impl Default for Expect<'_> {
    fn default() -> Self {
        Expect {
            trim: (210.0 * MM, 297.0 * MM),
            min_bleed_mm: 3.0,
            x1a: false,
            text: None,
        }
    }
}

/// Every problem a print shop's preflight would FAIL `pdf` for.
pub fn problems(pdf: &Path, expect: &Expect) -> Vec<String> {
    let mut out = readers(pdf);
    let doc = Pdf::open(pdf);
    out.extend(boxes(&doc, expect));
    out.extend(fonts(&doc));
    out.extend(output_intent(&doc));
    if expect.x1a {
        out.extend(no_rgb(&doc));
    }
    if let Some(text) = expect.text {
        out.extend(text_match(pdf, text));
    }
    out
}

/// qpdf, pdfinfo and mutool each read the file without complaint.
fn readers(pdf: &Path) -> Vec<String> {
    let p = pdf.to_str().expect("a UTF-8 path");
    let mut out = Vec::new();
    let q = tool("qpdf", "qpdf", &["--check", p]);
    let said = String::from_utf8_lossy(&q.stdout).to_string();
    if !q.status.success() || said.contains("WARNING") {
        out.push(format!("qpdf --check: {said}"));
    }
    let i = tool("pdfinfo", "poppler-utils", &[p]);
    let said = String::from_utf8_lossy(&i.stderr).to_string();
    if !i.status.success() || said.contains("rror") {
        out.push(format!("pdfinfo: {said}"));
    }
    let m = tool("mutool", "mupdf-tools", &["info", p]);
    let said = String::from_utf8_lossy(&m.stderr).to_string();
    if !m.status.success() || said.contains("error") {
        out.push(format!("mutool info: {said}"));
    }
    out
}

/// TrimBox of the expected size, BleedBox at least the bleed beyond it, both in the MediaBox.
fn boxes(doc: &Pdf, expect: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    for (n, page) in doc.pages().into_iter().enumerate() {
        let dict = doc.doc.get_dictionary(page).expect("page dict");
        let has = |k: &[u8]| dict.get(k).is_ok();
        if !has(b"TrimBox") || !has(b"BleedBox") {
            out.push(format!("page {}: no TrimBox or BleedBox", n + 1));
            continue;
        }
        let [t, b, m] =
            [b"TrimBox" as &[u8], b"BleedBox", b"MediaBox"].map(|k| doc.page_box(page, k));
        let (w, h) = (t[2] - t[0], t[3] - t[1]);
        if (w - expect.trim.0).abs() > 1.0 || (h - expect.trim.1).abs() > 1.0 {
            out.push(format!("page {}: trim {w:.1} × {h:.1} pt", n + 1));
        }
        let sides = [t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3]];
        if sides.iter().any(|s| *s < (expect.min_bleed_mm - 0.05) * MM) {
            out.push(format!("page {}: bleed {sides:?} pt", n + 1));
        }
        let inside = |o: &[f64], i: &[f64]| {
            i[0] >= o[0] - 0.01 && i[1] >= o[1] - 0.01 && i[2] <= o[2] + 0.01 && i[3] <= o[3] + 0.01
        };
        if !inside(&b, &t) || !inside(&m, &b) {
            out.push(format!("page {}: boxes not nested", n + 1));
        }
    }
    out
}

/// Every font embedded (a font file), subset (ABCDEF+ name) and with ToUnicode.
fn fonts(doc: &Pdf) -> Vec<String> {
    let mut out = Vec::new();
    for (id, obj) in &doc.doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice())
            || dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice())
        {
            continue;
        }
        let name = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).to_string())
            .unwrap_or_default();
        let subset = name.len() > 7 && name.as_bytes()[6] == b'+';
        let descriptor = dict
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|d| doc.doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_dict().ok())
            .and_then(|d| d.get_deref(b"FontDescriptor", &doc.doc).ok())
            .and_then(|d| d.as_dict().ok());
        let embedded =
            descriptor.is_some_and(|d| d.get(b"FontFile2").is_ok() || d.get(b"FontFile3").is_ok());
        if !(subset && embedded && dict.get(b"ToUnicode").is_ok()) {
            out.push(format!(
                "font {name} ({id:?}): subset {subset}, embedded {embedded}"
            ));
        }
    }
    out
}

/// A GTS_PDFX output intent with its profile, and the PDF/X version in Info.
fn output_intent(doc: &Pdf) -> Vec<String> {
    let catalog = doc.doc.catalog().expect("catalog");
    let intents = catalog
        .get_deref(b"OutputIntents", &doc.doc)
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    let pdfx = intents.iter().any(|i| {
        let d = doc
            .doc
            .dereference(i)
            .ok()
            .and_then(|(_, o)| o.as_dict().ok().cloned());
        d.is_some_and(|d| {
            d.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFX".as_slice())
                && d.get(b"DestOutputProfile").is_ok()
        })
    });
    let version = doc
        .doc
        .trailer
        .get_deref(b"Info", &doc.doc)
        .and_then(Object::as_dict)
        .is_ok_and(|i| i.get(b"GTS_PDFXVersion").is_ok());
    let mut out = Vec::new();
    if !pdfx {
        out.push("no GTS_PDFX output intent with a DestOutputProfile".into());
    }
    if !version {
        out.push("no GTS_PDFXVersion in Info".into());
    }
    out
}

/// PDF/X-1a: no RGB colour operator in any content, no RGB or ICCBased image.
fn no_rgb(doc: &Pdf) -> Vec<String> {
    let mut out = Vec::new();
    for page in doc.pages() {
        let content = doc.doc.get_page_content(page).expect("content");
        let ops = lopdf::content::Content::decode(&content).expect("content parses");
        if let Some(op) = ops
            .operations
            .iter()
            .find(|o| o.operator == "rg" || o.operator == "RG")
        {
            out.push(format!(
                "RGB colour operator {} on a PDF/X-1a page",
                op.operator
            ));
        }
    }
    for obj in doc.doc.objects.values() {
        let Ok(stream) = obj.as_stream() else {
            continue;
        };
        let d = &stream.dict;
        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image".as_slice()) {
            continue;
        }
        let space = d.get(b"ColorSpace").ok();
        let rgb = match space {
            Some(Object::Name(n)) => n == b"DeviceRGB",
            Some(Object::Array(a)) => a.first().and_then(|o| o.as_name().ok()) == Some(b"ICCBased"),
            _ => false,
        };
        if rgb {
            out.push("an RGB or ICCBased image in PDF/X-1a".into());
        }
    }
    out
}

/// Every word of `expect` comes back from pdftotext (in its default or raw order),
/// counted with repeats, as preflight.py's text-match counts them.
fn text_match(pdf: &Path, expect: &Path) -> Vec<String> {
    let best = missing_words(
        pdf,
        &std::fs::read_to_string(expect).expect("expected text"),
    );
    if best.is_empty() {
        vec![]
    } else {
        vec![format!(
            "{} words missing from the text layer: {:?}",
            best.len(),
            &best[..best.len().min(10)]
        )]
    }
}

/// The words of `expected` that pdftotext does not give back from `pdf`, in the reading
/// order (default or `-raw`) that loses the fewest: poppler's reading order can put a
/// column's top before the word broken at the foot of the column before it.
pub fn missing_words(pdf: &Path, expected: &str) -> Vec<String> {
    let want = words(expected);
    let p = pdf.to_str().expect("a UTF-8 path");
    [&[][..], &["-raw"][..]]
        .iter()
        .map(|extra| {
            let mut args = vec!["-enc", "UTF-8"];
            args.extend_from_slice(extra);
            args.extend([p, "-"]);
            let o = tool("pdftotext", "poppler-utils", &args);
            let got = words(&String::from_utf8_lossy(&o.stdout));
            let missing: Vec<String> = want
                .iter()
                .filter_map(|(w, n)| {
                    let have = got.get(w).copied().unwrap_or(0);
                    (have < *n).then(|| w.clone())
                })
                .collect();
            missing
        })
        .min_by_key(Vec::len)
        .unwrap_or_default()
}

/// Words as preflight.py normalises them: lower case, outer punctuation stripped, inner
/// hyphens dropped, line-end hyphens joined; counted.
pub fn words(text: &str) -> HashMap<String, usize> {
    let joined = text.replace("\u{ad}\n", "").replace("-\n", "-");
    let mut out = HashMap::new();
    for tok in joined.split_whitespace() {
        let tok = tok.trim_matches(|c: char| !c.is_alphanumeric());
        let tok: String = tok
            .chars()
            .filter(|c| !matches!(c, '-' | '\u{2010}' | '\u{2011}'))
            .flat_map(char::to_lowercase)
            .collect();
        if !tok.is_empty() {
            *out.entry(tok).or_default() += 1;
        }
    }
    out
}
