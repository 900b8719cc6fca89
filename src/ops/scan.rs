//! Scanning texts against the graph: read the lexicon (names, cue words, units, documents) from
//! the store once, then scan a file into any sink, or measure scans of documents the store
//! describes against their curated evidence.

use crate::scan::measure::{self, MeasureReport};
use crate::scan::{Lexicon, ScanError, ScanSink, ScanSummary, Scanner};
use crate::store::GraphStore;
use std::path::Path;

/// Scans the file at `path` against what the store knows, handing findings to `sink` as they come.
pub fn scan_file(store: &GraphStore, path: &Path, sink: &mut dyn ScanSink) -> Result<ScanSummary, ScanError> {
    let lexicon = Lexicon::load(store)?;
    Scanner::new(&lexicon).scan_file(path, sink)
}

/// Scans each file and measures the scan against the curated evidence of the document the store
/// describes for it (found by content hash, then by file name).
pub fn measure_files(store: &GraphStore, files: &[&Path]) -> Result<MeasureReport, ScanError> {
    let lexicon = Lexicon::load(store)?;
    measure::measure(store, &lexicon, files)
}
