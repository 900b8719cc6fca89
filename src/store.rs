//! The persistent RDF store: Oxigraph on disk (RocksDB) or in memory, the bundled graphs kept
//! current by content hash, atomic loads of user files, SPARQL over the union of graphs, dumps.
//! This is the only module that touches oxigraph's `Store`.

use crate::bundled::BundledFile;
use crate::vocab::{self, DERIVED_GRAPH, GRAPH_NS, META_GRAPH, STAGING_GRAPH_PREFIX};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser, RdfSerializer};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    QuadRef, Term, TermRef,
};
use oxigraph::sparql::{
    PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator, SparqlSyntaxError,
    Variable,
};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

mod derive;
use derive::{Chains, Touched};

/// Bookkeeping vocabulary of the meta graph; not part of the ontology.
mod meta {
    use oxigraph::model::NamedNodeRef;
    macro_rules! meta_terms {
        ($($name:ident = $local:literal;)*) => {
            $(pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!("https://w3id.org/actorgraph/meta#", $local));)*
        };
    }
    meta_terms! {
        STORE = "store";
        GENERATION = "generation";
        DERIVED_GENERATION = "derivedGeneration";
        CONTENT_HASH = "contentHash";
        BUNDLED_FILE = "bundledFile";
        LOADED_FROM = "loadedFrom";
        FORMAT = "format";
        LOADED_AT = "loadedAt";
        TRIPLE_COUNT = "tripleCount";
        PART_OF_LOAD = "partOfLoad";
    }
}

/// Where the store lives.
#[derive(Debug, Clone)]
pub enum Location {
    /// A directory holding the RocksDB database (in `oxigraph/`) and the path-lookup cache.
    Disk(PathBuf),
    /// A throwaway in-memory graph.
    Memory,
}

/// Errors opening the store or keeping its bundled graphs current.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the store directory {path}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("the store at {path} is in use by another actorgraph process; wait for it to finish or use --store with another directory")]
    Locked { path: PathBuf },
    #[error("cannot open the store at {path}")]
    Open { path: PathBuf, source: StorageError },
    #[error("bundled file {path} does not parse (this is a bug in the build)")]
    Bundled { path: String, source: RdfParseError },
    #[error("cannot derive the traversal edges from the ontology's property chains")]
    Derive(#[source] StorageError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors loading user files. Whatever the error, the store is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}:{line}:{column}: {message}")]
    Syntax { path: PathBuf, line: u64, column: u64, message: String },
    #[error("{path}: {message}")]
    SyntaxWithoutPosition { path: PathBuf, message: String },
    #[error("cannot read {path}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path}: graph <{graph}> is reserved for actorgraph's own data; choose another --graph")]
    ReservedGraph { path: PathBuf, graph: String },
    #[error("invalid base IRI for {path}")]
    BaseIri { path: PathBuf, source: oxigraph::model::IriParseError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors evaluating a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Syntax(#[from] SparqlSyntaxError),
    #[error(transparent)]
    Evaluation(#[from] QueryEvaluationError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Errors writing the store out.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("graph <{0}> is not in the store")]
    UnknownGraph(String),
    #[error("cannot write the dump")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// One file to load, and the graph its default graph goes into.
#[derive(Debug, Clone)]
pub struct LoadSource {
    pub path: PathBuf,
    pub format: RdfFormat,
    pub graph: NamedNode,
}

/// Whether a load goes through Oxigraph's bulk loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BulkMode {
    /// Bulk-load when the files together are larger than 8 MiB.
    Auto,
    Always,
    Never,
}

const BULK_THRESHOLD_BYTES: u64 = 8 * 1024 * 1024;

/// What a load did to one target graph.
#[derive(Debug, Clone)]
pub struct LoadedGraph {
    pub graph: NamedNode,
    pub sources: Vec<PathBuf>,
    pub triples: u64,
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
    pub graphs: Vec<LoadedGraph>,
    pub bulk: bool,
}

/// What a graph of the store is and where it came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GraphRecord {
    pub graph: String,
    pub origin: GraphOrigin,
    pub triples: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum GraphOrigin {
    Bundled { file: String },
    Derived,
    Loaded { file: String, format: String, loaded_at: String },
    Other,
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
                std::fs::create_dir_all(dir)
                    .map_err(|source| StoreError::CreateDir { path: dir.clone(), source })?;
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

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// A number that changes whenever the store's content changes; caches key on it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Replaces the bundled graphs whose file changed (or vanished), drops leftover staging
    /// graphs and re-derives the traversal edges, all in one transaction.
    fn sync_bundled(&mut self) -> Result<(), StoreError> {
        let mut tx = self.store.start_transaction()?;
        let mut changed = false;
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
            if recorded.get(graph.as_str()) == Some(&hash) {
                continue;
            }
            tx.remove_named_graph(&graph)?;
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graph.clone())
                .without_named_graphs();
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
            tx.commit()?;
        }
        self.generation = generation;
        Ok(())
    }

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
            let metadata = std::fs::metadata(&source.path)
                .map_err(|e| LoadError::Read { path: source.path.clone(), source: e })?;
            total_bytes += metadata.len();
        }
        let bulk = match mode {
            BulkMode::Always => true,
            BulkMode::Never => false,
            BulkMode::Auto => total_bytes >= BULK_THRESHOLD_BYTES,
        };
        let report = if bulk { self.load_bulk(sources, progress)? } else { self.load_in_transaction(sources)? };
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
            let mut extra = HashSet::new();
            let mut count = 0;
            for quad in parse_quads(source)? {
                let quad = quad?;
                note_extra_graph(source, &quad, &mut extra)?;
                touched.observe(&chains, &quad);
                tx.insert(&quad);
                count += 1;
            }
            plan.record(source, count, extra);
        }
        let generation = read_counter(&tx, meta::GENERATION)? + 1;
        plan.write_meta(&mut tx)?;
        write_counter(&mut tx, meta::GENERATION, generation)?;
        if replaced_any || touched.chains_changed {
            // Facts may have gone or edges been redefined: derive everything again.
            derive_edges(&mut tx).map_err(|e| LoadError::Store(StoreError::Derive(e)))?;
        } else {
            for quad in chains.derive_for(&tx, &touched.facts, DERIVED_GRAPH)? {
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
        let mut staging: HashMap<NamedOrBlankNode, NamedNode> = HashMap::new();
        let mut exists: HashMap<NamedOrBlankNode, bool> = HashMap::new();
        let mut loaded = 0u64;
        let store = &self.store;
        let mut loader = store.bulk_loader();
        for source in sources {
            let mut extra = HashSet::new();
            let mut count = 0u64;
            let quads = parse_quads(source)?.map(|quad| {
                let mut quad = quad?;
                note_extra_graph(source, &quad, &mut extra)?;
                touched.observe(&chains, &quad);
                if let GraphName::NamedNode(g) = &quad.graph_name {
                    let key = NamedOrBlankNode::from(g.clone());
                    let existing = match exists.get(&key) {
                        Some(known) => *known,
                        None => {
                            let known = store.contains_named_graph(g.as_ref())?;
                            exists.insert(key.clone(), known);
                            known
                        }
                    };
                    if existing {
                        let n = staging.len();
                        let stage = staging.entry(key).or_insert_with(|| {
                            NamedNode::new_unchecked(format!("{STAGING_GRAPH_PREFIX}{generation}/{n}"))
                        });
                        quad.graph_name = stage.clone().into();
                    }
                }
                count += 1;
                loaded += 1;
                if loaded.is_multiple_of(PROGRESS_EVERY) {
                    progress(LoadProgress::Parsed(loaded));
                }
                Ok::<_, LoadError>(quad)
            });
            loader.load_ok_quads::<LoadError, LoadError>(quads)?;
            progress(LoadProgress::Parsed(loaded));
            plan.record(source, count, extra);
        }
        // Every file parsed: only now do the batches become visible.
        progress(LoadProgress::Finishing);
        loader.commit()?;

        if earlier.is_empty() && staging.is_empty() && !touched.chains_changed {
            // Only new data: add the new facts' edges, bulk loaded too. Should this fail, the
            // derived generation stays behind and the next open derives everything again.
            let derived = chains.derive_for(&self.store, &touched.facts, DERIVED_GRAPH)?;
            let mut loader = self.store.bulk_loader();
            loader.load_quads(derived)?;
            loader.commit()?;
            let mut tx = self.store.start_transaction()?;
            plan.write_meta(&mut tx)?;
            write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
            tx.commit()?;
            return Ok(plan.into_report(true));
        }
        let mut tx = self.store.start_transaction()?;
        for graph in earlier {
            remove_previous_load(&mut tx, graph.as_ref())?;
            plan.mark_replaced(&graph, true);
        }
        // Move each staging graph into its place: the committed staging quads are copied into
        // the target graph, which the loop above emptied, within this one transaction.
        let mut staging: Vec<_> = staging.into_iter().collect();
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

    /// Graphs queries see: every named graph except actorgraph's bookkeeping.
    pub fn visible_graphs(&self) -> Result<Vec<NamedOrBlankNode>, StorageError> {
        let mut graphs = Vec::new();
        for graph in self.store.named_graphs() {
            let graph = graph?;
            if is_visible(&graph) {
                graphs.push(graph);
            }
        }
        graphs.sort_by_key(graph_display);
        Ok(graphs)
    }

    /// Runs a parsed query over the union of the visible graphs (unless the query names its own
    /// dataset with FROM / FROM NAMED). `GRAPH` still reaches each graph.
    pub fn execute(&self, mut query: PreparedSparqlQuery) -> Result<QueryResults<'static>, QueryError> {
        if query.dataset().is_default_dataset() {
            let graphs = self.visible_graphs()?;
            let mut default: Vec<GraphName> = vec![GraphName::DefaultGraph];
            default.extend(graphs.iter().cloned().map(GraphName::from));
            query.dataset_mut().set_default_graph(default);
            query.dataset_mut().set_available_named_graphs(graphs);
        }
        Ok(query.on_store(&self.store).execute()?)
    }

    /// Runs one of actorgraph's own SELECT queries and collects its rows.
    pub fn select(&self, query: &str, bindings: &[(&str, Term)]) -> Result<Vec<QuerySolution>, QueryError> {
        let mut rows = Vec::new();
        self.for_each_row(query, bindings, |row| rows.push(row))?;
        Ok(rows)
    }

    /// Runs one of actorgraph's own SELECT queries, handing each row to `f` as it comes. Its
    /// default graph is the plain union of all graphs, which Oxigraph reads far faster than a
    /// list of graphs; the bookkeeping graph holds none of the ontology's terms these queries ask for.
    pub fn for_each_row(
        &self,
        query: &str,
        bindings: &[(&str, Term)],
        mut f: impl FnMut(QuerySolution),
    ) -> Result<(), QueryError> {
        let mut prepared = sparql_evaluator().parse_query(query)?;
        for (name, term) in bindings {
            prepared = prepared.substitute_variable(Variable::new_unchecked(*name), term.clone());
        }
        prepared.dataset_mut().set_default_graph_as_union();
        if let QueryResults::Solutions(rows) = prepared.on_store(&self.store).execute()? {
            for row in rows {
                f(row?);
            }
        }
        Ok(())
    }

    /// Hands every quad of the visible graphs and the default graph (with `predicate`, when
    /// given) to `f`, straight from the indexes: for reading large amounts of data fast.
    pub fn scan(&self, predicate: Option<NamedNodeRef<'_>>, mut f: impl FnMut(Quad)) -> Result<(), StorageError> {
        for quad in self.store.quads_for_pattern(None, predicate, None, None) {
            let quad = quad?;
            let hidden = match &quad.graph_name {
                GraphName::NamedNode(g) => g.as_ref() == META_GRAPH || g.as_str().starts_with(STAGING_GRAPH_PREFIX),
                _ => false,
            };
            if !hidden {
                f(quad);
            }
        }
        Ok(())
    }

    /// Every quad of the visible graphs, for tools that need the whole data (validation).
    pub fn visible_quads(&self) -> Result<Vec<Quad>, StorageError> {
        let mut quads = Vec::new();
        for graph in self.visible_graphs()? {
            for quad in self.store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
                quads.push(quad?);
            }
        }
        for quad in self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)) {
            quads.push(quad?);
        }
        Ok(quads)
    }

    /// Writes one graph, or every visible graph, in `format`. A graph-only format (Turtle,
    /// N-Triples, RDF/XML) given the whole store writes the union of its graphs.
    pub fn dump(&self, writer: impl Write, format: RdfFormat, graph: Option<&NamedNode>) -> Result<(), DumpError> {
        let graphs: Vec<GraphName> = match graph {
            Some(g) => {
                if !self.store.contains_named_graph(g.as_ref())? {
                    return Err(DumpError::UnknownGraph(g.as_str().to_owned()));
                }
                vec![g.clone().into()]
            }
            None => {
                let mut all = vec![GraphName::DefaultGraph];
                all.extend(self.visible_graphs()?.into_iter().map(GraphName::from));
                all
            }
        };
        let mut serializer = RdfSerializer::from_format(format);
        for (prefix, namespace) in vocab::PREFIXES {
            serializer = serializer.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
        }
        let mut serializer = serializer.for_writer(writer);
        for graph in &graphs {
            for quad in self.store.quads_for_pattern(None, None, None, Some(graph.as_ref())) {
                let mut quad = quad?;
                if !format.supports_datasets() {
                    quad.graph_name = GraphName::DefaultGraph;
                }
                serializer.serialize_quad(&quad)?;
            }
        }
        serializer.finish()?;
        Ok(())
    }

    /// The visible graphs with their origin and size.
    pub fn graph_records(&self) -> Result<Vec<GraphRecord>, StorageError> {
        let mut records = Vec::new();
        for graph in self.visible_graphs()? {
            let triples = self.store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())).count() as u64;
            let origin = self.origin_of(graph.as_ref())?;
            records.push(GraphRecord { graph: graph_display(&graph), origin, triples });
        }
        let default = self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)).count();
        if default > 0 {
            records.push(GraphRecord { graph: "(default graph)".into(), origin: GraphOrigin::Other, triples: default as u64 });
        }
        Ok(records)
    }

    fn origin_of(&self, graph: NamedOrBlankNodeRef<'_>) -> Result<GraphOrigin, StorageError> {
        if let NamedOrBlankNodeRef::NamedNode(g) = graph {
            if g == DERIVED_GRAPH {
                return Ok(GraphOrigin::Derived);
            }
        }
        let value = |p: NamedNodeRef<'_>| -> Result<Option<String>, StorageError> {
            Ok(self
                .store
                .quads_for_pattern(Some(graph), Some(p), None, Some(META_GRAPH.into()))
                .next()
                .transpose()?
                .and_then(|q| literal_value(&q.object)))
        };
        if let Some(file) = value(meta::BUNDLED_FILE)? {
            return Ok(GraphOrigin::Bundled { file });
        }
        if let Some(file) = value(meta::LOADED_FROM)? {
            return Ok(GraphOrigin::Loaded {
                file,
                format: value(meta::FORMAT)?.unwrap_or_default(),
                loaded_at: value(meta::LOADED_AT)?.unwrap_or_default(),
            });
        }
        if let Some(parent) = self
            .store
            .quads_for_pattern(Some(graph), Some(meta::PART_OF_LOAD), None, Some(META_GRAPH.into()))
            .next()
            .transpose()?
        {
            if let Term::NamedNode(parent) = parent.object {
                return self.origin_of(parent.as_ref().into());
            }
        }
        Ok(GraphOrigin::Other)
    }
}

/// The SPARQL evaluator actorgraph uses: known prefixes predeclared, no outgoing HTTP.
pub fn sparql_evaluator() -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new().without_default_http_service_handler();
    for (prefix, namespace) in vocab::PREFIXES {
        evaluator = evaluator.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
    }
    evaluator
}

const PROGRESS_EVERY: u64 = 50_000;

fn is_visible(graph: &NamedOrBlankNode) -> bool {
    match graph {
        NamedOrBlankNode::NamedNode(g) => g.as_ref() != META_GRAPH && !g.as_str().starts_with(STAGING_GRAPH_PREFIX),
        NamedOrBlankNode::BlankNode(_) => true,
    }
}

fn graph_display(graph: &NamedOrBlankNode) -> String {
    match graph {
        NamedOrBlankNode::NamedNode(g) => g.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => b.to_string(),
    }
}

fn literal_value(term: &Term) -> Option<String> {
    match term {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

fn named_graphs(tx: &Transaction<'_>) -> Result<Vec<NamedOrBlankNode>, StorageError> {
    tx.named_graphs().collect()
}

fn recorded_hashes(tx: &Transaction<'_>) -> Result<BTreeMap<String, String>, StorageError> {
    let mut hashes = BTreeMap::new();
    for quad in tx.quads_for_pattern(None, Some(meta::CONTENT_HASH), None, Some(META_GRAPH.into())) {
        let quad = quad?;
        if let (NamedOrBlankNode::NamedNode(g), Term::Literal(hash)) = (&quad.subject, &quad.object) {
            hashes.insert(g.as_str().to_owned(), hash.value().to_owned());
        }
    }
    Ok(hashes)
}

fn insert_meta(
    tx: &mut Transaction<'_>,
    subject: NamedOrBlankNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    object: impl Into<Term>,
) -> Result<(), StorageError> {
    let object = object.into();
    tx.insert(QuadRef::new(subject, predicate, object.as_ref(), META_GRAPH));
    Ok(())
}

fn remove_meta(tx: &mut Transaction<'_>, subject: NamedOrBlankNodeRef<'_>) -> Result<(), StorageError> {
    let quads: Vec<Quad> =
        tx.quads_for_pattern(Some(subject), None, None, Some(META_GRAPH.into())).collect::<Result<_, _>>()?;
    for quad in &quads {
        tx.remove(quad);
    }
    Ok(())
}

fn read_counter(tx: &Transaction<'_>, predicate: NamedNodeRef<'_>) -> Result<u64, StorageError> {
    let store_node: NamedOrBlankNodeRef<'_> = meta::STORE.into();
    Ok(tx
        .quads_for_pattern(Some(store_node), Some(predicate), None, Some(META_GRAPH.into()))
        .next()
        .transpose()?
        .and_then(|q| match q.object {
            Term::Literal(l) => l.value().parse().ok(),
            _ => None,
        })
        .unwrap_or(0))
}

fn write_counter(tx: &mut Transaction<'_>, predicate: NamedNodeRef<'_>, value: u64) -> Result<(), StorageError> {
    let store_node: NamedOrBlankNodeRef<'_> = meta::STORE.into();
    let old: Vec<Quad> = tx
        .quads_for_pattern(Some(store_node), Some(predicate), None, Some(META_GRAPH.into()))
        .collect::<Result<_, _>>()?;
    for quad in &old {
        tx.remove(quad);
    }
    let literal = Literal::new_typed_literal(value.to_string(), xsd::INTEGER);
    tx.insert(QuadRef::new(store_node, predicate, TermRef::from(literal.as_ref()), META_GRAPH));
    Ok(())
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

/// The extra graphs an earlier load of `graph` brought in (named graphs of a TriG/N-Quads file).
fn extras_of(tx: &Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<Vec<NamedOrBlankNode>, StorageError> {
    tx.quads_for_pattern(None, Some(meta::PART_OF_LOAD), Some(graph.into()), Some(META_GRAPH.into()))
        .map(|q| q.map(|q| q.subject))
        .collect()
}

/// Whether `graph` holds data from an earlier load (itself or the extra graphs it brought).
fn had_previous_load(tx: &Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<bool, StorageError> {
    Ok(tx.contains_named_graph(graph)? || !extras_of(tx, graph)?.is_empty())
}

/// Removes a target graph and the extra graphs its previous load brought in, with their
/// records. Returns whether there was anything to replace.
fn remove_previous_load(tx: &mut Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<bool, StorageError> {
    let extras = extras_of(tx, graph)?;
    let existed = tx.contains_named_graph(graph)? || !extras.is_empty();
    for extra in &extras {
        tx.remove_named_graph(extra)?;
        remove_meta(tx, extra.as_ref())?;
    }
    tx.remove_named_graph(graph)?;
    remove_meta(tx, graph.into())?;
    Ok(existed)
}

/// Parses one file lazily: the default graph goes to the target graph, blank nodes are renamed
/// apart from every other file's.
fn parse_quads(source: &LoadSource) -> Result<impl Iterator<Item = Result<Quad, LoadError>> + '_, LoadError> {
    let file = File::open(&source.path).map_err(|e| LoadError::Read { path: source.path.clone(), source: e })?;
    let parser = RdfParser::from_format(source.format)
        .with_base_iri(file_iri(&source.path))
        .map_err(|e| LoadError::BaseIri { path: source.path.clone(), source: e })?
        .with_default_graph(source.graph.clone())
        .rename_blank_nodes();
    Ok(parser.for_reader(BufReader::new(file)).map(move |quad| quad.map_err(|e| parse_error(&source.path, e))))
}

fn note_extra_graph(source: &LoadSource, quad: &Quad, extra: &mut HashSet<NamedOrBlankNode>) -> Result<(), LoadError> {
    let graph = match &quad.graph_name {
        GraphName::NamedNode(g) if *g == source.graph => return Ok(()),
        GraphName::NamedNode(g) => {
            if g.as_str().starts_with(GRAPH_NS) {
                return Err(LoadError::ReservedGraph { path: source.path.clone(), graph: g.as_str().to_owned() });
            }
            NamedOrBlankNode::from(g.clone())
        }
        GraphName::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
        GraphName::DefaultGraph => return Ok(()),
    };
    extra.insert(graph);
    Ok(())
}

fn parse_error(path: &Path, error: RdfParseError) -> LoadError {
    match error {
        RdfParseError::Syntax(e) => match e.location() {
            Some(range) => LoadError::Syntax {
                path: path.to_owned(),
                line: range.start.line + 1,
                column: range.start.column + 1,
                message: strip_position(&e.to_string()),
            },
            None => LoadError::SyntaxWithoutPosition { path: path.to_owned(), message: e.to_string() },
        },
        RdfParseError::Io(e) => LoadError::Read { path: path.to_owned(), source: e },
    }
}

/// Oxigraph's messages repeat the position we already print in front ("Parser error at line
/// 3 column 5: ..."); keep only the explanation.
fn strip_position(message: &str) -> String {
    match message.split_once(": ") {
        Some((head, rest)) if head.contains("line") || head.contains("column") => rest.to_owned(),
        _ => message.to_owned(),
    }
}

/// `file://` IRI of a path: the default graph name and base IRI of a loaded file.
pub fn file_iri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut iri = String::from("file://");
    for c in absolute.to_string_lossy().chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' => iri.push(c),
            '\\' => iri.push('/'),
            other => {
                let mut buffer = [0; 4];
                for byte in other.encode_utf8(&mut buffer).bytes() {
                    iri.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    iri
}

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
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let loaded_at = Literal::new_typed_literal(format_timestamp(now), xsd::DATE_TIME);
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
        LoadReport { graphs: self.graphs.into_values().collect(), bulk }
    }
}

/// Formats seconds since the epoch as an `xsd:dateTime` in UTC.
fn format_timestamp(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        (rest % 3600) / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_utc() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
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
                    tx.insert(QuadRef::new(&quad.subject, quad.predicate.as_ref(), &Term::from(Literal::new_simple_literal("stale")), META_GRAPH));
                }
            }
            let some: Vec<Quad> = tx.quads_for_pattern(None, None, None, Some(entities.as_ref().into())).take(10).collect::<Result<_, _>>().unwrap();
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
        assert!(store.store.contains(QuadRef::new(
            NamedNodeRef::new_unchecked("http://e.org/a"),
            NamedNodeRef::new_unchecked("http://e.org/p"),
            NamedNodeRef::new_unchecked("http://e.org/b"),
            user_graph.as_ref(),
        )).unwrap());
    }

    fn recorded_quads(tx: &Transaction<'_>, subject: NamedOrBlankNodeRef<'_>) -> Vec<Quad> {
        tx.quads_for_pattern(Some(subject), None, None, Some(META_GRAPH.into())).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn bundled_graphs_are_derived_on_first_open() {
        let store = GraphStore::open(Location::Memory).unwrap();
        let derived = store
            .select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/actorgraph/graph/derived> { ?s ?p ?o } }", &[])
            .unwrap();
        let n: u64 = match derived[0].get("n") {
            Some(Term::Literal(l)) => l.value().parse().unwrap(),
            other => panic!("{other:?}"),
        };
        assert!(n > 100, "expected derived edges, got {n}");
        assert_eq!(store.generation(), 1);
    }
}
