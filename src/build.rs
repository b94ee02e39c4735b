//! The build pipeline: load → index → plan → render → write, reporting every problem.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Utc;
use rayon::prelude::*;

use crate::archive::Archive;
use crate::config::{self, Site};
use crate::content::{self, ArticleCache, Diagnostic, LoadOptions};
use crate::output::{Cache, Writer, cache, guard};
use crate::plan::{Flags, Page, Plan};
use crate::render::Renderer;
use crate::render::theme::Theme;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include drafts.
    pub drafts: bool,
    /// Include stories dated after now.
    pub future: bool,
    /// Ignore the build cache and render every route.
    pub clean: bool,
    /// Write into an output directory that holds files Gazette did not write.
    pub force: bool,
    /// Show a progress bar on a terminal.
    pub progress: bool,
    /// Leave the search index as it is; [`Session::update_search`] brings it up to date
    /// later (the dev server does, after the changed pages are live).
    pub defer_search: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub stories: usize,
    pub pages: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub seconds: f64,
    /// Paths (relative to the output directory) written or removed by this build.
    pub changed: Vec<String>,
    /// Things worth telling the user that are not errors (an ignored cache, say).
    pub notes: Vec<String>,
    /// Seconds spent in each stage, in pipeline order.
    pub timings: Vec<(&'static str, f64)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} stories, {} pages: {} written, {} unchanged, {} removed in {:.2} s",
            self.stories, self.pages, self.written, self.unchanged, self.removed, self.seconds
        )
    }
}

#[derive(Debug)]
pub enum Error {
    /// Problems in the user's files: every one found.
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    Output(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Content(ds) => {
                for d in ds {
                    writeln!(f, "error: {d}")?;
                }
                write!(
                    f,
                    "{} problem{} found; nothing was written",
                    ds.len(),
                    if ds.len() == 1 { "" } else { "s" }
                )
            }
            Error::Output(m) => write!(f, "error: {m}"),
        }
    }
}

/// Everything the build knows about the site before rendering.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub archive: Archive,
    pub plan: Plan,
    /// Seconds spent in load, index and plan.
    pub timings: Vec<(&'static str, f64)>,
}

/// Load, index and plan the site; all problems are returned together.
pub fn load(root: &Path, opts: &Options) -> Result<Loaded, Error> {
    load_cached(root, opts, &mut ArticleCache::default())
}

/// [`load`], re-reading only the articles that changed since `articles` was filled.
pub fn load_cached(
    root: &Path,
    opts: &Options,
    articles: &mut ArticleCache,
) -> Result<Loaded, Error> {
    let clock = Instant::now();
    let site = config::load(root).map_err(Error::Content)?;
    let theme = Theme::load(&site);
    let now = Utc::now();
    let (articles, mut errors) = content::load_all_cached(
        &site,
        LoadOptions {
            drafts: opts.drafts,
            future: opts.future,
            now,
        },
        articles,
    );
    let theme = match theme {
        Ok(t) => t,
        Err(mut e) => {
            errors.append(&mut e);
            return Err(Error::Content(errors));
        }
    };
    if !errors.is_empty() {
        return Err(Error::Content(errors));
    }
    let mut timings = vec![("load", clock.elapsed().as_secs_f64())];
    let clock = Instant::now();
    let archive = Archive::build(&site, articles);
    timings.push(("index", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    let flags = Flags {
        drafts: opts.drafts,
        future: opts.future,
    };
    let plan = Plan::build(&site, &archive, &theme, flags, now).map_err(Error::Content)?;
    timings.push(("plan", clock.elapsed().as_secs_f64()));
    Ok(Loaded {
        site,
        theme,
        archive,
        plan,
        timings,
    })
}

/// Build the site in `root` into its output directory.
pub fn build(root: &Path, opts: &Options) -> Result<Report, Error> {
    Session::new(root, *opts).rebuild()
}

/// A build that can run again: `serve` and `watch` keep one alive so each rebuild re-reads
/// only the files that changed and compares against the fingerprints in memory.
pub struct Session {
    pub root: PathBuf,
    pub opts: Options,
    articles: ArticleCache,
    /// The build cache as the last successful build left it (`None`: read it from disk).
    cache: Option<Cache>,
    /// What the last successful build loaded.
    pub last: Option<Loaded>,
}

impl Session {
    pub fn new(root: &Path, opts: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            opts,
            articles: ArticleCache::default(),
            cache: None,
            last: None,
        }
    }

    pub fn rebuild(&mut self) -> Result<Report, Error> {
        let start = Instant::now();
        let articles_path = self.root.join(".gazette").join("articles");
        if self.cache.is_none() && !self.opts.clean {
            self.articles = ArticleCache::load(&articles_path);
        }
        let loaded = load_cached(&self.root, &self.opts, &mut self.articles)?;
        let (mut report, cache) = write(&loaded, &self.opts, self.cache.take())?;
        self.cache = Some(cache);
        if let Err(e) = self.articles.save(&articles_path) {
            report
                .notes
                .push(format!("could not save the article cache: {e}"));
        }
        report.seconds = start.elapsed().as_secs_f64();
        self.last = Some(loaded);
        Ok(report)
    }

    /// Bring the search index up to date with the last successful build, when that build
    /// deferred it. Writes atomically like a build; returns what changed.
    pub fn update_search(&mut self) -> Result<Report, Error> {
        let start = Instant::now();
        let (Some(loaded), Some(old)) = (&self.last, self.cache.take()) else {
            return Ok(Report::default());
        };
        if !loaded.site.config.search {
            self.cache = Some(old);
            return Ok(Report::default());
        }
        let mut new = Cache {
            output_dir: old.output_dir.clone(),
            ..Cache::default()
        };
        new.files.extend(
            old.files
                .iter()
                .filter(|(k, _)| !k.starts_with(crate::search::DIR))
                .map(|(k, e)| (k.clone(), *e)),
        );
        let site = &loaded.site;
        let writer = match Writer::new(site.cache_dir().join("staging"), site.output_dir()) {
            Ok(w) => w,
            Err(e) => {
                self.cache = Some(old);
                return Err(Error::Output(format!(
                    "cannot create {}: {e}",
                    site.cache_dir().display()
                )));
            }
        };
        let (written, unchanged) = match search_index(loaded, &old, &mut new, &writer, false) {
            Ok(r) => r,
            Err(d) => {
                writer.abort();
                self.cache = Some(old);
                return Err(Error::Content(vec![d]));
            }
        };
        let stale: Vec<String> = old
            .files
            .keys()
            .filter(|k| !new.files.contains_key(*k))
            .cloned()
            .collect();
        let committed = writer
            .commit(&stale)
            .and_then(|()| new.save(&site.cache_dir().join("cache")));
        if let Err(e) = committed {
            self.cache = Some(old);
            return Err(Error::Output(format!("cannot write the search index: {e}")));
        }
        self.cache = Some(new);
        let mut changed = written;
        changed.extend(stale.iter().cloned());
        Ok(Report {
            stories: loaded.archive.articles.len(),
            written: changed.len() - stale.len(),
            unchanged,
            removed: stale.len(),
            changed,
            seconds: start.elapsed().as_secs_f64(),
            ..Report::default()
        })
    }
}

enum Outcome {
    Unchanged(cache::Entry),
    Written(cache::Entry),
}

/// Render the routes whose fingerprints changed and write the files whose bytes changed.
/// `previous` is the build cache in memory, if there is one; it is read from disk if not.
/// Returns the report and the new build cache (also saved to disk).
pub fn write(
    loaded: &Loaded,
    opts: &Options,
    previous: Option<Cache>,
) -> Result<(Report, Cache), Error> {
    let Loaded {
        site,
        theme,
        archive,
        plan,
        timings,
    } = loaded;
    let mut timings = timings.clone();
    let clock = Instant::now();
    let out_dir = site.output_dir();
    let cache_path = site.cache_dir().join("cache");
    let mut notes = Vec::new();
    let mut damaged = None;
    let mut old = match previous.map_or_else(|| Cache::load(&cache_path), Ok) {
        Ok(c) => {
            if c.foreign {
                notes.push(format!(
                    "build cache ignored: {} was written by another Gazette version",
                    cache_path.display()
                ));
            }
            c
        }
        Err(why) => {
            notes.push(format!("build cache ignored: {why}"));
            damaged = Some(why);
            Cache::default()
        }
    };
    // The same folder however it is named (`./public`, `/site/public`).
    let out_key = site
        .root
        .canonicalize()
        .map(|r| r.join(&site.config.output_dir))
        .unwrap_or_else(|_| out_dir.clone())
        .to_string_lossy()
        .to_string();
    if !old.files.is_empty() && (old.output_dir != out_key || !out_dir.exists()) {
        // The cache describes another output folder, or files that are gone.
        old = Cache::default();
    }
    guard::check(site, !old.files.is_empty(), opts.force).map_err(|e| match &damaged {
        // Without the cache Gazette cannot tell its own files from the user's.
        Some(why) => Error::Output(format!("the build cache is unusable ({why}), so Gazette cannot tell which files in {} it wrote; run `gazette build --force` to rebuild there (no file is deleted), or remove that folder", out_dir.display())),
        None => Error::Output(e),
    })?;
    let writer = Writer::new(site.cache_dir().join("staging"), out_dir.clone())
        .map_err(|e| Error::Output(format!("cannot create {}: {e}", site.cache_dir().display())))?;
    let renderer = Renderer::new(
        site,
        archive,
        plan,
        theme,
        Flags {
            drafts: opts.drafts,
            future: opts.future,
        },
    );
    let progress = crate::progress::Progress::new(plan.routes.len() as u64, opts.progress);
    let results: Vec<Result<Outcome, Diagnostic>> = plan
        .routes
        .par_iter()
        .map(|route| {
            let prev = old.files.get(&route.output);
            let r = match prev {
                Some(p) if !opts.clean && p.fingerprint == route.fingerprint => {
                    Ok(Outcome::Unchanged(*p))
                }
                _ => renderer.render(route).and_then(|bytes| {
                    let content = *blake3::hash(&bytes).as_bytes();
                    let entry = cache::Entry {
                        fingerprint: route.fingerprint,
                        content,
                    };
                    if prev.is_some_and(|p| p.content == content) && !opts.clean {
                        return Ok(Outcome::Unchanged(entry));
                    }
                    writer
                        .stage(&route.output, &bytes)
                        .map(|()| Outcome::Written(entry))
                        .map_err(|e| {
                            Diagnostic::new(
                                Path::new(&route.output),
                                0,
                                0,
                                format!("cannot write: {e}"),
                            )
                        })
                }),
            };
            progress.tick();
            r
        })
        .collect();
    progress.finish();

    timings.push(("render", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    let mut errors = Vec::new();
    let mut new = Cache {
        output_dir: out_key,
        ..Cache::default()
    };
    new.files.reserve(plan.routes.len());
    let mut report = Report {
        stories: archive.articles.len(),
        notes,
        ..Report::default()
    };
    for (route, r) in plan.routes.iter().zip(results) {
        match r {
            Ok(Outcome::Unchanged(e)) => {
                report.unchanged += 1;
                new.files.insert(route.output.clone(), e);
            }
            Ok(Outcome::Written(e)) => {
                report.written += 1;
                report.changed.push(route.output.clone());
                new.files.insert(route.output.clone(), e);
            }
            Err(d) => errors.push(d),
        }
        if !matches!(route.page, Page::Asset(_)) {
            report.pages += 1;
        }
    }
    if site.config.search && opts.defer_search {
        keep_search_index(&old, &mut new);
    } else if site.config.search && errors.is_empty() {
        match search_index(loaded, &old, &mut new, &writer, opts.clean) {
            Ok((written, unchanged)) => {
                report.written += written.len();
                report.unchanged += unchanged;
                report.changed.extend(written);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        writer.abort();
        // The same template error usually hits many pages: report each message once.
        errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        errors.dedup_by(|a, b| {
            a.path == b.path
                && a.message.split(" (rendering").next() == b.message.split(" (rendering").next()
        });
        return Err(Error::Content(errors));
    }
    let mut stale: Vec<String> = old
        .files
        .keys()
        .filter(|k| !new.files.contains_key(*k))
        .cloned()
        .collect();
    stale.sort();
    report.removed = stale.len();
    report.changed.extend(stale.iter().cloned());
    writer
        .commit(&stale)
        .map_err(|e| Error::Output(format!("cannot write {}: {e}", out_dir.display())))?;
    timings.push(("write", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    // Nothing written or removed and every fingerprint equal: the cache on disk is current.
    let same = report.written == 0
        && report.removed == 0
        && !old.foreign
        && damaged.is_none()
        && old.files.len() == new.files.len()
        && new.files.iter().all(|(k, e)| old.files.get(k) == Some(e));
    if !same {
        new.save(&cache_path).map_err(|e| {
            Error::Output(format!(
                "cannot save the build cache {}: {e}",
                cache_path.display()
            ))
        })?;
    }
    timings.push(("cache", clock.elapsed().as_secs_f64()));
    report.timings = timings;
    Ok((report, new))
}

/// Keep the previous search index's files as they are.
fn keep_search_index(old: &Cache, new: &mut Cache) {
    for (k, e) in old
        .files
        .iter()
        .filter(|(k, _)| k.starts_with(crate::search::DIR))
    {
        new.files.insert(k.clone(), *e);
    }
}

/// Stage the search index when the text it indexes changed; otherwise keep the previous
/// index's files. Returns the files written and the number unchanged.
fn search_index(
    loaded: &Loaded,
    old: &Cache,
    new: &mut Cache,
    writer: &Writer,
    clean: bool,
) -> Result<(Vec<String>, usize), Diagnostic> {
    let fingerprint = crate::search::fingerprint(loaded);
    let previous: Vec<(&String, &cache::Entry)> = old
        .files
        .iter()
        .filter(|(k, _)| k.starts_with(crate::search::DIR))
        .collect();
    if !clean && !previous.is_empty() && previous.iter().all(|(_, e)| e.fingerprint == fingerprint)
    {
        for (k, e) in &previous {
            new.files.insert((*k).clone(), **e);
        }
        return Ok((Vec::new(), previous.len()));
    }
    let files = crate::search::index_files(loaded).map_err(|m| {
        Diagnostic::new(
            &loaded.site.root,
            0,
            0,
            format!("cannot build the search index: {m}"),
        )
    })?;
    let mut written = Vec::new();
    let mut unchanged = 0;
    for (path, bytes) in files {
        let content = *blake3::hash(&bytes).as_bytes();
        if !clean && old.files.get(&path).is_some_and(|e| e.content == content) {
            unchanged += 1;
        } else {
            writer.stage(&path, &bytes).map_err(|e| {
                Diagnostic::new(Path::new(&path), 0, 0, format!("cannot write: {e}"))
            })?;
            written.push(path.clone());
        }
        new.files.insert(
            path,
            cache::Entry {
                fingerprint,
                content,
            },
        );
    }
    Ok((written, unchanged))
}
