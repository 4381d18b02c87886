//! `barakcha init`: a new candidate folder that renders at once, in either language,
//! and never overwrites a file.

mod common;

use common::*;

#[test]
fn init_makes_a_folder_that_renders_in_both_languages() {
    let root = temp_dir("init");
    for (lang, word) in [("ky", "Аткаруучу"), ("ru", "Изготовитель")] {
        let dir = root.join(lang);
        let o = barakcha(&["init", dir.to_str().unwrap(), "--lang", lang]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("next: barakcha serve"),
            "{}",
            stderr(&o)
        );
        let interview = dir.join("interview.toml");
        let text = std::fs::read_to_string(&interview).unwrap();
        for key in [
            "headline",
            "lead",
            "[candidate]",
            "role",
            "party",
            "[portrait]",
            "caption",
            "[[qa]]",
            "[imprint]",
            "print_run",
        ] {
            assert!(text.contains(key), "{lang}: {key} missing");
        }
        let portrait = image::open(dir.join("portrait.png")).expect("a PNG portrait");
        assert!(portrait.width() >= 690, "300 ppi at the portrait's 58.7 mm");
        let layout = dir.join("layout.toml");
        let pdf = dir.join("leaflet.pdf");
        let report = dir.join("report.json");
        let extra = [
            "--layout",
            layout.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ];
        render(&interview, &pdf, &extra);
        let r = json(&report);
        assert_eq!(r["ok"], true);
        assert!(
            r["warnings"].as_array().unwrap().is_empty(),
            "{}",
            r["warnings"]
        );
        assert!(r["portrait"]["effective_ppi"].as_f64().unwrap() >= 300.0);
        assert!(letters(&Pdf::open(&pdf).text()).contains(&letters(word)));
    }
}

#[test]
fn init_never_overwrites_a_file() {
    let dir = temp_dir("init-again");
    std::fs::write(dir.join("interview.toml"), "mine").unwrap();
    let o = barakcha(&["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("interview.toml")).unwrap(),
        "mine"
    );
    assert!(!dir.join("layout.toml").exists() && !dir.join("portrait.png").exists());
}

/// The layout `init` writes extends the default and only lists keys: uncommenting every
/// one of them still renders, and the layout with them uncommented is the default's
/// values (the comments tell the truth about what the default is).
#[test]
fn init_layout_extends_the_default_and_its_commented_keys_work() {
    let dir = temp_dir("init-layout");
    let o = barakcha(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let layout = std::fs::read_to_string(dir.join("layout.toml")).unwrap();
    assert!(
        layout.contains("\nextends = \"a4-two-sided\"\n"),
        "{layout}"
    );
    let keys: Vec<&str> = layout
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(keys, ["extends = \"a4-two-sided\""], "only extends is set");
    let uncommented: String = layout
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.starts_with('[') || rest.contains(" = ") => rest,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(uncommented.matches("\n[").count() >= 4, "{uncommented}");
    let changed = dir.join("changed.toml");
    std::fs::write(&changed, uncommented).unwrap();
    let interview = dir.join("interview.toml");
    let mut dumps = Vec::new();
    for (file, name) in [
        (dir.join("layout.toml"), "as-written"),
        (changed, "uncommented"),
    ] {
        let pdf = dir.join(format!("{name}.pdf"));
        let dump = dir.join(format!("{name}.txt"));
        let extra = [
            "--layout",
            file.to_str().unwrap(),
            "--dump",
            dump.to_str().unwrap(),
        ];
        render(&interview, &pdf, &extra);
        dumps.push(std::fs::read_to_string(&dump).unwrap());
    }
    assert_eq!(dumps[0], dumps[1], "the commented values are the default's");
}
