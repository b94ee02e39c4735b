//! The one change made to a kept EXIF block (`keep_metadata = true`): its orientation is
//! set to upright, since the copies' pixels are already turned.

/// The EXIF orientation tag.
const ORIENTATION: u16 = 0x0112;

/// `tiff` (an EXIF block: a TIFF header and its first directory) with the first
/// directory's orientation set to 1, upright; unchanged when it has none or is damaged.
pub fn upright(mut tiff: Vec<u8>) -> Vec<u8> {
    let big = match tiff.get(..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        _ => return tiff,
    };
    let u16_at = |b: &[u8], at: usize| {
        let x: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(x)
        } else {
            u16::from_le_bytes(x)
        })
    };
    let u32_at = |b: &[u8], at: usize| {
        let x: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(x)
        } else {
            u32::from_le_bytes(x)
        })
    };
    let Some(ifd) = u32_at(&tiff, 4).map(|o| o as usize) else {
        return tiff;
    };
    let count = u16_at(&tiff, ifd).unwrap_or(0) as usize;
    for n in 0..count {
        let entry = ifd + 2 + 12 * n;
        if u16_at(&tiff, entry) == Some(ORIENTATION) {
            let one = if big { [0, 1] } else { [1, 0] };
            if let Some(value) = tiff.get_mut(entry + 8..entry + 10) {
                value.copy_from_slice(&one);
            }
            break;
        }
    }
    tiff
}

#[cfg(test)]
mod tests {
    #[test]
    fn sets_upright_and_survives_garbage() {
        // Little-endian TIFF, one entry: orientation (SHORT, 1) = 6.
        let mut tiff = b"II*\0\x08\0\0\0\x01\0".to_vec();
        tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
        let up = super::upright(tiff);
        assert_eq!(&up[18..20], &[1, 0]);
        assert_eq!(super::upright(b"II*\0\xff\xff".to_vec()), b"II*\0\xff\xff");
        assert_eq!(super::upright(Vec::new()), Vec::<u8>::new());
    }
}
