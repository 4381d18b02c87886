//! End to end: the real binary renders real inputs; the PDF is parsed and inspected.

mod common;

use common::*;

#[test]
fn example_renders_to_a_two_sided_a4_pdf_with_every_word() {
    let dir = temp_dir("example");
    let out = dir.join("bazeyan.pdf");
    let report = dir.join("report.json");
    render(&example(), &out, &["--report", report.to_str().unwrap()]);
    let pdf = Pdf::open(&out);
    let pages = pdf.pages();
    assert_eq!(pages.len(), 2, "the seed interview needs about 1.4 sides");
    for page in &pages {
        let trim = pdf.page_box(*page, b"TrimBox");
        assert!(
            (trim[2] - trim[0] - 595.276).abs() < 0.01 && (trim[3] - trim[1] - 841.89).abs() < 0.01,
            "A4 trim: {trim:?}"
        );
        let bleed = pdf.page_box(*page, b"BleedBox");
        assert!(
            (trim[0] - bleed[0] - 8.504).abs() < 0.01,
            "3 mm bleed: {bleed:?}"
        );
    }
    // Every paragraph of the interview is in the text layer, whole and in order.
    let text = letters(&pdf.text());
    let interview: toml::Table =
        toml::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
    let mut paragraphs: Vec<String> = interview["lead"]
        .as_str()
        .unwrap()
        .split("\n\n")
        .map(String::from)
        .collect();
    for qa in interview["qa"].as_array().unwrap() {
        paragraphs.push(qa["q"].as_str().unwrap().into());
        paragraphs.extend(qa["a"].as_str().unwrap().split("\n\n").map(String::from));
    }
    for p in &paragraphs {
        assert!(
            text.contains(&letters(p)),
            "paragraph missing or broken in the PDF text: {p}"
        );
    }
    let r = json(&report);
    assert_eq!(r["pages"], 2);
    assert!(r["lines"].as_array().unwrap().len() > 150);
}

/// Issue 4's measure on the example: every line within the spacing limits (ratio ±1),
/// never three hyphens in a row, no widow or orphan, last-page columns within a line.
#[test]
fn example_meets_the_typographic_targets() {
    let dir = temp_dir("targets");
    let r = render_report(&example(), &dir, &[]);
    let lines = r["lines"].as_array().unwrap();
    for l in lines {
        let ratio = l["ratio"].as_f64().unwrap();
        assert!(
            (-1.0..=1.0).contains(&ratio),
            "beyond the spacing limits: {l}"
        );
    }
    let (mut run, mut ladder) = (0, 0);
    for l in lines {
        run = if l["hyphen"] == true { run + 1 } else { 0 };
        assert!(run < 3, "three hyphenated lines in a row, the third: {l}");
        // Added hyphens and written ones ("ачык-айкын") make one ladder at the edge.
        let ends = l["text"].as_str().unwrap().ends_with('-');
        ladder = if ends { ladder + 1 } else { 0 };
        assert!(
            ladder <= 3,
            "four lines in a row end with a hyphen, the fourth: {l}"
        );
    }
    let totals = &r["totals"];
    assert_eq!(totals["stretched_beyond_1"], 0);
    // Even colour: a loose line directly on a tight one shows as a stripe.
    assert!(
        totals["adjacent_ratio_jumps"].as_u64().unwrap() <= 2,
        "{}",
        totals["adjacent_ratio_jumps"]
    );
    let jumps = lines
        .windows(2)
        .filter(|w| (&w[0]["page"], &w[0]["column"]) == (&w[1]["page"], &w[1]["column"]))
        .filter(|w| w[0]["block"] == w[1]["block"] && w[1]["ratio"].as_f64() != Some(0.0))
        .filter(|w| (w[0]["ratio"].as_f64().unwrap() - w[1]["ratio"].as_f64().unwrap()).abs() > 1.0)
        .count();
    assert!(
        jumps <= 2,
        "{jumps} pairs of adjacent lines differ by more than 1 in ratio"
    );
    assert!(totals["min_ratio"].as_f64().unwrap() >= -1.0);
    assert!(totals["max_consecutive_hyphens"].as_u64().unwrap() <= 2);
    assert!(
        totals["hyphenated"].as_u64().unwrap() > 20,
        "hyphenation is on"
    );
    assert_eq!(
        (&totals["widows"], &totals["orphans"]),
        (&0.into(), &0.into())
    );
    let ends: Vec<f64> = totals["last_page_column_ends_mm"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_f64().unwrap())
        .collect();
    assert_eq!(ends.len(), 3);
    let spread = ends.iter().cloned().fold(f64::MIN, f64::max)
        - ends.iter().cloned().fold(f64::MAX, f64::min);
    // One line of the body's leading, as the copyfit chose it (13.5 pt: 4.76 mm).
    let leading = r["story"]["leading_pt"].as_f64().unwrap() * 25.4 / 72.0;
    assert!(
        spread <= leading + 0.01,
        "last-page columns end {spread} mm apart: {ends:?}"
    );
}

#[test]
fn imprint_is_on_the_last_page_only() {
    let dir = temp_dir("imprint");
    let out = dir.join("o.pdf");
    render(&example(), &out, &[]);
    let pdf = Pdf::open(&out);
    let pages = pdf.pages();
    let last = letters(&pdf.page_text(pages[1]));
    for label in [
        "Аткаруучу",
        "Буйуртмачы",
        "Чыга турган күнү",
        "28.06.2021-ж",
        "Нускасы",
        "атайын шайлоо фондунун каражатынан төлөндү",
        "тарабынан каржыланды",
    ] {
        assert!(last.contains(&letters(label)), "imprint lacks {label}");
    }
    assert!(!letters(&pdf.page_text(pages[0])).contains(&letters("Буйуртмачы")));
}

#[test]
fn imprint_is_a_block_of_readable_lines_with_labels_kept_with_their_values() {
    let dir = temp_dir("imprint-block");
    let r = render_report(&example(), &dir, &[]);
    let imprint: Vec<&serde_json::Value> = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["block"] == "imprint")
        .collect();
    assert!(imprint.len() >= 4);
    let mut columns: Vec<f64> = imprint
        .iter()
        .map(|l| l["x_mm"].as_f64().unwrap())
        .collect();
    columns.sort_by(f64::total_cmp);
    columns.dedup();
    assert!(
        columns.len() >= 2,
        "the imprint is set in columns: {columns:?}"
    );
    for l in &imprint {
        let text = l["text"].as_str().unwrap();
        let chars = text.chars().count();
        assert!(chars <= 90, "{chars} characters: {text}");
        assert!(l["page"] == 2, "{l}");
        // A label never ends a line without its value.
        assert!(!text.ends_with(':'), "{text}");
        assert!(
            !text.ends_with("Чыга") && !text.ends_with("турган"),
            "{text}"
        );
    }
    // Initials are spaced one way in every field (thin no-break spaces).
    let all: String = imprint
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert!(
        all.contains("М.\u{202f}Омуралиева") && all.contains("Омуралиева\u{202f}М.\u{202f}З."),
        "{all}"
    );
    assert!(r["smallest_font_size_pt"].as_f64().unwrap() >= 6.0);
}

#[test]
fn fonts_are_embedded_subsets_with_tounicode_and_the_portrait_is_a_jpeg() {
    let dir = temp_dir("fonts");
    let out = dir.join("o.pdf");
    render(&example(), &out, &[]);
    let pdf = Pdf::open(&out);
    let mut fonts = 0;
    let mut images = 0;
    for (_, obj) in pdf.doc.objects.iter() {
        let dict = match obj {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0") {
            fonts += 1;
            assert!(dict.get(b"ToUnicode").is_ok(), "ToUnicode missing");
            let name = dict.get(b"BaseFont").unwrap().as_name().unwrap();
            assert_eq!(
                name[6],
                b'+',
                "subset tag: {}",
                String::from_utf8_lossy(name)
            );
        }
        if dict.get(b"Type").and_then(|s| s.as_name()).ok() == Some(b"FontDescriptor") {
            assert!(dict.get(b"FontFile2").is_ok(), "font not embedded");
        }
        if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image") {
            images += 1;
            assert_eq!(
                dict.get(b"Filter").unwrap().as_name().unwrap(),
                b"DCTDecode"
            );
            let bytes = match obj {
                lopdf::Object::Stream(s) => &s.content,
                _ => unreachable!(),
            };
            let original = std::fs::read(root().join("examples/bazeyan/portrait.jpg")).unwrap();
            assert!(bytes == &original, "the JPEG is embedded byte for byte");
        }
    }
    assert_eq!(fonts, 4, "sans bold; serif regular, bold, italic");
    assert_eq!(images, 1);
}

#[test]
fn output_is_byte_identical_for_identical_input() {
    let dir = temp_dir("determinism");
    let (a, b) = (dir.join("a.pdf"), dir.join("b.pdf"));
    render(&example(), &a, &[]);
    render(&example(), &b, &[]);
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn line_breaks_match_the_golden_dump() {
    let dir = temp_dir("golden");
    let dump = dir.join("dump.txt");
    render(
        &example(),
        &dir.join("o.pdf"),
        &["--dump", dump.to_str().unwrap()],
    );
    let got = std::fs::read_to_string(&dump).unwrap();
    let golden = root().join("tests/golden/bazeyan.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden)
        .expect("tests/golden/bazeyan.txt: run with BLESS=1 to create it");
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(g, w)| g != w)
            .unwrap_or(0);
        panic!(
            "line breaks changed (first difference at dump line {}):\n  got:  {}\n  want: {}\nreview, then re-bless with BLESS=1 cargo test --test render",
            first + 1,
            got.lines().nth(first).unwrap_or(""),
            want.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn hyphenate_command_prints_breaks() {
    let o = barakcha(&["hyphenate", "--lang", "ky", "ооруканалардагы", "тоолор"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "оо-ру-ка-на-лар-да-гы\nтоо-лор\n"
    );
}

#[test]
fn import_turns_the_seed_into_a_renderable_interview() {
    let dir = temp_dir("import");
    let seed = root().join("examples/bazeyan/raw.txt");
    let toml_path = dir.join("interview.toml");
    let o = barakcha(&[
        "import",
        seed.to_str().unwrap(),
        "-o",
        toml_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("questions: 6"), "{}", stderr(&o));
    // Supply the portrait as a user would, then render.
    let text = std::fs::read_to_string(&toml_path).unwrap();
    let text = text.replace(
        "# [portrait]\n# file = \"portrait.jpg\"",
        "[portrait]\nfile = \"portrait.jpg\"",
    );
    std::fs::write(&toml_path, text).unwrap();
    std::fs::copy(
        root().join("examples/bazeyan/portrait.jpg"),
        dir.join("portrait.jpg"),
    )
    .unwrap();
    render(&toml_path, &dir.join("o.pdf"), &[]);
}

/// Writes an RGB gradient PNG of the given size.
fn png(path: &std::path::Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    img.save(path).unwrap();
}

#[test]
fn png_portrait_goes_through_flate_and_low_resolution_is_warned() {
    let dir = temp_dir("png");
    let interview = example_copy(&dir, |t| t.replace("portrait.jpg", "portrait.png"));
    png(&dir.join("portrait.png"), 900, 1200);
    let out = dir.join("o.pdf");
    let o = render(&interview, &out, &[]);
    assert!(!stderr(&o).contains("ppi"), "{}", stderr(&o));
    let pdf = Pdf::open(&out);
    let image = pdf.doc.objects.values().find_map(|o| match o {
        lopdf::Object::Stream(s)
            if s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image") =>
        {
            Some(s.dict.clone())
        }
        _ => None,
    });
    let image = image.expect("an image XObject");
    assert_eq!(
        image.get(b"Filter").unwrap().as_name().unwrap(),
        b"FlateDecode"
    );
    assert_eq!(image.get(b"Width").unwrap().as_i64().unwrap(), 900);
    // A small picture stretched over the frame is flagged for the designer (under 300 ppi)…
    png(&dir.join("portrait.png"), 500, 625);
    let o = render(&interview, &out, &[]);
    assert!(stderr(&o).contains("ppi"), "{}", stderr(&o));
    // …and refused when it would print blurred (under 150 ppi), with no PDF left behind.
    std::fs::remove_file(&out).unwrap();
    png(&dir.join("portrait.png"), 200, 250);
    let o = try_render(&interview, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("refuses below 150 ppi"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn russian_interview_gets_russian_imprint_labels() {
    let dir = temp_dir("ru");
    let interview = example_copy(&dir, |t| {
        t.replace("lang = \"ky\"", "lang = \"ru\"").replace(
            "jurisdiction = \"KG\"",
            "jurisdiction = \"RU\"\nproducer_tax_id = \"7701234567\"",
        )
    });
    let out = dir.join("o.pdf");
    render(&interview, &out, &[]);
    let pdf = Pdf::open(&out);
    let text = letters(&pdf.text());
    for label in [
        "Изготовитель",
        "ИНН 7701234567",
        "Заказчик",
        "Дата выпуска",
        "28.06.2021",
        "Тираж",
        "экз",
    ] {
        assert!(text.contains(&letters(label)), "missing {label}");
    }
    assert!(!text.contains(&letters("Нускасы")));
}

/// The words split at line ends, from a render's report.
fn split_words(report: &std::path::Path) -> Vec<String> {
    let r = json(report);
    let words = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["hyphenated_word"].as_str());
    words
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .collect()
}

#[test]
fn hyphenation_exceptions_from_the_layout_or_the_command_line_win() {
    let dir = temp_dir("exceptions");
    let report = dir.join("r.json");
    render(
        &example(),
        &dir.join("o.pdf"),
        &["--report", report.to_str().unwrap()],
    );
    // Forbid every break in the first word the example splits: from the layout, then from the CLI.
    let word = split_words(&report)
        .into_iter()
        .find(|w| !w.contains('-'))
        .expect("the example hyphenates");
    std::fs::write(
        dir.join("hyph.txt"),
        format!("# never break this one\n{word}\n"),
    )
    .unwrap();
    let layout = dir.join("layout.toml");
    let text = barakcha::layout::DEFAULT_LAYOUT.replace(
        "# exceptions = \"hyphenation.txt\"",
        "exceptions = \"hyph.txt\"",
    );
    std::fs::write(&layout, text).unwrap();
    let hyph = dir.join("hyph.txt");
    for extra in [
        ["--layout", layout.to_str().unwrap()],
        ["--hyphenation", hyph.to_str().unwrap()],
    ] {
        render(
            &example(),
            &dir.join("o.pdf"),
            &[extra[0], extra[1], "--report", report.to_str().unwrap()],
        );
        assert!(
            !split_words(&report).contains(&word),
            "{extra:?}: {word} is still split"
        );
    }
}

#[test]
fn small_type_in_more_than_two_plates_is_warned_not_refused() {
    let dir = temp_dir("plates");
    let layout = dir.join("layout.toml");
    let three_plates = barakcha::layout::DEFAULT_LAYOUT.replace(
        "leading = \"12pt\"\ncolor = \"accent\"",
        "leading = \"12pt\"\ncolor = [0, 90, 85, 5]",
    );
    assert_ne!(three_plates, barakcha::layout::DEFAULT_LAYOUT);
    std::fs::write(&layout, three_plates).unwrap();
    let report = dir.join("r.json");
    let out = render(
        &example(),
        &dir.join("o.pdf"),
        &[
            "--layout",
            layout.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "warning: style `question` sets 9.5pt text in C0 M90 Y85 K5, a colour of 3 plates"
        ),
        "{err}"
    );
    let warnings = json(&report)["warnings"].to_string();
    assert!(warnings.contains("3 plates"), "{warnings}");
    // The bundled layout follows the advice: no such warning.
    let plain = render(&example(), &dir.join("p.pdf"), &[]);
    assert!(
        !stderr(&plain).contains("a colour of"),
        "{}",
        stderr(&plain)
    );
}

/// A Kazakh answer: every letter of the Kazakh alphabet that Kyrgyz lacks (ә ғ қ ұ һ і).
const KAZAKH_ANSWER: &str = "Жоқ. Мен осы жерде жаңалықтар енгізгім келеді. Қалалық \
    мәслихатқа барып, қаламыздың дамуына үлес қосуды ойлаймын. Дәрігер ретінде емхана ашып, \
    мемлекеттік мекемелермен ынтымақтаса жұмыс істегім келеді. Бұл дәрігерлердің біліктілігін \
    арттыру және қазақ медицинасының беделін көтеру деген сөз. Денсаулық сақтау жүйесіндегі \
    өзгерістер әрбір отбасыға, әрбір балаға қолжетімді болуы керек. Қаһарман халқымыздың \
    тәуелсіздігі мен бірлігі баршамызға ортақ.";

#[test]
fn kazakh_interview_gets_kazakh_labels_and_kazakh_hyphenation() {
    let dir = temp_dir("kk");
    let interview = example_copy(&dir, |t| {
        let start = t.find("Жок. Бул жерден").unwrap();
        let end = start + t[start..].find("\"\"\"").unwrap();
        let t = format!("{}{KAZAKH_ANSWER}{}", &t[..start], &t[end..]);
        t.replace("lang = \"ky\"", "lang = \"kk\"")
            .replace("jurisdiction = \"KG\"", "jurisdiction = \"KZ\"")
    });
    let (out, report) = (dir.join("o.pdf"), dir.join("r.json"));
    render(&interview, &out, &["--report", report.to_str().unwrap()]);
    let text = letters(&Pdf::open(&out).text());
    for label in [
        "Дайындаған",
        "Тапсырыс беруші",
        "Таралымы",
        "Шыққан күні",
        "қаһарман",
    ] {
        assert!(text.contains(&letters(label)), "missing {label}");
    }
    assert!(!text.contains(&letters("Нускасы")));
    // Every Kazakh word split at a line end is split where the Kazakh rules allow.
    let hyphenator = barakcha::text::hyphenate::Hyphenator::new();
    let r = json(&report);
    for l in r["lines"].as_array().unwrap() {
        let Some(word) = l["hyphenated_word"].as_str() else {
            continue;
        };
        let head = l["text"].as_str().unwrap().rsplit(' ').next().unwrap();
        let head = head
            .trim_end_matches('-')
            .trim_start_matches(|c: char| !c.is_alphabetic());
        let word = word.trim_matches(|c: char| !c.is_alphabetic());
        let lang = barakcha::lang::Lang::Kk;
        assert!(
            word.starts_with(head) && hyphenator.breaks(word, lang).contains(&head.len()),
            "{word} split after {head}, the Kazakh rules give {}",
            hyphenator.show(word, lang)
        );
    }
}

#[test]
fn hyphenate_command_knows_kazakh() {
    let out = barakcha(&["hyphenate", "--lang", "kk", "тәуелсіздік", "жауапкершілік"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("тә-уел-сіз-дік") && shown.contains("жа-уап-кер-ші-лік"),
        "{shown}"
    );
}
