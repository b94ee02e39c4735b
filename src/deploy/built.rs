//! What the last build left to deploy, and whether it may be deployed: only the output of
//! a `gazette build` that finished (its record in `.gazette/sources` is written last, and
//! removed before any build, `serve` or `watch` changes the output), with nothing read
//! since changed and no journal of an interrupted commit. The files are those the build
//! cache lists, with the hash of the bytes the build wrote.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Site;
use crate::core::Hash;
use crate::driver::{self, Error, Options, Record, Sources};
use crate::output::{Cache, Journal, output_key};

const BUILD_FIRST: &str = "run `gazette build`, or `gazette deploy --build`";

/// The output of the last build.
pub struct Built {
    pub site: Site,
    pub output: PathBuf,
    /// Every file, by path in the output folder, with the BLAKE3 of its bytes; sorted.
    pub files: Vec<(Arc<str>, Hash)>,
}

/// The last build's output, every edition's, or why it may not be deployed.
pub fn last_build(root: &std::path::Path) -> Result<Built, Error> {
    let mut built: Option<Built> = None;
    for edition in driver::editions(root) {
        let mut one = edition_build(root, edition.as_deref())?;
        match &mut built {
            None => built = Some(one),
            Some(home) => {
                let prefix = &one.site.prefix;
                home.files.extend(
                    one.files
                        .drain(..)
                        .map(|(path, hash)| (Arc::from(format!("{prefix}{path}")), hash)),
                );
            }
        }
    }
    let mut built = built.ok_or_else(|| Error::Output("the site has no edition".into()))?;
    built.files.sort_unstable();
    Ok(built)
}

/// The last build's output of the edition in `edition` (`None`: the home edition).
fn edition_build(root: &std::path::Path, edition: Option<&str>) -> Result<Built, Error> {
    let sources = Sources::read(root, edition)?;
    let site = sources.site.clone();
    let cache_dir = site.cache_dir();
    let output = site.output_dir();
    let refuse = |why: &str| Err(Error::Output(format!("{why}: {BUILD_FIRST}")));
    if Journal::exists(&cache_dir) {
        return refuse(&format!(
            "the last build into {} was interrupted",
            output.display()
        ));
    }
    let Some(record) = Record::read(&Record::path(&cache_dir)) else {
        return refuse(&format!(
            "{} is not the output of a finished `gazette build` (the last build failed or was stopped, or `serve` or `watch` changed it since)",
            output.display()
        ));
    };
    let Some(digest) = sources.digest(&Options::default()) else {
        return refuse("a story file or folder under content/ cannot be read");
    };
    if !record.holds(&digest, &Cache::path(&cache_dir), &output, sources.now) {
        let why = if record.digest != digest {
            "the site changed since the last build (its stories, templates, static files or site.toml, the build's --drafts or --future, or Gazette itself)"
        } else if record.until.is_some_and(|t| t <= sources.now) {
            "a story has come out or left the news sitemap since the last build"
        } else {
            "the build cache or the output folder changed since the last build"
        };
        return refuse(why);
    }
    let (cache, notes) = Cache::load(&Cache::path(&cache_dir));
    if !notes.is_empty() || cache.foreign || cache.output_dir != output_key(&site) {
        let why = notes
            .first()
            .cloned()
            .unwrap_or_else(|| "the build cache describes another output".into());
        return refuse(&why);
    }
    let mut files: Vec<(Arc<str>, Hash)> = cache
        .files
        .into_iter()
        .map(|(path, entry)| (path, entry.content))
        .collect();
    files.sort_unstable();
    Ok(Built {
        site,
        output,
        files,
    })
}

/// `gazette deploy --build`: build first (as `gazette build` does, recorded), then deploy.
pub fn build(root: &std::path::Path, progress: bool) -> Result<driver::Report, Error> {
    let opts = Options {
        progress,
        ..Options::default()
    };
    let mut session = driver::Editions::new(root, opts);
    let report = session.build();
    std::mem::forget(session);
    report
}
