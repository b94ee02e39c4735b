//! Adding a new story to the plan in place, after [`Archive::insert`] gave it its
//! position: its page joins the route table, every route naming a story after it is
//! renumbered, the lists it joined get their new pages, the listings it opened get theirs
//! (see [`opened`]), and only the routes that show it are fingerprinted again. This is
//! what lets `serve` publish a new story without planning the whole archive. Under stable
//! numbering that is a handful of pages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::in_place::{Change, Table};
use super::paths::fit_in;
use super::planner::Planner;
use super::refresh::lists_of;
use super::{Group, Page, Plan, Route, entry, opened, urls};
use crate::archive::{Archive, Opened};
use crate::config::Site;
use crate::media::Media;
use crate::theme::Theme;

/// Routes to add in front of the route at `before` (in the table before the story came).
struct Addition {
    before: usize,
    kind: Kind,
    pages: Vec<Route>,
}

/// What an addition's routes are.
#[derive(Clone, Copy)]
enum Kind {
    /// The new story's page.
    Story,
    /// A listing's new last pages.
    More(Group),
    /// The pages (or feeds) of a group the story opened: its start is where they go.
    Opened(Group),
}

impl Addition {
    /// Its place among additions at one place, as a full plan orders their routes.
    fn order(&self) -> (u8, usize, usize, usize) {
        match self.kind {
            Kind::Story => (0, 0, 0, 0),
            Kind::More(group) | Kind::Opened(group) => opened::plan_order(group),
        }
    }
}

impl Plan {
    /// Story `at` of `archive` is new, and every story from there on moved down one place
    /// (in `media` too); it opened the listings in `opened`. Adds its routes and returns
    /// every route to render again; `None` when a route it adds clashes with another or
    /// the plan lost track of one, leaving the plan to be made again.
    pub fn insert(
        &mut self,
        site: &Site,
        archive: &Archive,
        (media, theme): (&Media, &Theme),
        (at, opened): (usize, &Opened),
        now: DateTime<Utc>,
    ) -> Option<Vec<usize>> {
        if !site.editions.is_empty() {
            return None;
        }
        let story = &archive.articles[at];
        let path = urls::article(site, story);
        renumber(&mut self.routes, at, opened);
        opened::rename_starts(&mut self.starts, opened);
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
        let opens = opened::opened_groups(site, archive, opened);
        // The lists it joined that it did not open.
        let lists: Vec<_> = lists_of(archive, at)
            .into_iter()
            .filter(|(source, _)| !opens.contains(&Group::Listing(*source)))
            .collect();
        let mut added = Vec::new();
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
                let group = Group::Listing(source);
                let start = *self.starts.get(&group)?;
                let pages = listing_pages(&planner, archive, source, before..after);
                let (before, kind) = (start + before, Kind::More(group));
                added.push(Addition {
                    before,
                    kind,
                    pages,
                });
            }
        }
        for &group in &opens {
            let pages = match group {
                Group::Listing(source) => {
                    let count = super::pager(site, source.items(archive).len()).routes();
                    listing_pages(&planner, archive, source, 0..count)
                }
                Group::Feed(scope) => planner.feed_routes(scope).into(),
                _ => return None,
            };
            let before = opened::place_of(archive, &self.routes, &self.starts, group)?;
            added.push(Addition {
                before,
                kind: Kind::Opened(group),
                pages,
            });
        }
        let outputs: Vec<&str> = std::iter::once(&page)
            .chain(added.iter().flat_map(|a| &a.pages))
            .map(|r| &*r.output)
            .collect();
        if !fit_in(site, &self.routes, &outputs) {
            return None;
        }
        let story_page = Addition {
            before: at,
            kind: Kind::Story,
            pages: vec![page],
        };
        added.push(story_page);
        let inserted = splice(&mut self.routes, &mut self.starts, added);
        let mut changed = inserted.clone();
        let mut table = Table {
            routes: &mut self.routes,
            starts: &self.starts,
        };
        let refreshed =
            table.refresh_around(site, archive, &planner, (story, at), &lists, Change::Added)?;
        changed.extend(refreshed);
        // The periods beside an opened one link to it.
        for source in opened::neighbours(archive, opened) {
            changed.extend(table.replan_list(site, archive, &planner, source)?);
        }
        // A route of the table before is behind every added route whose place, less the
        // routes added in front of that one, is at most its own.
        let behind: Vec<usize> = inserted.iter().enumerate().map(|(k, &p)| p - k).collect();
        let moved = |old: usize| Some(old + behind.partition_point(|&q| q <= old));
        let sitemaps = self.replan_sitemaps(site, archive, theme, now, &moved, &changed)?;
        changed.extend(sitemaps);
        changed.sort_unstable();
        changed.dedup();
        Some(changed)
    }
}

impl Plan {
    /// Room in the route table for the routes of many new stories, for a session that
    /// adds them in place: else each one copies the whole table to a larger one.
    pub fn make_room(&mut self) {
        make_room(&mut self.routes, 0);
    }
}

/// Room for `more` routes and a sixty-fourth of the table besides.
fn make_room(routes: &mut Vec<Route>, more: usize) {
    routes.reserve_exact(more + routes.len() / 64);
}

/// Pages `pages` of listing `source`, planned.
fn listing_pages(
    planner: &Planner,
    archive: &Archive,
    source: super::ListSource,
    pages: std::ops::Range<usize>,
) -> Vec<Route> {
    let (base, title) = planner.listing_heading(source);
    let items = source.items(archive);
    pages
        .map(|n| planner.listing_page(source, &base, &title, &items, n))
        .collect()
}

/// A story came in at position `at`: every route naming a story from there on names the
/// next position, and every listing is called by its name now that the story opened
/// `opened` (one pass over the table).
fn renumber(routes: &mut [Route], at: usize, opened: &Opened) {
    let moved = |i: &mut usize| {
        if *i >= at {
            *i += 1;
        }
    };
    let renamed = !opened.is_empty();
    for route in routes {
        match &mut route.page {
            Page::Article(i) | Page::Alias(i) | Page::BundleFile(i, _) => moved(i),
            Page::NewsSitemap(stories) => stories.iter_mut().for_each(moved),
            page if renamed => opened::rename_page(page, opened),
            _ => {}
        }
    }
}

/// Put each of `added`'s routes in front of the route at its place (routes added at one
/// place in the order a full plan has them), move the groups' starts with them and start
/// each opened group. Returns where the added routes are, ascending.
fn splice(
    routes: &mut Vec<Route>,
    starts: &mut HashMap<Group, usize>,
    mut added: Vec<Addition>,
) -> Vec<usize> {
    added.sort_by_key(|a| (a.before, a.order()));
    for start in starts.values_mut() {
        let shift: usize = added
            .iter()
            .filter(|a| a.before <= *start)
            .map(|a| a.pages.len())
            .sum();
        *start += shift;
    }
    // Each addition's first route lands at its place, after every route added in front.
    let mut placed = Vec::new();
    for a in &added {
        let first = a.before + placed.len();
        if let Kind::Opened(group) = a.kind {
            starts.insert(group, first);
        }
        placed.extend(first..first + a.pages.len());
    }
    if routes.capacity() - routes.len() < placed.len() {
        make_room(routes, placed.len());
    }
    // From the last back, so that each moves only the routes behind it.
    for a in added.into_iter().rev() {
        routes.splice(a.before..a.before, a.pages);
    }
    placed
}
