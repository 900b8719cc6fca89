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
mod freeze;
mod frozen;
mod ids;
mod meaning;
pub mod resolve;
mod table;
#[cfg(test)]
pub(crate) mod testing;
pub mod wording;

pub use cache::{inspect as inspect_cache, CacheState, CACHE_FILE};
pub use error::ProjectionError;
pub use ids::{ClassId, EdgeId, FactId, FamilyId, NodeId, RelationId};
pub use table::{Table, TableIter};

use crate::rdf::dates::Validity;
use crate::store::{GraphStore, Location, Source};
use frozen::{Frozen, Section};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A relation family declared in the ontology (supply, sanction...).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Family {
    /// IRI of the family in the ontology.
    pub iri: String,
    /// Short lower-case name used on the command line (`supply`, `sanction`...).
    pub key: String,
    /// Human-readable name (the key when the ontology gives no label).
    pub label: String,
}

/// A confidence level declared in the ontology.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfidenceLevel {
    /// Short lower-case name used on the command line (`documented`, `alleged`...).
    pub key: String,
    /// Order of the level: a higher rank is stronger support.
    pub rank: u8,
    /// Human-readable name (the key when the ontology gives no label).
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

/// A property of the ontology that becomes edges of the path graph.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Relation {
    /// IRI of the property.
    pub iri: String,
    /// Wording of the property read from subject to object (its local name without a label).
    pub label: String,
    /// Wording of the property read against its direction, from object to subject.
    pub inverse_label: String,
    /// Relation family the property declares, if any.
    pub family: Option<FamilyId>,
    /// Whether the edges are derived from facts, fact roles or asserted directly.
    pub kind: RelationKind,
    /// The sanctions exposure the relation passes on, if any.
    pub exposure: Option<RelationExposure>,
    /// When a hop over the relation is only a weak connection (through a place, a group).
    pub weak: Option<Weakness>,
}

/// What a relation means for sanctions exposure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RelationExposure {
    /// The relation passes exposure of this kind (its key), in these directions: `forward`
    /// when a sanction on the subject reaches the object (owner to asset).
    Passes {
        /// Key of the exposure kind (`control`, `ownership`, `linked`...).
        kind: String,
        /// Whether exposure passes from subject to object.
        forward: bool,
        /// Whether exposure passes from object to subject.
        backward: bool,
        /// From this share (per cent) an ownership passes control.
        control_share: Option<f64>,
    },
    /// The role names the party a sanction targets.
    SanctionedParty,
    /// The relation joins two records of one actor: exposure passes across it unchanged.
    SameActor,
}

/// When a hop over a relation connects only weakly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Weakness {
    /// In either direction (through a place).
    Any,
    /// Against the relation's direction (from a group to its members).
    Backward,
}

/// A kind of sanctions exposure the ontology declares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExposureKind {
    /// IRI of the kind.
    pub iri: String,
    /// Short name (`control`).
    pub key: String,
    /// Order: a higher rank is a stronger kind.
    pub rank: u8,
    /// How people read it.
    pub label: String,
    /// What it means, in a sentence.
    pub description: String,
}

/// A class of the ontology.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Class {
    /// IRI of the class.
    pub iri: String,
    /// Human-readable name (the IRI's local name without a label).
    pub label: String,
    /// This class and all its superclasses.
    pub ancestors: Vec<ClassId>,
}

/// A node of the path graph: an entity, or the node of a fact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Node {
    /// IRI of the resource, or `_:id` for a blank node.
    pub iri: String,
    /// Display name: the English label, a fact's summary, or the compacted IRI.
    pub label: String,
    /// The most specific of the node's classes, if it has any.
    pub class: Option<ClassId>,
    /// Every class of the node, superclasses included.
    pub classes: Vec<ClassId>,
    /// Other English names of the node (alternative labels), without its label.
    pub aliases: Vec<String>,
    /// The fact this node stands for, if it is a claim.
    pub fact: Option<FactId>,
}

/// Where a claim comes from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    /// IRI of the source document.
    pub source: String,
    /// Title of the source document (its IRI when it has none).
    pub title: String,
    /// File name of the source document (empty when unknown).
    pub file: String,
    /// First and last line (1-based, inclusive) of the passage in a document; none for a
    /// dataset's record.
    pub lines: Option<[u32; 2]>,
    /// Where the record behind the evidence can be read (a dataset's source URL).
    pub url: Option<String>,
    /// When the dataset first published the record.
    pub first_seen: Option<String>,
    /// When the dataset last published the record.
    pub last_seen: Option<String>,
    /// Key of the confidence level (empty when none is given).
    pub confidence: String,
    /// Rank of the confidence level (0 when none is given).
    pub rank: u8,
    /// The hedging word the source uses (reportedly, possibly...), if any.
    pub hedge: Option<String>,
    /// Who the source credits for the information, by label (or local name), sorted.
    pub cited: Vec<String>,
}

impl Evidence {
    /// Where to read the evidence: "002_c95ef05383f2dd26.txt:8" or ":6-7" for a document (its
    /// IRI standing in for a missing file name), "dataset us_ofac_sdn" for a dataset's record.
    pub fn location(&self) -> String {
        evidence_location(&self.source, &self.title, &self.file, self.lines)
    }
}

/// How people find a piece of evidence again, from its parts (see [`Evidence::location`]).
pub fn evidence_location(source: &str, title: &str, file: &str, lines: Option<[u32; 2]>) -> String {
    match lines {
        Some([first, last]) => {
            let file = if file.is_empty() { crate::rdf::vocab::display_iri(source) } else { file.to_owned() };
            if first == last {
                format!("{file}:{first}")
            } else {
                format!("{file}:{first}-{last}")
            }
        }
        None => format!("dataset {title}"),
    }
}

/// A claim of the store (a supply flow, a sanction...) with its wording, dates and evidence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    /// The node that stands for the fact.
    pub node: NodeId,
    /// The most specific class of the fact, if it has one.
    pub class: Option<ClassId>,
    /// Relation family of the fact, from its most specific class that declares one.
    pub family: Option<FamilyId>,
    /// The fact in one line, from its class's summary template.
    pub summary: String,
    /// The summary's template and values, to tell it again with a participant named first.
    pub wording: wording::Wording,
    /// Amount, value, period and role, as short phrases: "1,300 t", "2023".
    pub qualifiers: Vec<String>,
    /// When the fact holds, from its date or its start and end dates.
    pub validity: Validity,
    /// The amount or money value the fact states, if any.
    pub amount: Amount,
    /// Where the claim comes from, strongest evidence first.
    pub evidence: Vec<Evidence>,
    /// Rank of the strongest evidence (0 without evidence).
    pub best_rank: u8,
    /// The share (per cent) an ownership fact states, if any.
    pub share: Option<f64>,
}

/// The amount a fact states: a quantity in a unit and/or a money value, as numbers and as
/// people read them. Every field is None when the fact states no amount.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Amount {
    /// The quantity (`ag:quantity`), as a number.
    pub quantity: Option<f64>,
    /// Symbol of the quantity's unit ("t"), when given.
    pub unit: Option<String>,
    /// The money value (`ag:value`), as a number.
    pub value: Option<f64>,
    /// Currency code of the value ("USD"), when given.
    pub currency: Option<String>,
    /// The amount as reports print it: "1,300 t", "~USD 147 bn" (quantity and value joined by " · ").
    pub text: Option<String>,
}

/// One way along an edge, as a node's arc table lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArcEntry {
    /// The node at the arc's other end.
    pub other: NodeId,
    /// The edge the arc follows.
    pub edge: EdgeId,
    /// Whether the arc follows the edge's own direction (false: against it).
    pub forward: bool,
    /// For a role edge, the fact node it leaves (role edges link a fact to a participant).
    pub role_of: Option<NodeId>,
}

/// A relation between two nodes, with every fact that supports it (strongest evidence first;
/// none for a directly asserted edge).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Edge {
    /// Node the edge starts from (the relation's subject).
    pub from: NodeId,
    /// Node the edge points to (the relation's object).
    pub to: NodeId,
    /// The property the edge comes from.
    pub relation: RelationId,
    /// Facts behind the edge, strongest evidence first (empty for a directly asserted edge).
    pub facts: Vec<FactId>,
}

/// How much less a hop is worth than the best possible one, from the rank of the edge's
/// strongest evidence and the hop's direction: weaker evidence costs more than going against an
/// edge's direction. Among paths of equal length, the cheapest comes first.
pub fn hop_penalty_for(rank: u8, forward: bool) -> u32 {
    u32::from(5u8.saturating_sub(rank)) * 2 + u32::from(!forward)
}

/// The whole projection, read in place from its frozen bytes (a memory-mapped cache file, or
/// bytes built in memory): the ontology's small tables decoded when it opens; nodes, facts,
/// edges and names decoded entry by entry when first asked for; the search reads the edges'
/// columns and each node's arcs without decoding anything.
#[derive(Debug)]
pub struct Projection {
    /// Store generation the projection was built from.
    pub generation: u64,
    /// Relation families, indexed by `FamilyId`.
    pub families: Vec<Family>,
    /// Confidence levels, weakest first.
    pub confidence_levels: Vec<ConfidenceLevel>,
    /// Properties that become edges, indexed by `RelationId`.
    pub relations: Vec<Relation>,
    /// Classes of the ontology, indexed by `ClassId`.
    pub classes: Vec<Class>,
    /// Entities and facts, indexed by `NodeId`.
    pub nodes: Table<Node>,
    /// Facts, indexed by `FactId`.
    pub facts: Table<Fact>,
    /// Edges, one per relation and pair of nodes, indexed by `EdgeId`.
    pub edges: Table<Edge>,
    /// (normalised name, node), sorted: labels and aliases people can type.
    pub names: Table<(String, NodeId)>,
    /// Goods marked dual-use.
    pub dual_use: BTreeSet<NodeId>,
    /// Role properties on the subject side of a derived relation (supplier, authority...).
    pub subject_roles: BTreeSet<RelationId>,
    /// The kinds of sanctions exposure, strongest first.
    pub exposure_kinds: Vec<ExposureKind>,
    frozen: FrozenDebug,
}

/// The frozen bytes, shown by their size in debug output.
struct FrozenDebug(Arc<Frozen>);

impl std::fmt::Debug for FrozenDebug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frozen({})", if self.0.is_mapped() { "mapped" } else { "in memory" })
    }
}

impl Projection {
    /// The projection of the store's current generation: from the cache when it is current,
    /// otherwise built from the store and cached.
    pub fn load_or_build(store: &GraphStore) -> Result<Projection, ProjectionError> {
        let cache = match store.location() {
            Location::Disk(dir) => Some(dir.join(CACHE_FILE)),
            Location::Memory => None,
        };
        Self::cached_or(cache.as_deref(), store.generation(), || build::Builder::new(store)?.finish(store.generation()))
    }

    /// The projection cached at `path` for `generation` when it is current; otherwise the one
    /// `build` makes, cached there for the next run (when a path is given).
    fn cached_or(
        path: Option<&std::path::Path>,
        generation: u64,
        build: impl FnOnce() -> Result<build::Draft, ProjectionError>,
    ) -> Result<Projection, ProjectionError> {
        if let Some(path) = path {
            if let Ok(frozen) = cache::open(path, generation) {
                return Ok(Self::open(frozen));
            }
        }
        let draft = build()?;
        if let Some(path) = path {
            // A cache that cannot be written only costs the next run a rebuild.
            if cache::write(path, &draft).is_ok() {
                if let Ok(frozen) = cache::open(path, generation) {
                    return Ok(Self::open(frozen));
                }
            }
        }
        Ok(Self::open(cache::in_memory(&draft)))
    }

    /// The projection cached at `path` for `generation`, when the cache is current: opened by
    /// memory mapping, without the store.
    pub fn open_cached(path: &std::path::Path, generation: u64) -> Option<Projection> {
        cache::open(path, generation).ok().map(Self::open)
    }

    /// Builds the projection by querying the store (in memory; nothing is cached).
    pub fn build(store: &GraphStore) -> Result<Projection, ProjectionError> {
        Self::build_from(store, store.generation())
    }

    /// Builds the projection from any source of data (a remote endpoint, a part of one), marked
    /// with `key` (the store generation, or an endpoint's change token) for the cache; in memory.
    pub fn build_from<S: Source + ?Sized>(source: &S, key: u64) -> Result<Projection, ProjectionError> {
        let draft = build::Builder::new(source)?.finish(key)?;
        Ok(Self::open(cache::in_memory(&draft)))
    }

    /// The projection of a source whose state `key` stands for: mapped from the cache file at
    /// `cache` when it was written for that key, otherwise built and cached there.
    pub fn load_or_build_keyed<S: Source + ?Sized>(
        source: &S,
        key: u64,
        cache: Option<&std::path::Path>,
    ) -> Result<Projection, ProjectionError> {
        if let Some(dir) = cache.and_then(std::path::Path::parent) {
            // A directory that cannot be made only costs the next run a rebuild.
            let _ = std::fs::create_dir_all(dir);
        }
        Self::cached_or(cache, key, || build::Builder::new(source)?.finish(key))
    }

    fn open(frozen: Frozen) -> Projection {
        let meta = freeze::read_meta(&frozen);
        let frozen = Arc::new(frozen);
        let [nodes, facts, edges, names] = meta.counts.map(|c| c as usize);
        Projection {
            generation: frozen.generation(),
            families: meta.families,
            confidence_levels: meta.confidence_levels,
            relations: meta.relations,
            classes: meta.classes,
            nodes: Table::new(frozen.clone(), nodes, freeze::node),
            facts: Table::new(frozen.clone(), facts, freeze::fact),
            edges: Table::new(frozen.clone(), edges, freeze::edge),
            names: Table::new(frozen.clone(), names, freeze::name),
            dual_use: meta.dual_use.into_iter().collect(),
            subject_roles: meta.subject_roles.into_iter().collect(),
            exposure_kinds: meta.exposure_kinds,
            frozen: FrozenDebug(frozen),
        }
    }

    fn frozen(&self) -> &Frozen {
        &self.frozen.0
    }

    /// Whether the projection is read from a memory-mapped cache file.
    pub fn is_mapped(&self) -> bool {
        self.frozen().is_mapped()
    }

    /// The node with this IRI (or `_:id` for a blank node), if the projection has one.
    pub fn node_by_iri(&self, iri: &str) -> Option<NodeId> {
        let frozen = self.frozen();
        let (mut low, mut high) = (0, self.nodes.len());
        while low < high {
            let middle = (low + high) / 2;
            let node = frozen.u32(Section::NodeIriOrder, middle) as usize;
            match freeze::node_iri(frozen, node).cmp(iri) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(NodeId::from_index(node)),
            }
        }
        None
    }

    /// The nodes going by this normalised name (a label or an alias), sorted.
    pub fn nodes_named(&self, normalised: &str) -> Vec<NodeId> {
        let frozen = self.frozen();
        let (mut low, mut high) = (0, self.names.len());
        while low < high {
            let middle = (low + high) / 2;
            if freeze::name_text(frozen, middle) < normalised {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let mut found: Vec<NodeId> = (low..self.names.len())
            .take_while(|i| freeze::name_text(frozen, *i) == normalised)
            .map(|i| NodeId(frozen.u32(Section::NameNode, i)))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The node `id` stands for.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The IRI of node `id` (without decoding the rest of the node).
    pub fn node_iri(&self, id: NodeId) -> &str {
        freeze::node_iri(self.frozen(), id.index())
    }

    /// The fact node `id` stands for, if it is a claim (without decoding the node).
    pub fn node_fact(&self, id: NodeId) -> Option<FactId> {
        let fact = self.frozen().u32(Section::NodeFact, id.index());
        (fact != u32::MAX).then_some(FactId(fact))
    }

    /// The fact `id` stands for.
    pub fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id.index()]
    }

    /// Rank of the fact's strongest evidence (0 without evidence), without decoding the fact.
    pub fn fact_rank(&self, id: FactId) -> u8 {
        self.frozen().u8(Section::FactRank, id.index())
    }

    /// When the fact holds, without decoding the fact.
    pub fn fact_validity(&self, id: FactId) -> Validity {
        let frozen = self.frozen();
        let (from, until) = (frozen.i64(Section::FactFrom, id.index()), frozen.i64(Section::FactUntil, id.index()));
        Validity { from: (from != i64::MIN).then_some(from), until: (until != i64::MAX).then_some(until) }
    }

    /// The relation `id` stands for.
    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id.index()]
    }

    /// The class `id` stands for.
    pub fn class(&self, id: ClassId) -> &Class {
        &self.classes[id.index()]
    }

    /// The edge `id` stands for.
    pub fn edge(&self, id: EdgeId) -> &Edge {
        &self.edges[id.index()]
    }

    /// The nodes an edge goes from and to, without decoding the edge.
    pub fn edge_ends(&self, id: EdgeId) -> (NodeId, NodeId) {
        let frozen = self.frozen();
        (NodeId(frozen.u32(Section::EdgeFrom, id.index())), NodeId(frozen.u32(Section::EdgeTo, id.index())))
    }

    /// The relation of an edge, without decoding the edge.
    pub fn edge_relation(&self, id: EdgeId) -> RelationId {
        RelationId(self.frozen().u32(Section::EdgeRelation, id.index()))
    }

    /// Family of an edge (see [`Projection::edge_family`]), without decoding the edge.
    pub fn edge_family_of(&self, id: EdgeId) -> Option<FamilyId> {
        let family = self.frozen().u16(Section::EdgeFamily, id.index());
        (family != u16::MAX).then_some(FamilyId(family))
    }

    /// Rank of the strongest evidence behind an edge (see [`Projection::edge_rank`]), without
    /// decoding the edge.
    pub fn edge_rank_of(&self, id: EdgeId) -> u8 {
        self.frozen().u8(Section::EdgeRank, id.index())
    }

    /// The facts behind an edge, strongest evidence first, without decoding the edge.
    pub fn edge_fact_ids(&self, id: EdgeId) -> impl Iterator<Item = FactId> + '_ {
        freeze::edge_facts(self.frozen(), id.index())
    }

    /// The arcs leaving (`outgoing`) or reaching `node`, best first (weaker evidence and going
    /// against an edge's direction last), read from the arc tables alone: no edge column is
    /// touched, so a search without a filter reads only the rows of the nodes it visits.
    pub fn arcs(&self, node: NodeId, outgoing: bool) -> impl Iterator<Item = ArcEntry> + '_ {
        freeze::node_arcs(self.frozen(), outgoing, node.index()).map(move |(other, code)| {
            let (edge, forward, role) = freeze::decode_hop(code);
            let other = NodeId(other);
            // The arc runs tail to head; the edge starts at the tail when the arc follows it.
            let (tail, head) = if outgoing { (node, other) } else { (other, node) };
            let from = if forward { tail } else { head };
            ArcEntry { other, edge, forward, role_of: role.then_some(from) }
        })
    }

    /// The family `id` stands for.
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

    /// Command-line key of the family, if there is one.
    pub fn family_key(&self, id: Option<FamilyId>) -> Option<&str> {
        id.map(|f| self.family(f).key.as_str())
    }

    /// Label of the class, or an empty string without a class.
    pub fn class_label(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.class(c).label.as_str()).unwrap_or("")
    }

    /// IRI of the class, or an empty string without a class.
    pub fn class_iri(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.class(c).iri.as_str()).unwrap_or("")
    }

    /// The class with this IRI, if the ontology declares it.
    pub fn class_by_iri(&self, iri: &str) -> Option<ClassId> {
        self.classes.iter().position(|c| c.iri == iri).map(ClassId::from_index)
    }

    /// The family with this key, ignoring ASCII case.
    pub fn family_by_key(&self, key: &str) -> Option<FamilyId> {
        self.families.iter().position(|f| f.key.eq_ignore_ascii_case(key)).map(FamilyId::from_index)
    }

    /// Rank of the confidence level with this key, ignoring ASCII case.
    pub fn confidence_rank(&self, key: &str) -> Option<u8> {
        self.confidence_levels.iter().find(|l| l.key.eq_ignore_ascii_case(key)).map(|l| l.rank)
    }

    /// Family of an edge: the relation's own, or for a role edge its fact's.
    pub fn edge_family(&self, edge: &Edge) -> Option<FamilyId> {
        let relation = self.relation(edge.relation);
        relation.family.or_else(|| edge.facts.first().and_then(|f| self.fact_family(*f)))
    }

    fn fact_family(&self, id: FactId) -> Option<FamilyId> {
        self.fact(id).family
    }

    /// Rank of the strongest evidence of any fact behind the edge (0 without evidence).
    pub fn edge_rank(&self, edge: &Edge) -> u8 {
        edge.facts.iter().map(|f| self.fact_rank(*f)).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests;
