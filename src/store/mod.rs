//! The persistent RDF store: Oxigraph on disk (RocksDB) or in memory, the bundled graphs kept
//! current by content hash, atomic loads of user files, SPARQL over the union of graphs, dumps.
//! This is the only module that touches oxigraph's `Store`; everything else goes through
//! [`GraphStore`]. Uses `rdf` and `bundled`.

mod access;
mod bundled;
mod check;
mod derive;
mod error;
mod inline;
mod load;
mod managed;
mod read;
mod records;
mod source;
mod union;
mod update;
mod write;

pub use error::{DumpError, LoadError, QueryError, StoreError};
pub use load::{
    file_iri, BulkMode, LoadProgress, LoadReport, LoadSource, LoadedGraph, QuadIter, QuadProducer, SourceFormat,
};
pub use read::{count_in, key_in, sparql_evaluator, term_text, text_in, ProtocolDataset};
pub use records::{GraphOrigin, GraphRecord};
pub use source::Source;
pub use update::{parse_update, UpdateRequest};
pub use write::{is_reserved, GraphTarget, RdfBody, WriteError, WriteOutcome};

pub use access::{current_holder, Access, Holder};
pub use check::StoreCheck;

use crate::bundled::BundledFile;
use crate::rdf::vocab::DERIVED_GRAPH;
use access::{Snapshots, WriteLock};
use derive::Chains;
use oxigraph::store::{StorageError, Store, Transaction};
use records::{meta, read_counter};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The RocksDB database inside a store directory.
const DATABASE: &str = "oxigraph";
/// How long a reader waits for a store being created to publish its first snapshot.
const READ_WAIT: Duration = Duration::from_secs(30);

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
    /// The write lock, held while a store on disk is open for writing.
    lock: Option<WriteLock>,
    /// The generation readers can see in the current snapshot.
    published: Option<u64>,
    /// The snapshot this reader opened (its directory name under `snapshots/`).
    snapshot: Option<String>,
}

impl GraphStore {
    /// Opens (creating if needed) the store. For writing, it waits for any other writer, then
    /// brings the bundled graphs up to date; for reading, it opens the last committed state
    /// alongside any writer (repairing first when no writer is at work and the snapshot lags).
    pub fn open(location: Location, access: Access) -> Result<Self, StoreError> {
        match (&location, access) {
            (Location::Memory, _) => {
                let mut this =
                    Self { store: Store::new()?, location, generation: 0, lock: None, published: None, snapshot: None };
                this.sync_bundled()?;
                Ok(this)
            }
            (Location::Disk(dir), Access::Write { wait }) => {
                let (lock, _) = WriteLock::acquire(dir, wait)?;
                Self::open_for_writing(dir.clone(), lock)
            }
            (Location::Disk(dir), Access::Read) => Self::open_for_reading(dir),
        }
    }

    /// The main database, read-write, under the write lock; bundled graphs refreshed and a
    /// snapshot published when readers' lags behind.
    fn open_for_writing(dir: PathBuf, lock: WriteLock) -> Result<Self, StoreError> {
        let store = Store::open(dir.join(DATABASE)).map_err(|source| {
            if source.to_string().contains("LOCK") {
                StoreError::Locked { path: dir.clone(), holder: None, waited: Duration::ZERO }
            } else {
                StoreError::Open { path: dir.clone(), source }
            }
        })?;
        let mut this = Self {
            store,
            location: Location::Disk(dir),
            generation: 0,
            lock: Some(lock),
            published: None,
            snapshot: None,
        };
        this.sync_bundled()?;
        let snapshots = this.snapshots().expect("on disk");
        let current = snapshots.current();
        if current.as_ref().is_some_and(|p| p.generation == this.generation && p.bundled == BundledFile::stamp()) {
            this.published = Some(this.generation);
            if let Some(lock) = &mut this.lock {
                lock.set_writing(false);
            }
        } else {
            this.publish()?;
        }
        Ok(this)
    }

    /// The last published snapshot, read-only. When no process holds the write lock and the
    /// snapshot is missing or lags (a writer was killed before publishing, or this binary
    /// bundles other data), the store is repaired first as a short-lived writer.
    fn open_for_reading(dir: &Path) -> Result<Self, StoreError> {
        let snapshots = Snapshots::of(dir);
        let stamp = BundledFile::stamp();
        let deadline = Instant::now() + READ_WAIT;
        loop {
            // A store on a read-only disk cannot be locked, nor repaired: read it as it is.
            let acquired = match WriteLock::try_acquire(dir) {
                Ok(acquired) => acquired,
                Err(error) if snapshots.current().is_none() => return Err(error),
                Err(_) => None,
            };
            if let Some((mut lock, previous)) = acquired {
                let fresh = snapshots.current().is_some_and(|p| p.bundled == stamp)
                    && !previous.is_some_and(|holder| holder.writing);
                if fresh {
                    // Nothing to repair, nothing changed: the next reader need not repair either.
                    lock.set_writing(false);
                } else {
                    // Repair, or read the snapshot there is when the repair cannot be done (a
                    // full or read-only disk).
                    match Self::open_for_writing(dir.to_owned(), lock) {
                        Ok(repaired) => drop(repaired),
                        Err(error) if snapshots.current().is_none() => return Err(error),
                        Err(_) => {}
                    }
                }
            }
            let pointer = match snapshots.current() {
                Some(pointer) => pointer,
                None if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                None => return Err(StoreError::NotReady { path: dir.to_owned(), holder: current_holder(dir) }),
            };
            match Store::open_read_only(snapshots.path(&pointer)) {
                Ok(store) => {
                    let generation = read_counter(&store, meta::GENERATION)?;
                    return Ok(Self {
                        store,
                        location: Location::Disk(dir.to_owned()),
                        generation,
                        lock: None,
                        published: Some(generation),
                        snapshot: Some(pointer.name),
                    });
                }
                // A newer snapshot replaced this one between reading the pointer and opening it.
                Err(_) if Instant::now() < deadline && snapshots.current().is_some_and(|p| p != pointer) => continue,
                Err(source) => return Err(StoreError::Open { path: snapshots.path(&pointer), source }),
            }
        }
    }

    /// Whether a reader's snapshot has been superseded: another process published a newer state
    /// (a load, a repair), which opening the store again would show. Always false for writers
    /// and in memory.
    pub fn superseded(&self) -> bool {
        match (&self.location, &self.snapshot) {
            (Location::Disk(dir), Some(name)) => Snapshots::of(dir).current().is_some_and(|p| p.name != *name),
            _ => false,
        }
    }

    /// The generation a reader of the store in `dir` would see now, from the published
    /// snapshot's pointer, without opening the database: for caches keyed on the generation.
    /// None when a reader would first have to repair the store (no writer at work and the
    /// snapshot lags, or it holds other bundled data) or nothing is published yet; opening the
    /// store then does what is needed.
    pub fn published_generation(dir: &Path) -> Option<u64> {
        let snapshots = Snapshots::of(dir);
        let stamp = BundledFile::stamp();
        if !dir.join(DATABASE).exists() {
            return None;
        }
        // With a writer at work readers read its last snapshot, and a read-only disk is read as
        // it is; otherwise the snapshot must be current and no load broken off.
        if let Ok(Some((mut lock, previous))) = WriteLock::try_acquire(dir) {
            let fresh = snapshots.current().is_some_and(|p| p.bundled == stamp)
                && !previous.is_some_and(|holder| holder.writing);
            if !fresh {
                return None;
            }
            lock.set_writing(false);
        }
        snapshots.current().filter(|p| p.bundled == stamp).map(|p| p.generation)
    }

    /// Whether this process may write to the store.
    pub fn is_writable(&self) -> bool {
        self.lock.is_some() || matches!(self.location, Location::Memory)
    }

    fn snapshots(&self) -> Option<Snapshots> {
        match &self.location {
            Location::Disk(dir) => Some(Snapshots::of(dir)),
            Location::Memory => None,
        }
    }

    /// Points readers at the store's current state (on disk; nothing to do in memory).
    fn publish(&mut self) -> Result<(), StoreError> {
        if let Some(snapshots) = self.snapshots() {
            snapshots.publish(&self.store, self.generation, &BundledFile::stamp())?;
            self.published = Some(self.generation);
            if let Some(lock) = &mut self.lock {
                lock.set_writing(false);
            }
        }
        Ok(())
    }

    /// Marks the start of a change readers must not see until it is published.
    fn begin_change(&mut self) -> Result<(), StoreError> {
        match &mut self.lock {
            Some(lock) => {
                lock.set_writing(true);
                Ok(())
            }
            None if matches!(self.location, Location::Memory) => Ok(()),
            None => Err(StoreError::ReadOnly),
        }
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

impl Drop for GraphStore {
    /// A writer that leaves with everything published tells readers there is nothing to repair.
    fn drop(&mut self) {
        if self.published == Some(self.generation) {
            if let Some(lock) = &mut self.lock {
                lock.set_writing(false);
            }
        }
    }
}

/// An error and its causes in one line (a cause its error already quotes is not repeated), for
/// warnings that do not stop a command and for answers sent elsewhere (HTTP, an endpoint's).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let next = inner.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = inner.source();
    }
    text
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
    use oxigraph::model::vocab::rdfs;
    use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term};
    use std::path::Path;

    /// The build's read shared out between threads by predicate holds every stated quad once,
    /// each predicate's in the order a read from start to end gives them: named graphs, a
    /// blank-node graph and the default graph alike, the derived graph left out.
    #[test]
    fn the_stated_quads_read_by_predicate_on_threads_are_those_read_in_one_pass() {
        let store =
            GraphStore::open(Location::Memory, Access::Write { wait: std::time::Duration::from_secs(5) }).unwrap();
        let (p, q) = (NamedNode::new_unchecked("http://e.org/p"), NamedNode::new_unchecked("http://e.org/q"));
        let graphs: [GraphName; 3] = [
            NamedNode::new_unchecked("http://e.org/g").into(),
            oxigraph::model::BlankNode::new_unchecked("g2").into(),
            GraphName::DefaultGraph,
        ];
        for (i, graph) in graphs.iter().enumerate() {
            for n in 0..3 {
                let subject = oxigraph::model::BlankNode::new_unchecked(format!("s{i}{n}"));
                store.store.insert(&Quad::new(subject.clone(), p.clone(), Literal::from(n), graph.clone())).unwrap();
                let object = NamedNode::new_unchecked(format!("http://e.org/o{n}"));
                store.store.insert(&Quad::new(subject, q.clone(), object, graph.clone())).unwrap();
            }
        }
        let mut whole = Vec::new();
        store.scan_stated(|quad| whole.push(quad)).unwrap();
        assert!(whole.iter().any(|quad| quad.graph_name.is_blank_node() && quad.predicate == q));
        assert!(whole.iter().any(|quad| quad.graph_name.is_default_graph() && quad.predicate == p));
        let (mut first, mut second) = (Vec::new(), Vec::new());
        let (mut to_first, mut to_second) =
            (|quad: QuadRef<'_>| first.push(quad.into_owned()), |quad: QuadRef<'_>| second.push(quad.into_owned()));
        store.scan_stated_shared(&mut [&mut to_first, &mut to_second]).unwrap();
        let mut shared: Vec<Quad> = first.iter().chain(&second).cloned().collect();
        let mut sorted = whole.clone();
        shared.sort_by_key(|quad| quad.to_string());
        sorted.sort_by_key(|quad| quad.to_string());
        assert_eq!(shared, sorted);
        for predicate in [&p, &q, &NamedNode::from(rdfs::LABEL)] {
            let of =
                |quads: &[Quad]| -> Vec<Quad> { quads.iter().filter(|q| q.predicate == *predicate).cloned().collect() };
            let in_sinks = if of(&first).is_empty() { of(&second) } else { of(&first) };
            assert!(!in_sinks.is_empty());
            assert_eq!(in_sinks, of(&whole), "{predicate}");
        }
    }

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
            let mut store =
                GraphStore::open(location.clone(), Access::Write { wait: std::time::Duration::from_secs(5) }).unwrap();
            let source =
                LoadSource { path: user_file.clone(), format: RdfFormat::NTriples.into(), graph: user_graph.clone() };
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
            let reopened =
                GraphStore::open(location.clone(), Access::Write { wait: std::time::Duration::from_secs(5) }).unwrap();
            assert_eq!(reopened.generation(), generation + 1, "a refresh is a change");
        }
        let store = GraphStore::open(location, Access::Write { wait: std::time::Duration::from_secs(5) }).unwrap();
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

    /// Queries naming only other vocabularies' predicates read the union of all graphs, meta
    /// graph included (`store::union`): that is sound only while the meta graph holds nothing
    /// but the bookkeeping vocabulary, whatever writes it (first open, loads of both kinds, a
    /// managed graph).
    #[test]
    fn the_meta_graph_holds_only_the_bookkeeping_vocabulary() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = GraphStore::open(
            Location::Disk(dir.path().join("store")),
            Access::Write { wait: std::time::Duration::from_secs(5) },
        )
        .unwrap();
        for (name, bulk) in [("a.nt", BulkMode::Never), ("b.nt", BulkMode::Always)] {
            let file = dir.path().join(name);
            std::fs::write(&file, "<http://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n").unwrap();
            let graph = NamedNode::new(file_iri(&file)).unwrap();
            store.load(&[LoadSource { path: file, format: RdfFormat::NTriples.into(), graph }], bulk, &|_| {}).unwrap();
        }
        store.replace_managed_graph(vocab::LINKS_GRAPH, &[]).unwrap();
        let recorded: Vec<Quad> =
            store.store.quads_for_pattern(None, None, None, Some(META_GRAPH.into())).collect::<Result<_, _>>().unwrap();
        assert!(recorded.len() > 10, "{recorded:?}");
        for quad in recorded {
            assert!(quad.predicate.as_str().starts_with(records::META_NAMESPACE), "{quad}");
        }
    }

    fn recorded_quads(tx: &Transaction<'_>, subject: NamedOrBlankNodeRef<'_>) -> Vec<Quad> {
        tx.quads_for_pattern(Some(subject), None, None, Some(META_GRAPH.into())).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn bundled_graphs_are_derived_on_first_open() {
        let store =
            GraphStore::open(Location::Memory, Access::Write { wait: std::time::Duration::from_secs(5) }).unwrap();
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
