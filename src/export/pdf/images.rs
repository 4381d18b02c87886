//! Image XObjects (ISO 32000-1 §8.9.5) from images prepared by [`super::colour`]:
//! JPEG as DCTDecode, samples Flate-compressed. RGB (PDF/X-4 only) is ICCBased.

use crate::print::colour::{Embedded, Encoding, Space};
use pdf_writer::{Filter, Pdf, Ref};

/// Writes `image` as object `id`; `icc` is the object of its ICC profile stream, for RGB.
pub fn write(pdf: &mut Pdf, id: Ref, image: &Embedded, icc: Option<Ref>) {
    let mut x = pdf.image_xobject(id, &image.bytes);
    x.filter(match image.encoding {
        Encoding::Dct => Filter::DctDecode,
        Encoding::Flate => Filter::FlateDecode,
    });
    x.width(image.width as i32);
    x.height(image.height as i32);
    x.bits_per_component(8);
    match (&image.space, icc) {
        (Space::Gray, _) => {
            x.color_space().device_gray();
        }
        (Space::Rgb { .. }, Some(icc)) => {
            x.color_space().icc_based(icc);
        }
        (Space::Rgb { .. }, None) => {
            x.color_space().device_rgb();
        }
        (Space::Cmyk { inverted }, _) => {
            x.color_space().device_cmyk();
            // §8.9.5.2: Decode [1 0 …] maps the stored 255 − ink back to ink.
            if *inverted {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
        }
    }
}

/// The ICC profiles the images need, each once: `None` stands for sRGB.
pub fn icc_profiles<'a>(images: &'a [Embedded]) -> Vec<Option<&'a [u8]>> {
    let mut out: Vec<Option<&[u8]>> = Vec::new();
    for image in images {
        if let Space::Rgb { icc } = &image.space {
            let key = icc.as_deref();
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}
