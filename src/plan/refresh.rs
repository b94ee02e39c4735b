//! Refreshing the plan after a story changed in place: the same file, URL, date and
//! section, and tags, authors and dateline that create, empty or repaginate no term, so
//! the route table keeps its shape and only fingerprints (and sitemap dates) move. This is
//! what lets `serve` re-render an edited story without planning again.

use super::in_place::Table;
use super::planner::Planner;
use super::{FeedScope, Group, ListSource, Page, Plan, entry, sitemap, urls};
use crate::archive::{Archive, TaxonomyKind};
use crate::config::{Pagination, Site};
use crate::content::Article;
use crate::core::Hash;
use crate::theme::Theme;

/// Whether `new` sits exactly where `old` did: in the same lists, at the same positions,
/// under the same URLs. Anything else it shows (headline, summary, body, image, updated)
/// may differ. Keep it in step with what [`Archive::build`], the taxonomies and
/// [`super::urls::article`] read of a story.
pub fn same_place(old: &Article, new: &Article) -> bool {
    same_slot(old, new)
        && old.tags == new.tags
        && old.authors == new.authors
        && old.dateline == new.dateline
}

/// Whether `new` keeps `old`'s file, URL, date and section: then it keeps its place in the
/// archive and in every list but its terms' (tags, authors, dateline), which
/// [`Archive::regroup`] can move it between.
pub fn same_slot(old: &Article, new: &Article) -> bool {
    old.path == new.path
        && old.slug == new.slug
        && old.date == new.date
        && old.section == new.section
        && old.draft == new.draft
        && old.details().aliases == new.details().aliases
        // A translation's page links this story by its URL and language, and its language
        // says which edition publishes it.
        && old.details().translation_key == new.details().translation_key
        && old.details().language == new.details().language
}

impl Plan {
    /// Story `i` changed in place (see [`same_place`]), or joined or left the term lists in
    /// `moved` (see [`Archive::regroup`]); `archive` holds it as it is now and `old` as it
    /// was. Fingerprints again every route that shows it and returns those whose
    /// fingerprint changed: its own page; when its listing entry changed (or its text, with
    /// feeds that carry full stories), also its neighbours, the front page, every listing
    /// page and feed it is on, and the sitemaps; every page and feed of a list in `moved`
    /// and its taxonomy's page. `None` when the plan has lost track of a route: the caller
    /// must plan again.
    pub fn refresh(
        &mut self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        i: usize,
        old: &Article,
        moved: &[(usize, usize)],
    ) -> Option<Vec<usize>> {
        let new = &archive.articles[i];
        // The path as the planner hashes it (`urls::article`: with any `index.html` a
        // permalink ends in, which a route's `path()` leaves off).
        let path = urls::article(site, new);
        // Bundle stories are never refreshed in place (their bundle is surveyed again).
        let entry = entry::entry_hash(new, &path, None);
        let full_feeds = site.config.feeds.full_content && new.file_hash != old.file_hash;
        let listed = entry != self.entry_hashes[i] || full_feeds;
        self.entry_hashes[i] = entry;
        let prefix = self.archive_prefix.clone();
        let mut planner = Planner::new(
            site,
            archive,
            theme,
            self.global,
            &self.entry_hashes,
            prefix,
        );
        planner.counterparts = &self.counterparts;
        let mut fresh: Vec<(usize, Hash)> = vec![(i, planner.article(i, &path))];
        if listed {
            for n in [archive.older(i), archive.newer(i)].into_iter().flatten() {
                let path = urls::article(site, &archive.articles[n]);
                fresh.push((n, planner.article(n, &path)));
            }
            let front = *self.starts.get(&Group::Front)?;
            fresh.push((front, planner.front_route().fingerprint));
            // Only the one page of each listing that shows the story, and only the feeds
            // it is recent enough to be in.
            let lists = lists_of(archive, i);
            for &(source, at) in &lists {
                let (base, title) = planner.listing_heading(source);
                let items = source.items(archive);
                let start = *self.starts.get(&Group::Listing(source))?;
                for n in super::pager(site, items.len()).showing(at) {
                    let page = planner.listing_page(source, &base, &title, &items, n);
                    fresh.push((start + n, page.fingerprint));
                }
            }
            for (scope, at) in feeds_of(site, archive, i, &lists) {
                if at < site.config.feeds.limit {
                    let start = *self.starts.get(&Group::Feed(scope))?;
                    let [rss, atom] = planner.feed_routes(scope);
                    fresh.extend([(start, rss.fingerprint), (start + 1, atom.fingerprint)]);
                }
            }
        }
        let mut changed = Vec::new();
        // A list the story joined or left: the stories after it all moved by one place.
        for &(t, x) in moved {
            let mut table = Table {
                routes: &mut self.routes,
                starts: &self.starts,
            };
            changed.extend(table.replan_list(site, archive, &planner, ListSource::Term(t, x))?);
            if let Some(&start) = self.starts.get(&Group::Feed(FeedScope::Term(t, x))) {
                let [rss, atom] = planner.feed_routes(FeedScope::Term(t, x));
                fresh.extend([(start, rss.fingerprint), (start + 1, atom.fingerprint)]);
            }
            let list = *self.starts.get(&Group::Taxonomy(t))?;
            fresh.push((list, planner.taxonomy_route(t).fingerprint));
        }
        for (r, fp) in fresh {
            if self.routes[r].fingerprint != fp {
                self.routes[r].fingerprint = fp;
                changed.push(r);
            }
        }
        if listed {
            // Pages whose stories changed show another newest date.
            let dated = new.modified() != old.modified() || !moved.is_empty();
            // Under stable numbering a full page is listed in the sitemap by its newest
            // story, which a story joining or leaving its list may change: order the
            // sitemap again (the same routes, so the same files), and check every file.
            let reordered = site.pagination == Pagination::Stable && !moved.is_empty();
            if reordered {
                self.sitemap = sitemap::sitemap_urls(site, archive, &self.routes).0;
            }
            let sitemaps = self.refresh_sitemaps(site, archive, theme, &changed, dated, reordered);
            changed.extend(sitemaps);
        }
        Some(changed)
    }

    /// Bring the sitemaps up to date after the routes in `changed` did: their dates when
    /// the story's `modified` moved (`dated`), and the news sitemap's entries; every file
    /// when the sitemap was ordered again (`reordered`). Returns the sitemap routes whose
    /// fingerprint changed.
    fn refresh_sitemaps(
        &mut self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        changed: &[usize],
        dated: bool,
        reordered: bool,
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
            // One pass over the sitemap, which stable numbering keeps in another order
            // than the routes'.
            let mut pages = pages;
            pages.sort_unstable();
            let found: Vec<(usize, usize)> = self
                .sitemap
                .iter()
                .enumerate()
                .filter(|(_, u)| pages.binary_search(&u.route).is_ok())
                .map(|(pos, u)| (pos, u.route))
                .collect();
            for (pos, r) in found {
                let lastmod = sitemap::lastmod(archive, &self.routes[r].page).flatten();
                if self.sitemap[pos].lastmod != lastmod {
                    self.sitemap[pos].lastmod = lastmod;
                    moved.push(pos);
                }
            }
        }
        let mut refreshed = Vec::new();
        let first = self
            .starts
            .get(&Group::Sitemaps)
            .copied()
            .unwrap_or(self.routes.len());
        for r in first..self.routes.len() {
            let stale = match &self.routes[r].page {
                Page::Sitemap(range) => reordered || moved.iter().any(|p| range.contains(p)),
                Page::NewsSitemap(_) => true,
                Page::Robots(_) => false,
                Page::SitemapIndex(_) => dated,
                _ => break,
            };
            if stale {
                let fp = self.sitemap_fingerprint(site, archive, theme, &self.routes[r].page);
                if self.routes[r].fingerprint != fp {
                    self.routes[r].fingerprint = fp;
                    refreshed.push(r);
                }
            }
        }
        refreshed
    }
}

/// Every listing story `i` is on (its section, its terms, its year, month and day), with
/// its position in each.
pub(super) fn lists_of(archive: &Archive, i: usize) -> Vec<(ListSource, usize)> {
    let mut lists = Vec::new();
    let mut find = |source: ListSource, list: &[usize]| {
        if let Ok(at) = list.binary_search(&i) {
            lists.push((source, at));
        }
    };
    for (s, section) in archive.sections.iter().enumerate() {
        find(ListSource::Section(s), &section.articles);
    }
    for (t, tax) in archive.taxonomies.iter().enumerate() {
        for name in tax.kind.terms(&archive.articles[i]) {
            if let Some(x) = tax.term_of(name) {
                find(ListSource::Term(t, x), &tax.terms[x].articles);
            }
        }
    }
    // Periods are ranges of the archive: the story's place is its distance from the start.
    for (y, year) in archive.years.iter().enumerate() {
        if !year.articles.contains(&i) {
            continue;
        }
        lists.push((ListSource::Year(y), i - year.articles.start));
        for (m, month) in year.months.iter().enumerate() {
            if !month.articles.contains(&i) {
                continue;
            }
            lists.push((ListSource::Month(y, m), i - month.articles.start));
            for (d, day) in month.days.iter().enumerate() {
                if day.articles.contains(&i) {
                    lists.push((ListSource::Day(y, m, d), i - day.articles.start));
                }
            }
        }
    }
    lists
}

/// Every feed that may list story `i`, on `lists`: the site's, its section's and its
/// tags', with its position in each.
pub(super) fn feeds_of(
    site: &Site,
    archive: &Archive,
    i: usize,
    lists: &[(ListSource, usize)],
) -> Vec<(FeedScope, usize)> {
    let mut scopes = vec![(FeedScope::Site, i)];
    for &(source, at) in lists {
        match source {
            ListSource::Section(s) => scopes.push((FeedScope::Section(s), at)),
            ListSource::Term(t, x)
                if site.config.feeds.per_tag
                    && archive.taxonomies[t].kind == TaxonomyKind::Tags =>
            {
                scopes.push((FeedScope::Term(t, x), at))
            }
            _ => {}
        }
    }
    scopes
}
