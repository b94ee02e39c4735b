//! Full-text search: the static index under `public/search/` that the search page queries.

use crate::build::Loaded;
use crate::plan::Hash;

/// Folder of the index inside the output directory.
pub const DIR: &str = "search/pagefind/";

/// Changes whenever the text of some article (or the search settings) changes.
pub fn fingerprint(loaded: &Loaded) -> Hash {
    let mut h = blake3::Hasher::new();
    h.update(b"search-v1");
    h.update(&loaded.plan.global);
    for (a, e) in loaded.archive.articles.iter().zip(&loaded.plan.entry_hashes) {
        h.update(&a.file_hash);
        h.update(e);
    }
    *h.finalize().as_bytes()
}

/// The index files, as (path relative to the output directory, bytes).
pub fn index_files(_loaded: &Loaded) -> Result<Vec<(String, Vec<u8>)>, String> {
    Ok(Vec::new())
}
