//! What the sitemaps list: every HTML page with its last modification, and the stories of
//! the last 48 hours for the news sitemap.

use chrono::{DateTime, Utc};

use super::{Page, Route, SitemapUrl};
use crate::archive::Archive;

/// Stories published in the 48 hours before `now`.
pub(super) fn news_window(archive: &Archive, now: DateTime<Utc>) -> Vec<usize> {
    let from = now - chrono::Duration::hours(48);
    archive
        .articles
        .iter()
        .enumerate()
        .take_while(|(_, a)| a.date >= from)
        .filter(|(_, a)| a.date <= now)
        .map(|(i, _)| i)
        .collect()
}

/// Every HTML page worth listing in the sitemap, with its last modification.
pub(super) fn sitemap_urls(archive: &Archive, routes: &[Route]) -> Vec<SitemapUrl> {
    let newest = |items: &[usize]| items.iter().map(|&i| archive.articles[i].modified()).max();
    routes
        .iter()
        .enumerate()
        .filter_map(|(route, r)| {
            let lastmod = match &r.page {
                Page::Article(i) => Some(archive.articles[*i].modified()),
                Page::Front => newest(&(0..archive.articles.len().min(20)).collect::<Vec<_>>()),
                Page::Listing(l) => newest(&l.source.items(archive).get(l.items.clone())),
                Page::TaxonomyList(_) | Page::ArchiveIndex => {
                    archive.articles.first().map(|a| a.modified())
                }
                _ => return None,
            };
            Some(SitemapUrl { route, lastmod })
        })
        .collect()
}
