//! `gazette new`: a new story file, as a draft, with its front matter laid out in the order
//! an editor fills it in. It is named by its headline, or by its path under `content/` as
//! Hugo's `new` takes it (`gazette new city/harbour-works.md`); under `pages/`, a
//! standalone page (`gazette new pages/about.md`).

use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use clap::Args;

use super::{Global, fail, report_diagnostics};
use crate::config::{self, Site};
use crate::content::StoryFile;
use crate::core::{DateValue, PAGES_FOLDER, slugify};

#[derive(Args)]
pub struct NewArgs {
    /// The headline, or the story's path under content/ (`city/harbour-works.md`: the
    /// folder is the section, the file name the slug and a first headline); under pages/,
    /// a standalone page (`pages/about.md`)
    pub story: String,
    /// Section (folder under content/) of a story named by its headline, or by a file name
    /// with no folder; default: the first section in site.toml, else `news`
    #[arg(long, short)]
    pub section: Option<String>,
    /// Publication date (`2024-03-14 09:30`, `2024-03-14` or RFC 3339); default: now
    #[arg(long)]
    pub date: Option<String>,
    /// Open the new file in $EDITOR
    #[arg(long, short)]
    pub edit: bool,
}

/// Where the new story goes and what it is first called.
struct Placed {
    path: PathBuf,
    section: String,
    title: String,
    /// The day a file name starts with (`2025-03-14-pier.md`).
    day: Option<chrono::NaiveDate>,
}

pub fn run(global: &Global, args: &NewArgs) -> Result<(), u8> {
    let site = config::load(&global.root).map_err(|ds| report_diagnostics(&ds))?;
    let date = match &args.date {
        Some(text) => match DateValue::parse(text).and_then(|d| d.resolve(site.tz)) {
            Some(d) => d,
            None => {
                return fail(&format!(
                    "invalid --date `{text}`: {}",
                    crate::core::DATE_FORMATS
                ));
            }
        },
        None => chrono::Utc::now().with_timezone(&site.tz).fixed_offset(),
    };
    let placed = if args.story.ends_with(".md") {
        by_path(&site, &args.story, args.section.as_deref())
    } else {
        by_headline(&site, &args.story, args.section.as_deref(), &date)
    };
    let placed = match placed {
        Ok(p) => p,
        Err(message) => return fail(&message),
    };
    let path = &placed.path;
    if path.exists() {
        return fail(&format!(
            "{} already exists; choose another headline, path or date",
            path.display()
        ));
    }
    // A file named by its day is dated that day, unless --date says otherwise.
    let date = match (&args.date, placed.day) {
        (None, Some(day)) => day.to_string(),
        _ => crate::core::rfc3339(&date),
    };
    let text = if placed.section == PAGES_FOLDER {
        Ok(page_text(&placed.title))
    } else {
        story_text(&placed, date)
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => return fail(&e),
    };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, text));
    if let Err(e) = written {
        return fail(&format!("cannot write {}: {e}", path.display()));
    }
    println!("{}", path.display());
    if args.edit {
        return edit(path);
    }
    Ok(())
}

/// A new story's file: a draft, its fields in the order an editor fills them in.
fn story_text(placed: &Placed, date: String) -> Result<String, String> {
    let file = StoryFile {
        title: &placed.title,
        date,
        section: Some(&placed.section),
        dateline: Some(""),
        authors: Some(&[]),
        tags: Some(&[]),
        summary: Some(""),
        draft: Some(true),
        ..StoryFile::default()
    };
    file.with_body("")
}

/// A new standalone page's file (`gazette new pages/about.md`): undated, a draft.
fn page_text(title: &str) -> String {
    let title = toml::Value::String(title.to_string());
    format!("+++\ntitle = {title}\ndescription = \"\"\ndraft = true\n+++\n\n")
}

/// `content/<section>/<date>-<slug>.md` for a headline.
fn by_headline(
    site: &Site,
    title: &str,
    section: Option<&str>,
    date: &DateTime<FixedOffset>,
) -> Result<Placed, String> {
    let section = section.map_or_else(|| site.default_section(), slugify);
    let slug = slugify(title);
    if slug.is_empty() || section.is_empty() {
        return Err("the headline and section must contain letters or digits".into());
    }
    Ok(Placed {
        path: site
            .content_dir()
            .join(&section)
            .join(format!("{}-{slug}.md", date.format("%Y-%m-%d"))),
        section,
        title: title.to_string(),
        day: None,
    })
}

/// The story at `rel` under `content/`, which must stay inside it; its section is its first
/// folder (else `section`, else the site's default) and its first headline its file name.
fn by_path(site: &Site, rel: &str, section: Option<&str>) -> Result<Placed, String> {
    let path = Path::new(rel);
    let mut names = Vec::new();
    for part in path.components() {
        match part {
            Component::Normal(name) => match name.to_str() {
                Some(name) if !name.starts_with('.') => names.push(name),
                _ => {
                    return Err(format!(
                        "`{rel}`: a file or folder name may not start with a dot"
                    ));
                }
            },
            _ => {
                return Err(format!(
                    "`{rel}` must be a path inside content/, like `city/harbour-works.md` (no `..`, no leading `/`)"
                ));
            }
        }
    }
    let Some((file, folders)) = names.split_last() else {
        return Err(format!("`{rel}` names no file"));
    };
    let stem = file.trim_end_matches(".md");
    let (day, name) = dated(stem);
    let title = crate::archive::title_case(name);
    if slugify(&title).is_empty() {
        return Err(format!(
            "`{file}`: the file name must contain letters or digits"
        ));
    }
    let mut full = site.content_dir();
    let section = match (folders.first(), section) {
        (Some(folder), Some(given)) if slugify(given) != *folder => {
            return Err(format!(
                "`{rel}` is in section `{folder}`, but --section says `{given}`: give one of them"
            ));
        }
        (Some(folder), _) => folder.to_string(),
        (None, given) => {
            let section = given.map_or_else(|| site.default_section(), slugify);
            full.push(&section);
            section
        }
    };
    full.push(path);
    Ok(Placed {
        path: full,
        section,
        title,
        day,
    })
}

/// A file name's stem split into the day it starts with (`YYYY-MM-DD-`), if any, and the
/// rest.
fn dated(stem: &str) -> (Option<chrono::NaiveDate>, &str) {
    let day = stem
        .get(..10)
        .filter(|_| stem.as_bytes().get(10) == Some(&b'-') && stem.len() > 11)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match day {
        Some(day) => (Some(day), &stem[11..]),
        None => (None, stem),
    }
}

/// Open `path` in `$VISUAL` or `$EDITOR` (else `vi`).
fn edit(path: &Path) -> Result<(), u8> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    match std::process::Command::new(program)
        .args(parts)
        .arg(path)
        .status()
    {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => fail(&format!("{editor} exited with {s}")),
        Err(e) => fail(&format!("cannot start {editor}: {e}")),
    }
}
