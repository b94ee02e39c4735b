//! Measures how long `gazette serve` takes from saving a story to telling open pages to
//! reload: starts the release binary on the site, listens to its event stream, edits a
//! story N times, and prints the times. The edit appends a paragraph (`body`), changes the
//! headline, which listings show too (`headline`), adds a tag no other story has, which
//! makes a new term (`tags`), or adds and removes, round by round, a tag that thousands of
//! stories have (`retag`: the story joins and leaves that tag's pages, which all show the
//! tag's count) or one that a few dozen have (`retag-rare`); or it publishes a new story
//! dated now, a copy of the story with its tags, author and dateline (`new`: the first
//! round's is the first story of its day, which opens the day's listing; the next ones
//! join that day), or such a story with a tag no story has besides (`new-term`: each
//! round's opens a term). `delete` publishes ROUNDS + 1 such
//! stories first (untimed), then deletes all but the first, newest first; `delete-old`
//! deletes the ROUNDS first stories by path (old ones), then puts them back (untimed).
//!
//! With search on, it also times the search index's update after each reload (edits and
//! new stories).
//!
//! The story edited is the first by path (one of the oldest in a generated corpus), or
//! STORY, a path under the site's `content/`.
//!
//! Usage: cargo run --release --example reload_latency -- SITE_DIR [ROUNDS] [body|headline|tags|retag|retag-rare|new|new-term|delete|delete-old] [STORY]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool, not for user input

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(site) = args.get(1) else {
        eprintln!(
            "usage: reload_latency SITE_DIR [ROUNDS] [body|headline|tags|retag|retag-rare|new|new-term|delete|delete-old] [STORY]"
        );
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(10);
    let mode = args.get(3).map_or("body", String::as_str);
    let exe = std::env::current_exe().expect("exe");
    let gazette = exe
        .parent()
        .and_then(|p| p.parent())
        .expect("target dir")
        .join("gazette");
    let mut child = Command::new(&gazette)
        .args(["--root", site, "--quiet", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start gazette");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let port: u16 = loop {
        let line = lines.next().expect("address").expect("line");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .split('/')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("port");
        }
    };
    std::thread::spawn(move || for _ in lines {});

    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET /__gazette/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    let (tx, rx) = channel();
    let (search_tx, search_rx) = channel();
    std::thread::spawn(move || {
        // Count `rebuilt` events that changed pages; the search index's follow-ups (only
        // `/search/` files) are timed apart.
        let mut rebuilt = false;
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(name) = line.strip_prefix("event:") {
                rebuilt = name.trim() == "rebuilt";
            } else if let Some(data) = line.strip_prefix("data:")
                && rebuilt
            {
                let v: serde_json::Value = serde_json::from_str(data.trim()).unwrap_or_default();
                let pages = v["changed"].as_array().map_or(0, |c| {
                    c.iter()
                        .filter(|u| u.as_str().is_some_and(|u| !u.starts_with("/search/")))
                        .count()
                });
                if pages > 0 {
                    let _ = tx.send((Instant::now(), pages));
                } else if v["changed"].as_array().is_some_and(|c| !c.is_empty()) {
                    let _ = search_tx.send(Instant::now());
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(500));

    let story = match args.get(4) {
        Some(story) => std::path::Path::new(site).join("content").join(story),
        None => walkdir::WalkDir::new(format!("{site}/content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.into_path())
            .min()
            .expect("a story"),
    };
    let original = std::fs::read(&story).expect("read story");
    let mut times = Vec::new();
    let mut pages_changed = Vec::new();
    let mut published = Vec::new();
    let mut search_after = Vec::new();
    if mode == "delete" || mode == "delete-old" {
        let saved_and_reloaded = |path: &std::path::Path, text: Option<&[u8]>| {
            let saved = Instant::now();
            match text {
                Some(text) => std::fs::write(path, text).expect("write"),
                None => std::fs::remove_file(path).expect("remove"),
            }
            let reloaded = rx.recv_timeout(Duration::from_secs(60));
            std::thread::sleep(Duration::from_millis(300));
            reloaded
                .ok()
                .map(|(at, pages)| (at.duration_since(saved), pages))
        };
        let victims: Vec<(std::path::PathBuf, Vec<u8>)> = if mode == "delete" {
            let old = String::from_utf8_lossy(&original).into_owned();
            for round in 0..=rounds {
                let target = story.with_file_name(format!("new-story-{round}.md"));
                saved_and_reloaded(&target, Some(new_story(&old, round).as_bytes()));
                published.push(target);
                std::thread::sleep(Duration::from_millis(1100));
            }
            published[1..]
                .iter()
                .rev()
                .map(|p| (p.clone(), Vec::new()))
                .collect()
        } else {
            let mut stories: Vec<std::path::PathBuf> =
                walkdir::WalkDir::new(format!("{site}/content"))
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                    .map(|e| e.into_path())
                    .collect();
            stories.sort();
            stories.truncate(rounds);
            stories
                .into_iter()
                .map(|p| {
                    let b = std::fs::read(&p).expect("read");
                    (p, b)
                })
                .collect()
        };
        for (path, _) in &victims {
            match saved_and_reloaded(path, None) {
                Some((took, pages)) => {
                    times.push(took);
                    pages_changed.push(pages);
                }
                None => eprintln!("{}: no reload event", path.display()),
            }
        }
        for (path, bytes) in &victims {
            if !bytes.is_empty() {
                saved_and_reloaded(path, Some(bytes));
            }
        }
    }
    let edits = if mode.starts_with("delete") {
        0
    } else {
        rounds
    };
    for round in 0..edits {
        let old = String::from_utf8_lossy(&original).into_owned();
        let mut target = story.clone();
        let text = match mode {
            "new" | "new-term" => {
                target = story.with_file_name(format!("new-story-{round}.md"));
                published.push(target.clone());
                let new = new_story(&old, round);
                match mode {
                    "new" => new,
                    _ => new.replacen("tags = [", &format!("tags = [\"first-of-{round}\", "), 1),
                }
            }
            "headline" => old.replacen("title = \"", &format!("title = \"Edit {round}: "), 1),
            "tags" => old.replacen("tags = [", &format!("tags = [\"edit-{round}\", "), 1),
            "retag" | "retag-rare" if round % 2 == 0 => {
                // A tag of the corpus generator's that the story lacks: one of the common
                // five (thousands of stories each), or a rare one (a few dozen).
                let tags = old.lines().find(|l| l.starts_with("tags = ")).unwrap_or("");
                let choices = match mode {
                    "retag" => ["elections", "climate", "economy", "health", "transport"],
                    _ => ["topic-1", "topic-2", "topic-3", "topic-4", "topic-5"],
                };
                let tag = choices
                    .into_iter()
                    .find(|t| !tags.contains(&format!("\"{t}\"")))
                    .expect("a tag the story lacks");
                old.replacen("tags = [", &format!("tags = [\"{tag}\", "), 1)
            }
            "retag" | "retag-rare" => old.clone(),
            _ => format!("{old}\n\nEdit number {round}.\n"),
        };
        let saved = Instant::now();
        std::fs::write(&target, &text).expect("write");
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok((at, pages)) => {
                times.push(at.duration_since(saved));
                pages_changed.push(pages);
                // With search on, the index's update follows the reload.
                if let Ok(indexed) = search_rx.recv_timeout(Duration::from_secs(5)) {
                    search_after.push(indexed.duration_since(at));
                }
            }
            Err(_) => eprintln!("round {round}: no reload event"),
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(&story, &original).expect("restore");
    let _ = child.kill();
    let _ = child.wait();
    for path in published {
        let _ = std::fs::remove_file(path);
    }
    let each: Vec<String> = times
        .iter()
        .map(|t| format!("{:.0}", t.as_secs_f64() * 1000.0))
        .collect();
    println!("each round, in order (ms): {}", each.join(" "));
    pages_changed.sort();
    pages_changed.dedup();
    println!("pages changed per reload: {pages_changed:?}");
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    if mode == "new" && times.len() > 2 {
        // The first round's story is the first of its day, planned in full.
        let mut fast = times[1..].to_vec();
        fast.sort();
        println!(
            "rounds after the first: median {:.0} ms",
            ms(&fast[fast.len() / 2])
        );
    }
    if !search_after.is_empty() {
        search_after.sort();
        println!(
            "search index updated after the reload: median {:.0} ms, max {:.0} ms",
            ms(&search_after[search_after.len() / 2]),
            ms(&search_after[search_after.len() - 1])
        );
    }
    times.sort();
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "{} rounds: median {:.0} ms, min {:.0} ms, max {:.0} ms",
            times.len(),
            ms(&times[times.len() / 2]),
            ms(min),
            ms(max)
        );
    }
}

/// A copy of the story `old` dated now, its headline marked with `round`.
fn new_story(old: &str, round: usize) -> String {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    old.lines()
        .map(|l| match l.starts_with("date = ") {
            true => format!("date = \"{now}\""),
            false => l.replace("title = \"", &format!("title = \"New {round}: ")),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
