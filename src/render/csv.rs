//! CSV node and edge lists in the layout Kumu and Maltego's tabular import read: the node list
//! starts `ID, Label, Type` (Kumu's element sheet), the edge list `ID, From, To, Type, Label,
//! Direction` (Kumu's connection sheet, From and To naming node IDs) and repeats each end's
//! label and type (`From label`...) for Maltego, which maps one column to each entity. Lists
//! are joined with `|`, Kumu's separator for several values in one cell.

use super::attributes::{edge_values, node_values, Value};
use crate::views::diagram::Diagram;
use std::io::{self, Write};

/// Columns of the node list.
pub const NODE_COLUMNS: &[&str] = &[
    "ID",
    "Label",
    "Type",
    "Description",
    "Tags",
    "Class",
    "Kind",
    "Confidence",
    "Start",
    "End",
    "Amount",
    "Quantity",
    "Unit",
    "Value",
    "Currency",
    "Evidence",
    "Documents",
    "Hidden links",
];

/// Columns of the edge list.
pub const EDGE_COLUMNS: &[&str] = &[
    "ID",
    "From",
    "To",
    "Type",
    "Label",
    "Direction",
    "Relation",
    "Confidence",
    "Facts",
    "Start",
    "End",
    "Amount",
    "Description",
    "Evidence",
    "Documents",
    "From label",
    "From type",
    "To label",
    "To type",
];

fn cell(values: &[(&str, Value)], name: &str) -> String {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.text("|")).unwrap_or_default()
}

fn csv_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes the node list.
pub fn write_nodes(diagram: &Diagram, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(NODE_COLUMNS).map_err(csv_error)?;
    for (index, node) in diagram.nodes.iter().enumerate() {
        let values = node_values(diagram, index);
        let mut tags = Vec::new();
        if node.emphasised {
            tags.push("dual-use");
        }
        if node.focus {
            tags.push("focus");
        }
        if node.hidden_links.is_some() {
            tags.push("hub");
        }
        let record = [
            node.iri.clone(),
            node.label.clone(),
            node.class_label.clone(),
            node.fact.as_ref().map(super::attributes::fact_line).unwrap_or_default(),
            tags.join("|"),
            cell(&values, "class"),
            cell(&values, "kind"),
            cell(&values, "confidence"),
            cell(&values, "start"),
            cell(&values, "end"),
            cell(&values, "amount"),
            cell(&values, "quantity"),
            cell(&values, "unit"),
            cell(&values, "value"),
            cell(&values, "currency"),
            cell(&values, "evidence"),
            cell(&values, "documents"),
            cell(&values, "hidden_links"),
        ];
        writer.write_record(&record).map_err(csv_error)?;
    }
    writer.flush()
}

/// Writes the edge list.
pub fn write_edges(diagram: &Diagram, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(EDGE_COLUMNS).map_err(csv_error)?;
    for (index, edge) in diagram.edges.iter().enumerate() {
        let values = edge_values(diagram, index);
        let (from, to) = (&diagram.nodes[edge.from], &diagram.nodes[edge.to]);
        let record = [
            format!("e{index}"),
            from.iri.clone(),
            to.iri.clone(),
            cell(&values, "family"),
            edge.relation_label.clone(),
            "directed".to_owned(),
            edge.relation.clone(),
            cell(&values, "confidence"),
            cell(&values, "facts"),
            cell(&values, "start"),
            cell(&values, "end"),
            cell(&values, "amount"),
            cell(&values, "summary"),
            cell(&values, "evidence"),
            cell(&values, "documents"),
            from.label.clone(),
            from.class_label.clone(),
            to.label.clone(),
            to.class_label.clone(),
        ];
        writer.write_record(&record).map_err(csv_error)?;
    }
    writer.flush()
}
