//! Story bundles: a story written as `story/index.md` with its files beside it. Which
//! files a bundle has, and how a body's or front matter's relative address names one.

use std::path::{Path, PathBuf};

use crate::core::{is_editor_junk, is_hidden, split_language};

/// Whether the story file at `path` is a bundle's: `…/story/index.md`, or a translation's
/// beside it (`…/story/index.ru.md`), which shares the bundle's files.
pub fn is_bundle(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.strip_suffix(".md")
        .is_some_and(|stem| split_language(stem).0 == "index")
}

/// The files of the bundle whose story is at `index` (the plain files beside it, no
/// Markdown, hidden file, editor's temporary file or link), sorted; none for a story that
/// is not a bundle's.
pub fn bundle_files(index: &Path) -> Vec<PathBuf> {
    let Some(dir) = index.parent().filter(|_| is_bundle(index)) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            let md = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md"));
            let name = p.file_name().unwrap_or_default();
            !md && !is_hidden(name) && !is_editor_junk(p) && name.to_str().is_some()
        })
        .collect();
    files.sort();
    files
}

/// The bundle file name a relative address names (`photo.jpg`, `./photo.jpg`, without a
/// `?query` or `#fragment`), or `None` for an address that is not one (a full URL, a site
/// path, a folder, `..`).
pub fn relative_name(address: &str) -> Option<&str> {
    let address = address.split(['?', '#']).next().unwrap_or_default();
    let name = address.strip_prefix("./").unwrap_or(address);
    let plain = !name.is_empty() && !name.contains(['/', '\\', ':']) && name != "." && name != "..";
    plain.then_some(name)
}

/// Whether a bundle file is a photo Gazette resizes (JPEG, PNG or WebP, by its extension);
/// any other file is published as it is.
pub fn is_photo(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names() {
        assert_eq!(relative_name("photo.jpg"), Some("photo.jpg"));
        assert_eq!(relative_name("./photo.jpg#x"), Some("photo.jpg"));
        for not in [
            "/images/a.jpg",
            "https://x/a.jpg",
            "../a.jpg",
            "a/b.jpg",
            "",
            "#top",
        ] {
            assert_eq!(relative_name(not), None, "{not}");
        }
        assert!(is_photo("A.JPG") && is_photo("b.webp") && !is_photo("c.svg"));
    }
}
