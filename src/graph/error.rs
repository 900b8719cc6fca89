//! Errors building the path graph from the store.

use crate::store::QueryError;

#[derive(Debug, thiserror::Error)]
/// Why the projection could not be built.
pub enum ProjectionError {
    #[error("cannot read the store to build the path graph")]
    Query(#[from] QueryError),
    #[error("cannot read the store to build the path graph")]
    Storage(#[from] oxigraph::store::StorageError),
}
