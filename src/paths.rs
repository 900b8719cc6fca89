//! Path search over the projection with petgraph: every edge becomes two arcs (its own
//! direction and against it), hop filters prune arcs, bounded breadth-first searches find
//! shortest paths (bidirectional towards a single node), and Yen's algorithm lists the k
//! shortest loopless paths, shortest first, ties in edge order.

use crate::dates::{parse_day_range, DateError, DayRange};
use crate::projection::{Edge, FactId, FamilyId, NodeId, Projection, RelationKind};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeSet, HashSet, VecDeque};

/// One step of a path: an edge, taken in its own direction or against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hop {
    pub edge: u32,
    pub forward: bool,
}

/// A path from `start` through `hops`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPath {
    pub start: NodeId,
    pub hops: Vec<Hop>,
}

impl FoundPath {
    /// The nodes along the path, start first.
    pub fn nodes(&self, projection: &Projection) -> Vec<NodeId> {
        let mut nodes = vec![self.start];
        for hop in &self.hops {
            let edge = &projection.edges[hop.edge as usize];
            nodes.push(if hop.forward { edge.to } else { edge.from });
        }
        nodes
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    #[error("unknown relation family '{0}'; known families: {1}")]
    UnknownFamily(String, String),
    #[error("unknown confidence level '{0}'; known levels: {1}")]
    UnknownConfidence(String, String),
    #[error(transparent)]
    Date(#[from] DateError),
}

/// Which hops a search may take.
#[derive(Debug, Clone, Default)]
pub struct HopFilter {
    pub only: Option<Vec<FamilyId>>,
    pub exclude: Vec<FamilyId>,
    pub directed: bool,
    pub min_rank: Option<u8>,
    pub as_of: Option<DayRange>,
}

impl HopFilter {
    /// Reads family keys, a confidence key and a date as the command line gives them.
    pub fn parse(
        projection: &Projection,
        via: &[String],
        exclude: &[String],
        directed: bool,
        min_confidence: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<Self, FilterError> {
        let family = |key: &String| {
            projection.family_by_key(key.trim()).ok_or_else(|| {
                let known: Vec<&str> = projection.families.iter().map(|f| f.key.as_str()).collect();
                FilterError::UnknownFamily(key.clone(), known.join(", "))
            })
        };
        let only = if via.is_empty() { None } else { Some(via.iter().map(family).collect::<Result<Vec<_>, _>>()?) };
        let exclude = exclude.iter().map(family).collect::<Result<Vec<_>, _>>()?;
        let min_rank = match min_confidence {
            None => None,
            Some(key) => Some(projection.confidence_rank(key.trim()).ok_or_else(|| {
                let known: Vec<&str> = projection.confidence_levels.iter().rev().map(|l| l.key.as_str()).collect();
                FilterError::UnknownConfidence(key.to_owned(), known.join(", "))
            })?),
        };
        let as_of = as_of.map(parse_day_range).transpose()?;
        Ok(HopFilter { only, exclude, directed, min_rank, as_of })
    }

    /// Whether the edge passes the family filter and has a fact (or, for an edge asserted
    /// without facts, needs none) passing the confidence and date filters. Direction aside.
    pub fn allows_edge(&self, projection: &Projection, edge: &Edge) -> bool {
        let family = projection.edge_family(edge);
        if let Some(only) = &self.only {
            if !family.is_some_and(|f| only.contains(&f)) {
                return false;
            }
        }
        if family.is_some_and(|f| self.exclude.contains(&f)) {
            return false;
        }
        if edge.facts.is_empty() {
            return self.min_rank.is_none();
        }
        edge.facts.iter().any(|f| self.allows_fact(projection, *f))
    }

    /// Whether a fact is strong enough and valid at the `--as-of` date (undated facts are).
    pub fn allows_fact(&self, projection: &Projection, fact: FactId) -> bool {
        let fact = projection.fact(fact);
        self.min_rank.is_none_or(|min| fact.best_rank >= min) && self.as_of.is_none_or(|day| fact.validity.holds_during(day))
    }
}

/// What a search ends at.
#[derive(Debug, Clone)]
pub enum Goal {
    Node(NodeId),
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
    let edge = &projection.edges[hop.edge as usize];
    let rank = projection.edge_rank(edge);
    let evidence = u32::from(5u8.saturating_sub(rank));
    evidence * 2 + u32::from(!hop.forward)
}

fn path_penalty(projection: &Projection, hops: &[Hop]) -> u32 {
    hops.iter().map(|h| hop_penalty(projection, *h)).sum()
}

/// The projection as a petgraph graph (node index = node id) with two arcs per edge, one each
/// way. Arcs are added worst first, so that each node lists its best arcs first (petgraph
/// walks a node's arcs newest first) and breadth-first searches meet good hops before weak ones.
pub struct PathGraph<'p> {
    pub projection: &'p Projection,
    graph: DiGraph<(), (), u32>,
    /// The hop each petgraph arc stands for, by arc index.
    arcs: Vec<Hop>,
    /// The arc index of each hop: 2e for edge e forward, 2e+1 backward.
    arc_of: Vec<u32>,
}

impl<'p> PathGraph<'p> {
    pub fn new(projection: &'p Projection) -> Self {
        let mut hops: Vec<(u32, Hop)> = Vec::with_capacity(projection.edges.len() * 2);
        for edge in 0..projection.edges.len() as u32 {
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
            let edge = &projection.edges[hop.edge as usize];
            let (from, to) = if hop.forward { (edge.from, edge.to) } else { (edge.to, edge.from) };
            let index = graph.add_edge(NodeIndex::new(from as usize), NodeIndex::new(to as usize), ());
            arc_of[hop.edge as usize * 2 + usize::from(!hop.forward)] = index.index() as u32;
            arcs.push(hop);
        }
        PathGraph { projection, graph, arcs, arc_of }
    }

    fn hop(&self, arc: EdgeIndex<u32>) -> Hop {
        self.arcs[arc.index()]
    }

    fn arc(&self, hop: Hop) -> EdgeIndex<u32> {
        EdgeIndex::new(self.arc_of[hop.edge as usize * 2 + usize::from(!hop.forward)] as usize)
    }
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
    pub fn new(graph: &'g PathGraph<'p>, filter: &'g HopFilter) -> Self {
        let projection = graph.projection;
        let allowed = projection.edges.iter().map(|e| filter.allows_edge(projection, e)).collect();
        Search { graph, filter, endpoints: HashSet::new(), allowed, scratch: Scratch::new(projection.nodes.len()) }
    }

    fn arc_allowed(&self, arc: EdgeIndex<u32>) -> bool {
        let hop = self.graph.hop(arc);
        if !self.allowed[hop.edge as usize] || (self.filter.directed && !hop.forward) {
            return false;
        }
        let projection = self.graph.projection;
        let edge = &projection.edges[hop.edge as usize];
        // A role edge links a fact node to a participant: only at the ends of a path, so that
        // paths between entities take one hop per fact.
        projection.relation(edge.relation).kind != RelationKind::Role || self.endpoints.contains(&edge.from)
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

    fn yen(&mut self, source: NodeId, goal: &Goal, k: usize, max_hops: usize) -> Vec<FoundPath> {
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
                let banned_arcs: HashSet<EdgeIndex<u32>> = found
                    .iter()
                    .filter(|p| p.len() > i && p[..i] == *root)
                    .map(|p| self.graph.arc(p[i]))
                    .collect();
                let banned_nodes: HashSet<NodeId> = previous_nodes[..i].iter().copied().collect();
                let Some(spur_path) = self.shortest(spur, goal, &banned_nodes, &banned_arcs, max_hops - i) else { continue };
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

    /// Shortest path from `start` to the goal avoiding banned nodes and arcs, or None.
    fn shortest(
        &mut self,
        start: NodeId,
        goal: &Goal,
        banned_nodes: &HashSet<NodeId>,
        banned_arcs: &HashSet<EdgeIndex<u32>>,
        limit: usize,
    ) -> Option<Vec<Hop>> {
        match goal {
            Goal::Node(target) => self.bidirectional(start, *target, banned_nodes, banned_arcs, limit),
            Goal::AnyOf(_) => self.forward_only(start, goal, banned_nodes, banned_arcs, limit),
        }
    }

    fn forward_only(
        &mut self,
        start: NodeId,
        goal: &Goal,
        banned_nodes: &HashSet<NodeId>,
        banned_arcs: &HashSet<EdgeIndex<u32>>,
        limit: usize,
    ) -> Option<Vec<Hop>> {
        self.scratch.reset();
        self.scratch.visit_forward(start, None);
        let mut frontier = vec![start];
        for _depth in 0..limit {
            let mut next = Vec::new();
            for &node in &frontier {
                for arc in self.graph.graph.edges_directed(NodeIndex::new(node as usize), Direction::Outgoing) {
                    let id = arc.id();
                    let to = arc.target().index() as NodeId;
                    if self.scratch.seen_forward(to) || banned_nodes.contains(&to) || banned_arcs.contains(&id) || !self.arc_allowed(id) {
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

    fn bidirectional(
        &mut self,
        start: NodeId,
        target: NodeId,
        banned_nodes: &HashSet<NodeId>,
        banned_arcs: &HashSet<EdgeIndex<u32>>,
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
                let direction = if expand_forward { Direction::Outgoing } else { Direction::Incoming };
                for arc in self.graph.graph.edges_directed(NodeIndex::new(node as usize), direction) {
                    let id = arc.id();
                    let other = if expand_forward { arc.target() } else { arc.source() }.index() as NodeId;
                    let seen = if expand_forward { self.scratch.seen_forward(other) } else { self.scratch.seen_backward(other) };
                    if seen || banned_nodes.contains(&other) || banned_arcs.contains(&id) || !self.arc_allowed(id) {
                        continue;
                    }
                    if expand_forward {
                        self.scratch.visit_forward(other, Some(id));
                    } else {
                        self.scratch.visit_backward(other, Some(id));
                    }
                    let met = if expand_forward { self.scratch.seen_backward(other) } else { self.scratch.seen_forward(other) };
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
        self.endpoints.clear();
        self.endpoints.insert(start);
        let mut seen: HashSet<NodeId> = HashSet::from([start]);
        let mut used: HashSet<u32> = HashSet::new();
        let mut queue = VecDeque::from([(start, 0usize)]);
        let mut hops = Vec::new();
        while let Some((node, level)) = queue.pop_front() {
            if level >= depth {
                continue;
            }
            let mut arcs: Vec<EdgeIndex<u32>> = self
                .graph
                .graph
                .edges_directed(NodeIndex::new(node as usize), Direction::Outgoing)
                .map(|a| a.id())
                .filter(|id| self.arc_allowed(*id))
                .collect();
            arcs.sort();
            for id in arcs {
                let hop = self.graph.hop(id);
                if !used.insert(hop.edge) {
                    continue;
                }
                hops.push((level + 1, hop));
                let other = self.graph.graph.edge_endpoints(id).expect("arc exists").1.index() as NodeId;
                if seen.insert(other) {
                    queue.push_back((other, level + 1));
                }
            }
        }
        hops
    }
}

/// Reusable visit marks and parent arcs for breadth-first searches on big graphs.
struct Scratch {
    stamp: u32,
    forward_mark: Vec<u32>,
    forward_parent: Vec<u32>,
    backward_mark: Vec<u32>,
    backward_parent: Vec<u32>,
}

const NO_ARC: u32 = u32::MAX;

impl Scratch {
    fn new(nodes: usize) -> Self {
        Scratch {
            stamp: 0,
            forward_mark: vec![0; nodes],
            forward_parent: vec![NO_ARC; nodes],
            backward_mark: vec![0; nodes],
            backward_parent: vec![NO_ARC; nodes],
        }
    }

    fn reset(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.forward_mark.fill(0);
            self.backward_mark.fill(0);
            self.stamp = 1;
        }
    }

    fn seen_forward(&self, node: NodeId) -> bool {
        self.forward_mark[node as usize] == self.stamp
    }

    fn seen_backward(&self, node: NodeId) -> bool {
        self.backward_mark[node as usize] == self.stamp
    }

    fn visit_forward(&mut self, node: NodeId, arc: Option<EdgeIndex<u32>>) {
        self.forward_mark[node as usize] = self.stamp;
        self.forward_parent[node as usize] = arc.map_or(NO_ARC, |a| a.index() as u32);
    }

    fn visit_backward(&mut self, node: NodeId, arc: Option<EdgeIndex<u32>>) {
        self.backward_mark[node as usize] = self.stamp;
        self.backward_parent[node as usize] = arc.map_or(NO_ARC, |a| a.index() as u32);
    }

    /// Hops from the forward search's start to `node`.
    fn forward_path(&self, graph: &PathGraph<'_>, node: NodeId) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut current = node;
        while self.forward_parent[current as usize] != NO_ARC {
            let arc = EdgeIndex::new(self.forward_parent[current as usize] as usize);
            hops.push(graph.hop(arc));
            current = graph.graph.edge_endpoints(arc).expect("arc exists").0.index() as NodeId;
        }
        hops.reverse();
        hops
    }

    /// Hops from `node` to the backward search's start.
    fn backward_path(&self, graph: &PathGraph<'_>, node: NodeId) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut current = node;
        while self.backward_parent[current as usize] != NO_ARC {
            let arc = EdgeIndex::new(self.backward_parent[current as usize] as usize);
            hops.push(graph.hop(arc));
            current = graph.graph.edge_endpoints(arc).expect("arc exists").1.index() as NodeId;
        }
        hops
    }
}
