//! What a path or a neighbourhood says: nodes, hops in words and the evidence for each hop.
//! These views are the data every path renderer (text, JSON, TSV, DOT) writes out; their serde
//! form is the documented JSON schema (`actorgraph.path/1`, `actorgraph.neighbours/1`).

use super::exposure::{self, ExposureView};
use crate::graph::{FactId, NodeId, Projection};
use crate::rdf::vocab;
use crate::search::{FoundPath, Hop, HopFilter, Profile};
use serde::Serialize;

/// The `schema` value of a path report: names the JSON layout and its version.
pub const PATH_SCHEMA: &str = "actorgraph.path/1";
/// The `schema` value of a neighbourhood report: names the JSON layout and its version.
pub const NEIGHBOURS_SCHEMA: &str = "actorgraph.neighbours/1";

/// A node as reports show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NodeView {
    /// IRI of the node, or `_:id` for a blank node.
    pub iri: String,
    /// Display name of the node.
    pub label: String,
    /// IRI of the node's most specific class ("" when untyped).
    pub class: String,
    /// Label of the node's most specific class ("" when untyped).
    pub class_label: String,
}

/// The relation a hop follows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RelationView {
    /// IRI of the property.
    pub iri: String,
    /// Wording of the property from subject to object.
    pub label: String,
    /// Key of the relation family (for a role edge, its fact's), if any.
    pub family: Option<String>,
}

/// A fact behind a hop, with its evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactView {
    /// IRI of the fact's node.
    pub iri: String,
    /// IRI of the fact's most specific class ("" when untyped).
    pub class: String,
    /// The fact in one line, the hop's starting node named first among its peers.
    pub summary: String,
    /// Amount, value, period and role, as short phrases ("1,300 t", "2023").
    pub qualifiers: Vec<String>,
    /// Key of the strongest evidence's confidence level.
    pub confidence: Option<String>,
    /// Where the claim comes from, strongest evidence first.
    pub evidence: Vec<EvidenceView>,
    /// Set when the path reaches this fact's node through its membership of a group: the fact
    /// is a statement about the group, not about the member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_group: Option<GroupScope>,
}

/// A fact about a group met on the path of one of its members.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupScope {
    /// The group the fact is about.
    pub group: String,
    /// The member the path came through (or goes on to).
    pub member: String,
}

/// One piece of evidence for a fact: which passage of which source, and how strong.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceView {
    /// IRI of the source document.
    pub source: String,
    /// Title of the source document (its IRI when it has none).
    pub title: String,
    /// File name of the source document (empty when unknown).
    pub file: String,
    /// First and last line (1-based, inclusive) in a document; absent for a dataset's record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<[u32; 2]>,
    /// Where the record behind the evidence can be read (a dataset's source URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the dataset first published the record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// When the dataset last published the record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Key of the confidence level ("" when none is given).
    pub confidence: String,
    /// The hedging word the source uses (reportedly, possibly...), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// Who the source credits for the information, by label (or local name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cited: Vec<String>,
}

/// One hop of a path or neighbourhood, in words, with the facts behind it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HopView {
    /// The node the hop leaves, in the hop's direction.
    pub from: NodeView,
    /// The node the hop reaches, in the hop's direction.
    pub to: NodeView,
    /// The relation the hop follows.
    pub relation: RelationView,
    /// "forward" when the hop follows the relation's direction, "backward" against it.
    pub direction: &'static str,
    /// The relation as read in this hop's direction ("sanctioned" / "was sanctioned by").
    pub wording: String,
    /// The facts behind the hop that pass the filters, strongest evidence first (empty for an
    /// edge asserted without a fact).
    pub facts: Vec<FactView>,
}

/// One path found, in words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathView {
    /// Number of hops.
    pub length: usize,
    /// The nodes along the path, start first.
    pub nodes: Vec<NodeView>,
    /// The hops, in order from the start.
    pub hops: Vec<HopView>,
    /// What the path means for sanctions exposure (paths searched with the exposure profile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exposure: Option<ExposureView>,
    /// Why the path connects only weakly (through a place or a group), when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The answer to one path lookup.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathReport {
    /// Always `actorgraph.path/1`.
    pub schema: &'static str,
    /// The start node (None when starting from every node of a class).
    pub from: Option<NodeView>,
    /// The end node (None when ending at any node of a class).
    pub to: Option<NodeView>,
    /// Label of the class whose nodes the paths start from, for `--from-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_type: Option<String>,
    /// Label of the class whose nodes the paths may end at, for `--to-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_type: Option<String>,
    /// Which relations the search followed: `all` (weak paths ranked last), `strict` or
    /// `exposure` (sanctions exposure).
    pub profile: &'static str,
    /// The paths found, shortest first (strongest exposure first for the exposure profile).
    pub paths: Vec<PathView>,
}

/// One hop of a neighbourhood, with how far out it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeighbourHop {
    /// Level the hop was found at: 1 for the node's own edges.
    pub depth: usize,
    /// The hop, its fields flattened into this one's in JSON.
    #[serde(flatten)]
    pub hop: HopView,
}

/// What is connected to a node.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeighbourhoodReport {
    /// Always `actorgraph.neighbours/1`.
    pub schema: &'static str,
    /// The node whose neighbourhood this is.
    pub node: NodeView,
    /// How many hops out the lookup went.
    pub depth: usize,
    /// The hops found, breadth first.
    pub hops: Vec<NeighbourHop>,
}

/// A node as reports show it.
pub fn node_view(projection: &Projection, id: NodeId) -> NodeView {
    let node = projection.node(id);
    NodeView {
        iri: node.iri.clone(),
        label: node.label.clone(),
        class: projection.class_iri(node.class).to_owned(),
        class_label: projection.class_label(node.class).to_owned(),
    }
}

/// A hop in words, with the facts behind it that pass `filter`, and their evidence.
pub fn hop_view(projection: &Projection, filter: &HopFilter, hop: Hop) -> HopView {
    let edge = &projection.edge(hop.edge);
    let relation = projection.relation(edge.relation);
    let (from, to) = if hop.forward { (edge.from, edge.to) } else { (edge.to, edge.from) };
    HopView {
        from: node_view(projection, from),
        to: node_view(projection, to),
        relation: RelationView {
            iri: relation.iri.clone(),
            label: relation.label.clone(),
            family: projection.family_key(projection.edge_family(edge)).map(str::to_owned),
        },
        direction: if hop.forward { "forward" } else { "backward" },
        wording: if hop.forward { relation.label.clone() } else { relation.inverse_label.clone() },
        facts: edge
            .facts
            .iter()
            .filter(|f| filter.allows_fact(projection, **f))
            .map(|f| fact_view_from(projection, *f, Some(from)))
            .collect(),
    }
}

/// A fact as reports show it, with all its evidence.
pub fn fact_view(projection: &Projection, id: FactId) -> FactView {
    fact_view_from(projection, id, None)
}

/// A fact as reports show it, with `first` (one of its participants) named first in its summary.
pub fn fact_view_from(projection: &Projection, id: FactId, first: Option<NodeId>) -> FactView {
    let fact = projection.fact(id);
    FactView {
        iri: projection.node(fact.node).iri.clone(),
        class: projection.class_iri(fact.class).to_owned(),
        summary: fact.wording.tell(first),
        qualifiers: fact.qualifiers.clone(),
        confidence: fact.evidence.first().map(|e| e.confidence.clone()),
        evidence: fact
            .evidence
            .iter()
            .map(|e| EvidenceView {
                source: e.source.clone(),
                title: e.title.clone(),
                file: e.file.clone(),
                lines: e.lines,
                url: e.url.clone(),
                first_seen: e.first_seen.clone(),
                last_seen: e.last_seen.clone(),
                confidence: e.confidence.clone(),
                hedge: e.hedge.clone(),
                cited: e.cited.clone(),
            })
            .collect(),
        about_group: None,
    }
}

/// A found path in words, with the facts behind each hop that pass `filter`; facts about a
/// group reached through a member's membership say so.
pub fn path_view(projection: &Projection, filter: &HopFilter, path: &FoundPath) -> PathView {
    let mut hops: Vec<HopView> = path.hops.iter().map(|h| hop_view(projection, filter, *h)).collect();
    let membership = |hop: &HopView| {
        let family = hop.relation.family.as_deref().and_then(|k| projection.family_by_key(k));
        family.is_some_and(|f| projection.family(f).iri == vocab::MEMBERSHIP_FAMILY.as_str())
    };
    for i in 0..hops.len() {
        if membership(&hops[i]) {
            continue;
        }
        // member —belongs to→ group, then this hop from the group; or this hop to the group,
        // then group —includes→ member.
        let before = i
            .checked_sub(1)
            .map(|p| &hops[p])
            .filter(|p| membership(p) && p.direction == "forward" && p.to.iri == hops[i].from.iri);
        let after =
            hops.get(i + 1).filter(|n| membership(n) && n.direction == "backward" && n.from.iri == hops[i].to.iri);
        let scope = before
            .map(|p| GroupScope { group: p.to.label.clone(), member: p.from.label.clone() })
            .or_else(|| after.map(|n| GroupScope { group: n.from.label.clone(), member: n.to.label.clone() }));
        if let Some(scope) = scope {
            for fact in &mut hops[i].facts {
                fact.about_group = Some(scope.clone());
            }
        }
    }
    PathView {
        length: path.hops.len(),
        nodes: path.nodes(projection).into_iter().map(|n| node_view(projection, n)).collect(),
        hops,
        exposure: (filter.profile == Profile::Exposure).then(|| exposure::classify(projection, filter, path)).flatten(),
        note: exposure::weak_note(projection, path),
    }
}

impl EvidenceView {
    /// "002_c95ef05383f2dd26.txt:8" or ":8-9", the file name standing in when there is none;
    /// "dataset us_ofac_sdn" for a dataset's record.
    pub fn location(&self) -> String {
        crate::graph::evidence_location(&self.source, &self.title, &self.file, self.lines)
    }
}
