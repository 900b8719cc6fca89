//! Bounded breadth-first searches: bidirectional towards a single node, forward towards a set of
//! nodes, and the neighbourhood of a node level by level.

use super::{path_penalty, Goal, Hop, Search};
use crate::graph::{EdgeId, NodeId};
use std::collections::{HashSet, VecDeque};

impl Search<'_, '_> {
    /// Shortest path from `start` to the goal avoiding banned nodes and arcs, or None.
    pub(super) fn shortest(
        &mut self,
        start: NodeId,
        goal: &Goal,
        banned_nodes: &HashSet<NodeId>,
        banned_arcs: &HashSet<Hop>,
        limit: usize,
    ) -> Option<Vec<Hop>> {
        match goal {
            Goal::Node(target) => self.bidirectional(start, *target, banned_nodes, banned_arcs, limit),
            Goal::AnyOf(_) => self.forward_only(start, goal, banned_nodes, banned_arcs, limit),
        }
    }

    pub(super) fn forward_only(
        &mut self,
        start: NodeId,
        goal: &Goal,
        banned_nodes: &HashSet<NodeId>,
        banned_arcs: &HashSet<Hop>,
        limit: usize,
    ) -> Option<Vec<Hop>> {
        self.scratch.reset();
        self.scratch.visit_forward(start, None);
        let mut frontier = vec![start];
        for _depth in 0..limit {
            let mut next = Vec::new();
            for &node in &frontier {
                for (to, id, role_of) in self.graph.arcs(node, true) {
                    if self.scratch.seen_forward(to)
                        || banned_nodes.contains(&to)
                        || banned_arcs.contains(&id)
                        || !self.arc_allowed(id, role_of)
                    {
                        continue;
                    }
                    self.scratch.visit_forward(to, Some(id));
                    if goal.contains(to) {
                        return Some(self.scratch.forward_path(self.graph, to));
                    }
                    next.push(to);
                }
            }
            if next.is_empty() {
                return None;
            }
            frontier = next;
        }
        None
    }

    pub(super) fn bidirectional(
        &mut self,
        start: NodeId,
        target: NodeId,
        banned_nodes: &HashSet<NodeId>,
        banned_arcs: &HashSet<Hop>,
        limit: usize,
    ) -> Option<Vec<Hop>> {
        if banned_nodes.contains(&target) {
            return None;
        }
        self.scratch.reset();
        self.scratch.visit_forward(start, None);
        self.scratch.visit_backward(target, None);
        let (mut forward, mut backward) = (vec![start], vec![target]);
        let (mut depth_forward, mut depth_backward) = (0usize, 0usize);
        while depth_forward + depth_backward < limit && !forward.is_empty() && !backward.is_empty() {
            let expand_forward = forward.len() <= backward.len();
            let mut next = Vec::new();
            let mut meetings: Vec<NodeId> = Vec::new();
            let frontier = if expand_forward { &forward } else { &backward };
            for &node in frontier {
                for (other, id, role_of) in self.graph.arcs(node, expand_forward) {
                    let seen = if expand_forward {
                        self.scratch.seen_forward(other)
                    } else {
                        self.scratch.seen_backward(other)
                    };
                    if seen
                        || banned_nodes.contains(&other)
                        || banned_arcs.contains(&id)
                        || !self.arc_allowed(id, role_of)
                    {
                        continue;
                    }
                    if expand_forward {
                        self.scratch.visit_forward(other, Some(id));
                    } else {
                        self.scratch.visit_backward(other, Some(id));
                    }
                    let met = if expand_forward {
                        self.scratch.seen_backward(other)
                    } else {
                        self.scratch.seen_forward(other)
                    };
                    if met {
                        meetings.push(other);
                    }
                    next.push(other);
                }
            }
            if expand_forward {
                depth_forward += 1;
                forward = next;
            } else {
                depth_backward += 1;
                backward = next;
            }
            // Every meeting in this level is a candidate; the shortest joined path wins.
            let best = meetings
                .into_iter()
                .map(|middle| {
                    let mut path = self.scratch.forward_path(self.graph, middle);
                    path.extend(self.scratch.backward_path(self.graph, middle));
                    path
                })
                .min_by_key(|path| (path.len(), path_penalty(self.graph.projection, path)));
            if let Some(path) = best {
                return (path.len() <= limit).then_some(path);
            }
        }
        None
    }

    /// Every hop within `depth` of `start`, breadth first, each with the depth it was found at.
    pub fn neighbourhood(&mut self, start: NodeId, depth: usize) -> Vec<(usize, Hop)> {
        self.neighbourhood_stopping_at(start, depth, |_| false)
    }

    /// Like `neighbourhood`, but nodes for which `stop` says true are reached and not gone
    /// through (hubs left unexpanded); `start` itself is always expanded.
    pub fn neighbourhood_stopping_at(
        &mut self,
        start: NodeId,
        depth: usize,
        stop: impl Fn(NodeId) -> bool,
    ) -> Vec<(usize, Hop)> {
        self.endpoints.clear();
        self.endpoints.insert(start);
        let mut seen: HashSet<NodeId> = HashSet::from([start]);
        let mut used: HashSet<EdgeId> = HashSet::new();
        let mut queue = VecDeque::from([(start, 0usize)]);
        let mut hops = Vec::new();
        while let Some((node, level)) = queue.pop_front() {
            if level >= depth || (level > 0 && stop(node)) {
                continue;
            }
            let mut arcs: Vec<(NodeId, Hop)> = self
                .graph
                .arcs(node, true)
                .filter(|(_, hop, role_of)| self.arc_allowed(*hop, *role_of))
                .map(|(other, hop, _)| (other, hop))
                .collect();
            // Worst first, as the arcs were once numbered.
            arcs.sort_by_key(|(_, hop)| std::cmp::Reverse((super::hop_penalty(self.graph.projection, *hop), *hop)));
            for (other, hop) in arcs {
                if !used.insert(hop.edge) {
                    continue;
                }
                hops.push((level + 1, hop));
                if seen.insert(other) {
                    queue.push_back((other, level + 1));
                }
            }
        }
        hops
    }
}
