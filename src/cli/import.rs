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
    /// The language of the copy when it is not the site's (`ru`, `pt-BR`): written as each
    /// story's `language`
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,
    /// The story (a file under content/) that the one imported story translates: it is
    /// written beside it, named for --language (ferry.md → ferry.ru.md), and the two are
    /// linked as translations
    #[arg(long, value_name = "FILE", requires = "language")]
    pub translation_of: Option<PathBuf>,
    /// Show what would happen; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `--language` as a canonical tag (`pt-br` → `pt-BR`), `None` when it is the site's own.
fn language(site: &config::Site, given: Option<&str>) -> Result<Option<String>, String> {
    let Some(given) = given.map(str::trim) else {
        return Ok(None);
    };
    let tag: unic_langid::LanguageIdentifier = given.parse().map_err(|_| {
        format!(
            "--language `{}` is not a language tag: write an ISO 639 code, optionally with a region (`ru`, `pt-BR`)",
            given.escape_debug()
        )
    })?;
    let site_tag = site
        .config
        .language
        .parse::<unic_langid::LanguageIdentifier>();
    Ok((site_tag.ok().as_ref() != Some(&tag)).then(|| tag.to_string()))
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
        language: match language(&site, args.language.as_deref()) {
            Ok(l) => l,
            Err(why) => return fail(&why),
        },
        translation_of: args.translation_of.clone(),
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
