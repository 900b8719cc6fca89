//! The workbench's JSON API under `/api/`: named queries (listed, and run with parameters bound
//! as RDF terms exactly as `--param` binds them), path lookups (`actorgraph.path/1`),
//! neighbourhoods (`actorgraph.neighbours/1`), name completion and resolution, and diagrams
//! (SVG through Graphviz when it is installed, DOT otherwise). Every answer comes from `ops`.

use super::base_url;
use super::error::ApiError;
use super::params::Params;
use super::sparql;
use super::state::Backend;
use actorgraph::ops::catalog::{NamedQuery, ParamDoc};
use actorgraph::ops::diagrams::{self, DiagramRequest, DiagramSubject};
use actorgraph::ops::lookup;
use actorgraph::ops::neighbours::{find_neighbours, NeighbourRequest};
use actorgraph::ops::paths::{find_paths, FilterSpec, PathRequest};
use actorgraph::ops::query::{QueryOptions, QueryText};
use actorgraph::rdf::param::parse_param;
use actorgraph::render::{self, dot::DotOptions, graphviz::ImageFormat};
use actorgraph::search::Profile;
use actorgraph::views::diagram::DiagramOptions;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;

/// The longest path lookups and the widest neighbourhoods the server computes.
const MAX_K: usize = 20;
const MAX_HOPS: usize = 10;
const MAX_DEPTH: usize = 3;

fn json_response(value: &impl Serialize) -> Response {
    match serde_json::to_vec_pretty(value) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => ApiError::internal(error).into_json().into_response(),
    }
}

fn respond<T: Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => json_response(&value),
        Err(error) => error.into_json().into_response(),
    }
}

/// What the server is: for the workbench's header.
#[derive(Serialize)]
struct Status {
    service: &'static str,
    version: &'static str,
    writable: bool,
    graphviz: bool,
    generation: u64,
    graphs: usize,
    /// Queries and lookups running now (this one included), those past their time limit too.
    running: usize,
}

/// `GET /api/status`.
pub(crate) async fn status(State(backend): State<Arc<Backend>>) -> Response {
    respond(
        backend
            .run(|backend| {
                let (generation, graphs) = backend.read(|store, _| (store.generation(), store.visible_graphs()));
                Ok(Status {
                    service: "actorgraph",
                    version: env!("CARGO_PKG_VERSION"),
                    writable: backend.writable(),
                    graphviz: backend.graphviz,
                    generation,
                    graphs: graphs.map_err(ApiError::internal)?.len(),
                    running: backend.running(),
                })
            })
            .await,
    )
}

/// A relation family or confidence level as filters offer it.
#[derive(Serialize)]
struct Choice {
    key: String,
    label: String,
}

/// The words the path finder's filters use, and the prefixes queries may use undeclared.
#[derive(Serialize)]
struct Vocabulary {
    families: Vec<Choice>,
    /// Strongest first.
    confidence: Vec<Choice>,
    prefixes: std::collections::BTreeMap<&'static str, &'static str>,
}

/// `GET /api/vocabulary`: relation families, confidence levels and prefixes.
pub(crate) async fn vocabulary(State(backend): State<Arc<Backend>>) -> Response {
    respond(
        backend
            .run(|backend| {
                backend.read(|_, projection| {
                    let projection = projection()?;
                    let mut confidence: Vec<_> = projection.confidence_levels.iter().collect();
                    confidence.sort_by_key(|c| std::cmp::Reverse(c.rank));
                    Ok(Vocabulary {
                        families: projection
                            .families
                            .iter()
                            .map(|f| Choice { key: f.key.clone(), label: f.label.clone() })
                            .collect(),
                        confidence: confidence
                            .into_iter()
                            .map(|c| Choice { key: c.key.clone(), label: c.label.clone() })
                            .collect(),
                        prefixes: actorgraph::rdf::vocab::PREFIXES.iter().copied().collect(),
                    })
                })
            })
            .await,
    )
}

/// `GET /api/prefixes`: the predeclared prefixes as `{prefix: namespace}`, for the editor's
/// prefix completion.
pub(crate) async fn prefixes() -> Response {
    let prefixes: std::collections::BTreeMap<&str, &str> = actorgraph::rdf::vocab::PREFIXES.iter().copied().collect();
    json_response(&prefixes)
}

/// A named query as the workbench lists it: its header and its text.
#[derive(Serialize)]
struct QueryEntry {
    name: String,
    purpose: String,
    params: Vec<ParamDoc>,
    columns: Vec<String>,
    text: String,
}

/// `GET /api/queries`: every named query with its parameters and text.
pub(crate) async fn queries() -> Response {
    let entries: Vec<QueryEntry> = NamedQuery::bundled()
        .into_iter()
        .map(|q| QueryEntry { name: q.name, purpose: q.purpose, params: q.params, columns: q.columns, text: q.text })
        .collect();
    json_response(&entries)
}

/// `GET /api/queries/NAME?PARAM=VALUE...`: runs a named query, each parameter bound as the RDF
/// term `--param PARAM=VALUE` would bind (an empty value leaves the parameter unbound); the
/// results are negotiated like `/sparql`'s.
pub(crate) async fn run_named(
    State(backend): State<Arc<Backend>>,
    Path(name): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let query = QueryText::named(&name)?;
        let params = Params::from_query(uri.query());
        let mut bound = Vec::new();
        for (param, value) in params.iter() {
            if value.is_empty() {
                continue;
            }
            bound.push(parse_param(&format!("{param}={value}")).map_err(|e| ApiError::bad_request(e.to_string()))?);
        }
        let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(str::to_owned);
        sparql::answer(&backend, query, bound, None, base_url(&headers, &uri), accept).await
    }
    .await;
    result.unwrap_or_else(|error| error.into_json().into_response())
}

/// The hop filters of a request, named as on the command line.
fn filter(params: &Params) -> Result<FilterSpec, ApiError> {
    let text = |name: &str| -> Result<Option<String>, ApiError> {
        Ok(params.once(name)?.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned))
    };
    Ok(FilterSpec {
        via: params.list("via"),
        exclude: params.list("exclude"),
        directed: params.flag("directed")?,
        min_confidence: text("min_confidence")?,
        as_of: text("as_of")?,
    })
}

fn path_request(params: &Params) -> Result<PathRequest, ApiError> {
    let text = |name: &str| -> Result<Option<String>, ApiError> {
        Ok(params.once(name)?.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned))
    };
    Ok(PathRequest {
        from: text("from")?,
        to: text("to")?,
        from_type: text("from_type")?,
        to_type: text("to_type")?,
        k: params.number("k", 1, MAX_K)?,
        max_hops: params.number("max_hops", 6, MAX_HOPS)?,
        filter: filter(params)?,
        profile: match params.once("profile")?.map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some("all") => Some(Profile::All),
            Some("strict") => Some(Profile::Strict),
            Some("exposure") => Some(Profile::Exposure),
            Some(other) => {
                return Err(ApiError::bad_request(format!("profile={other}: use all, strict or exposure")));
            }
        },
    })
}

fn neighbour_request(params: &Params) -> Result<NeighbourRequest, ApiError> {
    let node = params.once("node")?.map(str::trim).filter(|v| !v.is_empty());
    let node = node.ok_or_else(|| ApiError::bad_request("give the node: node=NAME, IRI or prefixed name"))?;
    Ok(NeighbourRequest {
        node: node.to_owned(),
        depth: params.number("depth", 1, MAX_DEPTH)?,
        filter: filter(params)?,
    })
}

/// `GET /api/path?from=&to=&k=&max_hops=&via=&exclude=&directed=&min_confidence=&as_of=`
/// (or `from_type`/`to_type`): the paths as `actorgraph.path/1`.
pub(crate) async fn path(State(backend): State<Arc<Backend>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    respond(
        backend
            .run(move |backend| {
                let request = path_request(&params)?;
                backend.read(|_, projection| Ok(find_paths(&*projection()?, &request)?.report))
            })
            .await,
    )
}

/// `GET /api/neighbours?node=&depth=&...filters`: the neighbourhood as `actorgraph.neighbours/1`.
pub(crate) async fn neighbours(State(backend): State<Arc<Backend>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    respond(
        backend
            .run(move |backend| {
                let request = neighbour_request(&params)?;
                backend.read(|_, projection| Ok(find_neighbours(&*projection()?, &request)?.report))
            })
            .await,
    )
}

/// `GET /api/names?q=TEXT&limit=N`: completions for a name being typed.
pub(crate) async fn complete(State(backend): State<Arc<Backend>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    respond(
        backend
            .run(move |backend| {
                let typed = params.once("q")?.unwrap_or("").to_owned();
                let limit = params.number("limit", 10, lookup::MAX_COMPLETIONS)?;
                backend.read(|_, projection| Ok(lookup::complete(&*projection()?, &typed, limit)))
            })
            .await,
    )
}

/// `GET /api/resolve?name=TEXT`: the node a name stands for (404 with suggestions when unknown,
/// 400 with the candidates when ambiguous).
pub(crate) async fn resolve(State(backend): State<Arc<Backend>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    respond(
        backend
            .run(move |backend| {
                let name = params.once("name")?.unwrap_or("").to_owned();
                backend.read(|_, projection| Ok(lookup::resolve(&*projection()?, &name)?))
            })
            .await,
    )
}

/// `GET /api/diagram?kind=path|focus|query&...&format=svg|dot`: the diagram of a path lookup
/// (the path parameters), of a node's neighbourhood (`node`, `depth`, `collapse`, `cluster`) or
/// of a query's result (a CONSTRUCT, or a SELECT with ?subject ?relation ?object: `query=NAME`
/// with parameters as `param.NAME=VALUE`, or `sparql=TEXT`).
pub(crate) async fn diagram(State(backend): State<Arc<Backend>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    // A query diagram's query stops when the answer goes, the time limit passes or the client leaves.
    let token = oxigraph::sparql::CancellationToken::new();
    let _guard = sparql::CancelOnDrop(token.clone());
    let result = backend
        .run(move |backend| {
            let svg = backend.graphviz && params.once("format")?.is_none_or(|f| f != "dot");
            let dot = backend.read(|store, projection| -> Result<Vec<u8>, ApiError> {
                let projection = projection()?;
                let diagram = match params.once("kind")?.unwrap_or("focus") {
                    "path" => diagrams::of_paths(
                        &projection,
                        &find_paths(&projection, &path_request(&params)?)?,
                        params.flag("footnotes")?,
                    ),
                    "focus" => {
                        let request = neighbour_request(&params)?;
                        let options = DiagramOptions {
                            collapse: params.flag("collapse")?,
                            cluster_by_country: params.flag("cluster")?,
                            footnotes: params.flag("footnotes")?,
                        };
                        let hub_degree = match params.once("hub_degree")?.map(str::trim).filter(|v| !v.is_empty()) {
                            None => None,
                            Some(_) => Some(params.number("hub_degree", 1, 1_000_000)?),
                        };
                        let subject = DiagramSubject::Focus {
                            node: request.node,
                            depth: request.depth,
                            expand: params.list("expand"),
                            hub_degree,
                        };
                        diagrams::draw(
                            store,
                            &projection,
                            &DiagramRequest { subject, filter: request.filter, options },
                        )?
                    }
                    "query" => {
                        let query = match (params.once("query")?, params.once("sparql")?) {
                            (Some(name), None) => QueryText::named(name)?,
                            (None, Some(text)) => QueryText::inline("the query", text),
                            _ => {
                                return Err(ApiError::bad_request(
                                    "give a named query (query=NAME) or the query itself (sparql=CONSTRUCT ...)",
                                ))
                            }
                        };
                        let mut bound = Vec::new();
                        for (key, value) in params.iter() {
                            if let Some(variable) = key.strip_prefix("param.").filter(|_| !value.is_empty()) {
                                bound.push(
                                    parse_param(&format!("{variable}={value}"))
                                        .map_err(|e| ApiError::bad_request(e.to_string()))?,
                                );
                            }
                        }
                        let options = QueryOptions { cancel: Some(token), ..QueryOptions::default() };
                        let subject = DiagramSubject::Query { query, params: bound, options };
                        let request = DiagramRequest { subject, filter: filter(&params)?, options: Default::default() };
                        diagrams::draw(store, &projection, &request)?
                    }
                    other => return Err(ApiError::bad_request(format!("kind={other}: use path, focus or query"))),
                };
                let mut dot = Vec::new();
                let options = DotOptions {
                    left_to_right: true,
                    legend: params.once("legend")? != Some("false"),
                    ..DotOptions::default()
                };
                render::dot::write(&diagram, options, &mut dot).map_err(ApiError::internal)?;
                Ok(dot)
            })?;
            if !svg {
                return Ok(("text/vnd.graphviz; charset=utf-8", dot));
            }
            let mut picture = Vec::new();
            let dpi = DotOptions::default().size.look().dpi;
            render::graphviz::render(&dot, ImageFormat::Svg, dpi, &mut picture).map_err(ApiError::internal)?;
            Ok(("image/svg+xml", picture))
        })
        .await;
    match result {
        Ok((content_type, bytes)) => ([(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(error) => error.into_json().into_response(),
    }
}
