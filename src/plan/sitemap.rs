//! What the sitemaps list: every HTML page with its last modification, and the stories of
//! the last 48 hours for the news sitemap.

use std::ops::Range;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use super::planner::route_fp;
use super::{Page, Plan, Role, Route, SETTLED_SITEMAP_LIMIT, SITEMAP_LIMIT, SitemapUrl, urls};
use crate::archive::Archive;
use crate::config::{Pagination, Site};
use crate::core::Hash;
use crate::core::date_bytes;
use crate::theme::Theme;

/// Stories published in the 48 hours before `now`.
pub(super) fn news_window(archive: &Archive, now: DateTime<Utc>) -> Vec<usize> {
    let from = now - NEWS_AGE;
    archive
        .articles
        .iter()
        .enumerate()
        .take_while(|(_, a)| a.date >= from)
        .filter(|(_, a)| a.date <= now)
        .map(|(i, _)| i)
        .collect()
}

/// How long a story stays in the news sitemap.
const NEWS_AGE: chrono::Duration = chrono::Duration::hours(48);

/// Whether a story dated `date` is in the news sitemap at `now`.
fn is_news(date: &DateTime<FixedOffset>, now: DateTime<Utc>) -> bool {
    *date >= now - NEWS_AGE && *date <= now
}

/// How many stories of edition `e` (kept aside in the archive) its news sitemap lists.
fn foreign_news(
    site: &Site,
    archive: &Archive,
    e: &crate::config::Edition,
    now: DateTime<Utc>,
) -> usize {
    archive
        .foreign
        .iter()
        .filter(|a| is_news(&a.date, now) && a.edition(site) == Some(e))
        .count()
}

/// The sitemap and the news sitemap files below `prefix`, as robots.txt names them.
fn sitemap_files(prefix: &str, news_files: usize) -> Vec<String> {
    std::iter::once("sitemap.xml".to_string())
        .chain((0..news_files).map(news_sitemap_name))
        .map(|name| format!("{prefix}{name}"))
        .collect()
}

/// When the news sitemap next loses a story (its oldest one turns 48 hours old); for the
/// home edition, whose robots.txt names every edition's news sitemaps, also when another
/// edition's does.
pub fn news_leaves(
    site: &Site,
    archive: &Archive,
    now: DateTime<Utc>,
) -> Option<DateTime<FixedOffset>> {
    let own = news_window(archive, now)
        .last()
        .map(|&oldest| archive.articles[oldest].date + NEWS_AGE);
    let others = archive
        .foreign
        .iter()
        .filter(|a| site.is_home() && is_news(&a.date, now))
        .map(|a| a.date + NEWS_AGE)
        .min();
    own.into_iter().chain(others).min()
}

/// Every HTML page worth listing in the sitemap, with its last modification, in the
/// order the sitemap files list them, and where the listings' first URLs begin (see
/// [`Plan::sitemap_routes`]). Newest-first: in route order. Stable: first the pages that
/// never change once made, each story's and each full listing page's, from the oldest
/// (a full page comes when its newest story does); then the pages that change with the
/// stories they show (the front page, term and date indexes, listings' first URLs, the
/// last from the listing begun longest ago). A new story's pages then come at the end of
/// each part, so only the last file of each part changes. Filling pages are left out:
/// their stories are on their listing's first URL.
pub(super) fn sitemap_urls(
    site: &Site,
    archive: &Archive,
    routes: &[Route],
) -> (Vec<SitemapUrl>, usize) {
    let modified: Vec<DateTime<FixedOffset>> =
        archive.articles.par_iter().map(|a| a.modified()).collect();
    let listed = routes.par_iter().enumerate().filter_map(|(route, r)| {
        let lastmod = lastmod_by(archive, &r.page, |i| modified[i])?;
        Some((route, SitemapUrl { route, lastmod }))
    });
    if site.pagination == Pagination::NewestFirst {
        let urls: Vec<SitemapUrl> = listed.map(|(_, u)| u).collect();
        let len = urls.len();
        return (urls, len);
    }
    let mut keyed: Vec<(Order, SitemapUrl)> = listed
        .map(|(route, u)| (order(archive, &routes[route].page, route), u))
        .collect();
    keyed.par_sort_unstable_by_key(|(k, _)| *k);
    let split = keyed.partition_point(|((part, ..), _)| !part);
    (keyed.into_iter().map(|(_, u)| u).collect(), split)
}

/// Where a page comes in a stable sitemap: (in the changing part, the story it came with
/// as its distance from the newest, pages before listings, route); sorted, the oldest
/// story's first.
pub(super) type Order = (bool, std::cmp::Reverse<usize>, u8, usize);

pub(super) fn order(archive: &Archive, page: &Page, route: usize) -> Order {
    let (changing, story, kind) = match page {
        Page::Article(i) => (false, *i, 0),
        Page::Listing(l) => {
            let shown = l.source.items(archive);
            let (changing, at) = match l.pager.role(l.page) {
                // A first URL by its listing's oldest story, any other page by its newest.
                Role::First => (true, shown.len().saturating_sub(1)),
                _ => (false, l.items.start),
            };
            let story = shown.get(at..at + 1).first().copied();
            (changing, story.unwrap_or(usize::MAX), 1)
        }
        _ => (true, usize::MAX, 0),
    };
    (changing, std::cmp::Reverse(story), kind, route)
}

/// A page's last modification as the sitemap gives it (the newest story it shows); `None`
/// when the page is not listed in the sitemap.
pub(super) fn lastmod(archive: &Archive, page: &Page) -> Option<Option<DateTime<FixedOffset>>> {
    lastmod_by(archive, page, |i| archive.articles[i].modified())
}

/// [`lastmod`] with each story's last modification given by `modified` (by archive
/// position): for the whole sitemap, from a table made once, since listings visit the
/// stories in no order that memory likes (a sixth of planning, read from the stories).
fn lastmod_by(
    archive: &Archive,
    page: &Page,
    modified: impl Fn(usize) -> DateTime<FixedOffset>,
) -> Option<Option<DateTime<FixedOffset>>> {
    let newest = |items: &[usize]| items.iter().map(|&i| modified(i)).max();
    Some(match page {
        Page::Article(i) => Some(modified(*i)),
        Page::Front => newest(&(0..archive.articles.len().min(20)).collect::<Vec<_>>()),
        Page::Listing(l) if l.pager.role(l.page) == Role::Filling => return None,
        Page::Listing(l) => newest(&l.source.items(archive).get(l.items.clone())),
        Page::TaxonomyList(_) | Page::ArchiveIndex => {
            (!archive.articles.is_empty()).then(|| modified(0))
        }
        Page::Standalone(p) => archive.pages[*p].updated,
        _ => return None,
    })
}

/// Stories per news sitemap file: Google News reads at most 1,000 from one.
pub const NEWS_LIMIT: usize = 1000;

/// The name of news sitemap file `k` (from 0): `news-sitemap.xml`, `news-sitemap-2.xml`, …
pub fn news_sitemap_name(k: usize) -> String {
    if k == 0 {
        "news-sitemap.xml".into()
    } else {
        format!("news-sitemap-{}.xml", k + 1)
    }
}

impl Plan {
    /// The sitemap files' routes: one file, or an index and numbered files when the site
    /// has more pages than one sitemap may list; then the news sitemap. The numbered files
    /// are `sitemap-N.xml`, filled in order; under stable numbering they hold the pages
    /// that never change, [`SETTLED_SITEMAP_LIMIT`] a file, and `sitemap-listings-N.xml`
    /// the ones that do (see [`sitemap_urls`]).
    pub(super) fn sitemap_routes(
        &self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        news: Vec<usize>,
        now: DateTime<Utc>,
    ) -> Vec<Route> {
        self.sitemap_pages(site, archive, news, now)
            .into_iter()
            .map(|(page, path)| Route {
                output: path.into(),
                fingerprint: self.sitemap_fingerprint(site, archive, theme, &page),
                page,
            })
            .collect()
    }

    /// The sitemap files [`Plan::sitemap_routes`] makes: each one's page and name.
    pub(super) fn sitemap_pages(
        &self,
        site: &Site,
        archive: &Archive,
        news: Vec<usize>,
        now: DateTime<Utc>,
    ) -> Vec<(Page, String)> {
        let mut pages = Vec::new();
        let len = self.sitemap.len();
        // Google's limit per news sitemap; none at all when no story is recent, since an
        // empty one fails its schema.
        let news_files = news.chunks(NEWS_LIMIT).count();
        let news_names = || (0..news_files).map(news_sitemap_name);
        // Past the limit, an index lists the sitemap's files (and the news sitemaps).
        let indexed = len > SITEMAP_LIMIT;
        if !indexed {
            pages.push((Page::Sitemap(0..len), "sitemap.xml".to_string()));
        } else {
            let split = self.sitemap_split;
            let chunk = |range: Range<usize>, name: &str, limit: usize| {
                let start = range.start;
                crate::archive::pages(range.len(), limit)
                    .filter(|r| !r.is_empty())
                    .enumerate()
                    .map(move |(k, r)| {
                        let name = format!("{name}-{}.xml", k + 1);
                        (name, (start + r.start)..(start + r.end))
                    })
                    .collect::<Vec<_>>()
            };
            let settled = match site.pagination {
                Pagination::Stable => SETTLED_SITEMAP_LIMIT,
                Pagination::NewestFirst => SITEMAP_LIMIT,
            };
            let mut files = chunk(0..split, "sitemap", settled);
            files.extend(chunk(split..len, "sitemap-listings", SITEMAP_LIMIT));
            // The index lists the news sitemaps too, so that robots.txt need not change
            // when they come and go.
            let index = files
                .iter()
                .map(|(name, r)| (name.clone(), Some(r.clone())))
                .chain(news_names().map(|name| (name, None)))
                .collect();
            pages.push((Page::SitemapIndex(index), "sitemap.xml".to_string()));
            for (name, r) in files {
                pages.push((Page::Sitemap(r), name));
            }
        }
        for (stories, name) in news.chunks(NEWS_LIMIT).zip(news_names()) {
            pages.push((Page::NewsSitemap(stories.to_vec()), name));
        }
        // Crawlers read only the root's robots.txt: the home edition's names every
        // edition's sitemaps (its own news sitemaps only when no index lists them).
        if site.is_home() {
            let own_news = if indexed { 0 } else { news_files };
            let mut maps = sitemap_files("", own_news);
            for e in &site.editions {
                let news = foreign_news(site, archive, e, now).div_ceil(NEWS_LIMIT);
                maps.extend(sitemap_files(&e.prefix, news));
            }
            pages.push((Page::Robots(maps), "robots.txt".to_string()));
        }
        pages
    }

    /// The date the sitemap index gives a file: the newest of its URLs' dates.
    pub fn newest_lastmod(&self, range: Range<usize>) -> Option<DateTime<FixedOffset>> {
        self.sitemap
            .get(range)
            .unwrap_or_default()
            .iter()
            .filter_map(|u| u.lastmod)
            .max()
    }

    /// What a sitemap file's bytes depend on: its URLs and their dates (the news
    /// sitemap: its stories' entries; the index: the files it lists, and their newest
    /// dates).
    pub(super) fn sitemap_fingerprint(
        &self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        page: &Page,
    ) -> Hash {
        let tmpl = page
            .template()
            .map(|t| theme.template_hash(t))
            .unwrap_or_default();
        let mut fp = route_fp(&self.global, &tmpl);
        match page {
            Page::Sitemap(range) => {
                for u in &self.sitemap[range.clone()] {
                    fp.add(self.routes[u.route].path().as_bytes());
                    fp.add(&date_bytes(u.lastmod.as_ref()));
                    // A story's translations, listed as its alternates.
                    if let Page::Article(i) = self.routes[u.route].page {
                        for j in archive.translations_of(i) {
                            let t = archive.story(j);
                            fp.add(urls::home_path(site, t).as_bytes());
                            fp.add(&date_bytes(Some(&t.date)));
                            let language = t.details().language.as_deref();
                            fp.add(language.unwrap_or("\0").as_bytes());
                        }
                    }
                }
            }
            Page::SitemapIndex(files) => {
                for (name, range) in files {
                    fp.add(name.as_bytes());
                    let lastmod = range.clone().and_then(|r| self.newest_lastmod(r));
                    fp.add(&date_bytes(lastmod.as_ref()));
                }
            }
            Page::NewsSitemap(news) => {
                for &i in news {
                    fp.add(&self.entry_hashes[i]);
                }
            }
            Page::Robots(maps) => {
                for m in maps {
                    fp.add(m.as_bytes());
                }
            }
            _ => {}
        }
        fp.done()
    }
}
