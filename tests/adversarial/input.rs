//! What goes in (#19, cases 8 and 9): characters no page or feed may carry, in front matter
//! (a content error at the field) and in bodies (removed from every output); and story
//! files the walk of `content/` cannot read (an unreadable folder, a dangling link, a path
//! longer than PATH_MAX), which `build`, `list` and `check` must all report.

use std::path::Path;

use assert_cmd::Command;
use gazette::driver::{self, Options};
use proptest::prelude::*;

use super::common::{self, Site, article, assert_outputs_well_formed, toml_str};

/// A date inside the news sitemap's 48 hours, so that it lists the story too.
fn recent() -> String {
    (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339()
}

/// Full bodies in feeds, so that a body's characters reach every feed.
const SITE_TOML: &str = "base_url = \"https://news.example.org/\"\n[feeds]\nfull_content = true\n";

/// A story that is always fine, so that every listing, feed and sitemap has an entry.
fn plain_story() -> String {
    article(
        "A plain story",
        &format!(
            "date = {}\ntags = [\"plain\"]\nslug = \"plain-story-zz\"",
            toml_str(&recent())
        ),
        "Nothing odd here.",
    )
}

/// `U+001B` for `\x1b`.
fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The content errors of building `site`, as text.
fn build_errors(site: &Site) -> Vec<String> {
    site.errors()
}

#[test]
fn a_control_character_in_a_title_or_tag_is_an_error_at_its_field() {
    for c in ['\u{1}', '\u{8}', '\u{b}', '\u{1b}'] {
        // TOML escapes it; YAML writes it as `\x1b` inside double quotes.
        let toml = format!(
            "+++\ntitle = {}\ndate = {}\ntags = [\"harbour\", {}]\n+++\n\nBody.\n",
            toml_str(&format!("Vote{c}counted")),
            toml_str(&recent()),
            toml_str(&format!("x{c}y")),
        );
        let yaml = format!(
            "---\ndate: {}\ntitle: \"Vote\\x{:02x}counted\"\ntags:\n  - \"x\\x{:02x}y\"\n---\n\nBody.\n",
            recent(),
            c as u32,
            c as u32
        );
        let site = Site::new(&[
            ("site.toml", SITE_TOML),
            ("content/news/plain.md", &plain_story()),
            ("content/news/toml.md", &toml),
            ("content/news/yaml.md", &yaml),
        ]);
        let errors = build_errors(&site);
        let name = code(c);
        let expect = [
            ("toml.md:2:1:", "`title`"),
            ("toml.md:4:1:", "`tags`"),
            ("yaml.md:3:1:", "`title`"),
            ("yaml.md:4:1:", "`tags`"),
        ];
        assert_eq!(
            errors.len(),
            expect.len(),
            "{name}: all reported together: {errors:#?}"
        );
        for (place, field) in expect {
            assert!(
                errors.iter().any(|e| e.contains(place)
                    && e.contains(field)
                    && e.contains(&name)
                    && e.contains("hint:")),
                "{name}: no error at {place} naming {field}: {errors:#?}"
            );
        }
        // No raw control character reaches the terminal.
        assert!(
            errors.iter().all(|e| !e.contains(c)),
            "{name}: printed raw: {errors:?}"
        );
        // `gazette check` reports the same.
        let checked: Vec<String> = gazette::check::run(site.root(), &Default::default())
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(checked.len(), expect.len(), "{checked:#?}");
        assert!(!site.exists("index.html"), "nothing was written");
    }
}

#[test]
fn every_string_field_of_front_matter_is_checked() {
    let bad = |s: &str| toml_str(&format!("{s}\u{85}"));
    let text = format!(
        "+++\ntitle = {}\ndate = {}\nslug = {}\nsection = {}\ntags = [{}]\nauthors = {}\n\
         dateline = {}\nsummary = {}\nimage = {}\nimage_alt = {}\naliases = [{}]\n\
         source_url = {}\n\n[[corrections]]\ndate = \"2021-01-01\"\nnote = {}\n\n\
         [source]\nagency = {}\n\n[extra]\n{} = 1\n  [extra.credits]\n  photo = [{}]\n+++\n\nBody.\n",
        bad("Title"),
        toml_str(&recent()),
        bad("slug"),
        bad("world"),
        bad("tag"),
        bad("Jane Doe"),
        bad("Oslo"),
        bad("Summary"),
        bad("/i.png"),
        bad("Alt"),
        bad("/old/"),
        bad("https://example.org/"),
        bad("Note"),
        bad("Agency"),
        bad("key"),
        bad("Photo"),
    );
    let site = Site::new(&[("content/news/all.md", &text)]);
    let errors = build_errors(&site);
    let lines: Vec<&str> = text.lines().collect();
    // Each field's name as the message gives it, and how its line starts.
    let expect = [
        ("title", "title ="),
        ("slug", "slug ="),
        ("section", "section ="),
        ("tags", "tags ="),
        ("authors", "authors ="),
        ("dateline", "dateline ="),
        ("summary", "summary ="),
        ("image", "image ="),
        ("image_alt", "image_alt ="),
        ("aliases", "aliases ="),
        ("source_url", "source_url ="),
        ("corrections.note", "note ="),
        ("source.agency", "agency ="),
        ("extra.key\\u{85} (the key)", "\"key"),
        ("extra.credits.photo[0]", "  photo ="),
    ];
    for (field, line_start) in expect {
        let line = lines
            .iter()
            .position(|l| l.starts_with(line_start))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{line_start}"));
        let column = if line_start.starts_with("  ") { 3 } else { 1 };
        let place = format!("all.md:{line}:{column}:");
        let field = format!("`{field}`");
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&place) && e.contains(&field) && e.contains("U+0085")),
            "no error at {place} for {field}: {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expect.len(), "{errors:#?}");
}

#[test]
fn a_control_character_in_a_body_is_removed_from_every_output() {
    let body = "Before\u{1}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}\u{85}\u{9f}\u{fffe}\u{ffff}after \
                ]]> <b>&amp;</b> \u{0}.\n\n<p>Raw\u{1b} HTML</p>\n";
    let site = Site::new(&[
        ("site.toml", SITE_TOML),
        ("content/news/plain.md", &plain_story()),
        (
            "content/news/body.md",
            &article(
                "Body with controls",
                &format!("date = {}\ntags = [\"odd\"]", toml_str(&recent())),
                body,
            ),
        ),
    ]);
    site.built();
    let checked = assert_outputs_well_formed(&site);
    assert!(checked > 10, "only {checked} outputs");
    let page = site
        .snapshot()
        .into_iter()
        .find(|(rel, _)| rel.ends_with("/body/index.html"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .expect("the story's page");
    assert!(
        page.contains("Before") && page.contains("[31m") && page.contains("HTML"),
        "only the characters themselves go"
    );
    for feed in ["rss.xml", "atom.xml", "news/rss.xml", "tags/odd/atom.xml"] {
        let parsed = site.feed(feed);
        assert!(
            parsed.entries.iter().any(|e| e
                .title
                .as_ref()
                .is_some_and(|t| t.content == "Body with controls")),
            "{feed} lists the story"
        );
    }
    roxmltree::Document::parse(&site.read("news-sitemap.xml")).expect("news sitemap");
}

/// Text that may hold anything: controls, the neighbours of the surrogates, `]]>`,
/// markup, quotes, bidirectional overrides, NUL, and any other character.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        3 => prop::sample::select(vec![
            "\u{0}", "\u{1}", "\u{8}", "\u{b}", "\u{c}", "\u{1b}", "\u{7f}", "\u{85}", "\u{9f}",
            "\u{d7ff}", "\u{e000}", "\u{fffd}", "\u{fffe}", "\u{ffff}", "\u{10ffff}", "]]>",
            "<", ">", "&", "&amp;", "\"", "'", "\u{202e}", "\u{2066}", "\u{2067}", "\u{2068}",
            "\u{2069}", "<script>", "</title>", "--", "\\", "\t", "\n", "\r", " ",
        ])
        .prop_map(String::from),
        4 => "[a-z ]{1,6}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|parts| parts.concat())
}

/// Every front-matter field with text, each given by the strategy.
#[derive(Debug, Clone)]
struct Fields {
    title: String,
    summary: String,
    dateline: String,
    section: String,
    slug: String,
    tags: Vec<String>,
    authors: Vec<String>,
    image: String,
    image_alt: String,
    alias: String,
    note: String,
    agency: String,
    source_url: String,
    extra_key: String,
    extra_value: String,
    body: String,
    yaml: bool,
}

/// [`fields`] with every forbidden character left out of the front matter (the body keeps
/// them), so that the build can succeed and its output be parsed.
fn clean(mut f: Fields) -> Fields {
    let strip = |s: &mut String| s.retain(|c| !common::is_forbidden_char(c));
    for s in [
        &mut f.title,
        &mut f.summary,
        &mut f.dateline,
        &mut f.section,
        &mut f.slug,
        &mut f.image,
        &mut f.image_alt,
        &mut f.alias,
        &mut f.note,
        &mut f.agency,
        &mut f.source_url,
        &mut f.extra_key,
        &mut f.extra_value,
    ] {
        strip(s);
    }
    f.tags
        .iter_mut()
        .chain(f.authors.iter_mut())
        .for_each(strip);
    f
}

fn fields() -> impl Strategy<Value = Fields> {
    let texts = prop::collection::vec(nasty(), 15);
    let lists = (
        prop::collection::vec(nasty(), 0..3),
        prop::collection::vec(nasty(), 0..3),
    );
    (texts, lists, any::<bool>()).prop_map(|(t, (tags, authors), yaml)| Fields {
        title: format!("T{}", t[0]),
        summary: t[1].clone(),
        dateline: t[2].clone(),
        section: t[3].clone(),
        slug: t[4].clone(),
        tags,
        authors,
        image: t[5].clone(),
        image_alt: t[6].clone(),
        alias: format!("/{}", t[7]),
        note: t[8].clone(),
        agency: t[9].clone(),
        source_url: t[10].clone(),
        extra_key: format!("k{}", t[11]),
        extra_value: t[12].clone(),
        body: format!("{}\n\n{}", t[13], t[14]),
        yaml,
    })
}

impl Fields {
    /// The front matter as a value (serialized by a real TOML or YAML writer, so that the
    /// file always parses and only the values are odd).
    fn value(&self) -> serde_json::Value {
        serde_json::json!({
            "title": self.title,
            "date": recent(),
            "summary": self.summary,
            "dateline": self.dateline,
            "section": self.section,
            "slug": self.slug,
            "tags": self.tags,
            "authors": self.authors,
            "image": self.image,
            "image_alt": self.image_alt,
            "aliases": [self.alias],
            "corrections": [{ "date": "2021-01-01", "note": self.note }],
            "source": { "agency": self.agency },
            "source_url": self.source_url,
            "extra": { self.extra_key.clone(): self.extra_value },
        })
    }

    fn file(&self) -> String {
        let value = self.value();
        let (fence, header) = if self.yaml {
            ("---", serde_yaml_ng::to_string(&value).unwrap())
        } else {
            let table: toml::Table = serde_json::from_value(value).unwrap();
            ("+++", toml::to_string(&table).unwrap())
        };
        format!("{fence}\n{header}{fence}\n\n{}\n", self.body)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the front matter holds, the build either fails with problems at a line and
    /// column of the story, or every page and feed it writes is well-formed.
    #[test]
    fn any_front_matter_gives_errors_or_well_formed_output(
        fields in prop_oneof![fields(), fields().prop_map(clean)]
    ) {
        let site = Site::new(&[
            ("site.toml", SITE_TOML),
            ("content/news/plain.md", &plain_story()),
            ("content/news/odd.md", &fields.file()),
        ]);
        match site.build_with(Options::default()) {
            Ok(_) => {
                // Raw HTML in a body is the author's own; everything else must parse clean.
                common::assert_outputs_parse(&site, !fields.body.contains('<'));
            }
            Err(driver::Error::Content(ds)) => {
                prop_assert!(!ds.is_empty());
                for d in &ds {
                    prop_assert!(d.path.ends_with("content/news/odd.md"), "{d}");
                    prop_assert!(d.line >= 1 && d.column >= 1, "{d} has no position");
                }
            }
            Err(e) => prop_assert!(false, "not a content error: {e}\n{}", fields.file()),
        }
    }
}

// ---- Case 9: story files the walk cannot read ----

/// The `gazette` binary on `site` with `args`.
fn gazette(site: &Site, args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
        .arg("--root")
        .arg(site.root())
        .args(args)
        .output()
        .expect("run gazette")
}

/// `build`, `list` and `check` each exit non-zero and name every one of `paths` (and say
/// `what`) on stderr.
fn all_commands_report(site: &Site, paths: &[&Path], what: &str) {
    for command in ["build", "list", "check"] {
        let out = gazette(site, &[command]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "`{command}` exited 0:\n{stderr}");
        for path in paths {
            let shown = path.display().to_string();
            assert!(
                stderr.contains(&shown),
                "`{command}` does not name {shown}:\n{stderr}"
            );
        }
        assert!(
            stderr.contains(what),
            "`{command}` does not say {what:?}:\n{stderr}"
        );
        assert!(
            stderr.contains("hint:"),
            "`{command}` gives no hint:\n{stderr}"
        );
    }
    assert!(!site.exists("index.html"), "nothing was built");
}

/// A site with one good story.
fn site_with_a_story() -> Site {
    Site::new(&[(
        "content/news/2021-01-01-fine.md",
        &article("Fine", "", "Body."),
    )])
}

#[test]
fn a_dangling_story_link_is_reported_by_build_list_and_check() {
    let site = site_with_a_story();
    let link = site.path("content/news/2021-01-02-story.md");
    std::os::unix::fs::symlink(site.path("content/news/gone.md"), &link).unwrap();
    // A hidden one (an editor's lock, which emacs makes as a dangling link) is not a story.
    std::os::unix::fs::symlink("user@host.123", site.path("content/news/.#fine.md")).unwrap();
    all_commands_report(&site, &[&link], "dangling link");
    let out = gazette(&site, &["build"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains(".#fine.md"));
    std::fs::remove_file(&link).unwrap();
    let out = gazette(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Gives a folder its permissions back when dropped, so the temporary site can be removed.
struct Restore<'a>(&'a Path);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn an_unreadable_folder_is_reported_by_build_list_and_check() {
    use std::os::unix::fs::PermissionsExt;
    let site = site_with_a_story();
    let locked = site.path("content/locked");
    site.write(
        "content/locked/2021-01-03-hidden.md",
        &article("Hidden", "", "Body."),
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let _restore = Restore(&locked);
    if std::fs::read_dir(&locked).is_err() {
        all_commands_report(&site, &[&locked], "permission denied");
        return;
    }
    // Root reads any folder: run the commands as `nobody` instead, who cannot.
    let open = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    for e in walkdir::WalkDir::new(site.root()).into_iter().flatten() {
        if e.path() != locked && !e.path().starts_with(&locked) {
            open(e.path(), if e.file_type().is_dir() { 0o777 } else { 0o666 }).unwrap();
        }
    }
    let as_nobody = |command: &str| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin!("gazette"))
            .arg("--root")
            .arg(site.root())
            .arg(command)
            .output()
            .expect("run setpriv")
    };
    if !as_nobody("list").status.success() && as_nobody("--version").status.code() != Some(0) {
        eprintln!("skipped: cannot run gazette as nobody here (setpriv)");
        return;
    }
    for command in ["build", "list", "check"] {
        let out = as_nobody(command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "`{command}` exited 0:\n{stderr}");
        assert!(
            stderr.contains(&locked.display().to_string()) && stderr.contains("permission denied"),
            "`{command}`: {stderr}"
        );
    }
}

#[test]
fn a_path_longer_than_path_max_is_reported_by_build_list_and_check() {
    let site = site_with_a_story();
    // 25 folders of 200 bytes: over 5,000 bytes, past Linux's PATH_MAX of 4,096. Each is
    // made by a shell from inside the one before (a relative name is always short), so no
    // call ever takes the whole path; the test's own working folder does not change.
    let name = "d".repeat(200);
    let script = format!(
        "set -e; mkdir -p content/deep; cd content/deep; \
         for i in $(seq 1 25); do mkdir {name}; cd -P {name}; done; \
         printf '+++\\ntitle = \"Deep\"\\n+++\\nBody.\\n' > 2021-01-04-deep.md"
    );
    let made = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(site.root())
        .status()
        .unwrap();
    assert!(made.success(), "could not make the deep folders");
    let first = site.path(&format!("content/deep/{name}"));
    all_commands_report(&site, &[&first], "too long");
    // `gazette import` scans content/ for earlier imports: it must not import blind.
    site.write("wire.txt", "BC-Test\nOSLO, Jan 4 (Agency) - Text.\n");
    let out = gazette(
        &site,
        &["import", &site.path("wire.txt").display().to_string()],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "import went ahead:\n{said}");
    assert!(
        said.contains(&first.display().to_string()) && said.contains("too long"),
        "{said}"
    );
    // The reported path is one that is too long, under the deep folder.
    let out = gazette(&site, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("too long"))
        .expect("a line saying so");
    assert!(line.len() > 4096, "the whole path is named");
}

#[test]
fn a_link_left_dangling_while_serving_is_reported_by_the_next_rebuild() {
    let site = site_with_a_story();
    let mut session = driver::Session::new(site.root(), Options::default());
    session.rebuild().expect("first build");
    let link = site.path("content/news/2021-01-02-story.md");
    std::os::unix::fs::symlink(site.path("content/news/gone.md"), &link).unwrap();
    // The watcher reports the new name; a lookup of it alone finds nothing to stamp.
    match session.rebuild_changed(std::slice::from_ref(&link)) {
        Err(driver::Error::Content(ds)) => {
            assert!(
                ds.iter()
                    .any(|d| d.path == link && d.message.contains("dangling link")),
                "{ds:?}"
            );
        }
        other => panic!(
            "expected the dangling link, got {:?}",
            other.map(|r| r.to_string())
        ),
    }
    std::fs::remove_file(&link).unwrap();
    session
        .rebuild_changed(std::slice::from_ref(&link))
        .expect("fixed");
}

#[test]
fn a_template_or_static_file_that_cannot_be_read_is_an_error_not_the_built_in_one() {
    let site = site_with_a_story();
    let template = site.path("templates/article.html");
    let asset = site.path("static/logo.svg");
    std::fs::create_dir_all(site.path("templates")).unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(site.path("templates/gone.html"), &template).unwrap();
    std::os::unix::fs::symlink(site.path("static/gone.svg"), &asset).unwrap();
    site.write_bytes("templates/index.html", b"\xff\xfe not UTF-8");
    let errors = build_errors(&site);
    for (path, what) in [
        (&template, "dangling link"),
        (&asset, "dangling link"),
        (&site.path("templates/index.html"), "not valid UTF-8"),
    ] {
        let shown = path.display().to_string();
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&shown) && e.contains(what)),
            "{shown}: {what}: {errors:#?}"
        );
    }
}

/// A pipe named like a story, and a `content` that is a file, are reported, not skipped.
#[test]
fn a_pipe_or_a_content_file_is_reported() {
    let site = Site::new(&[(
        "content/city/2025-01-01-ok.md",
        &article("Fine", "", "Body."),
    )]);
    let fifo = site.path("content/city/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for command in ["build", "list", "check"] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
            .args(["--root", site.root().to_str().unwrap(), command])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{command}: {stderr}");
        assert!(
            stderr.contains("pipe.md") && stderr.contains("not a plain file"),
            "{command}: {stderr}"
        );
    }
    let flat = Site::new(&[("content", "not a folder")]);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gazette"))
        .args(["--root", flat.root().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("is not a folder"),
        "{stderr}"
    );
}
