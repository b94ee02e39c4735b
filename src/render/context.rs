//! Template contexts: what each kind of page hands its template. The variables are
//! documented in `themes/README.md`.

use serde::Serialize;
use serde_json::{Map, Value, json};
use tera::Context;

use super::Renderer;
use crate::core::{month_name, rfc3339};
use crate::plan::{
    self, FeedFormat, FeedScope, Items, ListSource, Listing, Page, Period, Route, urls,
};

/// A page's template variables, gathered as JSON and handed to tera without copying them
/// again (tera's own `insert` serializes every value it is given).
#[derive(Default)]
pub struct Vars(Map<String, Value>);

impl Vars {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.0.insert(key.to_string(), value);
    }

    fn put(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_string(), value);
    }

    pub fn into_context(self) -> Context {
        Context::from_value(Value::Object(self.0)).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

impl Renderer<'_> {
    /// The variables every page has: `site`, `page`, `build`.
    fn base(&self, route: &Route, title: &str, description: &str) -> Vars {
        let mut ctx = Vars::default();
        ctx.put("site", self.site_value.clone());
        ctx.put("build", self.build_value.clone());
        let feeds = plan::feed_base(self.site, self.archive, &route.page);
        // The section and the taxonomy a page belongs to, for navigation.
        let archive = self.archive;
        let (section, taxonomy) = match &route.page {
            Page::Article(i) => (Some(&*archive.articles[*i].section), None),
            Page::Listing(l) => match l.source {
                ListSource::Section(s) => (Some(archive.sections[s].name.as_str()), None),
                ListSource::Term(t, _) => (None, Some(archive.taxonomies[t].kind.name())),
                _ => (None, None),
            },
            Page::TaxonomyList(t) => (None, Some(archive.taxonomies[*t].kind.name())),
            _ => (None, None),
        };
        ctx.put("page", json!({
                "kind": route.page.kind(),
                "url": self.site.url(route.path()),
                "permalink": self.site.permalink(route.path()),
                "title": title,
                "section": section,
                "taxonomy": taxonomy,
                "description": if description.is_empty() { &self.site.config.description } else { description },
                "rss_url": self.site.url(&format!("{feeds}rss.xml")),
                "atom_url": self.site.url(&format!("{feeds}atom.xml")),
            }),
        );
        ctx
    }

    /// Article `i`'s listing entry; its text is made the first time and kept.
    pub(super) fn entry(&self, i: usize) -> plan::Entry<'_> {
        let text = self.entry_texts[i].get_or_init(|| {
            plan::EntryText::new(
                self.site,
                &self.archive.articles[i],
                self.plan.article_path(i),
            )
        });
        plan::entry(self.site, self.archive, self.plan, i, text)
    }

    fn entries(&self, items: &[usize]) -> Vec<plan::Entry<'_>> {
        items.iter().map(|&i| self.entry(i)).collect()
    }

    pub(super) fn context(&self, route: &Route) -> Result<Vars, String> {
        Ok(match &route.page {
            Page::Article(i) => self.article(route, *i)?,
            Page::Front => self.front(route),
            Page::Listing(l) => self.listing(route, l),
            Page::TaxonomyList(t) => self.taxonomy_list(route, *t),
            Page::ArchiveIndex => self.archive_index(route),
            Page::NotFound => self.base(route, "Page not found", ""),
            Page::Search => self.base(route, "Search", ""),
            Page::Alias(i) => {
                let mut ctx = self.base(route, &self.archive.articles[*i].title, "");
                ctx.insert("target", &self.site.permalink(self.plan.article_path(*i)));
                ctx
            }
            Page::Feed(scope, format) => self.feed(route, *scope, *format)?,
            Page::Sitemap(range) => self.sitemap(route, range.clone()),
            Page::SitemapIndex(n) => self.sitemap_index(route, *n),
            Page::NewsSitemap(items) => {
                let mut ctx = self.base(route, "News sitemap", "");
                ctx.insert("items", &self.entries(items));
                ctx
            }
            Page::Robots => self.robots(route),
            Page::Asset(_) => return Err("assets are copied, not rendered".into()),
        })
    }

    /// The front page: the latest stories, then each section's.
    fn front(&self, route: &Route) -> Vars {
        let mut ctx = self.base(route, &self.site.config.title, "");
        let n = self.archive.articles.len().min(self.site.config.paginate);
        ctx.insert("latest", &self.entries(&(0..n).collect::<Vec<_>>()));
        let sections: Vec<Value> = self
            .archive
            .sections
            .iter()
            .map(|s| {
                let n = s.articles.len().min(plan::FRONT_PER_SECTION);
                json!({
                    "section": { "name": s.name, "title": s.title, "description": s.description,
                                 "url": self.site.url(&urls::section(&s.name)) },
                    "articles": self.entries(&s.articles[..n]),
                })
            })
            .collect();
        ctx.put("sections_latest", Value::Array(sections));
        ctx
    }

    /// The index of a taxonomy's terms.
    fn taxonomy_list(&self, route: &Route, t: usize) -> Vars {
        let tax = &self.archive.taxonomies[t];
        let mut ctx = self.base(route, tax.kind.title(), "");
        ctx.put("taxonomy", self.taxonomy_value(t));
        let terms: Vec<Value> = tax
            .terms
            .iter()
            .map(|term| {
                json!({ "name": term.name, "slug": term.slug, "count": term.articles.len(),
                        "url": self.site.url(&urls::term(tax.kind.name(), &term.slug)) })
            })
            .collect();
        ctx.put("terms", Value::Array(terms));
        ctx
    }

    /// The archive's years and their months.
    fn archive_index(&self, route: &Route) -> Vars {
        let mut ctx = self.base(route, "Archive", "");
        let prefix = &self.plan.archive_prefix;
        let years: Vec<Value> = self
            .archive
            .years
            .iter()
            .map(|y| {
                let months: Vec<Value> = y
                    .months
                    .iter()
                    .map(|m| json!({ "month": m.month, "name": month_name(m.month), "count": m.articles.len(),
                                     "url": self.site.url(&urls::month(prefix, y.year, m.month)) }))
                    .collect();
                json!({ "year": y.year, "count": y.articles.len(),
                        "url": self.site.url(&urls::year(prefix, y.year)), "months": months })
            })
            .collect();
        ctx.put("years", Value::Array(years));
        ctx
    }

    /// One sitemap file's URLs.
    fn sitemap(&self, route: &Route, range: std::ops::Range<usize>) -> Vars {
        let mut ctx = self.base(route, "Sitemap", "");
        let urls: Vec<Value> = self.plan.sitemap[range]
            .iter()
            .map(|u| json!({ "loc": self.site.permalink(self.plan.routes[u.route].path()), "lastmod": u.lastmod.map(|d| rfc3339(&d)) }))
            .collect();
        ctx.put("urls", Value::Array(urls));
        ctx
    }

    /// The sitemap index: one entry per sitemap file.
    fn sitemap_index(&self, route: &Route, n: usize) -> Vars {
        let mut ctx = self.base(route, "Sitemap", "");
        let lastmod = self.plan.newest_lastmod().map(|d| rfc3339(&d));
        let maps: Vec<Value> = (1..=n)
            .map(|k| json!({ "loc": self.site.permalink(&format!("sitemap-{k}.xml")), "lastmod": lastmod }))
            .collect();
        ctx.put("sitemaps", Value::Array(maps));
        ctx
    }

    /// `robots.txt`, naming the sitemaps.
    fn robots(&self, route: &Route) -> Vars {
        let mut ctx = self.base(route, "robots.txt", "");
        ctx.insert(
            "sitemaps",
            &[
                self.site.permalink("sitemap.xml"),
                self.site.permalink("news-sitemap.xml"),
            ],
        );
        ctx
    }

    fn article(&self, route: &Route, i: usize) -> Result<Vars, String> {
        let a = &self.archive.articles[i];
        let e = self.entry(i);
        let mut ctx = self.base(route, &a.title, &a.summary);
        let body = self.body_html(i)?;
        let mut v = serde_json::to_value(&e).map_err(|e| e.to_string())?;
        v["content"] = Value::String(body);
        v["corrections"] = json!(
            a.details()
                .corrections
                .iter()
                .map(|c| json!({ "date": rfc3339(&c.date), "note": c.note }))
                .collect::<Vec<_>>()
        );
        v["extra"] = Value::Object(a.details().extra.clone());
        v["source_url"] = json!(a.details().source_url);
        v["jsonld"] = Value::String(super::jsonld::news_article(self.site, &e));
        ctx.put("article", v);
        ctx.insert("prev", &self.archive.older(i).map(|n| self.entry(n)));
        ctx.insert("next", &self.archive.newer(i).map(|n| self.entry(n)));
        Ok(ctx)
    }

    fn taxonomy_value(&self, t: usize) -> Value {
        let kind = self.archive.taxonomies[t].kind;
        json!({ "name": kind.name(), "title": kind.title(), "url": self.site.url(&urls::taxonomy(kind.name())) })
    }

    /// A listing's title and description: the section's, the term's name or the period.
    fn listing_title(&self, source: ListSource) -> (String, String) {
        let archive = self.archive;
        match source {
            ListSource::Section(s) => (
                archive.sections[s].title.clone(),
                archive.sections[s].description.clone(),
            ),
            ListSource::Term(t, x) => (archive.taxonomies[t].terms[x].name.clone(), String::new()),
            ListSource::Year(y) => (archive.years[y].year.to_string(), String::new()),
            ListSource::Month(y, m) => {
                let m = &archive.years[y].months[m];
                (format!("{} {}", month_name(m.month), m.year), String::new())
            }
            ListSource::Day(y, m, d) => {
                let d = &archive.years[y].months[m].days[d];
                (
                    format!("{} {} {}", d.day, month_name(d.month), d.year),
                    String::new(),
                )
            }
        }
    }

    /// A section's, term's or period's listing page.
    fn listing(&self, route: &Route, l: &Listing) -> Vars {
        let items = l.source.items(self.archive);
        let (title, description) = self.listing_title(l.source);
        let page_title = if l.page > 0 {
            format!("{title} (page {})", l.page + 1)
        } else {
            title.clone()
        };
        let mut ctx = self.base(route, &page_title, &description);
        ctx.put("paginator", self.paginator(l, &items));
        self.listing_subject(&mut ctx, l, &title, items.len());
        ctx
    }

    /// The listing's page of entries and the links to its other pages.
    fn paginator(&self, l: &Listing, items: &Items) -> Value {
        let url = |n: usize| self.site.url(&urls::paginated(&l.base, n));
        let window = l.page.saturating_sub(3)..(l.page + 4).min(l.pages);
        let pages: Vec<PageLink> = window
            .map(|n| PageLink {
                number: n + 1,
                url: url(n),
                current: n == l.page,
            })
            .collect();
        json!({
                "current": l.page + 1,
                "total": l.pages,
                "total_items": items.len(),
                "items": self.entries(&items.get(l.items.clone())),
                "prev_url": (l.page > 0).then(|| url(l.page - 1)),
                "next_url": (l.page + 1 < l.pages).then(|| url(l.page + 1)),
                "first_url": url(0),
                "last_url": url(l.pages - 1),
                "pages": pages,
        })
    }

    /// What the listing lists, for the template: `section`, `taxonomy` and `term`, or
    /// `period` with its neighbours (and a year's months).
    fn listing_subject(&self, ctx: &mut Vars, l: &Listing, title: &str, count: usize) {
        let archive = self.archive;
        let base_url = self.site.url(&l.base);
        match l.source {
            ListSource::Section(s) => {
                let sec = &archive.sections[s];
                ctx.put(
                    "section",
                    json!({ "name": sec.name, "title": sec.title, "description": sec.description,
                                               "url": base_url, "count": count }),
                );
            }
            ListSource::Term(t, x) => {
                let term = &archive.taxonomies[t].terms[x];
                ctx.put("taxonomy", self.taxonomy_value(t));
                ctx.put("term", json!({ "name": term.name, "slug": term.slug, "url": base_url, "count": count }));
            }
            ListSource::Year(..) | ListSource::Month(..) | ListSource::Day(..) => {
                let (kind, year, month, day) = match l.source {
                    ListSource::Year(y) => ("year", archive.years[y].year, None, None),
                    ListSource::Month(y, m) => (
                        "month",
                        archive.years[y].year,
                        Some(archive.years[y].months[m].month),
                        None,
                    ),
                    ListSource::Day(y, m, d) => {
                        let day = &archive.years[y].months[m].days[d];
                        ("day", day.year, Some(day.month), Some(day.day))
                    }
                    _ => unreachable!("matched above"),
                };
                ctx.put("period", json!({ "kind": kind, "title": title, "url": base_url,
                                              "year": year, "month": month, "day": day, "count": count }));
                let prefix = &self.plan.archive_prefix;
                let link = |p: Period| {
                    plan::neighbour(archive, prefix, l.source, p).map(|path| {
                        json!({ "title": period_title(&path, kind), "url": self.site.url(&path) })
                    })
                };
                ctx.insert("prev_period", &link(Period::Older));
                ctx.insert("next_period", &link(Period::Newer));
                if let ListSource::Year(y) = l.source {
                    let months: Vec<Value> = archive.years[y]
                        .months
                        .iter()
                        .map(|m| json!({ "month": m.month, "name": month_name(m.month), "count": m.articles.len(),
                                         "url": self.site.url(&urls::month(prefix, m.year, m.month)) }))
                        .collect();
                    ctx.put("months", Value::Array(months));
                }
            }
        }
    }

    fn feed(&self, route: &Route, scope: FeedScope, format: FeedFormat) -> Result<Vars, String> {
        let archive = self.archive;
        let (title, base) = match scope {
            FeedScope::Site => (self.site.config.title.clone(), String::new()),
            FeedScope::Section(s) => (
                format!("{} — {}", archive.sections[s].title, self.site.config.title),
                urls::section(&archive.sections[s].name),
            ),
            FeedScope::Term(t, x) => {
                let term = &archive.taxonomies[t].terms[x];
                (
                    format!("{} — {}", term.name, self.site.config.title),
                    urls::term("tags", &term.slug),
                )
            }
        };
        let items = scope.items(archive).get(0..self.site.config.feeds.limit);
        let updated = items
            .iter()
            .map(|&i| archive.articles[i].modified())
            .max()
            .map(|d| rfc3339(&d))
            .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
        let mut list = Vec::with_capacity(items.len());
        for &i in &items {
            let mut v = serde_json::to_value(self.entry(i)).map_err(|e| e.to_string())?;
            v["content"] = Value::String(if self.site.config.feeds.full_content {
                self.body_html(i)?
            } else {
                archive.articles[i].summary.clone()
            });
            v["id"] = Value::String(v["permalink"].as_str().unwrap_or_default().to_string());
            list.push(v);
        }
        let mut ctx = self.base(route, &title, &self.site.config.description);
        ctx.put(
            "feed",
            json!({
                "title": title,
                "description": self.site.config.description,
                "url": self.site.permalink(route.path()),
                "link": self.site.permalink(&base),
                "updated": updated,
                "format": match format { FeedFormat::Rss => "rss", FeedFormat::Atom => "atom" },
            }),
        );
        ctx.put("items", Value::Array(list));
        Ok(ctx)
    }
}

/// A period link's label from its path: `2021/09/` → `September 2021`.
fn period_title(path: &str, kind: &str) -> String {
    let parts: Vec<&str> = path.trim_end_matches('/').rsplit('/').collect();
    let num = |i: usize| {
        parts
            .get(i)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    match kind {
        "year" => num(0).to_string(),
        "month" => format!("{} {}", month_name(num(0)), num(1)),
        _ => format!("{} {} {}", num(0), month_name(num(1)), num(2)),
    }
}
