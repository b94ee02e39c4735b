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
    let out = site.output_dir();
    let root = resolve(&site.root);
    let resolved = resolve(&out);
    if root.starts_with(&resolved) {
        return Err(format!(
            "output_dir {} is the site's folder or holds the site's own sources; choose a folder such as `public`",
            out.display()
        ));
    }
    let preview = site.preview && resolved == resolve(&site.output_dir());
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
        Err(_) => return Ok(()),
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "output_dir {} is a file, not a folder; move it away or choose another folder",
                out.display()
            ));
        }
        Ok(_) => {}
    }
    if force {
        return Ok(());
    }
    if out.join(".git").exists() {
        return Err(format!(
            "{} holds a .git folder; Gazette will not write into a repository (use --force to do it anyway)",
            out.display()
        ));
    }
    if !known && !is_empty(&out) {
        return Err(format!(
            "{} holds files Gazette did not write (or its record of them in {} is missing or damaged); move them away, or use --force to write into it anyway",
            out.display(),
            site.cache_dir().display()
        ));
    }
    Ok(())
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

/// Whether `dir` holds nothing but an interrupted build's staging folder.
fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| {
        d.all(|e| e.is_ok_and(|e| e.file_name() == super::writer::STAGING_IN_OUTPUT))
    })
}
