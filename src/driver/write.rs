//! Render and write: only routes whose fingerprint changed are rendered, only files whose
//! bytes changed are written (staged, then moved into place), stale files are removed, and
//! the build cache is saved.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::search::{keep_search_index, search_index};
use super::{Error, Loaded, Options, Record, Report};
use crate::config::Site;
use crate::core::{Diagnostic, Hash, OutPath, shards};
use crate::output::{
    self, Cache, Committed, Journal, Writer, check_output_dir, folder_identity, is_output_key,
    output_key,
};
use crate::plan::Route;
use crate::render::Renderer;

/// What became of a route's file: the hash of its bytes, and whether they were written.
/// (The fingerprint is the route's; at a million routes every byte here counts.)
struct Outcome {
    content: Hash,
    written: bool,
}

/// Why a route has no outcome.
enum Failure {
    /// A broken story or template: reported along with every other one.
    Content(Box<Diagnostic>),
    /// The file could not be staged (a full disk, say): the build stops at the first.
    Output(String),
    /// Not rendered, since the build was stopping.
    Skipped,
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Content(Box::new(d))
    }
}

impl Outcome {
    /// The route's entry in the build cache.
    fn entry(&self, route: &Route) -> output::Entry {
        output::Entry {
            fingerprint: route.fingerprint,
            content: self.content,
        }
    }
}

/// Render the routes whose fingerprints changed and write the files whose bytes changed.
/// `previous` is the last build's cache as read, with notes on what of it was ignored.
/// Returns the report, the new build cache and the shards of it that differ from the
/// disk's (for the caller to save once the pages are live).
pub fn write(
    loaded: &Loaded,
    opts: &Options,
    previous: (Cache, Vec<String>),
) -> Result<(Report, Cache, shards::Mask), Error> {
    let site = &loaded.site;
    let mut timings = loaded.timings.clone();
    let clock = Instant::now();
    let output_dir = output_key(site);
    let (old, notes) = previous_cache(site, &output_dir, previous);
    check_output_dir(site, !old.files.is_empty(), opts.force).map_err(Error::Output)?;
    let writer = stage_writer(site)?;
    let (results, photos_processed) = render_all(loaded, opts, &old, &writer);
    timings.push(("render", clock.elapsed().as_secs_f64()));

    let mut clock = Instant::now();
    let mut report = Report {
        stories: loaded.archive.articles.len(),
        pages: loaded.plan.page_count(),
        photos_processed,
        notes,
        ..Report::default()
    };
    let mut new = Cache {
        output_dir,
        ..Cache::default()
    };
    // Room for every route and the last build's search files, so no shard grows twice.
    new.files
        .reserve(loaded.plan.routes.len().max(old.files.len()));
    let mut errors = match collect(loaded, results, &mut new, &mut report) {
        Ok(errors) => errors,
        Err(unwritable) => return Err(abort(writer, Error::Output(unwritten(site, &unwritable)))),
    };
    timings.push(("collect", clock.elapsed().as_secs_f64()));
    if site.config.search && opts.defer_search {
        keep_search_index(&old, &mut new);
    } else if site.config.search && errors.is_empty() {
        let search = Instant::now();
        match search_index(loaded, &old, &mut new, &writer, opts.clean) {
            Ok((written, unchanged)) => report.add_written(written, unchanged),
            Err(d) => errors.push(d),
        }
        timings.push(("search", search.elapsed().as_secs_f64()));
    }
    clock = Instant::now();
    if !errors.is_empty() {
        return Err(abort(writer, Error::Content(distinct(errors))));
    }
    let stale = stale_files(&old, &new);
    let committed = commit(writer, site, &stale)?;
    new.output_id = folder_identity(&site.output_dir());
    report.add_committed(committed);
    if old.lost != 0 {
        report.notes.extend(unknown_files(site, &old, &new));
    }
    timings.push(("write", clock.elapsed().as_secs_f64()));
    // Only the shards that differ from the last build's need saving (none after a no-op).
    let unsaved = new.changed_shards(&Cache::path(&site.cache_dir()), Some(&old));
    // Freeing 270,000 entries takes a few hundredths of a second: not on the way out.
    std::thread::spawn(move || drop(old));
    report.timings = timings;
    Ok((report, new, unsaved))
}

/// The last build's cache and what was wrong with it, as [`Cache::load`] and a journal
/// left by an interrupted commit make it (see [`Journal::repair`]).
pub(super) fn read_previous(site: &Site) -> (Cache, Vec<String>) {
    let dir = site.cache_dir();
    let (mut cache, mut notes) = Cache::load(&Cache::path(&dir));
    if let Some(note) = Journal::repair(&dir, &site.output_dir(), &output_key(site), &mut cache) {
        notes.push(note);
    }
    (cache, notes)
}

/// The last build's cache as far as it can be trusted for the output folder named `key`,
/// and notes on what was not.
fn previous_cache(
    site: &Site,
    key: &str,
    (mut old, mut notes): (Cache, Vec<String>),
) -> (Cache, Vec<String>) {
    if old.foreign {
        notes.push(format!(
            "build cache ignored: {} was written by another Gazette version",
            Cache::path(&site.cache_dir()).display()
        ));
    }
    let out = site.output_dir();
    // An output folder outside the site is known by its absolute path, which a cache made
    // elsewhere can name too: there the folder's identity must match as well. (Inside the
    // site, an earlier version's absolute key for the same folder is still good.)
    let elsewhere = Path::new(key).is_absolute();
    if !old.files.is_empty()
        && (!is_output_key(site, &old.output_dir)
            || !out.exists()
            || (elsewhere && old.output_id != folder_identity(&out)))
    {
        // The cache describes another output folder, or files that are gone.
        return (Cache::default(), notes);
    }
    if old.files.is_empty() && std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        // No record of what is there (the build goes ahead only with --force): what
        // this build does not write is named, and kept.
        old.lost = shards::ALL;
    }
    (old, notes)
}

/// When cache shards were lost, the files in the output that a lost shard would have
/// listed and this build does not write: perhaps left by an earlier build, perhaps put
/// there by hand. Nothing proves which, so they are kept, and named.
fn unknown_files(site: &Site, old: &Cache, new: &Cache) -> Option<String> {
    let out = site.output_dir();
    let lost = |rel: &str| old.lost & shards::bit(shards::of(rel.as_bytes())) != 0;
    let mut unknown: Vec<String> = output::plain_files(&out)
        .into_iter()
        .filter(|rel| lost(rel) && !new.files.contains_key(rel.as_str()))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    unknown.sort();
    let count = unknown.len();
    unknown.truncate(10);
    Some(format!(
        "{count} file{} in {} may be left from an earlier build (no intact build cache lists {}), so {} kept: {}{}; remove {} and build again to drop {}",
        if count == 1 { "" } else { "s" },
        out.display(),
        if count == 1 { "it" } else { "them" },
        if count == 1 { "it was" } else { "they were" },
        unknown.join(", "),
        if count > 10 { ", …" } else { "" },
        out.display(),
        if count == 1 { "it" } else { "them" },
    ))
}

/// Render and stage every route whose fingerprint changed, on all cores; once a file
/// cannot be staged the rest are skipped (a full disk would fail them all, one message
/// each). One small result per route, in route order.
fn render_all(
    loaded: &Loaded,
    opts: &Options,
    old: &Cache,
    writer: &Writer,
) -> (Vec<Result<Outcome, Failure>>, usize) {
    let renderer = renderer(loaded, opts);
    let progress = super::progress::Progress::new(loaded.plan.routes.len() as u64, opts.progress);
    let stopping = AtomicBool::new(false);
    let results = loaded
        .plan
        .routes
        .par_iter()
        .map(|route| {
            if stopping.load(Ordering::Relaxed) {
                return Err(Failure::Skipped);
            }
            let r = render_route(&renderer, writer, route, old.files.get(&route.output), opts);
            if let Err(Failure::Output(_)) = r {
                stopping.store(true, Ordering::Relaxed);
            }
            progress.tick();
            r
        })
        .collect();
    progress.finish();
    // The renderer's entry texts (about 120 MB at a million stories) are freed here, before
    // the new build cache (about 170 MB) is made: the end of a build is where its memory
    // peaks.
    (results, renderer.processor.processed())
}

/// Fill the new cache and the report's counts from the routes' results. Returns the
/// content errors, or the first file that could not be staged.
fn collect(
    loaded: &Loaded,
    results: Vec<Result<Outcome, Failure>>,
    new: &mut Cache,
    report: &mut Report,
) -> Result<Vec<Diagnostic>, String> {
    let routes = &loaded.plan.routes;
    new.files.insert_each(routes.len(), |i| match &results[i] {
        Ok(outcome) => Some((&routes[i].output, outcome.entry(&routes[i]))),
        Err(_) => None,
    });
    let mut errors = Vec::new();
    let mut unwritable = None;
    for (route, r) in routes.iter().zip(results) {
        match r {
            Ok(outcome) if outcome.written => {
                report.written += 1;
                report.changed.push(route.output.clone());
            }
            Ok(_) => report.unchanged += 1,
            Err(Failure::Content(d)) => errors.push(*d),
            Err(Failure::Output(e)) => {
                unwritable.get_or_insert(e);
            }
            Err(Failure::Skipped) => {}
        }
    }
    unwritable.map_or(Ok(errors), Err)
}

/// The same template error usually hits many pages: each message once, in file order.
fn distinct(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    errors.dedup_by(|a, b| {
        a.path == b.path
            && a.message.split(" (rendering").next() == b.message.split(" (rendering").next()
    });
    errors
}

/// Files the last build wrote that this one does not, sorted, each with the hash of the
/// bytes written there.
pub(super) fn stale_files(old: &Cache, new: &Cache) -> Vec<(OutPath, Hash)> {
    let mut stale: Vec<(OutPath, Hash)> = old
        .files
        .missing_from(&new.files)
        .into_iter()
        .filter_map(|(k, e)| Some((OutPath::new(k).ok()?, e.content)))
        .collect();
    stale.sort();
    stale
}

/// The end of every change to the output: remove the `stale` files that still hold what
/// Gazette wrote, and move what `writer` staged into place. The one way a build, a patch
/// or a search update changes the output.
pub(super) fn commit(
    writer: Writer,
    site: &Site,
    stale: &[(OutPath, Hash)],
) -> Result<Committed, Error> {
    writer.commit(stale).map_err(|e| {
        Error::Output(format!(
            "cannot write {}: {e}; the next build checks what was left there and sets it right",
            site.output_dir().display()
        ))
    })
}

/// The other end: drop what `writer` staged, leaving the output as it was, and fail with `e`.
pub(super) fn abort(writer: Writer, e: Error) -> Error {
    writer.abort();
    e
}

/// A writer that stages files under `.gazette/staging/` for the site's output folder. The
/// output is about to change, so the record of what it was made from no longer holds.
pub(super) fn stage_writer(site: &Site) -> Result<Writer, Error> {
    let dir = site.cache_dir();
    Record::forget(&dir);
    let journal = Journal::new(&dir, &output_key(site));
    Writer::new(&dir, &site.output_dir(), journal).map_err(|e| {
        Error::Output(format!(
            "cannot prepare to write {}: {e}",
            site.output_dir().display()
        ))
    })
}

/// The renderer of a loaded site, with the build's switches.
fn renderer<'a>(loaded: &'a Loaded, opts: &Options) -> Renderer<'a> {
    Renderer::new(
        &loaded.site,
        &loaded.archive,
        &loaded.plan,
        &loaded.media,
        &loaded.theme,
        opts.switches,
    )
}

/// What to tell the user when a file could not be staged: nothing in the output changed.
fn unwritten(site: &Site, why: &str) -> String {
    format!(
        "{why}; nothing in {} was changed (is the disk full?)",
        site.output_dir().display()
    )
}

/// Render one route unless its fingerprint is the cached one, and stage its bytes unless
/// they are the cached ones.
fn render_route(
    renderer: &Renderer,
    writer: &Writer,
    route: &Route,
    prev: Option<&output::Entry>,
    opts: &Options,
) -> Result<Outcome, Failure> {
    if let Some(p) = prev
        && !opts.clean
        && p.fingerprint == route.fingerprint
    {
        return Ok(Outcome {
            content: p.content,
            written: false,
        });
    }
    let bytes = renderer.render(route)?;
    let content = *blake3::hash(&bytes).as_bytes();
    if prev.is_some_and(|p| p.content == content) && !opts.clean {
        return Ok(Outcome {
            content,
            written: false,
        });
    }
    let path = OutPath::new(&route.output)
        .map_err(|why| Failure::Output(format!("cannot write /{}: {why}", route.output)))?;
    writer
        .stage(&path, &bytes)
        .map(|()| Outcome {
            content,
            written: true,
        })
        .map_err(|e| Failure::Output(e.to_string()))
}

/// Render and write only the routes at `which` when nothing else can have changed (the
/// route table is the last build's), updating `cache` in memory. Returns the report and
/// the cache shards that now differ from the disk's.
pub(super) fn write_routes(
    loaded: &Loaded,
    opts: &Options,
    cache: &mut Cache,
    (which, gone): (&[usize], &[Arc<str>]),
) -> Result<(Report, shards::Mask), Error> {
    let Loaded {
        site,
        archive,
        plan,
        ..
    } = loaded;
    let clock = Instant::now();
    let writer = stage_writer(site)?;
    let renderer = renderer(loaded, opts);
    let mut report = Report {
        stories: archive.articles.len(),
        pages: plan.page_count(),
        ..Report::default()
    };
    let rendered: Result<Vec<_>, Failure> = which
        .par_iter()
        .map(|&r| {
            let route = &plan.routes[r];
            let previous = cache.files.get(&route.output);
            Ok((
                route,
                render_route(&renderer, &writer, route, previous, opts)?,
            ))
        })
        .collect();
    let updates = match rendered {
        Ok(updates) => updates,
        Err(failure) => {
            return Err(abort(
                writer,
                match failure {
                    Failure::Content(d) => Error::Content(vec![*d]),
                    Failure::Output(e) => Error::Output(unwritten(site, &e)),
                    Failure::Skipped => {
                        Error::Output(unwritten(site, "a file could not be written"))
                    }
                },
            ));
        }
    };
    report
        .timings
        .push(("render", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    // The files no route makes any more, as far as they still hold what was written.
    let stale: Vec<(OutPath, Hash)> = gone
        .iter()
        .filter_map(|p| Some((OutPath::new(p).ok()?, cache.files.get(p)?.content)))
        .collect();
    report.add_committed(commit(writer, site, &stale)?);
    report
        .timings
        .push(("write", clock.elapsed().as_secs_f64()));
    let mut dirty = 0;
    for path in gone {
        if cache.files.remove(path).is_some() {
            dirty |= shards::bit(shards::of(path.as_bytes()));
        }
    }
    for (route, outcome) in updates {
        if outcome.written {
            report.written += 1;
            report.changed.push(route.output.clone());
        }
        let entry = outcome.entry(route);
        if cache.files.get(&route.output) != Some(&entry) {
            dirty |= shards::bit(shards::of(route.output.as_bytes()));
            cache.files.insert(route.output.clone(), entry);
        }
    }
    report.unchanged = cache.files.len() - report.written;
    report.photos_processed = renderer.processor.processed();
    Ok((report, dirty))
}
