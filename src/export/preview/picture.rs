//! Images for the preview: decoded, scaled to the pixels they cover, and kept for the
//! next save (decoding a portrait JPEG costs more than drawing a page).

use crate::image::{Image, ImageData};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use tiny_skia::{IntSize, Pixmap};

/// How many scaled images are kept: a leaflet has one portrait, at one or two sizes.
const KEPT: usize = 4;

/// Scaled images, most recent first, keyed by the image's bytes and the drawn size.
#[derive(Default)]
pub struct Pictures {
    kept: Mutex<Vec<(u64, Arc<Pixmap>)>>,
}

impl Pictures {
    /// `image` decoded and scaled to `width` × `height` pixels (opaque, sRGB), or
    /// `None` when it cannot be decoded (the render has read its headers already).
    pub fn scaled(&self, image: &Image, width: u32, height: u32) -> Option<Arc<Pixmap>> {
        let key = fingerprint(image, width, height);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = kept.iter().position(|(k, _)| *k == key) {
            let hit = kept.remove(i);
            kept.insert(0, hit.clone());
            return Some(hit.1);
        }
        drop(kept);
        let made = Arc::new(scale(image, width, height)?);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.insert(0, (key, made.clone()));
        kept.truncate(KEPT);
        Some(made)
    }
}

/// A hash of the image's data and the size asked for.
fn fingerprint(image: &Image, width: u32, height: u32) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    (width, height, image.width, image.height).hash(&mut h);
    match &image.data {
        ImageData::Jpeg { bytes, .. } => bytes.hash(&mut h),
        ImageData::Pixels { samples, .. } => samples.hash(&mut h),
    }
    h.finish()
}

/// Decodes to RGB and scales down by averaging (`thumbnail`, a box filter: a portrait is
/// drawn at a third of its pixels or less, where point sampling would alias).
fn scale(image: &Image, width: u32, height: u32) -> Option<Pixmap> {
    let rgb = match &image.data {
        ImageData::Jpeg { bytes, .. } => {
            image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
                .ok()?
                .to_rgb8()
        }
        ImageData::Pixels {
            samples,
            components,
        } => {
            let rgb: Vec<u8> = match components {
                1 => samples.iter().flat_map(|&g| [g, g, g]).collect(),
                _ => samples.clone(),
            };
            image::RgbImage::from_raw(image.width, image.height, rgb)?
        }
    };
    let scaled = image::imageops::thumbnail(&rgb, width.max(1), height.max(1));
    let (w, h) = scaled.dimensions();
    let rgba: Vec<u8> = scaled
        .into_raw()
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect();
    Pixmap::from_vec(rgba, IntSize::from_wh(w, h)?)
}
