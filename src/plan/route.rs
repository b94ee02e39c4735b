//! Routes: every file the site will have, what it shows, and its fingerprint.

use std::ops::Range;
use std::sync::Arc;

use super::Pager;
use crate::archive::Archive;

use crate::core::Hash;

pub struct Route {
    /// File written, relative to the output directory (`world/page/2/index.html`); shared
    /// with the build cache and the build report.
    pub output: Arc<str>,
    pub page: Page,
    /// Hash of everything the file's bytes depend on; equal fingerprints mean equal files.
    pub fingerprint: Hash,
}

impl Route {
    /// Site-relative path without a leading slash (`world/page/2/`, `rss.xml`): the output
    /// file, with a folder's `index.html` left off. Not stored, since a large archive has
    /// millions of routes.
    pub fn path(&self) -> &str {
        super::urls::page_path(&self.output)
    }
}

pub enum Page {
    Article(usize),
    Front,
    Listing(Listing),
    TaxonomyList(usize),
    ArchiveIndex,
    NotFound,
    Search,
    /// A standalone page: index into the archive's pages.
    Standalone(usize),
    /// A redirect from an old URL to the article.
    Alias(usize),
    Feed(FeedScope, FeedFormat),
    /// Sitemap file `n`, holding `plan.sitemap[range]`.
    Sitemap(Range<usize>),
    /// The sitemap index, listing these files with the ranges of `plan.sitemap` they hold
    /// (`None`: a news sitemap, listed without a date).
    SitemapIndex(Vec<(String, Option<Range<usize>>)>),
    /// A news sitemap file, holding these stories (at most [`super::NEWS_LIMIT`]).
    NewsSitemap(Vec<usize>),
    /// `robots.txt`, naming these sitemap files (below the home edition's root): the
    /// sitemap and news sitemaps of every edition.
    Robots(Vec<String>),
    /// A static file: index into the theme's assets.
    Asset(usize),
    /// A resized copy of a bundle's photo: photo and variant, indices into
    /// `media.photos` and its variants.
    Photo(usize, usize),
    /// A file of a story's bundle published as it is: article and file.
    BundleFile(usize, usize),
}

impl Page {
    /// The template that renders this page, if any.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Page::Article(_) => "article.html",
            Page::Front => "index.html",
            // A stable listing's filling page leads to its first URL, which shows its stories.
            Page::Listing(l) if l.is_filling() => "alias.html",
            Page::Listing(l) => match l.source {
                ListSource::Section(_) => "section.html",
                ListSource::Term(..) => "taxonomy_term.html",
                _ => "archive_period.html",
            },
            Page::TaxonomyList(_) => "taxonomy_list.html",
            Page::ArchiveIndex => "archive.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Standalone(_) => "page.html",
            Page::Alias(_) => "alias.html",
            Page::Feed(_, FeedFormat::Rss) => "rss.xml",
            Page::Feed(_, FeedFormat::Atom) => "atom.xml",
            Page::Sitemap(_) => "sitemap.xml",
            Page::SitemapIndex(_) => "sitemap_index.xml",
            Page::NewsSitemap(_) => "news_sitemap.xml",
            Page::Robots(_) => "robots.txt",
            Page::Asset(_) | Page::Photo(..) | Page::BundleFile(..) => return None,
        })
    }

    /// The kind name templates see as `page.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Article(_) => "article",
            Page::Front => "front",
            Page::Listing(l) => match l.source {
                ListSource::Section(_) => "section",
                ListSource::Term(..) => "term",
                ListSource::Year(_) => "year",
                ListSource::Month(..) => "month",
                ListSource::Day(..) => "day",
            },
            Page::TaxonomyList(_) => "taxonomy",
            Page::ArchiveIndex => "archive",
            Page::NotFound => "404",
            Page::Search => "search",
            Page::Standalone(_) => "page",
            Page::Alias(_) => "alias",
            Page::Feed(..) => "feed",
            Page::Sitemap(_) | Page::SitemapIndex(_) | Page::NewsSitemap(_) => "sitemap",
            Page::Robots(_) => "robots",
            Page::Asset(_) | Page::Photo(..) | Page::BundleFile(..) => "asset",
        }
    }
}

/// One page of a paginated listing.
pub struct Listing {
    pub source: ListSource,
    /// The page's place among the listing's pages (0: its first URL; see [`Pager`]).
    pub page: usize,
    /// The listing's pages.
    pub pager: Pager,
    /// Positions within the source's list shown on this page.
    pub items: Range<usize>,
    /// Path of the listing's first page.
    pub base: String,
}

impl Listing {
    /// Whether this is a stable listing's filling page: a redirect to the listing's first
    /// URL, which shows the stories filling it, so that it is written once, not with every
    /// story (it becomes a full page of stories when it fills up).
    pub fn is_filling(&self) -> bool {
        self.pager.role(self.page) == super::Role::Filling
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ListSource {
    Section(usize),
    Term(usize, usize),
    Year(usize),
    Month(usize, usize),
    Day(usize, usize, usize),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FeedScope {
    Site,
    Section(usize),
    Term(usize, usize),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FeedFormat {
    Rss,
    Atom,
}

/// A group of routes planned together whose first route the plan remembers, so that one
/// page of it can be found again: a listing's pages, a scope's two feeds, the front page,
/// a taxonomy's term list, the sitemaps.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Group {
    Front,
    /// A taxonomy's list of terms (one route).
    Taxonomy(usize),
    Listing(ListSource),
    Feed(FeedScope),
    /// The sitemap files, the news sitemap last.
    Sitemaps,
}

/// A list of article positions: a slice of an index or a range of the archive.
pub enum Items<'a> {
    Slice(&'a [usize]),
    Range(Range<usize>),
}

impl Items<'_> {
    pub fn len(&self) -> usize {
        match self {
            Items::Slice(s) => s.len(),
            Items::Range(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article positions at `range` of this list.
    pub fn get(&self, range: Range<usize>) -> Vec<usize> {
        match self {
            Items::Slice(s) => {
                let end = range.end.min(s.len());
                s.get(range.start.min(end)..end)
                    .map(<[usize]>::to_vec)
                    .unwrap_or_default()
            }
            Items::Range(r) => {
                let start = (r.start + range.start).min(r.end);
                let end = (r.start + range.end).min(r.end);
                (start..end).collect()
            }
        }
    }
}

impl ListSource {
    pub fn items<'a>(&self, archive: &'a Archive) -> Items<'a> {
        match *self {
            ListSource::Section(s) => Items::Slice(&archive.sections[s].articles),
            ListSource::Term(t, x) => Items::Slice(&archive.taxonomies[t].terms[x].articles),
            ListSource::Year(y) => Items::Range(archive.years[y].articles.clone()),
            ListSource::Month(y, m) => Items::Range(archive.years[y].months[m].articles.clone()),
            ListSource::Day(y, m, d) => {
                Items::Range(archive.years[y].months[m].days[d].articles.clone())
            }
        }
    }
}

impl FeedScope {
    pub fn items<'a>(&self, archive: &'a Archive) -> Items<'a> {
        match *self {
            FeedScope::Site => Items::Range(0..archive.articles.len()),
            FeedScope::Section(s) => ListSource::Section(s).items(archive),
            FeedScope::Term(t, x) => ListSource::Term(t, x).items(archive),
        }
    }
}
