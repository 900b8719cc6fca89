//! The persistent RDF store: Oxigraph on disk (RocksDB) or in memory, the bundled graphs kept
//! current by content hash, atomic loads of user files, SPARQL over the union of graphs, dumps.
//! This is the only module that touches oxigraph's `Store`; everything else goes through
//! [`GraphStore`]. Uses `rdf` and `bundled`.

mod bundled;
mod derive;
mod error;
mod load;
mod read;
mod records;

pub use error::{DumpError, LoadError, QueryError, StoreError};
pub use load::{file_iri, BulkMode, LoadProgress, LoadReport, LoadSource, LoadedGraph};
pub use read::sparql_evaluator;
pub use records::{GraphOrigin, GraphRecord};

use crate::rdf::vocab::DERIVED_GRAPH;
use derive::Chains;
use oxigraph::store::{StorageError, Store, Transaction};
use std::path::PathBuf;

/// Where the store lives.
#[derive(Debug, Clone)]
pub enum Location {
    /// A directory holding the RocksDB database (in `oxigraph/`) and the path-lookup cache.
    Disk(PathBuf),
    /// A throwaway in-memory graph.
    Memory,
}

/// The store and what actorgraph knows about it.
pub struct GraphStore {
    store: Store,
    location: Location,
    generation: u64,
}

impl GraphStore {
    /// Opens (creating if needed) the store and brings the bundled graphs up to date.
    pub fn open(location: Location) -> Result<Self, StoreError> {
        let store = match &location {
            Location::Memory => Store::new()?,
            Location::Disk(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.clone(), source })?;
                Store::open(dir.join("oxigraph")).map_err(|source| {
                    if source.to_string().contains("LOCK") {
                        StoreError::Locked { path: dir.clone() }
                    } else {
                        StoreError::Open { path: dir.clone(), source }
                    }
                })?
            }
        };
        let mut this = Self { store, location, generation: 0 };
        this.sync_bundled()?;
        Ok(this)
    }

    /// Where the store lives: a directory or memory.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// A number that changes whenever the store's content changes; caches key on it.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// Rebuilds the whole derived graph from the property chains and facts the transaction sees.
fn derive_edges(tx: &mut Transaction<'_>) -> Result<(), StorageError> {
    let chains = Chains::read(tx)?;
    tx.remove_named_graph(DERIVED_GRAPH)?;
    for quad in chains.derive_all(tx, DERIVED_GRAPH)? {
        tx.insert(&quad);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::records::meta;
    use super::*;
    use crate::rdf::vocab::{self, META_GRAPH};
    use oxigraph::io::RdfFormat;
    use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term};
    use std::path::Path;

    #[test]
    fn file_iris_escape_what_iris_cannot_hold() {
        let iri = file_iri(Path::new("/tmp/a b/ü.ttl"));
        assert_eq!(iri, "file:///tmp/a%20b/%C3%BC.ttl");
    }

    /// A bundled file whose content hash no longer matches is reloaded; other bundled graphs and
    /// the user's graphs are left exactly as they were.
    #[test]
    fn only_changed_bundled_graphs_are_refreshed() {
        let dir = tempfile::tempdir().unwrap();
        let location = Location::Disk(dir.path().join("store"));
        let user_file = dir.path().join("user.nt");
        std::fs::write(&user_file, "<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n").unwrap();
        let user_graph = NamedNode::new(file_iri(&user_file)).unwrap();
        let entities = NamedNode::new(format!("{}data/entities.ttl", vocab::BUNDLED_GRAPH_PREFIX)).unwrap();
        let sources = NamedNode::new(format!("{}data/sources.ttl", vocab::BUNDLED_GRAPH_PREFIX)).unwrap();
        let marker = |graph: &NamedNode| {
            Quad::new(
                NamedNode::new_unchecked("http://e.org/marker"),
                NamedNode::new_unchecked("http://e.org/p"),
                Literal::new_simple_literal("untouched"),
                graph.clone(),
            )
        };
        let entities_size;
        {
            let mut store = GraphStore::open(location.clone()).unwrap();
            let source = LoadSource { path: user_file.clone(), format: RdfFormat::NTriples, graph: user_graph.clone() };
            store.load(&[source], BulkMode::Never, &|_| {}).unwrap();
            let generation = store.generation();
            // Pretend entities.ttl changed: its recorded hash is stale and its graph lost triples.
            entities_size = store.store.quads_for_pattern(None, None, None, Some(entities.as_ref().into())).count();
            let mut tx = store.store.start_transaction().unwrap();
            for quad in recorded_quads(&tx, entities.as_ref().into()) {
                if quad.predicate == meta::CONTENT_HASH {
                    tx.remove(&quad);
                    tx.insert(QuadRef::new(
                        &quad.subject,
                        quad.predicate.as_ref(),
                        &Term::from(Literal::new_simple_literal("stale")),
                        META_GRAPH,
                    ));
                }
            }
            let some: Vec<Quad> = tx
                .quads_for_pattern(None, None, None, Some(entities.as_ref().into()))
                .take(10)
                .collect::<Result<_, _>>()
                .unwrap();
            for quad in &some {
                tx.remove(quad);
            }
            // A marker in an unchanged bundled graph and in the user's graph must survive.
            tx.insert(&marker(&sources));
            tx.insert(&marker(&user_graph));
            tx.commit().unwrap();
            drop(store);
            let reopened = GraphStore::open(location.clone()).unwrap();
            assert_eq!(reopened.generation(), generation + 1, "a refresh is a change");
        }
        let store = GraphStore::open(location).unwrap();
        let size = store.store.quads_for_pattern(None, None, None, Some(entities.as_ref().into())).count();
        assert_eq!(size, entities_size, "entities.ttl reloaded whole");
        assert!(store.store.contains(&marker(&sources)).unwrap(), "unchanged bundled graph untouched");
        assert!(store.store.contains(&marker(&user_graph)).unwrap(), "user graph untouched");
        assert!(store
            .store
            .contains(QuadRef::new(
                NamedNodeRef::new_unchecked("http://e.org/a"),
                NamedNodeRef::new_unchecked("http://e.org/p"),
                NamedNodeRef::new_unchecked("http://e.org/b"),
                user_graph.as_ref(),
            ))
            .unwrap());
    }

    fn recorded_quads(tx: &Transaction<'_>, subject: NamedOrBlankNodeRef<'_>) -> Vec<Quad> {
        tx.quads_for_pattern(Some(subject), None, None, Some(META_GRAPH.into())).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn bundled_graphs_are_derived_on_first_open() {
        let store = GraphStore::open(Location::Memory).unwrap();
        let derived = store
            .select(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/actorgraph/graph/derived> { ?s ?p ?o } }",
                &[],
            )
            .unwrap();
        let n: u64 = match derived[0].get("n") {
            Some(Term::Literal(l)) => l.value().parse().unwrap(),
            other => panic!("{other:?}"),
        };
        assert!(n > 100, "expected derived edges, got {n}");
        assert_eq!(store.generation(), 1);
    }
}
