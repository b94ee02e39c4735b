//! Bad input: every problem reported as `path:line:column: message` with a hint, all in
//! one run, and the previous output left exactly as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::{Site, article};

fn good() -> String {
    article("Good story", "", "Fine.")
}

#[test]
fn every_content_error_is_reported_with_its_position() {
    let site = Site::new(&[
        ("content/a/2021-01-01-good.md", &good()),
        // Bad TOML syntax: an unclosed string on line 3.
        (
            "content/a/2021-01-02-syntax.md",
            "+++\ntitle = \"ok\"\ntags = [\"a\n+++\nbody\n",
        ),
        // No title.
        (
            "content/a/2021-01-03-untitled.md",
            "+++\ntags = [\"a\"]\n+++\nbody\n",
        ),
        // A date that is not a date.
        (
            "content/a/2021-01-04-baddate.md",
            "+++\ntitle = \"x\"\ndate = \"2021-13-45\"\n+++\nbody\n",
        ),
        // A misspelt field.
        (
            "content/a/2021-01-05-typo.md",
            "+++\ntitle = \"x\"\ntagz = [\"a\"]\n+++\nbody\n",
        ),
        // YAML with a misspelt field.
        (
            "content/a/2021-01-06-yaml.md",
            "---\ntitle: x\nauthor: [\"a\"]\n---\nbody\n",
        ),
        // No date at all.
        ("content/a/undated.md", "+++\ntitle = \"x\"\n+++\nbody\n"),
        // Never closed.
        ("content/a/2021-01-07-open.md", "+++\ntitle = \"x\"\nbody\n"),
    ]);
    let errors = site.errors();
    let find = |name: &str| -> &String {
        errors
            .iter()
            .find(|e| e.contains(name))
            .unwrap_or_else(|| panic!("no error for {name} in {errors:#?}"))
    };
    assert_eq!(errors.len(), 7, "{errors:#?}");
    assert!(
        find("syntax.md").contains("syntax.md:3:"),
        "{}",
        find("syntax.md")
    );
    let e = find("untitled.md");
    assert!(
        e.contains("missing field `title`") && e.contains("hint: every article needs a headline"),
        "{e}"
    );
    let e = find("baddate.md");
    assert!(
        e.contains("baddate.md:3:8: invalid date `2021-13-45`") && e.contains("RFC 3339"),
        "{e}"
    );
    let e = find("typo.md");
    assert!(
        e.contains("typo.md:3:1: unknown field `tagz`") && e.contains("did you mean `tags`?"),
        "{e}"
    );
    let e = find("yaml.md");
    assert!(
        e.contains("yaml.md:3:1: unknown field `author`") && e.contains("did you mean `authors`?"),
        "{e}"
    );
    let e = find("undated.md");
    assert!(
        e.contains("the article has no date") && e.contains("YYYY-MM-DD-"),
        "{e}"
    );
    let e = find("open.md");
    assert!(
        e.contains("open.md:1:1: front matter opened with `+++` is never closed"),
        "{e}"
    );
}

#[test]
fn duplicate_urls_name_both_files() {
    let site = Site::new(&[
        ("content/a/2021-01-01-same.md", &good()),
        (
            "content/b/2021-01-01-other.md",
            "+++\ntitle = \"Other\"\nslug = \"same\"\n+++\nx\n",
        ),
    ]);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("other.md:3:1: URL /2021/01/01/same/ is also used by"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("2021-01-01-same.md"), "{}", errors[0]);
    assert!(errors[0].contains("hint: give one of them a different `slug`"));
}

#[test]
fn names_too_long_for_a_file_system_name_the_story() {
    let long = "a".repeat(300);
    let site = Site::new(&[("content/a/2021-01-01-good.md", &good())]);
    site.built();
    let before = site.snapshot();
    site.write(
        "content/a/2021-01-02-slug.md",
        &format!("+++\ntitle = \"Long slug\"\nslug = \"{long}\"\n+++\nx\n"),
    );
    site.write(
        "content/a/2021-01-03-tag.md",
        &article("Long tag", &format!("tags = [\"{long}\"]"), "x"),
    );
    let errors = site.errors();
    // Each story once, however many pages and feeds the long name is in.
    assert_eq!(errors.len(), 2, "{errors:?}");
    let slug = errors.iter().find(|e| e.contains("slug.md")).unwrap();
    assert!(
        slug.contains("slug.md:3:1: the URL /2021/01/02/aaa") && slug.contains("300 bytes"),
        "{slug}"
    );
    assert!(slug.contains("hint: shorten its slug"), "{slug}");
    let tag = errors.iter().find(|e| e.contains("tag.md")).unwrap();
    assert!(
        tag.contains("/tags/aaa") && tag.contains("at most 255"),
        "{tag}"
    );
    // Nothing was written: the build stopped before rendering.
    assert_eq!(site.snapshot(), before);
}

#[test]
fn config_errors_name_the_key_and_suggest() {
    let site = Site::new(&[
        ("site.toml", "title = \"x\"\npaginat = 10\n"),
        ("content/a/2021-01-01-good.md", &good()),
    ]);
    let errors = site.errors();
    assert!(
        errors[0].contains("site.toml:2:1: unknown field `paginat`"),
        "{errors:?}"
    );
    assert!(errors[0].contains("did you mean `paginate`?"), "{errors:?}");

    site.write("site.toml", "timezone = \"Mars/Olympus\"\n");
    let errors = site.errors();
    assert!(
        errors[0].contains("site.toml:1:1: unknown time zone `Mars/Olympus`"),
        "{errors:?}"
    );

    // An empty site.toml is valid.
    site.write("site.toml", "");
    site.built();
}

/// The one error a build with these templates reports, which must be at `at`
/// (`templates/x.html:3:9:`) and say `says`.
fn template_error(files: &[(&str, &str)], at: &str, says: &str) -> String {
    let mut all = vec![("content/a/2021-01-01-good.md", good())];
    all.extend(files.iter().map(|(p, t)| (*p, t.to_string())));
    let all: Vec<(String, String)> = all.into_iter().map(|(p, t)| (p.to_string(), t)).collect();
    let errors = Site::from_files(&all).errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains(at) && errors[0].contains(says),
        "wanted {at} {says}: {errors:#?}"
    );
    errors[0].clone()
}

#[test]
fn a_template_syntax_error_names_the_file_line_and_column() {
    template_error(
        &[("templates/section.html", "<p>\n{{ section.title \n</p>")],
        "templates/section.html:3:1: ",
        "Found `</` but expected }}",
    );
    // Every template that does not parse, in one run.
    let site = Site::new(&[
        ("content/a/2021-01-01-good.md", &good()),
        ("templates/section.html", "{% if x %}"),
        ("templates/index.html", "ok\n  {{ 1 + }}"),
    ]);
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors.iter().any(|e| e.contains("templates/index.html:2:")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("templates/section.html:1:")),
        "{errors:#?}"
    );
}

#[test]
fn an_unknown_filter_names_the_file_line_and_column() {
    template_error(
        &[(
            "templates/section.html",
            "<h1>\n  {{ section.title | shout }}</h1>",
        )],
        "templates/section.html:2:22: ",
        "Unknown filter `shout`",
    );
}

#[test]
fn an_undefined_variable_names_the_file_line_and_column_where_it_is_read() {
    let e = template_error(
        &[(
            "templates/section.html",
            "{% extends \"base.html\" %}\n{% block content %}\n  <p>{{ nothing.here }}</p>\n{% endblock content %}",
        )],
        "templates/section.html:3:9: ",
        "Variable `nothing` is not defined",
    );
    assert!(
        e.contains("(rendering /a/)")
            && e.contains("hint: in Tera 2 only the last step of a name may be undefined"),
        "{e}"
    );
    // A field that is not there, inside a template the page extends: that template's line.
    let e = template_error(
        &[
            (
                "templates/base.html",
                "<!doctype html>\n<title>{{ page.headline }}</title>{% block title %}{% endblock title %}\
                 {% block head %}{% endblock head %}{% block edition %}{% endblock edition %}\
                 {% block masthead_title %}{% endblock masthead_title %}{% block content %}{% endblock content %}",
            ),
            (
                "templates/section.html",
                "{% extends \"base.html\" %}{% block content %}x{% endblock content %}",
            ),
        ],
        "templates/base.html:2:16: ",
        "Field `headline` is not defined",
    );
    assert!(e.contains("(rendering /"), "{e}");
}

#[test]
fn a_component_misused_names_the_call_and_the_component() {
    // An argument the component does not take: at the call.
    let e = template_error(
        &[(
            "templates/section.html",
            "{% extends \"base.html\" %}{% block content %}\n{{ <entries p={paginator} heading={3} /> }}\n{% endblock content %}",
        )],
        "templates/section.html:2:4: ",
        "Unknown argument(s) `heading` in component call",
    );
    assert!(
        e.contains("Possible argument(s) are: `p`, `level`, `section`") || e.contains("`p`"),
        "{e}"
    );
    // A component no template defines: at the call, before anything renders.
    template_error(
        &[(
            "templates/section.html",
            "<main>\n  {{ <teaser a={1} /> }}</main>",
        )],
        "templates/section.html:2:6: ",
        "Unknown component `teaser`",
    );
    // A problem inside a component: at the component's line, naming where it was called.
    let e = template_error(
        &[
            (
                "templates/parts.html",
                "{% component teaser(a) %}\n<p>{{ a.headline }}</p>\n{% endcomponent teaser %}",
            ),
            (
                "templates/section.html",
                "{% for a in paginator.items %}\n  {{ <teaser a={a} /> }}{% endfor %}",
            ),
        ],
        "templates/parts.html:2:9: ",
        "Field `headline` is not defined",
    );
    assert!(
        e.contains("called from ") && e.contains("templates/section.html:2:6)"),
        "{e}"
    );
}

#[test]
fn tera_1_constructs_say_what_to_write_instead() {
    let e = template_error(
        &[(
            "templates/macros.html",
            "{% macro card(a) %}{{ a }}{% endmacro card %}",
        )],
        "templates/macros.html:1:4: Unknown tag",
        "hint: Tera 2 has no macros: define a component",
    );
    assert!(e.contains("{{ <entry a={a} level={3} /> }}"), "{e}");
    template_error(
        &[(
            "templates/section.html",
            "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}",
        )],
        "templates/section.html:2:4: Unknown tag",
        "hint: delete the `import`",
    );
    template_error(
        &[(
            "templates/section.html",
            "<main>{{ m::entries(p=paginator) }}</main>",
        )],
        "templates/section.html:1:11: ",
        "hint: `m::name(…)` calls a Tera 1 macro",
    );
    // Tera 1 let a template fill a block its parent does not have: a site's own base.html
    // must keep the blocks the theme's templates fill.
    let site = Site::new(&[
        ("content/a/2021-01-01-good.md", &good()),
        (
            "templates/base.html",
            "<!doctype html>{% block content %}{% endblock content %}",
        ),
    ]);
    let errors = site.errors();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].contains("(built-in theme)/templates/article.html:3:10: Block `head` is not defined in any parent template")
            && errors[0].contains("hint: add `{% block head %}{% endblock head %}` to the template it extends"),
        "{errors:#?}"
    );
    template_error(
        &[(
            "templates/section.html",
            "{{ section.title | trim_start_matches(pat=\"x\") }}",
        )],
        "templates/section.html:1:20: Unknown filter `trim_start_matches`",
        "hint: Tera 2 writes it `trim_start(pat=\"…\")`",
    );
    template_error(
        &[(
            "templates/section.html",
            "{% if section.title is containing(\"x\") %}x{% endif %}",
        )],
        "templates/section.html:1:35: ",
        "hint: tests take named arguments in Tera 2: `is containing(pat=\"…\")`",
    );
    template_error(
        &[(
            "templates/404.html",
            "{% if paginator.prev_url %}{% endif %}",
        )],
        "templates/404.html:1:7: Variable `paginator` is not defined",
        "hint: `paginator` is there only on listing pages",
    );
}

#[test]
fn templates_cannot_read_the_clock_or_the_environment() {
    let site = Site::new(&[("content/a/2021-01-01-good.md", &good())]);
    for call in ["now()", "get_env(name=\"HOME\")", "get_random(end=10)"] {
        site.write(
            "templates/section.html",
            &format!("<p>{{{{ {call} }}}}</p>"),
        );
        let errors = site.errors();
        let name = call.split('(').next().unwrap();
        assert!(
            errors[0].contains("templates/section.html:1:7: ")
                && errors[0].contains(&format!("`{name}()` is not available")),
            "{errors:?}"
        );
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::new(&[("content/a/2021-01-01-good.md", &good())]);
    site.built();
    let before = site.snapshot();
    let mtime = std::fs::metadata(site.path("public/index.html"))
        .unwrap()
        .modified()
        .unwrap();

    // A new good story plus a broken one: nothing may be written, not even the good page.
    site.write(
        "content/a/2021-01-02-new.md",
        &article("New story", "", "x"),
    );
    site.write("content/a/2021-01-03-broken.md", "+++\ntitle = \n+++\n");
    site.errors();
    assert_eq!(site.snapshot(), before);
    assert_eq!(
        std::fs::metadata(site.path("public/index.html"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );

    // Same for a template that fails while rendering.
    std::fs::remove_file(site.path("content/a/2021-01-03-broken.md")).unwrap();
    site.write("templates/article.html", "{{ missing_variable }}");
    site.errors();
    assert_eq!(site.snapshot(), before);

    std::fs::remove_file(site.path("templates/article.html")).unwrap();
    site.built();
    assert!(site.exists("2021/01/02/new/index.html"));
}

#[test]
fn refuses_unsafe_output_directories() {
    let site = Site::new(&[("content/a/2021-01-01-good.md", &good())]);
    // Files Gazette did not write.
    site.write("public/notes.txt", "mine");
    let err = site.build().unwrap_err().to_string();
    assert!(
        err.contains("holds files Gazette did not write") && err.contains("--force"),
        "{err}"
    );
    // --force writes, and still never deletes the user's file.
    site.build_with(gazette::driver::Options {
        force: true,
        ..Default::default()
    })
    .unwrap();
    assert!(site.exists("index.html"));
    site.built();
    assert_eq!(site.read("notes.txt"), "mine");

    // A git repository.
    let repo = Site::new(&[("content/a/2021-01-01-good.md", &good())]);
    std::fs::create_dir_all(repo.path("public/.git")).unwrap();
    let err = repo.build().unwrap_err().to_string();
    assert!(err.contains(".git"), "{err}");

    // The site's own folder.
    let own = Site::new(&[
        ("site.toml", "output_dir = \".\"\n"),
        ("content/a/2021-01-01-good.md", &good()),
    ]);
    let err = own.build().unwrap_err().to_string();
    assert!(err.contains("holds the site's own sources"), "{err}");
    assert!(own.path("content/a/2021-01-01-good.md").exists());
    let inside = Site::new(&[
        ("site.toml", "output_dir = \"content/out\"\n"),
        ("content/a/2021-01-01-good.md", &good()),
    ]);
    assert!(
        inside
            .build()
            .unwrap_err()
            .to_string()
            .contains("inside the site's content/")
    );
}

#[test]
fn tags_that_would_share_a_page_or_have_none_are_errors_naming_the_stories() {
    let story =
        |title: &str, fields: &str| article(title, &format!("date = 2021-01-01\n{fields}"), "x");
    let site = Site::new(&[
        (
            "content/a/one.md",
            &story("One", "tags = [\"C++\", \"Harbour\"]"),
        ),
        // Another spelling of one word shares its page; `C#` is another word.
        (
            "content/a/two.md",
            &story(
                "Two",
                "authors = [\"Ann Lee\"]\ntags = [\"harbour\", \"C#\"]",
            ),
        ),
        (
            "content/a/three.md",
            &story("Three", "tags = [\"St. Petersburg\", \"ann-lee\"]"),
        ),
        (
            "content/a/four.md",
            &story("Four", "tags = [\"St Petersburg\"]"),
        ),
        (
            "content/a/five.md",
            &story("Five", "tags = [\"!!!\"]\nauthors = [\"]]>\"]"),
        ),
        ("content/a/six.md", &story("Six", "dateline = \"—\"")),
        // A problem of another kind, reported in the same run.
        ("content/b/one.md", &story("Other", "slug = \"one\"")),
    ]);
    let errors = site.errors();
    let one = |needle: &str| -> String {
        let found: Vec<_> = errors.iter().filter(|e| e.contains(needle)).collect();
        assert_eq!(found.len(), 1, "{needle} in {errors:#?}");
        found[0].clone()
    };
    let clash = one("`C#`");
    assert!(
        clash.contains("two.md:5:1: tag `C#` makes the same URL /tags/c/ as `C++` in"),
        "{clash}"
    );
    assert!(clash.contains("one.md"), "{clash}");
    assert!(clash.contains("hint: spell them the same"), "{clash}");
    assert!(one("`!!!`").contains("five.md:4:1: tag `!!!` has no letter or digit"));
    assert!(one("`]]>`").contains("five.md:5:1: author `]]>` has no letter or digit"));
    assert!(one("`—`").contains("six.md:4:1: dateline `—` has no letter or digit"));
    assert!(one("is also used by").contains("content/b/one.md"));
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

#[test]
fn spellings_of_one_word_share_one_term_page() {
    let story =
        |title: &str, tags: &str| article(title, &format!("date = 2021-01-01\ntags = {tags}"), "x");
    let site = Site::new(&[
        (
            "content/a/one.md",
            &story("One", "[\"St. Petersburg\", \"Café\"]"),
        ),
        (
            "content/a/two.md",
            &story("Two", "[\"st petersburg\", \"cafe\"]"),
        ),
    ]);
    site.built();
    let page = site.html("tags/st-petersburg/index.html");
    assert_eq!(common::texts(&page, ".entry-title a").len(), 2);
    let cafe = site.html("tags/cafe/index.html");
    assert_eq!(common::texts(&cafe, ".entry-title a").len(), 2);
}

#[test]
fn every_fault_of_one_file_is_reported_in_one_run() {
    let site = Site::new(&[
        ("content/a/2021-01-01-good.md", &good()),
        // Four faults in one header: no title, a misspelt field, a list that is a number,
        // a date that is not one; and an alias that leaves the site, found by the later
        // checks of the fields that were good.
        (
            "content/a/2021-01-02-many.md",
            "+++\ntagz = [\"a\"]\nauthors = 5\ndate = \"2021-13-45\"\naliases = [\"../../x\"]\n+++\nbody\n",
        ),
        // The same in YAML.
        (
            "content/a/2021-01-03-many.md",
            "---\ntitle: Fine\nauthor: [\"a\"]\ndraft: maybe\n---\nbody\n",
        ),
        // And a URL clash, in the same run.
        ("content/b/2021-01-01-good.md", &good()),
    ]);
    let errors = site.errors();
    let of = |name: &str| -> Vec<&String> { errors.iter().filter(|e| e.contains(name)).collect() };
    let many = of("02-many.md");
    let expect = [
        "02-many.md:2:1: unknown field `tagz`",
        "02-many.md:3:1: `authors`:",
        "02-many.md:4:1: `date`:",
        "missing field `title`",
    ];
    for e in expect {
        assert!(many.iter().any(|m| m.contains(e)), "{e} in {many:#?}");
    }
    assert!(
        many.iter()
            .any(|m| m.contains("02-many.md:5:") && m.contains("alias")),
        "{many:#?}"
    );
    let yaml = of("03-many.md");
    assert!(
        yaml.iter()
            .any(|m| m.contains("03-many.md:3:1: unknown field `author`")),
        "{yaml:#?}"
    );
    assert!(
        yaml.iter().any(|m| m.contains("03-many.md:4:1: `draft`:")),
        "{yaml:#?}"
    );
    assert_eq!(yaml.len(), 2, "{yaml:#?}");
    assert!(
        errors.iter().any(|e| e.contains("is also used by")),
        "{errors:#?}"
    );
}

#[test]
fn a_title_of_the_wrong_type_is_one_fault_at_its_value() {
    let site = Site::new(&[("content/a/2021-01-01-x.md", "+++\ntitle = 3\n+++\n")]);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("2021-01-01-x.md:2:9:"), "{errors:#?}");
}
