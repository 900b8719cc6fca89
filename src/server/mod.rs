//! `actorgraph serve`: the HTTP front end, beside the command line. The SPARQL 1.1 Protocol and
//! service description at `/sparql`, the Graph Store Protocol at `/store`, the workbench's JSON
//! API at `/api/...` and the workbench itself at `/`, `/query`, `/path` and `/entity`. Like
//! `cmd/`, it parses requests, calls `actorgraph::ops` (and the store's write operations) and
//! renders; it computes nothing itself.

mod api;
mod assets;
mod conneg;
mod description;
mod error;
mod gsp;
mod params;
mod sparql;
mod state;

use actorgraph::store::error_chain;
use anyhow::{bail, Context, Result};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::routing::{any, get};
use axum::Router;
use error::ApiError;
use state::Backend;
pub(crate) use state::Limits;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How a server is set up.
pub(crate) struct ServerConfig {
    pub bind: SocketAddr,
    pub location: actorgraph::store::Location,
    /// The bearer token writes must carry; None for a read-only server.
    pub token: Option<String>,
    /// How long to wait for another writer when opening for writing.
    pub wait: Duration,
    pub limits: Limits,
    pub workers: usize,
}

/// How often a read-only server looks for a newer published snapshot.
const REFRESH_EVERY: Duration = Duration::from_millis(500);

/// Opens the store, serves until SIGINT or SIGTERM, then lets requests under way finish and
/// closes the store.
pub(crate) fn run(config: ServerConfig) -> Result<()> {
    let backend = Arc::new(Backend::open(config.location, config.token, config.wait, config.limits, config.workers)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("actorgraph-serve")
        .build()
        .context("cannot start the server's runtime")?;
    let result = runtime.block_on(serve(backend.clone(), config.bind));
    // Work abandoned at its time limit may still be running: give it a moment, no more.
    runtime.shutdown_timeout(Duration::from_secs(5));
    result?;
    drop(backend);
    println!("actorgraph serve: stopped");
    Ok(())
}

async fn serve(backend: Arc<Backend>, bind: SocketAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr().context("cannot read the address listened on")?;
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {address}, which other machines can reach; the default is 127.0.0.1 (loopback)"
        );
    }
    let signals = Signals::listen()?;
    let mode = if backend.writable() { "writable, writes need the token" } else { "read-only" };
    println!("actorgraph serve: listening on http://{address}/ ({mode}); SPARQL at http://{address}/sparql");
    std::io::stdout().flush().ok();
    let refresher = tokio::spawn(refresh(backend.clone()));
    let app = router(backend);
    axum::serve(listener, app).with_graceful_shutdown(signals.received()).await.context("the server failed")?;
    refresher.abort();
    Ok(())
}

fn router(backend: Arc<Backend>) -> Router {
    Router::new()
        .route("/sparql", any(sparql::endpoint))
        .route("/store", any(gsp::endpoint))
        .route("/store/{*graph}", any(gsp::endpoint))
        .route("/api/status", get(api::status))
        .route("/api/vocabulary", get(api::vocabulary))
        .route("/api/prefixes", get(api::prefixes))
        .route("/api/queries", get(api::queries))
        .route("/api/queries/{name}", get(api::run_named))
        .route("/api/path", get(api::path))
        .route("/api/neighbours", get(api::neighbours))
        .route("/api/names", get(api::complete))
        .route("/api/resolve", get(api::resolve))
        .route("/api/diagram", get(api::diagram))
        .route("/", get(assets::page))
        .route("/query", get(assets::page))
        .route("/path", get(assets::page))
        .route("/entity", get(assets::page))
        .route("/assets/{*path}", get(assets::file))
        .fallback(|uri: Uri| async move { ApiError::not_found(format!("nothing at {}", uri.path())) })
        .with_state(backend)
}

/// A read-only server follows the store: when another process publishes a newer snapshot (a
/// load, a repair), later requests see it.
async fn refresh(backend: Arc<Backend>) {
    loop {
        tokio::time::sleep(REFRESH_EVERY).await;
        let worker = backend.clone();
        match tokio::task::spawn_blocking(move || worker.refresh()).await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => eprintln!("warning: {error:#}; still serving the previous snapshot"),
            Err(_) => {}
        }
    }
}

/// SIGINT (Ctrl-C) and SIGTERM, listened for from before the server says it listens, so that
/// a signal sent at any moment after that stops it cleanly.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn listen() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?,
                terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Resolves at the first signal.
    async fn received(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("actorgraph serve: shutting down, finishing the requests under way");
    }
}

/// The token of a writable server, from `--token-file` or `ACTORGRAPH_TOKEN`.
pub(crate) fn read_token(file: Option<&std::path::Path>) -> Result<String> {
    let token = match file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the token file {}", path.display()))?
            .trim()
            .to_owned(),
        None => match std::env::var("ACTORGRAPH_TOKEN") {
            Ok(token) => token.trim().to_owned(),
            Err(_) => bail!(
                "--writable needs a token for writes: --token-file FILE, or the ACTORGRAPH_TOKEN environment variable"
            ),
        },
    };
    if token.len() < 16 || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        bail!("the write token must be at least 16 characters without spaces (e.g. `openssl rand -hex 32`)");
    }
    Ok(token)
}

/// Lets a write through only on a writable server and with the token: 403 on a read-only
/// server, 401 without `Authorization: Bearer`, 403 with another token.
fn authorize(backend: &Backend, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = backend.token() else { return Err(ApiError::read_only()) };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let Some(given) = given.and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer "))) else {
        return Err(ApiError::unauthorized("writes need `Authorization: Bearer TOKEN` (the server's write token)"));
    };
    // Compare in time independent of where the first difference is.
    let (a, b) = (given.trim().as_bytes(), expected.as_bytes());
    let differ = a.len() != b.len() || a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) != 0;
    if differ {
        return Err(ApiError::forbidden("the token does not match the server's write token"));
    }
    Ok(())
}

/// The URL of the request without its query: `http://HOST/PATH`. It is the base IRI of queries
/// and updates, the endpoint of the service description and, under `/store/`, the graph IRI.
fn base_url(headers: &HeaderMap, uri: &Uri) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| !h.is_empty());
    format!("http://{}{}", host.unwrap_or("localhost"), uri.path())
}

/// The whole request body, refused (413) past the server's limit.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let too_large = error_chain(&error).contains("length limit");
        if too_large {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {} MiB (the server's --max-body-mib)", limit / (1024 * 1024)),
            )
        } else {
            ApiError::bad_request(format!("cannot read the request body: {error}"))
        }
    })
}

/// A refused or failed write, as the status that says whose fault it is.
fn write_error(error: actorgraph::store::WriteError) -> ApiError {
    use actorgraph::store::WriteError;
    use oxigraph::sparql::UpdateEvaluationError;
    let message = error_chain(&error);
    match error {
        WriteError::Reserved(_) | WriteError::Refused(_) => ApiError::forbidden(message),
        WriteError::Syntax(_) | WriteError::DatasetConflict | WriteError::Body(_) => ApiError::bad_request(message),
        WriteError::Evaluation(
            UpdateEvaluationError::GraphAlreadyExists(_) | UpdateEvaluationError::GraphDoesNotExist(_),
        ) => ApiError::bad_request(message),
        _ => ApiError::internal(message),
    }
}
