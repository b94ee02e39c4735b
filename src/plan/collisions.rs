//! URL collisions and unwritable names: two routes writing one file, or a file or folder
//! name longer than file systems allow, are found before anything is rendered, and reported
//! at the story (or `site.toml`) that causes them.

use foldhash::{HashMap, HashMapExt};

use super::{FeedScope, ListSource, Page, Route};
use crate::archive::Archive;
use crate::config::Site;
use crate::core::Diagnostic;

pub(super) fn check_collisions(
    site: &Site,
    archive: &Archive,
    routes: &[Route],
) -> Result<(), Vec<Diagnostic>> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(routes.len());
    let mut errors = Vec::new();
    let describe = |r: &Route| match r.page {
        Page::Article(i) | Page::Alias(i) => archive.articles[i].path.display().to_string(),
        _ => format!("the {} page", r.page.kind()),
    };
    // Each long name once per file that makes it (a tag's name is in many pages' paths).
    let mut too_long: Vec<(&str, std::path::PathBuf)> = Vec::new();
    for (i, r) in routes.iter().enumerate() {
        if let Some(name) = r.output.split('/').find(|c| c.len() > NAME_MAX) {
            let d = long_name(site, archive, r, name);
            if !too_long.iter().any(|(n, p)| *n == name && *p == d.path) {
                too_long.push((name, d.path.clone()));
                errors.push(d);
            }
        }
        if let Some(&first) = seen.get(&*r.output) {
            let other = &routes[first];
            let (culprit, earlier) = match (&other.page, &r.page) {
                (Page::Article(_) | Page::Alias(_), Page::Article(_) | Page::Alias(_)) => {
                    (r, other)
                }
                (Page::Article(_) | Page::Alias(_), _) => (other, r),
                _ => (r, other),
            };
            let diag = match culprit.page {
                Page::Article(a) => {
                    let art = &archive.articles[a];
                    Diagnostic::new(
                        &art.path,
                        art.slug_line,
                        1,
                        format!(
                            "URL /{} is also used by {}",
                            culprit.path(),
                            describe(earlier)
                        ),
                    )
                    .with_hint("give one of them a different `slug` (or date, or section)")
                }
                Page::Alias(a) => {
                    let art = &archive.articles[a];
                    Diagnostic::new(
                        &art.path,
                        1,
                        1,
                        format!(
                            "alias /{} is also the URL of {}",
                            culprit.path(),
                            describe(earlier)
                        ),
                    )
                    .with_hint("remove the alias or change it")
                }
                _ => Diagnostic::new(
                    &site.root.join("site.toml"),
                    0,
                    0,
                    format!(
                        "URL /{} is used by {} and {}",
                        r.path(),
                        describe(other),
                        describe(r)
                    ),
                )
                .with_hint("rename the section or change the permalink pattern"),
            };
            errors.push(diag);
        } else {
            seen.insert(&*r.output, i);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The longest file or folder name (in bytes) common file systems allow.
const NAME_MAX: usize = 255;

/// A route whose path has a name longer than [`NAME_MAX`], reported at the story whose
/// slug, section or term makes it (or at `site.toml`).
fn long_name(site: &Site, archive: &Archive, r: &Route, name: &str) -> Diagnostic {
    let first = |list: &[usize]| list.first().map(|&i| (&archive.articles[i], 1));
    let section = |s: usize| first(&archive.sections[s].articles);
    let term = |t: usize, x: usize| first(&archive.taxonomies[t].terms[x].articles);
    let (story, what) = match r.page {
        Page::Article(i) => {
            let a = &archive.articles[i];
            (Some((a, a.slug_line)), "its slug")
        }
        Page::Alias(i) => (Some((&archive.articles[i], 1)), "its alias"),
        Page::Listing(ref l) => match l.source {
            ListSource::Section(s) => (section(s), "its section"),
            ListSource::Term(t, x) => (term(t, x), "the tag, author or place it names"),
            _ => (None, ""),
        },
        Page::Feed(FeedScope::Section(s), _) => (section(s), "its section"),
        Page::Feed(FeedScope::Term(t, x), _) => (term(t, x), "the tag it names"),
        _ => (None, ""),
    };
    let message = format!(
        "the URL /{} has a name of {} bytes; file systems allow at most {NAME_MAX}",
        r.path(),
        name.len()
    );
    match story {
        Some((a, line)) => {
            Diagnostic::new(&a.path, line, 1, message).with_hint(format!("shorten {what}"))
        }
        None => Diagnostic::new(&site.root.join("site.toml"), 0, 0, message)
            .with_hint("shorten the permalink pattern or the archive prefix"),
    }
}
