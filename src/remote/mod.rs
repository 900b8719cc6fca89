//! A remote SPARQL 1.1 engine (Virtuoso, QLever, GraphDB, Neptune, Stardog, an Oxigraph
//! server) as a source of data: queries with parameters bound in the parsed query, the path
//! graph read with paged queries, neighbourhoods fetched level by level, and `push` copying the
//! store's graphs over with the Graph Store Protocol or SPARQL Update. Only an endpoint the user
//! names is ever contacted. Uses `rdf`, `bundled` and `store`.
//!
//! Engines deviate from the protocol in places; what is handled and where:
//! - Virtuoso does not answer a query POSTed directly as `application/sparql-query` (it waits
//!   for the connection to close): queries and updates go as HTML forms, which the protocol
//!   also allows and every engine takes (`query.rs`).
//! - Virtuoso answers ASK with a one-row table (`__ASK_RETVAL`), writes booleans as `1`/`0`
//!   and labels blank nodes `nodeID://…` (`results.rs`).
//! - Virtuoso answers 200 with an HTML page to a request it does not understand as SPARQL:
//!   every answer's media type is checked against what was asked (`query.rs`).
//! - Virtuoso cuts answers at its `ResultSetMaxRows` without an error, saying so only in an
//!   `X-SPARQL-MaxRows` header; pages are made no larger than that (`query.rs`).
//! - Virtuoso refuses blank nodes in `INSERT DATA` and Updates whose SQL passes 10,000 lines:
//!   `push` sends `INSERT { … } WHERE {}` for chunks with blank nodes, in small chunks (`push.rs`).
//! - Virtuoso refuses a blank node at the end of a property path (`a/rdfs:subClassOf*` parses
//!   into one): blank nodes of patterns are sent as variables (`query.rs`).
//! - Virtuoso's default graph is the union of all its graphs, its own system graphs included;
//!   actorgraph's queries ask only for actorgraph's vocabulary, so those do not show.

mod error;
mod http;
mod push;
mod query;
mod results;
mod token;
mod walk;

pub use error::RemoteError;
pub use push::{PushOptions, PushReport, PUSH_GRAPH};
pub use query::bind;
pub use walk::Restricted;

use http::Http;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

/// How requests authenticate.
#[derive(Clone, Default)]
pub enum Auth {
    /// Not at all.
    #[default]
    None,
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token (`Authorization: Bearer …`).
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    /// Never prints a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::None => f.write_str("no authentication"),
            Auth::Basic { user, .. } => write!(f, "basic authentication as {user}"),
            Auth::Bearer(_) => f.write_str("a bearer token"),
        }
    }
}

impl Auth {
    /// Credentials from the text of a credentials file: `bearer TOKEN`, or `basic USER:PASSWORD`
    /// (the first non-blank, non-comment line). `name` names the file in messages.
    pub fn from_file_text(text: &str, name: &str) -> Result<Self, RemoteError> {
        let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
        let (scheme, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match scheme.to_ascii_lowercase().as_str() {
            "bearer" if !rest.is_empty() => Ok(Auth::Bearer(rest.to_owned())),
            "basic" => match rest.split_once(':') {
                Some((user, password)) if !user.is_empty() => {
                    Ok(Auth::Basic { user: user.to_owned(), password: password.to_owned() })
                }
                _ => Err(RemoteError::Config(format!("{name}: expected 'basic USER:PASSWORD'"))),
            },
            _ => Err(RemoteError::Config(format!("{name}: expected a line 'bearer TOKEN' or 'basic USER:PASSWORD'"))),
        }
    }
}

/// Where an endpoint is and how to talk to it.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    /// The SPARQL query endpoint (`http://host:8890/sparql`).
    pub query_url: String,
    /// The SPARQL Update endpoint, where the engine keeps it apart (default: `query_url`).
    pub update_url: Option<String>,
    /// The Graph Store Protocol endpoint (Virtuoso `/sparql-graph-crud`, Oxigraph `/store`),
    /// for `push`; without one, `push` uses SPARQL Update.
    pub graph_store_url: Option<String>,
    /// How requests authenticate.
    pub auth: Auth,
    /// How long one request may take.
    pub timeout: Duration,
    /// How many times a request is tried again after a connection error, 429 or 5xx.
    pub retries: u32,
    /// The wait before the first retry; it doubles with each one.
    pub backoff: Duration,
    /// Rows per page when reading large results.
    pub page_size: usize,
}

impl EndpointConfig {
    /// An endpoint at `url` with the default policy: 60 s per request, 4 retries from 0.5 s,
    /// pages of 10,000 rows, no authentication.
    pub fn new(url: impl Into<String>) -> Self {
        EndpointConfig {
            query_url: url.into(),
            update_url: None,
            graph_store_url: None,
            auth: Auth::None,
            timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_millis(500),
            page_size: 10_000,
        }
    }
}

/// A connection to a remote SPARQL endpoint.
pub struct Endpoint {
    config: EndpointConfig,
    http: Http,
    /// Rows per page: the configured size, lowered to an engine's own row limit once seen.
    page_size: Cell<usize>,
    /// Answers to the whole-endpoint SELECTs a walk asks again at every level (the ontology).
    remembered: RefCell<HashMap<String, walk::Rows>>,
}

impl Endpoint {
    /// Checks the URLs and sets up the HTTP client; nothing is sent yet.
    pub fn new(config: EndpointConfig) -> Result<Self, RemoteError> {
        for url in std::iter::once(&config.query_url).chain(&config.update_url).chain(&config.graph_store_url) {
            check_url(url)?;
        }
        if config.page_size == 0 {
            return Err(RemoteError::Config("the page size must be at least 1".into()));
        }
        let http = Http::new(config.auth.clone(), config.timeout, config.retries, config.backoff)?;
        let page_size = Cell::new(config.page_size);
        Ok(Endpoint { config, http, page_size, remembered: RefCell::default() })
    }

    /// The query endpoint's URL.
    pub fn url(&self) -> &str {
        &self.config.query_url
    }

    fn update_url(&self) -> &str {
        self.config.update_url.as_deref().unwrap_or(&self.config.query_url)
    }
}

/// An http or https URL with a host, or a message saying what is wrong.
fn check_url(url: &str) -> Result<(), RemoteError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| RemoteError::Config(format!("endpoint '{url}': {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(RemoteError::Config(format!("endpoint '{url}': give an http:// or https:// URL")));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(RemoteError::Config(format!(
            "endpoint '{}': credentials do not belong in the URL (command lines are visible to every user); \
             use ACTORGRAPH_ENDPOINT_TOKEN, ACTORGRAPH_ENDPOINT_USER and ACTORGRAPH_ENDPOINT_PASSWORD, or --credentials FILE",
            parsed.host_str().unwrap_or("")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_files_and_urls() {
        assert!(matches!(Auth::from_file_text("# mine\nbearer abc\n", "f"), Ok(Auth::Bearer(t)) if t == "abc"));
        assert!(
            matches!(Auth::from_file_text("basic ana:s3:cret", "f"), Ok(Auth::Basic { user, password }) if user == "ana" && password == "s3:cret")
        );
        assert!(Auth::from_file_text("token abc", "f").is_err());
        assert!(!format!("{:?}", Auth::Bearer("secret".into())).contains("secret"));
        assert!(check_url("http://127.0.0.1:8890/sparql").is_ok());
        assert!(check_url("ftp://host/x").is_err());
        let error = check_url("http://ana:pw@host/sparql").unwrap_err().to_string();
        assert!(error.contains("credentials") && !error.contains("pw"), "{error}");
    }
}
