//! Unit tests of path search on the path fixture: Yen's order, filters, dates, direction.

use super::{FoundPath, Goal, HopFilter, PathGraph, Search};
use crate::graph::testing::{node, projection_with, PATHS_FIXTURE};
use crate::graph::{NodeId, Projection};

fn routes(projection: &Projection, found: &[FoundPath]) -> Vec<Vec<String>> {
    found
        .iter()
        .map(|p| {
            p.nodes(projection)
                .into_iter()
                .map(|n| crate::rdf::vocab::local_name(&projection.node(n).iri).to_owned())
                .collect()
        })
        .collect()
}

fn search(projection: &Projection, filter: &HopFilter, from: NodeId, to: NodeId, k: usize) -> Vec<Vec<String>> {
    let graph = PathGraph::new(projection);
    let found = Search::new(&graph, filter).k_shortest(&[from], &Goal::Node(to), k, 6);
    routes(projection, &found)
}

fn filter(projection: &Projection, via: &[&str], min: Option<&str>, as_of: Option<&str>, directed: bool) -> HopFilter {
    let via: Vec<String> = via.iter().map(|s| s.to_string()).collect();
    HopFilter::parse(projection, &via, &[], directed, min, as_of).expect("a valid filter")
}

#[test]
fn yen_lists_paths_shortest_first_then_by_evidence() {
    let projection = projection_with(PATHS_FIXTURE);
    let (alpha, delta) = (node(&projection, "alpha"), node(&projection, "delta"));
    let all = filter(&projection, &[], None, None, false);
    let found = search(&projection, &all, alpha, delta, 5);
    assert_eq!(
        found,
        [
            vec!["alpha", "delta"],
            vec!["alpha", "epsilon", "delta"],
            vec!["alpha", "epsilon", "delta"],
            vec!["alpha", "beta", "gamma", "delta"],
            vec!["alpha", "widget", "beta", "gamma", "delta"],
        ]
    );
    // Asking for fewer gives a prefix of the same list.
    assert_eq!(search(&projection, &all, alpha, delta, 2), found[..2]);
}

#[test]
fn families_confidence_dates_and_direction_prune_hops() {
    let projection = projection_with(PATHS_FIXTURE);
    let (alpha, delta) = (node(&projection, "alpha"), node(&projection, "delta"));
    let via = filter(&projection, &["supply", "membership", "influence"], None, None, false);
    assert_eq!(search(&projection, &via, alpha, delta, 1), [["alpha", "beta", "gamma", "delta"]]);
    let reported = filter(&projection, &[], Some("reported"), None, false);
    assert_eq!(search(&projection, &reported, alpha, delta, 5), [["alpha", "epsilon", "delta"]]);
    let documented = filter(&projection, &[], Some("documented"), None, false);
    assert!(search(&projection, &documented, alpha, delta, 5).is_empty());
    let in_2022 = filter(&projection, &[], None, Some("2022"), false);
    assert_eq!(search(&projection, &in_2022, alpha, delta, 5), [["alpha", "delta"]]);
    let directed = filter(&projection, &[], None, None, true);
    assert_eq!(search(&projection, &directed, alpha, delta, 1), [["alpha", "epsilon", "delta"]]);
}

#[test]
fn unknown_families_levels_and_dates_are_refused() {
    let projection = projection_with(PATHS_FIXTURE);
    assert!(HopFilter::parse(&projection, &["bribery".into()], &[], false, None, None).is_err());
    assert!(HopFilter::parse(&projection, &[], &[], false, Some("certain"), None).is_err());
    assert!(HopFilter::parse(&projection, &[], &[], false, None, Some("last year")).is_err());
}

#[test]
fn neighbourhoods_grow_level_by_level() {
    let projection = projection_with(PATHS_FIXTURE);
    let beta = node(&projection, "beta");
    let all = filter(&projection, &[], None, None, false);
    let graph = PathGraph::new(&projection);
    let mut search = Search::new(&graph, &all);
    let one = search.neighbourhood(beta, 1);
    let two = search.neighbourhood(beta, 2);
    assert!(!one.is_empty() && one.iter().all(|(depth, _)| *depth == 1));
    assert!(two.len() > one.len() && two.iter().any(|(depth, _)| *depth == 2));
    assert_eq!(two[..one.len()], one[..], "the first level comes first, unchanged");
}
