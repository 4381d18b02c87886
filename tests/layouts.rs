//! The layout language end to end: frames placed, absent content giving its space to
//! the story, text that does not fit its frame named with the frame.

mod common;
use common::*;
use std::path::PathBuf;

/// The default layout with `edit` applied, written to `dir`.
fn layout(dir: &std::path::Path, edit: impl Fn(String) -> String) -> PathBuf {
    let path = dir.join("layout.toml");
    let text = edit(barakcha::layout::DEFAULT_LAYOUT.to_string());
    std::fs::write(&path, text).expect("write layout");
    path
}

/// Renders with a layout; the error text when it fails.
fn render_error(
    dir: &std::path::Path,
    interview: &std::path::Path,
    layout: &std::path::Path,
) -> String {
    let o = try_render(
        interview,
        &dir.join("o.pdf"),
        &["--layout", layout.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "should fail");
    assert!(!dir.join("o.pdf").exists(), "no PDF on failure");
    stderr(&o)
}

#[test]
fn a_text_too_long_for_its_fixed_frame_names_the_frame() {
    let dir = temp_dir("layout-fixed-frame");
    let l = layout(&dir, |t| {
        t.replacen(
            "top = \"12mm\"\nrule",
            "top = \"12mm\"\nheight = \"15mm\"\nrule",
            1,
        )
    });
    let err = render_error(&dir, &example(), &l);
    assert!(
        err.contains("the headline does not fit its frame `header`"),
        "{err}"
    );
    assert!(err.contains("lines over"), "{err}");
}

#[test]
fn a_text_that_grows_into_another_frame_names_both() {
    let dir = temp_dir("layout-collision");
    let l = layout(&dir, |t| {
        // A caption in column 3 from 40 mm down, which the header grows into.
        t.replacen(
            "[frames.imprint]",
            "[frames.second-caption]\nside = 1\ncontent = \"caption\"\ncols = [3, 3]\ntop = \"40mm\"\nheight = \"20mm\"\n\n[frames.imprint]",
            1,
        )
        .replacen("cols = [2, 3]\ncolumns = 2\nbelow = [\"header\"]", "cols = [2, 3]\ncolumns = 2\nbelow = [\"header\", \"second-caption\"]", 1)
    });
    let err = render_error(&dir, &example(), &l);
    assert!(
        err.contains("in frame `header` runs into frame `second-caption`"),
        "{err}"
    );
}

/// Body lines of side 1 as (column, baseline) of each column's first line.
fn column_tops(report: &serde_json::Value) -> Vec<(u64, f64)> {
    let mut tops: Vec<(u64, f64)> = Vec::new();
    for l in report["lines"].as_array().expect("lines") {
        let body = l["block"]
            .as_str()
            .is_some_and(|b| b == "lead" || b.starts_with("question"));
        if l["page"] == 1 && body && !tops.iter().any(|t| t.0 == l["column"].as_u64().unwrap()) {
            tops.push((
                l["column"].as_u64().unwrap(),
                l["baseline_mm"].as_f64().unwrap(),
            ));
        }
    }
    tops
}

#[test]
fn without_a_portrait_column_1_takes_its_space_on_the_same_grid() {
    let dir = temp_dir("layout-no-portrait");
    let text = std::fs::read_to_string(example()).expect("example");
    let start = text.find("[portrait]").expect("a portrait table");
    let end = start + text[start..].find("\n\n").expect("table end");
    let interview = dir.join("interview.toml");
    std::fs::write(&interview, format!("{}{}", &text[..start], &text[end..])).expect("write");
    let report = dir.join("r.json");
    render(
        &interview,
        &dir.join("o.pdf"),
        &["--report", report.to_str().unwrap()],
    );
    let tops = column_tops(&json(&report));
    assert_eq!(tops.len(), 3, "{tops:?}");
    assert!(
        (tops[0].1 - tops[1].1).abs() < 0.05,
        "column 1 starts with column 2: {tops:?}"
    );
    let with = dir.join("with.json");
    render(
        &example(),
        &dir.join("w.pdf"),
        &["--report", with.to_str().unwrap()],
    );
    let with = column_tops(&json(&with));
    assert!(with[0].1 > with[1].1 + 70.0, "under the portrait: {with:?}");
    // On the grid: column 1's first baseline is a whole number of lines below column 2's.
    let lines = (with[0].1 - with[1].1) / (12.0 * 25.4 / 72.0);
    assert!((lines - lines.round()).abs() < 0.01, "{with:?}");
}

#[test]
fn a_required_frame_without_its_content_names_the_interview_key() {
    let dir = temp_dir("layout-required");
    let l = layout(&dir, |t| {
        t.replacen(
            "content = \"caption\"",
            "content = \"caption\"\nrequired = true",
            1,
        )
    });
    let interview = example_copy(&dir, |t| {
        let start = t.find("caption = ").expect("caption");
        let end = start + t[start..].find('\n').expect("line end");
        format!("{}{}", &t[..start], &t[end + 1..])
    });
    let err = render_error(&dir, &interview, &l);
    assert!(
        err.contains("frame `caption` is required, and the interview has no [portrait] caption"),
        "{err}"
    );
}

#[test]
fn the_report_gives_each_line_its_frame() {
    let dir = temp_dir("layout-report-frames");
    let report = dir.join("r.json");
    render(
        &example(),
        &dir.join("o.pdf"),
        &["--report", report.to_str().unwrap()],
    );
    let r = json(&report);
    let frame_of = |block: &str| {
        r["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["block"] == block)
            .map(|l| l["frame"].clone())
    };
    assert_eq!(frame_of("headline"), Some("header".into()));
    assert_eq!(frame_of("lead"), Some("story-column-1".into()));
    assert_eq!(frame_of("imprint"), Some("imprint".into()));
}
