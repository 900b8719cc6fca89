//! Path lookups as people ask for them: from a name (or every node of a class) to a name (or any
//! node of a class), k shortest, with hop filters; one at a time or line by line in a batch.

use super::OpsError;
use crate::graph::resolve::{nodes_of_class, resolve_class, resolve_node};
use crate::graph::{NodeId, Projection};
use crate::search::{FoundPath, Goal, HopFilter, PathGraph, Profile, Search};
use crate::views::exposure;
use crate::views::hops::{self, PathReport, PATH_SCHEMA};
use rayon::prelude::*;
use std::collections::HashSet;

/// Hop filters as people give them: family keys, a confidence key, a date.
#[derive(Debug, Clone, Default)]
pub struct FilterSpec {
    /// Only hops of these relation families.
    pub via: Vec<String>,
    /// No hops of these relation families.
    pub exclude: Vec<String>,
    /// Forward hops only.
    pub directed: bool,
    /// The weakest confidence level accepted.
    pub min_confidence: Option<String>,
    /// The date hops must hold at (YYYY, YYYY-MM or YYYY-MM-DD).
    pub as_of: Option<String>,
}

impl FilterSpec {
    /// The filter, with families, level and date checked against the ontology.
    pub fn resolve(&self, projection: &Projection) -> Result<HopFilter, OpsError> {
        Ok(HopFilter::parse(
            projection,
            &self.via,
            &self.exclude,
            self.directed,
            self.min_confidence.as_deref(),
            self.as_of.as_deref(),
        )?)
    }
}

/// One path lookup.
#[derive(Debug, Clone)]
pub struct PathRequest {
    /// Start: an IRI, a prefixed name or a name or alias.
    pub from: Option<String>,
    /// End: an IRI, a prefixed name or a name or alias.
    pub to: Option<String>,
    /// Start from every node of this class instead of `from`.
    pub from_type: Option<String>,
    /// End at any node of this class instead of `to`.
    pub to_type: Option<String>,
    /// How many shortest loopless paths.
    pub k: usize,
    /// The longest path considered, in hops.
    pub max_hops: usize,
    /// Which hops paths may take.
    pub filter: FilterSpec,
    /// Which relations to follow by what they mean; None picks the exposure profile for paths
    /// to sanctions (unless `via` names families) and `all` otherwise.
    pub profile: Option<Profile>,
}

/// The answer to a path lookup: the report every renderer writes, and the paths it was made of
/// (for diagrams).
#[derive(Debug, Clone)]
pub struct PathLookup {
    /// The paths found, as every renderer writes them.
    pub report: PathReport,
    /// The paths found, shortest first.
    pub found: Vec<FoundPath>,
    /// The filter the paths passed, resolved against the ontology.
    pub filter: HopFilter,
    /// How many shortest paths the search asked for before ranking by meaning, and how many it
    /// found (fewer: there are no more within `max_hops`).
    pub candidates: (usize, usize),
}

impl PathLookup {
    /// Whether no path was found.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// Finds the paths a request asks for.
pub fn find_paths(projection: &Projection, request: &PathRequest) -> Result<PathLookup, OpsError> {
    let filter = Lookup::resolve_filter(projection, request)?;
    let start = Start::resolve(projection, request)?;
    let lookup = Lookup::to_end(projection, request, filter)?;
    lookup.same_node_check(projection, &start.sources)?;
    let graph = PathGraph::new(projection);
    let mut search = Search::new(&graph, &lookup.filter);
    Ok(lookup.paths_from(projection, &mut search, request, start))
}

/// The same lookup from each of `starts`, in place of the request's `from` and `from_type`, the
/// answers in the order of `starts`: the end and the filter are worked out once, and the starts
/// are searched on every core, a search state serving many (screening looks up the exposure of
/// every match this way).
pub fn find_paths_from_each(
    projection: &Projection,
    request: &PathRequest,
    starts: &[NodeId],
) -> Result<Vec<PathLookup>, OpsError> {
    let lookup = Lookup::to_end(projection, request, Lookup::resolve_filter(projection, request)?)?;
    let graph = PathGraph::new(projection);
    // A few pieces per core, each searched with a state of its own.
    let piece = starts.len().div_ceil(rayon::current_num_threads() * 4).max(1);
    let pieces: Vec<Vec<PathLookup>> = starts
        .par_chunks(piece)
        .map(|piece| {
            let mut search = Search::new(&graph, &lookup.filter);
            piece
                .iter()
                .map(|&node| {
                    lookup.same_node_check(projection, &[node])?;
                    let view = Some(hops::node_view(projection, node));
                    Ok(lookup.paths_from(
                        projection,
                        &mut search,
                        request,
                        Start { sources: vec![node], view, class: None },
                    ))
                })
                .collect()
        })
        .collect::<Result<_, OpsError>>()?;
    Ok(pieces.into_iter().flatten().collect())
}

/// Where a lookup starts: its nodes, and the node or class the report names.
struct Start {
    sources: Vec<NodeId>,
    view: Option<hops::NodeView>,
    class: Option<String>,
}

impl Start {
    fn resolve(projection: &Projection, request: &PathRequest) -> Result<Start, OpsError> {
        match (&request.from, &request.from_type) {
            (Some(from), _) => {
                let id = resolve_node(projection, from)?;
                Ok(Start { sources: vec![id], view: Some(hops::node_view(projection, id)), class: None })
            }
            (None, Some(class)) => {
                let class = resolve_class(projection, class)?;
                Ok(Start {
                    sources: nodes_of_class(projection, class)?,
                    view: None,
                    class: Some(projection.class(class).label.clone()),
                })
            }
            (None, None) => Err(OpsError::Invalid("give the start: a node, or a class of nodes (from-type)".into())),
        }
    }
}

/// Everything of a lookup but its start: the goal, the node or class the report names as the
/// end, and the filter (with the profile and the date it implies).
struct Lookup {
    goal: Goal,
    to_view: Option<hops::NodeView>,
    to_type: Option<String>,
    filter: HopFilter,
}

impl Lookup {
    /// The request's hop filter, once `k` is known to ask for a path.
    fn resolve_filter(projection: &Projection, request: &PathRequest) -> Result<HopFilter, OpsError> {
        if request.k == 0 {
            return Err(OpsError::Invalid("-k must be at least 1".into()));
        }
        request.filter.resolve(projection)
    }

    /// The lookup to the request's end, with `filter` given the profile and date the end implies.
    fn to_end(projection: &Projection, request: &PathRequest, mut filter: HopFilter) -> Result<Lookup, OpsError> {
        let (goal, to_view, to_type) = match (&request.to, &request.to_type) {
            (Some(to), None) => {
                let id = resolve_node(projection, to)?;
                (Goal::Node(id), Some(hops::node_view(projection, id)), None)
            }
            (None, Some(class)) => {
                let class = resolve_class(projection, class)?;
                let nodes: HashSet<NodeId> = nodes_of_class(projection, class)?.into_iter().collect();
                (Goal::AnyOf(nodes), None, Some(projection.class(class).label.clone()))
            }
            (Some(_), Some(_)) => return Err(OpsError::Invalid("give either TO or --to-type, not both".into())),
            (None, None) => {
                return Err(OpsError::Invalid("give the end: a node, or a class of nodes (to-type)".into()))
            }
        };
        let to_sanctions = request.to_type.is_some() && goal_is_sanctions(projection, &goal);
        filter.profile = request.profile.unwrap_or(if to_sanctions && filter.only.is_none() {
            Profile::Exposure
        } else {
            Profile::All
        });
        if filter.profile == Profile::Exposure && filter.as_of.is_none() {
            // Exposure is about facts in force: an ended ownership or a lifted sanction passes none.
            filter.as_of = Some(today());
        }
        Ok(Lookup { goal, to_view, to_type, filter })
    }

    /// Refuses a lookup from one node to itself.
    fn same_node_check(&self, projection: &Projection, sources: &[NodeId]) -> Result<(), OpsError> {
        match (sources, &self.goal) {
            ([source], Goal::Node(target)) if source == target => Err(same_node(projection, *source)),
            _ => Ok(()),
        }
    }

    /// The paths from `start`, searched with `search` (made with this lookup's filter).
    fn paths_from(
        &self,
        projection: &Projection,
        search: &mut Search<'_, '_>,
        request: &PathRequest,
        start: Start,
    ) -> PathLookup {
        let (found, candidates) = search_by_meaning(
            projection,
            search,
            &self.filter,
            &start.sources,
            &self.goal,
            request.k,
            request.max_hops,
        );
        let report = PathReport {
            schema: PATH_SCHEMA,
            from: start.view,
            to: self.to_view.clone(),
            from_type: start.class,
            to_type: self.to_type.clone(),
            profile: self.filter.profile.name(),
            paths: found.iter().map(|p| hops::path_view(projection, &self.filter, p)).collect(),
        };
        PathLookup { report, found, filter: self.filter.clone(), candidates }
    }
}

/// The k paths the profile asks for: exposure paths strongest kind first (searching more
/// candidates, since not every path to a sanction is an exposure path); for the `all` profile,
/// paths without weak hops first, then the others (again from more candidates).
fn search_by_meaning(
    projection: &Projection,
    search: &mut Search<'_, '_>,
    filter: &HopFilter,
    sources: &[NodeId],
    goal: &Goal,
    k: usize,
    max_hops: usize,
) -> (Vec<FoundPath>, (usize, usize)) {
    match filter.profile {
        Profile::Strict => {
            let found = search.k_shortest(sources, goal, k, max_hops);
            let count = found.len();
            (found, (k, count))
        }
        Profile::Exposure => {
            let wanted = (k * 5).max(20);
            let candidates = search.k_shortest(sources, goal, wanted, max_hops);
            let count = candidates.len();
            let mut ranked: Vec<(u8, FoundPath)> = candidates
                .into_iter()
                .filter_map(|p| exposure::classify(projection, filter, &p).map(|e| (e.rank, p)))
                .collect();
            // Stable: within a kind, the search's own order (shortest, best evidenced) stays.
            ranked.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
            (ranked.into_iter().take(k).map(|(_, p)| p).collect(), (wanted, count))
        }
        Profile::All => {
            // Paths with a weak hop go after the others, however short they are.
            let mut found = search.k_shortest(sources, goal, k * 3, max_hops);
            let count = found.len();
            found.sort_by_key(|p| exposure::weak_note(projection, p).is_some());
            found.truncate(k);
            (found, (k * 3, count))
        }
    }
}

/// Whether every node a goal names is a sanction.
fn goal_is_sanctions(projection: &Projection, goal: &Goal) -> bool {
    let Some(sanction) = projection.class_by_iri(&crate::rdf::vocab::ag("Sanction")) else { return false };
    match goal {
        Goal::Node(node) => projection.node(*node).classes.contains(&sanction),
        Goal::AnyOf(nodes) => {
            !nodes.is_empty() && nodes.iter().all(|n| projection.node(*n).classes.contains(&sanction))
        }
    }
}

/// Today as a day range, for facts in force now.
fn today() -> crate::rdf::dates::DayRange {
    let now = crate::rdf::dates::now_timestamp();
    crate::rdf::dates::parse_day_range(&now[..10]).expect("today is a date")
}

fn same_node(projection: &Projection, node: NodeId) -> OpsError {
    OpsError::Invalid(format!("FROM and TO are the same node ({})", projection.node(node).label))
}

/// One line of a batch: its number, and the pair it asks about.
#[derive(Debug, Clone)]
pub struct BatchLine {
    /// 1-based line number in the input.
    pub line: usize,
    /// Start: an IRI, a prefixed name or a name or alias.
    pub from: String,
    /// End: an IRI, a prefixed name or a name or alias (empty when the line has no tab).
    pub to: String,
}

impl BatchLine {
    /// Reads `FROM<TAB>TO`; None for blank lines and `#` comments. A line without a tab keeps
    /// an empty TO, which the lookup reports as an error for that line.
    pub fn parse(line: usize, text: &str) -> Option<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() || text.starts_with('#') {
            return None;
        }
        let (from, to) = text.split_once('\t').unwrap_or((text, ""));
        Some(BatchLine { line, from: from.trim().to_owned(), to: to.trim().to_owned() })
    }
}

/// Many lookups on one graph and filter, sharing the search state between them.
pub struct BatchFinder<'p> {
    projection: &'p Projection,
    graph: PathGraph<'p>,
    filter: HopFilter,
    k: usize,
    max_hops: usize,
}

impl<'p> BatchFinder<'p> {
    /// A finder for the `k` shortest paths of at most `max_hops` hops; fails on `k` = 0 or a filter the ontology does not know.
    pub fn new(projection: &'p Projection, filter: &FilterSpec, k: usize, max_hops: usize) -> Result<Self, OpsError> {
        if k == 0 {
            return Err(OpsError::Invalid("-k must be at least 1".into()));
        }
        let filter = filter.resolve(projection)?;
        Ok(BatchFinder { projection, graph: PathGraph::new(projection), filter, k, max_hops })
    }

    /// Looks up every line, handing each answer (or the line's own error) to `emit` as soon as
    /// it is known.
    pub fn run<E>(
        &self,
        lines: impl IntoIterator<Item = BatchLine>,
        mut emit: impl FnMut(&BatchLine, Result<PathReport, OpsError>) -> Result<(), E>,
    ) -> Result<(), E> {
        let projection = self.projection;
        let mut search = Search::new(&self.graph, &self.filter);
        for line in lines {
            let result = (|| {
                if line.to.is_empty() {
                    return Err(OpsError::Invalid("expected FROM<TAB>TO".into()));
                }
                let from = resolve_node(projection, &line.from)?;
                let to = resolve_node(projection, &line.to)?;
                if from == to {
                    return Err(same_node(projection, from));
                }
                let found = search.k_shortest(&[from], &Goal::Node(to), self.k, self.max_hops);
                Ok(PathReport {
                    schema: PATH_SCHEMA,
                    from: Some(hops::node_view(projection, from)),
                    to: Some(hops::node_view(projection, to)),
                    from_type: None,
                    to_type: None,
                    profile: self.filter.profile.name(),
                    paths: found.iter().map(|p| hops::path_view(projection, &self.filter, p)).collect(),
                })
            })();
            emit(&line, result)?;
        }
        Ok(())
    }
}

/// Batch lines: any text gives a lookup or is skipped, never a panic; a tab splits FROM and TO.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_line_parses_or_is_skipped(line in any::<String>()) {
            if let Some(parsed) = BatchLine::parse(1, &line) {
                prop_assert_eq!(parsed.line, 1);
                prop_assert!(!parsed.from.is_empty() || !parsed.to.is_empty());
            }
        }

        #[test]
        fn a_tab_splits_the_two_names(from in "[^\t\r\n#\u{feff}][^\t\r\n]{0,30}", to in "[^\t\r\n]{0,30}") {
            prop_assume!(!from.trim().is_empty());
            let parsed = BatchLine::parse(7, &format!("{from}\t{to}")).unwrap();
            prop_assert_eq!(parsed.from, from.trim());
            prop_assert_eq!(parsed.to, to.trim());
        }
    }
}
