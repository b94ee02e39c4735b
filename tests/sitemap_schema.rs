//! The sitemaps validate against their XML schemas (see `tests/common/schemas.rs`): the
//! site's `sitemap.xml` against sitemaps.org's own schema (with its translations'
//! `xhtml:link` alternates), the news sitemap against it and the news extension's. The schemas are shown to refuse what Google refuses (an empty
//! `<urlset>`, a language such as `pt-BR`), so a pass means something. The split sitemaps
//! (index, numbered files, the second news file) are validated where they are built:
//! `tests/sitemap_split.rs` and `tests/archive.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::Site;
use common::schemas::{Schema, missing, validate};

fn tool_missing(why: &str) {
    if std::env::var("GAZETTE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("{why}");
    }
    eprintln!("skipped: {why}");
}

/// A site with stories of the last hours (one dated by its day alone), a standalone page
/// and titles that need escaping.
fn recent_site(language: &str) -> Site {
    let now = chrono::Utc::now();
    let at = |h: i64| (now - chrono::Duration::hours(h)).to_rfc3339();
    let today = now.format("%Y-%m-%d").to_string();
    // The translation is in another language than the site's (one page per language).
    let other = if language == "ru" { "en" } else { "ru" };
    Site::new(&[
        (
            "site.toml",
            &format!(
                "title = \"Fish & Chips <Daily>\"\nbase_url = \"https://news.example.org/\"\nlanguage = \"{language}\"\n"
            ),
        ),
        (
            "content/city/a.md",
            &common::article(
                "Ferries & roads: \"what changes\"",
                &format!("date = \"{}\"\ntags = [\"ferries\"]", at(2)),
                "x",
            ),
        ),
        (
            "content/world/b.md",
            &common::article(
                "Ice <edge> retreats",
                &format!("date = \"{}\"\ntranslation_key = \"ice\"", at(30)),
                "x",
            ),
        ),
        (
            "content/world/c.md",
            &common::article(
                "Переговоры завершились",
                &format!("date = \"{today}\"\nlanguage = \"{other}\"\ntranslation_key = \"ice\""),
                "x",
            ),
        ),
        (
            "content/pages/about.md",
            "+++\ntitle = \"About\"\nupdated = 2026-01-02\n+++\n\nUs.\n",
        ),
    ])
}

#[test]
fn sitemap_and_news_sitemap_pass_their_schemas() {
    if let Some(why) = missing() {
        return tool_missing(&why);
    }
    for language in ["en", "pt-BR", "zh-TW", "ru"] {
        let site = recent_site(language);
        site.built();
        for (file, schema) in [
            ("sitemap.xml", Schema::Sitemap),
            ("news-sitemap.xml", Schema::News),
        ] {
            let path = site.path(&format!("public/{file}"));
            if let Err(report) = validate(&path, schema) {
                panic!(
                    "{file} ({language}) fails its schema:\n{report}\n{}",
                    site.read(file)
                );
            }
        }
        let news = site.read("news-sitemap.xml");
        assert_eq!(news.matches("<news:news>").count(), 3, "{news}");
        // The two translations list each other, themselves and an x-default.
        let sitemap = site.read("sitemap.xml");
        assert_eq!(sitemap.matches("<xhtml:link ").count(), 6, "{sitemap}");
    }
}

#[test]
fn the_schemas_refuse_what_google_refuses() {
    if let Some(why) = missing() {
        return tool_missing(&why);
    }
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let urlset = "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">";
    let news = |lang: &str, date: &str| {
        format!(
            "{urlset}<url><loc>https://n.example/a/</loc><news:news><news:publication><news:name>N</news:name><news:language>{lang}</news:language></news:publication><news:publication_date>{date}</news:publication_date><news:title>A</news:title></news:news></url></urlset>"
        )
    };
    let good = write("good.xml", &news("pt", "2026-03-14T09:30:00+01:00"));
    validate(&good, Schema::News).unwrap();
    for (name, text) in [
        ("empty.xml", format!("{urlset}</urlset>")),
        ("region.xml", news("pt-BR", "2026-03-14")),
        ("date.xml", news("en", "14 March 2026")),
        (
            "no-title.xml",
            news("en", "2026-03-14").replace("<news:title>A</news:title>", ""),
        ),
    ] {
        let path = write(name, &text);
        assert!(
            validate(&path, Schema::News).is_err(),
            "{name} passed:\n{text}"
        );
    }
    let index = write(
        "index.xml",
        "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><lastmod>2026-01-01</lastmod></sitemap></sitemapindex>",
    );
    assert!(
        validate(&index, Schema::Index).is_err(),
        "an index entry needs its <loc>"
    );
    let alternate = |link: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"><url><loc>https://n.example/a/</loc>{link}</url></urlset>"
        )
    };
    let good = write(
        "alternate.xml",
        &alternate(
            "<xhtml:link rel=\"alternate\" hreflang=\"ru\" href=\"https://n.example/ru/a/\"/>",
        ),
    );
    validate(&good, Schema::Sitemap).unwrap();
    let no_href = write(
        "no-href.xml",
        &alternate("<xhtml:link rel=\"alternate\" hreflang=\"ru\"/>"),
    );
    assert!(
        validate(&no_href, Schema::Sitemap).is_err(),
        "an alternate needs its href"
    );
}
