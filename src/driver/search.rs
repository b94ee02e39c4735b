//! The build's search step: the shards whose stories changed are indexed again, on all
//! cores, each staged as soon as it is built (so memory holds a shard or two, never the
//! archive's index); the others keep their files and cache entries as they are.

use foldhash::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Loaded;
use crate::core::{Diagnostic, Hash, OutPath, shards};
use crate::output::{Cache, Entry, Writer};
use crate::search::{self, DIR, Shard};

/// Keep the previous search index's files as they are.
pub(super) fn keep_search_index(old: &Cache, new: &mut Cache) {
    for (k, e) in old.files.iter().filter(|(k, _)| k.starts_with(DIR)) {
        new.files.insert(k.clone(), *e);
    }
}

/// What one file of the index came to: its cache entry, and whether it was staged.
struct Indexed {
    path: Arc<str>,
    entry: Entry,
    written: bool,
}

/// Stage the index files of every shard whose fingerprint changed (all of them when
/// `clean`) and the catalogue; keep the other shards' files. Returns the files written and
/// the number unchanged.
pub(super) fn search_index(
    loaded: &Loaded,
    old: &Cache,
    new: &mut Cache,
    writer: &Writer,
    clean: bool,
) -> Result<(Vec<Arc<str>>, usize), Diagnostic> {
    let (site, archive, plan) = (&loaded.site, &loaded.archive, &loaded.plan);
    let shards = search::shards(archive, plan);
    let previous = previous_shards(old);
    let mut kept: Vec<(&Arc<str>, &Entry)> = Vec::new();
    let mut dirty: Vec<&Shard> = Vec::new();
    for shard in &shards {
        match previous.get(shard.key.as_str()) {
            Some(files)
                if !clean
                    && files
                        .iter()
                        .all(|(_, e)| e.fingerprint == shard.fingerprint) =>
            {
                kept.extend(files);
            }
            _ => dirty.push(shard),
        }
    }
    let mut unchanged = kept.len();
    new.files
        .insert_each(kept.len(), |i| Some((kept[i].0, *kept[i].1)));
    let stage = |path: String, bytes: &[u8], fingerprint: Hash| -> Result<Indexed, String> {
        let checked =
            OutPath::parse(&path).map_err(|why| format!("search index file {path}: {why}"))?;
        let content = *blake3::hash(bytes).as_bytes();
        let same = !clean
            && old
                .files
                .get(checked.as_str())
                .is_some_and(|e| e.content == content);
        if !same {
            writer.stage(&checked, bytes).map_err(|e| e.to_string())?;
        }
        Ok(Indexed {
            path: checked.shared().clone(),
            entry: Entry {
                fingerprint,
                content,
            },
            written: !same,
        })
    };
    let built: Vec<Result<Vec<Indexed>, String>> = dirty
        .par_iter()
        .map(|shard| {
            let files = search::index_shard(site, archive, plan, shard)?;
            files
                .into_iter()
                // Pagefind's script is the same in every shard: the newest shard's is kept.
                .filter(|(path, _)| !is_script(path) || Some(*shard) == dirty.first().copied())
                .map(|(path, bytes)| stage(path, &bytes, shard.fingerprint))
                .collect()
        })
        .collect();
    let global = plan.global;
    let mut indexed = Vec::new();
    for files in built {
        indexed.extend(files.map_err(|m| index_error(loaded, &m))?);
    }
    for (path, bytes) in search::catalogue(archive, &shards) {
        indexed.push(stage(path, &bytes, global).map_err(|m| index_error(loaded, &m))?);
    }
    if dirty.is_empty() {
        // No shard was indexed: Pagefind's script stays as it was.
        for (k, e) in old.files.iter().filter(|(k, _)| is_script(k)) {
            new.files.insert(k.clone(), *e);
            unchanged += 1;
        }
    }
    let mut written = Vec::new();
    for f in indexed {
        if f.written {
            written.push(f.path.clone());
        } else {
            unchanged += 1;
        }
        new.files.insert(f.path, f.entry);
    }
    Ok((written, unchanged))
}

/// Whether `path` is Pagefind's script, which the search page loads once for all shards.
fn is_script(path: &str) -> bool {
    path.strip_prefix(DIR) == Some("pagefind.js")
}

/// The last build's index files, by the shard they belong to (looked for on every core).
fn previous_shards(old: &Cache) -> HashMap<&str, Vec<(&Arc<str>, &Entry)>> {
    let prefix = format!("{DIR}shards/");
    let found: Vec<(&str, (&Arc<str>, &Entry))> = (0..shards::COUNT)
        .into_par_iter()
        .flat_map_iter(|shard| {
            old.files.shard(shard).iter().filter_map(|(k, e)| {
                let rest = k.strip_prefix(prefix.as_str())?;
                Some((rest.split('/').next()?, (k, e)))
            })
        })
        .collect();
    let mut by_shard: HashMap<&str, Vec<(&Arc<str>, &Entry)>> = HashMap::default();
    for (key, file) in found {
        by_shard.entry(key).or_default().push(file);
    }
    by_shard
}

fn index_error(loaded: &Loaded, message: &str) -> Diagnostic {
    Diagnostic::new(
        &loaded.site.root,
        0,
        0,
        format!("cannot build the search index: {message}"),
    )
}
