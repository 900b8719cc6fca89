//! `actorgraph check`, `actorgraph repair` and `actorgraph optimize`: whether the store can be
//! trusted, rebuilding what can be rebuilt (bundled graphs, derived edges, the snapshot readers
//! see), and compacting its files.

use super::{open_store, open_store_for_writing, output, Outcome};
use crate::cli::{ReportFormat, StatsArgs, StoreArgs};
use actorgraph::render;
use actorgraph::views::integrity;
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn check(store_args: &StoreArgs, args: StatsArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let report = integrity::check(&store).context("cannot check the store")?;
    let mut out = output(None)?;
    match args.format {
        ReportFormat::Text => render::report::write_check(&report, &mut out)?,
        ReportFormat::Json => render::report::write_json(&report, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::from_found(report.is_consistent()))
}

pub(super) fn repair(store_args: &StoreArgs) -> Result<Outcome> {
    let mut store = open_store_for_writing(store_args)?;
    store.repair().context("cannot repair the store")?;
    let report = integrity::check(&store).context("cannot check the repaired store")?;
    let mut out = output(None)?;
    render::report::write_check(&report, &mut out)?;
    out.flush()?;
    Ok(Outcome::from_found(report.is_consistent()))
}

pub(super) fn optimize(store_args: &StoreArgs) -> Result<Outcome> {
    if store_args.memory {
        anyhow::bail!("--memory: a store in memory has no files to compact");
    }
    let mut store = open_store_for_writing(store_args)?;
    let started = std::time::Instant::now();
    store.optimize().context("cannot compact the store and publish it for readers")?;
    let mut out = output(None)?;
    writeln!(out, "compacted the store and published it for readers in {:.1} s", started.elapsed().as_secs_f64())?;
    out.flush()?;
    Ok(Outcome::Found)
}
