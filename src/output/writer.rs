//! Staged writing: changed files are written to a staging folder on the output's own file
//! system while the build renders; only when every route has rendered does a commit record
//! what it will touch in the journal, remove the stale files it can prove are Gazette's,
//! and rename the new files into place. A failed build deletes the staging folder and
//! leaves the previous output exactly as it was; a commit cut short is repaired by the next
//! build from the journal (see [`super::journal`]).

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::disk::file_hash;
use super::folder_identity;
use super::journal::Journal;
use crate::core::{Hash, OutPath, shards};

/// The staging folder's name inside the output folder, used only when `.gazette/` is on
/// another file system than the output (renames cannot cross file systems). No page may
/// have it as its first name.
pub const STAGING_IN_OUTPUT: &str = crate::core::STAGING_NAME;

pub struct Writer {
    staging: PathBuf,
    /// The record that `staging` is Gazette's, when it is inside the output folder.
    marker: Option<PathBuf>,
    output: PathBuf,
    journal: Journal,
    staged: Mutex<Vec<OutPath>>,
}

/// What a commit did with the stale files it was given.
#[derive(Debug, Default)]
pub struct Committed {
    pub removed: Vec<OutPath>,
    /// Stale files whose bytes are no longer what Gazette wrote (someone changed them):
    /// kept.
    pub kept: Vec<OutPath>,
}

impl Writer {
    /// A fresh staging folder for `output` (leftovers of an interrupted build are removed
    /// first, whatever they are). `journal` records what each commit touches.
    pub fn new(cache_dir: &Path, output: &Path, journal: Journal) -> io::Result<Writer> {
        let in_cache = cache_dir.join("staging");
        let in_output = output.join(STAGING_IN_OUTPUT);
        clear(&in_cache)?;
        if is_our_staging(cache_dir, output) {
            clear(&in_output)?;
        }
        std::fs::create_dir_all(cache_dir)?;
        let staging = if same_file_system(cache_dir, output)? {
            in_cache
        } else {
            if std::fs::symlink_metadata(&in_output).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is not Gazette's; move it away", in_output.display()),
                ));
            }
            std::fs::create_dir_all(&in_output)?;
            // So that the next build knows this folder for its own, and nothing else.
            shards::write_atomic(
                &marker(cache_dir),
                folder_identity(&in_output).as_bytes(),
                true,
            )?;
            in_output
        };
        std::fs::create_dir_all(&staging)?;
        Ok(Writer {
            marker: staging.starts_with(output).then(|| marker(cache_dir)),
            staging,
            output: output.to_path_buf(),
            journal,
            staged: Mutex::new(Vec::new()),
        })
    }

    /// Stage one file. An error names the file it could not write.
    pub fn stage(&self, rel: &OutPath, bytes: &[u8]) -> io::Result<()> {
        let path = self.staging.join(rel.as_str());
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

    /// Journal what this commit touches, remove the `stale` files (each with the hash of
    /// the bytes Gazette wrote there) that still hold those bytes, then move every staged
    /// file into place.
    pub fn commit(self, stale: &[(OutPath, Hash)]) -> io::Result<Committed> {
        let staged = std::mem::take(
            &mut *self
                .staged
                .lock()
                .map_err(|_| io::Error::other("writer lock poisoned"))?,
        );
        if !self.output.exists() && !self.staging.starts_with(&self.output) && stale.is_empty() {
            // The whole site at once when there is no previous output.
            self.journal.record_whole(&folder_identity(&self.staging))?;
            if let Some(parent) = self.output.parent() {
                std::fs::create_dir_all(parent)?;
            }
            return std::fs::rename(&self.staging, &self.output).map(|()| Committed::default());
        }
        if staged.is_empty() && stale.is_empty() {
            self.clear_staging();
            return Ok(Committed::default());
        }
        std::fs::create_dir_all(&self.output)?;
        let mut folders = Folders::new(&self.output);
        folders.clear_way(&staged, stale)?;
        let touched = staged.iter().chain(stale.iter().map(|(p, _)| p));
        self.journal
            .record(&folder_identity(&self.output), touched)?;
        let committed = remove_proven(&mut folders, stale)?;
        for rel in &staged {
            folders.make_parent(rel)?;
            let to = self.output.join(rel.as_str());
            std::fs::rename(self.staging.join(rel.as_str()), &to)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", to.display())))?;
        }
        self.clear_staging();
        Ok(committed)
    }

    /// Throw away everything staged.
    pub fn abort(self) {
        self.clear_staging();
    }

    /// Remove the staging folder (after a commit, what is left of it) and its record.
    fn clear_staging(&self) {
        let _ = std::fs::remove_dir_all(&self.staging);
        if let Some(marker) = &self.marker {
            let _ = std::fs::remove_file(marker);
        }
    }
}

/// Remove each stale file that lies inside the output folder (no link on the way) and
/// still holds the bytes Gazette wrote; keep the others. Then the folders left empty.
fn remove_proven(folders: &mut Folders, stale: &[(OutPath, Hash)]) -> io::Result<Committed> {
    let mut committed = Committed::default();
    let mut emptied: HashSet<PathBuf> = HashSet::new();
    for (rel, written) in stale {
        if !folders.all_real(rel) {
            continue;
        }
        let path = folders.root.join(rel.as_str());
        match file_hash(&path).map(|h| h.as_ref() == Some(written)) {
            Ok(true) => {
                std::fs::remove_file(&path)?;
                if let Some(dir) = path.parent() {
                    emptied.insert(dir.to_path_buf());
                }
                committed.removed.push(rel.clone());
            }
            Ok(false) => committed.kept.push(rel.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    remove_empty_dirs(emptied, &folders.root);
    // Some of the folders seen may be gone now.
    folders.real.clear();
    Ok(committed)
}

/// The output folder's subfolders known to be real folders (not links, not files), so a
/// link placed in the output cannot carry a write or a delete outside it.
struct Folders {
    root: PathBuf,
    real: HashSet<String>,
}

impl Folders {
    fn new(root: &Path) -> Folders {
        Folders {
            root: root.to_path_buf(),
            real: HashSet::new(),
        }
    }

    /// Before anything changes: every folder the `staged` files need is a folder, or not
    /// there yet, or a stale file this commit removes; a link or someone's file there stops
    /// the commit now, with the output as it was.
    fn clear_way(&self, staged: &[OutPath], stale: &[(OutPath, Hash)]) -> io::Result<()> {
        let going: HashSet<&str> = stale.iter().map(|(p, _)| p.as_str()).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        for folder in staged.iter().flat_map(|rel| rel.folders()) {
            if !seen.insert(folder) || going.contains(folder) {
                continue;
            }
            let path = self.root.join(folder);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if !m.is_dir() => return Err(obstacle(&path)),
                _ => {}
            }
        }
        Ok(())
    }

    /// Make the folders that hold `rel`, refusing any that is a link or a file.
    fn make_parent(&mut self, rel: &OutPath) -> io::Result<()> {
        for folder in rel.folders() {
            if self.real.contains(folder) {
                continue;
            }
            let path = self.root.join(folder);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(obstacle(&path)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir(&path)?,
                Err(e) => return Err(e),
            }
            self.real.insert(folder.to_string());
        }
        Ok(())
    }

    /// Whether every folder that holds `rel` is a real folder.
    fn all_real(&mut self, rel: &OutPath) -> bool {
        rel.folders().all(|folder| {
            self.real.contains(folder)
                || std::fs::symlink_metadata(self.root.join(folder))
                    .is_ok_and(|m| m.is_dir() && self.real.insert(folder.to_string()))
        })
    }
}

/// The error for a link or file at `path`, where the site needs a folder.
fn obstacle(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} is a link or a file where the site needs a folder; move it away",
            path.display()
        ),
    )
}

/// Where a build that stages inside the output folder records that folder's identity.
fn marker(cache_dir: &Path) -> PathBuf {
    cache_dir.join("staging-in-output")
}

/// Whether the output folder's `.gazette-staging` is the one an earlier build of this site
/// made (its identity is the one recorded), and not someone else's folder of that name.
pub fn is_our_staging(cache_dir: &Path, output: &Path) -> bool {
    let here = folder_identity(&output.join(STAGING_IN_OUTPUT));
    !here.is_empty() && std::fs::read_to_string(marker(cache_dir)).is_ok_and(|m| m == here)
}

/// Remove whatever is at `path` (a folder, a file or a link), if anything.
fn clear(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether `a` and `b` (or, for a folder not made yet, its nearest existing parent) lie
/// on one file system.
fn same_file_system(a: &Path, b: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let device = |p: &Path| -> io::Result<u64> {
        let mut p = p;
        loop {
            match std::fs::metadata(p) {
                Ok(m) => return Ok(m.dev()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => match p.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => p = parent,
                    _ => return std::fs::metadata(".").map(|m| m.dev()),
                },
                Err(e) => return Err(e),
            }
        }
    };
    Ok(device(a)? == device(b)?)
}

/// Remove the folders that removals left empty, and their parents that became empty in
/// turn, up to (never including) `root`. Each folder is tried once, deepest first.
pub(super) fn remove_empty_dirs(dirs: HashSet<PathBuf>, root: &Path) {
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

    fn path(p: &str) -> OutPath {
        OutPath::parse(p).unwrap()
    }

    fn writer(dir: &Path) -> Writer {
        let journal = Journal::new(&dir.join(".gazette"), "public");
        Writer::new(&dir.join(".gazette"), &dir.join("public"), journal).unwrap()
    }

    #[test]
    fn a_file_that_cannot_be_written_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let writer = writer(dir.path());
        // Writes to /dev/full fail as a full disk does, even for root.
        std::os::unix::fs::symlink("/dev/full", writer.staging.join("full.html")).unwrap();
        let err = writer.stage(&path("full.html"), b"page").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("full.html") && message.contains("No space left"),
            "{message}"
        );
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn deletes_only_what_still_holds_gazettes_bytes_and_writes_through_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(out.join("a/mine.html"), b"mine").unwrap();
        std::fs::write(out.join("a/edited.html"), b"edited by hand").unwrap();
        std::fs::write(outside.join("x.html"), b"x").unwrap();
        std::os::unix::fs::symlink(&outside, out.join("link")).unwrap();
        let hash = |b: &[u8]| *blake3::hash(b).as_bytes();
        let stale = [
            (path("a/mine.html"), hash(b"mine")),
            (path("a/edited.html"), hash(b"what Gazette wrote")),
            (path("link/x.html"), hash(b"x")),
        ];
        let done = writer(dir.path()).commit(&stale).unwrap();
        assert_eq!(done.removed, [path("a/mine.html")]);
        assert_eq!(done.kept, [path("a/edited.html")]);
        assert!(
            outside.join("x.html").exists(),
            "nothing outside is removed"
        );
        let w = writer(dir.path());
        w.stage(&path("link/new.html"), b"new").unwrap();
        let err = w.commit(&[]).unwrap_err();
        assert!(err.to_string().contains("link or a file"), "{err}");
        assert!(
            !outside.join("new.html").exists(),
            "nothing outside is written"
        );
    }

    #[test]
    fn a_folder_emptied_by_removals_is_made_again_for_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::write(out.join("a/b/old.html"), b"old").unwrap();
        let w = writer(dir.path());
        w.stage(&path("a/b/new.html"), b"new").unwrap();
        let stale = [(path("a/b/old.html"), *blake3::hash(b"old").as_bytes())];
        w.commit(&stale).unwrap();
        assert_eq!(std::fs::read(out.join("a/b/new.html")).unwrap(), b"new");
        assert!(!out.join("a/b/old.html").exists());
    }

    #[test]
    fn a_leftover_file_where_staging_goes_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".gazette")).unwrap();
        std::fs::write(dir.path().join(".gazette/staging"), b"junk").unwrap();
        let w = writer(dir.path());
        w.stage(&path("index.html"), b"front").unwrap();
        w.commit(&[]).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("public/index.html")).unwrap(),
            b"front"
        );
    }
}
