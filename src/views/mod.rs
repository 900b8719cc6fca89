//! What the front ends show, computed from the graph and the store: paths and neighbourhoods as
//! hops with their evidence (the JSON schemas), diagrams, store statistics, SHACL validation and
//! the review of facts against the user's copies of the documents they cite.
//!
//! Uses `rdf`, `bundled`, `store`, `graph` and `search`.

pub mod diagram;
pub mod exposure;
pub mod hops;
pub mod integrity;
pub mod review;
pub mod stats;
pub mod validate;
