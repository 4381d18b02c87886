//! Hyphenation: where a discretionary hyphen may go inside a word of running text.
//!
//! A token from running text may carry punctuation and explicit hyphens, so it is
//! first cut into letter runs; each run is then looked up in the exceptions and,
//! failing that, divided by the rules of its language (`ky`, `kk` or `ru`). Breaks are
//! computed on lowercase letters and mapped back to byte offsets of the token.

mod kk;
mod ky;
mod ru;
#[cfg(test)]
mod tests;

use crate::lang::Lang;
use rustc_hash::FxHashMap as HashMap;

/// Built-in exceptions, in the same format `add_exceptions` accepts.
const BUILTIN_EXCEPTIONS: &str = include_str!("data/exceptions.txt");
/// Stems of Russian loanwords that Kyrgyz text divides by the Russian patterns.
const KY_LOANWORDS: &str = include_str!("data/ky-loanwords.txt");
/// Shorter words are never broken: a break would leave too little on a line to help.
const MIN_LETTERS: usize = 5;

/// Finds permitted hyphenation points; built once and shared (it is Send + Sync).
#[derive(Clone, Debug)]
pub struct Hyphenator {
    /// Lowercase word -> letter indices of its permitted breaks.
    exceptions: HashMap<String, Vec<usize>>,
    /// Lowercase stems of Kyrgyz loanwords that follow the Russian patterns.
    loanwords: Vec<String>,
}

/// One letter of a run: the lowercase letter and where it starts in the token.
#[derive(Clone, Copy, Debug)]
struct Letter {
    ch: char,
    upper: bool,
    start: usize,
}

impl Hyphenator {
    /// Built-in rules plus the built-in exceptions list.
    pub fn new() -> Self {
        let mut hyphenator = Self {
            exceptions: HashMap::default(),
            loanwords: ky::parse_stems(KY_LOANWORDS),
        };
        // The built-in list is checked by a unit test, so this cannot fail at run time.
        if let Err(message) = hyphenator.add_exceptions(BUILTIN_EXCEPTIONS) {
            debug_assert!(false, "built-in exceptions: {message}");
        }
        hyphenator
    }

    /// Adds exceptions: one word per line, hyphens marking every permitted break
    /// ("ком-пью-тер"); '#' starts a comment; blank lines are ignored. Exceptions win
    /// over the rules (a word listed without hyphens is never broken) and match
    /// case-insensitively. Returns `Err` naming the 1-based line of a malformed
    /// entry (spaces, digits, punctuation, or a hyphen at an edge or doubled); the
    /// entries before it are kept.
    pub fn add_exceptions(&mut self, text: &str) -> Result<(), String> {
        for (index, line) in text.lines().enumerate() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let (word, breaks) = parse_exception(entry)
                .map_err(|why| format!("exceptions line {}: {why}: {entry:?}", index + 1))?;
            self.exceptions.insert(word, breaks);
        }
        Ok(())
    }

    /// Byte offsets into `word` (strictly inside it, ascending) where a
    /// discretionary hyphen may be inserted. `word` is a token as it appears in
    /// running text ("«ооруканалардагы»,", "жарым-жартылай"): each letter run is
    /// divided on its own, so no break is ever next to punctuation or an explicit
    /// hyphen. Tokens with a digit get no breaks, nor do tokens with two capitals
    /// in a row (БШКга) unless a run is listed in the exceptions.
    pub fn breaks(&self, word: &str, lang: Lang) -> Vec<usize> {
        // Dates, numbers and "6-классымда" are never broken.
        // (The Cyrillic block has no numerals: its letters skip the Unicode tables.)
        if word
            .chars()
            .any(|c| c.is_ascii_digit() || (!c.is_ascii() && !is_cyrillic(c) && c.is_numeric()))
        {
            return Vec::new();
        }
        let runs = letter_runs(word);
        let abbreviation = runs.iter().any(|run| has_capital_pair(run));
        let mut offsets = Vec::new();
        for run in &runs {
            let lower: String = run.iter().map(|l| l.ch).collect();
            let positions = match self.exceptions.get(&lower) {
                Some(listed) => listed.clone(),
                None if abbreviation => Vec::new(),
                None => self.rule_breaks(run, &lower, lang),
            };
            offsets.extend(
                positions
                    .iter()
                    .filter_map(|&i| run.get(i).map(|l| l.start)),
            );
        }
        offsets
    }

    /// The word with '-' inserted at every break (for the `barakcha hyphenate`
    /// command and tests).
    pub fn show(&self, word: &str, lang: Lang) -> String {
        let mut shown = String::with_capacity(word.len() + 8);
        let mut last = 0;
        for offset in self.breaks(word, lang) {
            shown.push_str(&word[last..offset]);
            shown.push('-');
            last = offset;
        }
        shown.push_str(&word[last..]);
        shown
    }

    /// Letter indices of the breaks the language rules allow in one letter run.
    fn rule_breaks(&self, run: &[Letter], lower: &str, lang: Lang) -> Vec<usize> {
        let chars: Vec<char> = run.iter().map(|l| l.ch).collect();
        // Latin and other scripts: neither rule set knows them, so leave them whole.
        if chars.len() < MIN_LETTERS || !chars.iter().all(|&c| is_cyrillic(c)) {
            return Vec::new();
        }
        match lang {
            Lang::Ru => ru::breaks(&chars),
            Lang::Ky => match ky::loan_stem(lower, &self.loanwords) {
                Some(stem) => ky::loan_breaks(&chars, stem),
                None => ky::breaks(&chars),
            },
            // Kazakh borrows the same Russian words as Kyrgyz: one list of stems serves both.
            Lang::Kk => match ky::loan_stem(lower, &self.loanwords) {
                Some(stem) => kk::loan_breaks(&chars, stem),
                None => kk::breaks(&chars),
            },
        }
    }
}

impl Default for Hyphenator {
    fn default() -> Self {
        Self::new()
    }
}

/// Parses one exception entry ("ком-пью-тер") into its lowercase word and the
/// letter indices of its breaks.
fn parse_exception(entry: &str) -> Result<(String, Vec<usize>), &'static str> {
    let mut word = String::new();
    let mut breaks = Vec::new();
    let mut letters = 0;
    let mut after_hyphen = true; // a leading hyphen counts as an empty piece
    for c in entry.chars() {
        if c == '-' {
            if after_hyphen {
                return Err("empty piece between hyphens");
            }
            breaks.push(letters);
            after_hyphen = true;
        } else if c.is_alphabetic() {
            word.push(lowercase(c));
            letters += 1;
            after_hyphen = false;
        } else if is_combining(c) && !after_hyphen {
            if let Some(base) = word.pop() {
                word.push(compose(base, c));
            }
        } else {
            return Err("only letters and hyphens are allowed");
        }
    }
    if after_hyphen {
        return Err("ends with a hyphen");
    }
    Ok((word, breaks))
}

/// The maximal runs of letters in a token, with combining accents folded into
/// the letter before them so that a decomposed "й" still counts as one letter.
fn letter_runs(token: &str) -> Vec<Vec<Letter>> {
    let mut runs = Vec::new();
    let mut run: Vec<Letter> = Vec::new();
    for (start, c) in token.char_indices() {
        if let Some((ch, upper)) = cyrillic_letter(c) {
            run.push(Letter { ch, upper, start });
        } else if c.is_alphabetic() {
            let upper = c.is_uppercase();
            run.push(Letter {
                ch: lowercase(c),
                upper,
                start,
            });
        } else if is_combining(c) && !run.is_empty() {
            if let Some(last) = run.last_mut() {
                last.ch = compose(last.ch, c);
            }
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Two capitals in a row mark an abbreviation (БШК, КР, БШКга).
fn has_capital_pair(run: &[Letter]) -> bool {
    run.windows(2).any(|pair| pair[0].upper && pair[1].upper)
}

/// A letter of the Russian and Kyrgyz alphabets as (lowercase, was uppercase), read off
/// its code point: the Unicode tables answer the same, at several times the cost, and
/// every letter of the text is asked.
fn cyrillic_letter(c: char) -> Option<(char, bool)> {
    let lower = |offset: u32| char::from_u32(c as u32 + offset);
    match c {
        'а'..='я' | 'ё' | 'ң' | 'ө' | 'ү' => Some((c, false)),
        'А'..='Я' => Some((lower(32)?, true)),
        'Ё' => Some(('ё', true)),
        'Ң' | 'Ө' | 'Ү' => Some((lower(1)?, true)),
        _ => None,
    }
}

/// One lowercase letter per letter, so letter indices stay aligned with the token.
fn lowercase(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// Composes the two Cyrillic letters that are commonly typed decomposed.
fn compose(base: char, mark: char) -> char {
    match (base, mark) {
        ('и', '\u{306}') => 'й',
        ('е', '\u{308}') => 'ё',
        _ => base,
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4ff}')
}

/// Vowels of Kyrgyz and Russian; every syllable has exactly one.
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ү' | 'ө' | 'ы' | 'э' | 'ю' | 'я'
    )
}

/// Where Kyrgyz and Kazakh divide between a nucleus ending at `lo` and the next starting
/// at `hi`: between two adjacent vowels, otherwise before the last consonant of the
/// cluster; ь and ъ are not consonants of their own and go with the one before.
fn native_break(chars: &[char], lo: usize, hi: usize) -> usize {
    if lo == hi {
        return lo;
    }
    let last = hi - 1;
    if matches!(chars[last], 'ь' | 'ъ') && last > lo {
        last - 1
    } else {
        last
    }
}

/// Breaks of a loanword whose first `stem` letters are Russian (Kyrgyz and Kazakh alike),
/// from its vowel gaps (`lo..=hi`: the letters between two nuclei) and the native break
/// in a gap. In a suffix after the stem the native break stands: the
/// Russian patterns know nothing of it. Inside the stem the pattern break nearest the
/// native one wins (про-грам-ма); only breaks `keep_allowed` accepts may displace it.
fn loan_breaks(
    chars: &[char],
    stem: usize,
    gaps: impl Iterator<Item = (usize, usize)>,
) -> Vec<usize> {
    let patterns = ru::pattern_breaks(chars);
    let breaks = gaps.map(|(lo, hi)| {
        let native = native_break(chars, lo, hi);
        if lo >= stem {
            return native;
        }
        let allowed = keep_allowed(
            chars,
            patterns.iter().copied().filter(|p| (lo..=hi).contains(p)),
        );
        allowed
            .into_iter()
            .min_by_key(|&p| p.abs_diff(native))
            .unwrap_or(native)
    });
    keep_allowed(chars, breaks)
}

/// Keeps only breaks that leave two letters on each side and never separate
/// ь or ъ from the consonant before them.
fn keep_allowed(chars: &[char], breaks: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let n = chars.len();
    let mut kept: Vec<usize> = breaks
        .into_iter()
        .filter(|&p| p >= 2 && p + 2 <= n && !matches!(chars[p], 'ь' | 'ъ'))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}
