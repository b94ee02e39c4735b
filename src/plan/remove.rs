//! Taking a deleted story out of the plan in place, after [`Archive::remove`] let it go:
//! the mirror of [`Plan::insert`]. Its page leaves the route table, every route naming a
//! story after it is renumbered, a list that now has one page fewer loses its last route,
//! and only the routes that showed it are fingerprinted again. Under stable numbering a
//! deletion moves every story newer than it by one place in each of its lists, so the
//! pages from the story's own page to the newest change; the full pages older than it do
//! not.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::in_place::{Change, Table};
use super::paths::check_menu;
use super::planner::Planner;
use super::refresh::lists_of;
use super::{Group, ListSource, Page, Plan, Route};
use crate::archive::Archive;
use crate::config::Site;
use crate::content::Article;
use crate::theme::Theme;

/// Where a story is in each list that shows it (newest first), taken before the archive
/// lets it go: what [`Plan::remove`] needs to know of its lists.
pub struct Places(Vec<(ListSource, usize)>);

impl Places {
    /// Story `at`'s places in `archive`, which still holds it.
    pub fn of(archive: &Archive, at: usize) -> Places {
        Places(lists_of(archive, at))
    }
}

/// What taking a story out of the plan changed.
pub struct Removal {
    /// The routes to render again.
    pub changed: Vec<usize>,
    /// The files no route makes any more: the story's page, and the last page of each list
    /// that lost one.
    pub gone: Vec<Arc<str>>,
}

impl Plan {
    /// `story` left archive position `at` (and was at `places` in its lists), and every
    /// story after it moved up one place. Takes its routes out; `None` when the table lost
    /// track of one, a menu link led to a page that went, or a sitemap file the plan had
    /// would go, leaving the plan to be made again.
    pub fn remove(
        &mut self,
        (site, archive, theme): (&Site, &Archive, &Theme),
        (story, at): (&Article, usize),
        places: &Places,
        now: DateTime<Utc>,
    ) -> Option<Removal> {
        if !site.editions.is_empty()
            || !matches!(self.routes.get(at)?.page, Page::Article(a) if a == at)
        {
            return None;
        }
        let mut gone = vec![at];
        for &(source, _) in &places.0 {
            let len = source.items(archive).len();
            let (before, after) = (
                super::pager(site, len + 1).routes(),
                super::pager(site, len).routes(),
            );
            if after > before {
                return None;
            }
            let start = *self.starts.get(&Group::Listing(source))?;
            gone.extend(start + after..start + before);
        }
        gone.sort_unstable();
        gone.dedup();
        let outputs = gone
            .iter()
            .map(|&r| Some(self.routes.get(r)?.output.clone()))
            .collect::<Option<Vec<_>>>()?;
        take_out(&mut self.routes, &mut self.starts, &gone);
        // A menu link to a page that went is the full build's to report.
        if site.is_home() && !check_menu(site, archive, &self.routes).is_empty() {
            return None;
        }
        renumber(&mut self.routes, at);
        self.entry_hashes.remove(at);
        let prefix = self.archive_prefix.clone();
        let planner = Planner::new(
            site,
            archive,
            theme,
            self.global,
            &self.entry_hashes,
            prefix,
        );
        let mut changed = Table {
            routes: &mut self.routes,
            starts: &self.starts,
        }
        .refresh_around(
            site,
            archive,
            &planner,
            (story, at),
            &places.0,
            Change::Removed,
        )?;
        let moved = |old: usize| match gone.binary_search(&old) {
            Ok(_) => None,
            Err(before) => Some(old - before),
        };
        let sitemaps = self.replan_sitemaps(site, archive, theme, now, &moved, &changed)?;
        changed.extend(sitemaps);
        changed.sort_unstable();
        changed.dedup();
        Some(Removal {
            changed,
            gone: outputs,
        })
    }
}

/// Take the routes at `gone` (ascending) out of the table, and move the groups' starts
/// with the routes that follow them.
fn take_out(
    routes: &mut Vec<Route>,
    starts: &mut std::collections::HashMap<Group, usize>,
    gone: &[usize],
) {
    for start in starts.values_mut() {
        *start -= gone.partition_point(|&g| g < *start);
    }
    let mut k = 0;
    let mut position = 0;
    routes.retain(|_| {
        let keep = gone.get(k) != Some(&position);
        if !keep {
            k += 1;
        }
        position += 1;
        keep
    });
}

/// The story at position `at` left: every route naming a story after it names the one
/// before (none names the story itself any more).
fn renumber(routes: &mut [Route], at: usize) {
    let moved = |i: &mut usize| {
        if *i > at {
            *i -= 1;
        }
    };
    for route in routes {
        match &mut route.page {
            Page::Article(i) | Page::Alias(i) | Page::BundleFile(i, _) => moved(i),
            Page::NewsSitemap(stories) => {
                stories.retain(|&i| i != at);
                stories.iter_mut().for_each(moved);
            }
            _ => {}
        }
    }
}
