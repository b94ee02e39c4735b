//! What a file under the site is: an article, or the junk editors leave while saving.

use std::path::Path;

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
