//! Keeps the bundled graphs (the ontology and data compiled into the binary) current: a graph is
//! replaced only when its file's content hash differs from the one recorded, never touching
//! the user's graphs.

use super::records::{insert_meta, meta, named_graphs, read_counter, recorded_hashes, remove_meta, write_counter};
use super::{derive_edges, GraphStore, StoreError};
use crate::bundled::BundledFile;
use crate::rdf::vocab::STAGING_GRAPH_PREFIX;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode};
use std::collections::BTreeSet;

impl GraphStore {
    /// Replaces the bundled graphs whose file changed (or vanished), drops leftover staging
    /// graphs and re-derives the traversal edges, all in one transaction.
    pub(super) fn sync_bundled(&mut self) -> Result<(), StoreError> {
        self.sync_bundled_graphs(false)
    }

    /// As `sync_bundled`; with `force`, every bundled graph is rewritten and the edges derived
    /// again whatever the recorded hashes say.
    pub(super) fn sync_bundled_graphs(&mut self, force: bool) -> Result<(), StoreError> {
        let mut tx = self.store.start_transaction()?;
        let mut changed = force;
        for graph in named_graphs(&tx)? {
            if let NamedOrBlankNode::NamedNode(g) = &graph {
                if g.as_str().starts_with(STAGING_GRAPH_PREFIX) {
                    tx.remove_named_graph(g)?;
                    changed = true;
                }
            }
        }
        let recorded = recorded_hashes(&tx)?;
        let mut current = BTreeSet::new();
        for file in BundledFile::rdf() {
            let graph = NamedNode::new_unchecked(file.graph_iri());
            let hash = file.content_hash();
            current.insert(graph.as_str().to_owned());
            if !force && recorded.get(graph.as_str()) == Some(&hash) {
                continue;
            }
            tx.remove_named_graph(&graph)?;
            let parser =
                RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph.clone()).without_named_graphs();
            for quad in parser.for_slice(file.contents) {
                let quad = quad.map_err(|e| StoreError::Bundled { path: file.path.to_owned(), source: e.into() })?;
                tx.insert(&quad);
            }
            remove_meta(&mut tx, graph.as_ref().into())?;
            insert_meta(&mut tx, graph.as_ref().into(), meta::CONTENT_HASH, Literal::new_simple_literal(hash))?;
            insert_meta(&mut tx, graph.as_ref().into(), meta::BUNDLED_FILE, Literal::new_simple_literal(file.path))?;
            changed = true;
        }
        for graph in recorded.keys().filter(|g| !current.contains(*g)) {
            let graph = NamedNode::new_unchecked(graph.clone());
            tx.remove_named_graph(&graph)?;
            remove_meta(&mut tx, graph.as_ref().into())?;
            changed = true;
        }
        let mut generation = read_counter(&tx, meta::GENERATION)?;
        if changed {
            generation += 1;
            write_counter(&mut tx, meta::GENERATION, generation)?;
        }
        if read_counter(&tx, meta::DERIVED_GENERATION)? != generation || changed {
            derive_edges(&mut tx).map_err(StoreError::Derive)?;
            write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
            changed = true;
        }
        if changed {
            // Readers must not take this state for the published one until it is.
            if let Some(lock) = &mut self.lock {
                lock.set_writing(true);
            }
            tx.commit()?;
        }
        self.generation = generation;
        Ok(())
    }
}
