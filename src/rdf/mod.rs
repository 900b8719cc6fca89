//! RDF building blocks every other layer shares: the ontology's vocabulary, the formats
//! actorgraph reads and writes, RDF terms from what people type, parameters bound in parsed
//! queries, dates and name matching.
//!
//! Uses only oxigraph's model and spargebra's algebra; nothing else in the crate.

pub mod bind;
pub mod dates;
pub mod formats;
pub mod names;
pub mod param;
pub mod sparql_syntax;
pub mod vocab;
pub mod xml_entities;
