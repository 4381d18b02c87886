//! Step 2: repair Kyrgyz text typed with legacy 8-bit fonts.
//!
//! Before Unicode, Kyrgyz fonts for Windows-1251 drew ө, ү, ң on the code
//! points of characters Kyrgyz rarely needs: ъ (ө), Ъ (Ө), \ (ү), | (Ү),
//! ё (ң), Ё (Ң). Converted to Unicode, such text reads «Тълъйкън айылдык
//! Кеёеши» for «Төлөйкөн айылдык Кеңеши». Russian text uses ъ and ё too
//! (объект, ёлка), so the repair runs only when whole words show letters in
//! places where neither Russian nor Kyrgyz can have them.

/// Legacy code point and the Kyrgyz letter its font drew there.
const MAP: [(char, char); 7] = [
    ('ъ', 'ө'),
    ('Ъ', 'Ө'),
    ('ё', 'ң'),
    ('Ё', 'Ң'),
    ('\\', 'ү'),
    ('|', 'Ү'),
    // ¢ is what the Ү slot (0xA2) shows when the page was read as Latin-1.
    ('¢', 'Ү'),
];

/// Text after the repair and how many words changed.
#[derive(Debug)]
pub(crate) struct Repaired {
    /// The (possibly) repaired text.
    pub text: String,
    /// Number of words in which at least one letter was replaced.
    pub words: usize,
}

/// Repairs legacy-font Kyrgyz in `text` if word-level evidence says the
/// document uses it; otherwise returns the text unchanged.
pub(crate) fn repair(text: &str) -> Repaired {
    let candidates: Vec<&str> = text
        .split('\n')
        .filter(|p| !has_kyrgyz_letters(p))
        .collect();
    if !is_legacy(&candidates) {
        return Repaired {
            text: text.to_owned(),
            words: 0,
        };
    }
    let mut words = 0;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            // A line that already has real ө/ү/ң was typed in Unicode: a
            // legacy font cannot produce those letters, so leave it alone.
            if has_kyrgyz_letters(line) {
                return line.to_owned();
            }
            let (fixed, changed) = repair_line(line);
            words += changed;
            fixed
        })
        .collect();
    Repaired {
        text: lines.join("\n"),
        words,
    }
}

/// True if `text` contains one of the Unicode Kyrgyz letters ө ү ң.
pub(crate) fn has_kyrgyz_letters(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, 'ө' | 'ү' | 'ң' | 'Ө' | 'Ү' | 'Ң'))
}

/// The document-level decision. One odd character proves nothing (a path
/// with a backslash, the newspaper «Коммерсантъ»), so demand either a word
/// with two impossible positions or several suspect words, and in both
/// cases that suspect words are not a negligible share of the text.
fn is_legacy(lines: &[&str]) -> bool {
    let mut total = 0usize;
    let mut suspect = 0usize;
    let mut strongest = 0usize;
    for line in lines {
        for word in words(line) {
            if word.chars().any(is_cyrillic) {
                total += 1;
            }
            let n = impossible_positions(&word);
            if n > 0 {
                suspect += 1;
                strongest = strongest.max(n);
            }
        }
    }
    suspect > 0 && suspect * 20 >= total && (suspect >= 2 || strongest >= 2)
}

/// Splits a line into words: runs of Cyrillic letters and legacy code points.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in line.chars() {
        if is_cyrillic(c) || is_legacy_char(c) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_legacy_char(c: char) -> bool {
    MAP.iter().any(|(from, _)| *from == c)
}

fn is_vowel(c: char) -> bool {
    "аеёиоуыэюяөүАЕЁИОУЫЭЮЯӨҮ".contains(c)
}

/// Counts the characters of `word` that cannot be where they are in real
/// Russian or Kyrgyz: ъ only follows a consonant and precedes е, ё, ю, я
/// (объект, съезд, подъём); \ | ¢ never stand inside a Cyrillic word.
/// ё is never counted: Russian puts it almost anywhere.
fn impossible_positions(word: &str) -> usize {
    let chars: Vec<char> = word.chars().collect();
    if !chars.iter().any(|c| is_cyrillic(*c) && !is_legacy_char(*c)) {
        return 0;
    }
    let mut count = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let bad = match c {
            '\\' | '|' | '¢' => true,
            'ъ' | 'Ъ' => !hard_sign_allowed(prev, next),
            _ => false,
        };
        count += usize::from(bad);
    }
    count
}

fn hard_sign_allowed(prev: Option<char>, next: Option<char>) -> bool {
    let after_consonant =
        prev.is_some_and(|p| is_cyrillic(p) && !is_vowel(p) && !"ъьЪЬ".contains(p));
    let before_iotated = next.is_some_and(|n| "еёюяЕЁЮЯ".contains(n));
    after_consonant && before_iotated
}

/// Maps legacy code points inside words; returns the line and the number of
/// words changed. \ | ¢ outside Cyrillic words (a table rule, a path) stay.
fn repair_line(line: &str) -> (String, usize) {
    let mut out = String::with_capacity(line.len());
    let mut changed = 0;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, changed: &mut usize| {
        let fixed = repair_word(word);
        if fixed != *word {
            *changed += 1;
        }
        out.push_str(&fixed);
        word.clear();
    };
    for c in line.chars() {
        if is_cyrillic(c) || is_legacy_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut changed);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut changed);
    (out, changed)
}

fn repair_word(word: &str) -> String {
    let has_letters = word.chars().any(|c| is_cyrillic(c) && !is_legacy_char(c));
    if !has_letters {
        return word.to_owned();
    }
    word.chars()
        .map(|c| {
            MAP.iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_the_documented_examples() {
        let r = repair("«Тълъйкън айылдык Кеёеши»");
        assert_eq!(r.text, "«Төлөйкөн айылдык Кеңеши»");
        assert_eq!(r.words, 2);
        let r = repair("Кыргыз Республикасынын Ъкмът\\н\\н токтому");
        assert_eq!(r.text, "Кыргыз Республикасынын Өкмөтүнүн токтому");
        assert_eq!(r.words, 1);
    }

    #[test]
    fn repairs_capitals_and_a_paragraph() {
        let text = "|й-б\\лъ м\\чълър\\ жаёы конушта жашашат. Ёа, Ъзгън шаары.";
        let r = repair(text);
        assert_eq!(
            r.text,
            "Үй-бүлө мүчөлөрү жаңы конушта жашашат. Ңа, Өзгөн шаары."
        );
        assert_eq!(r.words, 6);
    }

    #[test]
    fn ordinary_russian_is_left_alone() {
        let text = "Объект подъезда осмотрели на съезде. Ёлка стоит, её видно всё утро. \
                    Подъём в шесть; объявление висит.";
        let r = repair(text);
        assert_eq!(r.text, text);
        assert_eq!(r.words, 0);
    }

    #[test]
    fn a_single_odd_word_is_not_enough() {
        // One old-orthography brand name in a Russian article.
        let text = "Об этом писал «Коммерсантъ» в понедельник, и газета была права.";
        assert_eq!(repair(text).text, text);
        // A Windows path with backslashes between Cyrillic words.
        let text = "Файл лежит в папке Документы\\Выборы на общем диске.";
        assert_eq!(repair(text).text, text);
    }

    #[test]
    fn unicode_kyrgyz_lines_are_not_touched() {
        let text = "Өкмөтүнүн токтому: объект\nЪкмът\\н\\н токтому";
        let r = repair(text);
        assert_eq!(r.text, "Өкмөтүнүн токтому: объект\nӨкмөтүнүн токтому");
    }

    #[test]
    fn pipes_and_backslashes_outside_words_stay() {
        let text = "Тълъйкън | Ъкмът\\н\\н \\ конуш";
        assert_eq!(repair(text).text, "Төлөйкөн | Өкмөтүнүн \\ конуш");
    }
}
