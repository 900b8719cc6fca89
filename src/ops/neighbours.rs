//! What is connected to a node, level by level, with the evidence for each hop.

use super::paths::FilterSpec;
use super::OpsError;
use crate::graph::resolve::resolve_node;
use crate::graph::{NodeId, Projection};
use crate::search::{Hop, HopFilter, PathGraph, Search};
use crate::views::hops::{self, NeighbourHop, NeighbourhoodReport, NEIGHBOURS_SCHEMA};

/// One neighbourhood lookup.
#[derive(Debug, Clone)]
pub struct NeighbourRequest {
    /// The node: an IRI, a prefixed name or a name or alias.
    pub node: String,
    /// How many hops out.
    pub depth: usize,
    /// Which hops to follow.
    pub filter: FilterSpec,
}

/// The answer: the report every renderer writes, and the hops it was made of (for diagrams).
#[derive(Debug, Clone)]
pub struct NeighbourLookup {
    /// The node the lookup starts from.
    pub node: NodeId,
    /// The hops found, as every renderer writes them.
    pub report: NeighbourhoodReport,
    /// (depth, hop), breadth first.
    pub found: Vec<(usize, Hop)>,
    /// The filter the hops passed, resolved against the ontology.
    pub filter: HopFilter,
}

/// Lists the hops within `depth` of the node.
pub fn find_neighbours(projection: &Projection, request: &NeighbourRequest) -> Result<NeighbourLookup, OpsError> {
    let filter = request.filter.resolve(projection)?;
    let node = resolve_node(projection, &request.node)?;
    let graph = PathGraph::new(projection);
    let found = Search::new(&graph, &filter).neighbourhood(node, request.depth);
    let report = NeighbourhoodReport {
        schema: NEIGHBOURS_SCHEMA,
        node: hops::node_view(projection, node),
        depth: request.depth,
        hops: found
            .iter()
            .map(|(depth, hop)| NeighbourHop { depth: *depth, hop: hops::hop_view(projection, &filter, *hop) })
            .collect(),
    };
    Ok(NeighbourLookup { node, report, found, filter })
}
