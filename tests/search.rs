//! The search index: written under `search/pagefind/` with one record for every published
//! story and none for drafts or future stories, Cyrillic text indexed, nothing written when
//! `search = false`, rebuilt only when the text of some story changes, and updated by
//! `gazette serve` after an edit.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::server::Server;
use common::{Site, article};
use gazette::driver::{self as build, Options};

const DIR: &str = "public/search/pagefind";

/// A small archive: stories in two sections, one in Russian, a draft and a future story.
fn fixture() -> Site {
    Site::new(&[
        (
            "site.toml",
            "base_url = \"https://news.example.org/\"\ntimezone = \"Europe/Oslo\"\n\n[sections.world]\ntitle = \"World News\"\n",
        ),
        (
            "content/world/2021-09-25-un-vote.md",
            &article(
                "Assembly backs ocean treaty",
                "tags = [\"oceans\"]\ndateline = \"United Nations\"",
                "The General Assembly voted on Saturday to adopt the treaty.\n\n## Zeppelin clause\n\nA late amendment about airships passed.",
            ),
        ),
        (
            "content/city/2022-01-02-tram.md",
            &article(
                "Tram line opens",
                "summary = \"Commuters cheer a quieter ride.\"",
                "The new tram line opened to passengers on Sunday.",
            ),
        ),
        (
            "content/world/2023-05-06-ferry.md",
            &article(
                "Паром из Архангельска возобновит рейсы",
                "",
                "Паром вернулся в Архангельск после ремонта на верфи.",
            ),
        ),
        (
            "content/city/2023-07-08-draft.md",
            &article(
                "Unpublished plans",
                "draft = true",
                "Secret quokkaword plans.",
            ),
        ),
        (
            "content/city/2999-01-01-future.md",
            &article("Embargoed story", "", "Embargoed wombatword news."),
        ),
    ])
}

/// Decompress a Pagefind file: gzip around a `pagefind_dcd` signature. Uses the system's
/// `gzip` (present on every Debian system) to keep the test free of extra dependencies.
fn pagefind_decode(path: &Path) -> Vec<u8> {
    let out = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(path)
        .output()
        .expect("run gzip");
    assert!(out.status.success(), "gunzip {}", path.display());
    let data = out.stdout;
    assert!(
        data.starts_with(b"pagefind_dcd"),
        "{} lacks the Pagefind signature",
        path.display()
    );
    data[12..].to_vec()
}

/// Every fragment (one per indexed story, in whichever shard) as JSON, by URL.
fn fragments(site: &Site) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(site.path(DIR)) {
        let path = e.expect("entry").into_path();
        if path.extension().is_none_or(|x| x != "pf_fragment") {
            continue;
        }
        let json: serde_json::Value =
            serde_json::from_slice(&pagefind_decode(&path)).expect("fragment JSON");
        let url = json["url"].as_str().expect("url").to_string();
        assert!(out.insert(url, json).is_none(), "one fragment per story");
    }
    out
}

/// Every file of the index, decompressed where Pagefind compressed it, as one byte soup.
fn all_index_bytes(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site.path(DIR)) {
        let e = e.expect("walk");
        if !e.file_type().is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy().to_string();
        if name.contains(".pf_") {
            out.extend(pagefind_decode(e.path()));
        } else {
            out.extend(std::fs::read(e.path()).expect("read"));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every file under the index folder with its modification time.
fn mtimes(site: &Site) -> BTreeMap<String, SystemTime> {
    walkdir::WalkDir::new(site.path(DIR))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_string_lossy().to_string(),
                e.metadata().expect("meta").modified().expect("mtime"),
            )
        })
        .collect()
}

#[test]
fn the_index_references_every_published_story_and_no_other() {
    let site = fixture();
    site.built();
    // Pagefind's script once; each shard (here a year each) an index of its own.
    assert!(site.path(&format!("{DIR}/pagefind.js")).is_file());
    let shards: serde_json::Value =
        serde_json::from_str(&site.read("search/pagefind/gazette-shards.json")).expect("shards");
    let keys: Vec<&str> = shards["shards"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["key"].as_str().expect("key"))
        .collect();
    assert_eq!(keys, ["2023", "2022", "2021"]);
    let mut pages = 0;
    for key in &keys {
        let shard = format!("{DIR}/shards/{key}");
        for f in [
            "pagefind-worker.js",
            "pagefind-entry.json",
            "wasm.en.pagefind",
        ] {
            assert!(
                site.path(&format!("{shard}/{f}")).is_file(),
                "{shard}/{f} is written"
            );
        }
        // Only what the JavaScript API needs: no ready-made UI, no generic wasm, and the
        // script only once.
        for f in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "wasm.unknown.pagefind",
            "pagefind.js",
        ] {
            assert!(
                !site.path(&format!("{shard}/{f}")).exists(),
                "{shard}/{f} is not written"
            );
        }
        let entry: serde_json::Value = serde_json::from_str(
            &site.read(&format!("search/pagefind/shards/{key}/pagefind-entry.json")),
        )
        .expect("entry");
        pages += entry["languages"]["en"]["page_count"]
            .as_u64()
            .expect("count");
        let meta_hash = entry["languages"]["en"]["hash"].as_str().expect("hash");
        assert!(
            site.path(&format!("{shard}/pagefind.{meta_hash}.pf_meta"))
                .is_file()
        );
    }
    assert_eq!(pages, 3);
    assert!(
        std::fs::read_dir(site.path(&format!("{DIR}/shards/2021/index")))
            .expect("index dir")
            .count()
            >= 1
    );

    // The search page's filter menus: sections in menu order, years newest first.
    let values: serde_json::Value =
        serde_json::from_str(&site.read("search/pagefind/gazette-filters.json")).expect("json");
    let nav = common::texts(&site.html("index.html"), ".site-nav li:not(.nav-aux) a");
    assert_eq!(nav, vec!["City", "World News"]);
    assert_eq!(
        values,
        serde_json::json!({
            "section": [{"value": "City", "count": 1}, {"value": "World News", "count": 2}],
            "year": [{"value": "2023", "count": 1}, {"value": "2022", "count": 1}, {"value": "2021", "count": 1}],
        })
    );

    let frags = fragments(&site);
    let urls: BTreeSet<&str> = frags.keys().map(String::as_str).collect();
    assert_eq!(
        urls,
        BTreeSet::from([
            "/2021/09/25/un-vote/",
            "/2022/01/02/tram/",
            "/2023/05/06/ferry/",
        ])
    );
    // Every indexed URL is a page the build wrote.
    for url in &urls {
        assert!(site.exists(&format!("{}index.html", &url[1..])), "{url}");
    }

    // The record comes from the article data: meta, filters, text from the Markdown.
    let vote = &frags["/2021/09/25/un-vote/"];
    assert_eq!(vote["meta"]["title"], "Assembly backs ocean treaty");
    assert_eq!(vote["meta"]["dateline"], "United Nations");
    assert_eq!(vote["meta"]["tags"], "oceans");
    // 2021-09-25 midnight in Oslo (summer time), as one token the page decodes.
    assert_eq!(vote["meta"]["date"], "d20210925t000000p0200");
    assert_eq!(vote["filters"]["section"][0], "World News");
    assert_eq!(vote["filters"]["year"][0], "2021");
    let content = vote["content"].as_str().expect("content");
    assert!(
        content.starts_with("The General Assembly voted on Saturday"),
        "{content}"
    );
    assert!(
        content.contains("Zeppelin clause. A late amendment"),
        "{content}"
    );
    assert!(
        !content.contains('#') && !content.contains("PAGEFIND"),
        "{content}"
    );
    // A standfirst that is not the first paragraph is searchable too.
    let tram = frags["/2022/01/02/tram/"]["content"]
        .as_str()
        .expect("content");
    assert!(
        tram.starts_with("Commuters cheer a quieter ride. The new tram line"),
        "{tram}"
    );
    assert_eq!(frags["/2022/01/02/tram/"]["filters"]["section"][0], "City");

    // Drafts and future stories leave no trace anywhere in the index.
    let soup = all_index_bytes(&site);
    for word in [
        "quokkaword",
        "wombatword",
        "Unpublished",
        "Embargoed",
        "draft/",
        "future/",
    ] {
        assert!(!contains(&soup, word), "{word} is in the index");
    }
    // Their words are not in the written site's index, but the story text is.
    assert!(contains(&soup, "zeppelin"));
}

#[test]
fn drafts_and_future_stories_are_indexed_only_in_a_preview_build() {
    let site = fixture();
    build::build(
        site.root(),
        &Options {
            switches: gazette::core::Switches {
                drafts: true,
                future: true,
            },
            ..Options::default()
        },
    )
    .expect("build");
    let frags = fragments(&site);
    assert_eq!(frags.len(), 5);
    assert!(frags.contains_key("/2023/07/08/draft/"));
    assert!(frags.contains_key("/2999/01/01/future/"));
    // Back to a normal build: they are gone again.
    site.built();
    assert_eq!(fragments(&site).len(), 3);
    assert!(!contains(&all_index_bytes(&site), "quokkaword"));
}

#[test]
fn cyrillic_headlines_and_bodies_are_indexed() {
    let site = fixture();
    site.built();
    let frags = fragments(&site);
    let ferry = &frags["/2023/05/06/ferry/"];
    assert_eq!(
        ferry["meta"]["title"],
        "Паром из Архангельска возобновит рейсы"
    );
    assert_eq!(
        ferry["content"],
        "Паром вернулся в Архангельск после ремонта на верфи."
    );
    // The word index holds the lowercased Cyrillic words of the body and the headline.
    let mut index = Vec::new();
    for e in std::fs::read_dir(site.path(&format!("{DIR}/shards/2023/index"))).expect("index") {
        index.extend(pagefind_decode(&e.expect("entry").path()));
    }
    for word in ["паром", "архангельск", "верфи", "возобновит"] {
        assert!(contains(&index, word), "{word} is not in the word index");
    }
}

#[test]
fn a_site_in_a_subfolder_indexes_full_site_relative_urls() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://example.org/news/\"\nlanguage = \"ru\"\npermalink = \"/:section/:slug/\"\n",
        ),
        (
            "content/world/2021-09-25-parom.md",
            &article("Паромы вернулись", "", "Паромы вернулись в порт."),
        ),
    ]);
    site.built();
    let frags = fragments(&site);
    assert_eq!(frags.keys().collect::<Vec<_>>(), vec!["/news/world/parom/"]);
    // A Russian site gets Pagefind's Russian stemming.
    assert!(
        site.path(&format!("{DIR}/shards/2021/wasm.ru.pagefind"))
            .is_file()
    );
    let entry = site.read("search/pagefind/shards/2021/pagefind-entry.json");
    assert!(entry.contains("\"ru\""), "{entry}");
    // The search page loads the index from the site itself.
    let page = site.read("search/index.html");
    assert!(page.contains("<script type=\"module\" src=\"/news/search.js\"></script>"));
    assert!(site.exists("search.js"));
}

#[test]
fn search_off_writes_no_index_and_no_search_page() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://news.example.org/\"\nsearch = false\n",
        ),
        (
            "content/world/2021-09-25-un-vote.md",
            &article("Assembly backs ocean treaty", "", "Body."),
        ),
    ]);
    let report = site.built();
    assert!(!site.path("public/search").exists());
    assert!(!report.changed.iter().any(|p| p.starts_with("search/")));
    // No search box either.
    let home = site.read("index.html");
    assert!(!home.contains("role=\"search\""), "{home}");

    // Turning it on writes the index; turning it off again removes it.
    site.write("site.toml", "base_url = \"https://news.example.org/\"\n");
    site.built();
    assert!(site.path(&format!("{DIR}/pagefind.js")).is_file());
    assert!(site.read("index.html").contains("role=\"search\""));
    site.write(
        "site.toml",
        "base_url = \"https://news.example.org/\"\nsearch = false\n",
    );
    let report = site.built();
    assert!(!site.path(DIR).exists());
    assert!(
        report
            .changed
            .iter()
            .any(|p| p.starts_with("search/pagefind/"))
    );
}

/// The fixture's 2022 story with a new last sentence (its body changes, nothing else).
fn revise_tram(site: &Site) {
    site.write(
        "content/city/2022-01-02-tram.md",
        &article(
            "Tram line opens",
            "summary = \"Commuters cheer a quieter ride.\"",
            "The new tram line opened to passengers on Sunday with a brass band.",
        ),
    );
}

#[test]
fn the_index_is_rebuilt_only_when_story_text_changes() {
    let site = fixture();
    site.built();
    let before = mtimes(&site);
    assert!(before.len() > 5);
    std::thread::sleep(Duration::from_millis(30));

    // Nothing changed: nothing is written.
    let report = site.built();
    assert_eq!(report.written, 0, "{:?}", report.changed);
    assert_eq!(mtimes(&site), before);

    // A template-only change rewrites pages, not the index.
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>{% endblock content %}",
    );
    let report = site.built();
    assert!(report.written >= 3, "{report}");
    assert!(
        !report
            .changed
            .iter()
            .any(|p| p.starts_with("search/pagefind/")),
        "{:?}",
        report.changed
    );
    assert_eq!(mtimes(&site), before);

    // So does a stylesheet change.
    site.write("static/style.css", "body { color: red; }\n");
    let report = site.built();
    assert!(report.changed.iter().any(|c| &**c == "style.css"));
    assert_eq!(mtimes(&site), before);

    // Editing a story's text rebuilds the index: the new word is in, the old one out.
    revise_tram(&site);
    let report = site.built();
    assert!(
        report
            .changed
            .iter()
            .any(|p| p.starts_with("search/pagefind/")),
        "{:?}",
        report.changed
    );
    assert_ne!(mtimes(&site), before);
    let frags = fragments(&site);
    assert_eq!(frags.len(), 3, "the old fragment was removed");
    assert!(
        frags["/2022/01/02/tram/"]["content"]
            .as_str()
            .expect("content")
            .ends_with("with a brass band.")
    );
    // Editing a headline (front matter only) rebuilds it too.
    let before = mtimes(&site);
    std::thread::sleep(Duration::from_millis(30));
    site.write(
        "content/world/2021-09-25-un-vote.md",
        &article(
            "Assembly adopts ocean treaty",
            "tags = [\"oceans\"]\ndateline = \"United Nations\"",
            "The General Assembly voted on Saturday to adopt the treaty.\n\n## Zeppelin clause\n\nA late amendment about airships passed.",
        ),
    );
    site.built();
    assert_ne!(mtimes(&site), before);
    assert_eq!(
        fragments(&site)["/2021/09/25/un-vote/"]["meta"]["title"],
        "Assembly adopts ocean treaty"
    );
}

#[test]
fn two_clean_builds_write_the_same_index() {
    let site = fixture();
    site.built();
    let first: Vec<_> = site
        .snapshot()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect();
    build::build(
        site.root(),
        &Options {
            clean: true,
            ..Options::default()
        },
    )
    .expect("build");
    let second: Vec<_> = site
        .snapshot()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect();
    assert!(first.len() > 5);
    assert!(first == second, "the index differs between two builds");
}

#[test]
fn an_empty_site_still_gets_a_working_search_page() {
    let site = Site::new(&[]);
    site.built();
    assert!(site.exists("search/index.html"));
    // No shard, so no Pagefind script: the page says there is nothing to search yet.
    assert_eq!(
        site.read("search/pagefind/gazette-shards.json"),
        r#"{"shards":[]}"#
    );
    assert_eq!(
        site.read("search/pagefind/gazette-filters.json"),
        r#"{"section":[],"year":[]}"#
    );
}

#[test]
fn the_search_page_degrades_to_a_message_without_javascript() {
    let site = fixture();
    site.built();
    let doc = site.html("search/index.html");
    let noscript = common::texts(&doc, "noscript");
    assert_eq!(noscript.len(), 1);
    assert!(
        noscript[0].contains("Search needs JavaScript"),
        "{noscript:?}"
    );
    assert_eq!(common::attrs(&doc, "#search", "id"), vec!["search"]);
    // The header form on every page submits GET /search/?q=…
    let home = site.html("index.html");
    assert_eq!(
        common::attrs(&home, "form[role=search]", "action"),
        vec!["/search/"]
    );
    assert_eq!(
        common::attrs(&home, "form[role=search] input[type=search]", "name"),
        vec!["q"]
    );
    // Every script the search page runs comes from the site itself.
    let doc = site.html("search/index.html");
    let scripts = common::attrs(&doc, "script[src]", "src");
    assert_eq!(scripts, vec!["/search.js"]);
    let js = site.read("search.js");
    assert!(js.contains("search/pagefind/") && js.contains("pagefind.js"));
    assert!(!js.contains("http://") && !js.contains("https://"));
}

#[test]
fn serve_updates_the_index_after_a_content_edit() {
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    // The stories of 2023 are one shard, which the new story joins.
    let entry = server.get("/search/pagefind/shards/2023/pagefind-entry.json");
    assert_eq!(entry.status, 200);
    assert!(entry.body.contains("\"page_count\":1"), "{}", entry.body);
    // Pages go live first; the index follows as its own step.
    let search_generation = || server.status()["search_generation"].as_u64().unwrap_or(0);
    let (generation, indexed) = (server.generation(), search_generation());
    site.write(
        "content/city/2023-09-09-bridge.md",
        &article(
            "Bridge opens",
            "",
            "The harbour bridge opened with fireworks.",
        ),
    );
    server.wait_rebuild(generation);
    let start = std::time::Instant::now();
    while search_generation() == indexed {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the index was not updated"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let entry = server.get("/search/pagefind/shards/2023/pagefind-entry.json");
    assert!(entry.body.contains("\"page_count\":2"), "{}", entry.body);
    let frags = fragments(&site);
    assert!(
        frags["/2023/09/09/bridge/"]["content"]
            .as_str()
            .expect("content")
            .contains("fireworks")
    );
}

/// Every file of the index with its bytes and modification time.
fn index_state(site: &Site) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(site.path(DIR))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(site.path(DIR)).expect("inside");
            let bytes = std::fs::read(e.path()).expect("read");
            let time = e.metadata().expect("meta").modified().expect("mtime");
            (rel.to_string_lossy().to_string(), (bytes, time))
        })
        .collect()
}

/// The index files outside one shard's folder must be exactly as they were.
fn untouched_outside(
    before: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    after: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    shard: &str,
) {
    for (path, state) in before {
        // The catalogue lists the shards and the filters' counts: it changes with them.
        if path.starts_with(&format!("shards/{shard}/")) || path.starts_with("gazette-") {
            continue;
        }
        assert!(after.get(path) == Some(state), "{path} was rewritten");
    }
}

#[test]
fn an_edit_rewrites_only_its_shard_and_stories_keep_their_shards() {
    let site = fixture();
    site.built();
    let before = index_state(&site);
    std::thread::sleep(Duration::from_millis(30));
    // One story's body: only its year's shard is indexed again.
    revise_tram(&site);
    site.built();
    let after = index_state(&site);
    untouched_outside(&before, &after, "2022");
    for catalogue in ["gazette-shards.json", "gazette-filters.json"] {
        assert!(
            before[catalogue] == after[catalogue],
            "{catalogue} was rewritten"
        );
    }
    assert!(
        after
            .keys()
            .any(|p| p.starts_with("shards/2022/") && before.get(p) != after.get(p))
    );

    // A story of a new year: a shard of its own; the stories before keep theirs.
    std::thread::sleep(Duration::from_millis(30));
    site.write(
        "content/world/2024-03-03-port.md",
        &article("Port reopens", "", "The port reopened after the storm."),
    );
    site.built();
    let added = index_state(&site);
    untouched_outside(&after, &added, "2024");
    assert!(added.keys().any(|p| p.starts_with("shards/2024/")));
    assert_eq!(fragments(&site).len(), 4);

    // The same files built clean elsewhere give the same index, byte for byte.
    let copy = tempfile::tempdir().expect("tempdir");
    for e in walkdir::WalkDir::new(site.root()) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(site.root()).expect("inside");
        if rel.starts_with("public") || rel.starts_with(".gazette") {
            continue;
        }
        let to = copy.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
    build::build(copy.path(), &Options::default()).expect("clean build");
    let clean = common::snapshot(&copy.path().join(DIR));
    assert!(
        clean == common::snapshot(&site.path(DIR)),
        "incremental and clean indexes differ"
    );

    // Deleting a story takes it out of search, and its shard's folder with it.
    std::fs::remove_file(site.path("content/world/2024-03-03-port.md")).expect("remove");
    site.built();
    assert!(!fragments(&site).contains_key("/2024/03/03/port/"));
    assert!(!site.path(&format!("{DIR}/shards/2024")).exists());
    untouched_outside(&added, &index_state(&site), "2024");
}

#[test]
fn a_busy_year_is_split_into_months_and_a_quiet_one_is_one_shard() {
    let limit = gazette::search::YEAR_LIMIT;
    let mut files = vec![(
        "site.toml".to_string(),
        "base_url = \"https://news.example.org/\"\n".to_string(),
    )];
    // One more story than a year's shard holds, all in 2024, over three months; one in 2023.
    for i in 0..=limit {
        let month = 1 + i % 3;
        files.push((
            format!("content/city/2024-{month:02}-{:02}-s{i}.md", 1 + i % 28),
            article(&format!("Story {i}"), "", "Body."),
        ));
    }
    files.push((
        "content/city/2023-06-01-old.md".to_string(),
        article("Old story", "", "Body."),
    ));
    let site = Site::from_files(&files);
    let loaded = build::load(site.root(), None, &Options::default()).expect("load");
    let shards = gazette::search::shards(&loaded.archive, &loaded.plan);
    let keys: Vec<&str> = shards.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["2024-03", "2024-02", "2024-01", "2023"]);
    let counted: usize = shards.iter().map(|s| s.stories.len()).sum();
    assert_eq!(counted, limit + 2);
    // Each shard holds only its own period's stories.
    for s in &shards {
        for i in s.stories.clone() {
            let date = loaded.archive.articles[i].date.to_rfc3339();
            assert!(date.starts_with(&s.key), "{date} in shard {}", s.key);
        }
    }
}
