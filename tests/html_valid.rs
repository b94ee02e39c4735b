//! Every page of the sample site (both its editions) passes the Nu Html Checker (npm
//! package `vnu-jar`, run with Java), with no warning: no page whose text reads as another
//! language than its `lang`. The checker is installed into `target/vnu/` on first use.
//! Without Java or npm the test says so and passes, unless `GAZETTE_REQUIRE_TOOLS=1` (set by
//! `.ci/run`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn tool_missing(why: &str) {
    if std::env::var("GAZETTE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("{why}");
    }
    eprintln!("skipped: {why}");
}

fn vnu_jar() -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("VNU_JAR") {
        return Ok(PathBuf::from(p));
    }
    common::npm_file("vnu", "vnu-jar@26", "vnu-jar/build/dist/vnu.jar")
}

/// Copy the repository's sample site (not its output) into a temporary folder.
fn sample_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(repo)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(repo).unwrap();
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        if !matches!(
            top.as_deref(),
            Some("content" | "themes" | "static" | "templates" | "site.toml")
        ) {
            continue;
        }
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

#[test]
fn sample_site_pages_are_valid_html5() {
    if Command::new("java").arg("-version").output().is_err() {
        return tool_missing("java is needed to run the Nu Html Checker");
    }
    let jar = match vnu_jar() {
        Ok(j) => j,
        Err(e) => return tool_missing(&e),
    };
    let site = sample_site();
    let opts = gazette::driver::Options {
        switches: gazette::core::Switches {
            drafts: true,
            future: true,
        },
        ..Default::default()
    };
    gazette::driver::build(site.path(), &opts).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--skip-non-html", "--format", "gnu"])
        .arg(site.path().join("public"))
        .output()
        .expect("run vnu");
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Nu Html Checker found errors:\n{report}"
    );
    // No warning either: among them the checker's guess that a page is in another
    // language than its `lang` says (every edition's pages, and each story in its own).
    let warnings: Vec<&str> = report
        .lines()
        // (The checker calls its language guess an "info warning".)
        .filter(|l| l.contains(": error: ") || l.contains(" warning: "))
        .collect();
    assert!(
        warnings.is_empty(),
        "the Nu Html Checker warns:\n{}",
        warnings.join("\n")
    );
}
