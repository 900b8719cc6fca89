//! Builds the projection from the store: the ontology's families, confidence levels, classes
//! and relations (small SPARQL queries), then nodes, facts, evidence and edges (index scans).

use super::{
    Class, ClassId, ConfidenceLevel, Edge, ExposureKind, Fact, FactId, Family, FamilyId, Node, NodeId, ProjectionError,
    Relation, RelationId, RelationKind,
};
use crate::rdf::names::normalise_name;
use crate::rdf::vocab::{self, SKOS_ALT_LABEL, SKOS_PREF_LABEL};
use crate::store::{key_in, Source};
use oxigraph::model::vocab::rdfs;
use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod facts;
mod gather;

pub use gather::read_parts;

/// The builder's maps keyed by IRIs, of which there are millions: a fast hasher (still seeded
/// per process) instead of SipHash, which took a twentieth of the build.
type FastMap<K, V> = foldhash::HashMap<K, V>;
/// The hasher behind `FastMap`, for the other collections keyed the same way.
type FastState = foldhash::fast::RandomState;

use gather::Gathered;

const RELATIONS: &str = include_str!("../../sparql/projection_relations.rq");
const FAMILIES: &str = include_str!("../../sparql/projection_families.rq");
const CONFIDENCE: &str = include_str!("../../sparql/projection_confidence.rq");
const CLASSES: &str = include_str!("../../sparql/projection_classes.rq");
const DIRECT_EDGES: &str = include_str!("../../sparql/projection_direct_edges.rq");
const DUAL_USE: &str = include_str!("../../sparql/projection_dual_use.rq");
const UNITS: &str = include_str!("../../sparql/projection_units.rq");
const DOCUMENTS: &str = include_str!("../../sparql/projection_documents.rq");
const SUBPROPERTIES: &str = include_str!("../../sparql/projection_subproperties.rq");

/// One evidence node's properties, as a scan finds them (borrowing the strings read).
#[derive(Default)]
struct EvidenceRecord<'s> {
    source: Option<&'s str>,
    start: Option<u32>,
    end: Option<u32>,
    confidence: Option<&'s str>,
    hedge: Option<&'s str>,
    cited: Vec<&'s str>,
    url: Option<&'s str>,
    first_seen: Option<&'s str>,
    last_seen: Option<&'s str>,
}

/// The projection as the builder makes it, in plain vectors, before it is frozen.
pub(in crate::graph) struct Draft {
    pub(in crate::graph) generation: u64,
    pub(in crate::graph) families: Vec<Family>,
    pub(in crate::graph) confidence_levels: Vec<ConfidenceLevel>,
    pub(in crate::graph) relations: Vec<Relation>,
    pub(in crate::graph) classes: Vec<Class>,
    pub(in crate::graph) nodes: Vec<Node>,
    pub(in crate::graph) facts: Vec<Fact>,
    pub(in crate::graph) edges: Vec<Edge>,
    pub(in crate::graph) names: Vec<(String, NodeId)>,
    pub(in crate::graph) dual_use: BTreeSet<NodeId>,
    pub(in crate::graph) subject_roles: BTreeSet<RelationId>,
    pub(in crate::graph) exposure_kinds: Vec<ExposureKind>,
    pub(in crate::graph) node_index: FastMap<String, NodeId>,
}

impl Draft {
    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id.index()]
    }

    fn class(&self, id: ClassId) -> &Class {
        &self.classes[id.index()]
    }

    fn class_label(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.class(c).label.as_str()).unwrap_or("")
    }
}

pub(super) struct Builder {
    projection: Draft,
    family_by_key: HashMap<String, FamilyId>,
    class_by_iri: HashMap<String, ClassId>,
    relation_by_iri: FastMap<String, RelationId>,
    chains: Vec<(RelationId, String, String)>,
    /// Summary template of a class, with its plural form if the ontology gives one.
    templates: HashMap<ClassId, (String, Option<String>)>,
    class_family: HashMap<ClassId, FamilyId>,
    symbols: HashMap<String, String>,
    /// Classes whose facts hold from their date until lifted (sanctions).
    lasting: HashSet<ClassId>,
    /// Property IRI -> the actorgraph property it is declared a sub-property of.
    value_of_property: HashMap<String, String>,
    /// Confidence level IRI -> (key, rank).
    levels: HashMap<String, (String, u8)>,
    /// What was read from the data, until the nodes and facts are made of it.
    gathered: Gathered,
}

impl Builder {
    pub(super) fn new<S: Source + ?Sized>(store: &S) -> Result<Self, ProjectionError> {
        let mut projection = Draft {
            generation: 0,
            families: Vec::new(),
            confidence_levels: Vec::new(),
            relations: Vec::new(),
            classes: Vec::new(),
            nodes: Vec::new(),
            facts: Vec::new(),
            edges: Vec::new(),
            names: Vec::new(),
            dual_use: BTreeSet::new(),
            subject_roles: BTreeSet::new(),
            exposure_kinds: Vec::new(),
            node_index: FastMap::default(),
        };
        let mut family_by_key = HashMap::new();
        for row in store.select(FAMILIES, &[])? {
            let (Some(iri), Some(key)) = (key_in(&row, "family"), key_in(&row, "key")) else { continue };
            if family_by_key.contains_key(&key) {
                continue;
            }
            family_by_key.insert(key.clone(), FamilyId::from_index(projection.families.len()));
            let label = key_in(&row, "label").unwrap_or_else(|| key.clone());
            projection.families.push(Family { iri, key, label });
        }
        let mut levels = HashMap::new();
        for row in store.select(CONFIDENCE, &[])? {
            let (Some(iri), Some(key), Some(rank)) =
                (key_in(&row, "level"), key_in(&row, "key"), key_in(&row, "rank").and_then(|r| r.parse().ok()))
            else {
                continue;
            };
            let label = key_in(&row, "label").unwrap_or_else(|| key.clone());
            levels.insert(iri, (key.clone(), rank));
            projection.confidence_levels.push(ConfidenceLevel { key, rank, label });
        }
        let mut builder = Builder {
            projection,
            family_by_key,
            class_by_iri: HashMap::new(),
            relation_by_iri: FastMap::default(),
            chains: Vec::new(),
            templates: HashMap::new(),
            class_family: HashMap::new(),
            symbols: HashMap::new(),
            value_of_property: HashMap::new(),
            lasting: HashSet::new(),
            levels,
            gathered: Gathered::default(),
        };
        for row in store.select(SUBPROPERTIES, &[])? {
            if let (Some(property), Some(super_property)) = (key_in(&row, "property"), key_in(&row, "super")) {
                builder.value_of_property.insert(property, super_property);
            }
        }
        builder.read_classes(store)?;
        builder.read_relations(store)?;
        super::meaning::read(store, &mut builder.projection, &builder.relation_by_iri)?;
        builder.read_nodes(store)?;
        builder.read_facts(store)?;
        builder.read_direct_edges(store)?;
        for row in store.select(DUAL_USE, &[])? {
            if let Some(id) = key_in(&row, "node").and_then(|n| builder.projection.node_index.get(&n).copied()) {
                builder.projection.dual_use.insert(id);
            }
        }
        let subject_roles: Vec<RelationId> =
            builder.chains.iter().filter_map(|(_, role1, _)| builder.relation_by_iri.get(role1).copied()).collect();
        builder.projection.subject_roles.extend(subject_roles);
        Ok(builder)
    }

    fn read_classes<S: Source + ?Sized>(&mut self, store: &S) -> Result<(), ProjectionError> {
        let rows = store.select(CLASSES, &[])?;
        let mut supers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut labels = HashMap::new();
        for row in &rows {
            let (Some(class), Some(sup)) = (key_in(row, "class"), key_in(row, "super")) else { continue };
            supers.entry(class.clone()).or_default().push(sup.clone());
            supers.entry(sup).or_default();
            if let Some(label) = key_in(row, "label") {
                labels.insert(class.clone(), label);
            }
            if let Some(template) = key_in(row, "template") {
                labels.entry(format!("template {class}")).or_insert(template);
            }
            if let Some(plural) = key_in(row, "plural") {
                labels.entry(format!("plural {class}")).or_insert(plural);
            }
            if let Some(family) = key_in(row, "family") {
                labels.entry(format!("family {class}")).or_insert(family);
            }
            if key_in(row, "lasting").as_deref() == Some("true") {
                labels.insert(format!("lasting {class}"), String::new());
            }
        }
        for class in supers.keys() {
            let id = ClassId::from_index(self.projection.classes.len());
            let label = labels.get(class).cloned().unwrap_or_else(|| vocab::local_name(class).to_owned());
            self.projection.classes.push(Class { iri: class.clone(), label, ancestors: Vec::new() });
            self.class_by_iri.insert(class.clone(), id);
        }
        for (class, ancestors) in &supers {
            let id = self.class_by_iri[class];
            let mut ids: Vec<ClassId> = ancestors.iter().filter_map(|a| self.class_by_iri.get(a).copied()).collect();
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids.sort_unstable();
            ids.dedup();
            self.projection.classes[id.index()].ancestors = ids;
            if let Some(template) = labels.get(&format!("template {class}")) {
                self.templates.insert(id, (template.clone(), labels.get(&format!("plural {class}")).cloned()));
            }
            if let Some(family) = labels.get(&format!("family {class}")).and_then(|k| self.family_by_key.get(k)) {
                self.class_family.insert(id, *family);
            }
            if labels.contains_key(&format!("lasting {class}")) {
                self.lasting.insert(id);
            }
        }
        Ok(())
    }

    fn read_relations<S: Source + ?Sized>(&mut self, store: &S) -> Result<(), ProjectionError> {
        let mut rows = store.select(RELATIONS, &[])?;
        rows.sort_by_key(|r| (key_in(r, "property"), key_in(r, "kind")));
        for row in rows {
            let Some(iri) = key_in(&row, "property") else { continue };
            let kind = match key_in(&row, "kind").as_deref() {
                Some("derived") => RelationKind::Derived,
                Some("role") => RelationKind::Role,
                _ => RelationKind::Direct,
            };
            let id = match self.relation_by_iri.get(&iri) {
                Some(id) => *id,
                None => {
                    let id = RelationId::from_index(self.projection.relations.len());
                    let label = key_in(&row, "label").unwrap_or_else(|| vocab::local_name(&iri).to_owned());
                    let inverse_label = key_in(&row, "inverse").unwrap_or_else(|| match kind {
                        // A role without its own wording reads "is the owner in".
                        RelationKind::Role => format!("is the {} in", label.to_lowercase()),
                        _ => format!("is the object of '{label}' for"),
                    });
                    let family = key_in(&row, "family").and_then(|k| self.family_by_key.get(&k).copied());
                    self.projection.relations.push(Relation {
                        iri: iri.clone(),
                        label,
                        inverse_label,
                        family,
                        kind,
                        exposure: None,
                        weak: None,
                    });
                    self.relation_by_iri.insert(iri.clone(), id);
                    id
                }
            };
            if kind == RelationKind::Derived {
                if let (Some(role1), Some(role2)) = (key_in(&row, "role1"), key_in(&row, "role2")) {
                    if !self.chains.iter().any(|(r, a, b)| *r == id && *a == role1 && *b == role2) {
                        self.chains.push((id, role1, role2));
                    }
                }
            }
        }
        Ok(())
    }

    fn node_id(&mut self, iri: &str) -> NodeId {
        Self::node_in(&mut self.projection, iri)
    }

    /// The node `iri` names in `projection`, made now if it has none.
    fn node_in(projection: &mut Draft, iri: &str) -> NodeId {
        if let Some(id) = projection.node_index.get(iri) {
            return *id;
        }
        let id = NodeId::from_index(projection.nodes.len());
        projection.nodes.push(Node {
            iri: iri.to_owned(),
            label: String::new(),
            class: None,
            classes: Vec::new(),
            aliases: Vec::new(),
            fact: None,
        });
        projection.node_index.insert(iri.to_owned(), id);
        id
    }

    fn read_nodes<S: Source + ?Sized>(&mut self, store: &S) -> Result<(), ProjectionError> {
        let entity = self.class_by_iri.get(vocab::ENTITY.as_str()).copied();
        let claim = self.class_by_iri.get(vocab::CLAIM.as_str()).copied();
        let mut name_properties: Vec<(NamedNode, bool)> =
            vec![(rdfs::LABEL.into(), true), (SKOS_PREF_LABEL.into(), true), (SKOS_ALT_LABEL.into(), false)];
        for (property, super_property) in &self.value_of_property {
            let preferred = super_property == rdfs::LABEL.as_str() || super_property == SKOS_PREF_LABEL.as_str();
            if preferred || super_property == SKOS_ALT_LABEL.as_str() {
                name_properties.push((NamedNode::new_unchecked(property.clone()), preferred));
            }
        }
        self.gathered = Gathered::read(store, &self.class_by_iri, &name_properties)?;
        let mut types = std::mem::take(&mut self.gathered.types);
        // By subject IRI, then class: whole tuples compared (a string is numbered once), so an
        // unstable sort leaves the same list as a stable one.
        let strings = &self.gathered.strings;
        types.par_sort_unstable_by(|a, b| strings.get(a.0).cmp(strings.get(b.0)).then(a.1.cmp(&b.1)));
        types.dedup();
        for (node, class) in types {
            let node = self.gathered.strings.get(node);
            let ancestors = self.projection.classes[class.index()].ancestors.clone();
            let is_entity = entity.is_some_and(|e| ancestors.contains(&e));
            let is_claim = claim.is_some_and(|c| ancestors.contains(&c));
            if !is_entity && !is_claim && !self.projection.node_index.contains_key(node) {
                continue;
            }
            let id = Self::node_in(&mut self.projection, node);
            let entry = &mut self.projection.nodes[id.index()];
            for ancestor in ancestors {
                if !entry.classes.contains(&ancestor) {
                    entry.classes.push(ancestor);
                }
            }
            let depth = |c: ClassId, classes: &[Class]| classes[c.index()].ancestors.len();
            let deeper = entry.class.is_none_or(|current| {
                depth(class, &self.projection.classes) > depth(current, &self.projection.classes)
            });
            if deeper {
                entry.class = Some(class);
            }
        }
        // (node, alias?, name): labels before aliases, each in name order.
        let node_index = &self.projection.node_index;
        let strings = &self.gathered.strings;
        let mut names: Vec<(NodeId, bool, String)> = std::mem::take(&mut self.gathered.names)
            .into_iter()
            .filter_map(|(subject, alias, name)| Some((*node_index.get(strings.get(subject))?, alias, name)))
            .collect();
        names.par_sort_unstable();
        names.dedup();
        for (id, alias, name) in names {
            let entry = &mut self.projection.nodes[id.index()];
            let preferred = !alias;
            if preferred && entry.label.is_empty() {
                entry.label = name;
            } else if !entry.aliases.contains(&name) && entry.label != name {
                entry.aliases.push(name);
            }
        }
        Ok(())
    }

    fn read_direct_edges<S: Source + ?Sized>(&mut self, store: &S) -> Result<(), ProjectionError> {
        let mut rows = store.select(DIRECT_EDGES, &[])?;
        rows.sort_by_key(|r| (key_in(r, "subject"), key_in(r, "property"), key_in(r, "object")));
        for row in rows {
            let (Some(subject), Some(property), Some(object)) =
                (key_in(&row, "subject"), key_in(&row, "property"), key_in(&row, "object"))
            else {
                continue;
            };
            let Some(relation) = self.relation_by_iri.get(&property).copied() else { continue };
            let (from, to) = (self.node_id(&subject), self.node_id(&object));
            if from != to {
                self.projection.edges.push(Edge { from, to, relation, facts: Vec::new() });
            }
        }
        Ok(())
    }

    pub(super) fn finish(mut self, generation: u64) -> Result<Draft, ProjectionError> {
        let projection = &mut self.projection;
        projection.generation = generation;
        for node in &mut projection.nodes {
            if node.label.is_empty() {
                node.label = vocab::compact_iri(&node.iri).unwrap_or_else(|| vocab::local_name(&node.iri).to_owned());
            }
        }
        // One edge per (relation, from, to), carrying every fact behind it, strongest first;
        // edges in a stable order (by relation and endpoint IRIs) so ties break the same way every
        // run. Sorted on the ranks of the IRIs rather than the IRIs themselves.
        let mut node_order: Vec<u32> = (0..projection.nodes.len() as u32).collect();
        node_order.sort_unstable_by(|a, b| projection.nodes[*a as usize].iri.cmp(&projection.nodes[*b as usize].iri));
        let mut node_rank = vec![0u32; projection.nodes.len()];
        for (rank, node) in node_order.into_iter().enumerate() {
            node_rank[node as usize] = rank as u32;
        }
        let mut relation_order: Vec<u32> = (0..projection.relations.len() as u32).collect();
        relation_order
            .sort_by(|a, b| projection.relations[*a as usize].iri.cmp(&projection.relations[*b as usize].iri));
        let mut relation_rank = vec![0u32; projection.relations.len()];
        for (rank, relation) in relation_order.into_iter().enumerate() {
            relation_rank[relation as usize] = rank as u32;
        }
        let key = |e: &Edge| (relation_rank[e.relation.index()], node_rank[e.from.index()], node_rank[e.to.index()]);
        let mut edges = std::mem::take(&mut projection.edges);
        edges.sort_by_key(key);
        let mut merged: Vec<Edge> = Vec::with_capacity(edges.len());
        for edge in edges {
            match merged.last_mut() {
                Some(last) if key(last) == key(&edge) => {
                    for fact in edge.facts {
                        if !last.facts.contains(&fact) {
                            last.facts.push(fact);
                        }
                    }
                }
                _ => merged.push(edge),
            }
        }
        let facts = &projection.facts;
        let nodes = &projection.nodes;
        for edge in &mut merged {
            if edge.facts.len() > 1 {
                edge.facts.sort_by(|a, b| {
                    let (fa, fb) = (&facts[a.index()], &facts[b.index()]);
                    fb.best_rank
                        .cmp(&fa.best_rank)
                        .then_with(|| nodes[fa.node.index()].iri.cmp(&nodes[fb.node.index()].iri))
                });
            }
        }
        projection.edges = merged;
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        for (id, node) in projection.nodes.iter().enumerate() {
            if node.fact.is_some() {
                continue;
            }
            for name in std::iter::once(&node.label).chain(&node.aliases) {
                let normalised = normalise_name(name);
                if !normalised.is_empty() && seen.insert((normalised.clone(), id)) {
                    names.push((normalised, NodeId::from_index(id)));
                }
            }
        }
        names.sort();
        projection.names = names;
        Ok(self.projection)
    }
}
