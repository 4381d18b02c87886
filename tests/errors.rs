//! Bad input gets one clear message with file:line:column, exit code 1, and no PDF.

mod common;

use common::*;
use std::path::Path;

/// Renders an edited copy of the example and expects it to fail with `want` in the message.
fn fails_with(
    name: &str,
    edit: impl Fn(String) -> String,
    extra: &[&str],
    want: &[&str],
) -> String {
    let dir = temp_dir(name);
    let interview = example_copy(&dir, edit);
    let out = dir.join("out.pdf");
    let o = try_render(&interview, &out, extra);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{name}: {err}");
    for w in want {
        assert!(err.contains(w), "{name}: expected {w:?} in:\n{err}");
    }
    assert!(!out.exists(), "{name}: a PDF was written");
    assert_no_temporaries(&dir);
    err
}

fn assert_no_temporaries(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "left behind: {name}");
    }
}

#[test]
fn missing_imprint_field_is_named_with_the_law() {
    let err = fails_with(
        "imprint",
        |t| {
            t.lines()
                .filter(|l| !l.starts_with("producer ="))
                .collect::<Vec<_>>()
                .join("\n")
        },
        &[],
        &[
            "imprint field `producer` is missing",
            "interview.toml:",
            "Kyrgyz election law",
        ],
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    fails_with(
        "unknown",
        |t| t.replace("caption =", "captoin ="),
        &[],
        &[
            "interview.toml:",
            "unknown field `captoin`",
            "did you mean `caption`?",
        ],
    );
}

#[test]
fn missing_portrait_points_at_the_file_key() {
    fails_with(
        "portrait",
        |t| t.replace("file = \"portrait.jpg\"", "file = \"nowhere.jpg\""),
        &[],
        &["interview.toml:", "cannot read the portrait", "nowhere.jpg"],
    );
}

#[test]
fn corrupt_portrait_is_refused() {
    let dir = temp_dir("corrupt");
    let interview = example_copy(&dir, |t| t);
    let jpeg = std::fs::read(dir.join("portrait.jpg")).unwrap();
    std::fs::write(dir.join("portrait.jpg"), &jpeg[..jpeg.len() / 2]).unwrap();
    let out = dir.join("out.pdf");
    let o = barakcha(&[
        "render",
        interview.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("truncated"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn character_missing_from_the_font_is_named_with_its_place() {
    fails_with(
        "glyph",
        |t| t.replacen("Шаар өсүп жатат.", "Шаар өсүп жатат 🏙.", 1),
        &[],
        &["U+1F3D9", "question 2 answer", "interview.toml:"],
    );
}

#[test]
fn text_that_does_not_fit_is_reported_not_cut() {
    let dir = temp_dir("overflow");
    let layout = dir.join("one-side.toml");
    std::fs::write(
        &layout,
        barakcha::layout::DEFAULT_LAYOUT.replace("sides = \"auto\"", "sides = 1"),
    )
    .unwrap();
    let report = dir.join("r.json");
    let err = fails_with(
        "overflow-render",
        |t| t,
        &[
            "--layout",
            layout.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        &[
            "does not fit:",
            "lines over (1 side allowed)",
            "allow sides = 2",
        ],
    );
    assert!(err.contains("question "), "{err}");
    let r = json(&report);
    assert_eq!(r["ok"], false);
    assert!(r["overflow"]["lines"].as_u64().unwrap() > 10, "{r}");
}

#[test]
fn malformed_toml_gives_line_and_column() {
    fails_with(
        "syntax",
        |t| t.replacen("lang = \"ky\"", "lang = \"ky", 1),
        &[],
        &["interview.toml:2:"],
    );
}

#[test]
fn absurd_layout_numbers_are_refused_with_their_position() {
    let dir = temp_dir("absurd");
    let layout = dir.join("l.toml");
    std::fs::write(
        &layout,
        barakcha::layout::DEFAULT_LAYOUT.replacen("columns = 3", "columns = 30", 1),
    )
    .unwrap();
    let o = barakcha(&[
        "render",
        example().to_str().unwrap(),
        "--layout",
        layout.to_str().unwrap(),
        "-o",
        dir.join("o.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("l.toml:17:11: columns = 30 is not allowed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unwritable_output_leaves_nothing_behind() {
    let dir = temp_dir("unwritable");
    let o = barakcha(&[
        "render",
        example().to_str().unwrap(),
        "-o",
        dir.join("no/such/dir/o.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot write the output"),
        "{}",
        stderr(&o)
    );
    assert_no_temporaries(&dir);
}

#[test]
fn a_headline_that_fills_the_page_is_named_as_the_cause() {
    let long = "Эң негизгиси каалоо болсо мүмкүнчүлүктөр түзүлө берет. ".repeat(40);
    fails_with(
        "headline",
        |t| {
            t.replacen(
                "headline = \"Эң негизгиси каалоо болсо мүмкүнчүлүктөр түзүлө берет.\"",
                &format!("headline = \"{long}\""),
                1,
            )
        },
        &[],
        &["the headline, name and role take", "shorten the headline"],
    );
}
