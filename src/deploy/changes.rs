//! What a deploy changes on its target, and in what order. With a record it trusts, the
//! hashes of the build's files are compared with the record's (no request at all); with
//! none, or with `--verify`, with the remote listing: sizes first, then the MD5 of the
//! local bytes against the object's ETag.
//!
//! Order: first every file the target does not have yet (nothing links to it until a
//! changed page does), then every changed file, each group in the order of [`Kind`]
//! (what pages use, story pages, listings, feeds and sitemaps), each step finished before
//! the next starts; deletes last, once nothing links to what they remove. So a reader
//! never follows a link to a file that is not there yet.

use std::path::Path;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::objects::{Kind, Objects};
use super::record::{Files, Held};
use super::store::Remote;
use crate::core::Hash;

/// One file to send.
#[derive(Debug, Clone)]
pub struct Upload {
    pub path: Arc<str>,
    /// The hash of the file's bytes, as the build wrote them.
    pub hash: Hash,
    /// What the record keeps once it is sent: the bytes' and headers' hash (see
    /// [`Objects::object_hash`]).
    pub sent: Hash,
    /// The target holds nothing at this path.
    pub new: bool,
    pub kind: Kind,
}

/// One object to remove: Gazette put it there and the site no longer has it.
#[derive(Debug, Clone)]
pub struct Delete {
    pub path: Arc<str>,
    pub held: Held,
    /// The listing showed the object still holds what Gazette put there (else the deploy
    /// looks before it deletes).
    pub checked: bool,
}

#[derive(Debug, Default)]
pub struct Changes {
    pub uploads: Vec<Upload>,
    pub deletes: Vec<Delete>,
    pub unchanged: usize,
    /// What the target holds before the deploy, as the record should say it.
    pub files: Files,
    /// Objects in the bucket that the site does not have and no trusted record shows
    /// Gazette put there: never deleted.
    pub kept: Vec<String>,
}

impl Changes {
    /// The uploads in the order they are sent, as steps: each must be done before the
    /// next begins.
    pub fn steps(&self) -> Vec<Vec<Upload>> {
        let mut steps = Vec::new();
        for new in [true, false] {
            for kind in [Kind::Asset, Kind::Story, Kind::Listing, Kind::Feed] {
                let step: Vec<Upload> = self
                    .uploads
                    .iter()
                    .filter(|u| u.new == new && u.kind == kind)
                    .cloned()
                    .collect();
                if !step.is_empty() {
                    steps.push(step);
                }
            }
        }
        steps
    }
}

/// Against a trusted record.
pub fn from_record(local: &[(Arc<str>, Hash)], record: &Files, objects: &Objects) -> Changes {
    let mut changes = Changes {
        files: record.clone(),
        ..Changes::default()
    };
    let mut site = HashMap::with_capacity(local.len());
    for (path, hash) in local {
        site.insert(path.clone(), ());
        let sent = objects.object_hash(path, hash);
        match record.get(path) {
            Some(held) if held.hash == sent => changes.unchanged += 1,
            held => changes.uploads.push(Upload {
                path: path.clone(),
                hash: *hash,
                sent,
                new: held.is_none(),
                kind: objects.kind(path),
            }),
        }
    }
    for (path, held) in record {
        if !site.contains_key(path) {
            changes.deletes.push(Delete {
                path: path.clone(),
                held: *held,
                checked: false,
            });
        }
    }
    changes.deletes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

/// Against the remote listing (and the record, when trusted, for what may be deleted).
/// Reads the local files whose size matches an object's, for their MD5; `Err` names a file
/// that cannot be read.
pub fn from_listing(
    local: &[(Arc<str>, Hash)],
    output: &Path,
    remote: Vec<(String, Remote)>,
    record: Option<&Files>,
    objects: &Objects,
) -> Result<Changes, String> {
    let remote: HashMap<String, Remote> = remote.into_iter().collect();
    let compared: Vec<Result<(Upload, Option<Held>), String>> = local
        .par_iter()
        .map(|(path, hash)| {
            let sent = objects.object_hash(path, hash);
            let upload = |new| Upload {
                path: path.clone(),
                hash: *hash,
                sent,
                new,
                kind: objects.kind(path),
            };
            let Some(there) = remote.get(path.as_ref()) else {
                return Ok((upload(true), None));
            };
            let file = output.join(path.as_ref());
            let size = std::fs::symlink_metadata(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?
                .len();
            if size != there.size || there.md5.is_none() {
                return Ok((upload(false), None));
            }
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let md5 = md5_of(&bytes);
            let same = there.md5 == Some(md5) && *blake3::hash(&bytes).as_bytes() == *hash;
            // The listing has no headers: an object with these bytes is taken to carry
            // today's (the record then knows what each is sent with).
            Ok((upload(false), same.then_some(Held { hash: sent, md5 })))
        })
        .collect();
    let mut changes = Changes::default();
    let mut site = HashMap::with_capacity(local.len());
    for result in compared {
        let (upload, held) = result?;
        site.insert(upload.path.clone(), ());
        match held {
            Some(held) => {
                changes.unchanged += 1;
                changes.files.insert(upload.path, held);
            }
            None => {
                // What Gazette put there before is still its own, whatever the bytes.
                if let Some(old) = record.and_then(|r| r.get(&upload.path)) {
                    changes.files.insert(upload.path.clone(), *old);
                }
                changes.uploads.push(upload);
            }
        }
    }
    for (path, there) in &remote {
        if site.contains_key(path.as_str()) {
            continue;
        }
        let ours = record
            .and_then(|r| r.get_key_value(path.as_str()))
            // Also for an upload that may have been cut short (its hash unknown): the MD5
            // of what was being sent must be what is there, or it is not known to be ours.
            .filter(|(_, held)| there.md5 == Some(held.md5));
        match ours {
            Some((path, held)) => {
                changes.files.insert(path.clone(), *held);
                changes.deletes.push(Delete {
                    path: path.clone(),
                    held: *held,
                    checked: true,
                });
            }
            None => changes.kept.push(path.clone()),
        }
    }
    changes.deletes.sort_by(|a, b| a.path.cmp(&b.path));
    changes.kept.sort();
    Ok(changes)
}

pub fn md5_of(bytes: &[u8]) -> [u8; 16] {
    use md5::Digest;
    let digest = md5::Md5::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects() -> Objects {
        let text = "[deploy.live]\nurl = \"s3://news\"\n";
        let site = crate::config::parse(Path::new("site.toml"), ".".as_ref(), text).unwrap();
        Objects::new(&site, &site.config.deploy["live"])
    }

    fn held(n: u8) -> Held {
        Held {
            hash: [n; 32],
            md5: [n; 16],
        }
    }

    #[test]
    fn the_record_decides_what_is_sent_and_removed() {
        let local: Vec<(Arc<str>, Hash)> = vec![
            ("a.html".into(), [1; 32]),
            ("rss.xml".into(), [2; 32]),
            ("new.html".into(), [3; 32]),
            ("style.css".into(), [4; 32]),
        ];
        let objects = objects();
        let sent = |path: &str, n: u8| Held {
            hash: objects.object_hash(path, &[n; 32]),
            md5: [n; 16],
        };
        let mut record = Files::new();
        record.insert("a.html".into(), sent("a.html", 1));
        record.insert("rss.xml".into(), sent("rss.xml", 9));
        record.insert("gone.html".into(), sent("gone.html", 5));
        let c = from_record(&local, &record, &objects);
        assert_eq!(c.unchanged, 1);
        let steps = c.steps();
        let steps: Vec<Vec<&str>> = steps
            .iter()
            .map(|s| s.iter().map(|u| u.path.as_ref()).collect())
            .collect();
        // New files first (the stylesheet before the page), then the changed feed.
        assert_eq!(
            steps,
            vec![vec!["style.css"], vec!["new.html"], vec!["rss.xml"]]
        );
        assert_eq!(c.deletes.len(), 1);
        assert_eq!(&*c.deletes[0].path, "gone.html");

        // The same bytes under a new `Cache-Control` rule go up again, with it.
        let text = "[deploy.live]\nurl = \"s3://news\"\ncache_control = [{ path = \"*.html\", value = \"no-cache\" }]\n";
        let site = crate::config::parse(Path::new("site.toml"), ".".as_ref(), text).unwrap();
        let ruled = Objects::new(&site, &site.config.deploy["live"]);
        let c = from_record(&local[..1], &record, &ruled);
        assert_eq!((c.unchanged, c.uploads.len()), (0, 1));
        assert_eq!(ruled.cache_control("a.html"), "no-cache");
    }

    #[test]
    fn the_listing_decides_by_size_and_md5_and_keeps_what_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "same").unwrap();
        std::fs::write(dir.path().join("b.html"), "edit").unwrap();
        let local: Vec<(Arc<str>, Hash)> = vec![
            ("a.html".into(), *blake3::hash(b"same").as_bytes()),
            ("b.html".into(), *blake3::hash(b"edit").as_bytes()),
        ];
        let remote = vec![
            (
                "a.html".to_string(),
                Remote {
                    size: 4,
                    md5: Some(md5_of(b"same")),
                },
            ),
            (
                "b.html".to_string(),
                Remote {
                    size: 4,
                    md5: Some(md5_of(b"old!")),
                },
            ),
            (
                "theirs.txt".to_string(),
                Remote {
                    size: 1,
                    md5: Some([1; 16]),
                },
            ),
            (
                "ours.html".to_string(),
                Remote {
                    size: 1,
                    md5: Some([2; 16]),
                },
            ),
            (
                "changed.html".to_string(),
                Remote {
                    size: 1,
                    md5: Some([7; 16]),
                },
            ),
        ];
        let mut record = Files::new();
        record.insert("ours.html".into(), held(2));
        record.insert("changed.html".into(), held(3));
        // An upload cut short (hash unknown) of bytes that are not what the bucket holds:
        // someone else's, or a record made up to delete it; kept.
        record.insert(
            "theirs.txt".into(),
            Held {
                hash: [0; 32],
                md5: [8; 16],
            },
        );
        let c = from_listing(&local, dir.path(), remote, Some(&record), &objects()).unwrap();
        assert_eq!(c.unchanged, 1);
        assert_eq!(c.uploads.len(), 1);
        assert_eq!(&*c.uploads[0].path, "b.html");
        assert!(!c.uploads[0].new);
        assert_eq!(c.deletes.len(), 1);
        assert_eq!(&*c.deletes[0].path, "ours.html");
        assert_eq!(c.kept, vec!["changed.html", "theirs.txt"]);
        assert!(c.files.contains_key("a.html"));
    }
}
