//! The projection as built from the store: facts and edges of the bundled data, and the arc
//! tables the search reads.

use super::*;
use crate::store::Access;

#[test]
fn bundled_data_projects_into_facts_and_edges() {
    let store = GraphStore::open(Location::Memory, Access::Write { wait: std::time::Duration::from_secs(5) }).unwrap();
    let projection = Projection::build(&store).unwrap();
    let flow = projection.node_by_iri("https://w3id.org/actorgraph/data/flow-nc-2023").unwrap();
    let fact = projection.fact(projection.node(flow).fact.unwrap());
    assert_eq!(fact.summary, "China supplied nitrocellulose to Russia");
    assert_eq!(fact.wording.tell(None), fact.summary);
    assert_eq!(fact.qualifiers[..2], ["1,300 t".to_owned(), "2023".to_owned()]);
    assert_eq!(fact.evidence[0].file, "002_c95ef05383f2dd26.txt");
    assert_eq!((fact.evidence[0].lines, fact.evidence[0].confidence.as_str()), (Some([8, 8]), "documented"));
    let china = projection.node_by_iri("https://w3id.org/actorgraph/data/China").unwrap();
    assert_eq!(projection.node(china).label, "China");
    assert!(projection.names.iter().any(|(n, id)| n == "beijing" && *id == china));
    assert_eq!(projection.nodes_named("beijing"), [china]);
}

#[test]
fn every_arc_names_its_other_end_and_for_a_role_edge_the_fact_it_leaves() {
    let projection = crate::graph::testing::projection_with(crate::graph::testing::PATHS_FIXTURE);
    let mut roles = 0;
    for node in projection.node_ids() {
        for outgoing in [true, false] {
            for arc in projection.arcs(node, outgoing) {
                let (from, to) = projection.edge_ends(arc.edge);
                // The arc runs from `node` when it leaves it, to `node` when it reaches it.
                let (tail, head) = if outgoing { (node, arc.other) } else { (arc.other, node) };
                assert_eq!(if arc.forward { (tail, head) } else { (head, tail) }, (from, to));
                let role = projection.relation(projection.edge_relation(arc.edge)).kind == RelationKind::Role;
                assert_eq!(arc.role_of, role.then_some(from), "{:?}", projection.edge(arc.edge));
                roles += usize::from(role);
            }
        }
    }
    assert!(roles > 0, "the fixture has role edges");
}

#[test]
fn the_projection_comes_out_the_same_on_one_thread_and_on_many() {
    // Beyond the path fixture: a fact naming two facts (worded after them), an evidence record
    // two claims share, a participant nothing types in two facts (made a node by the first
    // fact's edges, found by the second's), and a claim with nothing but its type.
    let extra = r#"
ex:f8 a ag:SupplyFlow ; ag:supplier ex:beta ; ag:recipient ex:untyped ; ag:good ex:widget ; ag:evidence ex:shared .
ex:f9 a ag:Contradiction ; ag:claimUnderTest ex:f1 ; ag:conflictingFact ex:f8 ; ag:evidence ex:shared .
ex:f10 a ag:SupplyFlow ; ag:supplier ex:gamma ; ag:recipient ex:untyped ; ag:good ex:widget .
ex:f11 a ag:SupplyFlow .
ex:shared ag:source ex:doc ; ag:lineStart 9 ; ag:confidence ag:Assessed .
"#;
    let fixture = format!("{}\n{extra}", crate::graph::testing::PATHS_FIXTURE);
    // The pool's size is also how many parts the store is read in, so 4 against 1 also checks
    // that the parts' strings and predicates are numbered anew when they are merged.
    let frozen = |threads: usize| -> Vec<u8> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
        let draft = pool.install(|| crate::graph::testing::draft_with(&fixture));
        let (body, header) = freeze::write(&draft, Vec::new(), 0).expect("the layout is written");
        [header, body].concat()
    };
    assert_eq!(frozen(1), frozen(4));

    let projection = crate::graph::testing::projection_with(&fixture);
    let fact_of = |local: &str| {
        let node = crate::graph::testing::node(&projection, local);
        projection.fact(projection.node(node).fact.expect("a claim"))
    };
    assert_eq!(
        fact_of("f9").summary,
        "Alpha supplied widgets to Beta Industries is contradicted by Beta Industries supplied widgets to untyped"
    );
    for claim in ["f8", "f9"] {
        assert_eq!(fact_of(claim).evidence.len(), 1, "{claim}");
        assert_eq!(fact_of(claim).evidence[0].lines, Some([9, 9]));
    }
    let untyped = crate::graph::testing::node(&projection, "untyped");
    let iri = projection.node(untyped).iri.clone();
    assert_eq!(projection.node_ids().filter(|n| projection.node(*n).iri == iri).count(), 1);
    for claim in ["f8", "f10"] {
        let fact = crate::graph::testing::node(&projection, claim);
        assert!(projection.arcs(untyped, false).any(|arc| arc.other == fact), "the role edge from {claim} reaches it");
    }
    assert!(fact_of("f11").evidence.is_empty());
    assert_eq!(fact_of("f11").summary, "? supplied ? to ?");
}
