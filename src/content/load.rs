//! Finding article files under `content/` and turning each into an [`Article`].

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use super::article::Article;
use super::cache::{ArticleCache, Loaded, Stamp, file_key};
use super::frontmatter;
use super::listing::{Listing, STORIES, stamped_files};
use super::page_file::{PageFile, load_page_file};
use super::section_file::{SectionFile, load_section_file};
use crate::config::Site;
use crate::core::{Diagnostic, Switches, is_page_file, is_section_file, unreadable};

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub switches: Switches,
    pub now: DateTime<Utc>,
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
    /// The sections' own files (`_index.md`), by path.
    pub sections: Vec<SectionFile>,
    /// The standalone pages to publish (`content/pages/`), by path.
    pub pages: Vec<PageFile>,
}

/// Load every article of the site in parallel. Returns the articles to publish (drafts and
/// future stories filtered by `opts`) and every problem found, in file order.
pub fn load_all(site: &Site, opts: LoadOptions) -> (Vec<Arc<Article>>, Vec<Diagnostic>) {
    let files = stamped_files(&site.content_dir());
    let found = load_all_cached(site, opts, &mut ArticleCache::default(), &files);
    (found.articles, found.errors)
}

/// [`load_all`] over `listing` (from [`stamped_files`]), parsing only the files whose
/// stamp differs from the cache's; the listing's problems come first among the errors.
pub fn load_all_cached(
    site: &Site,
    opts: LoadOptions,
    cache: &mut ArticleCache,
    listing: &Listing,
) -> Found {
    // Sections' own files and standalone pages are not stories: read apart (there are
    // few), never cached.
    let content = site.content_dir();
    let (apart, files): (Vec<_>, Vec<_>) = listing
        .files
        .iter()
        .partition(|(path, _)| is_section_file(path) || is_page_file(&content, path));
    let (page_files, section_files): (Vec<_>, Vec<_>) = apart
        .into_iter()
        .partition(|(path, _)| is_page_file(&content, path));
    let files = &files;
    // Keyed on the home edition's configuration: every edition parses stories alike.
    cache.check_config(&site.home.config);
    // The cache is updated in place: after one edit, rebuilding a map of 100,000 entries
    // would cost more than the edit.
    let old = &cache.files;
    let results: Vec<(u64, Option<Stamp>, Loaded, bool)> = files
        .par_iter()
        .map(|&(path, st)| {
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
                Err(e) => Err(vec![unreadable(path, &e, STORIES)]),
            };
            (key, st, loaded, true)
        })
        .collect();
    let mut articles = Vec::with_capacity(results.len());
    let mut errors = listing.problems.clone();
    let mut sections = Vec::new();
    for (path, _) in section_files {
        let read = std::fs::read(path).map_err(|e| unreadable(path, &e, STORIES));
        match read.and_then(|bytes| load_section_file(&site.content_dir(), path, &bytes)) {
            Ok(s) => sections.push(s),
            Err(e) => errors.push(e),
        }
    }
    let mut pages = Vec::new();
    for (path, _) in page_files {
        let read = std::fs::read(path).map_err(|e| unreadable(path, &e, STORIES));
        match read.and_then(|bytes| load_page_file(site, path, &bytes)) {
            Ok(p) if p.draft && !opts.switches.drafts => {}
            Ok(p) => pages.push(p),
            Err(e) => errors.push(e),
        }
    }
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
        sections,
        pages,
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
    let body = &text[split.body_offset..];
    let faults = match frontmatter::parse(path, &split) {
        Ok(fm) => return super::derive::article(site, path, text, &split, fm, body, bom),
        Err(faults) => faults,
    };
    // The fields that were good are checked too, so that one run reports every fault.
    let mut errors = faults.errors;
    if let Some(fm) = faults.front
        && let Err(more) = super::derive::article(site, path, text, &split, *fm, body, bom)
    {
        errors.extend(more);
    }
    Err(errors)
}
