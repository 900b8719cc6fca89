//! Errors of the operations: what the user asked for cannot be answered as asked.

use crate::graph::resolve::ResolveError;
use crate::graph::ProjectionError;
use crate::rdf::param::ParamError;
use crate::search::FilterError;
use crate::store::QueryError;
use std::path::PathBuf;

/// Why an operation failed; every message names the offending input.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// The query text does not parse; the message gives line and column.
    #[error("{source_name}: SPARQL syntax {message}")]
    Syntax {
        /// How messages name the query.
        source_name: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A `--param` names a variable the query cannot bind.
    #[error(
        "--param {variable}: {source_name} has no variable ?{variable} it can bind (a SELECT query must select it)"
    )]
    UnboundParameter {
        /// The variable, without its `?`.
        variable: String,
        /// How messages name the query.
        source_name: String,
    },
    /// The text is a SPARQL Update, given where a query is expected.
    #[error("{source_name} is a SPARQL Update, not a query; `actorgraph query` only reads (load data with `actorgraph load`)")]
    UpdateNotQuery {
        /// How messages name the query.
        source_name: String,
    },
    /// The query nests groups deeper than the parser allows.
    #[error("{source_name} nests deeper than {limit} levels ({depth}); split it into simpler queries")]
    TooDeep {
        /// How messages name the query.
        source_name: String,
        /// How deep it nests.
        depth: usize,
        /// The deepest nesting allowed.
        limit: usize,
    },
    /// A query name that is neither a file nor a named query.
    #[error("'{name}' is neither a file nor a named query; named queries: {known}")]
    UnknownQuery {
        /// The name given.
        name: String,
        /// The named queries, comma-separated.
        known: String,
    },
    /// A query file that cannot be read.
    #[error("cannot read {}", path.display())]
    ReadQuery {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// A parameter that is not a valid RDF term.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// The query failed while running.
    #[error("{source_name} failed")]
    Evaluation {
        /// How messages name the query.
        source_name: String,
        /// What went wrong.
        source: QueryError,
    },
    /// A name or class that names no node, or more than one.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// A relation family, confidence level or date the ontology does not know.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The path graph could not be built.
    #[error(transparent)]
    Projection(#[from] ProjectionError),
    /// A request whose parts do not fit together (both TO and --to-type, k = 0...).
    #[error("{0}")]
    Invalid(String),
    /// The FollowTheMoney model or alignment cannot be read.
    #[error(transparent)]
    Ftm(#[from] crate::ftm::FtmError),
    /// Query results that cannot be drawn.
    #[error("{source_name}: {message}")]
    NotDrawable {
        /// How messages name the query.
        source_name: String,
        /// Why the results cannot be drawn.
        message: String,
    },
}
