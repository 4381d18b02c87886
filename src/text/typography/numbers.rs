//! The rules for numbers, abbreviations and initials: ranges with an en dash, the minus,
//! № and its number, digit groups and abbreviations held by thin no-break spaces, and
//! initials set one way throughout («М. З. Омуралиева», «Омуралиева М. З.»).
//!
//! What must stay as typed stays: phone numbers ("+7 (383) 123-45-67"), dates
//! ("28.06.2021"), a number with its suffix ("1990-е", "6-классымда", "11-апрелдеги").

use super::{NBSP, Words, is_capitalised, is_initials, starts_upper};

/// NARROW NO-BREAK SPACE: the thin space inside "1 000 000", "т. е." and "М. З.", which
/// makes them one unbreakable word of fixed spacing.
pub(super) const THIN_NBSP: char = '\u{202f}';
/// EN DASH: ranges ("2020–2025"), and the minus ("–5 °C"), since the bundled Noto fonts
/// have no U+2212 MINUS SIGN and the en dash is the traditional stand-in of Russian setting.
const EN_DASH: char = '–';
/// Punctuation that may follow a number or an abbreviation inside its word.
const TRAILING: &str = ".,;:!?…)»“]";

impl Words {
    /// Applies the rules for numbers: ranges, minus, №, digit groups.
    pub(super) fn numbers(&mut self) {
        for word in &mut self.words {
            // Only a word with a digit can hold a range or a minus.
            if !word.contains(|c: char| c.is_ascii_digit()) {
                continue;
            }
            if let Some(set) = range(word).or_else(|| minus(word)) {
                *word = set;
            }
        }
        self.split_numero();
        self.join_while(|left, right| digit_group(left) && next_group(right));
    }

    /// Holds abbreviations ("т. е.", "и т. д.", "ж. б.") and initials together with thin
    /// no-break spaces, initials attached to their surname the same way on either side.
    pub(super) fn abbreviations(&mut self) {
        self.join_while(|left, right| {
            abbreviation_part(last_part(left)) && abbreviation_end(right)
        });
        for word in &mut self.words {
            // Most words have no full stop, or no capital before one: nothing to space.
            if word.contains('.') && word.starts_with(char::is_uppercase) {
                *word = spaced_initials(word);
            }
        }
        self.join_while(|left, right| is_initials(left) && is_initials(right));
        let mut i = 0;
        while i + 1 < self.words.len() {
            let (left, right) = (&self.words[i], &self.words[i + 1]);
            let then = self.words.get(i + 2).map(String::as_str);
            let initials_first = is_initials(left) && starts_upper(right);
            let surname_first =
                is_initials(right) && is_capitalised(left) && !then.is_some_and(starts_upper);
            if self.gaps[i] == ' ' && (initials_first || surname_first) {
                self.merge(i);
            } else {
                i += 1;
            }
        }
    }

    /// Merges every word with the next (by a thin no-break space) while `joins` holds.
    fn join_while(&mut self, joins: impl Fn(&str, &str) -> bool) {
        let mut i = 0;
        while i + 1 < self.words.len() {
            let free = matches!(self.gaps[i], ' ' | NBSP);
            if free && joins(&self.words[i], &self.words[i + 1]) {
                self.merge(i);
            } else {
                i += 1;
            }
        }
    }

    /// Joins word `i` and the next by a thin no-break space.
    fn merge(&mut self, i: usize) {
        let next = self.words.remove(i + 1);
        self.gaps.remove(i);
        self.words[i].push(THIN_NBSP);
        self.words[i].push_str(&next);
    }

    /// "№12" → "№ 12", the number bound to the sign by a no-break space.
    fn split_numero(&mut self) {
        let mut i = 0;
        while i < self.words.len() {
            let word = &self.words[i];
            let number = word
                .strip_prefix('№')
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            if let Some(number) = number.map(str::to_owned) {
                self.words[i] = "№".to_owned();
                self.words.insert(i + 1, number);
                self.gaps.insert(i, NBSP);
            }
            i += 1;
        }
    }
}

/// "2020-2025" → "2020–2025", "7-8", "(10-15)", "1990-2000-жылдары": two numbers of at
/// most four digits, the second larger, joined by a hyphen. A third group of digits
/// ("123-45-67", a phone number) or a suffix alone ("1990-е") is left as it is.
fn range(word: &str) -> Option<String> {
    let start = word.find(|c: char| c.is_ascii_digit())?;
    let (open, rest) = word.split_at(start);
    if !open.chars().all(|c| "(«„[".contains(c)) {
        return None;
    }
    let (a, rest) = rest.split_at(rest.find(|c: char| !c.is_ascii_digit())?);
    let rest = rest.strip_prefix('-')?;
    let (b, tail) = rest.split_at(
        rest.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len()),
    );
    let suffix = tail.strip_prefix('-').is_some_and(|s| {
        s.starts_with(char::is_alphabetic) && !s.contains(|c: char| c.is_ascii_digit())
    });
    let ok = (suffix || tail.chars().all(|c| TRAILING.contains(c)))
        && (1..=4).contains(&a.len())
        && (1..=4).contains(&b.len())
        && a.parse::<u32>().ok()? < b.parse::<u32>().ok()?;
    ok.then(|| format!("{open}{a}{EN_DASH}{b}{tail}"))
}

/// "-5", "-5,5", "-5°C" → the same with the minus (an en dash, see [`EN_DASH`]).
fn minus(word: &str) -> Option<String> {
    let number = word.strip_prefix('-')?;
    let digits = number.trim_end_matches(|c: char| TRAILING.contains(c) || "°CС".contains(c));
    let is_number = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    is_number.then(|| format!("{EN_DASH}{number}"))
}

/// The last part of a word joined by thin no-break spaces.
fn last_part(word: &str) -> &str {
    word.rsplit(THIN_NBSP).next().unwrap_or(word)
}

/// "1", "25", "–1", "1 000": a number whose next group of three digits may follow.
fn digit_group(word: &str) -> bool {
    let mut parts = word.split(THIN_NBSP);
    let first = parts.next().unwrap_or_default();
    let first = first.strip_prefix(EN_DASH).unwrap_or(first);
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    digits(first, 1..=3) && parts.all(|p| digits(p, 3..=3))
}

/// "000", "000.", "000»": the next group of three digits.
fn next_group(word: &str) -> bool {
    let core = word.trim_end_matches(|c: char| TRAILING.contains(c));
    core.len() == 3 && core.chars().all(|c| c.is_ascii_digit())
}

/// "т.", "е.", "ж.": one lowercase letter and a full stop, a part of "т. е.".
fn abbreviation_part(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), None) if c.is_lowercase()
    )
}

/// The next part of an abbreviation, maybe with punctuation after it ("д.,").
fn abbreviation_end(word: &str) -> bool {
    let core = word.trim_end_matches(|c: char| TRAILING.contains(c) && c != '.');
    abbreviation_part(core)
}

/// "М.З." → "М. З.", "М.Омуралиева" → "М. Омуралиева": initials glued to each other or to
/// the surname get a thin no-break space after each full stop.
fn spaced_initials(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let initial = |i: usize| {
        chars[i].is_uppercase()
            && chars.get(i + 1) == Some(&'.')
            && (i == 0 || chars[i - 1] == '.' || chars[i - 1] == THIN_NBSP)
    };
    let mut out = String::with_capacity(word.len() + 6);
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if initial(i) {
            out.push('.');
            let follows = chars.get(i + 2);
            // Another initial, or a capitalised surname, glued after the full stop.
            let capital = follows.is_some_and(|c| c.is_uppercase());
            let surname = chars.get(i + 3).is_some_and(|c| c.is_lowercase());
            let initial_next = chars.get(i + 3) == Some(&'.');
            if capital && (surname || initial_next) {
                out.push(THIN_NBSP);
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}
