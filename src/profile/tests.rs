//! Profile parsing and validation: every error points at the key to fix.

use super::*;

/// The offset profile with one line replaced.
fn with(from: &str, to: &str) -> Result<PrintProfile> {
    let text = BUILTIN[1].1;
    assert!(text.contains(from), "{from}");
    PrintProfile::parse(Source::new("shop.toml", text.replacen(from, to, 1)))
}

#[test]
fn builtins_are_valid_and_the_default_is_digital_x4() {
    for (name, _) in BUILTIN {
        let p = PrintProfile::builtin(name).unwrap();
        assert_eq!(p.name, name);
        assert!(
            p.bleed.pt() >= mm(3.0) - 1e-9,
            "{name}: preflight wants 3mm"
        );
    }
    let d = PrintProfile::builtin_default();
    assert_eq!(
        (d.name.as_str(), d.pdfx, d.marks.crop),
        ("digital-x4", PdfX::X4, false)
    );
    let o = PrintProfile::builtin("offset-x1a").unwrap();
    assert_eq!(
        (o.pdfx, o.marks.crop, o.ink_limit),
        (PdfX::X1a, true, 300.0)
    );
}

#[test]
fn an_empty_profile_takes_the_defaults_written_in_digital_x4() {
    let empty = PrintProfile::parse(Source::new("e.toml", "")).unwrap();
    let d = PrintProfile::builtin_default();
    assert_eq!(empty.pdfx, d.pdfx);
    assert_eq!(empty.bleed, d.bleed);
    assert_eq!(empty.ink_limit, d.ink_limit);
    assert_eq!(empty.marks.crop, d.marks.crop);
    assert_eq!(empty.marks.gap, d.marks.gap);
    assert_eq!(empty.marks.length, d.marks.length);
    assert_eq!(empty.marks.weight, d.marks.weight);
    assert_eq!(empty.images.jpeg_quality, d.images.jpeg_quality);
    assert_eq!(empty.output_intent.identifier, d.output_intent.identifier);
    assert_eq!(empty.icc, d.icc);
}

#[test]
fn impossible_values_are_refused_at_their_position() {
    let cases = [
        (
            "bleed = \"3mm\"",
            "bleed = \"-1mm\"",
            "bleed -1.00mm is impossible",
            12,
        ),
        (
            "ink_limit = 300",
            "ink_limit = 90",
            "ink_limit = 90% is impossible",
            13,
        ),
        ("ink_limit = 300", "ink_limit = 450", "ink_limit = 450%", 13),
        (
            "length = \"5mm\"",
            "length = \"0.5mm\"",
            "marks.length 0.50mm",
            19,
        ),
        (
            "weight = \"0.25pt\"",
            "weight = \"5pt\"",
            "marks.weight 5.00pt",
            20,
        ),
        (
            "jpeg_quality = 92",
            "jpeg_quality = 10",
            "jpeg_quality = 10",
            29,
        ),
        (
            "refuse_below_ppi = 150",
            "refuse_below_ppi = 400",
            "warn_below_ppi = 300 is below",
            26,
        ),
        (
            "identifier = \"FOGRA39\"",
            "identifier = \"\"",
            "no identifier",
            32,
        ),
    ];
    for (from, to, want, line) in cases {
        let err = with(from, to).unwrap_err();
        assert!(err.message.contains(want), "{to}: {err}");
        let loc = err.location.as_ref().expect("located");
        assert_eq!(
            (loc.file.to_str(), loc.line),
            (Some("shop.toml"), line),
            "{to}: {err}"
        );
    }
}

#[test]
fn unknown_keys_and_values_suggest_the_right_one() {
    let err = with("ink_limit =", "ink_limt =").unwrap_err().to_string();
    assert!(err.contains("shop.toml:13:1"), "{err}");
    assert!(err.contains("did you mean `ink_limit`"), "{err}");
    let err = with("crop = true", "crops = true").unwrap_err().to_string();
    assert!(err.contains("did you mean `crop`"), "{err}");
    let err = with("pdfx = \"x1a\"", "pdfx = \"x1\"")
        .unwrap_err()
        .to_string();
    assert!(err.contains("shop.toml:11:8"), "{err}");
    assert!(err.contains("x1a"), "{err}");
    let err = with(
        "rendering_intent = \"perceptual\"",
        "rendering_intent = \"vivid\"",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("perceptual"), "{err}");
}

#[test]
fn the_icc_profile_must_be_a_cmyk_output_profile() {
    let err = with("bundled:FOGRA39L_coated.icc", "bundled:nope.icc").unwrap_err();
    assert!(err.message.contains("no bundled ICC profile"), "{err}");
    assert_eq!(err.location.as_ref().unwrap().line, 36, "{err}");
    let dir = std::env::temp_dir().join(format!("barakcha-icc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("srgb.icc"), include_bytes!("../../icc/sRGB.icc")).unwrap();
    let text = BUILTIN[1]
        .1
        .replace("bundled:FOGRA39L_coated.icc", "srgb.icc");
    let err = PrintProfile::parse(Source::new(dir.join("p.toml"), text)).unwrap_err();
    assert!(err.message.contains("not a CMYK output"), "{err}");
    let text = BUILTIN[1]
        .1
        .replace("bundled:FOGRA39L_coated.icc", "missing.icc");
    let err = PrintProfile::parse(Source::new(dir.join("p.toml"), text)).unwrap_err();
    assert!(err.message.contains("cannot read the ICC profile"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn overrides_apply_and_are_checked_naming_the_flag() {
    let mut p = PrintProfile::builtin("offset-x1a").unwrap();
    p.apply(&Overrides {
        bleed: Some(Length(mm(5.0))),
        marks: Some(false),
        pdfx: Some(PdfX::X4),
        outline_text: Some(true),
    })
    .unwrap();
    assert_eq!(
        (p.pdfx, p.marks.crop, p.text.outline),
        (PdfX::X4, false, true)
    );
    assert_eq!(
        p.display_name(),
        "offset-x1a (--bleed 5.00mm --no-marks --pdfx PDF/X-4 --outline-text)"
    );
    let err = p
        .apply(&Overrides {
            bleed: Some(Length(-mm(1.0))),
            ..Overrides::default()
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("error: --bleed: bleed -1.00mm is impossible"),
        "{err}"
    );
}

#[test]
fn unknown_profile_names_suggest_a_built_in_one() {
    let err = PrintProfile::load("ofset-x1a").unwrap_err().to_string();
    assert!(err.contains("did you mean `offset-x1a`"), "{err}");
    let err = PrintProfile::load("missing/shop.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot read the print profile"), "{err}");
}

#[test]
fn layout_colours_above_the_ink_limit_are_refused_at_the_colour() {
    let layout = |from: &str, to: &str| {
        let text = crate::layout::DEFAULT_LAYOUT.replacen(from, to, 1);
        Layout::parse(Source::new("l.toml", text)).unwrap()
    };
    let offset = PrintProfile::builtin("offset-x1a").unwrap();
    offset.check_layout(&Layout::builtin()).unwrap();
    let heavy = layout("rule_color = \"accent\"", "rule_color = [80, 90, 85, 60]");
    let err = offset.check_layout(&heavy).unwrap_err();
    assert!(
        err.message
            .contains("frames.header.rule_color uses 315% total ink"),
        "{err}"
    );
    assert!(err.message.contains("allows 300%"), "{err}");
    let line = crate::layout::DEFAULT_LAYOUT
        .lines()
        .position(|l| l.starts_with("rule_color = \"accent\""))
        .unwrap()
        + 1;
    assert_eq!(err.location.as_ref().unwrap().line, line, "{err}");
    // The same colour is within digital-x4's 320 %.
    PrintProfile::builtin_default()
        .check_layout(&heavy)
        .unwrap();
}

#[test]
fn rich_black_text_is_refused() {
    let text = crate::layout::DEFAULT_LAYOUT.replacen(
        "[styles.answer]\nfont = \"serif\"\nsize = \"9.5pt\"\nleading = \"12pt\"\ncolor = [0, 0, 0, 100]",
        "[styles.answer]\nfont = \"serif\"\nsize = \"9.5pt\"\nleading = \"12pt\"\ncolor = [40, 30, 30, 100]",
        1,
    );
    let l = Layout::parse(Source::new("l.toml", text)).unwrap();
    let err = PrintProfile::builtin_default()
        .check_layout(&l)
        .unwrap_err();
    assert!(
        err.message
            .contains("styles.answer.color is rich black ([40, 30, 30, 100])"),
        "{err}"
    );
    assert!(err.hints[0].contains("[0, 0, 0, 100]"), "{err}");
}

#[test]
fn every_bundled_icc_profile_reads() {
    // load_icc trusts bundled profiles without parsing them at each render.
    for (name, bytes) in super::BUNDLED_ICC {
        assert!(
            moxcms::ColorProfile::new_from_slice(bytes).is_ok(),
            "{name}"
        );
    }
}
