//! Finding article files under `content/` and turning each into an [`Article`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use super::article::Article;
use super::cache::{ArticleCache, Loaded, Stamp, file_key, stamp};
use super::frontmatter;
use crate::config::Site;
use crate::core::{Diagnostic, Switches, is_article_file};

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub switches: Switches,
    pub now: DateTime<Utc>,
}

/// Every article file under `dir`, sorted.
pub fn find_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_article_file(e.path()))
        .map(|e| e.into_path())
        .collect();
    // Byte order: comparing paths component by component is slow on large archives.
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    files
}

/// Story files with their stamps (`None`: it could not be read), in byte order of the
/// paths.
pub type Listing = Vec<(PathBuf, Option<Stamp>)>;

/// Every story file under `dir` with its stamp (`None`: it could not be read), in byte order
/// of the paths; stamped on every core.
pub fn stamped_files(dir: &Path) -> Listing {
    find_files(dir)
        .into_par_iter()
        .map(|path| {
            let st = stamp(&path);
            (path, st)
        })
        .collect()
}

/// `files` (as [`stamped_files`] listed `dir` before) brought up to date with the paths
/// that changed since, as a file watcher reports them: only those are looked at again.
/// `None` when a change is not a story file's (a folder, a file outside `dir`): list
/// `dir` again then.
pub fn restamp(dir: &Path, mut files: Listing, changed: &[PathBuf]) -> Option<Listing> {
    for path in changed {
        let rel = path.strip_prefix(dir).ok()?;
        // What the walk skips: hidden files and folders, anything not a story.
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."));
        if hidden || !is_article_file(path) {
            return None;
        }
        let place = files.binary_search_by(|(p, _)| p.as_os_str().cmp(path.as_os_str()));
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return None,
            Ok(_) => {
                let entry = (path.clone(), stamp(path));
                match place {
                    Ok(i) => files[i] = entry,
                    Err(i) => files.insert(i, entry),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Ok(i) = place {
                    files.remove(i);
                }
            }
            Err(_) => return None,
        }
    }
    Some(files)
}

/// What [`load_all_cached`] found.
pub struct Found {
    /// The stories to publish (drafts and future stories filtered out as asked).
    pub articles: Vec<Arc<Article>>,
    /// Every problem, in file order.
    pub errors: Vec<Diagnostic>,
    /// The earliest date after now of any story the build may show (hidden drafts aside),
    /// shown yet or not: when the site changes without any file changing.
    pub next_date: Option<DateTime<FixedOffset>>,
}

/// Load every article of the site in parallel. Returns the articles to publish (drafts and
/// future stories filtered by `opts`) and every problem found, in file order.
pub fn load_all(site: &Site, opts: LoadOptions) -> (Vec<Arc<Article>>, Vec<Diagnostic>) {
    let files = stamped_files(&site.content_dir());
    let found = load_all_cached(site, opts, &mut ArticleCache::default(), &files);
    (found.articles, found.errors)
}

/// [`load_all`] over `files` (from [`stamped_files`]), parsing only those whose stamp
/// differs from the cache's.
pub fn load_all_cached(
    site: &Site,
    opts: LoadOptions,
    cache: &mut ArticleCache,
    files: &[(PathBuf, Option<Stamp>)],
) -> Found {
    cache.check_config(&site.config);
    // The cache is updated in place: after one edit, rebuilding a map of 100,000 entries
    // would cost more than the edit.
    let old = &cache.files;
    let results: Vec<(u64, Option<Stamp>, Loaded, bool)> = files
        .par_iter()
        .map(|(path, st)| {
            let (path, st) = (path.as_path(), *st);
            let key = file_key(path);
            if let (Some(st), Some((old_st, loaded))) = (st, old.get(&key))
                && st == *old_st
                && loaded.as_ref().is_ok_and(|a| a.path == path)
            {
                return (key, Some(st), loaded.clone(), false);
            }
            let loaded = match std::fs::read(path) {
                Ok(bytes) => load_article(site, path, &bytes).map(Arc::new),
                Err(e) => Err(vec![Diagnostic::new(
                    path,
                    0,
                    0,
                    format!("cannot read file: {e}"),
                )]),
            };
            (key, st, loaded, true)
        })
        .collect();
    let mut articles = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    let mut next_date = None;
    let mut listed = 0;
    for (key, st, r, parsed) in results {
        listed += usize::from(st.is_some());
        if parsed {
            cache.touch(key);
            match st {
                Some(st) => cache.files.insert(key, (st, r.clone())),
                None => cache.files.remove(&key),
            };
        }
        match r {
            Ok(a) => {
                let hidden_draft = a.draft && !opts.switches.drafts;
                if a.date > opts.now && !hidden_draft {
                    next_date =
                        Some(next_date.map_or(a.date, |d: DateTime<FixedOffset>| d.min(a.date)));
                }
                if hidden_draft || (a.date > opts.now && !opts.switches.future) {
                    continue;
                }
                articles.push(a);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    // Files that are gone: the cache holds more than was listed.
    if cache.files.len() > listed {
        let keys: std::collections::HashSet<u64> = files
            .iter()
            .filter(|(_, st)| st.is_some())
            .map(|(path, _)| file_key(path))
            .collect();
        let mut gone = Vec::new();
        cache.files.retain(|key, _| {
            keys.contains(key) || {
                gone.push(*key);
                false
            }
        });
        for key in gone {
            cache.touch(key);
        }
    }
    Found {
        articles,
        errors,
        next_date,
    }
}

/// Parse one article file's bytes.
pub fn load_article(site: &Site, path: &Path, bytes: &[u8]) -> Result<Article, Vec<Diagnostic>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return Err(vec![
                Diagnostic::at_offset(path, valid, valid.len(), 1, "the file is not valid UTF-8")
                    .with_hint("save the file as UTF-8 in your editor"),
            ]);
        }
    };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &text[bom..];
    let split = frontmatter::split(path, text).map_err(|d| vec![d])?;
    let fm = frontmatter::parse(path, &split).map_err(|d| vec![d])?;
    let body = &text[split.body_offset..];
    super::derive::article(site, path, text, &split, fm, body, bom)
}
