//! What adding a story to the plan in place and taking one out share (see [`Plan::insert`]
//! and [`Plan::remove`]): fingerprinting again the pages that show the story's place (its
//! neighbours, its listings' pages, the front page, the indexes, its feeds), and the
//! sitemap's files.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::planner::Planner;
use super::refresh::feeds_of;
use super::{Group, ListSource, Page, Plan, Route, sitemap, urls};
use crate::archive::Archive;
use crate::config::{Pagination, Site};
use crate::content::Article;
use crate::core::Hash;
use crate::theme::Theme;

/// What happened to the story.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// It came in at its position: the stories from there on moved down one place.
    Added,
    /// It left its position: the stories after it moved up one place.
    Removed,
}

/// The route table and where its groups start, apart from the rest of the plan (which
/// the planner borrows meanwhile).
pub(super) struct Table<'t> {
    pub routes: &'t mut [Route],
    pub starts: &'t HashMap<Group, usize>,
}

impl Table<'_> {
    /// The routes to fingerprint again once `story` came in at, or left, archive position
    /// `at` (the routes of the table already match the archive): its neighbours, the front
    /// page, the pages of `lists` (where it is or was in each list, newest first), the
    /// indexes of its terms and of the archive, and its feeds. Returns those whose
    /// fingerprint changed; `None` when the table lost track of one.
    pub(super) fn refresh_around(
        &mut self,
        site: &Site,
        archive: &Archive,
        planner: &Planner,
        (story, at): (&Article, usize),
        lists: &[(ListSource, usize)],
        change: Change,
    ) -> Option<Vec<usize>> {
        let neighbours = match change {
            Change::Added => [archive.older(at), archive.newer(at)],
            Change::Removed => [
                (at < archive.articles.len()).then_some(at),
                archive.newer(at),
            ],
        };
        let mut fresh: Vec<(usize, Hash)> = Vec::new();
        for n in neighbours.into_iter().flatten() {
            let path = urls::article(site, &archive.articles[n]);
            fresh.push((n, planner.article(n, &path)));
        }
        fresh.push((
            *self.starts.get(&Group::Front)?,
            planner.front_route().fingerprint,
        ));
        for &(source, newest) in lists {
            fresh.extend(self.refresh_list(site, archive, planner, (source, newest), change)?);
        }
        for (t, tax) in archive.taxonomies.iter().enumerate() {
            if !tax.kind.terms(story).is_empty() {
                let list = *self.starts.get(&Group::Taxonomy(t))?;
                fresh.push((list, planner.taxonomy_route(t).fingerprint));
            }
        }
        fresh.push((
            archive_index(self.routes, self.starts)?,
            planner.archive_index_route().fingerprint,
        ));
        for (scope, _) in feeds_of(site, archive, at, lists) {
            let start = *self.starts.get(&Group::Feed(scope))?;
            let [rss, atom] = planner.feed_routes(scope);
            fresh.extend([(start, rss.fingerprint), (start + 1, atom.fingerprint)]);
        }
        let mut changed = Vec::new();
        for (r, fp) in fresh {
            if self.routes[r].fingerprint != fp {
                self.routes[r].fingerprint = fp;
                changed.push(r);
            }
        }
        Some(changed)
    }

    /// Fingerprint every page of listing `source` again, which kept its routes; returns
    /// those whose fingerprint changed, or `None` when the table lost track of one.
    pub(super) fn replan_list(
        &mut self,
        site: &Site,
        archive: &Archive,
        planner: &Planner,
        source: ListSource,
    ) -> Option<Vec<usize>> {
        let (base, title) = planner.listing_heading(source);
        let items = source.items(archive);
        let start = *self.starts.get(&Group::Listing(source))?;
        let mut changed = Vec::new();
        for n in 0..super::pager(site, items.len()).routes() {
            let page = planner.listing_page(source, &base, &title, &items, n);
            let route = self.routes.get_mut(start + n)?;
            if route.output != page.output {
                return None;
            }
            if route.fingerprint != page.fingerprint {
                changed.push(start + n);
            }
            // The output path stays shared with the build cache.
            route.page = page.page;
            route.fingerprint = page.fingerprint;
        }
        Some(changed)
    }

    /// The fresh fingerprints of the pages `source` kept (those it gained are new, and
    /// rendered already), the story having come in at, or left, place `newest` in it.
    fn refresh_list(
        &mut self,
        site: &Site,
        archive: &Archive,
        planner: &Planner,
        (source, newest): (ListSource, usize),
        change: Change,
    ) -> Option<Vec<(usize, Hash)>> {
        let (base, title) = planner.listing_heading(source);
        let items = source.items(archive);
        let start = *self.starts.get(&Group::Listing(source))?;
        let now = super::pager(site, items.len());
        let (was, older) = match change {
            Change::Added => (super::pager(site, items.len() - 1), newest + 1),
            Change::Removed => (super::pager(site, items.len() + 1), newest),
        };
        let mut fresh = Vec::new();
        for n in 0..was.routes().min(now.routes()) {
            // A full page of stories all older than the story, whose newer neighbour was
            // and is full too, shows and links to what it did: only its place in the list
            // moved.
            if was.scheme == Pagination::Stable
                && (1..was.full().min(now.full())).contains(&n)
                && now.items(n).start >= older
            {
                let Page::Listing(l) = &mut self.routes.get_mut(start + n)?.page else {
                    return None;
                };
                (l.pager, l.items) = (now, now.items(n));
                continue;
            }
            let page = planner.listing_page(source, &base, &title, &items, n);
            let route = self.routes.get_mut(start + n)?;
            if route.output != page.output {
                return None;
            }
            // Every page's place in its list moved, whether or not what it shows did.
            route.page = page.page;
            fresh.push((start + n, page.fingerprint));
        }
        Some(fresh)
    }
}

/// The archive's index, which comes just before the first year's pages.
fn archive_index(routes: &[Route], starts: &HashMap<Group, usize>) -> Option<usize> {
    let first_year = *starts.get(&Group::Listing(ListSource::Year(0)))?;
    let index = first_year.checked_sub(1)?;
    matches!(routes.get(index)?.page, Page::ArchiveIndex).then_some(index)
}

impl Plan {
    /// Order the sitemap again and make its files' routes anew, in place of the old ones;
    /// returns those to render again, or `None` when a file the last plan had is gone
    /// (its file would be left behind). `moved`: where each route of the table before the
    /// change is now (`None`: gone); `changed`: the routes whose bytes changed. A stable
    /// sitemap keeps its order (see [`Plan::merge_sitemap`]); a newest-first one is listed
    /// again.
    pub(super) fn replan_sitemaps(
        &mut self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        now: DateTime<Utc>,
        moved: &dyn Fn(usize) -> Option<usize>,
        changed: &[usize],
    ) -> Option<Vec<usize>> {
        // The sitemap's pages that may have moved or been dated again: those whose bytes
        // changed, the front page (dated by its 20 newest stories, more than it may show),
        // and the indexes dated by the archive's newest story.
        let mut touched = changed.to_vec();
        touched.extend([
            archive_index(&self.routes, &self.starts)?,
            *self.starts.get(&Group::Front)?,
        ]);
        for t in 0..archive.taxonomies.len() {
            touched.push(*self.starts.get(&Group::Taxonomy(t))?);
        }
        touched.sort_unstable();
        touched.dedup();
        let same = if site.pagination == Pagination::Stable {
            self.merge_sitemap(archive, moved, &touched)
        } else {
            (self.sitemap, self.sitemap_split) = sitemap::sitemap_urls(site, archive, &self.routes);
            0
        };
        let news = sitemap::news_window(archive, now);
        let pages = self.sitemap_pages(site, archive, news, now);
        let first = *self.starts.get(&Group::Sitemaps)?;
        let old = self.routes[first..]
            .iter()
            .take_while(|r| {
                matches!(
                    r.page,
                    Page::Sitemap(_)
                        | Page::SitemapIndex(_)
                        | Page::NewsSitemap(_)
                        | Page::Robots(_)
                )
            })
            .count();
        let olds = &self.routes[first..first + old];
        if !olds
            .iter()
            .all(|r| pages.iter().any(|(_, name)| **name == *r.output))
        {
            return None;
        }
        let was = |output: &str| olds.iter().find(|r| *r.output == *output);
        // A file of pages that are all as they were keeps its fingerprint.
        let unchanged = |page: &Page, name: &str| match page {
            Page::Sitemap(range) if range.end <= same => was(name)
                .filter(|r| matches!(&r.page, Page::Sitemap(o) if o == range))
                .map(|r| r.fingerprint),
            _ => None,
        };
        let fresh: Vec<Route> = pages
            .into_iter()
            .map(|(page, name)| Route {
                fingerprint: unchanged(&page, &name)
                    .unwrap_or_else(|| self.sitemap_fingerprint(site, archive, theme, &page)),
                output: name.into(),
                page,
            })
            .collect();
        let changed = fresh
            .iter()
            .enumerate()
            .filter(|(_, f)| was(&f.output).is_none_or(|r| r.fingerprint != f.fingerprint))
            .map(|(k, _)| first + k)
            .collect();
        self.routes.splice(first..first + old, fresh);
        Some(changed)
    }
}
