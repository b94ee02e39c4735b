//! URL patterns: the one place that decides where every page lives.
//! Paths here are site-relative without a leading slash (`2021/09/25/vote/`).

use chrono::Datelike;

use crate::config::Site;
use crate::content::Article;

/// An article's path from the permalink pattern, written in one pass (at 100,000 stories
/// a pass per token cost a third of the plan stage).
pub fn article(site: &Site, a: &Article) -> String {
    use std::fmt::Write;
    let mut rest = site.config.permalink.as_str();
    let mut out = String::with_capacity(rest.len() + a.slug.len() + a.section.len());
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let token = [":year", ":month", ":day", ":section", ":slug"]
            .into_iter()
            .find(|t| rest.starts_with(t))
            .unwrap_or(":");
        // (Writing to a String cannot fail.)
        let _ = match token {
            ":year" => write!(out, "{:04}", a.date.year()),
            ":month" => write!(out, "{:02}", a.date.month()),
            ":day" => write!(out, "{:02}", a.date.day()),
            ":section" => out.write_str(&a.section),
            ":slug" => out.write_str(&a.slug),
            _ => out.write_str(":"),
        };
        rest = &rest[token.len()..];
    }
    out.push_str(rest);
    match out.find(|c| c != '/') {
        Some(0) => out,
        Some(start) => out.split_off(start),
        None => String::new(),
    }
}

/// Story `a`'s path below the home edition's root: its edition's prefix, then its path
/// there (`ru/2024/03/14/ice/`), so that any edition can link it.
pub fn home_path(site: &Site, a: &Article) -> String {
    let prefix = a.edition_prefix(site);
    // As the page's route names it (see [`page_path`]).
    format!("{prefix}{}", page_path(&article(site, a)))
}

/// A file's path as its page's address: a folder's `index.html` left off
/// (`world/index.html` → `world/`), any other file as it is.
pub fn page_path(file: &str) -> &str {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => file,
    }
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

/// The file a path is written to: `a/b/` → `a/b/index.html`.
pub fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// An alias as written (`/old/story/`) to a site path (`old/story/`). A last name without
/// an extension is a folder (`/2025` → `2025/`), as a server would answer it.
pub fn alias(written: &str) -> String {
    let path = written.trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.is_empty() || path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// The folder the search index is written to.
pub const SEARCH_DIR: &str = "search/pagefind/";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn story(section: &str, slug: &str) -> Article {
        Article::sample(section, slug, "2021-09-05T23:30:00-02:00")
    }

    fn path(pattern: &str, a: &Article) -> String {
        let site = Site {
            config: Config {
                permalink: pattern.into(),
                ..Config::default()
            },
            root: ".".into(),
            tz: chrono_tz::UTC,
            base_url: "https://x.example/".into(),
            agency_zones: Default::default(),
            url_root: "/".into(),
            pagination: crate::config::Pagination::Stable,
            footer: Vec::new(),
            preview: false,
            editions: Vec::new(),
            home: crate::config::Home {
                config: Default::default(),
                language: "en".into(),
                base_url: "https://x.example/".into(),
                url_root: "/".into(),
                tz: chrono_tz::UTC,
            },
            prefix: String::new(),
        };
        article(&site, a)
    }

    #[test]
    fn article_paths_fill_every_token_once() {
        let a = story("world", "vote");
        // The date as the story wrote it (its own offset), not converted.
        assert_eq!(path("/:year/:month/:day/:slug/", &a), "2021/09/05/vote/");
        assert_eq!(path("/:section/:slug.html", &a), "world/vote.html");
        assert_eq!(
            path("/news/:year/:slug/index.html", &a),
            "news/2021/vote/index.html"
        );
        // What a section or slug holds is not read as a token.
        let odd = story("a:slug", "b:year");
        assert_eq!(path("/:section/:slug/", &odd), "a:slug/b:year/");
        assert_eq!(path("/x:y/:slug/", &a), "x:y/vote/");
    }
}
