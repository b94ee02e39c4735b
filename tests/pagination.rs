//! Stable archive pages (`pagination = "stable"`, the default): listing pages numbered
//! from the oldest story never change once full, whatever stories are added after them;
//! the first URL of a listing shows at least a page of the newest stories; following
//! "older" from it reaches every story once, in date order, and "newer" climbs back.
//! Incremental builds equal clean ones under both schemes, and switching schemes leaves
//! no page of the other behind.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Site, article, attrs};
use gazette::driver::Options;

const PER: usize = 3;

fn config(scheme: &str) -> String {
    format!("base_url = \"https://pages.example/\"\npaginate = {PER}\npagination = \"{scheme}\"\n")
}

/// Story `i` of the seed: four a day from 1 March 2024, most in World, all tagged
/// `common`, some with a rare tag, two authors, a dateline on some.
fn seed_story(site: &Site, i: usize) {
    let section = if i.is_multiple_of(5) { "city" } else { "world" };
    let rare = if i.is_multiple_of(7) {
        format!(", \"rare {i}\"")
    } else {
        String::new()
    };
    let extra = format!(
        "date = \"2024-03-{:02} {:02}:00\"\ntags = [\"common\"{rare}]\nauthors = [\"{}\"]\n{}",
        1 + i / 4,
        10 + i % 4,
        ["Ann Aker", "Bo Berg"][i % 2],
        if i.is_multiple_of(3) {
            "dateline = \"Port Alvar\""
        } else {
            ""
        },
    );
    site.write(
        &format!("content/{section}/s{i:02}.md"),
        &article(&format!("Seed story {i}"), &extra, "Body."),
    );
}

/// New story `k`, newer than every other: World, `common`, a tag of its own, Ann Aker.
fn new_story(site: &Site, k: usize) {
    let extra = format!(
        "date = \"2024-03-{:02} {:02}:00\"\ntags = [\"common\", \"only {k}\"]\nauthors = [\"Ann Aker\"]",
        10 + k / 3,
        9 + k % 3,
    );
    site.write(
        &format!("content/world/new{k}.md"),
        &article(&format!("New story {k}"), &extra, "Fresh."),
    );
}

fn seeded(scheme: &str, stories: usize) -> Site {
    let site = Site::new(&[("site.toml", &config(scheme))]);
    for i in 0..stories {
        seed_story(&site, i);
    }
    site
}

/// The numbered pages of every listing (`world/page/2/index.html`), by listing folder.
fn numbered_pages(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, BTreeMap<usize, String>> {
    let mut listings: BTreeMap<String, BTreeMap<usize, String>> = BTreeMap::new();
    for name in files.keys() {
        let Some(rest) = name.strip_suffix("/index.html") else {
            continue;
        };
        let Some((base, number)) = rest.rsplit_once("/page/") else {
            continue;
        };
        if let Ok(k) = number.parse::<usize>() {
            listings
                .entry(base.to_string())
                .or_default()
                .insert(k, name.clone());
        }
    }
    listings
}

/// Stable numbering's full pages: every numbered page of a listing but its highest, the
/// one still filling.
fn full_pages(files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    numbered_pages(files)
        .into_values()
        .flat_map(|pages| {
            let top = pages.keys().max().copied().unwrap_or(0);
            pages
                .into_iter()
                .filter(move |(k, _)| *k < top)
                .map(|(_, name)| name)
        })
        .collect()
}

fn files(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.snapshot().into_iter().collect()
}

fn hash(bytes: &[u8]) -> blake3::Hash {
    blake3::hash(bytes)
}

/// The output equals a clean build of the same sources in another folder, byte for byte.
fn assert_same_as_clean(site: &Site) {
    let clean = Site::new(&[]);
    for entry in walkdir::WalkDir::new(site.root())
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(site.root()).unwrap();
        let top = rel.components().next().map(|c| c.as_os_str().to_owned());
        if entry.file_type().is_file()
            && matches!(
                top.as_ref().and_then(|t| t.to_str()),
                Some("content" | "site.toml")
            )
        {
            clean.write_bytes(
                &rel.to_string_lossy(),
                &std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    clean
        .build_with(Options {
            clean: true,
            ..Options::default()
        })
        .unwrap();
    let (a, b) = (files(site), files(&clean));
    let names = |f: &BTreeMap<String, Vec<u8>>| f.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "the incremental build's files differ from a clean one's"
    );
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs from a clean build");
    }
}

#[test]
fn full_pages_keep_their_bytes_when_stories_are_added() {
    let site = seeded("stable", 23);
    site.built();
    let mut before = files(&site);
    let first_full = full_pages(&before);
    assert!(
        first_full.len() > 5,
        "the seed has full pages: {first_full:?}"
    );
    let mut filled = BTreeSet::new();
    for k in 0..7 {
        new_story(&site, k);
        site.built();
        let after = files(&site);
        let full = full_pages(&before);
        for name in &full {
            let now = after.get(name).unwrap_or_else(|| panic!("{name} is gone"));
            assert_eq!(
                hash(now),
                hash(&before[name]),
                "{name} changed after new story {k}"
            );
        }
        filled.extend(full_pages(&after).difference(&full).cloned());
        // What a story changes: its page and its neighbour's, the first URL of each
        // listing it is in, feeds, indexes, sitemaps, the search index.
        let changed: Vec<&String> = after
            .iter()
            .filter(|(name, bytes)| before.get(*name) != Some(*bytes))
            .map(|(name, _)| name)
            .filter(|name| !name.starts_with("search/"))
            .collect();
        assert!(
            changed.len() < 40,
            "story {k} changed {}: {changed:?}",
            changed.len()
        );
        // The page still filling is a redirect to the first URL, written once (a new one
        // when the last filled up, checked below): a numbered page that changed is one
        // that has just filled up.
        let now_full = full_pages(&after);
        for name in changed.iter().filter(|n| n.contains("/page/")) {
            assert!(
                !before.contains_key(*name) || (now_full.contains(*name) && !full.contains(*name)),
                "{name} changed after new story {k} but did not fill up"
            );
        }
        for (base, pages) in numbered_pages(&after) {
            let top = &pages[pages.keys().max().unwrap()];
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&after[top]));
            let refresh = attrs(&doc, "meta[http-equiv=refresh]", "content");
            assert_eq!(refresh, [format!("0; url=/{base}/")], "{top}");
            assert!(
                attrs(&doc, ".entry-title a", "href").is_empty(),
                "{top} lists stories"
            );
        }
        before = after;
    }
    // Pages filled up on the way: the section's, the common tag's, the author's.
    for listing in ["world/", "tags/common/", "authors/ann-aker/"] {
        assert!(
            filled.iter().any(|p| p.starts_with(listing)),
            "no page of {listing} filled up: {filled:?}"
        );
    }
    assert_same_as_clean(&site);
}

/// The entries' links of a listing page and its `rel` link, if any.
fn page_links(site: &Site, file: &str, rel: &str) -> (Vec<String>, Option<String>) {
    let doc = site.html(file);
    let stories = attrs(&doc, ".entries .entry-title a", "href");
    let step = attrs(&doc, &format!("link[rel={rel}]"), "href")
        .into_iter()
        .next();
    (stories, step)
}

/// Where a redirect page (`<meta http-equiv="refresh">`) leads.
fn redirect(site: &Site, file: &str) -> Option<String> {
    let content = attrs(&site.html(file), "meta[http-equiv=refresh]", "content");
    Some(content.first()?.strip_prefix("0; url=")?.to_string())
}

fn file_of(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// Stories of a listing, newest first, walked from its first URL by "older" links; then
/// walked back by "newer" links from the oldest page, which must end at the first URL.
fn walk(site: &Site, first: &str, stable: bool) -> Vec<String> {
    let (shown, mut older) = page_links(site, &file_of(first), "next");
    assert!(
        shown.len() >= PER || older.is_none(),
        "{first} shows {} stories",
        shown.len()
    );
    let mut stories = shown;
    let mut last = first.to_string();
    while let Some(url) = older {
        let (shown, next) = page_links(site, &file_of(&url), "next");
        // Every older page is full (newest-first: all but the last).
        assert!(
            shown.len() == PER || (!stable && next.is_none()),
            "{url}: {} stories",
            shown.len()
        );
        stories.extend(shown);
        last = url;
        older = next;
    }
    // Back up: every "newer" link leads to a page that exists, up to the first URL (the
    // stable page still filling leads on to it by a redirect).
    let mut at = last;
    for _ in 0..100 {
        match page_links(site, &file_of(&at), "prev").1 {
            Some(url) => at = url,
            None => match redirect(site, &file_of(&at)) {
                Some(url) => {
                    assert!(stable, "{at} redirects under newest-first");
                    at = url;
                }
                None => break,
            },
        }
    }
    assert_eq!(
        at, first,
        "newer links from the oldest page end at the first URL"
    );
    stories
}

/// The URLs of the seed's stories in a listing, newest first (see [`seed_story`]).
fn expected(stories: usize, listing: &str) -> Vec<String> {
    (0..stories)
        .rev()
        .filter(|i| match listing {
            "/world/" => i % 5 != 0,
            "/city/" => i % 5 == 0,
            "/authors/bo-berg/" => i % 2 == 1,
            "/2024/03/01/" => *i < 4,
            _ => true,
        })
        .map(|i| format!("/2024/03/{:02}/s{i:02}/", 1 + i / 4))
        .collect()
}

#[test]
fn older_links_reach_every_story_once_in_date_order() {
    // 0, 2, 3, 4, 6, 7 and 9 stories in a listing: no page, one full, a full one and one
    // filling, and so on.
    for stories in [1, 4, 9, 12, 13, 16, 24] {
        for scheme in ["stable", "newest-first"] {
            let site = seeded(scheme, stories);
            site.built();
            let listings = [
                "/world/",
                "/city/",
                "/tags/common/",
                "/authors/bo-berg/",
                "/2024/03/01/",
                "/2024/",
            ];
            for listing in listings {
                if !site.exists(&file_of(listing)) {
                    continue;
                }
                let walked = walk(&site, listing, scheme == "stable");
                let want = expected(stories, listing);
                assert_eq!(walked, want, "{scheme}, {stories} stories: {listing}");
            }
            // A day of four stories: with stable pages its first URL shows all four.
            let (day, _) = page_links(&site, "2024/03/01/index.html", "next");
            if scheme == "stable" {
                assert_eq!(day.len(), stories.min(4), "{stories}");
            }
        }
    }
}

#[test]
fn stable_pages_count_from_the_oldest_and_say_nothing_that_moves() {
    let site = seeded("stable", 13);
    site.built();
    // World has 10 stories: pages 1 to 3 are full, the newest one fills page 4, and the
    // first URL shows it with all of page 3.
    let titles = |file: &str| common::texts(&site.html(file), ".entries .entry-title");
    assert_eq!(
        titles("world/page/1/index.html"),
        ["Seed story 3", "Seed story 2", "Seed story 1"]
    );
    // Page 4 is still filling: a redirect to the first URL, which shows its story.
    assert!(titles("world/page/4/index.html").is_empty());
    assert_eq!(
        attrs(
            &site.html("world/page/4/index.html"),
            "meta[http-equiv=refresh]",
            "content"
        ),
        ["0; url=/world/"]
    );
    assert_eq!(titles("world/index.html")[0], "Seed story 12");
    assert_eq!(titles("world/index.html").len(), 4);
    assert!(!site.exists("world/page/5/index.html"));
    // A full page: no count, no "of N"; its number, and links that exist for ever.
    let full = site.html("world/page/2/index.html");
    let count = common::texts(&full, ".listing-count").join(" ");
    assert!(count.starts_with("Page 2"), "{count}");
    assert!(!count.contains("stor"), "{count}");
    assert_eq!(attrs(&full, "link[rel=prev]", "href"), ["/world/page/3/"]);
    assert_eq!(attrs(&full, "link[rel=next]", "href"), ["/world/page/1/"]);
    // The first URL counts the stories and links to the page below the one it shows.
    let first = site.html("world/index.html");
    assert!(common::texts(&first, ".listing-count")[0].starts_with("10 stories"));
    assert_eq!(attrs(&first, "link[rel=next]", "href"), ["/world/page/2/"]);
    // A full year page lists no months (their counts move); the year's first URL does.
    let year = site.html("2024/page/1/index.html");
    assert!(common::texts(&year, ".period-months").is_empty());
    assert!(!common::texts(&site.html("2024/index.html"), ".period-months").is_empty());
    // Filling pages are not in the sitemap; full pages and first URLs are.
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://pages.example/world/page/3/</loc>"));
    assert!(sitemap.contains("<loc>https://pages.example/world/</loc>"));
    assert!(!sitemap.contains("<loc>https://pages.example/world/page/4/</loc>"));
}

#[test]
fn switching_schemes_removes_the_other_schemes_pages() {
    let site = seeded("stable", 24);
    site.built();
    assert!(site.exists("world/page/1/index.html"));
    let stable = files(&site);
    site.write("site.toml", &config("newest-first"));
    let report = site.built();
    assert!(report.removed > 0);
    // Newest-first, World's 19 stories make pages 1 (the first URL) to 7.
    assert!(!site.exists("world/page/1/index.html"));
    assert!(site.exists("world/page/7/index.html"));
    assert_same_as_clean(&site);
    // And back: the same files as before the switch.
    site.write("site.toml", &config("stable"));
    site.built();
    assert_same_as_clean(&site);
    let back = files(&site);
    assert_eq!(
        back.keys().collect::<Vec<_>>(),
        stable.keys().collect::<Vec<_>>()
    );
}

#[test]
fn incremental_builds_equal_clean_ones_under_both_schemes() {
    for scheme in ["stable", "newest-first"] {
        let site = seeded(scheme, 14);
        site.built();
        // Add stories, delete one, move one's date back, and retag one.
        new_story(&site, 0);
        new_story(&site, 1);
        site.built();
        assert_same_as_clean(&site);
        std::fs::remove_file(site.path("content/world/s02.md")).unwrap();
        site.built();
        assert_same_as_clean(&site);
        site.write(
            "content/world/new1.md",
            &article(
                "New story 1",
                "date = \"2024-02-01 08:00\"\ntags = [\"common\"]",
                "Moved.",
            ),
        );
        site.built();
        assert_same_as_clean(&site);
    }
}

#[test]
fn a_misspelt_scheme_is_named_at_its_line_with_a_suggestion() {
    let site = Site::new(&[(
        "site.toml",
        "title = \"x\"\npaginate = 3\npagination = \"stabel\"\n",
    )]);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("site.toml:3:1: unknown pagination `stabel`"),
        "{errors:?}"
    );
    assert!(errors[0].contains("did you mean `stable`?"), "{errors:?}");
}

#[test]
fn a_session_patches_stories_moving_between_terms_as_a_clean_build_would() {
    use gazette::driver::Session;
    let site = seeded("stable", 23);
    let mut session = Session::new(site.root(), Options::default());
    session.rebuild().unwrap();
    // Story 11 joins `rare 7` (one story to two: still one page); story 5 leaves `common`
    // (23 stories to 22: still seven full pages). Both move full pages' stories, and the
    // sitemap's order with them.
    let edits = [
        ("content/world/s11.md", 11, "[\"common\", \"rare 7\"]"),
        ("content/city/s05.md", 5, "[]"),
    ];
    for (path, i, tags) in edits {
        let text = std::fs::read_to_string(site.path(path)).unwrap();
        let line = text.lines().find(|l| l.starts_with("tags = ")).unwrap();
        site.write(path, &text.replace(line, &format!("tags = {tags}")));
        let report = session.rebuild_changed(&[site.path(path)]).unwrap();
        let stages: Vec<&str> = report.timings.iter().map(|(s, _)| *s).collect();
        assert!(!stages.contains(&"plan"), "story {i}: {stages:?}");
        assert_same_as_clean(&site);
    }
}
