//! The commit journal (`.gazette/journal`). Before a commit changes the output, the paths
//! it will write or remove are appended here and flushed to disk; once the build cache that
//! describes them is saved, the journal is removed. A journal found when a build starts
//! means a commit (or the cache save after it) was cut short: the cache's word on those
//! paths, so the next build rewrites whatever is not
//! what it would write, and removes what it no longer writes.
//!
//! Like the cache, the journal is input (a cloned repository may carry one), so it records
//! the identity of the folder it is about (see [`super::folder_identity`]). Only a journal
//! whose identity is the output folder's own may say which files are Gazette's; any other
//! only makes the pages it lists render again. A path in it that could leave the output
//! folder is ignored.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{Cache, Entry};
use super::disk::{file_hash, plain_files};
use crate::core::OutPath;

const HEADER: &str = "gazette-journal 1";
/// A line that stands for every file in the output folder (a whole new folder moved in).
const WHOLE: &str = "*";

pub struct Journal {
    path: PathBuf,
    /// The output folder's key (as the build cache names it).
    output: String,
}

impl Journal {
    pub fn new(cache_dir: &Path, output_key: &str) -> Journal {
        Journal {
            path: cache_dir.join("journal"),
            output: output_key.to_string(),
        }
    }

    /// Append the paths a commit is about to touch in the folder whose identity is
    /// `folder`, and flush them to disk.
    pub fn record<'a>(
        &self,
        folder: &str,
        paths: impl Iterator<Item = &'a OutPath>,
    ) -> io::Result<()> {
        let mut text = String::new();
        for p in paths {
            text.push_str(p.as_str());
            text.push('\n');
        }
        self.append(folder, &text)
    }

    /// Append that the commit moves in a whole new output folder (identity `folder`).
    pub fn record_whole(&self, folder: &str) -> io::Result<()> {
        self.append(folder, &format!("{WHOLE}\n"))
    }

    fn append(&self, folder: &str, lines: &str) -> io::Result<()> {
        let fresh = !self.path.exists();
        // A link here is not Gazette's: it is removed, never written through.
        if std::fs::symlink_metadata(&self.path).is_ok_and(|m| !m.is_file()) {
            std::fs::remove_file(&self.path)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        let mut text = String::new();
        if fresh {
            text.push_str(&format!("{HEADER}\n{}\n{folder}\n", self.output));
        }
        text.push_str(lines);
        f.write_all(text.as_bytes())?;
        f.sync_all()
    }

    /// The cache is saved: nothing is left to repair.
    pub fn clear(cache_dir: &Path) {
        let _ = std::fs::remove_file(cache_dir.join("journal"));
    }

    /// Whether a commit's journal is left (the last build was cut short while it wrote).
    pub fn exists(cache_dir: &Path) -> bool {
        std::fs::symlink_metadata(cache_dir.join("journal")).is_ok()
    }

    /// If a journal is left for `output` (named `key`), make `cache` say what the disk
    /// holds at each path it lists, and mark every shard to be saved again. Returns a note
    /// for the user when there was something to repair.
    pub fn repair(cache_dir: &Path, output: &Path, key: &str, cache: &mut Cache) -> Option<String> {
        let text = std::fs::read_to_string(cache_dir.join("journal")).ok()?;
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) || lines.next() != Some(key) {
            return None;
        }
        let ours = lines.next() == Some(super::folder_identity(output).as_str());
        let listed: Vec<&str> = lines.collect();
        cache.lost = crate::core::shards::ALL;
        if !ours {
            // Written for another folder, or by someone else: the listed pages are only
            // rendered and compared again.
            for p in listed.iter().filter_map(|p| OutPath::parse(p).ok()) {
                if let Some(e) = cache.files.get_mut(p.as_str()) {
                    e.fingerprint = [0; 32];
                }
            }
            return Some(format!(
                "{} names a commit to another folder; the pages it lists are rendered again",
                cache_dir.join("journal").display()
            ));
        }
        let paths: Vec<OutPath> = if listed.contains(&WHOLE) {
            // The folder was new: whatever the cache said about an older one is void.
            cache.files.clear();
            // (What cannot be read is rendered again anyway.)
            plain_files(output)
                .iter()
                .filter_map(|p| OutPath::parse(p).ok())
                .collect()
        } else {
            listed
                .iter()
                .filter_map(|p| OutPath::parse(p).ok())
                .collect()
        };
        if cache.files.is_empty() || cache.output_dir != key {
            cache.files.clear();
            cache.output_dir = key.to_string();
        }
        cache.output_id = super::folder_identity(output);
        let found: Vec<(OutPath, Option<Entry>)> = paths
            .into_par_iter()
            .map(|p| {
                let entry = on_disk(&output.join(p.as_str()));
                (p, entry)
            })
            .collect();
        let mut emptied = Vec::new();
        for (p, entry) in found {
            match entry {
                Some(e) => {
                    cache.files.insert(p.shared().clone(), e);
                }
                None => {
                    cache.files.remove(p.as_str());
                    emptied.extend(p.folders().last().map(|f| output.join(f)));
                }
            }
        }
        super::writer::remove_empty_dirs(emptied.into_iter().collect(), output);
        Some(format!(
            "the last build was interrupted while it changed {}; what it left there is checked and set right",
            output.display()
        ))
    }
}

/// What the disk holds at `path`, as a cache entry with no fingerprint (so its page is
/// rendered again); `None` when there is no plain file there.
fn on_disk(path: &Path) -> Option<Entry> {
    Some(Entry {
        fingerprint: [0; 32],
        content: file_hash(path).ok()??,
    })
}
