//! Running SPARQL as users give it: a named query, a `.rq` file or inline text, with parameters
//! bound as RDF terms into the parsed query (never spliced into its text).

use super::catalog::NamedQuery;
use super::OpsError;
use crate::rdf::param::Param;
use crate::store::{sparql_evaluator, GraphStore, QueryError};
use oxigraph::sparql::{QueryEvaluationError, QueryResults};
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

/// Parses the query, binds each parameter to its RDF term and runs it over the store.
pub fn run_query(store: &GraphStore, query: &QueryText, params: &[Param]) -> Result<QueryResults<'static>, OpsError> {
    let mut prepared = sparql_evaluator().parse_query(&query.text).map_err(|e| OpsError::Syntax {
        source_name: query.source_name.clone(),
        message: syntax_message(&e.to_string()),
    })?;
    for param in params {
        prepared = prepared.substitute_variable(param.variable.clone(), param.value.clone());
    }
    store.execute(prepared).map_err(|error| match error {
        QueryError::Evaluation(QueryEvaluationError::NotExistingSubstitutedVariable(variable)) => {
            OpsError::UnboundParameter {
                variable: variable.as_str().to_owned(),
                source_name: query.source_name.clone(),
            }
        }
        source => OpsError::Evaluation { source_name: query.source_name.clone(), source },
    })
}

/// "error at 3:2: expected ..." -> "error at line 3, column 2: expected ...".
fn syntax_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("error at ") {
        if let Some((position, detail)) = rest.split_once(": ") {
            if let Some((line, column)) = position.split_once(':') {
                return format!("error at line {line}, column {column}: {detail}");
            }
        }
    }
    format!("error: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_positions_read_as_line_and_column() {
        assert_eq!(syntax_message("error at 3:2: expected x"), "error at line 3, column 2: expected x");
        assert_eq!(syntax_message("odd"), "error: odd");
    }

    #[test]
    fn unknown_names_list_the_named_queries() {
        let error = QueryText::named("no-such-query").unwrap_err().to_string();
        assert!(error.contains("supply-flows"), "{error}");
    }
}
