//! `actorgraph export dot`: Graphviz diagrams of the whole graph, a neighbourhood or a query
//! result, as DOT text or rendered to SVG, PNG or PDF.

use super::query::{parse_params, query_text};
use super::{open_store, output, Outcome};
use crate::cli::{DotArgs, RankDir, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::ops::diagrams::{self, DiagramRequest, DiagramSubject};
use actorgraph::render::{self, dot::DotOptions};
use actorgraph::views::diagram::DiagramOptions;
use anyhow::{Context, Result};
use std::io::Write;

pub(super) fn dot(store_args: &StoreArgs, args: DotArgs) -> Result<Outcome> {
    let subject = match (&args.query, &args.focus) {
        (Some(query), _) => DiagramSubject::Query {
            query: query_text(Some(query.as_str()), None)?,
            params: parse_params(&args.params)?,
        },
        (None, Some(focus)) => DiagramSubject::Focus { node: focus.clone(), depth: args.depth },
        (None, None) => DiagramSubject::Whole,
    };
    let store = open_store(store_args)?;
    let projection = Projection::load_or_build(&store)?;
    let request = DiagramRequest {
        subject,
        filter: (&args.filter).into(),
        options: DiagramOptions { collapse: args.collapse, cluster_by_country: args.cluster.is_some() },
    };
    let diagram = diagrams::draw(&store, &projection, &request)?;
    let dot_options = DotOptions { left_to_right: args.rankdir == RankDir::LR, legend: !args.no_legend };
    let mut dot = Vec::new();
    render::dot::write(&diagram, dot_options, &mut dot)?;
    let bytes = match args.render {
        Some(format) => {
            let mut picture = Vec::new();
            render::graphviz::render(&dot, format.into(), &mut picture)?;
            picture
        }
        None => dot,
    };
    let mut out = output(args.output.as_deref())?;
    out.write_all(&bytes)?;
    out.flush().context("cannot write the diagram")?;
    Ok(Outcome::from_found(!diagram.nodes.is_empty()))
}
