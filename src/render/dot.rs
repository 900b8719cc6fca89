//! Graphviz DOT of a diagram, built with dot-generator's structures and graphviz-rust's
//! printer. Every id and label is quoted and escaped here (the printer escapes nothing), so
//! quotes, backslashes, newlines, angle brackets and any script come out as valid DOT.

use crate::views::diagram::{Diagram, NodeStyle};
use dot_generator::{id, stmt};
use dot_structures::{Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// Layout and decoration choices.
#[derive(Debug, Clone, Copy)]
pub struct DotOptions {
    /// Lay the graph out from left to right instead of top to bottom.
    pub left_to_right: bool,
    /// Add a legend of the node kinds, families and confidence levels drawn.
    pub legend: bool,
}

/// A quoted DOT id with `\`, `"` and line breaks escaped.
pub fn quoted(text: &str) -> Id {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            other => escaped.push(other),
        }
    }
    id!(esc escaped)
}

fn attribute(key: &str, value: &str) -> Attribute {
    Attribute(id!(key), quoted(value))
}

/// Shape and fill colour of a node style.
pub fn node_look(style: NodeStyle) -> (&'static str, &'static str, &'static str) {
    // (shape, fill colour, extra style)
    match style {
        NodeStyle::State => ("doubleoctagon", "#9ecae1", "filled"),
        NodeStyle::Bloc => ("hexagon", "#c6dbef", "filled"),
        NodeStyle::Firm => ("box", "#fdd0a2", "filled"),
        NodeStyle::FirmGroup => ("box", "#fdd0a2", "filled,dashed"),
        NodeStyle::PublicBody => ("house", "#d9d9d9", "filled"),
        NodeStyle::Military => ("house", "#a1a1a1", "filled"),
        NodeStyle::Faction => ("ellipse", "#fcbba1", "filled,dashed"),
        NodeStyle::Group => ("ellipse", "#fee0d2", "filled,dashed"),
        NodeStyle::Person => ("ellipse", "#c7e9c0", "filled"),
        NodeStyle::ThinkTank => ("tab", "#dadaeb", "filled"),
        NodeStyle::Media => ("note", "#efedf5", "filled"),
        NodeStyle::WeaponSystem => ("octagon", "#fc9272", "filled"),
        NodeStyle::Good => ("component", "#fff7bc", "filled"),
        NodeStyle::Facility => ("cylinder", "#bcbddc", "filled"),
        NodeStyle::Document => ("folder", "#f0f0f0", "filled"),
        NodeStyle::Event => ("cds", "#fdae6b", "filled"),
        NodeStyle::Place => ("oval", "#f7f7f7", "filled"),
        NodeStyle::Sanction => ("octagon", "#cb181d", "filled"),
        NodeStyle::Fact => ("box", "#ffffff", "filled,rounded"),
        NodeStyle::Other => ("ellipse", "#ffffff", "filled"),
    }
}

/// Colour of a relation family's edges.
pub fn family_colour(family: Option<&str>) -> &'static str {
    match family {
        Some("supply") => "#2171b5",
        Some("transit") => "#41b6c4",
        Some("sanction") => "#cb181d",
        Some("influence") => "#6a51a3",
        Some("support") => "#238b45",
        Some("membership") => "#737373",
        Some("production") => "#8c510a",
        Some("statement") => "#e7298a",
        Some("location") => "#b0b0b0",
        Some("diplomacy") => "#1b9e77",
        Some("event") => "#d95f02",
        _ => "#000000",
    }
}

/// Line style for a confidence level: solid for documented and reported, lighter for an
/// analyst's assessment, dashed for an official claim, dotted for what is only alleged.
pub fn confidence_style(confidence: Option<&str>) -> (&'static str, &'static str) {
    // (style, pen width)
    match confidence {
        Some("documented") => ("solid", "2"),
        Some("reported") => ("solid", "1.2"),
        Some("assessed") => ("solid", "0.8"),
        Some("claimed") => ("dashed", "1"),
        Some("alleged") => ("dotted", "1"),
        _ => ("dashed", "0.6"),
    }
}

/// Writes the diagram as DOT.
pub fn write(diagram: &Diagram, options: DotOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut stmts: Vec<Stmt> = vec![
        stmt!(GraphAttributes::Graph(vec![
            attribute("rankdir", if options.left_to_right { "LR" } else { "TB" }),
            attribute("fontname", "Helvetica"),
            attribute("fontsize", "11"),
            attribute("nodesep", "0.3"),
            attribute("ranksep", "0.5"),
        ])),
        stmt!(GraphAttributes::Node(vec![attribute("fontname", "Helvetica"), attribute("fontsize", "10")])),
        stmt!(GraphAttributes::Edge(vec![attribute("fontname", "Helvetica"), attribute("fontsize", "8")])),
    ];
    let clustered: BTreeSet<usize> = diagram.clusters.iter().flat_map(|(_, members)| members.iter().copied()).collect();
    for (n, (label, members)) in diagram.clusters.iter().enumerate() {
        let mut cluster: Vec<Stmt> = vec![
            stmt!(attribute("label", label)),
            stmt!(attribute("style", "rounded,dashed")),
            stmt!(attribute("color", "#9e9e9e")),
        ];
        for member in members {
            cluster.push(stmt!(diagram_node(diagram, *member)));
        }
        stmts.push(stmt!(Subgraph { id: quoted(&format!("cluster_{n}")), stmts: cluster }));
    }
    for index in (0..diagram.nodes.len()).filter(|i| !clustered.contains(i)) {
        stmts.push(stmt!(diagram_node(diagram, index)));
    }
    for e in &diagram.edges {
        let (style, width) = confidence_style(e.confidence.as_deref());
        let colour = family_colour(e.family.as_deref());
        let attributes = vec![
            attribute("label", &e.label),
            attribute("color", colour),
            attribute("fontcolor", colour),
            attribute("style", style),
            attribute("penwidth", width),
            attribute("tooltip", &e.tooltip),
        ];
        stmts.push(stmt!(arrow(&diagram.nodes[e.from].id, &diagram.nodes[e.to].id, attributes)));
    }
    if options.legend && !diagram.nodes.is_empty() {
        stmts.push(stmt!(legend(diagram)));
    }
    let graph = Graph::DiGraph { id: quoted("actorgraph"), strict: false, stmts };
    let text = graph.print(&mut PrinterContext::default());
    out.write_all(text.as_bytes())?;
    writeln!(out)
}

fn diagram_node(diagram: &Diagram, index: usize) -> Node {
    let n = &diagram.nodes[index];
    let (shape, fill, style) = node_look(n.style);
    let mut attributes = vec![
        attribute("label", &n.label),
        attribute("shape", shape),
        attribute("style", style),
        attribute("fillcolor", fill),
        attribute("tooltip", &n.tooltip),
    ];
    if n.style == NodeStyle::Sanction {
        attributes.push(attribute("fontcolor", "#ffffff"));
    }
    if matches!(n.style, NodeStyle::Fact | NodeStyle::Sanction) {
        attributes.push(attribute("fontsize", "8"));
        attributes.push(attribute("margin", "0.05,0.02"));
    }
    if n.emphasised {
        attributes.push(attribute("penwidth", "2.5"));
    }
    Node::new(NodeId(quoted(&n.id), None), attributes)
}

fn arrow(from: &str, to: &str, attributes: Vec<Attribute>) -> Edge {
    Edge { ty: EdgeTy::Pair(Vertex::N(NodeId(quoted(from), None)), Vertex::N(NodeId(quoted(to), None))), attributes }
}

/// A box listing the node kinds and edge families the diagram uses.
fn legend(diagram: &Diagram) -> Subgraph {
    let styles: BTreeSet<NodeStyle> = diagram.nodes.iter().map(|n| n.style).collect();
    let families: BTreeSet<Option<String>> = diagram.edges.iter().map(|e| e.family.clone()).collect();
    let confidences: BTreeSet<Option<String>> = diagram.edges.iter().map(|e| e.confidence.clone()).collect();
    let mut stmts: Vec<Stmt> = vec![
        stmt!(attribute("label", "Legend")),
        stmt!(attribute("style", "rounded")),
        stmt!(attribute("color", "#636363")),
        stmt!(GraphAttributes::Node(vec![attribute("fontsize", "9")])),
    ];
    // Node kinds in rows of four, chained by invisible edges so they lie across the layout.
    let names: Vec<String> = styles.iter().map(|s| format!("legend:node:{}", s.legend_label())).collect();
    for (style, name) in styles.iter().zip(&names) {
        let (shape, fill, node_style) = node_look(*style);
        stmts.push(stmt!(Node::new(
            NodeId(quoted(name), None),
            vec![
                attribute("label", style.legend_label()),
                attribute("shape", shape),
                attribute("style", node_style),
                attribute("fillcolor", fill),
            ]
        )));
    }
    for row in names.chunks(4) {
        for pair in row.windows(2) {
            stmts.push(stmt!(arrow(&pair[0], &pair[1], vec![attribute("style", "invis")])));
        }
    }
    for (i, family) in families.iter().enumerate() {
        let name = family.clone().unwrap_or_else(|| "other".to_owned());
        let (a, b) = (format!("legend:family:{i}:a"), format!("legend:family:{i}:b"));
        for point in [&a, &b] {
            stmts.push(stmt!(Node::new(
                NodeId(quoted(point), None),
                vec![attribute("shape", "point"), attribute("width", "0.05")]
            )));
        }
        let colour = family_colour(family.as_deref());
        let attributes = vec![attribute("label", &name), attribute("color", colour), attribute("fontcolor", colour)];
        stmts.push(stmt!(arrow(&a, &b, attributes)));
    }
    for (i, confidence) in confidences.iter().enumerate() {
        let name = confidence.clone().unwrap_or_else(|| "no evidence".to_owned());
        let (a, b) = (format!("legend:confidence:{i}:a"), format!("legend:confidence:{i}:b"));
        for point in [&a, &b] {
            stmts.push(stmt!(Node::new(
                NodeId(quoted(point), None),
                vec![attribute("shape", "point"), attribute("width", "0.05")]
            )));
        }
        let (style, width) = confidence_style(confidence.as_deref());
        let attributes = vec![attribute("label", &name), attribute("style", style), attribute("penwidth", width)];
        stmts.push(stmt!(arrow(&a, &b, attributes)));
    }
    Subgraph { id: quoted("cluster_legend"), stmts }
}

/// DOT escaping: any text, as an id or a label, gives DOT that parses and reads back as the
/// same text (carriage returns aside, which Graphviz has no use for).
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn unescape(quoted: &str) -> String {
        let inner = &quoted[1..quoted.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn any_label_round_trips_through_dot(text in any::<String>()) {
            let label = attribute("label", &text);
            let node = Node::new(NodeId(quoted(&text), None), vec![label]);
            let graph = Graph::DiGraph { id: quoted("g"), strict: false, stmts: vec![stmt!(node)] };
            let dot = graph.print(&mut PrinterContext::default());
            let parsed = graphviz_rust::parse(&dot);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), dot);
            let Ok(Graph::DiGraph { stmts, .. }) = parsed else { unreachable!() };
            let Some(Stmt::Node(node)) = stmts.into_iter().find(|s| matches!(s, Stmt::Node(_))) else {
                return Err(TestCaseError::fail("no node in the parsed DOT"));
            };
            let Id::Escaped(id) = &node.id.0 else { return Err(TestCaseError::fail("the id is not quoted")) };
            prop_assert_eq!(unescape(id), text.replace('\r', ""));
        }
    }
}
