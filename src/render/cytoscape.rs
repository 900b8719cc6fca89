//! Cytoscape.js JSON (Cytoscape desktop and web): `elements.nodes` and `elements.edges`, each
//! with a `data` object holding the same attributes as the other exports (`name` is the label
//! Cytoscape shows). Numbers and flags stay JSON numbers and booleans; lists are arrays.

use super::attributes::{edge_values, node_values, Value};
use crate::views::diagram::Diagram;
use serde_json::{json, Map, Value as Json};
use std::io::{self, Write};

fn to_json(value: Value) -> Json {
    match value {
        Value::Text(text) => Json::String(text),
        Value::Int(n) => json!(n),
        Value::Float(x) => json!(x),
        Value::Bool(b) => Json::Bool(b),
        Value::List(items) => json!(items),
    }
}

/// Writes the diagram as Cytoscape.js JSON.
pub fn write(diagram: &Diagram, out: &mut dyn Write) -> io::Result<()> {
    let nodes: Vec<Json> = (0..diagram.nodes.len())
        .map(|index| {
            let mut data = Map::new();
            let id = format!("n{index}");
            data.insert("id".into(), json!(id));
            // networkx's cytoscape reader keys nodes on `value`.
            data.insert("value".into(), json!(id));
            data.insert("name".into(), json!(diagram.nodes[index].label));
            for (name, value) in node_values(diagram, index) {
                data.insert(name.into(), to_json(value));
            }
            json!({ "data": data })
        })
        .collect();
    let edges: Vec<Json> = diagram
        .edges
        .iter()
        .enumerate()
        .map(|(index, edge)| {
            let mut data = Map::new();
            data.insert("id".into(), json!(format!("e{index}")));
            data.insert("source".into(), json!(format!("n{}", edge.from)));
            data.insert("target".into(), json!(format!("n{}", edge.to)));
            // Keeps parallel edges apart in readers that build multigraphs.
            data.insert("key".into(), json!(index));
            data.insert("interaction".into(), json!(edge.relation_label));
            for (name, value) in edge_values(diagram, index) {
                data.insert(name.into(), to_json(value));
            }
            json!({ "data": data })
        })
        .collect();
    let document = json!({
        "format_version": "1.0",
        "generated_by": format!("actorgraph {}", env!("CARGO_PKG_VERSION")),
        "target_cytoscapejs_version": "~3",
        "data": { "name": "actorgraph" },
        "directed": true,
        "multigraph": true,
        "elements": { "nodes": nodes, "edges": edges },
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
