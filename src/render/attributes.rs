//! The attributes every graph export writes (GraphML, GEXF, Cytoscape.js, CSV), named and typed
//! once: for nodes their IRI, label, class, kind, flags and, for a fact drawn as a node, its
//! summary, confidence, dates, amounts and evidence; for edges their relation, family,
//! confidence, number of facts, period, amounts and evidence.

use crate::views::diagram::{Diagram, DiagramFact, DiagramNode};
use std::collections::BTreeSet;

/// The type of an attribute, as the formats declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A whole number.
    Int,
    /// A number.
    Float,
    /// True or false.
    Bool,
    /// Several texts (joined by each format in its own way).
    List,
}

/// An attribute's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number.
    Float(f64),
    /// True or false.
    Bool(bool),
    /// Several texts.
    List(Vec<String>),
}

impl Value {
    /// The value as text, lists joined with `separator`.
    pub fn text(&self, separator: &str) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(x) => float_text(*x),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items.join(separator),
        }
    }
}

/// A number written without a needless fraction: 1300 -> "1300", 0.5 -> "0.5".
pub fn float_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// Node attributes, in the order the formats declare them.
pub const NODE_ATTRIBUTES: &[(&str, Kind)] = &[
    ("iri", Kind::Text),
    ("label", Kind::Text),
    ("class", Kind::Text),
    ("class_label", Kind::Text),
    ("kind", Kind::Text),
    ("dual_use", Kind::Bool),
    ("focus", Kind::Bool),
    ("hidden_links", Kind::Int),
    ("summary", Kind::Text),
    ("qualifiers", Kind::List),
    ("confidence", Kind::Text),
    ("start", Kind::Text),
    ("end", Kind::Text),
    ("amount", Kind::Text),
    ("quantity", Kind::Float),
    ("unit", Kind::Text),
    ("value", Kind::Float),
    ("currency", Kind::Text),
    ("evidence", Kind::List),
    ("documents", Kind::List),
];

/// Edge attributes, in the order the formats declare them.
pub const EDGE_ATTRIBUTES: &[(&str, Kind)] = &[
    ("relation", Kind::Text),
    ("label", Kind::Text),
    ("family", Kind::Text),
    ("confidence", Kind::Text),
    ("facts", Kind::Int),
    ("summary", Kind::List),
    ("start", Kind::Text),
    ("end", Kind::Text),
    ("amount", Kind::List),
    ("evidence", Kind::List),
    ("documents", Kind::List),
];

/// The attributes of node `index` that have a value, in `NODE_ATTRIBUTES` order.
pub fn node_values(diagram: &Diagram, index: usize) -> Vec<(&'static str, Value)> {
    let node: &DiagramNode = &diagram.nodes[index];
    let text = |s: &str| (!s.is_empty()).then(|| Value::Text(s.to_owned()));
    let mut values: Vec<(&'static str, Option<Value>)> = vec![
        ("iri", text(&node.iri)),
        ("label", Some(Value::Text(node.label.clone()))),
        ("class", text(&node.class)),
        ("class_label", text(&node.class_label)),
        ("kind", Some(Value::Text(node.style.legend_label().to_owned()))),
        ("dual_use", Some(Value::Bool(node.emphasised))),
        ("focus", Some(Value::Bool(node.focus))),
        ("hidden_links", node.hidden_links.map(|h| Value::Int(h as i64))),
    ];
    if let Some(fact) = &node.fact {
        values.extend([
            ("summary", Some(Value::Text(fact.view.summary.clone()))),
            ("qualifiers", list(fact.view.qualifiers.clone())),
            ("confidence", fact.view.confidence.clone().map(Value::Text)),
            ("start", fact.start.clone().map(Value::Text)),
            ("end", fact.end.clone().map(Value::Text)),
            ("amount", fact.amount.text.clone().map(Value::Text)),
            ("quantity", fact.amount.quantity.map(Value::Float)),
            ("unit", fact.amount.unit.clone().map(Value::Text)),
            ("value", fact.amount.value.map(Value::Float)),
            ("currency", fact.amount.currency.clone().map(Value::Text)),
            ("evidence", list(fact.evidence_lines())),
            ("documents", list(documents(std::slice::from_ref(fact)))),
        ]);
    }
    values.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// The attributes of edge `index` that have a value, in `EDGE_ATTRIBUTES` order.
pub fn edge_values(diagram: &Diagram, index: usize) -> Vec<(&'static str, Value)> {
    let edge = &diagram.edges[index];
    let facts = &edge.facts;
    let (start, end) = period(facts);
    let values: Vec<(&'static str, Option<Value>)> = vec![
        ("relation", Some(Value::Text(edge.relation.clone()))),
        ("label", Some(Value::Text(edge.relation_label.clone()))),
        ("family", edge.family.clone().map(Value::Text)),
        ("confidence", edge.confidence.clone().map(Value::Text)),
        ("facts", Some(Value::Int(facts.len() as i64))),
        ("summary", list(facts.iter().map(fact_line).collect())),
        ("start", start.map(Value::Text)),
        ("end", end.map(Value::Text)),
        ("amount", list(facts.iter().filter_map(|f| f.amount.text.clone()).collect())),
        ("evidence", list(facts.iter().flat_map(DiagramFact::evidence_lines).collect())),
        ("documents", list(documents(facts))),
    ];
    values.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// The periods the facts hold, one per dated fact: (start, end), either open.
pub fn spells(facts: &[DiagramFact]) -> Vec<(Option<String>, Option<String>)> {
    if facts.is_empty() || facts.iter().any(|f| f.start.is_none() && f.end.is_none()) {
        // An undated fact holds at any time: the edge is always there.
        return Vec::new();
    }
    let mut spells: Vec<(Option<String>, Option<String>)> =
        facts.iter().map(|f| (f.start.clone(), f.end.clone())).collect();
    spells.sort();
    spells.dedup();
    spells
}

/// "summary (qualifiers)" of a fact.
pub fn fact_line(fact: &DiagramFact) -> String {
    if fact.view.qualifiers.is_empty() {
        fact.view.summary.clone()
    } else {
        format!("{} ({})", fact.view.summary, fact.view.qualifiers.join(", "))
    }
}

fn list(items: Vec<String>) -> Option<Value> {
    (!items.is_empty()).then_some(Value::List(items))
}

/// The documents the facts cite, by file name (the source IRI without one), each once, sorted.
fn documents(facts: &[DiagramFact]) -> Vec<String> {
    let names: BTreeSet<String> = facts
        .iter()
        .flat_map(|f| &f.view.evidence)
        .map(|e| if e.file.is_empty() { e.source.clone() } else { e.file.clone() })
        .collect();
    names.into_iter().collect()
}

/// The earliest start and the latest end of the facts' dates; an open end when one fact has
/// a start and no end.
fn period(facts: &[DiagramFact]) -> (Option<String>, Option<String>) {
    let start = facts.iter().filter_map(|f| f.start.clone()).min();
    let open = facts.iter().any(|f| f.start.is_some() && f.end.is_none());
    let end = if open { None } else { facts.iter().filter_map(|f| f.end.clone()).max() };
    (start, end)
}
