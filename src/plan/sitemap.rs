//! What the sitemaps list: every HTML page with its last modification, and the stories of
//! the last 48 hours for the news sitemap.

use std::ops::Range;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use super::planner::Fp;
use super::{Page, Plan, Route, SITEMAP_LIMIT, SitemapUrl};
use crate::archive::Archive;
use crate::core::Hash;
use crate::core::date_bytes;
use crate::theme::Theme;

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

/// When the news sitemap next loses a story (its oldest one turns 48 hours old).
pub fn news_leaves(archive: &Archive, now: DateTime<Utc>) -> Option<DateTime<FixedOffset>> {
    let oldest = *news_window(archive, now).last()?;
    Some(archive.articles[oldest].date + chrono::Duration::hours(48))
}

/// Every HTML page worth listing in the sitemap, with its last modification.
pub(super) fn sitemap_urls(archive: &Archive, routes: &[Route]) -> Vec<SitemapUrl> {
    routes
        .par_iter()
        .enumerate()
        .filter_map(|(route, r)| {
            let lastmod = lastmod(archive, &r.page)?;
            Some(SitemapUrl { route, lastmod })
        })
        .collect()
}

/// A page's last modification as the sitemap gives it (the newest story it shows); `None`
/// when the page is not listed in the sitemap.
pub(super) fn lastmod(archive: &Archive, page: &Page) -> Option<Option<DateTime<FixedOffset>>> {
    let newest = |items: &[usize]| items.iter().map(|&i| archive.articles[i].modified()).max();
    Some(match page {
        Page::Article(i) => Some(archive.articles[*i].modified()),
        Page::Front => newest(&(0..archive.articles.len().min(20)).collect::<Vec<_>>()),
        Page::Listing(l) => newest(&l.source.items(archive).get(l.items.clone())),
        Page::TaxonomyList(_) | Page::ArchiveIndex => {
            archive.articles.first().map(|a| a.modified())
        }
        _ => return None,
    })
}

impl Plan {
    /// The sitemap files' routes: one file, or an index and numbered files when the site
    /// has more pages than one sitemap may list; then the news sitemap.
    pub(super) fn sitemap_routes(&self, theme: &Theme, news: Vec<usize>) -> Vec<Route> {
        let mut pages = Vec::new();
        let len = self.sitemap.len();
        if len <= SITEMAP_LIMIT {
            pages.push((Page::Sitemap(0..len), "sitemap.xml".to_string()));
        } else {
            let chunks: Vec<Range<usize>> = crate::archive::pages(len, SITEMAP_LIMIT).collect();
            pages.push((Page::SitemapIndex(chunks.len()), "sitemap.xml".to_string()));
            for (i, r) in chunks.into_iter().enumerate() {
                pages.push((Page::Sitemap(r), format!("sitemap-{}.xml", i + 1)));
            }
        }
        pages.push((Page::NewsSitemap(news), "news-sitemap.xml".to_string()));
        pages
            .into_iter()
            .map(|(page, path)| Route {
                output: path.into(),
                fingerprint: self.sitemap_fingerprint(theme, &page),
                page,
            })
            .collect()
    }

    /// The date the sitemap index gives every file: the newest of all the URLs' dates
    /// (the newest story's).
    pub fn newest_lastmod(&self) -> Option<DateTime<FixedOffset>> {
        self.sitemap.iter().filter_map(|u| u.lastmod).max()
    }

    /// What a sitemap file's bytes depend on: its URLs and their dates (the news
    /// sitemap: its stories' entries; the index: how many files it lists, and the newest
    /// date).
    pub(super) fn sitemap_fingerprint(&self, theme: &Theme, page: &Page) -> Hash {
        let tmpl = page
            .template()
            .map(|t| theme.template_hash(t))
            .unwrap_or_default();
        let mut fp = Fp::new(&self.global, &tmpl);
        match page {
            Page::Sitemap(range) => {
                for u in &self.sitemap[range.clone()] {
                    fp.add(self.routes[u.route].path().as_bytes());
                    fp.add(&date_bytes(u.lastmod.as_ref()));
                }
            }
            Page::SitemapIndex(n) => {
                fp.num(*n).add(&date_bytes(self.newest_lastmod().as_ref()));
            }
            Page::NewsSitemap(news) => {
                for &i in news {
                    fp.add(&self.entry_hashes[i]);
                }
            }
            _ => {}
        }
        fp.done()
    }
}
