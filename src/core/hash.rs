//! Hashes: the 32-byte BLAKE3 digests that fingerprint routes, templates and files, their
//! hex form in cache files, and the identity of this Gazette build.

/// A BLAKE3 digest.
pub type Hash = [u8; 32];

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// A hash as 64 lowercase hex digits.
pub fn hex(h: &Hash) -> String {
    let mut out = String::with_capacity(64);
    for b in h {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// A hash from 64 lowercase hex digits; `None` for anything else.
pub fn unhex(s: &str) -> Option<Hash> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = (nibble(bytes[i * 2])? << 4) | nibble(bytes[i * 2 + 1])?;
    }
    Some(out)
}

/// Hashing helper: gathers named parts, then hashes them with BLAKE3 in one call (a
/// hasher fed piece by piece costs more than the hashing itself for inputs this small).
/// Route fingerprints, listing entries and the build's source digest all use it.
pub struct Fp(Vec<u8>);

impl Fp {
    /// An empty one, with room for about `bytes`.
    pub fn with_capacity(bytes: usize) -> Fp {
        Fp(Vec::with_capacity(bytes))
    }
    /// One part, length first, so that parts cannot run into each other.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        self
    }
    /// One part that always has the same length (a hash), as it is.
    pub fn fixed(&mut self, bytes: &[u8; 32]) -> &mut Self {
        self.0.extend_from_slice(bytes);
        self
    }
    pub fn num(&mut self, n: usize) -> &mut Self {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
        self
    }
    pub fn done(&self) -> Hash {
        *blake3::hash(&self.0).as_bytes()
    }
}

/// Identifies this Gazette build: its version and its executable. Caches written by another
/// build are not trusted, since it may parse or render differently.
pub fn build_id() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
    let (len, modified) = exe.map_or((0, None), |m| (m.len(), m.modified().ok()));
    format!("{} {len} {modified:?}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_other_text() {
        let h = *blake3::hash(b"gazette").as_bytes();
        assert_eq!(unhex(&hex(&h)), Some(h));
        assert_eq!(unhex(&hex(&h).to_uppercase()), None);
        assert_eq!(unhex("00"), None);
    }
}
