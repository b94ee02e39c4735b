//! The `gazette` binary: parses the command line and hands over to [`gazette::cli`].

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
