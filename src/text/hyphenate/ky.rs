//! Kyrgyz word division after «Кыргыз тилинин жазуу эрежелери»: a word breaks only
//! between syllables, each syllable has exactly one vowel, a long vowel (аа, ээ, оо,
//! өө, уу, үү) is one vowel, and of a consonant cluster between two vowels only the
//! last consonant goes to the next line (ай-лык, так-кан, айт-ты).
//!
//! Russian loanwords are divided as in Russian: the `hypher` patterns choose where a
//! consonant cluster of the Russian stem splits (про-грам-ма, not прог-рам-ма), while
//! the Kyrgyz syllable structure still decides that every syllable boundary gets
//! exactly one break and that long vowels of Kyrgyz suffixes stay whole (…лоо-нун).

use super::{is_vowel, keep_allowed, native_break};

/// Letters that occur in Kyrgyz only in words borrowed from Russian.
const RUSSIAN_ONLY: [char; 5] = ['ц', 'щ', 'ё', 'ь', 'ъ'];

/// Parses the loanword list: one stem per line, '#' starts a comment.
pub(super) fn parse_stems(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split('#').next())
        .map(|stem| stem.trim().to_lowercase())
        .filter(|stem| !stem.is_empty())
        .collect()
}

/// If `lower` is a Russian loanword, the number of leading letters that form its
/// Russian stem (the whole word when only a Russian letter gives it away).
pub(super) fn loan_stem(lower: &str, stems: &[String]) -> Option<usize> {
    if lower.contains(RUSSIAN_ONLY) {
        return Some(lower.chars().count());
    }
    stems
        .iter()
        .filter(|stem| lower.starts_with(stem.as_str()))
        .map(|stem| stem.chars().count())
        .max()
}

/// Letter indices of the Kyrgyz breaks in a native word (lowercase letters).
pub(super) fn breaks(chars: &[char]) -> Vec<usize> {
    let nuclei = nuclei(chars);
    let gaps = nuclei
        .windows(2)
        .map(|pair| native_break(chars, pair[0].1, pair[1].0));
    keep_allowed(chars, gaps)
}

/// Letter indices of the breaks in a loanword whose first `stem` letters are Russian.
pub(super) fn loan_breaks(chars: &[char], stem: usize) -> Vec<usize> {
    let nuclei = nuclei(chars);
    let gaps = nuclei.windows(2).map(|pair| (pair[0].1, pair[1].0));
    super::loan_breaks(chars, stem, gaps)
}

/// The vowel nuclei of a word as half-open letter ranges; a long vowel is one
/// nucleus, any other pair of adjacent vowels is two.
fn nuclei(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_vowel(chars[i]) {
            i += 1;
            continue;
        }
        let long = chars
            .get(i + 1)
            .is_some_and(|&next| is_long(chars[i], next));
        let end = if long { i + 2 } else { i + 1 };
        found.push((i, end));
        i = end;
    }
    found
}

fn is_long(first: char, second: char) -> bool {
    first == second && matches!(first, 'а' | 'э' | 'о' | 'ө' | 'у' | 'ү')
}
