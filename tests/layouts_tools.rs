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
