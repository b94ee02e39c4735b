//! What a build reads before it parses anything (the configuration, the theme, every story
//! file's size and modification time), and the record the last complete build left of it
//! (`.gazette/sources`). When the two agree, and no story has come out or left the news
//! sitemap since, a build has nothing to do and stops before loading the site.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Error, Options};
use crate::config::{self, Site};
use crate::content::{Listing, restamp, stamp, stamp_bytes, stamped_files};
use crate::core::{Diagnostic, Fp, Hash, hex, shards, unhex};
use crate::theme::Theme;

/// The sources of a build, read but not parsed.
pub struct Sources {
    pub site: Site,
    pub theme: Result<Theme, Vec<Diagnostic>>,
    /// Every story file with its stamp, in byte order of the paths, and what the walk of
    /// `content/` could not read.
    pub files: Listing,
    pub now: DateTime<Utc>,
}

impl Sources {
    /// The sources of the site in `root`, as the edition in `edition` sees them (`None`:
    /// the home edition).
    pub fn read(root: &Path, edition: Option<&str>) -> Result<Sources, Error> {
        Sources::read_with(root, edition, stamped_files)
    }

    /// [`Sources::read`] when `listed` holds the story files as they were listed before
    /// and `changed` the paths a file watcher saw change since: only those are looked at
    /// again, unless one is not a story file's (then `content/` is listed anew).
    pub fn reread(
        root: &Path,
        edition: Option<&str>,
        listed: Listing,
        changed: &[PathBuf],
    ) -> Result<Sources, Error> {
        Sources::read_with(root, edition, |dir| {
            restamp(dir, listed, changed).unwrap_or_else(|| stamped_files(dir))
        })
    }

    /// The configuration and theme, and the story files as `list` finds them in `content/`.
    fn read_with(
        root: &Path,
        edition: Option<&str>,
        list: impl FnOnce(&Path) -> Listing,
    ) -> Result<Sources, Error> {
        let mut site = config::load(root).map_err(Error::Content)?;
        if let Some(language) = edition {
            site = site.edition(language).ok_or_else(|| {
                Error::Output(format!(
                    "site.toml no longer has the `{language}` edition; build again"
                ))
            })?;
        }
        let theme = Theme::load(&site);
        let files = list(&site.content_dir());
        Ok(Sources {
            site,
            theme,
            files,
            now: Utc::now(),
        })
    }

    /// A hash of everything the output depends on but the time: Gazette itself, the build
    /// options, the configuration, the theme, and each story file's path and stamp (themes
    /// cannot read the clock or the environment: see `render::theme`). `None` when
    /// something could not be read, a story file or a folder of `content/` (then nothing
    /// is known).
    pub fn digest(&self, opts: &Options) -> Option<Hash> {
        let theme = self.theme.as_ref().ok()?;
        if !self.files.problems.is_empty() {
            return None;
        }
        let mut fp = Fp::with_capacity(128 * self.files.files.len() + 4096);
        fp.add(crate::core::build_id().as_bytes())
            .add(&[opts.switches.drafts as u8, opts.switches.future as u8])
            .add(self.site.root.as_os_str().as_encoded_bytes())
            .add(serde_json::to_string(&self.site.config).ok()?.as_bytes())
            // An edition's pages name the home edition (its language, in every switcher).
            .add(
                serde_json::to_string(&*self.site.home.config)
                    .ok()?
                    .as_bytes(),
            );
        let mut templates: Vec<_> = theme.template_hashes.iter().collect();
        templates.sort();
        for (name, hash) in templates {
            fp.add(name.as_bytes()).add(hash);
        }
        for asset in &theme.assets {
            fp.add(asset.path.as_bytes())
                .add(&asset.source.fingerprint());
        }
        for (path, stamped) in &self.files.files {
            fp.add(path.as_os_str().as_encoded_bytes())
                .add(&stamp_bytes((*stamped)?)?);
            // A bundle's files are sources too.
            for file in crate::media::bundle_files(path) {
                fp.add(file.as_os_str().as_encoded_bytes())
                    .add(&stamp_bytes(stamp(&file)?)?);
            }
        }
        Some(fp.done())
    }
}

/// What the last complete build was made from, and what it made.
#[derive(Debug, PartialEq)]
pub struct Record {
    pub digest: Hash,
    /// The build cache's files as the build left them (names, sizes, times): a cache
    /// changed since, by hand or by another process, is read and checked by a full build.
    pub cache: Hash,
    /// When the output changes by itself (a future story's date, a story's 48 hours in the
    /// news sitemap running out); `None`: never.
    pub until: Option<DateTime<Utc>>,
    pub stories: usize,
    pub pages: usize,
    pub files: usize,
    /// The output folder's identity when the build ended (`output::folder_identity`): a
    /// folder replaced since is not the one that build wrote.
    pub output: String,
}

const HEADER: &str = "gazette sources 2";

impl Record {
    /// Whether the output is still what a build from sources with `digest` makes at `now`,
    /// and the build cache in `cache_dir` still the one that build left.
    pub fn holds(
        &self,
        digest: &Hash,
        cache_dir: &Path,
        output: &Path,
        now: DateTime<Utc>,
    ) -> bool {
        self.digest == *digest
            && self.until.is_none_or(|until| now < until)
            && cache_stamps(cache_dir) == Some(self.cache)
            && !self.output.is_empty()
            && crate::output::folder_identity(output) == self.output
    }

    /// The record at `path`; `None` when there is none or it cannot be read in full.
    pub fn read(path: &Path) -> Option<Record> {
        Record::parse(&std::fs::read_to_string(path).ok()?)
    }

    /// A record from its text (see [`Record::text`]); `None` unless it is whole.
    pub fn parse(text: &str) -> Option<Record> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut field = |name: &str| lines.next()?.strip_prefix(name)?.strip_prefix(' ');
        let digest = unhex(field("digest")?)?;
        let cache = unhex(field("cache")?)?;
        let until = match field("until")? {
            "-" => None,
            t => Some(DateTime::parse_from_rfc3339(t).ok()?.with_timezone(&Utc)),
        };
        let stories = field("stories")?.parse().ok()?;
        let pages = field("pages")?.parse().ok()?;
        let files = field("files")?.parse().ok()?;
        let output = field("output")?.to_string();
        Some(Record {
            output,
            digest,
            cache,
            until,
            stories,
            pages,
            files,
        })
    }

    /// The record as it is stored: one `name value` line per field.
    pub fn text(&self) -> String {
        let until = self
            .until
            .map_or_else(|| "-".to_string(), |t| t.to_rfc3339());
        format!(
            "{HEADER}\ndigest {}\ncache {}\nuntil {until}\nstories {}\npages {}\nfiles {}\noutput {}\n",
            hex(&self.digest),
            hex(&self.cache),
            self.stories,
            self.pages,
            self.files,
            self.output
        )
    }

    /// Write the record (to a temporary file, then renamed into place).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        shards::write_atomic(path, self.text().as_bytes(), false)
    }

    /// Where the record of a site with caches in `cache_dir` (`.gazette/`) is kept.
    pub fn path(cache_dir: &Path) -> PathBuf {
        cache_dir.join("sources")
    }

    /// Forget the record before the output changes (a missing one is fine).
    pub fn forget(cache_dir: &Path) {
        let _ = std::fs::remove_file(Record::path(cache_dir));
    }
}

/// A hash of the names, sizes and modification times of the files in `dir`.
pub fn cache_stamps(dir: &Path) -> Option<Hash> {
    let mut files = std::fs::read_dir(dir)
        .ok()?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .ok()?;
    files.sort();
    let mut fp = Fp::with_capacity(128 * files.len());
    for path in files {
        fp.add(path.as_os_str().as_encoded_bytes())
            .add(&stamp_bytes(stamp(&path)?)?);
    }
    Some(fp.done())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sources");
        let record = Record {
            digest: [7; 32],
            cache: [8; 32],
            until: Some(Utc::now()),
            stories: 3,
            pages: 40,
            files: 44,
            output: "2049:77".into(),
        };
        record.save(&path).unwrap();
        let back = Record::read(&path).unwrap();
        assert_eq!((back.digest, back.cache), (record.digest, record.cache));
        assert_eq!((back.stories, back.pages, back.files), (3, 40, 44));
        assert_eq!(back.output, "2049:77");
        let text = std::fs::read_to_string(&path).unwrap();
        for broken in [
            text.replace("digest 07", "digest zz"),
            text.replace("pages 40", "pages forty"),
            text.lines().take(3).collect::<Vec<_>>().join("\n"),
            text.replace(HEADER, "gazette sources 0"),
        ] {
            std::fs::write(&path, broken).unwrap();
            assert_eq!(Record::read(&path), None);
        }
    }

    #[test]
    fn a_record_holds_until_its_time_and_while_the_cache_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("00"), "cache").unwrap();
        let now = Utc::now();
        let mut record = Record {
            digest: [1; 32],
            cache: cache_stamps(dir.path()).unwrap(),
            until: None,
            stories: 0,
            pages: 0,
            files: 0,
            output: crate::output::folder_identity(dir.path()),
        };
        let out = dir.path();
        assert!(record.holds(&[1; 32], dir.path(), out, now));
        // Another output folder (or the same one replaced) is not the one it describes.
        let other = tempfile::tempdir().unwrap();
        assert!(!record.holds(&[1; 32], dir.path(), other.path(), now));
        assert!(!record.holds(&[2; 32], dir.path(), out, now));
        std::fs::write(dir.path().join("00"), "edited").unwrap();
        assert!(!record.holds(&[1; 32], dir.path(), out, now));
        record.cache = cache_stamps(dir.path()).unwrap();
        record.until = Some(now);
        assert!(!record.holds(&[1; 32], dir.path(), out, now));
        let before = now - chrono::Duration::seconds(1);
        assert!(record.holds(&[1; 32], dir.path(), out, before));
    }
}
