//! `gazette deploy`.

use clap::Args;

use super::Global;

#[derive(Args, Clone, Default)]
pub struct DeployArgs {
    /// The [deploy.NAME] table of site.toml to publish to (default: the only one)
    pub target: Option<String>,
    /// Compare with the bucket's listing instead of the record of the last deploy
    #[arg(long)]
    pub verify: bool,
    /// List what would be uploaded and deleted; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Build the site first (as `gazette build` does)
    #[arg(long)]
    pub build: bool,
}

pub fn run(global: &Global, args: &DeployArgs) -> Result<(), u8> {
    let _lock = super::lock_site(global, "gazette deploy")?;
    if args.build {
        let report = crate::deploy::build(&global.root, !global.quiet)
            .map_err(|e| super::report_build_error(&e))?;
        if !global.quiet {
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            println!("{report}");
        }
    }
    let opts = crate::deploy::Options {
        target: args.target.clone(),
        verify: args.verify,
        dry_run: args.dry_run,
        progress: !global.quiet,
    };
    match crate::deploy::deploy(&global.root, &opts) {
        Ok(summary) => {
            if !global.quiet {
                for note in &summary.notes {
                    eprintln!("note: {note}");
                }
            }
            if args.dry_run {
                for line in &summary.changed {
                    println!("{line}");
                }
            } else if global.verbose {
                for path in &summary.changed {
                    eprintln!("  {path}");
                }
            }
            if !global.quiet {
                println!("{summary}");
            }
            Ok(())
        }
        Err(crate::driver::Error::Content(ds)) => Err(super::report_diagnostics(&ds)),
        Err(crate::driver::Error::Output(m)) => super::fail(&m),
    }
}
