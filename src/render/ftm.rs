//! FollowTheMoney JSON lines: one entity per line, as Aleph and OpenSanctions' tools read them;
//! and a note of what FtM could not hold.

use crate::ftm::FtmExport;
use std::io::{self, Write};

/// One JSON object per entity, ordered by id.
pub fn write_jsonl(export: &FtmExport, out: &mut dyn Write) -> io::Result<()> {
    for entity in &export.entities {
        serde_json::to_writer(&mut *out, entity)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// What was left out and why, one line each (for standard error).
pub fn write_left_out(export: &FtmExport, out: &mut dyn Write) -> io::Result<()> {
    let list = |counts: &std::collections::BTreeMap<String, usize>| {
        counts.iter().map(|(name, n)| format!("{name} {n}")).collect::<Vec<_>>().join(", ")
    };
    if !export.no_schema.is_empty() {
        let total: usize = export.no_schema.values().sum();
        writeln!(out, "left out {total} that FtM has no schema for: {}", list(&export.no_schema))?;
    }
    if !export.incomplete.is_empty() {
        let total: usize = export.incomplete.values().sum();
        writeln!(out, "left out {total} without a property their FtM schema requires: {}", list(&export.incomplete))?;
    }
    Ok(())
}
