//! The news archive: taxonomies, date archives, feeds, sitemaps, structured data.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article, attrs, texts};

fn story(title: &str, date: &str, extra: &str) -> String {
    article(
        title,
        &format!("date = \"{date}\"\n{extra}"),
        &format!("Body of {title}."),
    )
}

fn newsroom() -> Site {
    Site::new(&[
        (
            "site.toml",
            "title = \"Test Times\"\nbase_url = \"https://t.example/\"\npaginate = 2\npagination = \"newest-first\"\nlanguage = \"en-GB\"\n",
        ),
        (
            "content/world/a.md",
            &story(
                "Sanctions widen",
                "2021-09-25T10:00:00Z",
                "tags = [\"Sanctions\", \"Europe\"]\nauthors = [\"Jane Doe\"]\ndateline = \"United Nations\"",
            ),
        ),
        (
            "content/world/b.md",
            &story(
                "Sanctions vote",
                "2021-09-25T08:00:00Z",
                "tags = [\"sanctions\"]\nauthors = [\"Jane Doe\", \"Li Wei\"]\ndateline = \"United Nations\"",
            ),
        ),
        (
            "content/world/c.md",
            &story(
                "Talks stall",
                "2021-09-02T08:00:00Z",
                "tags = [\"sanctions\"]\ndateline = \"Geneva\"",
            ),
        ),
        (
            "content/city/d.md",
            &story(
                "Tram opens",
                "2021-07-14T08:00:00Z",
                "authors = [\"Li Wei\"]",
            ),
        ),
        (
            "content/city/e.md",
            &story(
                "Budget passes",
                "2020-12-31T08:00:00Z",
                "tags = [\"budget\"]\ncorrections = [{ date = \"2021-01-05T09:00:00Z\", note = \"Corrected the total.\" }]",
            ),
        ),
    ])
}

#[test]
fn taxonomy_pages_list_terms_and_their_stories() {
    let site = newsroom();
    site.built();
    let tags = site.html("tags/index.html");
    let links = attrs(&tags, "main a[href^='/tags/']", "href");
    assert_eq!(
        links,
        vec!["/tags/budget/", "/tags/europe/", "/tags/sanctions/"]
    );
    assert!(
        texts(&tags, "main").join(" ").contains("3"),
        "counts are shown"
    );

    // "Sanctions" and "sanctions" are one term, newest first, paginated by 2.
    let titles = |p: &str| texts(&site.html(p), ".entry-title a");
    assert_eq!(
        titles("tags/sanctions/index.html"),
        vec!["Sanctions widen", "Sanctions vote"]
    );
    assert_eq!(
        titles("tags/sanctions/page/2/index.html"),
        vec!["Talks stall"]
    );
    assert_eq!(
        titles("authors/jane-doe/index.html"),
        vec!["Sanctions widen", "Sanctions vote"]
    );
    assert_eq!(
        titles("authors/li-wei/index.html"),
        vec!["Sanctions vote", "Tram opens"]
    );
    assert!(
        !site.exists("authors/li-wei/page/2/index.html"),
        "exactly N stories make one page"
    );
    assert_eq!(
        titles("places/united-nations/index.html"),
        vec!["Sanctions widen", "Sanctions vote"]
    );
    assert_eq!(titles("places/geneva/index.html"), vec!["Talks stall"]);
    assert!(site.exists("places/index.html") && site.exists("authors/index.html"));
}

#[test]
fn taxonomies_are_configurable_and_may_be_empty() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://t.example/\"\ntaxonomies = [\"tags\"]\n",
        ),
        (
            "content/world/a.md",
            &story("No tags here", "2021-01-01", "authors = [\"X\"]"),
        ),
    ]);
    site.built();
    assert!(site.exists("tags/index.html"));
    assert!(!site.exists("authors/index.html") && !site.exists("places/index.html"));
    assert!(
        site.read("tags/index.html").contains("class=\"empty\"")
            || texts(&site.html("tags/index.html"), "main")
                .join(" ")
                .to_lowercase()
                .contains("no ")
    );

    site.write("site.toml", "taxonomies = [\"tag\"]\n");
    let errors = site.errors();
    assert!(
        errors[0].contains("unknown taxonomy `tag`") && errors[0].contains("did you mean `tags`?"),
        "{errors:?}"
    );
}

#[test]
fn date_archives_list_each_period_newest_first() {
    let site = newsroom();
    site.built();
    let titles = |p: &str| texts(&site.html(p), ".entry-title a");
    assert_eq!(
        titles("2021/09/25/index.html"),
        vec!["Sanctions widen", "Sanctions vote"]
    );
    assert_eq!(
        titles("2021/09/index.html"),
        vec!["Sanctions widen", "Sanctions vote"]
    );
    assert_eq!(titles("2021/09/page/2/index.html"), vec!["Talks stall"]);
    assert_eq!(
        titles("2021/index.html"),
        vec!["Sanctions widen", "Sanctions vote"]
    );
    assert_eq!(titles("2020/12/31/index.html"), vec!["Budget passes"]);
    assert!(
        !site.exists("2021/08/index.html"),
        "no page for a month without stories"
    );

    let archive = site.html("archive/index.html");
    let hrefs = attrs(&archive, "main a", "href");
    for h in ["/2021/", "/2021/09/", "/2021/07/", "/2020/", "/2020/12/"] {
        assert!(
            hrefs.contains(&h.to_string()),
            "archive links {h}: {hrefs:?}"
        );
    }

    // A month links to the neighbouring months that have stories, skipping empty ones.
    let july = attrs(&site.html("2021/07/index.html"), "main a", "href");
    assert!(
        july.contains(&"/2021/09/".to_string()) && july.contains(&"/2020/12/".to_string()),
        "{july:?}"
    );
}

#[test]
fn archive_urls_follow_the_permalink_prefix() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://t.example/\"\npermalink = \"/news/:year/:month/:slug/\"\n",
        ),
        ("content/world/a.md", &story("A", "2021-09-25", "")),
    ]);
    site.built();
    assert!(site.exists("news/2021/09/a/index.html"));
    assert!(site.exists("news/2021/index.html") && site.exists("news/2021/09/25/index.html"));
}

#[test]
fn feeds_parse_and_carry_the_latest_stories() {
    let site = newsroom();
    site.built();
    for path in ["rss.xml", "atom.xml"] {
        let feed = site.feed(path);
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(
            titles,
            vec![
                "Sanctions widen",
                "Sanctions vote",
                "Talks stall",
                "Tram opens",
                "Budget passes"
            ],
            "{path}"
        );
        let first = &feed.entries[0];
        assert_eq!(
            first.published.unwrap().to_rfc3339(),
            "2021-09-25T10:00:00+00:00"
        );
        assert_eq!(first.links[0].href, "https://t.example/2021/09/25/a/");
        assert_eq!(first.authors[0].name.as_deref(), Some("Jane Doe"));
        assert!(
            first
                .categories
                .iter()
                .any(|c| c.term == "Sanctions" || c.label.as_deref() == Some("Sanctions"))
        );
    }
    // Atom's updated comes from corrections.
    let atom = site.feed("atom.xml");
    let budget = atom
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content == "Budget passes")
        .unwrap();
    assert_eq!(
        budget.updated.unwrap().to_rfc3339(),
        "2021-01-05T09:00:00+00:00"
    );
    // Section and tag feeds.
    let world: Vec<_> = site
        .feed("world/rss.xml")
        .entries
        .into_iter()
        .map(|e| e.title.unwrap().content)
        .collect();
    assert_eq!(
        world,
        vec!["Sanctions widen", "Sanctions vote", "Talks stall"]
    );
    assert_eq!(site.feed("tags/sanctions/atom.xml").entries.len(), 3);
    // Listing pages advertise their feed.
    let doc = site.html("world/index.html");
    assert_eq!(
        attrs(
            &doc,
            "link[rel=alternate][type='application/rss+xml']",
            "href"
        ),
        vec!["/world/rss.xml"]
    );
    assert_eq!(
        attrs(&doc, "link[rel=next]", "href"),
        vec!["/world/page/2/"]
    );
}

#[test]
fn feed_options_limit_content_and_tag_feeds() {
    let site = newsroom();
    site.write("site.toml", "base_url = \"https://t.example/\"\n[feeds]\nlimit = 2\nfull_content = true\nper_tag = false\n");
    site.built();
    let feed = site.feed("rss.xml");
    assert_eq!(feed.entries.len(), 2);
    // The summary in `description`, the body in `content:encoded`.
    let entry = &feed.entries[0];
    assert_eq!(
        entry.summary.as_ref().unwrap().content,
        "Body of Sanctions widen."
    );
    let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    assert!(body.contains("<p>Body of Sanctions widen.</p>"), "{body}");
    assert!(!site.exists("tags/sanctions/rss.xml"));
    assert!(site.exists("world/rss.xml"));
}

#[test]
fn hostile_titles_stay_escaped_in_feeds_and_sitemaps() {
    let evil = "<b>\"Fish & Chips\"</b> ]]> <script>";
    let site = Site::new(&[(
        "content/a/x.md",
        &story(evil, "2021-01-01", "tags = [\"a&b\"]"),
    )]);
    site.built();
    // The headline gets curly quotes; the rest stays as written, as text.
    let headline = evil.replace("\"Fish", "“Fish").replace("Chips\"", "Chips”");
    for path in ["rss.xml", "atom.xml", "tags/a-b/rss.xml"] {
        let feed = site.feed(path);
        assert_eq!(
            feed.entries[0].title.as_ref().unwrap().content,
            headline,
            "{path}"
        );
    }
    roxmltree::Document::parse(&site.read("sitemap.xml")).expect("sitemap is XML");
}

#[test]
fn sitemap_lists_pages_with_lastmod_and_robots_points_to_it() {
    let site = newsroom();
    site.built();
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    let budget = urls
        .iter()
        .find(|(l, _)| l == "https://t.example/2020/12/31/e/")
        .expect("article in sitemap");
    assert_eq!(budget.1.as_deref(), Some("2021-01-05T09:00:00+00:00"));
    for page in [
        "https://t.example/",
        "https://t.example/world/",
        "https://t.example/tags/sanctions/",
        "https://t.example/2021/09/",
    ] {
        assert!(urls.iter().any(|(l, _)| l == page), "{page} in sitemap");
    }
    assert!(!urls.iter().any(|(l, _)| l.ends_with("404.html")));
    let robots = site.read("robots.txt");
    assert!(robots.contains("Sitemap: https://t.example/sitemap.xml"));
    // No story of the last 48 hours: no news sitemap (an empty one fails Google's
    // schema), and robots.txt does not name one.
    assert!(!site.exists("news-sitemap.xml"));
    assert!(!robots.contains("news-sitemap"), "{robots}");
}

#[test]
fn news_sitemaps_split_at_a_thousand_and_speak_the_schema_s_language() {
    let now = chrono::Utc::now();
    let mut files = vec![(
        "site.toml".to_string(),
        "title = \"T\"\nbase_url = \"https://t.example/\"\nlanguage = \"pt-BR\"\npaginate = 500\ntaxonomies = []\nsearch = false\n".to_string(),
    )];
    for k in 0..1001 {
        let date = (now - chrono::Duration::minutes(k + 5))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        files.push((
            format!("content/a/s{k}.md"),
            story(&format!("S{k}"), &date, ""),
        ));
    }
    let site = Site::from_files(&files);
    site.built();
    let count = |name: &str| {
        let text = site.read(name);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let langs: Vec<String> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "language")
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        assert!(langs.iter().all(|l| l == "pt"), "{langs:?}");
        doc.descendants()
            .filter(|n| n.tag_name().name() == "url")
            .count()
    };
    assert_eq!(count("news-sitemap.xml"), 1000);
    assert_eq!(count("news-sitemap-2.xml"), 1);
    match common::schemas::missing() {
        None => {
            for name in ["news-sitemap.xml", "news-sitemap-2.xml"] {
                let path = site.path(&format!("public/{name}"));
                if let Err(report) = common::schemas::validate(&path, common::schemas::Schema::News)
                {
                    panic!("{name} fails its schema:\n{report}");
                }
            }
        }
        Some(why) if std::env::var("GAZETTE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") => {
            panic!("{why}")
        }
        Some(why) => eprintln!("skipped the schemas: {why}"),
    }
    let robots = site.read("robots.txt");
    for name in ["sitemap.xml", "news-sitemap.xml", "news-sitemap-2.xml"] {
        assert!(
            robots.contains(&format!("Sitemap: https://t.example/{name}\n"))
                || robots.ends_with(&format!("Sitemap: https://t.example/{name}")),
            "{name} in {robots}"
        );
    }
    // When the stories leave the window (here: when they are deleted), the files go.
    for k in 2..1001 {
        std::fs::remove_file(site.path(&format!("content/a/s{k}.md"))).unwrap();
    }
    site.built();
    assert!(site.exists("news-sitemap.xml") && !site.exists("news-sitemap-2.xml"));
    assert!(!site.read("robots.txt").contains("news-sitemap-2"));
}

#[test]
fn news_sitemap_holds_the_last_48_hours() {
    let now = chrono::Utc::now();
    let fmt = |h: i64| {
        (now - chrono::Duration::hours(h)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Test Times\"\nbase_url = \"https://t.example/\"\nlanguage = \"de\"\n",
        ),
        ("content/a/fresh.md", &story("Fresh", &fmt(2), "")),
        ("content/a/edge.md", &story("Yesterday", &fmt(47), "")),
        ("content/a/old.md", &story("Old", &fmt(49), "")),
    ]);
    site.built();
    let text = site.read("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://www.google.com/schemas/sitemap-news/0.9";
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "title" && n.tag_name().namespace() == Some(ns))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(titles, vec!["Fresh", "Yesterday"]);
    let name: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "name")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(name[0], "Test Times");
    let lang: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "language")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(lang[0], "de");
}

#[test]
fn article_pages_carry_canonical_social_tags_and_news_article_json_ld() {
    let site = newsroom();
    site.write("content/world/img.md", &story("With picture", "2021-09-26T10:00:00Z", "image = \"/images/p.svg\"\nimage_alt = \"A pier\"\nauthors = [\"Jane Doe\"]\ndateline = \"Oslo\"\nupdated = \"2021-09-27T10:00:00Z\""));
    site.built();
    let doc = site.html("2021/09/26/img/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        vec!["https://t.example/2021/09/26/img/"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:title']", "content"),
        vec!["With picture"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:type']", "content"),
        vec!["article"]
    );
    assert_eq!(
        attrs(&doc, "meta[name='twitter:card']", "content"),
        vec!["summary_large_image"]
    );
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "With picture");
    assert_eq!(ld["datePublished"], "2021-09-26T10:00:00+00:00");
    assert_eq!(ld["dateModified"], "2021-09-27T10:00:00+00:00");
    assert_eq!(ld["author"][0]["name"], "Jane Doe");
    assert_eq!(ld["locationCreated"]["name"], "Oslo");
    assert_eq!(ld["image"], "https://t.example/images/p.svg");
    assert_eq!(ld["publisher"]["name"], "Test Times");
}

#[test]
fn full_feed_content_has_absolute_addresses_only() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://t.example/news/\"\n[feeds]\nfull_content = true\n",
        ),
        (
            "content/world/2021-09-25-vote.md",
            &article(
                "Vote",
                "",
                "See [the earlier story](/2021/09/01/talks/), a note[^1] and ![a map](/images/map.png).\n\n<p><a href=\"../other/\">raw</a> <img src=\"pic.jpg\" alt=\"\"></p>\n\n[^1]: The note.",
            ),
        ),
    ]);
    site.built();
    for path in ["rss.xml", "atom.xml"] {
        let text = site.read(path);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let content = doc
            .descendants()
            .find(|n| matches!(n.tag_name().name(), "encoded" | "content"))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no content in {path}"));
        let html = scraper::Html::parse_fragment(content);
        let mut urls = attrs(&html, "a", "href");
        urls.extend(attrs(&html, "img", "src"));
        assert!(urls.len() >= 5, "{path}: {urls:?}");
        for url in &urls {
            assert!(
                url.starts_with("https://t.example/"),
                "{path}: {url} in {content}"
            );
        }
        // Each address is what it is on the page: a path from the host's root, or
        // relative to the story's page; the footnote's link goes to the note on the page.
        for want in [
            "https://t.example/2021/09/01/talks/",
            "https://t.example/images/map.png",
            "https://t.example/news/2021/09/25/other/",
            "https://t.example/news/2021/09/25/vote/pic.jpg",
        ] {
            assert!(urls.iter().any(|u| u == want), "{path}: {want} in {urls:?}");
        }
        assert!(
            urls.iter()
                .any(|u| u.starts_with("https://t.example/news/2021/09/25/vote/#")),
            "{path}: {urls:?}"
        );
    }
}

#[test]
fn structured_data_and_share_tags_carry_what_rich_results_use() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Test Times\"\nbase_url = \"https://t.example/\"\nlanguage = \"pt-BR\"\nlogo = \"/images/logo.png\"\nimage = \"https://cdn.example/share.jpg\"\n",
        ),
        (
            "content/world/2021-09-25-vote.md",
            &article(
                "Vote",
                "authors = [\"Jane Doe\"]\n[[corrections]]\ndate = \"2021-09-26 09:00\"\nnote = \"An earlier version misspelt the minister's name.\"",
                "Body.",
            ),
        ),
        (
            "content/world/2021-09-26-pic.md",
            &article("Pic", "image = \"/images/p.jpg\"", "Body."),
        ),
    ]);
    site.built();
    let doc = site.html("2021/09/25/vote/index.html");
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(
        ld["author"][0]["url"],
        "https://t.example/authors/jane-doe/"
    );
    assert_eq!(ld["publisher"]["logo"]["@type"], "ImageObject");
    assert_eq!(
        ld["publisher"]["logo"]["url"],
        "https://t.example/images/logo.png"
    );
    // No image of its own: the site's share image.
    assert_eq!(ld["image"], "https://cdn.example/share.jpg");
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(
        ld["correction"][0]["text"],
        "An earlier version misspelt the minister's name."
    );
    assert_eq!(
        ld["correction"][0]["datePublished"],
        "2021-09-26T09:00:00+00:00"
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:locale']", "content"),
        ["pt_BR"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image']", "content"),
        ["https://cdn.example/share.jpg"]
    );
    assert_eq!(
        attrs(&doc, "meta[name='twitter:image']", "content"),
        ["https://cdn.example/share.jpg"]
    );
    // A story's own image wins, in every place.
    let doc = site.html("2021/09/26/pic/index.html");
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["image"], "https://t.example/images/p.jpg");
    assert!(ld.get("correction").is_none());
    for selector in ["meta[property='og:image']", "meta[name='twitter:image']"] {
        assert_eq!(
            attrs(&doc, selector, "content"),
            ["https://t.example/images/p.jpg"]
        );
    }
}
