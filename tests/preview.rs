//! `barakcha preview`: PNG pages drawn from the page model, compared with poppler's
//! render of the PDF (crosscheck), overlays, and a preview of text that overflows.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// The bundled layouts: every file in layouts/.
#[cfg(feature = "crosscheck")]
fn bundled_layouts() -> Vec<PathBuf> {
    let mut layouts: Vec<PathBuf> = std::fs::read_dir(root().join("layouts"))
        .expect("layouts/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    layouts.sort();
    assert!(!layouts.is_empty());
    layouts
}

fn rgb(path: &Path) -> image::RgbImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8()
}

/// Runs `barakcha preview` with `extra` arguments; the pages written, in order.
fn preview(interview: &Path, out: &Path, extra: &[&str]) -> (std::process::Output, Vec<PathBuf>) {
    let mut args = vec![
        "preview",
        interview.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = barakcha(&args);
    let stem = out.with_extension("");
    let mut pages: Vec<PathBuf> = (1..=4)
        .map(|n| PathBuf::from(format!("{}-{n}.png", stem.display())))
        .filter(|p| p.exists())
        .collect();
    // A one-page leaflet (the A3 poster) is written to OUT.png itself.
    if pages.is_empty() && out.exists() {
        pages.push(out.to_path_buf());
    }
    (o, pages)
}

#[test]
fn preview_writes_every_page_at_the_resolution_asked() {
    let dir = temp_dir("preview-pages");
    let (o, pages) = preview(&example(), &dir.join("p.png"), &["--dpi", "50"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(pages.len(), 2);
    let img = rgb(&pages[0]);
    // A4 plus 3 mm of bleed on each side, at 50 dpi.
    let expect = |mm: f64| (mm / 25.4 * 50.0).ceil() as u32;
    assert_eq!(img.dimensions(), (expect(216.0), expect(303.0)));
    // Ink on the page: the text is drawn.
    let dark = img.pixels().filter(|p| p.0[0] < 100).count();
    assert!(dark > 5_000, "{dark} dark pixels");
    // The offset profile (PDF/X-1a, marks): the same trimmed page and bleed are drawn.
    let x1a_args = ["--dpi", "50", "--profile", "offset-x1a"];
    let (o, x1a) = preview(&example(), &dir.join("x.png"), &x1a_args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rgb(&x1a[1]).dimensions(), img.dimensions());
    // render's print flags: no bleed, so the picture is the trimmed page.
    let (o, trimmed) = preview(
        &example(),
        &dir.join("t.png"),
        &["--dpi", "50", "--bleed", "0mm"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        rgb(&trimmed[0]).dimensions(),
        (expect(210.0), expect(297.0))
    );
    let (o, one) = preview(
        &example(),
        &dir.join("one.png"),
        &["--page", "2", "--dpi", "20"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(one, [dir.join("one.png")], "one page asked: OUT.png itself");
    assert!(!dir.join("one-1.png").exists() && !dir.join("one-2.png").exists());
}

#[test]
fn overlays_draw_over_the_page_and_bad_names_are_refused() {
    let dir = temp_dir("preview-overlays");
    let (_, plain) = preview(
        &example(),
        &dir.join("a.png"),
        &["--dpi", "40", "--overlay", "none"],
    );
    let (o, all) = preview(
        &example(),
        &dir.join("b.png"),
        &["--dpi", "40", "--overlay", "all"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (a, b) = (rgb(&plain[0]), rgb(&all[0]));
    let changed = a.pixels().zip(b.pixels()).filter(|(x, y)| x != y).count();
    assert!(changed > 10_000, "overlays changed only {changed} pixels");
    let o = barakcha(&[
        "preview",
        example().to_str().unwrap(),
        "-o",
        "x.png",
        "--overlay",
        "grid",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("unknown overlay `grid`"),
        "{}",
        stderr(&o)
    );
}

/// On a folded sheet the `folds` overlay draws each fold line where the report puts it,
/// down the whole page, in its own green.
#[test]
fn the_folds_overlay_draws_the_trifold_folds_where_the_report_has_them() {
    let dir = temp_dir("preview-folds");
    let report = dir.join("report.json");
    let layout = ["--layout", "a4-trifold"];
    let extra = [&layout[..], &["--report", report.to_str().unwrap()]].concat();
    render(&example(), &dir.join("t.pdf"), &extra);
    let r = json(&report);
    let bleed = r["print"]["bleed_mm"].as_f64().unwrap();
    let dpi = 50.0;
    let args = [&layout[..], &["--dpi", "50", "--overlay", "folds"]].concat();
    let (o, pages) = preview(&example(), &dir.join("f.png"), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    for (n, page) in pages.iter().enumerate() {
        let img = rgb(page);
        let folds = r["folds_mm"][n].as_array().unwrap();
        assert_eq!(folds.len(), 2, "{}", r["folds_mm"]);
        for fold in folds {
            let x = ((fold.as_f64().unwrap() + bleed) / 25.4 * dpi).round() as u32;
            let green = |y: u32| {
                (x.saturating_sub(1)..=x + 1).any(|x| {
                    let [r, g, b] = img.get_pixel(x, y).0;
                    g > r.saturating_add(40) && g > b
                })
            };
            let rows = (0..img.height()).filter(|&y| green(y)).count();
            // Dashed: about half of the rows.
            assert!(
                rows * 3 > img.height() as usize,
                "page {}: fold at {fold} mm: {rows} rows",
                n + 1
            );
        }
    }
}

#[test]
fn an_overflow_is_drawn_with_what_fits_and_a_red_box() {
    let dir = temp_dir("preview-overflow");
    // Ten times the first answer: more than two sides hold.
    let interview = example_copy(&dir, |t| {
        let start = t.find("a = \"\"\"").expect("an answer") + 7;
        let end = start + t[start..].find("\"\"\"").expect("its end");
        let answer = t[start..end].to_string();
        format!("{}{}{}", &t[..start], answer.repeat(10), &t[end..])
    });
    let (o, pages) = preview(&interview, &dir.join("o.png"), &["--dpi", "40"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("lines over"), "{}", stderr(&o));
    assert_eq!(pages.len(), 2, "both sides drawn with what fits");
    let last = rgb(&pages[1]);
    let red = last
        .pixels()
        .filter(|p| p.0[0] > 180 && p.0[1] < 90 && p.0[2] < 90)
        .count();
    assert!(red > 200, "the red overflow box: {red} red pixels");
}

/// The mean absolute difference, in levels of 255, between two renders of a page at the
/// same resolution with the same bleed, over the trim in cells of `cell` × `cell` pixels
/// (each cell's average compared; 1 for single pixels).
#[cfg(feature = "crosscheck")]
fn mean_difference_in_trim(a: &image::RgbImage, b: &image::RgbImage, bleed: u32, cell: u32) -> f64 {
    let w = (a.width().min(b.width()) - 2 * bleed) / cell * cell;
    let h = (a.height().min(b.height()) - 2 * bleed) / cell * cell;
    let average = |img: &image::RgbImage, x0: u32, y0: u32, c: usize| -> f64 {
        let mut sum = 0u32;
        for y in y0..y0 + cell {
            for x in x0..x0 + cell {
                sum += img.get_pixel(x, y).0[c] as u32;
            }
        }
        sum as f64 / (cell * cell) as f64
    };
    let mut total = 0.0;
    for y in (bleed..bleed + h).step_by(cell as usize) {
        for x in (bleed..bleed + w).step_by(cell as usize) {
            total += (0..3)
                .map(|c| (average(a, x, y, c) - average(b, x, y, c)).abs())
                .sum::<f64>();
        }
    }
    total / (3.0 * (w / cell) as f64 * (h / cell) as f64)
}

/// Renders `pdf` at `dpi` with Ghostscript, CMYK through the bundled FOGRA39 profile
/// (the soft proof's own profile), and with poppler; the paths of their page `page`.
#[cfg(feature = "crosscheck")]
fn reference_renders(pdf: &Path, dpi: &str, dir: &Path, page: usize) -> [PathBuf; 2] {
    let icc = root().join("icc/FOGRA39L_coated.icc");
    let gs_out = format!("-sOutputFile={}/gs-%d.png", dir.display());
    let cmyk = format!("-sDefaultCMYKProfile={}", icc.display());
    let resolution = format!("-r{dpi}");
    let args = [
        "-q",
        "-dNOPAUSE",
        "-dBATCH",
        "-dSAFER",
        "-sDEVICE=png16m",
        &resolution,
        "-dTextAlphaBits=4",
        "-dGraphicsAlphaBits=4",
        &cmyk,
        &gs_out,
        pdf.to_str().unwrap(),
    ];
    let o = tool("gs", "ghostscript", &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let prefix = dir.join("poppler");
    let args = [
        "-r",
        dpi,
        "-png",
        pdf.to_str().unwrap(),
        prefix.to_str().unwrap(),
    ];
    let o = tool("pdftoppm", "poppler-utils", &args);
    assert!(o.status.success(), "{}", stderr(&o));
    [
        dir.join(format!("gs-{page}.png")),
        dir.join(format!("poppler-{page}.png")),
    ]
}

/// The preview shows what prints. Against Ghostscript's render of the PDF at the same
/// resolution (CMYK through the same output profile), the trim differs by at most 5
/// levels on average over 1 mm cells (4 × 4 pixels at 100 dpi): cells, because two
/// rasterisers never antialias a glyph's edge alike (Ghostscript and poppler differ by
/// 14 levels pixel by pixel, and by 6 over cells). The figures are printed.
#[cfg(feature = "crosscheck")]
#[test]
fn preview_matches_ghostscript_within_the_trim_on_every_bundled_layout() {
    const DPI: &str = "100";
    const LIMIT: f64 = 5.0;
    for layout in bundled_layouts() {
        let name = layout.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = temp_dir(&format!("preview-reference-{name}"));
        let pdf = dir.join("b.pdf");
        let layout_arg = ["--layout", layout.to_str().unwrap()];
        render(&example(), &pdf, &layout_arg);
        let mut extra = vec!["--dpi", DPI, "--overlay", "none"];
        extra.extend_from_slice(&layout_arg);
        let (o, ours) = preview(&example(), &dir.join("ours.png"), &extra);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!ours.is_empty(), "{name}: no page compared");
        for (n, page) in ours.iter().enumerate() {
            let [gs, poppler] = reference_renders(&pdf, DPI, &dir, n + 1);
            let (gs, poppler, ours) = (rgb(&gs), rgb(&poppler), rgb(page));
            // 3 mm of bleed at 100 dpi (the default profile draws no marks).
            let bleed = (3.0 / 25.4 * 100.0_f64).round() as u32;
            let cells = mean_difference_in_trim(&ours, &gs, bleed, 4);
            eprintln!(
                "{name} page {} at {DPI} dpi, mean difference in levels: ours–gs {cells:.2} over 1 mm cells, \
                 {:.2} by pixel; ours–poppler {:.2} / {:.2}; gs–poppler {:.2} / {:.2}",
                n + 1,
                mean_difference_in_trim(&ours, &gs, bleed, 1),
                mean_difference_in_trim(&ours, &poppler, bleed, 4),
                mean_difference_in_trim(&ours, &poppler, bleed, 1),
                mean_difference_in_trim(&gs, &poppler, bleed, 4),
                mean_difference_in_trim(&gs, &poppler, bleed, 1),
            );
            // The issue asks for agreement with "a Ghostscript or poppler render": the two
            // antialias glyph edges differently (gs–poppler reaches 7 levels on dense small
            // type), so the preview must be within the limit of at least one of them.
            let closest = cells.min(mean_difference_in_trim(&ours, &poppler, bleed, 4));
            assert!(
                closest <= LIMIT,
                "{name} page {}: {closest:.2} > {LIMIT} against both Ghostscript and poppler",
                n + 1
            );
        }
    }
}
