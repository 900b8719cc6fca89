//! A built-in query's variable replaced by an IRI inside its patterns, for reads that already
//! know the IRI: unlike a bound parameter, the engine then never decodes it again for every
//! answer, and the query need not select it. The IRI goes into the parsed query, never into
//! its text.

use oxigraph::model::{NamedNode, Variable};
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern};
use spargebra::Query;

/// `query` with `variable` replaced by `iri` wherever a pattern uses it, and no longer selected.
/// None for anything but a SELECT of triple patterns, paths and graphs (joined, unioned,
/// optional without a condition, distinct, sliced): an expression could still name the variable,
/// which would then be unbound.
pub(super) fn inline_iri(mut query: Query, variable: &Variable, iri: &NamedNode) -> Option<Query> {
    match &mut query {
        Query::Select { pattern, .. } => in_pattern(pattern, variable, iri).then_some(query),
        _ => None,
    }
}

/// Replaces the variable in `pattern`; false when the pattern holds what this cannot rewrite.
fn in_pattern(pattern: &mut GraphPattern, variable: &Variable, iri: &NamedNode) -> bool {
    let term = |term: &mut TermPattern| {
        if matches!(term, TermPattern::Variable(v) if v == variable) {
            *term = TermPattern::NamedNode(iri.clone());
        }
    };
    let name = |name: &mut NamedNodePattern| {
        if matches!(name, NamedNodePattern::Variable(v) if v == variable) {
            *name = NamedNodePattern::NamedNode(iri.clone());
        }
    };
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for triple in patterns {
                term(&mut triple.subject);
                name(&mut triple.predicate);
                term(&mut triple.object);
            }
            true
        }
        GraphPattern::Path { subject, object, .. } => {
            term(subject);
            term(object);
            true
        }
        GraphPattern::Graph { name: graph, inner } => {
            name(graph);
            in_pattern(inner, variable, iri)
        }
        GraphPattern::Project { inner, variables } => {
            variables.retain(|v| v != variable);
            in_pattern(inner, variable, iri)
        }
        GraphPattern::Join { left, right }
        | GraphPattern::LeftJoin { left, right, expression: None }
        | GraphPattern::Union { left, right } => in_pattern(left, variable, iri) && in_pattern(right, variable, iri),
        GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } | GraphPattern::Slice { inner, .. } => {
            in_pattern(inner, variable, iri)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, Quad};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;

    #[test]
    fn an_inlined_iri_selects_only_its_statements_and_is_no_longer_selected() {
        let store = Store::new().unwrap();
        let (a, b) = (NamedNode::new_unchecked("http://ex/a"), NamedNode::new_unchecked("http://ex/b"));
        let (knows, name) = (NamedNode::new_unchecked("http://ex/knows"), NamedNode::new_unchecked("http://ex/name"));
        store.insert(&Quad::new(a.clone(), knows.clone(), b.clone(), GraphName::DefaultGraph)).unwrap();
        store.insert(&Quad::new(a.clone(), name.clone(), Literal::from("A"), GraphName::DefaultGraph)).unwrap();
        let parsed = spargebra::SparqlParser::new().parse_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").unwrap();
        let query = inline_iri(parsed, &Variable::new_unchecked("p"), &knows).unwrap();
        let QueryResults::Solutions(rows) = SparqlEvaluator::new().for_query(query).on_store(&store).execute().unwrap()
        else {
            panic!("a SELECT gives solutions")
        };
        let rows: Vec<_> = rows.map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].variables(), [Variable::new_unchecked("s"), Variable::new_unchecked("o")]);
        assert_eq!(rows[0].get("o"), Some(&b.into()));
    }

    #[test]
    fn a_query_whose_expressions_could_name_the_variable_is_refused() {
        let parse = |text: &str| spargebra::SparqlParser::new().parse_query(text).unwrap();
        let iri = NamedNode::new_unchecked("http://ex/knows");
        let p = Variable::new_unchecked("p");
        for text in [
            "SELECT ?s WHERE { ?s ?p ?o FILTER(?p != <http://ex/name>) }",
            "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?p",
            "ASK { ?s ?p ?o }",
        ] {
            assert!(inline_iri(parse(text), &p, &iri).is_none(), "{text}");
        }
        assert!(inline_iri(parse("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3"), &p, &iri).is_some());
    }
}
