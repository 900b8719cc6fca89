//! Running SPARQL as users give it: a named query, a `.rq` file or inline text, with parameters
//! bound as RDF terms into the parsed query (`rdf::bind`: never spliced into its text), the same
//! way for the embedded store and an endpoint.

use super::catalog::NamedQuery;
use super::OpsError;
use crate::rdf::bind::{bind, parser, repeated, BindError};
use crate::rdf::param::Param;
use crate::rdf::sparql_syntax;
use crate::remote::Endpoint;
use crate::store::{sparql_evaluator, GraphStore, ProtocolDataset, QueryError};
use oxigraph::model::Term;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, Variable};
use std::path::Path;

/// A query's text and how messages name it ("query supply-flows", "report.rq", "the -e query").
#[derive(Debug, Clone)]
pub struct QueryText {
    /// How messages name the query ("query supply-flows", "report.rq", "the -e query").
    pub source_name: String,
    /// The SPARQL text.
    pub text: String,
}

impl QueryText {
    /// Query text given inline (`-e`, an HTTP request).
    pub fn inline(source_name: impl Into<String>, text: impl Into<String>) -> Self {
        QueryText { source_name: source_name.into(), text: text.into() }
    }

    /// A `.rq` file when `name` is one, otherwise the named query of that name.
    pub fn named_or_file(name: &str) -> Result<Self, OpsError> {
        let path = Path::new(name);
        if path.is_file() {
            let text = std::fs::read_to_string(path)
                .map_err(|source| OpsError::ReadQuery { path: path.to_owned(), source })?;
            return Ok(QueryText { source_name: name.to_owned(), text });
        }
        Self::named(name)
    }

    /// The bundled named query of that name.
    pub fn named(name: &str) -> Result<Self, OpsError> {
        match NamedQuery::find(name) {
            Some(named) => Ok(QueryText { source_name: format!("query {name}"), text: named.text }),
            None => {
                let known: Vec<String> = NamedQuery::bundled().into_iter().map(|q| q.name).collect();
                Err(OpsError::UnknownQuery { name: name.to_owned(), known: known.join(", ") })
            }
        }
    }
}

/// How deeply groups may nest in a query: deep enough for any query a person or a tool
/// writes, shallow enough that the parser's recursion never exhausts the stack.
pub const MAX_NESTING: usize = 256;

/// How a query runs besides its text and parameters (all optional): the IRI its relative IRIs
/// resolve against, the dataset a protocol request names, and a token that stops it.
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// The base IRI (an HTTP endpoint's URL).
    pub base_iri: Option<String>,
    /// The dataset a SPARQL protocol request names; it overrides FROM and FROM NAMED.
    pub dataset: Option<ProtocolDataset>,
    /// Cancelling it stops the evaluation (a time limit, a client that went away).
    pub cancel: Option<CancellationToken>,
}

impl std::fmt::Debug for QueryOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryOptions")
            .field("base_iri", &self.base_iri)
            .field("dataset", &self.dataset)
            .field("cancellable", &self.cancel.is_some())
            .finish()
    }
}

/// Where a query runs: the local store or a remote endpoint.
#[derive(Clone, Copy)]
pub enum QueryTarget<'a> {
    /// The embedded store.
    Store(&'a GraphStore),
    /// A remote SPARQL endpoint.
    Endpoint(&'a Endpoint),
}

impl<'a> From<&'a GraphStore> for QueryTarget<'a> {
    fn from(store: &'a GraphStore) -> Self {
        QueryTarget::Store(store)
    }
}

impl<'a> From<&'a Endpoint> for QueryTarget<'a> {
    fn from(endpoint: &'a Endpoint) -> Self {
        QueryTarget::Endpoint(endpoint)
    }
}

/// Parses the query, binds each parameter to its RDF term and runs it over the store.
pub fn run_query(store: &GraphStore, query: &QueryText, params: &[Param]) -> Result<QueryResults<'static>, OpsError> {
    run_query_at(store.into(), query, params)
}

/// As [`run_query`], with a base IRI, a protocol dataset or a cancellation token.
pub fn run_query_with(
    store: &GraphStore,
    query: &QueryText,
    params: &[Param],
    options: &QueryOptions,
) -> Result<QueryResults<'static>, OpsError> {
    run_query_at_with(store.into(), query, params, options)
}

/// Parses the query, binds each parameter to its RDF term inside the parsed query and runs it
/// on the store, or sends the serialised query to the endpoint.
pub fn run_query_at(
    target: QueryTarget<'_>,
    query: &QueryText,
    params: &[Param],
) -> Result<QueryResults<'static>, OpsError> {
    run_query_at_with(target, query, params, &QueryOptions::default())
}

/// As [`run_query_at`], with a base IRI, a protocol dataset or a cancellation token. They apply
/// on the local store; an endpoint resolves relative IRIs against its own URL and is stopped by
/// the client's time limits. The one place queries run.
pub fn run_query_at_with(
    target: QueryTarget<'_>,
    query: &QueryText,
    params: &[Param],
    options: &QueryOptions,
) -> Result<QueryResults<'static>, OpsError> {
    if query.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(OpsError::Syntax {
            source_name: query.source_name.clone(),
            message: "error: the query is empty".into(),
        });
    }
    let depth = nesting_depth(&query.text);
    if depth > MAX_NESTING {
        return Err(OpsError::TooDeep { source_name: query.source_name.clone(), depth, limit: MAX_NESTING });
    }
    let syntax_error = |e: &dyn std::fmt::Display| {
        if sparql_evaluator().parse_update(&query.text).is_ok() {
            return OpsError::UpdateNotQuery { source_name: query.source_name.clone() };
        }
        let message = sparql_syntax::explain(&e.to_string(), &query.text);
        OpsError::Syntax { source_name: query.source_name.clone(), message }
    };
    let bindings: Vec<(Variable, Term)> = params.iter().map(|p| (p.variable.clone(), p.value.clone())).collect();
    if let Some(variable) = repeated(&bindings) {
        return Err(OpsError::Invalid(format!(
            "--param {}: given more than once; {} takes one value per parameter",
            variable.as_str(),
            query.source_name
        )));
    }
    let result = match target {
        QueryTarget::Store(store) => {
            let mut parser = parser();
            if let Some(base) = &options.base_iri {
                parser = parser
                    .with_base_iri(base.as_str())
                    .map_err(|e| OpsError::Invalid(format!("base IRI <{base}> is not valid: {e}")))?;
            }
            let parsed = parser.parse_query(&query.text).map_err(|e| syntax_error(&e))?;
            let bound = bind(&parsed, &bindings).map_err(|error| match error {
                BindError::NotInQuery(variable) => OpsError::UnboundParameter {
                    variable: variable.as_str().to_owned(),
                    source_name: query.source_name.clone(),
                },
                BindError::BlankNode(_) | BindError::Repeated(_) => OpsError::Invalid(error.to_string()),
            })?;
            let mut evaluator = sparql_evaluator();
            if let Some(token) = &options.cancel {
                evaluator = evaluator.with_cancellation_token(token.clone());
            }
            store.execute_on(evaluator, bound, options.dataset.as_ref())
        }
        QueryTarget::Endpoint(endpoint) => {
            let parsed = parser().parse_query(&query.text).map_err(|e| syntax_error(&e))?;
            endpoint.query(&parsed, &bindings)
        }
    };
    result.map_err(|error| match error {
        QueryError::Evaluation(QueryEvaluationError::NotExistingSubstitutedVariable(variable)) => {
            OpsError::UnboundParameter {
                variable: variable.as_str().to_owned(),
                source_name: query.source_name.clone(),
            }
        }
        source => OpsError::Evaluation { source_name: query.source_name.clone(), source },
    })
}

/// The deepest nesting of `{`, `(` and `[` in a query, strings, IRIs and comments aside.
pub fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in sparql_syntax::code_only(text).chars() {
        match c {
            '{' | '(' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_iris_and_comments() {
        assert_eq!(nesting_depth("SELECT * { { ?s ?p ?o } }"), 2);
        assert_eq!(nesting_depth("SELECT * { ?s ?p \"{{{{\" } # (((\n"), 1);
        assert_eq!(nesting_depth("SELECT * { ?s <http://e/{{{> ?o FILTER(?o < 3) }"), 2);
    }

    #[test]
    fn unknown_names_list_the_named_queries() {
        let error = QueryText::named("no-such-query").unwrap_err().to_string();
        assert!(error.contains("supply-flows"), "{error}");
    }
}
