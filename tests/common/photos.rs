//! Photos made by the tests themselves: JPEGs and PNGs drawn from code, EXIF blocks (with
//! an orientation, a camera and a GPS position) written byte by byte, and a PNG whose
//! header claims more pixels than any site allows.

use std::io::Cursor;

/// The camera name the EXIF blocks carry, to look for in outputs.
pub const CAMERA: &[u8] = b"GazetteCam";

/// A `w` × `h` photo drawn by `colour(x, y)`, as JPEG.
pub fn jpeg_with(w: u32, h: u32, colour: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb(colour(x, y)));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

/// A `w` × `h` gradient, as JPEG.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    jpeg_with(w, h, |x, y| [(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
}

/// A `w` × `h` gradient, as PNG.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 60])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// `jpeg` with an EXIF block (APP1) right after its start marker: orientation
/// `orientation`, the camera [`CAMERA`], and, when `gps`, a GPS position (59° 30′ N).
pub fn with_exif(jpeg: &[u8], orientation: u16, gps: bool) -> Vec<u8> {
    let tiff = tiff(orientation, gps);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A little-endian TIFF block: IFD0 with Make, Orientation and (when `gps`) a GPS IFD
/// pointer; the GPS IFD with a latitude and its reference.
fn tiff(orientation: u16, gps: bool) -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    let entries: u16 = if gps { 3 } else { 2 };
    let ifd0_end = 8 + 2 + 12 * u32::from(entries) + 4;
    let make_at = ifd0_end;
    let make = b"GazetteCam\0";
    let gps_at = make_at + make.len() as u32 + 1; // padded to an even offset
    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&entries.to_le_bytes());
    t.extend(entry(0x010F, 2, make.len() as u32, make_at));
    t.extend(entry(0x0112, 3, 1, u32::from(orientation)));
    if gps {
        t.extend(entry(0x8825, 4, 1, gps_at));
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(make);
    t.push(0);
    if gps {
        let rationals_at = gps_at + 2 + 24 + 4;
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
        t.extend(entry(0x0002, 5, 3, rationals_at));
        t.extend_from_slice(&0u32.to_le_bytes());
        for (n, d) in [(59u32, 1u32), (30, 1), (0, 1)] {
            t.extend_from_slice(&n.to_le_bytes());
            t.extend_from_slice(&d.to_le_bytes());
        }
    }
    t
}

/// The GPS latitude `bytes` (a JPEG) carries, as kamadak-exif reads it, if any.
pub fn gps_latitude(bytes: &[u8]) -> Option<String> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .map(|f| f.display_value().to_string())
}

/// The orientation `bytes` (a JPEG) carries, if any.
pub fn orientation(bytes: &[u8]) -> Option<u32> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?
        .value
        .get_uint(0)
}

/// A PNG whose header says `w` × `h` pixels, with almost no data behind it.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// CRC-32 as PNG chunks take it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
