//! The benchmark corpus generator (`examples/gen_corpus.rs`): the same N and seed give the
//! same files, the stories have the shape the benchmarks describe, and Gazette builds them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The example's binary, built beside the tests (`cargo test` builds examples; a run
/// that selected only this test builds it here).
fn gen_corpus() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let bin = profile_dir.join("examples").join("gen_corpus");
    if !bin.exists() {
        let mut build = Command::new(env!("CARGO"));
        build.args(["build", "--example", "gen_corpus"]);
        if !cfg!(debug_assertions) {
            build.arg("--release");
        }
        assert!(build.status().unwrap().success(), "cannot build gen_corpus");
    }
    bin
}

fn generate(n: usize, dir: &Path, seed: u64) {
    let status = Command::new(gen_corpus())
        .arg(n.to_string())
        .arg(dir)
        .arg(seed.to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn the_corpus_is_deterministic_and_shaped_like_a_news_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(400, &a, 7);
    generate(400, &b, 7);
    generate(400, &c, 8);
    let files = common::snapshot(&a);
    assert_eq!(files, common::snapshot(&b), "same seed, same files");
    assert_ne!(files, common::snapshot(&c), "another seed, other files");

    let stories: Vec<&(String, Vec<u8>)> =
        files.iter().filter(|(p, _)| p.ends_with(".md")).collect();
    assert_eq!(stories.len(), 400);
    let (mut sections, mut authors, mut years) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut tag_counts: HashMap<String, usize> = HashMap::new();
    let mut bytes = 0;
    for (path, text) in &stories {
        bytes += text.len();
        sections.insert(path.split('/').nth(1).unwrap().to_string());
        let text = std::str::from_utf8(text).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        let meta: toml::Table = toml::from_str(front).unwrap();
        let tags = meta["tags"].as_array().unwrap();
        assert!((1..=4).contains(&tags.len()), "{path}: {tags:?}");
        for t in tags {
            *tag_counts
                .entry(t.as_str().unwrap().to_string())
                .or_default() += 1;
        }
        assert!(!meta["dateline"].as_str().unwrap().is_empty(), "{path}");
        authors.insert(meta["authors"][0].as_str().unwrap().to_string());
        years.insert(meta["date"].as_str().unwrap()[..4].to_string());
    }
    // About 3 KB of Markdown a story, 6 sections, 200 authors, 25 years.
    let mean = bytes / stories.len();
    assert!((2800..3600).contains(&mean), "mean story size {mean}");
    assert_eq!(sections.len(), 6, "{sections:?}");
    assert!(
        authors.len() > 100 && authors.len() <= 200,
        "{}",
        authors.len()
    );
    assert_eq!(years.len(), 25, "{years:?}");
    // A few very common tags, and many rare ones.
    let mut counts: Vec<usize> = tag_counts.values().copied().collect();
    counts.sort_unstable_by(|x, y| y.cmp(x));
    assert!(counts[..5].iter().all(|&n| n > 40), "{:?}", &counts[..6]);
    assert!(counts[5] < 5, "{:?}", &counts[..6]);
    assert!(tag_counts.len() > 300, "{} tags", tag_counts.len());

    // Gazette builds it without a single error.
    std::fs::write(
        a.join("site.toml"),
        std::fs::read_to_string(a.join("site.toml")).unwrap() + "search = false\n",
    )
    .unwrap();
    let report = gazette::driver::build(&a, &gazette::driver::Options::default()).unwrap();
    assert_eq!(report.stories, 400);
}

#[test]
fn zipf_prose_spreads_words_as_real_text_does() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(gen_corpus())
        .arg("300")
        .arg(dir.path())
        .args(["7", "zipf"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut total = 0;
    for (path, bytes) in common::snapshot(dir.path()) {
        if !path.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let body = text.splitn(3, "+++").nth(2).unwrap();
        for word in body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *counts.entry(word.to_lowercase()).or_default() += 1;
            total += 1;
        }
    }
    let mut by_count: Vec<usize> = counts.values().copied().collect();
    by_count.sort_unstable_by(|a, b| b.cmp(a));
    // Frequency about 1/rank over 150,000 words: the commonest word is about 8 % of the
    // text, the tenth about a tenth as common, and most words are rare.
    let share = by_count[0] as f64 / total as f64;
    assert!((0.05..0.12).contains(&share), "top word {share}");
    let ratio = by_count[0] as f64 / by_count[9] as f64;
    assert!((5.0..20.0).contains(&ratio), "rank 1 / rank 10 = {ratio}");
    assert!(counts.len() > 10_000, "{} distinct words", counts.len());
}
