//! The JPEG and PNG readers: any bytes give an image or a diagnostic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = barakcha::image::decode(Path::new("fuzz.jpg"), data.to_vec());
});
