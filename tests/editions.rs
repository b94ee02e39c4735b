//! Editions: a site in English with a Russian edition under `/ru/` (`[languages.ru]`).
//! Each edition has its own front page, sections, terms, date archives, feeds, search
//! index, 404 page and sitemaps, in its language; translations link each other across
//! editions (hreflang, the sitemap's alternates, the switcher); the theme's files are
//! written once; a build of one edition's story leaves the other's pages alone.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article, attrs, texts};

const SITE: &str = r#"title = "The Northern Gazette"
base_url = "https://news.example.org/"
language = "en"
timezone = "Europe/Oslo"

[sections.world]
title = "World"

[languages.ru]
title = "Северная газета"
description = "Новости Севера"
timezone = "Europe/Moscow"

[languages.ru.sections.world]
title = "Мир"
"#;

/// A date `hours` before now, as front matter writes it (recent: in the news sitemap).
fn hours_ago(hours: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::hours(hours))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Two editions: a ferry story in both, a storm story in English only, a port story in
/// Russian only (by its `language` field).
fn two_editions() -> Site {
    let ferry = hours_ago(3);
    let storm = hours_ago(5);
    let port = hours_ago(7);
    Site::from_files(&[
        ("site.toml".into(), SITE.into()),
        (
            "content/world/ferry.md".into(),
            article(
                "Ferry resumes",
                &format!("date = \"{ferry}\"\ntags = [\"Ferries\"]"),
                "The ferry sails again.",
            ),
        ),
        (
            "content/world/ferry.ru.md".into(),
            article(
                "Паром снова ходит",
                &format!("date = \"{ferry}\"\ntags = [\"Паромы\"]"),
                "Паром снова вышел в рейс.",
            ),
        ),
        (
            "content/world/storm.md".into(),
            article(
                "Storm closes the harbour",
                &format!("date = \"{storm}\"\ntags = [\"Weather\"]"),
                "A storm closed the harbour.",
            ),
        ),
        (
            "content/world/port.md".into(),
            article(
                "Порт принял ледокол",
                &format!("date = \"{port}\"\nlanguage = \"ru\"\ntags = [\"Паромы\"]"),
                "Ледокол встал к причалу.",
            ),
        ),
    ])
}

/// The folder of the home edition's story with this slug, as the permalink writes it.
fn day_path(site: &Site, slug: &str) -> String {
    edition_day_path(site, "", slug).unwrap_or_else(|| panic!("no page for {slug}"))
}

/// The folder of the story page `slug` in the edition under `prefix` (`ru/`; `` for the
/// home edition), found as written: each edition dates a story in its own time zone.
fn edition_day_path(site: &Site, prefix: &str, slug: &str) -> Option<String> {
    let story = walkdir::WalkDir::new(site.path(&format!("public/{prefix}")))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !prefix.is_empty() || !e.path().starts_with(site.path("public/ru")))
        .find(|e| e.path().ends_with(format!("{slug}/index.html")))?;
    let rel = story
        .path()
        .strip_prefix(site.path("public"))
        .unwrap()
        .to_string_lossy()
        .to_string();
    Some(rel.trim_end_matches("index.html").to_string())
}

#[test]
fn each_edition_has_its_own_front_page_listings_and_feeds_in_its_language() {
    let site = two_editions();
    site.built();

    let front = site.html("index.html");
    let ru_front = site.html("ru/index.html");
    assert_eq!(attrs(&front, "html", "lang"), ["en"]);
    assert_eq!(attrs(&ru_front, "html", "lang"), ["ru"]);
    assert_eq!(texts(&ru_front, ".masthead-title"), ["Северная газета"]);
    let headlines = |doc: &scraper::Html| {
        let mut h = texts(doc, ".entry-title, .lead-title");
        h.sort();
        h.dedup();
        h
    };
    let en = headlines(&front);
    let ru = headlines(&ru_front);
    assert!(en.iter().any(|h| h.contains("Storm")), "{en:?}");
    assert!(
        !en.iter().any(|h| h.contains("Паром") || h.contains("Порт")),
        "{en:?}"
    );
    assert!(
        ru.iter().any(|h| h.contains("Паром")) && ru.iter().any(|h| h.contains("Порт")),
        "{ru:?}"
    );
    assert!(
        !ru.iter()
            .any(|h| h.contains("Storm") || h.contains("Ferry")),
        "{ru:?}"
    );

    // Sections with the edition's names; terms per edition.
    assert_eq!(texts(&site.html("ru/world/index.html"), "h1"), ["Мир"]);
    assert_eq!(texts(&site.html("world/index.html"), "h1"), ["World"]);
    let ru_tag = site.html("ru/tags/paromy/index.html");
    assert_eq!(texts(&ru_tag, ".entry-title").len(), 2);
    assert!(!site.exists("tags/paromy/index.html"));
    assert!(!site.exists("ru/tags/ferries/index.html"));
    assert!(site.exists("tags/ferries/index.html"));

    // Date archives per edition.
    let ferry_en = day_path(&site, "ferry");
    let day = ferry_en.rsplitn(3, '/').nth(2).unwrap().to_string() + "/";
    let ru_day = site.html(&format!("ru/{day}index.html"));
    assert!(
        texts(&ru_day, ".entry-title")
            .iter()
            .all(|t| !t.contains("Storm"))
    );
    assert!(
        texts(&ru_day, ".entry-title")
            .iter()
            .any(|t| t.contains("Паром"))
    );

    // Feeds: the edition's stories, its language and title.
    let rss = site.feed("ru/rss.xml");
    assert_eq!(rss.language.as_deref(), Some("ru"));
    let titles: Vec<String> = rss
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles
            .iter()
            .all(|t| t.contains("Паром") || t.contains("Порт"))
    );
    let atom = site.feed("ru/atom.xml");
    assert_eq!(atom.entries.len(), 2);
    let atom_xml = site.read("ru/atom.xml");
    let doc = roxmltree::Document::parse(&atom_xml).expect("Atom XML");
    let lang = doc
        .root_element()
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
    assert_eq!(lang, Some("ru"));
    assert_eq!(site.feed("rss.xml").entries.len(), 2);

    // The 404 page in the edition's language.
    let missing = site.html("ru/404.html");
    assert_eq!(attrs(&missing, "html", "lang"), ["ru"]);

    // The theme's files once, at the root, for every edition.
    assert!(site.exists("style.css") && !site.exists("ru/style.css"));
    assert_eq!(
        attrs(&ru_front, "link[rel=stylesheet]", "href"),
        ["/style.css"]
    );
}

#[test]
fn translations_link_each_other_across_editions() {
    let site = two_editions();
    site.built();
    // Two editions may share a slug: the Russian ferry has no language in its URL.
    let en = day_path(&site, "ferry");
    let ru = format!("ru/{en}");
    assert!(site.exists(&format!("{ru}index.html")), "{ru}");
    let page = site.html(&format!("{en}index.html"));
    let mut alternates: Vec<(String, String)> =
        attrs(&page, "link[rel=alternate][hreflang]", "hreflang")
            .into_iter()
            .zip(attrs(&page, "link[rel=alternate][hreflang]", "href"))
            .collect();
    alternates.sort();
    let base = "https://news.example.org/";
    assert_eq!(
        alternates,
        [
            ("en".to_string(), format!("{base}{en}")),
            ("ru".to_string(), format!("{base}{ru}")),
            ("x-default".to_string(), format!("{base}{en}")),
        ]
    );
    // The switcher leads to the translation; the Russian page back.
    let ru_page = site.html(&format!("{ru}index.html"));
    assert_eq!(attrs(&page, ".editions a", "href"), [format!("/{ru}")]);
    assert_eq!(attrs(&ru_page, ".editions a", "href"), [format!("/{en}")]);
    // A story in one edition only leads to the other edition's front page.
    let storm = day_path(&site, "storm");
    assert_eq!(
        attrs(
            &site.html(&format!("{storm}index.html")),
            ".editions a",
            "href"
        ),
        ["/ru/"]
    );

    // A listing both editions have links its counterpart, with hreflang alternates; one
    // that only this edition has leads to the other's front page.
    let world = site.html("ru/world/index.html");
    assert_eq!(attrs(&world, ".editions a", "href"), ["/world/"]);
    assert_eq!(
        attrs(&world, "link[rel=alternate][hreflang=x-default]", "href"),
        [format!("{base}world/")]
    );
    let tag = site.html("ru/tags/paromy/index.html");
    assert_eq!(attrs(&tag, ".editions a", "href"), ["/"]);
    assert!(attrs(&tag, "link[rel=alternate][hreflang]", "href").is_empty());

    // The sitemap lists each translation as an alternate.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap XML");
    let entry = doc
        .descendants()
        .find(|n| n.has_tag_name("loc") && n.text() == Some(&format!("{base}{en}")))
        .and_then(|n| n.parent())
        .expect("the ferry in the sitemap");
    let mut links: Vec<&str> = entry
        .children()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            format!("{base}{en}").as_str(),
            &format!("{base}{en}"),
            &format!("{base}{ru}")
        ]
    );
}

#[test]
fn every_edition_has_its_search_index_and_sitemaps_named_by_robots() {
    let site = two_editions();
    site.built();
    // Pagefind's index per edition, in its language.
    let shards = |dir: &str| -> Vec<String> {
        let mut languages = Vec::new();
        for e in walkdir::WalkDir::new(site.path(dir)) {
            let e = e.unwrap();
            if e.file_name() == "pagefind-entry.json" {
                let entry: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
                languages.extend(entry["languages"].as_object().unwrap().keys().cloned());
            }
        }
        languages.sort();
        languages.dedup();
        languages
    };
    assert_eq!(shards("public/search/pagefind"), ["en"]);
    assert_eq!(shards("public/ru/search/pagefind"), ["ru"]);
    let search = site.html("ru/search/index.html");
    assert_eq!(
        attrs(&search, "#search", "data-index"),
        ["/ru/search/pagefind/"]
    );

    // Each edition's news sitemap, with its stories' language; robots.txt names them all.
    let news = site.read("ru/news-sitemap.xml");
    let doc = roxmltree::Document::parse(&news).expect("news sitemap XML");
    let languages: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("language"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(languages, ["ru", "ru"]);
    let robots = site.read("robots.txt");
    for map in [
        "sitemap.xml",
        "news-sitemap.xml",
        "ru/sitemap.xml",
        "ru/news-sitemap.xml",
    ] {
        assert!(
            robots.contains(&format!("Sitemap: https://news.example.org/{map}\n")),
            "{robots}"
        );
    }
    assert!(!site.exists("ru/robots.txt"));
}

#[test]
fn an_edit_to_one_editions_story_rewrites_only_its_pages() {
    let site = two_editions();
    site.built();
    let again = site.built();
    assert_eq!(again.written, 0, "{:?}", again.changed);
    let text = std::fs::read_to_string(site.path("content/world/ferry.ru.md")).unwrap();
    site.write(
        "content/world/ferry.ru.md",
        &text.replace(
            "Паром снова вышел в рейс.",
            "Паром снова вышел в рейс утром.",
        ),
    );
    let report = site.built();
    assert!(report.written > 0);
    assert!(
        report.changed.iter().all(|p| p.starts_with("ru/")),
        "{:?}",
        report.changed
    );
}

#[test]
fn a_story_in_a_language_without_an_edition_stays_in_the_home_edition() {
    let site = two_editions();
    site.write(
        "content/world/fisk.md",
        &article("Fiskerne", "date = 2026-01-02\nlanguage = \"nb\"", "Tekst."),
    );
    site.built();
    let page = site.html("2026/01/02/fisk/index.html");
    assert_eq!(attrs(&page, "html", "lang"), ["nb"]);
}

#[test]
fn editions_are_checked_in_site_toml() {
    let site = two_editions();
    site.write(
        "site.toml",
        &format!(
            "{SITE}\n[languages.en]\ntitle = \"Twice\"\n\n[languages.de]\nprefix = \"world\"\n\n[languages.RU]\nprefix = \"russian\"\n"
        ),
    );
    let errors = site.errors().join("\n");
    assert!(errors.contains("`ru` has an edition already"), "{errors}");
    assert!(
        errors.contains("`en` is the site's own language"),
        "{errors}"
    );
    assert!(
        errors.contains("the prefix `world` is already a section's"),
        "{errors}"
    );
    assert!(errors.contains("site.toml:"), "{errors}");
}

#[test]
fn serve_previews_every_edition() {
    let site = two_editions();
    let server = common::server::Server::start(site.root(), &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    let ru = server.get("/ru/");
    assert_eq!(ru.status, 200);
    assert!(ru.body.contains("Северная газета"), "{}", ru.body);
}

#[test]
fn in_serve_an_edit_to_a_russian_story_patches_the_russian_edition_and_leaves_the_home_one() {
    use gazette::driver::{Editions, Options, Session};
    let site = two_editions();
    let mut editions = Editions::new(site.root(), Options::default());
    editions.rebuild_changed(&[]).expect("first build");
    let mut home = Session::new(site.root(), Options::default());
    home.rebuild_changed(&[]).expect("home build");
    let path = site.path("content/world/ferry.ru.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("в рейс.", "в рейс утром.")).unwrap();

    // The home edition shows nothing of the edit: it is not built again, only told.
    let report = home
        .rebuild_changed(std::slice::from_ref(&path))
        .expect("home");
    assert_eq!(
        report.timings.first().map(|t| t.0),
        Some("load"),
        "{:?}",
        report.timings
    );
    assert_eq!(report.written, 0);
    // Every edition together: only Russian pages (the story, and the search index).
    let report = editions.rebuild_changed(&[path]).expect("editions");
    assert!(report.written > 0);
    assert!(
        report.changed.iter().all(|p| p.starts_with("ru/")),
        "{:?}",
        report.changed
    );
    let page = site.read(&format!("ru/{}index.html", day_path(&site, "ferry")));
    assert!(page.contains("в рейс утром."));
}

#[test]
fn an_edition_writes_dates_in_its_own_format_and_time_zone() {
    let site = two_editions();
    site.write(
        "site.toml",
        &SITE.replace(
            "timezone = \"Europe/Moscow\"",
            "timezone = \"Europe/Moscow\"\ndate_format = \"%d.%m.%Y\"",
        ),
    );
    site.write(
        "content/world/2026-01-05-mid.ru.md",
        &article("Полночь", "date = \"2026-01-05 23:30\"", "Текст."),
    );
    site.built();
    // Written without an offset, the date is the edition's (Moscow), on its own day.
    let page = site.html("ru/2026/01/05/mid/index.html");
    let published = texts(&page, ".published").join(" ");
    assert!(published.contains("05.01.2026, 23:30"), "{published}");
    let time = attrs(&page, ".published time", "datetime");
    assert_eq!(time, ["2026-01-05T23:30:00+03:00"]);
    // The home edition keeps the theme's format.
    let storm = day_path(&site, "storm");
    let published = texts(&site.html(&format!("{storm}index.html")), ".published").join(" ");
    assert!(!published.contains('.'), "{published}");

    site.write("site.toml", &format!("date_format = \"%Q\"\n{SITE}"));
    let errors = site.errors().join("\n");
    assert!(errors.contains("is not a date format"), "{errors}");
}

/// Every page's `hreflang` alternates, by page (paths below the output folder).
fn every_alternate(site: &Site) -> Vec<(String, Vec<(String, String)>)> {
    let public = site.path("public");
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(&public) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let doc = site.html(&rel);
        let links: Vec<(String, String)> = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang")
            .into_iter()
            .zip(attrs(&doc, "link[rel=alternate][hreflang]", "href"))
            .collect();
        pages.push((rel, links));
    }
    pages
}

#[test]
fn hreflang_links_are_reciprocal_and_lead_to_pages_that_exist() {
    let site = two_editions();
    site.built();
    let base = "https://news.example.org/";
    let pages = every_alternate(&site);
    let page_of = |href: &str| {
        let rel = href.strip_prefix(base).expect("an address of the site");
        format!("{rel}index.html")
    };
    let mut linked = 0;
    for (page, links) in &pages {
        if links.is_empty() {
            continue;
        }
        linked += 1;
        let me = format!("{base}{}", page.trim_end_matches("index.html"));
        // Each page names itself among its alternates, and one x-default.
        assert!(links.iter().any(|(_, h)| *h == me), "{page}: {links:?}");
        assert_eq!(
            links.iter().filter(|(l, _)| l == "x-default").count(),
            1,
            "{page}"
        );
        for (language, href) in links.iter().filter(|(l, _)| l != "x-default") {
            let target = page_of(href);
            assert!(
                site.exists(&target),
                "{page} links {href}, which does not exist"
            );
            let back = &pages.iter().find(|(p, _)| *p == target).expect("a page").1;
            assert!(
                back.iter().any(|(_, h)| *h == me),
                "{target} ({language}) does not link back to {page}: {back:?}"
            );
            let lang = attrs(&site.html(&target), "html", "lang");
            assert_eq!(lang, std::slice::from_ref(language), "{target}");
        }
    }
    // The front pages, sections, the story pair, taxonomy and archive indexes at least.
    assert!(linked >= 8, "{linked}");
    // A story in one language only has none.
    let storm = day_path(&site, "storm");
    let alone = &pages
        .iter()
        .find(|(p, _)| *p == format!("{storm}index.html"))
        .unwrap()
        .1;
    assert!(alone.is_empty(), "{alone:?}");

    // Each edition's sitemap parses and lists only its own pages.
    for (map, inside) in [("sitemap.xml", ""), ("ru/sitemap.xml", "ru/")] {
        let text = site.read(map);
        let doc = roxmltree::Document::parse(&text).expect("sitemap XML");
        let locs: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .collect();
        assert!(!locs.is_empty());
        for loc in locs {
            let rel = loc.strip_prefix(base).unwrap();
            assert_eq!(rel.starts_with("ru/"), inside == "ru/", "{map}: {loc}");
        }
    }
}

#[test]
fn a_linked_editions_folder_in_the_cache_is_refused_and_nothing_is_written_through_it() {
    let site = two_editions();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path(".gazette")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path(".gazette/editions")).unwrap();
    let err = site.build().expect_err("the build is refused").to_string();
    assert!(err.contains("is a link or a file"), "{err}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn a_one_language_site_has_no_switcher_and_no_listing_alternates() {
    let site = Site::new(&[
        ("site.toml", "base_url = \"https://news.example.org/\"\n"),
        (
            "content/world/2026-01-02-vote.md",
            &article("Vote", "", "Text."),
        ),
    ]);
    site.built();
    for page in [
        "index.html",
        "world/index.html",
        "2026/01/02/vote/index.html",
        "search/index.html",
    ] {
        let doc = site.html(page);
        assert!(texts(&doc, ".editions").is_empty(), "{page}");
        assert!(
            attrs(&doc, "link[rel=alternate][hreflang]", "href").is_empty(),
            "{page}"
        );
    }
    assert_eq!(
        attrs(&site.html("search/index.html"), "#search", "data-index"),
        ["/search/pagefind/"]
    );
    assert!(!site.path(".gazette/editions").exists());
}

#[test]
fn a_story_that_changes_its_language_moves_to_that_edition_in_serve() {
    use gazette::driver::{Editions, Options};
    let site = two_editions();
    let mut editions = Editions::new(site.root(), Options::default());
    editions.rebuild_changed(&[]).expect("first build");
    let storm = day_path(&site, "storm");
    let path = site.path("content/world/storm.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("+++\n", "+++\nlanguage = \"ru\"\n", 1)).unwrap();
    editions.rebuild_changed(&[path]).expect("rebuild");
    assert!(
        !site.exists(&format!("{storm}index.html")),
        "left in the home edition"
    );
    assert!(
        edition_day_path(&site, "ru/", "storm").is_some(),
        "not in the Russian edition"
    );
    let front = texts(&site.html("index.html"), ".entry-title, .lead-title").join(" ");
    assert!(!front.contains("Storm"), "{front}");
}

#[test]
fn a_russian_story_shows_the_home_editions_static_image() {
    let site = two_editions();
    site.write_bytes("static/images/ferry.png", b"\x89PNG\r\n\x1a\n");
    let ru = std::fs::read_to_string(site.path("content/world/ferry.ru.md")).unwrap();
    site.write(
        "content/world/ferry.ru.md",
        &ru.replacen(
            "+++\n",
            "+++\nimage = \"/images/ferry.png\"\nimage_alt = \"Паром\"\n",
            1,
        ),
    );
    site.built();
    let page = site.html(&format!("ru/{}index.html", day_path(&site, "ferry")));
    let og = attrs(&page, "meta[property='og:image']", "content");
    assert_eq!(og, ["https://news.example.org/images/ferry.png"]);
    let jsonld = texts(&page, "script[type='application/ld+json']").join("");
    assert!(
        jsonld.contains("\"https://news.example.org/images/ferry.png\""),
        "{jsonld}"
    );
    assert!(!jsonld.contains("/ru/images/"), "{jsonld}");
    assert!(site.exists("images/ferry.png"));
}

#[test]
fn alternates_match_with_a_permalink_that_names_index_html() {
    let site = two_editions();
    site.write(
        "site.toml",
        &SITE.replace(
            "timezone = \"Europe/Oslo\"",
            "timezone = \"Europe/Oslo\"\npermalink = \"/news/:year/:slug/index.html\"",
        ),
    );
    site.built();
    let year = chrono::Utc::now().format("%Y");
    let own = format!("https://news.example.org/ru/news/{year}/ferry/");
    let en = site.html(&format!("news/{year}/ferry/index.html"));
    assert_eq!(
        attrs(&en, "link[rel=alternate][hreflang=ru]", "href"),
        std::slice::from_ref(&own)
    );
    let ru = site.html(&format!("ru/news/{year}/ferry/index.html"));
    assert_eq!(
        attrs(&ru, "link[rel=alternate][hreflang=ru]", "href"),
        [own]
    );
}

#[test]
fn the_home_languages_new_tag_reaches_the_other_editions_pages() {
    let site = two_editions();
    site.built();
    site.write(
        "site.toml",
        &SITE.replace("language = \"en\"", "language = \"en-GB\""),
    );
    site.built();
    let ru = site.html(&format!("ru/{}index.html", day_path(&site, "ferry")));
    let languages = attrs(&ru, "link[rel=alternate][hreflang]", "hreflang");
    assert!(languages.contains(&"en-GB".to_string()), "{languages:?}");
}

#[test]
fn an_editions_folder_in_the_output_that_is_a_link_is_refused() {
    let site = two_editions();
    site.built();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(site.path("public/ru")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path("public/ru")).unwrap();
    std::fs::remove_dir_all(site.path(".gazette/editions")).unwrap();
    let err = site.build().expect_err("refused").to_string();
    assert!(err.contains("is a link or a file"), "{err}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}
