//! Checks and repairs a store: the derived edges equal a full re-derivation from the property
//! chains, the counters agree, no staging graph is left over, the snapshot readers see is the
//! store's state. `repair` rewrites the bundled graphs and the derived edges from scratch;
//! `optimize` compacts the store's files and publishes them to readers.

use super::derive::Chains;
use super::records::{meta, named_graphs_of, read_counter};
use super::{GraphStore, StoreError};
use crate::bundled::BundledFile;
use crate::rdf::vocab::{DERIVED_GRAPH, STAGING_GRAPH_PREFIX};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Quad};
use oxigraph::store::StorageError;
use serde::Serialize;
use std::collections::HashSet;

/// What a store check found.
#[derive(Debug, Clone, Serialize)]
pub struct StoreCheck {
    /// The store generation.
    pub generation: u64,
    /// The generation the derived edges were last brought up to date at.
    pub derived_generation: u64,
    /// Derived edges in the store.
    pub derived_edges: usize,
    /// Edges a full re-derivation gives that the store lacks.
    pub missing_edges: usize,
    /// Edges the store holds that a full re-derivation does not give.
    pub extra_edges: usize,
    /// Staging graphs left by an interrupted bulk load.
    pub staging_graphs: usize,
    /// Whether the bundled graphs are those this program carries.
    pub bundled_current: bool,
    /// Problems, in words; empty when the store is consistent.
    pub problems: Vec<String>,
}

impl StoreCheck {
    /// Whether nothing is wrong.
    pub fn is_consistent(&self) -> bool {
        self.problems.is_empty()
    }
}

impl GraphStore {
    /// Checks the store's own consistency (readers check the snapshot they see).
    pub fn check(&self) -> Result<StoreCheck, StoreError> {
        let generation = read_counter(&self.store, meta::GENERATION)?;
        let derived_generation = read_counter(&self.store, meta::DERIVED_GENERATION)?;
        let stored: HashSet<Quad> = self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(DERIVED_GRAPH)))
            .collect::<Result<_, StorageError>>()?;
        let chains = Chains::read(&self.store)?;
        let expected: HashSet<Quad> = chains.derive_all(&self.store, DERIVED_GRAPH)?.into_iter().collect();
        let missing_edges = expected.difference(&stored).count();
        let extra_edges = stored.difference(&expected).count();
        let staging_graphs = named_graphs_of(&self.store)?
            .iter()
            .filter(|g| matches!(g, NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(STAGING_GRAPH_PREFIX)))
            .count();
        let bundled_current = self.bundled_hashes_match()?;
        let mut problems = Vec::new();
        if derived_generation != generation {
            problems.push(format!(
                "the derived edges date from generation {derived_generation}, the store is at {generation}"
            ));
        }
        if missing_edges > 0 || extra_edges > 0 {
            problems.push(format!(
                "the derived graph differs from a full re-derivation: {missing_edges} edges missing, {extra_edges} extra"
            ));
        }
        if staging_graphs > 0 {
            problems.push(format!("{staging_graphs} staging graphs of an interrupted bulk load are left over"));
        }
        if !bundled_current {
            problems.push("the bundled graphs are not those this program carries".to_owned());
        }
        Ok(StoreCheck {
            generation,
            derived_generation,
            derived_edges: stored.len(),
            missing_edges,
            extra_edges,
            staging_graphs,
            bundled_current,
            problems,
        })
    }

    /// Rewrites every bundled graph and the derived edges from scratch, drops leftover staging
    /// graphs, and publishes the result for readers.
    pub fn repair(&mut self) -> Result<(), StoreError> {
        self.begin_change()?;
        self.sync_bundled_graphs(true)?;
        self.publish()
    }

    /// Compacts the store's files (the content is unchanged, and so is the generation every cache
    /// is keyed on) and publishes the compacted store for readers. A bulk load leaves a file per
    /// batch, and every term a read decodes is looked up in each that may hold it; readers keep
    /// the snapshot they were given until the next change, so they only gain from a new one. The
    /// snapshot before stays for readers still opening it, its files with it, until two more are
    /// published: the disk holds the files from before and after until then.
    pub fn optimize(&mut self) -> Result<(), StoreError> {
        self.store.optimize()?;
        self.publish()
    }

    fn bundled_hashes_match(&self) -> Result<bool, StoreError> {
        let recorded = super::records::recorded_hashes(&self.store)?;
        Ok(BundledFile::rdf().all(|file| recorded.get(&file.graph_iri()) == Some(&file.content_hash())))
    }
}
