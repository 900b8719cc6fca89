//! Diagrams of query results: (subject, relation, object) triples, styled from the projection
//! where their nodes are known.

use super::{Diagram, DiagramEdge, DiagramFact, DiagramNode, NodeStyle};
use crate::graph::Projection;
use crate::rdf::vocab;
use std::collections::{BTreeMap, BTreeSet};

/// A diagram of query results: (subject, relation, object) triples, styled from the projection
/// where their nodes are known.
pub fn from_triples(projection: &Projection, triples: &[(String, String, String)]) -> Diagram {
    let mut diagram = Diagram::default();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids: BTreeSet<&String> = BTreeSet::new();
    for (s, _, o) in triples {
        ids.insert(s);
        ids.insert(o);
    }
    for id in ids {
        let node = match projection.node_by_iri(id) {
            Some(known) => {
                let node = projection.node(known);
                DiagramNode {
                    id: id.clone(),
                    iri: id.clone(),
                    label: node.label.clone(),
                    style: NodeStyle::of_classes(projection, &node.classes),
                    class: projection.class_iri(node.class).to_owned(),
                    class_label: projection.class_label(node.class).to_owned(),
                    tooltip: format!("{} ({})", node.label, projection.class_label(node.class)),
                    emphasised: projection.dual_use.contains(&known),
                    focus: false,
                    hidden_links: None,
                    fact: node.fact.map(|f| DiagramFact::of(projection, f)),
                }
            }
            None => DiagramNode {
                id: id.clone(),
                iri: id.clone(),
                label: vocab::compact_iri(id).unwrap_or_else(|| id.clone()),
                style: NodeStyle::Other,
                class: String::new(),
                class_label: String::new(),
                tooltip: id.clone(),
                emphasised: false,
                focus: false,
                hidden_links: None,
                fact: None,
            },
        };
        index.insert(id.clone(), diagram.nodes.len());
        diagram.nodes.push(node);
    }
    let mut seen = BTreeSet::new();
    for (s, p, o) in triples {
        let relation = projection.relations.iter().find(|r| r.iri == *p);
        let label =
            relation.map(|r| r.label.clone()).unwrap_or_else(|| vocab::compact_iri(p).unwrap_or_else(|| p.clone()));
        let family = relation.and_then(|r| projection.family_key(r.family)).map(str::to_owned);
        if seen.insert((index[s], index[o], label.clone())) {
            diagram.edges.push(DiagramEdge {
                from: index[s],
                to: index[o],
                relation: p.clone(),
                relation_label: label.clone(),
                label,
                family,
                confidence: None,
                facts: Vec::new(),
                backward: false,
                footnote: None,
                tooltip: format!(
                    "{} {} {}",
                    vocab::compact_iri(s).unwrap_or_else(|| s.clone()),
                    vocab::compact_iri(p).unwrap_or_else(|| p.clone()),
                    vocab::compact_iri(o).unwrap_or_else(|| o.clone())
                ),
            });
        }
    }
    diagram
}
