//! Index stage: sort the articles once, newest first, and build every grouping the site
//! shows (sections, taxonomy terms, years, months, days) as indices into that one list.

mod insert;
mod periods;
mod positions;
mod remove;
mod taxonomy;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Site;
use crate::content::{Article, PageFile, SectionFile};
use crate::core::{shared_path, slugify, split_language};

pub use insert::Opened;
pub use periods::{Day, Month, Year};
pub use taxonomy::{Taxonomy, TaxonomyKind, Term, TermProblem};

/// The sorted articles and every index over them. Groupings hold positions in `articles`,
/// never copies.
pub struct Archive {
    /// Newest first; equal dates ordered by path so every build is identical.
    pub articles: Vec<Arc<Article>>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub years: Vec<Year>,
    /// Every (year, month) position, newest first, for month-to-month navigation.
    pub months: Vec<(usize, usize)>,
    /// Every (year, month, day) position, newest first.
    pub days: Vec<(usize, usize, usize)>,
    /// The standalone pages (About, Contact), by URL: in no grouping.
    pub pages: Vec<PageFile>,
    /// Stories that are translations of each other, each group in archive order: those
    /// that share a `translation_key` (a file named `ferry.ru.md` has its shared path as
    /// one), with the story whose file shares that path (`ferry.md`). Groups of two or more.
    pub translations: Vec<Vec<usize>>,
    /// The group in `translations` of each story that has one.
    translation_group: HashMap<usize, usize>,
    /// The stories other editions publish, by path: a translation group's position `j`
    /// past the end of `articles` is `foreign[j - articles.len()]` (see [`Archive::story`]).
    pub foreign: Vec<Arc<Article>>,
}

pub struct Section {
    pub name: String,
    pub title: String,
    pub description: String,
    pub articles: Vec<usize>,
}

impl Archive {
    /// The archive of `articles`, with sections described by `site.toml` and, where it says
    /// nothing, by their own files (`files`); and the standalone `pages`. Of an edition's
    /// stories (see [`Site::publishes`]): the others' are kept aside, to link translations.
    pub fn build(
        site: &Site,
        articles: Vec<Arc<Article>>,
        files: &[SectionFile],
        mut pages: Vec<PageFile>,
    ) -> Archive {
        let (mut articles, mut foreign): (Vec<_>, Vec<_>) = if site.editions.is_empty() {
            (articles, Vec::new())
        } else {
            articles.into_iter().partition(|a| a.published_by(site))
        };
        foreign.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        if !site.is_home() {
            // Standalone pages are the home edition's.
            pages.clear();
        }
        pages.sort_by(|a, b| a.url.cmp(&b.url));
        articles.par_sort_unstable_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.path.as_os_str().cmp(b.path.as_os_str()))
        });
        // Each grouping is one pass over the stories: on all cores, side by side.
        let ((sections, years), taxonomies) = rayon::join(
            || {
                rayon::join(
                    || build_sections(site, &articles, files),
                    || periods::build(&articles),
                )
            },
            || {
                site.config
                    .taxonomies
                    .par_iter()
                    .filter_map(|name| TaxonomyKind::from_name(name))
                    .map(|kind| Taxonomy::build(kind, &articles))
                    .collect::<Vec<_>>()
            },
        );
        let mut years = years;
        let (months, days) = periods::flatten(&mut years);
        let translations = if foreign.is_empty() {
            translation_groups(&site.content_dir(), &articles)
        } else {
            let all: Vec<Arc<Article>> = articles.iter().chain(&foreign).cloned().collect();
            let mut groups = translation_groups(&site.content_dir(), &all);
            groups.retain(|g| g.iter().any(|&i| i < articles.len()));
            groups
        };
        let local = articles.len();
        let translation_group = translations
            .iter()
            .enumerate()
            .flat_map(|(g, group)| group.iter().map(move |&i| (i, g)))
            .filter(|&(i, _)| i < local)
            .collect();
        Archive {
            translations,
            translation_group,
            foreign,
            articles,
            sections,
            taxonomies,
            years,
            months,
            days,
            pages,
        }
    }

    /// Story `i` now has other terms (tags, authors, dateline) than `old`, and is otherwise
    /// where `old` was: move it between the terms' lists (see [`Taxonomy::regroup`]).
    /// Returns the lists that changed, as (taxonomy, term); `None` when the index must be
    /// built again, in which case this archive is to be dropped (a taxonomy may have moved).
    pub fn regroup(
        &mut self,
        i: usize,
        old: &Article,
        pages: &dyn Fn(usize) -> usize,
    ) -> Option<Vec<(usize, usize)>> {
        let mut moved = Vec::new();
        for (t, tax) in self.taxonomies.iter_mut().enumerate() {
            let terms = tax.regroup(&self.articles, i, tax.kind.terms(old), pages)?;
            moved.extend(terms.into_iter().map(|x| (t, x)));
        }
        Some(moved)
    }

    /// Story `j` of a translation group: this edition's, or past the end of `articles`
    /// another edition's.
    pub fn story(&self, j: usize) -> &Article {
        match self.articles.get(j) {
            Some(a) => a,
            None => &self.foreign[j - self.articles.len()],
        }
    }

    /// Another edition's story, edited in place: kept aside as it is now.
    pub fn replace_foreign(&mut self, article: Arc<Article>) {
        if let Ok(at) = self.foreign.binary_search_by(|a| a.path.cmp(&article.path)) {
            self.foreign[at] = article;
        }
    }

    /// Whether story `j` of a translation group is another edition's.
    pub fn is_foreign(&self, j: usize) -> bool {
        j >= self.articles.len()
    }

    /// The other stories that are translations of story `i` (this edition's first, in
    /// archive order; see [`Archive::story`]).
    pub fn translations_of(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.translation_group
            .get(&i)
            .into_iter()
            .flat_map(|&g| self.translations[g].iter().copied())
            .filter(move |&j| j != i)
    }

    /// The article older than `i` (shown as "previous").
    pub fn older(&self, i: usize) -> Option<usize> {
        (i + 1 < self.articles.len()).then_some(i + 1)
    }

    /// The article newer than `i` (shown as "next").
    pub fn newer(&self, i: usize) -> Option<usize> {
        i.checked_sub(1)
    }
}

/// The stories of each translation key that two stories or more share, with each story
/// without a key whose file shares a path with a story that has one (`ferry.md` beside
/// `ferry.ru.md`); in archive order.
fn translation_groups(content: &Path, articles: &[Arc<Article>]) -> Vec<Vec<usize>> {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(key) = &a.details().translation_key {
            by_key.entry(key).or_default().push(i);
        }
    }
    if !by_key.is_empty() {
        // Only stories in a folder where a keyed story is (or holds its bundle) can share
        // its path: the rest are passed over without making theirs.
        let mut folders: HashSet<PathBuf> = HashSet::new();
        for a in articles
            .iter()
            .filter(|a| a.details().translation_key.is_some())
        {
            let parent = a.path.parent().unwrap_or(Path::new(""));
            let stem = a.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            folders.insert(parent.join(split_language(stem).0));
            folders.extend(parent.parent().map(Path::to_path_buf));
            folders.insert(parent.to_path_buf());
        }
        for (i, a) in articles.iter().enumerate() {
            let keyless = a.details().translation_key.is_none();
            if keyless
                && a.path.parent().is_some_and(|f| folders.contains(f))
                && let Some(shared) = shared_path(content, &a.path)
                && let Some(group) = by_key.get_mut(shared.as_str())
            {
                group.push(i);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_unstable();
    groups
}

fn build_sections(site: &Site, articles: &[Arc<Article>], files: &[SectionFile]) -> Vec<Section> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_name.entry(&*a.section).or_default().push(i);
    }
    let mut sections: Vec<(i64, Section)> = by_name
        .into_iter()
        .map(|(name, list)| {
            let conf = site.config.sections.get(name);
            let file = files.iter().find(|f| f.name == name);
            let order = conf.and_then(|c| c.order).unwrap_or(i64::MAX);
            (
                order,
                Section {
                    name: name.to_string(),
                    title: conf
                        .and_then(|c| c.title.clone())
                        .or_else(|| file.and_then(|f| f.title.clone()))
                        .unwrap_or_else(|| title_case(name)),
                    description: conf
                        .map(|c| c.description.clone())
                        .filter(|d| !d.is_empty())
                        .or_else(|| file.and_then(|f| f.description.clone()))
                        .unwrap_or_default(),
                    articles: list,
                },
            )
        })
        .collect();
    sections.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    sections.into_iter().map(|(_, s)| s).collect()
}

/// `world-news` → `World news`.
pub fn title_case(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Split `len` items into pages of `per_page`; an empty list still has one (empty) page.
pub fn pages(len: usize, per_page: usize) -> impl Iterator<Item = Range<usize>> {
    let per_page = per_page.max(1);
    let count = len.div_ceil(per_page).max(1);
    (0..count).map(move |p| (p * per_page)..((p + 1) * per_page).min(len))
}

/// A term's slug; terms whose slugs are equal are one term.
pub fn term_slug(name: &str) -> String {
    slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_exactly() {
        let p: Vec<_> = pages(40, 20).collect();
        assert_eq!(p, vec![0..20, 20..40]);
        let p: Vec<_> = pages(41, 20).collect();
        assert_eq!(p, vec![0..20, 20..40, 40..41]);
        let p: Vec<_> = pages(0, 20).collect();
        assert_eq!(p, vec![0..0]);
    }
}
