//! QR codes for the campaign's website, drawn as vector rectangles (never a bitmap, so
//! they stay sharp at any size and print in pure black). Encoding is `qrcodegen`'s.

use crate::frame::Rect;
use qrcodegen::{QrCode, QrCodeEcc};

/// Modules of white kept around the code, as ISO/IEC 18004 asks (4).
pub const QUIET_ZONE: usize = 4;

/// The code's modules for `text`, row by row (`size` × `size`, true for dark), at
/// error correction level M (15 %): a printed code survives a fold or a scratch.
pub fn encode(text: &str) -> Result<(usize, Vec<bool>), String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium)
        .map_err(|_| format!("the text is too long for a QR code ({} bytes)", text.len()))?;
    let size = code.size() as usize;
    let dark = (0..size)
        .flat_map(|y| (0..size).map(move |x| (x, y)))
        .map(|(x, y)| code.get_module(x as i32, y as i32))
        .collect();
    Ok((size, dark))
}

/// The dark modules as rectangles in the largest square that fits `frame` (centred),
/// quiet zone included; a row's adjacent dark modules are one rectangle.
pub fn rects(size: usize, dark: &[bool], frame: Rect) -> Vec<Rect> {
    let side = frame.width.min(frame.height);
    let module = side / (size + 2 * QUIET_ZONE) as f64;
    let left = frame.x + (frame.width - side) / 2.0 + QUIET_ZONE as f64 * module;
    let top = frame.y + (frame.height + side) / 2.0 - QUIET_ZONE as f64 * module;
    let mut out = Vec::new();
    for (row, modules) in dark.chunks(size.max(1)).enumerate() {
        let mut x = 0;
        while x < modules.len() {
            if !modules[x] {
                x += 1;
                continue;
            }
            let run = modules[x..].iter().take_while(|d| **d).count();
            out.push(Rect {
                x: left + x as f64 * module,
                y: top - (row + 1) as f64 * module,
                width: run as f64 * module,
                height: module,
            });
            x += run;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_encodes_and_its_runs_cover_every_dark_module() {
        let (size, dark) = encode("https://example.kg/bazeyan").unwrap();
        assert!(size >= 21 && dark.len() == size * size);
        let frame = Rect {
            x: 10.0,
            y: 20.0,
            width: 100.0,
            height: 120.0,
        };
        let rects = rects(size, &dark, frame);
        let module = 100.0 / (size + 8) as f64;
        let covered: f64 = rects.iter().map(|r| r.width / module).sum();
        let count = dark.iter().filter(|d| **d).count() as f64;
        assert!((covered - count).abs() < 1e-6, "{covered} {count}");
        // Centred vertically in the frame, the quiet zone left free.
        let lowest = rects.iter().map(|r| r.y).fold(f64::MAX, f64::min);
        assert!((lowest - (20.0 + 10.0 + 4.0 * module)).abs() < 1e-6);
    }

    #[test]
    fn text_too_long_for_any_version_is_an_error() {
        assert!(encode(&"x".repeat(5000)).is_err());
    }
}
