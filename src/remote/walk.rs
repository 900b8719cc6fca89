//! Searching a graph too large to copy: the endpoint asked for the neighbourhood of a set of
//! nodes (the triples whose predicate becomes an edge of the path graph, either way round,
//! batched with `VALUES`), and a [`Source`] that shows only what is known about the nodes
//! reached so far, so the path graph of that part is built by the same builder as the whole.

use super::query::quad;
use super::results::Answer;
use super::{Endpoint, RemoteError};
use crate::rdf::vocab;
use crate::store::{QueryError, Source};
use oxigraph::model::{NamedNode, NamedNodeRef, Quad, Term};
use oxigraph::sparql::{QuerySolution, Variable};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Rows kept to be handed out again: each solution's variables and values.
pub(crate) type Rows = Vec<(Arc<[Variable]>, Vec<Option<Term>>)>;

/// Nodes per request.
const BATCH: usize = 200;

fn values(nodes: &[NamedNode]) -> String {
    nodes.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

impl Endpoint {
    /// The nodes one step away from `nodes` over the triples whose predicate is in
    /// `predicates`, in either direction (IRIs only: blank nodes cannot be named back).
    pub fn neighbours_of(
        &self,
        nodes: &[NamedNode],
        predicates: &[NamedNode],
    ) -> Result<BTreeSet<NamedNode>, RemoteError> {
        let mut found = BTreeSet::new();
        if predicates.is_empty() {
            return Ok(found);
        }
        let predicates = values(predicates);
        for batch in nodes.chunks(BATCH) {
            let batch = values(batch);
            let query = format!(
                "SELECT DISTINCT ?n WHERE {{ VALUES ?x {{ {batch} }} VALUES ?p {{ {predicates} }} \
                 {{ ?x ?p ?n }} UNION {{ ?n ?p ?x }} FILTER(isIRI(?n)) }}"
            );
            if let Answer::Solutions(_, rows) = self.solutions(&query, false, "a neighbourhood")? {
                found.extend(rows.into_iter().filter_map(|row| match row.into_iter().next().flatten() {
                    Some(Term::NamedNode(n)) => Some(n),
                    _ => None,
                }));
            }
        }
        Ok(found)
    }

    /// Nodes whose label, preferred label or alternative label is `name`, ignoring case; the
    /// properties the ontology declares as names (FtM's `name`, `alias`...) count too.
    pub fn nodes_named(&self, name: &str) -> Result<BTreeSet<NamedNode>, QueryError> {
        // The name properties first, in a query of their own; declared as the projection reads
        // them (one rdfs:subPropertyOf step), which engines without transitive paths from an
        // unbound start (Virtuoso) answer too.
        let mut properties = vec!["rdfs:label".to_owned(), "skos:prefLabel".to_owned(), "skos:altLabel".to_owned()];
        let declared = "SELECT DISTINCT ?property ?root WHERE { \
             VALUES ?root { rdfs:label skos:prefLabel skos:altLabel } ?property rdfs:subPropertyOf ?root }";
        for row in self.select_rows(declared, &[])? {
            if let Some(Term::NamedNode(property)) = row.get("property") {
                properties.push(format!("<{}>", property.as_str()));
            }
        }
        let query = format!(
            "SELECT DISTINCT ?node ?name WHERE {{ VALUES ?property {{ {} }} \
             ?node ?property ?label FILTER(LCASE(STR(?label)) = LCASE(STR(?name))) }}",
            properties.join(" ")
        );
        let name = oxigraph::model::Literal::new_simple_literal(name.trim());
        let rows = self.select_rows(&query, &[("name", name.into())])?;
        Ok(rows
            .into_iter()
            .filter_map(|row| match row.get("node") {
                Some(Term::NamedNode(n)) => Some(n.clone()),
                _ => None,
            })
            .collect())
    }

    /// Every node of a class or its subclasses.
    pub fn nodes_of_class(&self, class: &NamedNode) -> Result<BTreeSet<NamedNode>, QueryError> {
        let query = "SELECT DISTINCT ?node ?class WHERE { ?node a/rdfs:subClassOf* ?class }";
        let rows = self.select_rows(query, &[("class", class.clone().into())])?;
        Ok(rows
            .into_iter()
            .filter_map(|row| match row.get("node") {
                Some(Term::NamedNode(n)) => Some(n.clone()),
                _ => None,
            })
            .collect())
    }
}

/// The endpoint seen through the nodes reached so far: SELECTs go to the whole endpoint (the
/// ontology, documents, direct edges); scans return all that the nodes reached state, with
/// their evidence records, and the types and names of what those name (a fact's other
/// participants, the sources its evidence cites), so facts are worded as on the whole graph.
pub struct Restricted<'a> {
    endpoint: &'a Endpoint,
    nodes: Vec<NamedNode>,
    /// The nodes and every node they name: whose types and names are read.
    named: Vec<NamedNode>,
}

impl<'a> Restricted<'a> {
    /// The endpoint as far as `nodes` go.
    pub fn new(endpoint: &'a Endpoint, nodes: impl IntoIterator<Item = NamedNode>) -> Result<Self, RemoteError> {
        let mut nodes: Vec<NamedNode> = nodes.into_iter().collect();
        nodes.sort();
        nodes.dedup();
        let mut named: BTreeSet<NamedNode> = nodes.iter().cloned().collect();
        let evidence = vocab::EVIDENCE;
        for batch in nodes.chunks(BATCH) {
            let batch = values(batch);
            let query = format!(
                "SELECT DISTINCT ?o WHERE {{ VALUES ?s {{ {batch} }} \
                 {{ ?s ?p ?o FILTER(?p != {}) }} UNION {{ ?s {evidence} ?r . ?r ?q ?o }} FILTER(isIRI(?o)) }}",
                oxigraph::model::vocab::rdf::TYPE
            );
            if let Answer::Solutions(_, rows) = endpoint.solutions(&query, false, "the names of the nodes reached")? {
                named.extend(rows.into_iter().filter_map(|row| match row.into_iter().next().flatten() {
                    Some(Term::NamedNode(n)) => Some(n),
                    _ => None,
                }));
            }
        }
        Ok(Restricted { endpoint, nodes, named: named.into_iter().collect() })
    }

    fn rows(&self, query: &str, what: &str, f: &mut dyn FnMut(Vec<Option<Term>>)) -> Result<(), RemoteError> {
        if let Answer::Solutions(_, rows) = self.endpoint.solutions(query, false, what)? {
            rows.into_iter().for_each(f);
        }
        Ok(())
    }
}

impl Source for Restricted<'_> {
    fn select(&self, query: &str, bindings: &[(&str, Term)]) -> Result<Vec<QuerySolution>, QueryError> {
        // The same ontology queries come at every level of a walk: asked once per command.
        if !bindings.is_empty() {
            return self.endpoint.select_rows(query, bindings);
        }
        let again = |rows: &Rows| -> Vec<QuerySolution> {
            rows.iter().map(|(variables, values)| QuerySolution::from((variables.clone(), values.clone()))).collect()
        };
        if let Some(rows) = self.endpoint.remembered.borrow().get(query) {
            return Ok(again(rows));
        }
        let rows: Rows = self
            .endpoint
            .select_rows(query, bindings)?
            .iter()
            .map(|row| (Arc::from(row.variables()), row.values().to_vec()))
            .collect();
        let solutions = again(&rows);
        self.endpoint.remembered.borrow_mut().insert(query.to_owned(), rows);
        Ok(solutions)
    }

    fn scan(&self, predicate: Option<NamedNodeRef<'_>>, f: &mut dyn FnMut(Quad)) -> Result<(), QueryError> {
        // Types and names of everything named; the rest (values, evidence) of the nodes reached.
        let nodes = match predicate {
            Some(p) if p != vocab::EVIDENCE => &self.named,
            _ => &self.nodes,
        };
        for batch in nodes.chunks(BATCH) {
            let batch = values(batch);
            match predicate {
                Some(p) => {
                    let query = format!("SELECT ?s ?o WHERE {{ VALUES ?s {{ {batch} }} ?s {p} ?o }}");
                    self.rows(&query, &format!("reading {p} of the nodes reached"), &mut |row| {
                        let mut row = row.into_iter();
                        if let Some(quad) = quad(row.next().flatten(), p, row.next().flatten()) {
                            f(quad);
                        }
                    })?;
                }
                None => {
                    let evidence = vocab::EVIDENCE;
                    for query in [
                        format!("SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {batch} }} ?s ?p ?o }}"),
                        format!("SELECT ?s ?p ?o WHERE {{ VALUES ?f {{ {batch} }} ?f {evidence} ?s . ?s ?p ?o }}"),
                    ] {
                        self.rows(&query, "reading the nodes reached", &mut |row| {
                            let mut row = row.into_iter();
                            let (s, p, o) = (row.next().flatten(), row.next().flatten(), row.next().flatten());
                            if let Some(Term::NamedNode(p)) = p {
                                if let Some(quad) = quad(s, p.as_ref(), o) {
                                    f(quad);
                                }
                            }
                        })?;
                    }
                }
            }
        }
        Ok(())
    }
}
