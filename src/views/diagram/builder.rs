//! Diagrams from the projection: nodes and the hops or edges asked for, facts as their own
//! small nodes or collapsed into labelled edges, the subject marked, hubs counted, clusters by
//! country, footnote numbers.

use super::labels::edge_label;
use super::{fact_tooltip, Diagram, DiagramEdge, DiagramFact, DiagramNode, DiagramShape, NodeStyle};
use crate::graph::{ClassId, Edge, EdgeId, FactId, NodeId, Projection, RelationKind};
use crate::rdf::vocab;
use crate::search::{Hop, HopFilter};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How facts, clusters and footnotes are drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiagramOptions {
    /// One labelled edge per derived relation instead of a node per fact.
    pub collapse: bool,
    /// Group nodes into one cluster per country (states and what is located in them or a member of them).
    pub cluster_by_country: bool,
    /// Number the edges that carry facts, for a footnote table listing each fact with its source.
    pub footnotes: bool,
}

/// Builds diagrams from the projection.
pub struct DiagramBuilder<'p> {
    projection: &'p Projection,
    filter: &'p HopFilter,
    options: DiagramOptions,
    shape: DiagramShape,
    nodes: BTreeSet<NodeId>,
    focus: BTreeSet<NodeId>,
    hubs: BTreeMap<NodeId, usize>,
    facts: BTreeSet<FactId>,
    edges: BTreeSet<EdgeId>,
}

impl<'p> DiagramBuilder<'p> {
    /// An empty diagram of the projection, drawing only facts that pass `filter`.
    pub fn new(projection: &'p Projection, filter: &'p HopFilter, options: DiagramOptions) -> Self {
        DiagramBuilder {
            projection,
            filter,
            options,
            shape: DiagramShape::Graph,
            nodes: BTreeSet::new(),
            focus: BTreeSet::new(),
            hubs: BTreeMap::new(),
            facts: BTreeSet::new(),
            edges: BTreeSet::new(),
        }
    }

    /// Says what kind of picture this is (a graph unless said otherwise).
    pub fn shape(&mut self, shape: DiagramShape) {
        self.shape = shape;
    }

    /// Adds hops (of paths or a neighbourhood): their endpoints, and their facts or edges.
    pub fn add_hops(&mut self, hops: impl IntoIterator<Item = Hop>) {
        for hop in hops {
            self.add_edge(hop.edge);
        }
    }

    /// Adds a node without any of its edges.
    pub fn add_node(&mut self, node: NodeId) {
        self.nodes.insert(node);
    }

    /// Adds the subject of the diagram, drawn larger than the rest.
    pub fn add_focus(&mut self, node: NodeId) {
        self.nodes.insert(node);
        self.focus.insert(node);
    }

    /// Marks a node as a hub that was not gone through; `degree` is its number of neighbours,
    /// from which the diagram says how many are left out.
    pub fn add_hub(&mut self, node: NodeId, degree: usize) {
        self.hubs.insert(node, degree);
    }

    /// Adds one projection edge and the facts behind it that pass the filter.
    pub fn add_edge(&mut self, edge_id: EdgeId) {
        let edge = self.projection.edge(edge_id);
        self.nodes.insert(edge.from);
        self.nodes.insert(edge.to);
        if self.projection.relation(edge.relation).kind != RelationKind::Role {
            self.edges.insert(edge_id);
        }
        for fact in &edge.facts {
            if self.filter.allows_fact(self.projection, *fact) {
                self.facts.insert(*fact);
            }
        }
    }

    fn drawn_facts(&self, edge: &Edge) -> Vec<FactId> {
        edge.facts.iter().copied().filter(|f| self.facts.contains(f)).collect()
    }

    /// The diagram of what was added: nodes sorted by IRI, edges sorted by endpoints and
    /// relation, clusters and footnote numbers if asked for.
    pub fn build(self) -> Diagram {
        let projection = self.projection;
        let mut diagram = Diagram { shape: self.shape, ..Diagram::default() };
        let mut index: HashMap<NodeId, usize> = HashMap::new();
        let mut wanted_nodes: BTreeSet<NodeId> = self.nodes.clone();
        let mut wanted_edges: Vec<EdgeId> = Vec::new();
        if self.options.collapse {
            // Every derived edge of the drawn facts between nodes of the diagram, and the
            // direct edges asked for.
            for (id, edge) in projection.edges_with_ids() {
                let relevant = match projection.relation(edge.relation).kind {
                    RelationKind::Derived => !self.drawn_facts(edge).is_empty(),
                    RelationKind::Direct => self.edges.contains(&id),
                    RelationKind::Role => false,
                };
                let inside = wanted_nodes.contains(&edge.from) && wanted_nodes.contains(&edge.to);
                if relevant && (inside || self.edges.contains(&id)) {
                    wanted_edges.push(id);
                }
            }
            wanted_nodes.retain(|n| projection.node(*n).fact.is_none() || self.focus.contains(n));
        } else {
            // Each fact as a node with its role edges; derived edges between two facts (a
            // statement contradicted by a flow) and direct edges as they are.
            for (id, edge) in projection.edges_with_ids() {
                let relevant = match projection.relation(edge.relation).kind {
                    RelationKind::Role => !self.drawn_facts(edge).is_empty(),
                    RelationKind::Derived => {
                        !self.drawn_facts(edge).is_empty()
                            && projection.node(edge.from).fact.is_some()
                            && projection.node(edge.to).fact.is_some()
                    }
                    RelationKind::Direct => self.edges.contains(&id),
                };
                if relevant {
                    wanted_edges.push(id);
                    wanted_nodes.insert(edge.from);
                    wanted_nodes.insert(edge.to);
                }
            }
            for fact in &self.facts {
                wanted_nodes.insert(projection.fact(*fact).node);
            }
            // A derived edge asked for whose facts are all filtered out leaves its endpoints alone.
        }
        let hidden = self.hidden_links(&wanted_nodes);
        let mut ordered: Vec<NodeId> = wanted_nodes.into_iter().collect();
        ordered.sort_by(|a, b| projection.node(*a).iri.cmp(&projection.node(*b).iri));
        for node in ordered {
            index.insert(node, diagram.nodes.len());
            let mut drawn = self.node(node);
            drawn.hidden_links = hidden.get(&node).copied();
            diagram.nodes.push(drawn);
        }
        let mut edges: Vec<(String, DiagramEdge)> = Vec::new();
        for id in wanted_edges {
            let edge = projection.edge(id);
            let (Some(&from), Some(&to)) = (index.get(&edge.from), index.get(&edge.to)) else { continue };
            let (from, to) = self.orient(edge, from, to);
            let drawn = self.edge(edge, from, to);
            let key =
                format!("{}\u{0}{}\u{0}{}", diagram.nodes[drawn.from].id, diagram.nodes[drawn.to].id, drawn.relation);
            edges.push((key, drawn));
        }
        edges.sort_by(|a, b| a.0.cmp(&b.0));
        diagram.edges = edges.into_iter().map(|(_, e)| e).collect();
        if self.options.footnotes {
            number_footnotes(&diagram.nodes, &mut diagram.edges);
        }
        if self.options.cluster_by_country {
            diagram.clusters = self.clusters(&index);
        }
        diagram
    }

    /// For each hub: its neighbours (as `Degrees` counts them) that the diagram does not draw.
    fn hidden_links(&self, drawn: &BTreeSet<NodeId>) -> BTreeMap<NodeId, usize> {
        let projection = self.projection;
        let mut shown: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
        for edge in &projection.edges {
            if projection.relation(edge.relation).kind == RelationKind::Role
                || !self.filter.allows_edge(projection, edge)
            {
                continue;
            }
            for (hub, other) in [(edge.from, edge.to), (edge.to, edge.from)] {
                if self.hubs.contains_key(&hub) && hub != other && drawn.contains(&other) {
                    shown.entry(hub).or_default().insert(other);
                }
            }
        }
        self.hubs
            .iter()
            .filter(|(hub, _)| drawn.contains(hub))
            .map(|(hub, degree)| (*hub, degree.saturating_sub(shown.get(hub).map_or(0, BTreeSet::len))))
            .collect()
    }

    fn node(&self, id: NodeId) -> DiagramNode {
        let projection = self.projection;
        let node = projection.node(id);
        let style = NodeStyle::of_classes(projection, &node.classes);
        let mut drawn = DiagramNode {
            id: node.iri.clone(),
            iri: node.iri.clone(),
            label: node.label.clone(),
            style,
            class: projection.class_iri(node.class).to_owned(),
            class_label: projection.class_label(node.class).to_owned(),
            tooltip: format!("{} ({})", node.label, projection.class_label(node.class)),
            emphasised: style == NodeStyle::Good && projection.dual_use.contains(&id),
            focus: self.focus.contains(&id),
            hidden_links: None,
            fact: None,
        };
        if let Some(fact_id) = node.fact {
            let fact = projection.fact(fact_id);
            let kind = projection.class_label(fact.class);
            let short: Vec<&str> =
                fact.qualifiers.iter().filter(|q| !q.starts_with("role:")).take(2).map(String::as_str).collect();
            drawn.label = if short.is_empty() { kind.to_owned() } else { format!("{kind}\n{}", short.join(" · ")) };
            drawn.tooltip = fact_tooltip(projection, fact_id);
            drawn.fact = Some(DiagramFact::of(projection, fact_id));
        }
        drawn
    }

    /// Role edges point from the participant into the fact when the role is a relation's
    /// subject side (supplier, authority...), out of it otherwise (recipient, target...).
    fn orient(&self, edge: &Edge, from: usize, to: usize) -> (usize, usize) {
        let relation = self.projection.relation(edge.relation);
        if relation.kind == RelationKind::Role && self.projection.subject_roles.contains(&edge.relation) {
            (to, from)
        } else {
            (from, to)
        }
    }

    fn edge(&self, edge: &Edge, from: usize, to: usize) -> DiagramEdge {
        let projection = self.projection;
        let relation = projection.relation(edge.relation);
        let facts = self.drawn_facts(edge);
        let role = relation.kind == RelationKind::Role;
        let best = facts.iter().max_by_key(|f| projection.fact(**f).best_rank);
        DiagramEdge {
            from,
            to,
            relation: relation.iri.clone(),
            relation_label: relation.label.clone(),
            label: if role { relation.label.clone() } else { edge_label(projection, &relation.label, &facts) },
            family: projection.family_key(projection.edge_family(edge)).map(str::to_owned),
            confidence: best.and_then(|f| projection.fact(*f).evidence.first().map(|e| e.confidence.clone())),
            tooltip: if facts.is_empty() {
                "no evidence recorded".to_owned()
            } else {
                facts.iter().map(|f| fact_tooltip(projection, *f)).collect::<Vec<_>>().join("\n\n")
            },
            // A role edge's fact is drawn as its own node, with its details there.
            facts: if role { Vec::new() } else { facts.iter().map(|f| DiagramFact::of(projection, *f)).collect() },
            backward: false,
            footnote: None,
        }
    }

    fn clusters(&self, index: &HashMap<NodeId, usize>) -> Vec<(String, Vec<usize>)> {
        let projection = self.projection;
        let state_class =
            projection.classes.iter().position(|c| c.iri == vocab::STATE.as_str()).map(ClassId::from_index);
        let is_state = |n: NodeId| state_class.is_some_and(|s| projection.node(n).classes.contains(&s));
        let anchors = [format!("{}locatedIn", vocab::AG), format!("{}memberOf", vocab::AG)];
        let mut country: BTreeMap<NodeId, NodeId> = BTreeMap::new();
        for &node in index.keys() {
            if is_state(node) {
                country.insert(node, node);
            }
        }
        for edge in &projection.edges {
            let relation = projection.relation(edge.relation);
            if index.contains_key(&edge.from)
                && !country.contains_key(&edge.from)
                && is_state(edge.to)
                && anchors.contains(&relation.iri)
            {
                country.insert(edge.from, edge.to);
            }
        }
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (node, state) in country {
            if let Some(i) = index.get(&node) {
                groups.entry(projection.node(state).label.clone()).or_default().push(*i);
            }
        }
        groups
            .into_iter()
            .map(|(label, mut members)| {
                members.sort_unstable();
                (label, members)
            })
            .collect()
    }
}

/// Numbers the edges that carry facts 1, 2, 3... in their order, and puts the number on the
/// label; edges for the same relation between the same nodes (one hop on several paths) share
/// their number.
pub(super) fn number_footnotes(nodes: &[super::DiagramNode], edges: &mut [DiagramEdge]) {
    let mut numbers: HashMap<(String, String, String), usize> = HashMap::new();
    for edge in edges.iter_mut().filter(|e| !e.facts.is_empty()) {
        let (subject, object) = if edge.backward { (edge.to, edge.from) } else { (edge.from, edge.to) };
        let key = (edge.relation.clone(), nodes[subject].iri.clone(), nodes[object].iri.clone());
        let next = numbers.len() + 1;
        let number = *numbers.entry(key).or_insert(next);
        edge.footnote = Some(number);
        edge.label.push_str(&format!(" [{number}]"));
    }
}
