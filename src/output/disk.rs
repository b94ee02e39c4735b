//! What the output folder holds on disk, read without following links: its plain files,
//! and the hash of one. The writer proves deletes with it, the journal repairs the cache
//! with it, and the build names files no cache lists with it.

use std::io;
use std::path::Path;

use crate::core::Hash;

/// The BLAKE3 hash of the plain file at `path`; `None` when there is something else there
/// (a link, a folder). An error when nothing is there or it cannot be read.
pub fn file_hash(path: &Path) -> io::Result<Option<Hash>> {
    if !std::fs::symlink_metadata(path)?.is_file() {
        return Ok(None);
    }
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(Some(*hasher.finalize().as_bytes()))
}

/// Every plain file under `dir`, as `/`-separated paths relative to it (links are not
/// followed; what cannot be read is left out, since this only ever names files).
pub fn plain_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some(e.path().strip_prefix(dir).ok()?.to_str()?.to_string()))
        .collect()
}
