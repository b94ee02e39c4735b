//! The rebuild session: the article cache and build cache kept between rebuilds, so
//! `serve` and `watch` re-read only what changed; and the deferred search index step.

use std::path::{Path, PathBuf};
use std::time::Instant;

use std::sync::Arc;

use super::search::search_index;
use super::sources::cache_stamps;
use super::write::{abort, commit, read_previous, stage_writer, stale_files, write, write_routes};
use super::{Error, Loaded, Options, Record, Report, Sources, load_sources};
use crate::config::Site;
use crate::content::{Article, ArticleCache, Listing, Stamp, load_article, restamp, stamp};
use crate::output::{Cache, Journal};
use crate::plan::{Places, news_leaves, same_place, same_slot};

/// A story edited in place: its position in the archive (`None`: another edition's), its
/// file's stamp, and the story as it is now.
type Edit = (Option<usize>, Stamp, Arc<Article>);

/// A build that can run again: `serve` and `watch` keep one alive so each rebuild re-reads
/// only the files that changed and compares against the fingerprints in memory.
pub struct Session {
    pub root: PathBuf,
    /// `root` with links and `.` resolved, as a file watcher names what changed.
    canonical_root: PathBuf,
    pub opts: Options,
    articles: ArticleCache,
    /// The build cache as the last successful build left it (`None`: read it from disk).
    cache: Option<Cache>,
    /// What the last successful build loaded.
    pub last: Option<Loaded>,
    /// Build cache shards changed in memory but not yet saved.
    unsaved: crate::core::shards::Mask,
    /// The story files and their stamps as the last rebuild listed them, so the next
    /// lists only what the watcher saw change (kept by `serve` and `watch`, not `build`).
    listed: Option<Listing>,
    /// Build a preview: output and caches under `.gazette/preview/` (see `Site::preview`).
    preview: bool,
    /// The language of the edition this session builds; `None`: the home edition.
    edition: Option<String>,
}

impl Session {
    pub fn new(root: &Path, opts: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            opts,
            articles: ArticleCache::default(),
            cache: None,
            last: None,
            unsaved: 0,
            listed: None,
            preview: false,
            edition: None,
        }
    }

    /// A session for the site's edition in `language` (see [`crate::config::Edition`]).
    pub fn for_edition(root: &Path, opts: Options, language: &str) -> Session {
        Session {
            edition: Some(language.to_string()),
            ..Session::new(root, opts)
        }
    }

    /// A session for `serve` and `watch`: when it shows drafts or future stories it builds
    /// into the preview folder under `.gazette/`, never into the folder people publish.
    pub fn previewing(mut self) -> Session {
        self.preview = self.opts.switches.drafts || self.opts.switches.future;
        self
    }

    /// Where this session's builds go.
    pub fn output_dir(&self, site: &Site) -> PathBuf {
        let home = if self.preview {
            crate::config::preview_output(&site.root)
        } else {
            site.output_dir()
        };
        crate::config::edition_folder(home, self.prefix(site))
    }

    /// This session's edition's folder below the home edition's (`ru/`; empty for home).
    pub fn prefix<'a>(&self, site: &'a Site) -> &'a str {
        self.edition
            .as_deref()
            .and_then(|l| site.edition_in(l))
            .map_or("", |e| e.prefix.as_str())
    }

    /// A one-shot build (`gazette build`). When the record of the last complete build shows
    /// that nothing it read has changed and nothing has come due since, there is nothing to
    /// do and the site is not even loaded; otherwise a full [`Session::rebuild`], recorded.
    pub fn build(&mut self) -> Result<Report, Error> {
        let start = Instant::now();
        let sources = Sources::read(&self.root, self.edition.as_deref())?;
        let digest = sources.digest(&self.opts);
        let record_path = Record::path(&self.cache_dir());
        if let Some(digest) = &digest
            && !self.opts.clean
            && sources.site.output_dir().is_dir()
            && let Some(last) = Record::read(&record_path)
            && last.holds(
                digest,
                &Cache::path(&self.cache_dir()),
                &sources.site.output_dir(),
                sources.now,
            )
        {
            let seconds = start.elapsed().as_secs_f64();
            return Ok(Report {
                stories: last.stories,
                pages: last.pages,
                unchanged: last.files,
                seconds,
                timings: vec![("check", seconds)],
                ..Report::default()
            });
        }
        let mut report = self.rebuild_from(start, sources, false)?;
        let clock = Instant::now();
        if let Err(e) = self.save_caches() {
            report.notes.push(e);
        }
        report
            .timings
            .push(("cache", clock.elapsed().as_secs_f64()));
        if let (Some(digest), Some(loaded)) = (digest, &self.last)
            && !self.opts.defer_search
            && let Some(cache) = cache_stamps(&Cache::path(&self.cache_dir()))
        {
            let record = Record {
                digest,
                cache,
                until: loaded.expires,
                stories: report.stories,
                pages: report.pages,
                files: report.written + report.unchanged,
                output: crate::output::folder_identity(&loaded.site.output_dir()),
            };
            if let Err(e) = record.save(&record_path) {
                let path = record_path.display();
                report.notes.push(format!("could not save {path}: {e}"));
            }
        }
        report.seconds = start.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Run the whole pipeline, re-reading only the files that changed since the last
    /// build (in this session, or recorded in the article cache). The caches are left for
    /// [`Session::save_caches`], once the pages are live.
    pub fn rebuild(&mut self) -> Result<Report, Error> {
        self.rebuild_changed(&[])
    }

    /// [`Session::rebuild`] from sources already read (since `start`); `keep_listing`:
    /// remember the story files listed, for the next rebuild.
    fn rebuild_from(
        &mut self,
        start: Instant,
        mut sources: Sources,
        keep_listing: bool,
    ) -> Result<Report, Error> {
        sources.site.preview = self.preview;
        let mut notes = Vec::new();
        // Every folder from `.gazette/` down to this session's caches (an edition's are in
        // `.gazette/editions/LANG/`): a link among them would lead its writes elsewhere.
        let cache_dir = self.cache_dir();
        let mut dirs: Vec<PathBuf> = cache_dir
            .ancestors()
            .take_while(|d| d.starts_with(self.root.join(".gazette")))
            .map(Path::to_path_buf)
            .collect();
        dirs.reverse();
        for dir in dirs {
            crate::output::secure_cache_dir(&dir).map_err(Error::Output)?;
        }
        // An edition's folder in the output is its writer's root: a link there would lead
        // its writes out of the output folder.
        let out = sources.site.output_dir();
        if !sources.site.is_home() && std::fs::symlink_metadata(&out).is_ok_and(|m| !m.is_dir()) {
            return Err(Error::Output(format!(
                "{} is a link or a file, where the `{}` edition's pages go: remove it",
                out.display(),
                sources.site.config.language
            )));
        }
        self.forget_last();
        // The full build compares against the cache in memory: the disk must hold it too.
        if let Err(e) = self.save_caches() {
            notes.push(e);
        }
        // Both caches are read from disk at once (the stories, unless another edition's
        // session handed them over parsed).
        let fresh = self.cache.is_none() && !self.opts.clean && self.articles.is_empty();
        let previous = self.cache.take();
        let articles_path = self.articles_dir();
        let site = &sources.site;
        let (articles, previous) = rayon::join(
            || fresh.then(|| ArticleCache::load(&articles_path)),
            || previous.map_or_else(|| read_previous(site), |c| (c, Vec::new())),
        );
        if let Some(articles) = articles {
            self.articles = articles;
        }
        let read = start.elapsed().as_secs_f64();
        let (loaded, listed) = load_sources(sources, &self.opts, &mut self.articles)?;
        // Dropped now unless kept: `gazette build` must not hold a million paths (110 MB)
        // while it writes.
        self.listed = keep_listing.then_some(listed);
        let (mut report, cache, unsaved) = write(&loaded, &self.opts, previous)?;
        // Reading the caches (and, unless they came with `sources`, the story files' stamps).
        report.timings.insert(0, ("read", read));
        report.notes.append(&mut notes);
        self.cache = Some(cache);
        self.unsaved |= unsaved;
        report.seconds = start.elapsed().as_secs_f64();
        let mut loaded = loaded;
        if keep_listing {
            // Once the report is out: new stories are added in place from now on.
            loaded.plan.make_room();
        }
        self.last = Some(loaded);
        Ok(report)
    }

    /// Until a rebuild succeeds, nothing may be patched onto the last build. (Freeing the
    /// plan of 100,000 stories takes a tenth of a second: not while the editor waits.)
    fn forget_last(&mut self) {
        if let Some(last) = self.last.take() {
            std::thread::spawn(move || drop(last));
        }
    }

    /// The parsed stories' cache, one for every edition: every edition parses them alike
    /// (see `content::load_all_cached`).
    fn articles_dir(&self) -> PathBuf {
        crate::config::cache_dir(&self.root, self.preview).join("articles")
    }

    /// The parsed stories, for the next edition's session of a one-shot build to start
    /// from; this session's last build is let go (its memory freed on another thread),
    /// so that one edition's archive and plan are in memory at a time.
    pub(super) fn hand_over(&mut self) -> ArticleCache {
        self.forget_last();
        self.cache = None;
        std::mem::take(&mut self.articles)
    }

    /// Start from the stories another edition's session parsed (see [`Session::hand_over`]).
    pub(super) fn take_over(&mut self, articles: ArticleCache) {
        self.articles = articles;
    }

    /// Where the caches live (the site's `.gazette/`; known before `site.toml` is read).
    fn cache_dir(&self) -> PathBuf {
        crate::config::edition_cache_dir(&self.root, self.preview, self.edition.as_deref())
    }

    /// Rebuild after the files at `paths` changed (as a file watcher reports them; no
    /// paths: anything may have changed). When each is a published story that kept its
    /// place (the same URL, date and section: an edit to its body, headline, summary or
    /// image, or tags and authors that create, empty or repaginate no term), the last
    /// build's index and route table are patched and only the pages that show the change
    /// are rendered again; anything else is a full [`Session::rebuild`].
    pub fn rebuild_changed(&mut self, paths: &[PathBuf]) -> Result<Report, Error> {
        // The watcher names files from the resolved root (`/home/…/site/content/a.md`); the
        // site knows them as found from `root` (`./content/a.md`, for `--root .`).
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| match p.strip_prefix(&self.canonical_root) {
                Ok(rel) => self.root.join(rel),
                Err(_) => p.clone(),
            })
            .collect();
        let paths = paths.as_slice();
        if let Some(report) = self
            .patch(paths)
            .or_else(|| self.add(paths))
            .or_else(|| self.take_out(paths))
        {
            return report;
        }
        let start = Instant::now();
        self.forget_last();
        let sources = match self.listed.take() {
            Some(listed) if !paths.is_empty() => {
                Sources::reread(&self.root, self.edition.as_deref(), listed, paths)?
            }
            _ => Sources::read(&self.root, self.edition.as_deref())?,
        };
        self.rebuild_from(start, sources, true)
    }

    /// The edited stories, parsed, when every path is a story that kept its place in the
    /// archive (see [`same_slot`]); a story another edition publishes, which kept its
    /// place there, as `None` (this edition shows nothing of it that such an edit changes).
    fn edits_in_place(&self, paths: &[PathBuf]) -> Option<Vec<Edit>> {
        let loaded = self.last.as_ref()?;
        let (site, archive) = (&loaded.site, &loaded.archive);
        // Past `expires` a story has come out or left the news sitemap since the plan.
        let stale = loaded.expires.is_some_and(|t| t <= chrono::Utc::now());
        if self.opts.clean || paths.is_empty() || stale {
            return None;
        }
        let content = site.content_dir();
        let mut edits = Vec::new();
        for path in paths {
            // A bundle's story may name other photos: its bundle is surveyed again.
            if !path.starts_with(&content)
                || !crate::core::is_article_file(path)
                || crate::media::is_bundle(path)
            {
                return None;
            }
            // Found by its place in the archive (newest first, then by path): a scan
            // would touch 100,000 stories scattered in memory.
            let old = self.articles.get(path)?;
            if !old.published_by(site) {
                let stamp = stamp(path)?;
                let new = load_article(site, path, &std::fs::read(path).ok()?).ok()?;
                if new.published_by(site) || !same_place(old, &new) {
                    return None;
                }
                edits.push((None, stamp, Arc::new(new)));
                continue;
            }
            let i = archive.position_of(old).ok()?;
            let stamp = stamp(path)?;
            let bytes = std::fs::read(path).ok()?;
            let new = load_article(site, path, &bytes).ok()?;
            if !same_slot(&archive.articles[i], &new) {
                return None;
            }
            edits.push((Some(i), stamp, Arc::new(new)));
        }
        Some(edits)
    }

    /// Patch the last build for edits in place; `None` when a full rebuild is needed.
    fn patch(&mut self, paths: &[PathBuf]) -> Option<Result<Report, Error>> {
        let start = Instant::now();
        let edits = self.edits_in_place(paths)?;
        self.cache.as_ref()?;
        let loaded = self.last.as_mut()?;
        let content = loaded.site.content_dir();
        self.listed = self
            .listed
            .take()
            .and_then(|listed| restamp(&content, listed, paths));
        let mut routes = Vec::new();
        for (i, stamp, article) in edits {
            self.articles.update(&article.path, stamp, article.clone());
            let Some(i) = i else {
                loaded.archive.replace_foreign(article);
                continue;
            };
            let old = std::mem::replace(&mut loaded.archive.articles[i], article);
            let Loaded {
                site,
                theme,
                archive,
                plan,
                ..
            } = loaded;
            let moved = if same_place(&old, &archive.articles[i]) {
                Some(Vec::new())
            } else {
                archive.regroup(i, &old, &|len| crate::plan::pager(site, len).routes())
            };
            let Some(changed) =
                moved.and_then(|moved| plan.refresh(site, archive, theme, i, &old, &moved))
            else {
                // A term is new, left empty or repaginated, or the plan lost track of a
                // route: index and plan everything again.
                self.forget_last();
                return None;
            };
            routes.extend(changed);
        }
        routes.sort_unstable();
        routes.dedup();
        Some(self.publish(start, (&routes, &[])))
    }

    /// The story file in `paths`, new since the last build, parsed, when it is the only
    /// path and a story this edition shows now (see [`Session::add`]).
    fn new_story(&self, paths: &[PathBuf]) -> Option<(Stamp, Arc<Article>)> {
        let loaded = self.last.as_ref()?;
        let site = &loaded.site;
        let now = chrono::Utc::now();
        let stale = loaded.expires.is_some_and(|t| t <= now);
        let [path] = paths else { return None };
        let content = site.content_dir();
        let hidden = path
            .strip_prefix(&content)
            .ok()?
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."));
        let story = crate::core::is_article_file(path)
            && !crate::core::is_section_file(path)
            && !crate::core::is_page_file(&content, path)
            && !crate::media::is_bundle(path)
            && !inside_bundle(&content, path);
        let editions = !site.editions.is_empty();
        if self.opts.clean
            || stale
            || hidden
            || !story
            || editions
            || self.articles.get(path).is_some()
        {
            return None;
        }
        let stamp = stamp(path)?;
        let new = load_article(site, path, &std::fs::read(path).ok()?).ok()?;
        let shown = !new.draft || self.opts.switches.drafts;
        if !shown || new.date > now || !new.published_by(site) {
            return None;
        }
        Some((stamp, Arc::new(new)))
    }

    /// Add a new story to the last build in place (see [`Archive::insert`] and
    /// [`crate::plan::Plan::insert`]); `None` when a full rebuild is needed.
    fn add(&mut self, paths: &[PathBuf]) -> Option<Result<Report, Error>> {
        let start = Instant::now();
        let (stamp, article) = self.new_story(paths)?;
        let loaded = self.last.as_mut()?;
        self.cache.as_ref()?;
        let Loaded {
            site,
            theme,
            archive,
            media,
            plan,
            expires,
            ..
        } = loaded;
        let content = site.content_dir();
        // Unchanged when the story would change the index's shape.
        let (at, opened) = archive.insert(&content, article.clone())?;
        media.shift_from(at);
        let now = chrono::Utc::now();
        let Some(routes) = plan.insert(site, archive, (media, theme), (at, &opened), now) else {
            self.forget_last();
            return None;
        };
        *expires = [
            *expires,
            news_leaves(site, archive, now).map(|d| d.to_utc()),
        ]
        .into_iter()
        .flatten()
        .min();
        self.articles.update(&article.path, stamp, article.clone());
        self.listed = self
            .listed
            .take()
            .and_then(|listed| restamp(&content, listed, paths));
        Some(self.publish(start, (&routes, &[])))
    }

    /// The position in the last build of the story file in `paths`, deleted since, when it
    /// is the only path and a story this edition showed (see [`Session::take_out`]).
    fn deleted_story(&self, paths: &[PathBuf]) -> Option<usize> {
        let loaded = self.last.as_ref()?;
        let [path] = paths else { return None };
        let stale = loaded.expires.is_some_and(|t| t <= chrono::Utc::now());
        let gone = std::fs::symlink_metadata(path)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        if self.opts.clean || stale || !gone || !loaded.site.editions.is_empty() {
            return None;
        }
        loaded.archive.position_of(self.articles.get(path)?).ok()
    }

    /// Take a deleted story out of the last build in place (see [`Archive::remove`] and
    /// [`crate::plan::Plan::remove`]); `None` when a full rebuild is needed.
    fn take_out(&mut self, paths: &[PathBuf]) -> Option<Result<Report, Error>> {
        let start = Instant::now();
        let at = self.deleted_story(paths)?;
        let loaded = self.last.as_mut()?;
        self.cache.as_ref()?;
        let Loaded {
            site,
            theme,
            archive,
            media,
            plan,
            ..
        } = loaded;
        // A story with a bundle or a photo, or one whose going would change the index's
        // shape, is left to a full rebuild.
        if media.holds(at) {
            return None;
        }
        let places = Places::of(archive, at);
        let story = archive.remove(at)?;
        media.remove(at);
        let now = chrono::Utc::now();
        let Some(removal) = plan.remove((site, archive, theme), (&story, at), &places, now) else {
            self.forget_last();
            return None;
        };
        self.articles.remove(&story.path);
        let content = site.content_dir();
        self.listed = self
            .listed
            .take()
            .and_then(|listed| restamp(&content, listed, paths));
        Some(self.publish(start, (&removal.changed, &removal.gone)))
    }

    /// Render and write `routes` of the last build, patched since `start`, remove the files
    /// it no longer makes (`gone`), then bring the search index up to date unless it is
    /// deferred.
    fn publish(
        &mut self,
        start: Instant,
        (routes, gone): (&[usize], &[Arc<str>]),
    ) -> Result<Report, Error> {
        let (Some(loaded), Some(cache)) = (self.last.as_mut(), self.cache.as_mut()) else {
            return Err(Error::Output("the last build is gone".into()));
        };
        let load = start.elapsed().as_secs_f64();
        let mut report = match write_routes(loaded, &self.opts, cache, (routes, gone)) {
            Ok((report, unsaved)) => {
                self.unsaved |= unsaved;
                report
            }
            Err(e) => {
                // The plan now holds fingerprints of pages that were not written, and the
                // output may be part changed: the next rebuild reads the disk's cache and
                // the journal again.
                self.last = None;
                self.cache = None;
                self.unsaved = 0;
                return Err(e);
            }
        };
        report.timings.insert(0, ("load", load));
        if !self.opts.defer_search {
            let search = self.update_search()?;
            report.written += search.written;
            report.removed += search.removed;
            report.unchanged = report.unchanged.saturating_sub(search.written);
            report.changed.extend(search.changed);
        }
        report.seconds = start.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Save what [`Session::rebuild_changed`] left only in memory (it leaves saving the
    /// caches until after the pages are live). Until then a build in another process
    /// simply renders those pages again.
    pub fn save_caches(&mut self) -> Result<(), String> {
        let dir = self.cache_dir();
        self.articles
            .save(&self.articles_dir())
            .map_err(|e| format!("could not save the article cache: {e}"))?;
        if let Some(cache) = &self.cache
            && self.unsaved != 0
        {
            let path = Cache::path(&dir);
            cache
                .save_shards(&path, self.unsaved)
                .map_err(|e| format!("could not save the build cache {}: {e}", path.display()))?;
        }
        self.unsaved = 0;
        if self.cache.is_some() {
            // The cache on disk now describes every commit made.
            Journal::clear(&dir);
        }
        Ok(())
    }

    /// Bring the search index up to date with the last successful build, when that build
    /// deferred it. Writes atomically like a build; returns what changed.
    pub fn update_search(&mut self) -> Result<Report, Error> {
        let start = Instant::now();
        // The index's cache entries are saved against the cache in memory.
        self.save_caches().map_err(Error::Output)?;
        let (Some(loaded), Some(old)) = (&self.last, self.cache.take()) else {
            return Ok(Report::default());
        };
        if !loaded.site.config.search {
            self.cache = Some(old);
            return Ok(Report::default());
        }
        let mut new = Cache {
            output_dir: old.output_dir.clone(),
            output_id: old.output_id.clone(),
            ..Cache::default()
        };
        new.files.extend(
            old.files
                .iter()
                .filter(|(k, _)| !k.starts_with(crate::search::DIR))
                .map(|(k, e)| (k.clone(), *e)),
        );
        let site = &loaded.site;
        let writer = match stage_writer(site) {
            Ok(w) => w,
            Err(e) => {
                self.cache = Some(old);
                return Err(e);
            }
        };
        let (written, unchanged) = match search_index(loaded, &old, &mut new, &writer, false) {
            Ok(r) => r,
            Err(d) => {
                self.cache = Some(old);
                return Err(abort(writer, Error::Content(vec![d])));
            }
        };
        let stale = stale_files(&old, &new);
        let committed = commit(writer, site, &stale).and_then(|committed| {
            new.save(&Cache::path(&site.cache_dir()), Some(&old))
                .map_err(|e| Error::Output(format!("cannot write the search index: {e}")))?;
            Journal::clear(&site.cache_dir());
            Ok(committed)
        });
        let committed = match committed {
            Ok(c) => c,
            Err(e) => {
                // The disk is the truth now: the next rebuild reads it, and the journal.
                return Err(e);
            }
        };
        self.cache = Some(new);
        let mut report = Report {
            stories: loaded.archive.articles.len(),
            seconds: start.elapsed().as_secs_f64(),
            ..Report::default()
        };
        report.add_written(written, unchanged);
        report.add_committed(committed);
        Ok(report)
    }
}

/// Whether a folder holding `path`, below `content`, is a story bundle's: a Markdown file
/// there changes what the bundle holds (a folder with a story in it is not the bundle's).
fn inside_bundle(content: &Path, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|dir| *dir != content && dir.starts_with(content))
        .any(|dir| {
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .any(|entry| crate::media::is_bundle(&entry.path()))
        })
}
