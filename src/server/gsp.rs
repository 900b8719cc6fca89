//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store`: `?graph=IRI` or `?default` names a
//! graph (indirect identification), `/store/...` is itself the graph's IRI (direct
//! identification), `/store` alone is the whole dataset. GET and HEAD read; PUT, POST
//! (multipart too) and DELETE write, on a writable server with the token, all or nothing.

use super::conneg::{self, check_charset, content_type, media_type, negotiate, rdf_format};
use super::error::ApiError;
use super::params::Params;
use super::state::Backend;
use super::{authorize, base_url, read_body, write_error};
use actorgraph::store::{GraphTarget, RdfBody};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// What a request addresses.
#[derive(Debug, Clone)]
enum Target {
    Graph(GraphTarget),
    Dataset,
}

/// `/store` and `/store/...`, every method.
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

fn target(uri: &Uri, headers: &HeaderMap) -> Result<Target, ApiError> {
    let base = base_url(headers, uri);
    if uri.path() != "/store" {
        let graph = NamedNode::new(&base)
            .map_err(|e| ApiError::bad_request(format!("<{base}> is not a valid graph IRI: {e}")))?;
        return Ok(Target::Graph(GraphTarget::Named(graph)));
    }
    let params = Params::from_query(uri.query());
    match (params.once("graph")?, params.has("default")) {
        (Some(_), true) => Err(ApiError::bad_request("give either ?graph=IRI or ?default, not both")),
        (Some(graph), false) => {
            let resolved = oxiri::Iri::parse(base.as_str())
                .and_then(|b| b.resolve(graph))
                .map_err(|e| ApiError::bad_request(format!("graph={graph} is not a valid IRI: {e}")))?;
            Ok(Target::Graph(GraphTarget::Named(NamedNode::new_unchecked(resolved.into_inner()))))
        }
        (None, true) => Ok(Target::Graph(GraphTarget::Default)),
        (None, false) => Ok(Target::Dataset),
    }
}

async fn dispatch(
    backend: &Arc<Backend>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let target = target(uri, headers)?;
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    match *method {
        Method::GET | Method::HEAD => read(backend, target, accept).await,
        Method::PUT => {
            authorize(backend, headers)?;
            let Target::Graph(graph) = target else {
                return Err(ApiError::bad_request("PUT needs a graph: /store?graph=IRI, /store?default or /store/..."));
            };
            let (format, bytes) = upload(backend, headers, body).await?;
            let base = base_iri(&graph, uri, headers);
            let outcome = backend
                .run_write(move |store| {
                    store
                        .put_graph(&graph, RdfBody { bytes: &bytes, format, base_iri: Some(&base) })
                        .map_err(write_error)
                })
                .await?;
            Ok(written(outcome.created, None))
        }
        Method::POST => {
            authorize(backend, headers)?;
            post(backend, target, uri, headers, body).await
        }
        Method::DELETE => {
            authorize(backend, headers)?;
            let Target::Graph(graph) = target else {
                return Err(ApiError::bad_request(
                    "DELETE needs a graph: /store?graph=IRI, /store?default or /store/... (the whole store is never \
                     deleted over HTTP)",
                ));
            };
            let (existed, _) = backend.run_write(move |store| store.delete_graph(&graph).map_err(write_error)).await?;
            if existed {
                Ok(StatusCode::NO_CONTENT.into_response())
            } else {
                Err(ApiError::not_found("no such graph"))
            }
        }
        _ => {
            let mut response = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not a Graph Store Protocol method; use GET, HEAD, PUT, POST or DELETE"),
            )
            .into_response();
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, PUT, POST, DELETE"));
            Ok(response)
        }
    }
}

/// The IRI relative IRIs of an upload resolve against: the graph's own, or the request URL.
fn base_iri(graph: &GraphTarget, uri: &Uri, headers: &HeaderMap) -> String {
    match graph {
        GraphTarget::Named(g) => g.as_str().to_owned(),
        GraphTarget::Default => base_url(headers, uri),
    }
}

/// GET and HEAD: the graph in the negotiated format, or 404.
async fn read(backend: &Arc<Backend>, target: Target, accept: Option<String>) -> Result<Response, ApiError> {
    let offers = match target {
        Target::Graph(_) => conneg::GRAPHS,
        Target::Dataset => conneg::DATASETS,
    };
    let format = negotiate(accept.as_deref(), offers)?;
    let rdf = format.graph_format().expect("graph offers have graph formats");
    let bytes = backend
        .run(move |backend| {
            let limit = backend.limits.max_result;
            backend.read(|store, _| {
                let mut out = Vec::new();
                match &target {
                    Target::Graph(graph) => {
                        if !store.graph_exists(graph).map_err(ApiError::internal)? {
                            return Err(ApiError::not_found("no such graph"));
                        }
                        store.dump_target(&mut out, rdf, graph).map_err(ApiError::internal)?;
                    }
                    Target::Dataset => store.dump(&mut out, rdf, None).map_err(ApiError::internal)?,
                }
                if out.len() > limit {
                    return Err(ApiError::too_large(limit));
                }
                Ok(out)
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, content_type(format)), (header::VARY, "Accept")], bytes).into_response())
}

/// The body of a PUT or POST with the RDF format its Content-Type names.
async fn upload(backend: &Backend, headers: &HeaderMap, body: Body) -> Result<(RdfFormat, Bytes), ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).ok_or_else(|| {
        ApiError::bad_request("the upload needs a Content-Type naming its RDF format (text/turtle...)")
    })?;
    let (essence, charset) = media_type(content_type);
    check_charset(charset.as_deref())?;
    let format = rdf_format(&essence).ok_or_else(|| {
        ApiError::unsupported_media_type(format!(
            "Content-Type {essence} is not an RDF format; send text/turtle, application/n-triples, \
             application/rdf+xml, application/ld+json, application/trig or application/n-quads"
        ))
    })?;
    Ok((format, read_body(body, backend.limits.max_body).await?))
}

/// POST: adds to a graph (multipart bodies part by part), adds a dataset to the store, or
/// creates a new graph for triples posted to `/store` and says where (201 + Location).
async fn post(
    backend: &Arc<Backend>,
    target: Target,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let parts = if media_type(content_type).0 == "multipart/form-data" {
        multipart(backend, content_type, body).await?
    } else {
        vec![upload(backend, headers, body).await?]
    };
    let (graph, location) = match target {
        Target::Graph(graph) => (graph, None),
        Target::Dataset if parts.iter().all(|(format, _)| format.supports_datasets()) => {
            backend
                .run_write(move |store| {
                    let bodies: Vec<RdfBody<'_>> = parts
                        .iter()
                        .map(|(format, bytes)| RdfBody { bytes, format: *format, base_iri: None })
                        .collect();
                    store.post_dataset(&bodies).map_err(write_error)
                })
                .await?;
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
        Target::Dataset => {
            let minted = mint(&base_url(headers, uri));
            (GraphTarget::Named(NamedNode::new_unchecked(minted.clone())), Some(minted))
        }
    };
    let base = base_iri(&graph, uri, headers);
    let outcome = backend
        .run_write(move |store| {
            let bodies: Vec<RdfBody<'_>> =
                parts.iter().map(|(format, bytes)| RdfBody { bytes, format: *format, base_iri: Some(&base) }).collect();
            store.post_graph(&graph, &bodies).map_err(write_error)
        })
        .await?;
    Ok(written(outcome.created, location))
}

/// 201 (with the new graph's Location) when the graph is new, 204 otherwise.
fn written(created: bool, location: Option<String>) -> Response {
    if !created {
        return StatusCode::NO_CONTENT.into_response();
    }
    let mut response = StatusCode::CREATED.into_response();
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// A fresh graph IRI under the store's URL.
fn mint(store_url: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}/{:x}{:04x}", store_url.trim_end_matches('/'), nanos, count)
}

/// The parts of a `multipart/form-data` body, each with the RDF format its own Content-Type
/// (or its file name's extension) names.
async fn multipart(backend: &Backend, content_type: &str, body: Body) -> Result<Vec<(RdfFormat, Bytes)>, ApiError> {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| ApiError::bad_request(format!("multipart body without a usable boundary: {e}")))?;
    let bytes = read_body(body, backend.limits.max_body).await?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    let bad = |e: multer::Error| ApiError::bad_request(format!("the multipart body does not parse: {e}"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.file_name().or(field.name()).unwrap_or("part").to_owned();
        let format = field
            .content_type()
            .and_then(|m| rdf_format(m.essence_str()))
            .or_else(|| actorgraph::rdf::formats::rdf_format_from_path(std::path::Path::new(&name)))
            .ok_or_else(|| {
                ApiError::unsupported_media_type(format!("part {name}: give it an RDF Content-Type (text/turtle...)"))
            })?;
        parts.push((format, field.bytes().await.map_err(bad)?));
    }
    if parts.is_empty() {
        return Err(ApiError::bad_request("the multipart body has no parts"));
    }
    Ok(parts)
}
