//! Errors of the store layer, one enum per concern: opening, loading, querying, dumping.

use oxigraph::io::RdfParseError;
use oxigraph::sparql::{QueryEvaluationError, SparqlSyntaxError};
use oxigraph::store::StorageError;
use std::io;
use std::path::PathBuf;

/// Errors opening the store or keeping its bundled graphs current.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the store directory {path}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("the store at {path} is in use by another actorgraph process; wait for it to finish or use --store with another directory")]
    Locked { path: PathBuf },
    #[error("cannot open the store at {path}")]
    Open { path: PathBuf, source: StorageError },
    #[error("bundled file {path} does not parse (this is a bug in the build)")]
    Bundled { path: String, source: RdfParseError },
    #[error("cannot derive the traversal edges from the ontology's property chains")]
    Derive(#[source] StorageError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors loading user files. Whatever the error, the store is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}:{line}:{column}: {message}")]
    Syntax { path: PathBuf, line: u64, column: u64, message: String },
    #[error("{path}: {message}")]
    SyntaxWithoutPosition { path: PathBuf, message: String },
    #[error("cannot read {path}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path}: graph <{graph}> is reserved for actorgraph's own data; choose another --graph")]
    ReservedGraph { path: PathBuf, graph: String },
    #[error("invalid base IRI for {path}")]
    BaseIri { path: PathBuf, source: oxigraph::model::IriParseError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors evaluating a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Syntax(#[from] SparqlSyntaxError),
    #[error(transparent)]
    Evaluation(#[from] QueryEvaluationError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors writing the store out.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("graph <{0}> is not in the store")]
    UnknownGraph(String),
    #[error("cannot write the dump")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
}
