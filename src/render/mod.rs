//! Renderers: each writes computed data to any `impl Write` in one format. Nothing here
//! computes or queries; the callers hand over finished data.
//!
//! May use every library layer; no library layer uses it.

pub mod attributes;
pub mod csv;
pub mod cytoscape;
pub mod dot;
pub mod draft;
pub mod ftm;
pub mod gexf;
pub mod graphml;
pub mod graphviz;
pub mod path_json;
pub mod path_text;
pub mod path_tsv;
pub mod report;
pub mod results;
pub mod review;
pub mod scan_json;
pub mod scan_text;
pub mod screen;
pub mod term;
pub mod xml;
