//! `actorgraph validate`: the store against the SHACL shapes. Data that does not conform is a
//! negative answer (exit 1); shapes that cannot be read are an error (exit 2).

use super::{open_store, output, Outcome};
use crate::cli::{ReportFormat, StoreArgs, ValidateArgs};
use actorgraph::render;
use actorgraph::views::validate;
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn run(store_args: &StoreArgs, args: ValidateArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let report = validate::validate(&store, &args.shapes).context("cannot validate the store")?;
    let mut out = output(None)?;
    match args.format {
        ReportFormat::Text => render::report::write_validation(&report, &mut out)?,
        ReportFormat::Json => render::report::write_json(&report, &mut out)?,
    }
    out.flush()?;
    if !report.conforms {
        eprintln!("the store does not conform to the SHACL shapes ({} violations)", report.violations.len());
    }
    Ok(Outcome::from_found(report.conforms))
}
