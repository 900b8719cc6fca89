//! The store projected into a graph for path lookups: entities and facts as nodes; derived
//! relations (supplier -> recipient...), fact roles and directly asserted relations as edges,
//! each edge pointing at the fact that carries its evidence. Built once per store generation
//! and cached on disk next to the store.
//!
//! Holds the graph's types (`ids`), its builder, its cache, the wording of facts and the
//! resolution of names people type. Uses `rdf` and `store`.

mod build;
mod cache;
mod error;
mod ids;
pub mod resolve;
pub mod wording;

pub use cache::CACHE_FILE;
pub use error::ProjectionError;
pub use ids::{ClassId, EdgeId, FactId, FamilyId, NodeId, RelationId};

use crate::rdf::dates::Validity;
use crate::store::{GraphStore, Location};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// A relation family declared in the ontology (supply, sanction...).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Family {
    pub iri: String,
    pub key: String,
    pub label: String,
}

/// A confidence level declared in the ontology.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfidenceLevel {
    pub key: String,
    pub rank: u8,
    pub label: String,
}

/// What kind of property an edge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelationKind {
    /// Derived from a fact by a property chain: one hop per fact.
    Derived,
    /// From a fact node to one of its participants; used only at the ends of a path.
    Role,
    /// Asserted directly, without a fact of its own.
    Direct,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Relation {
    pub iri: String,
    pub label: String,
    pub inverse_label: String,
    pub family: Option<FamilyId>,
    pub kind: RelationKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Class {
    pub iri: String,
    pub label: String,
    /// This class and all its superclasses.
    pub ancestors: Vec<ClassId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Node {
    pub iri: String,
    pub label: String,
    /// The most specific of the node's classes, if it has any.
    pub class: Option<ClassId>,
    /// Every class of the node, superclasses included.
    pub classes: Vec<ClassId>,
    pub aliases: Vec<String>,
    pub fact: Option<FactId>,
}

/// Where a claim comes from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    pub source: String,
    pub title: String,
    pub file: String,
    pub line_start: u32,
    pub line_end: u32,
    pub confidence: String,
    pub rank: u8,
    pub hedge: Option<String>,
    pub cited: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    pub node: NodeId,
    pub class: Option<ClassId>,
    pub family: Option<FamilyId>,
    /// The fact in one line, from its class's summary template.
    pub summary: String,
    /// Amount, value, period and role, as short phrases: "1,300 t", "2023".
    pub qualifiers: Vec<String>,
    pub validity: Validity,
    pub evidence: Vec<Evidence>,
    /// Rank of the strongest evidence (0 without evidence).
    pub best_rank: u8,
}

/// A relation between two nodes, with every fact that supports it (strongest evidence first;
/// none for a directly asserted edge).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub relation: RelationId,
    pub facts: Vec<FactId>,
}

/// The whole projection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Projection {
    pub generation: u64,
    pub families: Vec<Family>,
    pub confidence_levels: Vec<ConfidenceLevel>,
    pub relations: Vec<Relation>,
    pub classes: Vec<Class>,
    pub nodes: Vec<Node>,
    pub facts: Vec<Fact>,
    pub edges: Vec<Edge>,
    /// (normalised name, node), sorted: labels and aliases people can type.
    pub names: Vec<(String, NodeId)>,
    /// Goods marked dual-use.
    pub dual_use: BTreeSet<NodeId>,
    /// Role properties on the subject side of a derived relation (supplier, authority...).
    pub subject_roles: BTreeSet<RelationId>,
    #[serde(skip)]
    node_index: HashMap<String, NodeId>,
}

impl Projection {
    /// The projection of the store's current generation: from the cache when it is current,
    /// otherwise built from the store and cached.
    pub fn load_or_build(store: &GraphStore) -> Result<Projection, ProjectionError> {
        let cache = match store.location() {
            Location::Disk(dir) => Some(dir.join(CACHE_FILE)),
            Location::Memory => None,
        };
        if let Some(path) = &cache {
            if let Some(mut projection) = cache::read_cache(path, store.generation()) {
                projection.reindex();
                return Ok(projection);
            }
        }
        let projection = Self::build(store)?;
        if let Some(path) = &cache {
            // A cache that cannot be written only costs the next run a rebuild.
            let _ = cache::write_cache(path, &projection);
        }
        Ok(projection)
    }

    /// Builds the projection by querying the store.
    pub fn build(store: &GraphStore) -> Result<Projection, ProjectionError> {
        build::Builder::new(store)?.finish(store.generation())
    }

    pub fn node_by_iri(&self, iri: &str) -> Option<NodeId> {
        self.node_index.get(iri).copied()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id.index()]
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id.index()]
    }

    pub fn class(&self, id: ClassId) -> &Class {
        &self.classes[id.index()]
    }

    pub fn edge(&self, id: EdgeId) -> &Edge {
        &self.edges[id.index()]
    }

    pub fn family(&self, id: FamilyId) -> &Family {
        &self.families[id.index()]
    }

    /// Every node id, in table order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes.len()).map(NodeId::from_index)
    }

    /// Every edge id with its edge, in table order.
    pub fn edges_with_ids(&self) -> impl Iterator<Item = (EdgeId, &Edge)> {
        self.edges.iter().enumerate().map(|(i, e)| (EdgeId::from_index(i), e))
    }

    pub fn family_key(&self, id: Option<FamilyId>) -> Option<&str> {
        id.map(|f| self.family(f).key.as_str())
    }

    pub fn class_label(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.class(c).label.as_str()).unwrap_or("")
    }

    pub fn class_iri(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.class(c).iri.as_str()).unwrap_or("")
    }

    /// The class with this IRI, if the ontology declares it.
    pub fn class_by_iri(&self, iri: &str) -> Option<ClassId> {
        self.classes.iter().position(|c| c.iri == iri).map(ClassId::from_index)
    }

    pub fn family_by_key(&self, key: &str) -> Option<FamilyId> {
        self.families.iter().position(|f| f.key.eq_ignore_ascii_case(key)).map(FamilyId::from_index)
    }

    pub fn confidence_rank(&self, key: &str) -> Option<u8> {
        self.confidence_levels.iter().find(|l| l.key.eq_ignore_ascii_case(key)).map(|l| l.rank)
    }

    /// Family of an edge: the relation's own, or for a role edge its fact's.
    pub fn edge_family(&self, edge: &Edge) -> Option<FamilyId> {
        let relation = self.relation(edge.relation);
        relation.family.or_else(|| edge.facts.first().and_then(|f| self.fact(*f).family))
    }

    /// Rank of the strongest evidence of any fact behind the edge (0 without evidence).
    pub fn edge_rank(&self, edge: &Edge) -> u8 {
        edge.facts.iter().map(|f| self.fact(*f).best_rank).max().unwrap_or(0)
    }

    fn reindex(&mut self) {
        self.node_index = self.nodes.iter().enumerate().map(|(i, n)| (n.iri.clone(), NodeId::from_index(i))).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_projects_into_facts_and_edges() {
        let store = GraphStore::open(Location::Memory).unwrap();
        let projection = Projection::build(&store).unwrap();
        let flow = projection.node_by_iri("https://w3id.org/actorgraph/data/flow-nc-2023").unwrap();
        let fact = projection.fact(projection.node(flow).fact.unwrap());
        assert_eq!(fact.summary, "China supplied nitrocellulose to Russia");
        assert_eq!(fact.qualifiers[..2], ["1,300 t".to_owned(), "2023".to_owned()]);
        assert_eq!(fact.evidence[0].file, "002_c95ef05383f2dd26.txt");
        assert_eq!((fact.evidence[0].line_start, fact.evidence[0].confidence.as_str()), (8, "documented"));
        let china = projection.node_by_iri("https://w3id.org/actorgraph/data/China").unwrap();
        assert_eq!(projection.node(china).label, "China");
        assert!(projection.names.iter().any(|(n, id)| n == "beijing" && *id == china));
    }
}
