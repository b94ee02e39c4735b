//! How a shard of the build cache is stored. Layout 4, written now: three text lines (the
//! header with the Gazette version, the output folder, its identity), then one binary
//! record per file: the route's fingerprint (32 bytes), the hash of the bytes written (32),
//! the path's length (2, little-endian) and the path. Binary because at 270,000 files the
//! hex of layout 2 was most of the cost of reading and writing the cache. Layout 3 is the
//! same with entries placed in shards by a BLAKE3 hash of their paths (see
//! [`older_shard_of`]); layouts 1 and 2 placed them so too, as text lines `fingerprint
//! content path` in hex. All are still read: another version's cache proves which files it
//! wrote.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use super::Entry;
use crate::core::{OutPath, shards, unhex};

pub(super) const HEADER: &str = concat!("gazette-cache 4 ", env!("CARGO_PKG_VERSION"));

/// One file's entry as read, or why the shard cannot be trusted.
type Listed = Result<(Arc<str>, Entry), String>;

/// One shard's contents as read.
pub(super) struct Part {
    pub output_dir: String,
    pub output_id: String,
    /// Written by another Gazette version (its fingerprints are zeroed: not trusted).
    pub foreign: bool,
    /// Its entries were placed by [`older_shard_of`]: they belong in other shards now.
    pub older_shards: bool,
    pub files: HashMap<Arc<str>, Entry>,
}

/// A shard's body (sealed when written), its entries in the order given.
pub(super) fn encode(
    output_dir: &str,
    output_id: &str,
    entries: &[(&Arc<str>, &Entry)],
) -> Vec<u8> {
    let size: usize = entries.iter().map(|(k, _)| 66 + k.len()).sum();
    let mut out = Vec::with_capacity(HEADER.len() + output_dir.len() + output_id.len() + 3 + size);
    for line in [HEADER, output_dir, output_id] {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    for (name, e) in entries {
        out.extend_from_slice(&e.fingerprint);
        out.extend_from_slice(&e.content);
        // A checked path is far shorter than 64 KiB (see `OutPath`).
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    out
}

/// Decode one shard file's body; `shard`: the shard it was read as (every path must belong
/// there), or `None` for an older Gazette's single file.
pub(super) fn decode(bytes: &[u8], shard: Option<usize>) -> Result<Part, String> {
    let mut rest = bytes;
    let mut line = || -> Result<&str, String> {
        let end = rest.iter().position(|&b| b == b'\n').ok_or("cut short")?;
        let (text, after) = rest.split_at(end);
        rest = &after[1..];
        std::str::from_utf8(text).map_err(|_| "a header line is not UTF-8".to_string())
    };
    let header = line()?;
    let layout = match header.get(..16) {
        Some("gazette-cache 4 ") => 4,
        Some("gazette-cache 3 ") => 3,
        Some("gazette-cache 2 ") => 2,
        Some("gazette-cache 1 ") => 1,
        _ => return Err("unknown header".into()),
    };
    // Another version's fingerprints are not trusted, but its list of the files it wrote
    // and their hashes are: those may still be replaced or removed.
    let foreign = header != HEADER;
    let output_dir = line()?.to_string();
    // Layout 1 had no identity line.
    let output_id = if layout >= 2 {
        line()?.to_string()
    } else {
        String::new()
    };
    // A record takes about 100 bytes (66 and a path), a line of the older layouts more.
    let mut files = HashMap::with_capacity(rest.len() / 100);
    let entries: Box<dyn Iterator<Item = Listed>> = if layout >= 3 {
        Box::new(records(rest))
    } else {
        let text = std::str::from_utf8(rest).map_err(|_| "not UTF-8".to_string())?;
        Box::new(text_lines(text, layout + 2))
    };
    for (n, entry) in entries.enumerate() {
        let (path, entry) = entry?;
        let placed = if layout >= 4 {
            shards::of(path.as_bytes())
        } else {
            older_shard_of(&path)
        };
        if shard.is_some_and(|s| s != placed) {
            return Err(format!("entry {} is in the wrong shard", n + 1));
        }
        let fingerprint = if foreign { [0; 32] } else { entry.fingerprint };
        files.insert(
            path,
            Entry {
                fingerprint,
                ..entry
            },
        );
    }
    Ok(Part {
        output_dir,
        output_id,
        foreign,
        older_shards: layout < 4,
        files,
    })
}

/// The shard layouts 1 to 3 placed a path in: by the first 8 bytes of its BLAKE3 hash.
pub(super) fn older_shard_of(path: &str) -> usize {
    let hash = blake3::hash(path.as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    shards::of_key(u64::from_le_bytes(first))
}

/// Layouts 3 and 4's binary records, one at a time; nothing more after one that is not whole.
fn records(mut rest: &[u8]) -> impl Iterator<Item = Listed> {
    let mut n = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let record = record(&mut rest, n);
        if record.is_err() {
            rest = &[];
        }
        Some(record)
    })
}

/// Record `n`, taken from the start of `rest`.
fn record(rest: &mut &[u8], n: usize) -> Listed {
    let cut_short = || format!("record {n} is cut short");
    let (fixed, after) = rest.split_at_checked(66).ok_or_else(cut_short)?;
    let len = u16::from_le_bytes([fixed[64], fixed[65]]) as usize;
    let (path, after) = after.split_at_checked(len).ok_or_else(cut_short)?;
    let path = std::str::from_utf8(path)
        .ok()
        .and_then(|p| OutPath::parse(p).ok())
        .ok_or_else(|| format!("record {n} names no file in the output folder"))?;
    let mut entry = Entry {
        fingerprint: [0; 32],
        content: [0; 32],
    };
    entry.fingerprint.copy_from_slice(&fixed[..32]);
    entry.content.copy_from_slice(&fixed[32..64]);
    *rest = after;
    Ok((path.shared().clone(), entry))
}

/// Layouts 1 and 2: `fingerprint content path` lines in hex, the first on line `first`.
fn text_lines(text: &str, first: usize) -> impl Iterator<Item = Listed> {
    text.lines().enumerate().map(move |(n, line)| {
        let parse = || -> Option<(Arc<str>, Entry)> {
            let mut parts = line.splitn(3, ' ');
            let fingerprint = unhex(parts.next()?)?;
            let content = unhex(parts.next()?)?;
            let path = OutPath::parse(parts.next()?).ok()?;
            Some((
                path.shared().clone(),
                Entry {
                    fingerprint,
                    content,
                },
            ))
        };
        parse().ok_or_else(|| format!("line {}", n + first))
    })
}
