//! Finding article files under `content/` and turning each into an [`Article`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use super::article::{Article, Correction, Details};
use super::cache::{ArticleCache, Loaded, Stamp, file_key, stamp};
use super::frontmatter::{self, FrontMatter};
use super::names::intern;
use crate::config::Site;
use crate::core::{
    DATE_FORMATS, DateValue, Diagnostic, Switches, date_prefix, first_paragraph, is_article_file,
    slugify,
};

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
    derive(site, path, text, &split, fm, body, bom)
}

fn derive(
    site: &Site,
    path: &Path,
    text: &str,
    split: &frontmatter::Split,
    fm: FrontMatter,
    body: &str,
    bom: usize,
) -> Result<Article, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let header = split.header;
    let at = |key: &str| {
        let (line, col) = crate::core::locate_key(header, key);
        (line + split.header_line - 1, col)
    };
    let error = |key: &str, message: String, hint: &str| {
        let (l, c) = at(key);
        Diagnostic::new(path, l, c, message).with_hint(hint)
    };

    let content_dir = site.content_dir();
    let rel = path.strip_prefix(&content_dir).unwrap_or(path);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    // `story/index.md` is named after its folder.
    let name = if stem == "index" {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    let prefix = date_prefix(name);

    let title = fm.title.trim().to_string();
    if title.is_empty() {
        errors.push(error(
            "title",
            "the title is empty".into(),
            "write the headline in `title`",
        ));
    }

    let tz = site.tz;
    let resolve = |v: DateValue, key: &str, errors: &mut Vec<Diagnostic>| {
        let r = v.resolve(tz);
        if r.is_none() {
            errors.push(error(
                key,
                format!("`{key}` names a local time that does not exist in {tz}"),
                "daylight-saving time skips it; give an offset or another time",
            ));
        }
        r
    };
    let date = match (fm.date, prefix) {
        (Some(v), _) => resolve(v, "date", &mut errors),
        (None, Some((d, _))) => d
            .and_hms_opt(0, 0, 0)
            .and_then(|n| DateValue::Local(n).resolve(tz)),
        (None, None) => {
            errors.push(error(
                "title",
                "the article has no date".into(),
                &format!("add `date` to the front matter ({DATE_FORMATS}), or start the file name with `YYYY-MM-DD-`"),
            ));
            None
        }
    };
    let updated = fm.updated.and_then(|v| resolve(v, "updated", &mut errors));
    let corrections = fm
        .corrections
        .into_iter()
        .filter_map(|c| {
            resolve(c.date, "corrections", &mut errors)
                .map(|date| Correction { date, note: c.note })
        })
        .collect();

    let (slug, slug_from) = match &fm.slug {
        Some(s) => (slugify(s), "slug"),
        None => match prefix {
            Some((_, rest)) if !rest.is_empty() => (slugify(rest), "title"),
            Some(_) => (slugify(&title), "title"),
            None => (slugify(name), "title"),
        },
    };
    let slug = if slug.is_empty() {
        slugify(&title)
    } else {
        slug
    };
    if slug.is_empty() && !title.is_empty() {
        errors.push(error(
            slug_from,
            format!("cannot make a URL slug from `{title}`"),
            "add `slug = \"some-words\"` to the front matter",
        ));
    }

    let section = match &fm.section {
        Some(s) => slugify(s),
        None => match rel.components().count() {
            0 | 1 => crate::config::DEFAULT_SECTION.to_string(),
            _ => rel
                .components()
                .next()
                .map(|c| slugify(&c.as_os_str().to_string_lossy()))
                .unwrap_or_default(),
        },
    };
    if section.is_empty() {
        errors.push(error(
            "section",
            "the section name is empty".into(),
            "use a name like `world`",
        ));
    }

    for alias in &fm.aliases {
        if !alias.starts_with('/')
            || alias.split('/').any(|s| s == ".." || s == ".")
            || alias.contains('\\')
        {
            errors.push(error(
                "aliases",
                format!("alias `{alias}` must be a path inside the site starting with `/`"),
                "write old URLs like `/news/old-story/`",
            ));
        }
    }
    let clean = |v: Vec<String>| -> Vec<Arc<str>> {
        let mut out: Vec<Arc<str>> = Vec::with_capacity(v.len());
        for s in v {
            let s = s.trim();
            if !s.is_empty() && !out.iter().any(|o| slugify(o) == slugify(s)) {
                out.push(intern(s));
            }
        }
        out
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(date) = date else {
        return Err(errors);
    };
    let summary = match fm.summary {
        Some(s) => s.trim().to_string(),
        None => first_paragraph(body),
    };
    Ok(Article {
        path: path.to_path_buf(),
        file_hash: *blake3::hash(text.as_bytes()).as_bytes(),
        body_offset: bom + split.body_offset,
        title,
        slug,
        section: intern(&section),
        date,
        tags: clean(fm.tags),
        authors: clean(fm.authors),
        dateline: fm
            .dateline
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .map(|d| intern(&d)),
        summary,
        draft: fm.draft,
        more: Details {
            updated,
            image: fm.image,
            image_alt: fm.image_alt,
            corrections,
            aliases: fm.aliases,
            extra: fm.extra,
            source: fm.source,
            source_url: fm.source_url,
        }
        .boxed(),
        slug_line: at("slug").0,
    })
}
