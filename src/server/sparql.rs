//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET, by POST as a form or as
//! `application/sparql-query`; updates by POST as a form or as `application/sparql-update`
//! (writable servers, with the token); the dataset from `default-graph-uri`/`named-graph-uri`
//! (`using-graph-uri`/`using-named-graph-uri` for updates); answers negotiated by `Accept`;
//! the service description on a GET without parameters.

use super::conneg::{self, check_charset, content_type, media_type, negotiate};
use super::description;
use super::error::{query_failure, ApiError};
use super::params::Params;
use super::state::Backend;
use super::{authorize, base_url, read_body, write_error};
use actorgraph::ops::query::{run_query_with, QueryOptions, QueryText};
use actorgraph::rdf::formats::QueryOutputFormat;
use actorgraph::rdf::param::Param;
use actorgraph::render::results::{write_results, RenderError};
use actorgraph::store::error_chain;
use actorgraph::store::{ProtocolDataset, UpdateRequest};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::model::NamedNode;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use std::io::{self, Write};
use std::sync::Arc;

/// `/sparql`, every method.
pub(crate) async fn endpoint(
    State(backend): State<Arc<Backend>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match dispatch(&backend, &method, &uri, &headers, body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn dispatch(
    backend: &Arc<Backend>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let base = base_url(headers, uri);
    let url = Params::from_query(uri.query());
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    match *method {
        Method::GET | Method::HEAD => {
            if url.is_empty() {
                return description::answer(backend, &base, accept.as_deref()).await;
            }
            if url.has("update") {
                return Err(ApiError::bad_request(
                    "an update cannot be sent with GET; POST it as application/sparql-update or as a form with update=",
                ));
            }
            let text =
                url.once("query")?.ok_or_else(|| ApiError::bad_request("give the query in the query parameter"))?;
            let dataset = dataset(&url, "default-graph-uri", "named-graph-uri")?;
            answer_query(backend, text.to_owned(), dataset, base, accept).await
        }
        Method::POST => {
            let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).ok_or_else(|| {
                ApiError::bad_request(
                    "a POST needs a Content-Type: application/sparql-query, application/sparql-update or \
                     application/x-www-form-urlencoded",
                )
            })?;
            let (essence, charset) = media_type(content_type);
            match essence.as_str() {
                "application/sparql-query" | "application/sparql-update" => {
                    check_charset(charset.as_deref())?;
                    if url.has("query") || url.has("update") {
                        return Err(ApiError::bad_request(
                            "the body is the query or update; do not give query= or update= in the URL as well",
                        ));
                    }
                    if essence == "application/sparql-update" {
                        authorize(backend, headers)?;
                    }
                    let bytes = read_body(body, backend.limits.max_body).await?;
                    let text = String::from_utf8(bytes.to_vec())
                        .map_err(|_| ApiError::bad_request("the body is not valid UTF-8"))?;
                    if essence == "application/sparql-query" {
                        let dataset = dataset(&url, "default-graph-uri", "named-graph-uri")?;
                        answer_query(backend, text, dataset, base, accept).await
                    } else {
                        answer_update(backend, text, &url, base).await
                    }
                }
                "application/x-www-form-urlencoded" => {
                    check_charset(charset.as_deref())?;
                    let bytes = read_body(body, backend.limits.max_body).await?;
                    let mut params = url;
                    params.extend(Params::from_form(&bytes)?);
                    match (params.once("query")?, params.once("update")?) {
                        (Some(_), Some(_)) => Err(ApiError::bad_request("give either query= or update=, not both")),
                        (Some(text), None) => {
                            let dataset = dataset(&params, "default-graph-uri", "named-graph-uri")?;
                            answer_query(backend, text.to_owned(), dataset, base, accept).await
                        }
                        (None, Some(text)) => {
                            authorize(backend, headers)?;
                            answer_update(backend, text.to_owned(), &params, base).await
                        }
                        (None, None) => Err(ApiError::bad_request("the form has neither query= nor update=")),
                    }
                }
                other => Err(ApiError::unsupported_media_type(format!(
                    "Content-Type {other} is not a SPARQL request; use application/sparql-query, \
                     application/sparql-update or application/x-www-form-urlencoded"
                ))),
            }
        }
        _ => {
            let mut response = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not a SPARQL protocol method; use GET or POST"),
            )
            .into_response();
            response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD, POST"));
            Ok(response)
        }
    }
}

/// Every value of a list parameter of graph IRIs, each an absolute IRI.
fn iris(params: &Params, name: &str) -> Result<Vec<NamedNode>, ApiError> {
    params
        .all(name)
        .into_iter()
        .map(|iri| {
            NamedNode::new(iri).map_err(|e| ApiError::bad_request(format!("{name}={iri} is not an absolute IRI: {e}")))
        })
        .collect()
}

/// The dataset named by two list parameters (for queries or updates), None when neither is given.
fn dataset(params: &Params, default: &str, named: &str) -> Result<Option<ProtocolDataset>, ApiError> {
    let (default_graphs, named_graphs) = (iris(params, default)?, iris(params, named)?);
    if !params.has(default) && !params.has(named) {
        return Ok(None);
    }
    Ok(Some(ProtocolDataset { default_graphs, named_graphs }))
}

/// Stops the query it guards when dropped: when the answer is sent, the time limit passes or
/// the client goes away.
pub(crate) struct CancelOnDrop(pub(crate) CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Runs a query (inline text or a named query with parameters) and answers in the negotiated
/// format.
pub(crate) async fn answer_query(
    backend: &Arc<Backend>,
    text: String,
    dataset: Option<ProtocolDataset>,
    base: String,
    accept: Option<String>,
) -> Result<Response, ApiError> {
    answer(backend, QueryText::inline("the query", text), Vec::new(), dataset, base, accept).await
}

/// Runs any query and answers with its results in the format `accept` prefers.
pub(crate) async fn answer(
    backend: &Arc<Backend>,
    query: QueryText,
    params: Vec<Param>,
    dataset: Option<ProtocolDataset>,
    base: String,
    accept: Option<String>,
) -> Result<Response, ApiError> {
    let token = CancellationToken::new();
    let _guard = CancelOnDrop(token.clone());
    let (format, bytes) = backend
        .run(move |backend| {
            backend.read(|store, _| {
                let options = QueryOptions { base_iri: Some(base), dataset, cancel: Some(token) };
                let results = run_query_with(store, &query, &params, &options)?;
                serialize(results, accept.as_deref(), backend)
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, content_type(format)), (header::VARY, "Accept")], bytes).into_response())
}

/// Writes query results into memory, up to the server's limit.
fn serialize(
    results: QueryResults<'static>,
    accept: Option<&str>,
    backend: &Backend,
) -> Result<(QueryOutputFormat, Vec<u8>), ApiError> {
    let offers = match &results {
        QueryResults::Graph(_) => conneg::GRAPHS,
        _ => conneg::RESULTS,
    };
    let format = negotiate(accept, offers)?;
    let limit = backend.limits.max_result;
    let mut out = Limited { bytes: Vec::new(), limit };
    match write_results(results, Some(format), false, &mut out) {
        Ok(_) => Ok((format, out.bytes)),
        Err(RenderError::Evaluation(QueryEvaluationError::Cancelled)) => Err(ApiError::timeout(backend.limits.timeout)),
        Err(RenderError::Io(error)) if error.get_ref().is_some_and(|e| e.is::<TooLarge>()) => {
            Err(ApiError::too_large(limit))
        }
        Err(RenderError::Evaluation(error)) => {
            Err(query_failure(&error, format!("the query failed: {}", error_chain(&error))))
        }
        Err(error) => Err(ApiError::internal(error_chain(&error))),
    }
}

/// The result grew past the server's limit.
#[derive(Debug, thiserror::Error)]
#[error("the result is too large")]
struct TooLarge;

/// A buffer that refuses to grow past a limit.
struct Limited {
    bytes: Vec<u8>,
    limit: usize,
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(io::Error::other(TooLarge));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs an update (the token already checked); 204 when done.
async fn answer_update(
    backend: &Arc<Backend>,
    text: String,
    params: &Params,
    base: String,
) -> Result<Response, ApiError> {
    let request = UpdateRequest {
        text,
        base_iri: Some(base),
        using_graphs: iris(params, "using-graph-uri")?,
        using_named_graphs: iris(params, "using-named-graph-uri")?,
    };
    let warning = backend.run_write(move |store| store.update(&request).map_err(write_error)).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(warning) = warning {
        if let Ok(value) = header::HeaderValue::from_str(&format!("199 actorgraph \"{}\"", warning.replace('"', "'"))) {
            response.headers_mut().insert(header::WARNING, value);
        }
    }
    Ok(response)
}
