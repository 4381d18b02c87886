//! Print output checked by the tools a print shop uses: the shared preflight,
//! qpdf, poppler (pdffonts, pdfimages, pdftoppm), Ghostscript and MuPDF.
//! A missing tool FAILS the test with its name and package: never a silent skip.
//! Install: apt-get install qpdf poppler-utils mupdf-tools ghostscript python3-pikepdf
//! Part of the crosscheck group: `cargo test --features crosscheck`.
#![cfg(feature = "crosscheck")]

mod common;

use common::{netpbm, preflight_script, python, tool};
use std::path::{Path, PathBuf};
use std::process::Command;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Renders the example with the CLI; returns the PDF's path.
fn render(name: &str, args: &[&str]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("barakcha-tools-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{name}.pdf"));
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bazeyan/interview.toml");
    let status = Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .arg("render")
        .arg(&example)
        .arg("-o")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    assert!(status.status.success(), "{name}: {}", text(&status.stderr));
    out
}

/// Preflight, qpdf, pdffonts, pdfimages, Ghostscript and MuPDF on one variant.
fn check_variant(name: &str, args: &[&str], cmyk_image: bool) {
    let pdf = render(name, args);
    let path = pdf.to_str().unwrap();
    preflight(name, path, cmyk_image);
    let q = tool("qpdf", "qpdf", &["--check", path]);
    let all = text(&q.stdout) + &text(&q.stderr);
    assert!(
        q.status.code() == Some(0) && !all.contains("WARNING"),
        "{name}: qpdf --check: {all}"
    );
    fonts_embedded(name, path);
    let images = text(&tool("pdfimages", "poppler-utils", &["-list", path]).stdout);
    let colour = images
        .lines()
        .nth(2)
        .and_then(|l| l.split_whitespace().nth(5));
    let want = if cmyk_image { "cmyk" } else { "icc" };
    assert_eq!(colour, Some(want), "{name}: pdfimages -list:\n{images}");
    let gs = tool(
        "gs",
        "ghostscript",
        &["-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", path],
    );
    let said = text(&gs.stdout) + &text(&gs.stderr);
    assert!(
        gs.status.success() && !said.contains("rror"),
        "{name}: gs: {said}"
    );
    let mu = tool("mutool", "mupdf-tools", &["info", path]);
    let said = text(&mu.stderr);
    assert!(
        mu.status.success() && !said.contains("error"),
        "{name}: mutool info: {said}"
    );
}

/// The project's preflight finds no problem (and the text extracts whole); so does the
/// shared preflight.py where it is installed.
fn preflight(name: &str, path: &str, x1a: bool) {
    let expect = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bazeyan/text.txt");
    let wanted = common::preflight::Expect {
        x1a,
        text: Some(&expect),
        ..Default::default()
    };
    let problems = common::preflight::problems(Path::new(path), &wanted);
    assert!(problems.is_empty(), "{name}: preflight: {problems:#?}");
    let Some(script) = preflight_script() else {
        return;
    };
    let out = tool(
        &python(),
        "python3 python3-pikepdf",
        &[
            script.to_str().unwrap(),
            path,
            "--expect-text",
            expect.to_str().unwrap(),
        ],
    );
    let report = text(&out.stdout);
    let summary = report.lines().last().unwrap_or_default().to_string();
    eprintln!("{name}: {summary}");
    assert!(
        out.status.success() && summary.contains("FAIL 0"),
        "{name}: preflight failed:\n{report}{}",
        text(&out.stderr)
    );
}

/// pdffonts: every font embedded and subset.
fn fonts_embedded(name: &str, path: &str) {
    let out = text(&tool("pdffonts", "poppler-utils", &[path]).stdout);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{name}: no fonts:\n{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {row}");
    }
}

#[test]
fn offset_x1a_with_marks() {
    check_variant("x1a-marks", &["--profile", "offset-x1a"], true);
}

#[test]
fn offset_x1a_without_marks() {
    check_variant(
        "x1a-nomarks",
        &["--profile", "offset-x1a", "--no-marks"],
        true,
    );
}

#[test]
fn offset_x1a_outlined() {
    check_variant(
        "x1a-outline",
        &["--profile", "offset-x1a", "--outline-text"],
        true,
    );
}

#[test]
fn digital_x4_without_marks() {
    check_variant("x4-nomarks", &["--profile", "digital-x4"], false);
}

#[test]
fn digital_x4_with_marks() {
    check_variant("x4-marks", &["--profile", "digital-x4", "--marks"], false);
}

#[test]
fn digital_x4_outlined() {
    check_variant("x4-outline", &["--outline-text"], false);
}

#[test]
fn x4_forced_to_x1a_from_the_command_line() {
    check_variant(
        "x4-as-x1a",
        &["--profile", "digital-x4", "--pdfx", "x1a"],
        true,
    );
}

#[test]
fn marks_leave_the_page_itself_unchanged() {
    let on = render("pixels-marks", &["--profile", "offset-x1a", "--marks"]);
    let off = render("pixels-nomarks", &["--profile", "offset-x1a", "--no-marks"]);
    // 100 dpi: the half-inch slug is exactly 50 pixels, so both land on one pixel grid.
    let (dpi, slug_px) = (100.0, 50);
    for page in ["1", "2"] {
        let mut images = Vec::new();
        for pdf in [&on, &off] {
            let prefix = pdf.with_extension(format!("p{page}"));
            let args = ["-r", "100", "-f", page, "-l", page, "-singlefile"];
            let out = tool(
                "pdftoppm",
                "poppler-utils",
                &[
                    &args[..],
                    &[pdf.to_str().unwrap(), prefix.to_str().unwrap()],
                ]
                .concat(),
            );
            assert!(out.status.success(), "pdftoppm: {}", text(&out.stderr));
            images.push(netpbm(&prefix.with_extension(format!("p{page}.ppm"))));
        }
        let ((wa, ha, a), (wb, hb, b)) = (&images[0], &images[1]);
        assert_eq!(
            (wa - wb, ha - hb),
            (2 * slug_px, 2 * slug_px),
            "page {page}: sheet sizes"
        );
        // Compare the trim area (the bleed is blank in both, the slug only in one).
        let bleed_px = (3.0 / 25.4 * dpi) as usize + 1;
        let (trim_w, trim_h) = (
            (210.0 / 25.4 * dpi) as usize - 1,
            (297.0 / 25.4 * dpi) as usize - 1,
        );
        let mut differing = 0;
        for y in bleed_px..bleed_px + trim_h {
            let row_b = &b[(y * wb + bleed_px) * 3..(y * wb + bleed_px + trim_w) * 3];
            let ya = y + slug_px;
            let row_a =
                &a[(ya * wa + bleed_px + slug_px) * 3..(ya * wa + bleed_px + slug_px + trim_w) * 3];
            differing += row_a.iter().zip(row_b).filter(|(p, q)| p != q).count();
        }
        assert_eq!(
            differing, 0,
            "page {page}: the trimmed page renders differently with marks"
        );
    }
}
