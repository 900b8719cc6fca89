//! Graphs actorgraph writes itself besides the derived one (the same-actor links): replaced
//! whole in one transaction, the derived edges brought up to date and the result published for
//! readers, like a load.

use super::records::{meta, read_counter, write_counter};
use super::{derive_edges, GraphStore, StoreError};
use crate::rdf::vocab::GRAPH_NS;
use oxigraph::model::{NamedNodeRef, Quad};

impl GraphStore {
    /// Replaces one of actorgraph's own graphs (under its graph namespace) with `quads`.
    pub fn replace_managed_graph(&mut self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<(), StoreError> {
        assert!(graph.as_str().starts_with(GRAPH_NS), "only actorgraph's own graphs are managed here");
        self.begin_change()?;
        let mut tx = self.store.start_transaction()?;
        tx.remove_named_graph(graph)?;
        for quad in quads {
            tx.insert(quad);
        }
        let generation = read_counter(&tx, meta::GENERATION)? + 1;
        write_counter(&mut tx, meta::GENERATION, generation)?;
        derive_edges(&mut tx).map_err(StoreError::Derive)?;
        write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
        tx.commit()?;
        self.generation = generation;
        self.publish()
    }
}
