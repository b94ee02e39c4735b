//! The record of what a deploy target holds (`.gazette/deploy/NAME/`): for every file
//! Gazette put there, the BLAKE3 hash of its bytes (what the build cache knows them by) and
//! their MD5 (the S3 ETag of an object sent in one request). It is split into the 64
//! checksummed shards of `core::shards`, each headed by the target's URL, so a record
//! changed by hand, cut short or made for another bucket is noticed and ignored, and the
//! remote listing used instead.
//!
//! While a deploy runs it appends to `log` in the same folder: `try MD5 PATH` before an
//! upload starts (from then on the object holds the old bytes or the new, both Gazette's,
//! so its hash is unknown but it may be removed), `put B3 MD5 PATH` once it is
//! done, `del PATH` once an object is removed. A deploy killed at any moment leaves a log
//! that the next one replays over the shards, so it knows exactly what the target holds.
//! The shards are rewritten (only those that changed) when the deploy ends, then the log
//! is removed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use foldhash::{HashMap, HashMapExt};

use crate::core::{Hash, OutPath, hex, shards, unhex};

/// Version 2 places paths in shards by SipHash (see `core::shards`); a record of version 1,
/// placed by BLAKE3, is ignored once (the listing used) and written again.
const HEADER: &str = "gazette-deploy 2";
const LOG_HEADER: &str = "gazette-deploy-log 1";

/// What the target holds at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// BLAKE3 of the bytes; all zeros when an upload was cut short (the bytes are unknown,
    /// but Gazette's: the old or the new).
    pub hash: Hash,
    pub md5: [u8; 16],
}

/// Every path the record lists.
pub type Files = HashMap<Arc<str>, Held>;

/// The record's folder for target `name` of the site whose caches are in `cache_dir`.
pub fn folder(cache_dir: &Path, name: &str) -> PathBuf {
    cache_dir.join("deploy").join(name)
}

/// The record, with the log of an interrupted deploy applied: `None` when there is none
/// (a first deploy) or it cannot be trusted, which the note says.
pub fn load(dir: &Path, target: &str) -> (Option<Files>, Option<String>) {
    if let Err(e) = secure(dir) {
        return (None, Some(e));
    }
    let shards = shards::read(dir, |_, b| String::from_utf8_lossy(b).into_owned());
    let log = match std::fs::read_to_string(dir.join("log")) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            let note = format!("{}: cannot read the deploy log ({e})", dir.display());
            return (None, Some(ignored(note)));
        }
    };
    if shards.is_empty() && log.is_none() {
        return (None, None);
    }
    let mut files = Files::new();
    let mut found: shards::Mask = 0;
    for (shard, text) in shards {
        found |= shards::bit(shard);
        let parsed = text
            .map_err(|e| e.to_string())
            .and_then(|t| parse_shard(&t, target, &mut files));
        if let Err(why) = parsed {
            let note = format!("{}/{shard:02} {why}", dir.display());
            return (None, Some(ignored(note)));
        }
    }
    if found != shards::ALL {
        let note = format!(
            "{} lacks {} of its 64 shards",
            dir.display(),
            (shards::ALL & !found).count_ones()
        );
        return (None, Some(ignored(note)));
    }
    if let Some(log) = log
        && let Err(why) = replay(&log, target, &mut files)
    {
        let note = format!("{}/log {why}", dir.display());
        return (None, Some(ignored(note)));
    }
    (Some(files), None)
}

fn ignored(why: String) -> String {
    format!("{why}: the record of what the target holds is ignored, and its listing used")
}

/// The folder is Gazette's own: `.gazette/deploy` and the record's folder are folders
/// (a link or file in their place is removed), and no link inside is read or written.
fn secure(dir: &Path) -> Result<(), String> {
    let parent = dir.parent().unwrap_or(dir);
    for d in [parent, dir] {
        if let Ok(m) = std::fs::symlink_metadata(d)
            && !m.is_dir()
        {
            std::fs::remove_file(d).map_err(|e| {
                format!("cannot remove {}, which is not a folder: {e}", d.display())
            })?;
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_symlink()) {
                std::fs::remove_file(e.path()).map_err(|err| {
                    format!("cannot remove the link {}: {err}", e.path().display())
                })?;
            }
        }
    }
    Ok(())
}

fn parse_shard(text: &str, target: &str, files: &mut Files) -> Result<(), String> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err("has an unknown header".into());
    }
    if lines.next() != Some(target) {
        return Err("describes another target".into());
    }
    for (n, line) in lines.enumerate() {
        let (held, path) = entry(line).ok_or_else(|| format!("is damaged at line {}", n + 3))?;
        files.insert(path, held);
    }
    Ok(())
}

/// `B3 MD5 PATH`.
fn entry(line: &str) -> Option<(Held, Arc<str>)> {
    let mut parts = line.splitn(3, ' ');
    let hash = unhex(parts.next()?)?;
    let md5 = unhex_md5(parts.next()?)?;
    let path = OutPath::parse(parts.next()?).ok()?;
    Some((Held { hash, md5 }, path.shared().clone()))
}

fn replay(log: &str, target: &str, files: &mut Files) -> Result<(), String> {
    let mut lines = log.split_inclusive('\n');
    if lines.next() != Some(&format!("{LOG_HEADER}\n"))
        || lines.next() != Some(&format!("{target}\n"))
    {
        return Err("has another header or target".into());
    }
    for (n, line) in lines.enumerate() {
        // A line cut short by a kill is the last, without its line feed: never done.
        let Some(line) = line.strip_suffix('\n') else {
            break;
        };
        let bad = || format!("is damaged at line {}", n + 3);
        let (verb, rest) = line.split_once(' ').ok_or_else(bad)?;
        match verb {
            "try" => {
                let (md5, path) = rest.split_once(' ').ok_or_else(bad)?;
                let md5 = unhex_md5(md5).ok_or_else(bad)?;
                let path = OutPath::parse(path).map_err(|_| bad())?;
                let held = files
                    .entry(path.shared().clone())
                    .or_insert(Held { hash: [0; 32], md5 });
                held.hash = [0; 32];
            }
            "put" => {
                let (held, path) = entry(rest).ok_or_else(bad)?;
                files.insert(path, held);
            }
            "del" => {
                let path = OutPath::parse(rest).map_err(|_| bad())?;
                files.remove(path.as_str());
            }
            _ => return Err(bad()),
        }
    }
    Ok(())
}

/// Write the shards of `files` that differ from `previous` (all of them without one), then
/// remove the log they now include.
pub fn save(dir: &Path, target: &str, files: &Files, previous: Option<&Files>) -> io::Result<()> {
    let mut dirty: shards::Mask = if previous.is_none() { shards::ALL } else { 0 };
    if let Some(old) = previous {
        for (k, v) in files {
            if old.get(k) != Some(v) {
                dirty |= shards::bit(shards::of(k.as_bytes()));
            }
        }
        for k in old.keys() {
            if !files.contains_key(k) {
                dirty |= shards::bit(shards::of(k.as_bytes()));
            }
        }
    }
    if dirty != 0 {
        let mut names: Vec<Vec<&Arc<str>>> = vec![Vec::new(); shards::COUNT];
        for name in files.keys() {
            names[shards::of(name.as_bytes())].push(name);
        }
        let text = |shard: usize| {
            let mut names = names[shard].clone();
            names.sort_unstable();
            let mut out = format!("{HEADER}\n{target}\n");
            for name in names {
                let held = &files[name];
                out.push_str(&format!(
                    "{} {} {name}\n",
                    hex(&held.hash),
                    hex_md5(&held.md5)
                ));
            }
            Ok(out.into_bytes())
        };
        shards::write(dir, dirty, text, true)?;
    }
    match std::fs::remove_file(dir.join("log")) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The log of the deploy under way.
pub struct Log {
    file: Mutex<std::fs::File>,
}

impl Log {
    /// A new, empty log (any old one must be saved into the shards first).
    pub fn start(dir: &Path, target: &str) -> io::Result<Log> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("log");
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(&path)?;
        file.write_all(format!("{LOG_HEADER}\n{target}\n").as_bytes())?;
        file.sync_all()?;
        Ok(Log {
            file: Mutex::new(file),
        })
    }

    /// One line, in one write: a kill leaves it whole or cut short, never mixed with another.
    fn line(&self, line: String) -> io::Result<()> {
        let mut file = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the deploy log's lock was poisoned"))?;
        file.write_all(line.as_bytes())
    }

    pub fn trying(&self, path: &str, md5: &[u8; 16]) -> io::Result<()> {
        self.line(format!("try {} {path}\n", hex_md5(md5)))
    }

    pub fn put(&self, path: &str, held: &Held) -> io::Result<()> {
        self.line(format!(
            "put {} {} {path}\n",
            hex(&held.hash),
            hex_md5(&held.md5)
        ))
    }

    pub fn deleted(&self, path: &str) -> io::Result<()> {
        self.line(format!("del {path}\n"))
    }
}

pub fn hex_md5(md5: &[u8; 16]) -> String {
    md5.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 lowercase hex digits as an MD5; `None` for anything else.
pub fn unhex_md5(s: &str) -> Option<[u8; 16]> {
    if s.len() != 32
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: &str = "target s3://news/site -";

    fn held(n: u8) -> Held {
        Held {
            hash: [n; 32],
            md5: [n; 16],
        }
    }

    #[test]
    fn a_record_reads_back_with_its_log_applied() {
        let dir = tempfile::tempdir().unwrap();
        let dir = folder(dir.path(), "live");
        assert_eq!(load(&dir, TARGET), (None, None));
        let mut files = Files::new();
        files.insert("index.html".into(), held(1));
        files.insert("a/index.html".into(), held(2));
        files.insert("old.html".into(), held(3));
        save(&dir, TARGET, &files, None).unwrap();
        assert_eq!(load(&dir, TARGET).0.as_ref(), Some(&files));
        // A deploy killed half-way: one upload done, one cut short, one delete done, and
        // a last line torn.
        let log = Log::start(&dir, TARGET).unwrap();
        log.trying("index.html", &[9; 16]).unwrap();
        log.put("index.html", &held(9)).unwrap();
        log.trying("a/index.html", &[8; 16]).unwrap();
        log.trying("new.html", &[7; 16]).unwrap();
        log.deleted("old.html").unwrap();
        log.line("put 00".into()).unwrap();
        let (back, note) = load(&dir, TARGET);
        assert_eq!(note, None);
        let back = back.unwrap();
        assert_eq!(back["index.html"], held(9));
        assert_eq!(back["a/index.html"].hash, [0; 32]);
        assert_eq!(
            back["new.html"],
            Held {
                hash: [0; 32],
                md5: [7; 16]
            }
        );
        assert!(!back.contains_key("old.html"));
        save(&dir, TARGET, &back, Some(&files)).unwrap();
        assert!(!dir.join("log").exists());
        assert_eq!(load(&dir, TARGET).0, Some(back));
    }

    #[test]
    fn a_damaged_or_foreign_record_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let dir = folder(dir.path(), "live");
        let mut files = Files::new();
        files.insert("index.html".into(), held(1));
        save(&dir, TARGET, &files, None).unwrap();
        let (none, note) = load(&dir, "target s3://other -");
        assert!(none.is_none() && note.unwrap().contains("another target"));
        let shard = dir.join(format!("{:02}", shards::of(b"index.html")));
        let mut bytes = std::fs::read(&shard).unwrap();
        bytes[20] ^= 1;
        std::fs::write(&shard, bytes).unwrap();
        assert!(load(&dir, TARGET).1.unwrap().contains("ignored"));
        std::fs::remove_file(&shard).unwrap();
        assert!(load(&dir, TARGET).1.unwrap().contains("lacks 1"));
        // A record that names a path outside the bucket's folder is damaged.
        let body = format!(
            "{HEADER}\n{TARGET}\n{} {} ../../x\n",
            hex(&[1; 32]),
            hex_md5(&[1; 16])
        );
        std::fs::write(&shard, shards::seal(body.into_bytes())).unwrap();
        assert!(load(&dir, TARGET).1.unwrap().contains("damaged"));
        // A log of another target, likewise.
        save(&dir, TARGET, &files, None).unwrap();
        std::fs::write(dir.join("log"), format!("{LOG_HEADER}\ntarget s3://x -\n")).unwrap();
        assert!(load(&dir, TARGET).0.is_none());
    }

    #[test]
    fn md5_hex_round_trips() {
        let m = [0xab; 16];
        assert_eq!(unhex_md5(&hex_md5(&m)), Some(m));
        assert_eq!(unhex_md5("AB"), None);
    }
}
