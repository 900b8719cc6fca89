//! Paths read from a memory-mapped projection against a projection built afresh in memory and
//! against the distances over the store's own derived edges, on a generated graph.

use crate::graph::Projection;
use crate::search::{FoundPath, Goal, HopFilter, PathGraph, Search};

/// A random graph in the shape of the benchmark data: states, firms, factions and people linked
/// by supply flows, memberships, influence and sanctions, each fact with one evidence record.
fn generated_graph(facts: usize, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let (ag, bx) = ("https://w3id.org/actorgraph/ontology#", "http://bench.example/");
    let levels = ["Documented", "Reported", "Assessed", "Claimed", "Alleged"];
    let kinds = [("State", 12), ("Firm", facts / 6), ("Faction", facts / 60 + 1), ("Person", facts / 12)];
    let mut out = format!("<{bx}doc> a <{ag}SourceDocument> ; <{ag}fileName> \"doc.txt\" .\n");
    for (kind, count) in kinds {
        for i in 0..count {
            out += &format!(
                "<{bx}{kind}{i}> a <{ag}{kind}> ; <http://www.w3.org/2000/01/rdf-schema#label> \"{kind} {i}\" .\n"
            );
        }
    }
    let pick = |kind: usize, next: &mut dyn FnMut(usize) -> usize| {
        let (name, count) = kinds[kind];
        format!("<{bx}{name}{}>", next(count))
    };
    for n in 0..facts {
        let fact = format!("<{bx}fact{n}>");
        let (class, role1, role2, kind1, kind2) = match next(10) {
            0..=4 => ("SupplyFlow", "supplier", "recipient", 1, 1),
            5 | 6 => ("Membership", "member", "organisation", 3, 2),
            7 | 8 => ("Influence", "influencer", "influenced", 3, 0),
            _ => ("Sanction", "authority", "target", 0, 1),
        };
        let (x, y) = (pick(kind1, &mut next), pick(kind2, &mut next));
        let level = levels[next(levels.len())];
        out += &format!(
            "{fact} a <{ag}{class}> ; <{ag}{role1}> {x} ; <{ag}{role2}> {y} ; <{ag}evidence> _:e{n} .\n\
             _:e{n} <{ag}source> <{bx}doc> ; <{ag}lineStart> \"{}\"^^<http://www.w3.org/2001/XMLSchema#integer> ; <{ag}confidence> <{ag}{level}> .\n",
            1 + next(400)
        );
    }
    out
}

/// Paths read from the memory-mapped cache are the paths of a projection built afresh in
/// memory, and their lengths are the shortest distances over the store's own derived edges.
#[test]
fn paths_from_the_mapped_cache_equal_fresh_paths_and_the_stores_distances() {
    use crate::graph::CACHE_FILE;
    use crate::rdf::vocab::DERIVED_GRAPH;
    use crate::store::{Access, BulkMode, GraphStore, LoadSource, Location};
    use oxigraph::model::{GraphName, NamedNode};
    use std::collections::{HashMap, VecDeque};

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("generated.ttl");
    std::fs::write(&data, generated_graph(1_500, 42)).unwrap();
    let mut store = GraphStore::open(
        Location::Disk(dir.path().join("store")),
        Access::Write { wait: std::time::Duration::from_secs(5) },
    )
    .unwrap();
    let graph = NamedNode::new("http://bench.example/graph").unwrap();
    let source = LoadSource { path: data, format: oxigraph::io::RdfFormat::Turtle.into(), graph };
    store.load(&[source], BulkMode::Always, &|_| {}).unwrap();

    let built = Projection::load_or_build(&store).unwrap();
    assert!(built.is_mapped(), "a store on disk reads its projection from the cache file");
    assert!(dir.path().join("store").join(CACHE_FILE).exists());
    let mapped = Projection::load_or_build(&store).unwrap();
    assert!(mapped.is_mapped());
    let fresh = Projection::build(&store).unwrap();
    assert!(!fresh.is_mapped());

    // Shortest distances over the derived edges the store holds, either way.
    let mut neighbours: HashMap<String, Vec<String>> = HashMap::new();
    store
        .scan(None, |quad| {
            if quad.graph_name == GraphName::from(DERIVED_GRAPH.into_owned()) {
                let (s, o) = (quad.subject.to_string(), quad.object.to_string());
                let (s, o) = (s.trim_matches(['<', '>']).to_owned(), o.trim_matches(['<', '>']).to_owned());
                neighbours.entry(s.clone()).or_default().push(o.clone());
                neighbours.entry(o).or_default().push(s);
            }
        })
        .unwrap();
    let distance = |from: &str, to: &str| -> Option<usize> {
        let mut seen: HashMap<&str, usize> = HashMap::from([(from, 0)]);
        let mut queue = VecDeque::from([from]);
        while let Some(node) = queue.pop_front() {
            let depth = seen[node];
            if node == to {
                return Some(depth);
            }
            for next in neighbours.get(node).into_iter().flatten() {
                if !seen.contains_key(next.as_str()) {
                    seen.insert(next, depth + 1);
                    queue.push_back(next);
                }
            }
        }
        None
    };

    // The generated entities (the bundled data also has edges asserted directly, not derived).
    let entities: Vec<String> = neighbours
        .keys()
        .filter(|iri| iri.starts_with("http://bench.example/"))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let words = |projection: &Projection, found: &[FoundPath]| -> Vec<Vec<String>> {
        found
            .iter()
            .map(|p| {
                p.hops
                    .iter()
                    .map(|h| {
                        let edge = projection.edge(h.edge);
                        let (from, to) = (projection.node(edge.from), projection.node(edge.to));
                        format!("{} {} {} {}", from.iri, projection.relation(edge.relation).iri, to.iri, h.forward)
                    })
                    .collect()
            })
            .collect()
    };
    let (mut compared, mut reached) = (0, 0);
    for i in 0..150 {
        let (a, b) = (&entities[(i * 7919) % entities.len()], &entities[(i * 104_729 + 13) % entities.len()]);
        if a == b {
            continue;
        }
        let mut results = Vec::new();
        for projection in [&mapped, &fresh] {
            let filter = HopFilter::parse(projection, &[], &[], false, None, None).unwrap();
            let graph = PathGraph::new(projection);
            let (from, to) = (projection.node_by_iri(a).unwrap(), projection.node_by_iri(b).unwrap());
            let found = Search::new(&graph, &filter).k_shortest(&[from], &Goal::Node(to), 3, 6);
            results.push((words(projection, &found), found.first().map(|p| p.hops.len())));
        }
        assert_eq!(results[0], results[1], "{a} to {b}");
        let expected = distance(a, b).filter(|d| *d <= 6);
        assert_eq!(results[0].1, expected, "{a} to {b}: the shortest path is as long as the store's distance");
        compared += 1;
        reached += usize::from(expected.is_some());
    }
    assert!(compared > 100 && reached > 50, "{compared} pairs compared, {reached} connected");
}
