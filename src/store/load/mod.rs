//! Atomic loads of user files: small loads in one transaction, large ones through Oxigraph's bulk
//! loader with staging graphs, each file into its own graph (a reload replaces it), with a record
//! of the load and the derived edges brought up to date. Whatever fails, the store is unchanged.

mod intake;
mod parse;

use super::derive::{Chains, Touched};
use super::records::{
    graph_display, had_previous_load, insert_meta, meta, read_counter, remove_previous_load, write_counter,
};
use super::{derive_edges, GraphStore, LoadError, StoreError};
use crate::rdf::dates::now_timestamp;
use crate::rdf::vocab::{DERIVED_GRAPH, GRAPH_NS};
use intake::{Intake, Staging};
use oxigraph::io::RdfFormat;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef};
use oxigraph::store::{StorageError, Transaction};
pub use parse::file_iri;
use parse::parse_quads;
pub(in crate::store) use parse::parse_reader;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// One file to load, and the graph its default graph goes into.
#[derive(Debug, Clone)]
pub struct LoadSource {
    /// The file to read (`-` for standard input, where the format allows it).
    pub path: PathBuf,
    /// How to read it: an RDF format, or a producer of quads from another kind of file.
    pub format: SourceFormat,
    /// The graph the file's default graph goes into (a dataset's named graphs keep their names).
    pub graph: NamedNode,
}

/// How a load source is read.
#[derive(Debug, Clone)]
pub enum SourceFormat {
    /// An RDF file, parsed by Oxigraph.
    Rdf(RdfFormat),
    /// Another kind of file (FollowTheMoney JSON lines), turned into quads by a producer.
    Produced(Arc<dyn QuadProducer>),
}

impl From<RdfFormat> for SourceFormat {
    fn from(format: RdfFormat) -> Self {
        SourceFormat::Rdf(format)
    }
}

/// Turns a file that is not RDF into quads for a load, lazily, so that memory stays bounded.
pub trait QuadProducer: std::fmt::Debug + Send + Sync {
    /// The quads of `source` (its default graph is `source.graph`); every error names the file
    /// and line.
    fn quads<'a>(&'a self, source: &'a LoadSource) -> Result<QuadIter<'a>, LoadError>;

    /// The size of the input in bytes, when it can be known before reading (not for stdin).
    fn size(&self, source: &LoadSource) -> Option<u64> {
        std::fs::metadata(&source.path).ok().map(|m| m.len())
    }

    /// The name of the format, for the load record.
    fn format_name(&self) -> &'static str;
}

/// Quads read lazily from a load source.
pub type QuadIter<'a> = Box<dyn Iterator<Item = Result<Quad, LoadError>> + 'a>;

/// Whether a load goes through Oxigraph's bulk loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkMode {
    /// Bulk-load when the files together are larger than 8 MiB.
    Auto,
    /// Always through the bulk loader.
    Always,
    /// Always in one transaction.
    Never,
}

const BULK_THRESHOLD_BYTES: u64 = 8 * 1024 * 1024;

/// What a load did to one target graph.
#[derive(Debug, Clone)]
pub struct LoadedGraph {
    /// The target graph.
    pub graph: NamedNode,
    /// The files loaded into it, in the order given.
    pub sources: Vec<PathBuf>,
    /// Triples read from those files, those of extra named graphs included.
    pub triples: u64,
    /// Whether the graph held an earlier load, which this one replaced.
    pub replaced: bool,
    /// Named graphs that dataset files (TriG, N-Quads) brought in besides the target graph.
    pub extra_graphs: Vec<NamedOrBlankNode>,
}

/// How far a bulk load has come, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProgress {
    /// Triples parsed and handed to the bulk loader so far.
    Parsed(u64),
    /// Every file parsed; committing, moving graphs into place and deriving edges.
    Finishing,
}

/// Summary of a finished load.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// What the load did to each target graph.
    pub graphs: Vec<LoadedGraph>,
    /// Whether the load went through Oxigraph's bulk loader.
    pub bulk: bool,
    /// Why readers in other processes do not see the load yet, when the snapshot for them could
    /// not be written (the load itself is committed; the next command publishes it).
    pub snapshot_warning: Option<String>,
}

impl GraphStore {
    /// Loads files, each into its graph, replacing what those graphs held before. All or
    /// nothing: on any error the store is unchanged.
    pub fn load(
        &mut self,
        sources: &[LoadSource],
        mode: BulkMode,
        progress: &(dyn Fn(LoadProgress) + Sync),
    ) -> Result<LoadReport, LoadError> {
        let mut total_bytes = 0;
        for source in sources {
            if source.graph.as_str().starts_with(GRAPH_NS) {
                return Err(LoadError::ReservedGraph {
                    path: source.path.clone(),
                    graph: source.graph.as_str().to_owned(),
                });
            }
            total_bytes += match &source.format {
                SourceFormat::Rdf(_) => std::fs::metadata(&source.path)
                    .map_err(|e| LoadError::Read { path: source.path.clone(), source: e })?
                    .len(),
                // Input whose size cannot be known (standard input) is taken as large.
                SourceFormat::Produced(producer) => producer.size(source).unwrap_or(BULK_THRESHOLD_BYTES),
            };
        }
        let bulk = match mode {
            BulkMode::Always => true,
            BulkMode::Never => false,
            BulkMode::Auto => total_bytes >= BULK_THRESHOLD_BYTES,
        };
        self.begin_change()?;
        let mut report = if bulk { self.load_bulk(sources, progress)? } else { self.load_in_transaction(sources)? };
        if let Err(error) = self.publish() {
            report.snapshot_warning = Some(crate::store::error_chain(&error));
        }
        Ok(report)
    }

    fn load_in_transaction(&mut self, sources: &[LoadSource]) -> Result<LoadReport, LoadError> {
        let mut tx = self.store.start_transaction()?;
        let chains = Chains::read(&tx)?;
        let mut plan = LoadPlan::new(sources);
        let mut replaced_any = false;
        for graph in plan.targets() {
            let replaced = remove_previous_load(&mut tx, graph.as_ref())?;
            replaced_any |= replaced;
            plan.mark_replaced(&graph, replaced);
        }
        let mut touched = Touched::default();
        for source in sources {
            let mut intake = Intake::default();
            for quad in parse_quads(source)? {
                tx.insert(&intake.take(source, &chains, None, quad?)?);
            }
            touched.merge(intake.touched);
            plan.record(source, intake.count, intake.extra);
        }
        let generation = read_counter(&tx, meta::GENERATION)? + 1;
        plan.write_meta(&mut tx)?;
        write_counter(&mut tx, meta::GENERATION, generation)?;
        if replaced_any || touched.chains_changed {
            // Facts may have gone or edges been redefined: derive everything again.
            derive_edges(&mut tx).map_err(|e| LoadError::Store(StoreError::Derive(e)))?;
        } else {
            for quad in chains.derive_for(&tx, touched.facts(), DERIVED_GRAPH)? {
                tx.insert(&quad);
            }
        }
        write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
        tx.commit()?;
        self.generation = generation;
        Ok(plan.into_report(false))
    }

    /// Bulk load: graphs that already exist are written to hidden staging graphs first and
    /// moved into place in one transaction after the bulk commit, so a failure at any point
    /// leaves the previous data in place.
    fn load_bulk(
        &mut self,
        sources: &[LoadSource],
        progress: &(dyn Fn(LoadProgress) + Sync),
    ) -> Result<LoadReport, LoadError> {
        // Bump the generation first: whatever happens next, caches keyed on it are rebuilt.
        let mut tx = self.store.start_transaction()?;
        let generation = read_counter(&tx, meta::GENERATION)? + 1;
        write_counter(&mut tx, meta::GENERATION, generation)?;
        tx.commit()?;
        self.generation = generation;

        let mut plan = LoadPlan::new(sources);
        // The targets an earlier load filled: only these are replaced after the bulk commit
        // (the others receive the new data directly and must not be touched again).
        let mut earlier = Vec::new();
        {
            let tx = self.store.start_transaction()?;
            for graph in plan.targets() {
                if had_previous_load(&tx, graph.as_ref())? {
                    earlier.push(graph);
                }
            }
        }
        let chains = Chains::read(&self.store)?;
        let mut touched = Touched::default();
        let staging = Staging::new(&self.store, generation);
        let loaded = AtomicU64::new(0);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut loader = self.store.bulk_loader().with_max_memory_size_in_megabytes(BATCH_QUADS * threads / 1_000);
        for source in sources {
            let intake = intake::feed(&mut loader, source, &chains, &staging, &loaded, progress, threads)?;
            progress(LoadProgress::Parsed(loaded.load(Ordering::Relaxed)));
            touched.merge(intake.touched);
            plan.record(source, intake.count, intake.extra);
        }
        let staging = staging.staged();
        // Every file parsed.
        progress(LoadProgress::Finishing);
        if earlier.is_empty() && staging.is_empty() && !touched.chains_changed {
            // Only new data: the new facts' edges come from the role values the parser handed
            // over (and, for facts the store already knew, those it held), and go into the same
            // bulk commit as the data. Should the meta transaction after it fail, the derived
            // generation stays behind and the next open derives everything again. The loader
            // writes each call's last batch on a thread of its own: in pieces, the edges are
            // written on several cores rather than on one after the data.
            let pieces = touched.derive(&chains, &self.store, DERIVED_GRAPH, threads)?;
            for piece in pieces {
                loader.load_quads(piece)?;
            }
            loader.commit()?;
            let mut tx = self.store.start_transaction()?;
            plan.write_meta(&mut tx)?;
            write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
            tx.commit()?;
            return Ok(plan.into_report(true));
        }
        // Only now do the batches become visible.
        loader.commit()?;
        let mut tx = self.store.start_transaction()?;
        for graph in earlier {
            remove_previous_load(&mut tx, graph.as_ref())?;
            plan.mark_replaced(&graph, true);
        }
        // Move each staging graph into its place: the committed staging quads are copied into
        // the target graph, which the loop above emptied, within this one transaction.
        let mut staging = staging;
        staging.sort_by_key(|(target, _)| graph_display(target));
        for (target, stage) in &staging {
            tx.remove_named_graph(target)?;
            let target = GraphName::from(target.clone());
            for quad in self.store.quads_for_pattern(None, None, None, Some(stage.as_ref().into())) {
                let quad = quad?;
                tx.insert(QuadRef::new(&quad.subject, &quad.predicate, &quad.object, &target));
            }
            tx.remove_named_graph(stage)?;
        }
        plan.write_meta(&mut tx)?;
        tx.commit()?;
        // Graphs were replaced, so edges may have gone: derive them all again from the committed
        // store (reading through a large transaction would be slow) and swap the derived graph in
        // one more transaction. Should that fail, the next open derives again.
        let chains = Chains::read(&self.store)?;
        let derived = chains.derive_all(&self.store, DERIVED_GRAPH)?;
        let mut tx = self.store.start_transaction()?;
        tx.remove_named_graph(DERIVED_GRAPH)?;
        for quad in &derived {
            tx.insert(quad);
        }
        write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
        tx.commit()?;
        Ok(plan.into_report(true))
    }
}

/// Quads per batch the bulk loader writes on one of its threads (its default is 1,000,000). Half
/// that leaves less to write once parsing has ended (a 2M-triple load: 9.6 s instead of 11 s on
/// two cores); smaller still leaves RocksDB so many files that every later read is slower (the
/// path-graph build after it: 33 s at 250,000, 26 s at 500,000, 25 s at 1,000,000).
const BATCH_QUADS: usize = 500_000;

/// Which graphs a load replaces, and what it put into them.
struct LoadPlan {
    graphs: BTreeMap<NamedNode, LoadedGraph>,
}

impl LoadPlan {
    fn new(sources: &[LoadSource]) -> Self {
        let mut graphs = BTreeMap::new();
        for source in sources {
            graphs.entry(source.graph.clone()).or_insert_with(|| LoadedGraph {
                graph: source.graph.clone(),
                sources: Vec::new(),
                triples: 0,
                replaced: false,
                extra_graphs: Vec::new(),
            });
        }
        Self { graphs }
    }

    fn targets(&self) -> Vec<NamedNode> {
        self.graphs.keys().cloned().collect()
    }

    fn mark_replaced(&mut self, graph: &NamedNode, replaced: bool) {
        if let Some(entry) = self.graphs.get_mut(graph) {
            entry.replaced |= replaced;
        }
    }

    fn record(&mut self, source: &LoadSource, triples: u64, extra: HashSet<NamedOrBlankNode>) {
        let mut extra: Vec<NamedOrBlankNode> = extra.into_iter().collect();
        extra.sort_by_key(graph_display);
        let entry = self.graphs.get_mut(&source.graph).expect("every source has a planned graph");
        entry.sources.push(source.path.clone());
        entry.triples += triples;
        for graph in extra {
            if !entry.extra_graphs.contains(&graph) {
                entry.extra_graphs.push(graph);
            }
        }
    }

    fn write_meta(&self, tx: &mut Transaction<'_>) -> Result<(), StorageError> {
        let loaded_at = Literal::new_typed_literal(now_timestamp(), xsd::DATE_TIME);
        for entry in self.graphs.values() {
            let subject: NamedOrBlankNodeRef<'_> = entry.graph.as_ref().into();
            // Loading into a graph actorgraph never saw still needs the graph to exist when empty.
            tx.insert_named_graph(subject);
            let files: Vec<String> = entry.sources.iter().map(|p| p.display().to_string()).collect();
            insert_meta(tx, subject, meta::LOADED_FROM, Literal::new_simple_literal(files.join(", ")))?;
            insert_meta(tx, subject, meta::LOADED_AT, loaded_at.clone())?;
            insert_meta(
                tx,
                subject,
                meta::TRIPLE_COUNT,
                Literal::new_typed_literal(entry.triples.to_string(), xsd::INTEGER),
            )?;
            for extra in &entry.extra_graphs {
                insert_meta(tx, extra.as_ref(), meta::PART_OF_LOAD, entry.graph.clone())?;
            }
        }
        Ok(())
    }

    fn into_report(self, bulk: bool) -> LoadReport {
        LoadReport { graphs: self.graphs.into_values().collect(), bulk, snapshot_warning: None }
    }
}
