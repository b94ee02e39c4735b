//! Staged writing: changed files go to `.gazette/staging/` while the build renders; only
//! when every route has rendered are they moved into the output directory. A failed build
//! deletes the staging folder and leaves the previous output exactly as it was.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub struct Writer {
    staging: PathBuf,
    output: PathBuf,
    /// Shared with the route table: at a million files, copies would cost 100 MB.
    staged: Mutex<Vec<Arc<str>>>,
}

impl Writer {
    /// A fresh staging folder (a leftover from an interrupted build is removed first).
    pub fn new(staging: PathBuf, output: PathBuf) -> io::Result<Writer> {
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Writer {
            staging,
            output,
            staged: Mutex::new(Vec::new()),
        })
    }

    /// Stage one file (`rel` is `/`-separated, relative to the output directory).
    /// An error names the file it could not write.
    pub fn stage(&self, rel: &Arc<str>, bytes: &[u8]) -> io::Result<()> {
        let path = self.staging.join(&**rel);
        let named = |e: io::Error| {
            io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(named)?;
        }
        std::fs::write(&path, bytes).map_err(named)?;
        self.staged
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))?
            .push(rel.clone());
        Ok(())
    }

    /// Move every staged file into the output directory, then delete `stale` files (which
    /// the previous build wrote) and the folders they leave empty.
    pub fn commit(self, stale: &[Arc<str>]) -> io::Result<()> {
        let staged = self
            .staged
            .into_inner()
            .map_err(|_| io::Error::other("writer lock poisoned"))?;
        if !self.output.exists() {
            if let Some(parent) = self.output.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // The whole site at once when there is no previous output.
            if std::fs::rename(&self.staging, &self.output).is_ok() {
                return Ok(());
            }
            std::fs::create_dir_all(&self.output)?;
        }
        let mut made: HashSet<PathBuf> = HashSet::new();
        for rel in &staged {
            let to = self.output.join(&**rel);
            if let Some(dir) = to.parent()
                && made.insert(dir.to_path_buf())
            {
                std::fs::create_dir_all(dir)?;
            }
            let from = self.staging.join(&**rel);
            if std::fs::rename(&from, &to).is_err() {
                // Another file system: copy instead.
                std::fs::copy(&from, &to)?;
            }
        }
        let mut emptied: HashSet<PathBuf> = HashSet::new();
        for rel in stale {
            let path = self.output.join(&**rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    if let Some(dir) = path.parent() {
                        emptied.insert(dir.to_path_buf());
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        remove_empty_dirs(emptied, &self.output);
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(())
    }

    /// Throw away everything staged.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Remove the folders that removals left empty, and their parents that became empty in
/// turn, up to (never including) `root`. Each folder is tried once, deepest first.
fn remove_empty_dirs(dirs: HashSet<PathBuf>, root: &Path) {
    let mut candidates: HashSet<PathBuf> = HashSet::new();
    for dir in dirs {
        let mut d = Some(dir.as_path());
        while let Some(p) = d {
            if p == root || !p.starts_with(root) || !candidates.insert(p.to_path_buf()) {
                break;
            }
            d = p.parent();
        }
    }
    let mut ordered: Vec<PathBuf> = candidates.into_iter().collect();
    ordered.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for dir in ordered {
        // Fails, harmlessly, on folders that still hold something.
        let _ = std::fs::remove_dir(&dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_written_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path().join("staging"), dir.path().join("public")).unwrap();
        // Writes to /dev/full fail as a full disk does, even for root.
        std::os::unix::fs::symlink("/dev/full", dir.path().join("staging/full.html")).unwrap();
        let err = writer.stage(&"full.html".into(), b"page").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("staging/full.html") && message.contains("No space left"),
            "{message}"
        );
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }
}
