//! FollowTheMoney (FtM) data, as OpenSanctions and Aleph publish it, into the store: the FtM
//! model read from the bundled ontology, entities converted to RDF in FtM's own vocabulary with
//! dataset evidence, and a load source the store imports all or nothing. The ontology's
//! alignment (`ontology/ftm/alignment.ttl`) makes FtM things actors and FtM intervals facts, and
//! writes the graph back as FtM entities.
//!
//! Uses `rdf`, `bundled` and `store`.

mod convert;
mod export;
mod import;
mod model;
mod rules;

pub use convert::{dataset_iri, dataset_name, entity_id, entity_iri, DATASET_NS, ENTITY_NS};
pub use export::{export, export_id, ExportScope, FtmEntity, FtmExport, OWN_DATASET};
pub use import::{FtmReader, ImportCounts};
pub use model::{FtmModel, Property, Schema, ValueKind};
pub use rules::DatasetRules;

use crate::store::QueryError;

/// Why FtM data cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FtmError {
    /// The store holds no FtM model (the bundled ontology lacks `ontology/ftm/model.ttl`).
    #[error("the store holds no FollowTheMoney model; the bundled ontology is incomplete")]
    NoModel,
    /// A dataset rule of the ontology has a pattern that is not a regular expression.
    #[error("the dataset rule pattern '{pattern}' is not a regular expression: {message}")]
    Rule {
        /// The pattern.
        pattern: String,
        /// What is wrong with it.
        message: String,
    },
    /// The store could not be read.
    #[error(transparent)]
    Query(#[from] QueryError),
}
