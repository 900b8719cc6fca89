//! GraphML (Gephi, yEd, networkx, igraph): every node and edge attribute declared with a
//! `<key>` of its type, values as `<data>`; ids `n0`, `e0`... in the diagram's order.

use super::attributes::{edge_values, node_values, Kind, EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
use super::xml::escape;
use crate::views::diagram::Diagram;
use std::io::{self, Write};

fn graphml_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text | Kind::List => "string",
        Kind::Int => "long",
        Kind::Float => "double",
        Kind::Bool => "boolean",
    }
}

/// Writes the diagram as GraphML.
pub fn write(diagram: &Diagram, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (scope, attributes, prefix) in [("node", NODE_ATTRIBUTES, "n_"), ("edge", EDGE_ATTRIBUTES, "e_")] {
        for (name, kind) in attributes {
            writeln!(
                out,
                r#"  <key id="{prefix}{name}" for="{scope}" attr.name="{name}" attr.type="{}"/>"#,
                graphml_type(*kind)
            )?;
        }
    }
    writeln!(out, r#"  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>"#)?;
    writeln!(out, r#"  <graph id="actorgraph" edgedefault="directed">"#)?;
    for index in 0..diagram.nodes.len() {
        writeln!(out, r#"    <node id="n{index}">"#)?;
        for (name, value) in node_values(diagram, index) {
            writeln!(out, r#"      <data key="n_{name}">{}</data>"#, escape(&value.text("; ")))?;
        }
        writeln!(out, "    </node>")?;
    }
    for (index, edge) in diagram.edges.iter().enumerate() {
        writeln!(out, r#"    <edge id="e{index}" source="n{}" target="n{}">"#, edge.from, edge.to)?;
        for (name, value) in edge_values(diagram, index) {
            writeln!(out, r#"      <data key="e_{name}">{}</data>"#, escape(&value.text("; ")))?;
        }
        writeln!(out, r#"      <data key="e_weight">{}</data>"#, edge.facts.len().max(1))?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}
