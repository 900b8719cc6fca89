//! `actorgraph link` and `actorgraph links`: imported entities taken for the graph's own actors,
//! the candidates left for review, and a reviewer's decisions.

use super::{open_store, open_store_for_writing, output, Outcome};
use crate::cli::{LinkArgs, LinksArgs, ReportFormat, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::ops::link::{self, LinkOptions, LinkReport};
use actorgraph::render;
use actorgraph::store::GraphStore;
use anyhow::{bail, Context, Result};
use std::io::Write;

pub(super) fn link(store_args: &StoreArgs, args: LinkArgs) -> Result<Outcome> {
    for (name, value) in [("--threshold", args.threshold), ("--candidates", args.candidates)] {
        if !(0.0..=1.0).contains(&value) {
            bail!("{name} {value}: give a score between 0 and 1");
        }
    }
    let mut store = open_store_for_writing(store_args)?;
    let report = relink(&mut store, LinkOptions { threshold: args.threshold, candidates: args.candidates })?;
    let mut out = output(None)?;
    match args.format {
        ReportFormat::Text => render::report::write_links(&report, &mut out)?,
        ReportFormat::Json => render::report::write_json(&report, &mut out)?,
    }
    out.flush()?;
    // Found: anything linked, or left for a reviewer to decide.
    let found = [link::LinkStatus::Applied, link::LinkStatus::Accepted, link::LinkStatus::Candidate];
    Ok(Outcome::from_found(found.into_iter().any(|status| report.count(status) > 0)))
}

/// Links the store's imported entities afresh (a reviewer's decisions kept).
pub(super) fn relink(store: &mut GraphStore, options: LinkOptions) -> Result<LinkReport> {
    let projection = Projection::build(store).context("cannot build the path graph to link")?;
    let report = link::compute(store, &projection, options).context("cannot link the imported entities")?;
    link::apply(store, &report).context("cannot write the links")?;
    Ok(report)
}

pub(super) fn links(store_args: &StoreArgs, args: LinksArgs) -> Result<Outcome> {
    let decision = args.accept.as_ref().map(|id| (id, true)).or(args.reject.as_ref().map(|id| (id, false)));
    let links = match decision {
        Some((id, accept)) => {
            let mut store = open_store_for_writing(store_args)?;
            let decided = link::decide(&mut store, id, accept)?;
            eprintln!(
                "{} {}: {} and {}",
                if accept { "accepted" } else { "rejected" },
                decided.id,
                decided.entity.label,
                decided.actor.label
            );
            link::list(&store)?
        }
        None => link::list(&open_store(store_args)?)?,
    };
    let mut out = output(None)?;
    match args.format {
        ReportFormat::Text => render::report::write_link_list(&links, &mut out)?,
        ReportFormat::Json => render::report::write_json(&links, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::from_found(!links.is_empty()))
}
