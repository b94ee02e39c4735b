//! The article cache: articles already parsed, by file and stamp (size and modification
//! time), kept in memory between rebuilds (serve, watch) and on disk between builds
//! (`.gazette/articles`), so a build re-reads only the files that changed.

use foldhash::{HashMap, HashMapExt};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::article::Article;
use crate::config::Config;
use crate::core::{Diagnostic, shards};

/// Shared, so that a cached article is not copied for every build that uses it.
pub type Loaded = Result<Arc<Article>, Vec<Diagnostic>>;

/// A file's size and modification time: when both are unchanged, so is the file.
pub type Stamp = (u64, SystemTime);

/// A file's key in the cache: 64 bits of a hash of its path, the same in every build.
pub fn file_key(path: &Path) -> u64 {
    shards::key(path.as_os_str().as_encoded_bytes())
}

/// A stamp as bytes to hash: the size, then the modification time in nanoseconds (`None`
/// for a time before 1970).
pub fn stamp_bytes((len, modified): Stamp) -> Option<[u8; 24]> {
    let nanos = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let mut out = [0; 24];
    out[..8].copy_from_slice(&len.to_le_bytes());
    out[8..].copy_from_slice(&nanos.to_le_bytes());
    Some(out)
}

pub fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

#[derive(Default)]
pub struct ArticleCache {
    /// The configuration and Gazette build the articles were parsed under.
    key: String,
    /// By [`file_key`] (not by path: at a million stories the paths alone take 90 MB, and
    /// each article holds its own). A hit counts only when the article's path matches.
    pub(super) files: HashMap<u64, (Stamp, Loaded)>,
    /// The shards holding a file that was parsed again or removed since the cache was read.
    pub(super) dirty: shards::Mask,
}

/// What is stored on disk: only articles that parsed (files with problems are read again).
#[derive(Deserialize)]
struct Stored {
    key: String,
    files: Vec<(u64, SystemTime, Article)>,
}

/// The same, written from borrowed articles (no copies).
#[derive(Serialize)]
struct StoredRef<'a> {
    key: &'a str,
    files: &'a [(u64, SystemTime, &'a Article)],
}

impl ArticleCache {
    /// Whether it holds no story (nothing parsed or loaded yet).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn key_for(config: &Config) -> String {
        format!(
            "{}\n{}",
            crate::core::build_id(),
            serde_json::to_string(config).unwrap_or_default()
        )
    }

    /// Forget everything when the configuration or Gazette itself changed.
    pub(super) fn check_config(&mut self, config: &Config) {
        let key = Self::key_for(config);
        if self.key != key {
            *self = ArticleCache {
                key,
                files: HashMap::new(),
                dirty: shards::ALL,
            };
        }
    }

    /// Read the cache's shards from disk, in parallel; a missing, damaged or foreign shard
    /// is simply empty (its files are parsed again).
    pub fn load(dir: &Path) -> ArticleCache {
        // Decoded and keyed on every core, names shared as they come in.
        let mut parts = shards::read(dir, |_, b| {
            let stored = postcard::from_bytes::<Stored>(b).ok()?;
            let mut names = super::names::Interner::default();
            let files: Vec<(u64, (Stamp, Loaded))> = stored
                .files
                .into_iter()
                .map(|(len, t, mut a)| {
                    names.article(&mut a);
                    (file_key(&a.path), ((len, t), Ok(Arc::new(a))))
                })
                .collect();
            Some((stored.key, files))
        });
        // Shards written under another configuration or Gazette build are not used.
        parts.sort_by_key(|(shard, _)| *shard);
        let key = parts
            .iter()
            .find_map(|(_, p)| p.as_ref().ok()?.as_ref().map(|(key, _)| key.clone()))
            .unwrap_or_default();
        let mut cache = ArticleCache {
            key,
            ..ArticleCache::default()
        };
        let parts: Vec<Vec<_>> = parts
            .into_iter()
            .filter_map(|(_, part)| match part {
                Ok(Some((key, files))) if key == cache.key => Some(files),
                _ => None,
            })
            .collect();
        cache.files.reserve(parts.iter().map(Vec::len).sum());
        for files in parts {
            cache.files.extend(files);
        }
        cache
    }

    /// The story last parsed from `path`, if it parsed.
    pub fn get(&self, path: &Path) -> Option<&Arc<Article>> {
        match self.files.get(&file_key(path)) {
            Some((_, Ok(a))) if a.path == path => Some(a),
            _ => None,
        }
    }

    /// Record a file parsed outside [`super::load_all_cached`].
    pub fn update(&mut self, path: &Path, stamp: Stamp, article: Arc<Article>) {
        let key = file_key(path);
        self.touch(key);
        self.files.insert(key, (stamp, Ok(article)));
    }

    /// Forget the file at `path` (deleted since it was parsed).
    pub fn remove(&mut self, path: &Path) {
        let key = file_key(path);
        if self.files.remove(&key).is_some() {
            self.touch(key);
        }
    }

    /// Mark the shard holding the file with `key` as needing to be written.
    pub(super) fn touch(&mut self, key: u64) {
        self.dirty |= shards::bit(shards::of_key(key));
    }

    /// Write the shards that changed (each to a temporary file, then renamed).
    pub fn save(&mut self, dir: &Path) -> std::io::Result<()> {
        if self.dirty == 0 {
            return Ok(());
        }
        let mut parts: Vec<Vec<(u64, SystemTime, &Article)>> = vec![Vec::new(); shards::COUNT];
        for (key, ((len, t), loaded)) in &self.files {
            let shard = shards::of_key(*key);
            if let (true, Ok(a)) = (self.dirty & shards::bit(shard) != 0, loaded) {
                parts[shard].push((*len, *t, &**a));
            }
        }
        parts
            .par_iter_mut()
            .for_each(|files| files.sort_unstable_by(|a, b| a.2.path.cmp(&b.2.path)));
        let key = &self.key;
        let encode = |shard: usize| {
            let stored = StoredRef {
                key,
                files: &parts[shard],
            };
            postcard::to_stdvec(&stored).map_err(std::io::Error::other)
        };
        // No fsync: this cache only saves time, and a torn shard is ignored on the next load.
        shards::write(dir, self.dirty, encode, false)?;
        self.dirty = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_saved_loads_again() {
        let dir = tempfile::tempdir().unwrap();
        let site = crate::config::parse(Path::new("site.toml"), dir.path(), "").unwrap();
        let file = dir.path().join("content/a/2021-01-01-x.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "+++\ntitle = \"X\"\n+++\nBody.\n").unwrap();
        let opts = super::super::LoadOptions {
            switches: Default::default(),
            now: chrono::Utc::now(),
        };
        let mut cache = ArticleCache::default();
        let files = || super::super::listing::stamped_files(&site.content_dir());
        let first = super::super::load_all_cached(&site, opts, &mut cache, &files()).articles;
        let path = dir.path().join(".gazette/articles");
        cache.save(&path).unwrap();
        let mut back = ArticleCache::load(&path);
        assert_eq!(back.files.len(), 1);
        let again = super::super::load_all_cached(&site, opts, &mut back, &files()).articles;
        assert_eq!(again[0].title, first[0].title);
        assert_eq!(back.dirty, 0, "nothing was parsed again");
    }
}
