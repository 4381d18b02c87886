//! Image colour for print: what each image becomes in the PDF under the profile's
//! PDF/X flavour. PDF/X-1a (ISO 15930-1 §6.2.3) allows only DeviceCMYK, DeviceGray
//! and spot colour, so an RGB portrait is converted to the output condition's CMYK
//! through its ICC profile (moxcms, a colour management system in pure Rust).
//! PDF/X-4 (ISO 15930-7 §6.2.3) accepts device-independent RGB: the JPEG goes in
//! untouched, tagged ICCBased with its own profile or sRGB.

use crate::image::{Image, ImageData, cmyk_inverted};
use crate::profile::{PdfX, RenderingIntent};
use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
use std::borrow::Cow;

/// The colour space an embedded image's samples are in.
#[derive(Clone, Debug, PartialEq)]
pub enum Space {
    /// DeviceGray.
    Gray,
    /// DeviceCMYK; `inverted` samples need `/Decode [1 0 1 0 1 0 1 0]`.
    Cmyk {
        /// Samples store 255 − ink (Adobe's CMYK JPEGs).
        inverted: bool,
    },
    /// ICCBased RGB (PDF/X-4 only): the image's own profile, or sRGB when `None`.
    Rgb {
        /// The image's embedded ICC profile, if it has a usable one.
        icc: Option<Vec<u8>>,
    },
}

/// How the embedded bytes are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// A JPEG file (DCTDecode).
    Dct,
    /// Flate-compressed samples (FlateDecode).
    Flate,
}

/// An image ready to write as an XObject.
#[derive(Clone, Debug)]
pub struct Embedded<'a> {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The stream's bytes, already encoded.
    pub bytes: Cow<'a, [u8]>,
    /// The stream's filter.
    pub encoding: Encoding,
    /// Its colour space.
    pub space: Space,
    /// What was done to it, for the report.
    pub conversion: String,
    /// Highest total ink of any pixel (percent), when the samples were computed here.
    pub max_ink: Option<f64>,
    /// EXIF orientation (1–8), applied when the image is placed.
    pub orientation: u8,
}

/// What the conversion needs from the print profile.
#[derive(Clone, Copy, Debug)]
pub struct ColourSetup<'a> {
    /// The PDF/X flavour, which decides whether RGB may stay.
    pub pdfx: PdfX,
    /// The output intent's CMYK ICC profile.
    pub output_icc: &'a [u8],
    /// The output condition's name, for the report ("FOGRA39").
    pub condition: &'a str,
    /// RGB → CMYK rendering intent.
    pub intent: RenderingIntent,
    /// Quality of a re-encoded JPEG.
    pub jpeg_quality: u8,
    /// Highest total ink (percent) a converted pixel may carry.
    pub ink_limit: f64,
}

/// Prepares one image for the PDF; the error says why it cannot be converted.
pub fn prepare<'a>(image: &'a Image, setup: &ColourSetup) -> Result<Embedded<'a>, String> {
    let (bytes, encoding, space, conversion, max_ink) = match &image.data {
        ImageData::Jpeg {
            bytes,
            components,
            adobe,
            icc,
        } => jpeg(bytes, *components, *adobe, icc.as_deref(), image, setup)?,
        ImageData::Pixels {
            samples,
            components,
        } => pixels(samples, *components, setup)?,
    };
    Ok(Embedded {
        width: image.width,
        height: image.height,
        bytes,
        encoding,
        space,
        conversion,
        max_ink,
        orientation: image.orientation,
    })
}

/// What an image becomes: bytes, filter, colour space, a note, its highest ink.
type Converted<'a> = (Cow<'a, [u8]>, Encoding, Space, String, Option<f64>);

fn jpeg<'a>(
    bytes: &'a [u8],
    components: u8,
    adobe: Option<u8>,
    icc: Option<&[u8]>,
    image: &Image,
    setup: &ColourSetup,
) -> Result<Converted<'a>, String> {
    let kept = Cow::Borrowed(bytes);
    Ok(match (components, setup.pdfx) {
        (1, _) => (
            kept,
            Encoding::Dct,
            Space::Gray,
            "grey JPEG passed through (DCTDecode, DeviceGray)".into(),
            None,
        ),
        (4, _) => {
            let inverted = cmyk_inverted(4, adobe);
            let note = if inverted {
                ", inverted samples per its Adobe APP14 marker: /Decode [1 0 …]"
            } else {
                ""
            };
            let conversion = format!("CMYK JPEG passed through (DCTDecode, DeviceCMYK{note})");
            (
                kept,
                Encoding::Dct,
                Space::Cmyk { inverted },
                conversion,
                None,
            )
        }
        (_, PdfX::X4) => {
            let icc = usable_rgb_icc(icc).map(<[u8]>::to_vec);
            let tag = if icc.is_some() {
                "its own ICC profile"
            } else {
                "sRGB"
            };
            let conversion = format!("RGB JPEG passed through (DCTDecode), ICCBased {tag}");
            (kept, Encoding::Dct, Space::Rgb { icc }, conversion, None)
        }
        (_, PdfX::X1a) => convert_jpeg(bytes, icc, image, setup)?,
    })
}

/// An RGB JPEG for PDF/X-1a: decoded, converted to CMYK, saved again as a CMYK JPEG.
fn convert_jpeg<'a>(
    bytes: &[u8],
    icc: Option<&[u8]>,
    image: &Image,
    setup: &ColourSetup,
) -> Result<Converted<'a>, String> {
    let rgb = decode_jpeg(bytes)?;
    let (cmyk, ink, note) = to_cmyk(&rgb, usable_rgb_icc(icc), setup)?;
    let jpeg = encode_cmyk_jpeg(&cmyk, image.width, image.height, setup.jpeg_quality)?;
    let conversion = format!(
        "RGB JPEG converted to CMYK ({note}), saved again as a CMYK JPEG at quality {} (DCTDecode)",
        setup.jpeg_quality
    );
    let space = Space::Cmyk { inverted: true };
    Ok((
        Cow::Owned(jpeg),
        Encoding::Dct,
        space,
        conversion,
        Some(ink),
    ))
}

fn pixels<'a>(
    samples: &[u8],
    components: u8,
    setup: &ColourSetup,
) -> Result<Converted<'a>, String> {
    let packed = |s: &[u8]| Cow::Owned(crate::compress::deflate(s));
    Ok(match (components, setup.pdfx) {
        (1, _) => (
            packed(samples),
            Encoding::Flate,
            Space::Gray,
            "grey PNG, Flate-compressed (DeviceGray)".into(),
            None,
        ),
        (_, PdfX::X4) => (
            packed(samples),
            Encoding::Flate,
            Space::Rgb { icc: None },
            "RGB PNG, Flate-compressed, ICCBased sRGB".into(),
            None,
        ),
        (_, PdfX::X1a) => {
            let (cmyk, ink, note) = to_cmyk(samples, None, setup)?;
            let conversion = format!("RGB PNG converted to CMYK ({note}), Flate-compressed");
            (
                packed(&cmyk),
                Encoding::Flate,
                Space::Cmyk { inverted: false },
                conversion,
                Some(ink),
            )
        }
    })
}

/// The JPEG's own profile, if it is an RGB profile the colour engine can read.
fn usable_rgb_icc(icc: Option<&[u8]>) -> Option<&[u8]> {
    let bytes = icc?;
    let profile = ColorProfile::new_from_slice(bytes).ok()?;
    (profile.color_space == DataColorSpace::Rgb).then_some(bytes)
}

fn decode_jpeg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
        .map(|d| d.to_rgb8().into_raw())
        .map_err(|e| format!("the portrait JPEG cannot be decoded for conversion to CMYK ({e})"))
}

/// RGB samples → CMYK samples through the output profile, ink-limited. Returns the
/// samples, their highest total ink (percent) and a note on what was done.
pub fn to_cmyk(
    rgb: &[u8],
    source_icc: Option<&[u8]>,
    setup: &ColourSetup,
) -> Result<(Vec<u8>, f64, String), String> {
    let (source, source_name) = match source_icc.and_then(|b| ColorProfile::new_from_slice(b).ok())
    {
        Some(p) => (p, "its own ICC profile"),
        None => (ColorProfile::new_srgb(), "sRGB"),
    };
    let output = ColorProfile::new_from_slice(setup.output_icc)
        .map_err(|e| format!("the output ICC profile cannot be used ({e})"))?;
    let (intent, intent_name) = match setup.intent {
        RenderingIntent::Perceptual => (moxcms::RenderingIntent::Perceptual, "perceptual"),
        RenderingIntent::Relative => (
            moxcms::RenderingIntent::RelativeColorimetric,
            "relative colorimetric",
        ),
    };
    let options = TransformOptions {
        rendering_intent: intent,
        ..TransformOptions::default()
    };
    let transform = source
        .create_transform_8bit(Layout::Rgb, &output, Layout::Rgba, options)
        .map_err(|e| {
            format!("no colour transform from {source_name} to the output profile ({e})")
        })?;
    let mut cmyk = vec![0u8; rgb.len() / 3 * 4];
    transform
        .transform(rgb, &mut cmyk)
        .map_err(|e| format!("the colour transform failed ({e})"))?;
    let (before, limited) = limit_ink(&mut cmyk, setup.ink_limit);
    let mut note = format!(
        "{source_name} → {} via the output profile, {intent_name}",
        setup.condition
    );
    if limited > 0 {
        note += &format!(
            "; {limited} pixels above the {:.0}% ink limit (up to {before:.0}%) had their C, M and Y lowered",
            setup.ink_limit
        );
    }
    let ink = max_ink(&cmyk);
    Ok((cmyk, ink, note))
}

/// Lowers C, M and Y (never K, which carries the shadow detail) of every pixel whose
/// total ink exceeds `limit_pct`. Integer arithmetic, so the result is the same on
/// every machine. Returns the highest total before (percent) and the pixels changed.
pub fn limit_ink(cmyk: &mut [u8], limit_pct: f64) -> (f64, usize) {
    let before = max_ink(cmyk);
    let limit = (limit_pct / 100.0 * 255.0).floor() as u32;
    let mut changed = 0;
    for px in cmyk.chunks_exact_mut(4) {
        let (cmy, k) = (px[0] as u32 + px[1] as u32 + px[2] as u32, px[3] as u32);
        if cmy + k <= limit || cmy == 0 {
            continue;
        }
        let room = limit.saturating_sub(k);
        for v in &mut px[..3] {
            *v = (*v as u32 * room / cmy) as u8;
        }
        changed += 1;
    }
    (before, changed)
}

/// The highest total ink of CMYK samples, in percent.
pub fn max_ink(cmyk: &[u8]) -> f64 {
    let top = cmyk
        .chunks_exact(4)
        .map(|p| p.iter().map(|&v| v as u32).sum::<u32>())
        .max()
        .unwrap_or(0);
    (top as f64 * 100.0 / 255.0 * 10.0).round() / 10.0
}

/// Encodes CMYK samples as a JPEG without chroma subsampling. The encoder writes
/// Adobe's convention (APP14, inverted samples), hence `Space::Cmyk { inverted: true }`.
fn encode_cmyk_jpeg(cmyk: &[u8], width: u32, height: u32, quality: u8) -> Result<Vec<u8>, String> {
    let too_big = || {
        format!(
            "the portrait is {width} × {height} pixels, too large for the CMYK JPEG that PDF/X-1a needs (at most 65535 pixels a side)"
        )
    };
    let (w, h) = (
        u16::try_from(width).map_err(|_| too_big())?,
        u16::try_from(height).map_err(|_| too_big())?,
    );
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
    encoder
        .encode(cmyk, w, h, jpeg_encoder::ColorType::Cmyk)
        .map_err(|e| format!("the CMYK JPEG cannot be encoded ({e})"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portrait_too_large_for_x1a_says_so_and_not_to_enlarge_it() {
        let err = encode_cmyk_jpeg(&[0; 4], 70_000, 1, 92).unwrap_err();
        assert!(
            err.contains("70000 × 1 pixels, too large for the CMYK JPEG"),
            "{err}"
        );
        assert!(
            err.contains("too large"),
            "the hint is chosen by these words: {err}"
        );
    }

    #[test]
    fn ink_limit_lowers_cmy_and_keeps_k() {
        // 100/100/100/100 = 400 % → at most 300 %: K stays, C+M+Y share what is left.
        let mut px = vec![255, 255, 255, 255, 10, 20, 30, 40];
        let (before, changed) = limit_ink(&mut px, 300.0);
        assert_eq!((before, changed), (400.0, 1));
        assert_eq!(px[3], 255);
        assert!(max_ink(&px) <= 300.0, "{px:?}");
        assert_eq!(&px[4..], &[10, 20, 30, 40]);
    }

    #[test]
    fn srgb_converts_to_cmyk_through_fogra39() {
        let setup = ColourSetup {
            pdfx: PdfX::X1a,
            output_icc: include_bytes!("../../icc/FOGRA39L_coated.icc"),
            condition: "FOGRA39",
            intent: RenderingIntent::Perceptual,
            jpeg_quality: 92,
            ink_limit: 300.0,
        };
        // White, black, pure red.
        let (cmyk, ink, _) = to_cmyk(&[255, 255, 255, 0, 0, 0, 255, 0, 0], None, &setup).unwrap();
        assert!(
            cmyk[..4].iter().all(|&v| v < 8),
            "white takes no ink: {cmyk:?}"
        );
        assert!(cmyk[7] > 200, "black is mostly K: {cmyk:?}");
        assert!(
            cmyk[9] > 200 && cmyk[10] > 200 && cmyk[8] < 40,
            "red is M+Y: {cmyk:?}"
        );
        assert!(ink <= 300.0);
    }
}
