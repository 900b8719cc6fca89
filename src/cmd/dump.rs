//! `actorgraph dump`: the store, or one graph, in an RDF format.

use super::{open_store, output, parse_graph_name, Outcome};
use crate::cli::{DumpArgs, StoreArgs};
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn run(store_args: &StoreArgs, args: DumpArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let graph = args.graph.as_deref().map(parse_graph_name).transpose()?;
    let mut out = output(args.output.as_deref())?;
    store.dump(&mut out, args.format.into(), graph.as_ref()).context("cannot dump the store")?;
    out.flush()?;
    Ok(Outcome::Found)
}
