//! Reusable visit marks and parent arcs for breadth-first searches on big graphs: reset in O(1)
//! by bumping a stamp instead of clearing arrays.

use super::arcs::PathGraph;
use super::Hop;
use crate::graph::NodeId;
use petgraph::graph::EdgeIndex;

/// Reusable visit marks and parent arcs for breadth-first searches on big graphs.
pub(super) struct Scratch {
    stamp: u32,
    forward_mark: Vec<u32>,
    forward_parent: Vec<u32>,
    backward_mark: Vec<u32>,
    backward_parent: Vec<u32>,
}

const NO_ARC: u32 = u32::MAX;

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

    pub(super) fn visit_forward(&mut self, node: NodeId, arc: Option<EdgeIndex<u32>>) {
        self.forward_mark[node.index()] = self.stamp;
        self.forward_parent[node.index()] = arc.map_or(NO_ARC, |a| a.index() as u32);
    }

    pub(super) fn visit_backward(&mut self, node: NodeId, arc: Option<EdgeIndex<u32>>) {
        self.backward_mark[node.index()] = self.stamp;
        self.backward_parent[node.index()] = arc.map_or(NO_ARC, |a| a.index() as u32);
    }

    /// Hops from the forward search's start to `node`.
    pub(super) fn forward_path(&self, graph: &PathGraph<'_>, node: NodeId) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut current = node;
        while self.forward_parent[current.index()] != NO_ARC {
            let arc = EdgeIndex::new(self.forward_parent[current.index()] as usize);
            hops.push(graph.hop(arc));
            current = NodeId::from_index(graph.graph.edge_endpoints(arc).expect("arc exists").0.index());
        }
        hops.reverse();
        hops
    }

    /// Hops from `node` to the backward search's start.
    pub(super) fn backward_path(&self, graph: &PathGraph<'_>, node: NodeId) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut current = node;
        while self.backward_parent[current.index()] != NO_ARC {
            let arc = EdgeIndex::new(self.backward_parent[current.index()] as usize);
            hops.push(graph.hop(arc));
            current = NodeId::from_index(graph.graph.edge_endpoints(arc).expect("arc exists").1.index());
        }
        hops
    }
}
