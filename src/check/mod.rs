//! `gazette check`: everything a build checks, without writing, plus the links and anchors
//! in every article, aliases that lead nowhere, and optionally external links.

mod external;
mod links;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use rayon::prelude::*;

use crate::archive::Archive;
use crate::config::Site;
use crate::content::{self, LoadOptions};
use crate::core::{Diagnostic, Switches};
use crate::driver;
use crate::media::Media;
use crate::plan::{Page, Plan};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub switches: Switches,
    /// Also request every external link.
    pub external: bool,
    pub timeout_secs: u64,
}

/// What `check` found: problems, which fail it, and warnings, which do not.
#[derive(Debug, Default)]
pub struct Checked {
    pub problems: Vec<Diagnostic>,
    /// Words of the theme shown in English on a site in another language.
    pub warnings: Vec<Diagnostic>,
}

/// Every problem found; an empty list means the site is fine.
pub fn run(root: &Path, opts: &Options) -> Vec<Diagnostic> {
    run_all(root, opts).problems
}

/// Every problem and every warning.
pub fn run_all(root: &Path, opts: &Options) -> Checked {
    let build_opts = driver::Options {
        switches: opts.switches,
        ..Default::default()
    };
    let fail = |problems| Checked {
        problems,
        warnings: Vec::new(),
    };
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for edition in driver::editions(root) {
        match driver::load(root, edition.as_deref(), &build_opts) {
            Ok(l) => all.push(l),
            Err(driver::Error::Content(mut ds)) => problems.append(&mut ds),
            Err(driver::Error::Output(m)) => problems.push(Diagnostic::new(root, 0, 0, m)),
        }
    }
    if !problems.is_empty() {
        // Every edition reads the same story files: their problems are said once.
        let mut seen = HashSet::new();
        problems.retain(|d| seen.insert(d.to_string()));
        return fail(problems);
    }
    let routes = every_route(&all);
    let mut warnings = Vec::new();
    for (e, loaded) in all.iter().enumerate() {
        let pages = Pages::new(&all, e, &routes);
        let (mut found, external_links) = pages.links_and_anchors();
        problems.append(&mut found);
        if opts.external {
            problems.extend(external_problems(&loaded.archive, &external_links, opts));
        }
        problems.extend(orphaned_aliases(&loaded.site, &loaded.archive, opts));
        warnings.extend(loaded.theme.words.warnings(&loaded.site.root));
    }
    if let Some(home) = all.first() {
        problems.extend(output_place(&home.site));
    }
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    problems.dedup_by(|a, b| a.to_string() == b.to_string());
    Checked { problems, warnings }
}

/// Every route of every edition by its path and output file below the home edition's
/// root, with the edition and story it shows.
fn every_route(all: &[driver::Loaded]) -> HashMap<String, Option<(usize, usize)>> {
    let mut routes = HashMap::new();
    for (e, loaded) in all.iter().enumerate() {
        let prefix = &loaded.site.prefix;
        for r in &loaded.plan.routes {
            let article = match r.page {
                Page::Article(i) => Some((e, i)),
                _ => None,
            };
            routes.insert(format!("{prefix}{}", r.path()), article);
            routes.insert(format!("{prefix}{}", r.output), article);
        }
    }
    routes
}

/// An `output_dir` no build may write to, at its line in `site.toml`.
fn output_place(site: &Site) -> Option<Diagnostic> {
    let why = crate::output::check_output_place(site).err()?;
    let path = site.root.join("site.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (line, column) = crate::core::locate_key(&text, "output_dir");
    Some(Diagnostic::new(&path, line, column, why))
}

/// The site as links are checked against it: every page and file a link may name.
struct Pages<'a> {
    /// Every edition, loaded; this one is `all[me]`.
    all: &'a [driver::Loaded],
    me: usize,
    site: &'a Site,
    archive: &'a Archive,
    plan: &'a Plan,
    media: &'a Media,
    /// Every edition's routes (see [`every_route`]).
    routes: &'a HashMap<String, Option<(usize, usize)>>,
    static_dir: PathBuf,
}

impl<'a> Pages<'a> {
    fn new(
        all: &'a [driver::Loaded],
        me: usize,
        routes: &'a HashMap<String, Option<(usize, usize)>>,
    ) -> Pages<'a> {
        let loaded = &all[me];
        Pages {
            all,
            me,
            site: &loaded.site,
            archive: &loaded.archive,
            plan: &loaded.plan,
            media: &loaded.media,
            routes,
            static_dir: loaded.site.root.join("static"),
        }
    }

    /// Problems with every story's internal links and anchors, and the external links
    /// found (with the story each is in), on all cores.
    fn links_and_anchors(&self) -> (Vec<Diagnostic>, Vec<(usize, links::Link)>) {
        let per_article: Vec<(Vec<Diagnostic>, Vec<links::Link>)> =
            (0..self.archive.articles.len())
                .into_par_iter()
                .map(|i| self.story_links(i))
                .collect();
        let mut problems = Vec::new();
        let mut external = Vec::new();
        for (i, (mut p, ext)) in per_article.into_iter().enumerate() {
            problems.append(&mut p);
            external.extend(ext.into_iter().map(|l| (i, l)));
        }
        (problems, external)
    }

    /// Story `i`'s problems, and its external links.
    fn story_links(&self, i: usize) -> (Vec<Diagnostic>, Vec<links::Link>) {
        let mut problems = Vec::new();
        let mut external = Vec::new();
        let Ok(story) = self.archive.articles[i].read_text() else {
            return (problems, external);
        };
        let own_ids: HashSet<String> = links::heading_ids(story.body()).into_iter().collect();
        let a = &self.archive.articles[i];
        let lead = lead_image(a, &story.text);
        problems.extend(lead.as_ref().and_then(|l| lead_without_alt(a, l)));
        let body = links::extract(&story.text, story.body_start);
        for link in body.iter().filter(|l| l.image && l.alt.trim().is_empty()) {
            problems.push(
                Diagnostic::new(&a.path, link.line, link.column, format!("image `{}` has no alt text", link.dest))
                    .with_hint("describe the image for readers who cannot see it: `![A crane at the quay](photo.jpg)`"),
            );
        }
        // A lead image that is not a bundle's file is looked for as the body's images are,
        // by its path from the site's root, as pages show it.
        let lead = lead
            .filter(|l| self.media.resolve(i, &l.dest).is_none())
            .map(|mut l| {
                if !l.dest.contains("://") {
                    l.dest = format!("/{}", l.dest.trim_start_matches('/'));
                }
                l
            });
        for link in lead.into_iter().chain(body) {
            if self.media.resolve(i, &link.dest).is_some() {
                // A file of the story's bundle.
                continue;
            }
            let lower = link.dest.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                external.push(link);
            } else if !is_elsewhere(&link.dest, &lower) {
                problems.extend(self.internal_link(i, &link, &own_ids));
            }
        }
        (problems, external)
    }

    /// The problem with a link inside the site from story `i`, if it has one: no page or
    /// file at its path, or no heading with its anchor.
    fn internal_link(
        &self,
        i: usize,
        link: &links::Link,
        own_ids: &HashSet<String>,
    ) -> Option<Diagnostic> {
        let a = &self.archive.articles[i];
        let d = link.dest.as_str();
        let from = format!("{}{}", self.site.prefix, self.plan.article_path(i));
        let (target, anchor) = resolve(&self.site.home.url_root, &from, d);
        let known = self
            .routes
            .get(target.as_str())
            .copied()
            .or_else(|| self.routes.get(format!("{target}/").as_str()).copied());
        let exists =
            known.is_some() || (!target.is_empty() && self.static_dir.join(&target).is_file());
        if !exists {
            let what = if link.image { "image" } else { "link" };
            let hint = if link.image {
                "put the file under static/ or fix the path"
            } else {
                "fix the URL; `gazette list` shows every story"
            };
            let message = format!("{what} to `{d}` does not match any page or file of the site");
            return Some(Diagnostic::new(&a.path, link.line, link.column, message).with_hint(hint));
        }
        let anchor = anchor.filter(|a| !a.is_empty() && !a.starts_with("fn"))?;
        let ids: HashSet<String> = match known.flatten()? {
            (e, t) if e == self.me && t == i => own_ids.clone(),
            (e, t) => {
                let other = self.all[e].archive.articles[t].read_text().ok()?;
                links::heading_ids(other.body()).into_iter().collect()
            }
        };
        (!ids.contains(&anchor)).then(|| {
            Diagnostic::new(&a.path, link.line, link.column, format!("anchor `#{anchor}` not found in `{d}`"))
                .with_hint("link to a heading's id; headings get ids from their text, e.g. `## Vote results` → `#vote-results`")
        })
    }
}

/// The lead image as a link to check like the body's, at the line of its `image`.
fn lead_image(a: &crate::content::Article, text: &str) -> Option<links::Link> {
    let d = a.details();
    let (line, column) = crate::core::locate_key(text, "image");
    Some(links::Link {
        dest: d.image.clone()?,
        image: true,
        alt: d.image_alt.clone().unwrap_or_default(),
        line,
        column,
    })
}

/// The lead image `lead` (of story `a`) without alt text, at the line of its `image`.
fn lead_without_alt(a: &crate::content::Article, lead: &links::Link) -> Option<Diagnostic> {
    lead.alt.trim().is_empty().then(|| {
        Diagnostic::new(
            &a.path,
            lead.line,
            lead.column,
            "the lead image has no alt text",
        )
        .with_hint("add `image_alt = \"…\"`, describing the image for readers who cannot see it")
    })
}

/// A link to another scheme (mail, phone, data) or another host, which the site does not
/// hold.
fn is_elsewhere(dest: &str, lower: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("//")
        || ["mailto:", "tel:", "data:", "javascript:"]
            .iter()
            .any(|p| lower.starts_with(p))
}

/// Where a site-internal link points: the route path and the anchor.
fn resolve(root: &str, from_path: &str, dest: &str) -> (String, Option<String>) {
    let (dest, anchor) = match dest.split_once('#') {
        Some((d, a)) => (d, Some(a.to_string())),
        None => (dest, None),
    };
    let dest = dest.split('?').next().unwrap_or_default();
    let joined = if let Some(abs) = dest.strip_prefix('/') {
        let abs = format!("/{abs}");
        abs.strip_prefix(root)
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

/// External links that do not answer, each requested once however many stories have it.
fn external_problems(
    archive: &Archive,
    external_links: &[(usize, links::Link)],
    opts: &Options,
) -> Vec<Diagnostic> {
    let mut unique: Vec<String> = external_links.iter().map(|(_, l)| l.dest.clone()).collect();
    unique.sort();
    unique.dedup();
    if unique.is_empty() {
        return Vec::new();
    }
    let results = external::check(&unique, Duration::from_secs(opts.timeout_secs.max(1)));
    let verdict: HashMap<&str, &Option<String>> = unique
        .iter()
        .map(String::as_str)
        .zip(results.iter())
        .collect();
    let mut problems = Vec::new();
    for (i, link) in external_links {
        if let Some(Some(why)) = verdict.get(link.dest.as_str()) {
            problems.push(Diagnostic::new(
                &archive.articles[*i].path,
                link.line,
                link.column,
                format!("external link `{}` {why}", link.dest),
            ));
        }
    }
    problems
}

/// Aliases that will not redirect: on a story that is not published, or equal to the
/// story's own URL.
fn orphaned_aliases(site: &Site, archive: &Archive, opts: &Options) -> Vec<Diagnostic> {
    let everything = LoadOptions {
        switches: Switches {
            drafts: true,
            future: true,
        },
        now: Utc::now(),
    };
    let (all, _) = content::load_all(site, everything);
    let published: HashSet<&Path> = (archive.articles.iter().chain(&archive.foreign))
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
