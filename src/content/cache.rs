//! The article cache: articles already parsed, by file and stamp (size and modification
//! time), kept in memory between rebuilds (serve, watch) and on disk between builds
//! (`.gazette/articles`), so a build re-reads only the files that changed.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::article::Article;
use super::diagnostic::Diagnostic;
use crate::config::Config;

/// Shared, so that a cached article is not copied for every build that uses it.
pub type Loaded = Result<Arc<Article>, Vec<Diagnostic>>;

/// A file's size and modification time: when both are unchanged, so is the file.
pub type Stamp = (u64, SystemTime);

pub fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

#[derive(Default)]
pub struct ArticleCache {
    /// The configuration and Gazette build the articles were parsed under.
    key: String,
    /// By file path (as bytes: hashing a `Path` walks its components, which is slow).
    pub(super) files: HashMap<OsString, (Stamp, Loaded)>,
    /// Something was parsed or removed since the cache was read.
    pub(super) changed: bool,
}

/// What is stored on disk: only articles that parsed (files with problems are read again).
#[derive(Deserialize)]
struct Stored {
    key: String,
    files: Vec<(PathBuf, u64, SystemTime, Article)>,
}

/// The same, written from borrowed articles (no copies).
#[derive(Serialize)]
struct StoredRef<'a> {
    key: &'a str,
    files: Vec<(&'a Path, u64, SystemTime, &'a Article)>,
}

impl ArticleCache {
    fn key_for(config: &Config) -> String {
        format!(
            "{}\n{}",
            crate::build_id(),
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
                changed: true,
            };
        }
    }

    /// Read the cache from disk; a missing, damaged or foreign one is simply empty.
    pub fn load(path: &Path) -> ArticleCache {
        let Ok(bytes) = std::fs::read(path) else {
            return ArticleCache::default();
        };
        match postcard::from_bytes::<Stored>(&bytes) {
            Ok(stored) => ArticleCache {
                key: stored.key,
                files: stored
                    .files
                    .into_iter()
                    .map(|(p, len, t, a)| (p.into_os_string(), ((len, t), Ok(Arc::new(a)))))
                    .collect(),
                changed: false,
            },
            Err(_) => ArticleCache::default(),
        }
    }

    /// Write the cache when something changed (temporary file, then rename).
    pub fn save(&mut self, path: &Path) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let mut files: Vec<(&Path, u64, SystemTime, &Article)> = self
            .files
            .iter()
            .filter_map(|(p, ((len, t), loaded))| {
                loaded.as_ref().ok().map(|a| (Path::new(p), *len, *t, &**a))
            })
            .collect();
        files.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        let stored = StoredRef {
            key: &self.key,
            files,
        };
        let bytes = postcard::to_stdvec(&stored).map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        // No fsync: this cache only saves time, and a torn file is ignored on the next load.
        std::fs::File::create(&tmp)?.write_all(&bytes)?;
        std::fs::rename(&tmp, path)?;
        self.changed = false;
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
            drafts: false,
            future: false,
            now: chrono::Utc::now(),
        };
        let mut cache = ArticleCache::default();
        let (first, _) = super::super::load_all_cached(&site, opts, &mut cache);
        let path = dir.path().join(".gazette/articles");
        cache.save(&path).unwrap();
        let mut back = ArticleCache::load(&path);
        assert_eq!(back.files.len(), 1);
        let (again, _) = super::super::load_all_cached(&site, opts, &mut back);
        assert_eq!(again[0].title, first[0].title);
        assert!(!back.changed, "nothing was parsed again");
    }
}
