//! Refreshing the plan after a story changed in place: the same file, URL, date and
//! groupings, so the route table keeps its shape and only fingerprints (and sitemap dates)
//! move. This is what lets `serve` re-render an edited story without planning again.

use std::collections::HashMap;

use super::planner::Planner;
use super::{FeedScope, Hash, ListSource, Page, Plan, entry, sitemap};
use crate::archive::{Archive, TaxonomyKind};
use crate::config::Site;
use crate::content::Article;
use crate::render::theme::Theme;

/// Whether `new` sits exactly where `old` did: in the same lists, at the same positions,
/// under the same URLs. Anything else it shows (headline, summary, body, image, updated)
/// may differ.
pub fn same_place(old: &Article, new: &Article) -> bool {
    old.path == new.path
        && old.slug == new.slug
        && old.date == new.date
        && old.section == new.section
        && old.tags == new.tags
        && old.authors == new.authors
        && old.dateline == new.dateline
        && old.draft == new.draft
        && old.details().aliases == new.details().aliases
}

impl Plan {
    /// Story `i` changed in place (see [`same_place`]); `archive` holds it as it is now and
    /// `old` as it was. Fingerprints again every route that shows it and returns those
    /// whose fingerprint changed: its own page; when its listing entry changed, also its
    /// neighbours, the front page, every listing page and feed it is on, and the sitemaps.
    pub fn refresh(
        &mut self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        i: usize,
        old: &Article,
    ) -> Vec<usize> {
        let new = &archive.articles[i];
        let path = self.article_path(i).to_string();
        let entry = entry::entry_hash(new, &path);
        let full_feeds = site.config.feeds.full_content && new.file_hash != old.file_hash;
        let listed = entry != self.entry_hashes[i] || full_feeds;
        self.entry_hashes[i] = entry;
        let mut planner = Planner {
            site,
            archive,
            theme,
            global: self.global,
            entry_hashes: &self.entry_hashes,
            routes: Vec::new(),
            prefix: self.archive_prefix.clone(),
        };
        let mut fresh: Vec<(usize, Hash)> = vec![(i, planner.article(i, &path))];
        if listed {
            for n in [archive.older(i), archive.newer(i)].into_iter().flatten() {
                fresh.push((n, planner.article(n, self.routes[n].path())));
            }
            planner.front();
            let lists = lists_of(archive, i);
            for scope in feeds_of(site, archive, &lists) {
                planner.feed(scope);
            }
            for source in lists {
                planner.source_listing(source);
            }
            let by_output: HashMap<&str, Hash> = planner
                .routes
                .iter()
                .map(|r| (&*r.output, r.fingerprint))
                .collect();
            // Article pages come first in the table; none of them is in `by_output`.
            let first = archive.articles.len();
            for (r, route) in self.routes.iter().enumerate().skip(first) {
                if let Some(fp) = by_output.get(&*route.output) {
                    fresh.push((r, *fp));
                }
            }
        }
        let mut changed = Vec::new();
        for (r, fp) in fresh {
            if self.routes[r].fingerprint != fp {
                self.routes[r].fingerprint = fp;
                changed.push(r);
            }
        }
        if listed {
            let dated = new.modified() != old.modified();
            let sitemaps = self.refresh_sitemaps(archive, theme, &changed, dated);
            changed.extend(sitemaps);
        }
        changed
    }

    /// Bring the sitemaps up to date after the routes in `changed` did: their dates when
    /// the story's `modified` moved (`dated`), and the news sitemap's entries. Returns the
    /// sitemap routes whose fingerprint changed.
    fn refresh_sitemaps(
        &mut self,
        archive: &Archive,
        theme: &Theme,
        changed: &[usize],
        dated: bool,
    ) -> Vec<usize> {
        let mut moved = Vec::new();
        if dated {
            // Pages whose date follows the newest stories, whether or not they changed.
            let newest = self.routes.iter().enumerate().filter(|(_, r)| {
                matches!(
                    r.page,
                    Page::Front | Page::TaxonomyList(_) | Page::ArchiveIndex
                )
            });
            let pages: Vec<usize> = changed
                .iter()
                .copied()
                .chain(newest.map(|(r, _)| r))
                .collect();
            for r in pages {
                let Ok(pos) = self.sitemap.binary_search_by_key(&r, |u| u.route) else {
                    continue;
                };
                let lastmod = sitemap::lastmod(archive, &self.routes[r].page).flatten();
                if self.sitemap[pos].lastmod != lastmod {
                    self.sitemap[pos].lastmod = lastmod;
                    moved.push(pos);
                }
            }
        }
        let mut refreshed = Vec::new();
        for r in 0..self.routes.len() {
            let stale = match &self.routes[r].page {
                Page::Sitemap(range) => moved.iter().any(|p| range.contains(p)),
                Page::NewsSitemap(_) => true,
                _ => false,
            };
            if stale {
                let fp = self.sitemap_fingerprint(theme, &self.routes[r].page);
                if self.routes[r].fingerprint != fp {
                    self.routes[r].fingerprint = fp;
                    refreshed.push(r);
                }
            }
        }
        refreshed
    }
}

/// Every listing story `i` is on: its section, its terms, its year, month and day.
fn lists_of(archive: &Archive, i: usize) -> Vec<ListSource> {
    let has = |list: &[usize]| list.binary_search(&i).is_ok();
    let mut lists = Vec::new();
    for (s, section) in archive.sections.iter().enumerate() {
        if has(&section.articles) {
            lists.push(ListSource::Section(s));
        }
    }
    for (t, tax) in archive.taxonomies.iter().enumerate() {
        for (x, term) in tax.terms.iter().enumerate() {
            if has(&term.articles) {
                lists.push(ListSource::Term(t, x));
            }
        }
    }
    for (y, year) in archive.years.iter().enumerate() {
        if !year.articles.contains(&i) {
            continue;
        }
        lists.push(ListSource::Year(y));
        for (m, month) in year.months.iter().enumerate() {
            if !month.articles.contains(&i) {
                continue;
            }
            lists.push(ListSource::Month(y, m));
            for (d, day) in month.days.iter().enumerate() {
                if day.articles.contains(&i) {
                    lists.push(ListSource::Day(y, m, d));
                }
            }
        }
    }
    lists
}

/// Every feed that may list a story on `lists`: the site's, its section's and its tags'.
fn feeds_of(site: &Site, archive: &Archive, lists: &[ListSource]) -> Vec<FeedScope> {
    let mut scopes = vec![FeedScope::Site];
    for &source in lists {
        match source {
            ListSource::Section(s) => scopes.push(FeedScope::Section(s)),
            ListSource::Term(t, x)
                if site.config.feeds.per_tag
                    && archive.taxonomies[t].kind == TaxonomyKind::Tags =>
            {
                scopes.push(FeedScope::Term(t, x))
            }
            _ => {}
        }
    }
    scopes
}
