//! `gazette new`: a new article file with its front matter filled in.

use clap::Args;

use super::{Global, fail, report_diagnostics};
use crate::config;
use crate::content::StoryFile;
use crate::core::{DateValue, slugify};

#[derive(Args)]
pub struct NewArgs {
    /// The headline
    pub title: String,
    /// Section (folder under content/); default: the first section in site.toml, else `news`
    #[arg(long, short)]
    pub section: Option<String>,
    /// Publication date (`2024-03-14 09:30`, `2024-03-14` or RFC 3339); default: now
    #[arg(long)]
    pub date: Option<String>,
    /// Mark the story as a draft
    #[arg(long)]
    pub draft: bool,
    /// Open the new file in $EDITOR
    #[arg(long, short)]
    pub edit: bool,
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
    let section = match &args.section {
        Some(s) => slugify(s),
        None => site.default_section(),
    };
    let slug = slugify(&args.title);
    if slug.is_empty() || section.is_empty() {
        return fail("the headline and section must contain letters or digits");
    }
    let path = site
        .content_dir()
        .join(&section)
        .join(format!("{}-{slug}.md", date.format("%Y-%m-%d")));
    if path.exists() {
        return fail(&format!(
            "{} already exists; choose another headline or date",
            path.display()
        ));
    }
    let file = StoryFile {
        title: &args.title,
        date: crate::core::rfc3339(&date),
        tags: Some(&[]),
        authors: Some(&[]),
        draft: args.draft.then_some(true),
        ..StoryFile::default()
    };
    let text = match file.with_body("Write the story here.") {
        Ok(text) => text,
        Err(e) => return fail(&e),
    };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, text));
    if let Err(e) = written {
        return fail(&format!("cannot write {}: {e}", path.display()));
    }
    println!("{}", path.display());
    if args.edit {
        let editor = std::env::var("VISUAL")
            .or_else(|_| std::env::var("EDITOR"))
            .unwrap_or_else(|_| "vi".into());
        let mut parts = editor.split_whitespace();
        let program = parts.next().unwrap_or("vi");
        match std::process::Command::new(program)
            .args(parts)
            .arg(&path)
            .status()
        {
            Ok(s) if s.success() => {}
            Ok(s) => return fail(&format!("{editor} exited with {s}")),
            Err(e) => return fail(&format!("cannot start {editor}: {e}")),
        }
    }
    Ok(())
}
