//! Safety checks on the output directory before anything is written into it.

use std::path::Path;

use crate::config::Site;

/// Why the build refuses an output directory, with what to do about it.
pub fn check_output_dir(site: &Site, has_cache: bool, force: bool) -> Result<(), String> {
    let out = site.output_dir();
    let root = canonical(&site.root);
    let out_c = canonical(&out);
    if root.starts_with(&out_c) {
        return Err(format!(
            "output_dir {} holds the site's own sources; choose a folder such as `public`",
            out.display()
        ));
    }
    for src in ["content", "themes", "templates", "static", ".gazette"] {
        if out_c.starts_with(root.join(src)) {
            return Err(format!(
                "output_dir {} is inside the site's {src}/ folder; choose a folder such as `public`",
                out.display()
            ));
        }
    }
    if force || !out.exists() {
        return Ok(());
    }
    if out.join(".git").exists() {
        return Err(format!(
            "{} holds a .git folder; Gazette will not write into a repository (use --force to do it anyway)",
            out.display()
        ));
    }
    if !has_cache && !is_empty(&out) {
        return Err(format!(
            "{} holds files Gazette did not write; move them away, or use --force to write into it anyway",
            out.display()
        ));
    }
    Ok(())
}

fn canonical(p: &Path) -> std::path::PathBuf {
    // The output folder may not exist yet: canonicalize its nearest existing ancestor.
    let mut missing = Vec::new();
    let mut cur = p.to_path_buf();
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
            _ => return p.to_path_buf(),
        }
    }
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true)
}
