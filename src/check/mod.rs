//! `gazette check`: everything a build checks, without writing, plus the links and anchors
//! in every article, aliases that lead nowhere, and optionally external links.

mod external;
mod links;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use rayon::prelude::*;

use crate::content::{self, LoadOptions};
use crate::core::{Diagnostic, Switches};
use crate::driver::{self, Loaded};
use crate::plan::Page;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub switches: Switches,
    /// Also request every external link.
    pub external: bool,
    pub timeout_secs: u64,
}

/// Every problem found; an empty list means the site is fine.
pub fn run(root: &Path, opts: &Options) -> Vec<Diagnostic> {
    let build_opts = driver::Options {
        switches: opts.switches,
        ..Default::default()
    };
    let loaded = match driver::load(root, &build_opts) {
        Ok(l) => l,
        Err(driver::Error::Content(ds)) => return ds,
        Err(driver::Error::Output(m)) => return vec![Diagnostic::new(root, 0, 0, m)],
    };
    let mut problems = links_and_anchors(&loaded, opts);
    problems.extend(orphaned_aliases(&loaded, opts));
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    problems
}

/// Where a site-internal link points: the route path and the anchor.
fn resolve(loaded: &Loaded, from_path: &str, dest: &str) -> (String, Option<String>) {
    let (dest, anchor) = match dest.split_once('#') {
        Some((d, a)) => (d, Some(a.to_string())),
        None => (dest, None),
    };
    let dest = dest.split('?').next().unwrap_or_default();
    let root = &loaded.site.url_root;
    let joined = if let Some(abs) = dest.strip_prefix('/') {
        let abs = format!("/{abs}");
        abs.strip_prefix(root.as_str())
            .unwrap_or(abs.trim_start_matches('/'))
            .to_string()
    } else if dest.is_empty() {
        from_path.to_string()
    } else {
        let base = from_path.rsplit_once('/').map_or("", |(b, _)| b);
        format!("{base}/{dest}")
    };
    // Normalise `.` and `..` segments.
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    (parts.join("/").trim_start_matches('/').to_string(), anchor)
}

fn links_and_anchors(loaded: &Loaded, opts: &Options) -> Vec<Diagnostic> {
    let Loaded {
        site,
        archive,
        plan,
        ..
    } = loaded;
    let mut routes: HashMap<&str, Option<usize>> = HashMap::new();
    for r in &plan.routes {
        let article = match r.page {
            Page::Article(i) => Some(i),
            _ => None,
        };
        routes.insert(r.path(), article);
        routes.insert(&*r.output, article);
    }
    let static_dir = site.root.join("static");
    let mut external_links: Vec<(usize, links::Link)> = Vec::new();
    let per_article: Vec<(Vec<Diagnostic>, Vec<links::Link>)> = archive
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let mut problems = Vec::new();
            let mut external = Vec::new();
            let Ok(story) = a.read_text() else {
                return (problems, external);
            };
            let own_ids: HashSet<String> = links::heading_ids(story.body()).into_iter().collect();
            for link in links::extract(&story.text, story.body_start) {
                let d = link.dest.as_str();
                let lower = d.to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    external.push(link);
                    continue;
                }
                if d.contains("://") || ["mailto:", "tel:", "data:", "javascript:"].iter().any(|p| lower.starts_with(p)) || d.starts_with("//") {
                    continue;
                }
                let what = if link.image { "image" } else { "link" };
                let (target, anchor) = resolve(loaded, plan.article_path(i), d);
                let known = routes.get(target.as_str()).copied().or_else(|| {
                    routes.get(format!("{target}/").as_str()).copied()
                });
                let exists = known.is_some() || (!target.is_empty() && static_dir.join(&target).is_file());
                if !exists {
                    problems.push(
                        Diagnostic::new(&a.path, link.line, link.column, format!("{what} to `{d}` does not match any page or file of the site"))
                            .with_hint(if link.image { "put the file under static/ or fix the path" } else { "fix the URL; `gazette list` shows every story" }),
                    );
                    continue;
                }
                if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                    let ids: Option<HashSet<String>> = match known.flatten() {
                        Some(t) if t == i => Some(own_ids.clone()),
                        Some(t) => {
                            let other = &archive.articles[t];
                            other.read_text().ok().map(|s| links::heading_ids(s.body()).into_iter().collect())
                        }
                        None => None,
                    };
                    if let Some(ids) = ids
                        && !ids.contains(&anchor)
                        && !anchor.starts_with("fn")
                    {
                        problems.push(
                            Diagnostic::new(&a.path, link.line, link.column, format!("anchor `#{anchor}` not found in `{d}`"))
                                .with_hint("link to a heading's id; headings get ids from their text, e.g. `## Vote results` → `#vote-results`"),
                        );
                    }
                }
            }
            (problems, external)
        })
        .collect();
    let mut problems = Vec::new();
    for (i, (mut p, ext)) in per_article.into_iter().enumerate() {
        problems.append(&mut p);
        external_links.extend(ext.into_iter().map(|l| (i, l)));
    }
    if opts.external && !external_links.is_empty() {
        let mut unique: Vec<String> = external_links.iter().map(|(_, l)| l.dest.clone()).collect();
        unique.sort();
        unique.dedup();
        let results = external::check(&unique, Duration::from_secs(opts.timeout_secs.max(1)));
        let verdict: HashMap<&str, &Option<String>> = unique
            .iter()
            .map(String::as_str)
            .zip(results.iter())
            .collect();
        for (i, link) in &external_links {
            if let Some(Some(why)) = verdict.get(link.dest.as_str()) {
                problems.push(Diagnostic::new(
                    &archive.articles[*i].path,
                    link.line,
                    link.column,
                    format!("external link `{}` {why}", link.dest),
                ));
            }
        }
    }
    problems
}

/// Aliases that will not redirect: on a story that is not published, or equal to the
/// story's own URL.
fn orphaned_aliases(loaded: &Loaded, opts: &Options) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let everything = LoadOptions {
        switches: Switches {
            drafts: true,
            future: true,
        },
        now: Utc::now(),
    };
    let (all, _) = content::load_all(site, everything);
    let published: HashSet<&Path> = loaded
        .archive
        .articles
        .iter()
        .map(|a| a.path.as_path())
        .collect();
    let mut out = Vec::new();
    for a in &all {
        let (line, column) = std::fs::read_to_string(&a.path)
            .map(|t| crate::core::locate_key(&t, "aliases"))
            .unwrap_or((1, 1));
        if !published.contains(a.path.as_path()) && !a.details().aliases.is_empty() {
            let why = if a.draft && !opts.switches.drafts {
                "a draft"
            } else {
                "dated in the future"
            };
            out.push(
                Diagnostic::new(
                    &a.path,
                    line,
                    column,
                    format!("aliases lead nowhere: the story is {why}"),
                )
                .with_hint("the old URLs will redirect once the story is published"),
            );
        }
        let own = crate::plan::urls::article(site, a);
        for alias in &a.details().aliases {
            if crate::plan::urls::alias(alias) == own {
                out.push(
                    Diagnostic::new(
                        &a.path,
                        line,
                        column,
                        format!("alias `{alias}` is the story's own URL"),
                    )
                    .with_hint("remove it"),
                );
            }
        }
    }
    out
}
