//! Words shaped and hyphenated once per engine, not once per leaflet: a batch sets the
//! same words again and again, and shaping plus hyphenation were a third of a render.

use super::font::{FontBook, FontId, ShapedGlyph};
use super::hyphenate::Hyphenator;
use crate::lang::Lang;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, RwLock};

// FxHash, not SipHash: words are hashed thousands of times a render, and SipHash's
// resistance to crafted collisions buys nothing for a local tool's own text.

/// Entries kept per table before it is emptied: bounds memory in a long batch.
const MAX_WORDS: usize = 100_000;

type Table<K, V> = RwLock<HashMap<K, HashMap<Box<str>, Arc<[V]>>>>;

/// Shaped glyphs and hyphenation points of every word seen, shared by all workers.
#[derive(Default)]
pub struct WordCache {
    shaped: Table<(FontId, Lang), ShapedGlyph>,
    breaks: Table<Lang, usize>,
}

impl WordCache {
    /// The word shaped in `font` for `lang`.
    pub fn shaped(
        &self,
        fonts: &FontBook,
        font: FontId,
        lang: Lang,
        word: &str,
    ) -> Arc<[ShapedGlyph]> {
        lookup(&self.shaped, (font, lang), word, || {
            fonts.get(font).shape(word, lang)
        })
    }

    /// Permitted hyphenation points of `word` (byte offsets).
    pub fn breaks(&self, hyphenator: &Hyphenator, lang: Lang, word: &str) -> Arc<[usize]> {
        lookup(&self.breaks, lang, word, || hyphenator.breaks(word, lang))
    }

    /// Forgets everything (after the hyphenation exceptions change).
    pub fn clear(&self) {
        self.shaped
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.breaks
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

fn lookup<K: std::hash::Hash + Eq + Copy, V>(
    table: &Table<K, V>,
    key: K,
    word: &str,
    make: impl FnOnce() -> Vec<V>,
) -> Arc<[V]> {
    // A panic elsewhere cannot leave a half-written entry: values are computed outside the lock.
    if let Some(v) = table
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .and_then(|m| m.get(word))
    {
        return v.clone();
    }
    let value: Arc<[V]> = make().into();
    let mut t = table.write().unwrap_or_else(|e| e.into_inner());
    let words = t.entry(key).or_default();
    if words.len() >= MAX_WORDS {
        words.clear();
    }
    words.insert(word.into(), value.clone());
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_hyphenated_once_and_shared() {
        let cache = WordCache::default();
        let h = Hyphenator::new();
        let a = cache.breaks(&h, Lang::Ky, "ооруканалардагы");
        let b = cache.breaks(&h, Lang::Ky, "ооруканалардагы");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*a, &h.breaks("ооруканалардагы", Lang::Ky)[..]);
        cache.clear();
        assert!(!Arc::ptr_eq(
            &a,
            &cache.breaks(&h, Lang::Ky, "ооруканалардагы")
        ));
    }
}
