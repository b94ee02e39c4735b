//! The build pipeline: load → index → plan → render → write, reporting every problem.
//! [`load`] runs the first three stages; [`write::write`] renders and writes; a
//! [`Session`] runs them again and again for `serve` and `watch`.

mod editions;
mod progress;
mod search;
mod session;
mod sources;
mod write;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::archive::Archive;
use crate::config::Site;
use crate::content::{self, ArticleCache, Listing, LoadOptions};
use crate::core::{Diagnostic, Switches};
use crate::media::Media;
use crate::plan::{Plan, news_leaves};
use crate::theme::Theme;

pub use editions::{Editions, editions};
pub use session::Session;
pub use sources::{Record, Sources};
pub use write::write;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Drafts and future stories.
    pub switches: Switches,
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
    /// Photos decoded and resized (none when every copy was in the media cache).
    pub photos_processed: usize,
    pub seconds: f64,
    /// Paths (relative to the output directory) written or removed by this build.
    pub changed: Vec<Arc<str>>,
    /// Things worth telling the user that are not errors (an ignored cache, say).
    pub notes: Vec<String>,
    /// Seconds spent in each stage, in pipeline order.
    pub timings: Vec<(&'static str, f64)>,
}

impl Report {
    /// Count files written by a step after rendering (the search index).
    fn add_written(&mut self, written: Vec<Arc<str>>, unchanged: usize) {
        self.written += written.len();
        self.unchanged += unchanged;
        self.changed.extend(written);
    }

    /// Count the stale files a commit removed, and tell of those it kept.
    fn add_committed(&mut self, committed: crate::output::Committed) {
        let kept = committed.kept.len();
        self.removed += committed.removed.len();
        self.changed
            .extend(committed.removed.iter().map(|p| p.shared().clone()));
        if kept > 0 {
            let names: Vec<&str> = committed.kept.iter().take(10).map(|p| p.as_str()).collect();
            let (them, were) = if kept == 1 {
                ("it", "it was")
            } else {
                ("them", "they were")
            };
            self.notes.push(format!(
                "kept {kept} file{} this build no longer writes, since {were} changed after Gazette wrote {them}: {}{}",
                if kept == 1 { "" } else { "s" },
                names.join(", "),
                if kept > 10 { ", …" } else { "" },
            ));
        }
    }

    /// `seconds per stage: load 0.290, plan 0.375, …` for `--verbose`.
    pub fn stages(&self) -> String {
        let stages: Vec<String> = self
            .timings
            .iter()
            .map(|(stage, s)| format!("{stage} {s:.3}"))
            .collect();
        format!("seconds per stage: {}", stages.join(", "))
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stories = if self.stories == 1 {
            "story"
        } else {
            "stories"
        };
        let pages = if self.pages == 1 { "page" } else { "pages" };
        write!(
            f,
            "{} {stories}, {} {pages}: {} written, {} unchanged, {} removed in {:.2} s",
            self.stories, self.pages, self.written, self.unchanged, self.removed, self.seconds
        )?;
        match self.photos_processed {
            0 => Ok(()),
            1 => write!(f, " (1 photo resized)"),
            n => write!(f, " ({n} photos resized)"),
        }
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
    /// The stories' bundles and photos.
    pub media: Media,
    pub plan: Plan,
    /// Seconds spent in load, index and plan.
    pub timings: Vec<(&'static str, f64)>,
    /// When this output goes out of date with no file changing (see [`Record::until`]).
    pub expires: Option<DateTime<Utc>>,
}

/// Load, index and plan the site's edition in `edition` (`None`: the home edition); all
/// problems are returned together.
pub fn load(root: &Path, edition: Option<&str>, opts: &Options) -> Result<Loaded, Error> {
    let sources = Sources::read(root, edition)?;
    load_sources(sources, opts, &mut ArticleCache::default()).map(|(l, _)| l)
}

/// [`load`] from sources already read, re-parsing only the stories whose files changed
/// since `articles` was filled. Hands back the story files as listed, for a session to
/// keep.
pub fn load_sources(
    sources: Sources,
    opts: &Options,
    articles: &mut ArticleCache,
) -> Result<(Loaded, Listing), Error> {
    let clock = Instant::now();
    let Sources {
        site,
        theme,
        files,
        now,
    } = sources;
    let found = content::load_all_cached(
        &site,
        LoadOptions {
            switches: opts.switches,
            now,
        },
        articles,
        &files,
    );
    let mut errors = found.errors;
    let theme = match theme {
        Ok(t) => t,
        Err(mut e) => {
            errors.append(&mut e);
            return Err(Error::Content(errors));
        }
    };
    if !errors.is_empty() {
        // The stories that loaded are planned too, so that one run also reports the URL
        // problems among them.
        let archive = Archive::build(&site, found.articles, &found.sections, found.pages);
        let (media, mut faults) = crate::media::survey(&site.config.images, &archive);
        errors.append(&mut faults);
        if let Err(mut more) = Plan::build(&site, &archive, &media, &theme, opts.switches, now) {
            errors.append(&mut more);
        }
        return Err(Error::Content(errors));
    }
    let mut timings = vec![("load", clock.elapsed().as_secs_f64())];
    let clock = Instant::now();
    let archive = Archive::build(&site, found.articles, &found.sections, found.pages);
    timings.push(("index", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    let (media, faults) = crate::media::survey(&site.config.images, &archive);
    if !faults.is_empty() {
        return Err(Error::Content(faults));
    }
    timings.push(("media", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    let plan =
        Plan::build(&site, &archive, &media, &theme, opts.switches, now).map_err(Error::Content)?;
    timings.push(("plan", clock.elapsed().as_secs_f64()));
    let expires = [found.next_date, news_leaves(&site, &archive, now)]
        .into_iter()
        .flatten()
        .min()
        .map(|d| d.with_timezone(&Utc));
    let loaded = Loaded {
        site,
        theme,
        archive,
        media,
        plan,
        timings,
        expires,
    };
    Ok((loaded, files))
}

/// Build every edition of the site in `root` into its output directory (see
/// [`Session::build`]).
pub fn build(root: &Path, opts: &Options) -> Result<Report, Error> {
    Editions::new(root, *opts).build()
}
