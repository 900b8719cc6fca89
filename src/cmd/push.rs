//! `actorgraph push`: copies the store's graphs to a SPARQL endpoint.

use super::remote::connect_for_writes;
use super::{open_store, output, Outcome};
use crate::cli::{PushArgs, ReportFormat, StoreArgs};
use actorgraph::remote::{PushOptions, PushReport};
use anyhow::{bail, Context, Result};
use std::io::{IsTerminal, Write};

pub(super) fn run(store_args: &StoreArgs, args: PushArgs) -> Result<Outcome> {
    // Virtuoso turns an Update into SQL and refuses one of more than 10,000 lines, which a
    // template of a few thousand triples exceeds: Updates go in smaller chunks.
    let chunk = args.chunk.unwrap_or(if args.graph_store.is_some() { 5000 } else { 500 });
    if chunk == 0 {
        bail!("--chunk must be at least 1");
    }
    let store = open_store(store_args)?;
    let endpoint = connect_for_writes(&args.endpoint, args.update_endpoint.clone(), args.graph_store.clone())?;
    let mut out = output(None)?;
    if args.dry_run || endpoint.is_none() {
        if !args.dry_run {
            bail!("push needs --endpoint URL (or ACTORGRAPH_ENDPOINT); --dry-run lists what would be sent");
        }
        let mut graphs = Vec::new();
        for graph in store.visible_graphs()? {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = graph {
                let size = store.graph_triples(graph.as_ref())?.len();
                graphs.push((graph.as_str().to_owned(), size));
            }
        }
        let report = PushReport {
            endpoint: endpoint.as_ref().map_or_else(String::new, |e| e.url().to_owned()),
            method: if args.graph_store.is_some() { "graph-store" } else { "update" },
            requests: graphs.iter().map(|(_, n)| n.div_ceil(chunk).max(1)).sum::<usize>() + 1,
            graphs,
            dropped: Vec::new(),
            hash: String::new(),
        };
        write(&report, args.format, true, &mut out)?;
        out.flush()?;
        return Ok(Outcome::Found);
    }
    let endpoint = endpoint.expect("checked above");
    let terminal = std::io::stderr().is_terminal();
    let report = endpoint
        .push(&store, PushOptions { chunk_triples: chunk }, &mut |graph, sent, total| {
            if terminal {
                eprint!("\r\x1b[2Kpushing {graph}: {sent}/{total} triples");
            }
        })
        .with_context(|| format!("push to {} stopped; run it again: every graph is replaced whole", endpoint.url()));
    if terminal {
        eprint!("\r\x1b[2K");
    }
    write(&report?, args.format, false, &mut out)?;
    out.flush()?;
    Ok(Outcome::Found)
}

fn write(report: &PushReport, format: ReportFormat, dry_run: bool, out: &mut dyn Write) -> Result<()> {
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)?;
        }
        ReportFormat::Text => {
            for (graph, size) in &report.graphs {
                writeln!(out, "{size:>8}  {graph}")?;
            }
            for graph in &report.dropped {
                writeln!(out, " dropped  {graph} (no longer in the store)")?;
            }
            let total: usize = report.graphs.iter().map(|(_, n)| n).sum();
            let to = if report.endpoint.is_empty() {
                " (to the endpoint --endpoint URL names)".to_owned()
            } else {
                format!(" to {}", report.endpoint)
            };
            let verb = if dry_run { "would push" } else { "pushed" };
            writeln!(
                out,
                "{verb} {total} triples in {} graphs{to} with {} ({} requests)",
                report.graphs.len(),
                if report.method == "graph-store" { "the Graph Store Protocol" } else { "SPARQL Update" },
                report.requests
            )?;
        }
    }
    Ok(())
}
