//! The command line: thin commands over the pipeline. Exit codes: 0 ok, 1 content or
//! build errors, 2 usage errors.

mod build;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "gazette", version, about = "Static site generator for news archives")]
#[command(after_help = "Examples:\n  gazette build                 build the site in this folder into public/\n  gazette --root site build     build the site in ./site\n\nExit status: 0 ok, 1 content or build errors, 2 usage errors.")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct Global {
    /// The site's folder (holding site.toml)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more detail
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into its output directory (public/ by default)
    #[command(after_help = "Examples:\n  gazette build\n  gazette build --drafts --future\n  gazette build --clean")]
    Build(build::BuildArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(&cli.global, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}
