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
    let tops = column_tops(&render_report(&interview, &dir, &[]));
    assert_eq!(tops.len(), 3, "{tops:?}");
    assert!(
        (tops[0].1 - tops[1].1).abs() < 0.05,
        "column 1 starts with column 2: {tops:?}"
    );
    let report = render_report(&example(), &dir, &[]);
    let with = column_tops(&report);
    assert!(with[0].1 > with[1].1 + 70.0, "under the portrait: {with:?}");
    // On the grid: column 1's first baseline is a whole number of lines below column 2's
    // (lines of the leading the copyfit chose).
    let leading = report["story"]["leading_pt"].as_f64().unwrap();
    let lines = (with[0].1 - with[1].1) / (leading * 25.4 / 72.0);
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
    let r = render_report(&example(), &dir, &[]);
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

use barakcha::interview::Interview;
use barakcha::layout::{BUNDLED, Layout};
use barakcha::source::Source;
use barakcha::{Engine, Rendered};

fn demo() -> PathBuf {
    root().join("examples/demo-ru/interview.toml")
}

/// Renders `text` as if it were the file at `path` (pictures resolve beside it).
fn render_text(engine: &Engine, path: &std::path::Path, text: &str) -> Result<Rendered, String> {
    let interview = Interview::parse(Source::new(path, text)).map_err(|d| d.to_string())?;
    engine
        .render(&interview)
        .map_err(|f| f.diagnostic.to_string())
}

/// The demo with its questions and answers `copies` times over.
fn long_demo(copies: usize) -> String {
    let text = std::fs::read_to_string(demo()).expect("demo");
    let start = text.find("[[qa]]").expect("questions");
    let end = text.find("[imprint]").expect("imprint");
    let qa = &text[start..end];
    format!("{}{}{}", &text[..start], qa.repeat(copies), &text[end..])
}

/// Every paragraph of the story, as the interview file writes it.
fn story_paragraphs(text: &str) -> Vec<String> {
    let t: toml::Table = toml::from_str(text).expect("toml");
    let mut out: Vec<String> = t["lead"]
        .as_str()
        .unwrap_or("")
        .split("\n\n")
        .map(String::from)
        .collect();
    for qa in t["qa"].as_array().expect("qa") {
        out.push(qa["q"].as_str().unwrap().into());
        out.extend(qa["a"].as_str().unwrap().split("\n\n").map(String::from));
    }
    out.retain(|p| !p.trim().is_empty());
    out
}

/// What the issue asks of every bundled layout and interview: every line inside the
/// frame the report names and clear of the folds, every paragraph of the story whole in
/// the PDF's text, in reading order.
fn check(layout: &str, rendered: &Rendered, text: &str, dir: &std::path::Path) {
    let r = serde_json::to_value(&rendered.report).expect("report");
    let frames = r["frames"].as_array().expect("frames");
    for l in r["lines"].as_array().expect("lines") {
        let (page, name) = (&l["page"], &l["frame"]);
        let f = frames
            .iter()
            .find(|f| &f["page"] == page && &f["name"] == name)
            .unwrap_or_else(|| panic!("{layout}: no frame {name} on page {page}"));
        let num = |v: &serde_json::Value| v.as_f64().unwrap();
        let (x, w, y) = (num(&l["x_mm"]), num(&l["width_mm"]), num(&l["baseline_mm"]));
        let (fx, fw, ft, fh) = (
            num(&f["x_mm"]),
            num(&f["width_mm"]),
            num(&f["top_mm"]),
            num(&f["height_mm"]),
        );
        assert!(
            x >= fx - 0.05 && x + w <= fx + fw + 0.05,
            "{layout}: line leaves {name} across: {l}\n{f}"
        );
        assert!(
            y >= ft - 0.05 && y <= ft + fh + 0.05,
            "{layout}: line leaves {name} down: {l}\n{f}"
        );
        let folds = &r["folds_mm"][page.as_u64().unwrap() as usize - 1];
        for fold in folds.as_array().expect("folds") {
            let fold = num(fold);
            assert!(
                !(x - 4.0 < fold && fold < x + w + 4.0),
                "{layout}: line within 4mm of the fold at {fold}: {l}"
            );
        }
    }
    let pdf_path = dir.join(format!("{layout}.pdf"));
    std::fs::write(&pdf_path, &rendered.pdf).expect("write");
    let extracted = letters(&Pdf::open(&pdf_path).text());
    let mut at = 0;
    for p in story_paragraphs(text) {
        let want = letters(&p);
        let found = extracted[at..].find(&want);
        assert!(
            found.is_some(),
            "{layout}: paragraph missing, broken or out of order: {p}"
        );
        at += found.unwrap_or(0) + want.len();
    }
}

#[test]
fn every_bundled_layout_renders_short_and_long_interviews_inside_its_frames() {
    let dir = temp_dir("bundled-matrix");
    let example_text = std::fs::read_to_string(example()).expect("example");
    let demo_text = std::fs::read_to_string(demo()).expect("demo");
    // About 400 words, no portrait and no logo.
    let short = root().join("examples/short-ru/interview.toml");
    let short_text = std::fs::read_to_string(&short).expect("short");
    for (name, _) in BUNDLED {
        let engine =
            Engine::new(Layout::bundled(name).expect("listed").expect("valid")).expect("engine");
        let interviews = [
            (example(), &example_text),
            (demo(), &demo_text),
            (short.clone(), &short_text),
        ];
        for (path, text) in interviews {
            let rendered =
                render_text(&engine, &path, text).unwrap_or_else(|e| panic!("{name}: {e}"));
            check(name, &rendered, text, &dir);
        }
        // A long interview near the layout's limit: the most copies of the demo's
        // questions that fit, then one more is an overflow naming the block.
        let fits = |k: usize| render_text(&engine, &demo(), &long_demo(k));
        let mut k = 1;
        while k < 40 && fits(k + 1).is_ok() {
            k += 1;
        }
        let long = long_demo(k);
        let rendered = fits(k).unwrap_or_else(|e| panic!("{name}: one copy does not fit: {e}"));
        check(name, &rendered, &long, &dir);
        let over = fits(k + 1)
            .err()
            .unwrap_or_else(|| panic!("{name}: {} copies still fit", k + 1));
        assert!(
            over.contains("does not fit") && over.contains("question"),
            "{name}: {over}"
        );
    }
}

#[test]
fn a_line_that_cannot_break_to_fit_its_frame_is_an_error() {
    let dir = temp_dir("layout-wide");
    let l = layout(&dir, |t| {
        t.replacen(
            "content = \"contacts\"\ncols = [3, 3]",
            "content = \"contacts\"\nleft = \"160mm\"\nwidth = \"25mm\"",
            1,
        )
    });
    let err = render_error(&dir, &demo(), &l);
    assert!(
        err.contains("the contacts is wider than its frame `contacts`"),
        "{err}"
    );
}

#[test]
fn the_trifold_reports_its_folds_and_each_line_s_panel() {
    let dir = temp_dir("layout-trifold");
    let report = dir.join("r.json");
    render(
        &demo(),
        &dir.join("o.pdf"),
        &[
            "--layout",
            "a4-trifold",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    let r = json(&report);
    assert_eq!(
        r["folds_mm"],
        serde_json::json!([[97.0, 197.0], [100.0, 200.0]])
    );
    let panel_of = |block: &str| {
        r["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["block"] == block)
            .map(|l| l["panel"].clone())
    };
    assert_eq!(
        panel_of("candidate name"),
        Some(3.into()),
        "the name is on the cover"
    );
    assert_eq!(
        panel_of("imprint"),
        Some(2.into()),
        "the imprint is on the back"
    );
    assert_eq!(
        panel_of("lead"),
        Some(1.into()),
        "the story begins on the fold-in panel"
    );
}

#[test]
fn text_in_a_fold_zone_is_refused_at_load() {
    let text = barakcha::layout::BUNDLED[1]
        .1
        .replacen("left = \"110mm\"", "left = \"120mm\"", 1);
    let err = Layout::parse(Source::new("t.toml", text))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("within 4mm of the fold at 200.00mm on side 2"),
        "{err}"
    );
    assert!(err.contains("t.toml:"), "{err}");
}

#[test]
fn a_three_line_layout_extends_a_bundled_one() {
    let dir = temp_dir("layout-extends");
    let mine = dir.join("mine.toml");
    std::fs::write(
        &mine,
        "extends = \"a4-trifold\"\n[colors]\naccent = [100, 0, 0, 0]\n",
    )
    .expect("write");
    let layout = Layout::load(&mine).expect("extends a bundled layout");
    assert_eq!(
        layout.fold.as_ref().map(|f| f.kind),
        Some(barakcha::layout::FoldKind::Roll)
    );
    assert_eq!(
        layout.colors.accent.map(|c| c.0[0]),
        Some(1.0),
        "the child's key wins"
    );
    assert_eq!(
        layout.frames.len(),
        Layout::bundled("a4-trifold").unwrap().unwrap().frames.len()
    );
    render(
        &demo(),
        &dir.join("o.pdf"),
        &["--layout", mine.to_str().unwrap()],
    );
}

#[test]
fn errors_in_an_extended_layout_point_at_the_file_that_wrote_the_key() {
    let dir = temp_dir("layout-extends-errors");
    let base = dir.join("base.toml");
    let text =
        barakcha::layout::DEFAULT_LAYOUT.replacen("gutter = \"5mm\"", "gutter = \"50mm\"", 1);
    std::fs::write(&base, &text).expect("write");
    let child = dir.join("child.toml");
    std::fs::write(
        &child,
        "extends = \"base.toml\"\n\n[frames.quote]\nrule_gapp = \"2mm\"\n",
    )
    .expect("write");
    let err = Layout::load(&child).unwrap_err().to_string();
    assert!(
        err.contains("child.toml:4:") && err.contains("did you mean `rule_gap`"),
        "{err}"
    );
    std::fs::write(
        &child,
        "extends = \"base.toml\"\n[colors]\naccent = [0, 100, 100, 0]\n",
    )
    .expect("write");
    let err = Layout::load(&child).unwrap_err().to_string();
    let line = text
        .lines()
        .position(|l| l.starts_with("gutter = \"50mm\""))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("base.toml:{line}:")) && err.contains("gutter"),
        "{err}"
    );
    std::fs::write(&child, "extends = \"child.toml\"\n").expect("write");
    let err = Layout::load(&child).unwrap_err().to_string();
    assert!(err.contains("circle"), "{err}");
    std::fs::write(&child, "extends = \"a4-nowhere\"\n").expect("write");
    let err = Layout::load(&child).unwrap_err().to_string();
    assert!(
        err.contains("child.toml:1:") && err.contains("a4-two-sided"),
        "{err}"
    );
}

#[test]
fn a_manifest_and_the_layouts_command_name_bundled_layouts() {
    let o = barakcha(&["layouts"]);
    let listed = String::from_utf8_lossy(&o.stdout).into_owned();
    for (name, _) in BUNDLED {
        assert!(
            listed.lines().any(|l| l.starts_with(name)),
            "{name} in {listed}"
        );
    }
    let dir = temp_dir("layout-manifest");
    let interview = example_copy(&dir, |t| t);
    let manifest = dir.join("batch.toml");
    let entry = format!(
        "[[candidate]]\ninterview = \"{}\"\nlayout = \"a5-flyer\"\noutput = \"flyer.pdf\"\n",
        interview.file_name().unwrap().to_string_lossy()
    );
    std::fs::write(&manifest, entry).expect("manifest");
    let out = dir.join("out");
    let o = barakcha(&[
        "batch",
        manifest.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = Pdf::open(&out.join("flyer.pdf"));
    let trim = pdf.page_box(pdf.pages()[0], b"TrimBox");
    assert!(
        (trim[2] - trim[0] - 419.53).abs() < 0.1,
        "A5 width: {trim:?}"
    );
}

/// A one-sided A4 poster drawn on a grid of 3 columns × 4 rows: the default layout's
/// sheet, fonts and styles, its frames replaced by frames placed with `cols` and `rows`.
fn rows_poster() -> String {
    let mut keep = true;
    let mut text: String = barakcha::layout::DEFAULT_LAYOUT
        .lines()
        .filter(|l| {
            if l.starts_with('[') {
                keep = !(l.starts_with("[frames.") || l.starts_with("[story]"));
            }
            keep
        })
        .map(|l| format!("{l}\n"))
        .collect();
    text = text.replacen(
        "sides = \"auto\"",
        "sides = 1\nrows = 4\nrow_gutter = \"5mm\"",
        1,
    );
    text + r#"
[story]
chain = ["story"]

[frames.portrait]
side = 1
content = "portrait"
cols = [1, 2]
rows = [1, 2]

[frames.title]
side = 1
content = ["name", "role", "slogan"]
cols = [3, 3]
rows = [1, 1]

[frames.vote]
side = 1
content = ["call_to_action", "ballot_number", "election_date"]
cols = [3, 3]
rows = [2, 2]
fill = "accent"
padding = "4mm"
align = "center"

[frames.story]
side = 1
content = "story"
columns = 3
rows = [3, 4]
above = ["imprint"]

[frames.imprint]
side = 1
content = "imprint"
bottom = "12mm"
rule = "0.4pt"
rule_gap = "1.5mm"
clearance = "4mm"
"#
}

/// The frames of a layout drawn on grid rows sit on the row boundaries the report
/// gives: A4 less 12 mm margins is 273 mm, four rows of 64.5 mm with 5 mm between.
#[test]
fn frames_placed_on_grid_rows_sit_on_the_row_boundaries() {
    let dir = temp_dir("layout-rows");
    let path = dir.join("poster.toml");
    std::fs::write(&path, rows_poster()).expect("write layout");
    let report = dir.join("r.json");
    let pdf = dir.join("o.pdf");
    let args = ["--layout", path.to_str().unwrap(), "--report"];
    render(
        &demo(),
        &pdf,
        &[&args[..], &[report.to_str().unwrap()]].concat(),
    );
    let r = json(&report);
    let frame = |name: &str| {
        let f = r["frames"]
            .as_array()
            .expect("frames")
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no frame {name}: {}", r["frames"]));
        let num = |k: &str| f[k].as_f64().unwrap();
        (
            num("x_mm"),
            num("width_mm"),
            num("top_mm"),
            num("height_mm"),
        )
    };
    // Row n (from 1) runs from top(n) to top(n) + 64.5 mm, from the top trim edge.
    let top = |n: f64| 12.0 + (n - 1.0) * (64.5 + 5.0);
    let near = |a: f64, b: f64| (a - b).abs() < 0.02;
    let (_, _, t, h) = frame("portrait");
    assert!(near(t, top(1.0)) && near(t + h, top(2.0) + 64.5), "{t} {h}");
    // Display texts on rows fill their row whatever their length: both edges fixed.
    let (x, _, t, h) = frame("title");
    assert!(near(t, top(1.0)) && near(h, 64.5) && x > 100.0, "{t} {h}");
    let (_, _, t, h) = frame("vote");
    assert!(near(t, top(2.0)) && near(h, 64.5), "{t} {h}");
    // The story starts on row 3; its bottom gives way to the imprint (4 mm clear).
    let (_, w, t, h) = frame("story");
    let (_, _, imprint_top, _) = frame("imprint");
    assert!(near(t, top(3.0)) && near(w, 186.0), "{t} {w}");
    assert!(near(t + h, imprint_top - 4.0), "{t} {h} {imprint_top}");
    // Every line inside its frame, every paragraph in the PDF in order.
    let engine = Engine::new(Layout::load(&path).expect("valid")).expect("engine");
    let text = std::fs::read_to_string(demo()).expect("demo");
    let rendered = render_text(&engine, &demo(), &text).expect("renders");
    check("rows-poster", &rendered, &text, &dir);
}

/// Rows placed twice over and a span off the grid are errors at the key (file, line
/// and column); a text too tall for its row is the overflow naming the frame. No PDF.
#[test]
fn frames_on_rows_that_cannot_be_placed_are_errors() {
    let dir = temp_dir("layout-rows-errors");
    let poster = rows_poster();
    let path = dir.join("poster.toml");
    let cases = [
        (
            "rows = [1, 1]\n",
            "rows = [1, 1]\ntop = \"20mm\"\n",
            "`rows` and `top` both place the frame down",
            "top = \"20mm\"",
        ),
        (
            "rows = [3, 4]",
            "rows = [3, 5]",
            "rows = [3, 5] is not a span of the grid's 4 rows",
            "rows = [3, 5]",
        ),
    ];
    for (from, to, want, key) in cases {
        let text = poster.replacen(from, to, 1);
        std::fs::write(&path, &text).expect("write");
        let err = render_error(&dir, &demo(), &path);
        let line = text[..text.find(key).expect("edited")]
            .matches('\n')
            .count()
            + 1;
        assert!(err.contains(want), "{to}: {err}");
        assert!(err.contains(&format!("poster.toml:{line}:")), "{err}");
        assert!(
            err.contains("hint: ") && err.contains("rows = [first, last]"),
            "{err}"
        );
    }
    // Twelve rows of 18 mm: the title's name, role and slogan no longer fit row 1.
    std::fs::write(&path, poster.replacen("rows = 4\n", "rows = 12\n", 1)).expect("write");
    let err = render_error(&dir, &demo(), &path);
    assert!(err.contains("does not fit its frame `title`"), "{err}");
}

/// Rows in a layout that extends a bundled one: the child's `rows` replace the frames'
/// millimetres, and their edges still give way (the portrait's top to the header, the
/// call to action's bottom to the imprint), the others staying on the row boundaries.
#[test]
fn an_extending_layout_moves_frames_onto_rows() {
    let dir = temp_dir("layout-rows-extends");
    let path = dir.join("mine.toml");
    let mine = "extends = \"a4-two-sided\"\n[sheet]\nrows = 3\n\
                [frames.portrait]\nrows = [1, 1]\n[frames.call-to-action]\nrows = [3, 3]\n";
    std::fs::write(&path, mine).expect("write");
    let engine = Engine::new(Layout::load(&path).expect("valid")).expect("engine");
    let text = std::fs::read_to_string(demo()).expect("demo");
    let rendered = render_text(&engine, &demo(), &text).expect("renders");
    let r = serde_json::to_value(&rendered.report).expect("report");
    let frame = |name: &str| {
        let frames = r["frames"].as_array().expect("frames");
        let f = frames.iter().find(|f| f["name"] == name).expect(name);
        (
            f["top_mm"].as_f64().unwrap(),
            f["height_mm"].as_f64().unwrap(),
        )
    };
    // Three rows of (273 - 2 × 5) / 3 mm, the row gutter being the sheet's 5 mm gutter.
    let row = 263.0 / 3.0;
    let near = |a: f64, b: f64| (a - b).abs() < 0.02;
    let (header_top, header_height) = frame("header");
    let (top, height) = frame("portrait");
    assert!(
        near(top + height, 12.0 + row),
        "row 1's bottom: {top} {height}"
    );
    assert!(
        near(top, header_top + header_height + 5.0),
        "below the header: {top}"
    );
    let (top, height) = frame("call-to-action");
    let (imprint_top, _) = frame("imprint");
    assert!(near(top, 12.0 + 2.0 * (row + 5.0)), "row 3's top: {top}");
    assert!(
        near(top + height, imprint_top - 4.0),
        "above the imprint: {height}"
    );
    check("rows-extends", &rendered, &text, &dir);
}
