//! The build cache (`.gazette/cache`): for every file written, the route fingerprint that
//! produced it and the hash of its bytes. The cache is input like any other (a cloned
//! repository may carry one): a shard that was changed after Gazette wrote it, does not
//! parse, names a path outside the output folder or is missing is ignored with a message and
//! marked lost; another Gazette version's fingerprints are not trusted.

use foldhash::{HashMap, HashMapExt};
use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::core::{Hash, OutPath, hex, shards, unhex};

const HEADER: &str = concat!("gazette-cache 2 ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: Hash,
    pub content: Hash,
}

#[derive(Debug, Default)]
pub struct Cache {
    /// The output directory the cached files were written to (see `output_key`).
    pub output_dir: String,
    /// That folder's identity on its file system when the cache was saved (see
    /// `folder_identity`): what no copied or crafted cache can know.
    pub output_id: String,
    pub files: HashMap<Arc<str>, Entry>,
    /// Written by another Gazette version: its fingerprints are not kept (its hashes of
    /// the bytes it wrote are: they prove which files it may remove).
    pub foreign: bool,
    /// Shards that were missing or damaged: what they listed is unknown, and they are
    /// written again at the next save.
    pub lost: shards::Mask,
}

impl Cache {
    /// Where the build cache lives in the site's cache folder (`.gazette/`).
    pub fn path(cache_dir: &Path) -> std::path::PathBuf {
        cache_dir.join("cache")
    }

    /// Read the cache (a folder of shards; an older Gazette's single file is read as one
    /// shard), with a note for each shard that could not be trusted. A missing cache is
    /// just empty.
    pub fn load(path: &Path) -> (Cache, Vec<String>) {
        // Each shard read and parsed on its own core.
        let parts: Vec<(usize, std::io::Result<Result<Cache, String>>)> = if path.is_file() {
            vec![(0, std::fs::read_to_string(path).map(|text| parse(&text)))]
        } else {
            shards::read(path, |b| parse(&String::from_utf8_lossy(b)))
        };
        let mut cache = Cache::default();
        let entries = parts
            .iter()
            .filter_map(|(_, p)| p.as_ref().ok()?.as_ref().ok());
        cache.files.reserve(entries.map(|p| p.files.len()).sum());
        let mut notes = Vec::new();
        let mut found: shards::Mask = 0;
        for (shard, part) in parts {
            found |= shards::bit(shard);
            match part.map_err(|e| e.to_string()).and_then(|p| p) {
                Ok(part)
                    if cache.files.is_empty()
                        || (part.output_dir == cache.output_dir
                            && part.output_id == cache.output_id) =>
                {
                    cache.foreign |= part.foreign;
                    cache.output_dir = part.output_dir;
                    cache.output_id = part.output_id;
                    cache.files.extend(part.files);
                }
                Ok(_) => {
                    cache.lost |= shards::bit(shard);
                    notes.push(format!(
                        "{} names another output folder",
                        shard_name(path, shard)
                    ));
                }
                Err(why) => {
                    cache.lost |= shards::bit(shard);
                    notes.push(format!("{} is damaged ({why})", shard_name(path, shard)));
                }
            }
        }
        if found != 0 && found != shards::ALL && path.is_dir() {
            let missing = shards::ALL & !found;
            cache.lost |= missing;
            notes.push(format!(
                "{} shard{} of {} {} missing",
                missing.count_ones(),
                if missing.count_ones() == 1 { "" } else { "s" },
                path.display(),
                if missing.count_ones() == 1 {
                    "is"
                } else {
                    "are"
                },
            ));
        }
        (cache, notes)
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
            Some(old) if old.output_dir == self.output_dir && !old.foreign && !path.is_file() => {
                old.lost
            }
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
            let mut out = format!("{HEADER}\n{}\n{}\n", self.output_dir, self.output_id);
            for name in &names[shard] {
                let e = &self.files[*name];
                let _ = writeln!(out, "{} {} {name}", hex(&e.fingerprint), hex(&e.content));
            }
            Ok(out.into_bytes())
        };
        shards::write(path, dirty, text, true)
    }
}

/// How a note names shard `shard` of the cache at `path`.
fn shard_name(path: &Path, shard: usize) -> String {
    format!("build cache shard {shard:02} of {}", path.display())
}

/// One shard's text: a header, the output folder, then `fingerprint content path` lines.
fn parse(text: &str) -> Result<Cache, String> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    // Another version's fingerprints are not trusted, but its list of the files it wrote
    // and their hashes are: those may still be replaced or removed. Version 1 of the
    // layout had no identity line.
    let foreign = header != HEADER;
    let layout = match header.get(..16) {
        Some("gazette-cache 2 ") => 2,
        Some("gazette-cache 1 ") => 1,
        _ => return Err("unknown header".into()),
    };
    let output_dir = lines.next().unwrap_or_default().to_string();
    let output_id = if layout == 2 {
        lines.next().unwrap_or_default().to_string()
    } else {
        String::new()
    };
    let first_entry_line = layout + 2;
    let mut files = HashMap::new();
    for (n, line) in lines.enumerate() {
        let parse = || -> Option<(Arc<str>, Entry)> {
            let mut parts = line.splitn(3, ' ');
            let fingerprint = unhex(parts.next()?)?;
            let content = unhex(parts.next()?)?;
            let path = OutPath::parse(parts.next()?).ok()?;
            Some((
                path.shared().clone(),
                Entry {
                    fingerprint,
                    content,
                },
            ))
        };
        match parse() {
            Some((file, entry)) => {
                // Another version may render differently, but its bytes hash the same.
                let fingerprint = if foreign { [0; 32] } else { entry.fingerprint };
                files.insert(
                    file,
                    Entry {
                        fingerprint,
                        ..entry
                    },
                );
            }
            None => return Err(format!("line {}", n + first_entry_line)),
        }
    }
    Ok(Cache {
        output_dir,
        output_id,
        files,
        foreign,
        lost: 0,
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
        let (back, notes) = Cache::load(&path);
        assert!(notes.is_empty(), "{notes:?}");
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
        let unparsable = shards::seal(format!("{HEADER}\n/x\n\nzz 00 a\n").into_bytes());
        std::fs::write(shard("c/index.html"), unparsable).unwrap();
        let lost = shards::bit(shards::of(b"c/index.html"));
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().any(|n| n.contains("damaged")), "{notes:?}");
        assert_eq!(back.lost & lost, lost);
        assert!(!back.files.contains_key("c/index.html"));
        std::fs::write(shard("c/index.html"), "garbage\n").unwrap();
        assert!(Cache::load(&path).1.iter().any(|n| n.contains("damaged")));
        // A path that would leave the output folder makes its shard damaged.
        let escaping = format!(
            "{HEADER}\n/x\n\n{} {} ../../victim.txt\n",
            "1".repeat(64),
            "2".repeat(64)
        );
        std::fs::write(shard("c/index.html"), shards::seal(escaping.into_bytes())).unwrap();
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().any(|n| n.contains("damaged")), "{notes:?}");
        assert!(back.files.keys().all(|k| !k.contains("..")));
        // A deleted shard is noticed, and written again at the next save.
        std::fs::remove_file(shard("c/index.html")).unwrap();
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().any(|n| n.contains("missing")), "{notes:?}");
        assert_eq!(back.changed_shards(&path, Some(&back)) & lost, lost);
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
        let (back, _) = Cache::load(&path);
        assert!(back.foreign);
        assert_eq!(
            back.files["a.html"],
            Entry {
                fingerprint: [0; 32],
                content: [0x22; 32]
            }
        );
        back.save(&path, Some(&back)).unwrap();
        assert!(path.is_dir(), "the single file became a folder of shards");
        assert!(!Cache::load(&path).0.foreign);
    }
}
