//! Diagrams as people ask for them: the whole graph, the neighbourhood of a node, the result of
//! a query, or the paths and neighbourhoods found by the other operations.

use super::neighbours::NeighbourLookup;
use super::paths::{FilterSpec, PathLookup};
use super::query::{run_query, QueryText};
use super::OpsError;
use crate::graph::resolve::resolve_node;
use crate::graph::{NodeId, Projection, RelationKind};
use crate::rdf::param::Param;
use crate::search::{Hop, HopFilter, PathGraph, Search};
use crate::store::GraphStore;
use crate::views::diagram::{self, Diagram, DiagramBuilder, DiagramOptions};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

/// What a diagram shows.
#[derive(Debug, Clone)]
pub enum DiagramSubject {
    /// Every relation in the graph.
    Whole,
    /// The neighbourhood of a node, `depth` hops out.
    Focus {
        /// The node: an IRI, a prefixed name or a name or alias.
        node: String,
        /// How many hops out.
        depth: usize,
    },
    /// The result of a CONSTRUCT, or of a SELECT with ?subject ?relation ?object columns.
    Query {
        /// The query to run.
        query: QueryText,
        /// Values bound to the query's variables.
        params: Vec<Param>,
    },
}

/// One diagram request.
#[derive(Debug, Clone)]
pub struct DiagramRequest {
    /// What the diagram shows.
    pub subject: DiagramSubject,
    /// Which hops and facts it may include.
    pub filter: FilterSpec,
    /// How facts and clusters are drawn.
    pub options: DiagramOptions,
}

/// Computes the diagram a request asks for.
pub fn draw(store: &GraphStore, projection: &Projection, request: &DiagramRequest) -> Result<Diagram, OpsError> {
    let filter = request.filter.resolve(projection)?;
    match &request.subject {
        DiagramSubject::Query { query, params } => {
            let results = run_query(store, query, params)?;
            let triples = query_triples(results, &query.source_name)?;
            let triples: Vec<_> = triples
                .into_iter()
                .filter(|(_, p, _)| {
                    let family = projection.relations.iter().find(|r| r.iri == *p).and_then(|r| r.family);
                    let only = filter.only.as_ref().is_none_or(|only| family.is_some_and(|f| only.contains(&f)));
                    only && !family.is_some_and(|f| filter.exclude.contains(&f))
                })
                .collect();
            // Query diagrams have no projection hops to cluster by; they stay flat.
            Ok(diagram::from_triples(projection, &triples))
        }
        DiagramSubject::Focus { node, depth } => {
            let node = resolve_node(projection, node)?;
            let graph = PathGraph::new(projection);
            let hops = Search::new(&graph, &filter).neighbourhood(node, *depth).into_iter().map(|(_, hop)| hop);
            Ok(of_hops(projection, &filter, request.options, [node], hops))
        }
        DiagramSubject::Whole => {
            let mut builder = DiagramBuilder::new(projection, &filter, request.options);
            for (id, edge) in projection.edges_with_ids() {
                if projection.relation(edge.relation).kind != RelationKind::Role && filter.allows_edge(projection, edge)
                {
                    builder.add_edge(id);
                }
            }
            Ok(builder.build())
        }
    }
}

/// The diagram of found paths: their start nodes and hops, facts as nodes.
pub fn of_paths(projection: &Projection, lookup: &PathLookup) -> Diagram {
    let starts = lookup.found.iter().map(|p| p.start);
    let hops = lookup.found.iter().flat_map(|p| p.hops.iter().copied());
    of_hops(projection, &lookup.filter, DiagramOptions::default(), starts, hops)
}

/// The diagram of a neighbourhood: the node and its hops, facts as nodes.
pub fn of_neighbourhood(projection: &Projection, lookup: &NeighbourLookup) -> Diagram {
    let hops = lookup.found.iter().map(|(_, hop)| *hop);
    of_hops(projection, &lookup.filter, DiagramOptions::default(), [lookup.node], hops)
}

fn of_hops(
    projection: &Projection,
    filter: &HopFilter,
    options: DiagramOptions,
    starts: impl IntoIterator<Item = NodeId>,
    hops: impl IntoIterator<Item = Hop>,
) -> Diagram {
    let mut builder = DiagramBuilder::new(projection, filter, options);
    for start in starts {
        builder.add_node(start);
    }
    builder.add_hops(hops);
    builder.build()
}

/// (subject, relation, object) of a CONSTRUCT result, or of a SELECT with such columns.
fn query_triples(results: QueryResults<'_>, source_name: &str) -> Result<Vec<(String, String, String)>, OpsError> {
    let not_drawable = |message: String| OpsError::NotDrawable { source_name: source_name.to_owned(), message };
    let failed = |error: oxigraph::sparql::QueryEvaluationError| OpsError::Evaluation {
        source_name: source_name.to_owned(),
        source: error.into(),
    };
    let text = |term: &Term| match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    match results {
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for triple in triples {
                let triple = triple.map_err(failed)?;
                out.push((text(&triple.subject.into()), triple.predicate.as_str().to_owned(), text(&triple.object)));
            }
            Ok(out)
        }
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions.variables().iter().map(|v| v.as_str().to_owned()).collect();
            let pick = |names: &[&str]| names.iter().find(|n| variables.iter().any(|v| v == *n)).map(|n| n.to_string());
            let (Some(s), Some(p), Some(o)) = (
                pick(&["subject", "s", "from", "source"]),
                pick(&["relation", "predicate", "p", "property"]),
                pick(&["object", "o", "to", "target"]),
            ) else {
                return Err(not_drawable(format!(
                    "to draw a SELECT, name its columns ?subject ?relation ?object (it has ?{})",
                    variables.join(" ?")
                )));
            };
            let mut out = Vec::new();
            for row in solutions {
                let row = row.map_err(failed)?;
                if let (Some(a), Some(b), Some(c)) = (row.get(s.as_str()), row.get(p.as_str()), row.get(o.as_str())) {
                    out.push((text(a), text(b), text(c)));
                }
            }
            Ok(out)
        }
        QueryResults::Boolean(_) => Err(not_drawable(
            "an ASK query has nothing to draw; use CONSTRUCT or SELECT ?subject ?relation ?object".into(),
        )),
    }
}
