//! Property tests: whatever a user writes, the parsers answer with a result or a
//! diagnostic, never a panic; and the dev server never resolves a path outside its folder.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

use std::path::Path;

use gazette::config;
use gazette::content::{load_article, load_page_file};
use proptest::prelude::*;

fn site() -> config::Site {
    config::parse(
        Path::new("site.toml"),
        Path::new("/site"),
        "timezone = \"Europe/Moscow\"\n",
    )
    .expect("site")
}

/// Text that looks like front matter often enough to reach the deeper code.
fn frontmatterish() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "date",
        "updated",
        "slug",
        "tags",
        "authors",
        "dateline",
        "summary",
        "draft",
        "corrections",
        "aliases",
        "extra",
        "section",
        "image",
        "source",
        "language",
        "description",
        "zzz",
    ]);
    let value = prop::sample::select(vec![
        "\"x\"",
        "\"2021-09-25\"",
        "\"2021-09-25 10:00\"",
        "2021-09-25T10:00:00Z",
        "\"2021-02-30\"",
        "[\"a\", \"b\"]",
        "true",
        "3",
        "{ date = \"2021-01-01\", note = \"n\" }",
        "[{ date = \"x\" }]",
        "\"Паром\"",
        "\"\\u0000\"",
        "\"\"",
        "[\"/a/../b\"]",
        "{ agency = 1 }",
        "\"ru\"",
        "\"pt-br\"",
        "\"x y z\"",
        "\"é\u{301}\"",
    ]);
    (prop::collection::vec((key, value), 0..8), any::<String>()).prop_map(|(pairs, body)| {
        let mut s = String::from("+++\n");
        for (k, v) in pairs {
            s.push_str(&format!("{k} = {v}\n"));
        }
        s.push_str("+++\n");
        s.push_str(&body);
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_make_an_article_or_diagnostics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let site = site();
        if let Err(ds) = load_article(&site, Path::new("/site/content/a/2021-01-01-x.md"), &bytes) {
            prop_assert!(!ds.is_empty());
        }
    }

    #[test]
    fn any_toml_front_matter_is_handled(text in frontmatterish()) {
        let site = site();
        match load_article(&site, Path::new("/site/content/a/x.md"), text.as_bytes()) {
            Ok(a) => prop_assert!(!a.title.is_empty() && !a.slug.is_empty()),
            Err(ds) => {
                prop_assert!(!ds.is_empty());
                for d in ds {
                    prop_assert!(d.line <= text.lines().count() + 1, "{d} beyond the file");
                }
            }
        }
    }

    #[test]
    fn any_standalone_page_is_a_page_or_a_diagnostic(text in frontmatterish(), name in "[a-zé!._ -]{0,12}") {
        let path = format!("/site/content/pages/{name}.md");
        match load_page_file(&site(), Path::new(&path), text.as_bytes()) {
            Ok(page) => {
                prop_assert!(!page.title.is_empty());
                prop_assert!(page.url.ends_with('/') && !page.url.starts_with('/'));
                prop_assert!(!page.url.split('/').any(|p| p == ".." || p == "."));
            }
            Err(d) => prop_assert!(!d.message.is_empty()),
        }
    }

    #[test]
    fn any_yaml_front_matter_is_handled(header in any::<String>(), body in any::<String>()) {
        let text = format!("---\n{header}\n---\n{body}");
        let _ = load_article(&site(), Path::new("/site/content/a/2021-01-01-y.md"), text.as_bytes());
    }

    #[test]
    fn any_site_toml_is_handled(text in any::<String>()) {
        let _ = config::parse(Path::new("site.toml"), Path::new("/site"), &text);
    }

    #[test]
    fn any_sources_record_is_read_or_refused(
        text in "(gazette sources 1\n)?(digest [0-9a-fé]{62,66}\n)?(cache [0-9a-f]{62,66}\n)?(until [-0-9T:+Zé]{0,30}\n)?(stories [0-9a-z]{0,22}\n)?(pages [0-9]{0,22}\n)?(files [0-9]{0,22}\n)?.{0,8}"
    ) {
        let _ = gazette::driver::Record::parse(&text);
    }

    #[test]
    fn a_sources_record_reads_back(
        digest in any::<[u8; 32]>(),
        cache in any::<[u8; 32]>(),
        secs in prop::option::of(0i64..4_000_000_000),
        counts in any::<(usize, usize, usize)>(),
        device in any::<(u64, u64)>(),
    ) {
        let record = gazette::driver::Record {
            digest,
            cache,
            until: secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
            stories: counts.0,
            pages: counts.1,
            files: counts.2,
            output: format!("{}:{}", device.0, device.1),
        };
        let back = gazette::driver::Record::parse(&record.text());
        prop_assert_eq!(back, Some(record));
    }

    #[test]
    fn any_markdown_renders(text in any::<String>()) {
        let _ = gazette::render::to_html(&text);
        let _ = gazette::core::first_paragraph(&text);
        let _ = gazette::core::slugify(&text);
    }

    #[test]
    fn served_paths_stay_inside_the_output(path in "(/|%2e|%2f|%5c|\\.\\.|\\.|a|b|%25|%00|\\\\)*") {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        if let Some(p) = gazette::serve::resolve(&out, "/", &format!("/{path}")) {
            prop_assert!(p.starts_with(out.canonicalize().unwrap()), "{path} → {}", p.display());
        }
    }
}
