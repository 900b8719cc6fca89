//! Reusable visit marks and parent arcs for breadth-first searches on big graphs: reset in O(1)
//! by bumping a stamp instead of clearing arrays, which start zeroed so that the pages of nodes
//! a search never visits are never touched.

use super::arcs::PathGraph;
use super::Hop;
use crate::graph::{EdgeId, NodeId};

/// Reusable visit marks and parent arcs for breadth-first searches on big graphs.
pub(super) struct Scratch {
    stamp: u32,
    forward_mark: Vec<u32>,
    forward_parent: Vec<u32>,
    backward_mark: Vec<u32>,
    backward_parent: Vec<u32>,
}

/// A parent of 0 is no arc; otherwise the hop's code plus one.
const NO_ARC: u32 = 0;

fn code(hop: Option<Hop>) -> u32 {
    hop.map_or(NO_ARC, |h| h.edge.0 * 2 + u32::from(h.forward) + 1)
}

fn hop(code: u32) -> Hop {
    Hop { edge: EdgeId((code - 1) / 2), forward: (code - 1) % 2 == 1 }
}

impl Scratch {
    pub(super) fn new(nodes: usize) -> Self {
        Scratch {
            stamp: 0,
            forward_mark: vec![0; nodes],
            forward_parent: vec![NO_ARC; nodes],
            backward_mark: vec![0; nodes],
            backward_parent: vec![NO_ARC; nodes],
        }
    }

    pub(super) fn reset(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.forward_mark.fill(0);
            self.backward_mark.fill(0);
            self.stamp = 1;
        }
    }

    pub(super) fn seen_forward(&self, node: NodeId) -> bool {
        self.forward_mark[node.index()] == self.stamp
    }

    pub(super) fn seen_backward(&self, node: NodeId) -> bool {
        self.backward_mark[node.index()] == self.stamp
    }

    pub(super) fn visit_forward(&mut self, node: NodeId, arc: Option<Hop>) {
        self.forward_mark[node.index()] = self.stamp;
        self.forward_parent[node.index()] = code(arc);
    }

    pub(super) fn visit_backward(&mut self, node: NodeId, arc: Option<Hop>) {
        self.backward_mark[node.index()] = self.stamp;
        self.backward_parent[node.index()] = code(arc);
    }

    /// Hops from the forward search's start to `node`.
    pub(super) fn forward_path(&self, graph: &PathGraph<'_>, node: NodeId) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut current = node;
        while self.forward_parent[current.index()] != NO_ARC {
            let arc = hop(self.forward_parent[current.index()]);
            hops.push(arc);
            current = graph.ends(arc).0;
        }
        hops.reverse();
        hops
    }

    /// Hops from `node` to the backward search's start.
    pub(super) fn backward_path(&self, graph: &PathGraph<'_>, node: NodeId) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut current = node;
        while self.backward_parent[current.index()] != NO_ARC {
            let arc = hop(self.backward_parent[current.index()]);
            hops.push(arc);
            current = graph.ends(arc).1;
        }
        hops
    }
}
