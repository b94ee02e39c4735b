//! Staged writing: changed files go to `.gazette/staging/` while the build renders; only
//! when every route has rendered are they moved into the output directory. A failed build
//! deletes the staging folder and leaves the previous output exactly as it was.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Writer {
    staging: PathBuf,
    output: PathBuf,
    staged: Mutex<Vec<String>>,
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
    pub fn stage(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)?;
        self.staged
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))?
            .push(rel.to_string());
        Ok(())
    }

    /// Move every staged file into the output directory, then delete `stale` files (which
    /// the previous build wrote) and the folders they leave empty.
    pub fn commit(self, stale: &[String]) -> io::Result<()> {
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
            let to = self.output.join(rel);
            if let Some(dir) = to.parent()
                && made.insert(dir.to_path_buf())
            {
                std::fs::create_dir_all(dir)?;
            }
            let from = self.staging.join(rel);
            if std::fs::rename(&from, &to).is_err() {
                // Another file system: copy instead.
                std::fs::copy(&from, &to)?;
            }
        }
        for rel in stale {
            let path = self.output.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => remove_empty_parents(&path, &self.output),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(())
    }

    /// Throw away everything staged.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Remove the now-empty folders between `file` and `root` (never `root` itself).
fn remove_empty_parents(file: &Path, root: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
