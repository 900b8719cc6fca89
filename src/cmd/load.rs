//! `actorgraph load`: RDF files into the store, each into its own graph, all or nothing.

use super::{open_store_for_writing, output, parse_graph_name, Outcome};
use crate::cli::{LoadArgs, StoreArgs};
use actorgraph::graph::wording::group_thousands;
use actorgraph::rdf::formats::rdf_format_from_path;
use actorgraph::render;
use actorgraph::store::{file_iri, LoadProgress, LoadSource};
use anyhow::{anyhow, bail, Context, Result};
use oxigraph::model::NamedNode;
use std::io::{self, IsTerminal, Write};

pub(super) fn run(store_args: &StoreArgs, args: LoadArgs) -> Result<Outcome> {
    let graph = args.graph.as_deref().map(parse_graph_name).transpose()?;
    let mut sources = Vec::new();
    for path in &args.files {
        if path.is_dir() {
            bail!("{}: a directory, not a file to load", path.display());
        } else if !path.exists() {
            bail!("{}: no such file", path.display());
        }
        let format = match args.format {
            Some(format) => format.into(),
            None => rdf_format_from_path(path).ok_or_else(|| {
                anyhow!("{}: cannot tell the RDF format from the file name; give --format", path.display())
            })?,
        };
        let graph = match &graph {
            Some(g) => g.clone(),
            None => NamedNode::new(file_iri(path))
                .with_context(|| format!("{}: no graph IRI for this path", path.display()))?,
        };
        sources.push(LoadSource { path: path.clone(), format: format.into(), graph });
    }
    let mut store = open_store_for_writing(store_args)?;
    let bar = Spinner::start();
    let progress = |step: LoadProgress| bar.show(step);
    let report = store.load(&sources, args.bulk.into(), &progress);
    bar.finish();
    let report = report.context("load failed; the store is unchanged")?;
    if let Some(warning) = &report.snapshot_warning {
        eprintln!(
            "warning: the load is committed, but other processes will only see it after the next command: {warning}"
        );
    }
    let mut out = output(None)?;
    render::report::write_load(&report, &mut out)?;
    out.flush()?;
    Ok(Outcome::Found)
}

/// A spinner on standard error showing how far a load has come; nothing when stderr is not a
/// terminal.
pub(super) struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    pub(super) fn start() -> Self {
        Spinner(io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        }))
    }

    pub(super) fn show(&self, step: LoadProgress) {
        if let Some(bar) = &self.0 {
            bar.set_message(match step {
                LoadProgress::Parsed(count) => format!("{} triples loaded", group_thousands(&count.to_string())),
                LoadProgress::Finishing => "committing, replacing graphs and deriving edges".to_owned(),
            });
            bar.tick();
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
