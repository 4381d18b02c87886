//! Copyfit and fill on the default layout, through the real binary: a longer interview
//! shrinks to fit, a far longer one is an overflow naming its block, a shorter one grows
//! and leaves no blank band taller than 40 mm, and the report says what was chosen.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The words of an interview's story (lead, questions, answers).
fn story_words(text: &str) -> usize {
    let t: toml::Table = toml::from_str(text).expect("toml");
    let mut words = t["lead"].as_str().unwrap_or("").split_whitespace().count();
    for qa in t["qa"].as_array().expect("qa") {
        for key in ["q", "a"] {
            words += qa[key].as_str().unwrap_or("").split_whitespace().count();
        }
    }
    words
}

/// The interview at `path` with its question-and-answer pairs repeated, in order, until
/// the story has at least `factor` times its words.
fn lengthened(path: &Path, factor: f64) -> String {
    let text = std::fs::read_to_string(path).expect("interview");
    let first = text.find("[[qa]]").expect("questions");
    let blocks: Vec<&str> = text[first..].split("[[qa]]").skip(1).collect();
    // The last pair ends where the next table starts.
    let last = blocks.last().expect("a pair");
    let tail_at = last
        .find("\n[")
        .map_or(text.len(), |i| text.len() - last.len() + i + 1);
    let pairs: Vec<String> = text[first..tail_at]
        .split("[[qa]]")
        .skip(1)
        .map(|b| format!("[[qa]]{}\n", b.trim_end()))
        .collect();
    let target = (story_words(&text) as f64 * factor).ceil() as usize;
    let mut out = format!("{}{}", &text[..first], pairs.concat());
    let mut k = 0;
    while story_words(&format!("{out}{}", &text[tail_at..])) < target {
        out.push_str(&pairs[k % pairs.len()]);
        k += 1;
    }
    out.push_str(&text[tail_at..]);
    out
}

/// Writes `text` as an interview in `dir`, beside copies of the pictures of the
/// interview it was made from (`like`).
fn interview_in(dir: &Path, name: &str, text: &str, like: &Path) -> PathBuf {
    let folder = like.parent().expect("interview folder");
    for picture in ["portrait.jpg", "logo.png"] {
        if folder.join(picture).exists() {
            std::fs::copy(folder.join(picture), dir.join(picture)).expect("picture");
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn an_interview_a_quarter_longer_shrinks_to_fit_no_smaller_than_the_minimum() {
    let dir = temp_dir("copyfit-longer");
    let text = lengthened(&example(), 1.25);
    let base = story_words(&std::fs::read_to_string(example()).unwrap());
    assert!(story_words(&text) as f64 >= base as f64 * 1.25);
    let longer = interview_in(&dir, "longer.toml", &text, &example());
    let longer = render_report(&longer, &dir, &[]);
    let example = render_report(&example(), &dir, &[]);
    let (s, e) = (&longer["story"], &example["story"]);
    let min = s["copyfit"]["size_range_pt"][0].as_f64().unwrap();
    let size = s["size_pt"].as_f64().unwrap();
    assert!(size >= min, "{s}");
    assert_eq!(min, 9.0);
    // Longer text is set no larger and no looser than the example.
    assert!(size <= e["size_pt"].as_f64().unwrap(), "{s} vs {e}");
    assert!(s["leading_pt"].as_f64().unwrap() < e["leading_pt"].as_f64().unwrap());
    assert_eq!(s["copyfit"]["limited_by"], "fits");
    assert_eq!(longer["pages"], 2);
}

#[test]
fn an_interview_three_times_longer_is_an_overflow_naming_its_block() {
    let dir = temp_dir("copyfit-overflow");
    let path = interview_in(&dir, "long.toml", &lengthened(&example(), 3.0), &example());
    let out = try_render(&path, &dir.join("out.pdf"), &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("does not fit"), "{err}");
    assert!(
        err.contains("answer") || err.contains("question") || err.contains("lead"),
        "the error names the block: {err}"
    );
    assert!(err.contains("long.toml:"), "{err}");
    assert!(!dir.join("out.pdf").exists());
}

#[test]
fn the_report_says_what_the_copyfit_chose_and_what_the_filler_took() {
    let dir = temp_dir("copyfit-report");
    let r = render_report(&example(), &dir, &[]);
    let s = &r["story"];
    let c = &s["copyfit"];
    assert_eq!(c["size_range_pt"], serde_json::json!([9.0, 9.5]));
    assert_eq!(c["leading_range_pt"], serde_json::json!([11.5, 13.5]));
    // The example fits at the largest setting, and the pull quote takes the room left.
    assert_eq!(c["limited_by"], "largest");
    assert_eq!(
        (s["size_pt"].as_f64(), s["leading_pt"].as_f64()),
        (Some(9.5), Some(13.5))
    );
    let fillers = c["fillers"].as_array().unwrap();
    assert_eq!(fillers[0]["frame"], "quote");
    let grown = fillers[0]["grown_mm"].as_f64().unwrap();
    assert!(grown > 10.0 && grown <= 60.0, "{c}");
    let fill = s["fill"].as_f64().unwrap();
    assert!(fill > 0.85 && fill <= 1.0, "{s}");
    // The quote frame in the report is as much taller as the copyfit says.
    let quote = r["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "quote")
        .expect("quote frame");
    assert!(quote["height_mm"].as_f64().unwrap() > grown, "{quote}");
}

#[test]
fn a_layout_without_ranges_sets_its_own_size_and_says_so() {
    let dir = temp_dir("copyfit-fixed");
    let layout = dir.join("fixed.toml");
    std::fs::write(
        &layout,
        "extends = \"a4-two-sided\"\n[story]\nsize = \"9.5pt\"\nleading = \"12pt\"\n",
    )
    .unwrap();
    let r = render_report(&example(), &dir, &["--layout", layout.to_str().unwrap()]);
    let s = &r["story"];
    assert_eq!(
        (s["size_pt"].as_f64(), s["leading_pt"].as_f64()),
        (Some(9.5), Some(12.0))
    );
    assert!(s["copyfit"].is_null(), "{s}");
}

/// The tallest band of the type area, side by side, with no ink across its whole
/// width, in millimetres: rendered in grey at 50 dpi by pdftoppm.
fn blank_bands_mm(pdf: &Path, margin_mm: f64) -> Vec<f64> {
    let dir = pdf.parent().unwrap();
    let prefix = dir.join("band");
    let out = tool(
        "pdftoppm",
        "poppler-utils",
        &[
            "-r",
            "50",
            "-gray",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("band"))
        .collect();
    pages.sort();
    pages.iter().map(|p| tallest_blank(p, margin_mm)).collect()
}

/// The tallest run of rows inside the margins with no pixel darker than paper, in mm.
fn tallest_blank(pgm: &Path, margin_mm: f64) -> f64 {
    let (w, h, pixels) = netpbm(pgm);
    let px_per_mm = 50.0 / 25.4;
    let m = (margin_mm * px_per_mm).round() as usize;
    let (mut run, mut tallest) = (0usize, 0usize);
    for y in m..h - m {
        let row = &pixels[y * w + m..y * w + w - m];
        if row.iter().all(|&v| v > 245) {
            run += 1;
            tallest = tallest.max(run);
        } else {
            run = 0;
        }
    }
    tallest as f64 / px_per_mm
}

/// The height each story column on each side leaves empty under its last line, in mm,
/// from the report (lines carry their frame; a column is a run of lines at one x).
fn empty_column_feet_mm(r: &Value) -> Vec<f64> {
    let frames = r["frames"].as_array().unwrap();
    let lines = r["lines"].as_array().unwrap();
    let mut out = Vec::new();
    for f in frames
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with("story"))
    {
        let here: Vec<&Value> = lines
            .iter()
            .filter(|l| l["frame"] == f["name"] && l["page"] == f["page"])
            .collect();
        let measure = here
            .iter()
            .map(|l| l["width_mm"].as_f64().unwrap())
            .fold(0.0, f64::max);
        let (x, width) = (f["x_mm"].as_f64().unwrap(), f["width_mm"].as_f64().unwrap());
        let columns = ((width + 5.0) / (measure + 5.0)).round().max(1.0) as usize;
        let foot = f["top_mm"].as_f64().unwrap() + f["height_mm"].as_f64().unwrap();
        for c in 0..columns {
            let left = x + c as f64 * (measure + 5.0);
            let lowest = here
                .iter()
                .filter(|l| (l["x_mm"].as_f64().unwrap() - left).abs() < measure / 2.0)
                .map(|l| l["baseline_mm"].as_f64().unwrap())
                .fold(f["top_mm"].as_f64().unwrap(), f64::max);
            out.push(foot - lowest);
        }
    }
    out
}

fn assert_filled(name: &str, interview: &Path, dir: &Path) {
    let r = render_report(interview, dir, &[]);
    let bands = blank_bands_mm(&dir.join("out.pdf"), 12.0);
    assert!(
        bands.iter().all(|b| *b <= 40.0),
        "{name}: blank bands {bands:?} mm"
    );
    let feet = empty_column_feet_mm(&r);
    assert!(!feet.is_empty());
    assert!(
        feet.iter().all(|f| *f <= 40.0),
        "{name}: column feet {feet:?} mm"
    );
}

#[test]
fn the_example_leaves_no_blank_band_over_40mm_on_the_default_layout() {
    let dir = temp_dir("copyfit-bands-example");
    assert_filled("example", &example(), &dir);
}

#[test]
fn a_500_word_interview_leaves_no_blank_band_over_40mm_on_the_default_layout() {
    let dir = temp_dir("copyfit-bands-demo");
    let demo = root().join("examples/demo-ru/interview.toml");
    let words = story_words(&std::fs::read_to_string(&demo).unwrap()) as f64;
    let text = lengthened(&demo, 500.0 / words);
    let words = story_words(&text);
    assert!((500..=560).contains(&words), "{words} words");
    assert_filled(
        "500 words",
        &interview_in(&dir, "500.toml", &text, &demo),
        &dir,
    );
}

#[test]
fn the_demo_on_one_side_leaves_no_blank_band_over_40mm() {
    let dir = temp_dir("copyfit-bands-demo-side");
    assert_filled(
        "demo-ru",
        &root().join("examples/demo-ru/interview.toml"),
        &dir,
    );
}
