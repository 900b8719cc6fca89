//! Paths and neighbourhoods as JSON (`actorgraph.path/1`, `actorgraph.neighbours/1`), and the
//! JSON Lines records of batch lookups.

use crate::views::hops::{NeighbourhoodReport, PathReport};
use serde::Serialize;
use std::io::{self, Write};

pub fn write_paths(report: &PathReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

pub fn write_neighbours(report: &NeighbourhoodReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// One line of `path --batch` output.
#[derive(Debug, Serialize)]
pub struct BatchRecord<'a> {
    /// 1-based line number in the input.
    pub line: usize,
    pub query: BatchQuery<'a>,
    /// "found", "none" (no path within the bounds) or "error".
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub report: Option<&'a PathReport>,
}

#[derive(Debug, Serialize)]
pub struct BatchQuery<'a> {
    pub from: &'a str,
    pub to: &'a str,
}

pub fn write_batch_record(record: &BatchRecord<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    writeln!(out)
}
