//! Where Gazette writes and deletes: never outside the output folder, never a file it did
//! not write, whatever `site.toml`, a story or the `.gazette/` cache says (#19, cases 1-4,
//! 7, 10, 11, 13).

use std::path::Path;

use super::common::cache::{read_shard, write_shard};
use super::common::{self, Site, article};
use gazette::driver::{self, Error, Options};

const STORY: &str = "2025-03-01-harbour.md";

/// A site with one story, beside a folder `victim/` (outside the site) holding a file that
/// no build may touch.
fn site_beside_a_victim(toml_extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let victim = dir.path().join("victim");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("index.html"), "the victim's own page").unwrap();
    std::fs::write(victim.join("robots.txt"), "the victim's robots").unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("base_url = \"https://news.example.org/\"\nsearch = false\n{toml_extra}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content").join(STORY),
        article("Harbour reopens", "", "The harbour reopened."),
    )
    .unwrap();
    (dir, root)
}

fn untouched(victim: &Path) {
    assert_eq!(
        std::fs::read_to_string(victim.join("index.html")).unwrap(),
        "the victim's own page"
    );
    assert_eq!(
        std::fs::read_to_string(victim.join("robots.txt")).unwrap(),
        "the victim's robots"
    );
}

fn build(root: &Path) -> Result<driver::Report, Error> {
    driver::build(root, &Options::default())
}

fn output_error(root: &Path) -> String {
    match build(root) {
        Err(Error::Output(m)) => m,
        other => panic!("expected the output folder to be refused, got {other:?}"),
    }
}

/// `gazette --root ROOT ARGS…`, the real binary, run to its end.
fn run(root: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

/// `gazette check` fails, and its stderr says every one of `parts`.
fn check_reports(root: &Path, parts: &[&str]) {
    let check = run(root, &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success(), "check passed: {parts:?}");
    assert!(
        parts.iter().all(|p| stderr.contains(p)),
        "{parts:?}: {stderr}"
    );
}

/// Whether one of `errors` says every one of `parts`.
fn one_says(errors: &[String], parts: &[&str]) -> bool {
    errors.iter().any(|e| parts.iter().all(|p| e.contains(p)))
}

fn content_errors(root: &Path) -> Vec<String> {
    match build(root) {
        Err(Error::Content(ds)) => ds.iter().map(|d| d.to_string()).collect(),
        other => panic!("expected content errors, got {other:?}"),
    }
}

/// Case 1: `..` after a folder that does not exist is resolved before the folder is judged.
#[test]
fn output_dir_with_dots_is_resolved_before_it_is_judged() {
    let (dir, root) = site_beside_a_victim("output_dir = \"nope/../../victim\"");
    let message = output_error(&root);
    assert!(message.contains("files Gazette did not write"), "{message}");
    untouched(&dir.path().join("victim"));
    for (out, says) in [
        ("public/..", "holds the site's own sources"),
        ("pub/../content", "inside the site's content/"),
        ("static/../.gazette/x", "inside the site's .gazette/"),
        (".", "holds the site's own sources"),
    ] {
        let toml = format!("base_url = \"https://news.example.org/\"\noutput_dir = \"{out}\"\n");
        std::fs::write(root.join("site.toml"), toml).unwrap();
        let message = output_error(&root);
        assert!(message.contains(says), "{out}: {message}");
    }
    assert!(!root.join("index.html").exists() && !root.join("content/index.html").exists());
}

/// Case 2: a permalink that would climb out of the output folder is a content error at
/// `site.toml`'s line and column; nothing is written anywhere.
#[test]
fn a_permalink_cannot_leave_the_output_folder() {
    for pattern in [
        "/../../victim/:slug/",
        "/:slug/../../../x/",
        "/a/./:slug/",
        "/a//:slug/",
    ] {
        let (dir, root) = site_beside_a_victim(&format!("permalink = \"{pattern}\""));
        let errors = match gazette::config::load(&root) {
            Err(ds) => ds.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            Ok(_) => panic!("{pattern} was accepted"),
        };
        assert!(
            one_says(&errors, &["site.toml:3:1", "output folder"]),
            "{pattern}: {errors:?}"
        );
        assert!(build(&root).is_err());
        assert!(!root.join("public").exists());
        untouched(&dir.path().join("victim"));
        assert!(!dir.path().join("victim/harbour-reopens").exists());
    }
}

/// Cases 2 and 10: aliases that leave the site, hold a NUL, land in the search index's
/// folder, or need a file where a folder is (and the other way round) are content errors at
/// the story's line, found by `build` and `check` alike, before anything is written.
#[test]
fn bad_aliases_are_errors_at_the_story_in_build_and_check() {
    let cases = [
        ("\"/../../victim.html\"", "`..`"),
        ("\"/old\\u0000story/\"", "U+0000"),
        ("\"/search/pagefind/pagefind.js\"", "search index"),
        ("\"/2025\"", "also the URL of"),
        ("\"/tags\"", "also the URL of"),
        ("\"/harbour.html\", \"/harbour.html/x/\"", "needs a folder"),
    ];
    for (aliases, says) in cases {
        let story = article(
            "Harbour reopens",
            &format!("date = 2025-03-01\naliases = [{aliases}]\ntags = [\"port\"]"),
            "Body.",
        );
        let site = Site::new(&[("content/harbour.md", &story)]);
        let errors = content_errors(site.root());
        assert!(
            one_says(&errors, &["harbour.md:4:", says]),
            "{aliases}: {errors:?}"
        );
        assert!(
            !site.path("public").exists(),
            "{aliases}: nothing is written"
        );
        check_reports(site.root(), &["harbour.md:4:", says]);
    }
}

/// Case 3: a damaged cache no longer vouches for a folder that holds someone else's files.
#[test]
fn a_damaged_cache_does_not_turn_off_the_foreign_files_guard() {
    let (dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    // Every shard cut short, then the output pointed at the victim.
    for shard in std::fs::read_dir(root.join(".gazette/cache")).unwrap() {
        let shard = shard.unwrap().path();
        std::fs::write(&shard, b"gazette-cache 1 ").unwrap();
    }
    let toml =
        "base_url = \"https://news.example.org/\"\nsearch = false\noutput_dir = \"../victim\"\n";
    std::fs::write(root.join("site.toml"), toml).unwrap();
    let message = output_error(&root);
    assert!(message.contains("did not write"), "{message}");
    untouched(&dir.path().join("victim"));
    // The site's own output, with one shard damaged, still builds.
    let toml = "base_url = \"https://news.example.org/\"\nsearch = false\n";
    std::fs::write(root.join("site.toml"), toml).unwrap();
    std::fs::remove_dir_all(root.join(".gazette")).unwrap();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    build(&root).unwrap();
    let shard = std::fs::read_dir(root.join(".gazette/cache"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    std::fs::write(shard.path(), b"torn").unwrap();
    let report = build(&root).unwrap();
    assert!(
        report.notes.iter().any(|n| n.contains("damaged")),
        "{:?}",
        report.notes
    );
}

/// Case 4: a crafted cache naming files outside the output folder deletes nothing; a file
/// the user changed is kept and reported.
#[test]
fn paths_in_the_cache_are_checked_and_deletes_are_proven() {
    let (dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    let victim = dir.path().join("victim");
    let absolute = victim.join("robots.txt");
    // A cache listing an escaping path and an absolute one, as a cloned repository might
    // carry it: each line hashed as Gazette would, so only the paths give it away.
    let hash = |p: &Path| *blake3::hash(&std::fs::read(p).unwrap()).as_bytes();
    let cache = root.join(".gazette/cache");
    let crafted = vec![
        (
            [0; 32],
            hash(&victim.join("index.html")),
            "../../victim/index.html".to_string(),
        ),
        ([0; 32], hash(&absolute), absolute.display().to_string()),
    ];
    // The shard that lists the front page is replaced by the crafted one.
    let shard = cache.join(format!("{:02}", gazette::core::shards::of(b"index.html")));
    let mut listed = read_shard(&shard);
    listed.entries = crafted.clone();
    write_shard(&shard, &listed);
    let report = build(&root).unwrap();
    untouched(&victim);
    assert!(
        report.notes.iter().any(|n| n.contains("damaged")),
        "{:?}",
        report.notes
    );
    // Every shard crafted so: nothing vouches for the output folder any more.
    for shard in std::fs::read_dir(&cache).unwrap() {
        let path = shard.unwrap().path();
        let mut listed = read_shard(&path);
        listed.entries = crafted.clone();
        write_shard(&path, &listed);
    }
    let message = output_error(&root);
    assert!(message.contains("missing or damaged"), "{message}");
    driver::build(
        &root,
        &Options {
            force: true,
            ..Options::default()
        },
    )
    .unwrap();
    untouched(&victim);

    // A page the user edited by hand, which the next build no longer writes, is kept.
    std::fs::remove_dir_all(root.join(".gazette")).unwrap();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    build(&root).unwrap();
    let page = root.join("public/2025/03/01/harbour/index.html");
    assert!(page.exists());
    std::fs::write(&page, "corrected by hand").unwrap();
    std::fs::write(
        root.join("content").join(STORY),
        article("Harbour reopens", "slug = \"port\"", "Moved."),
    )
    .unwrap();
    let report = build(&root).unwrap();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "corrected by hand");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("kept 1 file") && n.contains("2025/03/01/harbour/index.html")),
        "{:?}",
        report.notes
    );
}

/// Case 11: a moved or copied site keeps building, and knows its output.
#[test]
fn a_moved_site_builds_and_keeps_its_cache() {
    let (dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    let moved = dir.path().join("moved");
    std::fs::rename(&root, &moved).unwrap();
    let report = build(&moved).unwrap();
    assert_eq!(
        report.written, 0,
        "the moved cache still describes the output"
    );
    // A copy, too.
    let copy = dir.path().join("copy");
    let status = std::process::Command::new("cp")
        .args(["-a"])
        .arg(&moved)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(build(&copy).unwrap().written, 0);
}

/// Case 13: a deleted shard is noticed and the files it listed are named; a file at
/// `.gazette/staging` and a folder in place of a shard are cleared, not fatal.
#[test]
fn lost_shards_and_leftovers_in_the_cache_folder_are_handled() {
    let (_dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    let page = "2025/03/01/harbour/index.html";
    let shard_of = gazette::core::shards::of(page.as_bytes());
    let shard = root.join(format!(".gazette/cache/{shard_of:02}"));
    std::fs::remove_file(&shard).unwrap();
    // The story moves: the page the lost shard listed is stale, and nothing proves whose.
    let moved = article("Harbour reopens", "slug = \"port\"", "Moved.");
    std::fs::write(root.join("content").join(STORY), moved).unwrap();
    let report = build(&root).unwrap();
    let notes = report.notes.join("\n");
    assert!(notes.contains("missing"), "{notes}");
    assert!(notes.contains(page) && notes.contains("kept"), "{notes}");
    assert!(shard.is_file(), "the lost shard is written again");
    // Leftovers of a crash in the wrong shape.
    std::fs::write(root.join(".gazette/staging"), "junk").unwrap();
    std::fs::remove_file(&shard).unwrap();
    std::fs::create_dir(&shard).unwrap();
    std::fs::write(
        root.join("content").join(STORY),
        article("Harbour reopens", "", "Back."),
    )
    .unwrap();
    build(&root).unwrap();
    assert!(shard.is_file(), "a folder in place of a shard is replaced");
    build(&root).unwrap();
}

/// Case 7: a preview with drafts or future stories never touches the output folder.
#[test]
fn previews_are_built_outside_the_output_folder() {
    let site = Site::new(&[
        (
            "content/2025-03-01-public.md",
            &article("Public story", "", "Out."),
        ),
        (
            "content/2025-03-02-embargo.md",
            &article("Embargoed story", "draft = true", "Secret."),
        ),
    ]);
    site.built();
    let before = site.snapshot();
    let switches = gazette::core::Switches {
        drafts: true,
        future: true,
    };
    let mut session = driver::Session::new(
        site.root(),
        Options {
            switches,
            ..Options::default()
        },
    )
    .previewing();
    session.rebuild().unwrap();
    assert_eq!(
        site.snapshot(),
        before,
        "public/ is as the plain build left it"
    );
    let preview = common::snapshot(&site.path(".gazette/preview"));
    assert!(
        preview.iter().any(|(p, b)| p.contains("embargo")
            && String::from_utf8_lossy(b).contains("Embargoed story")),
        "the preview shows the draft"
    );
    assert!(!before.iter().any(|(p, _)| p.contains("embargo")));
}

/// A journal shipped with a site (or left for another folder) cannot make anyone's files
/// Gazette's: nothing it names is removed or trusted.
#[test]
fn a_crafted_journal_vouches_for_nothing() {
    let (dir, root) = site_beside_a_victim("output_dir = \"../victim\"");
    let victim = dir.path().join("victim");
    std::fs::create_dir_all(victim.join("sub")).unwrap();
    std::fs::write(victim.join("sub/id_rsa"), "a private key").unwrap();
    std::fs::create_dir_all(root.join(".gazette")).unwrap();
    for identity in ["", "2049:1234567"] {
        let journal = format!("gazette-journal 1\n{}\n{identity}\n*\n", victim.display());
        std::fs::write(root.join(".gazette/journal"), journal).unwrap();
        let message = output_error(&root);
        assert!(message.contains("did not write"), "{message}");
        untouched(&victim);
        assert_eq!(
            std::fs::read_to_string(victim.join("sub/id_rsa")).unwrap(),
            "a private key"
        );
    }
    // The same for the site's own `public/`: hand-placed files stay.
    let (_dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    std::fs::write(root.join("public/mine.txt"), "mine").unwrap();
    std::fs::write(
        root.join(".gazette/journal"),
        "gazette-journal 1\npublic\n1:2\n*\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content").join(STORY),
        article("Harbour reopens", "slug = \"port\"", "Moved."),
    )
    .unwrap();
    build(&root).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("public/mine.txt")).unwrap(),
        "mine"
    );
}

/// A cache made elsewhere for an output folder outside the site (same absolute path)
/// does not vouch for the folder found here.
#[test]
fn a_cache_made_elsewhere_does_not_vouch_for_a_folder_outside_the_site() {
    let (dir, root) = site_beside_a_victim("output_dir = \"../victim\"");
    let victim = dir.path().join("victim");
    let keep = dir.path().join("kept");
    std::fs::rename(&victim, &keep).unwrap();
    // "Elsewhere": the same paths, an empty folder, a build.
    build(&root).unwrap();
    std::fs::remove_dir_all(&victim).unwrap();
    std::fs::rename(&keep, &victim).unwrap();
    let message = output_error(&root);
    assert!(message.contains("did not write"), "{message}");
    untouched(&victim);
}

/// Links in `.gazette/` are not written through: a link in place of the lock, the
/// journal or a cache file is replaced, and a `.gazette` that is a link is refused.
#[test]
fn links_in_the_cache_folder_are_never_followed() {
    let (dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    let victim = dir.path().join("victim");
    let gz = root.join(".gazette");
    std::os::unix::fs::symlink(victim.join("index.html"), gz.join("journal")).unwrap();
    std::os::unix::fs::symlink(victim.join("robots.txt"), gz.join("cache/00.tmp")).unwrap();
    std::fs::write(
        root.join("content").join(STORY),
        article("Harbour reopens", "", "Changed."),
    )
    .unwrap();
    assert!(run(&root, &["--quiet", "build"]).status.success());
    untouched(&victim);
    // The lock, through the real binary.
    std::fs::remove_file(gz.join("lock")).unwrap();
    std::os::unix::fs::symlink(victim.join("index.html"), gz.join("lock")).unwrap();
    assert!(
        run(&root, &["--quiet", "build", "--clean"])
            .status
            .success()
    );
    untouched(&victim);
    // `.gazette` itself a link to someone's folder.
    std::fs::remove_dir_all(&gz).unwrap();
    std::fs::create_dir_all(victim.join("staging")).unwrap();
    std::fs::write(victim.join("staging/thesis.tex"), "years of work").unwrap();
    std::os::unix::fs::symlink(&victim, &gz).unwrap();
    let message = output_error(&root);
    assert!(message.contains("is a link"), "{message}");
    assert_eq!(
        std::fs::read_to_string(victim.join("staging/thesis.tex")).unwrap(),
        "years of work"
    );
    untouched(&victim);
}

/// Paths too long for the system as a whole, and names Gazette keeps for itself, are
/// errors at the story, from `build` and `check`; `check` judges `output_dir` too.
#[test]
fn long_paths_reserved_names_and_a_bad_output_dir_are_found_by_check() {
    let deep: String = (0..18).map(|_| format!("/{}", "a".repeat(250))).collect();
    for (alias, says) in [
        (
            format!("{deep}/"),
            "paths in the output folder may have at most",
        ),
        ("/.gazette-staging/x.html".to_string(), "keeps for itself"),
        ("/.git/config".to_string(), "keeps for itself"),
    ] {
        let story = article(
            "Harbour",
            &format!("date = 2025-03-01\naliases = [\"{alias}\"]"),
            "Body.",
        );
        let site = Site::new(&[("content/harbour.md", &story)]);
        let errors = content_errors(site.root());
        assert!(one_says(&errors, &["harbour.md:4:", says]), "{errors:?}");
        check_reports(site.root(), &[says]);
    }
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://news.example.org/\"\noutput_dir = \"pub/../content\"\n",
        ),
        (
            "content/harbour.md",
            &article("Harbour", "date = 2025-03-01", "Body."),
        ),
    ]);
    check_reports(
        site.root(),
        &["site.toml:2:1", "inside the site's content/"],
    );
}

/// A link where the site needs a folder stops the build before anything changes.
#[test]
fn a_link_where_a_folder_is_needed_stops_the_commit_before_it_starts() {
    let (dir, root) = site_beside_a_victim("");
    build(&root).unwrap();
    let before = common::snapshot(&root.join("public"));
    std::fs::remove_dir_all(root.join("public/2025")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("victim"), root.join("public/2025")).unwrap();
    std::fs::write(
        root.join("content").join(STORY),
        article("Harbour reopens", "", "Changed."),
    )
    .unwrap();
    let message = output_error(&root);
    assert!(
        message.contains("link or a file") && message.contains("public/2025"),
        "{message}"
    );
    assert!(!root.join(".gazette/journal").exists(), "nothing was begun");
    untouched(&dir.path().join("victim"));
    let after = common::snapshot(&root.join("public"));
    assert_eq!(
        after.len()
            + before
                .iter()
                .filter(|(p, _)| p.starts_with("2025/"))
                .count(),
        before.len() + after.iter().filter(|(p, _)| p.starts_with("2025/")).count()
    );
}

/// A section or tag whose pages would take a page the site makes itself is reported at
/// the story's field that names it.
#[test]
fn a_section_or_tag_that_takes_a_built_in_page_is_blamed_on_the_story() {
    for (field, says) in [
        ("section = \"search\"", "/search/"),
        ("tags = [\"pagefind\"]\nsection = \"search\"", "/search/"),
    ] {
        let story = article("Harbour", &format!("date = 2025-03-01\n{field}"), "Body.");
        let site = Site::new(&[("content/harbour.md", &story)]);
        let errors = content_errors(site.root());
        let line = 4 + field
            .lines()
            .position(|l| l.starts_with("section"))
            .unwrap();
        let place = format!("harbour.md:{line}:1");
        assert!(one_says(&errors, &[&place, says]), "{errors:?}");
    }
}
