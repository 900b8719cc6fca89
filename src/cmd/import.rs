//! `actorgraph import ftm`: FollowTheMoney entities into the store, each dataset into its own
//! graph, all or nothing; then the imported entities linked to the graph's own.

use super::load::Spinner;
use super::{open_store_for_writing, output, Outcome};
use crate::cli::{ImportFtmArgs, StoreArgs};
use actorgraph::ops::import::{import, ImportRequest};
use actorgraph::ops::link::LinkOptions;
use actorgraph::render;
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn ftm(store_args: &StoreArgs, args: ImportFtmArgs) -> Result<Outcome> {
    let mut store = open_store_for_writing(store_args)?;
    let request = ImportRequest {
        files: args.files.clone(),
        dataset: args.dataset.clone(),
        confidence: args.confidence.clone(),
        bulk: args.bulk.into(),
    };
    let spinner = Spinner::start();
    let outcome = import(&mut store, &request, &|step| spinner.show(step));
    spinner.finish();
    let outcome = outcome.context("import failed; the store is unchanged")?;
    if let Some(warning) = &outcome.load.snapshot_warning {
        eprintln!(
            "warning: the import is committed, but other processes will only see it after the next command: {warning}"
        );
    }
    let mut out = output(None)?;
    render::report::write_import(&outcome, &mut out)?;
    render::report::write_import_warnings(&outcome, &mut std::io::stderr().lock())?;
    if !args.no_link {
        let report = super::link::relink(&mut store, LinkOptions::default())?;
        render::report::write_links(&report, &mut out)?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}
