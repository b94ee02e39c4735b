//! What a file under the site is (an article, or the junk editors leave while saving), and
//! paths resolved without the file system.

use std::path::{Path, PathBuf};

/// Is this a file the build reads as an article? Hidden files (editor locks, swap files)
/// are not.
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
