//! Paths and neighbourhoods as JSON (`actorgraph.path/1`, `actorgraph.neighbours/1`), and the
//! JSON Lines records of batch lookups.

use crate::views::hops::{NeighbourhoodReport, PathReport};
use serde::Serialize;
use std::io::{self, Write};

/// Writes a path report as pretty-printed JSON (`actorgraph.path/1`).
pub fn write_paths(report: &PathReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// Writes a neighbourhood report as pretty-printed JSON (`actorgraph.neighbours/1`).
pub fn write_neighbours(report: &NeighbourhoodReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// One line of `path --batch` output.
#[derive(Debug, Serialize)]
pub struct BatchRecord<'a> {
    /// 1-based line number in the input.
    pub line: usize,
    /// The pair the line asks about.
    pub query: BatchQuery<'a>,
    /// "found", "none" (no path within the bounds) or "error".
    pub status: &'static str,
    /// Why the lookup failed, when the status is "error".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The path report, flattened into the record, when the lookup ran.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub report: Option<&'a PathReport>,
}

/// The FROM and TO of a batch line, as given.
#[derive(Debug, Serialize)]
pub struct BatchQuery<'a> {
    /// Start, as given on the line.
    pub from: &'a str,
    /// End, as given on the line.
    pub to: &'a str,
}

/// Writes one batch record as a single line of JSON (JSON Lines).
pub fn write_batch_record(record: &BatchRecord<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    writeln!(out)
}
