//! Plan stage: the route table, the single source of truth for URLs. Every file the build
//! writes is a [`Route`] with a fingerprint of exactly what it shows; URL collisions are
//! found here, before anything is rendered or written.

mod bundles;
mod editions;
mod entry;
mod in_place;
mod insert;
mod opened;
mod pager;
mod paths;
mod planner;
mod refresh;
mod remove;
mod route;
mod sitemap;
mod sitemap_merge;
mod terms;
mod translations;
pub mod urls;

use paths::{check_menu, check_paths};
use planner::Planner;
use terms::check_terms;
use translations::check_translations;

use sitemap::{news_window, sitemap_urls};

pub use sitemap::{NEWS_LIMIT, news_leaves, news_sitemap_name};

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use crate::archive::{Archive, Section};
use crate::config::Site;
use crate::core::{Diagnostic, Hash, Switches};
use crate::media::Media;
use crate::theme::Theme;

pub use bundles::bundle_dir;
pub use editions::{Counterpart, Counterparts};
pub use entry::image_url;
pub use pager::{Pager, Role};
pub use refresh::{same_place, same_slot};
pub use remove::{Places, Removal};
pub use route::{FeedFormat, FeedScope, Group, Items, ListSource, Listing, Page, Route};

/// Most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// URLs per file of a split stable sitemap's pages that never change: a new story
/// rewrites (and a host uploads again) only the last of them, so it is kept small, 1 to 2
/// MB, where a file of 50,000 would be 5 to 8.
pub const SETTLED_SITEMAP_LIMIT: usize = 10_000;

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
    /// Every page the sitemaps list, in the order they list them.
    pub sitemap: Vec<SitemapUrl>,
    /// Where the sitemap's pages that change with new stories begin (stable numbering);
    /// `sitemap.len()` under newest-first.
    sitemap_split: usize,
    /// Prefix of the date archives (`` or `news/`).
    pub archive_prefix: String,
    /// Hash of everything every page shows (config, navigation, flags).
    pub global: Hash,
    /// Where each listing's, feed's, the front page's and the sitemaps' first route is in
    /// `routes`.
    starts: HashMap<Group, usize>,
    /// The other editions' listings, for each listing page's language switcher.
    pub counterparts: Counterparts,
}

impl Plan {
    pub fn build(
        site: &Site,
        archive: &Archive,
        media: &Media,
        theme: &Theme,
        switches: Switches,
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
            .enumerate()
            .map(|(i, (a, path))| entry::entry_hash(a, path, media.story_hash(i)))
            .collect();
        let global = global_hash(site, archive, switches);
        let prefix = urls::archive_prefix(site);
        let counterparts = Counterparts::build(site, archive);
        let mut planner = Planner::new(site, archive, theme, global, &entry_hashes, prefix);
        planner.counterparts = &counterparts;
        // The listings in three parts on all cores, to follow the stories and the front
        // page in this order.
        let part = |plan: &dyn Fn(&mut Planner)| {
            let mut p = planner.part();
            plan(&mut p);
            (p.routes, p.starts)
        };
        let (first, (second, third)) = rayon::join(
            || {
                part(&|p| {
                    p.sections();
                    p.taxonomies();
                })
            },
            || {
                rayon::join(
                    || part(&|p| p.periods()),
                    || {
                        part(&|p| {
                            p.singles();
                            p.feeds();
                        })
                    },
                )
            },
        );
        // The table is made at its final size: grown a route at a time, a million routes'
        // table was copied to twice its size and kept the spare room (the stage's peak).
        let listings = first.0.len() + second.0.len() + third.0.len();
        let aliases: usize = archive
            .articles
            .iter()
            .map(|a| a.details().aliases.len())
            .sum();
        let sitemaps = (archive.articles.len() + listings) / SETTLED_SITEMAP_LIMIT + 3;
        planner.routes.reserve_exact(
            archive.articles.len() + aliases + 1 + listings + sitemaps + theme.assets.len(),
        );
        planner.articles(&article_paths);
        planner.front();
        for (routes, starts) in [first, second, third] {
            planner.append(routes, starts);
        }
        let news = news_window(archive, now);
        drop(article_paths);
        let (sitemap, sitemap_split) = sitemap_urls(site, archive, &planner.routes);
        let mut plan = Plan {
            sitemap,
            sitemap_split,
            routes: planner.routes,
            starts: planner.starts,
            archive_prefix: planner.prefix,
            entry_hashes,
            global,
            counterparts,
        };
        // Sitemap routes are added once their fingerprints, which read the table, are done.
        let mut sitemaps = plan.sitemap_routes(site, archive, theme, news, now);
        plan.starts.insert(Group::Sitemaps, plan.routes.len());
        plan.routes.append(&mut sitemaps);
        // Other editions link the home edition's copies of the theme's files.
        let assets = if site.is_home() {
            theme.assets.len()
        } else {
            0
        };
        for (i, asset) in theme.assets.iter().enumerate().take(assets) {
            plan.routes.push(Route {
                output: asset.path.as_str().into(),
                page: Page::Asset(i),
                fingerprint: asset.source.fingerprint(),
            });
        }
        bundles::routes(media, &mut plan.routes, archive.articles.len());
        // Every problem of both kinds in one report.
        let mut problems = check_terms(archive);
        problems.append(&mut check_translations(site, archive));
        if site.is_home() {
            problems.append(&mut check_menu(site, archive, &plan.routes));
            problems.append(&mut editions::check_home_paths(site, &plan.routes));
        }
        if let Err(mut more) = check_paths(site, archive, &plan.routes) {
            problems.append(&mut more);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(plan)
    }

    /// How many pages the site has (every route but static files).
    pub fn page_count(&self) -> usize {
        self.routes
            .iter()
            .filter(|r| r.page.template().is_some())
            .count()
    }

    /// Article `i`'s page path (its route comes `i`-th in the table).
    pub fn article_path(&self, i: usize) -> &str {
        self.routes[i].path()
    }
}

/// The pages of a listing of `len` stories on this site.
pub fn pager(site: &Site, len: usize) -> Pager {
    Pager::new(site.pagination, len, site.config.paginate)
}

/// Stories on the front page per section.
pub const FRONT_PER_SECTION: usize = 5;

/// How many of the newest stories the front page's top block shows (in the default theme:
/// the lead, two under it, six in the "Latest" rail).
pub const FRONT_TOP: usize = 9;

/// The stories of `section` on the front page: its newest [`FRONT_PER_SECTION`] of those
/// the top block does not already show (the top block shows the first [`FRONT_TOP`] of
/// `paginate`), so that no story is on the front page twice.
pub fn front_section_items(section: &Section, paginate: usize) -> Vec<usize> {
    let top = FRONT_TOP.min(paginate);
    section
        .articles
        .iter()
        .copied()
        .filter(|&i| i >= top)
        .take(FRONT_PER_SECTION)
        .collect()
}

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
    Some(match neighbour_source(archive, source, dir)? {
        ListSource::Year(y) => urls::year(prefix, archive.years[y].year),
        ListSource::Month(y, m) => {
            let month = &archive.years[y].months[m];
            urls::month(prefix, month.year, month.month)
        }
        ListSource::Day(y, m, d) => {
            let day = &archive.years[y].months[m].days[d];
            urls::day(prefix, day.year, day.month, day.day)
        }
        _ => return None,
    })
}

/// The period of the same kind just older or newer than `source`, for year, month and
/// day listings.
fn neighbour_source(archive: &Archive, source: ListSource, dir: Period) -> Option<ListSource> {
    let step = |pos: usize, len: usize| match dir {
        Period::Older => (pos + 1 < len).then_some(pos + 1),
        Period::Newer => pos.checked_sub(1),
    };
    match source {
        ListSource::Year(y) => Some(ListSource::Year(step(y, archive.years.len())?)),
        ListSource::Month(y, m) => {
            let flat = archive.years[y].months[m].flat;
            let (ny, nm) = archive.months[step(flat, archive.months.len())?];
            Some(ListSource::Month(ny, nm))
        }
        ListSource::Day(y, m, d) => {
            let flat = archive.years[y].months[m].days[d].flat;
            let (ny, nm, nd) = archive.days[step(flat, archive.days.len())?];
            Some(ListSource::Day(ny, nm, nd))
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

fn global_hash(site: &Site, archive: &Archive, switches: Switches) -> Hash {
    let mut h = blake3::Hasher::new();
    // A rebuilt Gazette may render differently: its identity is part of every page.
    h.update(crate::core::build_id().as_bytes());
    h.update(
        serde_json::to_string(&site.config)
            .unwrap_or_default()
            .as_bytes(),
    );
    // Every edition names the home edition's language (switcher, alternates, x-default).
    h.update(
        serde_json::to_string(&*site.home.config)
            .unwrap_or_default()
            .as_bytes(),
    );
    for s in &archive.sections {
        h.update(s.name.as_bytes());
        h.update(s.title.as_bytes());
        h.update(s.description.as_bytes());
        h.update(b"\0");
    }
    h.update(&[switches.drafts as u8, switches.future as u8]);
    *h.finalize().as_bytes()
}
