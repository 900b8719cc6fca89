//! GEXF 1.3 (Gephi): a dynamic graph whose facts carry their validity as time intervals
//! (`<spells>`, dates as YYYY-MM-DD), so Gephi's timeline plays the graph over the years; every
//! attribute declared with its type; nodes coloured as in the diagrams.

use super::attributes::{edge_values, node_values, spells, Kind, EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
use super::dot::node_look;
use super::xml::escape;
use crate::views::diagram::Diagram;
use std::io::{self, Write};

fn gexf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text | Kind::List => "string",
        Kind::Int => "long",
        Kind::Float => "double",
        Kind::Bool => "boolean",
    }
}

/// Writes the diagram as GEXF 1.3.
pub fn write(diagram: &Diagram, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(out, "    <creator>actorgraph {}</creator>", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "    <description>Actors, facts and the evidence behind them</description>")?;
    writeln!(out, "  </meta>")?;
    writeln!(
        out,
        r#"  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">"#
    )?;
    for (scope, attributes) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        writeln!(out, r#"    <attributes class="{scope}" mode="static">"#)?;
        for (name, kind) in attributes {
            writeln!(out, r#"      <attribute id="{name}" title="{name}" type="{}"/>"#, gexf_type(*kind))?;
        }
        writeln!(out, "    </attributes>")?;
    }
    writeln!(out, "    <nodes>")?;
    for (index, node) in diagram.nodes.iter().enumerate() {
        writeln!(out, r#"      <node id="n{index}" label="{}">"#, escape(&node.label))?;
        write_values(out, &node_values(diagram, index))?;
        if let Some(fact) = &node.fact {
            write_spells(out, &spells(std::slice::from_ref(fact)))?;
        }
        let (_, fill, _) = node_look(node.style);
        let (r, g, b) = rgb(fill);
        writeln!(out, r#"        <viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (index, edge) in diagram.edges.iter().enumerate() {
        writeln!(
            out,
            r#"      <edge id="e{index}" source="n{}" target="n{}" label="{}" weight="{}">"#,
            edge.from,
            edge.to,
            escape(&edge.relation_label),
            edge.facts.len().max(1)
        )?;
        write_values(out, &edge_values(diagram, index))?;
        write_spells(out, &spells(&edge.facts))?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")
}

fn write_values(out: &mut dyn Write, values: &[(&str, super::attributes::Value)]) -> io::Result<()> {
    writeln!(out, "        <attvalues>")?;
    for (name, value) in values {
        writeln!(out, r#"          <attvalue for="{name}" value="{}"/>"#, escape(&value.text("; ")))?;
    }
    writeln!(out, "        </attvalues>")
}

fn write_spells(out: &mut dyn Write, spells: &[(Option<String>, Option<String>)]) -> io::Result<()> {
    if spells.is_empty() {
        return Ok(());
    }
    writeln!(out, "        <spells>")?;
    for (start, end) in spells {
        let start = start.as_ref().map(|s| format!(r#" start="{s}""#)).unwrap_or_default();
        let end = end.as_ref().map(|e| format!(r#" end="{e}""#)).unwrap_or_default();
        writeln!(out, "          <spell{start}{end}/>")?;
    }
    writeln!(out, "        </spells>")
}

/// "#9ecae1" as (158, 202, 225).
fn rgb(hex: &str) -> (u8, u8, u8) {
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    (channel(1), channel(3), channel(5))
}
