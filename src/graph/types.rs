//! The projection's entries as the builder makes them and lookups decode them: relation
//! families, confidence levels, relations and what they mean for exposure, classes, nodes,
//! facts with their evidence and amounts, edges, the arcs a node's table lists, and what a hop
//! costs.

use super::{wording, ClassId, EdgeId, FactId, FamilyId, NodeId, RelationId};
use crate::rdf::dates::Validity;
use serde::{Deserialize, Serialize};

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
