//! Yen's algorithm: the k shortest loopless paths, built from breadth-first spur searches that
//! avoid the root path's nodes and the arcs earlier paths took.

use super::{path_penalty, FoundPath, Goal, Hop, Search};
use crate::graph::NodeId;
use std::collections::{BTreeSet, HashSet};

impl Search<'_, '_> {
    /// Up to k loopless paths from `source` to the goal, shortest and best evidenced first.
    pub(super) fn yen(&mut self, source: NodeId, goal: &Goal, k: usize, max_hops: usize) -> Vec<FoundPath> {
        if k == 0 || goal.contains(source) {
            return Vec::new();
        }
        let none_nodes = HashSet::new();
        let none_arcs = HashSet::new();
        let Some(first) = self.shortest(source, goal, &none_nodes, &none_arcs, max_hops) else {
            return Vec::new();
        };
        let mut found: Vec<Vec<Hop>> = vec![first];
        let mut candidates: BTreeSet<(usize, u32, Vec<Hop>)> = BTreeSet::new();
        while found.len() < k {
            let previous = found.last().expect("at least one path").clone();
            let previous_nodes = FoundPath { start: source, hops: previous.clone() }.nodes(self.graph.projection);
            for i in 0..previous.len() {
                let spur = previous_nodes[i];
                let root = &previous[..i];
                let banned_arcs: HashSet<Hop> =
                    found.iter().filter(|p| p.len() > i && p[..i] == *root).map(|p| p[i]).collect();
                let banned_nodes: HashSet<NodeId> = previous_nodes[..i].iter().copied().collect();
                let Some(spur_path) = self.shortest(spur, goal, &banned_nodes, &banned_arcs, max_hops - i) else {
                    continue;
                };
                let mut candidate = root.to_vec();
                candidate.extend(spur_path);
                if !found.contains(&candidate) {
                    let penalty = path_penalty(self.graph.projection, &candidate);
                    candidates.insert((candidate.len(), penalty, candidate));
                }
            }
            match candidates.pop_first() {
                Some((_, _, best)) => found.push(best),
                None => break,
            }
        }
        found.into_iter().map(|hops| FoundPath { start: source, hops }).collect()
    }
}
