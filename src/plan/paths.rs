//! Every route's file checked before anything is rendered: a path that could leave the
//! output folder or that no file system can hold, two routes writing one file, a file where
//! another route needs a folder, or a route inside the search index's folder. Each is
//! reported at the story (or `site.toml`) that causes it, by `build` and `check` alike.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::urls::SEARCH_DIR;
use super::{FeedScope, ListSource, Page, Route};
use crate::archive::{Archive, TaxonomyKind};
use crate::config::Site;
use crate::core::{Diagnostic, OutPath, Unsafe};

pub(super) fn check_paths(
    site: &Site,
    archive: &Archive,
    routes: &[Route],
) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Problems::default();
    // Each path checked on every core; the table of paths taken is made on one.
    let unsafe_paths: Vec<Option<Unsafe>> = routes
        .par_iter()
        .map(|r| OutPath::check(&r.output).err())
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(routes.len());
    for ((i, r), unsafe_path_why) in routes.iter().enumerate().zip(unsafe_paths) {
        if let Some(why) = unsafe_path_why {
            problems.push(unsafe_path(site, archive, r, &why));
        } else if let Some(&first) = seen.get(&*r.output) {
            problems.push(same_file(site, archive, &routes[first], r));
        } else {
            seen.insert(&*r.output, i);
        }
        if site.config.search && is_search_file(&r.output) {
            let d = blame(
                site,
                archive,
                r,
                format!("the URL /{} is where the search index goes", r.path()),
                "change",
            );
            problems.push(d);
        }
    }
    let files_as_folders: Vec<Diagnostic> = routes
        .par_iter()
        .filter_map(|r| {
            let mut folders = r.output.match_indices('/').map(|(i, _)| &r.output[..i]);
            let file = folders.find_map(|f| seen.get(f))?;
            Some(file_as_folder(site, archive, &routes[*file], r))
        })
        .collect();
    for d in files_as_folders {
        problems.push(d);
    }
    problems.into_result()
}

/// Every menu link to a page of the site (`/about/`) checked against the route table: a
/// link that leads nowhere is an error at its line of `site.toml`.
pub(super) fn check_menu(site: &Site, archive: &Archive, routes: &[Route]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for link in &site.footer {
        let Some(page) = &link.page else { continue };
        let path = page.split(['#', '?']).next().unwrap_or_default();
        let found = routes.iter().any(|r| {
            let p = r.path();
            p == path || (p.ends_with('/') && p.trim_end_matches('/') == path)
        });
        if found {
            continue;
        }
        let pages: Vec<&str> = archive.pages.iter().map(|p| p.url.as_str()).collect();
        let hint = match crate::core::suggest(path, &pages) {
            Some(near) => format!("did you mean `/{near}`?"),
            None => "write a page's path from the site's root (a file content/pages/about.md is published at `/about/`), or a full URL".into(),
        };
        problems.push(
            Diagnostic::new(
                &site.root.join("site.toml"),
                link.line,
                link.column,
                format!("the menu link `/{page}` leads to no page of this site"),
            )
            .with_hint(hint),
        );
    }
    problems
}

/// The problems found, each once (one long tag name is in many pages' paths).
#[derive(Default)]
struct Problems(Vec<Diagnostic>);

impl Problems {
    fn push(&mut self, d: Diagnostic) {
        if !self
            .0
            .iter()
            .any(|o| o.path == d.path && o.message == d.message)
        {
            self.0.push(d);
        }
    }

    fn into_result(self) -> Result<(), Vec<Diagnostic>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// Whether `output` lies in (or is) the search index's folder.
fn is_search_file(output: &str) -> bool {
    output.starts_with(SEARCH_DIR) || output == SEARCH_DIR.trim_end_matches('/')
}

/// What makes a route's path, for messages: a story's file or "the … page".
fn describe(archive: &Archive, r: &Route) -> String {
    match r.page {
        Page::Article(i) | Page::Alias(i) | Page::BundleFile(i, _) => {
            archive.articles[i].path.display().to_string()
        }
        Page::Standalone(p) => archive.pages[p].path.display().to_string(),
        _ => format!("the {} page", r.page.kind()),
    }
}

/// Of two routes that clash, the one to blame: a story's alias before its page, a story
/// before a page the site makes.
fn culprit<'a>(a: &'a Route, b: &'a Route) -> (&'a Route, &'a Route) {
    let rank = |r: &Route| match r.page {
        Page::Alias(_) => 0,
        Page::Article(_) | Page::Standalone(_) => 1,
        // A section or term a story names, before a page the site makes by itself.
        Page::Listing(ref l)
            if matches!(l.source, ListSource::Section(_) | ListSource::Term(..)) =>
        {
            2
        }
        Page::Feed(FeedScope::Section(_) | FeedScope::Term(..), _) => 2,
        _ => 3,
    };
    if rank(b) <= rank(a) { (b, a) } else { (a, b) }
}

fn same_file(site: &Site, archive: &Archive, first: &Route, second: &Route) -> Diagnostic {
    let (culprit, other) = culprit(first, second);
    let message = match culprit.page {
        Page::Alias(_) => format!("alias /{} is also the URL of", culprit.path()),
        _ => format!("URL /{} is also used by", culprit.path()),
    };
    let d = blame(
        site,
        archive,
        culprit,
        format!("{message} {}", describe(archive, other)),
        "change",
    );
    match culprit.page {
        Page::Alias(_) => d.with_hint("remove the alias or change it"),
        Page::Article(_) => {
            d.with_hint("give one of them a different `slug` (or date, or section)")
        }
        _ => d,
    }
}

fn file_as_folder(site: &Site, archive: &Archive, file: &Route, inside: &Route) -> Diagnostic {
    let (culprit, other) = culprit(file, inside);
    blame(
        site,
        archive,
        culprit,
        format!(
            "/{} is a file, but {} needs a folder of that name for /{}",
            file.output,
            describe(archive, inside),
            inside.path()
        ),
        "change",
    )
    .with_hint(if matches!(culprit.page, Page::Alias(_)) {
        "change the alias".to_string()
    } else {
        format!(
            "change the permalink or the URL of {}",
            describe(archive, other)
        )
    })
}

/// A route whose path is not an [`OutPath`]. A name too long is named by the URL up to it,
/// so the pages and feeds of one long tag make one message.
fn unsafe_path(site: &Site, archive: &Archive, r: &Route, why: &Unsafe) -> Diagnostic {
    let url = match why {
        Unsafe::TooLong(_) => {
            let end = r
                .output
                .split('/')
                .scan(0, |at, name| {
                    *at += name.len() + 1;
                    Some((*at, name))
                })
                .find(|(_, name)| name.len() > crate::core::NAME_MAX)
                .map_or(r.output.len(), |(at, _)| at.min(r.output.len()));
            r.output[..end].to_string()
        }
        _ => r.path().to_string(),
    };
    blame(
        site,
        archive,
        r,
        format!("the URL /{url} cannot be a file in the output folder: {why}"),
        if matches!(why, Unsafe::TooLong(_)) {
            "shorten"
        } else {
            "change"
        },
    )
}

/// The line of a story's field `key` (read again: this runs only when there is a
/// problem); line 1 when the story does not write it (a section from its folder).
pub(super) fn key_line(archive: &Archive, i: usize, key: &str) -> usize {
    std::fs::read_to_string(&archive.articles[i].path)
        .map_or(1, |text| crate::core::locate_key(&text, key).0.max(1))
}

/// A message about route `r`, at the story whose slug, section, term or alias makes it (or
/// at `site.toml`), with what to `verb` ("change", "shorten").
fn blame(site: &Site, archive: &Archive, r: &Route, message: String, verb: &str) -> Diagnostic {
    let first = |list: &[usize], key: &str| {
        list.first()
            .map(|&i| (&archive.articles[i], key_line(archive, i, key)))
    };
    let section = |s: usize| first(&archive.sections[s].articles, "section");
    let term = |t: usize, x: usize| {
        let taxonomy = &archive.taxonomies[t];
        // A place comes from the story's dateline.
        let key = match taxonomy.kind {
            TaxonomyKind::Places => "dateline",
            kind => kind.name(),
        };
        first(&taxonomy.terms[x].articles, key)
    };
    if let Page::Standalone(p) = r.page {
        return Diagnostic::new(&archive.pages[p].path, 0, 0, message).with_hint(format!(
            "{verb} the file's name: its path under content/pages/ is its URL"
        ));
    }
    let (story, what) = match r.page {
        Page::Article(i) => {
            let a = &archive.articles[i];
            (Some((a, a.slug_line)), "its slug (or date, or section)")
        }
        Page::Alias(i) => (
            Some((&archive.articles[i], key_line(archive, i, "aliases"))),
            "its alias",
        ),
        Page::Listing(ref l) => match l.source {
            ListSource::Section(s) => (section(s), "its section"),
            ListSource::Term(t, x) => (term(t, x), "the tag, author or place it names"),
            _ => (None, ""),
        },
        Page::Feed(FeedScope::Section(s), _) => (section(s), "its section"),
        Page::Feed(FeedScope::Term(t, x), _) => (term(t, x), "the tag it names"),
        Page::BundleFile(i, _) => (Some((&archive.articles[i], 0)), "the bundle file's name"),
        _ => (None, ""),
    };
    match story {
        Some((a, line)) => {
            Diagnostic::new(&a.path, line, 1, message).with_hint(format!("{verb} {what}"))
        }
        None => Diagnostic::new(&site.root.join("site.toml"), 0, 0, message)
            .with_hint("change the permalink pattern, the archive prefix or the section's name"),
    }
}

/// Whether routes with the outputs `new`, not yet in `routes`, may join them: each a safe
/// path, no file twice, none where another's folder is (what [`check_paths`] reports, for
/// the few routes a patch adds; a full plan reports it when this says no).
pub(super) fn fit_in(site: &Site, routes: &[Route], new: &[&str]) -> bool {
    let clash = |a: &str, b: &str| match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => a == b,
        std::cmp::Ordering::Less => is_folder_of(a, b),
        std::cmp::Ordering::Greater => is_folder_of(b, a),
    };
    for (k, out) in new.iter().enumerate() {
        let searched = site.config.search && is_search_file(out);
        if OutPath::check(out).is_err() || searched || new[..k].iter().any(|o| clash(o, out)) {
            return false;
        }
    }
    !routes
        .iter()
        .any(|r| new.iter().any(|out| clash(&r.output, out)))
}

/// Whether `file` lies in the folder `folder`.
fn is_folder_of(folder: &str, file: &str) -> bool {
    // The byte after the folder first: it rules out most pairs without comparing them.
    file.as_bytes().get(folder.len()) == Some(&b'/') && file.starts_with(folder)
}
