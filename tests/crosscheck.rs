//! Cross-checks with independent PDF readers (`cargo test --features crosscheck`).
//! A missing tool fails the test with its name and how to install it: never a silent pass.
#![cfg(feature = "crosscheck")]

mod common;

use common::*;
use std::path::Path;

fn rendered(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let out = dir.join("bazeyan.pdf");
    render(&example(), &out, &[]);
    out
}

#[test]
fn preflight_passes_with_every_word() {
    let pdf = rendered("preflight");
    let text = root().join("examples/bazeyan/text.txt");
    let wanted = preflight::Expect {
        text: Some(&text),
        ..Default::default()
    };
    let problems = preflight::problems(&pdf, &wanted);
    assert!(problems.is_empty(), "preflight: {problems:#?}");
    // The shared preflight.py, a second opinion where it is installed.
    let Some(script) = preflight_script() else {
        return;
    };
    let o = tool(
        &python(),
        "python3 (and pip install pikepdf)",
        &[
            script.to_str().unwrap(),
            pdf.to_str().unwrap(),
            "--expect-text",
            text.to_str().unwrap(),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("No module named"),
        "pip install pikepdf: {out}"
    );
    assert!(
        o.status.success(),
        "preflight failed:\n{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("FAIL 0"), "{out}");
}

#[test]
fn qpdf_finds_no_problem() {
    let pdf = rendered("qpdf");
    let o = tool("qpdf", "qpdf", &["--check", pdf.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && !out.contains("WARNING"), "{out}");
}

#[test]
fn pdffonts_shows_every_font_embedded_subset_with_tounicode() {
    let pdf = rendered("pdffonts");
    let o = tool("pdffonts", "poppler-utils", &[pdf.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
}

#[test]
fn pdftotext_gives_back_every_hyphenated_word_whole() {
    let dir = temp_dir("pdftotext");
    let out = dir.join("o.pdf");
    let report = dir.join("r.json");
    render(&example(), &out, &["--report", report.to_str().unwrap()]);
    let o = tool(
        "pdftotext",
        "poppler-utils",
        &["-enc", "UTF-8", out.to_str().unwrap(), "-"],
    );
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let words: std::collections::HashSet<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let r = json(&report);
    let lines = r["lines"].as_array().unwrap();
    let mut checked = 0;
    for pair in lines.windows(2) {
        if pair[0]["hyphen"] == true {
            let head = pair[0]["text"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .last()
                .unwrap()
                .trim_end_matches('-')
                .to_string();
            let tail = pair[1]["text"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            let word = format!("{head}{tail}")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            assert!(
                words.contains(&word),
                "pdftotext does not give back {word:?} whole"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "only {checked} hyphenated words in the example"
    );
}

#[test]
fn ghostscript_and_mutool_render_without_errors() {
    let pdf = rendered("gs");
    let o = tool(
        "gs",
        "ghostscript",
        &[
            "-q",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=nullpage",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = tool("mutool", "mupdf-tools", &["info", pdf.to_str().unwrap()]);
    assert!(
        o.status.success() && !String::from_utf8_lossy(&o.stderr).contains("error"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn pdftoppm_renders_page_one() {
    let pdf = rendered("ppm");
    let prefix = pdf.with_extension("");
    let o = tool(
        "pdftoppm",
        "poppler-utils",
        &[
            "-r",
            "30",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = pdf.parent().unwrap();
    let png = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"));
    assert!(
        png.as_deref()
            .is_some_and(|p: &Path| p.metadata().unwrap().len() > 1000),
        "no page image"
    );
}

/// The project's preflight is not vacuous: a wrong trim size, too much bleed asked for,
/// and a word the leaflet does not hold are each found.
#[test]
fn preflight_finds_what_is_wrong() {
    let pdf = rendered("preflight-wrong");
    let dir = temp_dir("preflight-wrong-text");
    let text = dir.join("more.txt");
    std::fs::write(&text, "Базеян несуществующееслово").unwrap();
    let wanted = preflight::Expect {
        trim: (100.0, 100.0),
        min_bleed_mm: 5.0,
        text: Some(&text),
        ..Default::default()
    };
    let problems = preflight::problems(&pdf, &wanted).join("\n");
    for want in ["trim", "bleed", "несуществующееслово"] {
        assert!(problems.contains(want), "{want}: {problems}");
    }
}
