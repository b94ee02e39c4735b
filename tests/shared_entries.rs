//! A story's listing entry is made once per build (and once per patch in `serve`),
//! however many listings, feeds and neighbour links show it: every page shares it.
//!
//! One test in its own binary, since it reads a count kept for the whole process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article};
use gazette::driver::{Options, Session};
use gazette::render::entries_made;

/// How many times the output shows `path` (a story's URL) outside the story's own page.
fn shown(site: &Site, path: &str) -> usize {
    common::snapshot(&site.path("public"))
        .iter()
        .filter(|(name, _)| !name.starts_with(path.trim_start_matches('/')))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).matches(path).count())
        .sum()
}

#[test]
fn each_entry_is_made_once_per_build_however_many_pages_show_it() {
    let n = 24;
    let mut files = vec![(
        "site.toml".to_string(),
        "base_url = \"https://news.example.org/\"\npaginate = 4\n".to_string(),
    )];
    for i in 0..n {
        let section = ["city", "world"][i % 2];
        let front = format!(
            "tags = [\"harbour\", \"tag{}\"]\nauthors = [\"Ada Lind\"]\ndateline = \"Oslo\"",
            i % 3
        );
        files.push((
            format!("content/{section}/2021-03-{:02}-story-{i}.md", i + 1),
            article(&format!("Story {i}"), &front, "Body."),
        ));
    }
    let site = Site::from_files(&files);

    let before = entries_made();
    site.built();
    assert_eq!(
        entries_made() - before,
        n,
        "one entry per story in a cold build"
    );
    // Each story shows on its section's, tags', author's, place's and date archives'
    // pages, the front page, the feeds, the sitemaps and its neighbours' pages.
    let shows: Vec<usize> = (0..n)
        .map(|i| shown(&site, &format!("/2021/03/{:02}/story-{i}/", i + 1)))
        .collect();
    assert!(shows.iter().all(|&s| s >= 10), "{shows:?}");

    // A clean build renders every page again, still with one entry per story.
    let before = entries_made();
    site.build_with(Options {
        clean: true,
        ..Options::default()
    })
    .unwrap();
    assert_eq!(entries_made() - before, n);

    // In serve, a story's summary edited in place re-renders the pages that show it (its
    // own, its neighbours', its listings' and the feeds): each entry on them is made once
    // for the patch, not once per page.
    let mut session = Session::new(site.root(), Options::default());
    session.build().unwrap();
    let story = site.path("content/world/2021-03-12-story-11.md");
    let before = entries_made();
    site.write(
        "content/world/2021-03-12-story-11.md",
        &article(
            "Story 11",
            "tags = [\"harbour\", \"tag2\"]\nauthors = [\"Ada Lind\"]\ndateline = \"Oslo\"\nsummary = \"Changed.\"",
            "New body.",
        ),
    );
    let report = session.rebuild_changed(&[story]).unwrap();
    let made = entries_made() - before;
    assert!(report.written > 10, "{report:?}");
    assert!((1..=n).contains(&made), "{made} entries for {report:?}");
}
