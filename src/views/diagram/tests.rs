//! Unit tests of diagram building: styles by class, facts as nodes or collapsed edges,
//! confidence and family on edges, evidence in tooltips, deterministic order.

use super::{DiagramBuilder, DiagramOptions, NodeStyle};
use crate::graph::testing::{node, projection_with, EX, PATHS_FIXTURE};
use crate::search::HopFilter;

#[test]
fn nodes_are_styled_by_their_most_telling_class() {
    let projection = projection_with(PATHS_FIXTURE);
    let style = |local: &str| NodeStyle::of_classes(&projection, &projection.node(node(&projection, local)).classes);
    assert_eq!(style("alpha"), NodeStyle::State);
    assert_eq!(style("beta"), NodeStyle::Firm);
    assert_eq!(style("epsilon"), NodeStyle::FirmGroup);
    assert_eq!(style("gamma"), NodeStyle::Faction);
    assert_eq!(style("delta"), NodeStyle::Person);
    assert_eq!(style("widget"), NodeStyle::Good);
    assert_eq!(style("f7"), NodeStyle::Sanction);
    assert_eq!(style("f1"), NodeStyle::Fact);
}

#[test]
fn facts_are_nodes_unless_collapsed_into_labelled_edges() {
    let projection = projection_with(PATHS_FIXTURE);
    let filter = HopFilter::default();
    let supply = projection
        .edges_with_ids()
        .find(|(_, e)| e.from == node(&projection, "alpha") && e.to == node(&projection, "beta"))
        .map(|(id, _)| id)
        .expect("the alpha-beta supply edge");
    let mut plain = DiagramBuilder::new(&projection, &filter, DiagramOptions::default());
    plain.add_edge(supply);
    let plain = plain.build();
    assert!(plain.nodes.iter().any(|n| n.id == format!("{EX}f1") && n.style == NodeStyle::Fact));
    // The fact's good is drawn too, emphasised as dual-use.
    assert!(plain.nodes.iter().any(|n| n.id == format!("{EX}widget") && n.emphasised));
    let mut collapsed =
        DiagramBuilder::new(&projection, &filter, DiagramOptions { collapse: true, ..Default::default() });
    collapsed.add_edge(supply);
    let collapsed = collapsed.build();
    assert!(collapsed.nodes.iter().all(|n| n.style != NodeStyle::Fact));
    let edge = collapsed.edges.iter().find(|e| e.family.as_deref() == Some("supply")).expect("a supply edge");
    assert!(edge.label.contains("12 t") && edge.label.contains("2020"), "{}", edge.label);
    assert_eq!(edge.confidence.as_deref(), Some("documented"));
    assert!(edge.tooltip.contains("fixture.txt:1 (documented)"), "{}", edge.tooltip);
}

#[test]
fn the_same_request_draws_the_same_diagram() {
    let projection = projection_with(PATHS_FIXTURE);
    let filter = HopFilter::default();
    let draw = || {
        let mut builder = DiagramBuilder::new(&projection, &filter, DiagramOptions::default());
        for (id, _) in projection.edges_with_ids() {
            builder.add_edge(id);
        }
        builder.build()
    };
    assert_eq!(draw(), draw());
}
