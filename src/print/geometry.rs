//! Where images land at what size: the geometry print checks resolution with and the
//! exporters draw with.

use crate::frame::Rect;
use crate::image::Image;

/// The resolution of an image drawn to cover `frame`, pixels per inch (the lower axis).
pub fn effective_ppi(image: &Image, frame: &Rect) -> f64 {
    let (w, h) = cover(image, frame);
    let (across, down) = image.displayed();
    (across as f64 / (w / 72.0)).min(down as f64 / (h / 72.0))
}

/// The drawn size of an image that covers `frame` at its own aspect ratio, as viewed.
pub fn cover(image: &Image, frame: &Rect) -> (f64, f64) {
    cover_pixels(image.displayed(), frame)
}

/// The drawn size of an image of `pixels` (width, height) that covers `frame`.
pub fn cover_pixels(pixels: (u32, u32), frame: &Rect) -> (f64, f64) {
    let aspect = pixels.0 as f64 / pixels.1 as f64;
    if aspect > frame.width / frame.height {
        (frame.height * aspect, frame.height)
    } else {
        (frame.width, frame.width / aspect)
    }
}
