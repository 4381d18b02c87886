//! Image XObjects (ISO 32000-1 §8.9.5): JPEG passed through as DCTDecode, pixels Flate-compressed.
//! RGB is tagged with the sRGB ICC profile, so PDF/X-4 accepts it as device-independent colour.

use crate::image::{Image, ImageData};
use pdf_writer::{Filter, Pdf, Ref};

/// Writes image `image` as object `id`; `srgb` is the sRGB ICC profile's object, if RGB is used.
pub fn write(pdf: &mut Pdf, id: Ref, image: &Image, srgb: Option<Ref>) {
    let compressed;
    let (bytes, filter) = match &image.data {
        ImageData::Jpeg { bytes, .. } => (bytes.as_slice(), Filter::DctDecode),
        ImageData::Pixels { samples, .. } => {
            compressed = super::deflate(samples);
            (compressed.as_slice(), Filter::FlateDecode)
        }
    };
    let mut x = pdf.image_xobject(id, bytes);
    x.filter(filter);
    x.width(image.width as i32);
    x.height(image.height as i32);
    x.bits_per_component(8);
    match (image.components(), srgb) {
        (1, _) => {
            x.color_space().device_gray();
        }
        (3, Some(icc)) => {
            x.color_space().icc_based(icc);
        }
        (3, None) => {
            x.color_space().device_rgb();
        }
        _ => {
            x.color_space().device_cmyk();
            // Adobe's CMYK JPEGs store inverted samples (APP14 marker); others do not.
            if matches!(image.data, ImageData::Jpeg { adobe: true, .. }) {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
        }
    }
}

/// Whether any image needs an RGB colour space.
pub fn uses_rgb(images: &[Image]) -> bool {
    images.iter().any(|i| i.components() == 3)
}
