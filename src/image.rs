//! Portrait images: JPEG kept byte for byte (read only as far as its headers),
//! PNG decoded to pixels (flattened on white: print has no transparency).

use crate::diag::{Diagnostic, Result};
use crate::source::limits;
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
    /// EXIF orientation, 1–8 (1: as stored; 6: turn 90° clockwise to view …). The pixels
    /// are never re-encoded for it: the PDF places the image turned.
    pub orientation: u8,
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
    /// Width and height as the picture is viewed, after its EXIF orientation.
    pub fn displayed(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

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

/// Refuses an image whose pixel count is past [`limits::PIXELS`], before decoding it.
fn check_pixels(path: &Path, width: u32, height: u32) -> Result<()> {
    let pixels = width as u64 * height as u64;
    if pixels == 0 || pixels > limits::PIXELS {
        return Err(corrupt(
            path,
            &format!(
                "it is {width} × {height} pixels, and barakcha accepts from 1 to {} million pixels",
                limits::PIXELS / 1_000_000
            ),
        ));
    }
    Ok(())
}

/// What the JPEG's segments say, gathered while walking them.
#[derive(Default)]
struct JpegHeaders {
    ppi: Option<f64>,
    adobe: Option<u8>,
    icc: IccChunks,
    orientation: Option<u8>,
    /// Width, height, components, and whether the frame is baseline/sequential.
    frame: Option<(u32, u32, u8, bool)>,
    /// Bytes of entropy-coded data in all scans.
    scan_bytes: usize,
}

/// Walks every JPEG marker from SOI to EOI (ITU T.81 annex B), so a truncated or damaged
/// file is refused here, not flagged by the shop's RIP; the scan data is not decoded
/// (the image goes into the PDF byte for byte), but its size must fit the header's
/// dimensions.
fn jpeg(path: &Path, bytes: Vec<u8>) -> Result<Image> {
    let h = walk_jpeg(&bytes).map_err(|why| corrupt(path, why))?;
    let Some((width, height, components, sequential)) = h.frame else {
        return Err(corrupt(path, "the JPEG has no frame header"));
    };
    if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
        return Err(corrupt(path, "the JPEG has no usable size or colour model"));
    }
    if components == 4 && h.adobe == Some(1) {
        return Err(corrupt(path, "the JPEG claims YCbCr with four components"));
    }
    check_pixels(path, width, height)?;
    // A sequential Huffman scan spends at least one bit on each 8 × 8 block (its DC
    // difference and its end of block take a code each), so fewer bytes than blocks / 8
    // means the header claims a size the data does not hold.
    let blocks = (width as usize).div_ceil(8) * (height as usize).div_ceil(8);
    if sequential && h.scan_bytes < blocks / 8 {
        return Err(corrupt(
            path,
            &format!(
                "its header says {width} × {height} pixels, but it holds too little image data for that"
            ),
        ));
    }
    Ok(Image {
        width,
        height,
        declared_ppi: h.ppi,
        orientation: h.orientation.unwrap_or(1),
        data: ImageData::Jpeg {
            bytes,
            components,
            adobe: h.adobe,
            icc: h.icc.join(),
        },
    })
}

/// The segments of a JPEG; the error says what is wrong.
fn walk_jpeg(bytes: &[u8]) -> std::result::Result<JpegHeaders, &'static str> {
    let mut h = JpegHeaders::default();
    let mut i = 2;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err(if i >= bytes.len() {
                "the JPEG is truncated (no end-of-image marker)"
            } else {
                "the JPEG's structure is damaged"
            });
        };
        match marker {
            0xD9 => return Ok(h),
            0xD0..=0xD7 | 0x01 => {
                i += 2;
                continue;
            }
            0xD8 | 0x00 => return Err("the JPEG's structure is damaged"),
            _ => {}
        }
        let len = bytes
            .get(i + 2..i + 4)
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
            .ok_or("the JPEG is truncated")?;
        let seg = bytes
            .get(i + 4..(i + 2 + len).max(i + 4))
            .filter(|_| len >= 2)
            .ok_or("the JPEG is truncated")?;
        segment(&mut h, marker, seg)?;
        i += 2 + len;
        if marker == 0xDA {
            let data = scan_length(&bytes[i..]);
            h.scan_bytes += data;
            i += data;
        }
    }
}

/// Reads one marker segment into `h`.
fn segment(h: &mut JpegHeaders, marker: u8, seg: &[u8]) -> std::result::Result<(), &'static str> {
    match marker {
        0xE0 if seg.starts_with(b"JFIF\0") && seg.len() >= 12 => h.ppi = jfif_ppi(seg),
        0xE1 if seg.starts_with(b"Exif\0\0") && h.orientation.is_none() => {
            h.orientation = exif_orientation(&seg[6..]);
        }
        // libjpeg's rule: an APP14 counts only when it holds all 12 bytes (ID to transform).
        0xEE if seg.len() >= 12 && seg.starts_with(b"Adobe") => h.adobe = Some(seg[11]),
        0xE2 if seg.starts_with(b"ICC_PROFILE\0") => h.icc.add(&seg[12..]),
        0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
            if seg.len() < 6 {
                return Err("the JPEG frame header is damaged");
            }
            if h.frame.is_some() {
                return Err("the JPEG has two frame headers");
            }
            let height = u16::from_be_bytes([seg[1], seg[2]]) as u32;
            let width = u16::from_be_bytes([seg[3], seg[4]]) as u32;
            // SOF0/SOF1: baseline and extended sequential Huffman.
            h.frame = Some((width, height, seg[5], matches!(marker, 0xC0 | 0xC1)));
        }
        0xDA if h.frame.is_none() => return Err("the JPEG's scan comes before its frame header"),
        _ => {}
    }
    Ok(())
}

/// Bytes of entropy-coded data from the start of `data` to the next marker (a 0xFF that
/// is neither stuffing, 0xFF00, nor a restart marker, 0xFFD0–D7).
fn scan_length(data: &[u8]) -> usize {
    let mut i = 0;
    while let Some(at) = data[i..].iter().position(|&b| b == 0xFF) {
        let p = i + at;
        match data.get(p + 1) {
            Some(0x00 | 0xD0..=0xD7) => i = p + 2,
            _ => return p,
        }
    }
    data.len()
}

/// The orientation tag (0x0112) of IFD0 in an EXIF TIFF block, when it is 1–8.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = tiff.get(i..i + 2)?;
        Some(if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(256))
        .map(|n| ifd + 2 + 12 * n)
        .find(|&e| u16_at(e) == Some(0x0112))
        .and_then(|e| u16_at(e + 8))
        .filter(|o| (1..=8).contains(o))
        .map(|o| o as u8)
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
    // IHDR comes first (PNG spec 11.2.2): width and height, checked before decoding.
    let ihdr = bytes
        .get(12..24)
        .filter(|h| h.starts_with(b"IHDR"))
        .ok_or_else(|| corrupt(path, "the PNG has no header"))?;
    let be = |i: usize| u32::from_be_bytes([ihdr[i], ihdr[i + 1], ihdr[i + 2], ihdr[i + 3]]);
    check_pixels(path, be(4), be(8))?;
    let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| corrupt(path, &format!("the PNG cannot be decoded ({e})")))?;
    let (width, height) = (decoded.width(), decoded.height());
    let (samples, components) = if decoded.color().has_color() {
        (flatten(decoded.to_rgba8().into_raw(), 3), 3)
    } else {
        (flatten(decoded.to_luma_alpha8().into_raw(), 1), 1)
    };
    check_pixels(path, width, height)?;
    Ok(Image {
        width,
        height,
        declared_ppi: None,
        orientation: 1,
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
