//! Soft proof: CMYK as the press prints it, shown in sRGB. The colour goes through the
//! print profile's output ICC profile (FOGRA39 by default) with moxcms, relative
//! colorimetric, so paper is white and black is the ink's black, not the screen's.

use crate::units::Cmyk;
use moxcms::{ColorProfile, Layout, RenderingIntent, Transform8BitExecutor, TransformOptions};
use std::collections::HashMap;
use std::sync::Mutex;

/// CMYK → sRGB through one output profile; each colour converted once and kept
/// (a leaflet draws a handful of colours, thousands of times).
pub struct SoftProof {
    transform: Option<Box<Transform8BitExecutor>>,
    /// The darkest the press prints (all four inks full), in linear light: black point
    /// compensation maps it to the screen's black, as Ghostscript and Acrobat do.
    black: f64,
    seen: Mutex<HashMap<[u8; 4], [u8; 3]>>,
}

impl SoftProof {
    /// A proof through the CMYK profile `icc`; a profile moxcms cannot use falls back to
    /// the naive conversion (r = (1 − c)(1 − k) …), which is what a viewer without colour
    /// management shows.
    pub fn new(icc: &[u8]) -> SoftProof {
        let options = TransformOptions {
            rendering_intent: RenderingIntent::RelativeColorimetric,
            ..TransformOptions::default()
        };
        let transform = ColorProfile::new_from_slice(icc).ok().and_then(|cmyk| {
            cmyk.create_transform_8bit(
                Layout::Rgba,
                &ColorProfile::new_srgb(),
                Layout::Rgb,
                options,
            )
            .ok()
        });
        let mut proof = SoftProof {
            transform,
            black: 0.0,
            seen: Mutex::default(),
        };
        let darkest = proof.convert([255; 4]);
        proof.black = darkest.iter().map(|&v| linear(v)).fold(1.0, f64::min);
        proof
    }

    /// The sRGB colour that shows `color` as printed.
    pub fn rgb(&self, color: Cmyk) -> [u8; 3] {
        let key = color.0.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        *seen
            .entry(key)
            .or_insert_with(|| self.compensate(self.convert(key)))
    }

    /// Black point compensation in linear light: the press's black becomes the screen's,
    /// paper white stays white.
    fn compensate(&self, rgb: [u8; 3]) -> [u8; 3] {
        let b = self.black.min(0.5);
        rgb.map(|v| encoded(((linear(v) - b) / (1.0 - b)).max(0.0)))
    }

    fn convert(&self, cmyk: [u8; 4]) -> [u8; 3] {
        let mut rgb = [0u8; 3];
        match &self.transform {
            Some(t) if t.transform(&cmyk, &mut rgb).is_ok() => rgb,
            _ => {
                let k = 1.0 - cmyk[3] as f64 / 255.0;
                cmyk[..3]
                    .iter()
                    .map(|&c| ((1.0 - c as f64 / 255.0) * k * 255.0).round() as u8)
                    .enumerate()
                    .fold(rgb, |mut out, (i, v)| {
                        out[i] = v;
                        out
                    })
            }
        }
    }
}

/// An sRGB sample in linear light.
fn linear(v: u8) -> f64 {
    let c = v as f64 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light as an sRGB sample.
fn encoded(l: f64) -> u8 {
    let c = if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c.clamp(0.0, 1.0) * 255.0).round() as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::PrintProfile;

    #[test]
    fn paper_is_white_and_black_ink_is_a_dark_grey() {
        let proof = SoftProof::new(&PrintProfile::builtin_default().icc);
        assert_eq!(proof.rgb(Cmyk([0.0; 4])), [255, 255, 255]);
        let black = proof.rgb(Cmyk::BLACK);
        assert!(black.iter().all(|&v| (20..60).contains(&v)), "{black:?}");
        let red = proof.rgb(Cmyk([0.0, 1.0, 1.0, 0.0]));
        assert!(red[0] > 180 && red[1] < 80 && red[2] < 80, "{red:?}");
    }

    #[test]
    fn an_unusable_profile_falls_back_to_the_naive_conversion() {
        let proof = SoftProof::new(b"not a profile");
        assert_eq!(proof.rgb(Cmyk([1.0, 0.0, 0.0, 0.0])), [0, 255, 255]);
    }
}
