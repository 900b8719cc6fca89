//! Diagrams and graph exports as people ask for them: the whole graph, the neighbourhood of a
//! node (hubs shown but not gone through), the result of a query, paths between two nodes, or
//! the paths and neighbourhoods found by the other operations.

use super::neighbours::NeighbourLookup;
use super::paths::{find_paths, FilterSpec, PathLookup, PathRequest};
use super::query::{run_query_at_with, QueryOptions, QueryTarget, QueryText};
use super::OpsError;
use crate::graph::resolve::resolve_node;
use crate::graph::{NodeId, Projection, RelationKind};
use crate::rdf::param::Param;
use crate::search::{Degrees, PathGraph, Search};
use crate::views::diagram::{self, Diagram, DiagramBuilder, DiagramOptions, DiagramShape};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::collections::BTreeSet;

/// What a diagram or a graph export shows.
#[derive(Debug, Clone)]
pub enum DiagramSubject {
    /// Every relation in the graph.
    Whole,
    /// The neighbourhood of a node, `depth` hops out, going through hubs only when asked.
    Focus {
        /// The node: an IRI, a prefixed name or a name or alias.
        node: String,
        /// How many hops out.
        depth: usize,
        /// Hubs to go through all the same, as names people type.
        expand: Vec<String>,
        /// The degree from which a node is a hub (None: from the graph, see `search::Degrees`).
        hub_degree: Option<usize>,
    },
    /// The result of a CONSTRUCT, or of a SELECT with ?subject ?relation ?object columns.
    Query {
        /// The query to run.
        query: QueryText,
        /// Values bound to the query's variables.
        params: Vec<Param>,
        /// How it runs on the store (a base IRI, a cancellation token).
        options: QueryOptions,
    },
    /// The k shortest paths between two nodes (or classes of nodes), as `path` finds them.
    Paths {
        /// Start: an IRI, a prefixed name or a name or alias.
        from: Option<String>,
        /// End: an IRI, a prefixed name or a name or alias.
        to: Option<String>,
        /// Start from every node of this class instead of `from`.
        from_type: Option<String>,
        /// End at any node of this class instead of `to`.
        to_type: Option<String>,
        /// How many shortest loopless paths.
        k: usize,
        /// The longest path considered, in hops.
        max_hops: usize,
    },
}

/// One diagram request.
#[derive(Debug, Clone)]
pub struct DiagramRequest {
    /// What the diagram shows.
    pub subject: DiagramSubject,
    /// Which hops and facts it may include.
    pub filter: FilterSpec,
    /// How facts, clusters and footnotes are drawn.
    pub options: DiagramOptions,
}

/// Computes the picture a request asks for: paths as stories (one row per path), the rest as
/// `select` gives them.
pub fn draw<'a>(
    store: impl Into<QueryTarget<'a>>,
    projection: &Projection,
    request: &DiagramRequest,
) -> Result<Diagram, OpsError> {
    if let DiagramSubject::Paths { .. } = &request.subject {
        let lookup = find_paths(projection, &path_request(request))?;
        return Ok(diagram::story(projection, &lookup.filter, &lookup.found, request.options.footnotes));
    }
    select(store, projection, request)
}

/// Computes the graph a request selects, each entity once, for exports and for pictures of
/// anything but paths.
pub fn select<'a>(
    store: impl Into<QueryTarget<'a>>,
    projection: &Projection,
    request: &DiagramRequest,
) -> Result<Diagram, OpsError> {
    let filter = request.filter.resolve(projection)?;
    match &request.subject {
        DiagramSubject::Query { query, params, options } => {
            let results = run_query_at_with(store.into(), query, params, options)?;
            let mut triples = query_triples(results, &query.source_name)?;
            // In IRI order, as every diagram: the same picture whichever engine answered.
            triples.sort();
            triples.dedup();
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
        DiagramSubject::Focus { node, depth, expand, hub_degree } => {
            let node = resolve_node(projection, node)?;
            let expand: BTreeSet<NodeId> =
                expand.iter().map(|name| resolve_node(projection, name)).collect::<Result<_, _>>()?;
            let degrees = Degrees::new(projection, &filter);
            let threshold = hub_degree.unwrap_or_else(|| degrees.hub_threshold());
            let is_hub = |n: NodeId| n != node && degrees.of(n) >= threshold && !expand.contains(&n);
            let graph = PathGraph::new(projection);
            let hops = Search::new(&graph, &filter).neighbourhood_stopping_at(node, *depth, is_hub);
            let mut builder = DiagramBuilder::new(projection, &filter, request.options);
            builder.shape(DiagramShape::Neighbourhood);
            builder.add_focus(node);
            // A hub is left unexpanded only when the search reached it with steps to spare.
            let mut reached: BTreeSet<NodeId> = BTreeSet::new();
            for (level, hop) in &hops {
                let edge = projection.edge(hop.edge);
                let far = if hop.forward { edge.to } else { edge.from };
                if *level < *depth {
                    reached.insert(far);
                }
            }
            for hub in reached.into_iter().filter(|n| is_hub(*n)) {
                builder.add_hub(hub, degrees.of(hub));
            }
            builder.add_hops(hops.into_iter().map(|(_, hop)| hop));
            Ok(builder.build())
        }
        DiagramSubject::Whole => {
            let mut builder = DiagramBuilder::new(projection, &filter, request.options);
            for (id, edge) in projection.edges_with_ids() {
                if projection.relation(edge.relation).kind != RelationKind::Role && filter.allows_edge(projection, edge)
                {
                    builder.add_edge(id);
                }
            }
            // Entities linked to nothing at all (an imported person with no relation in the
            // data) are part of the whole graph too, unless families were chosen.
            if filter.only.is_none() {
                let degrees = Degrees::new(projection, &FilterSpec::default().resolve(projection)?);
                for id in projection.node_ids() {
                    if projection.node(id).fact.is_none() && degrees.of(id) == 0 {
                        builder.add_node(id);
                    }
                }
            }
            Ok(builder.build())
        }
        DiagramSubject::Paths { .. } => {
            let lookup = find_paths(projection, &path_request(request))?;
            let mut builder = DiagramBuilder::new(projection, &lookup.filter, request.options);
            for path in &lookup.found {
                builder.add_focus(path.start);
                builder.add_focus(*path.nodes(projection).last().expect("a path has nodes"));
            }
            builder.add_hops(lookup.found.iter().flat_map(|p| p.hops.iter().copied()));
            Ok(builder.build())
        }
    }
}

fn path_request(request: &DiagramRequest) -> PathRequest {
    let DiagramSubject::Paths { from, to, from_type, to_type, k, max_hops } = &request.subject else {
        unreachable!("only called for paths")
    };
    PathRequest {
        from: from.clone(),
        to: to.clone(),
        from_type: from_type.clone(),
        to_type: to_type.clone(),
        k: *k,
        max_hops: *max_hops,
        filter: request.filter.clone(),
        profile: None,
    }
}

/// The picture of found paths: one row per path, one edge per hop.
pub fn of_paths(projection: &Projection, lookup: &PathLookup, footnotes: bool) -> Diagram {
    diagram::story(projection, &lookup.filter, &lookup.found, footnotes)
}

/// The diagram of a neighbourhood: the node and its hops, facts as nodes.
pub fn of_neighbourhood(projection: &Projection, lookup: &NeighbourLookup) -> Diagram {
    let mut builder = DiagramBuilder::new(projection, &lookup.filter, DiagramOptions::default());
    builder.shape(DiagramShape::Neighbourhood);
    builder.add_focus(lookup.node);
    builder.add_hops(lookup.found.iter().map(|(_, hop)| *hop));
    builder.build()
}

/// The most triples a query diagram draws: more make a picture nobody reads, and a server
/// holds them all in memory.
pub const MAX_QUERY_TRIPLES: usize = 100_000;

/// (subject, relation, object) of a CONSTRUCT result, or of a SELECT with such columns.
fn query_triples(results: QueryResults<'_>, source_name: &str) -> Result<Vec<(String, String, String)>, OpsError> {
    let not_drawable = |message: String| OpsError::NotDrawable { source_name: source_name.to_owned(), message };
    let too_many = || {
        not_drawable(format!(
            "it gives more than {MAX_QUERY_TRIPLES} triples, too many to draw; narrow it (LIMIT, FILTER)"
        ))
    };
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
                if out.len() == MAX_QUERY_TRIPLES {
                    return Err(too_many());
                }
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
                    if out.len() == MAX_QUERY_TRIPLES {
                        return Err(too_many());
                    }
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
