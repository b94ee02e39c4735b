//! `gazette deploy` against a real S3 server (Garage, started by the tests on loopback
//! ports): what it sends, what it leaves alone, how it recovers; and its refusals (a
//! target badly written in site.toml, a build that is stale or did not finish).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::garage::{Garage, KEY_ID, REGION, SECRET, garage_or_skip};
use common::{Site, article};

const PREFIX: &str = "site";

fn gazette(site: &Site) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("gazette"));
    cmd.arg("--root").arg(site.root());
    // Nothing from the machine's own AWS set-up: credentials only as each test gives them.
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", site.path(".home"));
    cmd
}

/// `gazette deploy ARGS` with the test key in the environment.
fn deploy(site: &Site, args: &[&str]) -> Output {
    gazette(site)
        .arg("deploy")
        .args(args)
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Deploy and expect success; the summary's numbers by name (`uploaded`, `deleted`,
/// `unchanged`, `requests`, and `failed` when some failed).
fn deployed(site: &Site, args: &[&str]) -> BTreeMap<String, u64> {
    let out = deploy(site, args);
    assert!(out.status.success(), "deploy failed:\n{}", text(&out));
    summary(&String::from_utf8_lossy(&out.stdout))
}

fn summary(stdout: &str) -> BTreeMap<String, u64> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("deployed to") || l.starts_with("dry run for"))
        .unwrap_or_else(|| panic!("no summary in:\n{stdout}"));
    // `…: 3 uploaded (12 KB), 0 deleted, 40 unchanged; 3 requests in 0.1 s`, or with
    // `to upload` for a dry run.
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || ",;:()".contains(c))
        .filter(|w| !w.is_empty() && *w != "to")
        .collect();
    let mut out = BTreeMap::new();
    for pair in words.windows(2) {
        let name = match pair[1] {
            "upload" | "uploaded" => "uploaded",
            "delete" | "deleted" => "deleted",
            "unchanged" => "unchanged",
            "request" | "requests" => "requests",
            "failed" => "failed",
            _ => continue,
        };
        if let Ok(n) = pair[0].parse() {
            out.insert(name.to_string(), n);
        }
    }
    out
}

fn build(site: &Site) -> Vec<String> {
    let out = gazette(site).args(["--verbose", "build"]).output().unwrap();
    assert!(out.status.success(), "build failed:\n{}", text(&out));
    // `--verbose` lists every path written or removed, indented.
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.contains(' '))
        .map(str::to_string)
        .collect()
}

fn stories(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("content/city/2024-03-{:02}-story-{i}.md", i % 28 + 1),
                article(
                    &format!("Harbour story number {i}"),
                    &format!("tags = [\"harbour\", \"t{}\"]", i % 5),
                    "The ferry ran on time again.",
                ),
            )
        })
        .collect()
}

fn site_for(garage: &Garage, bucket: &str, n: usize) -> Site {
    let mut files = stories(n);
    files.push(("site.toml".into(), site_toml(&garage.endpoint, bucket)));
    files.push((
        "static/images/pier.svg".into(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into(),
    ));
    Site::from_files(&files)
}

fn site_toml(endpoint: &str, bucket: &str) -> String {
    format!(
        "base_url = \"https://news.example.org/\"\n\n[deploy.garage]\nurl = \"s3://{bucket}/{PREFIX}\"\nendpoint = \"{endpoint}\"\nregion = \"{REGION}\"\n"
    )
}

/// The bucket's folder holds exactly what the output folder holds, byte for byte.
fn assert_bucket_is_public(garage: &Garage, bucket: &str, site: &Site) {
    let remote = garage.snapshot(bucket, PREFIX);
    let local = site.snapshot();
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
    let (r, l) = (names(&remote), names(&local));
    assert_eq!(
        r,
        l,
        "only in the bucket: {:?}\nonly in public/: {:?}",
        r.difference(&l).collect::<Vec<_>>(),
        l.difference(&r).collect::<Vec<_>>()
    );
    for ((name, a), (_, b)) in remote.iter().zip(&local) {
        assert!(a == b, "{name} differs in the bucket");
    }
}

#[test]
fn first_deploy_sends_everything_and_a_second_sends_nothing() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("first");
    // Someone else's object, there before Gazette: never touched.
    garage.put(&bucket, "site/notes/keep.txt", b"not the site's");
    let site = site_for(&garage, &bucket, 6);
    build(&site);
    let files = site.snapshot().len() as u64;
    let first = deployed(&site, &[]);
    assert_eq!(first["uploaded"], files, "{first:?}");
    assert_eq!(first["deleted"], 0);
    let keep = |g: &Garage| {
        g.list(&bucket)
            .into_iter()
            .find(|(k, _, _)| k == "site/notes/keep.txt")
    };
    assert!(keep(&garage).is_some());
    // Everything but the foreign object is the site, byte for byte.
    let remote: Vec<_> = garage
        .snapshot(&bucket, PREFIX)
        .into_iter()
        .filter(|(n, _)| n != "notes/keep.txt")
        .collect();
    assert_eq!(remote, site.snapshot());

    // Headers: types by extension, short caching for pages and feeds, long for images.
    let page = garage.get(&bucket, "site/index.html");
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.cache_control.as_deref(), Some("public, max-age=300"));
    let feed = garage.get(&bucket, "site/rss.xml");
    assert_eq!(
        feed.content_type.as_deref(),
        Some("application/xml; charset=utf-8")
    );
    let image = garage.get(&bucket, "site/images/pier.svg");
    assert_eq!(
        image.content_type.as_deref(),
        Some("image/svg+xml; charset=utf-8")
    );
    assert_eq!(
        image.cache_control.as_deref(),
        Some("public, max-age=2592000")
    );
    let css = garage.get(&bucket, "site/style.css");
    assert_eq!(css.content_type.as_deref(), Some("text/css; charset=utf-8"));

    // Nothing changed: nothing sent, not one request, and no object touched.
    let before = garage.list(&bucket);
    build(&site);
    let again = deployed(&site, &[]);
    assert_eq!(
        (again["uploaded"], again["deleted"], again["requests"]),
        (0, 0, 0),
        "{again:?}"
    );
    assert_eq!(again["unchanged"], files);
    assert_eq!(
        garage.list(&bucket),
        before,
        "ETags or modification times changed"
    );
    // --verify lists the bucket (so makes requests) and still sends nothing.
    let verify = deployed(&site, &["--verify"]);
    assert_eq!(
        (verify["uploaded"], verify["deleted"]),
        (0, 0),
        "{verify:?}"
    );
    assert!(verify["requests"] >= 1);
    assert_eq!(garage.list(&bucket), before);
    assert!(keep(&garage).is_some());
}

#[test]
fn a_new_cache_rule_resends_the_files_it_changes_and_verify_repairs_the_bucket() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("rules");
    let site = site_for(&garage, &bucket, 3);
    build(&site);
    deployed(&site, &[]);
    // A rule for the images: the same bytes go up again, the image alone, with it.
    let toml = site_toml(&garage.endpoint, &bucket)
        + "cache_control = [{ path = \"*.svg\", value = \"public, max-age=60\" }]\n";
    site.write("site.toml", &toml);
    build(&site);
    let resent = deployed(&site, &[]);
    assert_eq!(
        (resent["uploaded"], resent["deleted"]),
        (1, 0),
        "{resent:?}"
    );
    let image = garage.get(&bucket, "site/images/pier.svg");
    assert_eq!(image.cache_control.as_deref(), Some("public, max-age=60"));
    assert_eq!(
        garage
            .get(&bucket, "site/index.html")
            .cache_control
            .as_deref(),
        Some("public, max-age=300")
    );
    // An object someone changed in the bucket: the record cannot know, --verify sees it
    // and puts the site's bytes back.
    garage.put(&bucket, "site/index.html", b"defaced");
    let trusting = deployed(&site, &[]);
    assert_eq!(trusting["uploaded"], 0, "{trusting:?}");
    let verify = deployed(&site, &["--verify"]);
    assert_eq!(verify["uploaded"], 1, "{verify:?}");
    assert_bucket_is_public(&garage, &bucket, &site);
}

#[test]
fn an_edit_sends_what_the_build_rewrote_and_a_deleted_story_goes() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("edits");
    let site = site_for(&garage, &bucket, 8);
    build(&site);
    deployed(&site, &[]);

    // One story's body edited: the deploy sends exactly the files the build rewrote, and
    // removes those it removed (the search index's fragments are named by their contents).
    let path = "content/city/2024-03-03-story-2.md";
    site.write(
        path,
        &article(
            "Harbour story number 2",
            "tags = [\"harbour\", \"t2\"]",
            "The ferry was late.",
        ),
    );
    let rewritten: BTreeSet<String> = build(&site).into_iter().collect();
    assert!(!rewritten.is_empty());
    let out = deploy(&site, &["--verbose"]);
    assert!(out.status.success(), "{}", text(&out));
    let sent: BTreeSet<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(str::to_string)
        .collect();
    assert_eq!(sent, rewritten);
    let numbers = summary(&String::from_utf8_lossy(&out.stdout));
    let (up, del) = (numbers["uploaded"], numbers["deleted"]);
    assert!(up > 0 && up + del == rewritten.len() as u64, "{numbers:?}");
    // A request the busy server failed is retried, and counted apart.
    let failed = numbers.get("failed").copied().unwrap_or(0);
    assert_eq!(
        numbers["requests"] - failed,
        up + 2 * del,
        "one PUT per file sent, a HEAD and a DELETE per file removed: {numbers:?}"
    );
    assert_bucket_is_public(&garage, &bucket, &site);

    // A story deleted: its page leaves the bucket too, but nothing Gazette did not put there.
    garage.put(&bucket, "site/2024/03/05/theirs.html", b"someone else's");
    let page = "2024/03/05/story-4/index.html";
    assert!(site.exists(page));
    std::fs::remove_file(site.path("content/city/2024-03-05-story-4.md")).unwrap();
    build(&site);
    assert!(!site.exists(page));
    let gone = deployed(&site, &[]);
    assert!(gone["deleted"] >= 1, "{gone:?}");
    let keys: Vec<String> = garage
        .list(&bucket)
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    assert!(!keys.contains(&format!("site/{page}")));
    assert!(keys.contains(&"site/2024/03/05/theirs.html".to_string()));
    garage.put(&bucket, "site/2024/03/05/theirs.html", b"");
    let remote: Vec<_> = garage
        .snapshot(&bucket, PREFIX)
        .into_iter()
        .filter(|(n, _)| n != "2024/03/05/theirs.html")
        .collect();
    assert_eq!(remote, site.snapshot());
}

#[test]
fn a_file_changed_in_the_bucket_by_someone_else_is_not_deleted() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("theirs");
    let site = site_for(&garage, &bucket, 3);
    build(&site);
    deployed(&site, &[]);
    // Someone replaces a story page Gazette put there; then the story is deleted.
    let page = "2024/03/02/story-1/index.html";
    garage.put(&bucket, &format!("site/{page}"), b"an editor's own page");
    std::fs::remove_file(site.path("content/city/2024-03-02-story-1.md")).unwrap();
    build(&site);
    let out = deploy(&site, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("changed in the bucket after Gazette put them there"),
        "{}",
        text(&out)
    );
    assert_eq!(
        garage.get(&bucket, &format!("site/{page}")).bytes,
        b"an editor's own page"
    );
}

#[test]
fn a_deploy_killed_half_way_converges_when_run_again() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("killed");
    let site = site_for(&garage, &bucket, 120);
    build(&site);
    let total = site.snapshot().len();
    let log = site.path(".gazette/deploy/garage/log");
    // One upload at a time, so the kill lands among them.
    let mut child = gazette(&site)
        .arg("deploy")
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("GAZETTE_DEPLOY_JOBS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let puts = std::fs::read_to_string(&log)
            .map(|t| t.lines().filter(|l| l.starts_with("put ")).count())
            .unwrap_or(0);
        if puts >= 20 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no uploads logged"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the deploy ended before the kill"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // kill -9: no chance to save anything.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(log.exists(), "the deploy finished before it was killed");
    let held = garage.snapshot(&bucket, PREFIX).len();
    assert!(
        held >= 20 && held < total,
        "{held} of {total} files in the bucket"
    );
    let resumed = deployed(&site, &[]);
    assert!(
        resumed["uploaded"] <= (total - 20) as u64 + 1,
        "{resumed:?}: started again from scratch"
    );
    assert_bucket_is_public(&garage, &bucket, &site);
    assert_eq!(deployed(&site, &[])["uploaded"], 0);
}

/// `gazette deploy` started in the background (one upload at a time, so that what the test
/// does lands among them), and the deploy log it writes.
fn deploy_in_background(site: &Site) -> (std::process::Child, std::path::PathBuf) {
    let child = gazette(site)
        .arg("deploy")
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("GAZETTE_DEPLOY_JOBS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child, site.path(".gazette/deploy/garage/log"))
}

/// Wait until the deploy log records `n` uploads.
fn wait_for_puts(child: &mut std::process::Child, log: &std::path::Path, n: usize) {
    let start = Instant::now();
    loop {
        let puts = std::fs::read_to_string(log)
            .map(|t| t.lines().filter(|l| l.starts_with("put ")).count())
            .unwrap_or(0);
        if puts >= n {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no uploads logged"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the deploy ended before {n} uploads"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn ctrl_c_stops_a_deploy_cleanly_and_a_rerun_finishes_it() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("interrupted");
    let site = site_for(&garage, &bucket, 120);
    build(&site);
    let total = site.snapshot().len();
    let (mut child, log) = deploy_in_background(&site);
    wait_for_puts(&mut child, &log, 20);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        !out.status.success(),
        "an interrupted deploy must not say it succeeded"
    );
    let said = text(&out);
    assert!(said.contains("interrupted"), "{said}");
    assert!(said.contains("run `gazette deploy` again"), "{said}");
    let held = garage.snapshot(&bucket, PREFIX).len();
    assert!(
        held >= 20 && held < total,
        "{held} of {total} in the bucket"
    );
    // What was sent before Ctrl-C is not sent again.
    let resumed = deployed(&site, &[]);
    assert!(
        resumed["uploaded"] <= (total - 20) as u64,
        "{resumed:?}: started again from scratch"
    );
    assert_bucket_is_public(&garage, &bucket, &site);
}

#[test]
fn a_network_that_drops_out_is_ridden_out_or_named_and_a_rerun_converges() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("outage");
    let relay = common::relay::Relay::to(&garage.endpoint);
    let site = site_for(&garage, &bucket, 120);
    site.write("site.toml", &site_toml(&relay.endpoint, &bucket));
    build(&site);

    // A short drop-out: the retries ride it out, and the deploy ends complete.
    let (mut child, log) = deploy_in_background(&site);
    wait_for_puts(&mut child, &log, 10);
    relay.cut();
    std::thread::sleep(Duration::from_millis(700));
    relay.restore();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let numbers = summary(&String::from_utf8_lossy(&out.stdout));
    assert!(
        numbers.get("failed").is_some_and(|&n| n >= 1),
        "{numbers:?}"
    );
    assert_bucket_is_public(&garage, &bucket, &site);

    // A long one: the deploy gives up, naming the file and the trouble, and a deploy
    // once the network is back sends the rest.
    for i in 0..60 {
        let (path, _) = &stories(120)[i];
        site.write(
            path,
            &article(
                &format!("Harbour story number {i}"),
                &format!("tags = [\"harbour\", \"t{}\"]", i % 5),
                "The ferry ran late, for once.",
            ),
        );
    }
    build(&site);
    let (mut child, log) = deploy_in_background(&site);
    let before = std::fs::read_to_string(&log)
        .map(|t| t.lines().filter(|l| l.starts_with("put ")).count())
        .unwrap_or(0);
    wait_for_puts(&mut child, &log, before + 5);
    relay.cut();
    let start = Instant::now();
    let out = child.wait_with_output().unwrap();
    let waited = start.elapsed();
    relay.restore();
    let said = text(&out);
    assert!(
        !out.status.success(),
        "the deploy succeeded with the network gone:\n{said}"
    );
    assert!(said.contains("cannot upload "), "{said}");
    assert!(
        waited < Duration::from_secs(120),
        "gave up only after {waited:?}"
    );
    let resumed = deployed(&site, &[]);
    assert!(resumed["uploaded"] >= 1, "{resumed:?}");
    assert_bucket_is_public(&garage, &bucket, &site);
    assert_eq!(deployed(&site, &[])["uploaded"], 0);
}

#[test]
fn a_damaged_record_is_ignored_and_the_listing_used() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("damaged");
    let site = site_for(&garage, &bucket, 3);
    build(&site);
    deployed(&site, &[]);
    let shard = site.path(".gazette/deploy/garage/00");
    std::fs::write(&shard, "gazette-deploy 2\nnonsense\n").unwrap();
    let out = deploy(&site, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("is ignored, and its listing used"),
        "{}",
        text(&out)
    );
    let numbers = summary(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        numbers["uploaded"], 0,
        "the listing shows the bucket is up to date"
    );
    // A record made for another bucket is foreign: likewise ignored.
    let other = site_toml(&garage.endpoint, &garage.bucket("damaged-other"));
    site.write("site.toml", &other);
    build(&site);
    let moved = deployed(&site, &[]);
    assert_eq!(moved["uploaded"], site.snapshot().len() as u64);
}

#[test]
fn dry_run_lists_and_changes_nothing() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("dry");
    let site = site_for(&garage, &bucket, 2);
    build(&site);
    let out = deploy(&site, &["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("upload index.html\n"), "{stdout}");
    let numbers = summary(&stdout);
    assert_eq!(
        numbers["uploaded"],
        site.snapshot().len() as u64,
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("upload ")).count(),
        site.snapshot().len()
    );
    assert!(garage.list(&bucket).is_empty());
    assert!(!site.path(".gazette/deploy/garage").exists());
}

#[test]
fn credentials_come_from_a_profile_file_too() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("profile");
    let site = site_for(&garage, &bucket, 1);
    build(&site);
    site.write(
        ".home/.aws/credentials",
        &format!("[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n\n[desk]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"),
    );
    let out = gazette(&site)
        .args(["deploy"])
        .env("AWS_PROFILE", "desk")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_bucket_is_public(&garage, &bucket, &site);
}

#[test]
fn wrong_credentials_and_a_missing_bucket_are_named() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("refused");
    let site = site_for(&garage, &bucket, 1);
    build(&site);
    let out = gazette(&site)
        .arg("deploy")
        .env("AWS_ACCESS_KEY_ID", "GK00000000000000000000dead")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out);
    assert!(
        message.contains("credentials from AWS_ACCESS_KEY_ID"),
        "{message}"
    );
    assert!(garage.list(&bucket).is_empty());

    site.write("site.toml", &site_toml(&garage.endpoint, "no-such-bucket"));
    build(&site);
    let out = deploy(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out);
    assert!(
        message.contains("`no-such-bucket` does not exist"),
        "{message}"
    );

    // A key that may read the bucket but not write to it: the file, and the store's word.
    let read_only = garage.read_only_bucket("readonly");
    site.write("site.toml", &site_toml(&garage.endpoint, &read_only));
    build(&site);
    let out = deploy(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out);
    assert!(message.contains("cannot upload "), "{message}");
    assert!(
        message.contains("answered AccessDenied") && message.contains("may not upload"),
        "{message}"
    );
    assert!(garage.list(&read_only).is_empty());

    // No credentials at all: said before any request.
    let out = gazette(&site).arg("deploy").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("no credentials"), "{}", text(&out));
}

#[test]
fn deploy_with_build_builds_first() {
    let Some(garage) = garage_or_skip() else {
        return;
    };
    let bucket = garage.bucket("withbuild");
    let site = site_for(&garage, &bucket, 2);
    let out = deploy(&site, &["--build"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_bucket_is_public(&garage, &bucket, &site);
}

#[test]
fn a_build_that_is_missing_stale_or_unfinished_is_refused() {
    let site = Site::new(&[
        (
            "site.toml",
            "[deploy.live]\nurl = \"s3://news-archive\"\nendpoint = \"http://127.0.0.1:9\"\n",
        ),
        ("content/city/2024-03-01-a.md", &article("A", "", "Body.")),
    ]);
    let refused = |site: &Site| {
        let out = deploy(site, &[]);
        assert_eq!(out.status.code(), Some(1));
        let t = text(&out);
        assert!(
            t.contains("run `gazette build`, or `gazette deploy --build`"),
            "{t}"
        );
        t
    };
    assert!(refused(&site).contains("not the output of a finished `gazette build`"));
    build(&site);
    site.write("content/city/2024-03-02-b.md", &article("B", "", "Body."));
    assert!(refused(&site).contains("the site changed since the last build"));
    build(&site);
    // A build that fails leaves public/ as it was, and its sources are not what it holds.
    site.write("content/city/2024-03-03-c.md", "+++\ntitle = \n+++\n");
    assert!(
        !gazette(&site)
            .arg("build")
            .output()
            .unwrap()
            .status
            .success()
    );
    assert!(refused(&site).contains("the site changed since the last build"));
    std::fs::remove_file(site.path("content/city/2024-03-03-c.md")).unwrap();
    // A build cut short while it moved files in leaves its journal.
    std::fs::write(site.path(".gazette/journal"), "gazette-journal 1\n").unwrap();
    assert!(refused(&site).contains("was interrupted"));
    std::fs::remove_file(site.path(".gazette/journal")).unwrap();
    // A build of drafts is not the site.
    let out = gazette(&site).args(["build", "--drafts"]).output().unwrap();
    assert!(out.status.success());
    assert!(refused(&site).contains("--drafts"));
}

#[test]
fn deploy_targets_are_checked_at_their_lines() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[deploy.live]\nurl = \"https://bucket\"\n",
            "site.toml:2:7",
            "not an s3:// URL",
        ),
        (
            "[deploy.live]\nurl = \"s3://Bad_Bucket\"\n",
            "site.toml:2:7",
            "is not a bucket name",
        ),
        (
            "[deploy.live]\nurl = \"s3://news/../x\"\n",
            "site.toml:2:7",
            "cannot name objects",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\nsecret_access_key = \"abc\"\n",
            "site.toml:3:1",
            "looks like a credential",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\nendpoint = \"https://key:secret@host\"\n",
            "site.toml:3:12",
            "user name or password",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\nendpoint = \"ftp://host\"\n",
            "site.toml:3:12",
            "not an http:// or https:// URL",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\nregion = \"eu west\"\n",
            "site.toml:3:10",
            "region `eu west`",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\ncache_control = [{ path = \"a/[b\", value = \"x\" }]\n",
            "site.toml:3:27",
            "is not a pattern",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\ncache_control = [{ path = \"*.html\", value = \"a\\nb\" }]\n",
            "site.toml:3:45",
            "printable ASCII",
        ),
        (
            "[deploy.live]\nurl = \"s3://news\"\nregoin = \"x\"\n",
            "site.toml:3:1",
            "did you mean `region`",
        ),
        (
            "[deploy.live]\nendpoint = \"https://x\"\n",
            "site.toml:1:1",
            "missing field `url`",
        ),
        (
            "[deploy.\"a b\"]\nurl = \"s3://news\"\n",
            "site.toml:1:2",
            "must be letters, digits",
        ),
    ];
    for (toml, at, says) in cases {
        let site = Site::new(&[("site.toml", toml)]);
        let out = deploy(&site, &[]);
        assert_eq!(out.status.code(), Some(1), "{toml}");
        let t = text(&out);
        assert!(
            t.contains(at) && t.contains(says),
            "{toml}\nexpected {at} {says}, got:\n{t}"
        );
        // Every command reads site.toml: a build says the same.
        let built = gazette(&site).arg("build").output().unwrap();
        assert!(text(&built).contains(says), "{toml}: {}", text(&built));
    }
}

#[test]
fn the_target_must_be_named_when_there_are_several() {
    let two = "[deploy.live]\nurl = \"s3://news\"\n[deploy.staging]\nurl = \"s3://news-staging\"\n";
    let site = Site::new(&[("site.toml", two)]);
    build(&site);
    let t = text(&deploy(&site, &[]));
    assert!(t.contains("2 deploy targets (live, staging)"), "{t}");
    let t = text(&deploy(&site, &["stagin"]));
    assert!(
        t.contains("no [deploy.stagin] (did you mean `staging`?)"),
        "{t}"
    );
    let none = Site::new(&[]);
    build(&none);
    assert!(text(&deploy(&none, &[])).contains("has no deploy target"));
}
