//! Whether a query may read the default graph as Oxigraph's plain union of all graphs rather
//! than as the list of visible graphs. Oxigraph reads a list graph by graph, one index seek per
//! graph for every pattern it matches, several times slower than the union. The two give the same
//! answers when no pattern can match a hidden graph's quad: the meta graph holds only the
//! bookkeeping terms (`meta:`), so a pattern naming a predicate of any other vocabulary never
//! reaches it; a staging graph (left by an interrupted load) may hold anything, so none may exist.
//! A path that may be zero steps long (`*`, `?`) matches a node to itself if the node is anywhere
//! in the default graph, so it must start or end at an IRI the meta graph cannot hold: not a
//! graph's name (the meta graph describes graphs) nor a bookkeeping term.

use oxigraph::model::NamedNode;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression};
use spargebra::term::{NamedNodePattern, TermPattern};
use spargebra::Query;

use super::records::META_NAMESPACE;
use crate::rdf::bind::operands;

/// True when every pattern `query` matches against its default graph names a predicate outside
/// the bookkeeping vocabulary (a variable predicate or a negated property set could match one),
/// and every path that may be zero steps long has an end `is_graph_name` says is no graph's name.
/// Patterns inside `GRAPH` read the named graphs, which stay the visible ones. A DESCRIBE reads
/// every triple about what it describes, whatever the predicate, so it never qualifies.
pub(super) fn reads_no_bookkeeping(query: &Query, is_graph_name: &dyn Fn(&NamedNode) -> bool) -> bool {
    let check = Check { is_graph_name, in_graph: false };
    match query {
        Query::Select { pattern, .. } | Query::Construct { pattern, .. } | Query::Ask { pattern, .. } => {
            check.pattern(pattern)
        }
        Query::Describe { .. } => false,
    }
}

fn named_outside(iri: &str) -> bool {
    !iri.starts_with(META_NAMESPACE)
}

/// The walk over a query: the store's graph names, and whether it is inside `GRAPH`, where the
/// named graphs are read and only an `EXISTS` could read the default graph again.
struct Check<'a> {
    is_graph_name: &'a dyn Fn(&NamedNode) -> bool,
    in_graph: bool,
}

impl Check<'_> {
    fn pattern(&self, pattern: &GraphPattern) -> bool {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                self.in_graph
                    || patterns.iter().all(|triple| match &triple.predicate {
                        NamedNodePattern::NamedNode(p) => named_outside(p.as_str()),
                        NamedNodePattern::Variable(_) => false,
                    })
            }
            GraphPattern::Path { subject, path, object } => {
                self.in_graph
                    || (path_names_no_bookkeeping(path)
                        && (!may_be_empty(path) || self.outside_meta_graph(subject) || self.outside_meta_graph(object)))
            }
            GraphPattern::Graph { inner, .. } => {
                Check { is_graph_name: self.is_graph_name, in_graph: true }.pattern(inner)
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => self.pattern(left) && self.pattern(right),
            GraphPattern::LeftJoin { left, right, expression } => {
                self.pattern(left) && self.pattern(right) && expression.as_ref().is_none_or(|e| self.expression(e))
            }
            GraphPattern::Filter { expr: expression, inner } | GraphPattern::Extend { inner, expression, .. } => {
                self.expression(expression) && self.pattern(inner)
            }
            GraphPattern::OrderBy { inner, expression } => {
                expression.iter().all(|order| match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => self.expression(e),
                }) && self.pattern(inner)
            }
            GraphPattern::Group { inner, aggregates, .. } => {
                aggregates.iter().all(|(_, aggregate)| match aggregate {
                    AggregateExpression::CountSolutions { .. } => true,
                    AggregateExpression::FunctionCall { expr, .. } => self.expression(expr),
                }) && self.pattern(inner)
            }
            GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.pattern(inner),
            GraphPattern::Values { .. } => true,
            // Refused by the store (no network) or unknown to this version: read as a list.
            _ => false,
        }
    }

    /// An expression reads the default graph only through `EXISTS`; inside `GRAPH` it is read
    /// as a list all the same, to be safe.
    fn expression(&self, expression: &Expression) -> bool {
        match expression {
            Expression::Exists(pattern) => !self.in_graph && self.pattern(pattern),
            other => operands(other).into_iter().all(|e| self.expression(e)),
        }
    }

    /// A path end the meta graph cannot hold: an IRI that names no graph and is no bookkeeping term.
    fn outside_meta_graph(&self, end: &TermPattern) -> bool {
        match end {
            TermPattern::NamedNode(node) => named_outside(node.as_str()) && !(self.is_graph_name)(node),
            _ => false,
        }
    }
}

fn path_names_no_bookkeeping(path: &PropertyPathExpression) -> bool {
    match path {
        PropertyPathExpression::NamedNode(p) => named_outside(p.as_str()),
        PropertyPathExpression::Reverse(p)
        | PropertyPathExpression::ZeroOrMore(p)
        | PropertyPathExpression::OneOrMore(p)
        | PropertyPathExpression::ZeroOrOne(p) => path_names_no_bookkeeping(p),
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            path_names_no_bookkeeping(a) && path_names_no_bookkeeping(b)
        }
        // Any predicate but the ones listed: the bookkeeping ones too.
        PropertyPathExpression::NegatedPropertySet(_) => false,
    }
}

/// Whether a path can match with no step at all, a node to itself: any node of the default graph.
fn may_be_empty(path: &PropertyPathExpression) -> bool {
    match path {
        PropertyPathExpression::ZeroOrMore(_) | PropertyPathExpression::ZeroOrOne(_) => true,
        PropertyPathExpression::NamedNode(_) | PropertyPathExpression::NegatedPropertySet(_) => false,
        // `(p*)+` repeats a path that may be empty.
        PropertyPathExpression::OneOrMore(p) | PropertyPathExpression::Reverse(p) => may_be_empty(p),
        PropertyPathExpression::Sequence(a, b) => may_be_empty(a) && may_be_empty(b),
        PropertyPathExpression::Alternative(a, b) => may_be_empty(a) || may_be_empty(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::bind::parser;

    fn reads_none(text: &str) -> bool {
        let is_graph_name = |node: &NamedNode| node.as_str().starts_with("https://w3id.org/actorgraph/graph/");
        reads_no_bookkeeping(&parser().parse_query(text).unwrap(), &is_graph_name)
    }

    #[test]
    fn named_predicates_of_other_vocabularies_read_no_bookkeeping() {
        assert!(reads_none(
            "SELECT * { ?f a ag:SupplyFlow ; ag:supplier ?s OPTIONAL { ?f ag:evidence/ag:source ?d } }"
        ));
        assert!(reads_none("SELECT * { GRAPH ?g { ?s ?p ?o } }"));
        assert!(reads_none("ASK { ?s rdfs:label ?l FILTER EXISTS { ?s a ?c } }"));
        // A path that may be empty, from or to an ontology class: only that class meets itself.
        assert!(reads_none("SELECT * { ?c rdfs:subClassOf* ag:Sanction . ?m a/rdfs:subClassOf* ag:Claim }"));
    }

    #[test]
    fn anything_that_could_match_a_bookkeeping_quad_reads_the_list() {
        assert!(!reads_none("SELECT * { ?s ?p ?o }"));
        assert!(!reads_none("SELECT * { ?s a ?c OPTIONAL { ?s ?p ?o } }"));
        assert!(!reads_none("SELECT * { ?s !rdfs:label ?o }"));
        assert!(!reads_none("SELECT * { ?s <https://w3id.org/actorgraph/meta#generation> ?o }"));
        assert!(!reads_none("SELECT * { ?s a ?c FILTER NOT EXISTS { ?s ?p ?o } }"));
        assert!(!reads_none("SELECT * { GRAPH ?g { ?s a ?c FILTER EXISTS { ?s ?p ?o } } }"));
        assert!(!reads_none("SELECT * { { SELECT ?s WHERE { ?s ?p ?o } } }"));
        assert!(!reads_none("DESCRIBE ?s WHERE { ?s rdfs:label ?l }"));
        // Empty paths between two variables, or at a graph's name, match nodes of the meta graph.
        assert!(!reads_none("SELECT * { ?s ag:partOf* ?o }"));
        assert!(!reads_none("SELECT * { ?s ag:partOf? ?o }"));
        assert!(!reads_none("SELECT * { ?s (ag:partOf*)+ ?o }"));
        assert!(!reads_none(
            "SELECT * { <https://w3id.org/actorgraph/graph/bundled/data/entities.ttl> ag:partOf* ?o }"
        ));
        assert!(!reads_none("SELECT * { ?s ag:partOf* \"1\" }"));
        // EXISTS in an aggregate or an ORDER BY reads the default graph too.
        assert!(!reads_none("SELECT (MAX(EXISTS { ?s ?p ?o }) AS ?x) WHERE { ?a rdfs:label ?b }"));
        assert!(!reads_none("SELECT ?a WHERE { ?a rdfs:label ?b } ORDER BY (EXISTS { ?a ?p ?o })"));
    }
}
