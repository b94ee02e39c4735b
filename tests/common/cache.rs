//! The build cache's shard files as a test reads and crafts them: three header lines
//! (version, output folder, its identity), then binary records (fingerprint, content hash,
//! path length as two little-endian bytes, path), then Gazette's checksum line. Older
//! Gazette versions wrote `fingerprint content path` lines in hex instead, and placed each
//! entry in a shard by a BLAKE3 hash of its path.

use std::path::Path;

pub type Hash = [u8; 32];

/// One shard: its header lines and its entries.
#[derive(Debug, Clone)]
pub struct Shard {
    pub head: Vec<String>,
    pub entries: Vec<(Hash, Hash, String)>,
}

pub fn read_shard(path: &Path) -> Shard {
    let bytes = std::fs::read(path).unwrap();
    let mut body = gazette::core::shards::unseal(&bytes).unwrap();
    let mut head = Vec::new();
    for _ in 0..3 {
        let end = body.iter().position(|&b| b == b'\n').unwrap();
        head.push(String::from_utf8(body[..end].to_vec()).unwrap());
        body = &body[end + 1..];
    }
    let mut entries = Vec::new();
    while !body.is_empty() {
        let len = u16::from_le_bytes([body[64], body[65]]) as usize;
        let path = String::from_utf8(body[66..66 + len].to_vec()).unwrap();
        entries.push((
            body[..32].try_into().unwrap(),
            body[32..64].try_into().unwrap(),
            path,
        ));
        body = &body[66 + len..];
    }
    Shard { head, entries }
}

/// The shard's bytes as Gazette writes them (sealed).
pub fn shard_bytes(shard: &Shard) -> Vec<u8> {
    let mut out = Vec::new();
    for line in &shard.head {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    for (fingerprint, content, path) in &shard.entries {
        out.extend_from_slice(fingerprint);
        out.extend_from_slice(content);
        out.extend_from_slice(&(path.len() as u16).to_le_bytes());
        out.extend_from_slice(path.as_bytes());
    }
    gazette::core::shards::seal(out)
}

pub fn write_shard(path: &Path, shard: &Shard) {
    std::fs::write(path, shard_bytes(shard)).unwrap();
}

/// The shard as an older Gazette wrote it: `head` lines, then hex lines, sealed.
pub fn write_older_shard(path: &Path, head: &[String], entries: &[(Hash, Hash, String)]) {
    let hex = |h: &Hash| h.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut text = String::new();
    for line in head {
        text.push_str(line);
        text.push('\n');
    }
    for (fingerprint, content, path) in entries {
        text.push_str(&format!("{} {} {path}\n", hex(fingerprint), hex(content)));
    }
    std::fs::write(path, gazette::core::shards::seal(text.into_bytes())).unwrap();
}

/// The shard an older Gazette (cache layouts 1 to 3) placed `path` in: the first 8 bytes of
/// its BLAKE3 hash, little-endian, modulo 64.
pub fn older_shard_of(path: &str) -> usize {
    let hash = blake3::hash(path.as_bytes());
    (u64::from_le_bytes(hash.as_bytes()[..8].try_into().unwrap()) % 64) as usize
}

/// The cache folder `dir` rewritten whole as an older Gazette wrote it: 64 shard files of
/// `head` lines and hex lines, each entry in the shard that version placed it in.
pub fn write_older_cache(dir: &Path, head: &[String], entries: &[(Hash, Hash, String)]) {
    for shard in 0..64 {
        let mine: Vec<_> = entries
            .iter()
            .filter(|(_, _, path)| older_shard_of(path) == shard)
            .cloned()
            .collect();
        write_older_shard(&dir.join(format!("{shard:02}")), head, &mine);
    }
}
