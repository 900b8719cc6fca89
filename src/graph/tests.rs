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
