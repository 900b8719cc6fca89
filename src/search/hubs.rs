//! Hubs: nodes linked to far more others than the rest (a state every flow passes through, a
//! big bank, a registry agent). Degree is the number of distinct neighbours over the relations
//! a filter allows, fact roles aside; a neighbourhood shows a hub but does not go through it.

use super::HopFilter;
use crate::graph::{EdgeId, NodeId, Projection, RelationKind};

/// A hub has at least this many neighbours, whatever the rest of the graph looks like.
pub const HUB_MIN_DEGREE: usize = 12;
/// ... and at least this many times the degree of the 95th-percentile node.
pub const HUB_FACTOR: usize = 3;

/// Distinct neighbours per node.
#[derive(Debug, Clone)]
pub struct Degrees {
    degree: Vec<u32>,
    threshold: usize,
}

impl Degrees {
    /// The degree of every node over the derived and direct edges `filter` allows.
    pub fn new(projection: &Projection, filter: &HopFilter) -> Self {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for edge in (0..projection.edges.len()).map(EdgeId::from_index) {
            let (from, to) = projection.edge_ends(edge);
            if projection.relation(projection.edge_relation(edge)).kind == RelationKind::Role
                || from == to
                || !filter.allows_edge_id(projection, edge)
            {
                continue;
            }
            let (a, b) = (from.index() as u32, to.index() as u32);
            pairs.push((a, b));
            pairs.push((b, a));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut degree = vec![0u32; projection.nodes.len()];
        for (a, _) in pairs {
            degree[a as usize] += 1;
        }
        let mut entities: Vec<u32> = projection
            .node_ids()
            .filter(|n| projection.node_fact(*n).is_none())
            .map(|n| degree[n.index()])
            .filter(|d| *d > 0)
            .collect();
        entities.sort_unstable();
        let p95 = entities.get(entities.len() * 95 / 100).copied().unwrap_or(0) as usize;
        Degrees { degree, threshold: HUB_MIN_DEGREE.max(HUB_FACTOR * p95) }
    }

    /// Number of distinct neighbours of `node`.
    pub fn of(&self, node: NodeId) -> usize {
        self.degree[node.index()] as usize
    }

    /// The degree from which a node counts as a hub in this graph: at least `HUB_MIN_DEGREE`,
    /// and `HUB_FACTOR` times the degree of the 95th-percentile entity.
    pub fn hub_threshold(&self) -> usize {
        self.threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::{node, projection_with, EX, PATHS_FIXTURE};

    #[test]
    fn degree_counts_distinct_neighbours_and_only_the_best_linked_are_hubs() {
        // The bundled data plus the small fixture.
        let projection = projection_with(PATHS_FIXTURE);
        let degrees = Degrees::new(&projection, &HopFilter::default());
        // Alpha supplies Beta (and the widget), influences and sanctions Epsilon, is spoken of
        // by Delta: four distinct neighbours, however many edges.
        assert_eq!(degrees.of(node(&projection, "alpha")), 4);
        assert!(degrees.hub_threshold() >= HUB_MIN_DEGREE);
        let hubs: Vec<&str> = projection
            .node_ids()
            .filter(|n| degrees.of(*n) >= degrees.hub_threshold())
            .map(|n| projection.node(n).label.as_str())
            .collect();
        assert_eq!(hubs, ["China", "Russia"], "in the bundled data");
        assert!(projection.node_ids().filter(|n| projection.node(*n).iri.starts_with(EX)).all(|n| degrees.of(n) < 12));
        // A filter changes the degrees: supply only.
        let supply = HopFilter::parse(&projection, &["supply".into()], &[], false, None, None).unwrap();
        let by_supply = Degrees::new(&projection, &supply);
        assert_eq!(by_supply.of(node(&projection, "alpha")), 2);
    }
}
