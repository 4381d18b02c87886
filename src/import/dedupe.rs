//! Step 3: every paragraph exactly once.
//!
//! Scrapers of Kyrgyz news sites emit, for each block of an article, the
//! block glued to everything after it, then the block's own paragraphs. So a
//! line may be a whole paragraph, a plain repeat, or a concatenation of other
//! lines plus text that exists nowhere else (in the seed, questions 1–5).
//! Lines are compared with all whitespace removed, because the glued copies
//! lose or double the spaces at paragraph joins.

use std::collections::{HashMap, HashSet};

/// The shortest paragraph (in non-space characters) that is looked for
/// inside longer lines: shorter ones («Жок.») occur inside real paragraphs
/// by chance.
const MIN_ATOM: usize = 12;

/// Paragraphs in first-appearance order, each once.
#[derive(Debug)]
pub(crate) struct Deduped {
    /// Unique paragraphs, whitespace collapsed.
    pub paragraphs: Vec<String>,
    /// Non-empty input lines.
    pub paragraphs_in: usize,
}

/// One input line: its text with whitespace collapsed, and its key (the
/// characters without whitespace) with each key character's byte offset.
struct Line {
    text: String,
    key: Vec<char>,
    pos: Vec<usize>,
}

impl Line {
    fn new(raw: &str) -> Line {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let (pos, key) = text
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .unzip();
        Line { text, key, pos }
    }

    /// True if key characters `k - 1` and `k` touch in the text (no space).
    fn glued_at(&self, k: usize) -> bool {
        let (Some(&prev), Some(&here)) = (
            k.checked_sub(1).and_then(|j| self.pos.get(j)),
            self.pos.get(k),
        ) else {
            return false;
        };
        let prev_len = self
            .text
            .get(prev..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
        prev + prev_len == here
    }

    /// The text behind key characters `start..end`, trimmed.
    fn slice(&self, start: usize, end: usize) -> String {
        let from = self.pos.get(start).copied().unwrap_or(self.text.len());
        let to = match end.checked_sub(1).and_then(|i| self.pos.get(i)) {
            Some(&p) => p + self.text[p..].chars().next().map_or(0, char::len_utf8),
            None => from,
        };
        self.text
            .get(from..to)
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// A piece of a line: a known paragraph, or text found only here.
enum Piece {
    Atom(Vec<char>),
    Gap(usize, usize),
}

/// Known paragraphs, indexed by first character for fast matching.
#[derive(Default)]
struct Atoms {
    by_first: HashMap<char, Vec<Vec<char>>>,
    text: HashMap<Vec<char>, String>,
}

impl Atoms {
    fn add(&mut self, key: Vec<char>, text: String) {
        if key.len() < MIN_ATOM || self.text.contains_key(&key) {
            self.text.entry(key).or_insert(text);
            return;
        }
        if let Some(&first) = key.first() {
            let list = self.by_first.entry(first).or_default();
            list.push(key.clone());
            // Longest first, so that the greedy scan takes the longest match.
            list.sort_by_key(|k| std::cmp::Reverse(k.len()));
        }
        self.text.insert(key, text);
    }

    /// The longest known paragraph that occurs in `key` at `p` on sentence
    /// boundaries, excluding `key` itself.
    fn longest_at(&self, key: &[char], p: usize) -> Option<&Vec<char>> {
        let first = key.get(p)?;
        let rest = key.get(p..)?;
        self.by_first.get(first)?.iter().find(|atom| {
            atom.len() < key.len() && rest.starts_with(atom) && on_boundaries(key, p, atom.len())
        })
    }
}

/// Removes duplicate paragraphs and recovers text that exists only inside
/// glued lines. Output paragraphs keep first-appearance order.
pub(crate) fn dedupe(text: &str) -> Deduped {
    let lines: Vec<Line> = text
        .split('\n')
        .map(Line::new)
        .filter(|l| !l.key.is_empty())
        .collect();
    // Shorter lines first: a glued line can only be made of shorter ones, so
    // they are all known by the time it is decomposed.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| lines.get(i).map_or(0, |l| l.key.len()));
    let mut atoms = Atoms::default();
    let mut pieces: Vec<Vec<Piece>> = (0..lines.len()).map(|_| Vec::new()).collect();
    for i in order {
        let Some(line) = lines.get(i) else { continue };
        let found = decompose(line, &atoms);
        if is_composite(line, &found) {
            for piece in &found {
                if let Piece::Gap(s, e) = piece {
                    let key = line.key.get(*s..*e).unwrap_or_default().to_vec();
                    atoms.add(key, line.slice(*s, *e));
                }
            }
            if let Some(slot) = pieces.get_mut(i) {
                *slot = found;
            }
        } else {
            atoms.add(line.key.clone(), line.text.clone());
            if let Some(slot) = pieces.get_mut(i) {
                *slot = vec![Piece::Atom(line.key.clone())];
            }
        }
    }
    let paragraphs = collect(&lines, &pieces, &atoms);
    Deduped {
        paragraphs,
        paragraphs_in: lines.len(),
    }
}

/// Walks the lines in source order and emits every piece the first time it
/// is seen. Gaps without a letter or digit (a stray dash) are dropped.
fn collect(lines: &[Line], pieces: &[Vec<Piece>], atoms: &Atoms) -> Vec<String> {
    let mut seen: HashSet<Vec<char>> = HashSet::new();
    let mut out = Vec::new();
    for (line, line_pieces) in lines.iter().zip(pieces) {
        for piece in line_pieces {
            let (key, text) = match piece {
                Piece::Atom(key) => (key.clone(), atoms.text.get(key).cloned()),
                Piece::Gap(s, e) => {
                    let key = line.key.get(*s..*e).unwrap_or_default().to_vec();
                    let text = atoms.text.get(&key).cloned();
                    (key, text.or_else(|| Some(line.slice(*s, *e))))
                }
            };
            let Some(text) = text else { continue };
            if !key.iter().any(|c| c.is_alphanumeric()) {
                continue;
            }
            if seen.insert(key) {
                out.push(text);
            }
        }
    }
    out
}

/// Greedy leftmost-longest cover of a line by known paragraphs.
fn decompose(line: &Line, atoms: &Atoms) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut gap_start = None;
    let mut p = 0;
    while p < line.key.len() {
        match atoms.longest_at(&line.key, p) {
            Some(atom) => {
                if let Some(s) = gap_start.take() {
                    out.push(Piece::Gap(s, p));
                }
                p += atom.len();
                out.push(Piece::Atom(atom.clone()));
            }
            None => {
                gap_start.get_or_insert(p);
                p += 1;
            }
        }
    }
    if let Some(s) = gap_start {
        out.push(Piece::Gap(s, line.key.len()));
    }
    out
}

/// A line is a glued copy if two known paragraphs occur in it, or one that
/// covers at least half of it, or one that opens or closes it with no space
/// at the join («…беш.Алты…», the scraper's signature). One sentence
/// repeated inside a long paragraph (a pull quote) does not make that
/// paragraph a concatenation.
fn is_composite(line: &Line, pieces: &[Piece]) -> bool {
    let mut at = 0;
    let mut atoms = Vec::new();
    for piece in pieces {
        let len = match piece {
            Piece::Atom(k) => {
                atoms.push((at, k.len()));
                k.len()
            }
            Piece::Gap(s, e) => e - s,
        };
        at += len;
    }
    match atoms.as_slice() {
        [] => false,
        [(start, len)] => {
            let end = start + len;
            len * 2 >= line.key.len()
                || (*start == 0 && line.glued_at(end))
                || (end == line.key.len() && line.glued_at(*start))
        }
        _ => true,
    }
}

/// A paragraph found inside a line must start and end where sentences do,
/// or a paragraph that happens to be a sentence's tail would cut it.
fn on_boundaries(key: &[char], p: usize, len: usize) -> bool {
    let first = key.get(p).copied();
    let last = key.get(p + len - 1).copied();
    let before = p.checked_sub(1).and_then(|i| key.get(i)).copied();
    let after = key.get(p + len).copied();
    // A dialogue dash between two sentences («болду? - Борбор») is a
    // boundary too: the dash is left behind as a gap without words.
    let before_dash = p.checked_sub(2).and_then(|i| key.get(i)).copied();
    let left = match before {
        None => true,
        Some(b) if is_dash(b) => before_dash.is_none_or(is_sentence_end),
        Some(b) => is_sentence_end(b),
    } && !first.is_some_and(char::is_lowercase);
    let right = match after {
        None => true,
        Some(a) => last.is_some_and(is_sentence_end) && !a.is_lowercase(),
    };
    left && right
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '"' | '»' | '”' | ')' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<String> {
        dedupe(text).paragraphs
    }

    #[test]
    fn plain_repeats_are_dropped() {
        let text =
            "Биринчи абзац бул жерде.\nЭкинчи абзац бул жерде.\n  Биринчи   абзац бул жерде. \n";
        assert_eq!(
            run(text),
            ["Биринчи абзац бул жерде.", "Экинчи абзац бул жерде."]
        );
        assert_eq!(dedupe(text).paragraphs_in, 3);
    }

    #[test]
    fn glued_lines_are_split_and_unique_text_recovered() {
        let text = "- Суроо биринчи кандай болот? - Жооп биринчи узун сүйлөм.Жооп экинчи абзац да бар.\n\
                    - Жооп биринчи узун сүйлөм.\n\
                    Жооп экинчи абзац да бар.";
        assert_eq!(
            run(text),
            [
                "- Суроо биринчи кандай болот?",
                "- Жооп биринчи узун сүйлөм.",
                "Жооп экинчи абзац да бар."
            ]
        );
    }

    #[test]
    fn nested_glued_tails_recover_each_question_once() {
        let a1 = "- Биринчи жооп мында турат.";
        let a2 = "- Экинчи жооп мында турат.";
        let tail2 = format!("- Экинчи суроо эмне болду? {a2}");
        let tail1 = format!("- Биринчи суроо эмне болду? {a1} {tail2}");
        let text = format!("{tail1}\n{a1}\n{tail2}\n{a2}");
        assert_eq!(
            run(&text),
            [
                "- Биринчи суроо эмне болду?",
                a1,
                "- Экинчи суроо эмне болду?",
                a2
            ]
        );
    }

    #[test]
    fn a_pull_quote_does_not_split_its_paragraph() {
        let quote = "Эң негизгиси каалоо болсо болот.";
        let para = format!(
            "Мен көп нерсе жөнүндө ойлондум жана акыры чечим кабыл алдым. {quote} \
             Ошондуктан бул ишти баштадым, ал эми калганы кийин белгилүү болот."
        );
        let text = format!("{quote}\n{para}");
        assert_eq!(run(&text), [quote.to_owned(), para]);
    }

    #[test]
    fn matches_ignore_whitespace_but_respect_sentence_boundaries() {
        // «абзац бул жерде.» is the tail of a sentence, not a paragraph.
        let text = "абзац бул жерде.\nБиринчи абзац бул жерде. Дагы бир сүйлөм бар.";
        assert_eq!(run(text).len(), 2);
        let text = "Бир эки үч төрт беш.\nБир  эки үч төрт беш.Алты жети сегиз тогуз.";
        assert_eq!(
            run(text),
            ["Бир эки үч төрт беш.", "Алты жети сегиз тогуз."]
        );
        // With a space at the join it may be a quoted sentence: keep it whole.
        let text = "Бир эки үч төрт беш.\nБир эки үч төрт беш. Алты жети сегиз тогуз.";
        assert_eq!(run(text).len(), 2);
        assert_eq!(run(text)[1], "Бир эки үч төрт беш. Алты жети сегиз тогуз.");
    }

    #[test]
    fn dash_only_gaps_are_dropped() {
        let text = "Бир эки үч төрт беш. - Алты жети сегиз тогуз.\nБир эки үч төрт беш.\nАлты жети сегиз тогуз.";
        assert_eq!(
            run(text),
            ["Бир эки үч төрт беш.", "Алты жети сегиз тогуз."]
        );
    }
}
