//! `gazette list`: what would be published, as a table.

use clap::Args;

use super::{Global, SwitchArgs, report_diagnostics};
use crate::driver;

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub switches: SwitchArgs,
    /// Only this section
    #[arg(long, short)]
    pub section: Option<String>,
}

pub fn run(global: &Global, args: &ListArgs) -> Result<(), u8> {
    let opts = driver::Options {
        switches: args.switches.switches(),
        ..Default::default()
    };
    let mut all = Vec::new();
    for edition in driver::editions(&global.root) {
        match driver::load(&global.root, edition.as_deref(), &opts) {
            Ok(l) => all.push(l),
            Err(driver::Error::Content(ds)) => return Err(report_diagnostics(&ds)),
            Err(e) => return super::fail(&e.to_string()),
        }
    }
    let mut rows = vec![[
        "DATE".to_string(),
        "SECTION".into(),
        "STATUS".into(),
        "URL".into(),
        "TITLE".into(),
    ]];
    // Every edition's stories, the home edition's first.
    let stories = all.iter().flat_map(|l| {
        l.archive
            .articles
            .iter()
            .enumerate()
            .map(move |(i, a)| (l, i, a))
    });
    for (loaded, i, a) in stories {
        if args.section.as_deref().is_some_and(|s| s != &*a.section) {
            continue;
        }
        let status = if a.draft {
            "draft"
        } else if a.date > chrono::Utc::now() {
            "future"
        } else {
            "published"
        };
        rows.push([
            a.date.format("%Y-%m-%d %H:%M").to_string(),
            a.section.to_string(),
            status.into(),
            loaded.site.url(loaded.plan.article_path(i)),
            a.title.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let mut line = String::new();
        for c in 0..4 {
            line.push_str(&format!("{:<w$}  ", r[c], w = widths[c]));
        }
        line.push_str(&r[4]);
        println!("{line}");
    }
    if !global.quiet {
        let n = rows.len() - 1;
        eprintln!("{n} {}", if n == 1 { "story" } else { "stories" });
    }
    Ok(())
}
