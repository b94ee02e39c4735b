//! `gazette serve` over real HTTP: pages, rebuilds by route after the ways editors save,
//! live-reload events, the error overlay and recovery, and the server's defences.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::time::Duration;

use common::server::Server;
use common::{Site, article};

fn newsroom() -> Site {
    Site::new(&[
        (
            "content/world/2021-09-25-vote.md",
            &article(
                "Assembly votes",
                "tags = [\"un\"]",
                "First paragraph.\n\nOld body text.",
            ),
        ),
        (
            "content/world/2021-09-24-talks.md",
            &article("Talks begin", "", "Talks."),
        ),
        (
            "content/city/2021-09-20-tram.md",
            &article("Tram opens", "", "Trams."),
        ),
    ])
}

/// The pages a rebuild changed (the search index, which holds all text, aside).
fn changed(status: &serde_json::Value) -> Vec<String> {
    status["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .filter(|u| !u.starts_with("/search/pagefind/"))
        .collect()
}

#[test]
fn an_edit_rebuilds_only_the_routes_that_show_it_and_tells_the_page() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    assert!(
        server
            .get("/2021/09/25/vote/")
            .body
            .contains("Old body text.")
    );
    let events = server.events();

    // A body edit that leaves the summary alone: only the article page changes.
    let g = server.generation();
    site.write(
        "content/world/2021-09-25-vote.md",
        &article(
            "Assembly votes",
            "tags = [\"un\"]",
            "First paragraph.\n\nNew body text.",
        ),
    );
    // The event comes only once the new files are in place: a page fetched the moment it
    // arrives is already the new one.
    let (name, data) = events
        .recv_timeout(Duration::from_secs(10))
        .expect("live-reload event");
    assert!(
        server
            .get("/2021/09/25/vote/")
            .body
            .contains("New body text.")
    );
    assert_eq!(name, "rebuilt");
    assert!(data.contains("/2021/09/25/vote/"), "{data}");
    assert!(!data.contains("/city/"), "{data}");
    let status = server.wait_rebuild(g);
    assert_eq!(changed(&status), vec!["/2021/09/25/vote/"]);

    // A headline edit changes the listings and feeds that show it, not unrelated pages.
    let g = server.generation();
    site.write(
        "content/world/2021-09-25-vote.md",
        &article(
            "Assembly votes again",
            "tags = [\"un\"]",
            "First paragraph.\n\nNew body text.",
        ),
    );
    let urls = changed(&server.wait_rebuild(g));
    for expected in [
        "/2021/09/25/vote/",
        "/world/",
        "/",
        "/rss.xml",
        "/tags/un/",
        "/2021/09/24/talks/",
    ] {
        assert!(
            urls.contains(&expected.to_string()),
            "{expected} not in {urls:?}"
        );
    }
    assert!(!urls.contains(&"/city/".to_string()), "{urls:?}");
    assert!(!urls.contains(&"/2021/09/20/tram/".to_string()), "{urls:?}");
}

#[test]
fn the_ways_editors_save_each_cause_a_clean_rebuild() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    let file = site.path("content/world/2021-09-25-vote.md");
    let body = |text: &str| article("Assembly votes", "", text);

    // vim: probe file 4913, rename the original to a backup, write the new file.
    let g = server.generation();
    std::fs::write(site.path("content/world/4913"), "").unwrap();
    std::fs::remove_file(site.path("content/world/4913")).unwrap();
    std::fs::rename(&file, site.path("content/world/2021-09-25-vote.md~")).unwrap();
    std::fs::write(&file, body("Saved by vim.")).unwrap();
    server.wait_rebuild(g);
    std::fs::remove_file(site.path("content/world/2021-09-25-vote.md~")).unwrap();
    assert!(
        server
            .get("/2021/09/25/vote/")
            .body
            .contains("Saved by vim.")
    );

    // JetBrains: write a temporary file, rename it over the original.
    let g = server.generation();
    let tmp = site.path("content/world/2021-09-25-vote.md___jb_tmp___");
    std::fs::write(&tmp, body("Saved by JetBrains.")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    server.wait_rebuild(g);
    assert!(
        server
            .get("/2021/09/25/vote/")
            .body
            .contains("Saved by JetBrains.")
    );

    // emacs: a lock symlink, then the write.
    let g = server.generation();
    let lock = site.path("content/world/.#2021-09-25-vote.md");
    std::os::unix::fs::symlink("user@host.123", &lock).unwrap();
    std::fs::write(&file, body("Saved by emacs.")).unwrap();
    server.wait_rebuild(g);
    std::fs::remove_file(&lock).unwrap();
    assert!(
        server
            .get("/2021/09/25/vote/")
            .body
            .contains("Saved by emacs.")
    );

    // VS Code style atomic save: temporary file in the folder, renamed into place.
    let g = server.generation();
    let tmp = site.path("content/world/.2021-09-25-vote.md.tmp");
    std::fs::write(&tmp, body("Saved atomically.")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let status = server.wait_rebuild(g);
    assert!(status["error"].is_null(), "{status}");
    assert!(
        server
            .get("/2021/09/25/vote/")
            .body
            .contains("Saved atomically.")
    );
    // No junk file became a page.
    assert_eq!(server.get("/2021/09/25/vote.md~/").status, 404);
}

#[test]
fn creating_deleting_and_renaming_stories_and_folders() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);

    let g = server.generation();
    site.write(
        "content/city/2021-09-26-ferry.md",
        &article("Ferry returns", "", "x"),
    );
    server.wait_rebuild(g);
    assert!(server.get("/city/").body.contains("Ferry returns"));

    // A deleted story disappears from every listing.
    let g = server.generation();
    std::fs::remove_file(site.path("content/world/2021-09-24-talks.md")).unwrap();
    let status = server.wait_rebuild(g);
    assert!(changed(&status).contains(&"/2021/09/24/talks/".to_string()));
    assert_eq!(server.get("/2021/09/24/talks/").status, 404);
    for listing in ["/world/", "/", "/2021/09/", "/archive/", "/rss.xml"] {
        assert!(
            !server.get(listing).body.contains("Talks begin"),
            "{listing} still lists it"
        );
    }

    // Renaming a whole folder moves its section.
    let g = server.generation();
    std::fs::rename(site.path("content/city"), site.path("content/local")).unwrap();
    server.wait_rebuild(g);
    assert!(server.get("/local/").body.contains("Tram opens"));
    assert_eq!(server.get("/city/").status, 404);
}

#[test]
fn many_files_changed_at_once_cause_one_rebuild() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    let g = server.generation();
    // Like a `git checkout`: thousands of files in one burst.
    for i in 0..2000 {
        site.write(
            &format!("content/bulk/2020-01-01-s{i}.md"),
            &article(&format!("Bulk {i}"), "", "x"),
        );
    }
    let status = server.wait_rebuild(g);
    // Give any straggling rebuild time to show itself.
    std::thread::sleep(Duration::from_millis(800));
    let after = server.generation();
    assert_eq!(after - g, 1, "rebuilds for one checkout");
    assert!(status["error"].is_null());
    // Every file of the checkout is in that one rebuild.
    assert!(server.get("/bulk/").body.contains("2000 stories"));

    // Writes inside the output directory never trigger a rebuild.
    let g = server.generation();
    std::fs::write(site.path("public/extra.txt"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.generation(), g);
}

#[test]
fn templates_theme_files_static_files_and_the_configuration_rebuild_what_depends_on_them() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    let pages = html_pages(&site.path("public"));
    assert!(pages.len() > 15, "{pages:?}");

    // A template: only the routes rendered with it (the two section pages).
    let g = server.generation();
    let section = std::fs::read_to_string("themes/default/templates/section.html").unwrap();
    site.write(
        "templates/section.html",
        &section.replace(
            "<p class=\"kicker\">{{ t(key=\"section\") }}</p>",
            "<p class=\"kicker\">Desk</p>",
        ),
    );
    let mut urls = changed(&server.wait_rebuild(g));
    urls.sort();
    assert_eq!(urls, vec!["/city/", "/world/"]);
    assert!(
        server
            .get("/world/")
            .body
            .contains("<p class=\"kicker\">Desk</p>")
    );

    // A template in the theme folder (`themes/default/` over the built-in theme): the
    // taxonomies' lists, which alone use it.
    let g = server.generation();
    site.write(
        "themes/default/templates/taxonomy_list.html",
        "<!doctype html><title>{{ taxonomy.title }} — {{ site.title }}</title><h1>All {{ taxonomy.title }}</h1>",
    );
    let mut urls = changed(&server.wait_rebuild(g));
    urls.sort();
    assert_eq!(urls, vec!["/authors/", "/places/", "/tags/"]);
    assert!(server.get("/tags/").body.contains("<h1>All Topics</h1>"));

    // A static file: that file alone.
    let g = server.generation();
    site.write("static/style.css", "body { color: navy; }\n");
    assert_eq!(changed(&server.wait_rebuild(g)), vec!["/style.css"]);
    assert_eq!(server.get("/style.css").body, "body { color: navy; }\n");

    // The configuration: every page (each shows the site's title).
    let g = server.generation();
    site.write(
        "site.toml",
        "base_url = \"https://news.example.org/\"\ntitle = \"Evening Courier\"\n",
    );
    let urls = changed(&server.wait_rebuild(g));
    let missed: Vec<&String> = pages.iter().filter(|p| !urls.contains(p)).collect();
    assert!(missed.is_empty(), "not rebuilt: {missed:?}");
    for url in &pages {
        assert!(server.get(url).body.contains("Evening Courier"), "{url}");
    }

    // The theme's words (`i18n/`): every page that says the word.
    let g = server.generation();
    site.write("i18n/en.toml", "archive = \"The files\"\n");
    let urls = changed(&server.wait_rebuild(g));
    assert!(urls.contains(&"/archive/".to_string()), "{urls:?}");
    assert!(
        server
            .get("/archive/")
            .body
            .contains("<h1 class=\"listing-title\">The files</h1>")
    );
}

/// The URL of every HTML page in an output folder (the search index aside).
fn html_pages(public: &std::path::Path) -> Vec<String> {
    common::snapshot(public)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") && !rel.starts_with("search/pagefind"))
        .map(|(rel, _)| format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel)))
        .collect()
}

#[test]
fn a_broken_build_shows_the_error_keeps_the_last_good_site_and_recovers() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let g = server.generation();
    site.write(
        "content/world/2021-09-25-vote.md",
        "+++\ntitle = \"Assembly votes\"\ndate = \"not a date\"\n+++\nx\n",
    );
    let status = server.wait_rebuild(g);
    let error = status["error"].as_str().expect("error reported");
    assert!(
        error.contains("2021-09-25-vote.md:3:8: invalid date `not a date`"),
        "{error}"
    );
    let (name, data) = events.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(name, "error-report");
    assert!(data.contains("invalid date"));
    // The terminal shows it too.
    let said = server.wait_stderr("2021-09-25-vote.md:3:8");
    assert!(
        said.contains("2021-09-25-vote.md:3:8: invalid date"),
        "{said}"
    );
    // The last good page is still served.
    let page = server.get("/2021/09/25/vote/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Old body text."));
    // A page opened now learns about the error at once.
    let late = server.events();
    assert_eq!(
        late.recv_timeout(Duration::from_secs(5)).unwrap().0,
        "error-report"
    );

    let g = server.generation();
    site.write(
        "content/world/2021-09-25-vote.md",
        &article("Assembly votes", "", "Fixed body."),
    );
    let status = server.wait_rebuild(g);
    assert!(status["error"].is_null());
    assert!(server.get("/2021/09/25/vote/").body.contains("Fixed body."));
    assert_eq!(
        events.recv_timeout(Duration::from_secs(10)).unwrap().0,
        "rebuilt"
    );

    // Template errors are reported the same way.
    let g = server.generation();
    site.write("templates/article.html", "{{ broken");
    let status = server.wait_rebuild(g);
    let error = status["error"].as_str().unwrap();
    assert!(error.contains("templates/article.html:1:10:"), "{error}");
    let said = server.wait_stderr("templates/article.html:1:10:");
    assert!(said.contains("templates/article.html:1:10:"), "{said}");
}

#[test]
fn the_server_refuses_traversal_foreign_hosts_and_origins() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    std::fs::write(site.path("secret.txt"), "top secret").unwrap();
    std::os::unix::fs::symlink(site.path("secret.txt"), site.path("public/link.txt")).unwrap();
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/world/..%2f..%2fsecret.txt",
        "/link.txt",
        "/%00",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("top secret"), "{path}");
    }
    assert_eq!(server.get("/world/").status, 200, "still serving");

    // DNS rebinding: a page on another domain resolving to 127.0.0.1.
    assert_eq!(
        server.request("/", &[("Host", "evil.example:1111")]).status,
        403
    );
    assert_eq!(
        server.request("/", &[("Host", "localhost:1111")]).status,
        200
    );
    // The event stream checks Origin.
    assert_eq!(
        server
            .request("/__gazette/events", &[("Origin", "https://evil.example")])
            .status,
        403
    );
    let page = server.get("/");
    assert!(!page.headers.contains("access-control-allow-origin"));
    // The live-reload script is added to pages, and only by the server.
    assert!(page.body.contains("/__gazette/live.js"));
    assert!(
        !std::fs::read_to_string(site.path("public/index.html"))
            .unwrap()
            .contains("__gazette")
    );
}

#[test]
fn drafts_and_future_only_when_asked_with_a_banner() {
    for (file, extra, url, flag, banner) in [
        (
            "content/city/2021-09-27-draft.md",
            "draft = true",
            "/2021/09/27/draft/",
            "--drafts",
            "draft stories are shown",
        ),
        (
            "content/city/2099-01-01-plan.md",
            "",
            "/2099/01/01/plan/",
            "--future",
            "future (scheduled) stories are shown",
        ),
    ] {
        let site = newsroom();
        site.write(file, &article("Held story", extra, "x"));
        {
            let server = Server::start(site.root(), &[]);
            assert_eq!(server.get(url).status, 404, "{url}");
            assert!(!server.get("/").body.contains("preview-banner"));
            assert!(!server.get("/city/").body.contains("Held story"));
        }
        let server = Server::start(site.root(), &[flag]);
        assert_eq!(server.get(url).status, 200, "{url} with {flag}");
        let front = server.get("/").body;
        assert!(front.contains(banner), "{flag}: {front}");
        assert!(server.get("/city/").body.contains("Held story"), "{flag}");
    }
}

#[test]
fn serve_listens_on_port_1111_by_default_at_the_address_asked_for() {
    let site = newsroom();
    // Another loopback address, so a preview of your own on 127.0.0.1:1111 is not in the way.
    let server = Server::start_through(&[], site.root(), &["--bind", "127.0.0.2"]);
    assert_eq!((server.host.as_str(), server.port), ("127.0.0.2", 1111));
    let front = server.get("/");
    assert_eq!(front.status, 200);
    assert!(front.body.contains("Assembly votes"));
    assert_eq!(
        server.request("/", &[("Host", "evil.example:1111")]).status,
        403
    );
}

#[test]
fn watch_rebuilds_the_output_on_a_change_without_a_server() {
    use std::process::{Command, Stdio};
    let site = newsroom();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
        .arg("--root")
        .arg(site.root())
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.contains("Ctrl-C to stop"))),
        "watch did not start"
    );
    let page = site.path("public/2021/09/25/vote/index.html");
    let other = site.path("public/2021/09/20/tram/index.html");
    let other_mtime = std::fs::metadata(&other).unwrap().modified().unwrap();
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    assert!(!read(&page).contains("Watched edit."));
    site.write(
        "content/world/2021-09-25-vote.md",
        &article(
            "Assembly votes",
            "tags = [\"un\"]",
            "First paragraph.\n\nWatched edit.",
        ),
    );
    // The first build's summary line comes before "Ctrl-C to stop": the next one is the
    // rebuild's.
    let summary = lines
        .map_while(Result::ok)
        .find(|l| l.contains(" written, "))
        .expect("a rebuild");
    let _ = child.kill();
    let _ = child.wait();
    assert!(summary.contains(" 0 removed"), "{summary}");
    assert!(read(&page).contains("Watched edit."));
    // A story the edit does not touch is not written again.
    assert_eq!(
        std::fs::metadata(&other).unwrap().modified().unwrap(),
        other_mtime
    );
}

#[test]
fn ctrl_c_stops_serve_and_watch_cleanly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let site = newsroom();
    for args in [&["serve", "--port", "0"][..], &["watch"][..]] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
            .arg("--root")
            .arg(site.root())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until it is up.
        let mut out = child.stdout.take().unwrap();
        let mut seen = String::new();
        let mut buf = [0u8; 256];
        while !seen.contains("Ctrl-C to stop") {
            let n = out.read(&mut buf).unwrap();
            assert!(n > 0, "exited early: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let start = std::time::Instant::now();
        let code = loop {
            if let Some(code) = child.try_wait().unwrap() {
                break code;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{args:?} did not stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        out.read_to_string(&mut seen).unwrap();
        assert!(code.success(), "{args:?} exited with {code}");
        assert!(seen.contains("stopped"), "{seen}");
    }
}

#[test]
fn serve_updates_the_search_index_after_the_pages() {
    let site = newsroom();
    let server = Server::start(site.root(), &[]);
    // Every shard's fragments (one per story).
    let fragments = || -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(site.path("public/search/pagefind"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pf_fragment"))
            .map(|e| e.path().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    let before = fragments();
    assert!(!before.is_empty(), "the first build writes the index");
    let (g, s) = (
        server.generation(),
        server.status()["search_generation"].as_u64().unwrap(),
    );
    site.write(
        "content/world/2021-09-25-vote.md",
        &article(
            "Assembly votes",
            "tags = [\"un\"]",
            "First paragraph.\n\nA word like zygomorphic.",
        ),
    );
    server.wait_rebuild(g);
    let start = std::time::Instant::now();
    while server.status()["search_generation"].as_u64().unwrap() == s {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "search index never updated"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_ne!(
        fragments(),
        before,
        "the edited story's search fragment changed"
    );
}

#[test]
fn polling_sees_edits_creations_and_deletions() {
    let site = newsroom();
    let server = Server::start(site.root(), &["--poll"]);
    save_vote_and_see(&site, &server, "Seen by polling.");
    let g = server.generation();
    site.write(
        "content/city/2021-09-26-new.md",
        &article("Polled story", "", "x"),
    );
    server.wait_rebuild(g);
    assert!(server.get("/city/").body.contains("Polled story"));
    let g = server.generation();
    std::fs::remove_file(site.path("content/city/2021-09-26-new.md")).unwrap();
    server.wait_rebuild(g);
    assert!(!server.get("/city/").body.contains("Polled story"));
}

#[test]
fn falls_back_to_polling_when_the_system_watcher_cannot_start() {
    // A user namespace allowed no inotify instances: what a machine at its inotify limit
    // looks like to Gazette, without touching the limits of the machine itself.
    let site = newsroom();
    let no_inotify = [
        "unshare",
        "--user",
        "--map-root-user",
        "sh",
        "-c",
        "echo 0 > /proc/sys/user/max_inotify_instances && exec \"$@\"",
        "sh",
    ];
    let server = Server::start_through(&no_inotify, site.root(), &["--port", "0"]);
    let said = server.wait_stderr("polling");
    assert!(
        said.contains("file watching is unavailable") && said.contains("polling for changes"),
        "stderr: {said}"
    );
    save_vote_and_see(&site, &server, "Seen without inotify.");
}

/// Save the vote story with `body`, wait for the rebuild, and check that its page shows it.
fn save_vote_and_see(site: &Site, server: &Server, body: &str) {
    let g = server.generation();
    site.write(
        "content/world/2021-09-25-vote.md",
        &article("Assembly votes", "", body),
    );
    server.wait_rebuild(g);
    let page = server.get("/2021/09/25/vote/").body;
    assert!(page.contains(body), "{page}");
}
