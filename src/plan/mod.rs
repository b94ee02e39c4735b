//! Plan stage: the route table, the single source of truth for URLs. Every file the build
//! writes is a [`Route`] with a fingerprint of exactly what it shows; URL collisions are
//! found here, before anything is rendered or written.

pub mod entry;
pub mod route;
pub mod urls;

use std::collections::HashMap;
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
    pub path: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

pub struct Plan {
    pub routes: Vec<Route>,
    /// Each article's page path, by archive position.
    pub article_paths: Vec<String>,
    /// Hash of each article's listing entry, by archive position.
    pub entry_hashes: Vec<Hash>,
    pub sitemap: Vec<SitemapUrl>,
    /// Prefix of the date archives (`` or `news/`).
    pub archive_prefix: String,
    /// Hash of everything every page shows (config, navigation, flags).
    pub global: Hash,
}

/// Hashing helper: feeds named parts into blake3.
struct Fp(blake3::Hasher);

impl Fp {
    fn new(global: &Hash, template: &Hash) -> Fp {
        let mut h = blake3::Hasher::new();
        h.update(global);
        h.update(template);
        Fp(h)
    }
    fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }
    fn num(&mut self, n: usize) -> &mut Self {
        self.0.update(&(n as u64).to_le_bytes());
        self
    }
    fn done(&self) -> Hash {
        *self.0.finalize().as_bytes()
    }
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
        let mut routes = planner.routes;
        let sitemap = sitemap_urls(archive, &routes);
        let mut fp_sitemap = |page: Page, path: &str, add: &dyn Fn(&mut Fp)| {
            let tmpl = page
                .template()
                .map(|t| theme.template_hash(t))
                .unwrap_or_default();
            let mut fp = Fp::new(&global, &tmpl);
            add(&mut fp);
            routes.push(Route {
                path: path.to_string(),
                output: path.to_string(),
                page,
                fingerprint: fp.done(),
            });
        };
        let hash_urls = |fp: &mut Fp, r: Range<usize>| {
            for u in &sitemap[r] {
                fp.add(u.path.as_bytes());
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
        for (i, asset) in theme.assets.iter().enumerate() {
            routes.push(Route {
                path: asset.path.clone(),
                output: asset.path.clone(),
                page: Page::Asset(i),
                fingerprint: asset.source.fingerprint(),
            });
        }
        check_collisions(site, archive, &routes)?;
        Ok(Plan {
            routes,
            article_paths,
            entry_hashes,
            sitemap,
            archive_prefix: urls::archive_prefix(site),
            global,
        })
    }
}

struct Planner<'a> {
    site: &'a Site,
    archive: &'a Archive,
    theme: &'a Theme,
    global: Hash,
    entry_hashes: &'a [Hash],
    routes: Vec<Route>,
    prefix: String,
}

impl Planner<'_> {
    fn push(&mut self, path: String, page: Page, fp: &Fp) {
        self.routes.push(Route {
            output: urls::output_file(&path),
            path,
            page,
            fingerprint: fp.done(),
        });
    }

    fn fp(&self, page: &Page) -> Fp {
        let tmpl = page
            .template()
            .map(|t| self.theme.template_hash(t))
            .unwrap_or_default();
        let mut fp = Fp::new(&self.global, &tmpl);
        fp.add(page.kind().as_bytes());
        fp
    }

    fn add_items(&self, fp: &mut Fp, items: &[usize]) {
        fp.num(items.len());
        for &i in items {
            fp.add(&self.entry_hashes[i]);
        }
    }

    fn articles(&mut self, paths: &[String]) {
        let archive = self.archive;
        let routes: Vec<Route> = (0..archive.articles.len())
            .into_par_iter()
            .map(|i| {
                let a = &archive.articles[i];
                let page = Page::Article(i);
                let mut fp = self.fp(&page);
                fp.add(&a.file_hash)
                    .add(paths[i].as_bytes())
                    .add(&self.entry_hashes[i]);
                for n in [archive.older(i), archive.newer(i)] {
                    fp.add(
                        n.map(|n| self.entry_hashes[n])
                            .as_ref()
                            .map_or(&[][..], |h| &h[..]),
                    );
                }
                Route {
                    path: paths[i].clone(),
                    output: urls::output_file(&paths[i]),
                    page,
                    fingerprint: fp.done(),
                }
            })
            .collect();
        self.routes.extend(routes);
        for (i, a) in archive.articles.iter().enumerate() {
            for alias in &a.aliases {
                let page = Page::Alias(i);
                let mut fp = self.fp(&page);
                fp.add(paths[i].as_bytes());
                self.push(urls::alias(alias), page, &fp);
            }
        }
    }

    fn front(&mut self) {
        let page = Page::Front;
        let mut fp = self.fp(&page);
        let per = self.site.config.paginate;
        let n = self.archive.articles.len().min(per);
        self.add_items(&mut fp, &(0..n).collect::<Vec<_>>());
        for s in &self.archive.sections {
            self.add_items(
                &mut fp,
                &s.articles[..s.articles.len().min(front_per_section())],
            );
        }
        self.push(String::new(), page, &fp);
    }

    /// Paginated listing routes for one source.
    fn listing(&mut self, source: ListSource, base: String, title: &str) {
        let items = source.items(self.archive);
        let len = items.len();
        let per = self.site.config.paginate;
        let count = len.div_ceil(per).max(1);
        for (n, range) in pages(len, per).enumerate() {
            let listing = Listing {
                source,
                page: n,
                pages: count,
                items: range.clone(),
                base: base.clone(),
            };
            let page = Page::Listing(listing);
            let mut fp = self.fp(&page);
            fp.add(title.as_bytes())
                .add(base.as_bytes())
                .num(n)
                .num(count)
                .num(len);
            self.add_items(&mut fp, &items.get(range));
            // Period pages link to the neighbouring periods that have stories.
            for p in [Period::Older, Period::Newer] {
                if let Some(path) = neighbour(self.archive, &self.prefix, source, p) {
                    fp.add(path.as_bytes());
                }
            }
            self.push(urls::paginated(&base, n), page, &fp);
        }
    }

    fn sections(&mut self) {
        for (s, section) in self.archive.sections.iter().enumerate() {
            let title = format!("{}\n{}", section.title, section.description);
            self.listing(ListSource::Section(s), urls::section(&section.name), &title);
        }
    }

    fn taxonomies(&mut self) {
        for (t, tax) in self.archive.taxonomies.iter().enumerate() {
            let page = Page::TaxonomyList(t);
            let mut fp = self.fp(&page);
            for term in &tax.terms {
                fp.add(term.name.as_bytes())
                    .add(term.slug.as_bytes())
                    .num(term.articles.len());
            }
            self.push(urls::taxonomy(tax.kind.name()), page, &fp);
            for (x, term) in tax.terms.iter().enumerate() {
                self.listing(
                    ListSource::Term(t, x),
                    urls::term(tax.kind.name(), &term.slug),
                    &term.name,
                );
            }
        }
    }

    fn periods(&mut self) {
        let page = Page::ArchiveIndex;
        let mut fp = self.fp(&page);
        for y in &self.archive.years {
            for m in &y.months {
                fp.num(y.year as usize)
                    .num(m.month as usize)
                    .num(m.articles.len());
            }
        }
        self.push("archive/".into(), page, &fp);
        let prefix = self.prefix.clone();
        for (yi, y) in self.archive.years.iter().enumerate() {
            let months: String = y
                .months
                .iter()
                .map(|m| format!("{}:{},", m.month, m.articles.len()))
                .collect();
            self.listing(ListSource::Year(yi), urls::year(&prefix, y.year), &months);
            for (mi, m) in y.months.iter().enumerate() {
                self.listing(
                    ListSource::Month(yi, mi),
                    urls::month(&prefix, y.year, m.month),
                    "",
                );
                for (di, d) in m.days.iter().enumerate() {
                    self.listing(
                        ListSource::Day(yi, mi, di),
                        urls::day(&prefix, y.year, m.month, d.day),
                        "",
                    );
                }
            }
        }
    }

    fn singles(&mut self) {
        for (page, path) in [(Page::NotFound, "404.html"), (Page::Robots, "robots.txt")] {
            let fp = self.fp(&page);
            self.push(path.into(), page, &fp);
        }
        if self.site.config.search {
            let fp = self.fp(&Page::Search);
            self.push("search/".into(), Page::Search, &fp);
        }
    }

    fn feeds(&mut self) {
        let mut scopes = vec![(FeedScope::Site, String::new())];
        for (s, section) in self.archive.sections.iter().enumerate() {
            scopes.push((FeedScope::Section(s), urls::section(&section.name)));
        }
        if self.site.config.feeds.per_tag {
            for (t, tax) in self.archive.taxonomies.iter().enumerate() {
                if tax.kind != crate::archive::TaxonomyKind::Tags {
                    continue;
                }
                for (x, term) in tax.terms.iter().enumerate() {
                    scopes.push((FeedScope::Term(t, x), urls::term("tags", &term.slug)));
                }
            }
        }
        let limit = self.site.config.feeds.limit;
        let full = self.site.config.feeds.full_content;
        for (scope, base) in scopes {
            let items = scope.items(self.archive).get(0..limit);
            for format in [FeedFormat::Rss, FeedFormat::Atom] {
                let page = Page::Feed(scope, format);
                let mut fp = self.fp(&page);
                fp.add(base.as_bytes());
                self.add_items(&mut fp, &items);
                if full {
                    for &i in &items {
                        fp.add(&self.archive.articles[i].file_hash);
                    }
                }
                let file = match format {
                    FeedFormat::Rss => "rss.xml",
                    FeedFormat::Atom => "atom.xml",
                };
                self.push(format!("{base}{file}"), page, &fp);
            }
        }
    }
}

/// Stories on the front page per section.
pub fn front_per_section() -> usize {
    5
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

/// Stories published in the 48 hours before `now`.
fn news_window(archive: &Archive, now: DateTime<Utc>) -> Vec<usize> {
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
fn sitemap_urls(archive: &Archive, routes: &[Route]) -> Vec<SitemapUrl> {
    let newest = |items: &[usize]| items.iter().map(|&i| archive.articles[i].modified()).max();
    routes
        .iter()
        .filter_map(|r| {
            let lastmod = match &r.page {
                Page::Article(i) => Some(archive.articles[*i].modified()),
                Page::Front => newest(&(0..archive.articles.len().min(20)).collect::<Vec<_>>()),
                Page::Listing(l) => newest(&l.source.items(archive).get(l.items.clone())),
                Page::TaxonomyList(_) | Page::ArchiveIndex => {
                    archive.articles.first().map(|a| a.modified())
                }
                _ => return None,
            };
            Some(SitemapUrl {
                path: r.path.clone(),
                lastmod,
            })
        })
        .collect()
}

fn check_collisions(
    site: &Site,
    archive: &Archive,
    routes: &[Route],
) -> Result<(), Vec<Diagnostic>> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(routes.len());
    let mut errors = Vec::new();
    let describe = |r: &Route| match r.page {
        Page::Article(i) | Page::Alias(i) => archive.articles[i].path.display().to_string(),
        _ => format!("the {} page", r.page.kind()),
    };
    for (i, r) in routes.iter().enumerate() {
        if let Some(&first) = seen.get(r.output.as_str()) {
            let other = &routes[first];
            let (culprit, earlier) = match (&other.page, &r.page) {
                (Page::Article(_) | Page::Alias(_), Page::Article(_) | Page::Alias(_)) => {
                    (r, other)
                }
                (Page::Article(_) | Page::Alias(_), _) => (other, r),
                _ => (r, other),
            };
            let diag = match culprit.page {
                Page::Article(a) => {
                    let art = &archive.articles[a];
                    Diagnostic::new(
                        &art.path,
                        art.slug_line,
                        1,
                        format!(
                            "URL /{} is also used by {}",
                            culprit.path,
                            describe(earlier)
                        ),
                    )
                    .with_hint("give one of them a different `slug` (or date, or section)")
                }
                Page::Alias(a) => {
                    let art = &archive.articles[a];
                    Diagnostic::new(
                        &art.path,
                        1,
                        1,
                        format!(
                            "alias /{} is also the URL of {}",
                            culprit.path,
                            describe(earlier)
                        ),
                    )
                    .with_hint("remove the alias or change it")
                }
                _ => Diagnostic::new(
                    &site.root.join("site.toml"),
                    0,
                    0,
                    format!(
                        "URL /{} is used by {} and {}",
                        r.path,
                        describe(other),
                        describe(r)
                    ),
                )
                .with_hint("rename the section or change the permalink pattern"),
            };
            errors.push(diag);
        } else {
            seen.insert(r.output.as_str(), i);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
