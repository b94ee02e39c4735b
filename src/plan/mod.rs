//! Plan stage: the route table, the single source of truth for URLs. Every file the build
//! writes is a [`Route`] with a fingerprint of exactly what it shows; URL collisions are
//! found here, before anything is rendered or written.

mod collisions;
pub mod entry;
mod planner;
pub mod route;
mod sitemap;
pub mod urls;

use collisions::check_collisions;
use planner::{Fp, Planner};
use sitemap::{news_window, sitemap_urls};

use std::ops::Range;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use crate::archive::{Archive, pages};
use crate::config::Site;
use crate::content::Diagnostic;
use crate::render::theme::Theme;

pub use entry::{Entry, entry, rfc3339};
pub use route::{FeedFormat, FeedScope, Hash, Items, ListSource, Listing, Page, Route};

/// Most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Build-wide switches that change what pages show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    pub drafts: bool,
    pub future: bool,
}

pub struct SitemapUrl {
    /// The page's index in the route table.
    pub route: usize,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

pub struct Plan {
    /// Article pages first, in archive order (see [`Plan::article_path`]).
    pub routes: Vec<Route>,
    /// Hash of each article's listing entry, by archive position.
    pub entry_hashes: Vec<Hash>,
    pub sitemap: Vec<SitemapUrl>,
    /// Prefix of the date archives (`` or `news/`).
    pub archive_prefix: String,
    /// Hash of everything every page shows (config, navigation, flags).
    pub global: Hash,
}

impl Plan {
    pub fn build(
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        flags: Flags,
        now: DateTime<Utc>,
    ) -> Result<Plan, Vec<Diagnostic>> {
        let article_paths: Vec<String> = archive
            .articles
            .par_iter()
            .map(|a| urls::article(site, a))
            .collect();
        let entry_hashes: Vec<Hash> = archive
            .articles
            .par_iter()
            .zip(&article_paths)
            .map(|(a, path)| entry::entry_hash(a, path))
            .collect();
        let global = global_hash(site, archive, flags);
        let mut planner = Planner {
            site,
            archive,
            theme,
            global,
            entry_hashes: &entry_hashes,
            routes: Vec::new(),
            prefix: urls::archive_prefix(site),
        };
        planner.articles(&article_paths);
        planner.front();
        planner.sections();
        planner.taxonomies();
        planner.periods();
        planner.singles();
        planner.feeds();
        let news = news_window(archive, now);
        let archive_prefix = planner.prefix;
        let mut routes = planner.routes;
        drop(article_paths);
        let sitemap = sitemap_urls(archive, &routes);
        // Sitemap routes are added once their fingerprints, which read the table, are done.
        let mut sitemaps = Vec::new();
        let mut fp_sitemap = |page: Page, path: &str, add: &dyn Fn(&mut Fp)| {
            let tmpl = page
                .template()
                .map(|t| theme.template_hash(t))
                .unwrap_or_default();
            let mut fp = Fp::new(&global, &tmpl);
            add(&mut fp);
            sitemaps.push(Route {
                output: path.into(),
                page,
                fingerprint: fp.done(),
            });
        };
        let hash_urls = |fp: &mut Fp, r: Range<usize>| {
            for u in &sitemap[r] {
                fp.add(routes[u.route].path().as_bytes());
                fp.add(
                    u.lastmod
                        .map(|d| rfc3339(&d))
                        .unwrap_or_default()
                        .as_bytes(),
                );
            }
        };
        if sitemap.len() <= SITEMAP_LIMIT {
            fp_sitemap(Page::Sitemap(0..sitemap.len()), "sitemap.xml", &|fp| {
                hash_urls(fp, 0..sitemap.len())
            });
        } else {
            let chunks: Vec<Range<usize>> = pages(sitemap.len(), SITEMAP_LIMIT).collect();
            let n = chunks.len();
            fp_sitemap(Page::SitemapIndex(n), "sitemap.xml", &|fp| {
                fp.num(n);
            });
            for (i, r) in chunks.into_iter().enumerate() {
                let path = format!("sitemap-{}.xml", i + 1);
                fp_sitemap(Page::Sitemap(r.clone()), &path, &|fp| {
                    hash_urls(fp, r.clone())
                });
            }
        }
        fp_sitemap(Page::NewsSitemap(news.clone()), "news-sitemap.xml", &|fp| {
            for &i in &news {
                fp.add(&entry_hashes[i]);
            }
        });
        routes.append(&mut sitemaps);
        for (i, asset) in theme.assets.iter().enumerate() {
            routes.push(Route {
                output: asset.path.as_str().into(),
                page: Page::Asset(i),
                fingerprint: asset.source.fingerprint(),
            });
        }
        check_collisions(site, archive, &routes)?;
        Ok(Plan {
            routes,
            entry_hashes,
            sitemap,
            archive_prefix,
            global,
        })
    }
}

impl Plan {
    /// Fingerprint article `i`'s page again after its file changed in a way nothing else
    /// shows (the same listing entry, date and groupings): the body, say. Returns the
    /// route's index; no other route's fingerprint depends on the body, except feeds with
    /// full content, which callers must plan again.
    pub fn refresh_article(
        &mut self,
        site: &Site,
        archive: &Archive,
        theme: &Theme,
        i: usize,
    ) -> usize {
        let planner = Planner {
            site,
            archive,
            theme,
            global: self.global,
            entry_hashes: &self.entry_hashes,
            routes: Vec::new(),
            prefix: String::new(),
        };
        // Article pages come first in the route table, in archive order.
        debug_assert!(matches!(self.routes[i].page, Page::Article(n) if n == i));
        let path = self.article_path(i).to_string();
        self.routes[i].fingerprint = planner.article(i, &path);
        i
    }

    /// How many pages the site has (every route but static files).
    pub fn page_count(&self) -> usize {
        self.routes
            .iter()
            .filter(|r| !matches!(r.page, Page::Asset(_)))
            .count()
    }

    /// Article `i`'s page path (its route comes `i`-th in the table).
    pub fn article_path(&self, i: usize) -> &str {
        self.routes[i].path()
    }
}

/// Stories on the front page per section.
pub const FRONT_PER_SECTION: usize = 5;

#[derive(Clone, Copy)]
pub enum Period {
    Older,
    Newer,
}

/// The path of the period of the same kind just older or newer than `source` that has
/// stories, for year, month and day listings.
pub fn neighbour(
    archive: &Archive,
    prefix: &str,
    source: ListSource,
    dir: Period,
) -> Option<String> {
    let step = |pos: usize, len: usize| match dir {
        Period::Older => (pos + 1 < len).then_some(pos + 1),
        Period::Newer => pos.checked_sub(1),
    };
    match source {
        ListSource::Year(y) => {
            let n = step(y, archive.years.len())?;
            Some(urls::year(prefix, archive.years[n].year))
        }
        ListSource::Month(y, m) => {
            let (ny, nm) =
                archive.months[step(archive.years[y].months[m].flat, archive.months.len())?];
            let month = &archive.years[ny].months[nm];
            Some(urls::month(prefix, month.year, month.month))
        }
        ListSource::Day(y, m, d) => {
            let flat = archive.years[y].months[m].days[d].flat;
            let (ny, nm, nd) = archive.days[step(flat, archive.days.len())?];
            let day = &archive.years[ny].months[nm].days[nd];
            Some(urls::day(prefix, day.year, day.month, day.day))
        }
        _ => None,
    }
}

/// The listing whose feeds a page advertises: its section's or tag's, else the site's.
pub fn feed_base(site: &Site, archive: &Archive, page: &Page) -> String {
    match page {
        Page::Listing(l) => match l.source {
            ListSource::Section(s) => urls::section(&archive.sections[s].name),
            ListSource::Term(t, x)
                if site.config.feeds.per_tag
                    && archive.taxonomies[t].kind == crate::archive::TaxonomyKind::Tags =>
            {
                urls::term("tags", &archive.taxonomies[t].terms[x].slug)
            }
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn global_hash(site: &Site, archive: &Archive, flags: Flags) -> Hash {
    let mut h = blake3::Hasher::new();
    // A rebuilt Gazette may render differently: its identity is part of every page.
    h.update(crate::build_id().as_bytes());
    h.update(
        serde_json::to_string(&site.config)
            .unwrap_or_default()
            .as_bytes(),
    );
    for s in &archive.sections {
        h.update(s.name.as_bytes());
        h.update(s.title.as_bytes());
        h.update(s.description.as_bytes());
        h.update(b"\0");
    }
    h.update(&[flags.drafts as u8, flags.future as u8]);
    *h.finalize().as_bytes()
}
