//! The operations a user can ask for, as library functions that return data: run a named or
//! given query with parameters bound as RDF terms, find paths, list a neighbourhood, draw a
//! diagram. Every front end (the command line in `cmd/`, the HTTP server) calls these and only
//! renders what they return; none has a second implementation of a query, a search or a diagram.
//!
//! Uses every library layer below it (`rdf`, `store`, `graph`, `search`, `views`, `scan`), never `render`.

pub mod catalog;
pub mod countries;
pub mod diagrams;
mod error;
pub mod ftm_export;
pub mod import;
pub mod link;
pub mod lookup;
#[cfg(test)]
mod mapped_paths;
pub mod names;
pub mod neighbours;
pub mod paths;
pub mod query;
pub mod scan;
pub mod screen;
pub mod walk;

pub use error::OpsError;
