//! What one search costs a reader: serves a built site with `gazette serve --verbose`, opens
//! `/search/?q=WORD` in a fresh headless Chromium for each word, waits until the results
//! are shown, and prints the time that took and the bytes of every search file the server
//! sent (the page's own and Pagefind's worker's requests both reach the server's log).
//!
//! Usage: cargo run --release --example search_bytes -- GAZETTE SITE WORD...
//! (SITE must have been built; needs chromium and chromedriver.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool, not for user input

#[path = "../tests/common/browser.rs"]
mod browser;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(gazette), Some(site)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: search_bytes GAZETTE SITE WORD...");
        std::process::exit(2);
    };
    let site = Path::new(site);
    let mut server = Command::new(gazette)
        .args(["--root"])
        .arg(site)
        .args(["serve", "--port", "0", "--verbose"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gazette serve");
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = log.clone();
    let stderr = server.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("the server's address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split(['/', ' ']).next().unwrap().to_string();
        }
    };
    let public = site.join("public");
    println!("| query | results shown | status | time to results | search files fetched | bytes |");
    println!("|---|---|---|---|---|---|");
    for word in &args[3..] {
        let browser = browser::Browser::start().expect("chromium");
        let before = log.lock().unwrap().len();
        let start = Instant::now();
        browser.open(&format!("http://{address}/search/?q={word}"));
        browser.wait_for(
            "return document.getElementById('search').dataset.state === 'done'",
            "the results",
        );
        let elapsed = start.elapsed();
        let shown = browser.js("return document.querySelectorAll('#search-results li').length");
        let status = browser.js("return document.getElementById('search-status').textContent");
        std::thread::sleep(Duration::from_millis(200));
        let requests: Vec<String> = log.lock().unwrap()[before..]
            .iter()
            .filter_map(|l| l.strip_prefix("GET "))
            .filter_map(|l| l.split(' ').next())
            .filter(|p| p.starts_with("/search/pagefind/"))
            .map(str::to_string)
            .collect();
        let bytes: u64 = requests
            .iter()
            .filter_map(|p| std::fs::metadata(public.join(p.trim_start_matches('/'))).ok())
            .map(|m| m.len())
            .sum();
        println!(
            "| `{word}` | {shown} | {} | {:.2} s | {} | {bytes} |",
            status.as_str().unwrap_or_default(),
            elapsed.as_secs_f64(),
            requests.len()
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}
