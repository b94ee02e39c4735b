//! The theme in the site's language: its words from `i18n/<language>.toml` (the built-in
//! theme speaks English and Russian), plural forms by the language's rules, dates with the
//! language's month names; a story in another language than the site's marked as such in
//! `<html lang>`, Open Graph, JSON-LD and the news sitemap; what a language lacks said in
//! English, with a warning from `gazette check`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article, attrs, texts};

/// A Russian site: stories tagged so that the tags hold 1, 3 and 5 stories.
fn russian() -> Site {
    let mut files = vec![(
        "site.toml".to_string(),
        "title = \"Северная газета\"\nlanguage = \"ru\"\nbase_url = \"https://ru.example.org/\"\n"
            .to_string(),
    )];
    for i in 0..9 {
        let tag = match i {
            0 => "Один",
            1..=3 => "Три",
            _ => "Пять",
        };
        files.push((
            format!("content/world/s{i}.md"),
            article(
                &format!("Новость номер {i}"),
                &format!(
                    "date = \"2026-03-14 09:{i:02}\"\ntags = [\"{tag}\"]\nauthors = [\"Иван Петров\"]"
                ),
                "Текст новости.",
            ),
        ));
    }
    Site::from_files(&files)
}

#[test]
fn a_russian_site_speaks_russian_with_its_plural_forms_and_dates() {
    let site = russian();
    site.built();
    let counts: Vec<String> = ["odin", "tri", "piat"]
        .iter()
        .map(|slug| {
            let page = site.html(&format!("tags/{slug}/index.html"));
            let count = texts(&page, ".listing-count")[0].clone();
            count.split(" · ").next().unwrap().trim().to_string()
        })
        .collect();
    assert_eq!(counts, ["1 статья", "3 статьи", "5 статей"]);
    let tags = site.html("tags/index.html");
    assert_eq!(texts(&tags, "h1"), ["Темы"]);
    assert_eq!(
        texts(&tags, ".terms .visually-hidden"),
        ["статья", "статей", "статьи"]
    );

    let story = site.html("2026/03/14/s0/index.html");
    assert_eq!(attrs(&story, "html", "lang"), ["ru"]);
    assert_eq!(
        texts(&story, ".skip-link"),
        ["Перейти к основному содержанию"]
    );
    assert_eq!(
        texts(&story, ".published"),
        ["Опубликовано 14 марта 2026, 09:00"]
    );
    assert!(texts(&story, ".byline")[0].starts_with("Автор: "));
    assert_eq!(texts(&story, ".story-foot h2"), ["Темы"]);
    let nav = texts(&story, ".site-nav a");
    assert!(nav.contains(&"Архив".to_string()), "{nav:?}");
    // No English word of the theme is left on the page.
    let html = site.read("2026/03/14/s0/index.html");
    for english in [
        "Published ",
        "Skip to main",
        ">Archive<",
        "Filed under",
        ">By ",
    ] {
        assert!(!html.contains(english), "`{english}` on a Russian page");
    }

    let month = site.html("2026/03/index.html");
    assert_eq!(texts(&month, "h1"), ["Март 2026"]);
    let day = site.html("2026/03/14/index.html");
    assert_eq!(texts(&day, "h1"), ["14 марта 2026"]);
    let archive = site.html("archive/index.html");
    assert_eq!(texts(&archive, ".archive-year h2 .count"), ["9 статей"]);
    assert_eq!(texts(&archive, ".archive-months a"), ["Март"]);
}

#[test]
fn a_story_in_another_language_says_so_and_the_site_keeps_its_own() {
    let now = chrono::Utc::now();
    let at = |h: i64| (now - chrono::Duration::hours(h)).to_rfc3339();
    let site = Site::new(&[
        (
            "content/world/talks.md",
            &article(
                "Переговоры в порту",
                &format!("date = \"{}\"\nlanguage = \"ru\"", at(1)),
                "Текст.",
            ),
        ),
        (
            "content/world/ferry.md",
            &article("Ferry runs late", &format!("date = \"{}\"", at(2)), "Text."),
        ),
        (
            "content/world/porto.md",
            &article(
                "Barcos no porto",
                &format!("date = \"{}\"\nlanguage = \"pt-br\"", at(3)),
                "Texto.",
            ),
        ),
    ]);
    site.built();
    // Each story's page is under its own day (an hour or two ago may be yesterday).
    let day = |h: i64| {
        (now - chrono::Duration::hours(h))
            .format("%Y/%m/%d")
            .to_string()
    };
    let ru = site.html(&format!("{}/talks/index.html", day(1)));
    assert_eq!(attrs(&ru, "html", "lang"), ["ru"]);
    // The site's own words (its masthead, navigation, footer) keep the site's language.
    assert_eq!(attrs(&ru, "header.site-header", "lang"), ["en"]);
    assert_eq!(attrs(&ru, "footer.site-footer", "lang"), ["en"]);
    assert_eq!(attrs(&ru, "meta[property='og:locale']", "content"), ["ru"]);
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&ru, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["inLanguage"], "ru");

    let en = site.html(&format!("{}/ferry/index.html", day(2)));
    assert_eq!(attrs(&en, "html", "lang"), ["en"]);
    assert!(attrs(&en, "header.site-header", "lang").is_empty());

    let news = site.read("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&news).unwrap();
    let mut languages: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "language")
        .filter_map(|n| n.text())
        .collect();
    languages.sort_unstable();
    assert_eq!(languages, ["en", "pt", "ru"]);
}

#[test]
fn a_language_that_is_no_language_tag_is_an_error_at_its_line() {
    let site = Site::new(&[(
        "content/world/a.md",
        &article("A", "date = 2026-01-01\nlanguage = \"russian please\"", "x"),
    )]);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("a.md:4:"), "{}", errors[0]);
    assert!(errors[0].contains("not a language tag"), "{}", errors[0]);
}

#[test]
fn a_site_overrides_the_themes_words_and_its_pages_follow() {
    let site = Site::new(&[(
        "content/world/a.md",
        &article("A story", "date = 2026-01-01", "x"),
    )]);
    site.built();
    assert_eq!(texts(&site.html("archive/index.html"), "h1"), ["Archive"]);
    site.write("i18n/en.toml", "archive = \"The files\"\n");
    let report = site.built();
    assert!(report.written > 1, "{:?}", report.changed);
    assert_eq!(texts(&site.html("archive/index.html"), "h1"), ["The files"]);
    let nav = texts(&site.html("index.html"), ".site-nav a");
    assert!(nav.contains(&"The files".to_string()), "{nav:?}");
    // A word that is not a string or a table of plural forms is an error at its line.
    site.write("i18n/en.toml", "archive = \"The files\"\nlatest = 3\n");
    let errors = site.errors();
    assert!(
        errors.iter().any(|e| e.contains("en.toml:2:1")),
        "{errors:#?}"
    );
}

#[test]
fn what_a_language_lacks_is_said_in_english_and_check_warns_of_it() {
    let site = Site::new(&[
        (
            "site.toml",
            "base_url = \"https://de.example.org/\"\nlanguage = \"de\"\n",
        ),
        (
            "content/world/a.md",
            &article("Hafen", "date = \"2026-03-14 10:00\"", "x"),
        ),
        ("i18n/de.toml", "archive = \"Archiv\"\n"),
    ]);
    site.built();
    let story = site.html("2026/03/14/a/index.html");
    let nav = texts(&story, ".site-nav a");
    assert!(nav.contains(&"Archiv".to_string()), "{nav:?}");
    // Untranslated: English; dates in German all the same (chrono's locale data).
    assert!(texts(&story, ".published")[0].starts_with("Published 14 März 2026"));
    let checked = gazette::check::run_all(site.root(), &Default::default());
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    let warnings: Vec<String> = checked.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`published` is not translated into `de`")),
        "{warnings:#?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("`archive`")),
        "{warnings:#?}"
    );

    // A language the theme has no words in at all: one warning saying so.
    site.write(
        "site.toml",
        "base_url = \"https://fr.example.org/\"\nlanguage = \"fr\"\n",
    );
    let checked = gazette::check::run_all(site.root(), &Default::default());
    assert_eq!(checked.warnings.len(), 1, "{:?}", checked.warnings);
    assert!(checked.warnings[0].to_string().contains("no words in `fr`"));
}

#[test]
fn translations_link_each_other_both_ways_and_lead_to_each_other() {
    let site = Site::new(&[
        (
            "content/world/2026-03-14-pier.md",
            &article(
                "Pier reopens",
                "translation_key = \"pier-2026\"",
                "The pier is open.",
            ),
        ),
        (
            "content/world/2026-03-14-prichal.md",
            &article(
                "Причал открылся",
                "language = \"ru\"\ntranslationKey = \"pier-2026\"",
                "Причал открыт.",
            ),
        ),
        (
            "content/world/2026-03-14-molo.md",
            &article(
                "Il molo riapre",
                "language = \"it\"\ntranslation_key = \"pier-2026\"",
                "Il molo è aperto.",
            ),
        ),
        (
            "content/world/2026-03-14-alone.md",
            &article("A story of its own", "", "Only in English."),
        ),
    ]);
    site.built();
    let pages = [
        ("en", "2026/03/14/pier/index.html"),
        ("ru", "2026/03/14/prichal/index.html"),
        ("it", "2026/03/14/molo/index.html"),
    ];
    let permalink = |rel: &str| {
        format!(
            "https://news.example.org/{}",
            rel.trim_end_matches("index.html")
        )
    };
    for (language, rel) in pages {
        let doc = site.html(rel);
        let hreflangs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
        let hrefs = attrs(&doc, "link[rel=alternate][hreflang]", "href");
        // Every edition, itself included, and x-default: the site's language.
        let mut want: Vec<(String, String)> = pages
            .iter()
            .map(|(l, r)| (l.to_string(), permalink(r)))
            .collect();
        want.push(("x-default".into(), permalink(pages[0].1)));
        let mut got: Vec<(String, String)> = hreflangs.into_iter().zip(hrefs).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{rel}");
        // Each target exists, and the switcher leads to the others.
        for (_, href) in &got {
            let target = href.trim_start_matches("https://news.example.org/");
            assert!(site.exists(&format!("{target}index.html")), "{href}");
        }
        let switcher = attrs(&doc, "nav.translations a", "hreflang");
        let mut others: Vec<&str> = pages
            .iter()
            .map(|(l, _)| *l)
            .filter(|l| *l != language)
            .collect();
        others.sort_unstable();
        let mut switcher_sorted = switcher.clone();
        switcher_sorted.sort();
        assert_eq!(switcher_sorted, others, "{rel}");
    }
    let ru = site.html("2026/03/14/pier/index.html");
    assert_eq!(texts(&ru, "nav.translations a[hreflang=ru]"), ["Русский"]);
    assert_eq!(
        attrs(&ru, "nav.translations a[hreflang=ru]", "href"),
        ["/2026/03/14/prichal/"]
    );
    // A story without translations has no alternates and no switcher.
    let alone = site.html("2026/03/14/alone/index.html");
    assert!(attrs(&alone, "link[hreflang]", "href").is_empty());
    assert!(texts(&alone, "nav.translations").is_empty());
}

#[test]
fn files_named_for_their_language_are_that_language_and_linked_by_their_path() {
    let mut files = ferry_and_its_russian();
    files.extend(owned(&[
        (
            "content/city/2026-03-15-bridge/index.md",
            &article("Bridge opens", "", "The bridge is open."),
        ),
        (
            "content/city/2026-03-15-bridge/index.pt-br.md",
            &article("Ponte abre", "", "A ponte está aberta."),
        ),
        // A dot in a name that is no language keeps the name.
        (
            "content/city/2026-03-16-washington.dc.md",
            &article("A capital story", "", "In the capital."),
        ),
    ]));
    let site = Site::from_files(&files);
    site.built();
    // The translation sits beside its original, its language in its slug.
    let pairs = [
        (("en", "2026/03/14/ferry/"), ("ru", "2026/03/14/ferry-ru/")),
        (
            ("en", "2026/03/15/bridge/"),
            ("pt-BR", "2026/03/15/bridge-pt-br/"),
        ),
    ];
    for ((l1, p1), (l2, p2)) in pairs {
        for (own, page, other, other_page) in [(l1, p1, l2, p2), (l2, p2, l1, p1)] {
            let doc = site.html(&format!("{page}index.html"));
            assert_eq!(attrs(&doc, "html", "lang"), [own], "{page}");
            let href = attrs(
                &doc,
                &format!("link[rel=alternate][hreflang={other}]"),
                "href",
            );
            assert_eq!(
                href,
                [format!("https://news.example.org/{other_page}")],
                "{page}"
            );
            assert_eq!(
                attrs(&doc, "link[rel=alternate][hreflang=x-default]", "href"),
                [format!("https://news.example.org/{p1}")],
                "{page}: the site's language is the default"
            );
            assert_eq!(
                attrs(
                    &doc,
                    &format!("nav.translations a[hreflang={other}]"),
                    "href"
                ),
                [format!("/{other_page}")]
            );
        }
    }
    let plain = site.html("2026/03/16/washington-dc/index.html");
    assert_eq!(attrs(&plain, "html", "lang"), ["en"]);
    assert!(attrs(&plain, "link[hreflang]", "href").is_empty());
}

#[test]
fn a_file_named_for_one_language_that_says_another_is_an_error_at_the_field() {
    let site = Site::new(&[(
        "content/world/2026-03-14-ferry.ru.md",
        &article("Ferry", "language = \"de\"", "Text."),
    )]);
    let err = site.errors().join("\n");
    assert!(
        err.contains("2026-03-14-ferry.ru.md:")
            && err.contains("the file's name says `ru` and `language` says `de`"),
        "{err}"
    );
}

#[test]
fn two_versions_of_a_story_in_one_language_are_an_error_at_the_second() {
    let mut files = ferry_and_its_russian();
    files.extend(owned(&[(
        "content/world/2026-03-14-parom.md",
        &article(
            "Паром вернулся",
            "language = \"ru\"\ntranslation_key = \"world/2026-03-14-ferry\"",
            "Паром вернулся.",
        ),
    )]));
    let site = Site::from_files(&files);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("are both its `ru` version")
            && errors[0].contains("2026-03-14-ferry.ru.md")
            && errors[0].contains("2026-03-14-parom.md"),
        "{errors:?}"
    );
}

/// A story and its Russian version, named for its language.
fn ferry_and_its_russian() -> Vec<(String, String)> {
    owned(&[
        (
            "content/world/2026-03-14-ferry.md",
            &article("Ferry resumes", "", "The ferry runs again."),
        ),
        (
            "content/world/2026-03-14-ferry.ru.md",
            &article("Паром снова ходит", "", "Паром снова ходит."),
        ),
    ])
}

fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}
