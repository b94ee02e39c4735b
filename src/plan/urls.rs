//! URL patterns: the one place that decides where every page lives.
//! Paths here are site-relative without a leading slash (`2021/09/25/vote/`).

use chrono::Datelike;

use crate::config::Site;
use crate::content::Article;

/// An article's path from the permalink pattern.
pub fn article(site: &Site, a: &Article) -> String {
    let p = site
        .config
        .permalink
        .replace(":year", &format!("{:04}", a.date.year()))
        .replace(":month", &format!("{:02}", a.date.month()))
        .replace(":day", &format!("{:02}", a.date.day()))
        .replace(":section", &a.section)
        .replace(":slug", &a.slug);
    p.trim_start_matches('/').to_string()
}

/// Where date archives live: the permalink's literal prefix before `:year`
/// (`/news/:year/...` → `news/`), or the site root.
pub fn archive_prefix(site: &Site) -> String {
    let p = &site.config.permalink;
    match p.find(":year") {
        Some(i) if !p[..i].contains(':') => p[..i].trim_start_matches('/').to_string(),
        _ => String::new(),
    }
}

pub fn year(prefix: &str, y: i32) -> String {
    format!("{prefix}{y:04}/")
}

pub fn month(prefix: &str, y: i32, m: u32) -> String {
    format!("{prefix}{y:04}/{m:02}/")
}

pub fn day(prefix: &str, y: i32, m: u32, d: u32) -> String {
    format!("{prefix}{y:04}/{m:02}/{d:02}/")
}

pub fn section(name: &str) -> String {
    format!("{name}/")
}

pub fn taxonomy(name: &str) -> String {
    format!("{name}/")
}

pub fn term(taxonomy: &str, slug: &str) -> String {
    format!("{taxonomy}/{slug}/")
}

/// Page `n` (0-based) of a listing whose first page is `base`.
pub fn paginated(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", n + 1)
    }
}

/// The file a path is written to: `a/b/` → `a/b/index.html`.
pub fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// An alias as written (`/old/story/`) to a site path (`old/story/`).
pub fn alias(written: &str) -> String {
    written.trim_start_matches('/').to_string()
}
