//! Standalone pages (`content/pages/`: About, Contact, Corrections policy) and the footer
//! menu of `site.toml`: a page is published at its path through the theme's `page.html`,
//! listed in the sitemap, never in feeds, listings, archives or search; the menu is on every
//! page, and a link in it to a page that does not exist is an error at its line.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article, attrs, texts};

const CONFIG: &str = r#"base_url = "https://news.example.org/desk/"
title = "Harbour Herald"

[[menu.footer]]
title = "About us"
url = "/about/"

[[menu.footer]]
name = "Imprint"
url = "/legal/imprint/"

[[menu.footer]]
title = "Write to us"
url = "mailto:desk@news.example.org"
"#;

const ABOUT: &str = r#"+++
title = "About the Harbour Herald's newsroom"
description = "Who writes the Herald"
updated = 2026-05-02
+++

The Herald is written by a desk of nine.

## Ownership

A trust owns it.
"#;

fn newsroom() -> Site {
    Site::new(&[
        ("site.toml", CONFIG),
        (
            "content/city/ferry.md",
            &article(
                "Ferry timetable changes",
                "date = 2026-05-01\ntags = [\"ferries\"]",
                "Two crossings are added.",
            ),
        ),
        ("content/pages/about.md", ABOUT),
        (
            "content/pages/legal/imprint.md",
            "+++\ntitle = \"Imprint\"\n+++\n\nPublished by the Harbour Trust.\n",
        ),
        (
            "content/pages/hiring.md",
            "+++\ntitle = \"We are hiring\"\ndraft = true\n+++\n\nNot yet.\n",
        ),
    ])
}

#[test]
fn a_page_is_published_at_its_path_through_the_theme() {
    let site = newsroom();
    site.built();
    let about = site.html("about/index.html");
    assert_eq!(
        texts(&about, "main h1"),
        ["About the Harbour Herald\u{2019}s newsroom"]
    );
    assert_eq!(texts(&about, "main h2"), ["Ownership"]);
    assert_eq!(
        attrs(&about, "meta[name=description]", "content"),
        ["Who writes the Herald"]
    );
    assert_eq!(attrs(&about, "main time", "datetime"), ["2026-05-02"]);
    assert_eq!(attrs(&about, "body", "class"), ["kind-page"]);
    assert_eq!(
        attrs(&about, "link[rel=canonical]", "href"),
        ["https://news.example.org/desk/about/"]
    );
    // A folder under pages/ is a folder of the URL; a draft is not published.
    let imprint = site.html("legal/imprint/index.html");
    assert_eq!(texts(&imprint, "main h1"), ["Imprint"]);
    assert!(!site.exists("hiring/index.html"));
}

#[test]
fn the_footer_menu_is_on_every_page_in_its_order() {
    let site = newsroom();
    site.built();
    for page in [
        "index.html",
        "city/index.html",
        "about/index.html",
        "404.html",
        "tags/ferries/index.html",
    ] {
        let doc = site.html(page);
        let menu = "footer nav[aria-label='About this site'] a";
        assert_eq!(
            texts(&doc, menu),
            ["About us", "Imprint", "Write to us"],
            "{page}"
        );
        assert_eq!(
            attrs(&doc, menu, "href"),
            [
                "/desk/about/",
                "/desk/legal/imprint/",
                "mailto:desk@news.example.org"
            ],
            "{page}"
        );
    }
    let about = site.html("about/index.html");
    assert_eq!(
        attrs(&about, "footer a[aria-current=page]", "href"),
        ["/desk/about/"]
    );
}

#[test]
fn pages_are_in_the_sitemap_and_in_no_feed_listing_or_archive() {
    let site = newsroom();
    site.built();
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let url = |loc: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("url"))
            .find(|u| {
                u.children()
                    .any(|c| c.has_tag_name("loc") && c.text() == Some(loc))
            })
    };
    let about = url("https://news.example.org/desk/about/").expect("about in the sitemap");
    let lastmod = about.children().find(|c| c.has_tag_name("lastmod"));
    assert!(
        lastmod
            .and_then(|l| l.text())
            .unwrap()
            .starts_with("2026-05-02")
    );
    assert!(url("https://news.example.org/desk/legal/imprint/").is_some());
    assert!(url("https://news.example.org/desk/hiring/").is_none());
    for feed in ["rss.xml", "atom.xml"] {
        let titles: Vec<String> = site
            .feed(feed)
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
            .collect();
        assert_eq!(titles, ["Ferry timetable changes"], "{feed}");
    }
    // Listings and archives show stories only: the page's title is on no page but its own.
    for page in [
        "index.html",
        "city/index.html",
        "archive/index.html",
        "2026/index.html",
    ] {
        assert!(!site.read(page).contains("newsroom"), "{page}");
    }
}

#[test]
fn editing_a_page_rewrites_that_page_and_no_other() {
    let site = newsroom();
    site.built();
    site.write(
        "content/pages/legal/imprint.md",
        "+++\ntitle = \"Imprint\"\n+++\n\nPublished by the Harbour Trust, Quay Street 4.\n",
    );
    let report = site.built();
    let changed: Vec<&str> = report.changed.iter().map(|p| &**p).collect();
    assert_eq!(changed, ["legal/imprint/index.html"]);
    assert!(
        site.read("legal/imprint/index.html")
            .contains("Quay Street 4")
    );
}

#[test]
fn a_menu_link_to_no_page_and_a_dated_page_are_reported_together() {
    let site = newsroom();
    site.write(
        "site.toml",
        &CONFIG.replace("url = \"/about/\"", "url = \"/abuot/\""),
    );
    site.write(
        "content/pages/ethics.md",
        "+++\ntitle = \"Ethics\"\ndate = 2026-01-01\n+++\n\nWe do not pay sources.\n",
    );
    let errors = site.errors();
    let menu = errors
        .iter()
        .find(|e| e.contains("`/abuot/` leads to no page"))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(menu.contains("site.toml:6:"), "{menu}");
    assert!(menu.contains("did you mean `/about/`?"), "{menu}");
    let dated = errors
        .iter()
        .find(|e| e.contains("ethics.md"))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(dated.contains("ethics.md:3:"), "{dated}");
    assert!(dated.contains("has no date"), "{dated}");
}

#[test]
fn a_menu_link_that_is_no_page_and_no_full_url_is_refused_at_its_line() {
    let site = newsroom();
    site.write(
        "site.toml",
        &CONFIG.replace("mailto:desk@news.example.org", "javascript:alert(1)"),
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("site.toml:14:"), "{}", errors[0]);
    assert!(errors[0].contains("neither a page of the site nor a full URL"));
}

#[test]
fn a_page_that_takes_a_sections_url_is_an_error_at_the_page() {
    let site = newsroom();
    site.write("content/pages/city.md", "+++\ntitle = \"City\"\n+++\n\nx\n");
    let errors = site.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("pages/city.md") && e.contains("URL /city/")),
        "{errors:#?}"
    );
}

#[test]
fn a_page_without_a_title_says_so_at_the_file() {
    let site = newsroom();
    site.write("content/pages/empty.md", "+++\ntitle = \"  \"\n+++\n\nx\n");
    site.write(
        "content/pages/none.md",
        "+++\ndescription = \"x\"\n+++\n\nx\n",
    );
    let errors = site.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("empty.md:2:") && e.contains("`title` is empty")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("none.md") && e.contains("title")),
        "{errors:#?}"
    );
}
