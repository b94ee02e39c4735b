//! The build cache is correct: after any sequence of edits, an incremental build's output
//! equals a clean build's byte for byte, and files whose bytes did not change are not
//! rewritten (their modification times stay).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::collections::HashMap;
use std::time::SystemTime;

use common::cache::{read_shard, shard_bytes, write_older_cache};
use common::{Site, article};
use gazette::driver::{Options, Report, Session};

fn story(i: usize, tags: &str, body: &str) -> String {
    article(
        &format!("Story {i}"),
        &format!("tags = [{tags}]\ndateline = \"Place {}\"", i % 3),
        body,
    )
}

fn story_path(i: usize) -> String {
    let section = ["world", "city", "science"][i % 3];
    format!(
        "content/{section}/2021-0{}-{:02}-s{i}.md",
        1 + i % 3,
        1 + i % 28
    )
}

/// Save story `i` with `tags` and `body`, as an editor would; returns its path, as a watcher
/// reports it.
fn save_story(site: &Site, i: usize, tags: &str, body: &str) -> std::path::PathBuf {
    site.write(&story_path(i), &story(i, tags, body));
    site.path(&story_path(i))
}

fn seed(site: &Site) {
    for i in 0..30 {
        site.write(
            &story_path(i),
            &story(
                i,
                if i % 2 == 0 {
                    "\"even\""
                } else {
                    "\"odd\", \"rare\""
                },
                &format!("Body of story {i}.\n\nMore."),
            ),
        );
    }
    site.write(
        "site.toml",
        "base_url = \"https://inc.example/\"\npaginate = 4\n",
    );
}

fn mtimes(site: &Site) -> HashMap<String, (SystemTime, Vec<u8>)> {
    common::snapshot(&site.path("public"))
        .into_iter()
        .map(|(rel, bytes)| {
            let m = std::fs::metadata(site.path(&format!("public/{rel}")))
                .unwrap()
                .modified()
                .unwrap();
            (rel, (m, bytes))
        })
        .collect()
}

/// Build incrementally, then check against a clean build of a copy and check mtimes.
fn assert_incremental_equals_clean(site: &Site, before: &HashMap<String, (SystemTime, Vec<u8>)>) {
    let report = site.built();
    let after = mtimes(site);
    for (rel, (mtime, bytes)) in &after {
        if let Some((old_mtime, old_bytes)) = before.get(rel)
            && old_bytes == bytes
        {
            assert_eq!(old_mtime, mtime, "{rel} was rewritten with the same bytes");
        }
    }
    assert_same_as_clean(site);
    assert!(report.written + report.unchanged > 0);
}

/// The site's output equals a clean build of the same sources in another folder.
fn assert_same_as_clean(site: &Site) {
    let clean = Site::new(&[]);
    for entry in walkdir::WalkDir::new(site.root())
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(site.root()).unwrap();
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        if entry.file_type().is_file()
            && matches!(
                top.as_deref(),
                Some("content" | "themes" | "templates" | "static" | "site.toml")
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
    let a = site.snapshot();
    let b = clean.snapshot();
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let (na, nb) = (names(&a), names(&b));
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|n| !y.contains(n)).cloned().collect()
    };
    assert!(
        na == nb,
        "only in the incremental build: {:?}; only in the clean build: {:?}",
        only(&na, &nb),
        only(&nb, &na)
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs from a clean build");
    }
}

#[test]
fn edits_adds_deletes_and_renames_match_a_clean_build() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    // Ensure a later write would get a different modification time.
    let tick = || std::thread::sleep(std::time::Duration::from_millis(20));

    // A no-op build writes nothing.
    let before = mtimes(&site);
    tick();
    let report = site.built();
    assert_eq!(report.written, 0);
    assert_eq!(report.removed, 0);
    assert_eq!(mtimes(&site), before);

    // Edit one story's body only: its page (and nothing that shows only its summary) changes.
    let before = mtimes(&site);
    tick();
    site.write(
        "content/world/2021-01-01-s0.md",
        &story(
            0,
            "\"even\"",
            "Body of story 0.\n\nChanged second paragraph.",
        ),
    );
    let report = site.built();
    // Only that page (and the search index, which holds the body text).
    let pages = pages_changed(&report);
    assert_eq!(pages, vec!["2021/01/01/s0/index.html"], "{report:?}");
    let _ = before;

    type Step = Box<dyn Fn(&Site)>;
    let steps: Vec<Step> = vec![
        // Change a summary (first paragraph): listings and feeds change too.
        Box::new(|s: &Site| {
            s.write(
                "content/world/2021-01-01-s0.md",
                &story(0, "\"even\"", "A new first paragraph.\n\nMore."),
            )
        }),
        // Add a story with a new tag.
        Box::new(|s: &Site| {
            s.write(
                "content/city/2021-02-27-new.md",
                &story(99, "\"brand-new\"", "New."),
            )
        }),
        // Delete a story: its page goes, every listing that showed it changes.
        Box::new(|s: &Site| {
            std::fs::remove_file(s.path("content/science/2021-03-03-s2.md")).unwrap()
        }),
        // Rename a story file (new slug, same content).
        Box::new(|s: &Site| {
            std::fs::rename(
                s.path("content/city/2021-02-02-s1.md"),
                s.path("content/city/2021-02-02-renamed.md"),
            )
            .unwrap()
        }),
        // Remove the last story with a tag: the tag's pages and feeds go.
        Box::new(|s: &Site| {
            std::fs::remove_file(s.path("content/city/2021-02-27-new.md")).unwrap()
        }),
        // A template override: every page using it (and only those) changes.
        Box::new(|s: &Site| {
            s.write(
                "templates/404.html",
                "<!doctype html><title>lost</title><p>Lost.</p>",
            )
        }),
        Box::new(|s: &Site| {
            s.write("templates/section.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{% for a in paginator.items %}<p>{{ a.title }}</p>{% endfor %}{% endblock %}")
        }),
        // A template of the theme folder (`themes/default/` overrides the built-in theme).
        Box::new(|s: &Site| {
            s.write(
                "themes/default/templates/taxonomy_list.html",
                "<!doctype html><title>{{ taxonomy.title }}</title><ul>{% for t in terms %}<li>{{ t.name }}</li>{% endfor %}</ul>",
            )
        }),
        // A static file, then its removal.
        Box::new(|s: &Site| s.write("static/logo.txt", "logo")),
        Box::new(|s: &Site| std::fs::remove_file(s.path("static/logo.txt")).unwrap()),
        // site.toml: everything may change.
        Box::new(|s: &Site| {
            s.write(
                "site.toml",
                "base_url = \"https://inc.example/\"\npaginate = 3\ntitle = \"Renamed\"\n",
            )
        }),
        // Move a story to another section.
        Box::new(|s: &Site| {
            std::fs::rename(
                s.path("content/world/2021-01-04-s3.md"),
                s.path("content/city/2021-01-04-s3.md"),
            )
            .unwrap()
        }),
    ];
    for (n, step) in steps.iter().enumerate() {
        let before = mtimes(&site);
        tick();
        step(&site);
        eprintln!("step {n}");
        assert_incremental_equals_clean(&site, &before);
    }
}

#[test]
fn a_template_change_rewrites_only_the_pages_that_use_it() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    site.write(
        "templates/taxonomy_list.html",
        "<!doctype html><title>t</title><p>{{ taxonomy.title }}</p>",
    );
    let report = site.built();
    let mut changed: Vec<&str> = report.changed.iter().map(|c| &**c).collect();
    changed.sort();
    assert_eq!(
        changed,
        vec!["authors/index.html", "places/index.html", "tags/index.html"]
    );
}

#[test]
fn a_cache_from_another_version_is_not_trusted() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    let snapshot = site.snapshot();
    // The cache is a folder of shards; each rewritten as an older version wrote it (text
    // lines in hex), with a stale page that version wrote, which the new build no longer has.
    site.write("public/stale/index.html", "old");
    let shards = cache_shards(&site);
    assert!(shards.len() > 1, "{shards:?}");
    let mut entries: Vec<_> = shards.iter().flat_map(|p| read_shard(p).entries).collect();
    let old = *blake3::hash(b"old").as_bytes();
    entries.push(([0; 32], old, "stale/index.html".into()));
    let mut head = read_shard(&shards[0]).head;
    head[0] = "gazette-cache 2 0.0.1-old".into();
    write_older_cache(&site.path(".gazette/cache"), &head, &entries);
    let report = site.built();
    assert_note(&report, &["another Gazette version"]);
    // Every page is rendered again; the bytes it wrote hash the same in any version, so
    // only the files that differ are written, and the stale page it wrote is removed.
    assert_eq!(report.written, 0, "{report}");
    assert_eq!(report.removed, 1);
    assert_eq!(site.snapshot(), snapshot, "same output, stale page removed");
}

#[test]
fn a_damaged_cache_is_ignored_with_a_note_and_never_deletes_anything() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    // A file the user put in the output folder, and a story deleted while the cache is
    // damaged: without the cache Gazette cannot tell either from its own old files.
    site.write("public/verification.txt", "mine");
    std::fs::remove_file(site.path(&story_path(3))).unwrap();
    let snapshot = site.snapshot();
    let stale = "2021/01/04/s3/index.html";
    assert!(site.exists(stale));
    // The shard that lists the deleted story's page is the damaged one.
    let shard = gazette::core::shards::of(stale.as_bytes());
    std::fs::write(
        site.path(&format!(".gazette/cache/{shard:02}")),
        "garbage\n",
    )
    .unwrap();
    let report = site.build().unwrap();
    assert_note(&report, &["damaged"]);
    // What the damaged shard listed is unknown: the stale page is kept and named. The
    // other shards still prove their stale files (the deleted story's listings' pages).
    assert_note(&report, &[stale, "kept"]);
    let after = site.snapshot();
    for (path, _) in &snapshot {
        let listed_by_damaged = gazette::core::shards::of(path.as_bytes()) == shard;
        let gone = !after.iter().any(|(p, _)| p == path);
        assert!(!(gone && listed_by_damaged), "{path} was removed");
    }
    assert_eq!(site.read("verification.txt"), "mine");
    assert!(site.exists(stale));
    // From then on the cache is whole again.
    assert_eq!(site.built().written, 0);
}

#[test]
fn a_cache_edited_by_hand_is_ignored_with_a_note() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    // One bit of one fingerprint changed: the record still decodes.
    let path = &cache_shards(&site)[0];
    let mut shard = read_shard(path);
    let sealed = shard_bytes(&shard);
    shard.entries[0].0[0] ^= 1;
    let mut edited = shard_bytes(&shard);
    // Gazette's checksum kept from before the edit.
    let seal_at = edited.len() - 72;
    edited[seal_at..].copy_from_slice(&sealed[seal_at..]);
    std::fs::write(path, edited).unwrap();
    let report = site.built();
    assert_note(&report, &["damaged", "changed since Gazette wrote it"]);
    assert_same_as_clean(&site);
}

#[test]
fn clean_rebuilds_everything_even_with_a_lying_cache() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    let snapshot = site.snapshot();
    site.write("public/index.html", "tampered");
    // The cache says index.html is as built: a normal build trusts it...
    site.built();
    assert_eq!(
        std::fs::read_to_string(site.path("public/index.html")).unwrap(),
        "tampered"
    );
    // ...--clean does not.
    site.build_with(Options {
        clean: true,
        ..Options::default()
    })
    .unwrap();
    assert_eq!(site.snapshot(), snapshot);
}

#[test]
fn the_cache_holds_however_the_site_folder_is_named() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    // The same site through another spelling of its path.
    let other = site.root().join("content").join("..");
    let report = gazette::driver::build(&other, &Options::default()).unwrap();
    assert_eq!(report.written, 0);
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

/// One of the build's notes says all of `parts`.
fn assert_note(report: &Report, parts: &[&str]) {
    assert!(
        report
            .notes
            .iter()
            .any(|n| parts.iter().all(|p| n.contains(p))),
        "{:?}",
        report.notes
    );
}

/// The build cache's shard files.
fn cache_shards(site: &Site) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(site.path(".gazette/cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The seeded site, built once by a session that stays alive (as `serve` keeps one).
fn built_session() -> (Site, Session) {
    let site = Site::new(&[]);
    seed(&site);
    built(site)
}

/// [`built_session`] with pages numbered from the newest story, whose counts of pages the
/// tests of terms changing shape are written for.
fn built_newest_first() -> (Site, Session) {
    let site = Site::new(&[]);
    seed(&site);
    site.write(
        "site.toml",
        "base_url = \"https://inc.example/\"\npaginate = 4\npagination = \"newest-first\"\n",
    );
    built(site)
}

fn built(site: Site) -> (Site, Session) {
    let mut session = Session::new(site.root(), Options::default());
    session.rebuild().unwrap();
    (site, session)
}

fn stages(report: &Report) -> Vec<&'static str> {
    report.timings.iter().map(|(name, _)| *name).collect()
}

#[test]
fn a_session_patches_body_edits_without_planning_again() {
    let (site, mut session) = built_session();
    let before = mtimes(&site);
    // The second paragraph: not the summary, so no listing shows the change.
    let path = save_story(
        &site,
        7,
        "\"odd\", \"rare\"",
        "Body of story 7.\n\nMore, and a late quote.",
    );
    let report = session
        .rebuild_changed(std::slice::from_ref(&path))
        .unwrap();
    assert!(!stages(&report).contains(&"plan"), "{:?}", report.timings);
    // The story's page, and the search index, which holds its text.
    let pages = pages_changed(&report);
    assert_eq!(pages.len(), 1, "{:?}", report.changed);
    assert!(site.read(&pages[0]).contains("a late quote"));
    assert_only_changed_rewritten(&site, &before, &report);
    assert_same_as_clean(&site);
    // The caches reach the disk after the pages: a new process has nothing left to do.
    assert_nothing_left_to_do(&site, &mut session);
}

/// Every file that `report` does not name kept its modification time since `before`.
fn assert_only_changed_rewritten(
    site: &Site,
    before: &HashMap<String, (SystemTime, Vec<u8>)>,
    report: &Report,
) {
    let after = mtimes(site);
    for (rel, (mtime, _)) in before {
        if !report.changed.iter().any(|c| **c == **rel) {
            assert_eq!(&after[rel].0, mtime, "{rel} was rewritten");
        }
    }
}

/// Once the session's caches are saved, a build in a new process writes and removes nothing.
fn assert_nothing_left_to_do(site: &Site, session: &mut Session) {
    session.save_caches().unwrap();
    let again = Session::new(site.root(), Options::default())
        .rebuild()
        .unwrap();
    assert_eq!(
        (again.written, again.removed),
        (0, 0),
        "{:?}",
        again.changed
    );
}

/// Files written by `report`, leaving out the search index.
fn pages_changed(report: &Report) -> Vec<String> {
    report
        .changed
        .iter()
        .filter(|p| !p.starts_with("search/pagefind/"))
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_session_patches_headline_summary_and_date_edits_and_what_shows_them() {
    let (site, mut session) = built_session();
    let path = site.path(&story_path(7));
    let edits = [
        // A new headline shows in every listing and feed that lists the story.
        story(7, "\"odd\", \"rare\"", "Body of story 7.\n\nMore.")
            .replace("Story 7", "Story seven"),
        // A new first paragraph is the summary that listings show.
        story(7, "\"odd\", \"rare\"", "A new first paragraph.\n\nMore.")
            .replace("Story 7", "Story seven"),
        // An `updated` date moves the sitemap's dates.
        story(7, "\"odd\", \"rare\"", "A new first paragraph.\n\nMore.")
            .replace("Story 7", "Story seven")
            .replace("+++\n\n", "updated = 2024-05-06T07:08:09Z\n+++\n\n"),
    ];
    let expected = [
        "Story seven",
        "A new first paragraph.",
        // (As RFC 3339 in HTML and Atom, RFC 2822 in RSS.)
        "07:08:09",
    ];
    for (text, shown) in edits.iter().zip(expected) {
        let before = mtimes(&site);
        site.write(&story_path(7), text);
        let report = session
            .rebuild_changed(std::slice::from_ref(&path))
            .unwrap();
        assert!(!stages(&report).contains(&"plan"), "{:?}", report.timings);
        let pages = pages_changed(&report);
        assert!(pages.len() > 1, "{pages:?}");
        // Every page written shows the change; every other file kept its bytes and time.
        for page in &pages {
            assert!(site.read(page).contains(shown), "{page} lacks {shown:?}");
        }
        assert!(
            pages.iter().any(|p| p.starts_with("tags/odd/")),
            "{pages:?}"
        );
        assert!(pages.iter().any(|p| p.starts_with("city/")), "{pages:?}");
        assert_only_changed_rewritten(&site, &before, &report);
        assert_same_as_clean(&site);
    }
    assert!(site.read("sitemap.xml").contains("2024-05-06T07:08:09"));
    // A new process finds the caches saved and nothing left to do.
    assert_nothing_left_to_do(&site, &mut session);
}

#[test]
fn a_session_plans_again_when_a_story_moves() {
    let (site, mut session) = built_session();
    // A new tag moves the story between term pages, a new date in the archive, a new
    // section to another folder of listings; a broken file must be reported.
    let tagged = story(7, "\"odd\", \"new\"", "Body of story 7.\n\nMore.");
    let edits = [
        (story_path(7), tagged.clone()),
        (
            story_path(7),
            tagged.replace("+++\n\n", "date = 2020-01-01\n+++\n\n"),
        ),
    ];
    let path = site.path(&story_path(7));
    for (rel, text) in edits {
        site.write(&rel, &text);
        let report = session
            .rebuild_changed(std::slice::from_ref(&site.path(&rel)))
            .unwrap();
        assert!(stages(&report).contains(&"plan"), "{:?}", report.timings);
        assert!(report.changed.len() > 1, "{:?}", report.changed);
        assert_same_as_clean(&site);
    }
    site.write(&story_path(7), "+++\ntitle = \n+++\n");
    let err = session
        .rebuild_changed(std::slice::from_ref(&path))
        .unwrap_err();
    assert!(err.to_string().contains("s7.md"), "{err}");
    // A body edit right after a failed build is planned in full again, then patched.
    site.write(&story_path(7), &story(7, "\"odd\"", "Fixed.\n\nMore."));
    let fixed = session
        .rebuild_changed(std::slice::from_ref(&path))
        .unwrap();
    assert!(stages(&fixed).contains(&"plan"));
    site.write(
        &story_path(7),
        &story(7, "\"odd\"", "Fixed.\n\nMore, again."),
    );
    let patched = session
        .rebuild_changed(std::slice::from_ref(&path))
        .unwrap();
    assert!(!stages(&patched).contains(&"plan"));
    assert_same_as_clean(&site);
}

#[test]
fn a_session_patches_new_terms_among_existing_ones_without_planning_again() {
    let (site, mut session) = built_newest_first();
    let ann = |text: String| text.replace("+++\n\n", "authors = [\"Ann Example\"]\n+++\n\n");
    let seven = |tags: &str| story(7, tags, "Body of story 7.\n\nMore.");
    // Story 7 leaves `rare` and joins `even` (15 stories each, four pages of 4 before and
    // after); two stories change tags together; story 7 moves to another existing place
    // and gets a new author (a new term: planned in full); story 8 gets the same author,
    // then story 7 leaves it.
    // (stories saved together, planned in full?, a page that must change)
    type Batch<'a> = (Vec<(usize, String)>, bool, &'a str);
    let edits: Vec<Batch> = vec![
        (vec![(7, seven("\"odd\", \"even\""))], false, "tags/even/"),
        (
            vec![
                (7, seven("\"odd\", \"rare\"")),
                (
                    10,
                    story(10, "\"even\", \"rare\"", "Body of story 10.\n\nMore."),
                ),
            ],
            false,
            "tags/rare/",
        ),
        (
            vec![(7, ann(seven("\"odd\"").replace("Place 1", "Place 2")))],
            true,
            "places/place-2/",
        ),
        (
            vec![(8, ann(story(8, "\"even\"", "Body of story 8.\n\nMore.")))],
            false,
            "authors/ann-example/",
        ),
        (
            vec![(7, seven("\"odd\"").replace("Place 1", "Place 2"))],
            false,
            "authors/ann-example/",
        ),
    ];
    for (batch, planned, shown) in edits {
        let before = mtimes(&site);
        let paths: Vec<_> = batch
            .iter()
            .map(|(i, text)| {
                site.write(&story_path(*i), text);
                site.path(&story_path(*i))
            })
            .collect();
        let report = session.rebuild_changed(&paths).unwrap();
        assert_eq!(
            stages(&report).contains(&"plan"),
            planned,
            "{:?}",
            report.timings
        );
        let pages = pages_changed(&report);
        assert!(
            pages.iter().any(|p| p.starts_with(shown)),
            "{shown}: {pages:?}"
        );
        assert_only_changed_rewritten(&site, &before, &report);
        assert_plan_is_fresh(&site, &session);
        assert_same_as_clean(&site);
    }
    assert_nothing_left_to_do(&site, &mut session);
}

#[test]
fn a_session_plans_again_when_terms_change_shape() {
    let (site, mut session) = built_newest_first();
    let body = |i: usize| format!("Body of story {i}.\n\nMore.");
    // `even` grows from 15 stories to 16 (still four pages of 4), then to 17 (five pages);
    // a term spelled anew; the only story of a term leaves it (the term goes).
    let edits = [
        (9, story(9, "\"odd\", \"rare\", \"even\"", &body(9)), false),
        (
            11,
            story(11, "\"odd\", \"rare\", \"even\"", &body(11)),
            true,
        ),
        (13, story(13, "\"odd\", \"RARE\"", &body(13)), true),
        (4, story(4, "\"even\", \"lonely\"", &body(4)), true),
        (4, story(4, "\"even\"", &body(4)), true),
    ];
    for (i, text, planned) in edits {
        site.write(&story_path(i), &text);
        let report = session
            .rebuild_changed(&[site.path(&story_path(i))])
            .unwrap();
        assert_eq!(
            stages(&report).contains(&"plan"),
            planned,
            "story {i}: {:?}",
            report.timings
        );
        assert_same_as_clean(&site);
    }
    assert!(!site.path("public/tags/lonely").exists());
}

#[test]
fn a_session_patches_a_story_in_the_news_sitemap() {
    let site = Site::new(&[]);
    seed(&site);
    let hour_ago = (chrono::Utc::now() - chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let fresh = |title: &str| {
        article(
            title,
            &format!("date = \"{hour_ago}\"\ntags = [\"even\"]"),
            "Just in.\n\nMore.",
        )
    };
    site.write("content/world/breaking.md", &fresh("Breaking story"));
    let mut session = Session::new(site.root(), Options::default());
    session.rebuild().unwrap();
    assert!(site.read("news-sitemap.xml").contains("Breaking story"));
    site.write(
        "content/world/breaking.md",
        &fresh("Breaking story, updated"),
    );
    let report = session
        .rebuild_changed(&[site.path("content/world/breaking.md")])
        .unwrap();
    assert!(!stages(&report).contains(&"plan"), "{:?}", report.timings);
    let pages = pages_changed(&report);
    for page in [
        "news-sitemap.xml",
        "index.html",
        "rss.xml",
        "tags/even/index.html",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} not in {pages:?}");
        assert!(
            site.read(page).contains("Breaking story, updated"),
            "{page}"
        );
    }
    assert_same_as_clean(&site);
}

#[test]
fn a_build_with_nothing_changed_stops_at_the_record() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    let checked = |site: &Site, opts: Options| {
        let report = site.build_with(opts).unwrap();
        stages(&report) == ["check"]
    };
    let again = site.built();
    assert_eq!(stages(&again), ["check"], "{:?}", again.timings);
    assert_eq!((again.written, again.removed, again.stories), (0, 0, 30));
    assert_eq!(again.unchanged, site.snapshot().len());
    // Anything the build reads: a story's stamp (the same text saved again), the
    // configuration, a template; and the options, a missing output folder, a damaged record.
    let text = std::fs::read_to_string(site.path(&story_path(3))).unwrap();
    site.write(&story_path(3), &text);
    assert!(!checked(&site, Options::default()));
    assert!(checked(&site, Options::default()));
    site.write(
        "site.toml",
        "base_url = \"https://inc.example/\"\npaginate = 5\n",
    );
    assert!(!checked(&site, Options::default()));
    site.write("templates/404.html", "<p>Nothing here</p>");
    assert!(!checked(&site, Options::default()));
    assert!(site.read("404.html").contains("Nothing here"));
    let drafts = Options {
        switches: gazette::core::Switches {
            drafts: true,
            future: false,
        },
        ..Options::default()
    };
    assert!(!checked(&site, drafts));
    assert!(checked(&site, drafts));
    assert!(!checked(&site, Options::default()));
    let clean = Options {
        clean: true,
        ..Options::default()
    };
    assert!(!checked(&site, clean));
    std::fs::remove_dir_all(site.path("public")).unwrap();
    assert!(!checked(&site, Options::default()));
    assert!(site.exists("index.html"));
    std::fs::write(
        site.path(".gazette/sources"),
        "gazette sources 1\ndigest 00\n",
    )
    .unwrap();
    assert!(!checked(&site, Options::default()));
    assert!(checked(&site, Options::default()));
    assert_same_as_clean(&site);
}

#[test]
fn the_record_ends_when_a_story_comes_out_or_leaves_the_news_sitemap() {
    let site = Site::new(&[]);
    seed(&site);
    let now = chrono::Utc::now();
    let at =
        |d: chrono::DateTime<chrono::Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // Due in two seconds at most; and two seconds from leaving the 48-hour news window.
    let soon = now + chrono::Duration::seconds(2);
    let leaving = now - chrono::Duration::hours(48) + chrono::Duration::seconds(2);
    site.write(
        "content/world/embargoed.md",
        &article("Embargoed story", &format!("date = \"{}\"", at(soon)), "x"),
    );
    site.write(
        "content/world/leaving.md",
        &article("Day-old story", &format!("date = \"{}\"", at(leaving)), "x"),
    );
    site.built();
    assert!(!site.read("index.html").contains("Embargoed story"));
    assert!(site.read("news-sitemap.xml").contains("Day-old story"));
    assert_eq!(stages(&site.built()), ["check"]);
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let report = site.built();
    assert!(stages(&report).contains(&"plan"), "{:?}", report.timings);
    assert!(site.read("index.html").contains("Embargoed story"));
    assert!(!site.read("news-sitemap.xml").contains("Day-old story"));
}

/// The patched plan's routes equal those of a plan made afresh from the same files.
fn assert_plan_is_fresh(site: &Site, session: &Session) {
    let plan = &session.last.as_ref().expect("a patched session").plan;
    let patched = &plan.routes;
    let fresh = gazette::driver::load(site.root(), None, &Options::default()).unwrap();
    // The sitemap's pages, in their order and with their dates, as a fresh plan lists them.
    let listed = |sitemap: &[gazette::plan::SitemapUrl]| -> Vec<_> {
        sitemap.iter().map(|u| (u.route, u.lastmod)).collect()
    };
    assert_eq!(listed(&plan.sitemap), listed(&fresh.plan.sitemap));
    assert_eq!(patched.len(), fresh.plan.routes.len());
    for (p, f) in patched.iter().zip(&fresh.plan.routes) {
        assert_eq!(p.output, f.output);
        assert!(p.fingerprint == f.fingerprint, "{} differs", p.output);
    }
}

#[test]
fn patched_fingerprints_equal_a_fresh_plan() {
    let configs = [
        "base_url = \"https://inc.example/\"\npaginate = 4\n",
        // Full stories in feeds (a body edit changes them), a short feed, permalinks that
        // end in index.html.
        "base_url = \"https://inc.example/\"\npaginate = 3\npermalink = \"/:year/:slug/index.html\"\n[feeds]\nlimit = 4\nfull_content = true\n",
        "base_url = \"https://inc.example/\"\npaginate = 4\npagination = \"newest-first\"\n",
    ];
    for config in configs {
        let site = Site::new(&[]);
        seed(&site);
        site.write("site.toml", config);
        let mut session = Session::new(site.root(), Options::default());
        session.rebuild().unwrap();
        // A body, a headline, then two neighbouring stories saved together.
        let batches = [
            vec![(7, "Story 7", "Body of story 7.\n\nA new second paragraph.")],
            vec![(
                7,
                "Story seven",
                "Body of story 7.\n\nA new second paragraph.",
            )],
            vec![
                (7, "Seven", "New summary of seven.\n\nMore."),
                (13, "Thirteen", "New summary of thirteen.\n\nMore."),
            ],
        ];
        for batch in batches {
            let mut paths = Vec::new();
            for (i, title, body) in batch {
                let text = story(i, "\"odd\", \"rare\"", body)
                    .replace(&format!("Story {i}\""), &format!("{title}\""));
                site.write(&story_path(i), &text);
                paths.push(site.path(&story_path(i)));
            }
            let report = session.rebuild_changed(&paths).unwrap();
            assert!(
                !stages(&report).contains(&"plan"),
                "{config}: {:?}",
                report.timings
            );
            assert_plan_is_fresh(&site, &session);
            assert_same_as_clean(&site);
        }
    }
}

#[test]
fn a_session_plans_again_once_a_story_leaves_the_news_sitemap() {
    let site = Site::new(&[]);
    seed(&site);
    let leaving = (chrono::Utc::now() - chrono::Duration::hours(48) + chrono::Duration::seconds(2))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    site.write(
        "content/world/leaving.md",
        &article("Day-old story", &format!("date = \"{leaving}\""), "x"),
    );
    let mut session = Session::new(site.root(), Options::default());
    session.rebuild().unwrap();
    assert!(site.read("news-sitemap.xml").contains("Day-old story"));
    std::thread::sleep(std::time::Duration::from_millis(2500));
    // An edit in place, which would otherwise be patched onto the plan of 2.5 s ago.
    let path = save_story(
        &site,
        7,
        "\"odd\", \"rare\"",
        "Body of story 7.\n\nMore, later.",
    );
    let report = session.rebuild_changed(&[path]).unwrap();
    assert!(stages(&report).contains(&"plan"), "{:?}", report.timings);
    // It was the only recent story: the news sitemap goes with it.
    assert!(!site.exists("news-sitemap.xml"));
    assert!(!site.read("robots.txt").contains("news-sitemap"));
}

#[test]
fn a_session_does_not_patch_onto_a_failed_rebuild() {
    let (site, mut session) = built_session();
    site.write("site.toml", "paginate = \"many\"\n");
    assert!(session.rebuild_changed(&[]).is_err());
    // The configuration is still broken: an edit in place must report it, not patch.
    let path = save_story(
        &site,
        7,
        "\"odd\", \"rare\"",
        "Body of story 7.\n\nMore, later.",
    );
    let err = session.rebuild_changed(&[path]).unwrap_err();
    assert!(err.to_string().contains("site.toml"), "{err}");
}

#[test]
fn a_session_lists_again_only_the_paths_the_watcher_reports() {
    let (site, mut session) = built_session();
    let rebuild = |session: &mut Session, rels: &[&str]| {
        let paths: Vec<_> = rels.iter().map(|r| site.path(r)).collect();
        let report = session.rebuild_changed(&paths).unwrap();
        assert_same_as_clean(&site);
        report
    };
    // A new story, in a folder that did not exist (its folder reported too, or not).
    site.write(
        "content/world/new/2021-03-01-fresh.md",
        &story(100, "\"new\"", "Fresh."),
    );
    rebuild(&mut session, &["content/world/new/2021-03-01-fresh.md"]);
    assert!(site.read("tags/new/index.html").contains("Story 100"));
    site.write(
        "content/city/more/2021-03-02-more.md",
        &story(101, "\"new\"", "More."),
    );
    rebuild(
        &mut session,
        &["content/city/more", "content/city/more/2021-03-02-more.md"],
    );
    // Renamed (both names reported), then deleted; hidden files are never stories.
    let (old, new) = (story_path(4), "content/world/2021-02-05-renamed.md");
    std::fs::rename(site.path(&old), site.path(new)).unwrap();
    rebuild(&mut session, &[&old, new]);
    std::fs::remove_file(site.path(new)).unwrap();
    site.write(
        "content/world/.hidden.md",
        &story(102, "\"new\"", "Hidden."),
    );
    rebuild(&mut session, &[new, "content/world/.hidden.md"]);
    // A folder deleted with its stories: reported as the folder alone.
    std::fs::remove_dir_all(site.path("content/world/new")).unwrap();
    rebuild(&mut session, &["content/world/new"]);
    assert!(!site.read("tags/new/index.html").contains("Story 100"));

    // Only the reported paths are looked at again: an edit the watcher did not report
    // waits for a rebuild that may assume anything changed.
    save_story(&site, 8, "\"even\", \"unseen\"", "Body.");
    let seen = save_story(&site, 9, "\"odd\", \"seen\"", "Body.");
    let report = session.rebuild_changed(&[seen]).unwrap();
    assert!(site.exists("tags/seen/index.html"), "{:?}", report.changed);
    assert!(!site.exists("tags/unseen/index.html"));
    session.rebuild_changed(&[]).unwrap();
    assert!(site.exists("tags/unseen/index.html"));
    assert_same_as_clean(&site);
    assert_nothing_left_to_do(&site, &mut session);
}

#[test]
fn a_session_patches_edits_named_from_the_resolved_root() {
    // `gazette serve --root .` (or through a link): the session knows stories as
    // `./content/…`, the watcher names them from the resolved folder.
    let site = Site::new(&[]);
    seed(&site);
    let link = tempfile::tempdir().unwrap();
    let root = link.path().join("site");
    std::os::unix::fs::symlink(site.root(), &root).unwrap();
    let mut session = Session::new(&root, Options::default());
    session.rebuild().unwrap();
    save_story(
        &site,
        7,
        "\"odd\", \"rare\"",
        "Body of story 7.\n\nMore, seen through a link.",
    );
    let report = session
        .rebuild_changed(&[site.root().canonicalize().unwrap().join(story_path(7))])
        .unwrap();
    assert!(!stages(&report).contains(&"plan"), "{:?}", report.timings);
    assert_eq!(pages_changed(&report).len(), 1, "{:?}", report.changed);
    assert_same_as_clean(&site);
}

#[test]
fn a_cache_from_before_the_identity_line_still_vouches_for_the_sites_own_output() {
    let site = Site::new(&[]);
    seed(&site);
    site.built();
    // The layout earlier Gazette versions wrote: no identity line, the output's absolute
    // path as its key.
    let absolute = site.path("public").canonicalize().unwrap();
    let entries: Vec<_> = cache_shards(&site)
        .iter()
        .flat_map(|p| read_shard(p).entries)
        .collect();
    let head = [
        "gazette-cache 1 0.0.1-old".into(),
        absolute.display().to_string(),
    ];
    write_older_cache(&site.path(".gazette/cache"), &head, &entries);
    let report = site.built();
    assert_note(&report, &["another Gazette version"]);
    assert_eq!(report.written, 0, "{report}");
}

#[test]
fn a_session_adds_new_stories_in_place_under_both_schemes() {
    let configs = [
        "base_url = \"https://inc.example/\"\npaginate = 4\n",
        "base_url = \"https://inc.example/\"\npaginate = 4\npagination = \"newest-first\"\n",
        // Full stories in feeds, a short feed, permalinks that end in index.html.
        "base_url = \"https://inc.example/\"\npaginate = 3\npermalink = \"/:year/:slug/index.html\"\n[feeds]\nlimit = 4\nfull_content = true\n",
    ];
    // (file, front matter, planned in full?): the newest story's day, in its section (science has
    // 10 stories: the third new one fills a page of 4 and opens another); a story in the
    // middle of the archive; an older city story, among the archive's 20 newest but shown
    // on no page the front shows, updated after every other story (the front page's
    // sitemap date is its 20 newest stories'); then stories that open listings, which the
    // session adds in place too: a tag no story has, a day no story has, and those below.
    let added = [
        (
            "content/science/2021-03-27-a.md",
            "tags = [\"even\"]",
            false,
        ),
        (
            "content/science/2021-03-27-b.md",
            "tags = [\"odd\", \"rare\"]",
            false,
        ),
        (
            "content/science/2021-03-27-c.md",
            "tags = [\"even\"]",
            false,
        ),
        ("content/world/2021-01-04-m.md", "tags = [\"odd\"]", false),
        (
            "content/city/2021-02-11-u.md",
            "tags = [\"even\"]\nupdated = 2021-03-29T00:00:00Z",
            false,
        ),
        (
            "content/city/2021-02-05-n.md",
            "tags = [\"even\", \"fresh\"]",
            false,
        ),
        ("content/city/2021-02-28-o.md", "tags = [\"even\"]", false),
        // A new month, then a new year, each the archive's newest; a new oldest year; a
        // new first day of a month in the middle.
        ("content/world/2021-04-02-q.md", "tags = [\"odd\"]", false),
        ("content/world/2022-01-05-r.md", "tags = [\"odd\"]", false),
        ("content/city/2020-12-31-s.md", "tags = [\"even\"]", false),
        ("content/world/2021-03-01-t.md", "tags = [\"odd\"]", false),
        // Two new tags, the first and the last by slug, a new author and a new place (the
        // last term of the last taxonomy, in front of the date archives).
        (
            "content/science/2022-01-05-z.md",
            "tags = [\"zulu\", \"aardvark\", \"even\"]\nauthors = [\"New Writer\"]\ndateline = \"Zzyzx\"",
            false,
        ),
        // What a full index must see: a new spelling of a tag, a section no story has.
        ("content/city/2022-01-06-v.md", "tags = [\"Even\"]", true),
        ("content/sport/2021-01-04-p.md", "tags = [\"even\"]", true),
    ];
    for config in configs {
        let site = Site::new(&[]);
        seed(&site);
        site.write("site.toml", config);
        let (site, mut session) = built(site);
        for (k, (rel, front, planned)) in added.iter().enumerate() {
            let before = mtimes(&site);
            let front = if front.contains("dateline") {
                front.to_string()
            } else {
                format!("{front}\ndateline = \"Place 1\"")
            };
            let text = article(
                &format!("New story {k}"),
                &front,
                &format!("Just in, number {k}.\n\nMore."),
            );
            site.write(rel, &text);
            let report = session.rebuild_changed(&[site.path(rel)]).unwrap();
            assert_eq!(
                stages(&report).contains(&"plan"),
                *planned,
                "{config} {rel}: {:?}",
                report.timings
            );
            let story = pages_changed(&report)
                .into_iter()
                .find(|p| site.read(p).contains(&format!("Just in, number {k}.")));
            assert!(story.is_some(), "{rel}: {:?}", report.changed);
            assert_only_changed_rewritten(&site, &before, &report);
            assert_plan_is_fresh(&site, &session);
            assert_same_as_clean(&site);
        }
        assert_nothing_left_to_do(&site, &mut session);
    }
}

#[test]
fn a_session_takes_deleted_stories_out_in_place_under_both_schemes() {
    let configs = [
        "base_url = \"https://inc.example/\"\npaginate = 4\n",
        "base_url = \"https://inc.example/\"\npaginate = 4\npagination = \"newest-first\"\n",
        "base_url = \"https://inc.example/\"\npaginate = 3\npermalink = \"/:year/:slug/index.html\"\n[feeds]\nlimit = 4\nfull_content = true\n",
    ];
    // Beside the seed's stories: two on the day of its newest science story (science then
    // has 12, three full pages of 4), one on the day of a world story in January.
    let extra = [
        ("content/science/2021-03-27-a.md", "tags = [\"even\"]"),
        (
            "content/science/2021-03-27-b.md",
            "tags = [\"odd\", \"rare\"]",
        ),
        ("content/world/2021-01-04-m.md", "tags = [\"odd\"]"),
    ];
    // Deleted in turn (file, planned in full?): the newest story, whose section loses a
    // page of 4; one in the middle of the archive; the seed's newest science story, the
    // newest of its tag; then the last story of its day, which leaves the day empty.
    let deleted = [
        ("content/science/2021-03-27-a.md".to_string(), false),
        ("content/world/2021-01-04-m.md".to_string(), false),
        (story_path(26), false),
        ("content/science/2021-03-27-b.md".to_string(), true),
    ];
    for config in configs {
        let site = Site::new(&[]);
        seed(&site);
        site.write("site.toml", config);
        for (k, (rel, front)) in extra.iter().enumerate() {
            let text = article(
                &format!("Extra story {k}"),
                &format!("{front}\ndateline = \"Place 1\""),
                &format!("Extra, number {k}.\n\nMore."),
            );
            site.write(rel, &text);
        }
        let (site, mut session) = built(site);
        for (rel, planned) in &deleted {
            let rel = rel.as_str();
            let before = mtimes(&site);
            let story = std::fs::read_to_string(site.path(rel)).unwrap();
            let title = story
                .lines()
                .find_map(|l| l.strip_prefix("title = "))
                .unwrap()
                .trim_matches('"')
                .to_string();
            let shown: Vec<String> = before
                .iter()
                .filter(|(p, (_, bytes))| {
                    p.ends_with(".html") && String::from_utf8_lossy(bytes).contains(&title)
                })
                .map(|(p, _)| p.clone())
                .collect();
            assert!(!shown.is_empty(), "{rel} is shown nowhere");
            std::fs::remove_file(site.path(rel)).unwrap();
            let report = session.rebuild_changed(&[site.path(rel)]).unwrap();
            assert_eq!(
                stages(&report).contains(&"plan"),
                *planned,
                "{config} {rel}: {:?}",
                report.timings
            );
            assert!(report.removed >= 1, "{rel}: {:?}", report.changed);
            for p in &shown {
                assert!(
                    !site.exists(p) || !site.read(p).contains(&title),
                    "{config} {rel}: {p} still shows it"
                );
            }
            assert_only_changed_rewritten(&site, &before, &report);
            assert_plan_is_fresh(&site, &session);
            assert_same_as_clean(&site);
        }
        assert_nothing_left_to_do(&site, &mut session);
    }
}

#[test]
fn a_deleted_story_a_menu_link_leads_to_is_reported_as_a_full_build_would() {
    let site = Site::new(&[]);
    seed(&site);
    site.write(
        "site.toml",
        "base_url = \"https://inc.example/\"\npaginate = 4\n[[menu.footer]]\ntitle = \"Ferry\"\nurl = \"/2021/03/27/ferry/\"\n",
    );
    let rel = "content/science/2021-03-27-ferry.md";
    site.write(
        rel,
        &article("Ferry", "tags = [\"even\"]", "The new route."),
    );
    let (site, mut session) = built(site);
    assert!(site.exists("2021/03/27/ferry/index.html"));
    std::fs::remove_file(site.path(rel)).unwrap();
    let errors = match session.rebuild_changed(&[site.path(rel)]) {
        Ok(report) => panic!("the dead menu link went unreported: {:?}", report.changed),
        Err(gazette::driver::Error::Content(ds)) => ds,
        Err(e) => panic!("expected content errors, got {e}"),
    };
    assert!(
        errors
            .iter()
            .any(|d| d.to_string().contains("leads to no page")),
        "{errors:?}"
    );
    // The output is left as it was.
    assert!(site.exists("2021/03/27/ferry/index.html"));
}

#[test]
fn a_new_story_in_a_bundles_folder_is_planned_in_full() {
    // A Markdown file in a bundle's folder is a story of its own, and takes that folder out
    // of the bundle: the bundle's story and files change too, which only a full plan sees.
    let site = Site::new(&[]);
    seed(&site);
    site.write(
        "content/science/ferry/index.md",
        &article(
            "Ferry",
            "date = 2021-03-27T10:00:00Z\ntags = [\"even\"]\ndateline = \"Place 1\"",
            "The new route.",
        ),
    );
    site.write(
        "content/science/ferry/maps/route.txt",
        "Pier 1 to pier 2.\n",
    );
    let (site, mut session) = built(site);
    let published = |site: &Site| {
        common::snapshot(&site.path("public"))
            .into_iter()
            .any(|(rel, _)| rel.ends_with("ferry/maps/route.txt"))
    };
    assert!(published(&site));
    let rel = "content/science/ferry/maps/notes.md";
    site.write(
        rel,
        &article(
            "Notes",
            "date = 2021-03-27T11:00:00Z\ntags = [\"even\"]\ndateline = \"Place 1\"",
            "Notes on the route.",
        ),
    );
    let report = session.rebuild_changed(&[site.path(rel)]).unwrap();
    assert!(stages(&report).contains(&"plan"), "{:?}", report.timings);
    assert_plan_is_fresh(&site, &session);
    assert_same_as_clean(&site);
}
