//! Print output end to end, read back with lopdf: no external tools needed.
//! PDF/X keys and boxes, crop marks, CMYK images, outlines, refusals, determinism.

mod common;

use barakcha::layout::Layout;
use barakcha::profile::{Overrides, PdfX};
use barakcha::source::Source;
use barakcha::units::mm;
use common::engine::*;
use common::{example, temp_dir};
use lopdf::{Document, Object, ObjectId};

fn load(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).expect("the PDF parses")
}

fn rect(doc: &Document, page: ObjectId, key: &[u8]) -> [f32; 4] {
    let dict = doc.get_object(page).unwrap().as_dict().unwrap();
    let a = dict.get(key).unwrap().as_array().unwrap();
    [0, 1, 2, 3].map(|i| a[i].as_float().unwrap())
}

fn info_string(doc: &Document, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get_deref(b"Info", doc)
        .unwrap()
        .as_dict()
        .unwrap();
    match info.get(key).unwrap() {
        Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        other => panic!("{other:?}"),
    }
}

/// Every array in the file whose first element is the name `name`.
fn arrays_starting_with(doc: &Document, name: &[u8]) -> usize {
    fn count(o: &Object, name: &[u8]) -> usize {
        match o {
            Object::Array(a) => {
                let own = matches!(a.first(), Some(Object::Name(n)) if n == name) as usize;
                own + a.iter().map(|x| count(x, name)).sum::<usize>()
            }
            Object::Dictionary(d) => d.iter().map(|(_, v)| count(v, name)).sum(),
            Object::Stream(s) => s.dict.iter().map(|(_, v)| count(v, name)).sum(),
            _ => 0,
        }
    }
    doc.objects.values().map(|o| count(o, name)).sum()
}

fn xmp(doc: &Document) -> String {
    let root = doc
        .trailer
        .get_deref(b"Root", doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let meta = root
        .get_deref(b"Metadata", doc)
        .unwrap()
        .as_stream()
        .unwrap();
    String::from_utf8(meta.content.clone()).unwrap()
}

fn image_dict(doc: &Document) -> lopdf::Dictionary {
    let images: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..]))
        .collect();
    assert_eq!(images.len(), 1);
    images[0].dict.clone()
}

#[test]
fn offset_x1a_is_pdf_x1a_2001_with_a_cmyk_portrait() {
    let r = render_with(&example(), profile("offset-x1a", Overrides::default())).unwrap();
    assert!(
        r.pdf.starts_with(b"%PDF-1.3"),
        "PDF/X-1a:2001 is based on PDF 1.3"
    );
    let doc = load(&r.pdf);
    assert_eq!(info_string(&doc, b"GTS_PDFXVersion"), "PDF/X-1:2001");
    assert_eq!(info_string(&doc, b"GTS_PDFXConformance"), "PDF/X-1a:2001");
    assert_eq!(info_string(&doc, b"Trapped"), "False");
    assert!(!info_string(&doc, b"Title").is_empty());
    let x = xmp(&doc);
    assert!(
        x.contains("<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>"),
        "{x}"
    );
    assert!(
        x.contains("<pdfx:GTS_PDFXConformance>PDF/X-1a:2001<"),
        "{x}"
    );
    assert_eq!(
        arrays_starting_with(&doc, b"ICCBased"),
        0,
        "X-1a allows no ICCBased colour"
    );
    assert_eq!(
        arrays_starting_with(&doc, b"Separation"),
        2,
        "registration, once per page"
    );
    let img = image_dict(&doc);
    assert_eq!(
        img.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceCMYK"
    );
    assert_eq!(img.get(b"Decode").unwrap().as_array().unwrap().len(), 8);
    assert_eq!(img.get(b"Filter").unwrap().as_name().unwrap(), b"DCTDecode");
    let print = r.report.print.as_ref().unwrap();
    assert_eq!(
        (print.pdfx.as_str(), print.marks, print.slug_line),
        ("PDF/X-1a:2001", true, true)
    );
    assert!(
        print.images[0].conversion.contains("converted to CMYK"),
        "{print:?}"
    );
    assert!(
        print.max_ink_pct <= 300.0 && print.max_ink_pct >= 180.0,
        "{print:?}"
    );
    // 1500 px over the frame's 94 mm: 405 ppi.
    assert!(print.images[0].effective_ppi.unwrap() > 400.0);
}

#[test]
fn digital_x4_keeps_the_rgb_jpeg_as_iccbased() {
    let r = render_with(&example(), profile("digital-x4", Overrides::default())).unwrap();
    assert!(r.pdf.starts_with(b"%PDF-1.6"));
    let doc = load(&r.pdf);
    assert_eq!(info_string(&doc, b"GTS_PDFXVersion"), "PDF/X-4");
    assert!(xmp(&doc).contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
    let original = std::fs::read(example().with_file_name("portrait.jpg")).unwrap();
    let img = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..]))
        .unwrap();
    assert_eq!(img.content, original, "the JPEG goes in byte for byte");
    assert_eq!(arrays_starting_with(&doc, b"ICCBased"), 1);
    let print = r.report.print.unwrap();
    assert_eq!(
        (print.marks, print.slug_line, print.bleed_mm),
        (false, false, 3.0)
    );
}

#[test]
fn boxes_are_trim_bleed_and_a_slug_for_marks() {
    let (w, h, b) = (mm(210.0) as f32, mm(297.0) as f32, mm(3.0) as f32);
    for (marks, slug) in [(false, 0.0), (true, 36.0)] {
        let p = profile(
            "offset-x1a",
            Overrides {
                marks: Some(marks),
                ..Overrides::default()
            },
        );
        let doc = load(&render_with(&example(), p).unwrap().pdf);
        for (_, page) in doc.get_pages() {
            let close =
                |a: [f32; 4], e: [f32; 4]| a.iter().zip(e).all(|(x, y)| (x - y).abs() < 0.01);
            assert!(close(rect(&doc, page, b"TrimBox"), [0.0, 0.0, w, h]));
            assert!(close(rect(&doc, page, b"BleedBox"), [-b, -b, w + b, h + b]));
            let m = b + slug;
            let media = rect(&doc, page, b"MediaBox");
            assert!(
                close(media, [-m, -m, w + m, h + m]),
                "marks {marks}: {media:?}"
            );
        }
    }
}

#[test]
fn crop_marks_are_registration_hairlines_and_the_slug_names_the_job() {
    let r = render_with(&example(), profile("offset-x1a", Overrides::default())).unwrap();
    let doc = load(&r.pdf);
    let page = doc.get_pages()[&1];
    let content = String::from_utf8_lossy(&doc.get_page_content(page).unwrap()).into_owned();
    assert!(
        content.contains("/Reg CS\n1 SCN\n0.25 w\n"),
        "crop marks in registration"
    );
    assert!(
        content.contains("/Reg cs\n1 scn\n"),
        "slug line in registration"
    );
    let text = String::from_utf8_lossy(&r.pdf);
    assert!(
        !text.contains("leaflet.pdf"),
        "slug text is in the compressed content only"
    );
    let off = render_with(
        &example(),
        profile(
            "offset-x1a",
            Overrides {
                marks: Some(false),
                ..Overrides::default()
            },
        ),
    )
    .unwrap();
    let doc = load(&off.pdf);
    let content = doc.get_page_content(doc.get_pages()[&1]).unwrap();
    assert!(!String::from_utf8_lossy(&content).contains("/Reg"));
}

#[test]
fn outlined_text_draws_paths_under_an_invisible_text_layer() {
    let over = Overrides {
        outline_text: Some(true),
        ..Overrides::default()
    };
    let r = render_with(&example(), profile("offset-x1a", over)).unwrap();
    let doc = load(&r.pdf);
    let content =
        String::from_utf8_lossy(&doc.get_page_content(doc.get_pages()[&1]).unwrap()).into_owned();
    assert!(content.contains("3 Tr"), "invisible text layer");
    assert!(content.contains(" Do\n"), "glyph forms placed");
    assert!(
        content.contains("/ActualText"),
        "hyphenated words still extract whole"
    );
    let forms = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Form"[..]))
        .count();
    assert!(forms > 100, "one form per glyph used: {forms}");
    assert!(r.report.print.unwrap().outline_text);
}

#[test]
fn same_inputs_give_byte_identical_pdfs() {
    for (name, over) in [
        (
            "offset-x1a",
            Overrides {
                outline_text: Some(true),
                ..Overrides::default()
            },
        ),
        (
            "digital-x4",
            Overrides {
                marks: Some(true),
                ..Overrides::default()
            },
        ),
    ] {
        let a = render_with(&example(), profile(name, over.clone()))
            .unwrap()
            .pdf;
        let b = render_with(&example(), profile(name, over)).unwrap().pdf;
        assert!(a == b, "{name}: two renders differ");
    }
}

#[test]
fn a_layout_colour_above_the_ink_limit_is_refused_at_the_layout() {
    let text = barakcha::layout::DEFAULT_LAYOUT.replacen(
        "leading = \"28pt\"\ncolor = \"accent\"",
        "leading = \"28pt\"\ncolor = [60, 90, 85, 80]",
        1,
    );
    let line = text[..text.find("color = [60, 90, 85, 80]").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let layout = Layout::parse(Source::new("heavy.toml", text)).unwrap();
    let err = barakcha::Engine::new(layout)
        .and_then(|e| e.with_profile(profile("offset-x1a", Overrides::default())))
        .err()
        .expect("315 % is over offset-x1a's 300 %")
        .to_string();
    assert!(
        err.starts_with(&format!(
            "error: heavy.toml:{line}:9: styles.headline.color uses 315% total ink"
        )),
        "{err}"
    );
}

#[test]
fn coarse_portraits_warn_then_are_refused() {
    let dir = temp_dir("ppi");
    // The portrait frame is 58.67 × 94 mm: a 4:5 picture covers it at 75.2 mm wide, so
    // 500 px ≈ 169 ppi (warn), 200 px ≈ 68 ppi (refuse).
    let interview = interview_with_portrait(&dir, &jpeg(500, 625, jpeg_encoder::ColorType::Rgb));
    let r = render_with(&interview, profile("offset-x1a", Overrides::default())).unwrap();
    assert!(
        r.report.warnings.iter().any(|w| w.contains("169 ppi")),
        "{:?}",
        r.report.warnings
    );
    let interview = interview_with_portrait(&dir, &jpeg(200, 250, jpeg_encoder::ColorType::Rgb));
    let err = render_with(&interview, profile("offset-x1a", Overrides::default()))
        .err()
        .unwrap();
    assert!(
        err.contains("only 68 ppi") && err.contains("refuses below 150 ppi"),
        "{err}"
    );
    assert!(
        err.contains("interview.toml:"),
        "points at the portrait: {err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_cmyk_jpeg_passes_through_untouched_with_its_decode() {
    let dir = temp_dir("cmyk");
    let cmyk = jpeg(1200, 1500, jpeg_encoder::ColorType::Cmyk);
    let interview = interview_with_portrait(&dir, &cmyk);
    for pdfx in [PdfX::X1a, PdfX::X4] {
        let r = render_with(
            &interview,
            profile(
                "offset-x1a",
                Overrides {
                    pdfx: Some(pdfx),
                    ..Overrides::default()
                },
            ),
        )
        .unwrap();
        let doc = load(&r.pdf);
        let img = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..]))
            .unwrap();
        assert_eq!(img.content, cmyk, "{pdfx:?}: passed through byte for byte");
        assert_eq!(
            img.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
            b"DeviceCMYK"
        );
        assert!(
            img.dict.get(b"Decode").is_ok(),
            "Adobe APP14: inverted samples"
        );
        let conversion = &r.report.print.unwrap().images[0].conversion;
        assert!(
            conversion.starts_with("CMYK JPEG passed through"),
            "{conversion}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn cli(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_names_bad_profiles_and_overrides() {
    let dir = temp_dir("cli");
    let example = example();
    let ex = example.to_str().unwrap();
    let out = dir.join("x.pdf");
    let out = out.to_str().unwrap();
    let (ok, err) = cli(&["render", ex, "-o", out, "--bleed", "-1mm"]);
    assert!(
        !ok && err.contains("error: --bleed: bleed -1.00mm is impossible"),
        "{err}"
    );
    let (ok, err) = cli(&["render", ex, "-o", out, "--profile", "ofset-x1a"]);
    assert!(!ok && err.contains("did you mean `offset-x1a`"), "{err}");
    let shop = dir.join("shop.toml");
    std::fs::write(
        &shop,
        "name = \"shop\"\nbleed = \"3mm\"\n\n[marks]\ncrop = true\nlenght = \"5mm\"\n",
    )
    .unwrap();
    let (ok, err) = cli(&["render", ex, "-o", out, "--profile", shop.to_str().unwrap()]);
    assert!(
        !ok && err.contains("shop.toml:6:1") && err.contains("did you mean `length`"),
        "{err}"
    );
    let (ok, err) = cli(&[
        "render",
        ex,
        "-o",
        out,
        "--profile",
        "offset-x1a",
        "--no-marks",
        "--pdfx",
        "x4",
        "--bleed",
        "5mm",
    ]);
    assert!(ok, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
