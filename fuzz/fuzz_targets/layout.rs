//! Layout parsing and validation; a valid layout must also load its (bundled) fonts.
#![no_main]
use barakcha::layout::Layout;
use barakcha::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(layout) = Layout::parse(Source::new("fuzz/layout.toml", text)) {
        let _ = barakcha::Engine::new(layout);
    }
});
