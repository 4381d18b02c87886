//! Kazakh word division after «Қазақ тілінің емле ережелері» (the spelling rules): a
//! word breaks only between syllables, each syllable has exactly one vowel, and of a
//! consonant cluster between two vowels only the last consonant goes to the next line
//! (ал-ған, айт-ты, қорқ-тым). Kazakh has no long vowels, but у and и after a vowel are
//! the glides /w/ and /j/, consonants that open the next syllable (жа-уап, да-уыс).
//! A single letter never stays on a line or goes to the next (the shared two-letter rule).
//!
//! Russian loanwords go through the Russian patterns inside their stem, exactly as for
//! Kyrgyz (see `ky.rs`), with the same list of stems.

use super::{keep_allowed, native_break};

/// Vowels of Kazakh Cyrillic (ю and я count as vowels with their glide).
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'ә' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'у' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я'
    )
}

/// Whether letter `i` is a syllable's vowel: у and и right after a vowel are glides.
fn is_nucleus(chars: &[char], i: usize) -> bool {
    let glide = matches!(chars[i], 'у' | 'и') && i > 0 && is_vowel(chars[i - 1]);
    is_vowel(chars[i]) && !glide
}

/// Letter indices of the Kazakh breaks in a native word (lowercase letters).
pub(super) fn breaks(chars: &[char]) -> Vec<usize> {
    let nuclei: Vec<usize> = (0..chars.len()).filter(|&i| is_nucleus(chars, i)).collect();
    let gaps = nuclei
        .windows(2)
        .map(|pair| native_break(chars, pair[0] + 1, pair[1]));
    keep_allowed(chars, gaps)
}

/// Letter indices of the breaks in a loanword whose first `stem` letters are Russian.
pub(super) fn loan_breaks(chars: &[char], stem: usize) -> Vec<usize> {
    let nuclei: Vec<usize> = (0..chars.len()).filter(|&i| is_nucleus(chars, i)).collect();
    let gaps = nuclei.windows(2).map(|pair| (pair[0] + 1, pair[1]));
    super::loan_breaks(chars, stem, gaps)
}
