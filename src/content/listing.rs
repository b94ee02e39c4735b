//! The story files under `content/` with their stamps: the walk that lists them, and a
//! listing brought up to date from the paths a file watcher saw change.
//!
//! The walk is written here rather than with walkdir (which Gazette's other walks use):
//! walkdir reads one folder after another on one core, and stamping a file it found means
//! looking its whole path up again. At 100,000 stories that was a sixth of a build that
//! adds one story. Here every folder is read on whichever core is free, and each file is
//! stamped relative to the folder being read (its directory entry's own `fstatat`). Links
//! are followed as walkdir follows them, and a link to a folder that holds it is reported,
//! not walked for ever.

use std::fs::{DirEntry, Metadata};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{Stamp, stamp};
use crate::core::{Diagnostic, Walked, io_problem, is_article_file, is_hidden, is_link, link_loop};

/// What a walk of `content/` reads, for its problems.
pub(super) const STORIES: Walked = Walked {
    folder: "content/",
    what: "story",
};

/// The story files under `content/` as a walk found them, and what it could not read.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Story files with their stamps (`None`: it could not be read), in byte order of the
    /// paths.
    pub files: Vec<(PathBuf, Option<Stamp>)>,
    /// A problem for each path the walk could not look at (see [`io_problem`]).
    pub problems: Vec<Diagnostic>,
}

impl Listing {
    fn problem(&mut self, problem: Option<Diagnostic>) {
        self.problems.extend(problem);
    }
}

/// A folder to read: its path, and the identities of the folders that hold it (itself
/// included), with their paths.
struct Folder {
    path: PathBuf,
    ancestors: Vec<(Identity, PathBuf)>,
}

/// Every story file under `dir` with its stamp (`None`: it could not be read), in byte order
/// of the paths, and a problem for each path under it that could not be looked at: nothing
/// is left out without a word. Hidden files and folders are skipped.
pub fn stamped_files(dir: &Path) -> Listing {
    let mut listing = Listing::default();
    let mut level = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => vec![Folder {
            path: dir.to_path_buf(),
            ancestors: vec![(identity(&m), dir.to_path_buf())],
        }],
        Ok(_) => {
            listing.problems.push(
                Diagnostic::new(dir, 0, 0, "is not a folder".to_string())
                    .with_hint("stories go in a folder named content/ beside site.toml"),
            );
            Vec::new()
        }
        Err(e) => {
            listing.problem(io_problem(dir, &e, STORIES));
            Vec::new()
        }
    };
    // A level of folders at a time, each folder on whichever core is free; what a level
    // found is moved into the listing once, at its final size.
    while !level.is_empty() {
        let read: Vec<(Listing, Vec<Folder>)> = level.par_iter().map(read_folder).collect();
        listing
            .files
            .reserve(read.iter().map(|(l, _)| l.files.len()).sum());
        level = Vec::new();
        for (found, below) in read {
            listing.files.extend(found.files);
            listing.problems.extend(found.problems);
            level.extend(below);
        }
    }
    // Byte order: comparing paths component by component is slow on large archives.
    listing
        .files
        .par_sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    // Found on several cores at once: reported by path, the same every time.
    listing.problems.sort_by(|a, b| a.path.cmp(&b.path));
    listing
}

/// A folder's identity (device and inode), to tell a link that leads back up.
type Identity = (u64, u64);

fn identity(m: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

/// The story files in `folder`, and the folders in it to read next.
fn read_folder(folder: &Folder) -> (Listing, Vec<Folder>) {
    let mut listing = Listing::default();
    let entries = match std::fs::read_dir(&folder.path) {
        Ok(entries) => entries,
        Err(e) => {
            listing.problem(io_problem(&folder.path, &e, STORIES));
            return (listing, Vec::new());
        }
    };
    let mut below = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) if !is_hidden(&entry.file_name()) => {
                if let Some((id, path)) = look_at(&entry, &folder.ancestors, &mut listing) {
                    let mut ancestors = folder.ancestors.clone();
                    ancestors.push((id, path.clone()));
                    below.push(Folder { path, ancestors });
                }
            }
            Ok(_) => {}
            Err(e) => listing.problem(io_problem(&folder.path, &e, STORIES)),
        }
    }
    (listing, below)
}

/// Record `entry` in `listing` if it is a story file; a folder (or a link to one) is
/// returned, with its identity, to be walked.
fn look_at(
    entry: &DirEntry,
    ancestors: &[(Identity, PathBuf)],
    listing: &mut Listing,
) -> Option<(Identity, PathBuf)> {
    let path = entry.path();
    let kind = match entry.file_type() {
        Ok(kind) => kind,
        Err(e) => {
            listing.problem(io_problem(&path, &e, STORIES));
            return None;
        }
    };
    // A link is followed: what it points to is what counts.
    let meta = if kind.is_symlink() {
        std::fs::metadata(&path)
    } else if kind.is_dir() || is_article_file(&path) {
        entry.metadata()
    } else {
        return None;
    };
    let meta = match meta {
        Ok(meta) => meta,
        // A story file that cannot be stamped is listed without a stamp: reading it will
        // say why.
        Err(_) if kind.is_file() => {
            listing.files.push((path, None));
            return None;
        }
        Err(e) => {
            listing.problem(io_problem(&path, &e, STORIES));
            return None;
        }
    };
    if meta.is_dir() {
        let id = identity(&meta);
        if let Some((_, ancestor)) = ancestors.iter().find(|(a, _)| *a == id) {
            listing.problems.push(link_loop(&path, ancestor));
            return None;
        }
        return Some((id, path));
    }
    if !is_article_file(&path) {
        return None;
    }
    if meta.is_file() {
        let stamp = meta.modified().ok().map(|t| (meta.len(), t));
        listing.files.push((path, stamp));
    } else {
        listing.problems.push(
            Diagnostic::new(
                &path,
                0,
                0,
                "is not a plain file (a pipe or a device?)".to_string(),
            )
            .with_hint("a story must be a plain file: replace it with one, or remove it"),
        );
    }
    None
}

/// `listing` (as [`stamped_files`] listed `dir` before) brought up to date with the paths
/// that changed since, as a file watcher reports them: only those are looked at again.
/// `None` when a change is not a story file's (a folder, a file outside `dir`): list
/// `dir` again then.
pub fn restamp(dir: &Path, mut listing: Listing, changed: &[PathBuf]) -> Option<Listing> {
    // What the walk could not read may have been fixed: only a new walk can tell.
    if !listing.problems.is_empty() {
        return None;
    }
    let files = &mut listing.files;
    for path in changed {
        let rel = path.strip_prefix(dir).ok()?;
        // What the walk skips: hidden files and folders, anything not a story.
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."));
        if hidden || !is_article_file(path) {
            return None;
        }
        let place = files.binary_search_by(|(p, _)| p.as_os_str().cmp(path.as_os_str()));
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return None,
            Ok(_) => {
                let entry = (path.clone(), stamp(path));
                match place {
                    Ok(i) => files[i] = entry,
                    Err(i) => files.insert(i, entry),
                }
            }
            // A link whose target is gone is a problem only a walk reports.
            Err(e) if e.kind() == ErrorKind::NotFound && !is_link(path) => {
                if let Ok(i) = place {
                    files.remove(i);
                }
            }
            Err(_) => return None,
        }
    }
    Some(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(listing: &Listing, dir: &Path) -> Vec<String> {
        listing
            .files
            .iter()
            .map(|(p, _)| p.strip_prefix(dir).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn stories_are_listed_in_byte_order_with_their_stamps_and_hidden_ones_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b/2021/x.md",
            "a/z.md",
            "a/B.md",
            "a/.hidden.md",
            ".git/c.md",
            "a/n.txt",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, f).unwrap();
        }
        let listing = stamped_files(root);
        assert_eq!(names(&listing, root), ["a/B.md", "a/z.md", "b/2021/x.md"]);
        let (path, stamp) = &listing.files[2];
        assert_eq!(*stamp, super::stamp(path), "stamped as a full lookup would");
        assert!(listing.problems.is_empty(), "{:?}", listing.problems);
    }

    #[test]
    fn a_link_to_a_story_is_followed_and_a_link_back_up_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("news/deep")).unwrap();
        std::fs::write(dir.path().join("elsewhere.md"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere.md"), root.join("news/l.md"))
            .unwrap();
        std::os::unix::fs::symlink(root.join("news"), root.join("news/deep/up")).unwrap();
        let listing = stamped_files(&root);
        assert_eq!(names(&listing, &root), ["news/l.md"]);
        assert_eq!(listing.files[0].1, stamp(&dir.path().join("elsewhere.md")));
        let [problem] = &listing.problems[..] else {
            panic!("one problem: {:?}", listing.problems)
        };
        assert_eq!(problem.path, root.join("news/deep/up"));
        assert!(
            problem.message.contains("leads back to"),
            "{}",
            problem.message
        );
    }
}
