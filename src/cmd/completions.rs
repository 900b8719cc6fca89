//! `actorgraph completions SHELL`: a completion script generated from the clap definitions.

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs, Shell};
use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell as Target;
use std::io::{self, Write};

pub(super) fn run(args: CompletionsArgs) -> Result<Outcome> {
    let shell = match args.shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Elvish => Target::Elvish,
    };
    let mut command = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut command, "actorgraph", &mut out);
    out.flush()?;
    Ok(Outcome::Found)
}
