//! Properties over random valid interviews and layouts (proptest): a render gives
//! either a PDF that qpdf accepts and whose every word pdftotext extracts, or a clear
//! error with a file and no "internal error"; never a panic. Part of the crosscheck
//! group (`cargo test --features crosscheck`): it needs qpdf and poppler-utils.
#![cfg(feature = "crosscheck")]

mod common;

use barakcha::Engine;
use barakcha::interview::Interview;
use barakcha::layout::Layout;
use barakcha::source::Source;
use common::*;
use proptest::prelude::*;
use std::path::Path;

const WORDS: &[&str] = &[
    "жана",
    "шаар",
    "тургундарына",
    "жардам",
    "бергим",
    "келди",
    "Кара-Жыгач",
    "конуштун",
    "көйгөйлөрү",
    "элиталык",
    "батирлерге",
    "каражаты",
    "жетпегендиктен",
    "11-апрелдеги",
    "Омуралиева",
    "2021",
    "ооруканаларындагы",
    "дарыгерлик",
    "саламаттыкты",
    "ачык-айкын",
    "6-классымда",
    "билим",
    "берүү",
    "тармагын",
    "кризистен",
    "чыгарып",
];

/// A paragraph of `n` words from the pool.
fn words(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..n).prop_map(|w| w.join(" "))
}

/// A valid interview: the example's imprint and portrait, random questions and answers.
fn interview() -> impl Strategy<Value = String> {
    let qa = prop::collection::vec((words(12), prop::collection::vec(words(60), 1..4)), 1..6);
    (words(8), qa, prop::bool::ANY).prop_map(|(headline, qa, portrait)| {
        let example = std::fs::read_to_string(example()).unwrap();
        let imprint = &example[example.find("[imprint]").unwrap()..];
        let mut s = format!(
            "lang = \"ky\"\nheadline = \"{headline}\"\n\n[candidate]\nname = \"Джульетта Базеян\"\n\n"
        );
        if portrait {
            s.push_str("[portrait]\nfile = \"portrait.jpg\"\n\n");
        }
        for (q, a) in qa {
            s.push_str(&format!("[[qa]]\nq = \"{q}?\"\na = \"\"\"{}\"\"\"\n\n", a.join("\n\n")));
        }
        s + imprint
    })
}

/// A layout within the documented ranges: body size and leading (and the copyfit's
/// ranges from them), margins, sides, and grid rows. The default layout's frames are placed on its three-column grid (story
/// frames span grid columns 1 and 2–3), so the number of columns is not varied here;
/// tests/layouts.rs renders every bundled layout, of 1 to 4 columns. On 2 or 3 rows the
/// portrait takes the first row and the call to action the last, in place of their
/// millimetres.
fn layout() -> impl Strategy<Value = String> {
    let numbers = (7.0f64..12.0, 1.1f64..1.6, 10.0f64..25.0, 1u32..=2, 1u32..=3);
    (numbers, 0.0f64..0.3).prop_map(|((size, lead, margin, pages, rows), spread)| {
        let text = std::fs::read_to_string(root().join("layouts/a4-two-sided.toml")).unwrap();
        let mut out = Vec::new();
        let mut table = "";
        for line in text.lines() {
            let key = line.split('=').next().unwrap_or_default().trim();
            if line.starts_with('[') {
                table = line.split(']').next().unwrap_or_default();
            }
            let on_rows = rows > 1;
            let replaced = match (table, key) {
                (_, "sides") => format!("sides = {pages}"),
                (_, "margin_left" | "margin_right") => format!("{key} = \"{margin:.1}mm\""),
                ("[styles.answer", "size") => format!("size = \"{size:.2}pt\""),
                ("[styles.answer", "leading") => format!("leading = \"{:.2}pt\"", size * lead),
                // The copyfit's ranges: from the style's size up by `spread`.
                ("[story", "size") => {
                    format!(
                        "size = [\"{size:.2}pt\", \"{:.2}pt\"]",
                        size * (1.0 + spread)
                    )
                }
                ("[story", "leading") => format!(
                    "leading = [\"{:.2}pt\", \"{:.2}pt\"]",
                    size * lead,
                    size * lead * (1.0 + spread)
                ),
                ("[sheet", "gutter") if on_rows => format!("{line}\nrows = {rows}"),
                ("[frames.portrait", "height") if on_rows => "rows = [1, 1]".into(),
                ("[frames.call-to-action", "bottom") if on_rows => {
                    format!("rows = [{rows}, {rows}]")
                }
                _ => line.to_string(),
            };
            out.push(replaced);
        }
        out.join("\n")
    })
}

/// Renders; on success checks the PDF, on failure the message.
fn check(interview_text: &str, layout_text: Option<&str>) -> Result<(), TestCaseError> {
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = temp_dir(&format!("prop-{n}"));
    std::fs::copy(
        root().join("examples/bazeyan/portrait.jpg"),
        dir.join("portrait.jpg"),
    )
    .unwrap();
    let path = dir.join("interview.toml");
    let layout = match layout_text {
        Some(t) => match Layout::parse(Source::new(dir.join("layout.toml"), t)) {
            Ok(l) => l,
            Err(d) => {
                prop_assert!(
                    d.location.is_some() && !d.message.contains("internal"),
                    "{d}"
                );
                return Ok(());
            }
        },
        None => Layout::builtin(),
    };
    let parsed = Interview::parse(Source::new(&path, interview_text));
    let interview = match parsed {
        Ok(i) => i,
        Err(d) => {
            return Err(TestCaseError::fail(format!(
                "a valid interview refused: {d}"
            )));
        }
    };
    let engine = Engine::new(layout).expect("a valid layout loads");
    match engine.render(&interview) {
        Ok(r) => {
            // The story is set within the layout's ranges, its columns no more than full.
            let story = r
                .report
                .story
                .as_ref()
                .expect("a rendered leaflet reports its story");
            prop_assert!((0.0..=1.0).contains(&story.fill), "{story:?}");
            if let Some(c) = &story.copyfit {
                let [lo, hi] = c.size_range_pt;
                prop_assert!(
                    lo - 0.01 <= story.size_pt && story.size_pt <= hi + 0.01,
                    "{story:?}"
                );
            }
            let out = dir.join("x.pdf");
            std::fs::write(&out, &r.pdf).unwrap();
            every_word_extracts(&out, interview_text)?;
            let q = tool("qpdf", "qpdf", &["--check", out.to_str().unwrap()]);
            let said = String::from_utf8_lossy(&q.stdout).to_string();
            prop_assert!(q.status.success() && !said.contains("WARNING"), "{said}");
            let _ = std::fs::remove_dir_all(&dir);
        }
        Err(f) => {
            let d = f.diagnostic;
            prop_assert!(!d.message.contains("internal error"), "{d}");
            prop_assert!(d.location.is_some(), "no file in: {d}");
        }
    }
    Ok(())
}

/// Every word of the questions and answers comes back from the PDF's text layer.
fn every_word_extracts(pdf: &Path, interview_text: &str) -> Result<(), TestCaseError> {
    let body: String = interview_text
        .lines()
        .filter(|l| !l.contains('=') || l.starts_with("q =") || l.starts_with("a ="))
        .filter(|l| !l.starts_with('[') && !l.starts_with('#'))
        .map(|l| l.trim_start_matches("q = ").trim_start_matches("a = "))
        .collect::<Vec<_>>()
        .join(" ");
    let missing = preflight::missing_words(pdf, &body);
    prop_assert!(missing.is_empty(), "not extracted: {missing:?}");
    Ok(())
}

proptest! {
    // 12 cases a run; PROPTEST_CASES=500 for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_interviews_give_a_whole_pdf_or_a_clear_error(text in interview()) {
        check(&text, None)?;
    }

    #[test]
    fn random_layouts_give_a_whole_pdf_or_a_clear_error(text in layout()) {
        let example = std::fs::read_to_string(example()).unwrap();
        check(&example, Some(&text))?;
    }
}
