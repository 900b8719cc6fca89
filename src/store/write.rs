//! Writes that come from outside the command line (the HTTP server's Graph Store Protocol and
//! SPARQL Update): each runs in one transaction that also re-derives the traversal edges and
//! bumps the generation, then a snapshot is published for readers. All or nothing: a body that
//! does not parse, or a change to actorgraph's own graphs, leaves the store as it was.

use super::derive::{Chains, Touched};
use super::load::parse_reader;
use super::records::{meta, read_counter, remove_meta, write_counter};
use super::{derive_edges, GraphStore, LoadError, StoreError};
use crate::rdf::vocab::{DERIVED_GRAPH, GRAPH_NS, META_GRAPH};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Quad};
use oxigraph::sparql::UpdateEvaluationError;
use oxigraph::store::{StorageError, Transaction};
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;

/// The graph a Graph Store Protocol request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphTarget {
    /// The store's own default graph (queries see the union of all graphs as theirs).
    Default,
    /// A named graph.
    Named(NamedNode),
}

impl GraphTarget {
    fn graph_name(&self) -> GraphName {
        match self {
            GraphTarget::Default => GraphName::DefaultGraph,
            GraphTarget::Named(g) => g.clone().into(),
        }
    }
}

/// RDF received in a request body: its bytes, format and the IRI relative IRIs resolve against.
#[derive(Debug, Clone, Copy)]
pub struct RdfBody<'a> {
    /// The serialized RDF.
    pub bytes: &'a [u8],
    /// Its format.
    pub format: RdfFormat,
    /// The base IRI (the graph's IRI or the request URL).
    pub base_iri: Option<&'a str>,
}

/// Why a write was refused or failed. The store is unchanged whatever the error.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The write would change a graph actorgraph keeps for itself (bundled data, derived edges,
    /// bookkeeping).
    #[error("graph <{0}> is reserved for actorgraph's own data and cannot be written over HTTP")]
    Reserved(String),
    /// The update uses something the server does not do (LOAD from the network).
    #[error("{0}")]
    Refused(String),
    /// The SPARQL Update does not parse; holds the parser's message.
    #[error("SPARQL Update syntax error: {0}")]
    Syntax(String),
    /// Both the request (using-graph-uri, using-named-graph-uri) and the update (USING, WITH)
    /// name the dataset.
    #[error("the request gives using-graph-uri or using-named-graph-uri and the update has its own USING or WITH; give one or the other")]
    DatasetConflict,
    /// The request body does not parse as the RDF its content type names.
    #[error(transparent)]
    Body(#[from] LoadError),
    /// The update failed while running (a graph that already exists or does not, say).
    #[error(transparent)]
    Evaluation(#[from] UpdateEvaluationError),
    /// Opening or publishing the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store could not be read or written.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What a write did.
#[derive(Debug, Clone, Default)]
pub struct WriteOutcome {
    /// Whether the target graph did not exist before.
    pub created: bool,
    /// Triples (quads) read from the request body.
    pub triples: u64,
    /// Why readers in other processes do not see the write yet, when the snapshot could not be
    /// published (the write itself is committed).
    pub snapshot_warning: Option<String>,
}

/// Whether a graph IRI is one of actorgraph's own (bundled, derived, bookkeeping, staging).
pub fn is_reserved(graph: &str) -> bool {
    graph.starts_with(GRAPH_NS)
}

pub(super) fn check_writable(graph: &GraphName) -> Result<(), WriteError> {
    match graph {
        GraphName::NamedNode(g) if is_reserved(g.as_str()) => Err(WriteError::Reserved(g.as_str().to_owned())),
        _ => Ok(()),
    }
}

impl GraphStore {
    /// Whether the graph exists: the default graph always does; actorgraph's bookkeeping graphs
    /// never do for a reader.
    pub fn graph_exists(&self, target: &GraphTarget) -> Result<bool, StorageError> {
        Ok(match target {
            GraphTarget::Default => true,
            GraphTarget::Named(g) => {
                super::records::is_visible(&g.clone().into()) && self.store.contains_named_graph(g.as_ref())?
            }
        })
    }

    /// Replaces the graph's content with the body's triples (Graph Store Protocol PUT).
    pub fn put_graph(&mut self, target: &GraphTarget, body: RdfBody<'_>) -> Result<WriteOutcome, WriteError> {
        let graph = target.graph_name();
        check_writable(&graph)?;
        let quads = parse_body(body, &graph, false)?;
        let forget = match target {
            GraphTarget::Named(g) => vec![g.clone()],
            GraphTarget::Default => Vec::new(),
        };
        let triples = quads.len() as u64;
        // Into a graph that does not exist yet, the write only adds.
        let added = (!self.graph_exists(target)?).then_some(quads.as_slice());
        let (created, warning) = self.write_in_transaction(&forget, added, |tx| {
            let created = !contains_graph(tx, &graph)?;
            match &graph {
                GraphName::DefaultGraph => tx.clear_graph(GraphNameRef::DefaultGraph)?,
                GraphName::NamedNode(g) => {
                    tx.remove_named_graph(g)?;
                    tx.insert_named_graph(g);
                }
                GraphName::BlankNode(_) => unreachable!("targets are named"),
            }
            for quad in &quads {
                tx.insert(quad);
            }
            Ok(created)
        })?;
        Ok(WriteOutcome { created, triples, snapshot_warning: warning })
    }

    /// Adds the bodies' triples to the graph, creating it if needed (Graph Store Protocol POST;
    /// several bodies for a multipart request). All bodies parse, or nothing is written.
    pub fn post_graph(&mut self, target: &GraphTarget, bodies: &[RdfBody<'_>]) -> Result<WriteOutcome, WriteError> {
        let graph = target.graph_name();
        check_writable(&graph)?;
        let mut quads = Vec::new();
        for body in bodies {
            quads.extend(parse_body(*body, &graph, false)?);
        }
        let triples = quads.len() as u64;
        let (created, warning) = self.write_in_transaction(&[], Some(&quads), |tx| {
            let created = !contains_graph(tx, &graph)?;
            if let GraphName::NamedNode(g) = &graph {
                tx.insert_named_graph(g);
            }
            for quad in &quads {
                tx.insert(quad);
            }
            Ok(created)
        })?;
        Ok(WriteOutcome { created, triples, snapshot_warning: warning })
    }

    /// Adds datasets (TriG, N-Quads...) to the store, each quad into its own graph; triples
    /// outside a named graph go to the default graph. All bodies parse, or nothing is written.
    pub fn post_dataset(&mut self, bodies: &[RdfBody<'_>]) -> Result<WriteOutcome, WriteError> {
        let mut quads = Vec::new();
        for body in bodies {
            quads.extend(parse_body(*body, &GraphName::DefaultGraph, true)?);
        }
        for quad in &quads {
            check_writable(&quad.graph_name)?;
        }
        let triples = quads.len() as u64;
        let ((), warning) = self.write_in_transaction(&[], Some(&quads), |tx| {
            for quad in &quads {
                tx.insert(quad);
            }
            Ok(())
        })?;
        Ok(WriteOutcome { created: false, triples, snapshot_warning: warning })
    }

    /// Removes a named graph, or empties the default graph (Graph Store Protocol DELETE).
    /// Returns whether the graph existed.
    pub fn delete_graph(&mut self, target: &GraphTarget) -> Result<(bool, Option<String>), WriteError> {
        let graph = target.graph_name();
        check_writable(&graph)?;
        if !self.graph_exists(target)? {
            return Ok((false, None));
        }
        let ((), warning) = self.write_in_transaction(&[], None, |tx| {
            match &graph {
                GraphName::NamedNode(g) => tx.remove_named_graph(g)?,
                _ => tx.clear_graph(GraphNameRef::DefaultGraph)?,
            }
            Ok(())
        })?;
        Ok((true, warning))
    }

    /// Runs `change` in one transaction, then checks that it left actorgraph's own graphs as
    /// they were, forgets the load records of `forget` and of graphs that no longer exist,
    /// bumps the generation, brings the traversal edges up to date (those of the facts in
    /// `added` when the change only added these quads, all of them otherwise), commits and
    /// publishes. On any error the transaction is dropped: nothing changes.
    pub(super) fn write_in_transaction<T>(
        &mut self,
        forget: &[NamedNode],
        added: Option<&[Quad]>,
        change: impl FnOnce(&mut Transaction<'_>) -> Result<T, WriteError>,
    ) -> Result<(T, Option<String>), WriteError> {
        self.begin_change()?;
        let result = (|| {
            let mut tx = self.store.start_transaction()?;
            let before = reserved_fingerprints(&tx)?;
            let value = change(&mut tx)?;
            let after = reserved_fingerprints(&tx)?;
            if let Some(graph) = changed_graph(&before, &after) {
                return Err(WriteError::Reserved(graph));
            }
            for graph in forget {
                remove_meta(&mut tx, graph.as_ref().into())?;
            }
            forget_dropped_graphs(&mut tx)?;
            let generation = read_counter(&tx, meta::GENERATION)? + 1;
            write_counter(&mut tx, meta::GENERATION, generation)?;
            derive(&mut tx, added)?;
            write_counter(&mut tx, meta::DERIVED_GENERATION, generation)?;
            tx.commit()?;
            Ok((value, generation))
        })();
        match result {
            Ok((value, generation)) => {
                self.generation = generation;
                let warning = self.publish().err().map(|e| super::error_chain(&e));
                Ok((value, warning))
            }
            Err(error) => {
                if self.published == Some(self.generation) {
                    if let Some(lock) = &mut self.lock {
                        lock.set_writing(false);
                    }
                }
                Err(error)
            }
        }
    }
}

/// Derives the edges of the facts a change added, or, when it may have removed or redefined
/// edges, every edge again (as a reload does).
fn derive(tx: &mut Transaction<'_>, added: Option<&[Quad]>) -> Result<(), WriteError> {
    if let Some(quads) = added {
        let chains = Chains::read(tx)?;
        let mut touched = Touched::default();
        for quad in quads {
            touched.observe(&chains, quad);
        }
        if !touched.chains_changed {
            for quad in chains.derive_for(tx, touched.facts(), DERIVED_GRAPH)? {
                tx.insert(&quad);
            }
            return Ok(());
        }
    }
    derive_edges(tx).map_err(StoreError::Derive)?;
    Ok(())
}

fn contains_graph(tx: &Transaction<'_>, graph: &GraphName) -> Result<bool, StorageError> {
    match graph {
        GraphName::NamedNode(g) => tx.contains_named_graph(g),
        _ => Ok(true),
    }
}

/// Parses a request body whole: its default graph goes into `graph`; named graphs are kept only
/// for a dataset upload (`datasets`) and refused otherwise.
fn parse_body(body: RdfBody<'_>, graph: &GraphName, datasets: bool) -> Result<Vec<Quad>, WriteError> {
    let name = Path::new("request body");
    let mut quads = Vec::new();
    for quad in parse_reader(name, body.bytes, body.format, graph.clone(), body.base_iri)? {
        let quad = quad?;
        if !datasets && quad.graph_name != *graph {
            return Err(WriteError::Body(LoadError::SyntaxWithoutPosition {
                path: name.to_owned(),
                message: "a graph holds triples only; this body names other graphs (send datasets to /store \
                          without ?graph)"
                    .into(),
            }));
        }
        quads.push(quad);
    }
    Ok(quads)
}

/// For each of actorgraph's own graphs but the derived one (which every write recomputes), its
/// size and an order-independent hash of its quads.
fn reserved_fingerprints(tx: &Transaction<'_>) -> Result<BTreeMap<String, (u64, u64)>, StorageError> {
    let mut prints = BTreeMap::new();
    for graph in tx.named_graphs() {
        let NamedOrBlankNode::NamedNode(graph) = graph? else { continue };
        if !is_reserved(graph.as_str()) || graph.as_ref() == DERIVED_GRAPH {
            continue;
        }
        let (mut count, mut sum) = (0u64, 0u64);
        for quad in tx.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            quad?.hash(&mut hasher);
            count += 1;
            sum = sum.wrapping_add(hasher.finish());
        }
        prints.insert(graph.as_str().to_owned(), (count, sum));
    }
    Ok(prints)
}

fn changed_graph(before: &BTreeMap<String, (u64, u64)>, after: &BTreeMap<String, (u64, u64)>) -> Option<String> {
    let names: HashSet<&String> = before.keys().chain(after.keys()).collect();
    let mut names: Vec<&String> = names.into_iter().collect();
    names.sort();
    names.into_iter().find(|name| before.get(*name) != after.get(*name)).cloned()
}

/// Removes the load records of graphs a write dropped, so `stats` does not list them.
fn forget_dropped_graphs(tx: &mut Transaction<'_>) -> Result<(), StorageError> {
    let mut gone = Vec::new();
    for predicate in [meta::LOADED_FROM, meta::PART_OF_LOAD] {
        for quad in tx.quads_for_pattern(None, Some(predicate), None, Some(META_GRAPH.into())) {
            let quad = quad?;
            if let NamedOrBlankNode::NamedNode(g) = &quad.subject {
                if !tx.contains_named_graph(g)? {
                    gone.push(g.clone());
                }
            }
        }
    }
    for graph in gone {
        let subject: NamedOrBlankNodeRef<'_> = graph.as_ref().into();
        remove_meta(tx, subject)?;
    }
    Ok(())
}
