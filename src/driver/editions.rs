//! Every edition of a site, built one after the other: the home edition (the site's own
//! language, at the root of the output folder), then each `[languages.*]` edition into its
//! prefix, each a [`Session`] of its own with its own caches (`.gazette/editions/LANG/`).
//! An edition is a whole site (stories, listings, feeds, search index, sitemaps), so
//! everything the pipeline does per site it does per edition, incremental builds included;
//! what the editions share (translations' links, robots.txt) each reads from the stories
//! every edition loads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Error, Options, Report, Session};
use crate::config::Site;
use crate::content::ArticleCache;

/// The sessions of every edition, the home edition's first.
pub struct Editions {
    root: PathBuf,
    opts: Options,
    preview: bool,
    /// The languages and prefixes of the editions besides home, as `site.toml` last named
    /// them.
    languages: Vec<(String, String)>,
    sessions: Vec<Session>,
}

/// The editions of the site in `root`, as [`super::load`] takes them: `None` for the home
/// edition, then each other one's language. Just the home edition when `site.toml`
/// cannot be read (its problems are reported by loading it).
pub fn editions(root: &Path) -> Vec<Option<String>> {
    std::iter::once(None)
        .chain(languages(root).into_iter().map(|(l, _)| Some(l)))
        .collect()
}

/// The other editions' languages and prefixes.
fn languages(root: &Path) -> Vec<(String, String)> {
    crate::config::load(root)
        .map(|site| {
            site.editions
                .iter()
                .map(|e| (e.language.clone(), e.prefix.clone()))
                .collect()
        })
        .unwrap_or_default()
}

impl Editions {
    pub fn new(root: &Path, opts: Options) -> Editions {
        let mut editions = Editions {
            root: root.to_path_buf(),
            opts,
            preview: false,
            languages: Vec::new(),
            sessions: Vec::new(),
        };
        editions.follow_config();
        editions
    }

    /// Sessions for `serve` and `watch` (see [`Session::previewing`]).
    pub fn previewing(mut self) -> Editions {
        self.preview = true;
        self.sessions = self.sessions.into_iter().map(Session::previewing).collect();
        self
    }

    /// Where the home edition's build goes; the others go into its folders.
    pub fn output_dir(&self, site: &Site) -> PathBuf {
        self.sessions[0].output_dir(site)
    }

    /// The home edition's URL root, once it has been built.
    pub fn url_root(&self) -> Option<String> {
        let last = self.sessions.first()?.last.as_ref()?;
        Some(last.site.url_root.clone())
    }

    /// One session per edition `site.toml` names now; those of editions that are still
    /// there are kept, with what they hold in memory.
    fn follow_config(&mut self) {
        let languages = languages(&self.root);
        if !self.sessions.is_empty() && languages == self.languages {
            return;
        }
        let mut old: Vec<Session> = std::mem::take(&mut self.sessions);
        let home = if old.is_empty() {
            Session::new(&self.root, self.opts)
        } else {
            old.remove(0)
        };
        let mut kept: Vec<((String, String), Session)> =
            self.languages.drain(..).zip(old).collect();
        let mut sessions = vec![home];
        for edition in &languages {
            let session = match kept.iter().position(|(k, _)| k == edition) {
                Some(at) => kept.remove(at).1,
                None => Session::for_edition(&self.root, self.opts, &edition.0),
            };
            sessions.push(session);
        }
        if self.preview {
            sessions = sessions.into_iter().map(Session::previewing).collect();
        }
        self.sessions = sessions;
        self.languages = languages;
    }

    /// `gazette build`: each edition's [`Session::build`], each starting from the stories
    /// the one before it parsed, with one edition's archive in memory at a time. The last
    /// edition keeps what it holds: freeing it is left to whoever drops these sessions
    /// (`gazette build` leaves it to the operating system).
    pub fn build(&mut self) -> Result<Report, Error> {
        let mut parsed = ArticleCache::default();
        let mut left = self.sessions.len();
        self.each(|s| {
            s.take_over(std::mem::take(&mut parsed));
            let report = s.build();
            left -= 1;
            if left > 0 {
                parsed = s.hand_over();
            }
            report
        })
    }

    /// Each edition's [`Session::rebuild_changed`]; a change to `site.toml` may add or
    /// remove editions.
    pub fn rebuild_changed(&mut self, paths: &[PathBuf]) -> Result<Report, Error> {
        if paths.is_empty() || paths.iter().any(|p| p.ends_with("site.toml")) {
            self.follow_config();
        }
        self.each(|s| s.rebuild_changed(paths))
    }

    /// Each edition's [`Session::save_caches`].
    pub fn save_caches(&mut self) -> Result<(), String> {
        for s in &mut self.sessions {
            s.save_caches()?;
        }
        Ok(())
    }

    /// Each edition's [`Session::update_search`].
    pub fn update_search(&mut self) -> Result<Report, Error> {
        self.each(|s| s.update_search())
    }

    /// `step` for every edition in turn, the home edition first, their reports made one
    /// (paths below the home edition's folder). The first edition that fails stops the
    /// rest: every edition reads the same stories, so their problems are the same.
    fn each(
        &mut self,
        mut step: impl FnMut(&mut Session) -> Result<Report, Error>,
    ) -> Result<Report, Error> {
        let mut total: Option<Report> = None;
        let prefixes = std::iter::once("").chain(self.languages.iter().map(|(_, p)| p.as_str()));
        for (session, prefix) in self.sessions.iter_mut().zip(prefixes) {
            let report = step(session)?;
            total = Some(match total {
                None => report,
                Some(t) => merge(t, report, prefix),
            });
        }
        Ok(total.unwrap_or_default())
    }
}

/// `more` (an edition's report, its paths below `prefix`) added to `total`.
fn merge(mut total: Report, more: Report, prefix: &str) -> Report {
    total.stories += more.stories;
    total.pages += more.pages;
    total.written += more.written;
    total.unchanged += more.unchanged;
    total.removed += more.removed;
    total.photos_processed += more.photos_processed;
    total.seconds += more.seconds;
    total.changed.extend(
        more.changed
            .into_iter()
            .map(|p| Arc::from(format!("{prefix}{p}"))),
    );
    total.notes.extend(more.notes);
    for (stage, s) in more.timings {
        match total.timings.iter_mut().find(|(t, _)| *t == stage) {
            Some((_, sum)) => *sum += s,
            None => total.timings.push((stage, s)),
        }
    }
    total
}
