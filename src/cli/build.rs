//! `gazette build`.

use clap::Args;

use super::{Global, SwitchArgs};
use crate::driver::{self, Options};

#[derive(Args, Clone, Default)]
pub struct BuildArgs {
    #[command(flatten)]
    pub switches: SwitchArgs,
    /// Ignore the build cache: render and compare every page
    #[arg(long)]
    pub clean: bool,
    /// Write into an output directory that holds files Gazette did not write
    #[arg(long)]
    pub force: bool,
}

pub fn run(global: &Global, args: &BuildArgs) -> Result<(), u8> {
    let _lock = super::lock_site(global, "gazette build")?;
    let opts = Options {
        switches: args.switches.switches(),
        clean: args.clean,
        force: args.force,
        progress: !global.quiet,
        ..Options::default()
    };
    let mut session = driver::Editions::new(&global.root, opts);
    let result = session.build();
    // The process ends next: leave the archive's memory to the operating system instead of
    // freeing millions of small allocations one by one.
    std::mem::forget(session);
    match result {
        Ok(report) => {
            if !global.quiet {
                for note in &report.notes {
                    eprintln!("note: {note}");
                }
                if global.verbose {
                    for path in &report.changed {
                        eprintln!("  {path}");
                    }
                    eprintln!("{}", report.stages());
                }
                println!("{report}");
            }
            Ok(())
        }
        Err(e) => Err(super::report_build_error(&e)),
    }
}
