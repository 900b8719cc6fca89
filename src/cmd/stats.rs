//! `actorgraph stats`: triples per graph, entities per class, the size of the path graph.

use super::{open_store, output, Outcome};
use crate::cli::{ReportFormat, StatsArgs, StoreArgs};
use actorgraph::render;
use actorgraph::views::stats;
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn run(store_args: &StoreArgs, args: StatsArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let stats = stats::compute(&store).context("cannot compute statistics")?;
    let mut out = output(None)?;
    match args.format {
        ReportFormat::Text => render::report::write_stats(&stats, &mut out)?,
        ReportFormat::Json => render::report::write_json(&stats, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::Found)
}
