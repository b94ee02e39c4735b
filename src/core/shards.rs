//! Cache files split into shards by a hash of each entry's key: after a small change only
//! the shards holding changed entries are rewritten, and loading decodes every shard on
//! every core. Every shard file ends with a checksum line, so a shard changed by anything
//! but Gazette (an edit by hand, a torn write) is refused. Used by the article cache and the
//! build cache under `.gazette/`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// How many shards a cache is split into: a `u64` bit mask names any set of them.
pub const COUNT: usize = 64;

/// A set of shards.
pub type Mask = u64;

/// Every shard.
pub const ALL: Mask = u64::MAX;

/// 64 bits of a hash of `bytes`: the same on every platform and in every build. SipHash-1-3
/// with keys of its own, not BLAKE3: a build looks up a million paths, and for a path
/// SipHash takes a fifth of the time. (Nothing here needs a hash no one can collide: a
/// crafted set of paths could only make one shard larger than the rest.)
pub fn key(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new_with_keys(KEYS.0, KEYS.1);
    h.write(bytes);
    h.finish()
}

/// The keys of [`key`]'s hash: fixed, since shards are found again by it in later builds.
const KEYS: (u64, u64) = (0x6761_7a65_7474_6501, 0x7368_6172_6473_0004);

/// The shard that holds the entry whose [`key`] is `key`.
pub fn of_key(key: u64) -> usize {
    (key % COUNT as u64) as usize
}

/// The shard that holds the entry named `name`.
pub fn of(name: &[u8]) -> usize {
    of_key(key(name))
}

/// The bit of `shard` in a [`Mask`].
pub fn bit(shard: usize) -> Mask {
    1 << shard
}

/// How the last line of a shard file starts; a hex BLAKE3 hash of the bytes before it follows.
const SEAL: &[u8] = b"blake3 ";
const SEAL_LEN: usize = SEAL.len() + 64 + 1;

fn seal_line(body: &[u8]) -> Vec<u8> {
    let mut line = SEAL.to_vec();
    line.extend_from_slice(blake3::hash(body).to_hex().as_bytes());
    line.push(b'\n');
    line
}

/// `body` with its checksum line appended: a shard file as Gazette writes it.
pub fn seal(mut body: Vec<u8>) -> Vec<u8> {
    let line = seal_line(&body);
    body.extend_from_slice(&line);
    body
}

/// A shard file's bytes without their checksum line, or an error when the line does not
/// match them.
pub fn unseal(bytes: &[u8]) -> io::Result<&[u8]> {
    match bytes.len().checked_sub(SEAL_LEN).map(|n| bytes.split_at(n)) {
        Some((body, line)) if line == seal_line(body) => Ok(body),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "changed since Gazette wrote it",
        )),
    }
}

fn file(dir: &Path, shard: usize) -> PathBuf {
    dir.join(format!("{shard:02}"))
}

/// Read and decode every shard file in `dir` in parallel (`decode` is given the shard and
/// its bytes). Shards without a file are left out; a missing `dir` gives none.
pub fn read<T: Send>(
    dir: &Path,
    decode: impl Fn(usize, &[u8]) -> T + Sync,
) -> Vec<(usize, io::Result<T>)> {
    (0..COUNT)
        .into_par_iter()
        .filter_map(|shard| match std::fs::read(file(dir, shard)) {
            Ok(bytes) => Some((shard, unseal(&bytes).map(|b| decode(shard, b)))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => Some((shard, Err(e))),
        })
        .collect()
}

/// Write the shards in `mask`, each encoded by `encode` just before it is written (so only
/// a few are in memory at once) to a temporary file renamed into place, in parallel. `sync`
/// flushes each to disk before the rename.
pub fn write(
    dir: &Path,
    mask: Mask,
    encode: impl Fn(usize) -> io::Result<Vec<u8>> + Sync,
    sync: bool,
) -> io::Result<()> {
    if dir.is_file() {
        // An older Gazette kept this cache in one file.
        std::fs::remove_file(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let shards: Vec<usize> = (0..COUNT).filter(|s| mask & bit(*s) != 0).collect();
    shards
        .into_par_iter()
        .try_for_each(|shard| write_atomic(&file(dir, shard), &seal(encode(shard)?), sync))
}

/// Write `bytes` to a temporary file beside `path`, then rename it into place, so a reader
/// sees the old file or the new one, never half of one. `sync` flushes it to disk first.
pub fn write_atomic(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        // Not what Gazette left here: a cache file is never a folder.
        std::fs::remove_dir_all(path)?;
    }
    let tmp = path.with_extension("tmp");
    // Made afresh (a link left at its name is removed, never written through).
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    f.write_all(bytes)?;
    if sync {
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_round_trip_and_only_named_ones_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("c");
        assert!(read(&dir, |_, b| b.to_vec()).is_empty());
        let text = |s: usize| {
            Ok(if s == 3 {
                b"three".to_vec()
            } else {
                b"sixty".to_vec()
            })
        };
        write(&dir, bit(3) | bit(60), text, false).unwrap();
        let mut back = read(&dir, |_, b| b.to_vec());
        back.sort_by_key(|(s, _)| *s);
        let back: Vec<(usize, Vec<u8>)> = back.into_iter().map(|(s, b)| (s, b.unwrap())).collect();
        assert_eq!(back, vec![(3, b"three".to_vec()), (60, b"sixty".to_vec())]);
        // A shard changed after Gazette wrote it (one byte, or cut short) is refused.
        let path = file(&dir, 3);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[0] = b'T';
        std::fs::write(&path, &bytes).unwrap();
        std::fs::write(file(&dir, 60), b"sixty").unwrap();
        for (_, back) in read(&dir, |_, b| b.to_vec()) {
            assert_eq!(back.unwrap_err().kind(), io::ErrorKind::InvalidData);
        }
        assert!(of(b"a/index.html") < COUNT);
        assert_eq!(of(b"a/index.html"), of(b"a/index.html"));
    }
}
