//! Adding a new story to the plan in place, after [`Archive::insert`] gave it its
//! position: its page joins the route table, every route naming a story after it is
//! renumbered, the lists it joined get their new pages, and only the routes that show it
//! are fingerprinted again. This is what lets `serve` publish a new story without planning
//! the whole archive. Under stable numbering that is a handful of pages.

use chrono::{DateTime, Utc};

use super::in_place::{Change, Table};
use super::paths::fit_in;
use super::planner::Planner;
use super::refresh::lists_of;
use super::{Group, Page, Plan, Route, entry, urls};
use crate::archive::Archive;
use crate::config::Site;
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
        let inserted = changed.clone();
        let refreshed = Table {
            routes: &mut self.routes,
            starts: &self.starts,
        }
        .refresh_around(site, archive, &planner, (story, at), &lists, Change::Added)?;
        changed.extend(refreshed);
        let moved = |old: usize| {
            Some(
                inserted
                    .iter()
                    .fold(old, |now, &p| if p <= now { now + 1 } else { now }),
            )
        };
        let sitemaps = self.replan_sitemaps(site, archive, theme, now, &moved, &changed)?;
        changed.extend(sitemaps);
        changed.sort_unstable();
        changed.dedup();
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
