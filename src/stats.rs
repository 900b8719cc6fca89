//! What the store holds: triples per graph (with where each graph came from) and entities per class.

use crate::store::{GraphRecord, GraphStore, QueryError};
use oxigraph::model::Term;
use serde::Serialize;

const ENTITIES_PER_CLASS: &str = include_str!("sparql/entities_per_class.rq");

#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    pub class: String,
    pub label: String,
    pub entities: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub total_triples: u64,
    pub graphs: Vec<GraphRecord>,
    pub classes: Vec<ClassCount>,
}

pub fn compute(store: &GraphStore) -> Result<Stats, QueryError> {
    let graphs = store.graph_records()?;
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
    Ok(Stats { total_triples: graphs.iter().map(|g| g.triples).sum(), graphs, classes })
}
