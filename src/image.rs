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
        /// The colour transform byte of a complete Adobe APP14 marker, if there is one:
        /// 0 none (RGB or CMYK), 1 YCbCr, 2 YCCK. Adobe's CMYK JPEGs store inverted values.
        adobe: Option<u8>,
        /// The embedded ICC profile (APP2 `ICC_PROFILE` chunks joined), if any.
        icc: Option<Vec<u8>>,
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

/// Loads a JPEG or PNG portrait from a file.
pub fn load(path: &Path) -> Result<Image> {
    let bytes = crate::source::read_bytes(path, crate::source::limits::IMAGE).map_err(|e| {
        Diagnostic::in_file(path, format!("cannot read the portrait: {e}"))
            .hint("check [portrait] file = \"…\" in the interview: the path is relative to the interview file")
    })?;
    decode(path, bytes)
}

/// Reads a portrait's bytes already read from `path` (named in messages).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Image> {
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
    let mut adobe = None;
    let mut icc = IccChunks::default();
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
            // libjpeg's rule: an APP14 counts only when it holds all 12 bytes (ID to transform).
            0xEE if seg.len() >= 12 && seg.starts_with(b"Adobe") => adobe = Some(seg[11]),
            0xE2 if seg.starts_with(b"ICC_PROFILE\0") => icc.add(&seg[12..]),
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
                if components == 4 && adobe == Some(1) {
                    return Err(corrupt(path, "the JPEG claims YCbCr with four components"));
                }
                return Ok(Image {
                    width,
                    height,
                    declared_ppi: ppi,
                    data: ImageData::Jpeg {
                        bytes,
                        components,
                        adobe,
                        icc: icc.join(),
                    },
                });
            }
            _ => {}
        }
        i += 2 + len;
    }
    Err(corrupt(path, "the JPEG has no frame header"))
}

/// APP2 `ICC_PROFILE` chunks (ICC.1:2010 annex B.4): sequence number, count, data.
#[derive(Default)]
struct IccChunks(Vec<(u8, u8, Vec<u8>)>);

impl IccChunks {
    fn add(&mut self, chunk: &[u8]) {
        if let [seq, count, data @ ..] = chunk {
            self.0.push((*seq, *count, data.to_vec()));
        }
    }

    /// The profile, when every chunk 1..=count is there exactly once; else none.
    fn join(mut self) -> Option<Vec<u8>> {
        self.0.sort_by_key(|c| c.0);
        let count = self.0.first()?.1 as usize;
        let complete = self.0.len() == count
            && self
                .0
                .iter()
                .enumerate()
                .all(|(i, c)| c.0 as usize == i + 1 && c.1 as usize == count);
        complete.then(|| self.0.into_iter().flat_map(|c| c.2).collect())
    }
}

/// Whether a JPEG's CMYK samples are stored inverted, so the PDF needs
/// `/Decode [1 0 1 0 1 0 1 0]` (ISO 32000-1 §8.9.5.2). Adobe's applications write
/// CMYK (transform 0) and YCCK (transform 2) JPEGs with inverted ink values and
/// mark them with APP14; a CMYK JPEG without the marker stores ink as is.
pub fn cmyk_inverted(components: u8, adobe: Option<u8>) -> bool {
    components == 4 && matches!(adobe, Some(0 | 2))
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

    /// A JPEG from the encoder with extra segments spliced in after SOI.
    fn jpeg_with(segments: &[u8], colour: jpeg_encoder::ColorType, px: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(px, 2, 1, colour)
            .unwrap();
        [&out[..2], segments, &out[2..]].concat()
    }

    fn load_bytes(name: &str, bytes: &[u8]) -> Image {
        let dir = std::env::temp_dir().join(format!("barakcha-jpeg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        load(&p).unwrap()
    }

    #[test]
    fn app14_transform_byte_decides_the_cmyk_decode() {
        // (components, APP14 transform) → inverted samples?
        let table = [
            (4, Some(0), true),  // Adobe CMYK
            (4, Some(2), true),  // Adobe YCCK
            (4, None, false),    // plain CMYK JPEG
            (3, Some(1), false), // YCbCr: no /Decode for RGB
            (1, Some(0), false),
        ];
        for (components, adobe, want) in table {
            assert_eq!(
                cmyk_inverted(components, adobe),
                want,
                "{components} {adobe:?}"
            );
        }
        // jpeg-encoder writes Adobe's convention: APP14 with transform 0.
        let cmyk = jpeg_with(
            &[],
            jpeg_encoder::ColorType::Cmyk,
            &[0, 0, 0, 255, 255, 0, 0, 0],
        );
        match load_bytes("cmyk.jpg", &cmyk).data {
            ImageData::Jpeg {
                components, adobe, ..
            } => {
                assert_eq!((components, adobe), (4, Some(0)));
                assert!(cmyk_inverted(components, adobe));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_truncated_app14_is_not_an_adobe_marker() {
        // "Adobe" with no version, flags or transform: libjpeg ignores it, so do we.
        let short = [0xFF, 0xEE, 0x00, 0x07, b'A', b'd', b'o', b'b', b'e'];
        let rgb = jpeg_with(&short, jpeg_encoder::ColorType::Rgb, &[0; 6]);
        match load_bytes("short.jpg", &rgb).data {
            ImageData::Jpeg { adobe, .. } => assert_eq!(adobe, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn icc_chunks_are_joined_in_sequence_and_incomplete_sets_dropped() {
        let chunk = |seq: u8, count: u8, data: &[u8]| {
            let len = (2 + 12 + 2 + data.len()) as u16;
            let mut s = vec![0xFF, 0xE2];
            s.extend(len.to_be_bytes());
            s.extend(b"ICC_PROFILE\0");
            s.extend([seq, count]);
            s.extend(data);
            s
        };
        let two = [chunk(2, 2, b"world"), chunk(1, 2, b"hello ")].concat();
        let img = load_bytes(
            "icc.jpg",
            &jpeg_with(&two, jpeg_encoder::ColorType::Rgb, &[0; 6]),
        );
        match img.data {
            ImageData::Jpeg { icc, .. } => assert_eq!(icc.as_deref(), Some(&b"hello world"[..])),
            other => panic!("{other:?}"),
        }
        let missing = chunk(1, 2, b"hello ");
        let img = load_bytes(
            "icc2.jpg",
            &jpeg_with(&missing, jpeg_encoder::ColorType::Rgb, &[0; 6]),
        );
        match img.data {
            ImageData::Jpeg { icc, .. } => assert_eq!(icc, None),
            other => panic!("{other:?}"),
        }
    }
}
