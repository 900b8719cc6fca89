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

#[test]
fn a_story_draws_each_path_in_its_own_row_with_one_edge_per_hop() {
    use crate::graph::testing::node as fixture_node;
    use crate::search::{Goal, PathGraph, Search};
    let projection = projection_with(PATHS_FIXTURE);
    let filter = HopFilter::default();
    let graph = PathGraph::new(&projection);
    let (alpha, delta) = (fixture_node(&projection, "alpha"), fixture_node(&projection, "delta"));
    let paths = Search::new(&graph, &filter).k_shortest(&[alpha], &Goal::Node(delta), 3, 6);
    assert_eq!(paths.len(), 3);
    let story = super::story(&projection, &filter, &paths, true);
    assert_eq!(story.shape, super::DiagramShape::Paths);
    assert_eq!(story.edges.len(), paths.iter().map(|p| p.hops.len()).sum::<usize>());
    assert_eq!(story.clusters.len(), 3);
    for ((label, members), path) in story.clusters.iter().zip(&paths) {
        assert!(label.ends_with(&format!("{} hop{}", path.hops.len(), if path.hops.len() == 1 { "" } else { "s" })));
        assert_eq!(members.len(), path.hops.len() + 1);
        // The ends of each row are its subject; ids are unique per row.
        assert!(story.nodes[members[0]].focus && story.nodes[*members.last().unwrap()].focus);
        assert_eq!(story.nodes[members[0]].iri, format!("{EX}alpha"));
    }
    let ids: std::collections::BTreeSet<&str> = story.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), story.nodes.len());
    // The one-hop path is a statement by Delta about Alpha, taken against its direction.
    let statement = story.edges.iter().find(|e| e.family.as_deref() == Some("statement")).expect("a statement hop");
    assert!(statement.backward && statement.label.starts_with("made a statement about"), "{}", statement.label);
    // Footnotes number every hop with facts, the same hop on two rows once.
    let numbers: std::collections::BTreeSet<usize> = story.edges.iter().filter_map(|e| e.footnote).collect();
    assert_eq!(numbers.len(), story.footnotes().len());
    assert!(story.edges.iter().all(|e| e.footnote.is_some() != e.facts.is_empty()));
}

#[test]
fn hubs_are_shown_with_the_number_of_neighbours_left_out() {
    let projection = projection_with(PATHS_FIXTURE);
    let filter = HopFilter::default();
    let alpha = node(&projection, "alpha");
    let beta_edge = projection
        .edges_with_ids()
        .find(|(_, e)| e.from == alpha && e.to == node(&projection, "beta"))
        .map(|(id, _)| id)
        .expect("alpha-beta");
    let degree = crate::search::Degrees::new(&projection, &filter).of(alpha);
    let mut builder =
        DiagramBuilder::new(&projection, &filter, DiagramOptions { collapse: true, ..Default::default() });
    builder.add_focus(node(&projection, "beta"));
    builder.add_hub(alpha, degree);
    builder.add_edge(beta_edge);
    let diagram = builder.build();
    let drawn = diagram.nodes.iter().find(|n| n.iri == format!("{EX}alpha")).expect("alpha");
    // Alpha's neighbours drawn: Beta, and the widget the same flow carries.
    let shown = diagram.nodes.iter().filter(|n| n.iri != drawn.iri).count();
    assert_eq!(drawn.hidden_links, Some(degree - shown));
    assert_eq!(diagram.unexpanded_hubs(), [("Alpha", degree - shown)]);
    assert!(diagram.nodes.iter().find(|n| n.iri == format!("{EX}beta")).unwrap().focus);
}

#[test]
fn collapsed_edges_count_their_facts_and_say_the_strongest_evidence() {
    let projection = projection_with(PATHS_FIXTURE);
    let filter = HopFilter::default();
    let mut builder =
        DiagramBuilder::new(&projection, &filter, DiagramOptions { collapse: true, ..Default::default() });
    for (id, _) in projection.edges_with_ids() {
        builder.add_edge(id);
    }
    let diagram = builder.build();
    let sanction = diagram.edges.iter().find(|e| e.relation_label == "sanctioned").expect("the sanction edge");
    assert_eq!(sanction.label, "sanctioned\n2024-05 · reported");
    assert_eq!(sanction.facts.len(), 1);
    assert_eq!(sanction.facts[0].start.as_deref(), Some("2024-05-01"));
    // A designation holds from its date until a source says it was lifted.
    assert_eq!(sanction.facts[0].end, None);
    let supply = diagram.edges.iter().find(|e| e.relation_label == "supplied").expect("the supply edge");
    assert_eq!(supply.facts[0].amount.quantity, Some(12.0));
    assert_eq!(supply.facts[0].amount.text.as_deref(), Some("12 t"));
    assert_eq!(supply.facts[0].evidence_lines(), ["fixture.txt:1 (documented)"]);
}
