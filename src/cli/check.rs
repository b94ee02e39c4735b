//! `gazette check`.

use clap::Args;

use super::{Global, SwitchArgs, report_diagnostics};
use crate::check::{self, Options};

#[derive(Args)]
pub struct CheckArgs {
    /// Also request every external link (http and https)
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub timeout: u64,
    #[command(flatten)]
    pub switches: SwitchArgs,
}

pub fn run(global: &Global, args: &CheckArgs) -> Result<(), u8> {
    let checked = check::run_all(
        &global.root,
        &Options {
            switches: args.switches.switches(),
            external: args.external,
            timeout_secs: args.timeout,
        },
    );
    for w in &checked.warnings {
        eprintln!("warning: {w}");
    }
    let problems = checked.problems;
    if problems.is_empty() {
        if !global.quiet {
            println!("no problems found");
        }
        return Ok(());
    }
    Err(report_diagnostics(&problems))
}
