//! A whole render of a fuzzed interview with the built-in layout: a PDF or a clear
//! error, never a panic or an "internal error".
#![no_main]
use barakcha::interview::Interview;
use barakcha::layout::Layout;
use barakcha::source::Source;
use barakcha::Engine;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(interview) = Interview::parse(Source::new("fuzz/interview.toml", text)) else {
        return;
    };
    let engine = ENGINE.get_or_init(|| Engine::new(Layout::builtin()).expect("built-in layout"));
    match engine.render(&interview) {
        Ok(r) => assert!(r.pdf.starts_with(b"%PDF-")),
        Err(f) => assert!(
            !f.diagnostic.message.contains("internal error"),
            "{}",
            f.diagnostic
        ),
    }
});
