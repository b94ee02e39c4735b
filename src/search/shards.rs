//! The search index in shards: the archive's stories split by publication date, each shard
//! indexed by Pagefind on its own (so memory is bounded by the shard, and shards are built
//! on all cores) and rebuilt only when one of its stories changed.
//!
//! A shard is a calendar year of stories; a year of more than [`YEAR_LIMIT`] stories is a
//! shard per month instead. Boundaries are dates, not counts, so a story's shard does not
//! change when stories are added elsewhere; a news archive grows at its newest end, so
//! mostly its newest shard changes. (A year that grows past the limit is split once.)

use std::ops::Range;

use crate::archive::Archive;
use crate::core::Hash;
use crate::plan::Plan;

/// The most stories a year's shard holds before the year is split into months: small
/// enough that re-indexing one takes about a second.
pub const YEAR_LIMIT: usize = 2000;

/// One shard: a run of the archive's stories (newest first), all of one year or month.
#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    /// `2021` or `2021-09`: its folder's name under `shards/`.
    pub key: String,
    pub year: i32,
    /// Indices into the archive's stories.
    pub stories: Range<usize>,
    /// Changes whenever the text or front matter of one of its stories changes.
    pub fingerprint: Hash,
}

/// The archive's shards, newest first.
pub fn shards(archive: &Archive, plan: &Plan) -> Vec<Shard> {
    let mut out = Vec::new();
    for y in &archive.years {
        if y.articles.len() <= YEAR_LIMIT {
            out.push(shard(
                format!("{:04}", y.year),
                y.year,
                y.articles.clone(),
                archive,
                plan,
            ));
        } else {
            for m in &y.months {
                let key = format!("{:04}-{:02}", m.year, m.month);
                out.push(shard(key, y.year, m.articles.clone(), archive, plan));
            }
        }
    }
    // Newest first, as the search page asks them (the keys of one year have one form).
    out.sort_by(|a, b| b.key.cmp(&a.key));
    out
}

fn shard(key: String, year: i32, stories: Range<usize>, archive: &Archive, plan: &Plan) -> Shard {
    let mut h = blake3::Hasher::new();
    h.update(b"search-shard-v1");
    h.update(&plan.global);
    h.update(key.as_bytes());
    for i in stories.clone() {
        h.update(&archive.articles[i].file_hash);
        h.update(&plan.entry_hashes[i]);
    }
    Shard {
        key,
        year,
        stories,
        fingerprint: *h.finalize().as_bytes(),
    }
}
