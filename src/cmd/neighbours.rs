//! `actorgraph neighbours`: what is connected to a node, with evidence.

use super::export::dot_options;
use super::remote::LookupData;
use super::{colour_on_stdout, output, Outcome};
use crate::cli::{NeighboursArgs, PathFormat, StoreArgs};
use actorgraph::ops::diagrams;
use actorgraph::ops::neighbours::NeighbourRequest;
use actorgraph::render;
use actorgraph::render::path_text::Colour;
use anyhow::Result;
use std::io::Write;

pub(super) fn run(store_args: &StoreArgs, args: NeighboursArgs) -> Result<Outcome> {
    let endpoint = &args.endpoint;
    let data = LookupData::open(store_args, endpoint, args.walk)?;
    let request = NeighbourRequest { node: args.node.clone(), depth: args.depth, filter: (&args.filter).into() };
    let (projection, lookup) = data.neighbours(&request, args.walk, endpoint.refresh)?;
    let mut out = output(None)?;
    match args.format {
        PathFormat::Text => render::path_text::write_neighbours(&lookup.report, Colour(colour_on_stdout()), &mut out)?,
        PathFormat::Json => render::path_json::write_neighbours(&lookup.report, &mut out)?,
        PathFormat::Tsv => render::path_tsv::write_neighbours(&lookup.report, &mut out)?,
        PathFormat::Dot => {
            let diagram = diagrams::of_neighbourhood(&projection, &lookup);
            render::dot::write(&diagram, dot_options(&args.picture, true), &mut out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::from_found(!lookup.found.is_empty()))
}
