//! actorgraph: a knowledge graph of actors and their relationships, with the evidence behind
//! every link. The binary (`src/main.rs`, `src/app.rs`, `src/cli.rs`) is a thin shell over
//! this library; see ARCHITECTURE.md for the code map.

pub mod bundled;
pub mod catalog;
pub mod dates;
pub mod diagram;
pub mod formats;
pub mod hops;
pub mod param;
pub mod paths;
pub mod projection;
pub mod render;
pub mod resolve;
pub mod stats;
pub mod store;
pub mod validate;
pub mod vocab;
