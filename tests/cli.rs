//! The command line, run as a user would: the built binary, its output and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use assert_cmd::Command;
use common::{Site, article};
use predicates::prelude::*;

fn gazette() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
}

/// `gazette --root <the site>`.
fn on(site: &Site) -> Command {
    let mut cmd = gazette();
    cmd.arg("--root").arg(site.root());
    cmd
}

#[test]
fn readme_command_reference_matches_help() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for cmd in [
        "",
        "build",
        "serve",
        "watch",
        "init",
        "new",
        "check",
        "list",
        "import",
        "deploy",
        "completions",
    ] {
        let args: Vec<&str> = cmd.split_whitespace().chain(["--help"]).collect();
        let out = gazette().args(&args).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        let block = format!("```text\n{help}```");
        assert!(
            readme.contains(&block),
            "README.md lacks the current `gazette {cmd} --help`:\n{help}"
        );
    }
}

#[test]
fn build_reports_a_summary_and_exit_codes() {
    let site = Site::new(&[("content/a/2021-01-01-x.md", &article("X", "", "y"))]);
    on(&site).arg("build").assert().success().stdout(
        predicate::str::is_match(
            r"^1 story, \d+ pages: \d+ written, 0 unchanged, 0 removed in [\d.]+ s\n$",
        )
        .unwrap(),
    );
    on(&site)
        .args(["--quiet", "build"])
        .assert()
        .success()
        .stdout("");

    site.write("content/a/2021-01-02-bad.md", "+++\ntitle = \n+++\n");
    on(&site)
        .arg("build")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("2021-01-02-bad.md:2:9:")
                .and(predicate::str::contains("nothing was written")),
        )
        .stderr(predicate::str::contains("\x1b[").not());

    // Usage errors exit with 2.
    gazette()
        .arg("build")
        .arg("--no-such-flag")
        .assert()
        .code(2);
    gazette().arg("frobnicate").assert().code(2);
}

#[test]
fn init_then_build_works_without_a_themes_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("paper");
    gazette().arg("init").arg(&site).assert().success();
    // A new site stays on the binary's own theme, so later theme fixes reach it.
    assert!(site.join("site.toml").exists() && !site.join("themes").exists());
    gazette()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .assert()
        .success();
    assert!(site.join("public/index.html").exists());
    let welcome = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(welcome.contains("Welcome to your news archive"));

    // A folder that is not empty is refused unless --force, and nothing is overwritten.
    std::fs::write(site.join("site.toml"), "title = \"Mine\"\n").unwrap();
    gazette()
        .arg("init")
        .arg(&site)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not empty"));
    gazette()
        .arg("init")
        .arg(&site)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(site.join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
}

#[test]
fn init_copies_the_theme_only_when_asked_and_the_copy_is_what_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("paper");
    gazette()
        .arg("init")
        .arg(&site)
        .arg("--theme-copy")
        .assert()
        .success();
    let base = site.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    assert!(text.contains("</html>"));
    // The copy is the theme now: a change to it shows.
    std::fs::write(
        &base,
        text.replace("</body>", "<p id=\"own-theme\">ours</p></body>"),
    )
    .unwrap();
    gazette()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .assert()
        .success();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("id=\"own-theme\""), "{home}");
}

#[test]
fn new_writes_a_story_in_the_site_time_zone() {
    let site = Site::new(&[(
        "site.toml",
        "timezone = \"Europe/Moscow\"\n[sections.city]\norder = 1\n",
    )]);
    let out = on(&site)
        .args(["new", "Паром вернулся в порт", "--date", "2024-05-18 10:15"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let path = String::from_utf8(out).unwrap().trim().to_string();
    assert!(
        path.ends_with("content/city/2024-05-18-parom-vernulsia-v-port.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    // A draft, with the fields in the order an editor fills them in, and no placeholder
    // text that could be published.
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .collect();
    assert_eq!(
        keys,
        [
            "title", "date", "section", "dateline", "authors", "tags", "summary", "draft"
        ],
        "{text}"
    );
    assert!(
        text.contains("title = \"Паром вернулся в порт\"")
            && text.contains("date = \"2024-05-18T10:15:00+03:00\"")
            && text.contains("section = \"city\"")
            && text.contains("draft = true")
            && text.ends_with("+++\n"),
        "{text}"
    );
    // A draft is not published; with --drafts it builds at the expected URL.
    on(&site).arg("build").assert().success();
    assert!(!site.exists("2024/05/18/parom-vernulsia-v-port/index.html"));
    on(&site).args(["build", "--drafts"]).assert().success();
    assert!(site.exists("2024/05/18/parom-vernulsia-v-port/index.html"));
    // Same headline and date again: refused, file kept.
    on(&site)
        .args(["new", "Паром вернулся в порт", "--date", "2024-05-18"])
        .assert()
        .code(1);

    // Without --date: now, in the site's zone; --edit runs $EDITOR on the file.
    let out = on(&site)
        .args(["new", "Evening edition", "--section", "world", "--edit"])
        .env("EDITOR", "touch")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let path = String::from_utf8(out).unwrap().trim().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        path.contains("content/world/") && text.contains("+03:00"),
        "{path}\n{text}"
    );
}

#[test]
fn new_takes_a_path_under_content_as_hugo_does() {
    let site = Site::new(&[]);
    let made = |args: &[&str]| {
        let out = on(&site).arg("new").args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .trim()
            .to_string()
    };
    let path = made(&["city/harbour-works.md", "--date", "2025-03-14 09:30"]);
    assert!(path.ends_with("content/city/harbour-works.md"), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title = \"Harbour works\"\n"), "{text}");
    assert!(text.contains("section = \"city\"\n"), "{text}");
    // A date prefix is not part of the headline; a bare name goes to the default section.
    let path = made(&["2025-03-15-pier-reopens.md"]);
    assert!(
        path.ends_with("content/news/2025-03-15-pier-reopens.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("title = \"Pier reopens\"\ndate = \"2025-03-15\"\n"),
        "{text}"
    );
    on(&site).args(["build", "--drafts"]).assert().success();
    let page = site.html("2025/03/14/harbour-works/index.html");
    assert_eq!(common::texts(&page, "h1"), ["Harbour works"]);
    // The standfirst left empty is the first paragraph, once the story has one.
    std::fs::write(
        &path,
        std::fs::read_to_string(&path).unwrap() + "\nThe pier is open.\n",
    )
    .unwrap();
    on(&site).args(["build", "--drafts"]).assert().success();
    let html = site.html("2025/03/15/pier-reopens/index.html");
    assert_eq!(
        common::attrs(&html, "meta[name=description]", "content"),
        ["The pier is open."]
    );
    // Nothing outside content/, no hidden files, and a path whose folder and --section
    // disagree: refused, nothing written.
    for (args, says) in [
        (vec!["../escape.md"], "must be a path inside content/"),
        (vec!["/tmp/escape.md"], "must be a path inside content/"),
        (
            vec!["city/../../escape.md"],
            "must be a path inside content/",
        ),
        (vec!["city/.hidden.md"], "may not start with a dot"),
        (
            vec!["city/x.md", "--section", "world"],
            "but --section says `world`",
        ),
        (vec!["city/!!!.md"], "must contain letters or digits"),
    ] {
        on(&site)
            .arg("new")
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(says));
    }
    assert!(
        !site.root().join("escape.md").exists()
            && !site.root().parent().unwrap().join("escape.md").exists()
    );
    assert!(!site.exists("../content/city/x.md") && !site.path("content/city/x.md").exists());
}

#[test]
fn check_reports_broken_links_anchors_images_and_orphaned_aliases() {
    let site = Site::new(&[
        (
            "content/a/2021-01-01-target.md",
            &article("Target", "", "Intro.\n\n## Vote results\n\nText."),
        ),
        (
            "content/a/2021-01-02-links.md",
            &article(
                "Links",
                "",
                "Good [story](/2021/01/01/target/), [anchor](/2021/01/01/target/#vote-results), [tag](/tags/t/) missing,\n[section](/a/) and [archive](/2021/01/).\n\nBad [story](/2021/01/01/nope/) and [anchor](/2021/01/01/target/#nope) and ![img](/images/none.png).\n",
            ),
        ),
        (
            "content/a/2021-01-03-draft.md",
            &article("Draft", "draft = true\naliases = [\"/old/\"]", "x"),
        ),
    ]);
    let out = on(&site)
        .arg("check")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("error:")).collect();
    assert!(
        lines
            .iter()
            .any(|l| l
                .contains("2021-01-02-links.md:9:5: link to `/2021/01/01/nope/` does not match")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2021-01-02-links.md:9:36: anchor `#nope` not found")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("image to `/images/none.png`")),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.contains("link to `/tags/t/`")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2021-01-03-draft.md") && l.contains("aliases lead nowhere")),
        "{text}"
    );
    assert_eq!(lines.len(), 5, "{text}");
    assert!(!site.path("public").exists(), "check writes nothing");
}

#[test]
fn check_external_links_against_a_local_server() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let status = if req.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = s.write_all(
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    let site = Site::new(&[(
        "content/a/2021-01-01-x.md",
        &article(
            "X",
            "",
            &format!("[up](http://127.0.0.1:{port}/ok) and [down](http://127.0.0.1:{port}/gone)"),
        ),
    )]);
    // Without --external, external links are not requested.
    on(&site).arg("check").assert().success();
    on(&site)
        .args(["check", "--external", "--timeout", "5"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "external link `http://127.0.0.1:{port}/gone` answered HTTP 404"
        )))
        .stderr(predicate::str::contains("/ok`").not());
}

#[test]
fn list_shows_what_would_be_published() {
    let site = Site::new(&[
        (
            "content/world/2021-01-01-a.md",
            &article("World story", "", "x"),
        ),
        (
            "content/city/2021-01-02-b.md",
            &article("City story", "", "x"),
        ),
        (
            "content/city/2021-01-03-c.md",
            &article("Draft story", "draft = true", "x"),
        ),
    ]);
    let run = |args: &[&str]| {
        let out = on(&site)
            .arg("list")
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let all = run(&[]);
    assert!(all.lines().next().unwrap().starts_with("DATE"));
    assert!(
        all.contains("World story") && all.contains("City story") && !all.contains("Draft story")
    );
    let city = run(&["--section", "city", "--drafts"]);
    assert!(
        !city.contains("World story") && city.contains("Draft story") && city.contains("draft")
    );
}

#[test]
fn completions_for_bash() {
    gazette()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_gazette()"));
}

#[test]
fn import_wire_copy_then_build() {
    let site = Site::new(&[(
        "site.toml",
        "base_url = \"https://n.example/\"\ntimezone = \"Europe/Moscow\"\n",
    )]);
    let wire = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/wire/harbour-pier.txt"
    );
    // Without a year the copy is refused, and nothing is written.
    on(&site)
        .args(["import", wire, "--section", "city"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--year"));
    assert!(!site.path("content").exists());
    // A language that is no language tag: refused, nothing written.
    on(&site)
        .args([
            "import",
            wire,
            "--year",
            "2025",
            "--language",
            "russian please",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a language tag"));
    assert!(!site.path("content").exists());
    on(&site)
        .args(["import", wire, "--section", "city", "--year", "2025"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported 1, updated 0, unchanged 0, failed 0",
        ));
    let story = site.path("content/city/2025/2025-03-14-arkhangelsk-to-rebuild-river-passenger-pier-before-summer-navigation.md");
    let text = std::fs::read_to_string(&story).unwrap();
    assert!(
        text.contains("dateline = \"Arkhangelsk\"")
            && text.contains("agency = \"NORDWIRE\"")
            && text.contains("## Timetable for the works"),
        "{text}"
    );
    // Again: nothing changes.
    on(&site)
        .args(["import", wire, "--section", "city", "--year", "2025"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported 0, updated 0, unchanged 1, failed 0",
        ));
    on(&site).arg("build").assert().success();
    let page = site.html("2025/03/14/arkhangelsk-to-rebuild-river-passenger-pier-before-summer-navigation/index.html");
    assert_eq!(
        common::texts(&page, "h1"),
        vec!["Arkhangelsk to rebuild river passenger pier before summer navigation"]
    );
}

/// `gazette new` and `gazette import` name a story after the same headline the same way
/// (both drop the Cyrillic soft and hard signs instead of splitting words at them).
#[test]
fn new_writes_a_standalone_page_under_pages() {
    let site = Site::new(&[]);
    let out = on(&site)
        .args(["new", "pages/ethics-policy.md"])
        .assert()
        .success();
    let path = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let path = path.trim();
    assert!(path.ends_with("content/pages/ethics-policy.md"), "{path}");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains("date"), "a page has no date: {text}");
    assert!(text.contains("draft = true"), "{text}");
    // A draft until the editor says otherwise; then published at its path.
    on(&site).arg("build").assert().success();
    assert!(!site.exists("ethics-policy/index.html"));
    std::fs::write(
        path,
        text.replace("draft = true", "draft = false") + "We do not pay.\n",
    )
    .unwrap();
    on(&site).arg("build").assert().success();
    let page = site.html("ethics-policy/index.html");
    assert_eq!(common::texts(&page, "h1"), ["Ethics policy"]);
}

#[test]
fn new_and_import_give_one_headline_one_slug() {
    let headline = "Паромы вернулись в Архангельск после подъёма льда";
    let site = Site::new(&[(
        "site.toml",
        "base_url = \"https://n.example/\"\ntimezone = \"Europe/Moscow\"\n",
    )]);
    on(&site)
        .args(["new", headline, "--section", "city", "--date", "2025-03-14"])
        .assert()
        .success();
    let made_by_new = site.path("content/city").read_dir().unwrap().count();
    assert_eq!(made_by_new, 1);
    let copy = format!(
        "{headline}\n\nАРХАНГЕЛЬСК, 14 марта. /НОРДВИР/. Первые паромы прошли по Северной Двине.\n"
    );
    let wire_dir = tempfile::tempdir().unwrap();
    let wire = wire_dir.path().join("ferries.txt");
    std::fs::write(&wire, copy).unwrap();
    on(&site)
        .arg("import")
        .arg(&wire)
        .args(["--section", "news", "--year", "2025"])
        .assert()
        .success();
    let slug_of = |dir: &str| -> Vec<String> {
        let mut names = Vec::new();
        for entry in walk(&site.path(dir)) {
            let name = entry.file_name().unwrap().to_string_lossy().to_string();
            names.push(name.trim_start_matches("2025-03-14-").to_string());
        }
        names
    };
    let from_new = slug_of("content/city");
    let from_import = slug_of("content/news");
    assert_eq!(
        from_new,
        ["paromy-vernulis-v-arkhangelsk-posle-podioma-lda.md"]
    );
    assert_eq!(from_import, from_new);
}

/// Every file below `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn base_url_from_the_command_line_or_the_environment_replaces_site_toml_s() {
    let site = Site::new(&[(
        "content/news/2021-01-01-pier.md",
        &article("Pier reopens", "date = 2021-01-01", "The pier is open."),
    )]);
    let canonical = |site: &Site| {
        let page = site.html("2021/01/01/pier/index.html");
        common::attrs(&page, "link[rel=canonical]", "href")
    };
    on(&site)
        .args(["--base-url", "https://preview.example.net/pr-7/", "build"])
        .assert()
        .success();
    assert_eq!(
        canonical(&site),
        ["https://preview.example.net/pr-7/2021/01/01/pier/"]
    );
    let feed = site.feed("rss.xml");
    assert!(
        feed.entries[0].links[0]
            .href
            .starts_with("https://preview.example.net/pr-7/"),
        "{:?}",
        feed.entries[0].links
    );
    // Links inside the site follow the address's path.
    let home = site.html("index.html");
    assert!(
        common::attrs(&home, "a", "href")
            .iter()
            .any(|h| h == "/pr-7/2021/01/01/pier/")
    );
    on(&site)
        .env("GAZETTE_BASE_URL", "https://other.example.net/")
        .arg("build")
        .assert()
        .success();
    assert_eq!(
        canonical(&site),
        ["https://other.example.net/2021/01/01/pier/"]
    );
    // Without either, site.toml's again: the change is a change of the build's inputs.
    on(&site).arg("build").assert().success();
    assert_eq!(
        canonical(&site),
        ["https://news.example.org/2021/01/01/pier/"]
    );
    on(&site)
        .args(["--base-url", "preview", "build"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the base URL `preview` (from --base-url or GAZETTE_BASE_URL) is not an absolute URL",
        ));
}

#[test]
fn hugo_habits_are_understood() {
    let site = Site::new(&[(
        "site.toml",
        "title = \"T\"\nbaseURL = \"https://x.example/\"\n",
    )]);
    on(&site)
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "site.toml:2:1: unknown field `baseURL`",
        ))
        .stderr(predicate::str::contains(
            "hint: did you mean `base_url`? (Hugo's `baseURL` is `base_url` in Gazette)",
        ));
    // `gazette server` is `gazette serve`.
    let help = |cmd: &str| gazette().args([cmd, "--help"]).output().unwrap().stdout;
    assert_eq!(help("server"), help("serve"));
    gazette()
        .arg("--help")
        .assert()
        .stdout(predicate::str::contains("[alias: server]"));
}
