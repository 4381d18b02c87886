//! Russian word division by the Liang patterns that `hypher` ships.

use super::{is_vowel, keep_allowed};
use hypher::{Lang as PatternLang, MAX_INLINE_SIZE, hyphenate_bounded};

/// Without its `alloc` feature hypher panics on words over `MAX_INLINE_SIZE`
/// bytes, so longer words are matched in overlapping windows. The longest Russian
/// pattern is 14 bytes (7 letters counting a word-edge dot), so a break at least
/// this many letters from both window edges sees exactly the patterns it would
/// see in the whole word.
const MARGIN: usize = 8;

/// Letter indices of the Russian breaks in a word (lowercase letters).
pub(super) fn breaks(chars: &[char]) -> Vec<usize> {
    keep_allowed(chars, with_vowels(chars, pattern_breaks(chars)))
}

/// Every break the patterns allow, without the two-letter minimum.
pub(super) fn pattern_breaks(chars: &[char]) -> Vec<usize> {
    windowed(chars, MAX_INLINE_SIZE)
}

/// Drops breaks that would leave a piece without a vowel: the patterns produce
/// such pieces on Kyrgyz names and suffixes (шта-б-га).
fn with_vowels(chars: &[char], breaks: Vec<usize>) -> Vec<usize> {
    let has_vowel = |from: usize, to: usize| chars[from..to].iter().any(|&c| is_vowel(c));
    let mut kept = Vec::new();
    let mut previous = 0;
    for p in breaks {
        if has_vowel(previous, p) && has_vowel(p, chars.len()) {
            kept.push(p);
            previous = p;
        }
    }
    kept
}

/// Pattern breaks of a word, matched in windows of at most `max_bytes` bytes.
fn windowed(chars: &[char], max_bytes: usize) -> Vec<usize> {
    let n = chars.len();
    let mut found = Vec::new();
    let mut start = 0;
    loop {
        let end = window_end(chars, start, max_bytes);
        // Breaks near an inner window edge would see a false word edge.
        let lo = if start == 0 { 0 } else { start + MARGIN };
        let hi = if end == n {
            n
        } else {
            end.saturating_sub(MARGIN)
        };
        let inner = window_breaks(&chars[start..end])
            .into_iter()
            .map(|q| start + q);
        found.extend(inner.filter(|p| (lo..=hi).contains(p)));
        if end == n || end - start <= 2 * MARGIN {
            break; // done, or windows too narrow to make progress
        }
        start = end - 2 * MARGIN;
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The end of the longest window from `start` that fits in `max_bytes`.
fn window_end(chars: &[char], start: usize, max_bytes: usize) -> usize {
    let mut bytes = 0;
    let mut end = start;
    while let Some(c) = chars.get(end) {
        bytes += c.len_utf8();
        if bytes > max_bytes {
            break;
        }
        end += 1;
    }
    end
}

/// Pattern breaks inside one window, as letter indices into it.
fn window_breaks(window: &[char]) -> Vec<usize> {
    let text: String = window.iter().collect();
    let mut position = 0;
    let mut found: Vec<usize> = hyphenate_bounded(&text, PatternLang::Russian, 1, 1)
        .map(|syllable| {
            position += syllable.chars().count();
            position
        })
        .collect();
    found.pop(); // the end of the last syllable is the end of the window
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Narrow windows must find exactly what one whole-word match finds; pairs of
    /// words glued together give many words of 18-22 letters to compare.
    #[test]
    fn windows_agree_with_whole_word() {
        let words = "высокопроизводительный достопримечательность квалификациялоонун \
                     ооруканалардагы гармониялуу жеткиликтүүлүктө университетинде \
                     репутациясы медициналык интернационализм программабызда \
                     транспорт диагностика объединение подъезд";
        let words: Vec<&str> = words.split_whitespace().collect();
        for first in &words {
            for second in &words {
                let chars: Vec<char> = first.chars().chain(second.chars()).take(22).collect();
                let whole = windowed(&chars, MAX_INLINE_SIZE);
                for max_bytes in [2 * (2 * MARGIN + 1), 2 * (2 * MARGIN + 3)] {
                    assert_eq!(windowed(&chars, max_bytes), whole, "{first}{second}");
                }
            }
        }
    }

    #[test]
    fn long_words_do_not_panic() {
        let word: Vec<char> = "жеткиликтүүлүктөрүбүздүнкүндөрүнөнбаштапэле"
            .chars()
            .collect();
        assert!(word.iter().collect::<String>().len() > MAX_INLINE_SIZE);
        let found = breaks(&word);
        assert!(found.iter().all(|&p| p >= 2 && p + 2 <= word.len()));
    }
}
