//! `barakcha batch` end to end: the real binary over folders of candidates in temp dirs.

mod common;

use common::{Pdf, barakcha, json, root, stderr, temp_dir};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Writes candidate `name` into `input/name/`: the example with the name changed and
/// `edit` applied to the interview text.
fn candidate(input: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = input.join(name);
    std::fs::create_dir_all(&dir).expect("candidate folder");
    let text =
        std::fs::read_to_string(root().join("examples/bazeyan/interview.toml")).expect("example");
    let text = edit(text.replace("Джульетта Базеян", &format!("Кандидат {name}")));
    std::fs::write(dir.join("interview.toml"), text).expect("interview");
    std::fs::copy(
        root().join("examples/bazeyan/portrait.jpg"),
        dir.join("portrait.jpg"),
    )
    .expect("portrait");
    dir
}

fn candidates(input: &Path, names: &[&str]) {
    for name in names {
        candidate(input, name, |t| t);
    }
}

fn run(args: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = vec!["batch"];
    all.extend(args.iter().map(|p| p.to_str().expect("UTF-8 temp path")));
    all.extend_from_slice(extra);
    barakcha(&all)
}

fn report(out: &Path) -> Value {
    json(&out.join("batch-report.json"))
}

/// File names in `dir` ending with `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .collect();
    names.sort();
    names
}

/// The error of a failed candidate in the report.
fn failure<'a>(report: &'a Value, name: &str) -> &'a Value {
    let c = report["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["name"] == name)
        .expect("in the report");
    assert_eq!(c["status"], "failed", "{c}");
    &c["error"]
}

fn total(report: &Value, status: &str) -> u64 {
    report["totals"][status].as_u64().expect("a count")
}

#[test]
fn twenty_candidates_with_three_broken_give_seventeen_leaflets_and_name_the_three() {
    let dir = temp_dir("batch-20");
    let (input, out) = (dir.join("in"), dir.join("out"));
    let good: Vec<String> = (1..=17).map(|i| format!("c{i:02}")).collect();
    candidates(&input, &good.iter().map(String::as_str).collect::<Vec<_>>());
    candidate(&input, "no-print-run", |t| t.replace("print_run = 1", ""));
    let emoji = candidate(&input, "emoji", |t| {
        t.replacen("Чоң энем", "Чоң 😀 энем", 1)
    });
    let broken = candidate(&input, "bad-portrait", |t| t);
    let jpeg = std::fs::read(broken.join("portrait.jpg")).expect("portrait");
    std::fs::write(broken.join("portrait.jpg"), &jpeg[..jpeg.len() / 3]).expect("truncate");

    let o = run(&[&input, Path::new("-o"), &out], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(files(&out, ".pdf").len(), 17, "{err}");
    for g in &good {
        assert!(out.join(format!("{g}.pdf")).exists(), "{g}: {err}");
    }
    let table = err.split("FAILED").nth(1).expect("a failure table");
    let r = report(&out);
    assert_eq!((total(&r, "rendered"), total(&r, "failed")), (17, 3));
    let expected = [
        ("bad-portrait", "portrait cannot be used"),
        ("emoji", "no glyph for '😀'"),
        ("no-print-run", "print_run"),
    ];
    for (name, message) in expected {
        assert!(
            table.contains(name) && table.contains(message),
            "{name}: {err}"
        );
        let e = failure(&r, name);
        assert!(
            e["message"].as_str().expect("message").contains(message),
            "{e}"
        );
        assert!(
            e["line"].as_u64().is_some() && e["column"].as_u64().is_some(),
            "{e}"
        );
        let at = format!("error: {}:", e["file"].as_str().expect("file"));
        assert!(e["text"].as_str().expect("text").starts_with(&at), "{e}");
    }
    let interview = emoji.join("interview.toml");
    assert_eq!(failure(&r, "emoji")["file"].as_str(), interview.to_str());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn outputs_are_byte_identical_alone_and_with_one_or_two_workers() {
    let dir = temp_dir("batch-determinism");
    let input = dir.join("in");
    candidates(&input, &["a", "b", "c", "d", "e"]);
    let (one, two) = (dir.join("j1"), dir.join("j2"));
    for (out, j) in [(&one, "1"), (&two, "2")] {
        let o = run(&[&input, Path::new("-o"), out], &["-j", j]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let names = files(&one, ".pdf");
    assert_eq!(names, ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"]);
    for name in &names {
        let a = std::fs::read(one.join(name)).expect("j1");
        assert!(a == std::fs::read(two.join(name)).expect("j2"), "{name}");
    }
    let alone = dir.join("alone.pdf");
    common::render(&input.join("c/interview.toml"), &alone, &[]);
    assert!(std::fs::read(alone).expect("alone") == std::fs::read(one.join("c.pdf")).expect("c"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn unchanged_candidates_are_skipped_and_force_renders_all() {
    let dir = temp_dir("batch-incremental");
    let (input, out) = (dir.join("in"), dir.join("out"));
    candidates(&input, &["a", "b", "c"]);
    let batch = |extra: &[&str]| {
        let o = run(&[&input, Path::new("-o"), &out], extra);
        assert!(o.status.success(), "{}", stderr(&o));
        report(&out)
    };
    let counts = |r: &Value| (total(r, "rendered"), total(r, "unchanged"));
    assert_eq!(counts(&batch(&[])), (3, 0));
    let first = std::fs::metadata(out.join("b.pdf"))
        .expect("b")
        .modified()
        .expect("mtime");
    assert_eq!(counts(&batch(&[])), (0, 3));
    let again = std::fs::metadata(out.join("b.pdf"))
        .expect("b")
        .modified()
        .expect("mtime");
    assert_eq!(first, again, "an unchanged leaflet is not rewritten");

    // An edited interview, a new portrait and a deleted PDF are each redone.
    let a = input.join("a/interview.toml");
    let text = std::fs::read_to_string(&a).expect("a");
    std::fs::write(&a, text.replace("print_run = 1", "print_run = 2")).expect("edit");
    let mut jpeg = std::fs::read(input.join("b/portrait.jpg")).expect("b");
    jpeg.splice(2..2, [0xFF, 0xFE, 0x00, 0x04, b'h', b'i']);
    std::fs::write(input.join("b/portrait.jpg"), jpeg).expect("new portrait");
    std::fs::remove_file(out.join("c.pdf")).expect("delete c");
    assert_eq!(counts(&batch(&[])), (3, 0));
    assert_eq!(counts(&batch(&[])), (0, 3));
    assert_eq!(counts(&batch(&["--force"])), (3, 0));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_manifest_names_outputs_and_overrides_print_run_and_layout() {
    let dir = temp_dir("batch-manifest");
    candidates(&dir, &["a", "b"]);
    let layout = dir.join("two-columns.toml");
    let text = std::fs::read_to_string(root().join("layouts/a4-two-sided.toml")).expect("layout");
    std::fs::write(
        &layout,
        text.replacen("gutter = \"5mm\"", "gutter = \"4mm\"", 1),
    )
    .expect("layout");
    let manifest = dir.join("batch.toml");
    let entries = "[[candidate]]\ninterview = \"a/interview.toml\"\noutput = \"kg/first.pdf\"\n\
        print_run = 5000\n\n[[candidate]]\ninterview = \"b/interview.toml\"\n\
        layout = \"two-columns.toml\"\n";
    std::fs::write(&manifest, entries).expect("manifest");
    let out = dir.join("out");
    let o = run(&[&manifest, Path::new("-o"), &out], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = Pdf::open(&out.join("kg/first.pdf")).text();
    assert!(first.contains("Нускасы: 5000."), "{first}");
    let b = std::fs::read(out.join("b.pdf")).expect("b.pdf");
    let alone = dir.join("b-alone.pdf");
    let with = ["--layout", layout.to_str().expect("UTF-8")];
    common::render(&dir.join("b/interview.toml"), &alone, &with);
    assert!(
        b == std::fs::read(&alone).expect("alone"),
        "the manifest's layout is used"
    );

    std::fs::write(
        &manifest,
        "[[candidate]]\ninterview = \"a/interview.toml\"\nprint_run = 0\n",
    )
    .expect("manifest");
    let o = run(&[&manifest, Path::new("-o"), &out], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("batch.toml:3:13: print_run = 0"), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn ctrl_c_keeps_finished_leaflets_whole_and_starts_no_more() {
    let dir = temp_dir("batch-interrupt");
    let (input, out) = (dir.join("in"), dir.join("out"));
    let names: Vec<String> = (0..40).map(|i| format!("c{i:02}")).collect();
    candidates(
        &input,
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .args(["batch", input.to_str().expect("UTF-8"), "-o"])
        .arg(&out)
        .args(["-j", "1"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start barakcha");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let first = lines.next().expect("a progress line").expect("text");
    assert!(first.starts_with("[1/40] rendered"), "{first}");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().expect("barakcha ends");
    assert_eq!(status.code(), Some(130), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains("interrupted")), "{rest:?}");
    let r = report(&out);
    let (rendered, cancelled) = (total(&r, "rendered"), total(&r, "cancelled"));
    assert!(
        rendered >= 1 && cancelled >= 1 && rendered + cancelled == 40,
        "{r}"
    );
    let pdfs = files(&out, ".pdf");
    assert_eq!(pdfs.len() as u64, rendered, "{pdfs:?}");
    for pdf in &pdfs {
        let bytes = std::fs::read(out.join(pdf)).expect("pdf");
        assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{pdf} is whole");
    }
    let hidden: Vec<String> = files(&out, ".tmp");
    assert!(hidden.is_empty(), "no half-written file: {hidden:?}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn the_print_profile_applies_to_every_leaflet_and_to_the_skip_hash() {
    let dir = temp_dir("batch-profile");
    let input = dir.join("in");
    candidates(&input, &["a", "b"]);
    let out = dir.join("out");
    let o = run(
        &[&input, Path::new("-o"), &out],
        &["--profile", "offset-x1a"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["a.pdf", "b.pdf"] {
        let pdf = std::fs::read(out.join(name)).expect("leaflet");
        assert!(pdf.starts_with(b"%PDF-1.3"), "{name}: PDF/X-1a is PDF 1.3");
    }
    // Same candidates under another profile: nothing may be skipped as unchanged.
    let o = run(
        &[&input, Path::new("-o"), &out],
        &["--profile", "digital-x4"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(total(&report(&out), "rendered"), 2);
    assert!(
        std::fs::read(out.join("a.pdf"))
            .unwrap()
            .starts_with(b"%PDF-1.6")
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
