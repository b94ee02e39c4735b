//! The stable sitemap's order brought up to date after a story joined or left the plan in
//! place (see [`Plan::insert`] and [`Plan::remove`]), without listing and sorting every
//! page again: at 100,000 stories that full pass was most of what publishing a new story
//! in `serve` cost.
//!
//! The pages that did not change keep their order (their stories and routes all moved by
//! the same count), so they are renumbered where they are; the few pages the story
//! touched are dated again and merged in by their place in the order.

use super::sitemap::{Order, lastmod, order};
use super::{Plan, SitemapUrl};
use crate::archive::Archive;

impl Plan {
    /// `moved`: where each route of the table before the change is now (`None`: gone);
    /// `touched`: every route whose page or date the change may have changed (the routes
    /// it added among them), ascending, as the table numbers them now. Replaces
    /// [`Plan::sitemap`] and its split; returns how many of its first entries are the same
    /// pages as before.
    pub(super) fn merge_sitemap(
        &mut self,
        archive: &Archive,
        moved: &dyn Fn(usize) -> Option<usize>,
        touched: &[usize],
    ) -> usize {
        let key = |u: &SitemapUrl| order(archive, &self.routes[u.route].page, u.route);
        let old = std::mem::take(&mut self.sitemap);
        let mut same = old.len();
        let mut kept = Vec::with_capacity(old.len() + touched.len());
        for (k, url) in old.into_iter().enumerate() {
            match moved(url.route) {
                Some(route) if touched.binary_search(&route).is_err() => {
                    kept.push(SitemapUrl { route, ..url });
                }
                _ => same = same.min(k),
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
