//! What a path or a neighbourhood says: nodes, hops in words and the evidence for each hop.
//! These views are the data every path renderer (text, JSON, TSV, DOT) writes out; their serde
//! form is the documented JSON schema (`actorgraph.path/1`, `actorgraph.neighbours/1`).

use crate::graph::{FactId, NodeId, Projection};
use crate::search::{FoundPath, Hop, HopFilter};
use serde::Serialize;

pub const PATH_SCHEMA: &str = "actorgraph.path/1";
pub const NEIGHBOURS_SCHEMA: &str = "actorgraph.neighbours/1";

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NodeView {
    pub iri: String,
    pub label: String,
    /// IRI of the node's most specific class ("" when untyped).
    pub class: String,
    pub class_label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RelationView {
    pub iri: String,
    pub label: String,
    pub family: Option<String>,
}

/// A fact behind a hop, with its evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactView {
    pub iri: String,
    pub class: String,
    pub summary: String,
    pub qualifiers: Vec<String>,
    /// Key of the strongest evidence's confidence level.
    pub confidence: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceView {
    pub source: String,
    pub title: String,
    pub file: String,
    /// First and last line (1-based, inclusive).
    pub lines: [u32; 2],
    pub confidence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cited: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HopView {
    pub from: NodeView,
    pub to: NodeView,
    pub relation: RelationView,
    /// "forward" when the hop follows the relation's direction, "backward" against it.
    pub direction: &'static str,
    /// The relation as read in this hop's direction ("sanctioned" / "was sanctioned by").
    pub wording: String,
    /// The facts behind the hop that pass the filters, strongest evidence first (empty for an
    /// edge asserted without a fact).
    pub facts: Vec<FactView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathView {
    pub length: usize,
    pub nodes: Vec<NodeView>,
    pub hops: Vec<HopView>,
}

/// The answer to one path lookup.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathReport {
    pub schema: &'static str,
    pub from: Option<NodeView>,
    pub to: Option<NodeView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_type: Option<String>,
    pub paths: Vec<PathView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeighbourHop {
    pub depth: usize,
    #[serde(flatten)]
    pub hop: HopView,
}

/// What is connected to a node.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeighbourhoodReport {
    pub schema: &'static str,
    pub node: NodeView,
    pub depth: usize,
    pub hops: Vec<NeighbourHop>,
}

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
            .map(|f| fact_view(projection, *f))
            .collect(),
    }
}

pub fn fact_view(projection: &Projection, id: FactId) -> FactView {
    let fact = projection.fact(id);
    FactView {
        iri: projection.node(fact.node).iri.clone(),
        class: projection.class_iri(fact.class).to_owned(),
        summary: fact.summary.clone(),
        qualifiers: fact.qualifiers.clone(),
        confidence: fact.evidence.first().map(|e| e.confidence.clone()),
        evidence: fact
            .evidence
            .iter()
            .map(|e| EvidenceView {
                source: e.source.clone(),
                title: e.title.clone(),
                file: e.file.clone(),
                lines: [e.line_start, e.line_end],
                confidence: e.confidence.clone(),
                hedge: e.hedge.clone(),
                cited: e.cited.clone(),
            })
            .collect(),
    }
}

pub fn path_view(projection: &Projection, filter: &HopFilter, path: &FoundPath) -> PathView {
    PathView {
        length: path.hops.len(),
        nodes: path.nodes(projection).into_iter().map(|n| node_view(projection, n)).collect(),
        hops: path.hops.iter().map(|h| hop_view(projection, filter, *h)).collect(),
    }
}

impl EvidenceView {
    /// "002_c95ef05383f2dd26.txt:8" or ":8-9", the file name standing in when there is none.
    pub fn location(&self) -> String {
        let file = if self.file.is_empty() { crate::rdf::vocab::display_iri(&self.source) } else { self.file.clone() };
        if self.lines[0] == self.lines[1] {
            format!("{file}:{}", self.lines[0])
        } else {
            format!("{file}:{}-{}", self.lines[0], self.lines[1])
        }
    }
}
