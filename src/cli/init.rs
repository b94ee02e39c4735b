//! `gazette init`: a new site, ready to build.

use std::path::PathBuf;

use clap::Args;

use super::{Global, fail};
use crate::theme::default_theme_files;

#[derive(Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing; default: the --root folder)
    pub dir: Option<PathBuf>,
    /// Create the site even if the folder is not empty (existing files are kept)
    #[arg(long)]
    pub force: bool,
    /// Copy the built-in theme into themes/default/ to change it (the copy then replaces
    /// the built-in theme, and later versions' theme fixes do not reach it)
    #[arg(long)]
    pub theme_copy: bool,
}

const SITE_TOML: &str = r#"# Gazette site configuration. Every key is optional; see the README for all of them.
title = "My Gazette"
description = "News and archive"
base_url = "https://news.example.org/"
language = "en"
timezone = "UTC"
# permalink = "/:year/:month/:day/:slug/"
# paginate = 20
# pagination = "stable"          # or "newest-first" (README, "Pagination")

[sections.news]
title = "News"
order = 1
"#;

pub fn run(global: &Global, args: &InitArgs) -> Result<(), u8> {
    let dir = args.dir.clone().unwrap_or_else(|| global.root.clone());
    let non_empty = std::fs::read_dir(&dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !args.force {
        return fail(&format!(
            "{} is not empty; choose an empty folder, or pass --force to add a site there (no file is overwritten)",
            dir.display()
        ));
    }
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let article = format!(
        "+++\ntitle = \"Welcome to your news archive\"\ndate = \"{today}\"\ntags = [\"gazette\"]\nauthors = [\"The Editors\"]\ndateline = \"Newsroom\"\n+++\n\nThis is the first story of the site. Edit it in `content/news/`, or add another with `gazette new \"Headline\"`.\n\n## What next\n\nRun `gazette serve` to preview the site while you write.\n"
    );
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (dir.join("site.toml"), SITE_TOML.as_bytes().to_vec()),
        (
            dir.join(format!("content/news/{today}-welcome.md")),
            article.into_bytes(),
        ),
        (dir.join(".gitignore"), b"/public\n/.gazette\n".to_vec()),
    ];
    if args.theme_copy {
        for (path, bytes) in default_theme_files() {
            files.push((dir.join("themes/default").join(path), bytes.to_vec()));
        }
    }
    let mut created = 0;
    for (path, bytes) in files {
        if path.exists() {
            if !global.quiet {
                eprintln!("kept existing {}", path.display());
            }
            continue;
        }
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            return fail(&format!("cannot write {}: {e}", path.display()));
        }
        created += 1;
    }
    if !global.quiet {
        println!(
            "Created a site in {} ({created} files). Next: cd {} && gazette build",
            dir.display(),
            dir.display()
        );
    }
    Ok(())
}
