//! What a diagram shows, computed from the projection (whole graph, neighbourhood, paths) or
//! from query results: nodes with a style by class, edges with a family and a confidence,
//! facts either as their own small nodes or collapsed into labelled edges, the subject marked,
//! hubs shown but not gone through, optional clusters by country, and paths as stories (one
//! row per path, one edge per hop). `render::dot` turns it into Graphviz DOT; the graph export
//! renderers (GraphML, GEXF, Cytoscape.js, CSV) write the same data with every attribute.

mod builder;
mod labels;
mod story;
#[cfg(test)]
mod tests;
mod triples;

pub use builder::{DiagramBuilder, DiagramOptions};
pub use story::story;
pub use triples::from_triples;

use crate::graph::{Amount, ClassId, FactId, Projection};
use crate::rdf::dates::civil_from_days;
use crate::rdf::vocab;
use crate::views::hops::{fact_view, FactView};

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

/// What kind of picture a diagram is, which decides its default Graphviz layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DiagramShape {
    /// A graph without a subject: the whole store, or a query result.
    #[default]
    Graph,
    /// The neighbourhood of one node, the subject in the middle.
    Neighbourhood,
    /// Paths as stories: one row per path, left to right.
    Paths,
}

/// A fact behind an edge or drawn as a node, with everything the exports write about it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramFact {
    /// The fact as reports show it: IRI, class, summary, qualifiers, confidence, evidence.
    pub view: FactView,
    /// Label of the fact's class ("supply flow").
    pub class_label: String,
    /// First day the fact holds (YYYY-MM-DD), when the data dates it.
    pub start: Option<String>,
    /// Last day the fact holds (YYYY-MM-DD), when the data dates it.
    pub end: Option<String>,
    /// The amount the fact states.
    pub amount: Amount,
}

impl DiagramFact {
    /// The fact `id` with its evidence, dates and amount.
    pub fn of(projection: &Projection, id: FactId) -> Self {
        let fact = projection.fact(id);
        let day = |d: i64| {
            let (y, m, d) = civil_from_days(d);
            format!("{y:04}-{m:02}-{d:02}")
        };
        DiagramFact {
            view: fact_view(projection, id),
            class_label: projection.class_label(fact.class).to_owned(),
            start: fact.validity.from.map(day),
            end: fact.validity.until.map(day),
            amount: fact.amount.clone(),
        }
    }

    /// "002_c95ef05383f2dd26.txt:8 (documented)" for each piece of evidence.
    pub fn evidence_lines(&self) -> Vec<String> {
        self.view.evidence.iter().map(|e| format!("{} ({})", e.location(), e.confidence)).collect()
    }
}

/// A node as the diagram draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramNode {
    /// Identifier, unique in the diagram: the node's IRI (or a literal's text); in a story,
    /// prefixed with its row (`path2:` + IRI), since a node may appear in several rows.
    pub id: String,
    /// The node's IRI, or a literal's text.
    pub iri: String,
    /// Text shown in the node.
    pub label: String,
    /// Shape and colour, from the node's classes.
    pub style: NodeStyle,
    /// IRI of the node's most specific class ("" when unknown).
    pub class: String,
    /// Label of the node's most specific class ("" when unknown).
    pub class_label: String,
    /// Text shown on hover (for a fact: its summary, qualifiers and evidence).
    pub tooltip: String,
    /// A dual-use good, drawn with a heavier outline.
    pub emphasised: bool,
    /// The subject of the diagram (the focus node, the ends of a path), drawn larger.
    pub focus: bool,
    /// For a hub shown but not gone through: how many of its neighbours are not drawn.
    pub hidden_links: Option<usize>,
    /// The fact this node stands for, when facts are drawn as nodes.
    pub fact: Option<DiagramFact>,
}

/// An edge as the diagram draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramEdge {
    /// Index of the start node in the diagram's `nodes`.
    pub from: usize,
    /// Index of the end node in the diagram's `nodes`.
    pub to: usize,
    /// IRI of the relation (the property) the edge stands for.
    pub relation: String,
    /// The relation's wording from its subject to its object ("supplied").
    pub relation_label: String,
    /// Text shown on the edge: the relation's label, then one fact's amount and date or the
    /// number of facts and their period, the strongest confidence, and the footnote number.
    pub label: String,
    /// Key of the relation family, which sets the colour (None: no family).
    pub family: Option<String>,
    /// Confidence key of the strongest evidence (None: no evidence recorded).
    pub confidence: Option<String>,
    /// Text shown on hover: the facts behind the edge with their evidence, or the triple drawn.
    pub tooltip: String,
    /// The facts behind the edge that pass the filter, strongest first (none for a fact's
    /// role edge, a directly asserted relation or a query triple).
    pub facts: Vec<DiagramFact>,
    /// The relation points from `to` to `from`: a path's hop taken against the relation's
    /// direction, laid out along the path and drawn with the arrowhead at `from`.
    pub backward: bool,
    /// Number of the edge's entry in the footnote table, when footnotes are asked for.
    pub footnote: Option<usize>,
}

/// What a diagram shows, ready for `render::dot` and the graph exports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagram {
    /// What kind of picture this is.
    pub shape: DiagramShape,
    /// The nodes drawn.
    pub nodes: Vec<DiagramNode>,
    /// The edges drawn, in a stable order (path order in a story).
    pub edges: Vec<DiagramEdge>,
    /// (cluster label, node indices): countries, or the rows of a story.
    pub clusters: Vec<(String, Vec<usize>)>,
}

impl Diagram {
    /// The hubs shown but not gone through, with the number of neighbours left out, by label.
    pub fn unexpanded_hubs(&self) -> Vec<(&str, usize)> {
        let mut hubs: Vec<(&str, usize)> =
            self.nodes.iter().filter_map(|n| n.hidden_links.map(|h| (n.label.as_str(), h))).collect();
        hubs.sort();
        hubs
    }

    /// The edges that have a footnote, in footnote order, one per number.
    pub fn footnotes(&self) -> Vec<&DiagramEdge> {
        let mut edges: Vec<&DiagramEdge> = self.edges.iter().filter(|e| e.footnote.is_some()).collect();
        edges.sort_by_key(|e| e.footnote);
        edges.dedup_by_key(|e| e.footnote);
        edges
    }
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
