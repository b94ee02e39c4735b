//! What a photo is before it is decoded: its format and its size upright, read from its
//! header and EXIF orientation alone, and refused when it has more pixels than allowed.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};

/// A photo's header, read.
pub struct Probe {
    pub format: ImageFormat,
    /// The size upright.
    pub width: u32,
    pub height: u32,
}

/// Read the header of the photo `bytes`; the error says what is wrong with it.
pub fn probe(bytes: &[u8], max_pixels: u64) -> Result<Probe, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let format = reader
        .format()
        .ok_or("is not a JPEG, PNG or WebP file (its bytes say no known format)")?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(format!(
            "is a {format:?} file; photos must be JPEG, PNG or WebP"
        ));
    }
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("is damaged or not a photo: {e}"))?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h, max_pixels)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if turns(orientation) { (h, w) } else { (w, h) };
    Ok(Probe {
        format,
        width,
        height,
    })
}

/// Refuse a photo of more than `max` pixels, or without any.
pub fn check_pixels(w: u32, h: u32, max: u64) -> Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels == 0 {
        return Err("has no pixels".into());
    }
    if pixels > max {
        return Err(format!(
            "is {w} × {h} pixels, more than the {max} that `[images]` max_pixels allows (a decompression bomb, or a photo to make smaller first)"
        ));
    }
    Ok(())
}

/// Whether showing a photo upright swaps its width and height.
pub fn turns(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}
