//! Hyphenation of any word in both languages, and exception files of any text.
#![no_main]
use barakcha::lang::Lang;
use barakcha::text::hyphenate::Hyphenator;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut h = Hyphenator::new();
    let _ = h.add_exceptions(text);
    for word in text.split_whitespace().take(64) {
        for lang in [Lang::Ky, Lang::Ru] {
            let breaks = h.breaks(word, lang);
            assert!(breaks.iter().all(|&b| word.is_char_boundary(b)));
            let _ = h.show(word, lang);
        }
    }
});
