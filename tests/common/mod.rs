//! Test helpers: fixture sites in temporary folders, built with the real pipeline, and
//! parsers for what they output.
#![allow(dead_code)]

pub mod browser;
pub mod cache;
pub mod garage;
pub mod photos;
pub mod relay;
pub mod schemas;
pub mod server;

use std::path::{Path, PathBuf};

use gazette::driver::{self as build, Options, Report};

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site with the given files (path relative to the site root, contents).
    pub fn new(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = Site { dir };
        if !files.iter().any(|(p, _)| *p == "site.toml") {
            site.write("site.toml", "base_url = \"https://news.example.org/\"\n");
        }
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// [`Site::new`] from owned paths and contents (as tests that generate files build them).
    pub fn from_files(files: &[(String, String)]) -> Site {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Site::new(&refs)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    pub fn build(&self) -> Result<Report, build::Error> {
        self.build_with(Options::default())
    }

    pub fn build_with(&self, opts: Options) -> Result<Report, build::Error> {
        build::build(self.root(), &opts)
    }

    /// Build and expect success.
    pub fn built(&self) -> Report {
        match self.build() {
            Ok(r) => r,
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    /// Build and expect failure with content diagnostics; returns them as text lines.
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("build succeeded, expected errors"),
            Err(build::Error::Content(ds)) => ds.iter().map(|d| d.to_string()).collect(),
            Err(e) => panic!("expected content errors, got {e}"),
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(&format!("public/{rel}")).exists()
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.path(&format!("public/{rel}"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }

    /// An RSS or Atom feed of the output, parsed.
    pub fn feed(&self, rel: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(self.read(rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every file in the output, relative, sorted, with its bytes.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        snapshot(&self.path("public"))
    }
}

/// `file` (under `node_modules/`) of the npm `package`, installed into `target/<folder>/`
/// the first time a test needs it.
pub fn npm_file(folder: &str, package: &str, file: &str) -> Result<PathBuf, String> {
    let prefix = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(folder);
    let path = prefix.join("node_modules").join(file);
    if !path.exists() {
        let status = std::process::Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(package)
            .status()
            .map_err(|e| format!("npm is needed to install {package}: {e}"))?;
        if !status.success() || !path.exists() {
            return Err(format!("npm install {package} gave no {file}"));
        }
    }
    Ok(path)
}

pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// Text of every element matching a CSS selector.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// An attribute of every element matching a CSS selector.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A TOML-front-matter article.
pub fn article(title: &str, extra: &str, body: &str) -> String {
    format!("+++\ntitle = {}\n{extra}\n+++\n\n{body}\n", toml_str(title))
}

pub fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Is `c` a character no HTML or XML output may hold: C0 but tab, line feed and carriage
/// return; U+007F–U+009F; U+FFFE and U+FFFF? (Written out here, not taken from Gazette.)
pub fn is_forbidden_char(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// Every `.html` and `.xml` file of the output (relative path, text): each must be UTF-8,
/// hold no [`is_forbidden_char`], and parse: XML with roxmltree, HTML with not one html5ever error.
/// Returns how many were looked at; panics naming the first file that is not well-formed.
pub fn assert_outputs_well_formed(site: &Site) -> usize {
    assert_outputs_parse(site, true)
}

/// [`assert_outputs_well_formed`], where `strict_html` asks HTML pages to parse without a
/// single error (not when a story's body holds raw HTML of its own, which Markdown passes
/// through as its author wrote it).
pub fn assert_outputs_parse(site: &Site, strict_html: bool) -> usize {
    let mut checked = 0;
    for (rel, bytes) in site.snapshot() {
        let is_xml = rel.ends_with(".xml");
        if !is_xml && !rel.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"));
        if let Some(c) = text.chars().find(|c| is_forbidden_char(*c)) {
            panic!("{rel} holds U+{:04X}", c as u32);
        }
        if is_xml {
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{rel} is not well-formed XML: {e}\n{text}");
            }
        } else {
            // html5ever recovers from anything, so what counts is whether it had to.
            let doc = scraper::Html::parse_document(&text);
            assert!(
                !strict_html || doc.errors.is_empty(),
                "{rel} has HTML parse errors: {:?}",
                doc.errors
            );
        }
        checked += 1;
    }
    checked
}
