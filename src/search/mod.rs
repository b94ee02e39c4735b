//! Full-text search: the static index under `public/search/` that the search page queries.
//!
//! Every published story becomes one [`record::Record`] built from the build's own article
//! data (headline, standfirst, body text from the Markdown, date, section, tags, dateline,
//! URL), never from the written HTML. The archive is indexed in [`Shard`]s by publication
//! date: the `pagefind` crate turns each shard's records into a static, chunked index of
//! its own under `shards/<key>/` in [`DIR`], which the search page queries newest first
//! with `pagefind.js`. A shard is indexed again only when its [`Shard::fingerprint`]
//! changes; [`catalogue`] lists the shards for the page.

mod index;
mod record;
mod shards;
mod text;

pub use record::Record;
pub use shards::{Shard, YEAR_LIMIT, shards};

use crate::archive::Archive;
use crate::config::Site;
use crate::plan::Plan;

/// Folder of the index inside the output directory.
pub const DIR: &str = crate::plan::urls::SEARCH_DIR;

/// The records of the stories at `range` of the archive.
fn records(
    site: &Site,
    archive: &Archive,
    plan: &Plan,
    range: std::ops::Range<usize>,
) -> Result<Vec<Record>, String> {
    let language = record::language(site);
    range
        .map(|i| record::record(site, archive, plan, i, &language))
        .collect()
}

/// The file the search page fills its filter menus from, beside Pagefind's files.
pub const FILTERS_FILE: &str = "gazette-filters.json";

/// The file that lists the shards for the search page, newest first.
pub const SHARDS_FILE: &str = "gazette-shards.json";

/// Where a shard's index lives, relative to the output folder.
pub fn shard_dir(key: &str) -> String {
    format!("{DIR}shards/{key}/")
}

/// One shard's index files, as (path relative to the output folder, bytes): its own under
/// [`shard_dir`], and Pagefind's script, the same for every shard, in [`DIR`].
pub fn index_shard(
    site: &Site,
    archive: &Archive,
    plan: &Plan,
    shard: &Shard,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let records = records(site, archive, plan, shard.stories.clone())?;
    let dir = shard_dir(&shard.key);
    Ok(index::bundle(records)?
        .into_iter()
        .map(|(path, bytes)| match path.as_str() {
            "pagefind.js" => (format!("{DIR}{path}"), bytes),
            _ => (format!("{dir}{path}"), bytes),
        })
        .collect())
}

/// The small files the search page starts from: the shards (key, year, story count) newest
/// first, and the filter menus' values.
pub fn catalogue(archive: &Archive, shards: &[Shard]) -> Vec<(String, Vec<u8>)> {
    let list: Vec<serde_json::Value> = shards
        .iter()
        .map(|s| {
            serde_json::json!({
                "key": s.key,
                "year": format!("{:04}", s.year),
                "stories": s.stories.len(),
            })
        })
        .collect();
    let list = serde_json::to_vec(&serde_json::json!({ "shards": list })).unwrap_or_default();
    vec![
        (format!("{DIR}{FILTERS_FILE}"), filter_values(archive)),
        (format!("{DIR}{SHARDS_FILE}"), list),
    ]
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
