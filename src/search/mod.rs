//! Full-text search: the static index under `public/search/` that the search page queries.
//!
//! Every published story becomes one [`record::Record`] built from the build's own article
//! data (headline, standfirst, body text from the Markdown, date, section, tags, dateline,
//! URL), never from the written HTML. The `pagefind` crate turns the records into a
//! static, chunked index under [`DIR`] that `pagefind.js` queries from the browser a piece
//! at a time. The build stages these files with the pages and skips indexing entirely
//! while [`fingerprint`] is unchanged.

mod index;
mod record;
mod text;

pub use record::Record;

use rayon::prelude::*;

use crate::archive::Archive;
use crate::config::Site;
use crate::core::Hash;
use crate::plan::Plan;

/// Folder of the index inside the output directory.
pub const DIR: &str = crate::plan::urls::SEARCH_DIR;

/// Changes whenever the text of some article (or the search settings) changes.
pub fn fingerprint(archive: &Archive, plan: &Plan) -> Hash {
    let mut h = blake3::Hasher::new();
    h.update(b"search-v1");
    h.update(&plan.global);
    for (a, e) in archive.articles.iter().zip(&plan.entry_hashes) {
        h.update(&a.file_hash);
        h.update(e);
    }
    *h.finalize().as_bytes()
}

/// The records of every story in the build, in archive order (newest first).
pub fn records(site: &Site, archive: &Archive, plan: &Plan) -> Result<Vec<Record>, String> {
    let language = record::language(site);
    (0..archive.articles.len())
        .into_par_iter()
        .map(|i| record::record(site, archive, plan, i, &language))
        .collect()
}

/// The file the search page fills its filter menus from, beside Pagefind's files.
pub const FILTERS_FILE: &str = "gazette-filters.json";

/// The index files, as (path relative to the output directory, bytes).
pub fn index_files(
    site: &Site,
    archive: &Archive,
    plan: &Plan,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = index::bundle(records(site, archive, plan)?)?;
    files.push((FILTERS_FILE.to_string(), filter_values(archive)));
    files.sort();
    Ok(files
        .into_iter()
        .map(|(path, bytes)| (format!("{DIR}{path}"), bytes))
        .collect())
}

/// The values of the `section` and `year` filters with their story counts, sections in
/// menu order and years newest first: a few hundred bytes, where Pagefind's own filter
/// files list every story and grow with the archive. The search page loads those only when
/// a filter is applied.
fn filter_values(archive: &Archive) -> Vec<u8> {
    let mut sections: Vec<serde_json::Value> = Vec::new();
    for s in &archive.sections {
        if s.articles.is_empty() {
            continue;
        }
        match sections.iter_mut().find(|v| v["value"] == s.title.as_str()) {
            Some(v) => {
                let n = v["count"].as_u64().unwrap_or(0) + s.articles.len() as u64;
                v["count"] = n.into();
            }
            None => sections.push(serde_json::json!({
                "value": s.title,
                "count": s.articles.len(),
            })),
        }
    }
    let mut years: Vec<serde_json::Value> = archive
        .years
        .iter()
        .map(|y| {
            serde_json::json!({
                "value": format!("{:04}", y.year),
                "count": y.articles.len(),
            })
        })
        .collect();
    years.sort_by(|a, b| b["value"].as_str().cmp(&a["value"].as_str()));
    serde_json::to_vec(&serde_json::json!({ "section": sections, "year": years }))
        .unwrap_or_default()
}
