//! SPARQL Update on the store, as the SPARQL 1.1 Protocol asks for it: one request, one
//! transaction; `using-graph-uri` / `using-named-graph-uri` as the dataset of the operations'
//! WHERE clauses; `CLEAR ALL` and `DROP ALL` meaning the user's graphs (never actorgraph's own);
//! no `LOAD` (the store never fetches from the network); derived edges and snapshot after.

use super::read::sparql_evaluator;
use super::records::is_visible;
use super::write::{check_writable, is_reserved, WriteError};
use super::GraphStore;
use crate::rdf::vocab;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::store::{StorageError, Transaction};
use spargebra::algebra::GraphTarget as UpdateTarget;
use spargebra::term::{GraphName as SpargebraGraphName, GraphNamePattern};
use spargebra::{GraphUpdateOperation, SparqlParser, Update};

/// One SPARQL Update request.
#[derive(Debug, Clone, Default)]
pub struct UpdateRequest {
    /// The update text.
    pub text: String,
    /// The IRI relative IRIs resolve against (the endpoint's URL).
    pub base_iri: Option<String>,
    /// `using-graph-uri`: the default graph of every WHERE clause.
    pub using_graphs: Vec<NamedNode>,
    /// `using-named-graph-uri`: the named graphs of every WHERE clause.
    pub using_named_graphs: Vec<NamedNode>,
}

impl UpdateRequest {
    fn names_dataset(&self) -> bool {
        !self.using_graphs.is_empty() || !self.using_named_graphs.is_empty()
    }
}

/// Parses a SPARQL Update with actorgraph's prefixes and the request's base IRI.
pub fn parse_update(text: &str, base_iri: Option<&str>) -> Result<Update, WriteError> {
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in vocab::PREFIXES {
        parser = parser.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
    }
    if let Some(base) = base_iri {
        parser = parser.with_base_iri(base).map_err(|e| WriteError::Syntax(format!("base IRI <{base}>: {e}")))?;
    }
    parser.parse_update(text).map_err(|e| WriteError::Syntax(crate::rdf::sparql_syntax::explain(&e.to_string(), text)))
}

impl GraphStore {
    /// Runs a SPARQL Update in one transaction. Refuses `LOAD` and changes to actorgraph's own
    /// graphs; the store is unchanged on any error.
    pub fn update(&mut self, request: &UpdateRequest) -> Result<Option<String>, WriteError> {
        let update = parse_update(&request.text, request.base_iri.as_deref())?;
        for operation in &update.operations {
            check_operation(operation, request)?;
        }
        let ((), warning) = self.write_in_transaction(&[], None, |tx| {
            for operation in &update.operations {
                for operation in expand(operation, tx)? {
                    run_operation(tx, &update, operation, request)?;
                }
            }
            Ok(())
        })?;
        Ok(warning)
    }
}

/// Refuses what the server never does and what would touch actorgraph's own graphs, before
/// anything runs.
fn check_operation(operation: &GraphUpdateOperation, request: &UpdateRequest) -> Result<(), WriteError> {
    let named = |graph: &NamedNode| -> Result<(), WriteError> { check_writable(&GraphName::from(graph.clone())) };
    let pattern = |graph: &GraphNamePattern| -> Result<(), WriteError> {
        match graph {
            GraphNamePattern::NamedNode(g) => named(g),
            _ => Ok(()),
        }
    };
    match operation {
        GraphUpdateOperation::Load { source, .. } => Err(WriteError::Refused(format!(
            "LOAD <{}> is not done: actorgraph's server never fetches from the network; send the data with \
             the Graph Store Protocol (PUT or POST to /store) or load the file with `actorgraph load`",
            source.as_str()
        ))),
        GraphUpdateOperation::InsertData { data } => data.iter().try_for_each(|quad| match &quad.graph_name {
            SpargebraGraphName::NamedNode(g) => named(g),
            SpargebraGraphName::DefaultGraph => Ok(()),
        }),
        GraphUpdateOperation::DeleteData { data } => data.iter().try_for_each(|quad| match &quad.graph_name {
            SpargebraGraphName::NamedNode(g) => named(g),
            SpargebraGraphName::DefaultGraph => Ok(()),
        }),
        GraphUpdateOperation::DeleteInsert { delete, insert, using, .. } => {
            if using.is_some() && request.names_dataset() {
                return Err(WriteError::DatasetConflict);
            }
            delete.iter().try_for_each(|q| pattern(&q.graph_name))?;
            insert.iter().try_for_each(|q| pattern(&q.graph_name))
        }
        GraphUpdateOperation::Clear { graph: UpdateTarget::NamedNode(g), .. }
        | GraphUpdateOperation::Drop { graph: UpdateTarget::NamedNode(g), .. }
        | GraphUpdateOperation::Create { graph: g, .. } => named(g),
        GraphUpdateOperation::Clear { .. } | GraphUpdateOperation::Drop { .. } => Ok(()),
    }
}

/// `CLEAR`/`DROP` of `ALL` or `NAMED` as the same operation on each of the user's graphs as
/// they are at that point of the request (and the default graph for `ALL`); any other
/// operation as it is.
fn expand(operation: &GraphUpdateOperation, tx: &Transaction<'_>) -> Result<Vec<GraphUpdateOperation>, StorageError> {
    let (target, silent, drop) = match operation {
        GraphUpdateOperation::Clear { graph, silent } => (graph, *silent, false),
        GraphUpdateOperation::Drop { graph, silent } => (graph, *silent, true),
        other => return Ok(vec![other.clone()]),
    };
    if !matches!(target, UpdateTarget::AllGraphs | UpdateTarget::NamedGraphs) {
        return Ok(vec![operation.clone()]);
    }
    let mut targets = Vec::new();
    if matches!(target, UpdateTarget::AllGraphs) {
        targets.push(UpdateTarget::DefaultGraph);
    }
    for graph in tx.named_graphs() {
        match graph? {
            NamedOrBlankNode::NamedNode(g) if !is_reserved(g.as_str()) => targets.push(UpdateTarget::NamedNode(g)),
            _ => {}
        }
    }
    Ok(targets
        .into_iter()
        .map(|graph| {
            if drop {
                GraphUpdateOperation::Drop { silent, graph }
            } else {
                GraphUpdateOperation::Clear { silent, graph }
            }
        })
        .collect())
}

/// Runs one operation inside the request's transaction. WHERE clauses without USING or WITH
/// read the request's dataset, or else what queries read: the union of the visible graphs.
fn run_operation(
    tx: &mut Transaction<'_>,
    update: &Update,
    operation: GraphUpdateOperation,
    request: &UpdateRequest,
) -> Result<(), WriteError> {
    let explicit = matches!(&operation, GraphUpdateOperation::DeleteInsert { using: Some(_), .. });
    let single = Update { base_iri: update.base_iri.clone(), operations: vec![operation] };
    let mut prepared = sparql_evaluator().for_update(single);
    if !explicit {
        let (default, named) = if request.names_dataset() {
            (
                request.using_graphs.iter().cloned().map(GraphName::from).collect(),
                request.using_named_graphs.iter().cloned().map(NamedOrBlankNode::from).collect(),
            )
        } else {
            let visible: Vec<NamedOrBlankNode> =
                tx.named_graphs().filter(|g| g.as_ref().map_or(true, is_visible)).collect::<Result<_, _>>()?;
            let mut default = vec![GraphName::DefaultGraph];
            default.extend(visible.iter().cloned().map(GraphName::from));
            (default, visible)
        };
        for dataset in prepared.using_datasets_mut() {
            dataset.set_default_graph(default.clone());
            dataset.set_available_named_graphs(named.clone());
        }
    }
    prepared.on_transaction(tx).execute()?;
    Ok(())
}
