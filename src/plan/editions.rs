//! The plan's part in editions: the home edition keeps out of the folders of the others
//! (each is planned as a site of its own, into its prefix of the output folder), and each
//! listing page knows whether the other editions have the same listing, for the theme's
//! language switcher.

use std::collections::HashSet;

use super::{Route, urls};
use crate::archive::{Archive, TaxonomyKind, term_slug};
use crate::config::Site;
use crate::core::Diagnostic;

/// A diagnostic for every page of the home edition in another edition's folder (a
/// standalone page at `ru/`, say), which that edition's pages would overwrite.
pub(super) fn check_home_paths(site: &Site, routes: &[Route]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for e in &site.editions {
        if let Some(r) = routes
            .iter()
            .find(|r| r.output.starts_with(e.prefix.as_str()))
        {
            let d = Diagnostic::new(
                &site.root.join("site.toml"),
                0,
                0,
                format!(
                    "the page /{} is in the folder of the `{}` edition, /{}",
                    r.path(),
                    e.language,
                    e.prefix
                ),
            );
            problems.push(d.with_hint("give the edition another `prefix`, or move the page"));
        }
    }
    problems
}

/// The other editions, each with the listings it has, for the language switcher of each
/// listing page: the same listing in another edition, else that edition's front page.
#[derive(Default)]
pub struct Counterparts {
    pub editions: Vec<Counterpart>,
}

pub struct Counterpart {
    pub language: String,
    /// Its folder below the home edition's root (empty for the home edition).
    pub prefix: String,
    /// The base paths of its sections', terms' and date archives' listings.
    listings: HashSet<String>,
}

impl Counterparts {
    /// Every edition but `site`'s, with the listings its stories (kept aside in
    /// `archive`) make.
    pub fn build(site: &Site, archive: &Archive) -> Counterparts {
        let home = (!site.is_home()).then(|| (site.home.language.clone(), String::new()));
        let others = site
            .editions
            .iter()
            .filter(|e| e.prefix != site.prefix)
            .map(|e| (e.language.clone(), e.prefix.clone()));
        let dates = urls::archive_prefix(site);
        let kinds: Vec<TaxonomyKind> = site
            .config
            .taxonomies
            .iter()
            .filter_map(|n| TaxonomyKind::from_name(n))
            .collect();
        let editions = home
            .into_iter()
            .chain(others)
            .map(|(language, prefix)| {
                let mut listings = HashSet::new();
                let theirs = archive
                    .foreign
                    .iter()
                    .filter(|a| a.edition_prefix(site) == prefix);
                for a in theirs {
                    use chrono::Datelike;
                    listings.insert(urls::section(&a.section));
                    for kind in &kinds {
                        for term in kind.terms(a) {
                            listings.insert(urls::term(kind.name(), &term_slug(term)));
                        }
                    }
                    let (y, m, d) = (a.date.year(), a.date.month(), a.date.day());
                    listings.insert(urls::year(&dates, y));
                    listings.insert(urls::month(&dates, y, m));
                    listings.insert(urls::day(&dates, y, m, d));
                }
                Counterpart {
                    language,
                    prefix,
                    listings,
                }
            })
            .collect();
        Counterparts { editions }
    }
}

impl Counterpart {
    /// Whether this edition has the listing whose first page is at `base`.
    pub fn has(&self, base: &str) -> bool {
        self.listings.contains(base)
    }

    /// Path below the home root of this edition's listing at `base`, or of its front page.
    pub fn link(&self, base: &str) -> String {
        let there = if self.has(base) { base } else { "" };
        format!("{}{there}", self.prefix)
    }
}
