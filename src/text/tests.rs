use super::*;
use crate::lang::Lang;
use crate::layout::Layout;
use crate::text::cache::WordCache;
use crate::text::font::FontBook;
use crate::text::hyphenate::Hyphenator;
use crate::text::items::{GLYPH_EXPANSION, ItemBuilder, LETTER_STRETCH_EM, ParStyle};
use crate::units::Cmyk;

const TEXT: &str = "Борбор калаага жана шаар тургундарына жардам бергим келди. Өзүм \
    «Кара-Жыгачта» турам. Бир кездерде бул жаңы конуштун көйгөйлөрү көп болуп, аны \
    тургундар өзүлөрү каражат чогултуу менен чечип алышкан. Шаар өсүп жатат. Баарынын \
    эле элиталык батирлерге каражаты жетпегендиктен жаңы калктуу конуштар пайда болууда.";

/// The body style the tests set: 9.5 pt Noto Serif, hyphenated, justified or not.
fn serif(fonts: &FontBook, justify: bool) -> ParStyle {
    ParStyle {
        font: fonts.id("serif"),
        size: 9.5,
        color: Cmyk::BLACK,
        justify,
        hyphenate: true,
        indent: 0.0,
        balance: false,
    }
}

fn set(measure: f64) -> (Vec<SetLine>, ParStyle) {
    let layout = Layout::builtin();
    let fonts = FontBook::load(&layout).unwrap();
    let (hyphenator, words) = (Hyphenator::new(), WordCache::default());
    let style = serif(&fonts, true);
    let mut builder = ItemBuilder::new(&fonts, &hyphenator, &words, Lang::Ky);
    let par = builder.paragraph(TEXT, &style);
    (set_paragraph(par, measure), style)
}

#[test]
fn justified_lines_end_flush_with_the_measure_and_keep_letters_within_limits() {
    let measure = 59.0 * 72.0 / 25.4;
    let (lines, style) = set(measure);
    assert!(lines.len() > 5);
    for line in &lines[..lines.len() - 1] {
        let (x, last) = line.fragments.last().unwrap();
        // Ink ends where the last glyph's advance ends: its trailing letter spacing is not seen.
        let end = x + last.width() - last.spacing;
        assert!((end - measure).abs() < 1e-6, "{}: ends at {end}", line.text);
        for (_, f) in &line.fragments {
            assert!(
                (f.scale - 1.0).abs() <= GLYPH_EXPANSION + 1e-9,
                "{}",
                line.text
            );
            assert!(f.spacing <= LETTER_STRETCH_EM * style.size + 1e-9);
            // Glyphs are scaled only once letter spacing is spent to its limit.
            let letters_full =
                (f.spacing.abs() - style.letter_spacing(f.spacing.signum()).abs()).abs() < 1e-9;
            assert!(f.scale == 1.0 || letters_full, "{}", line.text);
        }
    }
    let (_, last) = lines.last().unwrap().fragments.last().unwrap();
    assert_eq!(
        (last.scale, last.spacing),
        (1.0, 0.0),
        "last line set natural"
    );
}

#[test]
fn word_spaces_are_spent_first_then_letter_spacing_then_glyph_scale() {
    let style = ParStyle {
        font: crate::text::font::FontId(0),
        size: 10.0,
        color: Cmyk::BLACK,
        justify: true,
        hyphenate: true,
        indent: 0.0,
        balance: false,
    };
    // 21 glyphs (20 spacings seen) over 100 pt; word spaces stretch 8 pt and shrink 4 pt.
    // Letters stretch 20 × 0.4 = 8 pt and shrink 20 × 0.15 = 3 pt; glyphs 3 pt both ways.
    let line = LineStuff {
        ink: 100.0,
        fixed: 0.0,
        glyphs: 21,
        glue: 12.0,
        stretch: 8.0,
        shrink: 4.0,
    };
    let cases = [
        (5.0, (0.0, 0.0)),
        (8.0, (0.0, 0.0)),
        (12.0, (0.5, 0.0)),
        (16.0, (1.0, 0.0)),
        (17.5, (1.0, 0.5)),
        (30.0, (1.0, 1.0)),
        (-2.0, (0.0, 0.0)),
        (-5.5, (-0.5, 0.0)),
        (-8.5, (-1.0, -0.5)),
    ];
    for (delta, (letters, glyphs)) in cases {
        let (l, g) = line.letter_and_glyph_ratios(&style, delta);
        assert!(
            (l - letters).abs() < 1e-9 && (g - glyphs).abs() < 1e-9,
            "{delta}: {l}, {g}"
        );
    }
}

/// Lines of `text` (Russian, 9.5 pt serif, justified) set at `measure` points.
fn set_ru(text: &str, measure: f64) -> Vec<String> {
    let layout = Layout::builtin();
    let fonts = FontBook::load(&layout).unwrap();
    let (hyphenator, words) = (Hyphenator::new(), WordCache::default());
    let style = serif(&fonts, true);
    let mut builder = ItemBuilder::new(&fonts, &hyphenator, &words, Lang::Ru);
    let par = builder.paragraph(text, &style);
    set_paragraph(par, measure)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

#[test]
fn a_compound_breaks_at_its_own_hyphen_unless_a_part_is_too_long() {
    let text = "Он работал главным инженером, а потом стал инженер-градостроителем \
        и остался им на долгие годы, и мы бири-бирибизди толуктап турабыз.";
    for mm in [45.0, 50.0, 55.0, 59.0, 65.0, 70.0] {
        for line in set_ru(text, mm * 72.0 / 25.4) {
            let last = line.rsplit(" ").next().unwrap();
            let inside = last.ends_with('-') && last[..last.len() - 1].contains('-');
            assert!(
                !inside,
                "at {mm} mm a compound breaks inside a part: {line}"
            );
        }
    }
    // Narrower than "градостроителем": the part is hyphenated rather than overfull.
    let lines = set_ru("инженер-градостроителем", 40.0);
    assert!(lines.len() >= 3, "{lines:?}");
}

#[test]
fn words_held_by_thin_spaces_are_not_hyphenated() {
    let text = "Кандидат М.\u{202f}З.\u{202f}Омуралиева выступила, бюджет составил \
        1\u{202f}000\u{202f}000 рублей, а Омуралиева\u{202f}М.\u{202f}З. ответила.";
    for mm in [30.0, 40.0, 50.0] {
        for line in set_ru(text, mm * 72.0 / 25.4) {
            let last = line.rsplit(' ').next().unwrap();
            assert!(
                !(last.ends_with('-') && last.contains('\u{202f}')),
                "at {mm} mm: {line}"
            );
        }
    }
}

#[test]
fn display_lines_are_balanced_and_keep_compounds_whole() {
    let layout = Layout::builtin();
    let fonts = FontBook::load(&layout).unwrap();
    let (hyphenator, words) = (Hyphenator::new(), WordCache::default());
    let style = ParStyle {
        font: fonts.id("serif-bold"),
        size: 9.5,
        color: Cmyk::BLACK,
        justify: false,
        hyphenate: false,
        indent: 0.0,
        balance: true,
    };
    let mut builder = ItemBuilder::new(&fonts, &hyphenator, &words, Lang::Ky);
    let headings = [
        "Жазгы кампаниядагы кайсы иш-чара көбүрөөк эсиңизде калды?",
        "Депутаттыкка талапкер болууга бир топ жаш экенсиз. БШКга аттанууңузга эмне түрткү болду?",
        "11-апрелдеги шайлоодо «Эмгек» партиясы эмненин негизинде жеңишке жетти?",
    ];
    for text in headings {
        let lines = set_paragraph(builder.paragraph(text, &style), 59.0 * 72.0 / 25.4);
        assert!(lines.len() > 1, "{text}");
        let last = &lines.last().unwrap().text;
        assert!(last.contains(' '), "a one-word last line: {last}");
        for line in &lines {
            assert!(!line.text.ends_with('-'), "{}", line.text);
        }
    }
}

#[test]
fn a_word_is_drawn_as_one_fragment_wherever_it_could_have_broken() {
    let (lines, _) = set(60.0 * 72.0 / 25.4);
    let hyphenated = lines.iter().filter(|l| l.hyphen).count();
    assert!(hyphenated > 0, "the test needs a hyphenated line");
    for line in &lines {
        let words = line.text.split(' ').count();
        assert_eq!(
            line.fragments.len(),
            words + usize::from(line.hyphen),
            "{}",
            line.text
        );
        for (_, f) in &line.fragments {
            let clusters = f.glyphs.iter().map(|g| g.cluster as usize);
            assert!(clusters.clone().is_sorted(), "{}", f.text);
            assert!(clusters.clone().all(|c| f.text.is_char_boundary(c)));
        }
    }
}

/// A line that ends at a hyphen written in a word extracts the whole word there, and the
/// next line's part extracts as nothing: a reader that takes another column's line in
/// between (pdftotext did, on a random layout) still reads «жарым-жартылай».
#[test]
fn a_break_at_a_written_hyphen_extracts_the_whole_word() {
    let layout = Layout::builtin();
    let fonts = FontBook::load(&layout).unwrap();
    let (hyphenator, words) = (Hyphenator::new(), WordCache::default());
    let style = serif(&fonts, false);
    // Some measure between "долбоорлорун жарым-" and the whole compound breaks there.
    let lines = (90..200)
        .map(|measure| {
            let mut builder = ItemBuilder::new(&fonts, &hyphenator, &words, Lang::Ky);
            let par = builder.paragraph("долбоорлорун жарым-жартылай колдоо", &style);
            set_paragraph(par, measure as f64)
        })
        .find(|lines| lines[0].text.ends_with("жарым-"))
        .expect("a measure breaks the line after «жарым-»");
    // What extraction reads: each fragment's /ActualText where it has one, else its glyphs.
    let read: String = lines[0]
        .fragments
        .iter()
        .map(|(_, f)| f.actual_text.as_deref().unwrap_or(&f.text))
        .collect();
    assert!(read.ends_with("жарым-жартылай"), "{read:?}");
    let next = &lines[1].fragments[0].1;
    assert!(next.text.starts_with("жартылай"), "{:?}", next.text);
    assert_eq!(next.actual_text.as_deref(), Some(""));
}

#[test]
fn a_paragraph_scaled_breaks_as_one_made_at_that_size() {
    let engine = crate::Engine::new(crate::layout::Layout::builtin()).expect("engine");
    let text = "Шаардык кеңешке келип калсам ушул маселелердин баарын чечүүгө аракет жасайм, эң негизгиси каалоо болсо мүмкүнчүлүктөр түзүлө берет.";
    let style = |size: f64| items::ParStyle {
        font: engine.fonts.id("serif"),
        size,
        color: crate::units::Cmyk::BLACK,
        justify: true,
        hyphenate: true,
        indent: 10.0,
        balance: false,
    };
    let build = |size: f64| {
        let lang = crate::lang::Lang::Ky;
        items::ItemBuilder::new(&engine.fonts, &engine.hyphenator, &engine.words, lang)
            .paragraph(text, &style(size))
    };
    let lines = |p: items::Paragraph| -> Vec<(String, f64)> {
        let set = set_paragraph(p, 150.0);
        set.into_iter()
            .map(|l| (l.text, (l.ratio * 1e6).round()))
            .collect()
    };
    for size in [8.0, 10.25, 11.0] {
        let mut scaled = build(9.0);
        scaled.scale(size / 9.0);
        assert_eq!(lines(scaled), lines(build(size)), "at {size} pt");
    }
}
