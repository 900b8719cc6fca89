//! Parameters bound in a parsed query, for the embedded store and endpoints alike: each value
//! a one-row `VALUES` block joined into the pattern where the variable is used, never text
//! spliced into the query. The engine's planner then sees the value as data: a pre-bound
//! variable (Oxigraph's substitution) is invisible to it and can cost a whole-store scan.

use oxigraph::model::{Term, Variable};
use spargebra::algebra::{Expression, GraphPattern};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern};
use spargebra::{Query, SparqlParser};

use super::vocab;

/// Why a parameter cannot be bound.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// The query does not select the variable (a SELECT) or does not use it (other forms).
    #[error("the query has no ?{} to bind", .0.as_str())]
    NotInQuery(Variable),
    /// A blank node: `VALUES` holds only IRIs and literals.
    #[error("?{}: only IRIs and literals can be bound", .0.as_str())]
    BlankNode(Variable),
    /// The same variable bound twice.
    #[error("?{} is given more than one value", .0.as_str())]
    Repeated(Variable),
}

/// A SPARQL parser knowing actorgraph's prefixes.
pub fn parser() -> SparqlParser {
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in vocab::PREFIXES {
        parser = parser.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
    }
    parser
}

/// The query with each variable bound to its term. The value goes under the solution modifiers,
/// the projection and a grouping by the variable, then down the pattern to every place that uses
/// the variable: both branches of a union, the inner pattern of a filter, a `BIND` or a `GRAPH`,
/// the left of an `OPTIONAL` or `MINUS` and their other side too when it names the variable, a
/// subquery that selects it (under its own modifiers). Filters and expressions there see the
/// value, as they would a pre-bound variable. A SELECT or DESCRIBE must select the variable; an
/// ASK must use it; a CONSTRUCT must use it in its pattern or its template.
pub fn bind(query: &Query, bindings: &[(Variable, Term)]) -> Result<Query, BindError> {
    if let Some(variable) = repeated(bindings) {
        return Err(BindError::Repeated(variable.clone()));
    }
    let mut query = query.clone();
    for (variable, term) in bindings {
        let value = match term {
            Term::NamedNode(n) => GroundTerm::NamedNode(n.clone()),
            Term::Literal(l) => GroundTerm::Literal(l.clone()),
            #[allow(unreachable_patterns)]
            _ => return Err(BindError::BlankNode(variable.clone())),
        };
        let (pattern, used) = match &mut query {
            Query::Select { pattern, .. } | Query::Describe { pattern, .. } => {
                let used = selects(pattern, variable);
                (pattern, used)
            }
            Query::Ask { pattern, .. } => {
                let used = mentions(below_modifiers(pattern), variable);
                (pattern, used)
            }
            Query::Construct { template, pattern, .. } => {
                let in_template = template.iter().any(|t| {
                    [&t.subject, &t.object].into_iter().any(|e| matches!(e, TermPattern::Variable(v) if v == variable))
                        || matches!(&t.predicate, NamedNodePattern::Variable(v) if v == variable)
                });
                let used = in_template || mentions(below_modifiers(pattern), variable);
                (pattern, used)
            }
        };
        if !used {
            return Err(BindError::NotInQuery(variable.clone()));
        }
        let taken = std::mem::replace(pattern, GraphPattern::Bgp { patterns: Vec::new() });
        *pattern = under_modifiers(taken, variable, &value);
    }
    Ok(query)
}

/// The first variable given a value more than once.
pub fn repeated(bindings: &[(Variable, Term)]) -> Option<&Variable> {
    let mut seen = std::collections::HashSet::new();
    bindings.iter().map(|(variable, _)| variable).find(|variable| !seen.insert(*variable))
}

/// Whether a SELECT's pattern selects the variable.
fn selects(pattern: &GraphPattern, variable: &Variable) -> bool {
    match pattern {
        GraphPattern::Project { variables, .. } => variables.contains(variable),
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. } => selects(inner, variable),
        other => {
            let mut found = false;
            other.on_in_scope_variable(|v| found |= v == variable);
            found
        }
    }
}

/// The pattern under the query's own modifiers and projection (an ASK has one too).
fn below_modifiers(pattern: &GraphPattern) -> &GraphPattern {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. } => below_modifiers(inner),
        other => other,
    }
}

/// The query's own modifiers, projection, grouping and `HAVING` kept above the value.
fn under_modifiers(pattern: GraphPattern, variable: &Variable, value: &GroundTerm) -> GraphPattern {
    let under = |inner: Box<GraphPattern>| Box::new(under_modifiers(*inner, variable, value));
    match pattern {
        GraphPattern::Slice { inner, start, length } => GraphPattern::Slice { inner: under(inner), start, length },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct { inner: under(inner) },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced { inner: under(inner) },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy { inner: under(inner), expression },
        GraphPattern::Project { inner, variables } => GraphPattern::Project { inner: under(inner), variables },
        // SELECT expressions and HAVING over a group: the value goes under them when they do
        // not compute the variable themselves.
        GraphPattern::Extend { inner, variable: bound, expression } if bound != *variable && over_group(&inner) => {
            GraphPattern::Extend { inner: under(inner), variable: bound, expression }
        }
        GraphPattern::Filter { expr, inner } if over_group(&inner) => {
            GraphPattern::Filter { expr, inner: under(inner) }
        }
        GraphPattern::Group { inner, variables, aggregates } if variables.contains(variable) => {
            GraphPattern::Group { inner: Box::new(into_pattern(*inner, variable, value)), variables, aggregates }
        }
        GraphPattern::Group { .. } => joined(pattern, variable, value),
        other => into_pattern(other, variable, value),
    }
}

/// Whether a pattern is a grouping under SELECT expressions and HAVING.
fn over_group(pattern: &GraphPattern) -> bool {
    match pattern {
        GraphPattern::Group { .. } => true,
        GraphPattern::Extend { inner, .. } | GraphPattern::Filter { inner, .. } => over_group(inner),
        _ => false,
    }
}

/// A pattern whose answers are those of `pattern` joined with the value, the value placed
/// where the pattern uses the variable.
fn into_pattern(pattern: GraphPattern, variable: &Variable, value: &GroundTerm) -> GraphPattern {
    let into = |inner: Box<GraphPattern>| Box::new(into_pattern(*inner, variable, value));
    let where_named = |side: Box<GraphPattern>| match mentions(&side, variable) {
        true => into(side),
        false => side,
    };
    match pattern {
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter { expr, inner: into(inner) },
        GraphPattern::Extend { inner, variable: bound, expression } if bound != *variable => {
            GraphPattern::Extend { inner: into(inner), variable: bound, expression }
        }
        GraphPattern::Graph { name, inner } if !matches!(&name, NamedNodePattern::Variable(v) if v == variable) => {
            GraphPattern::Graph { name, inner: into(inner) }
        }
        GraphPattern::Union { left, right } => GraphPattern::Union { left: into(left), right: into(right) },
        // A variable the optional part binds or tests must hold the value there too; joining
        // it there changes nothing else, the left side holding it already.
        GraphPattern::LeftJoin { left, right, expression } => {
            GraphPattern::LeftJoin { left: into(left), right: where_named(right), expression }
        }
        GraphPattern::Minus { left, right } => GraphPattern::Minus { left: into(left), right: where_named(right) },
        // A subquery selecting the variable takes it under its own modifiers, as a pre-bound
        // variable would reach it: before its grouping, ordering and limit.
        GraphPattern::Project { .. }
        | GraphPattern::Slice { .. }
        | GraphPattern::Distinct { .. }
        | GraphPattern::Reduced { .. }
            if selects(&pattern, variable) =>
        {
            under_modifiers(pattern, variable, value)
        }
        GraphPattern::Join { left, right } => match (mentions(&left, variable), mentions(&right, variable)) {
            (_, false) => GraphPattern::Join { left: into(left), right },
            (false, true) => GraphPattern::Join { left, right: into(right) },
            (true, true) => GraphPattern::Join { left: into(left), right: into(right) },
        },
        other => joined(other, variable, value),
    }
}

/// `VALUES ?variable { value }` joined with the pattern.
fn joined(pattern: GraphPattern, variable: &Variable, value: &GroundTerm) -> GraphPattern {
    GraphPattern::Join {
        left: Box::new(GraphPattern::Values {
            variables: vec![variable.clone()],
            bindings: vec![vec![Some(value.clone())]],
        }),
        right: Box::new(pattern),
    }
}

/// Whether the pattern names the variable anywhere: a triple, a path, a graph, values, an
/// expression, a subquery's selection.
fn mentions(pattern: &GraphPattern, variable: &Variable) -> bool {
    let term = |t: &TermPattern| matches!(t, TermPattern::Variable(v) if v == variable);
    let name = |n: &NamedNodePattern| matches!(n, NamedNodePattern::Variable(v) if v == variable);
    match pattern {
        GraphPattern::Bgp { patterns } => {
            patterns.iter().any(|t| term(&t.subject) || name(&t.predicate) || term(&t.object))
        }
        GraphPattern::Path { subject, object, .. } => term(subject) || term(object),
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => mentions(left, variable) || mentions(right, variable),
        GraphPattern::LeftJoin { left, right, expression } => {
            mentions(left, variable)
                || mentions(right, variable)
                || expression.as_ref().is_some_and(|e| in_expression(e, variable))
        }
        GraphPattern::Filter { expr, inner } => in_expression(expr, variable) || mentions(inner, variable),
        GraphPattern::Graph { name: graph, inner } => name(graph) || mentions(inner, variable),
        GraphPattern::Extend { inner, variable: bound, expression } => {
            bound == variable || in_expression(expression, variable) || mentions(inner, variable)
        }
        GraphPattern::Values { variables, .. } => variables.contains(variable),
        GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => mentions(inner, variable),
        // A subquery is seen from outside through what it selects; a grouping through its keys
        // and what it computes.
        GraphPattern::Project { variables, .. } => variables.contains(variable),
        GraphPattern::Group { variables, aggregates, .. } => {
            variables.contains(variable) || aggregates.iter().any(|(v, _)| v == variable)
        }
        GraphPattern::Service { name: service, inner, .. } => name(service) || mentions(inner, variable),
        #[allow(unreachable_patterns)]
        _ => true,
    }
}

fn in_expression(expression: &Expression, variable: &Variable) -> bool {
    match expression {
        Expression::Variable(v) | Expression::Bound(v) => v == variable,
        Expression::Exists(pattern) => mentions(pattern, variable),
        other => operands(other).into_iter().any(|e| in_expression(e, variable)),
    }
}

/// The expressions an expression applies its operator or function to; none for a term, a
/// variable, `BOUND` and `EXISTS` (whose pattern is not an expression).
pub fn operands(expression: &Expression) -> Vec<&Expression> {
    match expression {
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_)
        | Expression::Exists(_) => Vec::new(),
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => vec![a, b],
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => vec![a],
        Expression::In(a, list) => std::iter::once(&**a).chain(list).collect(),
        Expression::If(a, b, c) => vec![a, b, c],
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => list.iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn bound(text: &str, name: &str, term: Term) -> Result<String, BindError> {
        let query = parser().parse_query(text).unwrap();
        bind(&query, &[(Variable::new_unchecked(name), term)]).map(|q| q.to_string())
    }

    fn iri() -> Term {
        NamedNode::new_unchecked("http://e.org/a").into()
    }

    #[test]
    fn parameters_are_values_in_the_pattern_never_text() {
        let text = bound("SELECT ?x ?y WHERE { ?x ?p ?y } ORDER BY ?y LIMIT 3", "x", iri()).unwrap();
        assert!(text.contains("VALUES ( ?x ) { ( <http://e.org/a> )"), "{text}");
        assert!(text.contains("LIMIT 3"), "{text}");
        let sneaky = "\" } } DROP ALL ; SELECT * { \"";
        let text = bound("SELECT ?x WHERE { ?s ?p ?x }", "x", Literal::new_simple_literal(sneaky).into()).unwrap();
        let reparsed = parser().parse_query(&text).unwrap();
        assert!(matches!(reparsed, Query::Select { .. }));
        assert!(text.contains(r#"\" } } DROP ALL"#), "{text}");
    }

    #[test]
    fn a_select_must_select_what_it_binds() {
        let error = bound("SELECT ?y WHERE { ?x ?p ?y }", "x", iri());
        assert!(matches!(error, Err(BindError::NotInQuery(_))));
        assert!(bound("ASK { ?x ?p ?y }", "x", iri()).is_ok());
        assert!(bound("ASK { ?x ?p ?y FILTER(?y != ?z) }", "z", iri()).is_ok());
        assert!(bound("ASK { ?x ?p ?y }", "z", iri()).is_err());
        assert!(bound("DESCRIBE ?x", "x", iri()).is_ok());
        assert!(bound("CONSTRUCT { ?s <http://e.org/p> ?x } WHERE { ?s a ?c }", "x", iri()).is_ok());
        assert!(bound("CONSTRUCT { ?s <http://e.org/p> ?o } WHERE { ?s a ?c }", "x", iri()).is_err());
    }

    #[test]
    fn a_variable_bound_twice_is_refused() {
        let query = parser().parse_query("SELECT ?x WHERE { ?x ?p ?o }").unwrap();
        let x = Variable::new_unchecked("x");
        let error = bind(&query, &[(x.clone(), iri()), (x, Literal::from(1).into())]);
        assert!(matches!(error, Err(BindError::Repeated(_))), "{error:?}");
    }

    #[test]
    fn grouped_queries_take_the_value_under_the_group() {
        let text = bound("SELECT ?g (COUNT(*) AS ?n) WHERE { ?s ?g ?o } GROUP BY ?g", "g", iri()).unwrap();
        let values = text.find("VALUES").unwrap();
        let group = text.find("GROUP BY").unwrap();
        assert!(values < group, "{text}");
    }

    /// The bound query's pattern in Rust's debug notation.
    fn algebra(text: &str, name: &str) -> String {
        let query = parser().parse_query(text).unwrap();
        match bind(&query, &[(Variable::new_unchecked(name), Literal::from(5).into())]).unwrap() {
            Query::Select { pattern, .. } | Query::Ask { pattern, .. } => format!("{pattern:?}"),
            _ => unreachable!(),
        }
    }

    /// Whether `first` occurs in the text before `then`.
    fn before(text: &str, first: &str, then: &str) -> bool {
        text.find(first).unwrap() < text.find(then).unwrap()
    }

    fn values_count(text: &str) -> usize {
        text.matches("Values {").count()
    }

    #[test]
    fn a_filter_sees_the_value_it_tests() {
        // Joined outside the filter, ?min would be unbound where it is tested.
        let query = parser().parse_query("SELECT ?s ?min WHERE { ?s ?p ?o FILTER(?o > ?min) }").unwrap();
        let bound = bind(&query, &[(Variable::new_unchecked("min"), Literal::from(5).into())]).unwrap();
        let Query::Select { pattern, .. } = bound else { unreachable!() };
        let GraphPattern::Project { inner, .. } = pattern else { panic!("{pattern:?}") };
        let GraphPattern::Filter { inner, .. } = *inner else { panic!("{inner:?}") };
        assert!(matches!(*inner, GraphPattern::Join { .. }), "{inner:?}");
    }

    #[test]
    fn both_branches_of_a_union_and_a_naming_optional_take_the_value() {
        let union = algebra("SELECT ?x WHERE { { ?x <http://e.org/p> ?y } UNION { ?y <http://e.org/q> ?z } }", "x");
        assert_eq!(values_count(&union), 2, "{union}");
        let optional = algebra("SELECT ?x WHERE { ?s <http://e.org/p> ?o OPTIONAL { ?o <http://e.org/q> ?x } }", "x");
        assert_eq!(values_count(&optional), 2, "{optional}");
        let unnamed = algebra("SELECT ?x WHERE { ?x <http://e.org/p> ?o OPTIONAL { ?o <http://e.org/q> ?z } }", "x");
        assert_eq!(values_count(&unnamed), 1, "{unnamed}");
        let minus = algebra(
            "SELECT ?x ?s WHERE { ?s <http://e.org/p> ?x MINUS { ?s <http://e.org/q> ?z FILTER(?z = ?x) } }",
            "x",
        );
        assert_eq!(values_count(&minus), 2, "{minus}");
    }

    #[test]
    fn a_subquery_selecting_the_variable_takes_it_before_its_limit() {
        let text = algebra(
            "SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?x <http://e.org/p> ?o } GROUP BY ?x ORDER BY DESC(?n) LIMIT 5 } }",
            "x",
        );
        assert_eq!(values_count(&text), 1, "{text}");
        assert!(before(&text, "Slice", "Values {"), "{text}");
    }

    #[test]
    fn having_keeps_the_value_under_the_group() {
        let text = algebra(
            "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x <http://e.org/p> ?o } GROUP BY ?x HAVING(COUNT(*) > 1)",
            "x",
        );
        assert!(before(&text, "Group {", "Values {"), "{text}");
    }

    #[test]
    fn a_subquery_keeps_its_own_scope() {
        let text = algebra(
            "SELECT ?x ?n WHERE { ?x <http://e.org/p> ?o { SELECT ?o (COUNT(?x) AS ?n) WHERE { ?o <http://e.org/q> ?x } GROUP BY ?o } }",
            "x",
        );
        assert_eq!(values_count(&text), 1, "{text}");
        let subquery = text.match_indices("Project {").nth(1).unwrap().0;
        assert!(text.find("Values {").unwrap() < subquery, "{text}");
    }
}
