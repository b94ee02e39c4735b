//! Which resized copies a photo gets: the configured widths it is wider than, and its own
//! width when that is below the widest (never enlarged); each in the original's format
//! (JPEG for JPEG and WebP photos, PNG for PNG) and in WebP; a PNG photo also gets one JPEG
//! for sharing (social cards and search engines want JPEG).

use crate::config::ImageConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
        }
    }
}

/// The width a share image should reach (Google's Article rich results ask for 1,200 px).
pub const SHARE_WIDTH: u32 = 1200;

/// One resized copy of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Its file name beside the story's page (`harbour-800.jpg`).
    pub name: String,
}

/// The copies of the photo `name` (`harbour.jpg`), `width` × `height` upright, whose own
/// format is `original`.
pub fn variants(
    config: &ImageConfig,
    name: &str,
    original: image::ImageFormat,
    width: u32,
    height: u32,
) -> Vec<Variant> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let plain = match original {
        image::ImageFormat::Png => Format::Png,
        _ => Format::Jpeg,
    };
    let mut formats = vec![plain];
    if config.webp {
        formats.push(Format::WebP);
    }
    let widest = config.widths.iter().copied().max().unwrap_or(width);
    let mut widths: Vec<u32> = config
        .widths
        .iter()
        .copied()
        .filter(|&w| w < width)
        .chain([width.min(widest)])
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let mut out = Vec::with_capacity(widths.len() * formats.len() + 1);
    let share = widths
        .iter()
        .copied()
        .find(|&w| w >= SHARE_WIDTH)
        .or(widths.last().copied());
    let mut sets: Vec<(Format, Vec<u32>)> =
        formats.into_iter().map(|f| (f, widths.clone())).collect();
    if plain == Format::Png {
        sets.push((Format::Jpeg, share.into_iter().collect()));
    }
    for (format, widths) in sets {
        for &w in &widths {
            // Rounded, and at least a pixel high.
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2)
                / u64::from(width.max(1)))
            .max(1) as u32;
            out.push(Variant {
                width: w,
                height: h,
                format,
                name: format!("{stem}-{w}.{}", format.extension()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_enlarged() {
        let config = ImageConfig {
            widths: vec![480, 800, 1200],
            ..ImageConfig::default()
        };
        let v = variants(&config, "a.jpg", image::ImageFormat::Jpeg, 1000, 500);
        let jpeg: Vec<(u32, u32)> = v
            .iter()
            .filter(|v| v.format == Format::Jpeg)
            .map(|v| (v.width, v.height))
            .collect();
        assert_eq!(jpeg, [(480, 240), (800, 400), (1000, 500)]);
        assert_eq!(v.len(), 6);
        assert_eq!(v[5].name, "a-1000.webp");
        let big = variants(&config, "b.png", image::ImageFormat::Png, 4000, 3000);
        assert_eq!(big.iter().map(|v| v.width).max(), Some(1200));
        assert_eq!(big[0].format, Format::Png);
        // A PNG's one JPEG, for sharing.
        let jpeg: Vec<&Variant> = big.iter().filter(|v| v.format == Format::Jpeg).collect();
        assert_eq!(jpeg.len(), 1);
        assert_eq!((jpeg[0].width, jpeg[0].name.as_str()), (1200, "b-1200.jpg"));
    }
}
