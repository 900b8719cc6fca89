//! The remote endpoint a command runs against (`--endpoint`, `ACTORGRAPH_ENDPOINT`): its
//! settings and credentials (from a file or the environment, never the command line), and
//! the data a reading command works on, local or remote, with the path graph of either.

use super::{load_projection, mapped_projection, open_store, spinner};
use crate::cli::{EndpointArgs, StoreArgs};
use actorgraph::graph::Projection;
use actorgraph::ops::neighbours::{find_neighbours, NeighbourLookup, NeighbourRequest};
use actorgraph::ops::paths::{find_paths, PathLookup, PathRequest};
use actorgraph::ops::query::QueryTarget;
use actorgraph::ops::walk::{walk_neighbours, walk_paths};
use actorgraph::remote::{Auth, Endpoint, EndpointConfig};
use actorgraph::store::GraphStore;
use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::time::Duration;

/// The data a reading command works on.
pub(super) enum Data {
    /// The local store.
    Local(GraphStore),
    /// A remote endpoint.
    Remote(Endpoint),
}

impl Data {
    /// The endpoint when `--endpoint` (or `ACTORGRAPH_ENDPOINT`) names one, the local store otherwise.
    pub(super) fn open(store: &StoreArgs, endpoint: &EndpointArgs) -> Result<Self> {
        Ok(match connect(endpoint)? {
            Some(endpoint) => Data::Remote(endpoint),
            None => Data::Local(open_store(store)?),
        })
    }

    /// Where queries go.
    pub(super) fn target(&self) -> QueryTarget<'_> {
        match self {
            Data::Local(store) => store.into(),
            Data::Remote(endpoint) => endpoint.into(),
        }
    }

    /// The path graph: the store's (cached per store state), or the endpoint's, read with paged
    /// queries and cached per endpoint under its change token.
    pub(super) fn projection(&self, refresh: bool) -> Result<Projection> {
        match self {
            Data::Local(store) => load_projection(store),
            Data::Remote(endpoint) => {
                let bar = spinner("reading the path graph from the endpoint (cached per change token)");
                let result = remote_projection(endpoint, refresh);
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                result
            }
        }
    }
}

fn remote_projection(endpoint: &Endpoint, refresh: bool) -> Result<Projection> {
    let token = endpoint.change_token().context("cannot read the endpoint's change token")?;
    let cache = cache_file(endpoint.url());
    if refresh {
        if let Some(path) = &cache {
            let _ = std::fs::remove_file(path);
        }
    }
    Projection::load_or_build_keyed(endpoint, token, cache.as_deref())
        .with_context(|| format!("cannot build the path graph from {}", endpoint.url()))
}

/// The path-graph cache of an endpoint: in the platform cache directory, one directory per URL.
fn cache_file(url: &str) -> Option<PathBuf> {
    use sha2::{Digest, Sha256};
    let dirs = directories::ProjectDirs::from("", "", "actorgraph")?;
    let digest: String = Sha256::digest(url.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect();
    Some(dirs.cache_dir().join("endpoints").join(digest).join(actorgraph::graph::CACHE_FILE))
}

/// The endpoint the arguments name, if any, with its credentials.
pub(super) fn connect(args: &EndpointArgs) -> Result<Option<Endpoint>> {
    connect_for_writes(args, None, None)
}

/// The endpoint the arguments name, with the endpoints `push` writes to when the engine keeps
/// them apart (SPARQL Update, Graph Store Protocol).
pub(super) fn connect_for_writes(
    args: &EndpointArgs,
    update_url: Option<String>,
    graph_store_url: Option<String>,
) -> Result<Option<Endpoint>> {
    let Some(url) = args.endpoint.as_deref().filter(|u| !u.trim().is_empty()) else {
        if update_url.is_some() || graph_store_url.is_some() {
            bail!("--update-endpoint and --graph-store go with --endpoint URL (or ACTORGRAPH_ENDPOINT)");
        }
        return Ok(None);
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!("--timeout {}: give a number of seconds above 0", args.timeout);
    }
    let mut config = EndpointConfig::new(url.trim());
    config.update_url = update_url;
    config.graph_store_url = graph_store_url;
    config.timeout = Duration::from_secs_f64(args.timeout);
    config.retries = args.retries;
    if let Some(ms) = std::env::var("ACTORGRAPH_ENDPOINT_BACKOFF_MS").ok().and_then(|v| v.parse().ok()) {
        config.backoff = Duration::from_millis(ms);
    }
    if let Some(rows) = std::env::var("ACTORGRAPH_ENDPOINT_PAGE").ok().and_then(|v| v.parse().ok()) {
        config.page_size = rows;
    }
    config.auth = credentials(args)?;
    Ok(Some(Endpoint::new(config)?))
}

/// Credentials from `--credentials FILE`, else `ACTORGRAPH_ENDPOINT_TOKEN`, else
/// `ACTORGRAPH_ENDPOINT_USER` and `ACTORGRAPH_ENDPOINT_PASSWORD`.
fn credentials(args: &EndpointArgs) -> Result<Auth> {
    if let Some(path) = &args.credentials {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the credentials file {}", path.display()))?;
        return Ok(Auth::from_file_text(&text, &path.display().to_string())?);
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(token) = var("ACTORGRAPH_ENDPOINT_TOKEN") {
        return Ok(Auth::Bearer(token));
    }
    match (var("ACTORGRAPH_ENDPOINT_USER"), var("ACTORGRAPH_ENDPOINT_PASSWORD")) {
        (Some(user), Some(password)) => Ok(Auth::Basic { user, password }),
        (Some(_), None) => bail!("ACTORGRAPH_ENDPOINT_USER is set but ACTORGRAPH_ENDPOINT_PASSWORD is not"),
        _ => Ok(Auth::None),
    }
}

impl Data {
    /// The paths a request asks for, with the path graph they point into: on an endpoint with
    /// `walk`, from the part of it walked; otherwise from the whole path graph.
    pub(super) fn paths(&self, request: &PathRequest, walk: bool, refresh: bool) -> Result<(Projection, PathLookup)> {
        match (self, walk) {
            (Data::Remote(endpoint), true) => {
                let bar = spinner("walking the endpoint level by level");
                let result = walk_paths(endpoint, request);
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                Ok(result?)
            }
            (Data::Local(_), true) => bail!("--walk goes with --endpoint URL (or ACTORGRAPH_ENDPOINT)"),
            _ => {
                let projection = self.projection(refresh)?;
                let lookup = find_paths(&projection, request)?;
                Ok((projection, lookup))
            }
        }
    }

    /// The neighbourhood a request asks for, with the path graph it points into (see `paths`).
    pub(super) fn neighbours(
        &self,
        request: &NeighbourRequest,
        walk: bool,
        refresh: bool,
    ) -> Result<(Projection, NeighbourLookup)> {
        match (self, walk) {
            (Data::Remote(endpoint), true) => Ok(walk_neighbours(endpoint, request)?),
            (Data::Local(_), true) => bail!("--walk goes with --endpoint URL (or ACTORGRAPH_ENDPOINT)"),
            _ => {
                let projection = self.projection(refresh)?;
                let lookup = find_neighbours(&projection, request)?;
                Ok((projection, lookup))
            }
        }
    }
}

/// What a path or neighbourhood lookup reads: the store's path graph mapped from a current
/// cache (the database left closed), or the data itself.
pub(super) enum LookupData {
    /// The local path graph, from its cache.
    Mapped(Projection),
    /// The store or the endpoint.
    Data(Data),
}

impl LookupData {
    /// The endpoint when one is named (`--walk` needs one); otherwise the mapped cache when it
    /// is current, else the store.
    pub(super) fn open(store: &StoreArgs, endpoint: &EndpointArgs, walk: bool) -> Result<Self> {
        if let Some(endpoint) = connect(endpoint)? {
            return Ok(LookupData::Data(Data::Remote(endpoint)));
        }
        if walk {
            bail!("--walk goes with --endpoint URL (or ACTORGRAPH_ENDPOINT)");
        }
        if let Some(projection) = mapped_projection(store)? {
            return Ok(LookupData::Mapped(projection));
        }
        Ok(LookupData::Data(Data::Local(open_store(store)?)))
    }

    /// The whole path graph (for batches of lookups).
    pub(super) fn projection(self, refresh: bool) -> Result<Projection> {
        match self {
            LookupData::Mapped(projection) => Ok(projection),
            LookupData::Data(data) => data.projection(refresh),
        }
    }

    /// See [`Data::paths`].
    pub(super) fn paths(self, request: &PathRequest, walk: bool, refresh: bool) -> Result<(Projection, PathLookup)> {
        match self {
            LookupData::Mapped(projection) => {
                let lookup = find_paths(&projection, request)?;
                Ok((projection, lookup))
            }
            LookupData::Data(data) => data.paths(request, walk, refresh),
        }
    }

    /// See [`Data::neighbours`].
    pub(super) fn neighbours(
        self,
        request: &NeighbourRequest,
        walk: bool,
        refresh: bool,
    ) -> Result<(Projection, NeighbourLookup)> {
        match self {
            LookupData::Mapped(projection) => {
                let lookup = find_neighbours(&projection, request)?;
                Ok((projection, lookup))
            }
            LookupData::Data(data) => data.neighbours(request, walk, refresh),
        }
    }
}
