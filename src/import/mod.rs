//! Import: wire copy, feeds and other generators' content into Gazette articles.
//!
//! [`run`] takes the inputs of `gazette import`, hands every file to its reader
//! ([`wire`] for saved agency copy, feeds, or another generator's posts), and lets the writer
//! place each article at `content/<section>/<yyyy>/<yyyy-mm-dd>-<slug>.md`. Importing the
//! same source again changes nothing; a changed source updates its article in place; a file
//! in `content/` that came from elsewhere is never overwritten. Every file fails alone.

mod article;
mod dateline;
mod dates;
mod dom;
mod escape;
mod feed;
mod generators;
mod html;
mod place;
mod safe;
mod sanitize;
mod wire;
mod writer;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::core::{Walked, is_hidden, walk_problem};

pub use crate::content::Source;
pub use article::Article;
pub use dateline::title_case as title_case_place;
pub use dates::YEARS;
pub use html::{Body, decode_entities, to_markdown, to_plain_text};
pub use sanitize::{base_url, clean as sanitize_html};
pub use wire::{parse as parse_wire, parse_with_zones as parse_wire_with_zones};
pub use writer::make_slug;

/// Another static site generator whose posts can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generator {
    Hugo,
    Jekyll,
    Zola,
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Generator::Hugo => "hugo",
            Generator::Jekyll => "jekyll",
            Generator::Zola => "zola",
        })
    }
}

impl std::str::FromStr for Generator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "hugo" => Ok(Generator::Hugo),
            "jekyll" => Ok(Generator::Jekyll),
            "zola" => Ok(Generator::Zola),
            _ => Err(format!("unknown generator {s:?} (hugo, jekyll or zola)")),
        }
    }
}

/// What `gazette import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files or directories.
    pub inputs: Vec<PathBuf>,
    /// `None`: wire copy (`.txt`) or feed (`.xml`, `.rss`, `.atom`, `.json`) by extension.
    pub from: Option<Generator>,
    /// The site's `content/` directory.
    pub content_dir: PathBuf,
    /// `--section`: where articles go unless the source names a section.
    pub section: String,
    /// `--year`: the year of wire copy that gives none.
    pub year: Option<i32>,
    /// The site's time zone: dates without an offset are in it, and every date is written in it.
    pub timezone: chrono_tz::Tz,
    /// `[import.agency_zones]`: each agency's zone (names upper-cased), in which the
    /// times of its wire copy are read.
    pub agency_zones: BTreeMap<String, chrono_tz::Tz>,
    /// `--language`: the language every imported story is written in, when not the site's.
    pub language: Option<String>,
    /// `--translation-of`: the story (a file under `content/`) the one imported story
    /// translates; it is written beside it, named for its language (`ferry.ru.md`).
    pub translation_of: Option<PathBuf>,
    /// Work everything out, write nothing.
    pub dry_run: bool,
}

/// Where `--translation-of` puts the imported story: beside the story it translates,
/// named for the import's language (`world/2026/2026-03-14-ferry.md` →
/// `…-ferry.ru.md`, `index.md` → `index.ru.md`), which links the two by their path.
fn translation_target(opts: &ImportOptions) -> Result<Option<PathBuf>, String> {
    let Some(original) = &opts.translation_of else {
        return Ok(None);
    };
    let Some(language) = &opts.language else {
        return Err(
            "--translation-of needs --language, the translation's (the site's own language is the original's)"
                .into(),
        );
    };
    let shown = original.display();
    let stem = original
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".md"))
        .ok_or_else(|| format!("--translation-of {shown}: not a story file (`.md`)"))?;
    if !original.is_file() {
        return Err(format!("--translation-of {shown}: no such story"));
    }
    let inside = |p: &Path| std::fs::canonicalize(p).ok();
    match (inside(original), inside(&opts.content_dir)) {
        (Some(file), Some(content)) if file.starts_with(&content) => {}
        _ => {
            return Err(format!(
                "--translation-of {shown}: not a story under content/"
            ));
        }
    }
    if let (_, Some(own)) = crate::core::split_language(stem) {
        return Err(format!(
            "--translation-of {shown}: that story is itself a translation (into `{own}`); name the original"
        ));
    }
    Ok(Some(
        original.with_file_name(format!("{stem}.{language}.md")),
    ))
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Articles written for the first time.
    pub imported: Vec<PathBuf>,
    /// Articles rewritten because their source changed.
    pub updated: Vec<PathBuf>,
    /// Articles whose source did not change.
    pub unchanged: Vec<PathBuf>,
    /// Input files (or feeds) that failed, with the reason.
    pub failed: Vec<(PathBuf, String)>,
    /// Input files with something that was not carried over, with what.
    pub unmapped: Vec<(PathBuf, String)>,
    /// A dry run: nothing was written, and the report says what would have been.
    pub dry_run: bool,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (imported, updated) = if self.dry_run {
            ("would import", "would update")
        } else {
            ("imported", "updated")
        };
        for path in &self.imported {
            writeln!(f, "{imported:<9} {}", path.display())?;
        }
        for path in &self.updated {
            writeln!(f, "{updated:<9} {}", path.display())?;
        }
        for path in &self.unchanged {
            writeln!(f, "unchanged {}", path.display())?;
        }
        for (path, note) in &self.unmapped {
            writeln!(f, "unmapped  {}: {note}", path.display())?;
        }
        for (path, reason) in &self.failed {
            writeln!(f, "failed    {}: {reason}", path.display())?;
        }
        write!(
            f,
            "{imported} {}, {updated} {}, unchanged {}, failed {}",
            self.imported.len(),
            self.updated.len(),
            self.unchanged.len(),
            self.failed.len()
        )?;
        if self.dry_run {
            write!(f, " (dry run: nothing written)")?;
        }
        Ok(())
    }
}

/// What kind of file an input is when `--from` is not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Wire,
    Feed,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Kind::Wire),
        "xml" | "rss" | "atom" | "json" => Some(Kind::Feed),
        _ => None,
    }
}

/// Runs an import. Never panics on bad input: every problem is a `failed` entry.
pub fn run(opts: &ImportOptions) -> ImportReport {
    let mut report = ImportReport {
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    let year = opts.year.filter(|y| !YEARS.contains(y)).map(|y| {
        format!(
            "--year {y} is outside the years {}\u{2013}{} Gazette accepts; give the four-digit year of the copy",
            YEARS.start(),
            YEARS.end()
        )
    });
    if let Some(why) = year.or_else(|| writer::check_section(&opts.section).err()) {
        for input in &opts.inputs {
            report.failed.push((input.clone(), why.clone()));
        }
        return report;
    }
    let translation = match translation_target(opts) {
        Ok(t) => t,
        Err(why) => {
            for input in &opts.inputs {
                report.failed.push((input.clone(), why.clone()));
            }
            return report;
        }
    };
    let mut writer = match writer::Writer::new(&opts.content_dir, opts.dry_run, translation) {
        Ok(writer) => writer,
        Err(why) => {
            // Earlier imports may be where the scan could not look: importing again could
            // duplicate them.
            for input in &opts.inputs {
                report.failed.push((input.clone(), why.clone()));
            }
            return report;
        }
    };
    for input in &opts.inputs {
        match opts.from {
            None => import_files(input, opts, &mut writer, &mut report),
            Some(generator) => import_site(generator, input, opts, &mut writer, &mut report),
        }
    }
    report
}

/// Wire copy and feeds: one file, or every such file under a directory.
fn import_files(
    input: &Path,
    opts: &ImportOptions,
    writer: &mut writer::Writer,
    report: &mut ImportReport,
) {
    let files: Vec<(PathBuf, Option<Kind>)> = if input.is_dir() {
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if let Some(kind) = kind_of(e.path()) {
                        files.push((e.into_path(), Some(kind)));
                    }
                }
                Ok(_) => {}
                Err(e) => report.failed.extend(walk_failure(input, &e)),
            }
        }
        files
    } else if input.is_file() {
        vec![(input.to_path_buf(), kind_of(input))]
    } else {
        report
            .failed
            .push((input.to_path_buf(), "no such file or directory".into()));
        return;
    };
    for (path, kind) in files {
        match kind {
            Some(Kind::Wire) => import_wire(&path, opts, writer, report),
            Some(Kind::Feed) => import_feed(&path, opts, writer, report),
            None => report.failed.push((
                path,
                "not wire copy (.txt) or a feed (.xml, .rss, .atom, .json); \
                 for another generator's posts pass --from"
                    .into(),
            )),
        }
    }
}

/// A path under an input folder that the walk could not read, as a failure saying why and
/// what to do (`None` for hidden files and editor junk, which are not imported anyway).
fn walk_failure(root: &Path, e: &walkdir::Error) -> Option<(PathBuf, String)> {
    const INPUT: Walked = Walked {
        folder: "the folder you import",
        what: "file to import",
    };
    let d = walk_problem(root, e, INPUT)?;
    let reason = match &d.hint {
        Some(hint) => format!("{}; {hint}", d.message),
        None => d.message,
    };
    Some((d.path, reason))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn import_wire(
    path: &Path,
    opts: &ImportOptions,
    writer: &mut writer::Writer,
    report: &mut ImportReport,
) {
    let result = read(path).and_then(|bytes| {
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| "the file is not UTF-8 text; save the copy as UTF-8".to_string())?;
        let mut article =
            wire::parse_with_zones(text, opts.year, opts.timezone, &opts.agency_zones)?;
        article.source.file = Some(name_of(path));
        article.source.hash = Some(blake3::hash(&bytes).to_hex().to_string());
        Ok(article)
    });
    settle(path, result, opts, writer, report);
}

fn import_feed(
    path: &Path,
    opts: &ImportOptions,
    writer: &mut writer::Writer,
    report: &mut ImportReport,
) {
    let items = match read(path).and_then(|b| feed::parse(&b, &name_of(path), opts.timezone)) {
        Ok(items) => items,
        Err(why) => {
            report.failed.push((path.to_path_buf(), why));
            return;
        }
    };
    for item in items {
        let result = item.map_err(|(label, why)| format!("{label}: {why}"));
        settle(path, result, opts, writer, report);
    }
}

fn import_site(
    generator: Generator,
    input: &Path,
    opts: &ImportOptions,
    writer: &mut writer::Writer,
    report: &mut ImportReport,
) {
    let posts = match generators::find_posts(generator, input) {
        Ok((posts, unread)) => {
            report.failed.extend(unread);
            posts
        }
        Err(why) => {
            report.failed.push((input.to_path_buf(), why));
            return;
        }
    };
    for post in posts {
        let result = read(&post.path)
            .and_then(|bytes| generators::convert(generator, &post, &bytes, opts.timezone));
        settle(&post.path, result, opts, writer, report);
    }
}

/// Places one article (or records why there is none) in the report.
fn settle(
    origin: &Path,
    result: Result<Article, String>,
    opts: &ImportOptions,
    writer: &mut writer::Writer,
    report: &mut ImportReport,
) {
    let mut article = match result {
        Ok(a) => a,
        Err(why) => {
            report.failed.push((origin.to_path_buf(), why));
            return;
        }
    };
    if opts.language.is_some() {
        article.language.clone_from(&opts.language);
    }
    match writer.place(&article, &opts.section) {
        Ok(outcome) => {
            for note in &article.notes {
                report.unmapped.push((origin.to_path_buf(), note.clone()));
            }
            match outcome {
                writer::Outcome::Imported(p) => report.imported.push(p),
                writer::Outcome::Updated(p) => report.updated.push(p),
                writer::Outcome::Unchanged(p) => report.unchanged.push(p),
            }
        }
        Err(why) => report.failed.push((origin.to_path_buf(), why)),
    }
}
