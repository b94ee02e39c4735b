//! The build cache (`.gazette/cache`): for every file written, the route fingerprint that
//! produced it and the hash of its bytes. The cache is input like any other (a cloned
//! repository may carry one): a shard that was changed after Gazette wrote it, does not
//! parse, names a path outside the output folder or is missing is ignored with a message and
//! marked lost; another Gazette version's fingerprints are not trusted.

mod files;
mod layout;

use std::path::Path;

use crate::core::{Hash, shards};
pub use files::Files;

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
    pub files: Files,
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

    /// Read the cache (a folder of shards, each read and decoded on its own core), with a
    /// note for each shard that could not be trusted. A missing cache is just empty.
    pub fn load(path: &Path) -> (Cache, Vec<String>) {
        if path.is_file() {
            return load_single_file(path);
        }
        let parts = shards::read(path, |shard, b| layout::decode(b, Some(shard)));
        let mut cache = Cache::default();
        let mut maps: Vec<_> = (0..shards::COUNT).map(|_| Default::default()).collect();
        // An older layout's entries, to be placed in the shards they belong to now.
        let mut strays = Vec::new();
        let mut notes = Vec::new();
        let mut found: shards::Mask = 0;
        let mut first = true;
        for (shard, part) in parts {
            found |= shards::bit(shard);
            match part.map_err(|e| e.to_string()).and_then(|p| p) {
                Ok(part)
                    if first
                        || (part.output_dir == cache.output_dir
                            && part.output_id == cache.output_id) =>
                {
                    first = false;
                    cache.foreign |= part.foreign;
                    cache.output_dir = part.output_dir;
                    cache.output_id = part.output_id;
                    if part.older_shards {
                        strays.push(part.files);
                    } else {
                        maps[shard] = part.files;
                    }
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
        cache.files = Files::from_shards(maps);
        let older = !strays.is_empty();
        strays
            .into_iter()
            .for_each(|files| cache.files.extend(files));
        if found != 0 && found != shards::ALL {
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
        // A lost shard of an older layout held paths that may be in any shard now.
        if older && cache.lost != 0 {
            cache.lost = shards::ALL;
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
        match previous {
            Some(old) if old.output_dir == self.output_dir && !old.foreign && !path.is_file() => {
                old.lost | self.files.differing(&old.files)
            }
            _ => shards::ALL,
        }
    }

    /// Write the shards in `dirty`, each atomically and flushed to disk, sorted for stable
    /// diffs.
    pub fn save_shards(&self, path: &Path, dirty: shards::Mask) -> std::io::Result<()> {
        let bytes = |shard: usize| {
            let mut entries: Vec<_> = self.files.shard(shard).iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            Ok(layout::encode(&self.output_dir, &self.output_id, &entries))
        };
        shards::write(path, dirty, bytes, true)
    }
}

/// An older Gazette's cache, kept in one file: its entries spread over the shards.
fn load_single_file(path: &Path) -> (Cache, Vec<String>) {
    let part = std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| layout::decode(&b, None));
    match part {
        Ok(part) => {
            let mut files = Files::default();
            files.extend(part.files);
            let cache = Cache {
                output_dir: part.output_dir,
                output_id: part.output_id,
                files,
                foreign: part.foreign,
                lost: 0,
            };
            (cache, Vec::new())
        }
        Err(why) => {
            let cache = Cache {
                lost: shards::bit(0),
                ..Cache::default()
            };
            (
                cache,
                vec![format!("{} is damaged ({why})", shard_name(path, 0))],
            )
        }
    }
}

/// How a note names shard `shard` of the cache at `path`.
fn shard_name(path: &Path, shard: usize) -> String {
    format!("build cache shard {shard:02} of {}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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
        let unparsable = shards::seal(format!("{}\n/x\n\nzz 00 a\n", layout::HEADER).into_bytes());
        std::fs::write(shard("c/index.html"), unparsable).unwrap();
        let lost = shards::bit(shards::of(b"c/index.html"));
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().any(|n| n.contains("damaged")), "{notes:?}");
        assert_eq!(back.lost & lost, lost);
        assert!(!back.files.contains_key("c/index.html"));
        std::fs::write(shard("c/index.html"), "garbage\n").unwrap();
        assert!(Cache::load(&path).1.iter().any(|n| n.contains("damaged")));
        // A path that would leave the output folder makes its shard damaged.
        let entry = Entry {
            fingerprint: [1; 32],
            content: [2; 32],
        };
        let victim: Arc<str> = Arc::from("../../victim.txt");
        let escaping = layout::encode("/x", "", &[(&victim, &entry)]);
        std::fs::write(shard("c/index.html"), shards::seal(escaping)).unwrap();
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().any(|n| n.contains("damaged")), "{notes:?}");
        assert!(back.files.iter().all(|(k, _)| !k.contains("..")));
        // An entry in a shard it does not belong to makes that shard damaged: lookups
        // would never find it there, and a file it names would seem to be no one's.
        let stray: Arc<str> = (0..)
            .map(|n| Arc::from(format!("p{n}/index.html")))
            .find(|p: &Arc<str>| shards::of(p.as_bytes()) != shards::of(b"c/index.html"))
            .unwrap();
        let misplaced = layout::encode("/x/public", "", &[(&stray, &entry)]);
        std::fs::write(shard("c/index.html"), shards::seal(misplaced)).unwrap();
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().any(|n| n.contains("wrong shard")), "{notes:?}");
        assert!(!back.files.contains_key(&stray));
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
            back.files.get("a.html").copied().unwrap(),
            Entry {
                fingerprint: [0; 32],
                content: [0x22; 32]
            }
        );
        back.save(&path, Some(&back)).unwrap();
        assert!(path.is_dir(), "the single file became a folder of shards");
        assert!(!Cache::load(&path).0.foreign);
    }

    #[test]
    fn an_older_layouts_entries_are_found_in_the_shards_they_belong_to_now() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        std::fs::create_dir(&path).unwrap();
        // Layout 3 placed entries by BLAKE3; a path whose two shards differ.
        let name: Arc<str> = (0..)
            .map(|n| Arc::from(format!("p{n}/index.html")))
            .find(|p: &Arc<str>| layout::older_shard_of(p) != shards::of(p.as_bytes()))
            .unwrap();
        let entry = Entry {
            fingerprint: [1; 32],
            content: [2; 32],
        };
        let body = layout::encode("/x/public", "", &[(&name, &entry)]);
        let body = [
            b"gazette-cache 3 0.0.0-older".as_slice(),
            &body[layout::HEADER.len()..],
        ]
        .concat();
        let file = path.join(format!("{:02}", layout::older_shard_of(&name)));
        std::fs::write(&file, shards::seal(body)).unwrap();
        let (back, notes) = Cache::load(&path);
        assert!(notes.iter().all(|n| !n.contains("damaged")), "{notes:?}");
        assert!(back.foreign);
        assert_eq!(back.files.get(&name).map(|e| e.content), Some([2; 32]));
        // The other shards are missing: what they held may now be in any shard.
        assert_eq!(back.lost, shards::ALL);
    }
}
