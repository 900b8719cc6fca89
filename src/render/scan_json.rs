//! A scan as one JSON document (`actorgraph.scan/1`), written as the scan goes: the document,
//! then one object per line with findings (its draft facts inside), then the totals and new names.

use crate::scan::{DocumentInfo, LineFindings, ScanSink, ScanSummary, SCAN_SCHEMA};
use std::io::{self, Write};

/// Writes a scan as JSON to `out`.
pub struct ScanJson<W: Write> {
    out: W,
    lines: usize,
}

impl<W: Write> ScanJson<W> {
    /// A JSON report written to `out`.
    pub fn new(out: W) -> Self {
        ScanJson { out, lines: 0 }
    }
}

impl<W: Write> ScanSink for ScanJson<W> {
    fn start(&mut self, document: &DocumentInfo) -> io::Result<()> {
        write!(self.out, "{{\n  \"schema\": {},\n  \"document\": ", serde_json::to_string(SCAN_SCHEMA)?)?;
        serde_json::to_writer(&mut self.out, document)?;
        write!(self.out, ",\n  \"lines\": [")
    }

    fn line(&mut self, findings: &LineFindings) -> io::Result<()> {
        write!(self.out, "{}\n    ", if self.lines == 0 { "" } else { "," })?;
        serde_json::to_writer(&mut self.out, findings)?;
        self.lines += 1;
        Ok(())
    }

    fn finish(&mut self, summary: &ScanSummary) -> io::Result<()> {
        write!(self.out, "{}],\n  \"summary\": ", if self.lines == 0 { "" } else { "\n  " })?;
        serde_json::to_writer(&mut self.out, summary)?;
        writeln!(self.out, "\n}}")?;
        self.out.flush()
    }
}
