//! Errors building the path graph from the store.

use crate::store::QueryError;

#[derive(Debug, thiserror::Error)]
/// Why the projection could not be built.
pub enum ProjectionError {
    /// A query over the store failed.
    #[error("cannot read the store to build the path graph")]
    Query(#[from] QueryError),
    /// The store could not be read.
    #[error("cannot read the store to build the path graph")]
    Storage(#[from] oxigraph::store::StorageError),
}
