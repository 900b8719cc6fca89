//! Reading the store: SPARQL over the union of the visible graphs, fast index scans for the
//! library's own bulk reads, and dumps in any RDF format.

use super::derive::as_subject;
use super::inline::inline_iri;
use super::records::graph_display;
use super::records::is_visible;
use super::union::reads_no_bookkeeping;
use super::write::GraphTarget;
use super::{DumpError, GraphStore, QueryError};
use crate::rdf::vocab::{self, META_GRAPH, STAGING_GRAPH_PREFIX};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef, Term,
};
use oxigraph::sparql::{PreparedSparqlQuery, QueryResults, QuerySolution, SparqlEvaluator, Variable};
use oxigraph::store::StorageError;
use std::collections::HashMap;
use std::io::Write;

const STATED_PREDICATES: &str = include_str!("../sparql/stated_predicates.rq");
const DEFAULT_GRAPH_PREDICATES: &str = include_str!("../sparql/default_graph_predicates.rq");
const PREDICATE_STATEMENTS: &str = include_str!("../sparql/predicate_statements.rq");

impl GraphStore {
    /// Graphs queries see: every named graph except actorgraph's bookkeeping.
    pub fn visible_graphs(&self) -> Result<Vec<NamedOrBlankNode>, StorageError> {
        Ok(visible_of(self.named_graphs()?))
    }

    /// Whether the bookkeeping graph names the node, as subject or object: a graph's name, or a
    /// graph a dropped load once brought in (its record outlives it). A read error counts as yes.
    fn in_meta_graph(&self, node: &NamedNode) -> bool {
        let meta = Some(GraphNameRef::from(META_GRAPH));
        let named = |subject: bool| {
            let (s, o) = if subject { (Some(node.as_ref().into()), None) } else { (None, Some(node.as_ref().into())) };
            self.store.quads_for_pattern(s, None, o, meta).next().is_some()
        };
        named(true) || named(false)
    }

    /// Every named graph, the bookkeeping ones too.
    fn named_graphs(&self) -> Result<Vec<NamedOrBlankNode>, StorageError> {
        self.store.named_graphs().collect()
    }

    /// Runs a parsed query over the union of the visible graphs (unless the query names its own
    /// dataset with FROM / FROM NAMED), or over the dataset a protocol request names, which
    /// overrides the query's own. Graphs actorgraph keeps for its bookkeeping read as empty;
    /// `GRAPH` still reaches each visible graph. `evaluator` carries the caller's settings (a
    /// cancellation token).
    pub fn execute_on(
        &self,
        evaluator: SparqlEvaluator,
        query: spargebra::Query,
        dataset: Option<&ProtocolDataset>,
    ) -> Result<QueryResults<'static>, QueryError> {
        // Every named graph, read once: the staging check, the graph names and the visible ones.
        let all_graphs = match dataset {
            None => Some(self.named_graphs()?),
            Some(_) => None,
        };
        let plain_union = all_graphs.as_ref().is_some_and(|graphs| {
            !graphs.iter().any(is_staging)
                && reads_no_bookkeeping(&query, &|node| {
                    graphs.contains(&node.clone().into()) || self.in_meta_graph(node)
                })
        });
        let mut query = evaluator.for_query(query);
        if let Some(dataset) = dataset {
            let visible = |g: &&NamedNode| is_visible(&NamedOrBlankNode::from((*g).clone()));
            let default: Vec<GraphName> =
                dataset.default_graphs.iter().filter(visible).cloned().map(Into::into).collect();
            let named: Vec<NamedOrBlankNode> =
                dataset.named_graphs.iter().filter(visible).cloned().map(Into::into).collect();
            query.dataset_mut().set_default_graph(default);
            query.dataset_mut().set_available_named_graphs(named);
        } else if let (true, Some(all_graphs)) = (query.dataset().is_default_dataset(), all_graphs) {
            let graphs = visible_of(all_graphs);
            if plain_union {
                query.dataset_mut().set_default_graph_as_union();
            } else {
                let mut default: Vec<GraphName> = vec![GraphName::DefaultGraph];
                default.extend(graphs.iter().cloned().map(GraphName::from));
                query.dataset_mut().set_default_graph(default);
            }
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
        f: impl FnMut(QuerySolution),
    ) -> Result<(), QueryError> {
        let mut prepared = sparql_evaluator().parse_query(query)?;
        for (name, term) in bindings {
            prepared = prepared.substitute_variable(Variable::new_unchecked(*name), term.clone());
        }
        prepared.dataset_mut().set_default_graph_as_union();
        self.each_row(prepared, f)
    }

    /// Runs a prepared SELECT on the store, handing each row to `f` as it comes.
    pub(super) fn each_row(
        &self,
        prepared: PreparedSparqlQuery,
        mut f: impl FnMut(QuerySolution),
    ) -> Result<(), QueryError> {
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
            let hidden = is_hidden(&quad.graph_name);
            if !hidden {
                f(quad);
            }
        }
        Ok(())
    }

    /// `scan_stated` on one thread per sink: the predicates the data uses are shared out, the
    /// most used first so that the threads end together, and every quad of one predicate goes to
    /// the same sink, graph by graph in `scan_stated`'s order.
    pub fn scan_stated_shared(&self, sinks: &mut [&mut (dyn FnMut(QuadRef<'_>) + Send)]) -> Result<(), QueryError> {
        // Each predicate with the stated graphs that use it, in `scan_stated`'s graph order, and
        // how many statements use it in the named graphs.
        let order: HashMap<NamedOrBlankNode, usize> =
            self.visible_graphs()?.into_iter().enumerate().map(|(i, g)| (g, i)).collect();
        let mut used: HashMap<NamedNode, (u64, Vec<(usize, GraphName)>)> = HashMap::new();
        self.for_each_row(STATED_PREDICATES, &[], |row| {
            let (Some(Term::NamedNode(predicate)), Some(graph)) = (row.get("predicate"), row.get("graph")) else {
                return;
            };
            let Some(graph) = as_subject(graph) else { return };
            if let (Some(position), false) = (order.get(&graph), is_derived(&graph)) {
                let quads = count_in(&row, "quads");
                let entry = used.entry(predicate.clone()).or_default();
                entry.0 += quads;
                entry.1.push((*position, graph.into()));
            }
        })?;
        // The default graph comes last, for the predicates it uses.
        let mut prepared = sparql_evaluator().parse_query(DEFAULT_GRAPH_PREDICATES)?;
        prepared.dataset_mut().set_default_graph(vec![GraphName::DefaultGraph]);
        self.each_row(prepared, |row| {
            if let Some(Term::NamedNode(predicate)) = row.get("predicate") {
                used.entry(predicate.clone()).or_default().1.push((usize::MAX, GraphName::DefaultGraph));
            }
        })?;
        let mut work: Vec<(u64, NamedNode, Vec<GraphName>)> = used
            .into_iter()
            .map(|(predicate, (quads, mut graphs))| {
                graphs.sort_by_key(|(position, _)| *position);
                (quads, predicate, graphs.into_iter().map(|(_, g)| g).collect())
            })
            .collect();
        work.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let work: Vec<(NamedNode, Vec<GraphName>)> =
            work.into_iter().map(|(_, predicate, graphs)| (predicate, graphs)).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let statements = spargebra::SparqlParser::new().parse_query(PREDICATE_STATEMENTS)?;
        let variable = Variable::new_unchecked("predicate");
        let (work, next, statements, variable) = (&work, &next, &statements, &variable);
        std::thread::scope(|scope| {
            let workers: Vec<_> = sinks
                .iter_mut()
                .map(|sink| {
                    scope.spawn(move || -> Result<(), QueryError> {
                        let evaluator = sparql_evaluator();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((predicate, graphs)) = work.get(i) else { return Ok(()) };
                            let inlined = inline_iri(statements.clone(), variable, predicate)
                                .expect("the built-in read by predicate is a basic graph pattern");
                            for graph in graphs {
                                let mut query = evaluator.clone().for_query(inlined.clone());
                                query.dataset_mut().set_default_graph(vec![graph.clone()]);
                                let (predicate, graph) = (predicate.as_ref(), graph.as_ref());
                                self.each_row(query, |row| {
                                    let subject = match row.get("subject") {
                                        Some(Term::NamedNode(n)) => NamedOrBlankNodeRef::from(n.as_ref()),
                                        Some(Term::BlankNode(b)) => NamedOrBlankNodeRef::from(b.as_ref()),
                                        _ => return,
                                    };
                                    if let Some(object) = row.get("object") {
                                        sink(QuadRef::new(subject, predicate, object.as_ref(), graph));
                                    }
                                })?;
                            }
                        }
                    })
                })
                .collect();
            for worker in workers {
                match worker.join() {
                    Ok(result) => result?,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            Ok(())
        })
    }

    /// Every visible statement with `subject` as its subject, straight from the index.
    pub fn statements_about(&self, subject: NamedNodeRef<'_>) -> Result<Vec<Quad>, StorageError> {
        let mut found = Vec::new();
        for quad in self.store.quads_for_pattern(Some(subject.into()), None, None, None) {
            let quad = quad?;
            let hidden = is_hidden(&quad.graph_name);
            if !hidden {
                found.push(quad);
            }
        }
        Ok(found)
    }

    /// The triples of one graph, in the store's order (to copy a graph elsewhere).
    pub fn graph_triples(&self, graph: NamedNodeRef<'_>) -> Result<Vec<oxigraph::model::Triple>, StorageError> {
        self.store.quads_for_pattern(None, None, None, Some(graph.into())).map(|q| Ok(q?.into())).collect()
    }

    /// Hands every quad the data states to `f`: the visible graphs and the default graph, without
    /// the derived edges (which can be worked out again from the data). Graph by graph, straight
    /// from the indexes, so the derived graph's quads are never read.
    pub fn scan_stated(&self, mut f: impl FnMut(Quad)) -> Result<(), StorageError> {
        for graph in self.visible_graphs()? {
            if is_derived(&graph) {
                continue;
            }
            for quad in self.store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
                f(quad?);
            }
        }
        for quad in self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)) {
            f(quad?);
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

    /// Writes the default graph (the store's own, not the union queries see) or one named graph
    /// in `format`, as the Graph Store Protocol reads it.
    pub fn dump_target(&self, writer: impl Write, format: RdfFormat, target: &GraphTarget) -> Result<(), DumpError> {
        match target {
            GraphTarget::Named(graph) => self.dump(writer, format, Some(graph)),
            GraphTarget::Default => {
                let mut serializer = RdfSerializer::from_format(format);
                for (prefix, namespace) in vocab::PREFIXES {
                    serializer = serializer.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
                }
                let mut serializer = serializer.for_writer(writer);
                for quad in self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)) {
                    serializer.serialize_quad(&quad?)?;
                }
                serializer.finish()?;
                Ok(())
            }
        }
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
}

/// The dataset a SPARQL protocol request names (`default-graph-uri`, `named-graph-uri`): when
/// given, it replaces the query's own FROM and FROM NAMED.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProtocolDataset {
    /// The graphs whose merge is the default graph.
    pub default_graphs: Vec<NamedNode>,
    /// The graphs `GRAPH` can reach.
    pub named_graphs: Vec<NamedNode>,
}

/// The text of a term: an IRI, or a literal's value; `None` for a blank node.
pub fn term_text(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// The text of the term a SELECT answered in `variable` (see [`term_text`]); `None` when it is
/// unbound or a blank node.
pub fn text_in(row: &QuerySolution, variable: &str) -> Option<String> {
    row.get(variable).and_then(term_text)
}

/// As [`text_in`], with a blank node as `_:id`: the key a resource goes by in the path graph,
/// for reads where a blank node may stand for a fact, an evidence record or an entity.
pub fn key_in(row: &QuerySolution, variable: &str) -> Option<String> {
    match row.get(variable)? {
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => text_in(row, variable),
    }
}

/// The count a SELECT answered in `variable` (a `COUNT` aggregate): 0 when unbound or not a number.
pub fn count_in(row: &QuerySolution, variable: &str) -> u64 {
    match row.get(variable) {
        Some(Term::Literal(count)) => count.value().parse().unwrap_or(0),
        _ => 0,
    }
}

/// The SPARQL evaluator actorgraph uses: known prefixes predeclared, no outgoing HTTP.
pub fn sparql_evaluator() -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new().with_default_service_handler(NoNetwork);
    for (prefix, namespace) in vocab::PREFIXES {
        evaluator = evaluator.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
    }
    evaluator
}

/// Answers every `SERVICE` call with an error: no query reaches the network from the embedded
/// store.
struct NoNetwork;

/// Why a `SERVICE` call was refused.
#[derive(Debug, thiserror::Error)]
#[error("SERVICE <{0}> is not called: actorgraph never sends a query to the network from its own store")]
pub(super) struct ServiceRefused(String);

impl oxigraph::sparql::DefaultServiceHandler for NoNetwork {
    type Error = ServiceRefused;

    fn handle(
        &self,
        service_name: &NamedNode,
        _pattern: &spargebra::algebra::GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<oxigraph::sparql::QuerySolutionIter<'static>, Self::Error> {
        Err(ServiceRefused(service_name.as_str().to_owned()))
    }
}

/// Whether a graph is the derived edges' (stated data leaves it out: it can be derived again).
fn is_derived(graph: &NamedOrBlankNode) -> bool {
    matches!(graph, NamedOrBlankNode::NamedNode(g) if g.as_ref() == vocab::DERIVED_GRAPH)
}

/// Whether a graph is a staging graph, left by a bulk load that did not finish.
fn is_staging(graph: &NamedOrBlankNode) -> bool {
    matches!(graph, NamedOrBlankNode::NamedNode(g) if g.as_str().starts_with(STAGING_GRAPH_PREFIX))
}

/// The graphs queries see among `graphs`, in display order.
fn visible_of(graphs: Vec<NamedOrBlankNode>) -> Vec<NamedOrBlankNode> {
    let mut visible: Vec<NamedOrBlankNode> = graphs.into_iter().filter(is_visible).collect();
    visible.sort_by_key(graph_display);
    visible
}

/// Whether readers skip a graph: the bookkeeping graph, and a bulk load's staging graphs.
fn is_hidden(graph: &GraphName) -> bool {
    match graph {
        GraphName::NamedNode(g) => g.as_ref() == META_GRAPH || g.as_str().starts_with(STAGING_GRAPH_PREFIX),
        _ => false,
    }
}
