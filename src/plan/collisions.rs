//! URL collisions: two routes writing one file are found before anything is rendered, and
//! reported at the story (or `site.toml`) that causes them.

use foldhash::{HashMap, HashMapExt};

use super::{Page, Route};
use crate::archive::Archive;
use crate::config::Site;
use crate::content::Diagnostic;

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
    for (i, r) in routes.iter().enumerate() {
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
