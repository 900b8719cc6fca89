//! Queries on the endpoint: parameters bound in the parsed query (a `VALUES` block joined into
//! its pattern, never text spliced into the query), the serialised query sent as an HTML form,
//! answers checked and read into Oxigraph's result types, and large reads in pages.

use super::error::RemoteError;
use super::http::{message_of, Body};
use super::results::{self, Answer};
use super::Endpoint;
use crate::rdf::bind::{parser, BindError};
use crate::store::{QueryError, Source};
use oxigraph::model::{GraphName, NamedNodeRef, Quad, Term, Triple};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter, QueryTripleIter, Variable,
};
use reqwest::Method;
use spargebra::algebra::GraphPattern;
use spargebra::Query;
use std::sync::Arc;

const SOLUTIONS: &str = "application/sparql-results+json";
const GRAPHS: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5";
/// The header Virtuoso names its row limit in when it cut an answer short.
const MAX_ROWS_HEADER: &str = "x-sparql-maxrows";

/// The query with each variable bound to its term (`rdf::bind`, as for the embedded store),
/// blank nodes of patterns made variables for Virtuoso.
pub fn bind(query: &Query, bindings: &[(Variable, Term)]) -> Result<Query, QueryError> {
    let mut query = crate::rdf::bind::bind(query, bindings).map_err(|error| match error {
        BindError::NotInQuery(variable) => {
            QueryError::Evaluation(QueryEvaluationError::NotExistingSubstitutedVariable(variable))
        }
        BindError::BlankNode(_) => QueryError::Remote(format!("{error} on an endpoint").into()),
        BindError::Repeated(_) => QueryError::Remote(error.to_string().into()),
    })?;
    match &mut query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => blank_nodes_as_variables(pattern),
    }
    Ok(query)
}

/// Turns the blank nodes of a pattern (`a/rdfs:subClassOf*` parses into one) into variables
/// of the same meaning: Virtuoso refuses a blank node at the end of a property path.
fn blank_nodes_as_variables(pattern: &mut GraphPattern) {
    use spargebra::term::TermPattern;
    let fix = |term: &mut TermPattern| {
        if let TermPattern::BlankNode(b) = term {
            *term = TermPattern::Variable(Variable::new_unchecked(format!("_blank_{}", b.as_str())));
        }
    };
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for triple in patterns {
                fix(&mut triple.subject);
                fix(&mut triple.object);
            }
        }
        GraphPattern::Path { subject, object, .. } => {
            fix(subject);
            fix(object);
        }
        GraphPattern::Join { left, right }
        | GraphPattern::LeftJoin { left, right, .. }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            blank_nodes_as_variables(left);
            blank_nodes_as_variables(right);
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Graph { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Service { inner, .. } => blank_nodes_as_variables(inner),
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

impl Endpoint {
    /// Runs a parsed query with its variables bound, and reads the answer into the result
    /// types the embedded store gives.
    pub fn query(&self, query: &Query, bindings: &[(Variable, Term)]) -> Result<QueryResults<'static>, QueryError> {
        let bound = bind(query, bindings)?;
        let text = bound.to_string();
        match &bound {
            Query::Select { .. } | Query::Ask { .. } => {
                let ask = matches!(bound, Query::Ask { .. });
                Ok(match self.solutions(&text, ask, "SPARQL query")? {
                    Answer::Boolean(value) => QueryResults::Boolean(value),
                    Answer::Solutions(variables, rows) => QueryResults::Solutions(QuerySolutionIter::from_tuples(
                        variables,
                        rows.into_iter().map(Ok::<_, QueryEvaluationError>),
                    )),
                })
            }
            Query::Construct { .. } | Query::Describe { .. } => {
                let triples = self.graph(&text)?;
                Ok(QueryResults::Graph(QueryTripleIter::new(triples.into_iter().map(Ok))))
            }
        }
    }

    /// Sends a SELECT or ASK and reads its answer.
    pub(crate) fn solutions(&self, text: &str, ask: bool, what: &str) -> Result<Answer, RemoteError> {
        let answer = self.http.send(
            Method::POST,
            &self.config.query_url,
            what,
            Some(SOLUTIONS),
            &Body::Form(vec![("query", text.to_owned())]),
        )?;
        let request = || format!("POST {} ({what})", self.config.query_url);
        if !matches!(answer.content_type.as_str(), SOLUTIONS | "application/json") {
            return Err(RemoteError::Answer {
                request: request(),
                message: format!(
                    "answered HTTP {} with '{}', not SPARQL JSON results (is this a SPARQL endpoint?): {}",
                    answer.status,
                    answer.content_type,
                    message_of(&answer.content_type, &answer.body[..answer.body.len().min(600)])
                ),
            });
        }
        let parsed = results::read_json(&answer.body, ask)
            .map_err(|message| RemoteError::Answer { request: request(), message })?;
        if let (Some(limit), Answer::Solutions(_, rows)) = (answer.header(MAX_ROWS_HEADER), &parsed) {
            if let Ok(limit) = limit.trim().parse::<usize>() {
                if rows.len() >= limit && limit < self.page_size.get() {
                    self.page_size.set(limit.max(1));
                    return Err(RemoteError::Answer {
                        request: request(),
                        message: format!("the endpoint cut its answer at {limit} rows (its ResultSetMaxRows)"),
                    });
                }
            }
        }
        Ok(parsed)
    }

    /// Sends a CONSTRUCT or DESCRIBE and reads the triples.
    fn graph(&self, text: &str) -> Result<Vec<Triple>, RemoteError> {
        let what = "SPARQL query";
        let answer = self.http.send(
            Method::POST,
            &self.config.query_url,
            what,
            Some(GRAPHS),
            &Body::Form(vec![("query", text.to_owned())]),
        )?;
        let request = || format!("POST {} ({what})", self.config.query_url);
        let format = results::rdf_format(&answer.content_type).ok_or_else(|| RemoteError::Answer {
            request: request(),
            message: format!(
                "answered HTTP {} with '{}', not RDF: {}",
                answer.status,
                answer.content_type,
                message_of(&answer.content_type, &answer.body[..answer.body.len().min(600)])
            ),
        })?;
        results::read_graph(&answer.body, format).map_err(|message| RemoteError::Answer { request: request(), message })
    }

    /// Sends a SPARQL Update to the update endpoint.
    pub(crate) fn update(&self, text: &str, what: &str) -> Result<(), RemoteError> {
        self.http.send(Method::POST, self.update_url(), what, None, &Body::Form(vec![("update", text.to_owned())]))?;
        Ok(())
    }

    /// Runs one of actorgraph's own SELECTs (parsed with its prefixes, variables bound) and
    /// collects the rows.
    pub fn select_rows(&self, query: &str, bindings: &[(&str, Term)]) -> Result<Vec<QuerySolution>, QueryError> {
        let parsed = parser().parse_query(query)?;
        let bindings: Vec<(Variable, Term)> =
            bindings.iter().map(|(name, term)| (Variable::new_unchecked(*name), term.clone())).collect();
        let text = bind(&parsed, &bindings)?.to_string();
        match self.solutions(&text, false, "SPARQL query")? {
            Answer::Solutions(variables, rows) => Ok(solutions(variables, rows)),
            Answer::Boolean(_) => Err(RemoteError::Answer {
                request: format!("POST {} (SPARQL query)", self.config.query_url),
                message: "answered a SELECT with a boolean".into(),
            }
            .into()),
        }
    }

    /// Reads a SELECT page by page (ORDER BY in a subquery, LIMIT and OFFSET outside, as
    /// Virtuoso needs for deep pages), handing each row to `f`. `select` is a SELECT clause and
    /// pattern without modifiers; `order` its variables.
    pub(crate) fn paged(
        &self,
        select: &str,
        order: &str,
        what: &str,
        f: &mut dyn FnMut(Vec<Option<Term>>),
    ) -> Result<(), RemoteError> {
        let mut offset = 0usize;
        loop {
            let size = self.page_size.get();
            let text = format!("SELECT * WHERE {{ {{ {select} ORDER BY {order} }} }} LIMIT {size} OFFSET {offset}");
            let rows = match self.solutions(&text, false, what) {
                Ok(Answer::Solutions(_, rows)) => rows,
                Ok(Answer::Boolean(_)) => Vec::new(),
                // The engine's own row limit was lower than the page: read this page again, smaller.
                Err(_) if self.page_size.get() < size => continue,
                Err(error) => return Err(error),
            };
            let count = rows.len();
            rows.into_iter().for_each(&mut *f);
            if count < size {
                return Ok(());
            }
            offset += count;
        }
    }
}

fn solutions(variables: Arc<[Variable]>, rows: Vec<Vec<Option<Term>>>) -> Vec<QuerySolution> {
    rows.into_iter().map(|values| QuerySolution::from((variables.clone(), values))).collect()
}

/// The subject and object of a row as a quad in the default graph.
pub(crate) fn quad(subject: Option<Term>, predicate: NamedNodeRef<'_>, object: Option<Term>) -> Option<Quad> {
    let subject = match subject? {
        Term::NamedNode(n) => oxigraph::model::NamedOrBlankNode::from(n),
        Term::BlankNode(b) => b.into(),
        _ => return None,
    };
    Some(Quad::new(subject, predicate.into_owned(), object?, GraphName::DefaultGraph))
}

impl Source for Endpoint {
    fn select(&self, query: &str, bindings: &[(&str, Term)]) -> Result<Vec<QuerySolution>, QueryError> {
        self.select_rows(query, bindings)
    }

    fn scan(&self, predicate: Option<NamedNodeRef<'_>>, f: &mut dyn FnMut(Quad)) -> Result<(), QueryError> {
        match predicate {
            Some(p) => {
                let select = format!("SELECT ?s ?o WHERE {{ ?s {p} ?o }}");
                self.paged(&select, "?s ?o", &format!("reading {p}"), &mut |row| {
                    let mut row = row.into_iter();
                    if let Some(quad) = quad(row.next().flatten(), p, row.next().flatten()) {
                        f(quad);
                    }
                })?
            }
            None => {
                self.paged("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "?s ?p ?o", "reading every triple", &mut |row| {
                    let mut row = row.into_iter();
                    let (s, p, o) = (row.next().flatten(), row.next().flatten(), row.next().flatten());
                    if let Some(Term::NamedNode(p)) = p {
                        if let Some(quad) = quad(s, p.as_ref(), o) {
                            f(quad);
                        }
                    }
                })?
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn bound(text: &str, name: &str, term: Term) -> Result<String, QueryError> {
        let query = parser().parse_query(text).unwrap();
        bind(&query, &[(Variable::new_unchecked(name), term)]).map(|q| q.to_string())
    }

    #[test]
    fn an_unbindable_parameter_is_the_error_the_embedded_store_gives() {
        let error = bound("SELECT ?y WHERE { ?x ?p ?y }", "x", NamedNode::new_unchecked("http://e.org/a").into());
        assert!(matches!(error, Err(QueryError::Evaluation(QueryEvaluationError::NotExistingSubstitutedVariable(_)))));
    }

    #[test]
    fn blank_nodes_of_paths_become_variables() {
        let text = bound(
            "SELECT ?x WHERE { ?x a/<http://e.org/sub>* <http://e.org/C> }",
            "x",
            NamedNode::new_unchecked("http://e.org/a").into(),
        )
        .unwrap();
        assert!(!text.contains("_:"), "{text}");
        assert!(text.contains("VALUES"), "{text}");
    }
}
