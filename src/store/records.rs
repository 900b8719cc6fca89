//! What actorgraph records about the store in its meta graph: counters (the generation), the
//! content hash of each bundled file, the record of each load, and from those the origin of
//! every graph. The meta graph is bookkeeping, never visible to queries.

use super::derive::{as_subject, QuadSource};
use super::read::{count_in, sparql_evaluator};
use super::{GraphStore, QueryError};
use crate::rdf::vocab::{DERIVED_GRAPH, META_GRAPH, STAGING_GRAPH_PREFIX};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef,
};
use oxigraph::store::{StorageError, Transaction};
use std::collections::{BTreeMap, HashMap};

const GRAPH_SIZES: &str = include_str!("../sparql/graph_sizes.rq");

/// The namespace of the bookkeeping vocabulary: the meta graph holds no other predicate, which
/// lets a query naming only other predicates read the union of all graphs (`store::union`).
pub(super) const META_NAMESPACE: &str = "https://w3id.org/actorgraph/meta#";

/// Bookkeeping vocabulary of the meta graph (in `META_NAMESPACE`); not part of the ontology.
pub(super) mod meta {
    use oxigraph::model::NamedNodeRef;
    macro_rules! meta_terms {
        ($($name:ident = $local:literal;)*) => {
            $(pub(crate) const $name: NamedNodeRef<'static> =
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

/// What a graph of the store is and where it came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GraphRecord {
    /// Name of the graph: its IRI, a blank node, or `(default graph)`.
    pub graph: String,
    /// Where the graph came from.
    pub origin: GraphOrigin,
    /// Number of triples in the graph.
    pub triples: u64,
}

/// Where a graph of the store came from.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum GraphOrigin {
    /// One of the bundled ontology or data files.
    Bundled {
        /// Path of the file relative to the project root.
        file: String,
    },
    /// The edges derived from the ontology's property chains.
    Derived,
    /// Filled by loading user files (or a named graph such a file brought in).
    Loaded {
        /// The files loaded, comma-separated.
        file: String,
        /// The format recorded for the load (empty when none was recorded).
        format: String,
        /// When the load happened, as an `xsd:dateTime` in UTC.
        loaded_at: String,
    },
    /// Any other graph, such as the default graph.
    Other,
}

impl GraphStore {
    /// The visible graphs with their origin and size. The sizes come from one counting query,
    /// which reads the indexes without decoding the triples (0.8 s on a 2.6M-triple store, where
    /// decoding them took about 10 s).
    pub fn graph_records(&self) -> Result<Vec<GraphRecord>, QueryError> {
        let mut named: HashMap<NamedOrBlankNode, u64> = HashMap::new();
        let mut default = 0;
        let mut prepared = sparql_evaluator().parse_query(GRAPH_SIZES)?;
        prepared.dataset_mut().set_default_graph(vec![GraphName::DefaultGraph]);
        self.each_row(prepared, |row| {
            let triples = count_in(&row, "triples");
            match row.get("graph").and_then(as_subject) {
                Some(graph) => {
                    named.insert(graph, triples);
                }
                None => default = triples,
            }
        })?;
        let mut records = Vec::new();
        for graph in self.visible_graphs()? {
            let triples = named.get(&graph).copied().unwrap_or(0);
            let origin = self.origin_of(graph.as_ref())?;
            records.push(GraphRecord { graph: graph_display(&graph), origin, triples });
        }
        if default > 0 {
            records.push(GraphRecord { graph: "(default graph)".into(), origin: GraphOrigin::Other, triples: default });
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

pub(super) fn is_visible(graph: &NamedOrBlankNode) -> bool {
    match graph {
        NamedOrBlankNode::NamedNode(g) => g.as_ref() != META_GRAPH && !g.as_str().starts_with(STAGING_GRAPH_PREFIX),
        NamedOrBlankNode::BlankNode(_) => true,
    }
}

pub(super) fn graph_display(graph: &NamedOrBlankNode) -> String {
    match graph {
        NamedOrBlankNode::NamedNode(g) => g.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => b.to_string(),
    }
}

pub(super) fn literal_value(term: &Term) -> Option<String> {
    match term {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// Every named graph of the store.
pub(super) fn named_graphs_of(store: &oxigraph::store::Store) -> Result<Vec<NamedOrBlankNode>, StorageError> {
    store.named_graphs().collect()
}

/// The content hash recorded for each bundled graph, read from the store.
pub(super) fn recorded_hashes(source: &impl QuadSource) -> Result<BTreeMap<String, String>, StorageError> {
    let mut hashes = BTreeMap::new();
    for quad in source.quads(None, Some(meta::CONTENT_HASH), None) {
        let quad = quad?;
        if let (NamedOrBlankNode::NamedNode(g), Term::Literal(hash)) = (&quad.subject, &quad.object) {
            if quad.graph_name.as_ref() == GraphNameRef::NamedNode(META_GRAPH) {
                hashes.insert(g.as_str().to_owned(), hash.value().to_owned());
            }
        }
    }
    Ok(hashes)
}

pub(super) fn named_graphs(tx: &Transaction<'_>) -> Result<Vec<NamedOrBlankNode>, StorageError> {
    tx.named_graphs().collect()
}

pub(super) fn insert_meta(
    tx: &mut Transaction<'_>,
    subject: NamedOrBlankNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    object: impl Into<Term>,
) -> Result<(), StorageError> {
    let object = object.into();
    tx.insert(QuadRef::new(subject, predicate, object.as_ref(), META_GRAPH));
    Ok(())
}

pub(super) fn remove_meta(tx: &mut Transaction<'_>, subject: NamedOrBlankNodeRef<'_>) -> Result<(), StorageError> {
    let quads: Vec<Quad> =
        tx.quads_for_pattern(Some(subject), None, None, Some(META_GRAPH.into())).collect::<Result<_, _>>()?;
    for quad in &quads {
        tx.remove(quad);
    }
    Ok(())
}

/// A counter of the meta graph (0 when never written), read from the store or a transaction.
pub(super) fn read_counter(source: &impl QuadSource, predicate: NamedNodeRef<'_>) -> Result<u64, StorageError> {
    for quad in source.quads(Some(meta::STORE.into()), Some(predicate), None) {
        let quad = quad?;
        if quad.graph_name.as_ref() == GraphNameRef::NamedNode(META_GRAPH) {
            if let Term::Literal(l) = quad.object {
                return Ok(l.value().parse().unwrap_or(0));
            }
        }
    }
    Ok(0)
}

pub(super) fn write_counter(
    tx: &mut Transaction<'_>,
    predicate: NamedNodeRef<'_>,
    value: u64,
) -> Result<(), StorageError> {
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

/// The extra graphs an earlier load of `graph` brought in (named graphs of a TriG/N-Quads file).
pub(super) fn extras_of(tx: &Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<Vec<NamedOrBlankNode>, StorageError> {
    tx.quads_for_pattern(None, Some(meta::PART_OF_LOAD), Some(graph.into()), Some(META_GRAPH.into()))
        .map(|q| q.map(|q| q.subject))
        .collect()
}

/// Whether `graph` holds data from an earlier load (itself or the extra graphs it brought).
pub(super) fn had_previous_load(tx: &Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<bool, StorageError> {
    Ok(tx.contains_named_graph(graph)? || !extras_of(tx, graph)?.is_empty())
}

/// Removes a target graph and the extra graphs its previous load brought in, with their
/// records. Returns whether there was anything to replace.
pub(super) fn remove_previous_load(tx: &mut Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<bool, StorageError> {
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
