//! The planner: walks the archive and emits every route with its fingerprint, listing by
//! listing (articles and aliases, front page, sections, taxonomies, date archives, feeds).

use std::collections::HashMap;

use rayon::prelude::*;

use super::{
    FeedFormat, FeedScope, Group, Items, ListSource, Listing, Page, Period, Role, Route,
    front_section_items, neighbour, urls,
};
use crate::archive::Archive;
use crate::config::Site;
use crate::core::{Fp, Hash};
use crate::theme::Theme;

/// A route's fingerprint, begun with what every page shows and its template.
pub(super) fn route_fp(global: &Hash, template: &Hash) -> Fp {
    let mut fp = Fp::with_capacity(1024);
    fp.fixed(global).fixed(template);
    fp
}

static NO_COUNTERPARTS: super::Counterparts = super::Counterparts {
    editions: Vec::new(),
};

pub(super) struct Planner<'a> {
    pub(super) site: &'a Site,
    pub(super) archive: &'a Archive,
    pub(super) theme: &'a Theme,
    pub(super) global: Hash,
    pub(super) entry_hashes: &'a [Hash],
    pub(super) routes: Vec<Route>,
    /// Where each group's first route is in `routes`.
    pub(super) starts: HashMap<Group, usize>,
    pub(super) prefix: String,
    /// The other editions' listings (see [`super::Counterparts`]).
    pub(super) counterparts: &'a super::Counterparts,
}

impl<'a> Planner<'a> {
    pub(super) fn new(
        site: &'a Site,
        archive: &'a Archive,
        theme: &'a Theme,
        global: Hash,
        entry_hashes: &'a [Hash],
        prefix: String,
    ) -> Self {
        Planner {
            site,
            archive,
            theme,
            global,
            entry_hashes,
            routes: Vec::new(),
            starts: HashMap::new(),
            prefix,
            counterparts: &NO_COUNTERPARTS,
        }
    }

    /// A planner for a part of the route table, to be [`Planner::append`]ed in order.
    pub(super) fn part(&self) -> Self {
        let prefix = self.prefix.clone();
        let mut part = Planner::new(
            self.site,
            self.archive,
            self.theme,
            self.global,
            self.entry_hashes,
            prefix,
        );
        part.counterparts = self.counterparts;
        part
    }

    /// Add a part's routes after those planned so far.
    pub(super) fn append(&mut self, routes: Vec<Route>, starts: HashMap<Group, usize>) {
        let offset = self.routes.len();
        self.starts
            .extend(starts.into_iter().map(|(g, s)| (g, s + offset)));
        self.routes.extend(routes);
    }

    fn push(&mut self, path: String, page: Page, fp: &Fp) {
        self.routes.push(route(path, page, fp));
    }

    fn fp(&self, page: &Page) -> Fp {
        let tmpl = page
            .template()
            .map(|t| self.theme.template_hash(t))
            .unwrap_or_default();
        let mut fp = route_fp(&self.global, &tmpl);
        fp.add(page.kind().as_bytes());
        fp
    }

    fn add_items(&self, fp: &mut Fp, items: &[usize]) {
        fp.num(items.len());
        for &i in items {
            fp.add(&self.entry_hashes[i]);
        }
    }

    /// Article `i`'s page: its file, its path, its entry and its neighbours' entries.
    pub(super) fn article(&self, i: usize, path: &str) -> Hash {
        let archive = self.archive;
        let mut fp = self.fp(&Page::Article(i));
        fp.add(&archive.articles[i].file_hash)
            .add(path.as_bytes())
            .add(&self.entry_hashes[i]);
        for n in [archive.older(i), archive.newer(i)] {
            fp.add(
                n.map(|n| self.entry_hashes[n])
                    .as_ref()
                    .map_or(&[][..], |h| &h[..]),
            );
        }
        // Its translations, by the URL and language its page links them with.
        for j in archive.translations_of(i) {
            let t = archive.story(j);
            fp.add(urls::home_path(self.site, t).as_bytes());
            // The newest version is the `x-default` when none is in the home language.
            fp.add(&crate::core::date_bytes(Some(&t.date)));
            fp.add(t.details().language.as_deref().unwrap_or("\0").as_bytes());
        }
        fp.done()
    }

    pub(super) fn articles(&mut self, paths: &[String]) {
        let archive = self.archive;
        // Written straight into the table's room (see `Plan::build`).
        let mut table = std::mem::take(&mut self.routes);
        table.par_extend((0..archive.articles.len()).into_par_iter().map(|i| Route {
            output: urls::output_file(&paths[i]).into(),
            page: Page::Article(i),
            fingerprint: self.article(i, &paths[i]),
        }));
        self.routes = table;
        for (i, a) in archive.articles.iter().enumerate() {
            for alias in &a.details().aliases {
                let page = Page::Alias(i);
                let mut fp = self.fp(&page);
                fp.add(paths[i].as_bytes());
                self.push(urls::alias(alias), page, &fp);
            }
        }
    }

    pub(super) fn front(&mut self) {
        let route = self.front_route();
        self.starts.insert(Group::Front, self.routes.len());
        self.routes.push(route);
    }

    /// The front page: the newest stories, and the newest of each section.
    pub(super) fn front_route(&self) -> Route {
        let page = Page::Front;
        let mut fp = self.fp(&page);
        let per = self.site.config.paginate;
        let n = self.archive.articles.len().min(per);
        self.add_items(&mut fp, &(0..n).collect::<Vec<_>>());
        for s in &self.archive.sections {
            self.add_items(&mut fp, &front_section_items(s, per));
        }
        route(String::new(), page, &fp)
    }

    /// Paginated listing routes for one source.
    fn listing(&mut self, source: ListSource) {
        let (base, title) = self.listing_heading(source);
        let items = source.items(self.archive);
        let count = super::pager(self.site, items.len()).routes();
        self.starts
            .insert(Group::Listing(source), self.routes.len());
        for n in 0..count {
            let route = self.listing_page(source, &base, &title, &items, n);
            self.routes.push(route);
        }
    }

    /// Page `n` of a listing with this base path and title (see [`Planner::listing_heading`]).
    /// Under stable numbering a full page's fingerprint holds only what never changes when
    /// stories are added: not the listing's length, its number of pages, a year's months
    /// or the newer period (see `render::context`, which shows exactly this). A filling
    /// page is a redirect to the first URL, so it holds nothing that changes either.
    pub(super) fn listing_page(
        &self,
        source: ListSource,
        base: &str,
        title: &str,
        items: &Items,
        n: usize,
    ) -> Route {
        let len = items.len();
        let pager = super::pager(self.site, len);
        let role = pager.role(n);
        let range = pager.items(n);
        let listing = Listing {
            source,
            page: n,
            pager,
            items: range.clone(),
            base: base.to_string(),
        };
        let page = Page::Listing(listing);
        let mut fp = self.fp(&page);
        fp.add(pager.scheme.name().as_bytes())
            .add(role.name().as_bytes())
            .add(base.as_bytes())
            .num(n);
        if role == Role::Filling {
            // A redirect to the first URL: nothing else in it.
            return route(pager.path(base, n), page, &fp);
        }
        if role == Role::Full {
            // A year's title is its months and their counts, shown on its changing pages.
            if !matches!(source, ListSource::Year(_)) {
                fp.add(title.as_bytes());
            }
        } else {
            fp.add(title.as_bytes()).num(pager.routes()).num(len);
        }
        self.add_items(&mut fp, &items.get(range));
        // Its language switcher: whether each other edition has this listing.
        for other in &self.counterparts.editions {
            fp.num(other.has(base) as usize);
        }
        // Period pages link to the neighbouring periods that have stories.
        for p in [Period::Older, Period::Newer] {
            if matches!((role, p), (Role::Full, Period::Newer)) {
                continue;
            }
            if let Some(path) = neighbour(self.archive, &self.prefix, source, p) {
                fp.add(path.as_bytes());
            }
        }
        route(pager.path(base, n), page, &fp)
    }

    /// A listing's base path and the title its fingerprint covers (a section's heading, a
    /// term's name, a year's months).
    pub(super) fn listing_heading(&self, source: ListSource) -> (String, String) {
        let archive = self.archive;
        match source {
            ListSource::Section(s) => {
                let section = &archive.sections[s];
                let title = format!("{}\n{}", section.title, section.description);
                (urls::section(&section.name), title)
            }
            ListSource::Term(t, x) => {
                let (tax, term) = (&archive.taxonomies[t], &archive.taxonomies[t].terms[x]);
                (urls::term(tax.kind.name(), &term.slug), term.name.clone())
            }
            ListSource::Year(y) => {
                let year = &archive.years[y];
                let months: String = year
                    .months
                    .iter()
                    .map(|m| format!("{}:{},", m.month, m.articles.len()))
                    .collect();
                (urls::year(&self.prefix, year.year), months)
            }
            ListSource::Month(y, m) => {
                let month = &archive.years[y].months[m];
                (
                    urls::month(&self.prefix, month.year, month.month),
                    String::new(),
                )
            }
            ListSource::Day(y, m, d) => {
                let day = &archive.years[y].months[m].days[d];
                (
                    urls::day(&self.prefix, day.year, day.month, day.day),
                    String::new(),
                )
            }
        }
    }

    pub(super) fn sections(&mut self) {
        for s in 0..self.archive.sections.len() {
            self.listing(ListSource::Section(s));
        }
    }

    pub(super) fn taxonomies(&mut self) {
        for (t, tax) in self.archive.taxonomies.iter().enumerate() {
            let route = self.taxonomy_route(t);
            self.starts.insert(Group::Taxonomy(t), self.routes.len());
            self.routes.push(route);
            for x in 0..tax.terms.len() {
                self.listing(ListSource::Term(t, x));
            }
        }
    }

    /// Taxonomy `t`'s page: its terms, with how many stories each has.
    pub(super) fn taxonomy_route(&self, t: usize) -> Route {
        let tax = &self.archive.taxonomies[t];
        let page = Page::TaxonomyList(t);
        let mut fp = self.fp(&page);
        for term in &tax.terms {
            fp.add(term.name.as_bytes())
                .add(term.slug.as_bytes())
                .num(term.articles.len());
        }
        route(urls::taxonomy(tax.kind.name()), page, &fp)
    }

    /// The archive's index: every month, with how many stories it has.
    pub(super) fn archive_index_route(&self) -> Route {
        let page = Page::ArchiveIndex;
        let mut fp = self.fp(&page);
        for y in &self.archive.years {
            for m in &y.months {
                fp.num(y.year as usize)
                    .num(m.month as usize)
                    .num(m.articles.len());
            }
        }
        route("archive/".into(), page, &fp)
    }

    pub(super) fn periods(&mut self) {
        let index = self.archive_index_route();
        self.routes.push(index);
        for (yi, y) in self.archive.years.iter().enumerate() {
            self.listing(ListSource::Year(yi));
            for (mi, m) in y.months.iter().enumerate() {
                self.listing(ListSource::Month(yi, mi));
                for di in 0..m.days.len() {
                    self.listing(ListSource::Day(yi, mi, di));
                }
            }
        }
    }

    pub(super) fn singles(&mut self) {
        let fp = self.fp(&Page::NotFound);
        self.push("404.html".into(), Page::NotFound, &fp);
        if self.site.config.search {
            let fp = self.fp(&Page::Search);
            self.push("search/".into(), Page::Search, &fp);
        }
        for (p, page) in self.archive.pages.iter().enumerate() {
            let mut fp = self.fp(&Page::Standalone(p));
            fp.add(&page.hash);
            self.push(page.url.clone(), Page::Standalone(p), &fp);
        }
    }

    /// The site's feeds, then each section's, then each tag's (when configured).
    pub(super) fn feeds(&mut self) {
        self.feed(FeedScope::Site);
        for s in 0..self.archive.sections.len() {
            self.feed(FeedScope::Section(s));
        }
        if self.site.config.feeds.per_tag {
            for (t, tax) in self.archive.taxonomies.iter().enumerate() {
                if tax.kind == crate::archive::TaxonomyKind::Tags {
                    for x in 0..tax.terms.len() {
                        self.feed(FeedScope::Term(t, x));
                    }
                }
            }
        }
    }

    /// One scope's RSS and Atom feeds.
    fn feed(&mut self, scope: FeedScope) {
        let routes = self.feed_routes(scope);
        self.starts.insert(Group::Feed(scope), self.routes.len());
        self.routes.extend(routes);
    }

    /// One scope's RSS and Atom feed routes, in that order.
    pub(super) fn feed_routes(&self, scope: FeedScope) -> [Route; 2] {
        let archive = self.archive;
        let base = match scope {
            FeedScope::Site => String::new(),
            FeedScope::Section(s) => urls::section(&archive.sections[s].name),
            FeedScope::Term(t, x) => urls::term("tags", &archive.taxonomies[t].terms[x].slug),
        };
        let limit = self.site.config.feeds.limit;
        let full = self.site.config.feeds.full_content;
        let items = scope.items(archive).get(0..limit);
        [FeedFormat::Rss, FeedFormat::Atom].map(|format| {
            let page = Page::Feed(scope, format);
            let mut fp = self.fp(&page);
            fp.add(base.as_bytes());
            self.add_items(&mut fp, &items);
            if full {
                for &i in &items {
                    fp.add(&archive.articles[i].file_hash);
                }
            }
            let file = match format {
                FeedFormat::Rss => "rss.xml",
                FeedFormat::Atom => "atom.xml",
            };
            route(format!("{base}{file}"), page, &fp)
        })
    }
}

fn route(path: String, page: Page, fp: &Fp) -> Route {
    Route {
        output: urls::output_file(&path).into(),
        page,
        fingerprint: fp.done(),
    }
}
