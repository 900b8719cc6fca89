//! Paths and neighbourhoods on an endpoint too large to copy (`--walk`): the endpoint is asked
//! for neighbourhoods level by level, from both ends at once when the end is one node (the
//! smaller frontier first), and the path graph of the part reached is built by the same builder
//! as the whole, then searched by the same search.
//!
//! Why the answer is the one the whole graph gives: a path of the path graph of n hops is a
//! walk of at most 2n triples (a relation between two entities goes through its fact node).
//! After expanding `a` levels (2a triples) from FROM and `b` from TO, every node of every path
//! of at most a + b hops has been reached, with all it states, so the part holds every such
//! path. The search then runs with `max_hops` = a + b; it is done when that reaches the
//! request's `max_hops`, when one side has nothing left to reach, or when it found all the
//! shortest paths it ranks (then no longer path can come before them).

use super::neighbours::{find_neighbours, NeighbourLookup, NeighbourRequest};
use super::paths::{find_paths, PathLookup, PathRequest};
use super::OpsError;
use crate::graph::resolve::{as_iri, resolve_class, ResolveError};
use crate::graph::{Projection, RelationKind};
use crate::remote::{Endpoint, Restricted};
use crate::store::QueryError;
use oxigraph::model::{NamedNode, Term};
use std::collections::BTreeSet;

const RELATIONS: &str = include_str!("../sparql/projection_relations.rq");

/// One end of the walk: the nodes reached, and those reached last (to expand next).
struct Side {
    reached: BTreeSet<NamedNode>,
    frontier: BTreeSet<NamedNode>,
    levels: usize,
}

impl Side {
    fn new(seeds: BTreeSet<NamedNode>) -> Self {
        Side { reached: seeds.clone(), frontier: seeds, levels: 0 }
    }

    /// One level of the path graph further: two steps over the triples that become edges.
    fn expand(&mut self, endpoint: &Endpoint, predicates: &[NamedNode]) -> Result<(), OpsError> {
        for _ in 0..2 {
            let nodes: Vec<NamedNode> = self.frontier.iter().cloned().collect();
            let next: BTreeSet<NamedNode> = endpoint
                .neighbours_of(&nodes, predicates)
                .map_err(remote)?
                .into_iter()
                .filter(|n| !self.reached.contains(n))
                .collect();
            self.reached.extend(next.iter().cloned());
            self.frontier = next;
        }
        self.levels += 1;
        Ok(())
    }
}

fn remote(error: crate::remote::RemoteError) -> OpsError {
    OpsError::Projection(QueryError::from(error).into())
}

/// The ontology's part of the path graph (no data), and the properties whose triples become
/// edges: role properties, properties chained into derived relations, direct relations.
fn ontology(endpoint: &Endpoint) -> Result<(Projection, Vec<NamedNode>), OpsError> {
    let projection = Projection::build_from(&Restricted::new(endpoint, []).map_err(remote)?, 0)?;
    let mut predicates: BTreeSet<String> =
        projection.relations.iter().filter(|r| r.kind != RelationKind::Derived).map(|r| r.iri.clone()).collect();
    for row in endpoint.select_rows(RELATIONS, &[]).map_err(|e| OpsError::Projection(e.into()))? {
        for role in ["role1", "role2"] {
            if let Some(Term::NamedNode(n)) = row.get(role) {
                predicates.insert(n.as_str().to_owned());
            }
        }
    }
    Ok((projection, predicates.into_iter().map(NamedNode::new_unchecked).collect()))
}

/// The nodes a name, IRI or prefixed name stands for on the endpoint (names matched ignoring case).
fn seeds(endpoint: &Endpoint, input: &str) -> Result<BTreeSet<NamedNode>, OpsError> {
    if let Some(iri) = as_iri(input.trim()) {
        if let Ok(node) = NamedNode::new(iri) {
            return Ok(BTreeSet::from([node]));
        }
    }
    let found = endpoint.nodes_named(input).map_err(|e| OpsError::Projection(e.into()))?;
    if found.is_empty() {
        return Err(ResolveError::Unknown { input: input.to_owned(), suggestions: Vec::new() }.into());
    }
    Ok(found)
}

fn class_seeds(endpoint: &Endpoint, ontology: &Projection, class: &str) -> Result<BTreeSet<NamedNode>, OpsError> {
    let class = resolve_class(ontology, class)?;
    let iri = NamedNode::new_unchecked(ontology.class(class).iri.clone());
    endpoint.nodes_of_class(&iri).map_err(|e| OpsError::Projection(e.into()))
}

/// The paths a request asks for, walking the endpoint; the part of the path graph reached
/// comes back with them (the paths' ids point into it).
pub fn walk_paths(endpoint: &Endpoint, request: &PathRequest) -> Result<(Projection, PathLookup), OpsError> {
    let (ontology, predicates) = ontology(endpoint)?;
    let mut from = Side::new(match (&request.from, &request.from_type) {
        (Some(name), _) => seeds(endpoint, name)?,
        (None, Some(class)) => class_seeds(endpoint, &ontology, class)?,
        (None, None) => BTreeSet::new(),
    });
    // A class at the end is found on the way; one node is walked towards from its side too.
    let mut to = match (&request.to, &request.to_type) {
        (Some(name), None) => Some(Side::new(seeds(endpoint, name)?)),
        _ => None,
    };
    loop {
        let reached = from.reached.iter().chain(to.iter().flat_map(|t| t.reached.iter())).cloned();
        let part = Projection::build_from(&Restricted::new(endpoint, reached).map_err(remote)?, 0)?;
        let sure = from.levels + to.as_ref().map_or(0, |t| t.levels);
        let exhausted = from.frontier.is_empty() || to.as_ref().is_some_and(|t| t.frontier.is_empty());
        let complete = sure >= request.max_hops || exhausted;
        let mut bounded = request.clone();
        if !complete {
            bounded.max_hops = sure;
        }
        match find_paths(&part, &bounded) {
            Ok(lookup) if complete || lookup.candidates.1 >= lookup.candidates.0 => return Ok((part, lookup)),
            Ok(_) => {}
            // No node of the class at the end reached yet: walk on.
            Err(OpsError::Resolve(ResolveError::EmptyClass { .. })) if !complete => {}
            Err(error) => return Err(error),
        }
        match &mut to {
            Some(to) if to.frontier.len() < from.frontier.len() => to.expand(endpoint, &predicates)?,
            _ => from.expand(endpoint, &predicates)?,
        }
    }
}

/// The neighbourhood a request asks for, walking the endpoint `depth` levels out.
pub fn walk_neighbours(
    endpoint: &Endpoint,
    request: &NeighbourRequest,
) -> Result<(Projection, NeighbourLookup), OpsError> {
    let (_, predicates) = ontology(endpoint)?;
    let mut side = Side::new(seeds(endpoint, &request.node)?);
    while side.levels < request.depth && !side.frontier.is_empty() {
        side.expand(endpoint, &predicates)?;
    }
    let part = Projection::build_from(&Restricted::new(endpoint, side.reached).map_err(remote)?, 0)?;
    let lookup = find_neighbours(&part, request)?;
    Ok((part, lookup))
}
