//! The module import graph, checked mechanically: the page model (`frame.rs`) is the
//! contract, so the stages that read it (export, print) never reach back into flow or
//! the text stage's internals, the page model itself depends on no later stage, and
//! print (which decides) never reaches forward into export (which only writes).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::…` paths a file's non-test code names.
fn crate_paths(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read source");
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.match_indices("crate::")
        .map(|(i, _)| {
            code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect()
        })
        .collect()
}

fn src(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(path)
}

#[test]
fn export_and_print_read_only_the_page_model() {
    let mut files = vec![];
    rust_files(&src("print"), &mut files);
    rust_files(&src("export"), &mut files);
    assert!(files.len() > 5, "{files:?}");
    for file in files {
        for path in crate_paths(&file) {
            // The font book is a loaded resource (outlines and subsets are cut from its
            // files), not a text-stage internal.
            let text_internal =
                path.starts_with("crate::text") && !path.starts_with("crate::text::font");
            // The preview (issue 12) draws a draft's overflow, which is flow's result type:
            // the one flow name export may use, until the draft carries it in the page model.
            let flow = path.starts_with("crate::flow") && path != "crate::flow::Overflow";
            // A line's block kind (`PlacedLine::kind`) is part of the page model.
            let style = path.starts_with("crate::style") && path != "crate::style::Kind";
            assert!(
                !flow && !text_internal && !style,
                "{} names {path}: export and print read the page model (frame.rs) only",
                file.display()
            );
        }
    }
}

#[test]
fn print_does_not_use_export() {
    let mut files = vec![];
    rust_files(&src("print"), &mut files);
    assert!(!src("print.rs").exists(), "print is the module src/print/");
    assert!(files.len() > 3, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        // Tests included: print's own tests should not need the exporter either.
        let named: Vec<String> = text
            .match_indices("crate::export")
            .map(|(i, _)| {
                text[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect()
            })
            .collect();
        assert!(
            named.is_empty(),
            "{} names {named:?}: print decides and export writes, so print never uses export",
            file.display()
        );
    }
}

#[test]
fn the_page_model_depends_on_no_later_stage() {
    for path in crate_paths(&src("frame.rs")) {
        let allowed = ["crate::units", "crate::style::Kind"];
        assert!(
            allowed.iter().any(|a| path.starts_with(a)),
            "frame.rs names {path}"
        );
    }
}
