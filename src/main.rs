//! The `actorgraph` command: parse the command line, run it, report. Exit status 0 for a
//! positive answer (found, conforms), 1 for a negative one (nothing found, does not conform),
//! 2 on error; a closed pipe is not an error.

mod cli;
mod cmd;
mod server;

use clap::Parser;
use std::process::ExitCode;

/// jemalloc rather than the system allocator: loads and path-graph builds allocate and free
/// millions of small strings, where glibc's allocator took a quarter of the time.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(cmd::Outcome::Found) => ExitCode::from(0),
        Ok(cmd::Outcome::NothingFound) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::from(0),
        Err(error) => {
            // Red on a terminal, plain otherwise or with NO_COLOR (anstream strips the codes).
            let style = anstyle::Style::new().bold().fg_color(Some(anstyle::AnsiColor::Red.into()));
            anstream::eprintln!("{style}error:{style:#} {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether the error comes from writing to a reader that went away (`actorgraph ... | head`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}
