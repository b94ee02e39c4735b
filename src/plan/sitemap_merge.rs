//! The stable sitemap's order brought up to date after a story joined the plan in place
//! (see [`Plan::insert`]), without listing and sorting every page again: at 100,000
//! stories that full pass was most of what publishing a new story in `serve` cost.
//!
//! The pages that did not change keep their order (their stories and routes all moved by
//! the same count), so they are renumbered where they are; the few pages the new story
//! touched are dated again and merged in by their place in the order.

use super::sitemap::{Order, lastmod, order};
use super::{Plan, SitemapUrl};
use crate::archive::Archive;

impl Plan {
    /// `inserted`: the routes the new story added, ascending, as the table numbers them
    /// now; `touched`: every route whose page or date it may have changed (the inserted
    /// ones among them), ascending. Replaces [`Plan::sitemap`] and its split; returns how
    /// many of its first entries are the same pages as before.
    pub(super) fn merge_sitemap(
        &mut self,
        archive: &Archive,
        inserted: &[usize],
        touched: &[usize],
    ) -> usize {
        let moved = |old: usize| {
            inserted
                .iter()
                .fold(old, |now, &p| if p <= now { now + 1 } else { now })
        };
        let key = |u: &SitemapUrl| order(archive, &self.routes[u.route].page, u.route);
        let old = std::mem::take(&mut self.sitemap);
        let mut same = old.len();
        let mut kept = Vec::with_capacity(old.len() + inserted.len());
        for (k, url) in old.into_iter().enumerate() {
            let route = moved(url.route);
            if touched.binary_search(&route).is_ok() {
                same = same.min(k);
            } else {
                kept.push(SitemapUrl { route, ..url });
            }
        }
        let mut fresh: Vec<(Order, SitemapUrl)> = touched
            .iter()
            .filter_map(|&route| {
                let page = &self.routes[route].page;
                let lastmod = lastmod(archive, page)?;
                Some((order(archive, page, route), SitemapUrl { route, lastmod }))
            })
            .collect();
        fresh.sort_unstable_by_key(|(k, _)| *k);
        let settled =
            kept.partition_point(|u| !key(u).0) + fresh.iter().filter(|(k, _)| !k.0).count();
        let placed: Vec<(usize, SitemapUrl)> = fresh
            .into_iter()
            .map(|(k, u)| (kept.partition_point(|o| key(o) < k), u))
            .collect();
        if let Some(&(p, _)) = placed.first() {
            same = same.min(p);
        }
        let mut merged = Vec::with_capacity(kept.len() + placed.len());
        let mut rest = kept.into_iter();
        let mut taken = 0;
        for (p, url) in placed {
            merged.extend(rest.by_ref().take(p - taken));
            taken = p;
            merged.push(url);
        }
        merged.extend(rest);
        self.sitemap = merged;
        self.sitemap_split = settled;
        same
    }
}
