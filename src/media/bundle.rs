//! Story bundles: a story written as `story/index.md` with its files beside it. Which
//! files a bundle has (in its folders too), and how a body's or front matter's relative
//! address names one.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::core::{is_editor_junk, is_hidden, split_language};

/// Whether the story file at `path` is a bundle's: `…/story/index.md`, or a translation's
/// beside it (`…/story/index.ru.md`), which shares the bundle's files.
pub fn is_bundle(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.strip_suffix(".md")
        .is_some_and(|stem| split_language(stem).0 == "index")
}

/// How deep a bundle's folders are walked (`story/a/b/…`).
const MAX_DEPTH: usize = 8;

/// The files of the bundle whose story is at `index`, each with its name in the bundle
/// (`photo.jpg`, `maps/route.svg`), sorted by name; none for a story that is not a
/// bundle's. A bundle holds the plain files beside `index.md` and in its folders, but no
/// Markdown, hidden file or folder, editor's temporary file or link, and no folder that
/// holds a Markdown file: that folder is a story (or a bundle) of its own.
pub fn bundle_entries(index: &Path) -> Vec<(String, PathBuf)> {
    let Some(dir) = index.parent().filter(|_| is_bundle(index)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(dir, "", 0, &mut found);
    found.sort();
    found
}

/// The paths of [`bundle_entries`].
pub fn bundle_files(index: &Path) -> Vec<PathBuf> {
    bundle_entries(index).into_iter().map(|(_, p)| p).collect()
}

/// Add the bundle files in `dir` (named from the bundle's folder with `prefix`) to `found`.
fn walk(dir: &Path, prefix: &str, depth: usize, found: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if is_hidden(entry.file_name().as_os_str()) {
            continue;
        }
        if kind.is_dir() {
            folders.push((name, path));
        } else if kind.is_file() {
            if path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"))
            {
                // A folder with a story of its own in it is not part of its parent bundle.
                if depth > 0 {
                    return;
                }
                continue;
            }
            if !is_editor_junk(&path) {
                files.push((format!("{prefix}{name}"), path));
            }
        }
    }
    found.append(&mut files);
    if depth < MAX_DEPTH {
        for (name, path) in folders {
            walk(&path, &format!("{prefix}{name}/"), depth + 1, found);
        }
    }
}

/// The bundle file name a relative address names (`photo.jpg`, `./photo.jpg`,
/// `maps/route.svg`, `old%20quay.png` for `old quay.png`, without a `?query` or
/// `#fragment`), or `None` for an address that is not one (a full URL, a site path, a
/// folder, one with `.` or `..` in it).
pub fn relative_name(address: &str) -> Option<Cow<'_, str>> {
    let address = address.split(['?', '#']).next().unwrap_or_default();
    let name = address.strip_prefix("./").unwrap_or(address);
    let name = percent_encoding::percent_decode_str(name)
        .decode_utf8()
        .ok()?;
    let plain = !name.is_empty()
        && !name.contains(['\\', ':'])
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
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
        let name = |a| relative_name(a).map(Cow::into_owned);
        assert_eq!(name("photo.jpg").as_deref(), Some("photo.jpg"));
        assert_eq!(name("./photo.jpg#x").as_deref(), Some("photo.jpg"));
        assert_eq!(name("./maps/route.svg").as_deref(), Some("maps/route.svg"));
        assert_eq!(name("old%20quay.png").as_deref(), Some("old quay.png"));
        for not in [
            "/images/a.jpg",
            "https://x/a.jpg",
            "../a.jpg",
            "a/../b.jpg",
            "a//b.jpg",
            "a/",
            "%2e%2e/a.jpg",
            "a%2F..%2Fb.jpg",
            "",
            "#top",
        ] {
            assert_eq!(relative_name(not), None, "{not}");
        }
        assert!(is_photo("A.JPG") && is_photo("b.webp") && !is_photo("c.svg"));
    }
}
