//! Bundled layouts checked with outside tools: the QR code, rendered at 300 dpi by
//! poppler, decodes with zbar to the interview's website. A missing tool fails the test
//! with its package name. Part of the crosscheck group: `cargo test --features crosscheck`.
#![cfg(feature = "crosscheck")]

mod common;

use barakcha::layout::{BUNDLED, Content, Layout};
use common::*;

#[test]
fn every_bundled_qr_code_decodes_to_the_website() {
    let dir = temp_dir("qr-decode");
    let demo = root().join("examples/demo-ru/interview.toml");
    for (name, _) in BUNDLED {
        let layout = Layout::bundled(name).expect("listed").expect("valid");
        if !layout.frames.values().any(|f| f.first() == Content::Qr) {
            continue;
        }
        for profile in ["digital-x4", "offset-x1a"] {
            let pdf = dir.join(format!("{name}-{profile}.pdf"));
            render(&demo, &pdf, &["--layout", name, "--profile", profile]);
            let png = dir.join(format!("{name}-{profile}"));
            let o = tool(
                "pdftoppm",
                "poppler-utils",
                &[
                    "-r",
                    "300",
                    "-png",
                    pdf.to_str().unwrap(),
                    png.to_str().unwrap(),
                ],
            );
            assert!(o.status.success(), "pdftoppm: {}", stderr(&o));
            let mut decoded = Vec::new();
            for entry in std::fs::read_dir(&dir).expect("dir") {
                let path = entry.expect("entry").path();
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                if file.starts_with(&format!("{name}-{profile}-")) && file.ends_with(".png") {
                    let o = tool(
                        "zbarimg",
                        "zbar-tools",
                        &["-q", "--raw", path.to_str().unwrap()],
                    );
                    decoded.push(String::from_utf8_lossy(&o.stdout).trim().to_string());
                }
            }
            assert!(
                decoded.iter().any(|d| d == "https://example.org/asanova"),
                "{name} with {profile}: decoded {decoded:?}"
            );
        }
    }
}

/// Every bundled layout under both print profiles, marks on and off: the project's own
/// preflight (tests/common/preflight.rs) finds no problem, with the layout's own trim
/// size; and, where it is installed, the shared preflight.py passes every check except
/// two that assume the default leaflet. `trimbox` wants A4 portrait (the other layouts
/// are A4 landscape, A5 and A3 by design); `text-match` wants every word of the example
/// as the default layout prints it (the trifold and the flyer show no caption, the
/// poster no headline; tests/print_tools.rs runs it on the default layout), and the
/// reading-order test in tests/layouts.rs checks the story word for word instead.
#[test]
fn every_bundled_layout_passes_the_preflight_under_both_profiles() {
    let dir = temp_dir("bundled-preflight");
    let script = preflight_script();
    let expect = root().join("examples/bazeyan/text.txt");
    for (name, _) in BUNDLED {
        let layout = Layout::bundled(name).expect("listed").expect("valid");
        for (profile, marks) in [
            ("digital-x4", "--no-marks"),
            ("digital-x4", "--marks"),
            ("offset-x1a", "--marks"),
            ("offset-x1a", "--no-marks"),
        ] {
            let pdf = dir.join(format!("{name}-{profile}{marks}.pdf"));
            render(
                &example(),
                &pdf,
                &["--layout", name, "--profile", profile, marks],
            );
            let wanted = preflight::Expect {
                trim: layout.trim(),
                x1a: profile == "offset-x1a",
                ..Default::default()
            };
            let problems = preflight::problems(&pdf, &wanted);
            assert!(
                problems.is_empty(),
                "{name} {profile} {marks}: {problems:#?}"
            );
            if let Some(script) = &script {
                shared_preflight(script, &pdf, &expect, name, &format!("{profile} {marks}"));
            }
            let q = tool("qpdf", "qpdf", &["--check", pdf.to_str().unwrap()]);
            assert_eq!(q.status.code(), Some(0), "{name} {profile} {marks}: qpdf");
        }
    }
}

/// The shared preflight.py, a second opinion where it is installed: no FAIL but the two
/// checks that assume the default leaflet (see above).
fn shared_preflight(
    script: &std::path::Path,
    pdf: &std::path::Path,
    expect: &std::path::Path,
    name: &str,
    variant: &str,
) {
    let o = tool(
        &python(),
        "python3 with pikepdf 8 or later ($BARAKCHA_PYTHON)",
        &[
            script.to_str().unwrap(),
            pdf.to_str().unwrap(),
            "--expect-text",
            expect.to_str().unwrap(),
            "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{name}: preflight output: {e}: {}", stderr(&o)));
    for check in report["checks"].as_array().expect("checks") {
        let allowed = match check["name"].as_str() {
            Some("trimbox") => name != "a4-two-sided",
            Some("text-match") => true,
            _ => false,
        };
        assert!(
            check["status"] != "FAIL" || allowed,
            "{name} {variant}: {check}"
        );
    }
}
