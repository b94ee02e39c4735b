//! `gazette import`: wire copy, feeds and other generators' posts into stories.

use std::path::PathBuf;

use clap::Args;

use super::{Global, fail, report_diagnostics};
use crate::config;
use crate::import::{self, Generator, ImportOptions};

#[derive(Args)]
pub struct ImportArgs {
    /// Files or folders: wire copy (.txt), feeds (.xml, .rss, .atom, .json), or with --from a site folder
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Import another generator's site: hugo, jekyll or zola
    #[arg(long, value_name = "GENERATOR")]
    pub from: Option<Generator>,
    /// Section for the imported stories (default: the first section in site.toml, else `news`)
    #[arg(long, short)]
    pub section: Option<String>,
    /// Year for wire copy whose dateline gives none
    #[arg(long)]
    pub year: Option<i32>,
    /// Show what would happen; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(global: &Global, args: &ImportArgs) -> Result<(), u8> {
    let site = config::load(&global.root).map_err(|ds| report_diagnostics(&ds))?;
    let section = args
        .section
        .clone()
        .unwrap_or_else(|| site.default_section());
    let report = import::run(&ImportOptions {
        inputs: args.inputs.clone(),
        from: args.from,
        content_dir: site.content_dir(),
        section,
        year: args.year,
        timezone: site.tz,
        agency_zones: site.agency_zones.clone(),
        dry_run: args.dry_run,
    });
    if !global.quiet || !report.failed.is_empty() {
        println!("{report}");
    }
    if report.failed.is_empty() {
        Ok(())
    } else {
        fail("some files could not be imported")
    }
}
