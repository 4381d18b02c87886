//! `import` of raw bytes in any encoding: an interview text or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = barakcha::import::import(data, None);
});
