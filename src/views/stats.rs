//! What the store holds: triples per graph (with where each graph came from) and entities per class.

use crate::graph::{Projection, ProjectionError};
use crate::store::{GraphRecord, GraphStore, QueryError};
use oxigraph::model::Term;
use serde::Serialize;

const ENTITIES_PER_CLASS: &str = include_str!("../sparql/entities_per_class.rq");

#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    pub class: String,
    pub label: String,
    pub entities: u64,
}

/// Size of the graph path lookups search.
#[derive(Debug, Clone, Serialize)]
pub struct PathGraphSize {
    pub nodes: usize,
    pub edges: usize,
    pub facts: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub total_triples: u64,
    pub graphs: Vec<GraphRecord>,
    pub classes: Vec<ClassCount>,
    pub path_graph: PathGraphSize,
}

#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Projection(#[from] ProjectionError),
}

pub fn compute(store: &GraphStore) -> Result<Stats, StatsError> {
    let graphs = store.graph_records().map_err(QueryError::from)?;
    let mut classes = Vec::new();
    for row in store.select(ENTITIES_PER_CLASS, &[])? {
        let Some(Term::NamedNode(class)) = row.get("class") else { continue };
        let label = match row.get("label") {
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => String::new(),
        };
        let entities = match row.get("entities") {
            Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
            _ => 0,
        };
        classes.push(ClassCount { class: class.as_str().to_owned(), label, entities });
    }
    let projection = Projection::load_or_build(store)?;
    let path_graph =
        PathGraphSize { nodes: projection.nodes.len(), edges: projection.edges.len(), facts: projection.facts.len() };
    Ok(Stats { total_triples: graphs.iter().map(|g| g.triples).sum(), graphs, classes, path_graph })
}
