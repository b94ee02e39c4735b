//! The command line: thin commands over the pipeline. Exit codes: 0 ok, 1 content or
//! build errors, 2 usage errors.

mod build;
mod check;
mod deploy;
mod import;
mod init;
mod list;
mod new;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::core::Diagnostic;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "Static site generator for news archives"
)]
#[command(after_help = "Examples:
  gazette build                      build the site in this folder into public/
  gazette serve                      preview at http://127.0.0.1:1111 with live reload
  gazette new \"Council backs budget\" --section city
  gazette --root ../archive check    check another site

Exit status: 0 ok, 1 content or build errors, 2 usage errors.")]
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
    /// Print every file written or removed (and, for serve, every request)
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Publish at URL instead of site.toml's base_url (a deploy preview, say)
    #[arg(long, global = true, value_name = "URL", env = crate::config::BASE_URL_VAR)]
    pub base_url: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into its output directory (public/ by default)
    #[command(
        after_help = "Examples:\n  gazette build\n  gazette build --drafts --future\n  gazette build --clean"
    )]
    Build(build::BuildArgs),
    /// Build, serve on http://127.0.0.1:1111 and rebuild on every change, with live reload
    #[command(visible_alias = "server")]
    #[command(after_help = "Examples:\n  gazette serve\n  gazette serve --port 8080 --drafts")]
    Serve(serve::ServeArgs),
    /// Rebuild the output directory on every change (no server)
    #[command(after_help = "Examples:\n  gazette watch\n  gazette watch --drafts")]
    Watch(serve::WatchArgs),
    /// Create a new site: site.toml and an example story, on the built-in theme
    #[command(
        after_help = "Examples:\n  gazette init my-paper\n  gazette init . --force\n  gazette init my-paper --theme-copy"
    )]
    Init(init::InitArgs),
    /// Create a new story, as a draft, with its front matter ready to fill in
    #[command(
        after_help = "Examples:\n  gazette new \"Harbour reopens\" --section city\n  gazette new city/harbour-works.md\n  gazette new pages/about.md\n  gazette new \"Паром вернулся\" --date \"2024-05-18 10:15\" --edit"
    )]
    New(new::NewArgs),
    /// Check everything a build checks plus links and anchors, without writing
    #[command(after_help = "Examples:\n  gazette check\n  gazette check --external --timeout 5")]
    Check(check::CheckArgs),
    /// List the stories that would be published
    #[command(after_help = "Examples:\n  gazette list\n  gazette list --drafts --section world")]
    List(list::ListArgs),
    /// Turn wire copy, feeds or another generator's posts into stories
    #[command(
        after_help = "Examples:\n  gazette import wire/pier.txt --section city --year 2025\n  gazette import feed.xml\n  gazette import --from hugo ../old-site --dry-run"
    )]
    Import(import::ImportArgs),
    /// Publish the last build to an S3-compatible bucket, sending only what changed
    #[command(
        after_help = "Examples:\n  gazette deploy                 publish to the only [deploy.NAME] in site.toml\n  gazette deploy production --build\n  gazette deploy --dry-run --verify\n\nCredentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else the profile AWS_PROFILE\n(or default) in ~/.aws/credentials or ~/.aws/config; never site.toml."
    )]
    Deploy(deploy::DeployArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  gazette completions bash > /etc/bash_completion.d/gazette\n  gazette completions zsh > ~/.zfunc/_gazette"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let g = &cli.global;
    if let Some(url) = &g.base_url {
        // SAFETY: nothing else runs yet (no thread has started), so nothing reads the
        // environment while it changes. The configuration reads it, as a variable set in
        // the shell would be read (see `config::BASE_URL_VAR`).
        unsafe { std::env::set_var(crate::config::BASE_URL_VAR, url) };
    }
    let result = match &cli.command {
        Command::Build(a) => build::run(g, a),
        Command::Serve(a) => serve::run_serve(g, a),
        Command::Watch(a) => serve::run_watch(g, a),
        Command::Init(a) => init::run(g, a),
        Command::New(a) => new::run(g, a),
        Command::Check(a) => check::run(g, a),
        Command::List(a) => list::run(g, a),
        Command::Import(a) => import::run(g, a),
        Command::Deploy(a) => deploy::run(g, a),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "gazette",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

/// `error:` in red on a terminal (unless NO_COLOR is set), plain otherwise.
fn error_label() -> String {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if colour {
        let style = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Red.into()));
        format!("{style}error{style:#}:")
    } else {
        "error:".into()
    }
}

/// Print a message as an error; exit status 1.
fn fail(message: &str) -> Result<(), u8> {
    eprintln!("{} {message}", error_label());
    Err(1)
}

/// Hold the site's lock for `command` (see [`crate::output::SiteLock`]), saying so when it
/// must wait for another build.
fn lock_site(global: &Global, command: &str) -> Result<crate::output::SiteLock, u8> {
    let quiet = global.quiet;
    crate::output::SiteLock::acquire(&global.root.join(".gazette"), command, |m| {
        if !quiet {
            eprintln!("{m}");
        }
    })
    .map_err(|e| {
        eprintln!("{} {e}", error_label());
        1
    })
}

/// Print every diagnostic; returns exit status 1.
fn report_diagnostics(ds: &[Diagnostic]) -> u8 {
    let label = error_label();
    for d in ds {
        eprintln!("{label} {d}");
    }
    eprintln!(
        "{} problem{} found",
        ds.len(),
        if ds.len() == 1 { "" } else { "s" }
    );
    1
}

/// `--drafts` and `--future`, as every command that loads the site takes them.
#[derive(clap::Args, Clone, Copy, Default)]
pub struct SwitchArgs {
    /// Include draft stories
    #[arg(long)]
    pub drafts: bool,
    /// Include stories dated in the future
    #[arg(long)]
    pub future: bool,
}

impl SwitchArgs {
    fn switches(self) -> crate::core::Switches {
        crate::core::Switches {
            drafts: self.drafts,
            future: self.future,
        }
    }
}

/// Print a build error; returns exit status 1.
fn report_build_error(e: &crate::driver::Error) -> u8 {
    match e {
        crate::driver::Error::Content(ds) => {
            report_diagnostics(ds);
            eprintln!("nothing was written");
            1
        }
        crate::driver::Error::Output(m) => {
            eprintln!("{} {m}", error_label());
            1
        }
    }
}
