//! Typographic clean-up of interview paragraphs: quotes, dashes, spaces and the
//! no-break spaces that keep initials, numbers and short words with their partner.
//!
//! Each rule is a small pass over the text; every pass only changes punctuation
//! and spacing, so words are never dropped or reordered, and every pass leaves
//! text it has already fixed alone, so `apply` is idempotent.

use crate::lang::Lang;

mod numbers;

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
    let text = split_glued_sentences(&ellipsis(&collapse_whitespace(text)));
    let mut words = Words::parse(&text);
    words.isolate_dashes();
    words.set_dashes();
    words.numbers();
    words.abbreviations();
    words.bind(lang);
    quotes(&words.join())
}

/// "..." → "…": three full stops typed for an ellipsis (two or four are left alone).
fn ellipsis(text: &str) -> String {
    if !text.contains("...") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("...") {
        let run = rest[at..].chars().take_while(|&c| c == '.').count();
        out.push_str(&rest[..at]);
        out.push_str(if run == 3 { "…" } else { &rest[at..at + run] });
        rest = &rest[at + run..];
    }
    out.push_str(rest);
    out
}

/// Collapses every run of whitespace to one space (one no-break space if the run
/// had one, so a deliberate binding survives) and trims both ends. A thin no-break
/// space alone stays itself: it holds "1 000" or "т. е." together at its own width.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.trim().chars() {
        if c == numbers::THIN_NBSP && pending.is_none() {
            out.push(c);
            continue;
        }
        if c.is_whitespace() {
            let no_break = matches!(c, NBSP | numbers::THIN_NBSP | '\u{2007}');
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
            let free = *gap == ' ' && !is_dash(left) && !is_dash(right);
            if free && binds(left, right, lang) {
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

/// Whether two neighbouring words must stay on one line (initials and abbreviations
/// are already one word, see [`Words::abbreviations`]): № and its number, a number and
/// the word or unit it counts ("25 жашында", "2009 году", "5 °C"), and in Russian a
/// one-letter word and what follows it, a particle and what precedes it.
fn binds(left: &str, right: &str, lang: Lang) -> bool {
    let word = || right.starts_with(|c: char| c.is_alphabetic() || c == '°');
    let number = || is_number(left) && (is_unit(right) || (is_count(left) && word()));
    let numbered = left == "№" || number() || is_phone(left, right);
    let russian = lang == Lang::Ru && (is_one_letter_word(left) || is_particle(right));
    numbered || russian
}

/// Of numbers, "25", "1 000", "2,5", "7–8", "–5": one that counts something (a date, a
/// time or a phone number does not, and binds only a unit).
fn is_count(number: &str) -> bool {
    number
        .chars()
        .all(|c| c.is_ascii_digit() || ",–\u{202f}".contains(c))
}

/// "+7 (383) 123-45-67": the parts of a phone number stay on one line.
fn is_phone(left: &str, right: &str) -> bool {
    let code = |w: &str| {
        w.strip_prefix('+')
            .or_else(|| w.strip_prefix('(').and_then(|w| w.strip_suffix(')')))
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    };
    code(left) && right.starts_with(|c: char| c.is_ascii_digit() || c == '(')
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// "М.", "М.З.": capitals each followed by a full stop.
fn is_initials(word: &str) -> bool {
    // Pairs of capital and full stop, read without collecting: this runs on every word.
    // Thin no-break spaces between them ("М. З.") are part of the initials.
    let mut chars = word.chars().filter(|&c| c != numbers::THIN_NBSP);
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

/// "90", "28.06.2021", "1,5", "–5", "1 000": digits with inner separators, maybe a
/// minus before them, ending in a digit ("1." ends a sentence and binds nothing).
fn is_number(word: &str) -> bool {
    let word = word.strip_prefix('–').unwrap_or(word);
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let starts = word.chars().next().is_some_and(|c| c.is_ascii_digit());
    let ends = word.chars().last().is_some_and(|c| c.is_ascii_digit());
    let inner = word
        .chars()
        .all(|c| c.is_ascii_digit() || ".,:/-–\u{202f}".contains(c));
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
/// position; existing « » „ “ are kept and count for the nesting depth. Straight single
/// quotes take the nested form „…“ (what Russian and Kyrgyz setting has for a quote in a
/// quote), and one between two letters is an apostrophe (’).
fn quotes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut depth = 0usize;
    let mut single = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '«' | '„' => depth += 1,
            '»' | '“' => depth = depth.saturating_sub(1),
            '\'' => {
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1).copied();
                let quote = match opens(prev, next) {
                    _ if prev.is_some_and(char::is_alphabetic)
                        && next.is_some_and(char::is_alphabetic) =>
                    {
                        '’'
                    }
                    Some(true) => '„',
                    None if !single => '„',
                    _ => '“',
                };
                match quote {
                    '„' => (depth, single) = (depth + 1, true),
                    '“' => (depth, single) = (depth.saturating_sub(1), false),
                    _ => {}
                }
                out.push(quote);
                continue;
            }
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
mod tests;
