//! Adding a new story to the plan in place, after [`Archive::insert`] gave it its
//! position: its page joins the route table, every route naming a story after it is
//! renumbered, the lists it joined get their new pages, and only the routes that show it
//! are fingerprinted again. This is what lets `serve` publish a new story without planning
//! the whole archive. Under stable numbering that is a handful of pages.

use chrono::{DateTime, Utc};

use super::paths::fit_in;
use super::planner::Planner;
use super::refresh::{feeds_of, lists_of};
use super::{Group, ListSource, Page, Plan, Route, entry, sitemap, urls};
use crate::archive::Archive;
use crate::config::{Pagination, Site};
use crate::core::Hash;
use crate::media::Media;
use crate::theme::Theme;

/// Routes to add: each list's new pages, before the route they go in front of.
type Added = Vec<(usize, Vec<Route>)>;

impl Plan {
    /// Story `at` of `archive` is new, and every story from there on moved down one place
    /// (in `media` too). Adds its routes and returns every route to render again; `None`
    /// when a route it adds clashes with another or the plan lost track of one, leaving
    /// the plan to be made again.
    pub fn insert(
        &mut self,
        site: &Site,
        archive: &Archive,
        (media, theme): (&Media, &Theme),
        at: usize,
        now: DateTime<Utc>,
    ) -> Option<Vec<usize>> {
        if !site.editions.is_empty() {
            return None;
        }
        let story = &archive.articles[at];
        let path = urls::article(site, story);
        renumber(&mut self.routes, at);
        let entry = entry::entry_hash(story, &path, media.story_hash(at));
        self.entry_hashes.insert(at, entry);
        let prefix = self.archive_prefix.clone();
        let planner = Planner::new(
            site,
            archive,
            theme,
            self.global,
            &self.entry_hashes,
            prefix,
        );
        let page = Route {
            output: urls::output_file(&path).into(),
            page: Page::Article(at),
            fingerprint: planner.article(at, &path),
        };
        let lists = lists_of(archive, at);
        let mut added = Added::new();
        for &(source, _) in &lists {
            let items = source.items(archive);
            let (before, after) = (
                super::pager(site, items.len() - 1).routes(),
                super::pager(site, items.len()).routes(),
            );
            if after < before {
                return None;
            }
            if after > before {
                let (base, title) = planner.listing_heading(source);
                let start = *self.starts.get(&Group::Listing(source))?;
                let pages = (before..after)
                    .map(|n| planner.listing_page(source, &base, &title, &items, n))
                    .collect();
                added.push((start + before, pages));
            }
        }
        let outputs: Vec<&str> = std::iter::once(&page)
            .chain(added.iter().flat_map(|(_, pages)| pages))
            .map(|r| &*r.output)
            .collect();
        if !fit_in(site, &self.routes, &outputs) {
            return None;
        }
        // Every group starts after the article pages.
        self.routes.insert(at, page);
        for start in self.starts.values_mut() {
            *start += 1;
        }
        for (before, _) in &mut added {
            *before += 1;
        }
        let mut changed = vec![at];
        changed.extend(splice(&mut self.routes, &mut self.starts, added));
        let mut fresh: Vec<(usize, Hash)> = Vec::new();
        for n in [archive.older(at), archive.newer(at)].into_iter().flatten() {
            let path = urls::article(site, &archive.articles[n]);
            fresh.push((n, planner.article(n, &path)));
        }
        fresh.push((
            *self.starts.get(&Group::Front)?,
            planner.front_route().fingerprint,
        ));
        // `newest`: where the story is in the list.
        for &(source, newest) in &lists {
            let (base, title) = planner.listing_heading(source);
            let items = source.items(archive);
            let start = *self.starts.get(&Group::Listing(source))?;
            let (was, now) = (
                super::pager(site, items.len() - 1),
                super::pager(site, items.len()),
            );
            // Its pages as they were (those it gained are new, and rendered already).
            for n in 0..was.routes() {
                // A full page of stories all older than the new one, whose newer
                // neighbour was full too, shows and links to what it did: only its
                // place in the list moved.
                if was.scheme == Pagination::Stable
                    && (1..was.full()).contains(&n)
                    && now.items(n).start > newest
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
        }
        for (t, tax) in archive.taxonomies.iter().enumerate() {
            if !tax.kind.terms(story).is_empty() {
                let list = *self.starts.get(&Group::Taxonomy(t))?;
                fresh.push((list, planner.taxonomy_route(t).fingerprint));
            }
        }
        // The archive's index comes just before the first year's pages.
        let first_year = *self.starts.get(&Group::Listing(ListSource::Year(0)))?;
        let index = first_year.checked_sub(1)?;
        if !matches!(self.routes[index].page, Page::ArchiveIndex) {
            return None;
        }
        fresh.push((index, planner.archive_index_route().fingerprint));
        for (scope, _) in feeds_of(site, archive, at, &lists) {
            let start = *self.starts.get(&Group::Feed(scope))?;
            let [rss, atom] = planner.feed_routes(scope);
            fresh.extend([(start, rss.fingerprint), (start + 1, atom.fingerprint)]);
        }
        let inserted = changed.clone();
        for (r, fp) in fresh {
            if self.routes[r].fingerprint != fp {
                self.routes[r].fingerprint = fp;
                changed.push(r);
            }
        }
        // The sitemap's pages that may have moved or been dated again: those whose
        // bytes changed, the front page, and the indexes dated by the archive's newest
        // story.
        let mut touched = changed.clone();
        // The front page's sitemap date is its 20 newest stories' (more than it may show).
        touched.extend([index, *self.starts.get(&Group::Front)?]);
        for t in 0..archive.taxonomies.len() {
            touched.push(*self.starts.get(&Group::Taxonomy(t))?);
        }
        touched.sort_unstable();
        touched.dedup();
        changed.extend(self.replan_sitemaps(site, archive, theme, now, (&inserted, &touched))?);
        changed.sort_unstable();
        changed.dedup();
        Some(changed)
    }

    /// Order the sitemap again and make its files' routes anew, in place of the old ones;
    /// returns those to render again, or `None` when a file the last plan had is gone
    /// (its file would be left behind). `inserted` and `touched`: see
    /// [`Plan::merge_sitemap`], which keeps a stable sitemap's order; a newest-first one
    /// is listed again.
    fn replan_sitemaps(
        &mut self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        now: DateTime<Utc>,
        (inserted, touched): (&[usize], &[usize]),
    ) -> Option<Vec<usize>> {
        let same = if site.pagination == Pagination::Stable {
            self.merge_sitemap(archive, inserted, touched)
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

/// A story came in at position `at`: every route naming a story from there on names the
/// next position.
fn renumber(routes: &mut [Route], at: usize) {
    let moved = |i: &mut usize| {
        if *i >= at {
            *i += 1;
        }
    };
    for route in routes {
        match &mut route.page {
            Page::Article(i) | Page::Alias(i) | Page::BundleFile(i, _) => moved(i),
            Page::NewsSitemap(stories) => stories.iter_mut().for_each(moved),
            _ => {}
        }
    }
}

/// Put each of `added`'s routes in front of the route at its position, in one pass over
/// the table, and move the groups' starts with them. Returns where the added routes are.
fn splice(
    routes: &mut Vec<Route>,
    starts: &mut std::collections::HashMap<Group, usize>,
    mut added: Added,
) -> Vec<usize> {
    if added.is_empty() {
        return Vec::new();
    }
    added.sort_by_key(|(before, _)| *before);
    for start in starts.values_mut() {
        let shift: usize = added
            .iter()
            .filter(|(before, _)| before <= start)
            .map(|(_, pages)| pages.len())
            .sum();
        *start += shift;
    }
    let count: usize = added.iter().map(|(_, pages)| pages.len()).sum();
    let mut table = Vec::with_capacity(routes.len() + count);
    let mut old = std::mem::take(routes).into_iter();
    let mut placed = Vec::with_capacity(count);
    for (before, pages) in added {
        let behind = before.saturating_sub(table.len() - placed.len());
        table.extend(old.by_ref().take(behind));
        for page in pages {
            placed.push(table.len());
            table.push(page);
        }
    }
    table.extend(old);
    *routes = table;
    placed
}
