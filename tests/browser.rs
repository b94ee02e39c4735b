//! End to end in headless Chromium: an open page shows an edit without a manual reload,
//! and shows a build error over the page until it is fixed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::browser::browser_or_skip;
use common::server::Server;
use common::{Site, article};

#[test]
fn an_open_page_reloads_itself_after_an_edit() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let site = Site::new(&[(
        "content/world/2021-09-25-vote.md",
        &article("Assembly votes", "", "Old text."),
    )]);
    let server = Server::start(site.root(), &[]);
    browser.open(&format!(
        "http://127.0.0.1:{}/2021/09/25/vote/",
        server.port
    ));
    assert_eq!(
        browser.js("return document.querySelector('h1').textContent"),
        "Assembly votes"
    );
    // Mark this page load: a reload replaces the window and loses the mark.
    browser.js("window.gazetteMark = 1; return 1");
    // Wait until the page's event stream is connected.
    browser.wait_for(
        "return document.documentElement.dataset.gazetteLive === 'connected'",
        "event stream",
    );

    site.write(
        "content/world/2021-09-25-vote.md",
        &article("Assembly votes again", "", "New text."),
    );
    browser.wait_for("return document.querySelector('h1') && document.querySelector('h1').textContent === 'Assembly votes again'", "the new headline");
    assert!(
        browser.js("return window.gazetteMark === undefined") == true,
        "the page reloaded itself"
    );

    // A broken build shows an overlay; fixing it removes the overlay.
    browser.wait_for(
        "return document.documentElement.dataset.gazetteLive === 'connected'",
        "event stream after reload",
    );
    site.write("content/world/2021-09-25-vote.md", "+++\ntitle = 3\n+++\n");
    let text = browser.wait_for(
        "var o = document.getElementById('gazette-error-overlay'); return o && o.textContent",
        "the error overlay",
    );
    assert!(
        text.as_str().unwrap().contains("2021-09-25-vote.md:2:9"),
        "{text}"
    );
    site.write(
        "content/world/2021-09-25-vote.md",
        &article("Assembly votes again", "", "Fixed."),
    );
    browser.wait_for(
        "return !document.getElementById('gazette-error-overlay')",
        "the overlay to go",
    );
}

#[test]
fn on_a_phone_every_navigation_link_is_in_sight() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let sections = [
        "international-affairs",
        "business-and-markets",
        "science-and-technology",
        "culture",
        "sport",
        "opinion",
        "city",
    ];
    let files: Vec<(String, String)> = sections
        .iter()
        .map(|s| {
            (
                format!("content/{s}/2021-01-01-{s}.md"),
                article(
                    s,
                    "tags = [\"t\"]\nauthors = [\"A\"]\ndateline = \"P\"",
                    "x",
                ),
            )
        })
        .collect();
    let site = Site::from_files(&files);
    let server = Server::start(site.root(), &[]);
    browser.resize(375, 740);
    browser.open(&format!("http://127.0.0.1:{}/", server.port));
    let width = browser.js("return window.innerWidth");
    assert!(
        width.as_u64().is_some_and(|w| w <= 400),
        "a phone's width: {width}"
    );
    // Each link of the bar lies wholly inside the window, and is what a tap at its
    // middle reaches (nothing covers it, nothing clips it).
    let report = browser.js(
        "var out = []; var links = document.querySelectorAll('.site-nav a');
         window.scrollTo(0, 0);
         for (var a of links) {
           var r = a.getBoundingClientRect();
           var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
           out.push({ text: a.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                      reached: !!hit && (hit === a || a.contains(hit)) });
         }
         var ul = document.querySelector('.site-nav ul');
         return { links: out, overflow: ul.scrollWidth - ul.clientWidth, width: window.innerWidth, height: window.innerHeight };",
    );
    let links = report["links"].as_array().unwrap();
    // Seven sections, three indexes and the archive.
    assert_eq!(links.len(), 11, "{report}");
    let (w, h) = (
        report["width"].as_f64().unwrap(),
        report["height"].as_f64().unwrap(),
    );
    for link in links {
        let inside = link["left"].as_f64().unwrap() >= 0.0
            && link["right"].as_f64().unwrap() <= w
            && link["top"].as_f64().unwrap() >= 0.0
            && link["bottom"].as_f64().unwrap() <= h;
        assert!(
            inside && link["reached"] == true,
            "{link} in a {w}×{h} window"
        );
    }
    assert!(
        report["overflow"].as_f64().unwrap() <= 0.0,
        "the bar scrolls sideways: {report}"
    );
    // The picture a reader sees, kept for a person to look at.
    let png = browser.screenshot();
    assert!(png.starts_with("iVBORw0KGgo"), "a PNG");
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone-front-page.png.base64");
    std::fs::write(&out, png).unwrap();
}

/// The pagination a reader clicks, in a real browser: from a section's first URL "Older"
/// reaches every story once, newest to oldest, and "Newer" climbs back to the first URL.
#[test]
fn a_section_walks_from_the_newest_page_to_the_oldest_and_back() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let mut files = vec![(
        "site.toml".to_string(),
        "base_url = \"http://127.0.0.1/\"\npaginate = 3\n".to_string(),
    )];
    for d in 1..=11 {
        files.push((
            format!("content/world/2024-05-{d:02}-s{d}.md"),
            article(&format!("Story {d}"), "", "Text."),
        ));
    }
    let site = Site::from_files(&files);
    let server = Server::start(site.root(), &[]);
    let origin = format!("http://127.0.0.1:{}", server.port);
    browser.open(&format!("{origin}/world/"));
    let titles = || {
        browser.js(
            "return Array.from(document.querySelectorAll('.entries .entry-title a')).map(a => a.textContent)",
        )
    };
    // Click the pagination link with `rel`, if there is one; returns the link's address.
    // The page still filling (11 stories, 3 a page: page 4) leads on to the first URL.
    let follow = |rel: &str| -> Option<String> {
        let href = browser.js(&format!(
            "var a = document.querySelector('.pagination a[rel={rel}]'); return a ? a.getAttribute('href') : null"
        ));
        let href = href.as_str()?.to_string();
        let lands = if href == "/world/page/4/" {
            "/world/"
        } else {
            &href
        };
        browser.js(&format!(
            "document.querySelector('.pagination a[rel={rel}]').click(); return 1"
        ));
        browser.wait_for(
            &format!("return location.pathname === '{lands}' && document.readyState === 'complete' && document.querySelector('.entries') !== null"),
            &href,
        );
        Some(href)
    };
    let mut seen: Vec<String> = Vec::new();
    let mut path = vec!["/world/".to_string()];
    loop {
        for t in titles().as_array().unwrap() {
            seen.push(t.as_str().unwrap().to_string());
        }
        match follow("next") {
            Some(href) => path.push(href),
            None => break,
        }
    }
    let want: Vec<String> = (1..=11).rev().map(|d| format!("Story {d}")).collect();
    assert_eq!(seen, want, "older pages, newest to oldest");
    assert_eq!(path, ["/world/", "/world/page/2/", "/world/page/1/"]);
    // Back up through every numbered page, the still-filling page 4 last, which leads on
    // to the first URL.
    let mut back = Vec::new();
    while let Some(href) = follow("prev") {
        back.push(href);
        assert!(back.len() < 10, "{back:?}");
    }
    assert_eq!(back, ["/world/page/2/", "/world/page/3/", "/world/page/4/"]);
    assert_eq!(browser.js("return location.pathname"), "/world/");
    assert_eq!(titles()[0], "Story 11");
}
