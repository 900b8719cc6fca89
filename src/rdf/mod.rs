//! RDF building blocks every other layer shares: the ontology's vocabulary, the formats
//! actorgraph reads and writes, RDF terms from what people type, dates and name matching.
//!
//! Uses only oxigraph's model; nothing else in the crate.

pub mod dates;
pub mod formats;
pub mod names;
pub mod param;
pub mod sparql_syntax;
pub mod vocab;
pub mod xml_entities;
