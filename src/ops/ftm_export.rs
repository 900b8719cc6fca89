//! `export ftm`: a selection (as every export makes it) or one imported dataset, written as
//! FollowTheMoney entities by the ontology's alignment.

use super::diagrams::{self, DiagramRequest};
use super::import::{import_graph, IMPORT_GRAPH_NS};
use super::OpsError;
use crate::ftm::{self, ExportScope, FtmExport, FtmModel};
use crate::graph::Projection;
use crate::store::GraphStore;
use oxigraph::model::NamedOrBlankNode;

/// What `export ftm` writes.
#[derive(Debug, Clone)]
pub enum FtmSelection {
    /// The entities of one imported dataset, as they came (`--dataset NAME`).
    Dataset(String),
    /// The nodes and facts of a selection, as every export makes it.
    Diagram(Box<DiagramRequest>),
}

/// The datasets imported so far, by name.
pub fn imported_datasets(store: &GraphStore) -> Result<Vec<String>, OpsError> {
    let graphs = store.visible_graphs().map_err(|e| OpsError::Invalid(format!("cannot list the graphs: {e}")))?;
    let mut names: Vec<String> = graphs
        .iter()
        .filter_map(|g| match g {
            NamedOrBlankNode::NamedNode(n) => n.as_str().strip_prefix(IMPORT_GRAPH_NS).map(str::to_owned),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The selection as FtM entities, with what was left out.
pub fn export_ftm(
    store: &GraphStore,
    projection: &Projection,
    selection: &FtmSelection,
) -> Result<FtmExport, OpsError> {
    let model = FtmModel::read(store)?;
    let scope = match selection {
        FtmSelection::Dataset(name) => {
            let known = imported_datasets(store)?;
            let graph = import_graph(name);
            if !known.iter().any(|k| import_graph(k) == graph || k == name) {
                let known = if known.is_empty() {
                    "none yet (actorgraph import ftm FILE)".to_owned()
                } else {
                    known.join(", ")
                };
                return Err(OpsError::Invalid(format!("no imported dataset '{name}'; imported: {known}")));
            }
            ExportScope::Graph(graph)
        }
        FtmSelection::Diagram(request) => {
            let diagram = diagrams::select(store, projection, request)?;
            let mut nodes: Vec<String> = diagram.nodes.iter().map(|n| n.iri.clone()).collect();
            nodes.extend(diagram.edges.iter().flat_map(|e| e.facts.iter().map(|f| f.view.iri.clone())));
            ExportScope::Nodes(nodes)
        }
    };
    Ok(ftm::export(store, &model, &scope)?)
}
