//! The core build: articles at their permalinks, derived fields, drafts and future stories,
//! pagination, theme overrides, escaping, determinism and output safety.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article, attrs, texts};
use gazette::driver::Options;

#[test]
fn articles_land_at_their_permalinks_with_derived_fields() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://news.example.org/\"\ntimezone = \"Europe/Moscow\"\n",
        ),
        (
            "content/world/2021-09-25-un-vote.md",
            &article(
                "Assembly backs ocean treaty",
                "tags = [\"oceans\"]\nauthors = [\"Jane Doe\"]\ndateline = \"United Nations\"",
                "The General Assembly voted on Saturday.\n\nSecond paragraph.",
            ),
        ),
        (
            "content/city/no-prefix.md",
            &article(
                "Tram line opens",
                "date = \"2022-01-02 08:15\"",
                "Trams run.",
            ),
        ),
        (
            "content/city/2022-03-04-ignored-name.md",
            &article("Named by slug", "slug = \"custom slug\"", "Body."),
        ),
    ]);
    let report = site.built();
    assert_eq!(report.stories, 3);

    let doc = site.html("2021/09/25/un-vote/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["Assembly backs ocean treaty"]);
    // A date without a time (here the file name's) is the day alone: no invented midnight.
    assert!(attrs(&doc, "time", "datetime").contains(&"2021-09-25".to_string()));
    assert_eq!(texts(&doc, ".published time"), vec!["25 September 2021"]);
    assert!(texts(&doc, "a").iter().any(|t| t == "Jane Doe"));
    assert!(texts(&doc, "a").iter().any(|t| t == "United Nations"));
    // Summary defaults to the first paragraph.
    assert_eq!(
        attrs(&doc, "meta[name=description]", "content"),
        vec!["The General Assembly voted on Saturday."]
    );
    // Section from the first folder, time from front matter in the site's zone.
    let doc = site.html("2022/01/02/no-prefix/index.html");
    assert!(attrs(&doc, "time", "datetime").contains(&"2022-01-02T08:15:00+03:00".to_string()));
    assert!(attrs(&doc, "a", "href").contains(&"/city/".to_string()));
    assert!(site.exists("2022/03/04/custom-slug/index.html"));
    assert!(site.exists("city/index.html") && site.exists("world/index.html"));
}

#[test]
fn cyrillic_headlines_get_transliterated_slugs() {
    let site = Site::new(&[
        (
            "content/world/story.md",
            &article(
                "Паром вернулся в Архангельск",
                "date = \"2024-05-18\"\nslug = \"Паром вернулся\"",
                "Текст.",
            ),
        ),
        (
            "content/world/2024-05-19-.md",
            &article("Ледокол вышел в море", "", "Текст."),
        ),
    ]);
    site.built();
    assert!(site.exists("2024/05/18/parom-vernulsia/index.html"));
    assert!(site.exists("2024/05/19/ledokol-vyshel-v-more/index.html"));
    let doc = site.html("2024/05/18/parom-vernulsia/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["Паром вернулся в Архангельск"]);
}

#[test]
fn permalink_pattern_and_base_path_are_followed() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://example.org/news/\"\npermalink = \"/:section/:year/:slug.html\"\n",
        ),
        (
            "content/world/2021-09-25-vote.md",
            &article("Vote", "updated = 2021-09-26T08:00:00+01:00", "Body."),
        ),
    ]);
    site.built();
    assert!(site.exists("world/2021/vote.html"));
    let doc = site.html("world/index.html");
    assert_eq!(
        attrs(&doc, ".entry-title a", "href"),
        vec!["/news/world/2021/vote.html"]
    );
    // The feed shows the same entry: the full permalink, the date the listing shows, and
    // the update as its last change.
    let feed = site.feed("world/atom.xml");
    let entry = &feed.entries[0];
    assert_eq!(
        entry.links[0].href,
        "https://example.org/news/world/2021/vote.html"
    );
    // The story gives a day without a time: the listing shows the day, and the feed (whose
    // format needs a time) that day's midnight in the site's zone.
    let listed = attrs(&doc, ".entry time", "datetime");
    let listed = chrono::NaiveDate::parse_from_str(&listed[0], "%Y-%m-%d").expect("a day");
    assert_eq!(
        entry.published,
        listed.and_hms_opt(0, 0, 0).map(|d| d.and_utc())
    );
    assert_eq!(
        entry.updated.map(|u| u.to_rfc3339()).as_deref(),
        Some("2021-09-26T07:00:00+00:00")
    );
    let doc = site.html("world/2021/vote.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        vec!["https://example.org/news/world/2021/vote.html"]
    );
}

#[test]
fn drafts_and_future_stories_only_when_asked() {
    let site = Site::new(&[
        (
            "content/city/2021-01-01-draft.md",
            &article("A draft", "draft = true", "x"),
        ),
        (
            "content/city/2099-01-01-future.md",
            &article("From the future", "", "x"),
        ),
        (
            "content/city/2021-01-02-live.md",
            &article("Published", "", "x"),
        ),
    ]);
    site.built();
    assert!(site.exists("2021/01/02/live/index.html"));
    assert!(!site.exists("2021/01/01/draft/index.html"));
    assert!(!site.exists("2099/01/01/future/index.html"));
    assert!(!site.read("city/index.html").contains("A draft"));

    site.build_with(Options {
        switches: gazette::core::Switches {
            drafts: true,
            future: true,
        },
        ..Options::default()
    })
    .unwrap();
    assert!(site.exists("2021/01/01/draft/index.html"));
    assert!(site.exists("2099/01/01/future/index.html"));
    assert!(site.read("city/index.html").contains("From the future"));

    // Back to a normal build: the preview pages are removed again, folders and all.
    site.built();
    assert!(
        !site.path("public/2099").exists(),
        "empty folders are removed"
    );
    assert!(site.path("public/2021/01/02").exists());
    assert!(!site.exists("2021/01/01/draft/index.html"));
    assert!(!site.exists("2099/01/01/future/index.html"));
}

#[test]
fn sections_paginate_at_exactly_n() {
    let mut files: Vec<(String, String)> = vec![(
        "site.toml".into(),
        "base_url = \"https://n.example/\"\npaginate = 3\npagination = \"newest-first\"\n".into(),
    )];
    for d in 1..=7 {
        files.push((
            format!("content/world/2021-01-{d:02}-s{d}.md"),
            article(&format!("Story {d}"), "", "x"),
        ));
    }
    files.push(("content/city/2021-02-01-a.md".into(), article("A", "", "x")));
    files.push(("content/city/2021-02-02-b.md".into(), article("B", "", "x")));
    files.push(("content/city/2021-02-03-c.md".into(), article("C", "", "x")));
    let site = Site::from_files(&files);
    site.built();
    let titles = |p: &str| texts(&site.html(p), ".entry-title a");
    assert_eq!(
        titles("world/index.html"),
        vec!["Story 7", "Story 6", "Story 5"]
    );
    assert_eq!(
        titles("world/page/2/index.html"),
        vec!["Story 4", "Story 3", "Story 2"]
    );
    assert_eq!(titles("world/page/3/index.html"), vec!["Story 1"]);
    assert!(!site.exists("world/page/4/index.html"));
    // Exactly N stories: one page, no page 2.
    assert_eq!(titles("city/index.html"), vec!["C", "B", "A"]);
    assert!(!site.exists("city/page/2/index.html"));
    let doc = site.html("world/page/2/index.html");
    assert_eq!(attrs(&doc, "link[rel=prev]", "href"), vec!["/world/"]);
    assert_eq!(
        attrs(&doc, "link[rel=next]", "href"),
        vec!["/world/page/3/"]
    );
}

#[test]
fn article_pages_link_previous_and_next_in_time() {
    let site = Site::new(&[
        ("content/a/2021-01-01-one.md", &article("One", "", "x")),
        ("content/b/2021-01-02-two.md", &article("Two", "", "x")),
        ("content/a/2021-01-03-three.md", &article("Three", "", "x")),
    ]);
    site.built();
    let hrefs = attrs(&site.html("2021/01/02/two/index.html"), "a", "href");
    assert!(hrefs.contains(&"/2021/01/01/one/".to_string()));
    assert!(hrefs.contains(&"/2021/01/03/three/".to_string()));
}

#[test]
fn front_page_groups_latest_stories_by_section() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://n.example/\"\n[sections.world]\ntitle = \"World news\"\norder = 1\n",
        ),
        (
            "content/world/2021-01-01-w.md",
            &article("World story", "", "x"),
        ),
        (
            "content/city/2021-01-02-c.md",
            &article("City story", "", "x"),
        ),
    ]);
    site.built();
    let page = site.read("index.html");
    assert!(
        page.contains("World news") && page.contains("World story") && page.contains("City story")
    );
    // The configured order puts World before City in the navigation.
    let doc = site.html("index.html");
    assert_eq!(texts(&doc, ".site-nav a")[..2], ["World news", "City"]);
}

#[test]
fn aliases_redirect_and_404_exists() {
    let site = Site::new(&[(
        "content/city/2021-01-01-tram.md",
        &article("Tram", "aliases = [\"/news/old-tram/\", \"/t.html\"]", "x"),
    )]);
    site.built();
    for alias in ["news/old-tram/index.html", "t.html"] {
        let doc = site.html(alias);
        assert_eq!(
            attrs(&doc, "link[rel=canonical]", "href"),
            vec!["https://news.example.org/2021/01/01/tram/"]
        );
        let refresh = attrs(&doc, "meta[http-equiv=refresh]", "content");
        assert_eq!(
            refresh,
            vec!["0; url=https://news.example.org/2021/01/01/tram/"]
        );
    }
    assert!(site.exists("404.html"));
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let site = Site::new(&[
        ("content/city/2021-01-01-tram.md", &article("Tram", "", "x")),
        (
            "templates/404.html",
            "<!doctype html><title>custom</title><p>Custom lost page for {{ site.title }}</p>",
        ),
        ("static/style.css", "body { color: red }"),
        (
            "static/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    site.built();
    assert!(
        site.read("404.html")
            .contains("Custom lost page for Gazette")
    );
    assert_eq!(site.read("style.css"), "body { color: red }");
    assert!(site.exists("images/logo.svg"));
    // Templates not overridden still come from the built-in theme.
    assert!(site.read("2021/01/01/tram/index.html").contains("<h1"));
}

#[test]
fn hostile_front_matter_is_escaped_everywhere() {
    let evil = "\"><script>alert(1)</script>";
    let site = Site::new(&[(
        "content/city/2021-01-01-x.md",
        &format!(
            "+++\ntitle = {t}\nsummary = {t}\ntags = [{t}]\nauthors = [{t}]\ndateline = {t}\nimage = {t}\nimage_alt = {t}\n+++\n\nBody <b>raw html passes</b>.\n",
            t = common::toml_str(evil)
        ),
    )]);
    site.built();
    for file in common::snapshot(&site.path("public")) {
        let text = String::from_utf8_lossy(&file.1);
        assert!(
            !text.contains("<script>alert"),
            "{} has an unescaped value",
            file.0
        );
    }
    let page = site.read("2021/01/01/x/index.html");
    assert!(page.contains("<b>raw html passes</b>"));
    let doc = site.html("2021/01/01/x/index.html");
    // Headlines get the body's curly quotes; the rest of the value is kept, as text.
    let headline = evil.replacen('"', "“", 1);
    assert_eq!(texts(&doc, "h1"), vec![headline.as_str()]);
    assert!(texts(&doc, "title")[0].starts_with(&headline));
    assert_eq!(
        attrs(&doc, "meta[property='og:title']", "content"),
        vec![headline.as_str()]
    );
    // A straight quote stays in the fields that keep it, and stays inside its attribute.
    assert_eq!(attrs(&doc, "img[alt]", "alt"), vec![evil]);
    let ld = texts(&doc, "script[type='application/ld+json']");
    let v: serde_json::Value = serde_json::from_str(&ld[0]).expect("JSON-LD parses");
    assert_eq!(v["headline"], headline.as_str());
}

#[test]
fn markdown_extensions_render() {
    let site = Site::new(&[(
        "content/city/2021-01-01-x.md",
        &article(
            "X",
            "",
            "## Results\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote.[^n]\n\n[^n]: The note.\n\n- [x] done\n\n~~old~~ \"quoted\"",
        ),
    )]);
    site.built();
    let doc = site.html("2021/01/01/x/index.html");
    assert_eq!(attrs(&doc, "h2#results", "id"), vec!["results"]);
    assert_eq!(texts(&doc, "table td"), vec!["1", "2"]);
    assert_eq!(texts(&doc, "del"), vec!["old"]);
    assert!(!attrs(&doc, "input[type=checkbox]", "checked").is_empty());
    assert!(site.read("2021/01/01/x/index.html").contains("“quoted”"));
    // The note at the end, numbered, with links both ways.
    assert_eq!(
        attrs(&doc, ".story-body sup.footnote-ref a", "href"),
        ["#fn-1"]
    );
    assert_eq!(
        texts(&doc, ".story-body .footnotes li#fn-1 p"),
        ["The note. ↩"]
    );
    assert_eq!(attrs(&doc, "#fn-1 a.footnote-back", "href"), ["#fnref-1"]);
    assert_eq!(attrs(&doc, "sup#fnref-1", "id"), ["fnref-1"]);
}

#[test]
fn two_builds_are_byte_identical() {
    let files = [
        (
            "content/a/2021-01-01-one.md",
            article("One", "date = \"2021-01-01T10:00:00Z\"", "x"),
        ),
        (
            "content/b/2021-01-01-two.md",
            article("Two", "date = \"2021-01-01T10:00:00Z\"", "y"),
        ),
        (
            "content/c/2021-01-01-three.md",
            article(
                "Three",
                "date = \"2021-01-01T10:00:00Z\"\ntags=[\"t\"]",
                "z",
            ),
        ),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let first = Site::new(&refs);
    let second = Site::new(&refs);
    first.built();
    second.built();
    let a = first.snapshot();
    assert!(a.len() > 20);
    assert_eq!(a, second.snapshot());
    // Equal dates are ordered by path.
    assert_eq!(
        texts(&first.html("index.html"), ".entry-title a")[..3],
        ["One", "Two", "Three"]
    );
}

#[test]
fn awkward_files_are_built_or_reported_never_a_panic() {
    let big = "Paragraph of text. ".repeat(10 * 1024 * 1024 / 19);
    let site = Site::new(&[
        (
            "content/a/2021-01-01-bom.md",
            &format!("\u{feff}{}", article("Bom", "", "x")),
        ),
        (
            "content/a/2021-01-02-crlf.md",
            &article("Crlf", "tags = [\"t\"]", "line one\nline two").replace('\n', "\r\n"),
        ),
        ("content/a/2021-01-03-big.md", &article("Big", "", &big)),
    ]);
    site.built();
    assert_eq!(
        texts(&site.html("2021/01/01/bom/index.html"), "h1"),
        vec!["Bom"]
    );
    assert_eq!(
        texts(&site.html("2021/01/02/crlf/index.html"), "h1"),
        vec!["Crlf"]
    );
    assert!(site.read("2021/01/03/big/index.html").len() > 10_000_000);

    site.write("content/a/empty.md", "");
    site.write_bytes("content/a/bad-utf8.md", b"+++\ntitle = \"x\xff\"\n+++\n");
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("bad-utf8.md:2:11: the file is not valid UTF-8")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("empty.md:1:1: missing front matter")),
        "{errors:?}"
    );
}

#[test]
fn navigation_marks_where_each_page_belongs() {
    let mut files = vec![(
        "site.toml".to_string(),
        "base_url = \"https://nav.example/\"\npaginate = 2\ntaxonomies = [\"tags\", \"authors\"]\n"
            .to_string(),
    )];
    for i in 1..=3 {
        files.push((
            format!("content/world/2021-05-0{i}-w{i}.md"),
            article(&format!("World {i}"), "tags = [\"ports\"]", "Body."),
        ));
    }
    files.push((
        "content/city/2021-05-04-c.md".into(),
        article("City story", "authors = [\"Ann Lee\"]", "Body."),
    ));
    let site = Site::from_files(&files);
    site.built();
    // Each page: the nav links marked `aria-current`, as "text=value".
    let current = |rel: &str| -> Vec<String> {
        let doc = site.html(rel);
        let sel = scraper::Selector::parse(".site-nav a[aria-current]").unwrap();
        doc.select(&sel)
            .map(|a| {
                let text = a.text().collect::<String>();
                format!(
                    "{}={}",
                    text.trim(),
                    a.value().attr("aria-current").unwrap()
                )
            })
            .collect()
    };
    assert_eq!(current("index.html"), Vec::<String>::new());
    assert_eq!(current("world/index.html"), ["World=page"]);
    assert_eq!(current("world/page/1/index.html"), ["World=true"]);
    assert_eq!(current("2021/05/01/w1/index.html"), ["World=true"]);
    assert_eq!(current("2021/05/04/c/index.html"), ["City=true"]);
    assert_eq!(current("tags/index.html"), ["Topics=page"]);
    assert_eq!(current("tags/ports/index.html"), ["Topics=true"]);
    assert_eq!(current("authors/ann-lee/index.html"), ["Authors=true"]);
    assert_eq!(current("archive/index.html"), ["Archive=page"]);
    assert_eq!(current("2021/05/index.html"), ["Archive=true"]);
    assert_eq!(current("2021/05/04/index.html"), ["Archive=true"]);
}

#[test]
fn the_benchmark_templates_build_the_pages_compare_sh_measures() {
    // benches/compare.sh builds with these; they must keep working as the contexts change.
    let templates =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/gazette/templates");
    let mut files: Vec<(String, String)> = vec![(
        "site.toml".into(),
        // As compare.sh builds them: numbered as Hugo numbers pages.
        "base_url = \"https://n.example/\"\npaginate = 2\npagination = \"newest-first\"\ntaxonomies = [\"tags\", \"authors\"]\n"
            .into(),
    )];
    for entry in std::fs::read_dir(&templates).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((
            format!("templates/{name}"),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    for d in 1..=3 {
        files.push((
            format!("content/world/2021-01-0{d}-s{d}.md"),
            article(
                &format!("Story {d}"),
                "dateline = \"Oslo\"\ntags = [\"ferries\"]\nauthors = [\"Ada Lind\"]",
                "Body text.",
            ),
        ));
    }
    let site = Site::from_files(&files);
    site.built();

    let page = site.html("2021/01/02/s2/index.html");
    assert_eq!(texts(&page, "main article h1"), vec!["Story 2"]);
    assert_eq!(
        texts(&page, "header nav a"),
        vec!["World", "Topics", "Authors"]
    );
    assert_eq!(
        texts(&page, "main article > p time"),
        vec!["2 January 2021"]
    );
    assert_eq!(
        attrs(&page, "main article > p a", "href"),
        vec!["/authors/ada-lind/"]
    );
    assert_eq!(
        attrs(&page, "main article ul a", "href"),
        vec!["/tags/ferries/"]
    );
    assert_eq!(
        texts(&page, "main article nav a"),
        vec!["Story 3", "Story 1"]
    );

    let section = site.html("world/index.html");
    assert_eq!(
        texts(&section, "main article h2 a"),
        vec!["Story 3", "Story 2"]
    );
    assert_eq!(
        attrs(&section, "main nav a[rel=next]", "href"),
        vec!["/world/page/2/"]
    );
    let term = site.html("tags/ferries/page/2/index.html");
    assert_eq!(texts(&term, "main h1"), vec!["ferries"]);
    assert_eq!(texts(&term, "main article h2 a"), vec!["Story 1"]);
    assert_eq!(
        attrs(&term, "main nav a[rel=prev]", "href"),
        vec!["/tags/ferries/"]
    );
    let tags = site.html("tags/index.html");
    assert_eq!(texts(&tags, "main li"), vec!["ferries (3)"]);
    let front = site.html("index.html");
    assert_eq!(texts(&front, "main > h1"), vec!["Gazette"]);
    assert_eq!(
        texts(&front, "main > article h2 a"),
        vec!["Story 3", "Story 2"]
    );
    assert_eq!(texts(&front, "main section > h2 a"), vec!["World"]);
    // A section's block leaves out the stories the top block shows.
    assert_eq!(texts(&front, "main section article h2 a"), vec!["Story 1"]);
}

#[test]
fn the_front_page_shows_each_story_once() {
    // Fourteen stories in two sections, one a day: the top block shows the newest nine,
    // each section's block the newest of the rest.
    let mut files = vec![(
        "site.toml".to_string(),
        "base_url = \"https://n.example/\"\n[sections.world]\norder = 1\n".to_string(),
    )];
    for day in 1..=14 {
        let section = if day % 2 == 0 { "world" } else { "city" };
        files.push((
            format!("content/{section}/2021-01-{day:02}-story-{day}.md"),
            article(&format!("Story {day}"), "", "x"),
        ));
    }
    let site = Site::from_files(&files);
    site.built();
    let page = site.html("index.html");
    let titles = texts(&page, "main .entry-title a");
    let mut seen = titles.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), titles.len(), "a story twice: {titles:?}");
    let top = texts(&page, ".front-top .entry-title a");
    assert_eq!(top.len(), 9, "{top:?}");
    assert_eq!(top[0], "Story 14");
    // The rest are in their sections' blocks, newest first, World before City.
    let blocks = texts(&page, ".front-section .entry-title a");
    assert_eq!(
        blocks,
        ["Story 4", "Story 2", "Story 5", "Story 3", "Story 1"]
    );
    // A section with nothing below the top block has no block; with too few stories for a
    // block, the front page has none.
    let small = Site::new(&[
        (
            "content/world/2021-01-01-w.md",
            &article("World story", "", "x"),
        ),
        (
            "content/city/2021-01-02-c.md",
            &article("City story", "", "x"),
        ),
    ]);
    small.built();
    let page = small.html("index.html");
    assert!(texts(&page, ".front-section").is_empty());
    assert_eq!(texts(&page, "main .entry-title a").len(), 2);
}

#[test]
fn headlines_get_curly_quotes_and_the_standfirst_is_not_the_first_paragraph_again() {
    let site = Site::new(&[
        (
            "content/city/2021-01-01-cafes.md",
            &article(
                "Harbour cafés say \"Fish & Chips\" at the fishermen's market",
                "",
                "The first paragraph.\n\nThe second.",
            ),
        ),
        (
            "content/city/2021-01-02-pier.md",
            &article(
                "Pier reopens",
                "summary = \"The pier's \\\"new\\\" deck\"",
                "The first paragraph.",
            ),
        ),
    ]);
    site.built();
    let cafes = site.html("2021/01/01/cafes/index.html");
    assert_eq!(
        texts(&cafes, "h1"),
        ["Harbour cafés say “Fish & Chips” at the fishermen’s market"]
    );
    assert!(texts(&cafes, "title")[0].contains("“Fish & Chips”"));
    // The slug is made from the headline as written, as before.
    assert!(site.exists("2021/01/01/cafes/index.html"));
    // No summary written: no standfirst, and the first paragraph once, in the body.
    assert!(texts(&cafes, ".standfirst").is_empty());
    assert_eq!(
        texts(&cafes, "article p")
            .iter()
            .filter(|p| *p == "The first paragraph.")
            .count(),
        1
    );
    assert_eq!(
        attrs(&cafes, "meta[name=description]", "content"),
        ["The first paragraph."]
    );
    // A written summary is the standfirst, with the body's quotes.
    let pier = site.html("2021/01/02/pier/index.html");
    assert_eq!(texts(&pier, ".standfirst"), ["The pier’s “new” deck"]);
    let feed = site.feed("rss.xml");
    assert!(
        feed.entries
            .iter()
            .any(|e| e.title.as_ref().unwrap().content.contains("“Fish & Chips”"))
    );
}

#[test]
fn a_section_describes_itself_in_its_own_index_file() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://n.example/\"\n[sections.city]\ntitle = \"Our City\"\n",
        ),
        (
            "content/world/2021-01-01-w.md",
            &article("World story", "", "x"),
        ),
        (
            "content/world/_index.md",
            "+++\ntitle = \"World news\"\ndescription = \"Reports from our correspondents abroad.\"\n+++\n",
        ),
        (
            "content/city/2021-01-02-c.md",
            &article("City story", "", "x"),
        ),
        // site.toml says the title; the file gives what it leaves out.
        (
            "content/city/_index.md",
            "---\ntitle: Town\ndescription: The city desk.\n---\n",
        ),
    ]);
    site.built();
    let world = site.html("world/index.html");
    assert_eq!(texts(&world, "main h1"), ["World news"]);
    assert!(
        site.read("world/index.html")
            .contains("Reports from our correspondents abroad.")
    );
    let city = site.html("city/index.html");
    assert_eq!(texts(&city, "main h1"), ["Our City"]);
    assert!(site.read("city/index.html").contains("The city desk."));
    // Not a story: no page of its own, not in any listing.
    assert!(!site.read("index.html").contains("_index"));
    assert_eq!(texts(&world, "main .entry-title a"), ["World story"]);
    // An edit to it is seen by the next build, on every page that names the section.
    site.write(
        "content/world/_index.md",
        "+++\ntitle = \"Foreign desk\"\n+++\n",
    );
    site.built();
    assert_eq!(
        texts(&site.html("world/index.html"), "main h1"),
        ["Foreign desk"]
    );
    assert!(texts(&site.html("index.html"), ".site-nav a").contains(&"Foreign desk".to_string()));

    // What a section file may not hold, each at its place.
    let bad = Site::new(&[
        ("content/world/2021-01-01-w.md", &article("W", "", "x")),
        (
            "content/world/_index.md",
            "+++\ntitle = \"W\"\norder = 2\n+++\n",
        ),
        ("content/city/2021-01-01-c.md", &article("C", "", "x")),
        (
            "content/city/_index.md",
            "+++\ntitle = \"C\"\n+++\n\nSome words.\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Front\"\n+++\n"),
    ]);
    let errors = bad.errors();
    let one = |needle: &str| errors.iter().filter(|e| e.contains(needle)).count() == 1;
    assert!(
        one("world/_index.md:3:1: unknown field `order`"),
        "{errors:#?}"
    );
    assert!(
        one("city/_index.md:5:1: a section file has front matter only"),
        "{errors:#?}"
    );
    assert!(
        one("content/_index.md:1:1: a `_index.md` describes the section"),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
}
