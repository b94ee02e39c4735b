//! `gazette import`: wire copy, feeds, and Hugo/Jekyll/Zola sites, through the library API
//! (`gazette::import`), plus property tests of the parsers and one build per source kind.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gazette::import::{self, Generator, ImportOptions, ImportReport};
use proptest::prelude::*;

mod common;
use common::{attrs, texts};

// ---------------------------------------------------------------------------------------------
// Helpers

const TZ: chrono_tz::Tz = chrono_tz::Europe::Moscow;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(path)
}

fn options(inputs: Vec<PathBuf>, content_dir: &Path) -> ImportOptions {
    ImportOptions {
        inputs,
        from: None,
        content_dir: content_dir.to_path_buf(),
        section: "news".to_string(),
        year: None,
        timezone: TZ,
        agency_zones: BTreeMap::new(),
        language: None,
        translation_of: None,
        dry_run: false,
    }
}

fn with_year(mut opts: ImportOptions, year: i32) -> ImportOptions {
    opts.year = Some(year);
    opts
}

fn from(mut opts: ImportOptions, generator: Generator) -> ImportOptions {
    opts.from = Some(generator);
    opts
}

/// A written article: its front matter parsed back with `toml`, and its body.
fn article(path: &Path) -> (toml::Table, String) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rest = text
        .strip_prefix("+++\n")
        .unwrap_or_else(|| panic!("{} does not start with +++", path.display()));
    let (front, body) = rest
        .split_once("\n+++\n")
        .unwrap_or_else(|| panic!("{} has no closing +++", path.display()));
    let table: toml::Table = toml::from_str(front)
        .unwrap_or_else(|e| panic!("front matter of {} is not TOML: {e}", path.display()));
    let body = body
        .strip_prefix('\n')
        .unwrap_or_else(|| panic!("no blank line after the front matter of {}", path.display()));
    (table, body.to_string())
}

fn text<'a>(table: &'a toml::Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(|v| v.as_str())
}

fn source<'a>(table: &'a toml::Table, key: &str) -> Option<&'a str> {
    table
        .get("source")
        .and_then(|s| s.as_table())
        .and_then(|s| s.get(key))
        .and_then(|v| v.as_str())
}

fn list(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.into_path(), bytes)
        })
        .collect()
}

fn only_one(paths: &[PathBuf]) -> PathBuf {
    assert_eq!(paths.len(), 1, "expected one article, got {paths:?}");
    paths[0].clone()
}

fn counts(report: &ImportReport) -> (usize, usize, usize, usize) {
    (
        report.imported.len(),
        report.updated.len(),
        report.unchanged.len(),
        report.failed.len(),
    )
}

fn blake3_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    blake3::hash(&bytes).to_hex().to_string()
}

fn assert_second_run_changes_nothing(opts: &ImportOptions, first: &ImportReport) {
    let before = files(&opts.content_dir);
    let second = import::run(opts);
    assert_eq!(
        counts(&second),
        (0, 0, first.imported.len(), first.failed.len()),
        "second run:\n{second}"
    );
    let mut expected = first.imported.clone();
    expected.sort();
    let mut unchanged = second.unchanged.clone();
    unchanged.sort();
    assert_eq!(unchanged, expected);
    assert_eq!(
        files(&opts.content_dir),
        before,
        "files changed on the second run"
    );
}

// ---------------------------------------------------------------------------------------------
// Wire copy

#[test]
fn wire_slash_dateline_with_standfirst_and_subheading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let input = fixture("wire/nordwire-icebreakers.txt");
    let report = import::run(&with_year(options(vec![input.clone()], &content), 2025));
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");

    let path = only_one(&report.imported);
    assert_eq!(
        path,
        content.join(
            "news/2025/2025-04-02-ice-breaker-fleet-returns-to-solombala-yard-for-spring-refit.md"
        )
    );
    let (fm, body) = article(&path);
    assert_eq!(
        text(&fm, "title"),
        Some("Ice breaker fleet returns to Solombala yard for spring refit")
    );
    assert_eq!(text(&fm, "date"), Some("2025-04-02"));
    assert_eq!(fm.get("updated"), None);
    assert_eq!(text(&fm, "dateline"), Some("Arkhangelsk"));
    assert_eq!(
        text(&fm, "summary"),
        Some("Four vessels will be serviced before summer navigation opens on the Northern Dvina")
    );
    assert_eq!(source(&fm, "agency"), Some("NORDWIRE"));
    assert_eq!(source(&fm, "file"), Some("nordwire-icebreakers.txt"));
    assert_eq!(source(&fm, "hash"), Some(blake3_hex(&input).as_str()));
    assert_eq!(source(&fm, "id"), None);

    // The dateline is gone and the lead reads naturally; chrome is dropped.
    assert!(
        body.starts_with("Four river ice breakers moored at the Solombala shipyard on Wednesday"),
        "{body}"
    );
    assert!(!body.contains("NORDWIRE") && !body.contains("ARKHANGELSK"));
    assert!(body.contains("\n\n## Hull inspections first\n\n"), "{body}");
    assert!(
        body.contains("\"The ice went out two weeks ahead"),
        "{body}"
    );
    assert!(body.ends_with("The refit is paid for from the regional transport budget.\n"));
    for chrome in [
        "All news",
        "Updated at",
        "Share",
        "Read more",
        "Back to news",
    ] {
        assert!(!body.contains(chrome), "{chrome} left in {body}");
    }
    // Only the standfirst is the summary: it is not repeated in the body.
    assert!(!body.contains("Four vessels will be serviced"));
}

#[test]
fn wire_parenthesis_dash_dateline_with_year_and_updated_at() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    // The copy gives its year: no --year needed.
    let report = import::run(&options(
        vec![fixture("wire/balticpress-tram.txt")],
        &content,
    ));
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");
    let path = only_one(&report.imported);
    assert_eq!(
        path,
        content.join("news/2025/2025-03-18-tartu-council-approves-tram-line-to-the-river-port.md")
    );
    let (fm, body) = article(&path);
    assert_eq!(text(&fm, "date"), Some("2025-03-18"));
    assert_eq!(text(&fm, "updated"), Some("2025-03-18T16:05:00+03:00"));
    assert_eq!(text(&fm, "dateline"), Some("Tartu"));
    assert_eq!(source(&fm, "agency"), Some("Baltic Press"));
    // The lead follows the headline directly: there is no standfirst.
    assert_eq!(fm.get("summary"), None);
    assert!(
        body.starts_with("The city council on Tuesday approved a tram line"),
        "{body}"
    );
    assert!(!body.contains("Baltic Press") && !body.contains('\u{2013}'));
}

#[test]
fn wire_dateline_without_date_takes_the_updated_at_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let report = import::run(&options(
        vec![fixture("wire/nordwire-festival-nodate.txt")],
        &content,
    ));
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");
    let path = only_one(&report.imported);
    assert_eq!(
        path,
        content.join(
            "news/2025/2025-05-06-white-nights-festival-adds-a-concert-on-the-neva-embankment.md"
        )
    );
    let (fm, body) = article(&path);
    assert_eq!(text(&fm, "date"), Some("2025-05-06T09:30:00+03:00"));
    assert_eq!(
        fm.get("updated"),
        None,
        "the only date is the publication date"
    );
    assert_eq!(text(&fm, "dateline"), Some("St. Petersburg"));
    assert_eq!(source(&fm, "agency"), Some("Nordwire"));
    assert!(
        body.starts_with("The city's summer festival will open"),
        "{body}"
    );
}

#[test]
fn wire_day_month_year_dateline_tags_and_escaping() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let report = import::run(&options(
        vec![fixture("wire/nordwire-drill-dayfirst.txt")],
        &content,
    ));
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");
    let (fm, body) = article(&only_one(&report.imported));
    assert_eq!(text(&fm, "date"), Some("2025-06-09"));
    assert_eq!(text(&fm, "dateline"), Some("United Nations"));
    assert_eq!(list(&fm, "tags"), ["Arctic", "shipping"]);
    assert!(
        body.starts_with("Delegations from eight coastal states agreed"),
        "{body}"
    );
    assert!(body.contains("\n\n## Next steps\n\n"), "{body}");
    // Asterisks in the copy are text, not emphasis.
    assert!(body.contains(r"in \* spring \* (dates"), "{body}");
    assert!(!body.contains("Tags:"));
}

#[test]
fn wire_russian_copy_with_cyrillic_dateline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let report = import::run(&with_year(
        options(vec![fixture("wire/nordwire-museum-ru.txt")], &content),
        2025,
    ));
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");
    let path = only_one(&report.imported);
    let title = "В Великом Устюге после реставрации открылся музей речного флота";
    assert_eq!(
        path,
        content.join(format!(
            "news/2025/2025-03-03-{}.md",
            import::make_slug(title)
        ))
    );
    assert!(
        path.to_string_lossy()
            .contains("2025-03-03-v-velikom-ustiuge-"),
        "{}",
        path.display()
    );
    let (fm, body) = article(&path);
    assert_eq!(text(&fm, "title"), Some(title));
    assert_eq!(text(&fm, "date"), Some("2025-03-03"));
    assert_eq!(text(&fm, "dateline"), Some("Великий Устюг"));
    assert_eq!(source(&fm, "agency"), Some("НОРДВИР"));
    assert_eq!(
        text(&fm, "summary"),
        Some("Экспозиция рассказывает о пароходах, ходивших по Сухоне в прошлом веке")
    );
    assert!(
        body.starts_with("Музей речного флота принял первых посетителей"),
        "{body}"
    );
    assert!(body.contains("\n\n## Что увидят посетители\n\n"), "{body}");
    assert!(!body.contains("Поделиться") && !body.contains("Читайте также"));
}

#[test]
fn wire_copy_without_a_year_needs_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let input = fixture("wire/nordwire-ferry-needs-year.txt");
    let report = import::run(&options(vec![input.clone()], &content));
    assert_eq!(counts(&report), (0, 0, 0, 1), "{report}");
    let (path, why) = &report.failed[0];
    assert_eq!(path, &input);
    assert!(why.contains("--year"), "{why}");
    assert!(why.contains("no year"), "{why}");
    assert!(
        !content.exists(),
        "nothing may be written for a failed file"
    );

    let report = import::run(&with_year(options(vec![input], &content), 2024));
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");
    let (fm, _) = article(&only_one(&report.imported));
    assert_eq!(text(&fm, "date"), Some("2024-07-08"));
    assert_eq!(text(&fm, "dateline"), Some("Kem"));
}

#[test]
fn wire_directory_imports_every_file_once_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = with_year(options(vec![fixture("wire")], &content), 2025);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (6, 0, 0, 0), "{report}");
    assert!(report.unmapped.is_empty(), "{report}");
    assert_eq!(files(&content).len(), 6);
    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn wire_copy_that_changed_updates_its_article_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let copy = inbox.join("nordwire-icebreakers.txt");
    let original =
        std::fs::read_to_string(fixture("wire/nordwire-icebreakers.txt")).expect("fixture");
    std::fs::write(&copy, &original).expect("copy");
    let opts = with_year(options(vec![copy.clone()], &content), 2025);

    let first = import::run(&opts);
    let path = only_one(&first.imported);
    let (fm, _) = article(&path);
    let first_hash = source(&fm, "hash").map(str::to_string);

    let changed = original.replace(
        "The refit is paid for from the regional transport budget.",
        "The refit is paid for from the regional transport budget.\n\nA second yard in Severodvinsk will take two more vessels in June.",
    );
    std::fs::write(&copy, changed).expect("change");
    let second = import::run(&opts);
    assert_eq!(counts(&second), (0, 1, 0, 0), "{second}");
    assert_eq!(second.updated, vec![path.clone()]);
    assert_eq!(files(&content).len(), 1, "no second article");
    let (fm, body) = article(&path);
    assert_ne!(source(&fm, "hash").map(str::to_string), first_hash);
    assert_eq!(source(&fm, "hash"), Some(blake3_hex(&copy).as_str()));
    assert!(body.contains("A second yard in Severodvinsk"), "{body}");

    let third = import::run(&opts);
    assert_eq!(counts(&third), (0, 0, 1, 0), "{third}");
}

#[test]
fn a_foreign_file_at_the_target_path_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let target =
        content.join("news/2025/2025-03-18-tartu-council-approves-tram-line-to-the-river-port.md");
    std::fs::create_dir_all(target.parent().expect("parent")).expect("dirs");
    let foreign =
        "+++\ntitle = \"Written by hand\"\ndate = \"2025-03-18\"\n+++\n\nOur own story.\n";
    std::fs::write(&target, foreign).expect("foreign file");

    let report = import::run(&options(
        vec![fixture("wire/balticpress-tram.txt")],
        &content,
    ));
    assert_eq!(counts(&report), (0, 0, 0, 1), "{report}");
    assert!(report.failed[0].1.contains("not overwriting"), "{report}");
    assert_eq!(std::fs::read_to_string(&target).expect("target"), foreign);

    // A file imported from another source is foreign too.
    let other = "+++\ntitle = \"Other\"\ndate = \"2025-03-18\"\n\n[source]\nfile = \"other.txt\"\nhash = \"00\"\n+++\n\nText.\n";
    std::fs::write(&target, other).expect("other import");
    let report = import::run(&options(
        vec![fixture("wire/balticpress-tram.txt")],
        &content,
    ));
    assert_eq!(counts(&report), (0, 0, 0, 1), "{report}");
    assert_eq!(std::fs::read_to_string(&target).expect("target"), other);
}

#[test]
fn dry_run_reports_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let mut opts = with_year(
        options(vec![fixture("wire"), fixture("feeds")], &content),
        2025,
    );
    opts.dry_run = true;
    let report = import::run(&opts);
    assert_eq!(counts(&report), (13, 0, 0, 0), "{report}");
    assert!(!content.exists(), "a dry run created {}", content.display());

    // After a real run, a dry run finds everything unchanged and still writes nothing.
    opts.dry_run = false;
    import::run(&opts);
    let before = files(&content);
    opts.dry_run = true;
    let report = import::run(&opts);
    assert_eq!(counts(&report), (0, 0, 13, 0), "{report}");
    assert_eq!(files(&content), before);
}

#[test]
fn a_malformed_file_fails_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    std::fs::copy(
        fixture("wire/balticpress-tram.txt"),
        inbox.join("a-good.txt"),
    )
    .expect("copy");
    std::fs::write(
        inbox.join("b-empty.txt"),
        "All news\nUpdated at:\n\nShare\n",
    )
    .expect("write");
    std::fs::write(inbox.join("c-binary.txt"), [0xff, 0xfe, 0x00, 0x41]).expect("write");
    std::fs::write(
        inbox.join("d-no-date.txt"),
        "A headline\n\nSome text without any dateline.\n\nMore text.\n",
    )
    .expect("write");
    std::fs::write(
        inbox.join("e-feed.xml"),
        "<html><body>not a feed</body></html>",
    )
    .expect("write");
    std::fs::write(inbox.join("f-notes.md"), "ignored: not wire copy or a feed").expect("write");

    let report = import::run(&options(vec![inbox.clone()], &content));
    assert_eq!(counts(&report), (1, 0, 0, 4), "{report}");
    let failed: BTreeMap<String, String> = report
        .failed
        .iter()
        .map(|(p, why)| {
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                why.clone(),
            )
        })
        .collect();
    assert!(failed["b-empty.txt"].contains("no headline"), "{failed:?}");
    assert!(failed["c-binary.txt"].contains("UTF-8"), "{failed:?}");
    assert!(failed["d-no-date.txt"].contains("no date"), "{failed:?}");
    assert!(failed["e-feed.xml"].contains("feed"), "{failed:?}");

    let text = report.to_string();
    assert!(
        text.ends_with("imported 1, updated 0, unchanged 0, failed 4"),
        "{text}"
    );
    assert_eq!(
        text.lines().last(),
        Some("imported 1, updated 0, unchanged 0, failed 4")
    );
}

#[test]
fn imports_are_deterministic() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    let inputs = vec![fixture("wire"), fixture("feeds")];
    import::run(&with_year(
        options(inputs.clone(), &a.path().join("content")),
        2025,
    ));
    import::run(&with_year(options(inputs, &b.path().join("content")), 2025));
    let strip = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        files(dir)
            .into_iter()
            .map(|(p, bytes)| {
                (
                    p.strip_prefix(dir).map(Path::to_path_buf).unwrap_or(p),
                    bytes,
                )
            })
            .collect()
    };
    let (left, right) = (strip(a.path()), strip(b.path()));
    assert_eq!(left.len(), 13);
    assert_eq!(left, right);
}

#[test]
fn a_bad_section_fails_every_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let mut opts = options(vec![fixture("wire/balticpress-tram.txt")], &content);
    opts.section = "../outside".to_string();
    let report = import::run(&opts);
    assert_eq!(counts(&report), (0, 0, 0, 1), "{report}");
    assert!(!dir.path().join("outside").exists());
}

// ---------------------------------------------------------------------------------------------
// Feeds

fn feed_articles(report: &ImportReport) -> BTreeMap<String, (PathBuf, toml::Table, String)> {
    report
        .imported
        .iter()
        .map(|p| {
            let (fm, body) = article(p);
            let id = source(&fm, "id").unwrap_or_default().to_string();
            (id, (p.clone(), fm, body))
        })
        .collect()
}

#[test]
fn rss_items_become_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = options(vec![fixture("feeds/harbour-rss.xml")], &content);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (3, 0, 0, 0), "{report}");
    let items = feed_articles(&report);

    let (path, fm, body) = &items["bulletin-2025-0311"];
    assert_eq!(
        path,
        &content.join("news/2025/2025-03-11-ferries-freight-spring-timetable-what-changes.md")
    );
    // Entities in the title are decoded.
    assert_eq!(
        text(fm, "title"),
        Some("Ferries & freight: \"spring\" timetable \u{2013} what changes")
    );
    assert_eq!(text(fm, "date"), Some("2025-03-11T11:00:00+03:00"));
    assert_eq!(list(fm, "tags"), ["Ferries", "Timetables"]);
    assert_eq!(list(fm, "authors"), ["Marta Ilves"]);
    assert_eq!(
        text(fm, "summary"),
        Some("Evening crossings return from April.")
    );
    assert_eq!(
        text(fm, "source_url"),
        Some("https://bulletin.example.org/2025/03/spring-timetable")
    );
    assert_eq!(source(fm, "file"), Some("harbour-rss.xml"));
    assert_eq!(source(fm, "hash").map(str::len), Some(64));
    // Simple HTML content became Markdown.
    assert_eq!(
        body,
        "The **spring timetable** brings back the *evening* crossings from April 1.\n\n\
         ## Freight\n\n\
         Freight slots move to early mornings; see the \
         [freight notes](https://bulletin.example.org/freight \"Freight notes\").\n\n\
         - Weekdays: 06:00 and 19:30\n\
         - Weekends: 09:00\n\n\
         > We listened to the islanders.\n"
    );

    // No guid: the link is the id. What Markdown cannot say (a figure) stays HTML.
    let (_, fm, body) = &items["https://bulletin.example.org/2025/03/webcam-berth"];
    assert_eq!(
        text(fm, "title"),
        Some("Webcam shows the first ice-free berth")
    );
    assert!(
        body.contains("<figure><img src=\"https://bulletin.example.org/cam.jpg\""),
        "{body}"
    );
    assert!(body.starts_with("The harbour webcam"), "{body}");

    // "email (Name)" authors keep the name.
    let (_, fm, body) = &items["https://bulletin.example.org/2025/03/pilot-boat"];
    assert_eq!(list(fm, "authors"), ["Jonas Peld"]);
    assert_eq!(
        body,
        "A short ceremony was held at the pilot station on Saturday.\n"
    );

    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn atom_entries_become_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = options(vec![fixture("feeds/council-atom.xml")], &content);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    let items = feed_articles(&report);

    let (path, fm, body) = &items["urn:example:council-notes:2025-017"];
    assert_eq!(
        path,
        &content.join("news/2025/2025-03-19-council-port-agree-new-mooring-fees.md")
    );
    // An HTML title loses its tags and its (doubly escaped) entities.
    assert_eq!(
        text(fm, "title"),
        Some("Council & port agree new mooring fees")
    );
    assert_eq!(text(fm, "date"), Some("2025-03-19T16:00:00+03:00"));
    assert_eq!(text(fm, "updated"), Some("2025-03-20T10:30:00+03:00"));
    assert_eq!(list(fm, "tags"), ["Port", "budget"]);
    assert_eq!(
        list(fm, "authors"),
        ["Council Press Desk"],
        "the feed's author"
    );
    assert_eq!(
        text(fm, "summary"),
        Some("Fees rise by four per cent from May.")
    );
    assert_eq!(
        body,
        "The council and the port authority agreed on **new mooring fees** for leisure boats.\n\n\
         1. Small boats: unchanged\n\
         2. Yachts over 12 m: up 4%\n"
    );

    // Only `updated`: that is the date. Plain text content keeps its paragraphs.
    let (_, fm, body) = &items["urn:example:council-notes:2025-018"];
    assert_eq!(text(fm, "date"), Some("2025-03-20T13:00:00+03:00"));
    assert_eq!(fm.get("updated"), None);
    assert_eq!(list(fm, "authors"), ["Liis Tamm"]);
    assert_eq!(
        body,
        "The hearing on the 2026 budget will take place in the library hall.\n\nSeats are limited to 80.\n"
    );

    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn json_feed_items_become_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = options(vec![fixture("feeds/radio-feed.json")], &content);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    let items = feed_articles(&report);

    let (path, fm, body) = &items["radio-5531"];
    assert_eq!(
        path,
        &content.join("news/2025/2025-04-01-lighthouse-on-kiipsaare-to-get-a-solar-lamp.md")
    );
    assert_eq!(text(fm, "date"), Some("2025-04-01T07:45:00+03:00"));
    assert_eq!(text(fm, "updated"), Some("2025-04-01T11:00:00+03:00"));
    assert_eq!(list(fm, "tags"), ["lighthouses", "energy"]);
    assert_eq!(list(fm, "authors"), ["Rein Kask"]);
    assert_eq!(
        text(fm, "summary"),
        Some("The old lamp will go to the maritime museum.")
    );
    assert_eq!(
        text(fm, "source_url"),
        Some("https://radio.example.net/news/5531")
    );
    assert_eq!(
        body,
        "The lighthouse will switch to a *solar-powered* lamp this summer.\n\nThe old lamp goes to the museum.\n"
    );

    let (_, fm, body) = &items["radio-5532"];
    assert_eq!(
        text(fm, "title"),
        Some("Storm warning for the western islands")
    );
    assert_eq!(
        body,
        "Winds of up to 25 m/s are expected overnight.\n\nFerries may be cancelled.\n"
    );

    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn a_changed_feed_item_is_updated_never_duplicated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let feed = inbox.join("radio-feed.json");
    let original = std::fs::read_to_string(fixture("feeds/radio-feed.json")).expect("fixture");
    std::fs::write(&feed, &original).expect("copy");
    let opts = options(vec![feed.clone()], &content);
    let first = import::run(&opts);
    assert_eq!(counts(&first), (2, 0, 0, 0), "{first}");
    let storm = feed_articles(&first)["radio-5532"].0.clone();

    // The storm item gets new text (and a later title); the other item stays.
    let changed = original
        .replace(
            "Ferries may be cancelled.",
            "All ferries are cancelled until noon.",
        )
        .replace(
            "Storm warning for the western islands",
            "Storm closes ferry lines to the western islands",
        );
    std::fs::write(&feed, changed).expect("change");
    let second = import::run(&opts);
    assert_eq!(counts(&second), (0, 1, 1, 0), "{second}");
    assert_eq!(second.updated, vec![storm.clone()], "updated where it was");
    assert_eq!(files(&content).len(), 2);
    let (fm, body) = article(&storm);
    assert_eq!(
        text(&fm, "title"),
        Some("Storm closes ferry lines to the western islands")
    );
    assert!(
        body.contains("All ferries are cancelled until noon."),
        "{body}"
    );
}

fn rss(items: &[(&str, Option<&str>, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, guid, link, text)| {
            let guid = guid
                .map(|g| format!("<guid>{g}</guid>"))
                .unwrap_or_default();
            format!(
                "<item><title>{title}</title>{guid}<link>{link}</link>\
                 <pubDate>Mon, 07 Apr 2025 10:00:00 +0000</pubDate>\
                 <description>{text}</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>{items}</channel></rss>"
    )
}

#[test]
fn feed_items_sharing_a_link_stay_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let feed = dir.path().join("desk.rss");
    let home = "https://desk.example.org/";
    std::fs::write(
        &feed,
        rss(&[
            ("Morning briefing", Some("desk-1"), home, "Calm seas."),
            ("Evening briefing", Some("desk-2"), home, "Fog later."),
        ]),
    )
    .expect("feed");
    let opts = options(vec![feed], &content);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn a_feed_that_gains_guids_updates_its_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let feed = dir.path().join("desk.rss");
    let link = "https://desk.example.org/quay-lights";
    std::fs::write(
        &feed,
        rss(&[("Quay lights repaired", None, link, "All lamps work.")]),
    )
    .expect("feed");
    let opts = options(vec![feed.clone()], &content);
    let first = import::run(&opts);
    let path = only_one(&first.imported);
    let (fm, _) = article(&path);
    assert_eq!(
        source(&fm, "id"),
        Some(link),
        "without a guid the link is the id"
    );

    std::fs::write(
        &feed,
        rss(&[(
            "Quay lights repaired",
            Some("desk-77"),
            link,
            "All lamps work.",
        )]),
    )
    .expect("feed");
    let second = import::run(&opts);
    assert_eq!(counts(&second), (0, 1, 0, 0), "{second}");
    assert_eq!(second.updated, vec![path.clone()]);
    let (fm, _) = article(&path);
    assert_eq!(source(&fm, "id"), Some("desk-77"));
    assert_eq!(files(&content).len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Other generators

fn unmapped_for(report: &ImportReport, file: &str) -> Vec<String> {
    report
        .unmapped
        .iter()
        .filter(|(p, _)| p.ends_with(file))
        .map(|(_, note)| note.clone())
        .collect()
}

#[test]
fn hugo_site_posts_are_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = from(options(vec![fixture("hugo")], &content), Generator::Hugo);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (2, 0, 0, 1), "{report}");
    assert!(report.failed[0].0.ends_with("content/about.md"));
    assert!(report.failed[0].1.contains("no date"), "{report}");

    // TOML front matter; section from the folder under content/.
    let post = content.join("posts/2024/2024-09-03-dredging-season.md");
    assert!(report.imported.contains(&post), "{report}");
    let (fm, body) = article(&post);
    assert_eq!(
        text(&fm, "title"),
        Some("Dredging season starts in the outer channel")
    );
    assert_eq!(text(&fm, "date"), Some("2024-09-03T08:00:00+03:00"));
    assert_eq!(text(&fm, "updated"), Some("2024-09-04T12:15:00+03:00"));
    assert_eq!(list(&fm, "tags"), ["dredging", "channel", "port works"]);
    assert_eq!(list(&fm, "authors"), ["Helmi Saar"]);
    assert_eq!(
        text(&fm, "summary"),
        Some("Two dredgers will work through October.")
    );
    assert_eq!(list(&fm, "aliases"), ["/old/dredging.html"]);
    assert_eq!(text(&fm, "image"), Some("/images/dredger.jpg"));
    assert_eq!(
        fm.get("extra")
            .and_then(|e| e.get("subtitle"))
            .and_then(|v| v.as_str()),
        Some("Channel depth to reach 11 metres")
    );
    assert_eq!(
        source(&fm, "file"),
        Some("content/posts/dredging-season.md")
    );
    assert!(
        body.contains("{{< figure src=\"/images/dredger.jpg\" caption=\"The dredger at work\" >}}")
    );
    assert!(body.starts_with("Two dredgers arrived on **Tuesday**"));
    let notes = unmapped_for(&report, "dredging-season.md");
    assert!(
        notes.contains(&"field `weight` not mapped".to_string()),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"shortcode `figure` kept as text".to_string()),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("images")), "{notes:?}");

    // YAML front matter in a page bundle: slug from the folder, local time in the site zone.
    let bundle = content.join("news/2024/2024-11-02-pier-bundle.md");
    assert!(report.imported.contains(&bundle), "{report}");
    let (fm, _) = article(&bundle);
    assert_eq!(text(&fm, "date"), Some("2024-11-02T14:30:00+03:00"));
    assert_eq!(fm.get("draft").and_then(|v| v.as_bool()), Some(true));
    assert_eq!(list(&fm, "authors"), ["Helmi Saar", "Toomas Org"]);
    assert_eq!(list(&fm, "tags"), ["pier"]);
    assert_eq!(
        text(&fm, "summary"),
        Some("Pedestrians will use Pier 3 until spring.")
    );
    let notes = unmapped_for(&report, "pier-bundle/index.md");
    assert_eq!(
        notes,
        [
            "field `keywords` not mapped",
            "shortcode `notice` kept as text",
            "page bundle resources not copied"
        ]
    );
    // The report says where each note comes from.
    assert!(
        report
            .to_string()
            .contains("dredging-season.md: field `weight` not mapped")
    );

    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn jekyll_site_posts_are_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = from(
        options(vec![fixture("jekyll")], &content),
        Generator::Jekyll,
    );
    let report = import::run(&opts);
    assert_eq!(counts(&report), (3, 0, 0, 0), "{report}");

    let reunion = content.join("news/2023/2023-10-05-lighthouse-keepers-reunion.md");
    let (fm, body) = article(&reunion);
    assert_eq!(
        text(&fm, "title"),
        Some("Lighthouse keepers meet for a reunion on Hiiumaa")
    );
    // The date comes from the file name.
    assert_eq!(text(&fm, "date"), Some("2023-10-05"));
    // A text of categories is split into words, as Jekyll does.
    assert_eq!(list(&fm, "tags"), ["local", "history", "lighthouses"]);
    assert_eq!(list(&fm, "authors"), ["Eeva Rebane"]);
    assert_eq!(
        text(&fm, "summary"),
        Some("Twelve former keepers shared stories at Kõpu.")
    );
    assert_eq!(list(&fm, "aliases"), ["/2023/lighthouse-reunion.html"]);
    assert_eq!(
        source(&fm, "file"),
        Some("_posts/2023-10-05-lighthouse-keepers-reunion.md")
    );
    assert!(body.contains("{% include note.html text=\"Photos will follow.\" %}"));
    let notes = unmapped_for(&report, "2023-10-05-lighthouse-keepers-reunion.md");
    assert_eq!(
        notes,
        [
            "field `layout` not mapped",
            "Liquid tag `include` kept as text"
        ]
    );

    // No title, no date: both from the file name; `published: false` is a draft.
    let winter = content.join("news/2023/2023-11-12-winter-timetable.md");
    let (fm, _) = article(&winter);
    assert_eq!(text(&fm, "title"), Some("Winter Timetable"));
    assert_eq!(text(&fm, "date"), Some("2023-11-12"));
    assert_eq!(fm.get("draft").and_then(|v| v.as_bool()), Some(true));
    assert_eq!(list(&fm, "tags"), ["ferries", "timetable"]);

    // A category folder, a date with an offset, an image table, a permalink with placeholders.
    let quay = content.join("news/2024/2024-01-20-new-quay.md");
    let (fm, _) = article(&quay);
    assert_eq!(text(&fm, "date"), Some("2024-01-20T09:15:00+03:00"));
    assert_eq!(list(&fm, "tags"), ["news"]);
    assert_eq!(text(&fm, "image"), Some("/assets/quay.jpg"));
    assert_eq!(text(&fm, "image_alt"), Some("The new quay in winter light"));
    assert_eq!(fm.get("aliases"), None);
    let notes = unmapped_for(&report, "2024-01-20-new-quay.md");
    assert_eq!(
        notes,
        ["field `permalink` not mapped (it has placeholders)"]
    );

    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn zola_site_posts_are_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let opts = from(options(vec![fixture("zola")], &content), Generator::Zola);
    let report = import::run(&opts);
    assert_eq!(counts(&report), (2, 0, 0, 1), "{report}");
    assert!(report.failed[0].0.ends_with("blog/broken.md"));
    assert!(report.failed[0].1.contains("not valid TOML"), "{report}");

    let ice = content.join("blog/2024/2024-02-10-river-ice-report.md");
    let (fm, body) = article(&ice);
    assert_eq!(
        text(&fm, "title"),
        Some("River ice report: thinning near the bridge")
    );
    assert_eq!(text(&fm, "date"), Some("2024-02-10"));
    assert_eq!(text(&fm, "updated"), Some("2024-02-11"));
    assert_eq!(list(&fm, "tags"), ["ice", "safety", "reports"]);
    assert_eq!(
        text(&fm, "summary"),
        Some("Do not walk on the ice between the two bridges.")
    );
    let extra = fm
        .get("extra")
        .and_then(|e| e.as_table())
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        extra.get("subtitle").and_then(|v| v.as_str()),
        Some("Weekly measurements")
    );
    assert_eq!(extra.get("depth_cm").and_then(|v| v.as_integer()), Some(14));
    assert!(body.contains("{{ youtube(id=\"river-ice-2024\") }}"));
    assert_eq!(
        unmapped_for(&report, "2024-02-10-river-ice-report.md"),
        ["shortcode `youtube` kept as text"]
    );

    let regatta = content.join("blog/2024/2024-05-18-spring-regatta.md");
    let (fm, _) = article(&regatta);
    assert_eq!(text(&fm, "date"), Some("2024-05-18T10:00:00+03:00"));
    assert_eq!(fm.get("draft").and_then(|v| v.as_bool()), Some(true));
    assert_eq!(list(&fm, "aliases"), ["/blog/regatta-2024/"]);
    assert_eq!(list(&fm, "authors"), ["Kadri Lepp"]);
    assert_eq!(
        unmapped_for(&report, "spring-regatta/index.md"),
        [
            "field `taxonomies.series` not mapped",
            "field `template` not mapped"
        ]
    );

    assert_second_run_changes_nothing(&opts, &report);
}

#[test]
fn a_changed_post_is_updated_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let site = dir.path().join("site");
    let posts = site.join("_posts");
    std::fs::create_dir_all(&posts).expect("posts");
    let post = posts.join("2023-11-12-winter-timetable.md");
    std::fs::copy(
        fixture("jekyll/_posts/2023-11-12-winter-timetable.md"),
        &post,
    )
    .expect("copy");
    let opts = from(options(vec![site.clone()], &content), Generator::Jekyll);
    let first = import::run(&opts);
    let path = only_one(&first.imported);

    std::fs::write(
        &post,
        "---\ntitle: Winter timetable published\n---\nNew text.\n",
    )
    .expect("edit");
    let second = import::run(&opts);
    assert_eq!(counts(&second), (0, 1, 0, 0), "{second}");
    assert_eq!(second.updated, vec![path.clone()]);
    let (fm, body) = article(&path);
    assert_eq!(text(&fm, "title"), Some("Winter timetable published"));
    assert_eq!(fm.get("draft"), None);
    assert_eq!(body, "New text.\n");
}

#[test]
fn generator_names_parse() {
    assert_eq!("hugo".parse::<Generator>(), Ok(Generator::Hugo));
    assert_eq!("Jekyll".parse::<Generator>(), Ok(Generator::Jekyll));
    assert_eq!("zola".parse::<Generator>(), Ok(Generator::Zola));
    assert!("gatsby".parse::<Generator>().is_err());
    assert_eq!(Generator::Zola.to_string(), "zola");
}

// ---------------------------------------------------------------------------------------------
// The imported site builds

/// `gazette build` of the site at `root`, which must succeed.
fn gazette_build(root: &Path) {
    let output = assert_cmd::Command::cargo_bin("gazette")
        .expect("the gazette binary")
        .args(["build", "--root"])
        .arg(root)
        .output()
        .expect("run gazette build");
    assert!(
        output.status.success(),
        "gazette build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn build_site(content_from: impl FnOnce(&Path) -> ImportReport, expect_title: &str) {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("site.toml"), "").expect("site.toml");
    let report = content_from(&root.path().join("content"));
    assert!(!report.imported.is_empty(), "{report}");
    gazette_build(root.path());
    let public = root.path().join("public");
    let found = files(&public)
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(expect_title));
    assert!(
        found,
        "no page of {} shows {expect_title:?}",
        public.display()
    );
}

fn site_options(inputs: Vec<PathBuf>, content: &Path) -> ImportOptions {
    let mut opts = with_year(options(inputs, content), 2025);
    opts.timezone = chrono_tz::UTC;
    opts
}

#[test]
fn imported_wire_copy_builds() {
    build_site(
        |content| import::run(&site_options(vec![fixture("wire")], content)),
        "Ice breaker fleet returns to Solombala yard for spring refit",
    );
}

#[test]
fn imported_feeds_build() {
    build_site(
        |content| import::run(&site_options(vec![fixture("feeds")], content)),
        "Lighthouse on Kiipsaare to get a solar lamp",
    );
}

#[test]
fn imported_hugo_site_builds() {
    build_site(
        |content| {
            import::run(&from(
                site_options(vec![fixture("hugo")], content),
                Generator::Hugo,
            ))
        },
        "Dredging season starts in the outer channel",
    );
}

#[test]
fn imported_jekyll_site_builds() {
    build_site(
        |content| {
            import::run(&from(
                site_options(vec![fixture("jekyll")], content),
                Generator::Jekyll,
            ))
        },
        "Lighthouse keepers meet for a reunion on Hiiumaa",
    );
}

#[test]
fn imported_zola_site_builds() {
    build_site(
        |content| {
            import::run(&from(
                site_options(vec![fixture("zola")], content),
                Generator::Zola,
            ))
        },
        "River ice report: thinning near the bridge",
    );
}

// ---------------------------------------------------------------------------------------------
// What a wire editor publishes as it is: credit, datelines, times, safe feed HTML

/// Runs the real binary on a site; panics with its output unless it succeeds.
fn gazette(site: &common::Site, args: &[&str]) -> String {
    let output = assert_cmd::Command::cargo_bin("gazette")
        .expect("the gazette binary")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .expect("run gazette");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "gazette {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The one story file under the site's `content/`.
fn only_story(site: &common::Site) -> PathBuf {
    let stories: Vec<PathBuf> = files(&site.path("content")).into_keys().collect();
    only_one(&stories)
}

/// The JSON-LD of a page, parsed.
fn json_ld(doc: &scraper::Html) -> serde_json::Value {
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").expect("selector");
    let script = doc.select(&sel).next().expect("a JSON-LD script");
    serde_json::from_str(&script.text().collect::<String>()).expect("JSON-LD parses")
}

/// The text of every `<item>`'s child named `name` (in `namespace`, or none) of an RSS feed.
fn rss_fields(xml: &str, namespace: Option<&str>, name: &str) -> Vec<Vec<String>> {
    let doc = roxmltree::Document::parse(xml).expect("RSS is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            item.children()
                .filter(|c| c.tag_name().name() == name && c.tag_name().namespace() == namespace)
                .map(|c| c.text().unwrap_or_default().to_string())
                .collect()
        })
        .collect()
}

const DC: Option<&str> = Some("http://purl.org/dc/elements/1.1/");

#[test]
fn an_imported_wire_story_credits_its_agency_on_the_page_in_both_feeds_and_json_ld() {
    let site = common::Site::new(&[(
        "site.toml",
        "base_url = \"https://news.example.org/\"\ntimezone = \"Europe/Berlin\"\n\n\
         [import.agency_zones]\nTASS = \"Europe/Moscow\"\n",
    )]);
    let fixture = fixture("credit/un-vote.txt");
    let out = gazette(
        &site,
        &["import", fixture.to_str().unwrap(), "--year", "2021"],
    );
    assert!(out.contains("imported 1, updated 0"), "{out}");
    let story = only_story(&site);
    let (fm, body) = article(&story);
    assert_eq!(text(&fm, "agency"), Some("TASS"));
    assert_eq!(source(&fm, "agency"), Some("TASS"));
    assert_eq!(text(&fm, "dateline"), Some("United Nations"));
    // The dateline gives a day: no time is invented for it.
    assert_eq!(text(&fm, "date"), Some("2021-09-25"));
    // "Updated at: September 25, 14:03" is Moscow time (TASS's zone), written in Berlin's.
    assert_eq!(text(&fm, "updated"), Some("2021-09-25T13:03:00+02:00"));
    // A non-breaking space and a double space are one space each.
    assert!(body.contains("coastal defences, their spokesman"), "{body}");
    assert!(body.contains("backed by forty delegations"), "{body}");

    site.built();
    let slug = story
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .trim_start_matches("2021-09-25-");
    let page = site.html(&format!("2021/09/25/{slug}/index.html"));
    assert_eq!(texts(&page, ".byline"), ["TASS"]);
    assert_eq!(texts(&page, ".published time"), ["25 September 2021"]);
    assert_eq!(attrs(&page, ".published time", "datetime"), ["2021-09-25"]);
    assert_eq!(texts(&page, ".updated time"), ["25 September 2021, 13:03"]);
    let ld = json_ld(&page);
    assert_eq!(
        ld["author"],
        serde_json::json!([{ "@type": "Organization", "name": "TASS" }])
    );
    assert!(ld.get("sourceOrganization").is_none(), "{ld}");
    assert_eq!(ld["datePublished"], "2021-09-25");
    assert_eq!(ld["dateModified"], "2021-09-25T13:03:00+02:00");
    // The listing shows the credit where a byline would be.
    let front = site.html("index.html");
    assert!(texts(&front, ".entry-authors").contains(&"TASS".to_string()));

    let rss = site.read("rss.xml");
    assert_eq!(rss_fields(&rss, DC, "creator"), [["TASS"]]);
    let pub_date = &rss_fields(&rss, None, "pubDate")[0][0];
    assert_eq!(
        chrono::DateTime::parse_from_rfc2822(pub_date).map(|d| d.to_rfc3339()),
        Ok("2021-09-25T00:00:00+02:00".to_string())
    );
    let atom = site.feed("atom.xml");
    let names: Vec<&str> = atom.entries[0]
        .authors
        .iter()
        .map(|p| p.name.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(names, ["TASS"]);
    common::assert_outputs_well_formed(&site);
}

#[test]
fn a_hand_written_story_credits_its_agency_beside_the_byline_and_a_day_shows_no_time() {
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let site = common::Site::new(&[
        (
            "content/world/wire-story.md",
            &common::article(
                "Ceasefire talks resume in Geneva",
                &format!("date = \"{today}\"\nagency = \"Reuters\"\nauthors = [\"Jane Doe\"]"),
                "Talks resumed on Monday.",
            ),
        ),
        (
            "content/world/2021-09-20-archive.md",
            &common::article(
                "Port reopens after the storm",
                "date = 2021-09-20\nupdated = 2021-09-21\n\n\
                 [[corrections]]\ndate = 2021-09-22\nnote = \"The berth was misnamed.\"",
                "The port reopened.",
            ),
        ),
    ]);
    site.built();
    let page = site.html(&format!(
        "{}/wire-story/index.html",
        today.replace('-', "/")
    ));
    assert_eq!(texts(&page, ".byline"), ["By Jane Doe · Reuters"]);
    assert!(!texts(&page, ".published").concat().contains(':'));
    let ld = json_ld(&page);
    assert_eq!(
        ld["author"],
        serde_json::json!([{
            "@type": "Person",
            "name": "Jane Doe",
            "url": "https://news.example.org/authors/jane-doe/"
        }])
    );
    assert_eq!(
        ld["sourceOrganization"],
        serde_json::json!({ "@type": "Organization", "name": "Reuters" })
    );
    assert_eq!(ld["datePublished"], today.as_str());
    let rss = site.read("rss.xml");
    assert!(rss_fields(&rss, DC, "creator").contains(&vec!["Jane Doe".to_string()]));
    assert!(!rss.contains("Reuters</dc:creator>"), "{rss}");
    // The named author is the author; the agency is credited beside them.
    assert!(rss_fields(&rss, DC, "contributor").contains(&vec!["Reuters".to_string()]));
    let atom = site.feed("atom.xml");
    let wire = atom
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content.contains("Ceasefire"))
        })
        .expect("the wire story's entry");
    let names = |people: &[feed_rs::model::Person]| -> Vec<String> {
        people.iter().filter_map(|p| p.name.clone()).collect()
    };
    assert_eq!(names(&wire.authors), ["Jane Doe"]);
    assert_eq!(names(&wire.contributors), ["Reuters"]);
    assert_eq!(
        attrs(
            &page,
            "meta[property=\"article:published_time\"]",
            "content"
        ),
        [today.as_str()]
    );
    assert_eq!(
        attrs(&page, "meta[property=\"article:modified_time\"]", "content"),
        [today.as_str()]
    );
    // The front page's edition date is a day too.
    let front = site.html("index.html");
    assert_eq!(
        attrs(&front, ".masthead-edition time", "datetime"),
        [today.as_str()]
    );
    // The news sitemap takes a day alone.
    let news = site.read("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&news).expect("news sitemap is XML");
    let days: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "publication_date")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(days, [today.as_str()]);

    let page = site.html("2021/09/20/archive/index.html");
    assert_eq!(texts(&page, ".published time"), ["20 September 2021"]);
    assert_eq!(texts(&page, ".updated time"), ["21 September 2021"]);
    assert_eq!(attrs(&page, ".updated time", "datetime"), ["2021-09-21"]);
    let ld = json_ld(&page);
    assert_eq!(ld["author"], serde_json::json!([]));
    assert_eq!(ld["datePublished"], "2021-09-20");
    // The correction, a day alone, is the last change.
    assert_eq!(ld["dateModified"], "2021-09-22");
    assert_eq!(
        attrs(&page, "meta[property=\"article:modified_time\"]", "content"),
        ["2021-09-22"]
    );
    assert_eq!(
        attrs(&page, ".corrections time", "datetime"),
        ["2021-09-22"]
    );
    // Feeds keep a full timestamp, which their formats need, and still parse.
    let atom = site.feed("atom.xml");
    assert!(atom.entries.iter().all(|e| e.published.is_some()));
    common::assert_outputs_well_formed(&site);
}

#[test]
fn real_world_datelines_keep_their_acronyms_and_title_case_the_rest() {
    // (dateline as filed, the place, the agency)
    let cases = [
        (
            "UNITED NATIONS, September 25. /TASS/.",
            "United Nations",
            "TASS",
        ),
        ("UN, September 25. /TASS/.", "UN", "TASS"),
        ("ООН, 25 сентября. /ТАСС/.", "ООН", "ТАСС"),
        ("ST. PETERSBURG, June 16. /TASS/.", "St. Petersburg", "TASS"),
        (
            "САНКТ-ПЕТЕРБУРГ, 16 июня. /ТАСС/.",
            "Санкт-Петербург",
            "ТАСС",
        ),
        ("НЬЮ-ЙОРК, 25 сентября. /ТАСС/.", "Нью-Йорк", "ТАСС"),
        ("РОСТОВ-НА-ДОНУ, 5 мая. /ТАСС/.", "Ростов-на-Дону", "ТАСС"),
        (
            "ABU DHABI, UAE, March 3 (Reuters) -",
            "Abu Dhabi, UAE",
            "Reuters",
        ),
        ("ДУБАЙ, ОАЭ, 3 марта. /ТАСС/.", "Дубай, ОАЭ", "ТАСС"),
        (
            "WASHINGTON, D.C., March 14 (AP) -",
            "Washington, D.C.",
            "AP",
        ),
        ("NEW YORK, Sept 25 (Reuters) -", "New York", "Reuters"),
        ("NIZHNY NOVGOROD, May 5. /TASS/.", "Nizhny Novgorod", "TASS"),
        ("БРЮССЕЛЬ, ЕС, 12 октября. /ТАСС/.", "Брюссель, ЕС", "ТАСС"),
        (
            "NATO, Brussels, October 12 (AFP) \u{2014}",
            "NATO, Brussels",
            "AFP",
        ),
        ("МИНСК, 1 июля. /БЕЛТА/.", "Минск", "БЕЛТА"),
        // AP's style: the place in capitals, the country as written.
        ("DOHA, Qatar, March 3 (AP) \u{2014}", "Doha, Qatar", "AP"),
        (
            "NEW YORK, NY, March 3 (Reuters) -",
            "New York, NY",
            "Reuters",
        ),
        ("ST PETERSBURG, June 16 (AFP) -", "St Petersburg", "AFP"),
        ("УФА, 3 марта. /ТАСС/.", "Уфа", "ТАСС"),
        // TASS names its correspondent with the agency: the agency is still ТАСС.
        (
            "ВАШИНГТОН, 3 марта. /Корр. ТАСС Иван Петров/.",
            "Вашингтон",
            "ТАСС",
        ),
    ];
    for (dateline, place, agency) in cases {
        let copy =
            format!("A headline for the desk\n\n{dateline} The lead of the story.\n\nMore text.\n");
        let a = import::parse_wire(&copy, Some(2021), chrono_tz::UTC)
            .unwrap_or_else(|e| panic!("{dateline}: {e}"));
        assert_eq!(a.dateline.as_deref(), Some(place), "{dateline}");
        assert_eq!(a.agency.as_deref(), Some(agency), "{dateline}");
        assert_eq!(
            a.body.lines().next(),
            Some("The lead of the story."),
            "{dateline}"
        );
        let correspondent = dateline
            .contains("Корр.")
            .then(|| "Иван Петров".to_string());
        assert_eq!(a.authors, Vec::from_iter(correspondent), "{dateline}");
    }
    for (written, expected) in [
        ("NATO", "NATO"),
        ("ЕС", "ЕС"),
        ("UAE", "UAE"),
        ("ROME", "Rome"),
    ] {
        assert_eq!(import::title_case_place(written), expected);
    }
}

#[test]
fn an_agencys_clock_is_read_in_its_own_zone() {
    let copy = |agency: &str| {
        format!(
            "Updated at: September 25, 14:03\n\nA headline for the desk\n\n\
             UNITED NATIONS, September 25. /{agency}/. The lead.\n\nMore.\n"
        )
    };
    let berlin = chrono_tz::Europe::Berlin;
    let zones: BTreeMap<String, chrono_tz::Tz> = [
        ("TASS".to_string(), chrono_tz::Europe::Moscow),
        ("ТАСС".to_string(), chrono_tz::Europe::Moscow),
        ("KYODO".to_string(), chrono_tz::Asia::Tokyo),
    ]
    .into();
    let updated = |agency: &str, zones: &BTreeMap<String, chrono_tz::Tz>| {
        import::parse_wire_with_zones(&copy(agency), Some(2021), berlin, zones)
            .map(|a| a.updated.map(|u| u.to_rfc3339()))
    };
    let at = |s: &str| Ok(Some(s.to_string()));
    assert_eq!(updated("TASS", &zones), at("2021-09-25T13:03:00+02:00"));
    assert_eq!(updated("ТАСС", &zones), at("2021-09-25T13:03:00+02:00"));
    // Names match whatever their case; Tokyo is seven hours ahead of Berlin in September.
    assert_eq!(updated("Kyodo", &zones), at("2021-09-25T07:03:00+02:00"));
    // An agency the site names no zone for keeps the site's clock.
    assert_eq!(updated("NORDWIRE", &zones), at("2021-09-25T14:03:00+02:00"));
    assert_eq!(
        updated("TASS", &BTreeMap::new()),
        at("2021-09-25T14:03:00+02:00")
    );
    // Copy signed by a TASS correspondent is TASS's, on TASS's clock.
    assert_eq!(
        updated("Корр. ТАСС Иван Петров", &zones),
        at("2021-09-25T13:03:00+02:00")
    );
    // A time with its own offset needs no zone.
    let explicit = copy("TASS").replace("14:03", "14:03 UTC");
    let a = import::parse_wire_with_zones(&explicit, Some(2021), berlin, &zones).unwrap();
    assert_eq!(
        a.updated.map(|u| u.to_rfc3339()),
        Some("2021-09-25T16:03:00+02:00".into())
    );
}

#[test]
fn an_unknown_agency_zone_is_an_error_at_its_line() {
    let site = common::Site::new(&[(
        "site.toml",
        "title = \"Desk\"\n[import.agency_zones]\nTASS = \"Europe/Moskva\"\n",
    )]);
    let output = assert_cmd::Command::cargo_bin("gazette")
        .unwrap()
        .args(["import", "nothing.txt", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("site.toml:3:8"), "{stderr}");
    assert!(
        stderr.contains("unknown time zone `Europe/Moskva` for agency `TASS`"),
        "{stderr}"
    );
    assert!(stderr.contains("IANA"), "{stderr}");
}

#[test]
fn years_outside_four_digits_are_refused_naming_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let input = fixture("wire");
    let report = import::run(&with_year(options(vec![input.clone()], &content), 99999));
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(report.failed[0].0, input);
    assert!(
        report.failed[0]
            .1
            .contains("--year 99999 is outside the years 1000\u{2013}9999"),
        "{report}"
    );
    assert!(!content.exists());

    let hugo = tempfile::tempdir().unwrap();
    let post = hugo.path().join("content/posts/far.md");
    std::fs::create_dir_all(post.parent().unwrap()).unwrap();
    std::fs::write(
        &post,
        "+++\ntitle = \"Far future\"\ndate = \"0999-01-01\"\n+++\n\nText.\n",
    )
    .unwrap();
    let report = import::run(&from(
        options(vec![hugo.path().to_path_buf()], &content),
        Generator::Hugo,
    ));
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(report.failed[0].0, post);
    assert!(report.failed[0].1.contains("year 999,"), "{report}");

    // A dateline with such a year is still read as a dateline, and refused for its year.
    let wire = tempfile::tempdir().unwrap();
    for (name, year) in [("far.txt", "99999"), ("old.txt", "999")] {
        std::fs::write(
            wire.path().join(name),
            format!("A headline for the desk\n\nMOSCOW, March 3, {year}. /TASS/. Lead.\n"),
        )
        .unwrap();
    }
    let report = import::run(&options(vec![wire.path().to_path_buf()], &content));
    assert_eq!(report.failed.len(), 2, "{report}");
    for ((path, why), (name, year)) in report
        .failed
        .iter()
        .zip(["far.txt", "old.txt"].iter().zip(["99999", "999"]))
    {
        assert_eq!(path, &wire.path().join(name));
        assert!(
            why.contains(&format!(
                "the date is in the year {year}, outside the years 1000\u{2013}9999"
            )),
            "{report}"
        );
    }

    // A feed item names itself.
    let feed = wire.path().join("old.atom");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>\
         <id>urn:t</id><updated>2025-01-01T00:00:00Z</updated>\
         <entry><title>Old</title><id>urn:old</id><published>0999-01-01T00:00:00Z</published>\
         <content type=\"html\">x</content></entry>\
         <entry><title>New</title><id>urn:new</id><published>2025-01-01T00:00:00Z</published>\
         <content type=\"html\">y</content></entry></feed>",
    )
    .unwrap();
    let report = import::run(&options(vec![feed.clone()], &content));
    assert_eq!(report.imported.len(), 1, "{report}");
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(report.failed[0].0, feed);
    assert!(
        report.failed[0]
            .1
            .starts_with("item `urn:old`: the date is in the year 999,"),
        "{report}"
    );
}

#[test]
fn a_dry_run_says_what_it_would_do() {
    let site = common::Site::new(&[]);
    let fixture = fixture("credit/un-vote.txt");
    let out = gazette(
        &site,
        &[
            "import",
            fixture.to_str().unwrap(),
            "--year",
            "2021",
            "--dry-run",
        ],
    );
    assert!(out.starts_with("would import "), "{out}");
    assert!(!out.contains("imported"), "{out}");
    assert!(
        out.trim_end().ends_with(
            "would import 1, would update 0, unchanged 0, failed 0 (dry run: nothing written)"
        ),
        "{out}"
    );
    assert!(!site.path("content").exists());

    // Imported, then changed at the agency: a dry run says it would update, and does not.
    let copy = site.path("un-vote.txt");
    std::fs::copy(&fixture, &copy).unwrap();
    let copy = copy.to_str().unwrap();
    gazette(&site, &["import", copy, "--year", "2021"]);
    let story = only_story(&site);
    let before = std::fs::read(&story).unwrap();
    let text = std::fs::read_to_string(copy).unwrap();
    std::fs::write(copy, text.replace("in October", "in November")).unwrap();
    let out = gazette(&site, &["import", copy, "--year", "2021", "--dry-run"]);
    assert!(out.starts_with("would update "), "{out}");
    assert!(!out.contains("updated"), "{out}");
    assert!(
        out.trim_end().ends_with(
            "would import 0, would update 1, unchanged 0, failed 0 (dry run: nothing written)"
        ),
        "{out}"
    );
    assert_eq!(std::fs::read(&story).unwrap(), before);
    let out = gazette(&site, &["import", copy, "--year", "2021"]);
    assert!(out.starts_with("updated "), "{out}");
    assert_ne!(std::fs::read(&story).unwrap(), before);
}

/// Every element of a page's story body, as (name, attributes).
fn body_elements(doc: &scraper::Html) -> Vec<(String, Vec<(String, String)>)> {
    let sel = scraper::Selector::parse(".story-body *").expect("selector");
    doc.select(&sel)
        .map(|e| {
            let attrs = e
                .value()
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            (e.value().name().to_string(), attrs)
        })
        .collect()
}

/// What a browser would run: a script, a handler, a frame or plugin, an address with a
/// scheme other than http, https or mailto (after the trimming and unescaping browsers do).
fn runnable(elements: &[(String, Vec<(String, String)>)]) -> Vec<String> {
    const ACTIVE: &[&str] = &[
        "script", "iframe", "frame", "svg", "math", "object", "embed", "style", "form", "input",
        "button", "meta", "base", "link", "template", "textarea",
    ];
    let mut found = Vec::new();
    for (name, attrs) in elements {
        if ACTIVE.contains(&name.as_str()) {
            found.push(format!("<{name}>"));
        }
        for (key, value) in attrs {
            let key = key.to_ascii_lowercase();
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let scheme_ok = ["http:", "https:", "mailto:", "#"]
                .iter()
                .any(|s| squeezed.starts_with(s));
            let is_url = matches!(
                key.as_str(),
                "href" | "src" | "action" | "formaction" | "cite" | "data" | "srcset"
            );
            if key.starts_with("on") || key == "style" || (is_url && !scheme_ok) {
                found.push(format!("<{name} {key}={value:?}>"));
            }
        }
    }
    found
}

#[test]
fn a_hostile_feed_imports_with_nothing_that_could_run() {
    let site = common::Site::new(&[]);
    let feed = fixture("hostile/hostile-rss.xml");
    let out = gazette(&site, &["import", feed.to_str().unwrap()]);
    assert!(
        out.contains("imported 2, updated 0, unchanged 0, failed 0"),
        "{out}"
    );
    site.built();
    let first = site.html("2025/05/05/scripts-handlers-and-bad-addresses/index.html");
    let second = site.html("2025/05/05/markup-hidden-in-entities-and-in-markdown/index.html");
    for page in [&first, &second] {
        let found = runnable(&body_elements(page));
        assert!(found.is_empty(), "left in the page: {found:?}");
        // The theme's own scripts carry no feed text.
        let sel = scraper::Selector::parse("script").unwrap();
        for script in page.select(&sel) {
            assert!(
                !script.text().collect::<String>().contains("alert("),
                "{}",
                script.html()
            );
        }
    }
    let body = texts(&first, ".story-body").concat();
    for kept in [
        "Safe paragraph one.",
        "Click text.",
        "js link",
        "data link",
        "Safe paragraph two.",
    ] {
        assert!(body.contains(kept), "{kept:?} missing from {body:?}");
    }
    assert!(
        !body.contains("frame fallback") && !body.contains("display:none"),
        "{body}"
    );
    assert_eq!(
        attrs(&first, ".story-body img", "src"),
        ["https://hostile.example.org/x.png"]
    );
    // Markup written as text stays text that readers see, never markup.
    let body = texts(&second, ".story-body").concat();
    for shown in [
        "Encoded safe text.",
        "<script>alert('e3')</script>",
        "<img src=x onerror=alert('e4')>",
        "[markdown link](javascript:alert('m1'))",
        "<script>alert('e5')</script>",
    ] {
        assert!(body.contains(shown), "{shown:?} missing from {body:?}");
    }
    assert!(attrs(&second, ".story-body a", "href").is_empty());
    common::assert_outputs_parse(&site, false);
}

#[test]
fn a_feed_with_rich_html_keeps_its_text_and_markup_with_addresses_resolved() {
    let site = common::Site::new(&[]);
    let feed = fixture("rich/rich-atom.xml");
    let out = gazette(&site, &["import", feed.to_str().unwrap()]);
    assert!(
        out.contains("imported 2, updated 0, unchanged 0, failed 0"),
        "{out}"
    );
    assert!(!out.contains("unmapped"), "markup was lost:\n{out}");
    site.built();
    let page = site.html("2025/04/02/night-pilotage-resumes-as-the-ice-clears/index.html");
    assert!(runnable(&body_elements(&page)).is_empty());
    assert_eq!(
        attrs(&page, ".story-body a", "href"),
        [
            "https://rich.example.org/rel/link",
            "https://rich.example.org/2025/04/archive/2024.html",
            "mailto:desk@rich.example.org",
        ]
    );
    assert_eq!(attrs(&page, ".story-body a[title]", "title"), ["Last year"]);
    assert_eq!(
        attrs(&page, ".story-body figure img", "src"),
        ["https://rich.example.org/2025/04/pilots/img/tug.jpg"]
    );
    assert_eq!(
        attrs(&page, ".story-body figure img", "alt"),
        ["A tug at the quay"]
    );
    assert_eq!(
        texts(&page, ".story-body figcaption"),
        ["The new tug at the quay"]
    );
    assert_eq!(texts(&page, ".story-body strong"), ["pilots", "resumes"]);
    assert_eq!(texts(&page, ".story-body em"), ["tug crews"]);
    assert_eq!(texts(&page, ".story-body code"), ["Pier 4"]);
    assert_eq!(texts(&page, ".story-body h2"), ["What changes"]);
    assert_eq!(
        texts(&page, ".story-body ul ul li"),
        ["one at the breakwater"]
    );
    assert_eq!(attrs(&page, ".story-body ol", "start"), ["3"]);
    assert_eq!(
        texts(&page, ".story-body ol li"),
        ["Third point", "Fourth point"]
    );
    assert_eq!(
        texts(&page, ".story-body blockquote"),
        ["We are ready for the season."]
    );
    assert_eq!(texts(&page, ".story-body th"), ["Berth", "Depth"]);
    assert_eq!(
        texts(&page, ".story-body td"),
        ["North", "9.5 m", "South", "7 m"]
    );
    let sel = scraper::Selector::parse(".story-body").unwrap();
    let body: String = page.select(&sel).flat_map(|e| e.text()).collect();
    // Every class of character reference, decoded once (quotes are curled by the build).
    for decoded in [
        "& < >",
        "\u{2014} \u{2013} \u{2026} \u{ab}quoted\u{bb} \u{201c}curly\u{201d} \u{2018}single\u{2019}",
        "\u{e9}t\u{e9} \u{c4}rger Stra\u{df}e \u{f1} \u{f8}",
        "\u{3b1} \u{3b2} \u{3a9}",
        "\u{2211} \u{221e} \u{2260} \u{2264} \u{d7} \u{f7} \u{221a}",
        "\u{20ac} \u{a3} \u{a5} \u{a2}",
        "\u{2192} \u{2190} \u{2194} \u{21d1}",
        "\u{2665} \u{a9} \u{ae} \u{2122} \u{b0} \u{a7} \u{b6}",
        "\u{bd} \u{be}",
        "\u{2014} \u{2014} \u{422}\u{410}\u{421}\u{421}",
        "Legacy: \u{a9} 2025",
        "\u{2242}\u{338}",
        "10\u{a0}km",
    ] {
        assert!(body.contains(decoded), "{decoded:?} missing from {body:?}");
    }
    // An entry without a link resolves against the feed's own address.
    let page = site.html("2025/04/01/about-the-pilot-service/index.html");
    assert_eq!(
        attrs(&page, ".story-body a", "href"),
        ["https://rich.example.org/about/"]
    );
    assert_eq!(
        attrs(&page, ".story-body img", "src"),
        ["https://rich.example.org/logo.png"]
    );
    common::assert_outputs_parse(&site, false);
}

/// Runs `gazette check` on a site: (whether it passed, its stdout and stderr).
fn check(site: &common::Site) -> (bool, String) {
    let output = assert_cmd::Command::cargo_bin("gazette")
        .expect("the gazette binary")
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .expect("run gazette check");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), out)
}

#[test]
fn check_passes_a_feed_whose_relative_links_and_images_were_resolved() {
    let site = common::Site::new(&[(
        "site.toml",
        "title = \"Desk\"\nbase_url = \"https://desk.example.org/\"\n",
    )]);
    let feed = fixture("relative/partner-rss.xml");
    let out = gazette(&site, &["import", feed.to_str().unwrap()]);
    assert!(out.contains("imported 2, updated 0"), "{out}");
    site.built();
    let page = site.html("2025/06/03/pier-reopens/index.html");
    assert_eq!(
        attrs(&page, ".story-body a", "href"),
        [
            "https://partner.example.com/rel/link",
            "https://partner.example.com/2025/06/timetable.html",
            "https://partner.example.com/2025/06/pier.html#berths",
        ]
    );
    assert_eq!(
        attrs(&page, ".story-body img", "src"),
        ["https://partner.example.com/img/pier.jpg"]
    );
    // An item without a link resolves against the feed's own address.
    let page = site.html("2025/06/03/about-the-partner/index.html");
    assert_eq!(
        attrs(&page, ".story-body a", "href"),
        ["https://partner.example.com/about/"]
    );
    assert_eq!(
        attrs(&page, ".story-body img", "src"),
        ["https://partner.example.com/logo.png"]
    );
    let (passed, out) = check(&site);
    assert!(passed, "gazette check flagged the imported feed:\n{out}");
    assert!(out.contains("no problems found"), "{out}");

    // What check says of links kept relative, as they were before: they point into our
    // own site, which has no such pages.
    let story = files(&site.path("content"))
        .into_keys()
        .find(|p| p.to_string_lossy().contains("pier-reopens"))
        .expect("the imported story");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(
        &story,
        text.replace("https://partner.example.com/rel/link", "/rel/link")
            .replace("https://partner.example.com/img/pier.jpg", "/img/pier.jpg"),
    )
    .unwrap();
    let (passed, out) = check(&site);
    assert!(!passed, "{out}");
    assert!(out.contains("link to `/rel/link` does not match"), "{out}");
    assert!(
        out.contains("image to `/img/pier.jpg` does not match"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// Properties: the parsers take any text without panicking

/// Lines that look like wire copy, mixed with anything at all.
fn wire_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("All news".to_string()),
        Just("Updated at:".to_string()),
        Just("Все новости".to_string()),
        "Updated at: [0-9]{1,2} (March|марта|Sept\\.) [0-9]{4}, [0-9]{1,2}:[0-9]{2}( pm| UTC| \\+03:00)?",
        "Updated at: .{0,20}",
        "[A-ZА-Я .'-]{1,20}, (March|марта|Dec|май) [0-9]{1,3}\\. /[A-ZА-Я]{1,10}/\\. .{0,40}",
        "[A-Z ]{1,15}, [0-9]{1,2} (June|июня) [0-9]{4} \\([A-Za-z ]{1,12}\\) [-–—] .{0,40}",
        "[A-Z .]{1,15} \\([A-Za-z]{1,12}\\) [-–—:] .{0,30}",
        "Tags: .{0,20}",
        "[A-Za-z ]{1,60}",
        ".{0,120}",
        any::<String>(),
    ]
}

/// Fragments that look like HTML, mixed with anything at all.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "</?(p|a|em|i|strong|b|h2|h3|h4|ul|ol|li|blockquote|br|div|span|img)( [a-z]{1,5}(=\"[^\"]{0,10}\"|='x'|=y)?)?/?>",
        "<a href=\"[^\"]{0,20}\"( title=\"[^\"]{0,8}\")?>",
        "&(amp|lt|gt|quot|nbsp|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|bogus|)?;?",
        "[ \n\t]{0,3}",
        "[-#*_`>|~=+1.)\\[\\]\\\\!<&]{1,4}",
        "[A-Za-zА-я0-9 ]{0,12}",
        "<!--.{0,5}(-->)?",
        any::<String>(),
    ]
}

/// Fragments of hostile HTML, to mix with [`html_piece`].
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "<(script|style|iframe|svg|math|object|embed|form|input|template|noscript)( src=x)?>",
        "</(script|style|iframe|svg|math|object|embed|form|template|noscript)>",
        "<(img|a|p|div|svg|td|video) (on[a-z]{1,8}|style|href|src|formaction|xlink:href)=\"?(javascript:|java&#x09;script:|&#106;avascript:|data:text/html,|vbscript:| javascript:)?alert\\(1\\)\"?>",
        "(javascript|JaVaScRiPt|data):alert\\(1\\)",
        "\\[[a-z]{0,4}\\]\\((javascript:|data:)[a-z()]{0,6}\\)",
        "\\{(onclick|onmouseover|style)=[a-z()]{0,8}\\}",
        "&lt;script&gt;|&amp;lt;script&amp;gt;|&#60;script&#62;",
        "<!\\[CDATA\\[|\\]\\]>|<!--|-->|<\\?xml",
    ]
}

/// 512 cases by default; `PROPTEST_CASES` asks for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn wire_parser_takes_any_text(input in any::<String>(), year in proptest::option::of(1i32..9999)) {
        let _ = import::parse_wire(&input, year, chrono_tz::UTC);
    }

    #[test]
    fn wire_parser_takes_copy_like_text(
        lines in proptest::collection::vec(wire_line(), 0..14),
        year in proptest::option::of(1900i32..2100),
    ) {
        let input = lines.join("\n");
        if let Ok(article) = import::parse_wire(&input, year, TZ) {
            // Whatever is accepted can be written and read back.
            let file = article.render();
            prop_assert!(file.is_ok());
            let file = file.unwrap_or_default();
            let front = file
                .strip_prefix("+++\n")
                .and_then(|rest| rest.split_once("\n+++\n"))
                .map(|(front, _)| front);
            prop_assert!(front.is_some(), "{}", file);
            let table = toml::from_str::<toml::Table>(front.unwrap_or_default());
            prop_assert!(table.is_ok(), "{}", file);
            let table = table.unwrap_or_default();
            prop_assert_eq!(text(&table, "title"), Some(article.title.as_str()));
        }
    }

    #[test]
    fn wire_parser_reads_generated_copy(
        headline in "[A-Z][A-Za-z ,']{20,79}",
        standfirst in proptest::option::of("[A-Z][a-z ,]{20,90}"),
        place in "[A-Z]{2,12}( [A-Z]{2,9})?",
        month in 0usize..12,
        day in 1u32..=28,
        agency in "[A-Z]{2,8}",
        form in 0usize..3,
        lead in "[a-z][a-z ,]{0,60}\\.",
        paragraphs in proptest::collection::vec(".{0,100}", 0..6),
    ) {
        const MONTHS: [&str; 12] = [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ];
        let dateline = match form {
            0 => format!("{place}, {} {day}. /{agency}/. {lead}", MONTHS[month]),
            1 => format!("{place}, {day} {} 2024 ({agency}) \u{2014} {lead}", MONTHS[month]),
            _ => format!("{place}, {} {day}, 2024 ({agency}) - {lead}", MONTHS[month]),
        };
        let mut copy = vec!["All news".to_string(), "Updated at:".to_string(), String::new(), headline.clone()];
        copy.extend(standfirst.clone());
        copy.push(dateline);
        copy.extend(paragraphs);
        let parsed = import::parse_wire(&copy.join("\n\n"), Some(2024), TZ);
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
        let Ok(article) = parsed else { return Ok(()) };
        // Runs of spaces in the copy are one space in the story.
        let spaced = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(article.title, spaced(&headline));
        prop_assert_eq!(article.summary, standfirst.as_deref().map(spaced));
        prop_assert_eq!(article.source.agency.as_deref(), Some(agency.as_str()));
        prop_assert_eq!(article.agency.as_deref(), Some(agency.as_str()));
        prop_assert!(!article.time_given);
        prop_assert_eq!(
            article.date.format("%Y-%m-%d").to_string(),
            format!("2024-{:02}-{day:02}", month + 1)
        );
        let expected_place = import::title_case_place(&place);
        prop_assert_eq!(article.dateline.as_deref(), Some(expected_place.as_str()));
        let first_upper = article.body.chars().next().is_some_and(char::is_uppercase);
        prop_assert!(first_upper, "{}", article.body);
    }

    #[test]
    fn imported_html_never_renders_anything_that_could_run(
        pieces in proptest::collection::vec(prop_oneof![html_piece(), hostile_piece()], 0..40),
        base in proptest::option::of(Just("https://feed.example.org/news/item")),
    ) {
        let input = pieces.concat();
        let base = base.and_then(|b| url::Url::parse(b).ok());
        let body = import::to_markdown(&input, base.as_ref());
        let page = scraper::Html::parse_fragment(&gazette::render::to_html(&body.markdown));
        let elements: Vec<(String, Vec<(String, String)>)> = page
            .tree
            .nodes()
            .filter_map(|n| n.value().as_element())
            .map(|e| {
                let attrs = e.attrs().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                (e.name().to_string(), attrs)
            })
            .filter(|(name, _)| name != "html")
            .collect();
        let found = runnable(&elements);
        prop_assert!(found.is_empty(), "{:?} from {:?} via {:?}", found, input, body.markdown);
    }

    #[test]
    fn html_converter_takes_any_text(input in any::<String>()) {
        let _ = import::to_markdown(&input, None);
        let _ = import::to_plain_text(&input);
        let _ = import::decode_entities(&input);
    }
}

#[test]
fn language_marks_every_imported_story_and_its_pages() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("site.toml"), "").expect("site.toml");
    let content = root.path().join("content");
    let mut opts = site_options(vec![fixture("wire")], &content);
    opts.language = Some("ru".into());
    let report = import::run(&opts);
    assert!(!report.imported.is_empty(), "{report}");
    for path in &report.imported {
        let text = std::fs::read_to_string(path).expect("imported story");
        assert!(text.contains("\nlanguage = \"ru\"\n"), "{text}");
    }
    gazette_build(root.path());
    let public = root.path().join("public");
    let pages: Vec<String> = files(&public)
        .into_iter()
        .filter(|(p, _)| {
            let rel = p.strip_prefix(&public).expect("inside public/");
            // A story's page: YYYY/MM/DD/slug/index.html.
            p.ends_with("index.html")
                && rel.components().count() == 5
                && rel
                    .to_string_lossy()
                    .starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(!pages.is_empty());
    for page in pages {
        assert!(
            page.contains("<html lang=\"ru\">"),
            "{}",
            &page[..200.min(page.len())]
        );
    }
}

#[test]
fn a_translation_of_a_story_is_written_beside_it_and_linked_to_it() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        root.path().join("site.toml"),
        "base_url = \"https://news.example.org/\"\n",
    )
    .expect("site.toml");
    let content = root.path().join("content");
    let original = content.join("news/2025/2025-03-14-museum-reopens.md");
    std::fs::create_dir_all(original.parent().unwrap()).unwrap();
    std::fs::write(
        &original,
        "+++\ntitle = \"Museum reopens\"\ndate = 2025-03-14\n+++\n\nThe museum is open again.\n",
    )
    .unwrap();
    let wire = fixture("wire/nordwire-museum-ru.txt");
    let mut opts = site_options(vec![wire.clone()], &content);
    opts.language = Some("ru".into());
    opts.translation_of = Some(original.clone());
    let report = import::run(&opts);
    let beside = content.join("news/2025/2025-03-14-museum-reopens.ru.md");
    assert_eq!(report.imported, std::slice::from_ref(&beside), "{report}");
    // Imported again, it is the same story, updated or left where it is.
    let again = import::run(&opts);
    assert_eq!(again.unchanged, std::slice::from_ref(&beside), "{again}");
    gazette_build(root.path());
    let public = root.path().join("public");
    let page = |rel: &str| std::fs::read_to_string(public.join(rel)).expect(rel);
    let en = page("2025/03/14/museum-reopens/index.html");
    let ru = page("2025/03/03/museum-reopens-ru/index.html");
    assert!(
        en.contains(
            "hreflang=\"ru\" href=\"https://news.example.org/2025/03/03/museum-reopens-ru/\""
        ),
        "{en}"
    );
    assert!(
        ru.contains("<html lang=\"ru\">")
            && ru.contains(
                "hreflang=\"en\" href=\"https://news.example.org/2025/03/14/museum-reopens/\""
            ),
        "{ru}"
    );

    // What --translation-of refuses, each with its reason and nothing written.
    for (translation_of, language, why) in [
        (Some(original.clone()), None, "needs --language"),
        (
            Some(content.join("news/nothing.md")),
            Some("ru"),
            "no such story",
        ),
        (Some(beside.clone()), Some("de"), "is itself a translation"),
        (
            Some(root.path().join("site.toml")),
            Some("ru"),
            "not a story file",
        ),
    ] {
        let mut opts = site_options(vec![wire.clone()], &content);
        opts.language = language.map(str::to_string);
        opts.translation_of = translation_of;
        let report = import::run(&opts);
        assert!(report.imported.is_empty(), "{report}");
        assert!(
            report.failed.iter().any(|(_, w)| w.contains(why)),
            "{why}: {report}"
        );
    }
    // Several stories cannot all be one story's translation.
    let other = content.join("news/2025/2025-03-15-second.md");
    std::fs::write(
        &other,
        "+++\ntitle = \"Second\"\ndate = 2025-03-15\n+++\n\nText.\n",
    )
    .unwrap();
    let mut opts = site_options(vec![fixture("wire")], &content);
    opts.language = Some("ru".into());
    opts.translation_of = Some(other);
    let report = import::run(&opts);
    assert!(
        report
            .failed
            .iter()
            .any(|(_, w)| w.contains("takes one story")),
        "{report}"
    );
}

/// Russian copy of a story the site has in English, from the same agency, with the same
/// dateline and day: imported as its translation, with no flag. A second story of that day
/// and place makes the match unclear, and the copy is imported on its own.
#[test]
fn copy_that_shows_its_original_is_linked_as_its_translation() {
    let root = tempfile::tempdir().expect("temp dir");
    let content = root.path().join("content");
    let original = content.join("news/2026/2026-03-03-icebreaker-arrives.md");
    std::fs::create_dir_all(original.parent().unwrap()).unwrap();
    std::fs::write(
        &original,
        "+++\ntitle = \"Icebreaker arrives in Murmansk\"\ndate = \"2026-03-03T09:00:00+03:00\"\nagency = \"TASS\"\ndateline = \"Murmansk\"\n+++\n\nThe icebreaker docked.\n",
    )
    .unwrap();
    let wire = root.path().join("ledokol.txt");
    std::fs::write(
        &wire,
        "Ледокол прибыл в Мурманск\n\nМУРМАНСК, 3 марта. /ТАСС/. Ледокол встал к причалу порта в понедельник утром, сообщили в администрации.\n\nСледующий рейс намечен на пятницу.\n",
    )
    .unwrap();
    let mut opts = with_year(options(vec![wire.clone()], &content), 2026);
    opts.language = Some("ru".into());
    opts.dry_run = true;
    let report = import::run(&opts);
    let beside = content.join("news/2026/2026-03-03-icebreaker-arrives.ru.md");
    assert_eq!(report.imported, std::slice::from_ref(&beside), "{report}");

    // Another English story of that agency, place and day: which one is translated is not
    // clear from the copy.
    std::fs::write(
        content.join("news/2026/2026-03-03-port-reopens.md"),
        "+++\ntitle = \"Port reopens\"\ndate = \"2026-03-03T12:00:00+03:00\"\nagency = \"TASS\"\ndateline = \"Murmansk\"\n+++\n\nOpen.\n",
    )
    .unwrap();
    let report = import::run(&opts);
    assert_eq!(report.imported.len(), 1, "{report}");
    assert_ne!(report.imported[0], beside, "{report}");
    assert!(
        !report.imported[0].to_string_lossy().contains(".ru.md"),
        "{report}"
    );
}
