//! Errors of the store layer, one enum per concern: opening, loading, querying, dumping.

use super::access::Holder;
use oxigraph::io::RdfParseError;
use oxigraph::sparql::{QueryEvaluationError, SparqlSyntaxError};
use oxigraph::store::StorageError;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to tell someone whose write found the store taken: who holds it and what to do.
fn locked_message(path: &Path, holder: Option<&Holder>, waited: &Duration) -> String {
    let who =
        holder.map_or_else(|| "another actorgraph process".to_owned(), |h| format!("another actorgraph process ({h})"));
    let waited = if waited.is_zero() { String::new() } else { format!(" after waiting {} s", waited.as_secs_f32()) };
    let advice = match holder {
        Some(h) if h.command.split_whitespace().any(|w| w == "serve") => {
            "stop the server first, or send the data to its endpoint (POST to /store, or SPARQL Update, with `serve --writable`)"
        }
        _ => "wait for it to finish (--wait SECONDS waits longer), or use another --store",
    };
    format!(
        "the store at {} is being written by {who}{waited}; {advice}. Reading commands keep working meanwhile.",
        path.display()
    )
}

/// Errors opening the store or keeping its bundled graphs current.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store directory cannot be created.
    #[error("cannot create the store directory {path}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why it cannot be created.
        source: io::Error,
    },
    /// Another actorgraph process is writing to the store.
    #[error("{}", locked_message(path, holder.as_ref(), waited))]
    Locked {
        /// The store directory.
        path: PathBuf,
        /// The process holding the write lock, as it describes itself.
        holder: Option<Holder>,
        /// How long this process waited for it.
        waited: Duration,
    },
    /// The write lock file cannot be created or locked.
    #[error("cannot take the write lock of the store at {}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// Why it cannot be taken.
        source: io::Error,
    },
    /// A snapshot for readers cannot be written.
    #[error("cannot publish a snapshot of the store in {}", path.display())]
    Snapshot {
        /// The snapshot directory.
        path: PathBuf,
        /// Why it cannot be written.
        source: io::Error,
    },
    /// RocksDB cannot take a checkpoint of the store.
    #[error("cannot take a checkpoint of the store for readers")]
    Checkpoint(#[source] StorageError),
    /// No snapshot to read yet while another process creates the store.
    #[error("the store at {} is being created by another process ({}) and has nothing to read yet; try again in a moment", path.display(), holder.as_ref().map_or_else(|| "unknown".to_owned(), ToString::to_string))]
    NotReady {
        /// The store directory.
        path: PathBuf,
        /// The process creating it.
        holder: Option<Holder>,
    },
    /// A write was asked of a store opened for reading.
    #[error("the store was opened for reading only; this is a bug in the command that wrote to it")]
    ReadOnly,
    /// The store's database cannot be opened.
    #[error("cannot open the store at {path}")]
    Open {
        /// The store directory.
        path: PathBuf,
        /// Why it cannot be opened.
        source: StorageError,
    },
    /// A bundled file does not parse (a bug in the build).
    #[error("bundled file {path} does not parse (this is a bug in the build)")]
    Bundled {
        /// Path of the bundled file.
        path: String,
        /// The parse error.
        source: RdfParseError,
    },
    /// The derived edges could not be computed from the ontology's property chains.
    #[error("cannot derive the traversal edges from the ontology's property chains")]
    Derive(#[source] StorageError),
    /// The store could not be read or written.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors loading user files. Whatever the error, the store is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A line of a non-RDF input (FollowTheMoney JSON) that cannot be imported.
    #[error("{}: {message}", located(path, *line))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A file does not parse, at a known position.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line of the error (1-based).
        line: u64,
        /// Column of the error (1-based).
        column: u64,
        /// The parser's message, without the position.
        message: String,
    },
    /// A file does not parse, at no known position.
    #[error("{path}: {message}")]
    SyntaxWithoutPosition {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A file cannot be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: io::Error,
    },
    /// The target graph is one actorgraph keeps for its own data.
    #[error("{path}: graph <{graph}> is reserved for actorgraph's own data; choose another --graph")]
    ReservedGraph {
        /// The file.
        path: PathBuf,
        /// The reserved graph's IRI.
        graph: String,
    },
    /// The file's path does not make a valid base IRI.
    #[error("invalid base IRI for {path}")]
    BaseIri {
        /// The file.
        path: PathBuf,
        /// Why the IRI is invalid.
        source: oxigraph::model::IriParseError,
    },
    /// Opening the store or updating its bundled graphs failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store could not be read or written.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors evaluating a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query does not parse.
    #[error(transparent)]
    Syntax(#[from] SparqlSyntaxError),
    /// The query failed while running.
    #[error(transparent)]
    Evaluation(#[from] QueryEvaluationError),
    /// The store could not be read.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A remote SPARQL endpoint did not answer, or answered with an error.
    #[error(transparent)]
    Remote(Box<dyn std::error::Error + Send + Sync>),
}

/// Errors writing the store out.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// No graph of that name is in the store; holds the name.
    #[error("graph <{0}> is not in the store")]
    UnknownGraph(String),
    /// The dump could not be written out.
    #[error("cannot write the dump")]
    Io(#[from] io::Error),
    /// The store could not be read.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// `file:line`, or the file alone when the error concerns no line (line 0: an empty file).
fn located(path: &std::path::Path, line: u64) -> String {
    if line == 0 {
        path.display().to_string()
    } else {
        format!("{}:{line}", path.display())
    }
}
