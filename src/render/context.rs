//! Template contexts: what each kind of page hands its template, as Tera values. Listing
//! entries are shared, not copied (see `entry`). The variables are documented in
//! `themes/README.md`.

use tera::{Context, Value};

use super::Renderer;
use super::values::{extend, from_serde, list, map};
use crate::config::Pagination;
use crate::core::rfc3339;
use crate::plan::{
    self, FeedFormat, FeedScope, Items, ListSource, Listing, Page, Period, Role, Route, urls,
};

/// A page's template variables.
#[derive(Default)]
pub struct Vars(Context);

impl Vars {
    fn put(&mut self, key: &'static str, value: Value) {
        self.0.insert_value(key, value);
    }

    pub fn into_context(self) -> Context {
        self.0
    }
}

/// A string value, or none.
fn opt(text: Option<String>) -> Value {
    Value::from(text)
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
        // A story in another language than the site's is marked as such.
        let language = match &route.page {
            Page::Article(i) => self.language_of(*i),
            _ => &self.site.config.language,
        };
        let description = if description.is_empty() {
            &self.site.config.description
        } else {
            description
        };
        let (editions, alternates) = self.editions(route);
        ctx.put(
            "page",
            map([
                ("kind", route.page.kind().into()),
                ("url", self.site.url(route.path()).into()),
                ("permalink", self.site.permalink(route.path()).into()),
                ("title", title.into()),
                ("language", language.into()),
                ("section", section.into()),
                ("taxonomy", taxonomy.into()),
                ("description", description.into()),
                ("editions", editions),
                ("alternates", alternates),
                ("rss_url", self.site.url(&format!("{feeds}rss.xml")).into()),
                (
                    "atom_url",
                    self.site.url(&format!("{feeds}atom.xml")).into(),
                ),
            ]),
        );
        ctx
    }

    pub(super) fn context(&self, route: &Route) -> Result<Vars, String> {
        Ok(match &route.page {
            Page::Article(i) => self.article(route, *i)?,
            Page::Front => self.front(route),
            Page::Listing(l) => self.listing(route, l),
            Page::TaxonomyList(t) => self.taxonomy_list(route, *t),
            Page::ArchiveIndex => self.archive_index(route),
            Page::NotFound => self.base(route, &self.words().text("page_not_found"), ""),
            Page::Search => self.base(route, &self.words().text("search"), ""),
            Page::Standalone(p) => self.standalone(route, *p),
            Page::Alias(i) => {
                let mut ctx = self.base(route, &self.archive.articles[*i].title, "");
                let target = self.site.permalink(self.plan.article_path(*i));
                ctx.put("target", target.into());
                ctx.put("filling", false.into());
                ctx
            }
            Page::Feed(scope, format) => self.feed(route, *scope, *format)?,
            Page::Sitemap(range) => self.sitemap(route, range.clone()),
            Page::SitemapIndex(files) => self.sitemap_index(route, files),
            Page::NewsSitemap(items) => {
                let mut ctx = self.base(route, "News sitemap", "");
                // Each story in its own language, as the news schema writes it.
                let items = items.iter().map(|&i| {
                    let language = self.language_of(i);
                    extend(
                        &self.entry(i),
                        [("news_language", news_language(language).into())],
                    )
                });
                ctx.put("items", list(items));
                ctx.put(
                    "news_language",
                    news_language(&self.site.config.language).into(),
                );
                ctx
            }
            Page::Robots(maps) => self.robots(route, maps),
            Page::Asset(_) | Page::Photo(..) | Page::BundleFile(..) => {
                return Err("assets are copied, not rendered".into());
            }
        })
    }

    /// The front page: the latest stories, then each section's.
    fn front(&self, route: &Route) -> Vars {
        let mut ctx = self.base(route, &self.site.config.title, "");
        let n = self.archive.articles.len().min(self.site.config.paginate);
        ctx.put("latest", self.entries(&(0..n).collect::<Vec<_>>()));
        let sections = self.archive.sections.iter().map(|s| {
            let items = plan::front_section_items(s, self.site.config.paginate);
            map([
                (
                    "section",
                    map([
                        ("name", s.name.as_str().into()),
                        ("title", s.title.as_str().into()),
                        ("description", s.description.as_str().into()),
                        ("url", self.site.url(&urls::section(&s.name)).into()),
                    ]),
                ),
                ("articles", self.entries(&items)),
            ])
        });
        ctx.put("sections_latest", list(sections));
        ctx
    }

    /// A standalone page: its title, description, body and when it last changed.
    fn standalone(&self, route: &Route, p: usize) -> Vars {
        let page = &self.archive.pages[p];
        let description = page.description.as_deref().unwrap_or_default();
        let mut ctx = self.base(route, &page.title, description);
        ctx.put("content", super::markdown::to_html(&page.body).into());
        ctx.put("updated", opt(page.updated.map(|d| rfc3339(&d))));
        ctx
    }

    /// The index of a taxonomy's terms.
    fn taxonomy_list(&self, route: &Route, t: usize) -> Vars {
        let tax = &self.archive.taxonomies[t];
        let mut ctx = self.base(route, &self.words().text(tax.kind.name()), "");
        ctx.put("taxonomy", self.taxonomy_value(t));
        let terms = tax.terms.iter().map(|term| {
            map([
                ("name", term.name.as_str().into()),
                ("slug", term.slug.as_str().into()),
                ("count", term.articles.len().into()),
                (
                    "url",
                    self.site
                        .url(&urls::term(tax.kind.name(), &term.slug))
                        .into(),
                ),
            ])
        });
        ctx.put("terms", list(terms));
        ctx
    }

    /// A year's or the archive's month `{month, name, count, url}`.
    fn month_value(&self, year: i32, month: &crate::archive::Month) -> Value {
        map([
            ("month", month.month.into()),
            ("name", self.words().month(month.month).into()),
            ("count", month.articles.len().into()),
            (
                "url",
                self.site
                    .url(&urls::month(&self.plan.archive_prefix, year, month.month))
                    .into(),
            ),
        ])
    }

    /// The archive's years and their months.
    fn archive_index(&self, route: &Route) -> Vars {
        let mut ctx = self.base(route, &self.words().text("archive"), "");
        let prefix = &self.plan.archive_prefix;
        let years = self.archive.years.iter().map(|y| {
            map([
                ("year", y.year.into()),
                ("count", y.articles.len().into()),
                ("url", self.site.url(&urls::year(prefix, y.year)).into()),
                (
                    "months",
                    list(y.months.iter().map(|m| self.month_value(y.year, m))),
                ),
            ])
        });
        ctx.put("years", list(years));
        ctx
    }

    /// One sitemap file's URLs.
    fn sitemap(&self, route: &Route, range: std::ops::Range<usize>) -> Vars {
        let mut ctx = self.base(route, "Sitemap", "");
        let mut translated = false;
        let urls: Vec<Value> = self.plan.sitemap[range]
            .iter()
            .map(|u| {
                let alternates = match self.plan.routes[u.route].page {
                    Page::Article(i) => self.alternates(i),
                    _ => Vec::new(),
                };
                translated |= !alternates.is_empty();
                map([
                    (
                        "loc",
                        self.site.permalink(self.plan.routes[u.route].path()).into(),
                    ),
                    ("lastmod", opt(u.lastmod.map(|d| rfc3339(&d)))),
                    ("alternates", list(alternates)),
                ])
            })
            .collect();
        ctx.put("urls", list(urls));
        // The `xhtml` namespace, declared only in a file that uses it.
        ctx.put("alternates", translated.into());
        ctx
    }

    /// The sitemap index: one entry per sitemap file, dated by its newest URL.
    fn sitemap_index(
        &self,
        route: &Route,
        files: &[(String, Option<std::ops::Range<usize>>)],
    ) -> Vars {
        let mut ctx = self.base(route, "Sitemap", "");
        let maps = files.iter().map(|(name, range)| {
            let lastmod = range.clone().and_then(|r| self.plan.newest_lastmod(r));
            map([
                ("loc", self.site.permalink(name).into()),
                ("lastmod", opt(lastmod.map(|d| rfc3339(&d)))),
            ])
        });
        ctx.put("sitemaps", list(maps));
        ctx
    }

    /// `robots.txt`, naming every edition's sitemap and news sitemap files.
    fn robots(&self, route: &Route, maps: &[String]) -> Vars {
        let mut ctx = self.base(route, "robots.txt", "");
        let urls = maps
            .iter()
            .map(|m| Value::from(self.site.home_permalink(m)));
        ctx.put("sitemaps", list(urls));
        ctx
    }

    /// A story's page: its entry with its body, corrections, `extra`, source and JSON-LD,
    /// and its neighbours' entries.
    fn article(&self, route: &Route, i: usize) -> Result<Vars, String> {
        let a = &self.archive.articles[i];
        let e = self.story_entry(i);
        let mut ctx = self.base(route, &a.title, &a.summary);
        let body = self.body_html(i)?;
        let details = a.details();
        let corrections = details.corrections.iter().map(|c| {
            map([
                ("date", rfc3339(&c.date).into()),
                ("time_given", c.time_given.into()),
                ("note", c.note.as_str().into()),
            ])
        });
        let jsonld = super::jsonld::news_article(self.site, &e, a);
        let article = extend(
            &e,
            [
                ("content", body.into()),
                // The standfirst, when the summary is not the body's first paragraph.
                (
                    "standfirst",
                    a.summary_given.then_some(a.summary.as_str()).into(),
                ),
                ("corrections", list(corrections)),
                ("extra", from_serde(&details.extra)),
                ("source_url", details.source_url.as_deref().into()),
                ("jsonld", jsonld.into()),
                ("translations", self.translations(i)),
                ("x_default", self.x_default(i).into()),
                // Shown on the story's page only, so not in every listing's entries.
                (
                    "image_caption",
                    details.image_caption.as_deref().unwrap_or("").into(),
                ),
                (
                    "image_credit",
                    details.image_credit.as_deref().unwrap_or("").into(),
                ),
            ],
        );
        ctx.put("article", article);
        let neighbour = |n: Option<usize>| n.map_or_else(Value::none, |n| self.story_entry(n));
        ctx.put("prev", neighbour(self.archive.older(i)));
        ctx.put("next", neighbour(self.archive.newer(i)));
        Ok(ctx)
    }

    fn taxonomy_value(&self, t: usize) -> Value {
        let kind = self.archive.taxonomies[t].kind;
        map([
            ("name", kind.name().into()),
            ("title", self.words().text(kind.name()).into()),
            ("url", self.site.url(&urls::taxonomy(kind.name())).into()),
        ])
    }

    /// A listing's title and description: the section's, the term's name or the period.
    fn listing_title(&self, source: ListSource) -> (String, String) {
        let archive = self.archive;
        match source {
            ListSource::Section(s) => (
                archive.sections[s].title.clone(),
                archive.sections[s].description.clone(),
            ),
            ListSource::Term(t, x) => (
                archive.taxonomies[t].terms[x].name.to_string(),
                String::new(),
            ),
            ListSource::Year(y) => (archive.years[y].year.to_string(), String::new()),
            ListSource::Month(y, m) => {
                let m = &archive.years[y].months[m];
                (self.month_title(m.month, m.year), String::new())
            }
            ListSource::Day(y, m, d) => {
                let d = &archive.years[y].months[m].days[d];
                (self.day_title(d.year, d.month, d.day), String::new())
            }
        }
    }

    /// A section's, term's or period's listing page.
    fn listing(&self, route: &Route, l: &Listing) -> Vars {
        if l.is_filling() {
            // A redirect to the first URL (the alias template), which shows its stories: by
            // its path, so that `serve` leads there too.
            let mut ctx = self.base(route, "", "");
            ctx.put("target", self.site.url(&l.base).into());
            ctx.put("filling", true.into());
            return ctx;
        }
        let items = l.source.items(self.archive);
        let (title, description) = self.listing_title(l.source);
        let page_title = match l.pager.number(l.page) {
            Some(k) => self
                .words()
                .get(
                    "page_title",
                    None,
                    &[("title", title.clone()), ("n", k.to_string())],
                )
                .unwrap_or_else(|| format!("{title} (page {k})")),
            None => title.clone(),
        };
        let mut ctx = self.base(route, &page_title, &description);
        ctx.put("paginator", self.paginator(l, &items));
        self.listing_subject(&mut ctx, l, &title, items.len());
        ctx
    }

    /// The listing's page of entries and the links to its other pages. A stable full
    /// page gets nothing that changes when stories are added: its counts are null (see
    /// `plan::Planner::listing_page`, whose fingerprint covers exactly this).
    fn paginator(&self, l: &Listing, items: &Items) -> Value {
        let p = &l.pager;
        let url = |n: usize| self.site.url(&p.path(&l.base, n));
        // Newest-first, the first URL is page 1.
        let number = |n: usize| match p.scheme {
            Pagination::NewestFirst => Some(n + 1),
            Pagination::Stable => p.number(n),
        };
        let pages = p.window(l.page).into_iter().map(|n| {
            map([
                ("number", number(n).into()),
                ("url", url(n).into()),
                ("current", (n == l.page).into()),
            ])
        });
        let role = p.role(l.page);
        let counted = role != Role::Full;
        map([
            ("scheme", p.scheme.name().into()),
            ("role", role.name().into()),
            ("first", (l.page == 0).into()),
            ("current", number(l.page).into()),
            ("total", counted.then(|| p.numbered()).into()),
            ("total_items", counted.then(|| items.len()).into()),
            ("items", self.entries(&items.get(l.items.clone()))),
            ("prev_url", opt(p.newer(l.page).map(url))),
            ("next_url", opt(p.older(l.page).map(url))),
            ("first_url", url(0).into()),
            ("last_url", url(p.oldest()).into()),
            ("pages", list(pages)),
        ])
    }

    /// What the listing lists, for the template: `section`, `taxonomy` and `term`, or
    /// `period` with its neighbours (and a year's months). On a stable full page the
    /// count is null.
    fn listing_subject(&self, ctx: &mut Vars, l: &Listing, title: &str, count: usize) {
        let archive = self.archive;
        let count: Value = (l.pager.role(l.page) != Role::Full).then_some(count).into();
        let base_url = self.site.url(&l.base);
        match l.source {
            ListSource::Section(s) => {
                let sec = &archive.sections[s];
                ctx.put(
                    "section",
                    map([
                        ("name", sec.name.as_str().into()),
                        ("title", sec.title.as_str().into()),
                        ("description", sec.description.as_str().into()),
                        ("url", base_url.into()),
                        ("count", count),
                    ]),
                );
            }
            ListSource::Term(t, x) => {
                let term = &archive.taxonomies[t].terms[x];
                ctx.put("taxonomy", self.taxonomy_value(t));
                ctx.put(
                    "term",
                    map([
                        ("name", term.name.as_str().into()),
                        ("slug", term.slug.as_str().into()),
                        ("url", base_url.into()),
                        ("count", count),
                    ]),
                );
            }
            ListSource::Year(..) | ListSource::Month(..) | ListSource::Day(..) => {
                self.period_subject(ctx, l, title, base_url, count);
            }
        }
    }

    /// A date archive's `period`, `prev_period`, `next_period` and (on a year's pages)
    /// `months`. A stable full page has no newer period and no months, which change when
    /// stories are added; nor has a filling page a newer period (only the first URL does).
    fn period_subject(&self, ctx: &mut Vars, l: &Listing, title: &str, url: String, count: Value) {
        let archive = self.archive;
        let role = l.pager.role(l.page);
        let full = role == Role::Full;
        let (kind, year, month, day) = match l.source {
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
            _ => (
                "year",
                match l.source {
                    ListSource::Year(y) => archive.years[y].year,
                    _ => 0,
                },
                None,
                None,
            ),
        };
        ctx.put(
            "period",
            map([
                ("kind", kind.into()),
                ("title", title.into()),
                ("url", url.into()),
                ("year", year.into()),
                ("month", month.into()),
                ("day", day.into()),
                ("count", count),
            ]),
        );
        let prefix = &self.plan.archive_prefix;
        let link = |p: Period| {
            plan::neighbour(archive, prefix, l.source, p).map_or_else(Value::none, |path| {
                map([
                    ("title", self.period_title(&path, kind).into()),
                    ("url", self.site.url(&path).into()),
                ])
            })
        };
        ctx.put("prev_period", link(Period::Older));
        if role == Role::Full {
            ctx.put("next_period", Value::none());
        } else {
            ctx.put("next_period", link(Period::Newer));
        }
        if let (ListSource::Year(_), true) = (l.source, full) {
            ctx.put("months", Value::none());
        } else if let ListSource::Year(y) = l.source {
            let y = &archive.years[y];
            let months = y.months.iter().map(|m| self.month_value(m.year, m));
            ctx.put("months", list(months));
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
        let mut list_items = Vec::with_capacity(items.len());
        for &i in &items {
            let e = self.entry(i);
            let content = if self.site.config.feeds.full_content {
                let permalink = e.get_from_path("permalink").and_then(Value::as_str);
                super::feed_html::feed_html(&self.body_html(i)?, permalink.unwrap_or_default())
                    .into()
            } else {
                e.get_from_path("summary")
                    .cloned()
                    .unwrap_or_else(Value::none)
            };
            let id = e
                .get_from_path("permalink")
                .cloned()
                .unwrap_or_else(Value::none);
            list_items.push(extend(&e, [("content", content), ("id", id)]));
        }
        let mut ctx = self.base(route, &title, &self.site.config.description);
        let format = match format {
            FeedFormat::Rss => "rss",
            FeedFormat::Atom => "atom",
        };
        ctx.put(
            "feed",
            map([
                ("title", title.as_str().into()),
                ("description", self.site.config.description.as_str().into()),
                ("url", self.site.permalink(route.path()).into()),
                ("link", self.site.permalink(&base).into()),
                ("updated", updated.into()),
                ("format", format.into()),
            ]),
        );
        ctx.put("items", list(list_items));
        Ok(ctx)
    }
}

impl Renderer<'_> {
    fn words(&self) -> &crate::theme::Translations {
        &self.theme.words
    }

    /// A month as a heading names it in the site's language (`March 2026`, `Март 2026`).
    fn month_title(&self, month: u32, year: i32) -> String {
        let args = [
            ("month", self.words().month(month)),
            ("year", year.to_string()),
        ];
        self.words()
            .get("month_title", None, &args)
            .unwrap_or_else(|| format!("{} {year}", self.words().month(month)))
    }

    /// A day as the site's language writes it (`14 March 2026`, `14 марта 2026`).
    fn day_title(&self, year: i32, month: u32, day: u32) -> String {
        match chrono::NaiveDate::from_ymd_opt(year, month, day) {
            Some(d) => match self.words().locale {
                Some(locale) => d.format_localized("%-d %B %Y", locale).to_string(),
                None => d.format("%-d %B %Y").to_string(),
            },
            None => format!("{year}-{month:02}-{day:02}"),
        }
    }

    /// A period link's label from its path: `2021/09/` → `September 2021`.
    fn period_title(&self, path: &str, kind: &str) -> String {
        let parts: Vec<&str> = path.trim_end_matches('/').rsplit('/').collect();
        let num = |i: usize| {
            parts
                .get(i)
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0)
        };
        match kind {
            "year" => num(0).to_string(),
            "month" => self.month_title(num(0), num(1) as i32),
            _ => self.day_title(num(2) as i32, num(1), num(0)),
        }
    }
}

/// A language tag as the Google News sitemap schema takes it: the ISO 639 code alone
/// (`pt-BR` → `pt`), except Chinese, which is `zh-cn` or `zh-tw`.
fn news_language(tag: &str) -> String {
    let tag = tag.to_ascii_lowercase();
    let mut parts = tag.split(['-', '_']);
    let code = parts.next().unwrap_or_default().to_string();
    if code != "zh" {
        return code;
    }
    let traditional = parts.any(|p| matches!(p, "tw" | "hk" | "mo" | "hant"));
    if traditional { "zh-tw" } else { "zh-cn" }.to_string()
}

#[cfg(test)]
mod news_tests {
    use super::news_language;

    #[test]
    fn news_languages_follow_the_news_schema() {
        for (tag, want) in [
            ("en", "en"),
            ("pt-BR", "pt"),
            ("en_GB", "en"),
            ("ru", "ru"),
            ("zh-CN", "zh-cn"),
            ("zh-Hant-TW", "zh-tw"),
            ("zh-HK", "zh-tw"),
            ("zh", "zh-cn"),
            ("fil", "fil"),
        ] {
            assert_eq!(news_language(tag), want, "{tag}");
        }
    }
}
