//! What a load takes in: each parsed quad checked (no reserved graph), counted, its role values
//! kept for the derived edges and, in a bulk load, routed (data for a graph that already exists
//! goes to a staging graph). The bulk loader is fed from one parser, or from the parts of a
//! large file parsed on several threads while the loader's own threads write the batches.

use super::parse::{parse_quads, split_for_parallel_parsing, PartParser};
use super::{LoadProgress, LoadSource};
use crate::rdf::vocab::{GRAPH_NS, STAGING_GRAPH_PREFIX};
use crate::store::derive::{Chains, Touched};
use crate::store::LoadError;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{BulkLoader, StorageError, Store};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};

/// Quads a parser thread hands over at a time, and batches waiting at most: enough to keep the
/// loader busy, little enough to keep memory bounded.
const HANDOVER_QUADS: usize = 8_192;
const HANDOVERS_WAITING: usize = 16;

/// Progress is reported every this many quads.
const PROGRESS_EVERY: u64 = 50_000;

/// The staging graphs of a bulk load: a target graph that already holds data receives the new
/// data in a hidden graph first, moved into place once the bulk commit has succeeded.
pub(super) struct Staging<'a> {
    store: &'a Store,
    generation: u64,
    /// Target -> its staging graph, or `None` for a graph that did not exist (loaded directly);
    /// and how many staging graphs there are.
    routes: Mutex<(HashMap<NamedNode, Option<NamedNode>>, usize)>,
}

impl<'a> Staging<'a> {
    pub(super) fn new(store: &'a Store, generation: u64) -> Self {
        Staging { store, generation, routes: Mutex::new((HashMap::new(), 0)) }
    }

    /// Where data for `graph` goes now.
    fn route(&self, graph: &NamedNode) -> Result<Option<NamedNode>, StorageError> {
        let mut guard = self.routes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (routes, staged) = &mut *guard;
        if let Some(route) = routes.get(graph) {
            return Ok(route.clone());
        }
        let route = match self.store.contains_named_graph(graph)? {
            true => {
                *staged += 1;
                Some(NamedNode::new_unchecked(format!("{STAGING_GRAPH_PREFIX}{}/{}", self.generation, *staged - 1)))
            }
            false => None,
        };
        routes.insert(graph.clone(), route.clone());
        Ok(route)
    }

    /// Each staged target with its staging graph.
    pub(super) fn staged(self) -> Vec<(NamedOrBlankNode, NamedNode)> {
        let (routes, _) = self.routes.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        routes.into_iter().filter_map(|(target, stage)| Some((target.into(), stage?))).collect()
    }
}

/// What the quads of one source brought: the role values of its facts, the named graphs besides
/// the target, and how many there were.
#[derive(Default)]
pub(super) struct Intake {
    pub(super) touched: Touched,
    pub(super) extra: HashSet<NamedOrBlankNode>,
    pub(super) count: u64,
    /// The last graph routed and where it went: quads come in runs of one graph.
    last_route: Option<(NamedNode, Option<NamedNode>)>,
}

impl Intake {
    /// Checks, observes and (for a bulk load, with `staging`) routes one quad.
    pub(super) fn take(
        &mut self,
        source: &LoadSource,
        chains: &Chains,
        staging: Option<&Staging<'_>>,
        mut quad: Quad,
    ) -> Result<Quad, LoadError> {
        note_extra_graph(source, &quad, &mut self.extra)?;
        self.touched.observe(chains, &quad);
        if let (Some(staging), GraphName::NamedNode(graph)) = (staging, &quad.graph_name) {
            let route = match &self.last_route {
                Some((last, route)) if last == graph => route.clone(),
                _ => {
                    let route = staging.route(graph)?;
                    self.last_route = Some((graph.clone(), route.clone()));
                    route
                }
            };
            if let Some(stage) = route {
                quad.graph_name = stage.into();
            }
        }
        self.count += 1;
        Ok(quad)
    }

    pub(super) fn merge(&mut self, other: Intake) {
        self.touched.merge(other.touched);
        self.extra.extend(other.extra);
        self.count += other.count;
    }
}

/// Feeds one source's quads to the bulk loader, from the parts of the file on `threads` parser
/// threads when it can be split, and returns what they brought.
pub(super) fn feed(
    loader: &mut BulkLoader<'_>,
    source: &LoadSource,
    chains: &Chains,
    staging: &Staging<'_>,
    loaded: &AtomicU64,
    progress: &(dyn Fn(LoadProgress) + Sync),
    threads: usize,
) -> Result<Intake, LoadError> {
    let report = |n: u64| {
        let total = loaded.fetch_add(n, Ordering::Relaxed) + n;
        if total / PROGRESS_EVERY != (total - n) / PROGRESS_EVERY {
            progress(LoadProgress::Parsed(total));
        }
    };
    let Some(parts) = split_for_parallel_parsing(source, threads)? else {
        let mut intake = Intake::default();
        let quads = parse_quads(source)?.map(|quad| {
            report(1);
            intake.take(source, chains, Some(staging), quad?)
        });
        loader.load_ok_quads::<LoadError, LoadError>(quads)?;
        return Ok(intake);
    };
    let outcome = std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Result<Vec<Quad>, LoadError>>(HANDOVERS_WAITING);
        let workers: Vec<_> = parts
            .into_iter()
            .map(|part| {
                let sender = sender.clone();
                scope.spawn(move || parse_part(part, source, chains, staging, &sender))
            })
            .collect();
        drop(sender);
        let quads = receiver.into_iter().flat_map(|handover| {
            let (batch, error) = match handover {
                Ok(batch) => (batch, None),
                Err(error) => (Vec::new(), Some(error)),
            };
            report(batch.len() as u64);
            batch.into_iter().map(Ok).chain(error.map(Err))
        });
        let loaded = loader.load_ok_quads::<LoadError, LoadError>(quads);
        // The receiver is gone: parsers still sending stop.
        let mut intake = Intake::default();
        for worker in workers {
            match worker.join() {
                Ok(part) => intake.merge(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        loaded.map(|()| intake)
    });
    outcome.map_err(|error| match error {
        // A part's position counts from the part's start, and another part may hold an earlier
        // error: read the file from its start for the first one.
        LoadError::Syntax { .. } | LoadError::SyntaxWithoutPosition { .. } | LoadError::ReservedGraph { .. } => {
            first_error(source, chains, error)
        }
        other => other,
    })
}

/// The first error of a file read from its start, as a load on one thread would report it;
/// `fallback` when the file reads without one.
fn first_error(source: &LoadSource, chains: &Chains, fallback: LoadError) -> LoadError {
    let quads = match parse_quads(source) {
        Ok(quads) => quads,
        Err(error) => return error,
    };
    let mut intake = Intake::default();
    for quad in quads {
        if let Err(error) = quad.and_then(|quad| intake.take(source, chains, None, quad)) {
            return error;
        }
    }
    fallback
}

/// Parses one part of a file on its own thread, handing its quads over in batches; stops at the
/// first error (handed over too) or when the receiver is gone.
fn parse_part(
    part: PartParser,
    source: &LoadSource,
    chains: &Chains,
    staging: &Staging<'_>,
    sender: &mpsc::SyncSender<Result<Vec<Quad>, LoadError>>,
) -> Intake {
    let mut intake = Intake::default();
    let mut batch = Vec::with_capacity(HANDOVER_QUADS);
    for quad in part {
        match quad.and_then(|quad| intake.take(source, chains, Some(staging), quad)) {
            Ok(quad) => batch.push(quad),
            Err(error) => {
                let _ = sender.send(Err(error));
                return intake;
            }
        }
        if batch.len() == HANDOVER_QUADS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(HANDOVER_QUADS));
            if sender.send(Ok(full)).is_err() {
                return intake;
            }
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(Ok(batch));
    }
    intake
}

fn note_extra_graph(source: &LoadSource, quad: &Quad, extra: &mut HashSet<NamedOrBlankNode>) -> Result<(), LoadError> {
    let graph = match &quad.graph_name {
        GraphName::NamedNode(g) if *g == source.graph => return Ok(()),
        GraphName::NamedNode(g) => {
            if g.as_str().starts_with(GRAPH_NS) {
                return Err(LoadError::ReservedGraph { path: source.path.clone(), graph: g.as_str().to_owned() });
            }
            NamedOrBlankNode::from(g.clone())
        }
        GraphName::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
        GraphName::DefaultGraph => return Ok(()),
    };
    extra.insert(graph);
    Ok(())
}
