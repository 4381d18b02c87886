//! `barakcha import`: turns a scraped interview (text as copied from a news
//! site) into interview TOML for a human to check and `render` to typeset.
//!
//! The pipeline: [`decode`] bytes to text, [`legacy`] repair of old Kyrgyz
//! 8-bit fonts, [`dedupe`] paragraphs, find the [`structure`] (lead,
//! questions, answers, [`imprint`]), [`emit`] TOML. A word guard between the
//! steps makes sure no word of the source is lost on the way.

mod decode;
mod dedupe;
mod emit;
mod imprint;
mod legacy;
mod structure;

use std::collections::BTreeSet;
use std::fmt;

use crate::lang::Lang;

/// What `import` produced: the interview TOML text and what was done.
#[derive(Debug)]
pub struct Imported {
    /// The interview TOML, with `# TODO:` comments where a human must act.
    pub toml: String,
    /// Figures for the user.
    pub summary: ImportSummary,
}

/// Figures printed after an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The detected encoding of the input, e.g. "UTF-8" or "Windows-1251".
    pub encoding: &'static str,
    /// Non-empty lines in the input.
    pub paragraphs_in: usize,
    /// Unique paragraphs after removing repeats and splitting glued lines.
    pub paragraphs_out: usize,
    /// Paragraphs of the lead (before the first question).
    pub lead_paragraphs: usize,
    /// Questions found.
    pub questions: usize,
    /// Imprint fields filled from the source.
    pub imprint_fields: Vec<&'static str>,
    /// Imprint fields not found (left out with a TODO comment).
    pub missing_imprint_fields: Vec<&'static str>,
    /// Words repaired from a legacy Kyrgyz 8-bit font.
    pub repaired_words: usize,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "encoding: {}", self.encoding)?;
        writeln!(
            f,
            "paragraphs: {} in the source, {} after removing repeats",
            self.paragraphs_in, self.paragraphs_out
        )?;
        writeln!(
            f,
            "lead: {} paragraph(s); questions: {}",
            self.lead_paragraphs, self.questions
        )?;
        let list = |v: &[&str]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.join(", ")
            }
        };
        writeln!(f, "imprint: {}", list(&self.imprint_fields))?;
        writeln!(
            f,
            "imprint fields missing (marked TODO): {}",
            list(&self.missing_imprint_fields)
        )?;
        write!(f, "legacy-font words repaired: {}", self.repaired_words)
    }
}

/// Why an import failed; Display gives one clear sentence plus what to do.
#[derive(Debug)]
pub enum ImportError {
    /// The input has no text.
    Empty,
    /// The input is not text (an image, a PDF, a Word file…).
    Binary,
    /// No question was found, so this is not an interview.
    NoQuestions,
    /// A bug guard: the output does not have the same words as the input.
    WordsChanged {
        /// Words of the input missing from the output.
        lost: Vec<String>,
        /// Words of the output that are not in the input.
        added: Vec<String>,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(
                f,
                "The input is empty. Pass the file that holds the interview text."
            ),
            ImportError::Binary => write!(
                f,
                "The input is not text (it looks like an image, a PDF or an office document). \
                 Copy the interview text into a plain .txt file and import that."
            ),
            ImportError::NoQuestions => write!(
                f,
                "No questions were found, so this does not look like an interview. \
                 Mark each question as its own paragraph starting with \"- \" and ending with \"?\", \
                 then import again."
            ),
            ImportError::WordsChanged { lost, added } => write!(
                f,
                "Internal error: the import would change the text (lost: {}; added: {}). \
                 This is a bug in barakcha; please report it with the input file.",
                preview(lost),
                preview(added)
            ),
        }
    }
}

impl std::error::Error for ImportError {}

fn preview(words: &[String]) -> String {
    if words.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<&str> = words.iter().take(8).map(String::as_str).collect();
    let more = words.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The interview found in the source, before it is written as TOML.
#[derive(Debug)]
pub(crate) struct Interview {
    pub lang: Lang,
    pub headline: Option<String>,
    pub lead: Vec<String>,
    pub name: Option<String>,
    pub party: Option<String>,
    pub qa: Vec<Qa>,
    pub imprint: imprint::Imprint,
}

/// One question with its answer paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Qa {
    pub q: String,
    pub a: Vec<String>,
}

/// Imports a scraped interview. `lang: None` detects the language.
pub fn import(bytes: &[u8], lang: Option<Lang>) -> Result<Imported, ImportError> {
    let decoded = decode::decode(bytes)?;
    let repaired = legacy::repair(&decoded.text);
    let lang = lang.unwrap_or_else(|| detect_lang(&repaired.text));
    let deduped = dedupe::dedupe(&repaired.text);
    let doc = structure::structure(&deduped.paragraphs, lang)?;
    check_words(&repaired.text, &doc)?;
    let summary = ImportSummary {
        encoding: decoded.encoding,
        paragraphs_in: deduped.paragraphs_in,
        paragraphs_out: deduped.paragraphs.len(),
        lead_paragraphs: doc.lead.len(),
        questions: doc.qa.len(),
        imprint_fields: doc.imprint.present(),
        missing_imprint_fields: doc.imprint.missing(),
        repaired_words: repaired.words,
    };
    Ok(Imported {
        toml: emit::emit(&doc),
        summary,
    })
}

/// Kyrgyz has ң, ө, ү; Kazakh has those and ә, ғ, қ, ұ, һ, і besides; Russian has none.
/// A Russian text quoting one Kyrgyz or Kazakh name is still Russian, so ask for at least
/// 2% of the Cyrillic words.
fn detect_lang(text: &str) -> Lang {
    let (mut cyrillic, mut kyrgyz, mut kazakh) = (0usize, 0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
            cyrillic += 1;
            kyrgyz += usize::from(legacy::has_kyrgyz_letters(word));
            kazakh += usize::from(has_kazakh_letters(word));
        }
    }
    if kazakh > 0 && kazakh * 50 >= cyrillic {
        Lang::Kk
    } else if kyrgyz > 0 && kyrgyz * 50 >= cyrillic {
        Lang::Ky
    } else {
        Lang::Ru
    }
}

/// A letter of Kazakh that neither Kyrgyz nor Russian has.
fn has_kazakh_letters(word: &str) -> bool {
    word.chars().any(|c| "әғқұһіӘҒҚҰҺІ".contains(c))
}

/// The set of words (runs of letters and digits) of a text.
fn words<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    texts
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The bug guard: the interview must carry exactly the words of the source.
/// Imprint labels and the raw date and count count as kept, because the
/// layout prints labels itself and the values are typed fields.
fn check_words(source: &str, doc: &Interview) -> Result<(), ImportError> {
    let mut kept: Vec<&str> = Vec::new();
    kept.extend(doc.headline.as_deref());
    kept.extend(doc.lead.iter().map(String::as_str));
    kept.extend(doc.name.as_deref());
    kept.extend(doc.party.as_deref());
    for qa in &doc.qa {
        kept.push(&qa.q);
        kept.extend(qa.a.iter().map(String::as_str));
    }
    let imp = &doc.imprint;
    let fields = [
        &imp.customer,
        &imp.producer,
        &imp.producer_address,
        &imp.financed_by,
        &imp.paid_from,
    ];
    kept.extend(fields.into_iter().filter_map(|f| f.as_deref()));
    kept.extend(imp.consumed.iter().map(String::as_str));
    kept.extend(imp.leftover.iter().map(String::as_str));
    let input = words([source]);
    let output = words(kept);
    if input == output {
        return Ok(());
    }
    Err(ImportError::WordsChanged {
        lost: input.difference(&output).cloned().collect(),
        added: output.difference(&input).cloned().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kazakh_kyrgyz_and_russian() {
        let kk = "Мен осы жерде жаңалықтар енгізгім келеді. Қалалық мәслихатқа барамын.";
        let ky = "Бул жерден эле жаңылыктарды киргизүүнү каалайм.";
        let ru = "Я хочу помочь городу. Кандидат Базеян родилась в Бишкеке.";
        assert_eq!(detect_lang(kk), Lang::Kk);
        assert_eq!(detect_lang(ky), Lang::Ky);
        assert_eq!(detect_lang(ru), Lang::Ru);
        // One Kazakh name in a long Russian text leaves it Russian.
        let quoted = format!("{} Әлихан.", ru.repeat(20));
        assert_eq!(detect_lang(&quoted), Lang::Ru);
    }
    use std::path::PathBuf;

    const SEED: &str = "examples/bazeyan/raw.txt";

    /// Finds a file of the project tree from the crate, whether the crate
    /// is /work/main (../shared) or a helper crate /work/helpers/x (../../).
    fn find(candidates: &[&str]) -> Option<PathBuf> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        candidates
            .iter()
            .map(|c| root.join(c))
            .find(|p| p.is_file())
    }

    /// The seed interview, kept in the repository (a copy of shared/seed/000_71b550fa67893af9.txt)
    /// so the tests pass on a fresh clone alone.
    fn seed_bytes() -> Vec<u8> {
        let path = find(&[SEED]).expect("the seed interview is in examples/bazeyan");
        std::fs::read(path).expect("seed is readable")
    }

    /// The public interview format, as far as import writes it.
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct File {
        lang: Lang,
        headline: Option<String>,
        lead: Option<String>,
        candidate: Candidate,
        portrait: Option<Portrait>,
        qa: Vec<FileQa>,
        imprint: FileImprint,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Candidate {
        name: Option<String>,
        role: Option<String>,
        party: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Portrait {
        file: String,
        caption: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct FileQa {
        q: String,
        a: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct FileImprint {
        jurisdiction: String,
        customer: Option<String>,
        producer: Option<String>,
        producer_address: Option<String>,
        financed_by: Option<String>,
        paid_from: Option<String>,
        issue_date: Option<toml::value::Datetime>,
        print_run: Option<i64>,
    }

    fn parse(text: &str) -> File {
        toml::from_str(text)
            .unwrap_or_else(|e| panic!("output is not valid interview TOML: {e}\n{text}"))
    }

    fn seed_import() -> (Imported, File) {
        let imported = import(&seed_bytes(), None).expect("the seed imports");
        let file = parse(&imported.toml);
        (imported, file)
    }

    fn paragraphs(s: &str) -> Vec<&str> {
        s.split("\n\n").collect()
    }

    #[test]
    fn seed_has_six_questions_two_lead_paragraphs_and_the_imprint() {
        let (imported, file) = seed_import();
        assert_eq!(file.lang, Lang::Ky);
        assert_eq!(file.qa.len(), 6);
        let lead = file.lead.as_deref().expect("lead");
        assert_eq!(paragraphs(lead).len(), 2);
        assert!(lead.starts_with("\"Эмгек\" саясий партиясында жаш талапкерлер арбын."));
        let answer_paragraphs: Vec<usize> = file
            .qa
            .iter()
            .map(|qa| paragraphs(qa.a.as_deref().expect("every question has an answer")).len())
            .collect();
        assert_eq!(answer_paragraphs, [3, 5, 1, 2, 1, 3]);
        assert_eq!(
            file.qa[0].q,
            "Сиз, биздин саясаттагы жаңы жүздөрдүн бирисиз. Өзүңүз жөнүндө айтып берсеңиз."
        );
        assert!(
            file.qa[0]
                .a
                .as_deref()
                .is_some_and(|a| a.starts_with("Чоң энем медайым болгон."))
        );
        let imp = &file.imprint;
        assert_eq!(imp.jurisdiction, "KG");
        assert_eq!(
            imp.customer.as_deref(),
            Some("\"Эмгек партиясы\" саясий партиясы")
        );
        assert_eq!(imp.producer.as_deref(), Some("\"ПроМедиа Плюс\" КФ"));
        assert_eq!(
            imp.producer_address.as_deref(),
            Some("Бишкек шаары, Токтогул көчөсү, 90а")
        );
        assert!(
            imp.financed_by
                .as_deref()
                .is_some_and(|s| s.ends_with("М.Омуралиева тарабынан каржыланды."))
        );
        assert!(
            imp.paid_from
                .as_deref()
                .is_some_and(|s| s.ends_with("шайлоо фондунун каражатынан төлөндү."))
        );
        assert_eq!(
            imp.issue_date.map(|d| d.to_string()).as_deref(),
            Some("2021-06-28")
        );
        assert_eq!(imp.print_run, Some(1));
        let s = &imported.summary;
        assert_eq!(
            (s.lead_paragraphs, s.questions, s.repaired_words),
            (2, 6, 0)
        );
        assert_eq!(s.encoding, "UTF-8");
        assert!(s.missing_imprint_fields.is_empty(), "{s}");
        assert_eq!(s.imprint_fields.len(), 7);
    }

    #[test]
    fn seed_output_marks_what_a_human_must_fill() {
        let (imported, file) = seed_import();
        assert!(file.headline.is_none());
        assert!(file.portrait.is_none());
        assert!(file.candidate.role.is_none());
        assert_eq!(file.candidate.name.as_deref(), Some("Джульетта Базеян"));
        assert_eq!(file.candidate.party.as_deref(), Some("Эмгек"));
        let summary = imported.summary.to_string();
        assert!(summary.contains("encoding: UTF-8") && summary.contains("questions: 6"));
        assert_eq!(summary.lines().count(), 6);
        for needle in [
            "# TODO: no headline",
            "# TODO: role",
            "# [portrait]",
            "# TODO: check the name",
        ] {
            assert!(imported.toml.contains(needle), "missing {needle:?}");
        }
    }

    #[test]
    fn seed_loses_no_word_and_repeats_no_paragraph() {
        let (_, file) = seed_import();
        let mut texts: Vec<&str> = Vec::new();
        texts.extend(file.lead.as_deref().map(paragraphs).unwrap_or_default());
        for qa in &file.qa {
            texts.push(&qa.q);
            texts.extend(qa.a.as_deref().map(paragraphs).unwrap_or_default());
        }
        let imp = &file.imprint;
        let imprint = [
            &imp.customer,
            &imp.producer,
            &imp.producer_address,
            &imp.financed_by,
            &imp.paid_from,
        ];
        texts.extend(imprint.into_iter().filter_map(|f| f.as_deref()));
        let unique: BTreeSet<String> = texts
            .iter()
            .map(|t| t.split_whitespace().collect())
            .collect();
        assert_eq!(unique.len(), texts.len(), "a paragraph occurs twice");
        // The labels and the raw date are printed by the layout.
        texts.push("Аткаруучу: Буйуртмачы: Чыга турган күнү: 28.06.2021-ж. Нускасы: 1.");
        let seed = String::from_utf8(seed_bytes()).expect("utf-8 seed");
        assert_eq!(words([seed.as_str()]), words(texts));
    }

    #[test]
    fn seed_questions_equal_the_hand_made_example() {
        let Some(path) = find(&[
            "examples/bazeyan/interview.toml",
            "../../main/examples/bazeyan/interview.toml",
        ]) else {
            return;
        };
        let hand = std::fs::read_to_string(path).expect("example is readable");
        let hand = parse(&hand);
        let portrait = hand.portrait.as_ref().expect("the example has a portrait");
        assert!(portrait.file.ends_with(".jpg") && portrait.caption.is_some());
        let (_, file) = seed_import();
        let q = |f: &File| f.qa.iter().map(|qa| qa.q.clone()).collect::<Vec<_>>();
        assert_eq!(q(&file), q(&hand));
        assert_eq!(file.lead, hand.lead);
        let a = |f: &File| f.qa.iter().map(|qa| qa.a.clone()).collect::<Vec<_>>();
        assert_eq!(a(&file), a(&hand));
    }

    #[test]
    fn seed_in_windows_1251_and_utf16_gives_the_same_interview() {
        let seed = String::from_utf8(seed_bytes()).expect("utf-8 seed");
        let utf8 = import(seed.as_bytes(), None).expect("utf-8");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(seed.encode_utf16().flat_map(u16::to_le_bytes));
        let from16 = import(&utf16, None).expect("utf-16");
        assert_eq!(from16.toml, utf8.toml);
        assert!(from16.summary.encoding.starts_with("UTF-16LE"));
        // Windows-1251 has no ө ү ң: use a Russian interview instead.
        let ru = "Кандидат рассказал о себе.\n- Почему вы идёте в совет?\n- Хочу помочь городу.\n";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
        let imported = import(&cp1251, None).expect("windows-1251");
        assert_eq!(imported.summary.encoding, "Windows-1251");
        let file = parse(&imported.toml);
        assert_eq!(file.lang, Lang::Ru);
        assert_eq!(file.imprint.jurisdiction, "RU");
        assert_eq!(file.qa[0].q, "Почему вы идёте в совет?");
    }

    #[test]
    fn seed_typed_in_a_legacy_font_and_saved_as_windows_1251_is_repaired() {
        let seed = String::from_utf8(seed_bytes()).expect("utf-8 seed");
        let legacy: String = seed
            .chars()
            .map(|c| match c {
                'ө' => 'ъ',
                'Ө' => 'Ъ',
                'ү' => '\\',
                'Ү' => '|',
                'ң' => 'ё',
                'Ң' => 'Ё',
                c => c,
            })
            .collect();
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&legacy);
        assert!(!unmappable);
        let imported = import(&bytes, None).expect("legacy seed imports");
        assert_eq!(imported.summary.encoding, "Windows-1251");
        assert!(imported.summary.repaired_words > 400);
        assert_eq!(
            imported.toml,
            import(seed.as_bytes(), None).expect("seed").toml
        );
    }

    #[test]
    fn legacy_font_text_is_repaired_and_russian_is_not() {
        let legacy = "Тълъйкън айылдык Кеёешинин депутаты менен маек.\n\
                      - Ъкмът\\н\\н токтому жън\\ндъ эмне дейсиз?\n\
                      - Бул токтом айылга жаёы мектеп курууга жардам берет.";
        let imported = import(legacy.as_bytes(), None).expect("legacy text imports");
        let file = parse(&imported.toml);
        assert_eq!(file.lang, Lang::Ky);
        assert_eq!(file.qa[0].q, "Өкмөтүнүн токтому жөнүндө эмне дейсиз?");
        assert_eq!(
            file.lead.as_deref(),
            Some("Төлөйкөн айылдык Кеңешинин депутаты менен маек.")
        );
        assert_eq!(imported.summary.repaired_words, 5);
        let russian = "Объект сдали к съезду, и ёлка уже стоит.\n- Её поставили?\n- Да, всё готово, подъём в шесть.";
        let imported = import(russian.as_bytes(), None).expect("russian imports");
        assert_eq!(imported.summary.repaired_words, 0);
        let file = parse(&imported.toml);
        assert_eq!(file.qa[0].q, "Её поставили?");
        assert_eq!(
            file.lead.as_deref(),
            Some("Объект сдали к съезду, и ёлка уже стоит.")
        );
    }

    #[test]
    fn bad_inputs_give_clear_errors() {
        let empty = import(b"", None).expect_err("empty");
        assert!(matches!(empty, ImportError::Empty));
        assert!(empty.to_string().contains("empty"));
        let binary =
            import(&[0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xFF, 0x00], None).expect_err("binary");
        assert!(matches!(binary, ImportError::Binary));
        assert!(binary.to_string().contains("not text"));
        let essay = import(
            "Бул жөн гана макала.\nЭкинчи абзац да бар.".as_bytes(),
            None,
        )
        .expect_err("essay");
        assert!(matches!(essay, ImportError::NoQuestions));
        assert!(essay.to_string().contains("No questions"));
    }

    #[test]
    fn word_guard_catches_a_lost_word() {
        let doc = Interview {
            lang: Lang::Ky,
            headline: None,
            lead: vec!["Биринчи абзац.".to_owned()],
            name: None,
            party: None,
            qa: vec![Qa {
                q: "Суроо?".to_owned(),
                a: vec!["Жооп.".to_owned()],
            }],
            imprint: imprint::Imprint::default(),
        };
        assert!(check_words("Биринчи абзац.\n- Суроо?\n- Жооп.", &doc).is_ok());
        let err =
            check_words("Биринчи абзац.\n- Суроо?\n- Жооп. Дагы.", &doc).expect_err("lost word");
        match &err {
            ImportError::WordsChanged { lost, added } => {
                assert_eq!(lost, &["Дагы"]);
                assert!(added.is_empty());
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().starts_with("Internal error"));
    }

    #[test]
    fn an_interview_without_imprint_leaves_todo_fields() {
        let text = "Лид.\n- Суроо барбы?\n- Жооп бар.";
        let imported = import(text.as_bytes(), Some(Lang::Ky)).expect("imports");
        assert_eq!(imported.summary.missing_imprint_fields.len(), 7);
        assert!(
            imported
                .toml
                .contains("# TODO: print_run = a number (Нускасы)")
        );
        let file = parse(&imported.toml);
        assert!(file.imprint.customer.is_none());
        assert!(file.candidate.name.is_none());
    }
}
