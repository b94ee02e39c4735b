//! End to end in headless Chromium on a fixture site served by the real `gazette serve`:
//! the search page finds a story by a word only it contains, filters by section and year,
//! sorts by date, finds a Cyrillic story by a Cyrillic word, takes a query from the header
//! form, and loads nothing from any other host.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::browser::{Browser, browser_or_skip};
use common::server::Server;
use common::{Site, article};

fn fixture() -> Site {
    Site::new(&[
        (
            "site.toml",
            "base_url = \"https://news.example.org/\"\ntimezone = \"Europe/Oslo\"\n\n[sections.city]\ntitle = \"City\"\norder = 1\n\n[sections.world]\ntitle = \"World\"\norder = 2\n",
        ),
        (
            "content/city/2024-01-19-storm.md",
            &article(
                "Storm cuts ferry links along the coast",
                "dateline = \"Port Alvar\"",
                "The harbour closed at noon as the storm reached the coast. Ferries stayed in port.",
            ),
        ),
        (
            "content/city/2022-03-14-pier.md",
            &article(
                "Old pier closed after engineers find rotten piles",
                "",
                "Divers found rotten piles under the harbour pier. A zeppelin once moored here.",
            ),
        ),
        (
            "content/world/2023-06-01-treaty.md",
            &article(
                "States sign high seas treaty",
                "dateline = \"United Nations\"",
                "Delegates praised the treaty, which protects the high seas beyond any harbour.",
            ),
        ),
        (
            "content/world/2025-02-02-quotas.md",
            &article(
                "Fisheries talks end without a deal",
                "",
                "Cod quotas for the harbour fleets remain unsettled after the talks.",
            ),
        ),
        (
            "content/city/2022-11-02-island.md",
            &article(
                "Island cut off by snow",
                "",
                "The island of Varnes woke to a metre of snow on Tuesday, the deepest fall in living memory, and its two thousand residents were told to stay indoors while crews cleared the single road to the school, the clinic and the shop.\n\n## Ferries and roads\n\nAll sailings to the island stopped when kelpwort clogged the slipway, and the council said the road would stay shut until the weekend at the earliest, with no date set for reopening.",
            ),
        ),
        (
            "content/world/2023-05-06-parom.md",
            &article(
                "Паром из Архангельска возобновит рейсы",
                "",
                "Паром вернулся в Архангельск после ремонта на верфи.",
            ),
        ),
    ])
}

/// Wait until the search page has finished its latest search; returns its status text.
fn settled(b: &Browser) -> String {
    b.wait_for(
        "var s = document.getElementById('search'); return s && (s.dataset.state === 'done' || s.dataset.state === 'idle' || s.dataset.state === 'error')",
        "the search to finish",
    );
    b.js("return document.getElementById('search-status').textContent")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn titles(b: &Browser) -> Vec<String> {
    let v = b.js("return [...document.querySelectorAll('#search-results .entry-title a')].map(a => a.textContent)");
    v.as_array()
        .expect("titles")
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect()
}

fn kickers(b: &Browser) -> Vec<String> {
    let v = b.js(
        "return [...document.querySelectorAll('#search-results .kicker')].map(k => k.textContent)",
    );
    v.as_array()
        .expect("kickers")
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Type a query the way a reader does: set the field and fire `input`.
fn type_query(b: &Browser, q: &str) {
    let q = serde_json::to_string(q).expect("json");
    b.js(&format!(
        "var i = document.getElementById('search-q'); i.value = {q}; document.getElementById('search').dataset.state = 'typing'; i.dispatchEvent(new Event('input', {{bubbles: true}})); return 1"
    ));
}

fn choose(b: &Browser, select: &str, value: &str) {
    let value = serde_json::to_string(value).expect("json");
    b.js(&format!(
        "var s = document.getElementById('{select}'); s.value = {value}; document.getElementById('search').dataset.state = 'typing'; s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value"
    ));
}

#[test]
fn search_page_finds_filters_sorts_and_reads_cyrillic() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}", server.port);

    // A word that is in exactly one story.
    browser.open(&format!("{base}/search/"));
    assert!(settled(&browser).starts_with("Type a word"));
    type_query(&browser, "zeppelin");
    let status = settled(&browser);
    assert_eq!(status, "1 story found for “zeppelin”.");
    assert_eq!(
        titles(&browser),
        vec!["Old pier closed after engineers find rotten piles"]
    );
    // Headline link, date, section and an excerpt with the word marked.
    let result = browser.js(
        "var r = document.querySelector('#search-results li'); return {
            href: r.querySelector('.entry-title a').getAttribute('href'),
            time: r.querySelector('time').textContent,
            datetime: r.querySelector('time').getAttribute('datetime'),
            kicker: r.querySelector('.kicker').textContent,
            kickerHref: r.querySelector('.kicker a') && r.querySelector('.kicker a').getAttribute('href'),
            mark: r.querySelector('.search-excerpt mark').textContent }",
    );
    assert_eq!(result["href"], "/2022/03/14/pier/");
    assert_eq!(result["time"], "14 March 2022");
    assert_eq!(result["datetime"], "2022-03-14T00:00:00+01:00");
    assert_eq!(result["kicker"], "City");
    assert_eq!(result["kickerHref"], "/city/");
    assert_eq!(result["mark"], "zeppelin");
    // The address keeps the query, so the result list can be linked.
    assert_eq!(browser.js("return location.search"), "?q=zeppelin");

    // A word in many stories; then only one section's.
    type_query(&browser, "harbour");
    assert_eq!(settled(&browser), "4 stories found for “harbour”.");
    assert_eq!(titles(&browser).len(), 4);
    choose(&browser, "search-section", "World");
    assert_eq!(settled(&browser), "2 stories found for “harbour” in World.");
    assert_eq!(kickers(&browser), vec!["World", "World"]);
    // Newest first.
    choose(&browser, "search-sort", "date");
    settled(&browser);
    assert_eq!(
        titles(&browser),
        vec![
            "Fisheries talks end without a deal",
            "States sign high seas treaty"
        ]
    );
    // And one year.
    choose(&browser, "search-year", "2023");
    assert_eq!(
        settled(&browser),
        "1 story found for “harbour” in World, 2023."
    );
    assert_eq!(titles(&browser), vec!["States sign high seas treaty"]);
    assert_eq!(
        browser.js("return location.search"),
        "?q=harbour&section=World&year=2023"
    );
    choose(&browser, "search-sort", "relevance");
    settled(&browser);
    assert_eq!(
        browser.js("return location.search"),
        "?q=harbour&section=World&year=2023&sort=relevance"
    );
    choose(&browser, "search-sort", "date");
    settled(&browser);
    // The options come from the index.
    let sections = browser
        .js("return [...document.querySelectorAll('#search-section option')].map(o => o.value)");
    assert_eq!(sections, serde_json::json!(["", "City", "World"]));
    let years = browser
        .js("return [...document.querySelectorAll('#search-year option')].map(o => o.value)");
    assert_eq!(
        years,
        serde_json::json!(["", "2025", "2024", "2023", "2022"])
    );

    // A Cyrillic query finds the Cyrillic story, from its body and its headline.
    browser.open(&format!("{base}/search/?q=%D0%B2%D0%B5%D1%80%D1%84%D0%B8"));
    settled(&browser);
    assert_eq!(
        titles(&browser),
        vec!["Паром из Архангельска возобновит рейсы"]
    );
    type_query(&browser, "Архангельск");
    settled(&browser);
    assert_eq!(
        titles(&browser).first().map(String::as_str),
        Some("Паром из Архангельска возобновит рейсы")
    );
    type_query(&browser, "паром");
    settled(&browser);
    assert_eq!(
        titles(&browser),
        vec!["Паром из Архангельска возобновит рейсы"]
    );

    // The header form on any page lands on the search page with its query.
    browser.open(&format!("{base}/"));
    browser.js(
        "var f = document.querySelector('form[role=search]'); f.querySelector('input[name=q]').value = 'treaty'; f.submit(); return 1",
    );
    browser.wait_for(
        "return location.pathname === '/search/' && document.getElementById('search') !== null",
        "the search page",
    );
    settled(&browser);
    assert_eq!(
        titles(&browser).first().map(String::as_str),
        Some("States sign high seas treaty")
    );
    assert_eq!(
        browser.js("return document.getElementById('search-q').value"),
        "treaty"
    );

    // Everything the page loaded came from the site itself.
    let foreign = browser.js(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))",
    );
    assert_eq!(foreign, serde_json::json!([]));
    let loaded = browser
        .js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)");
    let loaded: Vec<String> = serde_json::from_value(loaded).expect("paths");
    assert!(
        loaded.iter().any(|p| p == "/search/pagefind/pagefind.js"),
        "{loaded:?}"
    );
}

#[test]
fn a_word_only_in_a_headline_is_found_and_unknown_words_say_so() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}", server.port);
    // "Fisheries" is only in a headline.
    browser.open(&format!("{base}/search/?q=fisheries"));
    settled(&browser);
    assert_eq!(titles(&browser), vec!["Fisheries talks end without a deal"]);
    // English words are stemmed: "praise" finds "praised".
    type_query(&browser, "praise");
    settled(&browser);
    assert_eq!(titles(&browser), vec!["States sign high seas treaty"]);
    // Any word matches by prefix, in any alphabet.
    type_query(&browser, "Архангел");
    settled(&browser);
    assert_eq!(
        titles(&browser),
        vec!["Паром из Архангельска возобновит рейсы"]
    );
    type_query(&browser, "xylophone");
    assert_eq!(settled(&browser), "No stories found for “xylophone”.");
    assert!(titles(&browser).is_empty());
    // A section alone lists its stories, newest first.
    browser.open(&format!("{base}/search/?section=City"));
    assert_eq!(settled(&browser), "3 stories found in City.");
    assert_eq!(
        titles(&browser),
        vec![
            "Storm cuts ferry links along the coast",
            "Island cut off by snow",
            "Old pier closed after engineers find rotten piles"
        ]
    );
}

#[test]
fn an_archive_without_stories_says_so() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let site = Site::new(&[]);
    let server = Server::start(site.root(), &[]);
    browser.open(&format!("http://127.0.0.1:{}/search/?q=ferry", server.port));
    assert_eq!(settled(&browser), "There are no stories to search yet.");
}

/// The shard files the server was asked for (its `--verbose` request log), since the
/// page cannot see what Pagefind's worker fetches.
fn shard_requests(server: &Server) -> Vec<String> {
    server
        .stderr()
        .lines()
        .filter_map(|l| l.strip_prefix("GET "))
        .filter_map(|l| l.split(' ').next())
        .filter(|p| p.contains("/shards/"))
        .map(str::to_string)
        .collect()
}

#[test]
fn one_search_spans_every_shard_newest_first_and_a_year_reads_only_its_own() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    // Four years, four shards (each year is one shard below the year limit).
    let site = fixture();
    let server = Server::start(site.root(), &["--verbose"]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let shards: serde_json::Value =
        serde_json::from_str(&site.read("search/pagefind/gazette-shards.json")).unwrap();
    let keys: Vec<&str> = shards["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["2025", "2024", "2023", "2022"]);

    // Newest first across shards: a story from the newest shard and one from the oldest.
    browser.open(&format!("{base}/search/?q=harbour"));
    assert_eq!(settled(&browser), "4 stories found for “harbour”.");
    let dates = browser.js(
        "return [...document.querySelectorAll('#search-results time')].map(t => t.getAttribute('datetime'))",
    );
    let dates: Vec<String> = serde_json::from_value(dates).unwrap();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first across shards");
    assert!(dates.first().unwrap().starts_with("2025"), "{dates:?}");
    assert!(dates.last().unwrap().starts_with("2022"), "{dates:?}");

    // A year filter searches that year's shard only (in a fresh browser, with nothing
    // cached).
    assert!(
        shard_requests(&server)
            .iter()
            .any(|p| p.contains("/shards/2022/"))
    );
    drop(browser);
    let browser = browser_or_skip().unwrap();
    let before = shard_requests(&server).len();
    browser.open(&format!("{base}/search/?q=harbour&year=2023"));
    settled(&browser);
    let years = browser.js(
        "return [...document.querySelectorAll('#search-results time')].map(t => t.getAttribute('datetime').slice(0, 4))",
    );
    assert_eq!(years, serde_json::json!(["2023"]));
    let requests = shard_requests(&server).split_off(before);
    assert!(
        requests.iter().any(|p| p.ends_with(".pf_index")),
        "{requests:?}"
    );
    assert!(
        requests.iter().all(|p| p.contains("/shards/2023/")),
        "{requests:?}"
    );
}

#[test]
fn an_excerpt_cut_from_a_story_says_so_and_keeps_a_subhead_apart() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let site = fixture();
    let server = Server::start(site.root(), &[]);
    browser.open(&format!(
        "http://127.0.0.1:{}/search/?q=kelpwort",
        server.port
    ));
    assert_eq!(settled(&browser), "1 story found for “kelpwort”.");
    let excerpt = browser.js("return document.querySelector('.search-excerpt').textContent");
    let excerpt = excerpt.as_str().unwrap();
    // The story starts long before the word and goes on after it.
    assert!(excerpt.starts_with("… "), "{excerpt}");
    assert!(excerpt.ends_with(" …"), "{excerpt}");
    // The subhead ends as a sentence before its paragraph begins.
    assert!(
        excerpt.contains("Ferries and roads. All sailings"),
        "{excerpt}"
    );
    assert!(!excerpt.contains("roads All"), "{excerpt}");
}

#[test]
fn a_russian_site_searches_in_russian() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let story = |n: usize, day: usize| {
        (
            format!("content/world/2022-03-{day:02}-parom-{n}.md"),
            article(
                &format!("Паром номер {n} вышел в рейс"),
                "",
                "Паром вышел из порта Архангельска утром.",
            ),
        )
    };
    let mut files = vec![(
        "site.toml".to_string(),
        "base_url = \"https://ru.example.org/\"\nlanguage = \"ru\"\n".to_string(),
    )];
    files.extend([story(1, 14), story(2, 15), story(3, 16)]);
    files.push((
        "content/world/2022-03-17-port.md".into(),
        article("Порт закрыт", "", "Шторм закрыл порт на сутки."),
    ));
    let site = Site::from_files(&files);
    let server = Server::start(site.root(), &[]);
    browser.open(&format!("http://127.0.0.1:{}/search/", server.port));
    assert!(settled(&browser).starts_with("Введите слово"));
    type_query(&browser, "паром");
    assert_eq!(
        settled(&browser),
        "Найдено: 3 материала по запросу «паром»."
    );
    let label =
        browser.js("return document.querySelector('label[for=search-section]').textContent");
    assert_eq!(label, "Раздел");
    let time = browser.js("return document.querySelector('#search-results time').textContent");
    assert!(
        time.as_str().unwrap_or_default().contains("марта 2022"),
        "{time}"
    );
    type_query(&browser, "шторм");
    assert_eq!(settled(&browser), "Найдено: 1 материал по запросу «шторм».");
}
