//! The build cache (`.gazette/cache`): for every file written, the route fingerprint that
//! produced it and the hash of its bytes. A cache from another Gazette version, or one that
//! was changed after Gazette wrote it or does not parse, is ignored with a message, never
//! trusted.

use foldhash::{HashMap, HashMapExt};
use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::core::{Hash, hex, shards, unhex};

const HEADER: &str = concat!("gazette-cache 1 ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: Hash,
    pub content: Hash,
}

#[derive(Debug, Default)]
pub struct Cache {
    /// The output directory the cached files were written to.
    pub output_dir: String,
    pub files: HashMap<Arc<str>, Entry>,
    /// Written by another Gazette version: only its list of files is kept.
    pub foreign: bool,
}

impl Cache {
    /// Where the build cache lives in the site's cache folder (`.gazette/`).
    pub fn path(cache_dir: &Path) -> std::path::PathBuf {
        cache_dir.join("cache")
    }

    /// Read the cache (a folder of shards; an older Gazette's single file is read as one
    /// shard). `Err` carries why it was ignored; a missing cache is just empty.
    pub fn load(path: &Path) -> Result<Cache, String> {
        let texts: Vec<(usize, std::io::Result<String>)> = if path.is_file() {
            vec![(0, std::fs::read_to_string(path))]
        } else {
            shards::read(path, |b| String::from_utf8_lossy(b).into_owned())
        };
        let mut cache = Cache::default();
        for (shard, text) in texts {
            let damaged = |why: &dyn std::fmt::Display| {
                format!("{} is damaged ({why}, shard {shard:02})", path.display())
            };
            let text = text.map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => damaged(&e),
                _ => format!("cannot read {}: {e}", path.display()),
            })?;
            let part = parse(&text).map_err(|why| damaged(&why))?;
            cache.foreign |= part.foreign;
            cache.output_dir = part.output_dir;
            cache.files.extend(part.files);
        }
        Ok(cache)
    }

    /// Write the shards whose entries differ from `previous` (every shard without one, or
    /// when it was another version's or another folder's); nothing when none differ.
    pub fn save(&self, path: &Path, previous: Option<&Cache>) -> std::io::Result<()> {
        match self.changed_shards(path, previous) {
            0 => Ok(()),
            dirty => self.save_shards(path, dirty),
        }
    }

    /// The shards of this cache that differ from `previous`, saved at `path` (all of them
    /// when there is no usable previous cache there).
    pub fn changed_shards(&self, path: &Path, previous: Option<&Cache>) -> shards::Mask {
        let mut dirty = match previous {
            Some(old) if old.output_dir == self.output_dir && !old.foreign && !path.is_file() => 0,
            _ => shards::ALL,
        };
        if dirty != shards::ALL {
            let old = previous.map(|p| &p.files);
            for (k, e) in &self.files {
                if old.and_then(|o| o.get(k)) != Some(e) {
                    dirty |= shards::bit(shards::of(k.as_bytes()));
                }
            }
            for k in old.into_iter().flat_map(|o| o.keys()) {
                if !self.files.contains_key(k) {
                    dirty |= shards::bit(shards::of(k.as_bytes()));
                }
            }
        }
        dirty
    }

    /// Write the shards in `dirty`, each atomically and flushed to disk, sorted for stable
    /// diffs.
    pub fn save_shards(&self, path: &Path, dirty: shards::Mask) -> std::io::Result<()> {
        let mut names: Vec<Vec<&Arc<str>>> = vec![Vec::new(); shards::COUNT];
        for name in self.files.keys() {
            let shard = shards::of(name.as_bytes());
            if dirty & shards::bit(shard) != 0 {
                names[shard].push(name);
            }
        }
        names.par_iter_mut().for_each(|n| n.sort_unstable());
        let text = |shard: usize| {
            let mut out = format!("{HEADER}\n{}\n", self.output_dir);
            for name in &names[shard] {
                let e = &self.files[*name];
                let _ = writeln!(out, "{} {} {name}", hex(&e.fingerprint), hex(&e.content));
            }
            Ok(out.into_bytes())
        };
        shards::write(path, dirty, text, true)
    }
}

/// One shard's text: a header, the output folder, then `fingerprint content path` lines.
fn parse(text: &str) -> Result<Cache, String> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    // Another version's hashes are not trusted, but its list of the files it wrote is:
    // those may still be replaced or removed.
    let foreign = header != HEADER;
    if foreign && !header.starts_with("gazette-cache 1 ") {
        return Err("unknown header".into());
    }
    let output_dir = lines.next().unwrap_or_default().to_string();
    let mut files = HashMap::new();
    for (n, line) in lines.enumerate() {
        let parse = || -> Option<(Arc<str>, Entry)> {
            let mut parts = line.splitn(3, ' ');
            let fingerprint = unhex(parts.next()?)?;
            let content = unhex(parts.next()?)?;
            Some((
                parts.next()?.into(),
                Entry {
                    fingerprint,
                    content,
                },
            ))
        };
        match parse() {
            Some((file, _)) if foreign => {
                let untrusted = Entry {
                    fingerprint: [0; 32],
                    content: [0; 32],
                };
                files.insert(file, untrusted);
            }
            Some((file, entry)) => {
                files.insert(file, entry);
            }
            None => return Err(format!("line {}", n + 3)),
        }
    }
    Ok(Cache {
        output_dir,
        files,
        foreign,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        let mut c = Cache {
            output_dir: "/x/public".into(),
            ..Cache::default()
        };
        for name in ["a b/index.html", "c/index.html", "rss.xml"] {
            c.files.insert(
                name.into(),
                Entry {
                    fingerprint: [1; 32],
                    content: [2; 32],
                },
            );
        }
        c.save(&path, None).unwrap();
        let back = Cache::load(&path).unwrap();
        assert_eq!(back.files, c.files);
        assert_eq!(back.output_dir, "/x/public");
        // Only the shard holding a changed entry is written again.
        let shard = |name: &str| path.join(format!("{:02}", shards::of(name.as_bytes())));
        std::fs::remove_file(shard("rss.xml")).unwrap();
        let mut edited = back;
        edited.files.get_mut("c/index.html").unwrap().content = [3; 32];
        edited.save(&path, Some(&c)).unwrap();
        assert!(shard("c/index.html").exists());
        assert_eq!(
            shards::of(b"rss.xml") == shards::of(b"c/index.html"),
            shard("rss.xml").exists()
        );
        let unparsable = shards::seal(format!("{HEADER}\n/x\nzz 00 a\n").into_bytes());
        std::fs::write(shard("c/index.html"), unparsable).unwrap();
        assert!(Cache::load(&path).unwrap_err().contains("damaged"));
        std::fs::write(shard("c/index.html"), "garbage\n").unwrap();
        assert!(Cache::load(&path).unwrap_err().contains("damaged"));
    }

    #[test]
    fn another_versions_files_are_known_but_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        // An older Gazette's single-file cache.
        let path = dir.path().join("cache");
        let other = format!(
            "gazette-cache 1 0.0.0-other\n/x\n{} {} a.html\n",
            "1".repeat(64),
            "2".repeat(64)
        );
        std::fs::write(&path, other).unwrap();
        let back = Cache::load(&path).unwrap();
        assert!(back.foreign);
        assert_eq!(
            back.files["a.html"],
            Entry {
                fingerprint: [0; 32],
                content: [0; 32]
            }
        );
        back.save(&path, Some(&back)).unwrap();
        assert!(path.is_dir(), "the single file became a folder of shards");
        assert!(!Cache::load(&path).unwrap().foreign);
    }
}
