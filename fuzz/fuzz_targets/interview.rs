//! Interview parsing and validation: any bytes give an interview or a diagnostic.
#![no_main]
use barakcha::interview::Interview;
use barakcha::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(i) = Interview::parse(Source::new("fuzz/interview.toml", text)) {
        // The typographic rules run on every text of a valid interview.
        for (_, t) in i.texts() {
            let _ = i.typographic(t.get_ref());
        }
    }
});
