//! Test support: a projection of the bundled ontology plus a small Turtle fixture, built in a
//! memory store, for the unit tests of search, name resolution and diagrams.

use super::{NodeId, Projection};
use crate::store::{Access, BulkMode, GraphStore, LoadSource, Location};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;

/// The path-lookup fixture of the integration tests: Alpha, Beta, Gamma, Delta, Epsilon...
pub(crate) const PATHS_FIXTURE: &str = include_str!("../../tests/fixtures/paths.ttl");

/// Namespace of the fixture's nodes.
pub(crate) const EX: &str = "http://example.org/test/";

/// The projection of the bundled data plus `turtle`.
pub(crate) fn projection_with(turtle: &str) -> Projection {
    Projection::build(&store_with(turtle)).expect("the projection builds")
}

/// The projection of the bundled data plus `turtle`, as the builder leaves it before freezing.
pub(in crate::graph) fn draft_with(turtle: &str) -> super::build::Draft {
    let store = store_with(turtle);
    super::build::Builder::new(&store).and_then(|b| b.finish(store.generation())).expect("the projection builds")
}

fn store_with(turtle: &str) -> GraphStore {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("fixture.ttl");
    std::fs::write(&path, turtle).expect("write the fixture");
    let mut store = GraphStore::open(Location::Memory, Access::Write { wait: std::time::Duration::from_secs(5) })
        .expect("memory store");
    let graph = NamedNode::new("http://example.org/test/graph").expect("valid IRI");
    store
        .load(&[LoadSource { path, format: RdfFormat::Turtle.into(), graph }], BulkMode::Never, &|_| {})
        .expect("the fixture loads");
    store
}

/// The fixture node with this local name.
pub(crate) fn node(projection: &Projection, local: &str) -> NodeId {
    projection.node_by_iri(&format!("{EX}{local}")).unwrap_or_else(|| panic!("no node {local}"))
}
