//! Safety checks on the output folder before anything is written into it, and the folder's
//! identity as the build cache records it.
//!
//! The folder is judged after `..` is resolved as written and links in its existing part
//! are followed: it may not be or hold the site itself, nor lie in a folder the site is made
//! from, nor hold files Gazette did not write (unless `--force`). Its identity is its path
//! relative to the site when it lies inside the site, so a moved or copied site keeps its
//! cache; an output outside the site is known by its absolute path.

use std::path::{Path, PathBuf};

use crate::config::Site;

/// Folders of the site the output may not lie in.
const SOURCES: [&str; 5] = ["content", "themes", "templates", "static", ".gazette"];

/// Why the build refuses the output folder, with what to do about it. `known`: the build
/// cache is intact and lists files Gazette wrote in this very folder.
pub fn check_output_dir(site: &Site, known: bool, force: bool) -> Result<(), String> {
    check_output_place(site)?;
    let out = site.output_dir();
    if force || !out.exists() {
        return Ok(());
    }
    if out.join(".git").exists() {
        return Err(format!(
            "{} holds a .git folder; Gazette will not write into a repository (use --force to do it anyway)",
            out.display()
        ));
    }
    if !known && !is_empty(&out, &site.cache_dir()) {
        return Err(format!(
            "{} holds files Gazette did not write (or its record of them in {} is missing or damaged); move them away, or use --force to write into it anyway",
            out.display(),
            site.cache_dir().display()
        ));
    }
    Ok(())
}

/// Why `output_dir` names a place no build may write to, whatever it holds (`gazette
/// check` reports this too): the site itself, a folder it is made from, or a file.
pub fn check_output_place(site: &Site) -> Result<(), String> {
    let out = site.output_dir();
    let root = resolve(&site.root);
    let resolved = resolve(&out);
    if root.starts_with(&resolved) {
        return Err(format!(
            "output_dir {} is the site's folder or holds the site's own sources; choose a folder such as `public`",
            out.display()
        ));
    }
    // A preview lives in `.gazette/` (and only there: a link cannot carry it elsewhere).
    let preview = site.preview && resolved.starts_with(root.join(".gazette"));
    if site.preview && !preview {
        return Err(format!(
            "the preview folder {} leads out of the site's .gazette/ folder; remove the link",
            out.display()
        ));
    }
    if let Some(src) = SOURCES
        .iter()
        .find(|s| resolved.starts_with(root.join(s)) && !preview)
    {
        return Err(format!(
            "output_dir {} is inside the site's {src}/ folder; choose a folder such as `public`",
            out.display()
        ));
    }
    match std::fs::metadata(&out) {
        Ok(m) if !m.is_dir() => Err(format!(
            "output_dir {} is a file, not a folder; move it away or choose another folder",
            out.display()
        )),
        _ => Ok(()),
    }
}

/// The output folder as the build cache names it: relative to the site when inside it
/// (`public`, however the site is reached or wherever it was moved), else absolute.
pub fn output_key(site: &Site) -> String {
    let root = resolve(&site.root);
    let out = resolve(&site.output_dir());
    match out.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => out.to_string_lossy().into_owned(),
    }
}

/// A folder's identity on its file system (device and inode, `2049:1234567`), or an empty
/// string when it does not exist. It survives a move within the file system, never a copy,
/// and nobody can know it before the folder exists: a cache or journal that records it
/// was written on this machine, for this very folder.
pub fn folder_identity(path: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path)
        .map_or_else(|_| String::new(), |m| format!("{}:{}", m.dev(), m.ino()))
}

/// Whether a cache's output key names this site's output folder: the key [`output_key`]
/// makes, or the absolute path earlier Gazette versions recorded.
pub fn is_output_key(site: &Site, key: &str) -> bool {
    key == output_key(site) || Path::new(key) == resolve(&site.output_dir())
}

/// `p` made absolute, with `..` resolved lexically and links in its existing part
/// followed; the part that does not exist yet is appended as written.
fn resolve(p: &Path) -> PathBuf {
    let p = crate::core::lexical(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let mut missing = Vec::new();
    let mut cur = p.clone();
    loop {
        if let Ok(c) = cur.canonicalize() {
            return missing
                .into_iter()
                .rev()
                .fold(c, |acc, part| acc.join(part));
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                cur = parent.to_path_buf();
            }
            _ => return p,
        }
    }
}

/// Whether `dir` holds nothing but an interrupted build's own staging folder.
fn is_empty(dir: &Path, cache_dir: &Path) -> bool {
    let ours = super::writer::is_our_staging(cache_dir, dir);
    std::fs::read_dir(dir).map_or(true, |mut d| {
        d.all(|e| e.is_ok_and(|e| ours && e.file_name() == super::writer::STAGING_IN_OUTPUT))
    })
}

/// Names Gazette keeps in a cache folder (`.gazette/` or a preview's).
const CACHE_NAMES: [&str; 9] = [
    "cache",
    "articles",
    "staging",
    "staging-in-output",
    "journal",
    "lock",
    "sources",
    "preview",
    "public",
];

/// Make `dir` (the site's `.gazette/`, or a preview's folder in it) safe to write in: a
/// `.gazette` that is a link or a file is refused, since everything Gazette writes there
/// would land wherever it points; a link in place of anything Gazette keeps inside it is
/// removed (the link, never what it points to), and so is a link in place of a cache file.
pub fn secure_cache_dir(dir: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => return Ok(()),
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "{} is a link or a file; Gazette keeps its caches in a folder of its own there: remove it",
                dir.display()
            ));
        }
        Ok(_) => {}
    }
    let unlink = |path: &Path| -> Result<(), String> {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            std::fs::remove_file(path)
                .map_err(|e| format!("cannot remove the link {}: {e}", path.display()))?;
        }
        Ok(())
    };
    for name in CACHE_NAMES {
        unlink(&dir.join(name))?;
    }
    for shards in ["cache", "articles"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(shards)) {
            for e in entries.flatten() {
                unlink(&e.path())?;
            }
        }
    }
    Ok(())
}
