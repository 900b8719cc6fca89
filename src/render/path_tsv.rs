//! Paths and neighbourhoods as TSV: one row per hop, for spreadsheets and shell scripts.

use crate::render::path_text::evidence_line;
use crate::views::hops::{HopView, NeighbourhoodReport, PathReport};
use std::io::{self, Write};

const COLUMNS: &str = "from\tfrom_label\twording\trelation\tfamily\tdirection\tto\tto_label\tfact\tsummary\tqualifiers\tconfidence\tevidence";

/// One row per fact behind each hop (one row with empty fact columns when there is none).
pub fn write_paths(report: &PathReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "path\thop\t{COLUMNS}")?;
    for (p, path) in report.paths.iter().enumerate() {
        for (h, hop) in path.hops.iter().enumerate() {
            for row in rows(hop) {
                writeln!(out, "{}\t{}\t{row}", p + 1, h + 1)?;
            }
        }
    }
    Ok(())
}

/// One row per fact behind each hop, depth first (one row with empty fact columns when there is none).
pub fn write_neighbours(report: &NeighbourhoodReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "depth\t{COLUMNS}")?;
    for hop in &report.hops {
        for row in rows(&hop.hop) {
            writeln!(out, "{}\t{row}", hop.depth)?;
        }
    }
    Ok(())
}

fn rows(hop: &HopView) -> Vec<String> {
    let hop_cells = [
        hop.from.iri.clone(),
        hop.from.label.clone(),
        hop.wording.clone(),
        hop.relation.iri.clone(),
        hop.relation.family.clone().unwrap_or_default(),
        hop.direction.to_owned(),
        hop.to.iri.clone(),
        hop.to.label.clone(),
    ];
    let fact_cells: Vec<[String; 5]> = if hop.facts.is_empty() {
        vec![Default::default()]
    } else {
        hop.facts
            .iter()
            .map(|f| {
                [
                    f.iri.clone(),
                    f.summary.clone(),
                    f.qualifiers.join("; "),
                    f.confidence.clone().unwrap_or_default(),
                    f.evidence.iter().map(evidence_line).collect::<Vec<_>>().join(" | "),
                ]
            })
            .collect()
    };
    fact_cells
        .into_iter()
        .map(|facts| hop_cells.iter().chain(facts.iter()).map(|cell| clean(cell)).collect::<Vec<_>>().join("\t"))
        .collect()
}

/// TSV cells cannot hold tabs or newlines.
fn clean(cell: &str) -> String {
    cell.replace(['\t', '\n', '\r'], " ")
}
