//! `actorgraph export`: Graphviz diagrams (DOT, or SVG, PNG, PDF through Graphviz) and graph
//! exports (GraphML, GEXF, Cytoscape.js JSON, CSV) of the whole graph, a neighbourhood, a query
//! result or paths, all with the same selection options.

use super::query::{parse_params, query_text};
use super::remote::Data;
use super::{load_projection, open_store, output, spinner, Outcome};
use crate::cli::{
    CsvArgs, CsvTable, DotArgs, EndpointArgs, ExportCommand, FtmExportArgs, GraphExportArgs, PictureArgs, RankDir,
    SelectionArgs, StoreArgs,
};
use actorgraph::ops::diagrams::{self, DiagramRequest, DiagramSubject};
use actorgraph::ops::ftm_export::{export_ftm, FtmSelection};
use actorgraph::render::{self, dot::DotOptions};
use actorgraph::views::diagram::{Diagram, DiagramOptions};
use anyhow::{bail, Context, Result};
use std::io::{self, Write};

pub(super) fn run(store_args: &StoreArgs, what: ExportCommand) -> Result<Outcome> {
    match what {
        ExportCommand::Dot(args) => dot(store_args, args),
        ExportCommand::Graphml(args) => graph(store_args, args, render::graphml::write),
        ExportCommand::Gexf(args) => graph(store_args, args, render::gexf::write),
        ExportCommand::Cytoscape(args) => graph(store_args, args, render::cytoscape::write),
        ExportCommand::Csv(args) => csv(store_args, args),
        ExportCommand::Ftm(args) => ftm(store_args, args),
    }
}

/// Where an export reads from: the store's arguments and the endpoint's.
type DataArgs<'a> = (&'a StoreArgs, &'a EndpointArgs);

/// The diagram request the selection options describe.
fn request(selection: &SelectionArgs, options: DiagramOptions) -> Result<DiagramRequest> {
    let subject = if let Some(query) = &selection.query {
        DiagramSubject::Query {
            query: query_text(Some(query.as_str()), None)?,
            params: parse_params(&selection.params)?,
            options: Default::default(),
        }
    } else if let Some(focus) = &selection.focus {
        DiagramSubject::Focus {
            node: focus.clone(),
            depth: selection.depth,
            expand: selection.expand.clone(),
            hub_degree: selection.hub_degree,
        }
    } else if selection.from.is_some() || selection.from_type.is_some() {
        if selection.k == 0 {
            bail!("-k must be at least 1");
        }
        DiagramSubject::Paths {
            from: selection.from.clone(),
            to: selection.to.clone(),
            from_type: selection.from_type.clone(),
            to_type: selection.to_type.clone(),
            k: selection.k,
            max_hops: selection.max_hops,
        }
    } else if selection.to.is_some() || selection.to_type.is_some() {
        bail!("paths need a start: give --from NODE or --from-type CLASS with --to");
    } else {
        DiagramSubject::Whole
    };
    Ok(DiagramRequest { subject, filter: (&selection.filter).into(), options })
}

/// Computes the selection (the picture when `picture`), with a spinner on a terminal.
fn compute((store_args, endpoint): DataArgs<'_>, request: &DiagramRequest, picture: bool) -> Result<Diagram> {
    let data = Data::open(store_args, endpoint)?;
    let projection = data.projection(endpoint.refresh)?;
    let bar = spinner("selecting");
    let diagram = if picture {
        diagrams::draw(data.target(), &projection, request)
    } else {
        diagrams::select(data.target(), &projection, request)
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(diagram?)
}

/// The DOT options a picture's flags ask for.
pub(super) fn dot_options(picture: &PictureArgs, left_to_right: bool) -> DotOptions {
    DotOptions {
        layout: picture.layout.map(Into::into),
        left_to_right,
        legend: !picture.no_legend,
        size: picture.size.into(),
    }
}

fn dot(store_args: &StoreArgs, args: DotArgs) -> Result<Outcome> {
    let options = DiagramOptions {
        collapse: args.selection.collapse,
        cluster_by_country: args.cluster.is_some(),
        footnotes: args.picture.footnotes,
    };
    let request = request(&args.selection, options)?;
    let diagram = compute((store_args, &args.endpoint), &request, true)?;
    let options = dot_options(&args.picture, args.rankdir == RankDir::LR);
    let mut dot = Vec::new();
    render::dot::write(&diagram, options, &mut dot)?;
    let bytes = match args.render {
        Some(format) => {
            let bar = spinner("drawing with Graphviz");
            let mut picture = Vec::new();
            let rendered = render::graphviz::render(&dot, format.into(), options.size.look().dpi, &mut picture);
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            rendered?;
            picture
        }
        None => dot,
    };
    let mut out = output(args.output.as_deref())?;
    out.write_all(&bytes)?;
    out.flush().context("cannot write the diagram")?;
    Ok(Outcome::from_found(!diagram.nodes.is_empty()))
}

type Writer = fn(&Diagram, &mut dyn Write) -> io::Result<()>;

fn graph(store_args: &StoreArgs, args: GraphExportArgs, write: Writer) -> Result<Outcome> {
    let options = DiagramOptions { collapse: args.selection.collapse, ..DiagramOptions::default() };
    let request = request(&args.selection, options)?;
    let diagram = compute((store_args, &args.endpoint), &request, false)?;
    let mut out = output(args.output.as_deref())?;
    write(&diagram, &mut out)?;
    out.flush().context("cannot write the export")?;
    Ok(Outcome::from_found(!diagram.nodes.is_empty()))
}

fn csv(store_args: &StoreArgs, args: CsvArgs) -> Result<Outcome> {
    if args.table.is_none() && args.output.is_none() {
        bail!("give -o DIR to write nodes.csv and edges.csv, or --table nodes|edges to write one list");
    }
    let options = DiagramOptions { collapse: args.selection.collapse, ..DiagramOptions::default() };
    let request = request(&args.selection, options)?;
    let diagram = compute((store_args, &args.endpoint), &request, false)?;
    let write_table = |table: CsvTable, out: &mut dyn Write| match table {
        CsvTable::Nodes => render::csv::write_nodes(&diagram, out),
        CsvTable::Edges => render::csv::write_edges(&diagram, out),
    };
    match args.table {
        Some(table) => {
            let mut out = output(args.output.as_deref())?;
            write_table(table, &mut out)?;
            out.flush().context("cannot write the list")?;
        }
        None => {
            let dir = args.output.as_deref().expect("checked above");
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            for (table, name) in [(CsvTable::Nodes, "nodes.csv"), (CsvTable::Edges, "edges.csv")] {
                let path = dir.join(name);
                let mut out = output(Some(&path))?;
                write_table(table, &mut out)?;
                out.flush().with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    Ok(Outcome::from_found(!diagram.nodes.is_empty()))
}

fn ftm(store_args: &StoreArgs, args: FtmExportArgs) -> Result<Outcome> {
    let selection = match &args.dataset {
        Some(name) => FtmSelection::Dataset(name.clone()),
        None => {
            let options = DiagramOptions { collapse: args.selection.collapse, ..DiagramOptions::default() };
            FtmSelection::Diagram(Box::new(request(&args.selection, options)?))
        }
    };
    let store = open_store(store_args)?;
    let projection = load_projection(&store)?;
    let bar = spinner("writing FollowTheMoney entities");
    let export = export_ftm(&store, &projection, &selection);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let export = export?;
    let mut out = output(args.output.as_deref())?;
    render::ftm::write_jsonl(&export, &mut out)?;
    out.flush().context("cannot write the export")?;
    render::ftm::write_left_out(&export, &mut io::stderr().lock())?;
    Ok(Outcome::from_found(!export.entities.is_empty()))
}
