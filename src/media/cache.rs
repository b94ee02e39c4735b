//! The processed-photo cache, `.gazette/media/`: each resized copy in a file named by the
//! photo's key (its bytes and the settings) and the copy's width and format, sealed with a
//! checksum. The cache is input like any other: a copy that is missing, torn or changed
//! is made again, and its name is made here from the key, never read from the cache, so
//! nothing in it can choose what is written where.

use std::path::{Path, PathBuf};

use super::{Photo, Variant};
use crate::core::{hex, shards};

/// The cache folder's name inside `.gazette/`.
const FOLDER: &str = "media";

/// Where the copy `variant` of `photo` is cached.
pub fn path(cache_dir: &Path, photo: &Photo, variant: &Variant) -> PathBuf {
    let key = hex(&photo.key);
    cache_dir.join(FOLDER).join(&key[..2]).join(format!(
        "{key}-{}.{}",
        variant.width,
        variant.format.extension()
    ))
}

/// The cached bytes at `path`, if they are whole and what Gazette wrote.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    shards::unseal(&bytes).ok().map(<[u8]>::to_vec)
}

/// Keep `bytes` at `path` (written whole or not at all).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    shards::write_atomic(path, &shards::seal(bytes.to_vec()), false)
}
