//! Paths as stories: one row per path, read left to right, one edge per hop carrying every
//! fact behind it (the strongest evidence and the count on its label, all of them in its
//! tooltip and, when asked for, in a numbered footnote).

use super::builder::number_footnotes;
use super::labels::edge_label;
use super::{fact_tooltip, Diagram, DiagramEdge, DiagramFact, DiagramNode, DiagramShape, NodeStyle};
use crate::graph::{FactId, NodeId, Projection};
use crate::search::{FoundPath, HopFilter};

/// The story of `paths`: row i holds path i's nodes (a node on several paths is drawn once per
/// row) and one edge per hop, in path order; the ends of each path are its subject.
pub fn story(projection: &Projection, filter: &HopFilter, paths: &[FoundPath], footnotes: bool) -> Diagram {
    let mut diagram = Diagram { shape: DiagramShape::Paths, ..Diagram::default() };
    for (row, path) in paths.iter().enumerate() {
        let nodes = path.nodes(projection);
        let first = diagram.nodes.len();
        for (i, node) in nodes.iter().enumerate() {
            let ends = i == 0 || i + 1 == nodes.len();
            diagram.nodes.push(story_node(projection, *node, row, ends));
        }
        for (i, hop) in path.hops.iter().enumerate() {
            let edge = projection.edge(hop.edge);
            let relation = projection.relation(edge.relation);
            let facts: Vec<FactId> =
                edge.facts.iter().copied().filter(|f| filter.allows_fact(projection, *f)).collect();
            let best = facts.iter().max_by_key(|f| projection.fact(**f).best_rank);
            diagram.edges.push(DiagramEdge {
                from: first + i,
                to: first + i + 1,
                relation: relation.iri.clone(),
                relation_label: relation.label.clone(),
                label: edge_label(projection, &relation.label, &facts),
                family: projection.family_key(projection.edge_family(edge)).map(str::to_owned),
                confidence: best.and_then(|f| projection.fact(*f).evidence.first().map(|e| e.confidence.clone())),
                tooltip: if facts.is_empty() {
                    "no evidence recorded".to_owned()
                } else {
                    facts.iter().map(|f| fact_tooltip(projection, *f)).collect::<Vec<_>>().join("\n\n")
                },
                facts: facts.iter().map(|f| DiagramFact::of(projection, *f)).collect(),
                backward: !hop.forward,
                footnote: None,
            });
        }
        let hops = path.hops.len();
        let label = format!("Path {} · {hops} hop{}", row + 1, if hops == 1 { "" } else { "s" });
        diagram.clusters.push((label, (first..diagram.nodes.len()).collect()));
    }
    if footnotes {
        number_footnotes(&diagram.nodes, &mut diagram.edges);
    }
    diagram
}

fn story_node(projection: &Projection, id: NodeId, row: usize, ends: bool) -> DiagramNode {
    let node = projection.node(id);
    let style = NodeStyle::of_classes(projection, &node.classes);
    DiagramNode {
        id: format!("path{}:{}", row + 1, node.iri),
        iri: node.iri.clone(),
        label: node.label.clone(),
        style,
        class: projection.class_iri(node.class).to_owned(),
        class_label: projection.class_label(node.class).to_owned(),
        tooltip: match node.fact {
            Some(fact) => fact_tooltip(projection, fact),
            None => format!("{} ({})", node.label, projection.class_label(node.class)),
        },
        emphasised: style == NodeStyle::Good && projection.dual_use.contains(&id),
        focus: ends,
        hidden_links: None,
        fact: node.fact.map(|f| DiagramFact::of(projection, f)),
    }
}
