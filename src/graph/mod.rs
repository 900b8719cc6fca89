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
mod types;
pub mod wording;

pub use build::read_parts;
pub use cache::{inspect as inspect_cache, CacheState, CACHE_FILE};
pub use error::ProjectionError;
pub use ids::{ClassId, EdgeId, FactId, FamilyId, NodeId, RelationId};
pub use table::{Table, TableIter};
pub use types::*;

use crate::rdf::dates::Validity;
use crate::store::{GraphStore, Location, Source};
use frozen::{Frozen, Section};
use std::collections::BTreeSet;
use std::sync::Arc;

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
