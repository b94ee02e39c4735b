//! `gazette deploy`: publish the output of the last build to an S3-compatible bucket
//! (Amazon S3, Cloudflare R2, Google Cloud Storage's XML API, Garage, MinIO), sending only
//! what changed. The build cache says what the build wrote and the hash of its bytes; the
//! target's record (`record`) says what the bucket holds; the difference (`changes`) is
//! uploaded in an order where nothing links to a file not there yet, and only files Gazette
//! itself put there are ever deleted. Without a record it can trust, and with `--verify`,
//! the bucket's listing is compared instead.

mod built;
mod changes;
mod credentials;
mod objects;
mod record;
mod send;
mod store;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::config::{DeployTarget, split_deploy_url};
use crate::driver::Error;

pub use built::build;

/// Uploads and deletes in flight at once (`GAZETTE_DEPLOY_JOBS` changes it).
const JOBS: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The `[deploy.NAME]` to publish to; `None`: the only one.
    pub target: Option<String>,
    /// Compare with the bucket's listing instead of trusting the record.
    pub verify: bool,
    /// Say what would be uploaded and deleted; change nothing.
    pub dry_run: bool,
    /// A progress bar on a terminal.
    pub progress: bool,
}

/// What a deploy did (or, for a dry run, would do).
#[derive(Debug, Default)]
pub struct Summary {
    pub name: String,
    pub url: String,
    pub dry_run: bool,
    pub uploaded: usize,
    pub bytes: u64,
    pub deleted: usize,
    pub unchanged: usize,
    pub requests: u64,
    /// Of those, the ones that failed (and were retried, or the deploy stopped).
    pub failed_requests: u64,
    pub seconds: f64,
    /// For a dry run, `upload PATH` and `delete PATH`; else every path changed.
    pub changed: Vec<String>,
    pub notes: Vec<String>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let requests = if self.requests == 1 {
            "1 request".to_string()
        } else {
            format!("{} requests", self.requests)
        };
        let requests = match self.failed_requests {
            0 => requests,
            n => format!("{requests} ({n} failed)"),
        };
        let (verb, up, del) = if self.dry_run {
            ("dry run for", "to upload", "to delete")
        } else {
            ("deployed to", "uploaded", "deleted")
        };
        write!(
            f,
            "{verb} {} ({}): {} {up} ({}), {} {del}, {} unchanged; {requests} in {:.2} s",
            self.name,
            self.url,
            self.uploaded,
            size(self.bytes),
            self.deleted,
            self.unchanged,
            self.seconds
        )
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 10 << 20 => format!("{} MB", b >> 20),
        b if b >= 10 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Deploy the site in `root` (its last build's output) to a target of its `site.toml`.
pub fn deploy(root: &Path, opts: &Options) -> Result<Summary, Error> {
    let start = Instant::now();
    let built = built::last_build(root)?;
    let (name, target) = pick(&built.site.config.deploy, opts.target.as_deref())?;
    let url = target.url.get_ref();
    let (bucket, prefix) = split_deploy_url(url).map_err(Error::Output)?;
    let env = credentials::Env::process();
    let endpoint = target
        .endpoint
        .as_ref()
        .map(|e| e.get_ref().trim_end_matches('/').to_string())
        .or_else(|| env.var("AWS_ENDPOINT_URL_S3"))
        .or_else(|| env.var("AWS_ENDPOINT_URL"));
    let shown_url = if prefix.is_empty() {
        format!("s3://{bucket}")
    } else {
        format!("s3://{bucket}/{prefix}")
    };
    let identity = format!("target {shown_url} {}", endpoint.as_deref().unwrap_or("-"));
    let dir = record::folder(&built.site.cache_dir(), &name);
    let had_log = dir.join("log").exists();
    let (record, note) = record::load(&dir, &identity);
    let objects = objects::Objects::new(&built.site, target);
    let mut summary = Summary {
        name: name.clone(),
        url: shown_url,
        dry_run: opts.dry_run,
        notes: note.into_iter().collect(),
        ..Summary::default()
    };
    let listing = opts.verify || record.is_none();
    if !listing && let Some(record) = &record {
        let changes = changes::from_record(&built.files, record, &objects);
        if changes.uploads.is_empty() && changes.deletes.is_empty() {
            // Nothing to send: not one request.
            if had_log && !opts.dry_run {
                save(&dir, &identity, record, None)?;
            }
            summary.unchanged = changes.unchanged;
            summary.seconds = start.elapsed().as_secs_f64();
            return Ok(summary);
        }
    }
    let credentials = credentials::find(&env)
        .map_err(|e| Error::Output(format!("cannot deploy to `{name}`: {e}")))?;
    let region = target
        .region
        .as_ref()
        .map(|r| r.get_ref().clone())
        .or_else(|| credentials.region.clone())
        .unwrap_or_else(|| "us-east-1".into());
    let store = store::Store::connect(bucket, prefix, endpoint.as_deref(), &region, credentials)
        .map_err(Error::Output)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Output(format!("cannot start the deploy: {e}")))?;
    let jobs = std::env::var("GAZETTE_DEPLOY_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or(JOBS);
    runtime.block_on(async {
        let changes = if listing {
            let remote = store.list().await.map_err(Error::Output)?;
            changes::from_listing(
                &built.files,
                &built.output,
                remote,
                record.as_ref(),
                &objects,
            )
            .map_err(Error::Output)?
        } else {
            let Some(record) = &record else {
                return Err(Error::Output("the deploy record vanished".into()));
            };
            changes::from_record(&built.files, record, &objects)
        };
        summary.unchanged = changes.unchanged;
        if !changes.kept.is_empty() {
            summary.notes.push(kept_note(
                &changes.kept,
                "the site does not have them and no record shows Gazette put them there",
            ));
        }
        if opts.dry_run {
            for u in &changes.uploads {
                summary.uploaded += 1;
                summary.bytes += std::fs::symlink_metadata(built.output.join(u.path.as_ref()))
                    .map_or(0, |m| m.len());
                summary.changed.push(format!("upload {}", u.path));
            }
            for d in &changes.deletes {
                summary.deleted += 1;
                summary.changed.push(format!("delete {}", d.path));
            }
            summary.requests = store.requests();
            summary.failed_requests = store.failed_requests();
            summary.seconds = start.elapsed().as_secs_f64();
            return Ok(());
        }
        // The record starts from what the target holds now (from the listing, or with the
        // last deploy's log applied), so the log of this one applies to it.
        if listing || had_log {
            save(&dir, &identity, &changes.files, None)?;
        }
        let log = record::Log::start(&dir, &identity).map_err(|e| {
            Error::Output(format!(
                "cannot write the deploy log in {}: {e}",
                dir.display()
            ))
        })?;
        let files = Mutex::new(changes.files.clone());
        let stop = Arc::new(AtomicBool::new(false));
        let on_signal = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        });
        let run = send::Run {
            store: &store,
            objects: &objects,
            output: &built.output,
            log: &log,
            files: &files,
            jobs,
            progress: opts.progress,
            stop,
        };
        let sent = run.send(&changes).await;
        drop(log);
        let files = files.into_inner().unwrap_or_else(|p| p.into_inner());
        let saved = save(&dir, &identity, &files, Some(&changes.files));
        summary.uploaded = sent.uploaded;
        summary.bytes = sent.bytes;
        summary.deleted = sent.deleted;
        summary.changed = sent.changed;
        summary.requests = store.requests();
        summary.failed_requests = store.failed_requests();
        summary.seconds = start.elapsed().as_secs_f64();
        if !sent.kept.is_empty() {
            summary.notes.push(kept_note(
                &sent.kept,
                "they changed in the bucket after Gazette put them there",
            ));
        }
        let done = format!(
            "{} of {} files sent, {} of {} deleted",
            sent.uploaded,
            changes.uploads.len(),
            sent.deleted,
            changes.deletes.len()
        );
        if let Some(e) = sent.error {
            return Err(Error::Output(format!(
                "{e}\n{done}; what was sent is recorded: fix this and run `gazette deploy` again"
            )));
        }
        if sent.interrupted {
            return Err(Error::Output(format!(
                "interrupted: {done}; run `gazette deploy` again to finish"
            )));
        }
        saved
    })?;
    Ok(summary)
}

fn save(
    dir: &Path,
    identity: &str,
    files: &record::Files,
    previous: Option<&record::Files>,
) -> Result<(), Error> {
    record::save(dir, identity, files, previous).map_err(|e| {
        Error::Output(format!(
            "cannot save the deploy record in {}: {e}",
            dir.display()
        ))
    })
}

fn kept_note(paths: &[String], why: &str) -> String {
    let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
    format!(
        "kept {} object{} in the bucket, since {why}: {}{}",
        paths.len(),
        if paths.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if paths.len() > 5 { ", …" } else { "" }
    )
}

/// The target named on the command line, or the only one.
fn pick<'a>(
    targets: &'a std::collections::BTreeMap<String, DeployTarget>,
    wanted: Option<&str>,
) -> Result<(String, &'a DeployTarget), Error> {
    let names: Vec<&str> = targets.keys().map(String::as_str).collect();
    match wanted {
        Some(name) => targets.get(name).map(|t| (name.to_string(), t)).ok_or_else(|| {
            let known = if names.is_empty() {
                "it has none".to_string()
            } else {
                format!("it has {}", names.join(", "))
            };
            let hint = crate::core::suggest(name, &names)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Error::Output(format!("site.toml has no [deploy.{name}]{hint}; {known}"))
        }),
        None => match names.as_slice() {
            [] => Err(Error::Output(
                "site.toml has no deploy target: add one, for example\n\n  [deploy.production]\n  url = \"s3://my-bucket\"\n  endpoint = \"https://ACCOUNT.r2.cloudflarestorage.com\"  # for services other than Amazon S3\n  region = \"auto\"".into(),
            )),
            [only] => Ok((only.to_string(), &targets[*only])),
            many => Err(Error::Output(format!(
                "site.toml has {} deploy targets ({}): name one, as in `gazette deploy {}`",
                many.len(),
                many.join(", "),
                many[0]
            ))),
        },
    }
}
