//! Graphviz DOT of a diagram, built with dot-generator's structures and graphviz-rust's
//! printer. Every id and label is quoted and escaped here (the printer escapes nothing), so
//! quotes, backslashes, newlines, angle brackets and any script come out as valid DOT. The DOT
//! names its layout engine and page size, so `dot -Tpng` draws it as intended.

mod look;
mod tables;

pub use look::{confidence_style, family_colour, node_look, wrap, Layout, PageLook, PageSize};

use crate::views::diagram::{Diagram, DiagramShape, NodeStyle};
use dot_generator::{id, stmt};
use dot_structures::{Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// Layout and decoration choices.
#[derive(Debug, Clone, Copy)]
pub struct DotOptions {
    /// The layout engine (None: chosen by the diagram's shape, see `Layout::for_diagram`).
    pub layout: Option<Layout>,
    /// Lay `dot` layouts out from left to right instead of top to bottom (paths always are).
    pub left_to_right: bool,
    /// Add a legend of the node kinds, families and confidence levels drawn.
    pub legend: bool,
    /// The page the picture is made for.
    pub size: PageSize,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions { layout: None, left_to_right: true, legend: true, size: PageSize::A4 }
    }
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

fn html_attribute(key: &str, html: &str) -> Attribute {
    Attribute(id!(key), Id::Html(format!("<{html}>")))
}

fn number(value: f32) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The layout engine a diagram is drawn with under these options.
pub fn layout_of(diagram: &Diagram, options: &DotOptions) -> Layout {
    options
        .layout
        .unwrap_or_else(|| Layout::for_diagram(diagram.shape, diagram.nodes.len(), !diagram.clusters.is_empty()))
}

/// Writes the diagram as DOT.
pub fn write(diagram: &Diagram, options: DotOptions, out: &mut dyn Write) -> io::Result<()> {
    let look = options.size.look();
    let layout = layout_of(diagram, &options);
    let left_to_right = options.left_to_right || diagram.shape == DiagramShape::Paths;
    let mut graph_attributes = vec![
        attribute("layout", layout.name()),
        attribute("fontname", "Helvetica"),
        attribute("fontsize", &number(look.small_font)),
        attribute("size", &format!("{},{}", number(look.inches.0), number(look.inches.1))),
        attribute("pad", "0.2"),
        attribute("outputorder", "edgesfirst"),
    ];
    match layout {
        Layout::Dot => {
            graph_attributes.push(attribute("rankdir", if left_to_right { "LR" } else { "TB" }));
            graph_attributes.push(attribute("nodesep", "0.25"));
            graph_attributes
                .push(attribute("ranksep", if diagram.shape == DiagramShape::Paths { "0.9" } else { "0.5" }));
            graph_attributes.push(attribute("newrank", "true"));
        }
        Layout::Neato | Layout::Fdp | Layout::Sfdp => {
            graph_attributes.push(attribute("overlap", "prism"));
            graph_attributes.push(attribute("overlap_scaling", "-4"));
            graph_attributes.push(attribute("sep", "+16"));
            graph_attributes.push(attribute("splines", "true"));
            if layout == Layout::Neato {
                graph_attributes.push(attribute("mode", "major"));
            }
        }
        Layout::Twopi | Layout::Circo => {
            graph_attributes.push(attribute("overlap", "prism"));
            graph_attributes.push(attribute("splines", "true"));
            graph_attributes.push(attribute("ranksep", "1.6"));
        }
    }
    let footnotes = tables::footnotes(diagram, &look);
    let legend = if diagram.nodes.is_empty() { None } else { tables::legend(diagram, &look, options.legend) };
    if let Some(label) = corner(footnotes, legend) {
        graph_attributes.push(html_attribute("label", &label));
        graph_attributes.push(attribute("labelloc", "b"));
        graph_attributes.push(attribute("labeljust", "r"));
    }
    let mut stmts: Vec<Stmt> = vec![
        stmt!(GraphAttributes::Graph(graph_attributes)),
        stmt!(GraphAttributes::Node(vec![
            attribute("fontname", "Helvetica"),
            attribute("fontsize", &number(look.node_font)),
            attribute("margin", "0.08,0.04"),
        ])),
        stmt!(GraphAttributes::Edge(vec![
            // Spring layouts: edges long enough for their labels.
            attribute("len", "1.9"),
            attribute("fontname", "Helvetica"),
            attribute("fontsize", &number(look.edge_font)),
            attribute("arrowsize", "0.7"),
        ])),
    ];
    let clustered: BTreeSet<usize> = diagram.clusters.iter().flat_map(|(_, members)| members.iter().copied()).collect();
    let mut clusters: Vec<(usize, &(String, Vec<usize>))> = diagram.clusters.iter().enumerate().collect();
    if diagram.shape == DiagramShape::Paths && layout == Layout::Dot {
        // Left to right, dot stacks clusters from the bottom up in the order they come: the
        // last path first puts path 1 on top.
        clusters.reverse();
    }
    for (n, (label, members)) in clusters {
        let mut cluster: Vec<Stmt> = vec![
            stmt!(attribute("label", label)),
            stmt!(attribute("labeljust", "l")),
            stmt!(attribute("fontsize", &number(look.small_font))),
            stmt!(attribute("style", "rounded,dashed")),
            stmt!(attribute("color", "#bdbdbd")),
        ];
        for member in members {
            cluster.push(stmt!(diagram_node(diagram, *member, layout, &look)));
        }
        stmts.push(stmt!(Subgraph { id: quoted(&format!("cluster_{n}")), stmts: cluster }));
    }
    for index in (0..diagram.nodes.len()).filter(|i| !clustered.contains(i)) {
        stmts.push(stmt!(diagram_node(diagram, index, layout, &look)));
    }
    for e in &diagram.edges {
        let (style, width) = confidence_style(e.confidence.as_deref());
        let colour = family_colour(e.family.as_deref());
        let mut attributes = vec![
            attribute("label", &wrap(&e.label, look.wrap + 8)),
            attribute("color", colour),
            attribute("fontcolor", colour),
            attribute("style", style),
            attribute("penwidth", width),
            attribute("tooltip", &e.tooltip),
        ];
        if e.backward {
            attributes.push(attribute("dir", "back"));
        }
        stmts.push(stmt!(arrow(&diagram.nodes[e.from].id, &diagram.nodes[e.to].id, attributes)));
    }
    let graph = Graph::DiGraph { id: quoted("actorgraph"), strict: false, stmts };
    let text = graph.print(&mut PrinterContext::default());
    out.write_all(text.as_bytes())?;
    writeln!(out)
}

/// The footnote table and the legend side by side, for the graph's label in the bottom corner.
fn corner(footnotes: Option<String>, legend: Option<String>) -> Option<String> {
    match (footnotes, legend) {
        (None, None) => None,
        (Some(one), None) | (None, Some(one)) => Some(one),
        (Some(footnotes), Some(legend)) => Some(format!(
            "<TABLE BORDER=\"0\" CELLSPACING=\"8\"><TR><TD VALIGN=\"TOP\" ALIGN=\"LEFT\">{footnotes}</TD>\
             <TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">{}<TR><TD>{legend}</TD></TR></TABLE></TD></TR></TABLE>",
            // Graphviz stretches a nested table to fill its cell, sharing the extra height evenly
            // among the rows beside it: empty rows above the legend take nearly all of it, so the
            // legend keeps its size in the bottom corner beside a taller footnote table.
            "<TR><TD></TD></TR>".repeat(40)
        )),
    }
}

fn diagram_node(diagram: &Diagram, index: usize, layout: Layout, look: &PageLook) -> Node {
    let n = &diagram.nodes[index];
    let (shape, fill, style) = node_look(n.style);
    let mut label = wrap(&n.label, look.wrap);
    if let Some(hidden) = n.hidden_links {
        label.push_str(&format!("\n+{hidden} more"));
    }
    let mut tooltip = n.tooltip.clone();
    if let Some(hidden) = n.hidden_links {
        tooltip.push_str(&format!("\n{hidden} more neighbours not drawn: --expand \"{}\" draws them", n.label));
    }
    let mut attributes = vec![
        attribute("label", &label),
        attribute("shape", shape),
        attribute("style", style),
        attribute("fillcolor", fill),
        attribute("tooltip", &tooltip),
    ];
    if n.style == NodeStyle::Sanction {
        attributes.push(attribute("fontcolor", "#ffffff"));
    }
    if matches!(n.style, NodeStyle::Fact | NodeStyle::Sanction) && !n.focus {
        attributes.push(attribute("fontsize", &number(look.edge_font)));
        attributes.push(attribute("margin", "0.05,0.02"));
    }
    if n.focus {
        attributes.push(attribute("fontsize", &number(look.node_font * 1.4)));
        attributes.push(attribute("penwidth", "3"));
        if diagram.shape == DiagramShape::Neighbourhood {
            match layout {
                Layout::Neato | Layout::Fdp => {
                    attributes.push(attribute("pos", "0,0!"));
                    attributes.push(attribute("pin", "true"));
                }
                Layout::Twopi => attributes.push(attribute("root", "true")),
                _ => {}
            }
        }
    } else if n.emphasised {
        attributes.push(attribute("penwidth", "2.5"));
    }
    if n.hidden_links.is_some() {
        attributes.push(attribute("color", "#525252"));
        attributes.push(attribute("peripheries", "2"));
    }
    Node::new(NodeId(quoted(&n.id), None), attributes)
}

fn arrow(from: &str, to: &str, attributes: Vec<Attribute>) -> Edge {
    Edge { ty: EdgeTy::Pair(Vertex::N(NodeId(quoted(from), None)), Vertex::N(NodeId(quoted(to), None))), attributes }
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
