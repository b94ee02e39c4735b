//! The file watcher: notify with notify-debouncer-full, falling back to polling when the
//! platform watcher cannot start. Bursts of events (a `git checkout`, an editor's save
//! dance) become one batch, so they cause one rebuild.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::core::is_editor_junk;

/// The folders and files of a site that a rebuild depends on.
pub const WATCHED: &[&str] = &[
    "content",
    "themes",
    "templates",
    "static",
    "i18n",
    "site.toml",
];

enum Active {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Polling(Debouncer<PollWatcher, NoCache>),
}

pub struct Watcher {
    root: PathBuf,
    output: PathBuf,
    events: Receiver<DebounceEventResult>,
    active: Active,
    /// Set when the platform watcher failed and polling is used instead.
    pub fallback: Option<String>,
}

/// How long a file must be quiet before the debouncer reports it (an editor's save is a
/// few writes and renames within a millisecond or two).
const DEBOUNCE: Duration = Duration::from_millis(20);

/// After a batch, how long to wait for the next before rebuilding: three of the debouncer's
/// ticks (a quarter of [`DEBOUNCE`]), so a burst it hands over in pieces, as it does with a
/// `git checkout`, is still one rebuild.
const BURST_GAP: Duration = Duration::from_millis(15);

/// A batch this large is a bulk change (a checkout, a copy, an import), not a save: its
/// writer may pause longer between files on a busy machine, and a quarter of a second more
/// matters little next to rebuilding it, so it waits [`BULK_GAP`] for the rest.
const BULK: usize = 64;
const BULK_GAP: Duration = Duration::from_millis(250);

impl Watcher {
    /// Watch with the platform's notifications, or by polling when `poll` is set or the
    /// platform watcher cannot start.
    pub fn start(root: &Path, output: &Path, poll: bool) -> notify::Result<Watcher> {
        let root = root.canonicalize()?;
        let output = output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf());
        let (tx, rx) = channel();
        let native = if poll {
            Err(notify::Error::generic("polling was asked for (--poll)"))
        } else {
            new_debouncer(DEBOUNCE, None, tx.clone()).and_then(|mut d| {
                watch_all(&root, |p, m| d.watch(p, m))?;
                Ok(d)
            })
        };
        let (active, fallback) = match native {
            Ok(d) => (Active::Native(d), None),
            Err(e) => {
                // notify's poller compares modification times in whole seconds: compare
                // contents too, or an edit within a second of the last scan goes unseen.
                let config = notify::Config::default()
                    .with_poll_interval(Duration::from_secs(1))
                    .with_compare_contents(true);
                let mut d = new_debouncer_opt::<_, PollWatcher, NoCache>(
                    DEBOUNCE, None, tx, NoCache, config,
                )?;
                watch_all(&root, |p, m| d.watch(p, m))?;
                (
                    Active::Polling(d),
                    Some(if poll {
                        "polling for changes every second".to_string()
                    } else {
                        format!(
                            "file watching is unavailable ({e}); polling for changes every second instead"
                        )
                    }),
                )
            }
        };
        Ok(Watcher {
            root,
            output,
            events: rx,
            active,
            fallback,
        })
    }

    /// Wait for the next batch of relevant changes; `None` once `stop` is set.
    pub fn next_batch(&mut self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut batch = Vec::new();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            // Once something relevant arrived, wait only briefly for the rest of the burst.
            let wait = match batch.len() {
                0 => Duration::from_millis(200),
                n if n < BULK => BURST_GAP,
                _ => BULK_GAP,
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(events)) => {
                    // Reading files (as every rebuild does) is not a change.
                    for e in events.into_iter().filter(|e| is_change(&e.kind)) {
                        for p in &e.paths {
                            if self.relevant(p) {
                                batch.push(p.clone());
                            }
                            self.watch_new_folder(p);
                        }
                    }
                }
                Ok(Err(errors)) => {
                    for e in errors {
                        eprintln!("watch error: {e}");
                    }
                }
                Err(RecvTimeoutError::Timeout) if !batch.is_empty() => {
                    batch.sort();
                    batch.dedup();
                    return Some(batch);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Does a change to `path` affect the site?
    fn relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.output)
            || path.starts_with(self.root.join(".gazette"))
            || is_editor_junk(path)
        {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        matches!(first, Some(f) if WATCHED.contains(&f.as_str()))
    }

    /// A watched folder created after the start (say `templates/`) is watched from then on.
    fn watch_new_folder(&mut self, path: &Path) {
        if path.parent() != Some(self.root.as_path()) || !path.is_dir() {
            return;
        }
        let is_watched = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| WATCHED.contains(&n));
        if is_watched {
            let _ = match &mut self.active {
                Active::Native(d) => d.watch(path, RecursiveMode::Recursive),
                Active::Polling(d) => d.watch(path, RecursiveMode::Recursive),
            };
        }
    }
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        _ => false,
    }
}

/// Watch the site folder itself (for `site.toml` and new folders) and each existing source
/// folder recursively — never the output or `target/`.
fn watch_all(
    root: &Path,
    mut watch: impl FnMut(&Path, RecursiveMode) -> notify::Result<()>,
) -> notify::Result<()> {
    watch(root, RecursiveMode::NonRecursive)?;
    for name in WATCHED {
        let p = root.join(name);
        if p.is_dir() {
            watch(&p, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}
