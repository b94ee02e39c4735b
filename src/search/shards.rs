//! The search index in shards: the archive's stories split by publication date, each shard
//! indexed by Pagefind on its own (so memory is bounded by the shard, and shards are built
//! on all cores) and rebuilt only when one of its stories changed.
//!
//! A shard is a calendar year of stories; a year of more than [`YEAR_LIMIT`] stories is a
//! shard per month instead. Boundaries are dates, not counts, so a story's shard does not
//! change when stories are added elsewhere; a news archive grows at its newest end, so
//! mostly its newest shard changes. (A year that grows past the limit is split once.)

use std::ops::Range;

use rayon::prelude::*;

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

/// The archive's shards, newest first, their fingerprints made on every core.
pub fn shards(archive: &Archive, plan: &Plan) -> Vec<Shard> {
    let mut runs: Vec<(String, i32, Range<usize>)> = Vec::new();
    for y in &archive.years {
        if y.articles.len() <= YEAR_LIMIT {
            runs.push((format!("{:04}", y.year), y.year, y.articles.clone()));
        } else {
            for m in &y.months {
                let key = format!("{:04}-{:02}", m.year, m.month);
                runs.push((key, y.year, m.articles.clone()));
            }
        }
    }
    // Newest first, as the search page asks them (the keys of one year have one form).
    runs.sort_by(|a, b| b.0.cmp(&a.0));
    runs.into_par_iter()
        .map(|(key, year, stories)| shard(key, year, stories, archive, plan))
        .collect()
}

fn shard(key: String, year: i32, stories: Range<usize>, archive: &Archive, plan: &Plan) -> Shard {
    // Gathered, then hashed in one call: BLAKE3 hashes a long input many chunks at a time.
    let mut bytes = Vec::with_capacity(64 + key.len() + 64 * stories.len());
    bytes.extend_from_slice(b"search-shard-v1");
    bytes.extend_from_slice(&plan.global);
    bytes.extend_from_slice(key.as_bytes());
    for i in stories.clone() {
        bytes.extend_from_slice(&archive.articles[i].file_hash);
        bytes.extend_from_slice(&plan.entry_hashes[i]);
    }
    Shard {
        key,
        year,
        stories,
        fingerprint: *blake3::hash(&bytes).as_bytes(),
    }
}
