//! Writes a synthetic news archive for benchmarks: N stories of about 3 KB of Markdown,
//! 6 sections, 200 authors, 60 datelines, 1 to 4 tags (a few very common, thousands rare),
//! dates spread over 25 years. The same N and seed always give the same files.
//!
//! Two kinds of prose: by default every word comes from a list of 54 common ones (the worst
//! case for a search index: every word is in every story); `zipf` draws words from 150,000
//! invented ones with frequency proportional to 1/rank, as words are spread in real text.
//!
//! With `ru`, the site has a Russian edition and every other story is the Russian
//! translation of the one before it (`story-1.ru.md` beside `story-0.md`'s path, same date):
//! N/2 stories in each edition, every one linked to its translation.
//!
//! Usage: cargo run --release --example gen_corpus -- N DIR [SEED] [zipf] [ru]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool, not for user input

use std::fmt::Write as _;
use std::path::PathBuf;

const SECTIONS: [&str; 6] = [
    "world", "politics", "business", "science", "culture", "sport",
];
const COMMON_TAGS: [&str; 5] = ["elections", "climate", "economy", "health", "transport"];
const WORDS: &[&str] = &[
    "the",
    "council",
    "harbour",
    "minister",
    "report",
    "on",
    "said",
    "in",
    "a",
    "vote",
    "new",
    "plan",
    "for",
    "city",
    "and",
    "officials",
    "after",
    "talks",
    "with",
    "regional",
    "budget",
    "ferry",
    "line",
    "opened",
    "was",
    "of",
    "by",
    "to",
    "their",
    "research",
    "data",
    "market",
    "prices",
    "weather",
    "coast",
    "north",
    "schools",
    "hospital",
    "court",
    "ruling",
    "festival",
    "team",
    "season",
    "record",
    "energy",
    "port",
    "workers",
    "union",
    "agreement",
    "election",
    "campaign",
    "inquiry",
    "bridge",
    "station",
];

/// Where the words of the prose come from.
enum Prose {
    /// The 54 words of [`WORDS`], equally often.
    Common,
    /// [`VOCABULARY`] invented words; `cumulative[k]` is the sum of 1/rank up to rank k+1.
    Zipf {
        words: Vec<String>,
        cumulative: Vec<f64>,
    },
}

/// How many distinct words `zipf` prose draws from.
const VOCABULARY: usize = 150_000;

impl Prose {
    fn zipf() -> Prose {
        const CONSONANTS: &[u8] = b"bcdfghklmnprstvz";
        const VOWELS: &[u8] = b"aeiou";
        // Word k spells k in base 80 with one two-letter syllable per digit: all distinct.
        let syllable = |d: usize| {
            let (c, v) = (CONSONANTS[d / VOWELS.len()], VOWELS[d % VOWELS.len()]);
            [c as char, v as char]
        };
        let base = CONSONANTS.len() * VOWELS.len();
        let words = (0..VOCABULARY)
            .map(|mut k| {
                let mut w = String::new();
                loop {
                    w.extend(syllable(k % base));
                    k /= base;
                    if k == 0 {
                        break;
                    }
                }
                w
            })
            .collect();
        let mut sum = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                sum += 1.0 / rank as f64;
                sum
            })
            .collect();
        Prose::Zipf { words, cumulative }
    }

    fn word(&self, rng: &mut fastrand::Rng) -> &str {
        match self {
            Prose::Common => WORDS[rng.usize(..WORDS.len())],
            Prose::Zipf { words, cumulative } => {
                let total = cumulative.last().copied().unwrap_or(1.0);
                let x = rng.f64() * total;
                let rank = cumulative.partition_point(|&c| c < x).min(words.len() - 1);
                &words[rank]
            }
        }
    }
}

fn sentence(rng: &mut fastrand::Rng, prose: &Prose, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = prose.word(rng);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus N DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let editions = args.iter().skip(4).any(|a| a == "ru");
    let prose = if args.get(4).is_some_and(|a| a == "zipf") {
        Prose::zipf()
    } else {
        Prose::Common
    };
    let dir = PathBuf::from(dir);
    let mut rng = fastrand::Rng::with_seed(seed);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("site.toml"),
        format!(
            "title = \"Benchmark Times\"\nbase_url = \"https://bench.example/\"\ntimezone = \"UTC\"\npaginate = 20\n{}",
            if editions {
                "\n[languages.ru]\ntitle = \"Benchmark Times (ru)\"\n"
            } else {
                ""
            }
        ),
    )?;
    let authors: Vec<String> = (0..200).map(|i| format!("Author {i:03}")).collect();
    let places: Vec<String> = (0..60).map(|i| format!("City {i:02}")).collect();
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("date");
    let span_minutes = 25 * 365 * 24 * 60;
    let mut original = (String::new(), chrono::NaiveDateTime::default(), 0);
    for i in 0..n {
        let mut section = SECTIONS[rng.usize(..SECTIONS.len())];
        let minutes = (i as i64 * span_minutes / n.max(1) as i64) + rng.i64(0..60);
        let mut date =
            start.and_hms_opt(0, 0, 0).expect("time") + chrono::Duration::minutes(minutes);
        // A translation: the story before it, in Russian, at its path and date.
        let translation = editions && i % 2 == 1;
        if translation {
            section = SECTIONS
                .iter()
                .find(|s| **s == original.0)
                .expect("section");
            date = original.1;
        } else {
            original = (section.to_string(), date, i);
        }
        let mut tags = Vec::new();
        for _ in 0..rng.usize(1..=4) {
            let t = if rng.u8(..) < 90 {
                COMMON_TAGS[rng.usize(..COMMON_TAGS.len())].to_string()
            } else {
                format!("topic-{}", rng.usize(..5000))
            };
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let title = sentence(&mut rng, &Prose::Common, 7)
            .trim_end_matches('.')
            .to_string();
        let mut text = String::with_capacity(3300);
        let _ = write!(
            text,
            "+++\ntitle = \"{title} {i}\"\ndate = \"{}\"\ntags = {:?}\nauthors = [\"{}\"]\ndateline = \"{}\"\n+++\n\n",
            date.format("%Y-%m-%dT%H:%M:00Z"),
            tags,
            authors[rng.usize(..authors.len())],
            places[rng.usize(..places.len())],
        );
        while text.len() < 3000 {
            if rng.u8(..10) == 0 {
                let _ = write!(
                    text,
                    "## {}\n\n",
                    sentence(&mut rng, &prose, 4).trim_end_matches('.')
                );
            }
            for _ in 0..4 {
                let words = rng.usize(8..18);
                text.push_str(&sentence(&mut rng, &prose, words));
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        let folder = dir
            .join("content")
            .join(section)
            .join(date.format("%Y").to_string());
        std::fs::create_dir_all(&folder)?;
        let name = match translation {
            true => format!("{}-story-{}.ru.md", date.format("%Y-%m-%d"), original.2),
            false => format!("{}-story-{i}.md", date.format("%Y-%m-%d")),
        };
        std::fs::write(folder.join(name), text)?;
    }
    eprintln!("wrote {n} stories to {}", dir.display());
    Ok(())
}
