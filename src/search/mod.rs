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

use crate::graph::{hop_penalty_for, EdgeId, NodeId, Projection};
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
            let (from, to) = projection.edge_ends(hop.edge);
            nodes.push(if hop.forward { to } else { from });
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
    hop_penalty_for(projection.edge_rank_of(hop.edge), hop.forward)
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
    /// Whether the filter allows each edge, worked out when the search first meets it: 0 not
    /// yet known, 1 allowed, 2 not (zeroed, so edges never met cost nothing).
    allowed: std::cell::RefCell<Vec<u8>>,
    /// Whether the filter lets every edge through, so nothing needs working out.
    open: bool,
    scratch: Scratch,
}

impl<'g, 'p> Search<'g, 'p> {
    /// A search over `graph` taking only hops that pass `filter`.
    pub fn new(graph: &'g PathGraph<'p>, filter: &'g HopFilter) -> Self {
        let projection = graph.projection;
        Search {
            graph,
            filter,
            endpoints: HashSet::new(),
            allowed: std::cell::RefCell::new(vec![
                0;
                if filter.lets_all_through() { 0 } else { projection.edges.len() }
            ]),
            open: filter.lets_all_through(),
            scratch: Scratch::new(projection.nodes.len()),
        }
    }

    fn edge_allowed(&self, edge: EdgeId) -> bool {
        if self.open {
            return true;
        }
        let mut allowed = self.allowed.borrow_mut();
        match allowed[edge.index()] {
            1 => true,
            2 => false,
            _ => {
                let verdict = self.filter.allows_edge_id(self.graph.projection, edge);
                allowed[edge.index()] = if verdict { 1 } else { 2 };
                verdict
            }
        }
    }

    /// Whether the search may take `hop`; `role_of` is the fact node when it is a role edge.
    fn arc_allowed(&self, hop: Hop, role_of: Option<NodeId>) -> bool {
        if (self.filter.directed && !hop.forward) || !self.edge_allowed(hop.edge) {
            return false;
        }
        // A role edge links a fact node to a participant: only at the ends of a path, so that
        // paths between entities take one hop per fact.
        role_of.is_none_or(|fact| self.endpoints.contains(&fact))
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
