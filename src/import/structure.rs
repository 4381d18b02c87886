//! Step 4: find the parts of the interview in the unique paragraphs: the
//! lead before the first question, the questions and their answers, the
//! imprint at the end, and guesses for the candidate's name and party.

use super::imprint;
use super::{ImportError, Interview, Qa};
use crate::lang::Lang;

/// A question longer than this (in characters) that does not end with «?»
/// is taken for an answer paragraph that starts with a dash.
const SHORT_QUESTION: usize = 300;

/// A paragraph unit after splitting glued paragraphs and inline dialogue.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// The text without the dialogue dash.
    text: String,
    /// Whether it started with a dialogue dash («- », «— »).
    dash: bool,
}

impl Segment {
    /// The text as in the source, with its dash.
    fn original(&self) -> String {
        if self.dash {
            format!("- {}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Builds the interview from unique paragraphs.
pub(crate) fn structure(paragraphs: &[String], lang: Lang) -> Result<Interview, ImportError> {
    let mut segments: Vec<Segment> = paragraphs.iter().flat_map(|p| split_paragraph(p)).collect();
    let imprint_text = take_imprint(&mut segments);
    let headline = take_headline(&mut segments);
    let (lead, qa) = match dialogue(&segments, false) {
        (lead, qa) if !qa.is_empty() => (lead, qa),
        // No dash dialogue: fall back to plain paragraphs ending with «?».
        _ => dialogue(&segments, true),
    };
    if qa.is_empty() {
        return Err(ImportError::NoQuestions);
    }
    let all: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    Ok(Interview {
        lang,
        headline,
        name: guess_name(&lead, &all),
        party: guess_party(&all),
        lead,
        qa,
        imprint: imprint::parse(&imprint_text),
    })
}

/// Splits one paragraph at glued paragraph joins («жүрдү.Ушул») and at
/// inline dialogue dashes («…берсеңиз. - Чоң энем…»).
fn split_paragraph(paragraph: &str) -> Vec<Segment> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut cuts = vec![0];
    for (k, &(i, _)) in chars.iter().enumerate() {
        if is_glue(&chars, k) || is_inline_dash(&chars, k) {
            cuts.push(i);
        }
    }
    cuts.push(paragraph.len());
    cuts.windows(2)
        .filter_map(|w| paragraph.get(w[0]..w[1]))
        .filter_map(make_segment)
        .collect()
}

fn make_segment(piece: &str) -> Option<Segment> {
    let piece = piece.trim();
    let stripped = piece
        .strip_prefix(['-', '–', '—'])
        .filter(|rest| rest.starts_with(char::is_whitespace) || rest.starts_with(opens_sentence));
    let (text, dash) = match stripped {
        Some(rest) => (rest.trim(), true),
        None => (piece, false),
    };
    text.chars().any(char::is_alphanumeric).then(|| Segment {
        text: text.to_owned(),
        dash,
    })
}

fn opens_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || "\"«“".contains(c)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// A glued join: a sentence end directly followed by a capital (or a quote)
/// after a lower-case word of three or more letters, so that initials
/// («М.Омуралиева») and abbreviations are not cut.
fn is_glue(chars: &[(usize, char)], k: usize) -> bool {
    let Some(prev_end) = k.checked_sub(1).and_then(|j| chars.get(j)).map(|p| p.1) else {
        return false;
    };
    let here = chars.get(k).map(|p| p.1);
    let after = chars.get(k + 1).map(|p| p.1);
    let capital = match here {
        Some(c) if c.is_uppercase() => true,
        Some('"' | '«') => after.is_some_and(char::is_uppercase),
        _ => false,
    };
    if !ends_sentence(prev_end) || !capital {
        return false;
    }
    let word: Vec<char> = chars
        .get(..k - 1)
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|p| p.1)
        .take_while(|c| c.is_alphabetic())
        .collect();
    word.len() >= 3 && word.iter().all(|c| c.is_lowercase())
}

/// An inline dialogue dash: after a sentence end (and optional spaces),
/// before a space or a capital. «Кара-Жыгач», «2021-ж.» and «сөз - сөз» do
/// not qualify.
fn is_inline_dash(chars: &[(usize, char)], k: usize) -> bool {
    if !chars.get(k).is_some_and(|p| is_dash(p.1)) || k == 0 {
        return false;
    }
    let before = chars
        .get(..k)
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|p| p.1)
        .find(|c| !c.is_whitespace());
    let closes = |c: char| ends_sentence(c) || "\"»”)".contains(c);
    if !before.is_some_and(closes) {
        return false;
    }
    let rest = chars.get(k + 1..).unwrap_or_default();
    let next = rest.iter().map(|p| p.1).find(|c| !c.is_whitespace());
    next.is_some_and(opens_sentence)
}

/// Removes the imprint from the end: trailing segments whose sentences
/// carry imprint markers, down to the first marked sentence of a segment
/// that starts as answer text. An answer that merely ends with «…тарабынан
/// каржыланды.» is left alone: the imprint needs two markers.
fn take_imprint(segments: &mut Vec<Segment>) -> Vec<String> {
    let mut kept = segments.len();
    let mut tail = Vec::new();
    let mut body = None;
    while let Some(seg) = kept.checked_sub(1).and_then(|i| segments.get(i)) {
        let Some((before, marked)) = imprint::split_marked(&seg.text) else {
            break;
        };
        tail.push(marked);
        if before.is_empty() {
            kept -= 1;
        } else {
            body = Some(before);
            break;
        }
    }
    let markers: usize = tail.iter().map(|t| imprint::marker_count(t)).sum();
    if markers < 2 {
        return Vec::new();
    }
    segments.truncate(kept);
    if let (Some(body), Some(last)) = (body, segments.last_mut()) {
        last.text = body;
    }
    tail.reverse();
    tail
}

/// A first line that is short and has no closing punctuation is a title.
fn take_headline(segments: &mut Vec<Segment>) -> Option<String> {
    let first = segments.first()?;
    let last = first.text.chars().last()?;
    let title = !first.dash
        && first.text.chars().count() <= 120
        && !ends_sentence(last)
        && !matches!(last, ':' | ',' | ';');
    title.then(|| segments.remove(0).text)
}

/// Walks the segments: lead until the first question, then questions and
/// answers. With `plain`, questions are paragraphs ending with «?» instead
/// of dash turns.
fn dialogue(segments: &[Segment], plain: bool) -> (Vec<String>, Vec<Qa>) {
    let mut lead = Vec::new();
    let mut qa: Vec<Qa> = Vec::new();
    let mut awaiting_answer = false;
    for (i, seg) in segments.iter().enumerate() {
        let next = segments.get(i + 1);
        if awaiting_answer {
            // Whatever follows a question is its answer, dash or not.
            if let Some(current) = qa.last_mut() {
                current.a.push(seg.text.clone());
            }
            awaiting_answer = false;
        } else if is_question(seg, next, plain) {
            qa.push(Qa {
                q: seg.text.clone(),
                a: Vec::new(),
            });
            awaiting_answer = true;
        } else if let Some(current) = qa.last_mut() {
            current.a.push(seg.original());
        } else {
            lead.push(seg.original());
        }
    }
    (lead, qa)
}

/// A dash turn ending with «?», or a short dash turn directly followed by
/// another dash turn (the seed's first question ends with «.»).
fn is_question(seg: &Segment, next: Option<&Segment>, plain: bool) -> bool {
    let asks = seg
        .text
        .trim_end_matches(['"', '»', '”', ')', ' '])
        .ends_with('?');
    let short = seg.text.chars().count() <= SHORT_QUESTION;
    if plain {
        return !seg.dash && asks && short;
    }
    seg.dash && (asks || (short && next.is_some_and(|n| n.dash)))
}

/// Guesses the candidate's name: the pair of capitalised words (plus a
/// patronymic) that recurs most often in the lead, else in the whole text.
fn guess_name(lead: &[String], all: &[&str]) -> Option<String> {
    let lead: Vec<&str> = lead.iter().map(String::as_str).collect();
    best_name(&lead).or_else(|| best_name(all))
}

fn best_name(paragraphs: &[&str]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for paragraph in paragraphs {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        for (i, pair) in words.windows(2).enumerate() {
            let [first, second] = pair else { continue };
            // No punctuation between the two words: «…Базеян. Бизге» is not a name.
            if !is_name_word(first) || trim_word(first) != *first || !is_name_word(second) {
                continue;
            }
            let mut name = format!("{first} {}", trim_word(second));
            if let Some(third) = words.get(i + 2).filter(|w| is_patronymic(w)) {
                name = format!("{name} {}", trim_word(third));
            }
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    // The first name with the highest count: max_by_key keeps the last.
    let best = counts.iter().map(|(_, c)| *c).max()?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(n, _)| n)
}

fn trim_word(word: &str) -> &str {
    word.trim_end_matches(|c: char| !c.is_alphabetic())
}

/// A capitalised Cyrillic word of 3+ letters, possibly followed by
/// punctuation.
fn is_name_word(word: &str) -> bool {
    let letters = trim_word(word);
    let mut chars = letters.chars();
    let first_upper = chars
        .next()
        .is_some_and(|c| c.is_uppercase() && is_cyrillic(c));
    first_upper && letters.chars().count() >= 3 && chars.all(|c| c.is_lowercase() && is_cyrillic(c))
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_patronymic(word: &str) -> bool {
    let w = trim_word(word);
    is_name_word(w)
        && ["ович", "евич", "овна", "евна", "ична", "уулу", "кызы"]
            .iter()
            .any(|s| w.ends_with(s))
}

/// Guesses the party: the quoted name most often next to a word for
/// «party»: after it in Kyrgyz («"Эмгек" партиясы»), before it in Russian
/// («партии «Родина»»).
fn guess_party(all: &[&str]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for paragraph in all {
        for (name, before, after) in quoted(paragraph) {
            let next = after.split_whitespace().next().unwrap_or_default();
            let prev = before.split_whitespace().next_back().unwrap_or_default();
            let party = |w: &str| w.to_lowercase().starts_with("парти");
            if !party(next) && !party(prev) {
                continue;
            }
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, c)| *c).max()?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(n, _)| n)
}

/// Quoted strings («…», "…") with the text before and after each.
fn quoted(text: &str) -> Vec<(String, &str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['"', '«']) {
        let quote = rest
            .get(open..)
            .and_then(|r| r.chars().next())
            .unwrap_or('"');
        let close = if quote == '«' { '»' } else { '"' };
        let body_start = open + quote.len_utf8();
        let Some(len) = rest.get(body_start..).and_then(|r| r.find(close)) else {
            break;
        };
        let body = rest.get(body_start..body_start + len).unwrap_or_default();
        let after = rest
            .get(body_start + len + close.len_utf8()..)
            .unwrap_or_default();
        if !body.is_empty() && body.chars().count() <= 60 {
            out.push((body.to_owned(), rest.get(..open).unwrap_or_default(), after));
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str, dash: bool) -> Segment {
        Segment {
            text: text.to_owned(),
            dash,
        }
    }

    #[test]
    fn splits_inline_dialogue_and_glue() {
        let p = "- Сиз кимсиз? - Мен дарыгермин.- Эмне үчүн? - Себеби жакшы.Ушул жылы келдим.";
        assert_eq!(
            split_paragraph(p),
            [
                seg("Сиз кимсиз?", true),
                seg("Мен дарыгермин.", true),
                seg("Эмне үчүн?", true),
                seg("Себеби жакшы.", true),
                seg("Ушул жылы келдим.", false),
            ]
        );
    }

    #[test]
    fn does_not_split_hyphens_initials_or_dates() {
        let p = "Өзүм \"Кара-Жыгачта\" турам, 11-апрелде М.Омуралиева келди. 28.06.2021-ж. Москва - борбор.";
        assert_eq!(split_paragraph(p), [seg(p, false)]);
    }

    #[test]
    fn short_dash_turn_before_a_dash_turn_is_a_question() {
        let segments = [
            seg("Биринчи лид.", false),
            seg("Өзүңүз жөнүндө айтып берсеңиз.", true),
            seg("Мен дарыгермин.", true),
            seg("Экинчи абзац.", false),
            seg("Эмне үчүн?", true),
            seg("Себеби.", true),
        ];
        let (lead, qa) = dialogue(&segments, false);
        assert_eq!(lead, ["Биринчи лид."]);
        assert_eq!(qa.len(), 2);
        assert_eq!(qa[0].q, "Өзүңүз жөнүндө айтып берсеңиз.");
        assert_eq!(qa[0].a, ["Мен дарыгермин.", "Экинчи абзац."]);
        assert_eq!(qa[1].a, ["Себеби."]);
    }

    #[test]
    fn plain_questions_are_a_fallback() {
        let paragraphs: Vec<String> = ["Лид абзацы.", "Сиз кимсиз?", "Мен дарыгермин."]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let doc = structure(&paragraphs, Lang::Ky).expect("one question");
        assert_eq!(doc.qa.len(), 1);
        assert_eq!(doc.lead, ["Лид абзацы."]);
    }

    #[test]
    fn no_questions_is_an_error() {
        let paragraphs = vec![
            "Бул жөн гана макала.".to_owned(),
            "Экинчи абзац.".to_owned(),
        ];
        assert!(matches!(
            structure(&paragraphs, Lang::Ky),
            Err(ImportError::NoQuestions)
        ));
    }

    #[test]
    fn headline_and_guesses() {
        let paragraphs: Vec<String> = [
            "Жаңы доор",
            "Джульетта Базеян \"Эмгек\" партиясынан. Джульетта Базеян дарыгер.",
            "- Кантип келдиңиз?",
            "- \"Эмгек\" партиясы мага жакты.",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let doc = structure(&paragraphs, Lang::Ky).expect("structure");
        assert_eq!(doc.headline.as_deref(), Some("Жаңы доор"));
        assert_eq!(doc.name.as_deref(), Some("Джульетта Базеян"));
        assert_eq!(doc.party.as_deref(), Some("Эмгек"));
        assert_eq!(doc.qa[0].a, ["\"Эмгек\" партиясы мага жакты."]);
        let ru = [
            "Он член партии «Родина».",
            "Газета «Вечерний Бишкек» писала.",
        ];
        assert_eq!(guess_party(&ru).as_deref(), Some("Родина"));
    }

    #[test]
    fn imprint_is_taken_from_the_end() {
        let mut segments = vec![
            seg(
                "Жооп. \"Эмгек\" өкүлү тарабынан каржыланды.Аткаруучу: \"Х\" КФ, Бишкек.",
                false,
            ),
            seg("Нускасы: 1.", false),
        ];
        let imprint = take_imprint(&mut segments);
        assert_eq!(segments, [seg("Жооп.", false)]);
        assert_eq!(imprint.len(), 2);
    }

    #[test]
    fn one_financing_sentence_in_an_answer_is_not_an_imprint() {
        let mut segments = vec![seg(
            "Биз жеңебиз. Бул долбоор мамлекет тарабынан каржыланды.",
            true,
        )];
        assert!(take_imprint(&mut segments).is_empty());
        assert_eq!(segments.len(), 1);
    }
}
