//! The store projected into a graph for path lookups: entities and facts as nodes; derived
//! relations (supplier -> recipient...), fact roles and directly asserted relations as edges,
//! each edge pointing at the fact that carries its evidence. Built once per store generation
//! and cached on disk next to the store.

use crate::dates::Validity;
use crate::render::term::group_thousands;
use crate::store::{GraphStore, Location, QueryError};
use crate::vocab;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::QuerySolution;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

const RELATIONS: &str = include_str!("sparql/projection_relations.rq");
const FAMILIES: &str = include_str!("sparql/projection_families.rq");
const CONFIDENCE: &str = include_str!("sparql/projection_confidence.rq");
const CLASSES: &str = include_str!("sparql/projection_classes.rq");
const DIRECT_EDGES: &str = include_str!("sparql/projection_direct_edges.rq");
const DUAL_USE: &str = include_str!("sparql/projection_dual_use.rq");
const UNITS: &str = include_str!("sparql/projection_units.rq");
const DOCUMENTS: &str = include_str!("sparql/projection_documents.rq");

/// Bumped whenever the cached layout changes, so an old cache is rebuilt rather than misread.
const CACHE_FORMAT: u32 = 2;
const CACHE_MAGIC: &[u8; 8] = b"AGPROJ\0\0";
pub const CACHE_FILE: &str = "projection.bin";

pub type NodeId = u32;
pub type FactId = u32;
pub type RelationId = u32;
pub type FamilyId = u16;
pub type ClassId = u32;

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("cannot read the store to build the path graph")]
    Query(#[from] QueryError),
    #[error("cannot read the store to build the path graph")]
    Storage(#[from] oxigraph::store::StorageError),
}

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
            if let Some(projection) = read_cache(path, store.generation()) {
                return Ok(projection);
            }
        }
        let projection = Self::build(store)?;
        if let Some(path) = &cache {
            // A cache that cannot be written only costs the next run a rebuild.
            let _ = write_cache(path, &projection);
        }
        Ok(projection)
    }

    /// Builds the projection by querying the store.
    pub fn build(store: &GraphStore) -> Result<Projection, ProjectionError> {
        Builder::new(store)?.finish(store.generation())
    }

    pub fn node_by_iri(&self, iri: &str) -> Option<NodeId> {
        self.node_index.get(iri).copied()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id as usize]
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id as usize]
    }

    pub fn family_key(&self, id: Option<FamilyId>) -> Option<&str> {
        id.map(|f| self.families[f as usize].key.as_str())
    }

    pub fn class_label(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.classes[c as usize].label.as_str()).unwrap_or("")
    }

    pub fn class_iri(&self, id: Option<ClassId>) -> &str {
        id.map(|c| self.classes[c as usize].iri.as_str()).unwrap_or("")
    }

    pub fn family_by_key(&self, key: &str) -> Option<FamilyId> {
        self.families.iter().position(|f| f.key.eq_ignore_ascii_case(key)).map(|i| i as FamilyId)
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
        self.node_index = self.nodes.iter().enumerate().map(|(i, n)| (n.iri.clone(), i as NodeId)).collect();
    }
}

/// Lower-cased, accent-free, punctuation-free form of a name, for matching what people type.
pub fn normalise_name(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if c != '\'' {
            pending_space = true;
        }
    }
    out
}

/// Identifies the program that wrote a cache: its version, the cache layout and the executable
/// file itself, so that any other build (whose layout may differ) rebuilds the cache.
fn build_stamp() -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    CACHE_FORMAT.hash(&mut hasher);
    if let Some(metadata) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        metadata.len().hash(&mut hasher);
        metadata.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
}

fn read_cache(path: &Path, generation: u64) -> Option<Projection> {
    let mut reader = BufReader::new(std::fs::File::open(path).ok()?);
    let mut header = [0u8; 24];
    reader.read_exact(&mut header).ok()?;
    let stamp = u64::from_le_bytes(header[8..16].try_into().ok()?);
    let cached_generation = u64::from_le_bytes(header[16..24].try_into().ok()?);
    if &header[..8] != CACHE_MAGIC || stamp != build_stamp() || cached_generation != generation {
        return None;
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).ok()?;
    let mut projection: Projection = postcard::from_bytes(&bytes).ok()?;
    projection.reindex();
    Some(projection)
}

fn write_cache(path: &Path, projection: &Projection) -> io::Result<()> {
    let bytes = postcard::to_allocvec(projection).map_err(io::Error::other)?;
    let temporary = PathBuf::from(format!("{}.tmp{}", path.display(), std::process::id()));
    {
        let mut writer = BufWriter::new(std::fs::File::create(&temporary)?);
        writer.write_all(CACHE_MAGIC)?;
        writer.write_all(&build_stamp().to_le_bytes())?;
        writer.write_all(&projection.generation.to_le_bytes())?;
        writer.write_all(&bytes)?;
        writer.flush()?;
    }
    std::fs::rename(&temporary, path)
}

fn text(row: &QuerySolution, variable: &str) -> Option<String> {
    match row.get(variable)? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        Term::Literal(l) => Some(l.value().to_owned()),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// Values of one claim: property IRI -> values (IRI of a resource or literal text), in order.
type FactValues = BTreeMap<String, Vec<(String, bool)>>;

/// One evidence node's properties, as a scan finds them.
#[derive(Default)]
struct EvidenceRecord {
    source: Option<String>,
    start: Option<u32>,
    end: Option<u32>,
    confidence: Option<String>,
    hedge: Option<String>,
    cited: Vec<String>,
}

const SKOS_PREF_LABEL: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
const SKOS_ALT_LABEL: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");

/// The key a resource goes by in the projection: its IRI, or `_:id` for a blank node.
fn subject_key(subject: &NamedOrBlankNode) -> String {
    match subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn term_key(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    }
}

/// A value as the projection keeps it: a literal's text or a resource's key, and whether it was a literal.
fn value_of(term: &Term) -> (String, bool) {
    match term {
        Term::Literal(l) => (l.value().to_owned(), true),
        other => (term_key(other).unwrap_or_default(), false),
    }
}

struct Builder {
    projection: Projection,
    family_by_key: HashMap<String, FamilyId>,
    class_by_iri: HashMap<String, ClassId>,
    relation_by_iri: HashMap<String, RelationId>,
    chains: Vec<(RelationId, String, String)>,
    templates: HashMap<ClassId, String>,
    class_family: HashMap<ClassId, FamilyId>,
    symbols: HashMap<String, String>,
    /// Confidence level IRI -> (key, rank).
    levels: HashMap<String, (String, u8)>,
}

impl Builder {
    fn new(store: &GraphStore) -> Result<Self, ProjectionError> {
        let mut projection = Projection {
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
            node_index: HashMap::new(),
        };
        let mut family_by_key = HashMap::new();
        for row in store.select(FAMILIES, &[])? {
            let (Some(iri), Some(key)) = (text(&row, "family"), text(&row, "key")) else { continue };
            if family_by_key.contains_key(&key) {
                continue;
            }
            family_by_key.insert(key.clone(), projection.families.len() as FamilyId);
            let label = text(&row, "label").unwrap_or_else(|| key.clone());
            projection.families.push(Family { iri, key, label });
        }
        let mut levels = HashMap::new();
        for row in store.select(CONFIDENCE, &[])? {
            let (Some(iri), Some(key), Some(rank)) =
                (text(&row, "level"), text(&row, "key"), text(&row, "rank").and_then(|r| r.parse().ok()))
            else {
                continue;
            };
            let label = text(&row, "label").unwrap_or_else(|| key.clone());
            levels.insert(iri, (key.clone(), rank));
            projection.confidence_levels.push(ConfidenceLevel { key, rank, label });
        }
        let mut builder = Builder {
            projection,
            family_by_key,
            class_by_iri: HashMap::new(),
            relation_by_iri: HashMap::new(),
            chains: Vec::new(),
            templates: HashMap::new(),
            class_family: HashMap::new(),
            symbols: HashMap::new(),
            levels,
        };
        builder.read_classes(store)?;
        builder.read_relations(store)?;
        builder.read_nodes(store)?;
        builder.read_facts(store)?;
        builder.read_direct_edges(store)?;
        for row in store.select(DUAL_USE, &[])? {
            if let Some(id) = text(&row, "node").and_then(|n| builder.projection.node_index.get(&n).copied()) {
                builder.projection.dual_use.insert(id);
            }
        }
        let subject_roles: Vec<RelationId> =
            builder.chains.iter().filter_map(|(_, role1, _)| builder.relation_by_iri.get(role1).copied()).collect();
        builder.projection.subject_roles.extend(subject_roles);
        Ok(builder)
    }

    fn read_classes(&mut self, store: &GraphStore) -> Result<(), ProjectionError> {
        let rows = store.select(CLASSES, &[])?;
        let mut supers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut labels = HashMap::new();
        for row in &rows {
            let (Some(class), Some(sup)) = (text(row, "class"), text(row, "super")) else { continue };
            supers.entry(class.clone()).or_default().push(sup.clone());
            supers.entry(sup).or_default();
            if let Some(label) = text(row, "label") {
                labels.insert(class.clone(), label);
            }
            if let Some(template) = text(row, "template") {
                labels.entry(format!("template {class}")).or_insert(template);
            }
            if let Some(family) = text(row, "family") {
                labels.entry(format!("family {class}")).or_insert(family);
            }
        }
        for class in supers.keys() {
            let id = self.projection.classes.len() as ClassId;
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
            self.projection.classes[id as usize].ancestors = ids;
            if let Some(template) = labels.get(&format!("template {class}")) {
                self.templates.insert(id, template.clone());
            }
            if let Some(family) = labels.get(&format!("family {class}")).and_then(|k| self.family_by_key.get(k)) {
                self.class_family.insert(id, *family);
            }
        }
        Ok(())
    }

    fn read_relations(&mut self, store: &GraphStore) -> Result<(), ProjectionError> {
        let mut rows = store.select(RELATIONS, &[])?;
        rows.sort_by_key(|r| (text(r, "property"), text(r, "kind")));
        for row in rows {
            let Some(iri) = text(&row, "property") else { continue };
            let kind = match text(&row, "kind").as_deref() {
                Some("derived") => RelationKind::Derived,
                Some("role") => RelationKind::Role,
                _ => RelationKind::Direct,
            };
            let id = match self.relation_by_iri.get(&iri) {
                Some(id) => *id,
                None => {
                    let id = self.projection.relations.len() as RelationId;
                    let label = text(&row, "label").unwrap_or_else(|| vocab::local_name(&iri).to_owned());
                    let inverse_label = text(&row, "inverse").unwrap_or_else(|| format!("is the object of '{label}' for"));
                    let family = text(&row, "family").and_then(|k| self.family_by_key.get(&k).copied());
                    self.projection.relations.push(Relation { iri: iri.clone(), label, inverse_label, family, kind });
                    self.relation_by_iri.insert(iri.clone(), id);
                    id
                }
            };
            if kind == RelationKind::Derived {
                if let (Some(role1), Some(role2)) = (text(&row, "role1"), text(&row, "role2")) {
                    if !self.chains.iter().any(|(r, a, b)| *r == id && *a == role1 && *b == role2) {
                        self.chains.push((id, role1, role2));
                    }
                }
            }
        }
        Ok(())
    }

    fn node_id(&mut self, iri: &str) -> NodeId {
        if let Some(id) = self.projection.node_index.get(iri) {
            return *id;
        }
        let id = self.projection.nodes.len() as NodeId;
        self.projection.nodes.push(Node {
            iri: iri.to_owned(),
            label: String::new(),
            class: None,
            classes: Vec::new(),
            aliases: Vec::new(),
            fact: None,
        });
        self.projection.node_index.insert(iri.to_owned(), id);
        id
    }

    fn read_nodes(&mut self, store: &GraphStore) -> Result<(), ProjectionError> {
        let entity = self.class_by_iri.get(vocab::ENTITY.as_str()).copied();
        let claim = self.class_by_iri.get(vocab::CLAIM.as_str()).copied();
        let mut types: Vec<(String, ClassId)> = Vec::new();
        let class_by_iri = &self.class_by_iri;
        store.scan(Some(rdf::TYPE), |quad| {
            if let Term::NamedNode(class) = &quad.object {
                if let Some(class) = class_by_iri.get(class.as_str()) {
                    types.push((subject_key(&quad.subject), *class));
                }
            }
        })?;
        types.sort();
        types.dedup();
        for (node, class) in types {
            let ancestors = self.projection.classes[class as usize].ancestors.clone();
            let is_entity = entity.is_some_and(|e| ancestors.contains(&e));
            let is_claim = claim.is_some_and(|c| ancestors.contains(&c));
            if !is_entity && !is_claim && !self.projection.node_index.contains_key(&node) {
                continue;
            }
            let id = self.node_id(&node);
            let entry = &mut self.projection.nodes[id as usize];
            for ancestor in ancestors {
                if !entry.classes.contains(&ancestor) {
                    entry.classes.push(ancestor);
                }
            }
            let depth = |c: ClassId, classes: &[Class]| classes[c as usize].ancestors.len();
            let deeper = entry.class.is_none_or(|current| depth(class, &self.projection.classes) > depth(current, &self.projection.classes));
            if deeper {
                entry.class = Some(class);
            }
        }
        // (node, alias?, name): labels before aliases, each in name order.
        let mut names: Vec<(NodeId, bool, String)> = Vec::new();
        for (predicate, preferred) in [(rdfs::LABEL, true), (SKOS_PREF_LABEL, true), (SKOS_ALT_LABEL, false)] {
            let node_index = &self.projection.node_index;
            store.scan(Some(predicate), |quad| {
                let Term::Literal(name) = &quad.object else { return };
                if name.language().is_some_and(|l| !l.eq_ignore_ascii_case("en") && !l.to_ascii_lowercase().starts_with("en-")) {
                    return;
                }
                if let Some(id) = node_index.get(&subject_key(&quad.subject)) {
                    names.push((*id, !preferred, name.value().to_owned()));
                }
            })?;
        }
        names.sort();
        names.dedup();
        for (id, alias, name) in names {
            let entry = &mut self.projection.nodes[id as usize];
            let preferred = !alias;
            if preferred && entry.label.is_empty() {
                entry.label = name;
            } else if !entry.aliases.contains(&name) && entry.label != name {
                entry.aliases.push(name);
            }
        }
        Ok(())
    }

    fn read_facts(&mut self, store: &GraphStore) -> Result<(), ProjectionError> {
        for row in store.select(UNITS, &[])? {
            if let (Some(unit), Some(symbol)) = (text(&row, "unit"), text(&row, "symbol")) {
                self.symbols.insert(unit, symbol);
            }
        }
        // Claims are the nodes whose class is (under) ag:Claim; their values come from one scan.
        let claim = self.class_by_iri.get(vocab::CLAIM.as_str()).copied();
        let claims: HashSet<String> = self
            .projection
            .nodes
            .iter()
            .filter(|n| claim.is_some_and(|c| n.classes.contains(&c)))
            .map(|n| n.iri.clone())
            .collect();
        // Evidence records, by the node that holds them, and the claim each belongs to.
        let mut evidence_owner: HashMap<String, Vec<String>> = HashMap::new();
        store.scan(Some(vocab::EVIDENCE), |quad| {
            let owner = subject_key(&quad.subject);
            if claims.contains(&owner) {
                if let Some(record) = term_key(&quad.object) {
                    evidence_owner.entry(record).or_default().push(owner);
                }
            }
        })?;
        let mut values: BTreeMap<String, FactValues> = claims.iter().map(|c| (c.clone(), FactValues::new())).collect();
        let mut records: HashMap<String, EvidenceRecord> = HashMap::new();
        store.scan(None, |quad| {
            let subject = subject_key(&quad.subject);
            if let Some(fact_values) = values.get_mut(&subject) {
                if quad.predicate.as_ref() != rdf::TYPE && quad.predicate.as_ref() != vocab::EVIDENCE {
                    let (value, literal) = value_of(&quad.object);
                    let entry = fact_values.entry(quad.predicate.as_str().to_owned()).or_default();
                    if !entry.contains(&(value.clone(), literal)) {
                        entry.push((value, literal));
                    }
                }
            } else if evidence_owner.contains_key(&subject) {
                let record = records.entry(subject).or_default();
                let (value, _) = value_of(&quad.object);
                match quad.predicate.as_str().strip_prefix(vocab::AG) {
                    Some("source") => record.source = Some(value),
                    Some("lineStart") => record.start = value.parse().ok(),
                    Some("lineEnd") => record.end = value.parse().ok(),
                    Some("confidence") => record.confidence = Some(value),
                    Some("hedge") => record.hedge = Some(value),
                    Some("citedSource") => record.cited.push(value),
                    _ => {}
                }
            }
        })?;
        let mut documents: HashMap<String, (String, String)> = HashMap::new();
        for row in store.select(DOCUMENTS, &[])? {
            if let Some(source) = text(&row, "source") {
                let title = text(&row, "title").unwrap_or_else(|| source.clone());
                documents.insert(source, (title, text(&row, "file").unwrap_or_default()));
            }
        }
        let mut evidence: HashMap<String, Vec<Evidence>> = HashMap::new();
        let mut ordered: Vec<(String, EvidenceRecord)> = records.into_iter().collect();
        ordered.sort_by(|a, b| a.0.cmp(&b.0));
        for (record_node, record) in ordered {
            let (Some(source), Some(line_start)) = (record.source, record.start) else { continue };
            let (confidence, rank) = record.confidence.and_then(|c| self.levels.get(&c).cloned()).unwrap_or_default();
            let (title, file) = documents.get(&source).cloned().unwrap_or_else(|| (source.clone(), String::new()));
            let mut cited: Vec<String> = record
                .cited
                .iter()
                .map(|c| match self.projection.node_index.get(c) {
                    Some(id) if !self.projection.nodes[*id as usize].label.is_empty() => self.projection.nodes[*id as usize].label.clone(),
                    _ => vocab::local_name(c).to_owned(),
                })
                .collect();
            cited.sort();
            cited.dedup();
            let item = Evidence {
                title,
                file,
                source,
                line_start,
                line_end: record.end.unwrap_or(line_start),
                confidence,
                rank,
                hedge: record.hedge,
                cited,
            };
            for owner in evidence_owner.get(&record_node).into_iter().flatten() {
                let list = evidence.entry(owner.clone()).or_default();
                if !list.contains(&item) {
                    list.push(item.clone());
                }
            }
        }
        // First make every claim a node, so that facts about facts can name each other.
        let fact_iris: Vec<String> = values.keys().cloned().collect();
        for iri in &fact_iris {
            let node = self.node_id(iri);
            let id = self.projection.facts.len() as FactId;
            self.projection.nodes[node as usize].fact = Some(id);
            let class = self.projection.nodes[node as usize].class;
            let family = class.and_then(|c| self.closest_family(c));
            let mut records = evidence.remove(iri).unwrap_or_default();
            records.sort_by(|a, b| (b.rank, &a.source, a.line_start).cmp(&(a.rank, &b.source, b.line_start)));
            let best_rank = records.iter().map(|e| e.rank).max().unwrap_or(0);
            self.projection.facts.push(Fact {
                node,
                class,
                family,
                summary: String::new(),
                qualifiers: Vec::new(),
                validity: Validity::default(),
                evidence: records,
                best_rank,
            });
        }
        // Summaries: facts naming other facts use their summaries, so two passes settle them.
        for _ in 0..2 {
            for (iri, fact_values) in &values {
                let node = self.projection.node_index[iri];
                let fact = self.projection.nodes[node as usize].fact.expect("claims are facts");
                let summary = self.summarise(fact, fact_values);
                self.projection.facts[fact as usize].summary = summary.clone();
                self.projection.nodes[node as usize].label = summary;
            }
        }
        for (iri, fact_values) in &values {
            let node = self.projection.node_index[iri];
            let fact = self.projection.nodes[node as usize].fact.expect("claims are facts");
            let first = |p: &vocab_iri::Iri| fact_values.get(p.0).and_then(|v| v.first()).map(|(s, _)| s.as_str());
            self.projection.facts[fact as usize].validity = Validity::from_dates(
                first(&vocab_iri::DATE),
                first(&vocab_iri::START_DATE),
                first(&vocab_iri::END_DATE),
            );
            self.projection.facts[fact as usize].qualifiers = self.qualifiers(fact_values);
            self.add_fact_edges(node, fact, fact_values);
        }
        Ok(())
    }

    fn closest_family(&self, class: ClassId) -> Option<FamilyId> {
        // The most specific class with a family wins: more ancestors = more specific.
        self.projection.classes[class as usize]
            .ancestors
            .iter()
            .filter_map(|c| self.class_family.get(c).map(|f| (self.projection.classes[*c as usize].ancestors.len(), *f)))
            .max_by_key(|(depth, _)| *depth)
            .map(|(_, family)| family)
    }

    fn value_label(&self, value: &str, literal: bool) -> String {
        if literal {
            return value.to_owned();
        }
        match self.projection.node_index.get(value) {
            Some(id) if !self.projection.nodes[*id as usize].label.is_empty() => self.projection.nodes[*id as usize].label.clone(),
            _ => vocab::compact_iri(value).unwrap_or_else(|| vocab::local_name(value).to_owned()),
        }
    }

    fn summarise(&self, fact: FactId, values: &FactValues) -> String {
        let class = self.projection.facts[fact as usize].class;
        let template = class.and_then(|c| {
            let ancestors = &self.projection.classes[c as usize].ancestors;
            ancestors
                .iter()
                .filter_map(|a| self.templates.get(a).map(|t| (self.projection.classes[*a as usize].ancestors.len(), t)))
                .max_by_key(|(depth, _)| *depth)
                .map(|(_, t)| t.clone())
        });
        let Some(template) = template else {
            return format!("{} {}", self.projection.class_label(class), vocab::local_name(&self.projection.nodes[self.projection.facts[fact as usize].node as usize].iri))
                .trim()
                .to_owned();
        };
        let mut out = String::new();
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            let property = format!("{}{name}", vocab::AG);
            let labels: Vec<String> = values
                .get(&property)
                .map(|vs| vs.iter().map(|(v, literal)| self.value_label(v, *literal)).collect())
                .unwrap_or_default();
            out.push_str(&if labels.is_empty() { "?".to_owned() } else { join_and(&labels) });
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out.trim_end_matches(['.', ' ']).to_owned()
    }

    fn qualifiers(&self, values: &FactValues) -> Vec<String> {
        let get = |local: &str| values.get(&format!("{}{local}", vocab::AG)).and_then(|v| v.first()).map(|(s, _)| s.clone());
        let flag = |local: &str| get(local).as_deref() == Some("true");
        let mut out = Vec::new();
        let approximate = if flag("approximate") { "~" } else if flag("lowerBound") { "over " } else { "" };
        if let Some(quantity) = get("quantity") {
            let unit = get("unit").map(|u| self.symbols.get(&u).cloned().unwrap_or_else(|| vocab::local_name(&u).to_owned()));
            out.push(format!("{approximate}{}{}", group_thousands(&quantity), unit.map(|u| format!(" {u}")).unwrap_or_default()));
        }
        if let Some(value) = get("value") {
            let currency = get("currency").unwrap_or_default();
            out.push(format!("{approximate}{}", money(&value, &currency)));
        }
        if let Some(note) = get("quantityNote") {
            out.push(note);
        }
        match (get("date"), get("startDate"), get("endDate")) {
            (Some(date), _, _) => out.push(date),
            (None, Some(start), Some(end)) => out.push(format!("{start} to {end}")),
            (None, Some(start), None) => out.push(format!("since {start}")),
            (None, None, Some(end)) => out.push(format!("until {end}")),
            (None, None, None) => {}
        }
        if let Some(note) = get("periodNote") {
            out.push(note);
        }
        if let Some(trend) = get("trend") {
            out.push(trend);
        }
        if let Some(role) = get("role") {
            out.push(format!("role: {role}"));
        }
        if let Some(programme) = get("programme") {
            out.push(programme);
        }
        out
    }

    fn add_fact_edges(&mut self, node: NodeId, fact: FactId, values: &FactValues) {
        let resources = |property: &str| -> Vec<String> {
            values.get(property).map(|vs| vs.iter().filter(|(_, l)| !l).map(|(v, _)| v.clone()).collect()).unwrap_or_default()
        };
        let chains = self.chains.clone();
        for (relation, role1, role2) in &chains {
            for x in resources(role1) {
                for y in resources(role2) {
                    if x != y {
                        let (from, to) = (self.node_id(&x), self.node_id(&y));
                        self.projection.edges.push(Edge { from, to, relation: *relation, facts: vec![fact] });
                    }
                }
            }
        }
        for (property, vs) in values {
            let Some(relation) = self.relation_by_iri.get(property).copied() else { continue };
            if self.projection.relations[relation as usize].kind != RelationKind::Role {
                continue;
            }
            for (value, literal) in vs {
                if !literal {
                    let to = self.node_id(value);
                    self.projection.edges.push(Edge { from: node, to, relation, facts: vec![fact] });
                }
            }
        }
    }

    fn read_direct_edges(&mut self, store: &GraphStore) -> Result<(), ProjectionError> {
        let mut rows = store.select(DIRECT_EDGES, &[])?;
        rows.sort_by_key(|r| (text(r, "subject"), text(r, "property"), text(r, "object")));
        for row in rows {
            let (Some(subject), Some(property), Some(object)) = (text(&row, "subject"), text(&row, "property"), text(&row, "object"))
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

    fn finish(mut self, generation: u64) -> Result<Projection, ProjectionError> {
        let projection = &mut self.projection;
        projection.generation = generation;
        for node in &mut projection.nodes {
            if node.label.is_empty() {
                node.label = vocab::compact_iri(&node.iri).unwrap_or_else(|| vocab::local_name(&node.iri).to_owned());
            }
        }
        // One edge per (relation, from, to), carrying every fact behind it, strongest first;
        // edges in a stable order (by relation and endpoint IRIs) so ties break the same way every run.
        let mut merged: BTreeMap<(String, String, String), Edge> = BTreeMap::new();
        for edge in std::mem::take(&mut projection.edges) {
            let key = (
                projection.relations[edge.relation as usize].iri.clone(),
                projection.nodes[edge.from as usize].iri.clone(),
                projection.nodes[edge.to as usize].iri.clone(),
            );
            let entry = merged.entry(key).or_insert_with(|| Edge { facts: Vec::new(), ..edge.clone() });
            for fact in edge.facts {
                if !entry.facts.contains(&fact) {
                    entry.facts.push(fact);
                }
            }
        }
        let facts = &projection.facts;
        let fact_iri = |f: &FactId| projection.nodes[facts[*f as usize].node as usize].iri.clone();
        projection.edges = merged
            .into_values()
            .map(|mut edge| {
                edge.facts.sort_by_key(|f| (std::cmp::Reverse(facts[*f as usize].best_rank), fact_iri(f)));
                edge
            })
            .collect();
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        for (id, node) in projection.nodes.iter().enumerate() {
            if node.fact.is_some() {
                continue;
            }
            for name in std::iter::once(&node.label).chain(&node.aliases) {
                let normalised = normalise_name(name);
                if !normalised.is_empty() && seen.insert((normalised.clone(), id)) {
                    names.push((normalised, id as NodeId));
                }
            }
        }
        names.sort();
        projection.names = names;
        Ok(self.projection)
    }
}

/// Property IRIs the builder reads by name.
mod vocab_iri {
    pub struct Iri(pub &'static str);
    pub const DATE: Iri = Iri("https://w3id.org/actorgraph/ontology#date");
    pub const START_DATE: Iri = Iri("https://w3id.org/actorgraph/ontology#startDate");
    pub const END_DATE: Iri = Iri("https://w3id.org/actorgraph/ontology#endDate");
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A money amount in words people read: "USD 147 bn", "USD 68 bn", "USD 1,500".
fn money(value: &str, currency: &str) -> String {
    let amount: f64 = value.parse().unwrap_or(0.0);
    let body = if amount >= 1e9 {
        format!("{} bn", trim_float(amount / 1e9))
    } else if amount >= 1e6 {
        format!("{} m", trim_float(amount / 1e6))
    } else {
        group_thousands(value)
    };
    if currency.is_empty() { body } else { format!("{currency} {body}") }
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_case_accents_and_punctuation() {
        assert_eq!(normalise_name("Xi  Jinping"), "xi jinping");
        assert_eq!(normalise_name("Zélensky"), "zelensky");
        assert_eq!(normalise_name("Russia's war-industries"), "russias war industries");
        assert_eq!(normalise_name("PLA Hawks"), normalise_name("pla hawks"));
    }

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money("147000000000", "USD"), "USD 147 bn");
        assert_eq!(money("1500", "EUR"), "EUR 1,500");
        assert_eq!(money("2500000", ""), "2.5 m");
    }

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
