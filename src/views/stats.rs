//! What the store holds: triples per graph (with where each graph came from) and entities per class.

use crate::graph::{Projection, ProjectionError};
use crate::store::{count_in, GraphRecord, GraphStore, QueryError};
use oxigraph::model::Term;
use serde::Serialize;

const ENTITIES_PER_CLASS: &str = include_str!("../sparql/entities_per_class.rq");

/// How many resources a class has.
#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    /// IRI of the class.
    pub class: String,
    /// Label of the class ("" without one).
    pub label: String,
    /// Number of resources typed directly with the class.
    pub entities: u64,
}

/// Size of the graph path lookups search.
#[derive(Debug, Clone, Serialize)]
pub struct PathGraphSize {
    /// Entities and fact nodes.
    pub nodes: usize,
    /// Edges, one per relation and pair of nodes.
    pub edges: usize,
    /// Facts (claims with their evidence).
    pub facts: usize,
}

/// What the store holds: triples per graph, resources per class and the size of the path graph.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Triples in every graph listed in `graphs`.
    pub total_triples: u64,
    /// The visible graphs with their origin and size (the default graph last, when it holds triples).
    pub graphs: Vec<GraphRecord>,
    /// Resources per class, most populated first.
    pub classes: Vec<ClassCount>,
    /// Size of the graph path lookups search.
    pub path_graph: PathGraphSize,
}

/// Why the statistics could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    /// Counting the store's contents failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The path graph could not be built.
    #[error(transparent)]
    Projection(#[from] ProjectionError),
}

/// Counts triples per graph, resources per class and the path graph's nodes, edges and facts (building the path graph if needed).
pub fn compute(store: &GraphStore) -> Result<Stats, StatsError> {
    let graphs = store.graph_records()?;
    let mut classes = Vec::new();
    for row in store.select(ENTITIES_PER_CLASS, &[])? {
        let Some(Term::NamedNode(class)) = row.get("class") else { continue };
        let label = match row.get("label") {
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => String::new(),
        };
        let entities = count_in(&row, "entities");
        classes.push(ClassCount { class: class.as_str().to_owned(), label, entities });
    }
    let projection = Projection::load_or_build(store)?;
    let path_graph =
        PathGraphSize { nodes: projection.nodes.len(), edges: projection.edges.len(), facts: projection.facts.len() };
    Ok(Stats { total_triples: graphs.iter().map(|g| g.triples).sum(), graphs, classes, path_graph })
}
