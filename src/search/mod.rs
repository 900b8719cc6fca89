//! Path search over the projection with petgraph: every edge becomes two arcs (its own
//! direction and against it), hop filters prune arcs, bounded breadth-first searches find
//! shortest paths (bidirectional towards a single node), and Yen's algorithm lists the k
//! shortest loopless paths, shortest first, ties in edge order.
//!
//! Uses `graph` and `rdf`.

mod arcs;
mod bfs;
mod filter;
mod hubs;
mod scratch;
#[cfg(test)]
mod tests;
mod yen;

pub use arcs::PathGraph;
pub use filter::{FilterError, HopFilter, Profile};
pub use hubs::{Degrees, HUB_FACTOR, HUB_MIN_DEGREE};

use crate::graph::{EdgeId, NodeId, Projection, RelationKind};
use petgraph::graph::EdgeIndex;
use scratch::Scratch;
use std::collections::HashSet;

/// One step of a path: an edge, taken in its own direction or against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hop {
    /// The edge taken.
    pub edge: EdgeId,
    /// Whether the hop follows the edge's own direction (false: against it).
    pub forward: bool,
}

/// A path from `start` through `hops`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPath {
    /// The node the path starts at.
    pub start: NodeId,
    /// The steps, in order from `start`.
    pub hops: Vec<Hop>,
}

impl FoundPath {
    /// The nodes along the path, start first.
    pub fn nodes(&self, projection: &Projection) -> Vec<NodeId> {
        let mut nodes = vec![self.start];
        for hop in &self.hops {
            let edge = &projection.edge(hop.edge);
            nodes.push(if hop.forward { edge.to } else { edge.from });
        }
        nodes
    }
}

/// What a search ends at.
#[derive(Debug, Clone)]
pub enum Goal {
    /// One node.
    Node(NodeId),
    /// Any node of the set.
    AnyOf(HashSet<NodeId>),
}

impl Goal {
    fn contains(&self, node: NodeId) -> bool {
        match self {
            Goal::Node(n) => *n == node,
            Goal::AnyOf(set) => set.contains(&node),
        }
    }
}

/// How much less a hop is worth than the best possible one: weaker evidence costs more than
/// going against an edge's direction. Among paths of equal length, the cheapest comes first.
pub fn hop_penalty(projection: &Projection, hop: Hop) -> u32 {
    let edge = &projection.edge(hop.edge);
    let rank = projection.edge_rank(edge);
    let evidence = u32::from(5u8.saturating_sub(rank));
    evidence * 2 + u32::from(!hop.forward)
}

fn path_penalty(projection: &Projection, hops: &[Hop]) -> u32 {
    hops.iter().map(|h| hop_penalty(projection, *h)).sum()
}

/// One search's rules: the filter, where paths may start and end, how long they may be.
pub struct Search<'g, 'p> {
    graph: &'g PathGraph<'p>,
    filter: &'g HopFilter,
    /// Fact nodes that may be reached through their role edges: the ends of the path.
    endpoints: HashSet<NodeId>,
    allowed: Vec<bool>,
    scratch: Scratch,
}

impl<'g, 'p> Search<'g, 'p> {
    /// A search over `graph` taking only hops that pass `filter`.
    pub fn new(graph: &'g PathGraph<'p>, filter: &'g HopFilter) -> Self {
        let projection = graph.projection;
        let allowed = projection.edges.iter().map(|e| filter.allows_edge(projection, e)).collect();
        Search { graph, filter, endpoints: HashSet::new(), allowed, scratch: Scratch::new(projection.nodes.len()) }
    }

    fn arc_allowed(&self, arc: EdgeIndex<u32>) -> bool {
        let hop = self.graph.hop(arc);
        if !self.allowed[hop.edge.index()] || (self.filter.directed && !hop.forward) {
            return false;
        }
        let projection = self.graph.projection;
        let edge = &projection.edge(hop.edge);
        let relation = projection.relation(edge.relation);
        // A role edge links a fact node to a participant: only at the ends of a path, so that
        // paths between entities take one hop per fact.
        relation.kind != RelationKind::Role || self.endpoints.contains(&edge.from)
    }

    /// The k shortest loopless paths from any source to the goal, at most `max_hops` long.
    pub fn k_shortest(&mut self, sources: &[NodeId], goal: &Goal, k: usize, max_hops: usize) -> Vec<FoundPath> {
        let mut all = Vec::new();
        for &source in sources {
            self.endpoints.clear();
            self.endpoints.insert(source);
            match goal {
                Goal::Node(n) => {
                    self.endpoints.insert(*n);
                }
                Goal::AnyOf(set) => self.endpoints.extend(set.iter().copied()),
            }
            all.extend(self.yen(source, goal, k, max_hops));
        }
        let projection = self.graph.projection;
        all.sort_by_cached_key(|p| (p.hops.len(), path_penalty(projection, &p.hops), p.hops.clone()));
        all.truncate(k);
        all
    }
}
