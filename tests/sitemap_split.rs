//! A site with more than 50,000 pages gets a sitemap index and sitemap files of at most
//! 50,000 URLs each (sitemaps.org). The fixture is generated: 8,400 stories, one page each
//! per listing (paginate = 1), so every story yields six URLs or more. With stable pages
//! the files of pages that never change hold 10,000 each and fill from the oldest story,
//! so a new story changes only the last of them, the file of listings' first URLs and the
//! index.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::Site;
use gazette::driver::{Options, Session};

#[test]
fn sitemap_splits_at_50000_urls_newest_first() {
    sitemap_splits("newest-first", &["sitemap-1.xml", "sitemap-2.xml"]);
}

#[test]
fn sitemap_splits_at_50000_urls_from_the_oldest() {
    let site = sitemap_splits(
        "stable",
        &[
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml",
            "sitemap-4.xml",
            "sitemap-5.xml",
            "sitemap-6.xml",
            "sitemap-listings-1.xml",
        ],
    );
    let before = sitemap_files(&site);
    // A new story, the newest, with a tag of its own.
    site.write(
        "content/s/2025-01-01-newest.md",
        "+++\ntitle = \"Newest\"\ntags = [\"t5\", \"brand new\"]\n+++\nx\n",
    );
    site.built();
    assert_eq!(
        changed_since(&site, &before),
        ["sitemap-6.xml", "sitemap-listings-1.xml", "sitemap.xml"]
    );
    assert!(site.read("sitemap-6.xml").contains("/2025/01/01/newest/"));
    assert!(
        site.read("sitemap-listings-1.xml")
            .contains("/tags/brand-new/")
    );

    // The next story of that day, later, with a tag that exists, joins the plan in place
    // in `serve`: the same three files change (the index dates the two files by it), and
    // a full build then finds nothing to do.
    let mut session = Session::new(site.root(), Options::default());
    session.rebuild().unwrap();
    let before = sitemap_files(&site);
    let path = "content/s/2025-01-01-second.md";
    site.write(
        path,
        "+++\ntitle = \"Second\"\ndate = 2025-01-01T12:00:00Z\ntags = [\"t5\"]\n+++\nx\n",
    );
    let report = session.rebuild_changed(&[site.path(path)]).unwrap();
    assert!(report.timings.iter().all(|(stage, _)| *stage != "plan"));
    assert_eq!(
        changed_since(&site, &before),
        ["sitemap-6.xml", "sitemap-listings-1.xml", "sitemap.xml"]
    );
    assert!(site.read("sitemap-6.xml").contains("/2025/01/01/second/"));
    session.save_caches().unwrap();
    let again = Session::new(site.root(), Options::default())
        .rebuild()
        .unwrap();
    assert_eq!(again.written, 0, "{:?}", again.changed);

    // A story of today brings the news sitemap back: the index lists it, and robots.txt,
    // which names the index alone, does not change.
    let robots = site.read("robots.txt");
    assert_eq!(robots.matches("Sitemap:").count(), 1, "{robots}");
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    site.write(
        "content/s/today.md",
        &format!("+++\ntitle = \"Today\"\ndate = {now}\ntags = [\"t5\"]\n+++\nx\n"),
    );
    site.built();
    assert!(site.read("news-sitemap.xml").contains("/today/"));
    assert_eq!(site.read("robots.txt"), robots);
    let index = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&index).unwrap();
    let news: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("sitemap"))
        .filter(|n| {
            n.descendants().any(|l| {
                l.has_tag_name("loc") && l.text() == Some("https://big.example/news-sitemap.xml")
            })
        })
        .collect();
    assert_eq!(news.len(), 1, "{index}");
    assert!(!news[0].descendants().any(|n| n.has_tag_name("lastmod")));
    validate(&site, "sitemap.xml", common::schemas::Schema::Index);
}

/// Validate `file` of the output against `schema`, unless the schemas cannot be had here
/// (they must be under `GAZETTE_REQUIRE_TOOLS=1`).
fn validate(site: &Site, file: &str, schema: common::schemas::Schema) {
    match common::schemas::missing() {
        None => {
            let path = site.path(&format!("public/{file}"));
            if let Err(report) = common::schemas::validate(&path, schema) {
                panic!("{file} fails its schema:\n{report}");
            }
        }
        Some(why) if std::env::var("GAZETTE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") => {
            panic!("{why}")
        }
        Some(why) => eprintln!("skipped the schemas: {why}"),
    }
}

/// The sitemap files in the output, with their bytes.
fn sitemap_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.snapshot()
        .into_iter()
        .filter(|(name, _)| name.starts_with("sitemap"))
        .collect()
}

/// The sitemap files that are new or differ from `before`, by name.
fn changed_since(site: &Site, before: &[(String, Vec<u8>)]) -> Vec<String> {
    sitemap_files(site)
        .into_iter()
        .filter(|f| !before.contains(f))
        .map(|(name, _)| name)
        .collect()
}

/// Build the fixture with `pagination = scheme`: the index lists `files`, which hold every
/// URL once; a story's new `updated` date is patched into the index and the oldest file.
fn sitemap_splits(scheme: &str, files: &[&str]) -> Site {
    let site = Site::new(&[(
        "site.toml",
        &format!(
            "base_url = \"https://big.example/\"\npaginate = 1\npagination = \"{scheme}\"\ntaxonomies = [\"tags\"]\nsearch = false\n[feeds]\nper_tag = false\n"
        ),
    )]);
    let stories = 8_400;
    for i in 0..stories {
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        let year = 2000 + i / (28 * 12);
        site.write(
            &format!("content/s/{year}-{month:02}-{day:02}-n{i}.md"),
            &format!("+++\ntitle = \"Story {i}\"\ntags = [\"t{i}\"]\n+++\nx\n"),
        );
    }
    let mut session = Session::new(site.root(), Options::default());
    session.rebuild().unwrap();

    let index = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&index).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let want: Vec<String> = files
        .iter()
        .map(|f| format!("https://big.example/{f}"))
        .collect();
    assert_eq!(locs, want);

    validate(&site, "sitemap.xml", common::schemas::Schema::Index);
    let mut total = 0;
    let mut all = std::collections::HashSet::new();
    for file in files {
        validate(&site, file, common::schemas::Schema::Sitemap);
        let text = site.read(file);
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
        let urls: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .collect();
        assert!(urls.len() <= 50_000, "{file} has {} URLs", urls.len());
        // Stable: the files of pages that never change hold 10,000 each, the last fewer.
        let settled = scheme == "stable" && !file.contains("listings");
        let last = files.iter().rfind(|f| !f.contains("listings")) == Some(file);
        if settled && last {
            assert!(urls.len() <= 10_000, "{file} has {} URLs", urls.len());
        } else if settled {
            assert_eq!(urls.len(), 10_000, "{file}");
        }
        total += urls.len();
        all.extend(urls.into_iter().map(str::to_string));
    }
    assert_eq!(total, all.len(), "no URL is listed twice");
    assert!(total > 50_000);
    assert!(all.contains("https://big.example/2000/01/01/n0/"));
    assert!(all.contains(&format!("https://big.example/tags/t{}/", stories - 1)));

    // A story edited in place with a new `updated` date: the serve patch redates its
    // sitemap file and the index, and a full build afterwards finds nothing to change.
    let path = "content/s/2000-01-06-n5.md";
    site.write(
        path,
        "+++\ntitle = \"Story 5\"\ntags = [\"t5\"]\nupdated = 2030-01-01T00:00:00Z\n+++\nx\n",
    );
    let report = session.rebuild_changed(&[site.path(path)]).unwrap();
    assert!(report.timings.iter().all(|(stage, _)| *stage != "plan"));
    assert!(site.read("sitemap.xml").contains("2030-01-01"));
    assert!(site.read("sitemap-1.xml").contains("2030-01-01"));
    session.save_caches().unwrap();
    let again = Session::new(site.root(), Options::default())
        .rebuild()
        .unwrap();
    assert_eq!(again.written, 0, "{:?}", again.changed);
    site
}
