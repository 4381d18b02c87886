//! Typographic clean-up of interview paragraphs: quotes, dashes, spaces and the
//! no-break spaces that keep initials, numbers and short words with their partner.
//!
//! Each rule is a small pass over the text; every pass only changes punctuation
//! and spacing, so words are never dropped or reordered, and every pass leaves
//! text it has already fixed alone, so `apply` is idempotent.

use crate::lang::Lang;

/// NO-BREAK SPACE: glues two words so a line never ends between them.
const NBSP: char = '\u{a0}';
/// Letters that make a one-letter Russian word (preposition, conjunction, pronoun).
const RU_ONE_LETTER: [char; 8] = ['в', 'к', 'с', 'о', 'у', 'и', 'а', 'я'];
/// Russian particles that lean on the word before them.
const RU_PARTICLES: [&str; 3] = ["ли", "же", "бы"];
/// Punctuation that ends a sentence: a dash after it starts a new speaker's turn.
const SENTENCE_END: [char; 4] = ['.', '?', '!', '…'];

/// Applies the typographic rules of `lang` to one paragraph of interview text;
/// never drops or reorders words. Line breaks inside the paragraph become spaces. Straight quotes become «…» („…“ inside), dashes
/// between words become em dashes, runs of spaces collapse, sentences glued to
/// the next one get their space back, and no-break spaces bind initials, numbers
/// and short words to their neighbours.
pub fn apply(text: &str, lang: Lang) -> String {
    let text = split_glued_sentences(&collapse_whitespace(text));
    let mut words = Words::parse(&text);
    words.isolate_dashes();
    words.set_dashes();
    words.bind(lang);
    quotes(&words.join())
}

/// Collapses every run of whitespace to one space (one no-break space if the run
/// had one, so a deliberate binding survives) and trims both ends.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            let no_break = matches!(c, NBSP | '\u{202f}' | '\u{2007}');
            pending = Some(if no_break || pending == Some(NBSP) {
                NBSP
            } else {
                ' '
            });
            continue;
        }
        if let Some(space) = pending.take() {
            out.push(space);
        }
        out.push(c);
    }
    out
}

/// Puts back the space after sentence punctuation glued to what follows: a
/// dialogue dash ("өтүүдөмүн.- Депутаттыкка") or a capitalised sentence
/// ("жүрдү.Ушул"). Initials (М.З., М.Омуралиева), numbers (28.06.2021) and
/// abbreviations are left alone.
fn split_glued_sentences(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if SENTENCE_END.contains(&c) && (glued_dash(&chars, i) || glued_sentence(&chars, i)) {
            out.push(' ');
        }
    }
    out
}

/// "калды?- Жок": the punctuation at `i` is followed by a lone dash.
fn glued_dash(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let dash = chars
        .get(i + 1)
        .is_some_and(|&c| matches!(c, '-' | '–' | '—'));
    let after_dash = chars.get(i + 2).is_none_or(|c| c.is_whitespace());
    let prose = before.is_some_and(|c| !c.is_whitespace() && !c.is_numeric());
    dash && after_dash && prose
}

/// "жүрдү.Ушул", "турабыз.\"Эмгек\"": a lowercase word of two letters or more,
/// then the punctuation at `i`, then a capital (possibly behind a quote).
fn glued_sentence(chars: &[char], i: usize) -> bool {
    let word_end = i >= 2 && chars[i - 1].is_lowercase() && chars[i - 2].is_alphabetic();
    let capital = |j: usize| chars.get(j).is_some_and(|c| c.is_uppercase());
    let quote = chars.get(i + 1).is_some_and(|&c| matches!(c, '"' | '«'));
    word_end && (capital(i + 1) || (quote && capital(i + 2)))
}

/// A paragraph as words and the single space or no-break space between them.
struct Words {
    words: Vec<String>,
    /// `gaps[i]` separates `words[i]` and `words[i + 1]`.
    gaps: Vec<char>,
}

impl Words {
    /// Splits collapsed text at its spaces and no-break spaces.
    fn parse(text: &str) -> Self {
        if text.is_empty() {
            return Self {
                words: Vec::new(),
                gaps: Vec::new(),
            };
        }
        let words = text.split([' ', NBSP]).map(str::to_owned).collect();
        let gaps = text.chars().filter(|&c| c == ' ' || c == NBSP).collect();
        Self { words, gaps }
    }

    /// Makes "--" inside a word ("сөз--сөз") and a dash glued to the first word
    /// ("-Чоң", "—Чоң") words of their own, so `set_dashes` sees them.
    fn isolate_dashes(&mut self) {
        let mut words = Vec::with_capacity(self.words.len());
        let mut gaps = Vec::with_capacity(self.gaps.len());
        for (i, word) in std::mem::take(&mut self.words).into_iter().enumerate() {
            // Most words have no dash at all: they move over as they are.
            if word.contains(['-', '–', '—']) {
                let pieces = split_dashes(&word, i == 0);
                gaps.extend(std::iter::repeat_n(' ', pieces.len() - 1));
                words.extend(pieces);
            } else {
                words.push(word);
            }
            gaps.extend(self.gaps.get(i).copied());
        }
        self.words = words;
        self.gaps = gaps;
    }

    /// Turns every dash word into an em dash and sets the spaces around it: a
    /// no-break space before and a space after between words; a space before and a
    /// no-break space after for a dialogue dash (opening the paragraph or following
    /// the end of a sentence), so it starts its line together with the reply.
    fn set_dashes(&mut self) {
        for i in 0..self.words.len() {
            if !is_dash(&self.words[i]) {
                continue;
            }
            self.words[i] = "—".to_owned();
            let dialogue = i == 0 || self.words[i - 1].ends_with(SENTENCE_END);
            let (before, after) = if dialogue { (' ', NBSP) } else { (NBSP, ' ') };
            if i > 0 {
                self.gaps[i - 1] = before;
            }
            if let Some(gap) = self.gaps.get_mut(i) {
                *gap = after;
            }
        }
    }

    /// Replaces the space between two words that must not be split across lines.
    fn bind(&mut self, lang: Lang) {
        for (i, gap) in self.gaps.iter_mut().enumerate() {
            let (left, right) = (&self.words[i], &self.words[i + 1]);
            let then = self.words.get(i + 2).map(String::as_str);
            let free = *gap == ' ' && !is_dash(left) && !is_dash(right);
            if free && binds(left, right, then, lang) {
                *gap = NBSP;
            }
        }
    }

    fn join(&self) -> String {
        let mut out = String::with_capacity(self.words.iter().map(|w| w.len() + 2).sum());
        for (i, word) in self.words.iter().enumerate() {
            out.push_str(word);
            out.extend(self.gaps.get(i));
        }
        out
    }
}

/// Splits a word at runs of two or more hyphens; for the first word of the
/// paragraph also splits off a leading dialogue dash.
fn split_dashes(word: &str, first: bool) -> Vec<String> {
    let mut rest = word;
    let mut pieces = Vec::new();
    if let Some(dash) = leading_dash(word).filter(|_| first) {
        pieces.push(word[..dash].to_owned());
        rest = &word[dash..];
    }
    while let Some(start) = rest.find("--").filter(|_| !is_dash(rest)) {
        let end = rest[start..]
            .find(|c| c != '-')
            .map_or(rest.len(), |n| start + n);
        pieces.extend([&rest[..start], &rest[start..end]].map(str::to_owned));
        rest = &rest[end..];
    }
    pieces.push(rest.to_owned());
    pieces.retain(|piece| !piece.is_empty());
    if pieces.is_empty() {
        pieces.push(String::new());
    }
    pieces
}

/// The byte length of a dash glued to the front of the paragraph's first word:
/// "—Чоң", "--Чоң", or a hyphen before a capital ("-Сиз"; "-5" stays a number).
fn leading_dash(word: &str) -> Option<usize> {
    let mut chars = word.char_indices();
    let (_, first) = chars.next()?;
    let (second_at, second) = chars.next()?;
    match (first, second) {
        ('—' | '–', c) if c.is_alphabetic() || c == '"' || c == '«' => Some(second_at),
        ('-', '-') => chars.next().filter(|(_, c)| *c != '-').map(|(at, _)| at),
        ('-', c) if c.is_uppercase() => Some(second_at),
        _ => None,
    }
}

/// A word that is only a dash: "-", "--", "---", "–" or "—".
fn is_dash(word: &str) -> bool {
    let hyphens = !word.is_empty() && word.len() <= 3 && word.chars().all(|c| c == '-');
    hyphens || word == "–" || word == "—"
}

/// Whether two neighbouring words must stay on one line; `then` is the word
/// after `right`, which tells "Омуралиева М.З. тарабынан" (surname first) from
/// "Кандидат М.З. Омуралиева" (initials first).
fn binds(left: &str, right: &str, then: Option<&str>, lang: Lang) -> bool {
    let initials_first = is_initials(left) && starts_upper(right);
    let surname_first =
        is_initials(right) && is_capitalised(left) && !then.is_some_and(starts_upper);
    let numbered = left == "№" || (is_number(left) && is_unit(right));
    let russian = lang == Lang::Ru && (is_one_letter_word(left) || is_particle(right));
    initials_first || surname_first || numbered || russian
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// "М.", "М.З.": capitals each followed by a full stop.
fn is_initials(word: &str) -> bool {
    // Pairs of capital and full stop, read without collecting: this runs on every word.
    let mut chars = word.chars();
    let mut any = false;
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => return any,
            (Some(c), Some('.')) if c.is_uppercase() => any = true,
            _ => return false,
        }
    }
}

/// "Омуралиева": a capital and lowercase letters only.
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let first = chars.next().is_some_and(char::is_uppercase);
    let mut rest = chars.peekable();
    first && rest.peek().is_some() && rest.all(char::is_lowercase)
}

/// "90", "28.06.2021", "1,5": digits with inner separators, ending in a digit
/// ("1." ends a sentence and binds nothing).
fn is_number(word: &str) -> bool {
    let starts = word.chars().next().is_some_and(|c| c.is_ascii_digit());
    let ends = word.chars().last().is_some_and(|c| c.is_ascii_digit());
    let inner = word
        .chars()
        .all(|c| c.is_ascii_digit() || ".,:/-–".contains(c));
    starts && ends && inner
}

/// A unit or a short word after a number: "%", "ж.", "км", "сом", "а".
fn is_unit(word: &str) -> bool {
    let core = word.trim_end_matches(|c: char| ".,;:!?…)»“".contains(c));
    let letters = core.chars().count();
    core == "%" || ((1..=3).contains(&letters) && core.chars().all(char::is_alphabetic))
}

/// "в", "И", "(с": a Russian one-letter word, maybe after an opening bracket or quote.
fn is_one_letter_word(word: &str) -> bool {
    let core = word.trim_start_matches(|c: char| "(«„\"".contains(c));
    let mut chars = core.chars().flat_map(char::to_lowercase);
    matches!((chars.next(), chars.next()), (Some(c), None) if RU_ONE_LETTER.contains(&c))
}

/// "ли", "же,", "бы?": a particle, maybe with punctuation after it.
fn is_particle(word: &str) -> bool {
    let core = word.trim_end_matches(|c: char| ".,;:!?…)»“".contains(c));
    RU_PARTICLES.contains(&core.to_lowercase().as_str())
}

/// Replaces straight double quotes by «…», nested ones by „…“, pairing them by
/// position; existing « » „ “ are kept and count for the nesting depth.
fn quotes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '«' | '„' => depth += 1,
            '»' | '“' => depth = depth.saturating_sub(1),
            '"' => {
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1).copied();
                let quote = match (depth, opens(prev, next)) {
                    (0, Some(false)) => '»', // a stray closing quote: nothing to pair
                    (0, _) => '«',
                    (_, Some(true)) => '„',
                    (1, _) => '»',
                    _ => '“',
                };
                out.push(quote);
                match quote {
                    '«' | '„' => depth += 1,
                    _ => depth = depth.saturating_sub(1),
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether a straight quote between `prev` and `next` looks like an opening
/// (`Some(true)`: after a space or opening punctuation, before a word), a closing
/// (`Some(false)`: after a word, before a space or punctuation) or either (`None`).
fn opens(prev: Option<char>, next: Option<char>) -> Option<bool> {
    let after_space = prev.is_none_or(|c| c.is_whitespace() || "([{«„-—–/".contains(c));
    let before_word = next.is_some_and(|c| c.is_alphanumeric() || "«„(…".contains(c));
    match (after_space, before_word) {
        (true, true) => Some(true),
        (false, false) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (language, paragraph as written, paragraph as it must be set).
    #[rustfmt::skip]
    const CASES: &[(Lang, &str, &str)] = &[
        // quotes, from the seed
        (Lang::Ky, "\"Эмгек\" саясий партиясында жаш талапкерлер арбын.",
            "«Эмгек» саясий партиясында жаш талапкерлер арбын."),
        (Lang::Ky, "Өзүм \"Кара-Жыгачта\" турам.", "Өзүм «Кара-Жыгачта» турам."),
        (Lang::Ky, "Ал \"Биз \"Эмгек\" партиясын колдойбуз\" деди.",
            "Ал «Биз „Эмгек“ партиясын колдойбуз» деди."),
        (Lang::Ky, "«Биз \"Эмгек\" партиясы»", "«Биз „Эмгек“ партиясы»"),
        (Lang::Ky, "«Эмгек» партиясы \"Ата Журт\" эмес", "«Эмгек» партиясы «Ата Журт» эмес"),
        (Lang::Ky, "Эмгек\" партиясы", "Эмгек» партиясы"),
        (Lang::Ru, "Он сказал: \"Мы \"Эмгек\"!\"", "Он сказал: «Мы „Эмгек“!»"),
        // dialogue dashes: opening the paragraph or after the end of a sentence
        (Lang::Ky, " - Сиз, биздин саясаттагы жаңы жүздөрдүн бирисиз. Өзүңүз жөнүндө айтып \
            берсеңиз. - Чоң энем медайым болгон.",
            "—\u{a0}Сиз, биздин саясаттагы жаңы жүздөрдүн бирисиз. Өзүңүз жөнүндө айтып \
            берсеңиз. —\u{a0}Чоң энем медайым болгон."),
        (Lang::Ky, "Ошону менен бирге эле Улуттук онкология борборунда ординатурадан \
            өтүүдөмүн.- Депутаттыкка талапкер болууга бир топ жаш экенсиз.",
            "Ошону менен бирге эле Улуттук онкология борборунда ординатурадан \
            өтүүдөмүн. —\u{a0}Депутаттыкка талапкер болууга бир топ жаш экенсиз."),
        (Lang::Ky, "Сиз өзүңүз чет жерге кетүүнү ойлондуңуз беле?- Жок.",
            "Сиз өзүңүз чет жерге кетүүнү ойлондуңуз беле? —\u{a0}Жок."),
        (Lang::Ky, "- \"Эмгек\" партиясына кантип келип калдыңыз?- 18 жашымда.",
            "—\u{a0}«Эмгек» партиясына кантип келип калдыңыз? —\u{a0}18 жашымда."),
        (Lang::Ky, "— Жок, — деди ал.", "—\u{a0}Жок,\u{a0}— деди ал."),
        (Lang::Ky, "-Сиз кимсиз?", "—\u{a0}Сиз кимсиз?"),
        (Lang::Ky, "—Сиз кимсиз?", "—\u{a0}Сиз кимсиз?"),
        (Lang::Ky, "-5 градус", "-5 градус"),
        // dashes between words; hyphens inside words stay
        (Lang::Ky, "Бишкек - борбор шаар.", "Бишкек\u{a0}— борбор шаар."),
        (Lang::Ky, "Шаар өсүп жатат -- тургундар көп.", "Шаар өсүп жатат\u{a0}— тургундар көп."),
        (Lang::Ky, "Шаар өсүп жатат--тургундар көп.", "Шаар өсүп жатат\u{a0}— тургундар көп."),
        (Lang::Ky, "Шаар – биздин үй.", "Шаар\u{a0}— биздин үй."),
        (Lang::Ky, "жарым-жартылай болсо да, бири-бирибизди",
            "жарым-жартылай болсо да, бири-бирибизди"),
        (Lang::Ky, "6-классымда эле 11-апрелдеги 1941—1945-жылдары",
            "6-классымда эле 11-апрелдеги 1941—1945-жылдары"),
        (Lang::Ru, "Он пришёл  --  и ушёл", "Он пришёл\u{a0}— и\u{a0}ушёл"),
        // spaces
        (Lang::Ky, "  жарым-жартылай  болсо\tда,   колдоого  ",
            "жарым-жартылай болсо да, колдоого"),
        (Lang::Ky, "бир\u{a0} \u{a0}эки", "бир\u{a0}эки"),
        (Lang::Ky, "", ""),
        (Lang::Ky, " \t ", ""),
        // glued sentences get their space; initials, dates and abbreviations do not
        (Lang::Ky, "көкүрөгүмдөн өчпөй жүрдү.Ушул жылдын февраль айында",
            "көкүрөгүмдөн өчпөй жүрдү. Ушул жылдын февраль айында"),
        (Lang::Ky, "Биз бири-бирибизди толуктап турабыз.\"Эмгек\" саясий партиясынын",
            "Биз бири-бирибизди толуктап турабыз. «Эмгек» саясий партиясынын"),
        (Lang::Ky, "өкүлү М.Омуралиева тарабынан каржыланды.Аткаруучу: \"ПроМедиа Плюс\" КФ, \
            Бишкек шаары, Токтогул көчөсү, 90а.",
            "өкүлү М.Омуралиева тарабынан каржыланды. Аткаруучу: «ПроМедиа Плюс» КФ, \
            Бишкек шаары, Токтогул көчөсү, 90а."),
        (Lang::Ky, "Чыга турган күнү: 28.06.2021-ж. Нускасы: 1.",
            "Чыга турган күнү: 28.06.2021-ж. Нускасы: 1."),
        (Lang::Ky, "т.б. нерселер, г.Бишкек, КФ.Бишкек", "т.б. нерселер, г.Бишкек, КФ.Бишкек"),
        (Lang::Ky, "(бул бизде гана бар).", "(бул бизде гана бар)."),
        // no-break spaces: initials, numbers and units, №
        (Lang::Ky, "М.З. Омуралиева", "М.З.\u{a0}Омуралиева"),
        (Lang::Ky, "ыйгарым укуктуу өкүлү Омуралиева М.З. тарабынан",
            "ыйгарым укуктуу өкүлү Омуралиева\u{a0}М.З. тарабынан"),
        (Lang::Ru, "Кандидат М. З. Омуралиева", "Кандидат М.\u{a0}З.\u{a0}Омуралиева"),
        (Lang::Ky, "Токтогул көчөсү, 90 а", "Токтогул көчөсү, 90\u{a0}а"),
        (Lang::Ky, "Джульетта Базеян 25 жашында", "Джульетта Базеян 25 жашында"),
        (Lang::Ky, "2021 ж. өттү, 50 % добуш, 120 км жол, 300 сом, 5 кг, 3 м.",
            "2021\u{a0}ж. өттү, 50\u{a0}% добуш, 120\u{a0}км жол, 300\u{a0}сом, 5\u{a0}кг, 3\u{a0}м."),
        (Lang::Ky, "№ 5 мектеп", "№\u{a0}5 мектеп"),
        (Lang::Ky, "а мен и сен", "а мен и сен"),
        // Russian: one-letter words and particles
        (Lang::Ru, "В Бишкеке и в Оше", "В\u{a0}Бишкеке и\u{a0}в\u{a0}Оше"),
        (Lang::Ru, "Правда ли это? Он же сказал бы.",
            "Правда\u{a0}ли это? Он\u{a0}же сказал\u{a0}бы."),
        (Lang::Ru, "\"Эмгек\" - партия труда, а не слов.",
            "«Эмгек»\u{a0}— партия труда, а\u{a0}не слов."),
        (Lang::Ru, "Я родилась в 1996 г. в Бишкеке (с детства)",
            "Я\u{a0}родилась в\u{a0}1996\u{a0}г. в\u{a0}Бишкеке (с\u{a0}детства)"),
        (Lang::Ru, "- Почему вы пошли в политику?- Потому что хочу помочь городу.",
            "—\u{a0}Почему вы пошли в\u{a0}политику? —\u{a0}Потому что хочу помочь городу."),
    ];

    #[test]
    fn table() {
        for &(lang, input, expected) in CASES {
            assert_eq!(apply(input, lang), expected, "{input:?}");
        }
    }

    #[test]
    fn idempotent() {
        let seed = SEED.iter().map(|p| (Lang::Ky, *p));
        for (lang, input) in CASES.iter().map(|&(l, i, _)| (l, i)).chain(seed) {
            let once = apply(input, lang);
            assert_eq!(apply(&once, lang), once, "{input:?}");
        }
    }

    /// Letters and digits come out in the same order: nothing dropped or moved.
    #[test]
    fn keeps_every_word() {
        let words = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let seed = SEED.iter().map(|p| (Lang::Ky, *p));
        for (lang, input) in CASES.iter().map(|&(l, i, _)| (l, i)).chain(seed) {
            assert_eq!(words(&apply(input, lang)), words(input), "{input:?}");
            assert!(!apply(input, lang).contains('"'), "{input:?}");
        }
    }

    /// Paragraphs of the seed interview as they were typed.
    const SEED: &[&str] = &[
        " - Сиз, биздин саясаттагы жаңы жүздөрдүн бирисиз. Өзүңүз жөнүндө айтып берсеңиз. \
         - Чоң энем медайым болгон. 6-классымда эле медициналык академияга тапшырарымды \
         билчүмүн. Окуумду бүтүрүп, бир жылдан бери \"Салымбеков университетинде\" анатомия \
         предметинен сабак берем. Айрым жабдууларабыз Кыргызстанда жокко эсе.  \
         Жетекчилигибиз ачык жана ынтызарлуу. ",
        "Партия үчүн болгон таарыныч көпкө чейин көкүрөгүмдөн өчпөй жүрдү.Ушул жылдын \
         февраль айында \"Эмгек\" партиясынын БШКга катышып жатканын билип кубануу менен \
         дароо штабга бардым. - Жазгы кампаниядагы кайсы иш-чара көбүрөөк эсиңизде \
         калды?- Шайлоочулар менен болгон жолугушуу. - 11-апрелдеги шайлоодо \"Эмгек\" \
         партиясы эмненин негизинде жеңишке жетти? - Калк менен болгон масштабдуу \
         үгүттөө иштеринин натыйжасында жеңишке жетти.",
        "Биз бири-бирибизди гармониялуу түрдө толуктап турабыз.\"Эмгек\" саясий \
         партиясынын финансылык маселелер баюнча ыйгарым укуктуу өкүлү М.Омуралиева \
         тарабынан каржыланды.Аткаруучу: \"ПроМедиа Плюс\" КФ, Бишкек шаары, Токтогул \
         көчөсү, 90а. Буйуртмачы: \"Эмгек партиясы\" саясий партиясы. Партиянын финансы \
         маселелери боюнча ыйгарым укуктуу өкүлү Омуралиева М.З. тарабынан \"Эмгек \
         партиясы\" саясий партиясынын атайын шайлоо фондунун каражатынан \
         төлөндү.Чыга турган күнү: 28.06.2021-ж. Нускасы: 1.",
    ];
}
