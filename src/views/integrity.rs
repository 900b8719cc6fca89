//! Whether a store can be trusted: its own consistency (derived edges, counters, leftovers of
//! interrupted loads, bundled data) and the state of the path-graph cache beside it.

use crate::graph::{inspect_cache, CacheState, CACHE_FILE};
use crate::store::{GraphStore, Location, StoreCheck, StoreError};
use serde::Serialize;

/// What `actorgraph check` reports.
#[derive(Debug, Clone, Serialize)]
pub struct IntegrityReport {
    /// The store's own consistency.
    pub store: StoreCheck,
    /// The path-graph cache: absent, current, stale or corrupt (the last two are rebuilt on
    /// the next lookup and never read).
    pub path_cache: CacheState,
}

impl IntegrityReport {
    /// Whether the store is consistent (a stale or corrupt cache is not a fault: it is rebuilt).
    pub fn is_consistent(&self) -> bool {
        self.store.is_consistent()
    }
}

/// Checks the store as this process sees it.
pub fn check(store: &GraphStore) -> Result<IntegrityReport, StoreError> {
    let report = store.check()?;
    let path_cache = match store.location() {
        Location::Disk(dir) => inspect_cache(&dir.join(CACHE_FILE), store.generation()),
        Location::Memory => CacheState::Absent,
    };
    Ok(IntegrityReport { store: report, path_cache })
}
