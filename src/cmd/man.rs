//! `actorgraph man`: the man page in roff, generated from the clap definitions (clap_mangen);
//! with `--dir`, one page per command as well (`actorgraph-path.1`...).

use super::{output, Outcome};
use crate::cli::{Cli, ManArgs};
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

pub(super) fn run(args: ManArgs) -> Result<Outcome> {
    let command = Cli::command();
    match &args.dir {
        None => {
            let mut out = output(None)?;
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            write_pages(&command, "actorgraph", dir)?;
        }
    }
    Ok(Outcome::Found)
}

/// Writes the page of `command` as NAME.1, then the pages of its subcommands (NAME-SUB.1).
fn write_pages(command: &clap::Command, name: &str, dir: &Path) -> Result<()> {
    let path = dir.join(format!("{name}.1"));
    let mut out = output(Some(&path))?;
    let page = command.clone().display_name(name.to_owned()).bin_name(name.replace('-', " "));
    clap_mangen::Man::new(page).render(&mut out)?;
    out.flush().with_context(|| format!("cannot write {}", path.display()))?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(())
}
