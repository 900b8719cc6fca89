//! The projection as the search walks it: two arcs per edge, one each way, read from the
//! projection's compressed sparse rows in place (a memory-mapped cache needs no graph built in
//! memory), each node's arcs best first so that breadth-first searches meet strong hops before
//! weak ones.

use super::Hop;
use crate::graph::{NodeId, Projection};

/// The projection's edges as arcs, two per edge (one each way). An arc is named by its hop: the
/// edge and the direction it is taken in.
#[derive(Clone, Copy)]
pub struct PathGraph<'p> {
    /// The projection the arcs are read from.
    pub projection: &'p Projection,
}

impl<'p> PathGraph<'p> {
    /// The arcs of the projection's edges, two each. Costs nothing: the arcs are read in place.
    pub fn new(projection: &'p Projection) -> Self {
        PathGraph { projection }
    }

    /// The arcs leaving (`outgoing`) or reaching `node`, best first: the node at the other end,
    /// the hop, and for a role edge the fact node it belongs to.
    pub(super) fn arcs(
        &self,
        node: NodeId,
        outgoing: bool,
    ) -> impl Iterator<Item = (NodeId, Hop, Option<NodeId>)> + 'p {
        self.projection
            .arcs(node, outgoing)
            .map(|arc| (arc.other, Hop { edge: arc.edge, forward: arc.forward }, arc.role_of))
    }

    /// The node a hop leaves and the node it reaches.
    pub(super) fn ends(&self, hop: Hop) -> (NodeId, NodeId) {
        let (from, to) = self.projection.edge_ends(hop.edge);
        if hop.forward {
            (from, to)
        } else {
            (to, from)
        }
    }
}
