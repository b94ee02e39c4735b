//! The rebuild session: the article cache and build cache kept between rebuilds, so
//! `serve` and `watch` re-read only what changed; and the deferred search index step.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::write::{search_index, write};
use super::{Error, Loaded, Options, Report, load_cached};
use crate::content::ArticleCache;
use crate::output::{Cache, Writer};

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
        // The last build's cache is read from disk while the site loads.
        let previous = self.cache.take();
        let cache_path = self.root.join(".gazette").join("cache");
        let (loaded, previous) = rayon::join(
            || load_cached(&self.root, &self.opts, &mut self.articles),
            || previous.map_or_else(|| Cache::load(&cache_path), Ok),
        );
        let loaded = loaded?;
        let (mut report, cache) = write(&loaded, &self.opts, previous)?;
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
            .and_then(|()| new.save(&site.cache_dir().join("cache"), Some(&old)));
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
