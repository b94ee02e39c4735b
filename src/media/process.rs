//! Making a photo's copies: decode it (within the pixel and memory limits), turn it upright
//! by its EXIF orientation, resize it to each width (Lanczos, `fast_image_resize`) and
//! encode each copy. Encoding from the pixels alone leaves every metadata block behind
//! (camera, GPS position, time); with `keep_metadata` the EXIF block is copied into the
//! JPEG copies, its orientation set upright.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader, Limits};

use super::probe::check_pixels;
use super::{Format, Photo};
use crate::config::ImageConfig;

/// Decoded pixels, upright, as the resizer takes them.
struct Pixels {
    image: Image<'static>,
    alpha: bool,
}

/// The bytes of each of `photo`'s copies, in the order of its variants, made from the
/// photo's `bytes`.
pub fn process(bytes: &[u8], photo: &Photo, config: &ImageConfig) -> Result<Vec<Vec<u8>>, String> {
    let (pixels, exif) = decode(bytes, config)?;
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(
        fast_image_resize::FilterType::Lanczos3,
    ));
    let mut out = Vec::with_capacity(photo.variants.len());
    let mut resized: Option<(u32, Image<'static>)> = None;
    for v in &photo.variants {
        if resized.as_ref().is_none_or(|(w, _)| *w != v.width) {
            let mut dst = Image::new(v.width, v.height, pixels.image.pixel_type());
            resizer
                .resize(&pixels.image, &mut dst, &options)
                .map_err(|e| format!("cannot be resized: {e}"))?;
            resized = Some((v.width, dst));
        }
        let Some((_, image)) = &resized else {
            return Err("cannot be resized".into());
        };
        out.push(encode(
            image,
            pixels.alpha,
            v.format,
            config,
            exif.as_deref(),
        )?);
    }
    Ok(out)
}

/// The photo's pixels upright, and its EXIF block when it is to be kept.
fn decode(bytes: &[u8], config: &ImageConfig) -> Result<(Pixels, Option<Vec<u8>>), String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(config.max_pixels.saturating_mul(8).max(1 << 20));
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("is damaged or not a photo: {e}"))?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h, config.max_pixels)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let exif = if config.keep_metadata {
        decoder
            .exif_metadata()
            .ok()
            .flatten()
            .map(super::exif::upright)
    } else {
        None
    };
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| format!("is damaged: {e}"))?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let (buffer, kind) = if alpha {
        (image.into_rgba8().into_raw(), PixelType::U8x4)
    } else {
        (image.into_rgb8().into_raw(), PixelType::U8x3)
    };
    let image = Image::from_vec_u8(width, height, buffer, kind)
        .map_err(|e| format!("cannot be resized: {e}"))?;
    Ok((Pixels { image, alpha }, exif))
}

/// One copy's bytes.
fn encode(
    image: &Image,
    alpha: bool,
    format: Format,
    config: &ImageConfig,
    exif: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let (w, h, buf) = (image.width(), image.height(), image.buffer());
    let color = if alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    let failed = |e: image::ImageError| format!("cannot be encoded as {format:?}: {e}");
    match format {
        Format::Jpeg => {
            let mut encoder = JpegEncoder::new_with_quality(&mut out, config.quality);
            if let Some(exif) = exif {
                let _ = encoder.set_exif_metadata(exif.to_vec());
            }
            if alpha {
                // JPEG has no transparency: the colours alone.
                let rgb: Vec<u8> = buf
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect();
                encoder.write_image(&rgb, w, h, ExtendedColorType::Rgb8)
            } else {
                encoder.write_image(buf, w, h, color)
            }
            .map_err(failed)?;
        }
        Format::Png => PngEncoder::new(&mut out)
            .write_image(buf, w, h, color)
            .map_err(failed)?,
        Format::WebP => out = webp(buf, w, h, alpha, config.quality)?,
    }
    Ok(out)
}

/// A lossy WebP copy (libwebp, built from source by the `webp` crate).
fn webp(buf: &[u8], w: u32, h: u32, alpha: bool, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = if alpha {
        webp::Encoder::from_rgba(buf, w, h)
    } else {
        webp::Encoder::from_rgb(buf, w, h)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| "cannot be encoded as WebP".to_string())?;
    config.quality = f32::from(quality);
    encoder
        .encode_advanced(&config)
        .map(|m| m.to_vec())
        .map_err(|e| format!("cannot be encoded as WebP: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A small JPEG and PNG to damage.
    fn samples() -> [Vec<u8>; 2] {
        let img =
            image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 90]));
        let mut jpeg = Vec::new();
        let mut png = Vec::new();
        let img = DynamicImage::ImageRgb8(img);
        img.write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        [jpeg, png]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Damaged photos (bytes changed, the file cut short) are errors, never a panic.
        #[test]
        fn damaged_photos_never_panic(which in 0usize..2, at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
            let mut bytes = samples()[which].clone();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            bytes.truncate(cut.index(bytes.len()) + 1);
            let config = ImageConfig { widths: vec![16, 32], ..ImageConfig::default() };
            if let Ok(p) = super::super::probe::probe(&bytes, config.max_pixels) {
                let photo = Photo {
                    article: 0,
                    source: std::path::PathBuf::new(),
                    name: "a.jpg".into(),
                    key: [0; 32],
                    bytes: [0; 32],
                    width: p.width,
                    height: p.height,
                    variants: super::super::variants::variants(&config, "a.jpg", p.format, p.width, p.height),
                };
                let _ = process(&bytes, &photo, &config);
            }
        }
    }
}
