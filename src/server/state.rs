//! What every request shares: the store (a reader's snapshot, reopened when another process
//! publishes a newer one; or the store this server writes), the path graph built from it, the
//! limits, and the pool that runs store work off the async threads with a time limit.

use super::error::ApiError;
use actorgraph::graph::Projection;
use actorgraph::store::{Access, GraphStore, Location};
use anyhow::{Context, Result};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The limits a server enforces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// How long a query, lookup or diagram may run (waiting for a worker included).
    pub timeout: Duration,
    /// The largest response body a query may produce, in bytes.
    pub max_result: usize,
    /// The largest request body, in bytes.
    pub max_body: usize,
}

/// The path graph of one store state, built on first use.
#[derive(Default)]
struct ProjectionSlot {
    built: Mutex<Option<Arc<Projection>>>,
}

impl ProjectionSlot {
    /// Drops the path graph held, so that the next request reads or builds it again.
    fn forget(&self) {
        *self.built.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The projection of `store`'s current generation; one build at a time, shared by all.
    fn get(&self, store: &GraphStore) -> Result<Arc<Projection>, ApiError> {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(projection) = built.as_ref().filter(|p| p.generation == store.generation()) {
            return Ok(projection.clone());
        }
        let projection = Arc::new(Projection::load_or_build(store).map_err(ApiError::internal)?);
        *built = Some(projection.clone());
        Ok(projection)
    }
}

/// Counts a running worker out when dropped.
struct RunningGuard<'a>(&'a AtomicUsize);

impl Drop for RunningGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A reader's view: one published snapshot and its path graph.
struct View {
    store: GraphStore,
    projection: ProjectionSlot,
}

enum Mode {
    /// Read-only: the last published snapshot of a store on disk, replaced when a newer one
    /// appears, or an in-memory store nobody writes.
    Reader { location: Location, view: RwLock<Arc<View>> },
    /// `--writable`: the store this server writes (holding `write.lock` on disk); requests read
    /// it too, waiting while a write runs.
    Writer { store: Box<RwLock<GraphStore>>, projection: ProjectionSlot },
}

/// Everything the request handlers share.
pub(crate) struct Backend {
    mode: Mode,
    /// The bearer token writes must carry (writable servers only).
    token: Option<String>,
    pub(crate) limits: Limits,
    workers: Arc<Semaphore>,
    /// Worker threads running now, stragglers past their time limit included.
    running: AtomicUsize,
    /// How many may run before new work is refused.
    max_running: usize,
    /// Whether Graphviz's `dot` is installed (diagrams are SVG then, DOT otherwise).
    pub(crate) graphviz: bool,
}

impl Backend {
    /// Opens the store for reading, or for writing with a token.
    pub(crate) fn open(
        location: Location,
        token: Option<String>,
        wait: Duration,
        limits: Limits,
        workers: usize,
    ) -> Result<Self> {
        let mode = match &token {
            Some(_) => Mode::Writer {
                store: Box::new(RwLock::new(
                    GraphStore::open(location, Access::Write { wait }).context("cannot open the store for writing")?,
                )),
                projection: ProjectionSlot::default(),
            },
            None => {
                let store = GraphStore::open(location.clone(), Access::Read).context("cannot open the store")?;
                Mode::Reader {
                    location,
                    view: RwLock::new(Arc::new(View { store, projection: ProjectionSlot::default() })),
                }
            }
        };
        Ok(Backend {
            mode,
            token,
            limits,
            workers: Arc::new(Semaphore::new(workers.max(1))),
            running: AtomicUsize::new(0),
            max_running: 2 * workers.max(1),
            graphviz: actorgraph::render::graphviz::is_installed(),
        })
    }

    /// Worker threads running now, stragglers past their time limit included.
    pub(crate) fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Whether this server accepts writes.
    pub(crate) fn writable(&self) -> bool {
        self.token.is_some()
    }

    /// The token writes must present, if any.
    pub(crate) fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Runs `f` on the store as it is now, with its path graph on demand.
    pub(crate) fn read<R>(
        &self,
        f: impl FnOnce(&GraphStore, &dyn Fn() -> Result<Arc<Projection>, ApiError>) -> R,
    ) -> R {
        match &self.mode {
            Mode::Reader { view, .. } => {
                let view = view.read().unwrap_or_else(|e| e.into_inner()).clone();
                f(&view.store, &|| view.projection.get(&view.store))
            }
            Mode::Writer { store, projection } => {
                let store = store.read().unwrap_or_else(|e| e.into_inner());
                f(&store, &|| projection.get(&store))
            }
        }
    }

    /// Runs `f` on the store this server writes; refused on a read-only server.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut GraphStore) -> Result<R, ApiError>) -> Result<R, ApiError> {
        match &self.mode {
            Mode::Writer { store, .. } => f(&mut store.write().unwrap_or_else(|e| e.into_inner())),
            Mode::Reader { .. } => Err(ApiError::read_only()),
        }
    }

    /// For a reader: opens the newest published snapshot when it differs from the one being
    /// served. Requests under way finish on the snapshot they started with.
    pub(crate) fn refresh(&self) -> Result<bool> {
        let Mode::Reader { location, view } = &self.mode else { return Ok(false) };
        if !view.read().unwrap_or_else(|e| e.into_inner()).store.superseded() {
            return Ok(false);
        }
        let store = GraphStore::open(location.clone(), Access::Read).context("cannot open the newer snapshot")?;
        *view.write().unwrap_or_else(|e| e.into_inner()) =
            Arc::new(View { store, projection: ProjectionSlot::default() });
        Ok(true)
    }

    /// Drops every path graph held (the current view's, or the writer's).
    fn forget_projections(&self) {
        match &self.mode {
            Mode::Reader { view, .. } => view.read().unwrap_or_else(|e| e.into_inner()).projection.forget(),
            Mode::Writer { projection, .. } => projection.forget(),
        }
    }

    /// Runs store work on a worker thread, at most `workers` at a time, giving up after the
    /// time limit. A query stops soon after (its cancellation token is checked as it reads the
    /// store), but work that computes long without reading may run on: its worker is handed to
    /// the next request at once, and while too many such stragglers run, new work is refused.
    pub(crate) async fn run<R: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Backend) -> Result<R, ApiError> + Send + 'static,
    ) -> Result<R, ApiError> {
        let timeout = self.limits.timeout;
        let backend = self.clone();
        let job = async move {
            let _permit = backend.workers.clone().acquire_owned().await.map_err(|_| ApiError::shutting_down())?;
            if backend.running.load(Ordering::SeqCst) >= backend.max_running {
                return Err(ApiError::busy());
            }
            let worker = backend.clone();
            worker.running.fetch_add(1, Ordering::SeqCst);
            let outcome = tokio::task::spawn_blocking(move || {
                // Counted out however the work ends, a panic included.
                let _running = RunningGuard(&worker.running);
                work(&worker)
            })
            .await;
            outcome.unwrap_or_else(|e| {
                // A worker that panicked (a path-graph cache page failing its checksum removes
                // the file and panics): the next request builds the path graph afresh.
                backend.forget_projections();
                Err(ApiError::internal(format!("the worker failed: {e}")))
            })
        };
        with_timeout(timeout, job).await
    }

    /// Runs a write on a worker thread; writes are never abandoned half way, so no time limit.
    pub(crate) async fn run_write<R: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut GraphStore) -> Result<R, ApiError> + Send + 'static,
    ) -> Result<R, ApiError> {
        let backend = self.clone();
        tokio::task::spawn_blocking(move || backend.write(work))
            .await
            .map_err(|e| ApiError::internal(format!("the worker failed: {e}")))?
    }
}

/// The answer of `job`, or a 503 once `timeout` has passed.
pub(crate) async fn with_timeout<R>(
    timeout: Duration,
    job: impl Future<Output = Result<R, ApiError>>,
) -> Result<R, ApiError> {
    match tokio::time::timeout(timeout, job).await {
        Ok(result) => result,
        Err(_) => Err(ApiError::timeout(timeout)),
    }
}
