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
