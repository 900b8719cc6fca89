//! The projection as a petgraph graph with two arcs per edge, one each way, ordered so that
//! breadth-first searches meet strong hops before weak ones.

use super::{hop_penalty, Hop};
use crate::graph::{EdgeId, Projection};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

/// The projection as a petgraph graph (node index = node id) with two arcs per edge, one each
/// way. Arcs are added worst first, so that each node lists its best arcs first (petgraph
/// walks a node's arcs newest first) and breadth-first searches meet good hops before weak ones.
pub struct PathGraph<'p> {
    /// The projection the graph was built from.
    pub projection: &'p Projection,
    pub(super) graph: DiGraph<(), (), u32>,
    /// The hop each petgraph arc stands for, by arc index.
    arcs: Vec<Hop>,
    /// The arc index of each hop: 2e for edge e forward, 2e+1 backward.
    arc_of: Vec<u32>,
}

impl<'p> PathGraph<'p> {
    /// The graph of the projection's edges, two arcs each.
    pub fn new(projection: &'p Projection) -> Self {
        let mut hops: Vec<(u32, Hop)> = Vec::with_capacity(projection.edges.len() * 2);
        for edge in (0..projection.edges.len()).map(EdgeId::from_index) {
            for forward in [true, false] {
                let hop = Hop { edge, forward };
                hops.push((hop_penalty(projection, hop), hop));
            }
        }
        hops.sort_by(|a, b| b.cmp(a));
        let mut graph = DiGraph::with_capacity(projection.nodes.len(), hops.len());
        for _ in &projection.nodes {
            graph.add_node(());
        }
        let mut arcs = Vec::with_capacity(hops.len());
        let mut arc_of = vec![0u32; hops.len()];
        for (_, hop) in hops {
            let edge = &projection.edge(hop.edge);
            let (from, to) = if hop.forward { (edge.from, edge.to) } else { (edge.to, edge.from) };
            let index = graph.add_edge(NodeIndex::new(from.index()), NodeIndex::new(to.index()), ());
            arc_of[hop.edge.index() * 2 + usize::from(!hop.forward)] = index.index() as u32;
            arcs.push(hop);
        }
        PathGraph { projection, graph, arcs, arc_of }
    }

    pub(super) fn hop(&self, arc: EdgeIndex<u32>) -> Hop {
        self.arcs[arc.index()]
    }

    pub(super) fn arc(&self, hop: Hop) -> EdgeIndex<u32> {
        EdgeIndex::new(self.arc_of[hop.edge.index() * 2 + usize::from(!hop.forward)] as usize)
    }
}
