//! What a diagram shows, computed from the projection (whole graph, neighbourhood, paths) or
//! from query results: nodes with a style by class, edges with a family and a confidence,
//! facts either as their own small nodes or collapsed into labelled edges, optional clusters
//! by country. `render::dot` turns it into Graphviz DOT.

mod builder;
#[cfg(test)]
mod tests;
mod triples;

pub use builder::{DiagramBuilder, DiagramOptions};
pub use triples::from_triples;

use crate::graph::{ClassId, FactId, Projection};
use crate::rdf::vocab;

/// Visual kinds of nodes, each with its own shape and colour (see the legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeStyle {
    /// States (`ag:State`).
    State,
    /// Blocs and intergovernmental organisations (`ag:Bloc`, `ag:IntergovernmentalOrganisation`).
    Bloc,
    /// Firms, and organisations of no more specific kind (`ag:Firm`, `ag:Organisation`).
    Firm,
    /// Groups of firms (`ag:FirmGroup`).
    FirmGroup,
    /// Ministries, agencies and political parties (`ag:PublicBody`, `ag:PoliticalParty`).
    PublicBody,
    /// Military bodies (`ag:MilitaryBody`).
    Military,
    /// Factions (`ag:Faction`).
    Faction,
    /// Groups (`ag:Group`).
    Group,
    /// People (`ag:Person`).
    Person,
    /// Think tanks (`ag:ThinkTank`).
    ThinkTank,
    /// Media outlets and data sources (`ag:MediaOutlet`, `ag:DataSource`).
    Media,
    /// Weapon systems (`ag:WeaponSystem`).
    WeaponSystem,
    /// Goods (`ag:Good`); dual-use ones get a heavier outline.
    Good,
    /// Facilities (`ag:Facility`).
    Facility,
    /// Agreements, policies and policy documents (`ag:Agreement`, `ag:Policy`, `ag:PolicyDocument`).
    Document,
    /// Events (`ag:Event`).
    Event,
    /// Places (`ag:Place`).
    Place,
    /// Sanctions (`ag:Sanction`), drawn in their own style though they are facts.
    Sanction,
    /// Other facts (`ag:Relation`, `ag:Claim`) drawn as their own nodes.
    Fact,
    /// Anything else, including nodes the projection does not know.
    Other,
}

impl NodeStyle {
    /// Class local names in order of precedence: the first the node has decides its style.
    const BY_CLASS: &'static [(&'static str, NodeStyle)] = &[
        ("Sanction", NodeStyle::Sanction),
        ("Relation", NodeStyle::Fact),
        ("Claim", NodeStyle::Fact),
        ("State", NodeStyle::State),
        ("Bloc", NodeStyle::Bloc),
        ("IntergovernmentalOrganisation", NodeStyle::Bloc),
        ("FirmGroup", NodeStyle::FirmGroup),
        ("Firm", NodeStyle::Firm),
        ("MilitaryBody", NodeStyle::Military),
        ("PublicBody", NodeStyle::PublicBody),
        ("PoliticalParty", NodeStyle::PublicBody),
        ("Faction", NodeStyle::Faction),
        ("Group", NodeStyle::Group),
        ("Person", NodeStyle::Person),
        ("ThinkTank", NodeStyle::ThinkTank),
        ("MediaOutlet", NodeStyle::Media),
        ("DataSource", NodeStyle::Media),
        ("WeaponSystem", NodeStyle::WeaponSystem),
        ("Good", NodeStyle::Good),
        ("Facility", NodeStyle::Facility),
        ("Agreement", NodeStyle::Document),
        ("PolicyDocument", NodeStyle::Document),
        ("Policy", NodeStyle::Document),
        ("Event", NodeStyle::Event),
        ("Place", NodeStyle::Place),
        ("Organisation", NodeStyle::Firm),
    ];

    /// The style of a node with these classes: the first that matches in order of precedence, `Other` without a match.
    pub fn of_classes(projection: &Projection, classes: &[ClassId]) -> NodeStyle {
        for (local, style) in Self::BY_CLASS {
            let iri = format!("{}{local}", vocab::AG);
            if classes.iter().any(|c| projection.classes[c.index()].iri == iri) {
                return *style;
            }
        }
        NodeStyle::Other
    }

    /// The name the legend shows.
    pub fn legend_label(self) -> &'static str {
        match self {
            NodeStyle::State => "state",
            NodeStyle::Bloc => "bloc / IGO",
            NodeStyle::Firm => "firm / organisation",
            NodeStyle::FirmGroup => "group of firms",
            NodeStyle::PublicBody => "ministry / agency / party",
            NodeStyle::Military => "military body",
            NodeStyle::Faction => "faction",
            NodeStyle::Group => "group",
            NodeStyle::Person => "person",
            NodeStyle::ThinkTank => "think tank",
            NodeStyle::Media => "media / data source",
            NodeStyle::WeaponSystem => "weapon system",
            NodeStyle::Good => "good",
            NodeStyle::Facility => "facility",
            NodeStyle::Document => "agreement / policy",
            NodeStyle::Event => "event",
            NodeStyle::Place => "place",
            NodeStyle::Sanction => "sanction",
            NodeStyle::Fact => "fact",
            NodeStyle::Other => "other",
        }
    }
}

/// A node as the diagram draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramNode {
    /// Stable identifier: the node's IRI, or a literal's text.
    pub id: String,
    /// Text shown in the node.
    pub label: String,
    /// Shape and colour, from the node's classes.
    pub style: NodeStyle,
    /// Text shown on hover (for a fact: its summary, qualifiers and evidence).
    pub tooltip: String,
    /// A dual-use good, drawn with a heavier outline.
    pub emphasised: bool,
}

/// An edge as the diagram draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramEdge {
    /// Index of the start node in the diagram's `nodes`.
    pub from: usize,
    /// Index of the end node in the diagram's `nodes`.
    pub to: usize,
    /// Text shown on the edge: the relation's label, and for a derived or direct edge up to three facts' amounts and dates.
    pub label: String,
    /// Key of the relation family, which sets the colour (None: no family).
    pub family: Option<String>,
    /// Confidence key of the strongest evidence (None: no evidence recorded).
    pub confidence: Option<String>,
    /// Text shown on hover: the facts behind the edge with their evidence, or the triple drawn.
    pub tooltip: String,
}

/// What a diagram shows, ready for `render::dot`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagram {
    /// The nodes drawn.
    pub nodes: Vec<DiagramNode>,
    /// The edges drawn, in a stable order.
    pub edges: Vec<DiagramEdge>,
    /// (cluster label, node indices).
    pub clusters: Vec<(String, Vec<usize>)>,
}

pub(crate) fn fact_tooltip(projection: &Projection, fact: FactId) -> String {
    let fact = projection.fact(fact);
    let mut lines = vec![fact.summary.clone()];
    if !fact.qualifiers.is_empty() {
        lines.push(fact.qualifiers.join(", "));
    }
    for evidence in &fact.evidence {
        lines.push(format!("{} ({})", evidence.location(), evidence.confidence));
    }
    lines.join("\n")
}
