//! `barakcha watch` as a designer uses it: save the interview with a new headline, break
//! it, fix it; after each save the PDF on disk is checked.

mod common;

use common::live::{Running, rendered_lines, save_by_rename, with_headline};
use common::*;

/// The PDF's text, as extraction reads it.
fn pdf_text(path: &std::path::Path) -> String {
    Pdf::open(path).text()
}

#[test]
fn watch_rebuilds_on_save_keeps_the_last_good_pdf_and_recovers() {
    let dir = temp_dir("watch");
    let interview = example_copy(&dir, |t| t);
    let original = std::fs::read_to_string(&interview).unwrap();
    let lines = format!("{} lines", rendered_lines(&interview));
    let (pdf, pngs) = (dir.join("out.pdf"), dir.join("png"));
    let layout = dir.join("layout.toml");
    let layout_text = std::fs::read_to_string(root().join("layouts/a4-two-sided.toml")).unwrap();
    std::fs::write(&layout, &layout_text).unwrap();
    let args = [
        "watch",
        interview.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--png",
        pngs.to_str().unwrap(),
        "--layout",
        layout.to_str().unwrap(),
    ];
    let watch = Running::start(&args);
    let first = watch.wait_for("→", 60);
    assert!(first.last().unwrap().contains(&lines), "{first:?}");
    assert!(pdf_text(&pdf).contains("каалоо"));
    assert!(pngs.join("page-1.png").exists() && pngs.join("page-2.png").exists());

    // 1. A new headline, saved by rename: the PDF follows.
    save_by_rename(
        &interview,
        &with_headline(&original, "Биринчи жаңы баш сөз"),
    );
    let line = watch.wait_for("→", 30);
    let line = line.last().unwrap();
    assert!(line.contains("ms from the save"), "{line}");
    assert!(
        !line.contains("layout loaded"),
        "the engine is kept: {line}"
    );
    assert!(letters(&pdf_text(&pdf)).contains(&letters("Биринчи жаңы баш сөз")));
    let good = std::fs::read(&pdf).unwrap();

    // 2. A TOML error: the diagnostic points at it, and the PDF is the last good one.
    save_by_rename(&interview, &format!("{original}\nbroken = = 1\n"));
    let error = watch.wait_for("interview.toml:", 30);
    let error_line = error.last().unwrap();
    assert!(error_line.contains("error"), "{error:?}");
    let at = original.lines().count() + 2;
    assert!(
        error_line.contains(&format!("interview.toml:{at}:")),
        "{error_line}"
    );
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        good,
        "the last good PDF stays"
    );

    // 3. Fixed, with another headline: a new PDF replaces it.
    save_by_rename(&interview, &with_headline(&original, "Экинчи баш сөз"));
    watch.wait_for("→", 30);
    let text = letters(&pdf_text(&pdf));
    assert!(text.contains(&letters("Экинчи баш сөз")), "{text}");
    assert!(!text.contains(&letters("Биринчи жаңы")));

    // 4. A layout edit reloads the engine: four columns now.
    save_by_rename(&layout, &layout_text.replace("columns = 3", "columns = 4"));
    let line = watch.wait_for("→", 30);
    assert!(line.last().unwrap().contains("(layout loaded)"), "{line:?}");
}

/// `watch` takes `render`'s print flags, and a save of the campaign logo rebuilds with
/// the engine kept (the logo is read per leaflet, as the portrait is).
#[test]
fn watch_takes_print_flags_and_follows_the_logo() {
    let dir = temp_dir("watch-logo");
    for name in ["interview.toml", "logo.png", "portrait.jpg"] {
        std::fs::copy(root().join("examples/demo-ru").join(name), dir.join(name)).unwrap();
    }
    let (interview, logo, pdf) = (
        dir.join("interview.toml"),
        dir.join("logo.png"),
        dir.join("out.pdf"),
    );
    let args = [
        "watch",
        interview.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--layout",
        "a4-trifold",
        "--bleed",
        "5mm",
        "--no-marks",
        "--no-hyphenation",
    ];
    let watch = Running::start(&args);
    let first = watch.wait_for("→", 60);
    assert!(first.last().unwrap().contains("0 hyphens"), "{first:?}");
    let doc = Pdf::open(&pdf);
    let page = doc.pages()[0];
    let (media, trim) = (
        doc.page_box(page, b"MediaBox"),
        doc.page_box(page, b"TrimBox"),
    );
    let bleed_pt = 5.0 / 25.4 * 72.0;
    // No marks: the media box is the trim and the 5 mm bleed, no slug.
    assert!(
        (trim[0] - media[0] - bleed_pt).abs() < 0.05,
        "{media:?} {trim:?}"
    );
    let before = std::fs::read(&pdf).unwrap();

    // The logo replaced by another picture (the portrait re-encoded as PNG), by rename.
    let other = image::open(dir.join("portrait.jpg")).unwrap();
    let staged = dir.join("logo-new.png");
    other.save(&staged).unwrap();
    std::fs::rename(&staged, &logo).unwrap();
    let line = watch.wait_for("→", 30);
    let line = line.last().unwrap();
    assert!(!line.contains("layout loaded"), "{line}");
    assert_ne!(
        std::fs::read(&pdf).unwrap(),
        before,
        "the new logo is in the PDF"
    );
}
