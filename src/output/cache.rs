//! The build cache (`.gazette/cache`): for every file written, the route fingerprint that
//! produced it and the hash of its bytes. A cache from another Gazette version, or one that
//! does not parse, is ignored with a message, never trusted.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::plan::Hash;

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
    pub files: HashMap<String, Entry>,
    /// Written by another Gazette version: only its list of files is kept.
    pub foreign: bool,
}

impl Cache {
    /// Read the cache; `Err` carries why it was ignored (a missing cache is just empty).
    pub fn load(path: &Path) -> Result<Cache, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cache::default()),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        // Another version's hashes are not trusted, but its list of the files it wrote is:
        // those may still be replaced or removed.
        let foreign = header != HEADER;
        if foreign && !header.starts_with("gazette-cache 1 ") {
            return Err(format!("{} is damaged (unknown header)", path.display()));
        }
        let output_dir = lines.next().unwrap_or_default().to_string();
        let mut files = HashMap::new();
        for (n, line) in lines.enumerate() {
            let parse = || -> Option<(String, Entry)> {
                let mut parts = line.splitn(3, ' ');
                let fingerprint = unhex(parts.next()?)?;
                let content = unhex(parts.next()?)?;
                Some((
                    parts.next()?.to_string(),
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
                None => return Err(format!("{} is damaged at line {}", path.display(), n + 3)),
            }
        }
        Ok(Cache {
            output_dir,
            files,
            foreign,
        })
    }

    /// Write the cache atomically (temporary file, then rename), sorted for stable diffs.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        writeln!(out, "{HEADER}")?;
        writeln!(out, "{}", self.output_dir)?;
        let mut names: Vec<&String> = self.files.keys().collect();
        names.sort();
        for name in names {
            let e = &self.files[name];
            writeln!(out, "{} {} {name}", hex(&e.fingerprint), hex(&e.content))?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    }
}

const DIGITS: &[u8; 16] = b"0123456789abcdef";

fn hex(h: &Hash) -> String {
    let mut out = String::with_capacity(64);
    for b in h {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

fn unhex(s: &str) -> Option<Hash> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = (nibble(bytes[i * 2])? << 4) | nibble(bytes[i * 2 + 1])?;
    }
    Some(out)
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
        c.files.insert(
            "a b/index.html".into(),
            Entry {
                fingerprint: [1; 32],
                content: [2; 32],
            },
        );
        c.save(&path).unwrap();
        let back = Cache::load(&path).unwrap();
        assert_eq!(back.files, c.files);
        assert_eq!(back.output_dir, "/x/public");
        std::fs::write(&path, format!("{HEADER}\n/x\nzz 00 a\n")).unwrap();
        assert!(Cache::load(&path).unwrap_err().contains("damaged"));
        std::fs::write(&path, "garbage\n").unwrap();
        assert!(Cache::load(&path).unwrap_err().contains("damaged"));
        // Another version: the files are known, their hashes are not trusted.
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
    }
}
