//! Carrying out a deploy's changes: each step's uploads concurrently, the next step only
//! once every file of this one is up, deletes last; every upload and delete written to the
//! record's log as it happens, so a deploy stopped at any moment (an error, Ctrl-C, a
//! kill) is picked up exactly where it was. A progress bar on a terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use super::changes::{Changes, Delete, Upload, md5_of};
use super::objects::{Objects, content_type};
use super::record::{Files, Held, Log};
use super::store::Store;

/// S3's limit for an object sent in one request.
const MAX_SIZE: u64 = 5 << 30;

/// What was done.
#[derive(Debug, Default)]
pub struct Sent {
    pub uploaded: usize,
    pub bytes: u64,
    pub deleted: usize,
    /// Objects not deleted since they changed in the bucket after Gazette put them there.
    pub kept: Vec<String>,
    /// Each changed path, for `--verbose`.
    pub changed: Vec<String>,
    /// The first error that stopped the deploy.
    pub error: Option<String>,
    /// Stopped by Ctrl-C.
    pub interrupted: bool,
}

pub struct Run<'a> {
    pub store: &'a Store,
    pub objects: &'a Objects,
    pub output: &'a Path,
    pub log: &'a Log,
    /// What the target holds, kept up to date as the deploy goes.
    pub files: &'a Mutex<Files>,
    pub jobs: usize,
    pub progress: bool,
    pub stop: Arc<AtomicBool>,
}

enum Done {
    Uploaded(String, u64),
    Deleted(String),
    Kept(String),
    Gone,
    Skipped,
}

impl Run<'_> {
    pub async fn send(&self, changes: &Changes) -> Sent {
        let total = (changes.uploads.len() + changes.deletes.len()) as u64;
        let bar = (self.progress && std::io::stderr().is_terminal() && total > 0).then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} deploying {pos}/{len} files {wide_bar} {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let mut sent = Sent::default();
        let failed = AtomicBool::new(false);
        let counter = AtomicU64::new(0);
        let tick = || {
            counter.fetch_add(1, Ordering::Relaxed);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        };
        let mut steps: Vec<Vec<Job>> = changes
            .steps()
            .into_iter()
            .map(|s| s.into_iter().map(Job::Upload).collect())
            .collect();
        steps.push(changes.deletes.iter().cloned().map(Job::Delete).collect());
        for step in steps {
            if failed.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed) {
                break;
            }
            let results: Vec<Result<Done, String>> = futures_util::stream::iter(step)
                .map(|job| async {
                    if failed.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed) {
                        return Ok(Done::Skipped);
                    }
                    let done = match job {
                        Job::Upload(u) => self.upload(&u).await,
                        Job::Delete(d) => self.delete(&d).await,
                    };
                    if done.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    tick();
                    done
                })
                .buffer_unordered(self.jobs.max(1))
                .collect()
                .await;
            for result in results {
                match result {
                    Ok(Done::Uploaded(path, bytes)) => {
                        sent.uploaded += 1;
                        sent.bytes += bytes;
                        sent.changed.push(path);
                    }
                    Ok(Done::Deleted(path)) => {
                        sent.deleted += 1;
                        sent.changed.push(path);
                    }
                    Ok(Done::Kept(path)) => sent.kept.push(path),
                    Ok(Done::Gone | Done::Skipped) => {}
                    Err(e) => {
                        sent.error.get_or_insert(e);
                    }
                }
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        sent.interrupted = self.stop.load(Ordering::Relaxed);
        sent
    }

    fn files(&self) -> std::sync::MutexGuard<'_, Files> {
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn upload(&self, u: &Upload) -> Result<Done, String> {
        let file = self.output.join(u.path.as_ref());
        let shown = file.display();
        let meta = tokio::fs::symlink_metadata(&file)
            .await
            .map_err(|e| format!("cannot read {shown}: {e}"))?;
        if !meta.is_file() {
            return Err(format!(
                "{shown} is not a plain file: run `gazette build --clean`"
            ));
        }
        if meta.len() > MAX_SIZE {
            return Err(format!(
                "{shown} is larger than the 5 GiB S3 takes in one request"
            ));
        }
        let bytes = tokio::fs::read(&file)
            .await
            .map_err(|e| format!("cannot read {shown}: {e}"))?;
        if *blake3::hash(&bytes).as_bytes() != u.hash {
            return Err(format!(
                "{shown} changed after `gazette build` wrote it: run `gazette build --clean` (it puts back what the build writes), then deploy"
            ));
        }
        let md5 = md5_of(&bytes);
        let len = bytes.len() as u64;
        self.log
            .trying(&u.path, &md5)
            .map_err(|e| format!("cannot write the deploy log: {e}"))?;
        self.files()
            .entry(u.path.clone())
            .or_insert(Held { hash: [0; 32], md5 })
            .hash = [0; 32];
        self.store
            .put(
                &u.path,
                bytes,
                content_type(&u.path),
                self.objects.cache_control(&u.path),
            )
            .await?;
        let held = Held { hash: u.sent, md5 };
        self.log
            .put(&u.path, &held)
            .map_err(|e| format!("cannot write the deploy log: {e}"))?;
        self.files().insert(u.path.clone(), held);
        Ok(Done::Uploaded(u.path.to_string(), len))
    }

    async fn delete(&self, d: &Delete) -> Result<Done, String> {
        let forget = |this: &Self| -> Result<(), String> {
            this.log
                .deleted(&d.path)
                .map_err(|e| format!("cannot write the deploy log: {e}"))?;
            this.files().remove(&d.path);
            Ok(())
        };
        if !d.checked {
            match self.store.head(&d.path).await? {
                None => {
                    forget(self)?;
                    return Ok(Done::Gone);
                }
                Some(there) if there.md5 != Some(d.held.md5) => {
                    // Someone else's now (or, for an upload that was cut short, never known
                    // to be Gazette's): never removed, and no longer Gazette's to remove.
                    forget(self)?;
                    return Ok(Done::Kept(d.path.to_string()));
                }
                Some(_) => {}
            }
        }
        self.store.delete(&d.path).await?;
        forget(self)?;
        Ok(Done::Deleted(d.path.to_string()))
    }
}

enum Job {
    Upload(Upload),
    Delete(Delete),
}
