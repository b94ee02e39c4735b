//! `gazette new`: a new article file with its front matter filled in.

use clap::Args;

use super::{Global, fail, report_diagnostics};
use crate::config;
use crate::content::dates::DateValue;
use crate::content::text::slugify;

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
                    crate::content::dates::DATE_FORMATS
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
    let mut fm = toml::Table::new();
    fm.insert("title".into(), toml::Value::String(args.title.clone()));
    fm.insert(
        "date".into(),
        toml::Value::String(crate::plan::rfc3339(&date)),
    );
    if args.draft {
        fm.insert("draft".into(), toml::Value::Boolean(true));
    }
    fm.insert("tags".into(), toml::Value::Array(Vec::new()));
    fm.insert("authors".into(), toml::Value::Array(Vec::new()));
    let text = format!(
        "+++\n{}+++\n\nWrite the story here.\n",
        toml::to_string(&fm).unwrap_or_default()
    );
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
