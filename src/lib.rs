//! actorgraph: a knowledge graph of actors and their relationships, with the evidence behind
//! every link. The binary (`src/main.rs`, `src/cli/`, `src/cmd/`) is a thin shell over this
//! library; ARCHITECTURE.md has the code map and the layers, from the bottom up:
//! `rdf` and `bundled`, `store`, `remote`, `ftm`, `graph`, `search`, `views`, `scan`, `ops`, and `render` on top.

pub mod bundled;
pub mod ftm;
pub mod graph;
pub mod ops;
pub mod rdf;
pub mod remote;
pub mod render;
pub mod scan;
pub mod search;
pub mod store;
pub mod views;
