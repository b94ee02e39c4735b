//! A page's other languages: a story's translations (its `hreflang` alternates, in the
//! page and in the sitemap, and its `x-default`), and every page's place in the other
//! editions, for the language switcher (see `plan::Counterparts`). Stories of a translation
//! group are numbered past the end of the archive when another edition publishes them
//! (see `Archive::story`).

use tera::Value;

use super::Renderer;
use super::values::{list, map};
use crate::plan::{Page, Route, urls};

impl Renderer<'_> {
    /// Story `i` and its translations as a sitemap lists them, `{hreflang, href}`, with
    /// the `x-default`; empty without translations.
    pub(super) fn alternates(&self, i: usize) -> Vec<Value> {
        let Some(x_default) = self.x_default(i) else {
            return Vec::new();
        };
        let mut all: Vec<usize> = std::iter::once(i)
            .chain(self.archive.translations_of(i))
            .collect();
        all.sort_by(|&a, &b| self.language_of(a).cmp(self.language_of(b)).then(a.cmp(&b)));
        let link = |hreflang: &str, href: String| {
            map([("hreflang", hreflang.into()), ("href", href.into())])
        };
        all.into_iter()
            .map(|j| link(self.language_of(j), self.story_permalink(j)))
            .chain(std::iter::once(link("x-default", x_default)))
            .collect()
    }

    /// The language switcher, `page.editions`: every edition (the home edition first) as
    /// `{language, name, url, permalink, current, same}`, where `url` leads to this page in
    /// that edition (`same`: the same listing, or the story's translation) or else to its
    /// front page; and `page.alternates`, the `hreflang` links of a page other than a story
    /// that more than one edition has, with the `x-default` (the home edition's). Both
    /// empty for a one-language site.
    pub(super) fn editions(&self, route: &Route) -> (Value, Value) {
        if self.plan.counterparts.editions.is_empty() {
            return (list(std::iter::empty()), list(std::iter::empty()));
        }
        let site = self.site;
        let home = std::iter::once(("", site.home.language.as_str()));
        let all: Vec<(&str, &str, String, bool)> = home
            .chain(
                site.editions
                    .iter()
                    .map(|e| (e.prefix.as_str(), e.language.as_str())),
            )
            .map(|(prefix, language)| {
                let (path, same) = if prefix == site.prefix {
                    (format!("{prefix}{}", route.path()), true)
                } else {
                    self.counterpart(route, prefix, language)
                };
                (prefix, language, path, same)
            })
            .collect();
        let switcher = all.iter().map(|(prefix, language, path, same)| {
            map([
                ("language", (*language).into()),
                ("name", super::languages::autonym(language).into()),
                ("url", site.home_url(path).into()),
                ("permalink", site.home_permalink(path).into()),
                ("current", (*prefix == site.prefix).into()),
                ("same", (*same).into()),
            ])
        });
        let shared: Vec<_> = all.iter().filter(|(.., same)| *same).collect();
        let listed = !matches!(route.page, Page::Article(_)) && shared.len() > 1;
        let link = |hreflang: &str, path: &str| {
            map([
                ("hreflang", hreflang.into()),
                ("href", site.home_permalink(path).into()),
            ])
        };
        let alternates = shared
            .iter()
            .filter(|_| listed)
            .map(|(_, language, path, _)| link(language, path))
            .chain(
                all.first()
                    .filter(|(.., same)| listed && *same)
                    .map(|(_, _, path, _)| link("x-default", path)),
            );
        (list(switcher), list(alternates))
    }

    /// This page in the edition at `prefix` in `language` (its path below the home root,
    /// and whether it is the same page), else that edition's front page.
    fn counterpart(&self, route: &Route, prefix: &str, language: &str) -> (String, bool) {
        let front = (prefix.to_string(), false);
        match &route.page {
            Page::Front | Page::TaxonomyList(_) | Page::ArchiveIndex | Page::Search => {
                (format!("{prefix}{}", route.path()), true)
            }
            Page::Listing(l) => {
                let other = self
                    .plan
                    .counterparts
                    .editions
                    .iter()
                    .find(|o| o.prefix == prefix);
                // The listing's first URL is its counterpart's; its older pages hold
                // other stories than the other edition's pages of that number.
                match other {
                    Some(o) if o.has(&l.base) => (o.link(&l.base), route.path() == l.base),
                    _ => front,
                }
            }
            Page::Article(i) => {
                // The version in the edition's language, else another it publishes.
                let theirs = |j: &usize| self.archive.story(*j).edition_prefix(self.site) == prefix;
                let all: Vec<usize> = self.archive.translations_of(*i).filter(theirs).collect();
                all.iter()
                    .find(|&&j| self.language_of(j) == language)
                    .or(all.first())
                    .map_or(front, |&j| (self.story_home_path(j), true))
            }
            _ => front,
        }
    }

    /// Story `j`'s language (of a translation group: another edition's past the end of
    /// the archive; see [`Archive::story`]): its own, else the home edition's.
    pub(super) fn language_of(&self, j: usize) -> &str {
        self.archive.story(j).language_in(self.site)
    }

    /// Path of story `j` of a translation group below the home edition's root.
    fn story_home_path(&self, j: usize) -> String {
        match self.archive.is_foreign(j) {
            false => format!("{}{}", self.site.prefix, self.plan.article_path(j)),
            true => urls::home_path(self.site, self.archive.story(j)),
        }
    }

    /// Absolute URL of story `j` of a translation group.
    fn story_permalink(&self, j: usize) -> String {
        self.site.home_permalink(&self.story_home_path(j))
    }

    /// Story `i`'s translations, by language: `{language, name, url, permalink}` (what
    /// its page shows of them, which an edit of theirs in place cannot change).
    pub(super) fn translations(&self, i: usize) -> Value {
        let mut others: Vec<usize> = self.archive.translations_of(i).collect();
        others.sort_by(|&a, &b| self.language_of(a).cmp(self.language_of(b)).then(a.cmp(&b)));
        list(others.into_iter().map(|j| {
            let path = self.story_home_path(j);
            let language = self.language_of(j);
            map([
                ("language", language.into()),
                ("name", super::languages::autonym(language).into()),
                ("url", self.site.home_url(&path).into()),
                ("permalink", self.site.home_permalink(&path).into()),
            ])
        }))
    }

    /// The page a reader with no matching language is sent to among story `i` and its
    /// translations: the one in the home edition's language, else the newest; `None`
    /// without translations.
    pub(super) fn x_default(&self, i: usize) -> Option<String> {
        self.archive.translations_of(i).next()?;
        let all: Vec<usize> = std::iter::once(i)
            .chain(self.archive.translations_of(i))
            .collect();
        let home = &self.site.home.language;
        // Else the newest version, in archive order, which every edition agrees on.
        let newest = || {
            all.iter().copied().min_by(|&a, &b| {
                let (a, b) = (self.archive.story(a), self.archive.story(b));
                b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path))
            })
        };
        let pick = all
            .iter()
            .copied()
            .find(|&j| self.language_of(j) == home)
            .or_else(newest)?;
        Some(self.story_permalink(pick))
    }
}
