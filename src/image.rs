//! Portrait images: JPEG kept byte for byte (read only as far as its headers),
//! PNG decoded to pixels (flattened on white: print has no transparency).

use crate::diag::{Diagnostic, Result};
use std::path::Path;

/// A loaded image, ready for the PDF.
#[derive(Clone, Debug)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Resolution the file declares (pixels per inch), if any.
    pub declared_ppi: Option<f64>,
    /// The image data.
    pub data: ImageData,
}

/// How the image is stored.
#[derive(Clone, Debug)]
pub enum ImageData {
    /// A JPEG file, embedded as is (DCTDecode).
    Jpeg {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK.
        components: u8,
        /// An Adobe APP14 marker is present (Photoshop CMYK JPEGs store inverted values).
        adobe: bool,
    },
    /// Decoded 8-bit pixels, row by row.
    Pixels {
        /// Samples, `components` per pixel.
        samples: Vec<u8>,
        /// 1 grey or 3 RGB.
        components: u8,
    },
}

impl Image {
    /// Colour components per pixel.
    pub fn components(&self) -> u8 {
        match &self.data {
            ImageData::Jpeg { components, .. } | ImageData::Pixels { components, .. } => {
                *components
            }
        }
    }
}

/// Loads a JPEG or PNG portrait; `what` names it in messages.
pub fn load(path: &Path) -> Result<Image> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::in_file(path, format!("cannot read the portrait: {e}"))
            .hint("check [portrait] file = \"…\" in the interview: the path is relative to the interview file")
    })?;
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg(path, bytes);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return png(path, &bytes);
    }
    Err(corrupt(path, "it is neither a JPEG nor a PNG file"))
}

fn corrupt(path: &Path, why: &str) -> Box<Diagnostic> {
    Diagnostic::in_file(path, format!("the portrait cannot be used: {why}"))
        .hint("export the picture again as a JPEG (or PNG) at 300 ppi or more")
}

/// Reads JPEG markers up to the frame header; checks the file is not truncated.
fn jpeg(path: &Path, bytes: Vec<u8>) -> Result<Image> {
    if !bytes.ends_with(&[0xFF, 0xD9])
        && !bytes[bytes.len().saturating_sub(64)..]
            .windows(2)
            .any(|w| w == [0xFF, 0xD9])
    {
        return Err(corrupt(
            path,
            "the JPEG is truncated (no end-of-image marker)",
        ));
    }
    let mut i = 2;
    let mut ppi = None;
    let mut adobe = false;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err(corrupt(path, "the JPEG's structure is damaged"));
        }
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let seg = bytes
            .get(i + 4..i + 2 + len)
            .ok_or_else(|| corrupt(path, "the JPEG is truncated"))?;
        match marker {
            0xE0 if seg.starts_with(b"JFIF\0") && seg.len() >= 12 => ppi = jfif_ppi(seg),
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if seg.len() < 6 {
                    return Err(corrupt(path, "the JPEG frame header is damaged"));
                }
                let height = u16::from_be_bytes([seg[1], seg[2]]) as u32;
                let width = u16::from_be_bytes([seg[3], seg[4]]) as u32;
                let components = seg[5];
                if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
                    return Err(corrupt(path, "the JPEG has no usable size or colour model"));
                }
                return Ok(Image {
                    width,
                    height,
                    declared_ppi: ppi,
                    data: ImageData::Jpeg {
                        bytes,
                        components,
                        adobe,
                    },
                });
            }
            _ => {}
        }
        i += 2 + len;
    }
    Err(corrupt(path, "the JPEG has no frame header"))
}

fn jfif_ppi(seg: &[u8]) -> Option<f64> {
    let x = u16::from_be_bytes([seg[8], seg[9]]) as f64;
    match seg[7] {
        1 if x > 0.0 => Some(x),
        2 if x > 0.0 => Some(x * 2.54),
        _ => None,
    }
}

fn png(path: &Path, bytes: &[u8]) -> Result<Image> {
    let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| corrupt(path, &format!("the PNG cannot be decoded ({e})")))?;
    let (width, height) = (decoded.width(), decoded.height());
    let (samples, components) = if decoded.color().has_color() {
        (flatten(decoded.to_rgba8().into_raw(), 3), 3)
    } else {
        (flatten(decoded.to_luma_alpha8().into_raw(), 1), 1)
    };
    Ok(Image {
        width,
        height,
        declared_ppi: None,
        data: ImageData::Pixels {
            samples,
            components,
        },
    })
}

/// Composites samples with a trailing alpha channel onto white.
fn flatten(raw: Vec<u8>, colour: usize) -> Vec<u8> {
    raw.chunks_exact(colour + 1)
        .flat_map(|px| {
            let a = px[colour] as u32;
            px[..colour]
                .iter()
                .map(move |&c| ((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_is_flattened_on_white() {
        assert_eq!(
            flatten(vec![0, 0, 0, 0, 10, 20, 30, 255], 3),
            vec![255, 255, 255, 10, 20, 30]
        );
    }

    #[test]
    fn garbage_is_refused_with_a_hint() {
        let dir = std::env::temp_dir().join(format!("barakcha-img-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("p.jpg");
        std::fs::write(&p, b"\xFF\xD8\xFF\xE0garbage").unwrap();
        let err = load(&p).unwrap_err().to_string();
        assert!(err.contains("cannot be used"), "{err}");
        std::fs::write(&p, b"hello").unwrap();
        assert!(
            load(&p)
                .unwrap_err()
                .to_string()
                .contains("neither a JPEG nor a PNG")
        );
        let err = load(&dir.join("missing.jpg")).unwrap_err().to_string();
        assert!(err.contains("cannot read the portrait"), "{err}");
    }
}
