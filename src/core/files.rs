//! What a file under the site is (an article, or the junk editors leave while saving),
//! what a walk of a site's folder could not read, as a problem that says what to do, and
//! paths resolved without the file system.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::Diagnostic;

/// The file that describes a section (its title and description) instead of being a
/// story: `content/<section>/_index.md`, as Hugo and Zola name it.
pub const SECTION_FILE: &str = "_index.md";

/// The folder under `content/` whose files are standalone pages (About, Contact, Ethics
/// policy): undated, outside sections, feeds and archives.
pub const PAGES_FOLDER: &str = "pages";

/// Is `path` a standalone page, a file under `content/`[`PAGES_FOLDER`]?
pub fn is_page_file(content: &Path, path: &Path) -> bool {
    path.strip_prefix(content).is_ok_and(|rel| {
        rel.components()
            .next()
            .is_some_and(|c| c.as_os_str() == PAGES_FOLDER)
    })
}

/// Is this a section's own file ([`SECTION_FILE`])?
pub fn is_section_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == SECTION_FILE)
}

/// Is this a file the build reads as an article (or, for [`SECTION_FILE`], as its
/// section's description)? Hidden files (editor locks, swap files) are not.
pub fn is_article_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".md") && !n.starts_with('.'))
}

/// Files editors write while saving (swap, backup, lock and temporary files), which never
/// count as content changes.
pub fn is_editor_junk(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
}

/// Is this name hidden (`.git`, an editor's `.#story.md` lock)? Walks skip those.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Is `path` itself a symbolic link?
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The folder a walk reads (`content/`) and what it looks for there (`story`), as problems
/// name them.
#[derive(Debug, Clone, Copy)]
pub struct Walked {
    pub folder: &'static str,
    pub what: &'static str,
}

/// What a walk of a folder could not read, as a problem naming the path and what to do;
/// `None` for what it need not read: hidden files, editor junk, a file deleted meanwhile.
pub fn walk_problem(dir: &Path, e: &walkdir::Error, walked: Walked) -> Option<Diagnostic> {
    let path = e.path().unwrap_or(dir);
    if let Some(ancestor) = e.loop_ancestor() {
        return (!is_skipped(path)).then(|| link_loop(path, ancestor));
    }
    match e.io_error() {
        Some(io) => io_problem(path, io, walked),
        None if is_skipped(path) => None,
        None => Some(Diagnostic::new(
            path,
            0,
            0,
            format!("cannot read this: {e}"),
        )),
    }
}

/// What a walk does not read, so cannot fail to: hidden files and editor junk.
fn is_skipped(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default();
    is_hidden(name) || name.to_str().is_some_and(|n| is_editor_junk(Path::new(n)))
}

/// A path a walk could not read because of `e`, as a problem ([`unreadable`]); `None` for
/// what it need not read (see [`walk_problem`]).
pub fn io_problem(path: &Path, e: &std::io::Error, walked: Walked) -> Option<Diagnostic> {
    if is_skipped(path) || (e.kind() == ErrorKind::NotFound && !is_link(path)) {
        return None;
    }
    Some(unreadable(path, e, walked))
}

/// A link at `path` to `ancestor`, a folder that holds it: a walk that followed it would
/// never end.
pub fn link_loop(path: &Path, ancestor: &Path) -> Diagnostic {
    let message = format!(
        "this link leads back to `{}`, a folder that holds it",
        ancestor.display()
    );
    let hint = "remove the link: what is under it would be found again and again";
    Diagnostic::new(path, 0, 0, message).with_hint(hint)
}

/// A file or folder that cannot be read, as a problem that says why and what to do: a
/// dangling link, missing permissions, a path too long for the system.
pub fn unreadable(path: &Path, e: &std::io::Error, walked: Walked) -> Diagnostic {
    let Walked { folder, what } = walked;
    let left_out = format!("any {what} there is left out");
    let (message, hint) = match e.kind() {
        ErrorKind::NotFound if is_link(path) => (
            format!(
                "a dangling link: it points to `{}`, which does not exist ({left_out})",
                std::fs::read_link(path).unwrap_or_default().display()
            ),
            "remove the link, or put back what it points to".to_string(),
        ),
        ErrorKind::PermissionDenied => (
            format!("cannot read this: permission denied ({left_out})"),
            format!(
                "let the user who builds the site read it (`chmod u+r` a file, `chmod u+rx` \
                 a folder), or move it out of {folder}"
            ),
        ),
        ErrorKind::InvalidFilename => (
            format!(
                "the path is too long for this system: {} bytes ({left_out})",
                path.as_os_str().len()
            ),
            format!(
                "shorten the names of the folders and files under {folder} (a whole path \
                 must stay under 4096 bytes)"
            ),
        ),
        _ => (
            format!("cannot read this: {e} ({left_out})"),
            format!("fix the file or folder, or move it out of {folder}"),
        ),
    };
    Diagnostic::new(path, 0, 0, message).with_hint(hint)
}

/// `path` with `.` parts dropped and each `..` taking away the part before it, without
/// asking the file system (so a folder that does not exist yet cannot hide a `..`):
/// `public/../content` → `content`, `./nope/../../x` → `../x`.
pub fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_resolves_dots_without_the_disk() {
        for (given, want) in [
            ("public/../content", "content"),
            ("./nope/../../x", "../x"),
            ("public/..", "."),
            ("/site/a/../../../b", "/b"),
            ("site/./public/", "site/public"),
        ] {
            assert_eq!(lexical(Path::new(given)), Path::new(want), "{given}");
        }
    }

    #[test]
    fn articles_and_junk() {
        assert!(is_article_file(Path::new("content/a.md")));
        assert!(!is_article_file(Path::new("content/.a.md")));
        assert!(!is_article_file(Path::new("content/a.txt")));
        for junk in [".a.md.swp", "a.md~", "4913", "a.tmp", "a.md___jb_tmp___"] {
            assert!(is_editor_junk(Path::new(junk)), "{junk}");
        }
        assert!(!is_editor_junk(Path::new("a.md")));
    }
}
